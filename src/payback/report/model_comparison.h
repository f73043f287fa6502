#pragma once

#include <vector>

#include "payback/campaign.h"
#include "payback/report.h"
#include "payback/settings.h"
#include "payback/status.h"
#include "payback/store/event_store.h"
#include "payback/timesheet.h"

namespace payback {

/// The request's report under every attribution model of the registry, side by side
/// (conversions and revenue per campaign and in the tiles). Each column is exactly what
/// `payback report --model M` gives. `custom_position` is included only when the definition has
/// position weights (it has no default); `request.model` is ignored. Rows: every campaign any
/// model reports, ordered by conversions under the definition's own model (descending), then
/// campaign_id. Errors as BuildReport's.
Result<ModelComparison> BuildModelComparison(const ReportRequest& request, const EventStore& store,
                                             const std::vector<CampaignRecord>& catalog,
                                             const std::vector<TimesheetRecord>& timesheets,
                                             const Settings& settings);

}  // namespace payback
