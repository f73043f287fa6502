#include "payback/report/report_scan_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <vector>

#include "payback/common/temp_dir_for_test.h"

namespace payback {
namespace {

constexpr uint32_t kCampaigns = 4;
constexpr uint32_t kDays = 9;

/// A finished scan of random users over kDays days of New York (a daylight saving change
/// inside): engagements, credits, event costs, distinct messages and users, and the facts,
/// with their conversions (as any_touch keeps them) when `records_conversions`.
std::shared_ptr<const ReportScan> RandomScan(bool records_conversions) {
  auto tz = TimeZone::Load("America/New_York");
  EXPECT_TRUE(tz.ok());
  LocalDays days(LocalDay(*ParseTimestamp("2026-03-04T12:00:00", *tz), *tz), kDays, *tz);
  DayCube cube(kCampaigns, kDays, /*charges_events=*/true);
  SelectionFacts facts(/*splits_one_credit=*/!records_conversions, /*valued=*/false,
                       /*commissions=*/true, kDays, kCampaigns, records_conversions);
  std::mt19937 rng(11);
  for (int user = 0; user < 400; ++user) {
    std::vector<KeyDay> reached, opened, credited;
    const int touches = 1 + static_cast<int>(rng() % 5);
    for (int touch = 0; touch < touches; ++touch) {
      const CampaignId campaign = rng() % kCampaigns;
      const uint32_t day = rng() % kDays;
      ++cube.EngagementsAt(campaign, day).events;
      ++cube.EngagementsAt(campaign, day).delivered;
      cube.EventCostAt(campaign, day).message_pico += 1000 + rng() % 7;
      reached.push_back(KeyDay{campaign, day});
      if (rng() % 3 == 0) opened.push_back(KeyDay{campaign, day});
      if (rng() % 4 == 0) {
        DayCube::Credits& credits = cube.CreditsAt(campaign, day);
        ++credits.count;
        credits.conversions_weight += DayCube::WeightFixed(1.0 / 3.0);
        credits.revenue_pico += 5'000'000 + rng() % 1000;
        credited.push_back(KeyDay{campaign, day});
      }
    }
    // A conversion a day the user was credited on, shared by the campaigns of that day.
    std::vector<SelectionFacts::Credit> credits;
    for (size_t idx = 0; idx < credited.size(); ++idx) {
      SelectionFacts::Credit& credit = credits.emplace_back();
      credit.campaign = static_cast<CampaignId>(credited[idx].key);
      credit.weight = 1.0;
      credit.revenue_pico = 5'000'000'000'000;
      credit.commission_pico = 250'000'000'000 + static_cast<__int128>(credit.campaign);
      credit.promotes_any = credit.campaign % 2 == 0;
      credit.direct = credit.campaign == 0;
      const bool last_of_day =
          idx + 1 == credited.size() || credited[idx + 1].day != credited[idx].day;
      if (last_of_day) {
        const uint32_t day = credited[idx].day;
        facts.AddConversion(credits, Micros{5'000'000}, days.DayAt(day), day, nullptr);
        credits.clear();
      }
    }
    for (auto* pairs : {&reached, &opened, &credited}) SortUnique(*pairs);
    cube.distinct(DayCube::Distinct::kReachedUsers).AddEntities(reached, [](uint64_t key) {
      return static_cast<uint32_t>(key);
    });
    facts.AddUser(reached, opened, credited);
  }
  cube.WorkspaceCostAt(3).message_pico += 42;
  cube.AddUnattributed(5);
  cube.Finish();
  facts.Finish();
  return std::make_shared<const ReportScan>(std::move(days), std::move(cube), std::move(facts));
}

class ReportScanFileTest : public ::testing::TestWithParam<bool> {};

TEST_P(ReportScanFileTest, ASavedScanAnswersEveryRangeOfDaysAsTheScanItself) {
  TempDir temp;
  const bool records_conversions = GetParam();
  const auto scan = RandomScan(records_conversions);
  ASSERT_TRUE(CanSaveReportScan(*scan));
  const std::string path = temp.File("scan.pbscan");
  ASSERT_TRUE(WriteReportScanFile(path, *scan, "data 3, settings 2: Purchase|last_touch").ok());
  auto loaded = ReadReportScanFile(path, "data 3, settings 2: Purchase|last_touch");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const ReportScan& saved = **loaded;
  EXPECT_EQ(saved.days.count(), kDays);
  EXPECT_EQ(saved.days.starts(), scan->days.starts());
  EXPECT_EQ(saved.days.DayAt(0), scan->days.DayAt(0));
  const std::vector<uint8_t> every(kCampaigns, 1);
  const std::vector<uint8_t> some = {1, 0, 1, 1};
  EXPECT_TRUE(saved.facts.Answers(every));
  EXPECT_FALSE(saved.facts.Answers(some)) << "each user's pairs are not saved";
  EXPECT_FALSE(saved.facts.AnswersEverySelection());
  EXPECT_TRUE(scan->facts.Answers(some));
  for (uint32_t first = 0; first < kDays; ++first) {
    for (uint32_t last = first; last < kDays; ++last) {
      const DayRange range{first, last};
      const bool whole = first == 0 && last + 1 == kDays;
      const DayCube::Totals expected = scan->cube.Sum(range);
      const DayCube::Totals actual = saved.cube.Sum(range);
      ASSERT_EQ(actual.active, expected.active);
      EXPECT_EQ(actual.unattributed, expected.unattributed);
      EXPECT_EQ(actual.workspace_cost.total(), expected.workspace_cost.total());
      for (CampaignId campaign = 0; campaign < kCampaigns; ++campaign) {
        const MetricValues& want = expected.campaigns[campaign];
        const MetricValues& got = actual.campaigns[campaign];
        EXPECT_EQ(got.delivered, want.delivered);
        EXPECT_EQ(got.reached_users, want.reached_users) << first << ".." << last;
        EXPECT_EQ(got.conversions, want.conversions);
        EXPECT_EQ(got.revenue_pico, want.revenue_pico);
        EXPECT_EQ(got.cost.total(), want.cost.total());
      }
      const SelectionTiles want = scan->facts.Tiles(every, range, whole);
      const SelectionTiles got = saved.facts.Tiles(every, range, whole);
      EXPECT_EQ(got.reached_users, want.reached_users) << first << ".." << last;
      EXPECT_EQ(got.opened_users, want.opened_users);
      EXPECT_EQ(got.unique_conversions, want.unique_conversions);
      EXPECT_EQ(got.conversions, want.conversions) << first << ".." << last;
      EXPECT_EQ(got.revenue_pico, want.revenue_pico);
      EXPECT_EQ(got.commission_pico, want.commission_pico);
      EXPECT_EQ(got.direct_conversions, want.direct_conversions);
      EXPECT_EQ(got.related_conversions, want.related_conversions);
      EXPECT_EQ(got.revenue_by_day, want.revenue_by_day);
      if (records_conversions && last >= first + 2) {
        EXPECT_GT(got.conversions, 0) << "the test has conversions to compare";
      }
      SelectionTiles want_credits, got_credits;
      scan->cube.AddCreditTiles(every, range, scan->days, want_credits);
      saved.cube.AddCreditTiles(every, range, saved.days, got_credits);
      EXPECT_EQ(got_credits.conversions, want_credits.conversions);
      EXPECT_EQ(got_credits.revenue_by_day, want_credits.revenue_by_day);
    }
  }
}

TEST(ReportScanFile, AFileOfAnotherIdentityOrDamagedIsNotRead) {
  TempDir temp;
  const auto scan = RandomScan(false);
  const std::string path = temp.File("scan.pbscan");
  ASSERT_TRUE(WriteReportScanFile(path, *scan, "data 3").ok());
  EXPECT_EQ(ReadReportScanFile(path, "data 4").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ReadReportScanFile(temp.File("missing.pbscan"), "data 3").status().code(),
            StatusCode::kNotFound);
  // No temporary file is left beside it.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(temp.path()),
                          std::filesystem::directory_iterator()),
            1);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (const size_t at : {size_t{20}, bytes.size() / 2, bytes.size() - 30}) {
    std::string damaged = bytes;
    damaged[at] ^= 0x40;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
    EXPECT_FALSE(ReadReportScanFile(path, "data 3").ok()) << "a byte changed at " << at;
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 3);
  EXPECT_FALSE(ReadReportScanFile(path, "data 3").ok()) << "a truncated file";
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutConversions, ReportScanFileTest, ::testing::Bool());

