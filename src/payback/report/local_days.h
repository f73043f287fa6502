#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "payback/common/time.h"
#include "payback/types.h"

namespace payback {

/// A range of day indexes of a LocalDays, both ends included.
struct DayRange {
  uint32_t first = 0;
  uint32_t last = 0;
};

/// The local days a scan records its metrics by (the cube's day axis): either every local day
/// of `tz` from the first event's to the last event's, or a single "day" that stands for the
/// whole period a scan was asked for. Maps an instant to its day's index without a time-zone
/// look-up (the days' UTC starts are computed once, DST included). Immutable; thread-safe.
class LocalDays {
 public:
  /// One day that holds everything: IndexOf is always 0.
  LocalDays() = default;

  /// The local days [first_day, first_day + count) of `tz` (days since 1970-01-01); count >= 1.
  LocalDays(int32_t first_day, uint32_t count, const TimeZone& tz);

  /// The days of the events of `ts`, in `tz`; nullopt when there are none or when they would
  /// span more than `max_days` days.
  static std::optional<LocalDays> Covering(TimestampUs first_ts, TimestampUs last_ts,
                                           const TimeZone& tz, uint32_t max_days);

  /// Days by_day() as their UTC starts (`starts`, count + 1 increasing instants, as starts()
  /// gives them) from local day `first_day`: a LocalDays saved without its time zone
  /// (ReportScanFile). nullopt when `starts` are not such instants.
  static std::optional<LocalDays> FromStarts(int32_t first_day, std::vector<TimestampUs> starts);

  uint32_t count() const { return count_; }
  /// The UTC start of each day and the end of the last (by_day(); else empty).
  const std::vector<TimestampUs>& starts() const { return starts_; }
  /// The local day of index 0 (days since 1970-01-01).
  int32_t first_day() const { return first_day_; }
  /// Whether these are real local days (not the single day of one period).
  bool by_day() const { return !starts_.empty(); }
  /// The local day (days since 1970-01-01) of index `index`; only when by_day().
  int32_t DayAt(uint32_t index) const { return first_day_ + static_cast<int32_t>(index); }

  /// The index of the day holding `ts`, which must lie within the days (by_day()), or 0.
  uint32_t IndexOf(TimestampUs ts) const {
    if (starts_.empty()) return 0;
    int64_t guess = (ts - starts_.front()) / kMicrosPerDay;  // off by one at most (DST)
    if (guess < 0) guess = 0;
    if (guess >= static_cast<int64_t>(count_)) guess = count_ - 1;
    auto index = static_cast<uint32_t>(guess);
    while (index > 0 && ts < starts_[index]) --index;
    while (index + 1 < count_ && ts >= starts_[index + 1]) ++index;
    return index;
  }

  /// Whether the period [from, to) (an open end = every day on that side) is made of whole
  /// days: both ends local midnights of `tz` or open, and these days by_day(). If so, `range`
  /// becomes the indexes it covers, or nullopt when it covers none of these days.
  bool RangeOf(std::optional<TimestampUs> from, std::optional<TimestampUs> to, const TimeZone& tz,
               std::optional<DayRange>& range) const;

 private:
  int32_t first_day_ = 0;
  uint32_t count_ = 1;
  std::vector<TimestampUs> starts_;  ///< count_ + 1 UTC instants when by_day()
};

/// Whether `ts` is the start of a local day of `tz` (LocalDayStart of its own day).
bool IsLocalMidnight(TimestampUs ts, const TimeZone& tz);

}  // namespace payback
