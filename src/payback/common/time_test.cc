#include "payback/common/time.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace payback {
namespace {

constexpr int64_t kHourUs = 3'600 * kMicrosPerSecond;

TimeZone LoadOrDie(std::string_view name) {
  Result<TimeZone> tz = TimeZone::Load(name);
  EXPECT_TRUE(tz.ok()) << name << ": " << tz.status().ToString();
  return tz.ok() ? *tz : TimeZone();
}

// Microseconds since the epoch of a UTC (or local wall-clock) date-time.
int64_t Wall(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0,
             int64_t micros = 0) {
  return DaysFromCivil(year, month, day) * kMicrosPerDay + hour * kHourUs +
         minute * 60 * kMicrosPerSecond + second * kMicrosPerSecond + micros;
}

TimestampUs ParseOk(std::string_view text, const TimeZone& tz = TimeZone()) {
  const Result<TimestampUs> result = ParseTimestamp(text, tz);
  EXPECT_TRUE(result.ok()) << text << ": " << result.status().ToString();
  return result.ok() ? *result : -1;
}

void ExpectInvalid(std::string_view text, const TimeZone& tz = TimeZone()) {
  const Result<TimestampUs> result = ParseTimestamp(text, tz);
  ASSERT_FALSE(result.ok()) << text << " parsed as " << FormatUtc(*result);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
}

TEST(Civil, DaysFromCivilAndBack) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11'017);
  EXPECT_EQ(DaysFromCivil(2026, 3, 1), 20'513);
  EXPECT_EQ(DaysFromCivil(0, 1, 1), -719'528);
  EXPECT_EQ(DaysFromCivil(10000, 1, 1), 2'932'897);
  for (int32_t day = -800'000; day < 3'000'000; day += 997) {
    const CivilDate date = CivilFromDays(day);
    EXPECT_EQ(DaysFromCivil(date.year, date.month, date.day), day);
  }
  EXPECT_EQ(CivilFromDays(20'513), (CivilDate{2026, 3, 1}));
  EXPECT_EQ(CivilFromDays(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(CivilFromDays(DaysFromCivil(2024, 2, 29)), (CivilDate{2024, 2, 29}));
}

TEST(Civil, FormatDate) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(20'513), "2026-03-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatDate(DaysFromCivil(2024, 2, 29)), "2024-02-29");
}

TEST(TimeZone, DefaultIsUtc) {
  const TimeZone tz;
  EXPECT_EQ(tz.name(), "UTC");
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 3, 1, 10)), Wall(2026, 3, 1, 10));
  EXPECT_EQ(tz.UtcToLocal(Wall(2026, 3, 1, 10)), Wall(2026, 3, 1, 10));
  EXPECT_EQ(tz.OffsetSeconds(0), 0);
}

TEST(TimeZone, LoadsUtcNamesAndIanaZones) {
  EXPECT_EQ(LoadOrDie("UTC").name(), "UTC");
  EXPECT_EQ(LoadOrDie("Etc/UTC").name(), "Etc/UTC");
  EXPECT_EQ(LoadOrDie("America/New_York").name(), "America/New_York");
  EXPECT_EQ(LoadOrDie("Europe/Paris").OffsetSeconds(Wall(2026, 1, 15)), 3'600);
}

TEST(TimeZone, LoadRejectsUnknownNames) {
  for (const char* name : {"", "Mars/Olympus_Mons", "america/new_york", "../etc/passwd", "UTC "}) {
    const Result<TimeZone> tz = TimeZone::Load(name);
    ASSERT_FALSE(tz.ok()) << name;
    EXPECT_EQ(tz.status().code(), StatusCode::kInvalidInput);
  }
}

TEST(TimeZone, NewYorkOffsets) {
  const TimeZone tz = LoadOrDie("America/New_York");
  EXPECT_EQ(tz.OffsetSeconds(Wall(2026, 1, 15, 12)), -5 * 3600);
  EXPECT_EQ(tz.OffsetSeconds(Wall(2026, 7, 15, 12)), -4 * 3600);
  // DST applies up to 2037, the last transition in the OS tz files (after it date/tz does
  // not apply the files' POSIX TZ rule: HowardHinnant/date#794).
  EXPECT_EQ(tz.OffsetSeconds(Wall(2037, 7, 15, 12)), -4 * 3600);
  EXPECT_EQ(tz.UtcToLocal(Wall(2026, 3, 1, 10, 15)), Wall(2026, 3, 1, 5, 15));
  // The spring-forward instant: 2026-03-08T07:00Z is 03:00 EDT; one µs earlier 01:59:59.999999.
  EXPECT_EQ(tz.UtcToLocal(Wall(2026, 3, 8, 7)), Wall(2026, 3, 8, 3));
  EXPECT_EQ(tz.UtcToLocal(Wall(2026, 3, 8, 7) - 1), Wall(2026, 3, 8, 2) - 1);
}

TEST(TimeZone, NewYorkGapShiftsForward) {
  const TimeZone tz = LoadOrDie("America/New_York");
  // 2026-03-08 02:30 does not exist: read with EST (-5) = 07:30Z = 03:30 EDT.
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 3, 8, 2, 30)), Wall(2026, 3, 8, 7, 30));
  EXPECT_EQ(tz.UtcToLocal(tz.LocalToUtc(Wall(2026, 3, 8, 2, 30))), Wall(2026, 3, 8, 3, 30));
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 3, 8, 2)), Wall(2026, 3, 8, 7));
  // Just around the gap.
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 3, 8, 2) - 1), Wall(2026, 3, 8, 7) - 1);
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 3, 8, 3)), Wall(2026, 3, 8, 7));
}

