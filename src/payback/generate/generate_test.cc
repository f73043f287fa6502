#include "payback/generate/generate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "payback/generate/generate_test_util.h"
#include "payback/settings/settings_yaml.h"

namespace payback {
namespace {

using generate_test::Lines;
using generate_test::ReadFile;
using generate_test::ScratchDir;
using generate_test::SmallRun;
using generate_test::SplitCsv;
namespace fs = std::filesystem;

/// The files each preset writes, in the order GenerateSummary::files lists them.
std::vector<std::string> FilesOf(const std::string& preset) {
  if (preset == "call_center") {
    return {"settings.yaml", "campaigns.csv", "events.csv", "timesheets.csv"};
  }
  if (preset == "bank") return {"settings.yaml", "campaigns.csv", "events.csv", "snapshots.csv"};
  return {"settings.yaml", "campaigns.csv", "events.csv"};
}

class EveryPreset : public testing::TestWithParam<const char*> {};

INSTANTIATE_TEST_SUITE_P(Generate, EveryPreset,
                         testing::Values("messaging", "sms", "call_center", "bank", "web"));

TEST_P(EveryPreset, SameOptionsGiveIdenticalBytes) {
  const std::string preset = GetParam();
  const fs::path first = ScratchDir(preset + "_same_a");
  const fs::path second = ScratchDir(preset + "_same_b");
  ASSERT_TRUE(GenerateDataset(SmallRun(first, 3000, preset)).ok());
  ASSERT_TRUE(GenerateDataset(SmallRun(second, 3000, preset)).ok());
  for (const std::string& file : FilesOf(preset)) {
    const std::string lhs = ReadFile(first / file);
    EXPECT_FALSE(lhs.empty()) << file;
    EXPECT_EQ(lhs, ReadFile(second / file)) << file;
  }
}

TEST_P(EveryPreset, AnotherSeedGivesOtherEvents) {
  const std::string preset = GetParam();
  const fs::path first = ScratchDir(preset + "_seed_a");
  const fs::path second = ScratchDir(preset + "_seed_b");
  GenerateOptions options = SmallRun(first, 3000, preset);
  ASSERT_TRUE(GenerateDataset(options).ok());
  options.out_dir = second.string();
  options.seed = 43;
  ASSERT_TRUE(GenerateDataset(options).ok());
  EXPECT_NE(ReadFile(first / "events.csv"), ReadFile(second / "events.csv"));
}

TEST_P(EveryPreset, SummaryListsTheFilesInLoadOrder) {
  const std::string preset = GetParam();
  const fs::path dir = ScratchDir(preset + "_summary");
  const Result<GenerateSummary> summary = GenerateDataset(SmallRun(dir, 2000, preset));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const std::vector<std::string> files = FilesOf(preset);
  ASSERT_EQ(summary->files.size(), files.size());
  const std::vector<GeneratedFileKind> kinds = {
      GeneratedFileKind::kSettings, GeneratedFileKind::kCampaigns, GeneratedFileKind::kEvents,
      preset == "bank" ? GeneratedFileKind::kSnapshots : GeneratedFileKind::kTimesheets};
  for (size_t file_idx = 0; file_idx < files.size(); ++file_idx) {
    EXPECT_EQ(summary->files[file_idx].kind, kinds[file_idx]);
    EXPECT_EQ(summary->files[file_idx].path, (dir / files[file_idx]).string());
    EXPECT_TRUE(fs::exists(summary->files[file_idx].path));
  }
  EXPECT_EQ(summary->events, static_cast<int64_t>(Lines(ReadFile(dir / "events.csv")).size()) - 1);
  EXPECT_EQ(summary->campaigns,
            static_cast<int64_t>(Lines(ReadFile(dir / "campaigns.csv")).size()) - 1);
  const int64_t timesheet_rows =
      preset == "call_center"
          ? static_cast<int64_t>(Lines(ReadFile(dir / "timesheets.csv")).size()) - 1
          : 0;
  EXPECT_EQ(summary->timesheets, timesheet_rows);
  const int64_t snapshot_rows =
      preset == "bank" ? static_cast<int64_t>(Lines(ReadFile(dir / "snapshots.csv")).size()) - 1
                       : 0;
  EXPECT_EQ(summary->snapshots, snapshot_rows);
}

TEST_P(EveryPreset, SettingsParse) {
  const std::string preset = GetParam();
  const fs::path dir = ScratchDir(preset + "_settings");
  ASSERT_TRUE(GenerateDataset(SmallRun(dir, 2000, preset)).ok());
  const Result<Settings> settings = ParseSettingsYaml(ReadFile(dir / "settings.yaml"), "x");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->timezone, preset == "bank" ? "America/Chicago" : "America/New_York");
  EXPECT_FALSE(settings->conversions.empty());
}

// Every event names a campaign of campaigns.csv or none (the messaging preset alone keeps a
// few campaigns deleted from the catalog, as exports do), and events come in time order inside
// the span (90 days to 2026-03-31 by default).
TEST_P(EveryPreset, EventsAreSortedInsideTheSpanAndNameKnownCampaigns) {
  const std::string preset = GetParam();
  const fs::path dir = ScratchDir(preset + "_events");
  ASSERT_TRUE(GenerateDataset(SmallRun(dir, 3000, preset)).ok());
  std::set<std::string> catalog;
  const std::vector<std::string> campaign_lines = Lines(ReadFile(dir / "campaigns.csv"));
  for (size_t line_idx = 1; line_idx < campaign_lines.size(); ++line_idx) {
    catalog.insert(SplitCsv(campaign_lines[line_idx])[0]);
  }
  const std::vector<std::string> lines = Lines(ReadFile(dir / "events.csv"));
  ASSERT_GT(lines.size(), 1000u);
  const std::vector<std::string> header = SplitCsv(lines[0]);
  ASSERT_GE(header.size(), 4u);
  EXPECT_EQ(header[0], "user_id");
  EXPECT_EQ(header[1], "ts");
  EXPECT_EQ(header[2], "event");
  EXPECT_EQ(header[3], "campaign_id");
  std::string previous_ts;
  std::set<std::string> unknown;
  int64_t without_campaign = 0;
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    ASSERT_EQ(fields.size(), header.size()) << "line " << line_idx + 1;
    ASSERT_LE(previous_ts, fields[1]) << "line " << line_idx + 1;
    previous_ts = fields[1];
    if (fields[3].empty()) {
      ++without_campaign;
    } else if (catalog.count(fields[3]) == 0) {
      unknown.insert(fields[3]);
    }
  }
  EXPECT_GE(SplitCsv(lines[1])[1], "2026-01-01");
  EXPECT_EQ(previous_ts.substr(0, 10), "2026-03-31");
  EXPECT_GT(without_campaign, 0);
  if (preset == "messaging") {
    EXPECT_FALSE(unknown.empty());
  } else {
    EXPECT_TRUE(unknown.empty()) << *unknown.begin();
  }
}

