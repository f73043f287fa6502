#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/common/time.h"
#include "payback/report.h"
#include "payback/report/report_inputs.h"
#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// The most buckets one time series may have (about three years of days).
inline constexpr size_t kMaxTimeBuckets = 1200;

/// "day", "week", "month" -> the bucket; nullopt otherwise.
std::optional<TimeBucket> ParseTimeBucket(std::string_view name);
std::string_view TimeBucketName(TimeBucket bucket);

/// The buckets of the request's period, in `tz`: [start, end) per bucket, the first and last
/// clipped to the request's from/to; without from (to), the period starts at the first (ends
/// after the last) event of `store`. Empty for an empty store without both bounds. kUsage when
/// the period holds more than kMaxTimeBuckets buckets.
Result<std::vector<std::pair<TimestampUs, TimestampUs>>> BucketPeriods(const ReportRequest& request,
                                                                       const EventStore& store,
                                                                       TimeBucket bucket,
                                                                       const TimeZone& tz);

/// The report's tiles per `bucket` of the request's period, in the settings' time zone: each
/// point is exactly what BuildReport gives for that bucket's period (clipped to the request's
/// from/to), so every number follows metrics.md as the report does, filters included. Without
/// from (to), the period starts at the first (ends after the last) event of the store.
/// kUsage when the period holds more than kMaxTimeBuckets buckets; BuildReport's errors
/// otherwise. An empty store gives no points.
Result<TimeSeries> BuildTimeSeries(const ReportRequest& request, TimeBucket bucket,
                                   const ReportInputs& inputs, const Settings& settings);

}  // namespace payback
