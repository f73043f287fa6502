#include "payback/report/goals.h"

#include <gtest/gtest.h>

#include <vector>

namespace payback {
namespace {

TEST(ProjectMonthTest, AFlatTrendContinuesAtItsMean) {
  const std::vector<double> daily = {10, 10, 10};
  EXPECT_DOUBLE_EQ(ProjectMonth(daily, 30), 300);
}

TEST(ProjectMonthTest, OneDayIsAFlatLine) {
  const std::vector<double> daily = {42};
  EXPECT_DOUBLE_EQ(ProjectMonth(daily, 31), 42 * 31);
}

TEST(ProjectMonthTest, ARisingTrendIsExtended) {
  // y = x over days 1..4 (sum 10); days 5..7 add 5 + 6 + 7 = 18.
  const std::vector<double> daily = {1, 2, 3, 4};
  EXPECT_NEAR(ProjectMonth(daily, 7), 28, 1e-9);
}

TEST(ProjectMonthTest, AFallingTrendStopsAtZero) {
  // y = 10 - 3x: 7, 4, 1 (sum 12); day 4 would be -2, day 5 -5: each counts 0.
  const std::vector<double> daily = {7, 4, 1};
  EXPECT_NEAR(ProjectMonth(daily, 5), 12, 1e-9);
}

TEST(ProjectMonthTest, TheLastDayOfTheMonthProjectsNothingMore) {
  const std::vector<double> daily = {5, 1, 9};
  EXPECT_DOUBLE_EQ(ProjectMonth(daily, 3), 15);
  EXPECT_DOUBLE_EQ(ProjectMonth({}, 30), 0);
}

TEST(GoalStatusTest, GreenFromOneHundredAmberFromEightyPercent) {
  EXPECT_EQ(StatusOfProgress(1.0), GoalStatus::kGreen);
  EXPECT_EQ(StatusOfProgress(2.5), GoalStatus::kGreen);
  EXPECT_EQ(StatusOfProgress(0.9999), GoalStatus::kAmber);
  EXPECT_EQ(StatusOfProgress(0.8), GoalStatus::kAmber);
  EXPECT_EQ(StatusOfProgress(0.7999), GoalStatus::kRed);
  EXPECT_EQ(StatusOfProgress(-1), GoalStatus::kRed);
  EXPECT_EQ(GoalStatusName(GoalStatus::kAmber), "amber");
}

}  // namespace
}  // namespace payback
