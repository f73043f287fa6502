#include "payback/generate/call_center_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>
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

/// One generated operation shared by the tests: 20,000 contacts, so 25 agents.
class CallCenterGeneratorTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(ScratchDir("call_center"));
    const Result<GenerateSummary> summary = GenerateDataset(SmallRun(*dir_, 20000, "call_center"));
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path* dir_;
};
fs::path* CallCenterGeneratorTest::dir_ = nullptr;

TEST_F(CallCenterGeneratorTest, CampaignsAreDialerCampaignsOverCalls) {
  const auto campaigns = ReadCsv(*dir_ / "campaigns.csv");
  EXPECT_EQ(campaigns.size(), 8u);
  for (const auto& campaign : campaigns) {
    EXPECT_EQ(campaign.at("kind"), "dialer");
    EXPECT_EQ(campaign.at("channel"), "call");
    EXPECT_FALSE(campaign.at("name").empty());
    EXPECT_EQ(campaign.at("end").empty(), campaign.at("status") == "running")
        << campaign.at("campaign_id");
  }
}

// About 8% of answered calls are sales, about a fifth of the dials are answered, and every
// call has an agent, a duration and one of the five outcomes.
TEST_F(CallCenterGeneratorTest, OutcomesHaveRealisticRates) {
  const std::vector<std::string> lines = Lines(ReadFile(*dir_ / "events.csv"));
  ASSERT_EQ(lines[0], "user_id,ts,event,campaign_id,agent_id,duration_s,outcome");
  std::map<std::string, int64_t> outcomes;
  std::set<std::string> agents;
  int64_t inbound = 0;
  double sale_seconds = 0;
  double no_answer_seconds = 0;
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    ASSERT_EQ(fields.size(), 7u);
    EXPECT_EQ(fields[2], "call");
    ASSERT_FALSE(fields[4].empty());
    agents.insert(fields[4]);
    const int duration = std::stoi(fields[5]);
    EXPECT_GT(duration, 0);
    ++outcomes[fields[6]];
    inbound += fields[3].empty() ? 1 : 0;
    if (fields[6] == "sale") sale_seconds += duration;
    if (fields[6] == "no_answer") no_answer_seconds += duration;
  }
  const std::set<std::string> known = {"sale", "no_answer", "voicemail", "callback",
                                       "not_interested"};
  for (const auto& [outcome, count] : outcomes) EXPECT_EQ(known.count(outcome), 1u) << outcome;
  EXPECT_EQ(outcomes.size(), 5u);
  EXPECT_EQ(agents.size(), 25u);

  const double calls = static_cast<double>(lines.size() - 1);
  const double answered =
      static_cast<double>(outcomes["sale"] + outcomes["callback"] + outcomes["not_interested"]);
  const double sale_share = static_cast<double>(outcomes["sale"]) / answered;
  EXPECT_GT(sale_share, 0.07);
  EXPECT_LT(sale_share, 0.09);
  EXPECT_GT(answered / calls, 0.18);
  EXPECT_LT(answered / calls, 0.30);
  EXPECT_GT(outcomes["no_answer"], outcomes["voicemail"]);
  EXPECT_GT(outcomes["not_interested"], outcomes["callback"]);
  EXPECT_GT(inbound, 0);
  EXPECT_LT(static_cast<double>(inbound) / calls, 0.02);
  // Sales take minutes, unanswered rings seconds.
  EXPECT_GT(sale_seconds / static_cast<double>(outcomes["sale"]), 300.0);
  EXPECT_LT(no_answer_seconds / static_cast<double>(outcomes["no_answer"]), 45.0);
  // About 20 dials per agent-hour over 25 agents and ~64 working days.
  EXPECT_GT(calls, 150000);
  EXPECT_LT(calls, 300000);
}

// Each agent works 6 to 8 paid hours a working day (4 to 5 on a Saturday), never on Sundays;
// the hours spent dialling are booked to the campaign the agent dialled most that day, training
// hours to no campaign.
TEST_F(CallCenterGeneratorTest, TimesheetsBookTheDayToTheCampaignDialledMost) {
  using AgentDay = std::pair<std::string, std::string>;  // (agent_id, local date)
  std::map<AgentDay, std::map<std::string, int64_t>> calls;
  const std::vector<std::string> lines = Lines(ReadFile(*dir_ / "events.csv"));
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    // Shifts end before 19:00 in New York, so a call's UTC date is its local date.
    if (!fields[3].empty()) ++calls[{fields[4], fields[1].substr(0, 10)}][fields[3]];
  }

  const std::vector<std::string> sheet = Lines(ReadFile(*dir_ / "timesheets.csv"));
  ASSERT_EQ(sheet[0], "agent_id,campaign_id,date,hours");
  std::map<AgentDay, double> hours;
  std::set<std::tuple<std::string, std::string, std::string>> identities;
  int64_t training_rows = 0;
  for (size_t line_idx = 1; line_idx < sheet.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(sheet[line_idx]);
    ASSERT_EQ(fields.size(), 4u);
    EXPECT_TRUE(identities.emplace(fields[0], fields[1], fields[2]).second) << sheet[line_idx];
    const AgentDay key{fields[0], fields[2]};
    hours[key] += std::stod(fields[3]);
    if (fields[1].empty()) {
      ++training_rows;
      continue;
    }
    const std::map<std::string, int64_t>& dialled = calls[key];
    ASSERT_FALSE(dialled.empty()) << sheet[line_idx];
    const auto most =
        std::max_element(dialled.begin(), dialled.end(),
                         [](const auto& lhs, const auto& rhs) { return lhs.second < rhs.second; });
    EXPECT_EQ(fields[1], most->first) << sheet[line_idx];
  }
  EXPECT_GT(training_rows, 0);
  for (const auto& [key, day_hours] : hours) {
    EXPECT_GE(day_hours, 4.0) << key.first << " " << key.second;
    EXPECT_LE(day_hours, 8.0) << key.first << " " << key.second;
    EXPECT_NE(key.second, "2026-01-04") << "a Sunday";
    EXPECT_NE(key.second, "2026-01-01") << "New Year's Day";
  }
  // Every agent-day with calls has a timesheet row.
  for (const auto& [key, dialled] : calls) {
    EXPECT_EQ(hours.count(key), 1u) << key.first << " " << key.second;
  }
}

