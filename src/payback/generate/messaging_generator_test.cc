#include "payback/generate/messaging_generator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "payback/generate/generate_test_util.h"

namespace payback {
namespace {

using generate_test::Fnv1a;
using generate_test::Lines;
using generate_test::ReadFile;
using generate_test::ScratchDir;
using generate_test::SmallRun;
using generate_test::SplitCsv;
namespace fs = std::filesystem;

TEST(MessagingGenerator, SameSeedGivesIdenticalBytes) {
  const fs::path first = ScratchDir("same_a");
  const fs::path second = ScratchDir("same_b");
  ASSERT_TRUE(GenerateDataset(SmallRun(first)).ok());
  ASSERT_TRUE(GenerateDataset(SmallRun(second)).ok());
  for (const char* file : {"campaigns.csv", "events.csv", "settings.yaml"}) {
    const std::string lhs = ReadFile(first / file);
    EXPECT_FALSE(lhs.empty()) << file;
    EXPECT_EQ(lhs, ReadFile(second / file)) << file;
  }
}

// The output must be the same on every machine and compiler (GCC and Clang, with or without
// FMA, agree). This pins it: a deliberate change to the generator updates these values, and
// any other change to them is a portability bug.
TEST(MessagingGenerator, OutputMatchesThePinnedFingerprint) {
  const fs::path dir = ScratchDir("golden");
  ASSERT_TRUE(GenerateDataset(SmallRun(dir, 500)).ok());
  EXPECT_EQ(Fnv1a(ReadFile(dir / "campaigns.csv")), 4967398436549359333ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "events.csv")), 15895120272718554196ULL);
}

TEST(MessagingGenerator, EndDayMovesTheDataToEndTheDayBefore) {
  const fs::path dir = ScratchDir("end_day");
  GenerateOptions options = SmallRun(dir, 300);
  options.days = 30;
  options.end_day = 20780;  // 2026-11-23: the data ends on 2026-11-22
  ASSERT_TRUE(GenerateDataset(options).ok());
  std::string first = "9999";
  std::string last = "0000";
  const std::vector<std::string> lines = Lines(ReadFile(dir / "events.csv"));
  for (size_t idx = 1; idx < lines.size(); ++idx) {
    const std::string ts = SplitCsv(lines[idx])[1];
    first = std::min(first, ts);
    last = std::max(last, ts);
  }
  EXPECT_GE(first, "2026-10-24");  // 30 days: 24 October to 22 November
  EXPECT_EQ(last.substr(0, 10), "2026-11-22");

  options.end_day = 20000;  // 2024-10-04 (data to 3 October): accepted
  EXPECT_TRUE(GenerateDataset(options).ok());
  options.end_day = 1000;  // 1972: refused
  EXPECT_EQ(GenerateDataset(options).status().code(), StatusCode::kUsage);
}

TEST(MessagingGenerator, DifferentSeedGivesDifferentData) {
  const fs::path first = ScratchDir("seed_a");
  const fs::path second = ScratchDir("seed_b");
  GenerateOptions options = SmallRun(first);
  ASSERT_TRUE(GenerateDataset(options).ok());
  options.out_dir = second.string();
  options.seed = 43;
  ASSERT_TRUE(GenerateDataset(options).ok());
  EXPECT_NE(ReadFile(first / "events.csv"), ReadFile(second / "events.csv"));
  EXPECT_NE(ReadFile(first / "campaigns.csv"), ReadFile(second / "campaigns.csv"));
}