TEST(TimeZone, NewYorkAmbiguousTakesEarlierInstant) {
  const TimeZone tz = LoadOrDie("America/New_York");
  // 2026-11-01 01:30 happens twice: 05:30Z (EDT) and 06:30Z (EST); the earlier wins.
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 11, 1, 1, 30)), Wall(2026, 11, 1, 5, 30));
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 11, 1, 1)), Wall(2026, 11, 1, 5));
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 11, 1, 2) - 1), Wall(2026, 11, 1, 6) - 1);
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 11, 1, 1) - 1), Wall(2026, 11, 1, 5) - 1);
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 11, 1, 2)), Wall(2026, 11, 1, 7));
}

TEST(TimeZone, CacheGivesSameAnswersAsFreshLookups) {
  // A sweep of local times across both 2026 transitions, on one object (warm caches) and on
  // fresh copies (cold caches), in both directions.
  const TimeZone zone = LoadOrDie("America/New_York");
  const TimeZone warm = zone;
  const int64_t step = 7 * 60 * kMicrosPerSecond + 13;
  for (const int64_t begin : {Wall(2026, 3, 7), Wall(2026, 10, 31)}) {
    for (int64_t local = begin; local < begin + 3 * kMicrosPerDay; local += step) {
      const TimeZone cold = LoadOrDie("America/New_York");
      ASSERT_EQ(warm.LocalToUtc(local), cold.LocalToUtc(local)) << FormatUtc(local);
      const TimeZone cold2 = LoadOrDie("America/New_York");
      ASSERT_EQ(warm.UtcToLocal(local), cold2.UtcToLocal(local)) << FormatUtc(local);
    }
    for (int64_t local = begin + 3 * kMicrosPerDay; local > begin; local -= step) {
      const TimeZone cold = LoadOrDie("America/New_York");
      ASSERT_EQ(warm.LocalToUtc(local), cold.LocalToUtc(local)) << FormatUtc(local);
    }
  }
}

TEST(TimeZone, KolkataHalfHourOffset) {
  const TimeZone tz = LoadOrDie("Asia/Kolkata");
  EXPECT_EQ(tz.OffsetSeconds(Wall(2026, 3, 1)), 5 * 3600 + 1800);
  EXPECT_EQ(tz.LocalToUtc(Wall(2026, 3, 1, 10, 15)), Wall(2026, 3, 1, 4, 45));
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00", tz), Wall(2026, 3, 1, 4, 45));
  EXPECT_EQ(FormatLocal(Wall(2026, 3, 1, 4, 45), tz), "2026-03-01T10:15:00+05:30");
}

