#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "payback/status.h"
#include "payback/types.h"

namespace date {
class time_zone;
}  // namespace date

namespace payback {

inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

/// An IANA time zone (e.g. "America/New_York") that converts between UTC instants and local
/// wall-clock time, backed by the operating system's tz database (Howard Hinnant's date/tz).
/// Local wall-clock time is expressed as microseconds since 1970-01-01T00:00 as if that
/// local time were UTC.
///
/// A copyable value. The default-constructed zone is UTC.
///
/// Thread-safety: NOT thread-safe, not even through const methods: conversions cache the
/// offset period of the last lookup in mutable members, so that consecutive calls within one
/// offset period (the common case at ingest) need no tz-database lookup. Threads use their
/// own copies (copying is cheap and shares the immutable tz data).
class TimeZone {
 public:
  /// UTC.
  TimeZone();

  /// The zone named `iana_name`. "UTC" and "Etc/UTC" are served without touching the tz
  /// database. Fails with InvalidInput when the name is unknown (names are case-sensitive)
  /// or the tz database cannot be read.
  static Result<TimeZone> Load(std::string_view iana_name);

  /// The name the zone was loaded with ("UTC" for the default).
  const std::string& name() const { return name_; }

  /// The UTC instant of local wall-clock time `local_us`.
  /// - Ambiguous local time (a "fall back" transition repeats it): the EARLIER instant,
  ///   i.e. the one read with the offset in force before the transition
  ///   (America/New_York 2026-11-01T01:30 -> 05:30Z, the EDT reading).
  /// - Nonexistent local time (a "spring forward" gap): read with the offset in force
  ///   before the gap, which shifts it forward by the gap's length
  ///   (America/New_York 2026-03-08T02:30 -> 07:30Z = 03:30 EDT).
  TimestampUs LocalToUtc(int64_t local_us) const {
    if (local_us >= local_cache_begin_ && local_us < local_cache_end_) {
      return local_us - local_cache_offset_;
    }
    return LocalToUtcSlow(local_us);
  }

  /// The local wall-clock time of the instant `utc`.
  int64_t UtcToLocal(TimestampUs utc) const { return utc + OffsetMicros(utc); }

  /// The offset from UTC in force at `utc`, in seconds (-18000 for New York in winter).
  int64_t OffsetSeconds(TimestampUs utc) const { return OffsetMicros(utc) / kMicrosPerSecond; }

 private:
  friend TimestampUs LocalDayStart(int32_t day, const TimeZone& tz);

  explicit TimeZone(std::string name, const date::time_zone* zone);

  int64_t OffsetMicros(TimestampUs utc) const {
    if (utc >= sys_cache_begin_ && utc < sys_cache_end_) return sys_cache_offset_;
    return OffsetMicrosSlow(utc);
  }
  TimestampUs LocalToUtcSlow(int64_t local_us) const;
  int64_t OffsetMicrosSlow(TimestampUs utc) const;
  /// The first instant whose local time is >= local_us (differs from LocalToUtc in a gap).
  TimestampUs FirstInstantAtOrAfter(int64_t local_us) const;

  std::string name_;
  /// nullptr for UTC; otherwise owned by date's process-wide tz database, which is never freed.
  const date::time_zone* zone_ = nullptr;

