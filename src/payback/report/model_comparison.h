#pragma once

#include <vector>

#include "payback/report.h"
#include "payback/report/report_inputs.h"
#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// The request's report under every attribution model of the registry, side by side
/// (conversions and revenue per campaign and in the tiles). Each column is exactly what
/// `payback report --model M` gives. `custom_position` is included only when the definition has
/// position weights (it has no default); `request.model` is ignored. Rows: every campaign any
/// model reports, ordered by conversions under the definition's own model (descending), then
/// campaign_id. Errors as BuildReport's.
Result<ModelComparison> BuildModelComparison(const ReportRequest& request,
                                             const ReportInputs& inputs, const Settings& settings);

}  // namespace payback
