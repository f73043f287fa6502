#include "payback/settings/duration.h"

#include <gtest/gtest.h>

namespace payback {
namespace {

TEST(ParseDurationSeconds, AcceptsEveryUnit) {
  EXPECT_EQ(*ParseDurationSeconds("30s"), 30);
  EXPECT_EQ(*ParseDurationSeconds("90m"), 90 * 60);
  EXPECT_EQ(*ParseDurationSeconds("36h"), 36 * 3600);
  EXPECT_EQ(*ParseDurationSeconds("7d"), 7 * 86400);
  EXPECT_EQ(*ParseDurationSeconds("2w"), 14 * 86400);
  EXPECT_EQ(*ParseDurationSeconds("007d"), 7 * 86400);
}

TEST(ParseDurationSeconds, AcceptsTheLongestDuration) {
  EXPECT_EQ(*ParseDurationSeconds("36500d"), kMaxDurationSeconds);
}

TEST(ParseDurationSeconds, RejectsMalformedTextWithColumn) {
  struct Case {
    const char* text;
    int64_t column;
  };
  const Case cases[] = {
      {"", 1},        // empty
      {"7", 2},       // bare number: the unit is required
      {"d", 1},       // no number
      {"-7d", 1},     // sign
      {"+7d", 1},     // sign
      {" 7d", 1},     // space
      {"7 d", 2},     // space before the unit
      {"7D", 2},      // upper-case unit
      {"7y", 2},      // unknown unit
      {"7dd", 2},     // two units
      {"1d12h", 2},   // compound
      {"1.5h", 2},    // fraction
      {"0s", 1},      // not positive
      {"36501d", 1},  // too long
      {"99999999999999999999999w", 1},
  };
  for (const Case& test_case : cases) {
    const Result<int64_t> result = ParseDurationSeconds(test_case.text);
    ASSERT_FALSE(result.ok()) << test_case.text;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput) << test_case.text;
    EXPECT_EQ(result.status().location().column, test_case.column) << test_case.text;
  }
}

TEST(FormatDuration, UsesTheLargestExactUnitButNeverWeeks) {
  EXPECT_EQ(FormatDuration(604800), "7d");
  EXPECT_EQ(FormatDuration(14 * 86400), "14d");
  EXPECT_EQ(FormatDuration(86400), "1d");
  EXPECT_EQ(FormatDuration(36 * 3600), "36h");
  EXPECT_EQ(FormatDuration(90 * 60), "90m");
  EXPECT_EQ(FormatDuration(30), "30s");
  EXPECT_EQ(FormatDuration(86401), "86401s");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (const int64_t seconds :
       {int64_t{1}, int64_t{59}, int64_t{60}, int64_t{3599}, int64_t{3600}, int64_t{86399},
        int64_t{86400}, int64_t{90061}, kMaxDurationSeconds - 1, kMaxDurationSeconds}) {
    const Result<int64_t> parsed = ParseDurationSeconds(FormatDuration(seconds));
    ASSERT_TRUE(parsed.ok()) << seconds;
    EXPECT_EQ(*parsed, seconds);
  }
}

}  // namespace
}  // namespace payback