  // Cache of the last UTC -> local lookup: instants in [begin, end) have offset `offset`.
  mutable int64_t sys_cache_begin_ = 0;
  mutable int64_t sys_cache_end_ = 0;
  mutable int64_t sys_cache_offset_ = 0;
  // Cache of the last local -> UTC lookup: local times in [begin, end) exist exactly once and
  // map with offset `offset` (ambiguous and nonexistent local times are never cached).
  mutable int64_t local_cache_begin_ = 0;
  mutable int64_t local_cache_end_ = 0;
  mutable int64_t local_cache_offset_ = 0;
};

/// Parses a `ts` value (data.md):
/// - ISO 8601 `YYYY-MM-DDTHH:MM:SS` (year 0000-9999); `T` may be `t` or a space; seconds may
///   be left out (`YYYY-MM-DDTHH:MM`); after the seconds an optional `.` and 1 to 9 fraction
///   digits (microseconds kept, further digits truncated); then optionally `Z`/`z` or an
///   offset `+HH:MM`, `+HHMM`, `+HH` (or `-`; hours <= 23, minutes <= 59). Without an offset
///   the time is local to `tz` (TimeZone::LocalToUtc rules for DST gaps and overlaps).
/// - A date alone `YYYY-MM-DD`: local midnight of that date in `tz` (LocalDayStart).
/// - An integer of Unix seconds with an optional `-`, read as milliseconds when its absolute
///   value is above 10^11; its instant must lie within years 0000-9999.
/// Every field is validated (month, day of month with leap years, hour 0-23, minute and
/// second 0-59); surrounding spaces and trailing characters are rejected.
/// Fails with InvalidInput `"<text>" is not a valid timestamp` (text via QuoteForMessage),
/// without a location (the caller adds it). No allocation on success. Thread-safe as far as
/// `tz` is (i.e. one thread per TimeZone object).
Result<TimestampUs> ParseTimestamp(std::string_view text, const TimeZone& tz);

/// A request's optional time bound (a `--from`, `to` or `settings_as_of` value): nullopt for
/// empty text, else ParseTimestamp(text, tz). Fails with kUsage "<name>: <reason>" when the
/// text is not a timestamp. Thread-safe as far as `tz` is.
Result<std::optional<TimestampUs>> ParseTimeBound(std::string_view text, const TimeZone& tz,
                                                  std::string_view name);

/// The current instant (system clock), in microseconds since the epoch.
TimestampUs NowMicros();

/// The local date (days since 1970-01-01) that `text` names, a date or timestamp read as
/// ParseTimeBound reads it, or today's local date in `tz` when `text` is empty. Fails with
/// kUsage "<name>: <reason>" when the text is not a timestamp.
Result<int32_t> ParseLocalDateOrToday(std::string_view text, const TimeZone& tz,
                                      std::string_view name);

/// `2026-03-01T10:15:00Z`, with a fraction (`.25`, `.000001`: trailing zeros trimmed, up to
/// 6 digits) only when it is non-zero. Years outside 0000-9999 print with more digits or
/// a minus sign. Thread-safe.
std::string FormatUtc(TimestampUs ts);

/// The local time of `ts` in `tz` with its offset: `2026-03-01T05:15:00-05:00` (`+00:00` for
/// zero offset), fraction as FormatUtc. Offsets with seconds (local mean time before ~1900)
/// print as `+HH:MM:SS`.
std::string FormatLocal(TimestampUs ts, const TimeZone& tz);

/// The local date of `ts` in `tz`, as days since 1970-01-01 (negative before).
int32_t LocalDay(TimestampUs ts, const TimeZone& tz);

/// The UTC instant at which local day `day` (days since 1970-01-01) begins in `tz`: its local
/// midnight, DST-aware; when midnight falls in a gap, the first instant of the day (the end of
/// the gap); when midnight repeats, its earlier occurrence. A day that does not exist at all
/// (Pacific/Apia 2011-12-30) yields the start of the following day.
TimestampUs LocalDayStart(int32_t day, const TimeZone& tz);

/// `2026-03-01` for the day `day` (days since 1970-01-01). Thread-safe.
std::string FormatDate(int32_t day);

/// A proleptic Gregorian calendar date.
struct CivilDate {
  int year = 1970;
  unsigned month = 1;  ///< 1-12
  unsigned day = 1;    ///< 1-31

  bool operator==(const CivilDate&) const = default;
};

/// Days since 1970-01-01 of the date y-m-d (proleptic Gregorian; H. Hinnant's algorithm).
/// Requires a valid date with |year| < 5'000'000 (not checked). Thread-safe.
int32_t DaysFromCivil(int year, unsigned month, unsigned day);

/// The inverse of DaysFromCivil. Thread-safe.
CivilDate CivilFromDays(int32_t day);

/// The calendar month of local day `day` (days since 1970-01-01), as months since January
/// 1970 (0 = 1970-01; negative before). Thread-safe.
int32_t MonthOfDay(int32_t day);

/// The month of `YYYY-MM` (four digits, a dash, 01 to 12), as months since January 1970;
/// nullopt for anything else. Thread-safe.
std::optional<int32_t> ParseMonth(std::string_view text);

/// `2026-03` for the month `month` (months since January 1970). Thread-safe.
std::string FormatMonth(int32_t month);

/// The number of days of the month `month` (months since January 1970): 28 to 31.
int DaysInMonth(int32_t month);

/// True when `year` is a Gregorian leap year.
constexpr bool IsLeapYear(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

}  // namespace payback
