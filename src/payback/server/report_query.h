#pragma once

#include <string>
#include <utility>
#include <vector>

#include "payback/common/time.h"
#include "payback/report.h"
#include "payback/status.h"

namespace payback {

/// A request's query parameters, in order (a name may repeat).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Parses the report parameters of the API (docs/api.md, "Report"): the CLI's options under the
/// same names without dashes (`conversion`, `model`, `from`, `to`, `label`, `channel`,
/// `created_by`, `status`, `delivery_type`, `campaign`, `sort`, `desc`, `settings_as_of`); filters
/// repeat.
/// `from`/`to` are dates or timestamps in `tz`. `allowed_extra` names parameters another part
/// of the request reads (e.g. `bucket`), which are skipped. kUsage for an unknown parameter or
/// a bad value. Thread-safe.
Result<ReportRequest> ParseReportQuery(const QueryParams& params, const TimeZone& tz,
                                       const std::vector<std::string>& allowed_extra = {});

}  // namespace payback