TEST(ReportScanFile, AnyTouchTilesOfEveryCampaignCountASharedConversionOnce) {
  // Facts that keep the conversions (any_touch) give the tiles of every campaign from their
  // sums by day: one conversion credited to two campaigns is one conversion, its value once.
  SelectionFacts facts(/*splits_one_credit=*/false, false, false, 2, 2, /*conversions=*/true);
  std::vector<SelectionFacts::Credit> credits(2);
  credits[0].campaign = 0;
  credits[1].campaign = 1;
  credits[0].weight = credits[1].weight = 1.0;
  facts.AddConversion(credits, Micros{7'250'000}, 20'000, 1, nullptr);
  // And one of campaign 1 alone, the day before.
  facts.AddConversion({credits[1]}, Micros{3'000'000}, 19'999, 0, nullptr);
  facts.Finish();
  const SelectionTiles every = facts.Tiles({1, 1}, DayRange{0, 1}, true);
  EXPECT_EQ(every.conversions, 2.0);
  EXPECT_EQ(every.revenue_pico, 10'250'000'000'000);
  EXPECT_EQ(every.revenue_by_day, (std::map<int32_t, __int128>{{19'999, 3'000'000'000'000},
                                                               {20'000, 7'250'000'000'000}}));
  EXPECT_EQ(facts.Tiles({1, 1}, DayRange{0, 0}, false).conversions, 1.0);
  EXPECT_EQ(facts.Tiles({1, 1}, DayRange{1, 1}, false).revenue_pico, 7'250'000'000'000);
  EXPECT_EQ(facts.Tiles({0, 1}, DayRange{1, 1}, false).conversions, 1.0);
  EXPECT_EQ(facts.Tiles({1, 0}, DayRange{0, 1}, true).conversions, 1.0);
}

TEST(ReportScanFile, OnlyScansByDayAreSaved) {
  EXPECT_TRUE(CanSaveReportScan(*RandomScan(/*records_conversions=*/true)));
  const ReportScan one_period(LocalDays(), DayCube(kCampaigns, 1, false),
                              SelectionFacts(true, false, false, 1, kCampaigns, false));
  EXPECT_FALSE(CanSaveReportScan(one_period));
  TempDir temp;
  EXPECT_EQ(WriteReportScanFile(temp.File("x"), one_period, "x").code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace payback
