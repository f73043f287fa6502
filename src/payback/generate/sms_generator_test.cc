#include "payback/generate/sms_generator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "payback/generate/generate_test_util.h"
#include "payback/settings/settings_yaml.h"

namespace payback {
namespace {

using generate_test::Fnv1a;
using generate_test::Lines;
using generate_test::ReadCsv;
using generate_test::ReadFile;
using generate_test::ScratchDir;
using generate_test::SmallRun;
using generate_test::SplitCsv;
namespace fs = std::filesystem;

/// One generated account shared by the tests (generating it once keeps the suite fast).
class SmsGeneratorTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(ScratchDir("sms"));
    const Result<GenerateSummary> summary = GenerateDataset(SmallRun(*dir_, 8000, "sms"));
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path* dir_;
};
fs::path* SmsGeneratorTest::dir_ = nullptr;

TEST_F(SmsGeneratorTest, CampaignsAreBroadcastsAndExperiencesOverSmsAndAFewMms) {
  const auto campaigns = ReadCsv(*dir_ / "campaigns.csv");
  EXPECT_GE(campaigns.size(), 18u);
  EXPECT_LE(campaigns.size(), 24u);
  std::map<std::string, int> kinds;
  std::map<std::string, int> channels;
  std::set<std::string> ids;
  for (const auto& campaign : campaigns) {
    EXPECT_TRUE(ids.insert(campaign.at("campaign_id")).second) << campaign.at("campaign_id");
    ++kinds[campaign.at("kind")];
    ++channels[campaign.at("channel")];
    EXPECT_EQ(campaign.at("start").size(), 20u);
  }
  EXPECT_EQ(kinds.size(), 2u);
  EXPECT_GE(kinds["broadcast"], 10);
  EXPECT_GE(kinds["experience"], 5);
  EXPECT_EQ(channels.size(), 2u);
  EXPECT_GE(channels["mms"], 2);
  EXPECT_GT(channels["sms"], channels["mms"] * 3);
}

TEST_F(SmsGeneratorTest, SentEventsCarrySegmentsAndRepliesComeWithAndWithoutCampaign) {
  std::map<std::string, std::string> channel_of;
  for (const auto& campaign : ReadCsv(*dir_ / "campaigns.csv")) {
    channel_of[campaign.at("campaign_id")] = campaign.at("channel");
  }
  const std::vector<std::string> lines = Lines(ReadFile(*dir_ / "events.csv"));
  ASSERT_EQ(lines[0], "user_id,ts,event,campaign_id,segments,keyword,amount");
  std::map<std::string, int64_t> counts;
  std::map<std::string, int64_t> segments_by_count;
  int64_t campaign_replies = 0;
  std::map<std::string, int64_t> keyword_replies;
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    ASSERT_EQ(fields.size(), 7u);
    const std::string& event = fields[2];
    ++counts[event];
    if (event == "sent") {
      ASSERT_FALSE(fields[3].empty());
      ASSERT_FALSE(fields[4].empty()) << "line " << line_idx + 1;
      const int segments = std::stoi(fields[4]);
      EXPECT_GE(segments, 1);
      EXPECT_LE(segments, channel_of[fields[3]] == "mms" ? 1 : 3) << fields[3];
      ++segments_by_count[fields[4]];
    } else if (event == "received") {
      EXPECT_FALSE(fields[4].empty()) << "line " << line_idx + 1;
      if (fields[3].empty()) {
        ++keyword_replies[fields[5]];
      } else {
        EXPECT_TRUE(fields[5].empty());
        ++campaign_replies;
      }
    } else {
      EXPECT_TRUE(fields[4].empty()) << "line " << line_idx + 1;
    }
    if (event == "Order Placed") {
      EXPECT_TRUE(fields[3].empty());
      ASSERT_GE(fields[6].size(), 4u);
      EXPECT_EQ(fields[6][fields[6].size() - 3], '.');
    } else {
      EXPECT_TRUE(fields[6].empty());
    }
  }
  EXPECT_EQ(counts.size(), 5u);             // sent, delivered, clicked, received, Order Placed
  EXPECT_EQ(segments_by_count.size(), 3u);  // 1, 2 and 3 segments
  EXPECT_GT(campaign_replies, 0);
  EXPECT_GT(keyword_replies["STOP"], 0);
  EXPECT_GT(keyword_replies["HELP"], 0);
  EXPECT_EQ(keyword_replies.size(), 2u);
  // The funnel: most texts are delivered, a few percent clicked, a fraction of that orders.
  const double sent = static_cast<double>(counts["sent"]);
  EXPECT_GT(static_cast<double>(counts["delivered"]) / sent, 0.93);
  EXPECT_LT(static_cast<double>(counts["delivered"]) / sent, 0.99);
  EXPECT_GT(static_cast<double>(counts["clicked"]) / sent, 0.05);
  EXPECT_LT(static_cast<double>(counts["clicked"]) / sent, 0.15);
  EXPECT_GT(counts["Order Placed"], counts["clicked"] / 20);
}

