#include "payback/generate/web_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "payback/generate/calendar.h"
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

constexpr int64_t kDay = 86400;
constexpr int64_t kWeek = 7 * kDay;

/// "2026-03-01T10:15:00Z" -> seconds since 1970.
int64_t ParseTs(const std::string& text) {
  const int64_t day = generate::DaysFromCivil(
      std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)), std::stoi(text.substr(8, 2)));
  const int64_t hour = std::stoi(text.substr(11, 2));
  const int64_t minute = std::stoi(text.substr(14, 2));
  return day * kDay + hour * 3600 + minute * 60 + std::stoi(text.substr(17, 2));
}

/// The New York hour of a UTC second.
int64_t NewYorkHour(int64_t ts) {
  const int64_t local = ts - generate::NewYorkToUtcHours(ts / 86400) * 3600;
  return (local % 86400 + 86400) % 86400 / 3600;
}

/// A money field: digits, a point, two decimals.
bool IsMoney(const std::string& text) {
  if (text.size() < 4 || text[text.size() - 3] != '.') return false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (pos != text.size() - 3 && (text[pos] < '0' || text[pos] > '9')) return false;
  }
  return true;
}

/// One visitor's life with one campaign.
struct VisitorCampaign {
  std::vector<std::string> groups;  // every assignment, in order
  int64_t assigned_ts = -1;         // the first assignment
  int64_t first_eligible_ts = -1;
  int64_t first_exposure_ts = -1;
  int64_t exposures = 0;
  int64_t engagements = 0;
};

struct TimedValue {
  int64_t ts;
  double value;
};

/// What the tests read from a generated site.
struct Site {
  std::map<std::string, std::map<std::string, std::string>> campaigns;
  std::map<std::string, int64_t> counts;  // per event name
  // campaign -> visitor -> its funnel
  std::map<std::string, std::map<std::string, VisitorCampaign>> funnels;
  std::map<std::string, std::map<std::string, int64_t>> engagement_types;  // campaign -> type
  std::map<std::string, std::vector<int64_t>> exposure_times;              // campaign -> ts
  // visitor -> its conversions
  std::map<std::string, std::vector<TimedValue>> purchases;
  std::map<std::string, std::vector<int64_t>> leads;  // "visitor/form"
  std::map<std::string, std::vector<int64_t>> signups;
  std::map<std::string, std::vector<int64_t>> page_views;

  bool Controlled(const std::string& campaign) const {
    for (const auto& [visitor, funnel] : funnels.at(campaign)) {
      if (!funnel.groups.empty()) return true;
    }
    return false;
  }
};

Site ReadSite(const fs::path& dir) {
  Site site;
  for (auto& campaign : ReadCsv(dir / "campaigns.csv")) {
    site.campaigns[campaign.at("campaign_id")] = campaign;
    site.funnels[campaign.at("campaign_id")];
  }
  const std::vector<std::string> lines = Lines(ReadFile(dir / "events.csv"));
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    const std::string& visitor = fields[0];
    const int64_t ts = ParseTs(fields[1]);
    const std::string& event = fields[2];
    const std::string& campaign = fields[3];
    ++site.counts[event];
    if (event == "purchase") {
      site.purchases[visitor].push_back(TimedValue{ts, std::stod(fields[8])});
    } else if (event == "lead") {
      site.leads[visitor + "/" + fields[7]].push_back(ts);
    } else if (event == "signup") {
      site.signups[visitor].push_back(ts);
    } else if (event == "page_view") {
      site.page_views[visitor].push_back(ts);
    }
    if (campaign.empty()) continue;
    VisitorCampaign& funnel = site.funnels[campaign][visitor];
    if (event == "eligible" && funnel.first_eligible_ts < 0) funnel.first_eligible_ts = ts;
    if (event == "assignment") {
      funnel.groups.push_back(fields[4]);
      if (funnel.assigned_ts < 0) funnel.assigned_ts = ts;
    }
    if (event == "exposure") {
      ++funnel.exposures;
      if (funnel.first_exposure_ts < 0) funnel.first_exposure_ts = ts;
    }
    if (event == "engagement") {
      ++funnel.engagements;
      ++site.engagement_types[campaign][fields[5]];
    }
    if (event == "exposure") site.exposure_times[campaign].push_back(ts);
  }
  return site;
}

