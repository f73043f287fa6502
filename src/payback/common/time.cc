#include "payback/common/time.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <optional>

#include "payback/common/text.h"

namespace payback {
namespace {

using Micro = std::chrono::microseconds;

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
// Transitions outside (-1e17, 1e17) µs (about years -1200 to 5100) are date's sentinels for
// "no earlier/later period"; lookups are also clamped to this range so that they stay far
// from date's and int64's limits.
constexpr int64_t kFarPastUs = -100'000'000'000'000'000;
constexpr int64_t kFarFutureUs = 100'000'000'000'000'000;
// Unix seconds whose absolute value is above this are milliseconds (data.md).
constexpr int64_t kMillisThreshold = 100'000'000'000;

int64_t SecondsToMicros(date::sys_seconds tp) {
  const int64_t seconds = tp.time_since_epoch().count();
  if (seconds > kInt64Max / kMicrosPerSecond) return kInt64Max;
  if (seconds < kInt64Min / kMicrosPerSecond) return kInt64Min;
  return seconds * kMicrosPerSecond;
}

int64_t OffsetToMicros(std::chrono::seconds offset) { return offset.count() * kMicrosPerSecond; }

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t quotient = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient;
}

constexpr unsigned DaysInMonth(int year, unsigned month) {
  constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// ---- Parsing helpers: hand-written, allocation-free (ingest hot path). ----

inline unsigned DigitValue(char c) { return static_cast<unsigned>(c) - '0'; }

// Two ASCII digits at p[0..1] into *out; false when either is not a digit.
inline bool Parse2Digits(const char* p, unsigned* out) {
  const unsigned tens = DigitValue(p[0]);
  const unsigned ones = DigitValue(p[1]);
  if (tens > 9 || ones > 9) return false;
  *out = tens * 10 + ones;
  return true;
}

bool ParseUnixInteger(std::string_view text, TimestampUs* out) {
  size_t pos = 0;
  const bool negative = text[0] == '-';
  if (negative) pos = 1;
  if (pos == text.size()) return false;
  // Saturate far above any valid value instead of overflowing.
  constexpr int64_t kSaturation = 1'000'000'000'000'000;
  int64_t value = 0;
  for (; pos < text.size(); ++pos) {
    const unsigned digit = DigitValue(text[pos]);
    if (digit > 9) return false;
    if (value < kSaturation) value = value * 10 + digit;
  }
  if (value > kSaturation) return false;
  // value <= 1e15: as milliseconds or seconds it cannot overflow int64 µs.
  int64_t micros = value > kMillisThreshold ? value * 1000 : value * kMicrosPerSecond;
  if (negative) micros = -micros;
  // Years 0000-9999, what the ISO form and FormatUtc cover.
  constexpr int64_t kMinUs = int64_t{-719'528} * kMicrosPerDay;       // 0000-01-01
  constexpr int64_t kMaxUs = int64_t{2'932'897} * kMicrosPerDay - 1;  // 9999-12-31T...
  if (micros < kMinUs || micros > kMaxUs) return false;
  *out = micros;
  return true;
}

/// The day of a valid YYYY-MM-DD at p[0..9], or nullopt. The last date a thread read is kept:
/// the timestamps of a file come in runs of one day, so most are a comparison of 10 bytes.
std::optional<int32_t> ParseIsoDate(const char* p) {
  struct LastDate {
    bool valid = false;
    char text[10] = {};
    int32_t days = 0;
  };
  thread_local LastDate last;
  if (last.valid && std::memcmp(p, last.text, sizeof(last.text)) == 0) return last.days;
  unsigned century = 0;
  unsigned year_in_century = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (!Parse2Digits(p, &century) || !Parse2Digits(p + 2, &year_in_century) || p[4] != '-' ||
      !Parse2Digits(p + 5, &month) || p[7] != '-' || !Parse2Digits(p + 8, &day)) {
    return std::nullopt;
  }
  const int year = static_cast<int>(century * 100 + year_in_century);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  last.valid = true;
  std::memcpy(last.text, p, sizeof(last.text));
  last.days = DaysFromCivil(year, month, day);
  return last.days;
}

bool ParseIso(std::string_view text, const TimeZone& tz, TimestampUs* out) {
  const char* const p = text.data();
  const size_t n = text.size();
  // YYYY-MM-DD (the caller checked n >= 10).
  const std::optional<int32_t> date = ParseIsoDate(p);
  if (!date) return false;
  const int32_t days = *date;
  if (n == 10) {
    *out = LocalDayStart(days, tz);
    return true;
  }
  // THH:MM
  if (n < 16 || (p[10] != 'T' && p[10] != 't' && p[10] != ' ')) return false;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  if (!Parse2Digits(p + 11, &hour) || p[13] != ':' || !Parse2Digits(p + 14, &minute)) {
    return false;
  }
  size_t pos = 16;
  int64_t fraction_us = 0;
  // :SS and .fraction
  if (pos < n && p[pos] == ':') {
    if (pos + 3 > n || !Parse2Digits(p + pos + 1, &second)) return false;
    pos += 3;
    if (pos < n && p[pos] == '.') {
      ++pos;
      const size_t digits_begin = pos;
      while (pos < n && DigitValue(p[pos]) <= 9) {
        // Microseconds kept; digits 7-9 are validated and dropped (truncation).
        if (pos - digits_begin < 6) fraction_us = fraction_us * 10 + DigitValue(p[pos]);
        ++pos;
      }
      const size_t digit_count = pos - digits_begin;
      if (digit_count == 0 || digit_count > 9) return false;
      for (size_t pad = digit_count; pad < 6; ++pad) fraction_us *= 10;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  const int64_t local_us = days * kMicrosPerDay + hour * kMicrosPerHour +
                           minute * kMicrosPerMinute + second * kMicrosPerSecond + fraction_us;
  if (pos == n) {
    *out = tz.LocalToUtc(local_us);
    return true;
  }
  const char designator = p[pos];
  if (designator == 'Z' || designator == 'z') {
    if (pos + 1 != n) return false;
    *out = local_us;
    return true;
  }
  if (designator != '+' && designator != '-') return false;
  // +HH, +HHMM or +HH:MM
  ++pos;
  unsigned offset_hours = 0;
  unsigned offset_minutes = 0;
  if (pos + 2 > n || !Parse2Digits(p + pos, &offset_hours)) return false;
  pos += 2;
  if (pos < n) {
    if (p[pos] == ':') ++pos;
    if (pos + 2 != n || !Parse2Digits(p + pos, &offset_minutes)) return false;
  }
  if (offset_hours > 23 || offset_minutes > 59) return false;
  const int64_t offset_us = offset_hours * kMicrosPerHour + offset_minutes * kMicrosPerMinute;
  *out = designator == '+' ? local_us - offset_us : local_us + offset_us;
  return true;
}

// ---- Formatting helpers. ----

void Append2Digits(std::string& out, unsigned value) {
  out += static_cast<char>('0' + value / 10);
  out += static_cast<char>('0' + value % 10);
}

// `YYYY-MM-DDTHH:MM:SS[.ffffff]` of a wall-clock time in µs since 1970-01-01T00:00.
void AppendDateTime(std::string& out, int64_t wall_us) {
  const int64_t days = FloorDiv(wall_us, kMicrosPerDay);
  const int64_t time_of_day_us = wall_us - days * kMicrosPerDay;
  const CivilDate date = CivilFromDays(static_cast<int32_t>(days));
  if (date.year >= 0 && date.year <= 9999) {
    const auto year = static_cast<unsigned>(date.year);
    Append2Digits(out, year / 100);
    Append2Digits(out, year % 100);
  } else {
    out += std::to_string(date.year);
  }
  out += '-';
  Append2Digits(out, date.month);
  out += '-';
  Append2Digits(out, date.day);
  out += 'T';
  const auto seconds_of_day = static_cast<unsigned>(time_of_day_us / kMicrosPerSecond);
  Append2Digits(out, seconds_of_day / 3600);
  out += ':';
  Append2Digits(out, seconds_of_day / 60 % 60);
  out += ':';
  Append2Digits(out, seconds_of_day % 60);
  auto fraction = static_cast<unsigned>(time_of_day_us % kMicrosPerSecond);
  if (fraction != 0) {
    char digits[6];
    for (int idx = 5; idx >= 0; --idx) {
      digits[idx] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    size_t len = 6;
    while (digits[len - 1] == '0') --len;
    out += '.';
    out.append(digits, len);
  }
}

}  // namespace

// ---- TimeZone ----

TimeZone::TimeZone() : TimeZone("UTC", nullptr) {}

TimeZone::TimeZone(std::string name, const date::time_zone* zone)
    : name_(std::move(name)), zone_(zone) {
  if (zone_ == nullptr) {
    // UTC: one period covering (nearly) everything, so the inline fast paths always hit.
    sys_cache_begin_ = local_cache_begin_ = kInt64Min;
    sys_cache_end_ = local_cache_end_ = kInt64Max;
  }
}

Result<TimeZone> TimeZone::Load(std::string_view iana_name) {
  if (iana_name == "UTC" || iana_name == "Etc/UTC") {
    return TimeZone(std::string(iana_name), nullptr);
  }
  // date reports unknown names (and an unreadable tz database) with an exception; it stops
  // here, at the library's edge.
  try {
    const date::time_zone* zone = date::locate_zone(iana_name);
    return TimeZone(std::string(iana_name), zone);
  } catch (const std::exception&) {
    return Status::InvalidInput("unknown time zone " + QuoteForMessage(iana_name));
  }
}

int64_t TimeZone::OffsetMicrosSlow(TimestampUs utc) const {
  if (zone_ == nullptr) return 0;
  const int64_t lookup = std::clamp(utc, kFarPastUs, kFarFutureUs);
  const date::sys_info info = zone_->get_info(date::sys_time<Micro>(Micro(lookup)));
  const int64_t offset = OffsetToMicros(info.offset);
  const int64_t begin = SecondsToMicros(info.begin);
  const int64_t end = SecondsToMicros(info.end);
  if (begin <= utc && utc < end) {
    sys_cache_begin_ = begin;
    sys_cache_end_ = end;
    sys_cache_offset_ = offset;
  }
  return offset;
}

TimestampUs TimeZone::LocalToUtcSlow(int64_t local_us) const {
  if (zone_ == nullptr) return local_us;
  const int64_t lookup = std::clamp(local_us, kFarPastUs, kFarFutureUs);
  const date::local_info info = zone_->get_info(date::local_time<Micro>(Micro(lookup)));
  const int64_t first_offset = OffsetToMicros(info.first.offset);
  if (info.result == date::local_info::ambiguous) {
    // The earlier instant: the larger offset (normally `first`, before the transition).
    const int64_t second_offset = OffsetToMicros(info.second.offset);
    return local_us - std::max(first_offset, second_offset);
  }
  if (info.result == date::local_info::nonexistent) {
    // The offset before the gap: moves the time forward by the gap's length.
    return local_us - first_offset;
  }
  // Unique: cache the local times that map uniquely through this period. The period's local
  // image [begin + offset, end + offset) loses, at each end, the part that overlaps the
  // neighbouring period (ambiguous) or falls in a gap (nonexistent), which is exactly
  // [begin + max(prev, offset), end + min(next, offset)).
  const int64_t begin = SecondsToMicros(info.first.begin);
  const int64_t end = SecondsToMicros(info.first.end);
  int64_t prev_offset = first_offset;
  int64_t next_offset = first_offset;
  if (begin > kFarPastUs) {
    prev_offset =
        OffsetToMicros(zone_->get_info(info.first.begin - std::chrono::seconds(1)).offset);
  }
  if (end < kFarFutureUs) next_offset = OffsetToMicros(zone_->get_info(info.first.end).offset);
  const int64_t unique_begin = begin + std::max(prev_offset, first_offset);
  const int64_t unique_end = end + std::min(next_offset, first_offset);
  if (unique_begin <= local_us && local_us < unique_end) {
    local_cache_begin_ = unique_begin;
    local_cache_end_ = unique_end;
    local_cache_offset_ = first_offset;
  }
  return local_us - first_offset;
}

TimestampUs TimeZone::FirstInstantAtOrAfter(int64_t local_us) const {
  if (zone_ == nullptr) return local_us;
  const int64_t lookup = std::clamp(local_us, kFarPastUs, kFarFutureUs);
  const date::local_info info = zone_->get_info(date::local_time<Micro>(Micro(lookup)));
  if (info.result == date::local_info::nonexistent) return SecondsToMicros(info.second.begin);
  return LocalToUtc(local_us);
}

// ---- Parsing and formatting ----

Result<TimestampUs> ParseTimestamp(std::string_view text, const TimeZone& tz) {
  TimestampUs ts = 0;
  const bool ok = (text.size() >= 10 && text[4] == '-') ? ParseIso(text, tz, &ts)
                  : !text.empty()                       ? ParseUnixInteger(text, &ts)
                                                        : false;
  if (ok) return ts;
  return Status::InvalidInput(QuoteForMessage(text) + " is not a valid timestamp");
}

Result<std::optional<TimestampUs>> ParseTimeBound(std::string_view text, const TimeZone& tz,
                                                  std::string_view name) {
  if (text.empty()) return std::optional<TimestampUs>();
  auto ts = ParseTimestamp(text, tz);
  if (!ts.ok()) return Status::Usage(std::string(name) + ": " + ts.status().message());
  return std::optional<TimestampUs>(*ts);
}

std::string FormatUtc(TimestampUs ts) {
  std::string out;
  out.reserve(28);
  AppendDateTime(out, ts);
  out += 'Z';
  return out;
}

std::string FormatLocal(TimestampUs ts, const TimeZone& tz) {
  const int64_t offset_seconds = tz.OffsetSeconds(ts);
  std::string out;
  out.reserve(34);
  AppendDateTime(out, ts + offset_seconds * kMicrosPerSecond);
  out += offset_seconds < 0 ? '-' : '+';
  const auto magnitude =
      static_cast<unsigned>(offset_seconds < 0 ? -offset_seconds : offset_seconds);
  Append2Digits(out, magnitude / 3600);
  out += ':';
  Append2Digits(out, magnitude / 60 % 60);
  if (magnitude % 60 != 0) {
    out += ':';
    Append2Digits(out, magnitude % 60);
  }
  return out;
}

int32_t LocalDay(TimestampUs ts, const TimeZone& tz) {
  return static_cast<int32_t>(FloorDiv(tz.UtcToLocal(ts), kMicrosPerDay));
}

TimestampUs LocalDayStart(int32_t day, const TimeZone& tz) {
  const int64_t midnight = day * kMicrosPerDay;
  // Fast path (cached): midnight exists, possibly twice (LocalToUtc takes the earlier).
  const TimestampUs utc = tz.LocalToUtc(midnight);
  if (tz.UtcToLocal(utc) == midnight) return utc;
  // Midnight is in a gap: the day starts when the gap ends.
  return tz.FirstInstantAtOrAfter(midnight);
}

std::string FormatDate(int32_t day) {
  std::string out;
  out.reserve(10);
  AppendDateTime(out, day * kMicrosPerDay);
  out.resize(out.find('T'));
  return out;
}

int32_t DaysFromCivil(int year, unsigned month, unsigned day) {
  // H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil.
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(y - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int32_t>(day_of_era) - 719468;
}

int32_t MonthOfDay(int32_t day) {
  const CivilDate date = CivilFromDays(day);
  return (date.year - 1970) * 12 + static_cast<int32_t>(date.month) - 1;
}

namespace {
/// (year, month 1-12) of a month index.
std::pair<int, unsigned> YearMonthOf(int32_t month) {
  const int32_t year_offset = month >= 0 ? month / 12 : -((-month + 11) / 12);
  return {1970 + year_offset, static_cast<unsigned>(month - year_offset * 12) + 1};
}
}  // namespace

std::optional<int32_t> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0;
  for (size_t idx = 0; idx < 4; ++idx) {
    if (!IsAsciiDigit(text[idx])) return std::nullopt;
    year = year * 10 + (text[idx] - '0');
  }
  unsigned month_of_year = 0;
  if (!Parse2Digits(text.data() + 5, &month_of_year) || month_of_year < 1 || month_of_year > 12) {
    return std::nullopt;
  }
  return (year - 1970) * 12 + static_cast<int32_t>(month_of_year) - 1;
}

std::string FormatMonth(int32_t month) {
  const auto [year, month_of_year] = YearMonthOf(month);
  return fmt::format("{:04d}-{:02d}", year, month_of_year);
}

int DaysInMonth(int32_t month) {
  const auto [year, month_of_year] = YearMonthOf(month);
  return static_cast<int>(DaysInMonth(year, month_of_year));
}

CivilDate CivilFromDays(int32_t day) {
  // H. Hinnant's civil_from_days, in 64 bits so that every int32 day works.
  const int64_t z = int64_t{day} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  CivilDate date;
  date.day = day_of_year - (153 * mp + 2) / 5 + 1;
  date.month = mp < 10 ? mp + 3 : mp - 9;
  date.year =
      static_cast<int>(static_cast<int64_t>(year_of_era) + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

Result<int32_t> ParseLocalDateOrToday(std::string_view text, const TimeZone& tz,
                                      std::string_view name) {
  if (text.empty()) return LocalDay(NowMicros(), tz);
  PAYBACK_ASSIGN_OR_RETURN(const std::optional<TimestampUs> ts, ParseTimeBound(text, tz, name));
  return LocalDay(*ts, tz);
}

TimestampUs NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace payback