TEST(ParseTimestamp, IsoUtcForms) {
  const int64_t expected = Wall(2026, 3, 1, 10, 15);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00Z"), expected);
  EXPECT_EQ(ParseOk("2026-03-01t10:15:00z"), expected);
  EXPECT_EQ(ParseOk("2026-03-01 10:15:00Z"), expected);
  EXPECT_EQ(ParseOk("2026-03-01T10:15Z"), expected);
  EXPECT_EQ(ParseOk("2026-03-01T10:15"), expected);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00"), expected);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00+00:00"), expected);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00-00:00"), expected);
  EXPECT_EQ(ParseOk("2026-03-01T00:00:00Z"), Wall(2026, 3, 1));
  EXPECT_EQ(ParseOk("2026-03-01T23:59:59Z"), Wall(2026, 3, 1, 23, 59, 59));
  EXPECT_EQ(ParseOk("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseOk("1969-12-31T23:59:59Z"), -kMicrosPerSecond);
  EXPECT_EQ(ParseOk("0000-01-01T00:00:00Z"), Wall(0, 1, 1));
  EXPECT_EQ(ParseOk("9999-12-31T23:59:59.999999Z"), Wall(10000, 1, 1) - 1);
}

TEST(ParseTimestamp, Fractions) {
  const int64_t base = Wall(2026, 3, 1, 10, 15);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00.250+05:30"), base + 250'000 - 5 * kHourUs - kHourUs / 2);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00.2Z"), base + 200'000);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00.123456Z"), base + 123'456);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00.1234567Z"), base + 123'456);  // truncated
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00.999999999Z"), base + 999'999);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00.000001"), base + 1);
  EXPECT_EQ(ParseOk("1969-12-31T23:59:59.5Z"), -500'000);
}

TEST(ParseTimestamp, Offsets) {
  const int64_t base = Wall(2026, 3, 1, 10, 15);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00+05:30"), base - 5 * kHourUs - kHourUs / 2);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00+0530"), base - 5 * kHourUs - kHourUs / 2);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00+05"), base - 5 * kHourUs);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00-05:00"), base + 5 * kHourUs);
  EXPECT_EQ(ParseOk("2026-03-01T10:15-0800"), base + 8 * kHourUs);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00+23:59"), base - 23 * kHourUs - 59 * 60 * kMicrosPerSecond);
  // An explicit offset wins over the time zone.
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00Z", LoadOrDie("America/New_York")), base);
  EXPECT_EQ(ParseOk("2026-03-01T10:15:00+01:00", LoadOrDie("Asia/Kolkata")), base - kHourUs);
}

TEST(ParseTimestamp, LocalTimesUseTheZone) {
  const TimeZone tz = LoadOrDie("America/New_York");
  EXPECT_EQ(ParseOk("2026-03-01T05:15:00", tz), Wall(2026, 3, 1, 10, 15));
  EXPECT_EQ(ParseOk("2026-07-01 05:15", tz), Wall(2026, 7, 1, 9, 15));
  EXPECT_EQ(ParseOk("2026-03-08T02:30:00", tz), Wall(2026, 3, 8, 7, 30));   // gap
  EXPECT_EQ(ParseOk("2026-11-01T01:30:00", tz), Wall(2026, 11, 1, 5, 30));  // ambiguous
}

TEST(ParseTimestamp, DateAloneIsLocalMidnight) {
  EXPECT_EQ(ParseOk("2026-03-01"), Wall(2026, 3, 1));
  EXPECT_EQ(ParseOk("2026-03-01", LoadOrDie("America/New_York")), Wall(2026, 3, 1, 5));
  EXPECT_EQ(ParseOk("2026-03-01", LoadOrDie("Asia/Kolkata")), Wall(2026, 2, 28, 18, 30));
  EXPECT_EQ(ParseOk("2024-02-29"), Wall(2024, 2, 29));
}