TEST_F(SmsGeneratorTest, NoTextAfterStop) {
  std::map<std::string, std::string> stopped_at;
  const std::vector<std::string> lines = Lines(ReadFile(*dir_ / "events.csv"));
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    if (fields[2] == "received" && fields[5] == "STOP") stopped_at.emplace(fields[0], fields[1]);
    if (fields[2] == "sent" && stopped_at.count(fields[0]) > 0) {
      ADD_FAILURE() << fields[0] << " got a text at " << fields[1] << " after STOP at "
                    << stopped_at[fields[0]];
    }
  }
  EXPECT_GT(stopped_at.size(), 10u);
}

TEST_F(SmsGeneratorTest, SettingsHoldTheSeedsConversionCostsAndTargets) {
  const Result<Settings> settings = ParseSettingsYaml(ReadFile(*dir_ / "settings.yaml"), "s");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  ASSERT_EQ(settings->conversions.size(), 1u);
  const ConversionDefinition& purchase = settings->conversions[0];
  EXPECT_EQ(purchase.name, "Purchase");
  EXPECT_EQ(purchase.event, "Order Placed");
  EXPECT_EQ(purchase.value, "amount");
  EXPECT_EQ(purchase.window_s, 5 * 86400);
  EXPECT_EQ(purchase.touch, "clicked");
  ASSERT_EQ(settings->custom_metrics.size(), 1u);
  EXPECT_EQ(settings->custom_metrics[0].name, "Cost Efficiency");
  EXPECT_EQ(settings->custom_metrics[0].formula, "Revenue / Cost");

  ASSERT_EQ(settings->costs.size(), 6u);
  const auto line = [&](size_t idx) { return settings->costs[idx]; };
  EXPECT_EQ(line(0).type, CostLineType::kMessage);
  EXPECT_EQ(line(0).channel, "sms");
  EXPECT_EQ(line(0).direction, MessageDirection::kOutbound);
  EXPECT_EQ(line(0).amount, 7900);
  EXPECT_EQ(line(1).channel, "mms");
  EXPECT_EQ(line(1).amount, 20000);
  EXPECT_EQ(line(2).type, CostLineType::kMessage);
  EXPECT_EQ(line(2).direction, MessageDirection::kInbound);
  EXPECT_EQ(line(2).channel, "");
  EXPECT_EQ(line(2).amount, 7900);
  EXPECT_EQ(line(3).type, CostLineType::kCarrierFee);
  EXPECT_EQ(line(3).amount, 3000);
  EXPECT_EQ(line(3).from, "");
  EXPECT_EQ(line(4).type, CostLineType::kCarrierFee);
  // The price change falls in the middle of the 90 days to 2026-03-31.
  EXPECT_EQ(line(4).from, "2026-02-15");
  EXPECT_GT(line(4).amount, line(3).amount);
  EXPECT_EQ(line(5).type, CostLineType::kPlatformFee);
  EXPECT_EQ(line(5).period, FeePeriod::kQuarter);
  EXPECT_EQ(line(5).amount, 1500 * kMicrosPerUnit);

  // The data's last month: the workspace (revenue and ROI) and two campaigns (revenue).
  ASSERT_EQ(settings->targets.size(), 3u);
  EXPECT_EQ(settings->targets[0].campaign, "");
  EXPECT_TRUE(settings->targets[0].revenue.has_value());
  EXPECT_TRUE(settings->targets[0].roi.has_value());
  std::set<std::string> campaigns;
  for (const auto& campaign : ReadCsv(*dir_ / "campaigns.csv")) {
    campaigns.insert(campaign.at("campaign_id"));
  }
  for (const Target& target : settings->targets) {
    EXPECT_EQ(target.month, "2026-03");
    ASSERT_TRUE(target.revenue.has_value());
    EXPECT_GT(*target.revenue, 0);
    if (!target.campaign.empty()) {
      EXPECT_EQ(campaigns.count(target.campaign), 1u);
    }
  }
  EXPECT_NE(settings->targets[1].campaign, settings->targets[2].campaign);
}

TEST(SmsGenerator, TargetsFollowTheEndDate) {
  const fs::path dir = ScratchDir("sms_end");
  GenerateOptions options = SmallRun(dir, 500, "sms");
  options.days = 60;
  options.end_day = 20780;  // 2026-11-23: the data ends on 2026-11-22
  ASSERT_TRUE(GenerateDataset(options).ok());
  const Result<Settings> settings = ParseSettingsYaml(ReadFile(dir / "settings.yaml"), "s");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->costs[4].from, "2026-10-24");  // 30 days into 24 September .. 22 November
  for (const Target& target : settings->targets) EXPECT_EQ(target.month, "2026-11");
}

// The output must be the same on every machine and compiler, like the messaging preset's
// (messaging_generator_test.cc): a deliberate change to the generator updates these values, any
// other change to them is a portability bug.
TEST(SmsGenerator, OutputMatchesThePinnedFingerprint) {
  const fs::path dir = ScratchDir("sms_golden");
  ASSERT_TRUE(GenerateDataset(SmallRun(dir, 500, "sms")).ok());
  EXPECT_EQ(Fnv1a(ReadFile(dir / "campaigns.csv")), 13170487174478461111ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "events.csv")), 11263785500528019620ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "settings.yaml")), 3839989756765813524ULL);
}

}  // namespace
}  // namespace payback