TEST(MessagingGenerator, EventsFileIsWellFormedAndSorted) {
  const fs::path dir = ScratchDir("events");
  const Result<GenerateSummary> summary = GenerateDataset(SmallRun(dir));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_EQ(summary->files.size(), 3u);
  EXPECT_EQ(summary->files[0].kind, GeneratedFileKind::kSettings);
  EXPECT_EQ(summary->files[1].kind, GeneratedFileKind::kCampaigns);
  EXPECT_EQ(summary->files[2].kind, GeneratedFileKind::kEvents);
  EXPECT_EQ(summary->files[2].path, (dir / "events.csv").string());
  EXPECT_EQ(summary->timesheets, 0);

  const std::vector<std::string> lines = Lines(ReadFile(dir / "events.csv"));
  ASSERT_GT(lines.size(), 1u);
  EXPECT_EQ(lines[0], "user_id,ts,event,campaign_id,message_id,amount,category");
  EXPECT_EQ(static_cast<int64_t>(lines.size()) - 1, summary->events);

  const std::set<std::string> known_events = {
      "Notification Sent", "Notification Delivered", "Notification Viewed", "Notification Clicked",
      "Charged",           "Subscription Started",   "App Launched"};
  std::map<std::string, int64_t> event_counts;
  std::string previous_ts;
  int64_t numbered_messages = 0;
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    ASSERT_EQ(fields.size(), 7u) << "line " << line_idx + 1;
    const std::string& ts = fields[1];
    ASSERT_EQ(ts.size(), 20u) << ts;
    ASSERT_EQ(ts[10], 'T');
    ASSERT_EQ(ts[19], 'Z');
    // Same fixed-width format: string order is time order.
    ASSERT_LE(previous_ts, ts) << "line " << line_idx + 1;
    previous_ts = ts;
    ASSERT_TRUE(known_events.count(fields[2])) << fields[2];
    ++event_counts[fields[2]];
    const bool engagement = fields[2].rfind("Notification ", 0) == 0;
    EXPECT_EQ(engagement, !fields[3].empty()) << "line " << line_idx + 1;
    if (!fields[4].empty()) {
      ++numbered_messages;
      EXPECT_EQ(fields[4][0], 'm');
    }
    if (fields[2] == "Charged") {
      const std::string& amount = fields[5];
      ASSERT_GE(amount.size(), 4u);
      EXPECT_EQ(amount[amount.size() - 3], '.') << amount;
    }
  }
  // The span is the 90 days ending 2026-03-31 (UTC).
  EXPECT_GE(lines[1].substr(lines[1].find(',') + 1, 10), "2026-01-01");
  EXPECT_LE(previous_ts.substr(0, 10), "2026-03-31");
  EXPECT_GT(numbered_messages, 0);

  // The funnel narrows: sent > delivered > viewed > clicked, delivered about 93% of sent.
  const double sent = static_cast<double>(event_counts["Notification Sent"]);
  const double delivered = static_cast<double>(event_counts["Notification Delivered"]);
  EXPECT_GT(delivered / sent, 0.88);
  EXPECT_LT(delivered / sent, 0.97);
  EXPECT_GT(event_counts["Notification Delivered"], event_counts["Notification Viewed"]);
  EXPECT_GT(event_counts["Notification Viewed"], event_counts["Notification Clicked"]);
  EXPECT_GT(event_counts["Notification Clicked"], 0);
  EXPECT_GT(event_counts["Charged"], event_counts["Subscription Started"]);
  EXPECT_GT(event_counts["Subscription Started"], 0);
  EXPECT_GT(event_counts["App Launched"], 0);
}

TEST(MessagingGenerator, CampaignsFileIsWellFormedAndSomeCampaignsExistOnlyInEvents) {
  const fs::path dir = ScratchDir("campaigns");
  const Result<GenerateSummary> summary = GenerateDataset(SmallRun(dir));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  // max(12, min(300, users / 3000)) campaigns in the catalog.
  EXPECT_EQ(summary->campaigns, 12);

  const std::vector<std::string> lines = Lines(ReadFile(dir / "campaigns.csv"));
  ASSERT_EQ(static_cast<int64_t>(lines.size()) - 1, summary->campaigns);
  EXPECT_EQ(lines[0],
            "campaign_id,name,status,created_by,labels,journey_id,channel,delivery_type,kind,"
            "expenses,start,end");
  const std::set<std::string> statuses = {"running", "completed", "stopped", "scheduled",
                                          "awaiting_next_run"};
  const std::set<std::string> channels = {"push", "email", "in_app", "sms", "whatsapp"};
  std::set<std::string> catalog;
  std::set<std::string> names;
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    ASSERT_EQ(fields.size(), 12u) << lines[line_idx];
    EXPECT_TRUE(catalog.insert(fields[0]).second) << "duplicate id " << fields[0];
    EXPECT_TRUE(names.insert(fields[1]).second) << "duplicate name " << fields[1];
    EXPECT_TRUE(statuses.count(fields[2])) << fields[2];
    EXPECT_FALSE(fields[3].empty());
    EXPECT_FALSE(fields[4].empty());
    EXPECT_EQ(fields[8] == "journey", !fields[5].empty()) << lines[line_idx];
    EXPECT_TRUE(channels.count(fields[6])) << fields[6];
    EXPECT_EQ(fields[9][fields[9].size() - 3], '.') << fields[9];
    EXPECT_EQ(fields[10].size(), 20u);
  }

  std::set<std::string> in_events;
  const std::vector<std::string> event_lines = Lines(ReadFile(dir / "events.csv"));
  for (size_t line_idx = 1; line_idx < event_lines.size(); ++line_idx) {
    const std::string campaign = SplitCsv(event_lines[line_idx])[3];
    if (!campaign.empty()) in_events.insert(campaign);
  }
  int64_t orphans = 0;
  for (const std::string& campaign : in_events) orphans += catalog.count(campaign) == 0 ? 1 : 0;
  EXPECT_GE(orphans, 2);
}

