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
/// inside): engagements, credits, event costs, distinct messages and users, and the facts.
std::shared_ptr<const ReportScan> RandomScan(bool records_conversions) {
  auto tz = TimeZone::Load("America/New_York");
  EXPECT_TRUE(tz.ok());
  LocalDays days(LocalDay(*ParseTimestamp("2026-03-04T12:00:00", *tz), *tz), kDays, *tz);
  DayCube cube(kCampaigns, kDays, /*charges_events=*/true);
  SelectionFacts facts(/*splits_one_credit=*/true, /*valued=*/false, /*commissions=*/true, kDays,
                       kCampaigns, records_conversions);
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

TEST(ReportScanFile, ASavedScanAnswersEveryRangeOfDaysAsTheScanItself) {
  TempDir temp;
  const auto scan = RandomScan(/*records_conversions=*/false);
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

TEST(ReportScanFile, OnlyScansByDayWithoutConversionsAreSaved) {
  EXPECT_FALSE(CanSaveReportScan(*RandomScan(/*records_conversions=*/true)));
  const ReportScan one_period(LocalDays(), DayCube(kCampaigns, 1, false),
                              SelectionFacts(true, false, false, 1, kCampaigns, false));
  EXPECT_FALSE(CanSaveReportScan(one_period));
  TempDir temp;
  EXPECT_EQ(WriteReportScanFile(temp.File("x"), one_period, "x").code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace payback