TEST_F(CallCenterGeneratorTest, SettingsHoldTheSeedsValuesCostsAndTargets) {
  const Result<Settings> settings = ParseSettingsYaml(ReadFile(*dir_ / "settings.yaml"), "s");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  ASSERT_EQ(settings->conversions.size(), 1u);
  const ConversionDefinition& sale = settings->conversions[0];
  EXPECT_EQ(sale.name, "Sale");
  EXPECT_EQ(sale.event, "call");
  EXPECT_EQ(sale.where, "outcome = 'sale'");
  EXPECT_EQ(sale.model, "direct");
  EXPECT_EQ(sale.value, "");
  ASSERT_EQ(sale.fixed_values.size(), 3u);
  EXPECT_EQ(sale.fixed_values[0].amount, 120 * kMicrosPerUnit);
  EXPECT_EQ(sale.fixed_values[0].from, "");
  EXPECT_EQ(sale.fixed_values[1].amount, 135 * kMicrosPerUnit);
  EXPECT_EQ(sale.fixed_values[1].from, "2026-02-15");  // the middle of the 90 days
  EXPECT_EQ(sale.fixed_values[2].amount, 200 * kMicrosPerUnit);
  std::set<std::string> campaigns;
  for (const auto& campaign : ReadCsv(*dir_ / "campaigns.csv")) {
    campaigns.insert(campaign.at("campaign_id"));
  }
  EXPECT_EQ(campaigns.count(sale.fixed_values[2].campaign), 1u);

  ASSERT_EQ(settings->costs.size(), 4u);
  EXPECT_EQ(settings->costs[0].type, CostLineType::kCall);
  EXPECT_EQ(settings->costs[0].amount, 40000);
  EXPECT_EQ(settings->costs[1].type, CostLineType::kAgentHour);
  EXPECT_EQ(settings->costs[1].amount, 22500000);
  EXPECT_EQ(settings->costs[2].type, CostLineType::kCommission);
  EXPECT_EQ(settings->costs[2].amount, 5 * kMicrosPerUnit);
  EXPECT_EQ(settings->costs[2].campaign, "");
  EXPECT_EQ(settings->costs[3].type, CostLineType::kCommission);
  EXPECT_EQ(settings->costs[3].share_ppm, 50000);
  EXPECT_EQ(campaigns.count(settings->costs[3].campaign), 1u);

  ASSERT_EQ(settings->targets.size(), 3u);
  EXPECT_EQ(settings->targets[0].campaign, "");
  for (const Target& target : settings->targets) {
    EXPECT_EQ(target.month, "2026-03");
    ASSERT_TRUE(target.revenue.has_value());
    ASSERT_TRUE(target.roi.has_value());
    EXPECT_GT(*target.revenue, 0);
    // Positive but not absurd.
    EXPECT_GT(*target.roi, 0.0);
    EXPECT_LT(*target.roi, 5.0);
    if (!target.campaign.empty()) {
      EXPECT_EQ(campaigns.count(target.campaign), 1u);
    }
  }
  EXPECT_NE(settings->targets[1].campaign, settings->targets[2].campaign);
  EXPECT_EQ(settings->custom_metrics.size(), 3u);
}

TEST(CallCenterGenerator, AgentsScaleWithContacts) {
  const fs::path dir = ScratchDir("call_center_agents");
  GenerateOptions options = SmallRun(dir, 4000, "call_center");
  options.days = 14;
  ASSERT_TRUE(GenerateDataset(options).ok());
  std::set<std::string> agents;
  for (const auto& row : ReadCsv(dir / "timesheets.csv")) agents.insert(row.at("agent_id"));
  EXPECT_EQ(agents.size(), 5u);  // 4,000 / kContactsPerAgent
  EXPECT_EQ(ReadCsv(dir / "campaigns.csv").size(), 8u);
}

// The output must be the same on every machine and compiler, like the messaging preset's
// (messaging_generator_test.cc): a deliberate change to the generator updates these values, any
// other change to them is a portability bug.
TEST(CallCenterGenerator, OutputMatchesThePinnedFingerprint) {
  const fs::path dir = ScratchDir("call_center_golden");
  ASSERT_TRUE(GenerateDataset(SmallRun(dir, 2000, "call_center")).ok());
  EXPECT_EQ(Fnv1a(ReadFile(dir / "campaigns.csv")), 468708694477454192ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "events.csv")), 3439187096749296342ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "settings.yaml")), 7561910051892890462ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "timesheets.csv")), 7584015229837691944ULL);
}

}  // namespace
}  // namespace payback