TEST(MessagingGenerator, SettingsDefineThePurchaseAndSubscriptionConversions) {
  const fs::path dir = ScratchDir("settings");
  ASSERT_TRUE(GenerateDataset(SmallRun(dir, 100)).ok());
  const std::string settings = ReadFile(dir / "settings.yaml");
  EXPECT_NE(settings.find("timezone: America/New_York"), std::string::npos);
  EXPECT_NE(settings.find("currency: USD"), std::string::npos);
  EXPECT_NE(settings.find("where: \"amount > 0 and category != 'Gift Card'\""), std::string::npos);
  EXPECT_NE(settings.find("event: Subscription Started"), std::string::npos);
}

TEST(MessagingGenerator, WritesAboutTenEventsPerUser) {
  for (const int64_t users : {300, 20000}) {
    const fs::path dir = ScratchDir("ratio_" + std::to_string(users));
    const Result<GenerateSummary> summary = GenerateDataset(SmallRun(dir, users));
    ASSERT_TRUE(summary.ok());
    const double ratio = static_cast<double>(summary->events) / static_cast<double>(users);
    EXPECT_GT(ratio, kMessagingEventsPerUser * 0.9) << users << " users";
    EXPECT_LT(ratio, kMessagingEventsPerUser * 1.1) << users << " users";
  }
}

TEST(MessagingGenerator, ShortSpansAndTinyAccountsWork) {
  const fs::path dir = ScratchDir("tiny");
  GenerateOptions options = SmallRun(dir, 1);
  options.days = 1;
  const Result<GenerateSummary> summary = GenerateDataset(options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const std::vector<std::string> lines = Lines(ReadFile(dir / "events.csv"));
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    EXPECT_EQ(SplitCsv(lines[line_idx])[1].substr(0, 10), "2026-03-31");
  }
}

TEST(MessagingGenerator, RejectsBadOptions) {
  const fs::path dir = ScratchDir("bad");
  GenerateOptions options = SmallRun(dir);
  options.preset = "insurance";
  EXPECT_EQ(GenerateDataset(options).status().code(), StatusCode::kUsage);
  options = SmallRun(dir, 0);
  EXPECT_EQ(GenerateDataset(options).status().code(), StatusCode::kUsage);
  options = SmallRun(dir);
  options.days = 0;
  EXPECT_EQ(GenerateDataset(options).status().code(), StatusCode::kUsage);
  options = SmallRun(dir);
  options.out_dir.clear();
  EXPECT_EQ(GenerateDataset(options).status().code(), StatusCode::kUsage);
}

TEST(MessagingGenerator, ReportsIoErrorWhenTheDirectoryCannotBeCreated) {
  const fs::path dir = ScratchDir("io");
  fs::create_directories(dir);
  const fs::path blocker = dir / "a_file";
  std::ofstream(blocker) << "x";
  const Result<GenerateSummary> summary = GenerateDataset(SmallRun(blocker / "sub"));
  EXPECT_EQ(summary.status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace payback
