#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "payback/common/time.h"

namespace payback {

/// How an interval covers the local days of a time zone: a count of whole days plus the
/// days it cuts (at most two, at its ends), each with the part inside and the day's length.
/// Amortized amounts are spread per day, so a 23-hour DST day counts as one day.
struct DayCoverage {
  struct CutDay {
    TimestampUs inside = 0;  ///< microseconds of the day inside the interval
    TimestampUs length = 0;  ///< the day's length in microseconds
  };
  int64_t whole_days = 0;
  std::vector<CutDay> cut_days;
};

/// The coverage of [from, to) in `tz`; empty when from >= to. O(1) time-zone look-ups.
DayCoverage CoverDays(TimestampUs from, TimestampUs to, const TimeZone& tz);

/// Sums an amount spread per day, `per_day_numerator / denominator` a day, over coverages,
/// exactly: numerators are kept per day length (a whole day counts as one 24-hour day, a cut
/// day for inside / length of its own length), and each group is divided and rounded once at
/// the end, so a period without cut DST days is rounded exactly once. 1e-12 units in, out.
class DaySpreadSum {
 public:
  explicit DaySpreadSum(__int128 denominator) : denominator_(denominator) {}
  void Add(const DayCoverage& coverage, __int128 per_day_numerator);
  /// The sum, rounded half away from zero once per distinct day length.
  __int128 Rounded() const;

 private:
  __int128 denominator_;
  std::vector<std::pair<TimestampUs, __int128>> numerators_;  ///< (day length, numerator)
};

}  // namespace payback