TEST(ParseTimestamp, UnixSecondsAndMilliseconds) {
  EXPECT_EQ(ParseOk("0"), 0);
  EXPECT_EQ(ParseOk("1772360100"), Wall(2026, 3, 1, 10, 15));
  EXPECT_EQ(ParseOk("1772360100000"), Wall(2026, 3, 1, 10, 15));
  EXPECT_EQ(ParseOk("1772360100250"), Wall(2026, 3, 1, 10, 15) + 250'000);
  EXPECT_EQ(ParseOk("-86400"), -kMicrosPerDay);
  EXPECT_EQ(ParseOk("-0"), 0);
  // 10^11 itself is seconds (year 5138); above it, milliseconds.
  EXPECT_EQ(ParseOk("100000000000"), 100'000'000'000 * kMicrosPerSecond);
  EXPECT_EQ(ParseOk("100000000001"), 100'000'000'001'000);
  EXPECT_EQ(ParseOk("-100000000001"), -100'000'000'001'000);
  EXPECT_EQ(ParseOk("-10000000000"), -10'000'000'000 * kMicrosPerSecond);  // 1653
  ExpectInvalid("-100000000000");  // seconds, but before year 0000
  EXPECT_EQ(ParseOk("000000000000000000000000012"), 12 * kMicrosPerSecond);
  // The zone does not matter for Unix time.
  EXPECT_EQ(ParseOk("1772360100", LoadOrDie("America/New_York")), Wall(2026, 3, 1, 10, 15));
  EXPECT_EQ(ParseOk("253402300799999"), Wall(10000, 1, 1) - 1000);  // last ms of 9999
}

TEST(ParseTimestamp, RejectsInvalidForms) {
  for (const char* bad : {"",
                          " ",
                          "-",
                          "+1772360100",
                          "1772360100.5",
                          "1e9",
                          "0x10",
                          "12a",
                          " 2026-03-01T10:15:00Z",
                          "2026-03-01T10:15:00Z ",
                          "2026-03-01T10:15:00Zx",
                          "2026-13-01",
                          "2026-00-01",
                          "2026-02-29",
                          "2025-02-29",
                          "2026-04-31",
                          "2026-03-00",
                          "2026-03-32",
                          "1900-02-29",
                          "2026-3-01",
                          "2026-03-1",
                          "26-03-01",
                          "2026/03/01",
                          "2026-03-01T",
                          "2026-03-01T10",
                          "2026-03-01T10:1",
                          "2026-03-01T10:15:",
                          "2026-03-01T10:15:0",
                          "2026-03-01T24:00:00",
                          "2026-03-01T23:60:00",
                          "2026-03-01T23:59:60",
                          "2026-03-01T10:15:00.",
                          "2026-03-01T10:15:00.Z",
                          "2026-03-01T10:15:00.1234567890Z",
                          "2026-03-01T10:15.5Z",
                          "2026-03-01T10:15:00,5Z",
                          "2026-03-01T10:15:00+",
                          "2026-03-01T10:15:00+5",
                          "2026-03-01T10:15:00+05:",
                          "2026-03-01T10:15:00+05:3",
                          "2026-03-01T10:15:00+053",
                          "2026-03-01T10:15:00+24:00",
                          "2026-03-01T10:15:00+05:60",
                          "2026-03-01T10:15:00+05:30:00",
                          "2026-03-01T10:15:00 Z",
                          "2026-03-01T10:15:00ZZ",
                          "2026-03-01X10:15:00Z",
                          "2026-03-01  10:15:00",
                          "2026-03-01T10-15-00Z",
                          "+2026-03-01",
                          "2026-03-01T10:15:00UTC",
                          "99999999999999999999999",
                          "-99999999999999999999999",
                          "253402300800000",
                          "-62167219201",
                          "١٧٧٢٣٦٠١٠٠"}) {
    ExpectInvalid(bad);
  }
}

TEST(ParseTimestamp, RepeatedDatesReadTheSameAsFreshOnes) {
  // A thread keeps the last date it read: runs of one date, dates in turn, and bad texts after a
  // good one of the same date all read as if each were the first.
  auto utc = TimeZone::Load("UTC");
  ASSERT_TRUE(utc.ok());
  std::mt19937_64 random(11);
  for (int round = 0; round < 20'000; ++round) {
    // Instants from 1900 to 2100, whole seconds, often several on one day in a row.
    const TimestampUs instant =
        (static_cast<int64_t>(random() % (200LL * 366 * 86'400)) - 70LL * 365 * 86'400) *
        kMicrosPerSecond;
    for (int repeat = 0; repeat < 3; ++repeat) {
      const TimestampUs same_day = instant - instant % kMicrosPerSecond + repeat * 1'000'000;
      const std::string text = FormatUtc(same_day);
      auto parsed = ParseTimestamp(text, *utc);
      ASSERT_TRUE(parsed.ok()) << text;
      ASSERT_EQ(*parsed, same_day) << text;
    }
  }
  ASSERT_TRUE(ParseTimestamp("2024-02-29T10:00:00Z", *utc).ok());
  EXPECT_FALSE(ParseTimestamp("2024-02-29T24:00:00Z", *utc).ok());
  EXPECT_FALSE(ParseTimestamp("2024-02-2xT10:00:00Z", *utc).ok());
  EXPECT_FALSE(ParseTimestamp("2023-02-29T10:00:00Z", *utc).ok());
  EXPECT_FALSE(ParseTimestamp("2024-02-29X10:00:00Z", *utc).ok());
  EXPECT_EQ(*ParseTimestamp("2024-02-29", *utc), *ParseTimestamp("2024-02-29T00:00:00Z", *utc));
}

// Whether "HH:MM:SS" at text[11..18] is a valid time of day, byte by byte: a reference written
// apart from the parser.
bool ValidTimeOfDay(const std::string& text) {
  auto digit = [&](size_t idx) { return text[idx] >= '0' && text[idx] <= '9'; };
  for (const size_t idx : {11, 12, 14, 15, 17, 18}) {
    if (!digit(idx)) return false;
  }
  if (text[13] != ':' || text[16] != ':') return false;
  auto two = [&](size_t idx) { return (text[idx] - '0') * 10 + (text[idx + 1] - '0'); };
  return two(11) <= 23 && two(14) <= 59 && two(17) <= 59;
}

TEST(ParseTimestamp, EveryByteOfTheTimeOfDayIsChecked) {
  // Each byte of "HH:MM:SS" in turn takes every value (the bytes next to the digits and the
  // colon, '/' and ';', high bytes, NUL), in the whole-second form with and without a zone
  // designator, a fraction or an offset after it.
  for (const std::string suffix : {"Z", "", ".5Z", "+01:00"}) {
    const std::string base = "2026-03-07T13:45:27" + suffix;
    const TimestampUs base_instant = ParseOk(base);
    for (size_t idx = 11; idx <= 18; ++idx) {
      for (int value = 0; value < 256; ++value) {
        std::string text = base;
        text[idx] = static_cast<char>(value);
        const Result<TimestampUs> parsed = ParseTimestamp(text, TimeZone());
        ASSERT_EQ(parsed.ok(), ValidTimeOfDay(text)) << text;
        if (!parsed.ok()) continue;
        auto two = [&](size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
        const int64_t shift = (two(11) - 13) * kHourUs + (two(14) - 45) * 60 * kMicrosPerSecond +
                              (two(17) - 27) * kMicrosPerSecond;
        ASSERT_EQ(*parsed, base_instant + shift) << text;
      }
    }
  }
  // Hours and minutes alone, and too short for seconds, still take the byte-by-byte path.
  EXPECT_EQ(ParseOk("2026-03-07T13:45Z"), Wall(2026, 3, 7, 13, 45));
  EXPECT_EQ(ParseOk("2026-03-07T13:45+01:00"), Wall(2026, 3, 7, 12, 45));
  ExpectInvalid("2026-03-07T13:45:2Z");
  ExpectInvalid("2026-03-07T13:45:");
}

TEST(ParseTimestamp, ErrorMessageQuotesAndTruncates) {
  const Result<TimestampUs> result = ParseTimestamp("2026-13-01", TimeZone());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "\"2026-13-01\" is not a valid timestamp");
  const std::string long_text(100, '9');
  const Result<TimestampUs> long_result = ParseTimestamp(long_text + "x", TimeZone());
  ASSERT_FALSE(long_result.ok());
  EXPECT_LT(long_result.status().message().size(), 80u);
}

TEST(FormatUtc, WholeAndFractionalSeconds) {
  EXPECT_EQ(FormatUtc(Wall(2026, 3, 1, 10, 15)), "2026-03-01T10:15:00Z");
  EXPECT_EQ(FormatUtc(Wall(2026, 3, 1, 10, 15) + 250'000), "2026-03-01T10:15:00.25Z");
  EXPECT_EQ(FormatUtc(Wall(2026, 3, 1, 10, 15) + 1), "2026-03-01T10:15:00.000001Z");
  EXPECT_EQ(FormatUtc(Wall(2026, 3, 1, 10, 15) + 123'456), "2026-03-01T10:15:00.123456Z");
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatUtc(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatUtc(Wall(0, 1, 1)), "0000-01-01T00:00:00Z");
  EXPECT_EQ(FormatUtc(Wall(10000, 1, 1) - 1), "9999-12-31T23:59:59.999999Z");
}

TEST(FormatUtc, RoundTripsThroughParse) {
  for (const char* text :
       {"2026-03-01T10:15:00Z", "2026-03-01T10:15:00.25Z", "2024-02-29T23:59:59.999999Z",
        "1969-07-20T20:17:40Z", "0001-01-01T00:00:00Z", "2038-01-19T03:14:08Z"}) {
    EXPECT_EQ(FormatUtc(ParseOk(text)), text);
  }
  EXPECT_EQ(FormatUtc(ParseOk("2026-03-01T10:15:00.250+05:30")), "2026-03-01T04:45:00.25Z");
  for (int64_t ts = -5'000'000'000'000'000; ts < 5'000'000'000'000'000; ts += 123'456'789'012'345) {
    EXPECT_EQ(ParseOk(FormatUtc(ts)), ts);
  }
}

TEST(FormatLocal, ShowsOffset) {
  const TimeZone ny = LoadOrDie("America/New_York");
  EXPECT_EQ(FormatLocal(Wall(2026, 3, 1, 10, 15), ny), "2026-03-01T05:15:00-05:00");
  EXPECT_EQ(FormatLocal(Wall(2026, 7, 1, 10, 15) + 500'000, ny), "2026-07-01T06:15:00.5-04:00");
  EXPECT_EQ(FormatLocal(Wall(2026, 3, 1, 10, 15), TimeZone()), "2026-03-01T10:15:00+00:00");
  // Round trip through the parser with the explicit offset.
  const TimestampUs ts = Wall(2026, 11, 1, 5, 30);
  EXPECT_EQ(ParseOk(FormatLocal(ts, ny)), ts);
  EXPECT_EQ(ParseOk(FormatLocal(ts + kHourUs, ny)), ts + kHourUs);
}

TEST(LocalDay, FollowsTheLocalDate) {
  const TimeZone ny = LoadOrDie("America/New_York");
  const int32_t mar8 = DaysFromCivil(2026, 3, 8);
  EXPECT_EQ(LocalDay(Wall(2026, 3, 8, 4, 59), ny), mar8 - 1);  // 23:59 EST on Mar 7
  EXPECT_EQ(LocalDay(Wall(2026, 3, 8, 5), ny), mar8);          // 00:00 EST
  EXPECT_EQ(LocalDay(Wall(2026, 3, 9, 3, 59), ny), mar8);      // 23:59 EDT
  EXPECT_EQ(LocalDay(Wall(2026, 3, 9, 4), ny), mar8 + 1);      // 00:00 EDT
  EXPECT_EQ(LocalDay(Wall(2026, 3, 8, 4, 59), TimeZone()), mar8);
  EXPECT_EQ(LocalDay(-1, TimeZone()), -1);
  EXPECT_EQ(LocalDay(Wall(2026, 3, 1, 19), LoadOrDie("Asia/Kolkata")), DaysFromCivil(2026, 3, 2));
}

TEST(LocalDayStart, DstAware) {
  const TimeZone ny = LoadOrDie("America/New_York");
  EXPECT_EQ(LocalDayStart(DaysFromCivil(2026, 3, 8), ny), Wall(2026, 3, 8, 5));
  EXPECT_EQ(LocalDayStart(DaysFromCivil(2026, 3, 9), ny), Wall(2026, 3, 9, 4));
  EXPECT_EQ(LocalDayStart(DaysFromCivil(2026, 11, 1), ny), Wall(2026, 11, 1, 4));
  EXPECT_EQ(LocalDayStart(DaysFromCivil(2026, 11, 2), ny), Wall(2026, 11, 2, 5));
  // The 25-hour day.
  EXPECT_EQ(
      LocalDayStart(DaysFromCivil(2026, 11, 2), ny) - LocalDayStart(DaysFromCivil(2026, 11, 1), ny),
      25 * kHourUs);
  EXPECT_EQ(LocalDayStart(20'513, TimeZone()), Wall(2026, 3, 1));
  for (int32_t day = DaysFromCivil(2026, 1, 1); day < DaysFromCivil(2027, 1, 1); ++day) {
    EXPECT_EQ(LocalDay(LocalDayStart(day, ny), ny), day);
    EXPECT_EQ(LocalDay(LocalDayStart(day, ny) - 1, ny), day - 1);
  }
}

TEST(LocalDayStart, MidnightInAGapStartsWhenTheGapEnds) {
  // America/Sao_Paulo sprang forward at midnight: 2018-11-04 00:00 -03 became 01:00 -02.
  const TimeZone sao_paulo = LoadOrDie("America/Sao_Paulo");
  const int32_t day = DaysFromCivil(2018, 11, 4);
  EXPECT_EQ(LocalDayStart(day, sao_paulo), Wall(2018, 11, 4, 3));
  EXPECT_EQ(FormatLocal(LocalDayStart(day, sao_paulo), sao_paulo), "2018-11-04T01:00:00-02:00");
  EXPECT_EQ(ParseOk("2018-11-04", sao_paulo), Wall(2018, 11, 4, 3));
  // Pacific/Apia skipped 2011-12-30 entirely: its "start" is the start of Dec 31.
  const TimeZone apia = LoadOrDie("Pacific/Apia");
  EXPECT_EQ(LocalDayStart(DaysFromCivil(2011, 12, 30), apia),
            LocalDayStart(DaysFromCivil(2011, 12, 31), apia));
}

TEST(ParseTimeBound, EmptyIsNoBoundAndBadTextIsAUsageErrorNamingTheBound) {
  auto none = ParseTimeBound("", TimeZone(), "--from");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto day = ParseTimeBound("2026-03-01", TimeZone(), "--from");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->value(), 1'772'323'200LL * kMicrosPerSecond);
  auto bad = ParseTimeBound("yesterday", TimeZone(), "to");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kUsage);
  EXPECT_EQ(bad.status().message().rfind("to: ", 0), 0u);
}

TEST(ParseLocalDateOrToday, ADateATimestampTodayOrAUsageError) {
  const auto tz = TimeZone::Load("America/New_York");
  ASSERT_TRUE(tz.ok());
  EXPECT_EQ(*ParseLocalDateOrToday("2026-03-20", *tz, "--today"), DaysFromCivil(2026, 3, 20));
  // 03:00Z on March 21 is still March 20 in New York.
  EXPECT_EQ(*ParseLocalDateOrToday("2026-03-21T03:00:00Z", *tz, "--today"),
            DaysFromCivil(2026, 3, 20));
  EXPECT_EQ(*ParseLocalDateOrToday("", *tz, "--today"), LocalDay(NowMicros(), *tz));
  const auto bad = ParseLocalDateOrToday("March", *tz, "today");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kUsage);
  EXPECT_NE(bad.status().message().find("today"), std::string::npos);
}

TEST(Months, IndexFormatAndLength) {
  EXPECT_EQ(MonthOfDay(0), 0);                             // 1970-01-01
  EXPECT_EQ(MonthOfDay(DaysFromCivil(2026, 3, 31)), 674);  // 56 years x 12 + 2
  EXPECT_EQ(MonthOfDay(DaysFromCivil(1969, 12, 31)), -1);
  EXPECT_EQ(FormatMonth(674), "2026-03");
  EXPECT_EQ(ParseMonth("2026-03"), 674);
  EXPECT_EQ(ParseMonth("1969-12"), -1);
  for (const char* bad :
       {"2026-13", "2026-00", "2026-3", "26-03", "2026/03", "2026-03-31", "x026-03"}) {
    EXPECT_FALSE(ParseMonth(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatMonth(-1), "1969-12");
  EXPECT_EQ(FormatMonth(-12), "1969-01");
  EXPECT_EQ(FormatMonth(-13), "1968-12");
  EXPECT_EQ(DaysInMonth(MonthOfDay(DaysFromCivil(2024, 2, 10))), 29);
  EXPECT_EQ(DaysInMonth(MonthOfDay(DaysFromCivil(2026, 2, 10))), 28);
  EXPECT_EQ(DaysInMonth(674), 31);
  EXPECT_EQ(DaysInMonth(MonthOfDay(DaysFromCivil(2026, 11, 1))), 30);
}

}  // namespace
}  // namespace payback
