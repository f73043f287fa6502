#include "payback/report/day_cube.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "payback/report/distinct_by_day.h"
#include "payback/report/local_days.h"

namespace payback {
namespace {

TEST(DistinctByDay, CountsAnEntityOnceInARangeWhateverItsDaysInside) {
  // Entity A of row 0 occurs on days 1, 2 and 5; entity B on day 2; row 1's C on day 0.
  DistinctByDay distinct(2, 7);
  const std::vector<KeyDay> row0 = {{10, 1}, {10, 2}, {10, 5}, {11, 2}};
  distinct.AddEntities(std::span<const KeyDay>(row0), [](uint64_t) { return 0u; });
  distinct.Add(1, 0, DistinctByDay::kNone);
  distinct.Finish();
  EXPECT_EQ(distinct.Count(0, 0, 6), 2);
  EXPECT_EQ(distinct.Count(0, 2, 2), 2);
  EXPECT_EQ(distinct.Count(0, 2, 5), 2) << "A counts once on days 2 and 5";
  EXPECT_EQ(distinct.Count(0, 3, 4), 0);
  EXPECT_EQ(distinct.Count(0, 3, 6), 1) << "A on day 5, its earlier days outside";
  EXPECT_EQ(distinct.Count(0, 0, 1), 1);
  EXPECT_EQ(distinct.Count(1, 0, 0), 1);
  EXPECT_EQ(distinct.Count(1, 1, 6), 0);
}

TEST(DistinctByDay, MergedPartsEqualABruteForceCountOnEveryRange) {
  // Random entities over 3 rows and 20 days, split over two parts; every range is checked
  // against a count of the entities with a day inside it.
  constexpr uint32_t kRows = 3;
  constexpr uint32_t kDays = 20;
  std::mt19937 rng(7);
  std::vector<std::set<uint32_t>> days_of(300);
  std::vector<uint32_t> row_of(days_of.size());
  for (size_t entity = 0; entity < days_of.size(); ++entity) {
    row_of[entity] = rng() % kRows;
    const int occurrences = 1 + static_cast<int>(rng() % 4);
    for (int idx = 0; idx < occurrences; ++idx) days_of[entity].insert(rng() % kDays);
  }
  DistinctByDay first(kRows, kDays);
  DistinctByDay second(kRows, kDays);
  for (size_t entity = 0; entity < days_of.size(); ++entity) {
    std::vector<KeyDay> occurrences;
    for (const uint32_t day : days_of[entity]) occurrences.push_back(KeyDay{entity, day});
    (entity % 2 ? first : second)
        .AddEntities(std::span<const KeyDay>(occurrences),
                     [&](uint64_t key) { return row_of[key]; });
  }
  first.Merge(std::move(second));
  first.Finish();
  for (uint32_t row = 0; row < kRows; ++row) {
    for (uint32_t from = 0; from < kDays; ++from) {
      for (uint32_t to = from; to < kDays; ++to) {
        int64_t expected = 0;
        for (size_t entity = 0; entity < days_of.size(); ++entity) {
          const auto inside = days_of[entity].lower_bound(from);
          expected += row_of[entity] == row && inside != days_of[entity].end() && *inside <= to;
        }
        ASSERT_EQ(first.Count(row, from, to), expected) << row << " " << from << " " << to;
      }
    }
  }
}

TEST(LocalDays, IndexesInstantsByLocalDayAcrossADaylightSavingChange) {
  // New York, 2026-03-07 .. 2026-03-09: the 8th has 23 hours (clocks go forward at 2:00).
  auto tz = TimeZone::Load("America/New_York");
  ASSERT_TRUE(tz.ok());
  auto parse = [&](const char* text) { return *ParseTimestamp(text, *tz); };
  const auto days =
      LocalDays::Covering(parse("2026-03-07T00:00:00"), parse("2026-03-09T23:59:59"), *tz, 100);
  ASSERT_TRUE(days.has_value());
  EXPECT_EQ(days->count(), 3u);
  EXPECT_EQ(days->IndexOf(parse("2026-03-07T23:59:59")), 0u);
  EXPECT_EQ(days->IndexOf(parse("2026-03-08T00:00:00")), 1u);
  EXPECT_EQ(days->IndexOf(parse("2026-03-08T23:30:00")), 1u);
  EXPECT_EQ(days->IndexOf(parse("2026-03-09T00:00:00")), 2u);
  EXPECT_EQ(FormatDate(days->DayAt(2)), "2026-03-09");

  std::optional<DayRange> range;
  ASSERT_TRUE(days->RangeOf(parse("2026-03-08"), parse("2026-03-10"), *tz, range));
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first, 1u);
  EXPECT_EQ(range->last, 2u);
  ASSERT_TRUE(days->RangeOf(std::nullopt, parse("2026-03-08"), *tz, range));
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first, 0u);
  EXPECT_EQ(range->last, 0u);
  ASSERT_TRUE(days->RangeOf(parse("2026-01-01"), parse("2026-02-01"), *tz, range));
  EXPECT_FALSE(range.has_value()) << "a period before the data covers no day";
  EXPECT_FALSE(days->RangeOf(parse("2026-03-08T00:00:00Z"), std::nullopt, *tz, range))
      << "UTC midnight is not a New York midnight";
  EXPECT_FALSE(LocalDays().RangeOf(std::nullopt, std::nullopt, *tz, range));
}

