#include "payback/report/time_series.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "payback/common/time.h"
#include "payback/report/report_builder.h"
#include "payback/store/event_store.h"

namespace payback {
namespace {

/// Days since 1970-01-01 of the local day that starts the bucket holding local day `day`.
int32_t BucketFirstDay(int32_t day, TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kDay:
      return day;
    case TimeBucket::kWeek: {
      const int32_t weekday = ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; Monday = 0
      return day - weekday;
    }
    case TimeBucket::kMonth: {
      const CivilDate date = CivilFromDays(day);
      return DaysFromCivil(date.year, date.month, 1);
    }
  }
  return day;
}

/// The first local day of the bucket after the one starting at `first_day`.
int32_t NextBucketFirstDay(int32_t first_day, TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kDay:
      return first_day + 1;
    case TimeBucket::kWeek:
      return first_day + 7;
    case TimeBucket::kMonth: {
      const CivilDate date = CivilFromDays(first_day);
      return date.month == 12 ? DaysFromCivil(date.year + 1, 1, 1)
                              : DaysFromCivil(date.year, date.month + 1, 1);
    }
  }
  return first_day + 1;
}

}  // namespace

std::optional<TimeBucket> ParseTimeBucket(std::string_view name) {
  for (const TimeBucket bucket : {TimeBucket::kDay, TimeBucket::kWeek, TimeBucket::kMonth}) {
    if (TimeBucketName(bucket) == name) return bucket;
  }
  return std::nullopt;
}

std::string_view TimeBucketName(TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kDay:
      return "day";
    case TimeBucket::kWeek:
      return "week";
    case TimeBucket::kMonth:
      return "month";
  }
  return "day";
}

Result<std::vector<std::pair<TimestampUs, TimestampUs>>> BucketPeriods(const ReportRequest& request,
                                                                       const EventStore& store,
                                                                       TimeBucket bucket,
                                                                       const TimeZone& tz) {
  std::vector<std::pair<TimestampUs, TimestampUs>> periods;
  const std::optional<std::pair<TimestampUs, TimestampUs>> span = EventSpan(store);
  if (span || (request.from && request.to)) {
    const TimestampUs from = request.from.value_or(span ? span->first : 0);
    const TimestampUs to = request.to.value_or(span ? span->second + 1 : 0);
    for (int32_t day = BucketFirstDay(LocalDay(from, tz), bucket); from < to;) {
      const int32_t next = NextBucketFirstDay(day, bucket);
      const TimestampUs start = std::max(from, LocalDayStart(day, tz));
      const TimestampUs end = std::min(to, LocalDayStart(next, tz));
      if (start >= to) break;
      if (start < end) periods.emplace_back(start, end);
      if (periods.size() > kMaxTimeBuckets) {
        return Status::Usage(fmt::format(
            "the period holds more than {} {} buckets: choose a shorter period or a wider bucket",
            kMaxTimeBuckets, TimeBucketName(bucket)));
      }
      day = next;
    }
  }
  return periods;
}

Result<TimeSeries> BuildTimeSeries(const ReportRequest& request, TimeBucket bucket,
                                   const ReportInputs& inputs, const Settings& settings) {
  PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(settings.timezone));
  TimeSeries series;
  series.bucket = bucket;
  series.timezone = settings.timezone;
  // The series' header comes from a report: the first bucket's, so that no extra scan is
  // needed, or, without buckets, the whole period's (which also reports a bad request).
  auto take_header = [&series](const Report& report) {
    series.conversion = report.conversion;
    series.model = report.model;
    series.currency = report.currency;
    series.currency_digits = report.currency_digits;
    series.has_revenue = report.has_revenue;
    series.has_cost = report.has_cost;
    series.has_snapshots = report.has_snapshots;
    series.has_bank_metrics = report.has_bank_metrics;
    series.custom_metrics = report.custom_metrics;
  };

  PAYBACK_ASSIGN_OR_RETURN(const auto periods, BucketPeriods(request, inputs.store, bucket, tz));
  if (periods.empty()) {
    PAYBACK_ASSIGN_OR_RETURN(const Report whole, BuildReport(request, inputs, settings));
    take_header(whole);
    return series;
  }
  ReportRequest bucket_request = request;
  for (const auto& [start, end] : periods) {
    bucket_request.from = start;
    bucket_request.to = end;
    PAYBACK_ASSIGN_OR_RETURN(const Report report, BuildReport(bucket_request, inputs, settings));
    if (series.points.empty()) take_header(report);
    series.points.push_back(TimeSeriesPoint{start, end, report.tiles, report.tiles_custom,
                                            report.unattributed_conversions});
  }
  return series;
}

}  // namespace payback