/// What one group of a campaign did in the week after its assignment (the lift's rule).
struct GroupOutcome {
  int64_t users = 0;
  int64_t converters = 0;
  int64_t purchases = 0;
  double revenue = 0.0;
  int64_t signups = 0;
  int64_t leads = 0;       // of the campaign's lead form, if any
  int64_t page_views = 0;  // in the day after the assignment

  double Rate() const { return users == 0 ? 0.0 : static_cast<double>(converters) / users; }
  double PerUser(int64_t count) const {
    return users == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(users);
  }
};

/// Counts the events in [from, from + window] of one visitor.
int64_t CountIn(const std::map<std::string, std::vector<int64_t>>& events,
                const std::string& visitor, int64_t from, int64_t window) {
  const auto found = events.find(visitor);
  if (found == events.end()) return 0;
  return std::count_if(found->second.begin(), found->second.end(),
                       [&](int64_t ts) { return ts >= from && ts - from <= window; });
}

/// The outcomes of a campaign's control and treatment groups; `lead_form` names the form whose
/// leads count.
std::map<std::string, GroupOutcome> Outcomes(const Site& site, const std::string& campaign,
                                             const std::string& lead_form = "") {
  std::map<std::string, GroupOutcome> outcomes;
  for (const auto& [visitor, funnel] : site.funnels.at(campaign)) {
    if (funnel.groups.empty()) continue;
    GroupOutcome& outcome = outcomes[funnel.groups[0]];
    ++outcome.users;
    const int64_t from = funnel.assigned_ts;
    int64_t purchases = 0;
    if (const auto found = site.purchases.find(visitor); found != site.purchases.end()) {
      for (const TimedValue& purchase : found->second) {
        if (purchase.ts < from || purchase.ts - from > kWeek) continue;
        ++purchases;
        outcome.revenue += purchase.value;
      }
    }
    outcome.purchases += purchases;
    outcome.converters += purchases > 0 ? 1 : 0;
    outcome.signups += CountIn(site.signups, visitor, from, kWeek);
    std::string lead_key = visitor;
    lead_key += '/';
    lead_key += lead_form;
    outcome.leads += CountIn(site.leads, lead_key, from, kWeek);
    outcome.page_views += CountIn(site.page_views, visitor, from, kDay);
  }
  return outcomes;
}

/// One generated site shared by the tests: 20,000 visitors over the default 90 days to
/// 2026-03-31.
class WebGeneratorTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(ScratchDir("web"));
    const Result<GenerateSummary> summary = GenerateDataset(SmallRun(*dir_, 20000, "web"));
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    summary_ = new GenerateSummary(*summary);
    site_ = new Site(ReadSite(*dir_));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete summary_;
    delete site_;
    dir_ = nullptr;
    summary_ = nullptr;
    site_ = nullptr;
  }
  static fs::path* dir_;
  static GenerateSummary* summary_;
  static Site* site_;
};
fs::path* WebGeneratorTest::dir_ = nullptr;
GenerateSummary* WebGeneratorTest::summary_ = nullptr;
Site* WebGeneratorTest::site_ = nullptr;

