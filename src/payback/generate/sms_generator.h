#pragma once

#include "payback/generate/generate.h"

namespace payback {

/// The `sms` preset: an Emotive-like SMS marketing account (seed 003). About 20 campaigns:
/// one-off broadcasts (channel sms, a few mms) and always-on experiences (welcome series,
/// abandoned cart, ...), sent to a subscriber list that grows and loses opt-outs over the span.
///
/// Writes out_dir/campaigns.csv; out_dir/events.csv with `sent` (numeric `segments`: 1 to 3 for
/// SMS, 1 for MMS), `delivered`, `clicked`, inbound `received` replies (`segments`, a `keyword`:
/// replies to a campaign carry its id, STOP and HELP carry none) and `Order Placed` (`amount`);
/// out_dir/settings.yaml: the Purchase conversion (Order Placed, value amount, last click within
/// 5d), the seed's cost lines (SMS and MMS messages, inbound messages, the carrier fee with a
/// price change in the middle of the span, a quarterly platform fee), the custom metric
/// "Cost Efficiency" and revenue and ROI targets for the data's last month, set from the run
/// rate of the data.
///
/// Requires options validated by GenerateDataset and an existing out_dir. kIoError when a file
/// cannot be written. Thread-safe for different out_dir.
Result<GenerateSummary> GenerateSms(const GenerateOptions& options);

}  // namespace payback
