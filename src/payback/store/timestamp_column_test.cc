#include "payback/store/timestamp_column.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace payback {
namespace {

constexpr TimestampUs kSecond = 1'000'000;
constexpr TimestampUs kJan2026 = 1'767'225'600 * kSecond;  // 2026-01-01T00:00:00Z

TimestampColumn Wide(const std::vector<TimestampUs>& instants) {
  TimestampColumn column;
  for (const TimestampUs instant : instants) column.PushBack(instant);
  return column;
}

void ExpectRows(const TimestampColumn& column, const std::vector<TimestampUs>& instants) {
  ASSERT_EQ(column.size(), instants.size());
  for (size_t row = 0; row < instants.size(); ++row) {
    EXPECT_EQ(column[row], instants[row]) << "row " << row;
  }
}

TEST(TimestampColumn, WholeSecondsOverAYearTakeFourBytesARowAndReadTheSame) {
  const std::vector<TimestampUs> instants = {kJan2026 + 400 * 86'400 * kSecond, kJan2026,
                                             kJan2026 + 7 * kSecond, kJan2026 + 7 * kSecond};
  TimestampColumn column = Wide(instants);
  EXPECT_EQ(column.bytes(), 32u);
  ASSERT_TRUE(column.Narrow());
  EXPECT_TRUE(column.narrow());
  EXPECT_EQ(column.bytes(), 16u);
  ExpectRows(column, instants);
  EXPECT_EQ(column, Wide(instants));
}

TEST(TimestampColumn, MicrosecondsOverAnHourDoNotFitAndStayExact) {
  // 2^32 microseconds is 71.6 minutes: a column of microsecond instants over two hours keeps
  // 8 bytes a row rather than round any of them.
  const std::vector<TimestampUs> instants = {kJan2026 + 1, kJan2026, kJan2026 + 2 * 3600 * kSecond};
  TimestampColumn column = Wide(instants);
  EXPECT_FALSE(column.Narrow());
  EXPECT_FALSE(column.narrow());
  ExpectRows(column, instants);
  // Over a minute they fit, one microsecond a unit.
  const std::vector<TimestampUs> minute = {kJan2026 + 60 * kSecond - 1, kJan2026 + 1, kJan2026};
  TimestampColumn short_column = Wide(minute);
  EXPECT_TRUE(short_column.Narrow());
  ExpectRows(short_column, minute);
}

TEST(TimestampColumn, ExtremeInstantsFitThroughUnsignedDistances) {
  // The distance between the two is over INT64_MAX: it is taken modulo 2^64, never overflowed.
  const TimestampUs low = std::numeric_limits<TimestampUs>::min();
  const TimestampUs high = std::numeric_limits<TimestampUs>::max();
  const std::vector<TimestampUs> instants = {high, low, low, high};
  TimestampColumn column = Wide(instants);
  ASSERT_TRUE(column.Narrow());  // one unit of 2^64 - 1
  ExpectRows(column, instants);
}

TEST(TimestampColumn, BuildingANarrowColumnWidensItWhenAnInstantDoesNotFit) {
  TimestampColumn column = Wide({kJan2026, kJan2026 + kSecond});
  ASSERT_TRUE(column.Narrow());
  column.PushBack(kJan2026 + 3 * kSecond);  // fits: base + 3 units
  EXPECT_TRUE(column.narrow());
  column.PushBack(kJan2026 + 1);  // not a whole second
  EXPECT_FALSE(column.narrow());
  ExpectRows(column, {kJan2026, kJan2026 + kSecond, kJan2026 + 3 * kSecond, kJan2026 + 1});
  column = Wide({kJan2026, kJan2026 + kSecond});
  ASSERT_TRUE(column.Narrow());
  column.PushBack(kJan2026 + 1);
  EXPECT_FALSE(column.narrow());
  ExpectRows(column, {kJan2026, kJan2026 + kSecond, kJan2026 + 1});

  TimestampColumn narrow = Wide({kJan2026 + 5 * kSecond, kJan2026});
  ASSERT_TRUE(narrow.Narrow());
  TimestampColumn appended = Wide({kJan2026 - 3});
  appended.Append(narrow);
  ExpectRows(appended, {kJan2026 - 3, kJan2026 + 5 * kSecond, kJan2026});
  narrow.Append(Wide({kJan2026 + 9}));
  ExpectRows(narrow, {kJan2026 + 5 * kSecond, kJan2026, kJan2026 + 9});
  narrow.Set(1, kJan2026 + 4);
  ExpectRows(narrow, {kJan2026 + 5 * kSecond, kJan2026 + 4, kJan2026 + 9});
}

TEST(TimestampColumn, StartedNarrowItStaysSoWhileEveryInstantFits) {
  // Unix seconds: what an ingest's chunk starts with.
  TimestampColumn seconds;
  seconds.StartNarrow(0, kSecond);
  seconds.Reserve(4);
  const TimestampUs last_fit = TimestampUs{UINT32_MAX} * kSecond;  // 2106-02-07T06:28:15Z
  for (const TimestampUs instant : {kJan2026, TimestampUs{0}, last_fit, kJan2026}) {
    seconds.PushBack(instant);
  }
  EXPECT_TRUE(seconds.narrow());
  EXPECT_EQ(seconds.bytes(), 16u);
  EXPECT_EQ(seconds.units(), (std::vector<uint32_t>{1'767'225'600, 0, UINT32_MAX, 1'767'225'600}));
  ExpectRows(seconds, {kJan2026, 0, last_fit, kJan2026});
  // Each instant that does not fit widens the column, and every row reads as it was.
  for (const TimestampUs misfit : {kJan2026 + 250'000, -kSecond, last_fit + kSecond}) {
    TimestampColumn column;
    column.StartNarrow(0, kSecond);
    column.PushBack(kJan2026);
    column.PushBack(misfit);
    column.PushBack(kJan2026 + kSecond);
    EXPECT_FALSE(column.narrow()) << misfit;
    ExpectRows(column, {kJan2026, misfit, kJan2026 + kSecond});
  }
}

TEST(TimestampColumn, WideningKeepsTheRoomReservedForTheNarrowRows) {
  // A chunk reserves for all its rows, then meets milliseconds at its first row: its column
  // must not then grow by doubling.
  TimestampColumn column;
  column.StartNarrow(0, kSecond);
  column.Reserve(100'000);
  column.PushBack(kJan2026);
  column.PushBack(kJan2026 + 250'000);
  EXPECT_FALSE(column.narrow());
  EXPECT_GE(column.capacity(), 100'000u);
  ExpectRows(column, {kJan2026, kJan2026 + 250'000});
}

TEST(TimestampColumn, AppendingKeepsOneNarrowFormAndWidensForTwo) {
  auto seconds = [](std::initializer_list<TimestampUs> instants) {
    TimestampColumn column;
    column.StartNarrow(0, kSecond);
    for (const TimestampUs instant : instants) column.PushBack(instant);
    return column;
  };
  TimestampColumn joined;
  joined.Append(seconds({kJan2026, kJan2026 + kSecond}));  // an empty column takes the form
  joined.Append(seconds({kJan2026 - kSecond}));
  joined.Append(TimestampColumn());  // nothing: no change of form
  EXPECT_TRUE(joined.narrow());
  EXPECT_TRUE(joined.SameNarrowForm(seconds({})));
  ExpectRows(joined, {kJan2026, kJan2026 + kSecond, kJan2026 - kSecond});
  TimestampColumn other = Wide({kJan2026 + 7 * kSecond, kJan2026 + 9 * kSecond});
  ASSERT_TRUE(other.Narrow());  // base kJan2026 + 7 s, scale 2 s
  EXPECT_FALSE(joined.SameNarrowForm(other));
  joined.Append(other);
  EXPECT_FALSE(joined.narrow());
  ExpectRows(joined, {kJan2026, kJan2026 + kSecond, kJan2026 - kSecond, kJan2026 + 7 * kSecond,
                      kJan2026 + 9 * kSecond});
}

TEST(TimestampColumn, AssignedUnitsReadAsBasePlusUnitsTimesScale) {
  TimestampColumn column;
  column.AssignNarrow(kJan2026, 1'000, {0, 5, 4'000'000'000u});
  ExpectRows(column, {kJan2026, kJan2026 + 5'000, kJan2026 + 4'000'000'000'000});
  column.Widen();
  EXPECT_FALSE(column.narrow());
  ExpectRows(column, {kJan2026, kJan2026 + 5'000, kJan2026 + 4'000'000'000'000});
  EXPECT_TRUE(TimestampColumn().empty());
  EXPECT_FALSE(TimestampColumn().Narrow());  // nothing to narrow
}

}  // namespace
}  // namespace payback