TEST_F(WebGeneratorTest, CampaignsAreWebEngagementsWithBusinessAndAssistingGoals) {
  const std::vector<std::string> header = SplitCsv(Lines(ReadFile(*dir_ / "campaigns.csv"))[0]);
  EXPECT_EQ(header,
            (std::vector<std::string>{"campaign_id", "name", "status", "created_by", "labels",
                                      "channel", "kind", "goal_type", "expenses", "start", "end"}));
  const auto& campaigns = site_->campaigns;
  EXPECT_GE(campaigns.size(), 10u);
  EXPECT_LE(campaigns.size(), 14u);
  std::map<std::string, int> goal_types;
  int with_expenses = 0;
  int controlled = 0;
  for (const auto& [id, campaign] : campaigns) {
    EXPECT_EQ(campaign.at("channel"), "web") << id;
    EXPECT_EQ(campaign.at("kind"), "web") << id;
    EXPECT_FALSE(campaign.at("name").empty()) << id;
    EXPECT_FALSE(campaign.at("labels").empty()) << id;
    EXPECT_FALSE(campaign.at("created_by").empty()) << id;
    ++goal_types[campaign.at("goal_type")];
    // Runs inside the data: from a New York midnight of the span to its last day.
    ASSERT_EQ(campaign.at("start").size(), 20u) << id;
    ASSERT_EQ(campaign.at("end").size(), 20u) << id;
    EXPECT_GE(campaign.at("start"), "2026-01-01T05:00:00Z") << id;
    EXPECT_LT(campaign.at("start"), campaign.at("end")) << id;
    EXPECT_LE(campaign.at("end"), "2026-04-01T04:00:00Z") << id;
    EXPECT_EQ(campaign.at("status"), campaign.at("end") >= "2026-03-31" ? "running" : "completed")
        << id;
    if (!campaign.at("expenses").empty()) {
      ++with_expenses;
      EXPECT_TRUE(IsMoney(campaign.at("expenses"))) << id << ": " << campaign.at("expenses");
      EXPECT_GT(std::stod(campaign.at("expenses")), 500.0) << id;
    }
    controlled += site_->Controlled(id) ? 1 : 0;
  }
  EXPECT_EQ(goal_types.size(), 2u);
  EXPECT_GE(goal_types["business"], 6);
  EXPECT_GE(goal_types["assisting"], 3);
  EXPECT_GE(with_expenses, static_cast<int>(campaigns.size()) - 3);
  // Most campaigns keep a control group, a couple do not.
  EXPECT_GE(controlled, static_cast<int>(campaigns.size()) - 3);
  EXPECT_LE(controlled, static_cast<int>(campaigns.size()) - 2);
  EXPECT_EQ(campaigns.at("winter-coat-sale").at("name"), "Winter coat sale");
  EXPECT_EQ(campaigns.at("checkout-chat").at("name"), "Proactive chat on checkout");
  EXPECT_EQ(campaigns.at("blog-recommendations").at("goal_type"), "assisting");
}

TEST_F(WebGeneratorTest, EventsFollowTheWebContract) {
  const std::vector<std::string> lines = Lines(ReadFile(*dir_ / "events.csv"));
  ASSERT_EQ(lines[0], "user_id,ts,event,campaign_id,group,type,page,form,amount");
  const std::set<std::string> funnel_events = {"eligible", "assignment", "exposure", "engagement"};
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    ASSERT_EQ(fields.size(), 9u) << "line " << line_idx + 1;
    EXPECT_EQ(fields[0].size(), 8u) << "line " << line_idx + 1;  // V0012345
    const std::string& event = fields[2];
    if (funnel_events.count(event) != 0) {
      ASSERT_EQ(site_->campaigns.count(fields[3]), 1u) << "line " << line_idx + 1;
    } else {
      ASSERT_TRUE(fields[3].empty()) << "line " << line_idx + 1;
    }
    if (event == "assignment") {
      ASSERT_TRUE(fields[4] == "control" || fields[4] == "treatment") << "line " << line_idx + 1;
    } else {
      ASSERT_TRUE(fields[4].empty()) << "line " << line_idx + 1;
    }
    if (event == "engagement") {
      ASSERT_TRUE(fields[5] == "chat" || fields[5] == "content") << "line " << line_idx + 1;
    } else {
      ASSERT_TRUE(fields[5].empty()) << "line " << line_idx + 1;
    }
    if (event == "page_view") {
      ASSERT_FALSE(fields[6].empty()) << "line " << line_idx + 1;
      ASSERT_EQ(fields[6][0], '/') << "line " << line_idx + 1;
    } else {
      ASSERT_TRUE(fields[6].empty()) << "line " << line_idx + 1;
    }
    if (event == "lead") {
      ASSERT_TRUE(fields[7] == "store_card" || fields[7] == "design_consultation")
          << "line " << line_idx + 1;
    } else {
      ASSERT_TRUE(fields[7].empty()) << "line " << line_idx + 1;
    }
    if (event == "purchase") {
      ASSERT_TRUE(IsMoney(fields[8])) << "line " << line_idx + 1 << ": " << fields[8];
      ASSERT_GT(std::stod(fields[8]), 0.0) << "line " << line_idx + 1;
    } else {
      ASSERT_TRUE(fields[8].empty()) << "line " << line_idx + 1;
    }
  }
  const auto& counts = site_->counts;
  EXPECT_EQ(counts.size(), 8u);
  for (const char* event : {"eligible", "assignment", "exposure", "engagement", "page_view",
                            "purchase", "lead", "signup"}) {
    EXPECT_GT(counts.count(event), 0u) << event;
  }
  // Every visitor comes at least once; a visit views a few pages.
  EXPECT_EQ(site_->page_views.size(), 20000u);
  EXPECT_GT(counts.at("page_view"), 100000);
  EXPECT_LT(counts.at("page_view"), 200000);
  EXPECT_GT(counts.at("exposure"), counts.at("eligible") / 2);
  EXPECT_LT(counts.at("exposure"), counts.at("eligible"));
  // About one visitor in ten buys over the 90 days, a few thousand orders.
  EXPECT_GT(site_->purchases.size(), 1000u);
  EXPECT_LT(site_->purchases.size(), 3000u);
}

