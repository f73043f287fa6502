#pragma once

#include <array>
#include <cstdint>

#include "payback/generate/random.h"

namespace payback::generate {

// Calendar of the synthetic data sets: UTC days since 1970-01-01 (Howard Hinnant's civil
// algorithms) and the New York local hours the accounts live by.

inline constexpr int64_t kSecondsPerMinute = 60;
inline constexpr int64_t kSecondsPerHour = 3600;
inline constexpr int64_t kSecondsPerDay = 86400;

constexpr int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  int64_t year;
  int64_t month;
  int64_t day;
};

constexpr CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

/// Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
constexpr int64_t Weekday(int64_t days) { return ((days % 7) + 7 + 3) % 7; }

/// The n-th (1-based) Sunday of a month.
inline int64_t NthSunday(int64_t year, int64_t month, int64_t n) {
  const int64_t first = DaysFromCivil(year, month, 1);
  const int64_t to_sunday = (6 - Weekday(first) + 7) % 7;
  return first + to_sunday + 7 * (n - 1);
}

/// Hours to add to New York local time to get UTC on a day (US rule since 2007, switching at
/// the day's start: an hour off on two nights a year is no matter for synthetic data).
inline int64_t NewYorkToUtcHours(int64_t day) {
  const int64_t year = CivilFromDays(day).year;
  const bool dst = day >= NthSunday(year, 3, 2) && day < NthSunday(year, 11, 1);
  return dst ? 4 : 5;
}

/// The UTC second of a New York local time of day (seconds since local midnight) on `day`.
inline int64_t NewYorkLocalToUtc(int64_t day, int64_t local_second) {
  return day * kSecondsPerDay + NewYorkToUtcHours(day) * kSecondsPerHour + local_second;
}

/// Activity by local hour of day (New York), for app launches, purchases and triggered messages.
inline constexpr std::array<int, 24> kHourWeights = {3,  2,  1,  1,  1,  2,  4,  7,  10, 11, 11, 12,
                                                     13, 12, 11, 11, 12, 14, 16, 17, 17, 14, 10, 6};

/// A UTC second on `day` whose New York local hour follows kHourWeights.
inline int64_t ActiveSecondOfDay(Rng& rng, int64_t day) {
  const int64_t local_hour = static_cast<int64_t>(PickWeighted(rng, kHourWeights));
  const int64_t utc_hour = (local_hour + NewYorkToUtcHours(day)) % 24;
  return day * kSecondsPerDay + utc_hour * kSecondsPerHour +
         static_cast<int64_t>(rng.Below(kSecondsPerHour));
}

/// The days of a data set: [first_day, end_day), UTC days since 1970-01-01.
struct Span {
  int64_t first_day = 0;
  int64_t end_day = 0;

  int64_t days() const { return end_day - first_day; }
  int64_t start_s() const { return first_day * kSecondsPerDay; }
  int64_t end_s() const { return end_day * kSecondsPerDay; }
  /// The first day of the calendar month of the data's last day: the "current month" of
  /// the data, which targets are set for.
  int64_t LastMonthStart() const {
    const CivilDate last = CivilFromDays(end_day - 1);
    return DaysFromCivil(last.year, last.month, 1);
  }
  /// The number of days of the month that starts on `month_start`.
  static int64_t MonthLength(int64_t month_start) {
    const CivilDate date = CivilFromDays(month_start);
    return date.month == 12 ? DaysFromCivil(date.year + 1, 1, 1) - month_start
                            : DaysFromCivil(date.year, date.month + 1, 1) - month_start;
  }
};

}  // namespace payback::generate
