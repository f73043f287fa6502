#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "payback/campaign.h"
#include "payback/common/time.h"
#include "payback/ingest/event_batch_builder.h"
#include "payback/ingest/input_source.h"
#include "payback/status.h"

namespace payback {

/// The longest influence period a campaign may give (`influence_days`): 100 years, as the
/// settings' longest window.
inline constexpr int64_t kMaxInfluenceDays = 36500;

/// The campaign fields of data.md, in their documented order.
enum class CampaignField : uint8_t {
  kCampaignId,
  kName,
  kStatus,
  kCreatedBy,
  kLabels,
  kJourneyId,
  kChannel,
  kDeliveryType,
  kKind,
  kGoalType,
  kExpenses,
  kPromotedProducts,
  kInfluenceDays,
  kStart,
  kEnd,
};

/// A parsed campaigns file: one record per row, and which fields the file carried, so that an
/// upsert changes only those (re-ingesting `campaign_id,status` updates statuses and keeps
/// the names).
struct ParsedCampaigns {
  std::vector<CampaignRecord> campaigns;
  std::vector<CampaignField> present_fields;
  std::vector<std::string> ignored_columns;  ///< unknown columns, for the one warning line
  std::vector<RejectedRow> rejects;
  int64_t rows_read = 0;
};

/// Parses and validates a campaigns file (data.md, "Campaigns"). Enumerated fields (status,
/// delivery_type, kind, goal_type) are normalised to their lower_snake_case names ("Awaiting
/// Next Run" -> awaiting_next_run) and must be one of the documented values; channel is
/// normalised the same way and may be any word. A campaign_id given twice in one file: the
/// later row wins. Errors as ParseEvents.
Result<ParsedCampaigns> ParseCampaigns(std::string_view data, const TimeZone& tz,
                                       const EventParseOptions& options);

/// Overwrites in `target` the fields listed in `fields` with those of `source`.
void MergeCampaignFields(const CampaignRecord& source, const std::vector<CampaignField>& fields,
                         CampaignRecord& target);

}  // namespace payback
