#include "payback/server/report_query.h"

#include <fmt/format.h>

#include <algorithm>

#include "payback/common/text.h"

namespace payback {
namespace {

Result<bool> ParseFlag(const std::string& name, const std::string& value) {
  if (value == "true" || value == "1" || value.empty()) return true;
  if (value == "false" || value == "0") return false;
  return Status::Usage(
      fmt::format("{}: expected true or false, got {}", name, QuoteForMessage(value)));
}

}  // namespace

Result<ReportRequest> ParseReportQuery(const QueryParams& params, const TimeZone& tz,
                                       const std::vector<std::string>& allowed_extra) {
  ReportRequest request;
  bool sort_given = false;
  bool descending = false;
  for (const auto& [name, value] : params) {
    CampaignFilter& filter = request.filter;
    if (name == "conversion") {
      request.conversion = value;
    } else if (name == "model") {
      request.model = value;
    } else if (name == "from" || name == "to" || name == "settings_as_of") {
      PAYBACK_ASSIGN_OR_RETURN(const std::optional<TimestampUs> ts,
                               ParseTimeBound(value, tz, name));
      std::optional<TimestampUs>& target = name == "from" ? request.from
                                           : name == "to" ? request.to
                                                          : request.settings_as_of;
      if (ts) target = ts;
    } else if (name == "label") {
      filter.labels.push_back(value);
    } else if (name == "channel") {
      filter.channels.push_back(value);
    } else if (name == "created_by") {
      filter.created_by.push_back(value);
    } else if (name == "status") {
      filter.statuses.push_back(value);
    } else if (name == "delivery_type") {
      filter.delivery_types.push_back(value);
    } else if (name == "campaign") {
      filter.campaign_ids.push_back(value);
    } else if (name == "sort") {
      request.sort_metric = value;
      sort_given = true;
    } else if (name == "desc") {
      PAYBACK_ASSIGN_OR_RETURN(descending, ParseFlag(name, value));
    } else if (std::find(allowed_extra.begin(), allowed_extra.end(), name) == allowed_extra.end()) {
      return Status::Usage(fmt::format("unknown parameter {}", QuoteForMessage(name)));
    }
  }
  // As on the command line: the default order is conversions, descending; an explicit sort is
  // ascending unless desc is given.
  if (sort_given) request.descending = descending;
  return request;
}

}  // namespace payback