// The control group sees nothing of its campaign: no exposure, no engagement. A visitor is
// assigned once, at its first eligible visit; the treatment is exposed only after that.
TEST_F(WebGeneratorTest, ControlVisitorsAreNeverExposed) {
  for (const auto& [campaign, visitors] : site_->funnels) {
    if (!site_->Controlled(campaign)) {
      for (const auto& [visitor, funnel] : visitors) {
        EXPECT_TRUE(funnel.groups.empty()) << campaign << " " << visitor;
      }
      continue;
    }
    int64_t control = 0;
    int64_t assigned = 0;
    int64_t exposed_treatment = 0;
    for (const auto& [visitor, funnel] : visitors) {
      if (funnel.first_eligible_ts < 0) {
        ADD_FAILURE() << campaign << " " << visitor << ": funnel events without eligibility";
        continue;
      }
      ASSERT_EQ(funnel.groups.size(), 1u) << campaign << " " << visitor;
      EXPECT_EQ(funnel.assigned_ts, funnel.first_eligible_ts) << campaign << " " << visitor;
      ++assigned;
      if (funnel.groups[0] == "control") {
        ++control;
        EXPECT_EQ(funnel.exposures, 0) << campaign << " " << visitor;
        EXPECT_EQ(funnel.engagements, 0) << campaign << " " << visitor;
      } else if (funnel.exposures > 0) {
        ++exposed_treatment;
        EXPECT_GE(funnel.first_exposure_ts, funnel.assigned_ts) << campaign << " " << visitor;
      }
      EXPECT_LE(funnel.engagements, funnel.exposures) << campaign << " " << visitor;
    }
    // 8 or 10% of the visitors, and most of the treatment sees the campaign.
    const double control_share = static_cast<double>(control) / static_cast<double>(assigned);
    EXPECT_GT(control_share, 0.06) << campaign;
    EXPECT_LT(control_share, 0.12) << campaign;
    EXPECT_GT(exposed_treatment, (assigned - control) / 2) << campaign;
  }
}

// Chat campaigns engage 5 to 15% of their exposures with chats, content campaigns 3 to 10% with
// clicks; chat invitations are shown while agents are on (8:00 to 22:00 in New York).
TEST_F(WebGeneratorTest, EngagementsAreChatsOrContentClicks) {
  int chat_campaigns = 0;
  for (const auto& [campaign, types] : site_->engagement_types) {
    ASSERT_EQ(types.size(), 1u) << campaign;
    int64_t exposures = 0;
    int64_t engagements = 0;
    for (const auto& [visitor, funnel] : site_->funnels.at(campaign)) {
      exposures += funnel.exposures;
      engagements += funnel.engagements;
    }
    ASSERT_GT(exposures, 1000) << campaign;
    const double rate = static_cast<double>(engagements) / static_cast<double>(exposures);
    if (types.begin()->first == "chat") {
      ++chat_campaigns;
      EXPECT_GT(rate, 0.05) << campaign;
      EXPECT_LT(rate, 0.15) << campaign;
      for (const int64_t ts : site_->exposure_times.at(campaign)) {
        ASSERT_GE(NewYorkHour(ts), 8) << campaign;
        ASSERT_LT(NewYorkHour(ts), 22) << campaign;
      }
    } else {
      EXPECT_GT(rate, 0.03) << campaign;
      EXPECT_LT(rate, 0.10) << campaign;
    }
  }
  EXPECT_EQ(site_->engagement_types.size(), site_->campaigns.size());
  EXPECT_GE(chat_campaigns, 3);
}

