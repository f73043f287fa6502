#include "payback/cost/day_coverage.h"

#include "payback/common/money.h"

namespace payback {

DayCoverage CoverDays(TimestampUs from, TimestampUs to, const TimeZone& tz) {
  DayCoverage coverage;
  if (from >= to) return coverage;
  const int32_t first_day = LocalDay(from, tz);
  const int32_t last_day = LocalDay(to - 1, tz);
  auto add_day = [&](int32_t day, TimestampUs lower, TimestampUs upper) {
    const TimestampUs day_start = LocalDayStart(day, tz);
    const TimestampUs day_end = LocalDayStart(day + 1, tz);
    const TimestampUs inside_start = lower > day_start ? lower : day_start;
    const TimestampUs inside_end = upper < day_end ? upper : day_end;
    if (inside_start == day_start && inside_end == day_end) {
      ++coverage.whole_days;
    } else if (inside_start < inside_end) {
      coverage.cut_days.push_back(
          DayCoverage::CutDay{inside_end - inside_start, day_end - day_start});
    }
  };
  add_day(first_day, from, to);
  if (last_day > first_day) {
    coverage.whole_days += last_day - first_day - 1;
    add_day(last_day, from, to);
  }
  return coverage;
}

void DaySpreadSum::Add(const DayCoverage& coverage, __int128 per_day_numerator) {
  auto add = [&](TimestampUs length, __int128 numerator) {
    for (auto& [group_length, sum] : numerators_) {
      if (group_length == length) {
        sum += numerator;
        return;
      }
    }
    numerators_.emplace_back(length, numerator);
  };
  if (coverage.whole_days > 0) {
    add(kMicrosPerDay, per_day_numerator * kMicrosPerDay * coverage.whole_days);
  }
  for (const DayCoverage::CutDay& day : coverage.cut_days) {
    add(day.length, per_day_numerator * day.inside);
  }
}

__int128 DaySpreadSum::Rounded() const {
  __int128 total = 0;
  for (const auto& [length, numerator] : numerators_) {
    total += DivideRounded(numerator, denominator_ * length);
  }
  return total;
}

}  // namespace payback
