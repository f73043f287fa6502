#pragma once

#include <vector>

#include "payback/report.h"
#include "payback/report/report_inputs.h"
#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// Computes a report (metrics.md) from the events, the campaign catalog, the agents'
/// timesheets and the settings; costs per docs/costs.md.
/// One pass over the events, users split over the machine's cores; every user's events are
/// walked in time order for the engagement counts, the exact distinct messages and the
/// attribution. kNotFound for an unknown conversion name, kInvalidInput when the workspace has
/// no conversion definition, kUsage for an unknown model or sort metric. Thread-safe (reads
/// only its inputs).
Result<Report> BuildReport(const ReportRequest& request, const ReportInputs& inputs,
                           const Settings& settings);

/// The metric names a report can be sorted by (metrics.md's per-campaign table plus the
/// campaign's own columns: campaign_id, name, status, created_by, channel).
const std::vector<std::string>& SortableMetrics();

/// The conversion definition a request names: the first when `name` is empty.
Result<const ConversionDefinition*> FindConversion(const Settings& settings,
                                                   const std::string& name);

}  // namespace payback