// The seed's lift: the treatment converts clearly more often than the control group in the week
// after the assignment (the control converting at the base rate: 3 to 8% for campaigns shown on
// browsing pages, more at the cart and the checkout), and spends more per visitor.
TEST_F(WebGeneratorTest, TreatmentConvertsMoreThanControl) {
  int measured = 0;
  GroupOutcome control_total;
  GroupOutcome treatment_total;
  for (const auto& [campaign, row] : site_->campaigns) {
    if (!site_->Controlled(campaign)) continue;
    ++measured;
    const auto outcomes = Outcomes(*site_, campaign);
    const GroupOutcome& control = outcomes.at("control");
    const GroupOutcome& treatment = outcomes.at("treatment");
    ASSERT_GT(control.users, 100) << campaign;
    EXPECT_GT(treatment.Rate(), control.Rate() * 1.15)
        << campaign << ": " << treatment.converters << " / " << treatment.users << " vs "
        << control.converters << " / " << control.users;
    EXPECT_LT(treatment.Rate(), control.Rate() * 4.0) << campaign;
    EXPECT_GT(treatment.revenue / treatment.users, control.revenue / control.users * 1.15)
        << campaign;
    const bool at_the_cart = campaign == "free-shipping-banner" || campaign == "checkout-chat" ||
                             campaign == "store-card-offer";
    EXPECT_GT(control.Rate(), at_the_cart ? 0.25 : 0.02) << campaign;
    EXPECT_LT(control.Rate(), at_the_cart ? 0.60 : 0.10) << campaign;
    for (GroupOutcome* total : {&control_total, &treatment_total}) {
      const GroupOutcome& outcome = total == &control_total ? control : treatment;
      total->users += outcome.users;
      total->purchases += outcome.purchases;
      total->revenue += outcome.revenue;
    }
  }
  EXPECT_GE(measured, 8);
  // Exposed visitors spend a little more per order.
  const double control_aov = control_total.revenue / control_total.purchases;
  const double treatment_aov = treatment_total.revenue / treatment_total.purchases;
  EXPECT_GT(treatment_aov, control_aov);
  EXPECT_LT(treatment_aov, control_aov * 1.3);
  EXPECT_GT(control_aov, 100.0);
  EXPECT_LT(control_aov, 250.0);
}

// A campaign also raises the other goals: signups (the welcome offer, the newsletter
// invitation), leads (the store card offer, the design consultation) and pages viewed (blog
// recommendations).
TEST_F(WebGeneratorTest, ExposureRaisesTheOtherGoals) {
  for (const char* campaign : {"welcome-offer", "newsletter-invite"}) {
    const auto outcomes = Outcomes(*site_, campaign);
    const GroupOutcome& control = outcomes.at("control");
    const GroupOutcome& treatment = outcomes.at("treatment");
    EXPECT_GT(treatment.PerUser(treatment.signups), 2.0 * control.PerUser(control.signups))
        << campaign;
  }
  for (const auto& [campaign, form] : std::map<std::string, std::string>{
           {"store-card-offer", "store_card"}, {"design-consultation", "design_consultation"}}) {
    const auto outcomes = Outcomes(*site_, campaign, form);
    const GroupOutcome& control = outcomes.at("control");
    const GroupOutcome& treatment = outcomes.at("treatment");
    EXPECT_GT(treatment.PerUser(treatment.leads), 1.5 * control.PerUser(control.leads)) << campaign;
  }
  const auto blog = Outcomes(*site_, "blog-recommendations");
  EXPECT_GT(blog.at("treatment").PerUser(blog.at("treatment").page_views),
            1.15 * blog.at("control").PerUser(blog.at("control").page_views));
}