TEST_P(EveryPreset, ShortSpansAndTinyAccountsWork) {
  const std::string preset = GetParam();
  const fs::path dir = ScratchDir(preset + "_tiny");
  for (const int32_t days : {1, 2, 9}) {
    GenerateOptions options = SmallRun(dir, 1, preset);
    options.days = days;
    options.end_day = 20545;  // 2026-04-02, a Thursday: the data ends on Wednesday 1 April
    const Result<GenerateSummary> summary = GenerateDataset(options);
    ASSERT_TRUE(summary.ok()) << preset << " " << days << ": " << summary.status().ToString();
    const Result<Settings> settings = ParseSettingsYaml(ReadFile(dir / "settings.yaml"), "x");
    ASSERT_TRUE(settings.ok()) << preset << " " << days << ": " << settings.status().ToString();
    const std::vector<std::string> lines = Lines(ReadFile(dir / "events.csv"));
    for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
      EXPECT_GE(SplitCsv(lines[line_idx])[1].substr(0, 10), days == 1 ? "2026-04-01" : "2026-03")
          << preset;
    }
  }
}

TEST(Generate, RejectsBadOptions) {
  const fs::path dir = ScratchDir("bad_options");
  GenerateOptions options = SmallRun(dir);
  options.preset = "insurance";
  EXPECT_EQ(GenerateDataset(options).status().code(), StatusCode::kUsage);
  for (const std::string_view preset_name : kGeneratePresets) {
    const std::string preset(preset_name);
    options = SmallRun(dir, 0, preset);
    EXPECT_EQ(GenerateDataset(options).status().code(), StatusCode::kUsage) << preset;
    options = SmallRun(dir, 100, preset);
    options.days = 3651;
    EXPECT_EQ(GenerateDataset(options).status().code(), StatusCode::kUsage) << preset;
  }
}

}  // namespace
}  // namespace payback
