#include "payback/report/local_days.h"

#include <algorithm>
#include <functional>

#include "payback/common/assert.h"

namespace payback {

LocalDays::LocalDays(int32_t first_day, uint32_t count, const TimeZone& tz)
    : first_day_(first_day), count_(count) {
  PAYBACK_ASSERT(count >= 1);
  starts_.reserve(static_cast<size_t>(count) + 1);
  TimeZone zone = tz;  // a copy: look-ups cache in the zone
  for (uint32_t index = 0; index <= count; ++index) {
    starts_.push_back(LocalDayStart(first_day + static_cast<int32_t>(index), zone));
  }
}

std::optional<LocalDays> LocalDays::Covering(TimestampUs first_ts, TimestampUs last_ts,
                                             const TimeZone& tz, uint32_t max_days) {
  if (last_ts < first_ts) return std::nullopt;
  TimeZone zone = tz;
  const int32_t first_day = LocalDay(first_ts, zone);
  const int64_t count = static_cast<int64_t>(LocalDay(last_ts, zone)) - first_day + 1;
  if (count < 1 || count > max_days) return std::nullopt;
  return LocalDays(first_day, static_cast<uint32_t>(count), zone);
}

std::optional<LocalDays> LocalDays::FromStarts(int32_t first_day, std::vector<TimestampUs> starts) {
  if (starts.size() < 2 || starts.size() - 1 > UINT32_MAX ||
      !std::is_sorted(starts.begin(), starts.end(), std::less_equal<>())) {
    return std::nullopt;
  }
  LocalDays days;
  days.first_day_ = first_day;
  days.count_ = static_cast<uint32_t>(starts.size() - 1);
  days.starts_ = std::move(starts);
  return days;
}

bool LocalDays::RangeOf(std::optional<TimestampUs> from, std::optional<TimestampUs> to,
                        const TimeZone& tz, std::optional<DayRange>& range) const {
  if (!by_day()) return false;
  if ((from && !IsLocalMidnight(*from, tz)) || (to && !IsLocalMidnight(*to, tz))) return false;
  // Days whose start lies in [from, to): a day starting at or after `from` and before `to`.
  const auto begin_day =
      from ? std::lower_bound(starts_.begin(), starts_.end() - 1, *from) : starts_.begin();
  const auto end_day =
      to ? std::lower_bound(starts_.begin(), starts_.end() - 1, *to) : starts_.end() - 1;
  range.reset();
  if (begin_day < end_day) {
    range = DayRange{static_cast<uint32_t>(begin_day - starts_.begin()),
                     static_cast<uint32_t>(end_day - starts_.begin() - 1)};
  }
  return true;
}

bool IsLocalMidnight(TimestampUs ts, const TimeZone& tz) {
  return LocalDayStart(LocalDay(ts, tz), tz) == ts;
}

}  // namespace payback
