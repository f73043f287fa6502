#pragma once

#include <cstdint>
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

}  // namespace payback