TEST(LocalDays, RefusesASpanLongerThanItsLimit) {
  const TimeZone utc;
  constexpr TimestampUs kDay = kMicrosPerDay;
  EXPECT_TRUE(LocalDays::Covering(0, 9 * kDay, utc, 10).has_value());
  EXPECT_FALSE(LocalDays::Covering(0, 10 * kDay, utc, 10).has_value());
}

TEST(DayCube, SumsARangeOfDaysAndCountsDistinctMessagesOnce) {
  DayCube cube(2, 3, /*charges_events=*/false);
  DayCube other(2, 3, false);
  ++cube.EngagementsAt(0, 0).events;
  ++cube.EngagementsAt(0, 0).delivered;
  ++other.EngagementsAt(0, 2).events;
  ++other.EngagementsAt(0, 2).delivered;
  // One message delivered on days 0 and 2: one delivered message over [0, 2], two deliveries.
  cube.distinct(DayCube::Distinct::kDeliveredMessages).Add(0, 0, DistinctByDay::kNone);
  other.distinct(DayCube::Distinct::kDeliveredMessages).Add(0, 2, 0);
  other.CreditsAt(1, 1).count = 1;
  other.CreditsAt(1, 1).conversions_weight = DayCube::WeightFixed(0.5);
  other.CreditsAt(1, 1).revenue_pico = 7;
  cube.AddUnattributed(2);
  cube.Merge(std::move(other));
  cube.Finish();
  const DayCube::Totals all = cube.Sum(DayRange{0, 2});
  EXPECT_EQ(all.campaigns[0].delivered, 2);
  EXPECT_EQ(all.campaigns[0].delivered_messages, 1);
  EXPECT_DOUBLE_EQ(all.campaigns[1].conversions, 0.5);
  EXPECT_EQ(all.campaigns[1].revenue_pico, 7);
  EXPECT_EQ(all.active, (std::vector<uint8_t>{1, 1}));
  EXPECT_EQ(all.unattributed, 1);
  const DayCube::Totals last = cube.Sum(DayRange{2, 2});
  EXPECT_EQ(last.campaigns[0].delivered, 1);
  EXPECT_EQ(last.campaigns[0].delivered_messages, 1);
  EXPECT_EQ(last.active, (std::vector<uint8_t>{1, 0}));
  const DayCube::Totals none = cube.Sum(std::nullopt);
  EXPECT_EQ(none.campaigns[0].delivered, 0);
  EXPECT_EQ(none.active, (std::vector<uint8_t>{0, 0}));
}

TEST(DayCube, WeightsAddUpExactlyEnoughWhateverTheirOrder) {
  // Three million thirds make a million credits to within 1e-9, in any order of the threads.
  DayCube cube(1, 1, false);
  DayCube other(1, 1, false);
  for (int idx = 0; idx < 3'000'000; ++idx) {
    DayCube::Credits& credits = (idx % 2 ? cube : other).CreditsAt(0, 0);
    ++credits.count;
    credits.conversions_weight += DayCube::WeightFixed(1.0 / 3.0);
  }
  cube.Merge(std::move(other));
  cube.Finish();
  EXPECT_NEAR(cube.Sum(DayRange{0, 0}).campaigns[0].conversions, 1'000'000.0, 1e-9);
  EXPECT_EQ(DayCube::WeightFixed(1.0), DayCube::kWeightOne);
}

}  // namespace
}  // namespace payback
