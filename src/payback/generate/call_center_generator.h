#pragma once

#include <cstdint>

#include "payback/generate/generate.h"

namespace payback {

/// Contacts in the dial lists per agent of the `call_center` preset: 20,000 contacts give the
/// floor 25 agents.
inline constexpr int64_t kContactsPerAgent = 800;

/// The `call_center` preset: an outbound dialer operation (seed 002). About 8 dialer campaigns
/// (kind dialer, channel call) worked by one agent per kContactsPerAgent contacts (at least 2),
/// Monday to Friday (some agents on Saturdays), with absences, training and new hires.
///
/// Writes out_dir/campaigns.csv; out_dir/events.csv with one `call` event per dial (user_id =
/// the contact, campaign_id, properties agent_id, duration_s and outcome: sale, no_answer,
/// voicemail, callback or not_interested; about 8% of answered calls are sales; a few inbound
/// calls carry no campaign); out_dir/timesheets.csv (agent_id, campaign_id, date, hours: each
/// agent's 6 to 8 paid hours a working day booked to the campaign they dialled most, training
/// hours without a campaign); out_dir/settings.yaml: the Sale conversion (`call` with outcome
/// sale, model direct, a fixed value per sale with a price change in the middle of the span and
/// one campaign's own value), the call, agent-hour and commission cost lines (one campaign pays a
/// share instead of the flat amount), custom metrics and revenue and ROI targets for the data's
/// last month, set from the run rate of the data.
///
/// Requires options validated by GenerateDataset and an existing out_dir. kIoError when a file
/// cannot be written. Thread-safe for different out_dir.
Result<GenerateSummary> GenerateCallCenter(const GenerateOptions& options);

}  // namespace payback