TEST_F(WebGeneratorTest, SettingsHoldTheFourGoals) {
  const Result<Settings> settings = ParseSettingsYaml(ReadFile(*dir_ / "settings.yaml"), "s");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->timezone, "America/New_York");
  EXPECT_EQ(settings->currency, "USD");
  ASSERT_EQ(settings->conversions.size(), 4u);
  const std::vector<std::string> names = {"Purchase", "Lead", "Page views", "Signup"};
  const std::vector<std::string> events = {"purchase", "lead", "page_view", "signup"};
  for (size_t idx = 0; idx < names.size(); ++idx) {
    const ConversionDefinition& definition = settings->conversions[idx];
    EXPECT_EQ(definition.name, names[idx]);
    EXPECT_EQ(definition.event, events[idx]);
    EXPECT_EQ(definition.touch, "exposure");
    EXPECT_EQ(definition.model, "any_touch");
    EXPECT_EQ(definition.window_s, (idx == 2 ? 1 : 7) * 86400) << definition.name;
    EXPECT_EQ(definition.value, idx == 0 ? "amount" : "") << definition.name;
  }
  ASSERT_EQ(settings->custom_metrics.size(), 4u);
  EXPECT_EQ(settings->custom_metrics[0].formula, "TOTALS(engagement) / TOTALS(exposure)");
  EXPECT_EQ(settings->custom_metrics[1].formula, "TOTALS(engagement, \"type = 'chat'\")");
  // Besides the campaigns' expenses, only the platform's monthly subscription.
  ASSERT_EQ(settings->costs.size(), 1u);
  EXPECT_EQ(settings->costs[0].type, CostLineType::kPlatformFee);
  EXPECT_EQ(settings->costs[0].period, FeePeriod::kMonth);
  EXPECT_EQ(settings->costs[0].amount, int64_t{2500} * 1'000'000);
}

TEST_F(WebGeneratorTest, SummaryListsTheThreeFiles) {
  ASSERT_EQ(summary_->files.size(), 3u);
  EXPECT_EQ(summary_->files[2].kind, GeneratedFileKind::kEvents);
  EXPECT_EQ(summary_->files[2].path, (*dir_ / "events.csv").string());
  EXPECT_EQ(summary_->campaigns, static_cast<int64_t>(site_->campaigns.size()));
  int64_t events = 0;
  for (const auto& [event, count] : site_->counts) events += count;
  EXPECT_EQ(summary_->events, events);
  EXPECT_EQ(summary_->timesheets, 0);
  EXPECT_EQ(summary_->snapshots, 0);
}

// Campaign budgets follow the site's traffic: ten times the visitors, about ten times the
// expenses.
TEST(WebGenerator, ExpensesFollowTheTraffic) {
  const fs::path small = ScratchDir("web_small_site");
  const fs::path large = ScratchDir("web_large_site");
  ASSERT_TRUE(GenerateDataset(SmallRun(small, 2000, "web")).ok());
  ASSERT_TRUE(GenerateDataset(SmallRun(large, 20000, "web")).ok());
  double small_total = 0.0;
  double large_total = 0.0;
  for (const auto& row : ReadCsv(small / "campaigns.csv")) {
    if (!row.at("expenses").empty()) small_total += std::stod(row.at("expenses"));
  }
  for (const auto& row : ReadCsv(large / "campaigns.csv")) {
    if (!row.at("expenses").empty()) large_total += std::stod(row.at("expenses"));
  }
  EXPECT_GT(large_total, 8.0 * small_total);
  EXPECT_LT(large_total, 12.0 * small_total);
}

TEST(WebGenerator, SameOptionsGiveIdenticalBytes) {
  const fs::path first = ScratchDir("web_same_a");
  const fs::path second = ScratchDir("web_same_b");
  ASSERT_TRUE(GenerateDataset(SmallRun(first, 3000, "web")).ok());
  ASSERT_TRUE(GenerateDataset(SmallRun(second, 3000, "web")).ok());
  for (const char* file : {"settings.yaml", "campaigns.csv", "events.csv"}) {
    const std::string lhs = ReadFile(first / file);
    EXPECT_FALSE(lhs.empty()) << file;
    EXPECT_EQ(lhs, ReadFile(second / file)) << file;
  }
}

// The output must be the same on every machine and compiler, like the other presets': a
// deliberate change to the generator updates these values, any other change to them is a
// portability bug.
TEST(WebGenerator, OutputMatchesThePinnedFingerprint) {
  const fs::path dir = ScratchDir("web_golden");
  ASSERT_TRUE(GenerateDataset(SmallRun(dir, 2000, "web")).ok());
  EXPECT_EQ(Fnv1a(ReadFile(dir / "campaigns.csv")), 12807216585973229930ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "events.csv")), 12648853060365520864ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "settings.yaml")), 15794303635654641505ULL);
}

}  // namespace
}  // namespace payback
