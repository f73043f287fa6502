// `payback explain`: the rule behind each credit (issue 6): the window each candidate was held
// to and where it came from, when its campaign reached the user, its sale type, the
// conversion's product, account and valuation, and the touches left out with their reason.
// Every expected value is derived in a comment from the rules (metrics.md, "Attribution" and
// "Bank product campaigns"; docs/bank.md), not from the engine.

#include "payback/report/explain_builder.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "payback/common/time.h"
#include "payback/report/report_builder.h"
#include "payback/store/test_event_store.h"

namespace payback {
namespace {

constexpr int64_t kDay = 86400;
const TimestampUs kMarch1 = *ParseTimestamp("2026-03-01T00:00:00Z", TimeZone());
TimestampUs Day(int64_t day) { return kMarch1 + day * kDay * kMicrosPerSecond; }
constexpr int32_t kMarch = (2026 - 1970) * 12 + 2;

Micros Units(double units) { return static_cast<Micros>(units * kMicrosPerUnit); }

/// A product opened, with its `product` and (unless empty) `account_id`.
TestEvent Opened(std::string user, TimestampUs ts, std::string product, std::string account) {
  std::vector<std::pair<std::string, std::string>> strings = {{"product", std::move(product)}};
  if (!account.empty()) strings.emplace_back("account_id", std::move(account));
  return TestEvent(std::move(user), ts, "product_opened", "", "", {}, std::move(strings));
}

CampaignRecord Campaign(std::string id, std::vector<std::string> promoted,
                        std::optional<int64_t> influence_days) {
  CampaignRecord record;
  record.campaign_id = std::move(id);
  record.name = record.campaign_id;
  record.promoted_products = std::move(promoted);
  record.influence_days = influence_days;
  return record;
}

struct Workspace {
  EventStore store;
  std::vector<CampaignRecord> catalog;
  std::vector<TimesheetRecord> timesheets;
  std::vector<AccountSnapshot> snapshots;
  Settings settings;

  ReportInputs Inputs() const { return ReportInputs{store, catalog, timesheets, snapshots}; }
  Result<Explanation> Explain(const std::string& user, const std::string& model = "") const {
    ExplainRequest request;
    request.user_id = user;
    request.model = model;
    return BuildExplanation(request, Inputs(), settings);
  }
};

// Product Opened: touch viewed, requires delivered, any_touch, window 14d. chk promotes checking
// with its own 30 days, loan promotes loan with its own 10 days, card promotes credit_card (the
// definition's 14 days), news promotes nothing (14 days). The longest window is 30 days.
Workspace MakeBank() {
  Workspace bank;
  bank.store = BuildStore({
      {"u1", Day(1), "reached", "chk"},
      {"u1", Day(1), "opened", "chk"},
      {"u1", Day(2), "reached", "card"},
      {"u1", Day(2), "opened", "card"},
      {"u1", Day(8), "reached", "loan"},
      {"u1", Day(8), "opened", "loan"},
      {"u1", Day(10), "opened", "news"},  // news never reached u1
      Opened("u1", Day(20), "checking", "A1"),
      Opened("u1", Day(31), "credit_card", "A1"),  // April 1
      Opened("u2", Day(5), "checking", ""),
  });
  bank.catalog = {Campaign("chk", {"checking"}, 30), Campaign("loan", {"loan"}, 10),
                  Campaign("card", {"credit_card"}, std::nullopt),
                  Campaign("news", {}, std::nullopt)};
  bank.snapshots = {
      {"A1", kMarch, Units(1000), Units(12.50)},
      {"A1", kMarch + 1, Units(5000), Units(40)},
  };
  ConversionDefinition product;
  product.name = "Product Opened";
  product.event = "product_opened";
  product.touch = "viewed";
  product.requires_event = "delivered";
  product.model = "any_touch";
  product.window_s = 14 * kDay;
  bank.settings.conversions = {product};
  return bank;
}

TEST(ExplainBuilder, HeaderShowsTheDefinitionsTouchRequiresModelAndWindow) {
  const Result<Explanation> explanation = MakeBank().Explain("u1");
  ASSERT_TRUE(explanation.ok()) << explanation.status().ToString();
  EXPECT_EQ(explanation->touch, "viewed");
  EXPECT_EQ(explanation->requires_event, "delivered");
  EXPECT_EQ(explanation->model, "any_touch");
  EXPECT_EQ(explanation->window_s, 14 * kDay);
  EXPECT_TRUE(explanation->campaign_windows);
  EXPECT_FALSE(explanation->direct);
  EXPECT_TRUE(explanation->bank);
  EXPECT_TRUE(explanation->has_snapshots);
}

TEST(ExplainBuilder, CandidatesShowTheirWindowReachAndSale) {
  const Result<Explanation> explanation = MakeBank().Explain("u1");
  ASSERT_TRUE(explanation.ok()) << explanation.status().ToString();
  ASSERT_EQ(explanation->conversions.size(), 2u);

  // Day 20, checking A1: chk's open on day 1 is 19 days back, inside its own 30 days; chk
  // reached u1 on day 1; chk promotes checking: a direct sale, weight 1 (any_touch).
  const ExplainedConversion& first = explanation->conversions[0];
  ASSERT_EQ(first.candidates.size(), 1u);
  const ExplainedTouch& chk = first.candidates[0];
  EXPECT_EQ(chk.campaign_id, "chk");
  EXPECT_EQ(chk.ts, Day(1));
  EXPECT_DOUBLE_EQ(chk.weight, 1.0);
  EXPECT_EQ(chk.window_s, 30 * kDay);
  EXPECT_EQ(chk.window_from, WindowSource::kCampaign);
  EXPECT_EQ(chk.reached_at, Day(1));
  EXPECT_EQ(chk.sale, SaleType::kDirect);

  // Day 31, credit_card: chk's open is exactly 30 days back (the window is inclusive), chk
  // promotes checking only: a related sale.
  const ExplainedConversion& second = explanation->conversions[1];
  ASSERT_EQ(second.candidates.size(), 1u);
  EXPECT_EQ(second.candidates[0].campaign_id, "chk");
  EXPECT_EQ(second.candidates[0].sale, SaleType::kRelated);
}

TEST(ExplainBuilder, ExcludedTouchesCarryTheFirstRuleTheyFail) {
  const Result<Explanation> explanation = MakeBank().Explain("u1");
  ASSERT_TRUE(explanation.ok()) << explanation.status().ToString();
  ASSERT_EQ(explanation->conversions.size(), 2u);

  // Day 20 (longest window back to day -10), in time order:
  //   card day 2: 18 days > the definition's 14 (card has no influence_days); reached day 2
  //   loan day 8: 12 days > loan's own 10
  //   news day 10: 10 days <= 14, but news never reached u1
  const std::vector<ExcludedTouch>& first = explanation->conversions[0].excluded;
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].campaign_id, "card");
  EXPECT_EQ(first[0].ts, Day(2));
  EXPECT_EQ(first[0].reason, ExclusionReason::kOutsideDefinitionWindow);
  EXPECT_EQ(first[0].window_s, 14 * kDay);
  EXPECT_EQ(first[0].window_from, WindowSource::kDefinition);
  EXPECT_EQ(first[0].reached_at, Day(2));
  EXPECT_EQ(first[1].campaign_id, "loan");
  EXPECT_EQ(first[1].reason, ExclusionReason::kOutsideInfluencePeriod);
  EXPECT_EQ(first[1].window_s, 10 * kDay);
  EXPECT_EQ(first[1].window_from, WindowSource::kCampaign);
  EXPECT_EQ(first[2].campaign_id, "news");
  EXPECT_EQ(first[2].reason, ExclusionReason::kNotReached);
  EXPECT_EQ(first[2].reached_at, std::nullopt);

  // Day 31 (longest window back to day 1, inclusive): card 29 days, loan 23 days, news 21 days:
  // all three outside their window; the window is checked before `requires`, so news fails
  // the definition's window, not the reach.
  const std::vector<ExcludedTouch>& second = explanation->conversions[1].excluded;
  ASSERT_EQ(second.size(), 3u);
  EXPECT_EQ(second[0].reason, ExclusionReason::kOutsideDefinitionWindow);
  EXPECT_EQ(second[1].reason, ExclusionReason::kOutsideInfluencePeriod);
  EXPECT_EQ(second[2].campaign_id, "news");
  EXPECT_EQ(second[2].reason, ExclusionReason::kOutsideDefinitionWindow);
}

TEST(ExplainBuilder, ConversionsShowProductAccountAndTheOpeningMonthsSnapshot) {
  const Workspace bank = MakeBank();
  const Result<Explanation> u1 = bank.Explain("u1");
  ASSERT_TRUE(u1.ok()) << u1.status().ToString();
  ASSERT_EQ(u1->conversions.size(), 2u);
  // Day 20 = March 21: A1's March snapshot, 1000 / 12.50.
  const ExplainedConversion& march = u1->conversions[0];
  EXPECT_EQ(march.product, "checking");
  EXPECT_EQ(march.account_id, "A1");
  EXPECT_EQ(march.snapshot_month, kMarch);
  EXPECT_EQ(march.balance, Units(1000));
  EXPECT_EQ(march.profit, Units(12.50));
  // Day 31 = April 1: A1's April snapshot, 5000 / 40, not March's.
  const ExplainedConversion& april = u1->conversions[1];
  EXPECT_EQ(april.product, "credit_card");
  EXPECT_EQ(april.snapshot_month, kMarch + 1);
  EXPECT_EQ(april.balance, Units(5000));
  EXPECT_EQ(april.profit, Units(40));

  // u2: no account_id, no campaign: unattributed and unvalued, nothing left out.
  const Result<Explanation> u2 = bank.Explain("u2");
  ASSERT_TRUE(u2.ok()) << u2.status().ToString();
  ASSERT_EQ(u2->conversions.size(), 1u);
  EXPECT_EQ(u2->conversions[0].product, "checking");
  EXPECT_EQ(u2->conversions[0].account_id, std::nullopt);
  EXPECT_EQ(u2->conversions[0].balance, std::nullopt);
  EXPECT_TRUE(u2->conversions[0].candidates.empty());
  EXPECT_TRUE(u2->conversions[0].excluded.empty());
}

TEST(ExplainBuilder, ExplanationAgreesWithTheReportsBankColumns) {
  // The report credits chk with both of u1's conversions (direct 1, related 1) and values them
  // 1000 + 5000 = 6000.00 / 12.50 + 40 = 52.50: what explain shows conversion by conversion.
  const Workspace bank = MakeBank();
  ReportRequest request;
  const Result<Report> report = BuildReport(request, bank.Inputs(), bank.settings);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const CampaignRow* chk = nullptr;
  for (const CampaignRow& row : report->campaigns) {
    if (row.campaign_id == "chk") chk = &row;
  }
  ASSERT_NE(chk, nullptr);
  EXPECT_DOUBLE_EQ(chk->metrics.conversions, 2);
  EXPECT_DOUBLE_EQ(chk->metrics.direct_conversions, 1);
  EXPECT_DOUBLE_EQ(chk->metrics.related_conversions, 1);
  EXPECT_EQ(chk->metrics.balance_pico, static_cast<__int128>(Units(6000)) * 1'000'000);
  EXPECT_EQ(chk->metrics.profit_pico, static_cast<__int128>(Units(52.50)) * 1'000'000);
}

TEST(ExplainBuilder, JsonAndTextShowTheRuleBehindEachCredit) {
  const Result<Explanation> explanation = MakeBank().Explain("u1");
  ASSERT_TRUE(explanation.ok()) << explanation.status().ToString();
  const nlohmann::json json = nlohmann::json::parse(RenderExplanationJson(*explanation));
  EXPECT_EQ(json["touch"], "viewed");
  EXPECT_EQ(json["requires"], "delivered");
  const nlohmann::json& first = json["conversions"][0];
  EXPECT_EQ(first["product"], "checking");
  EXPECT_EQ(first["account_id"], "A1");
  EXPECT_EQ(first["snapshot_month"], "2026-03");
  EXPECT_EQ(first["balance"], "1000.00");
  EXPECT_EQ(first["profit"], "12.50");
  EXPECT_TRUE(first["valuation"].is_null());
  const nlohmann::json& candidate = first["candidates"][0];
  EXPECT_EQ(candidate["window_s"], 30 * kDay);
  EXPECT_EQ(candidate["window_from"], "campaign influence_days");
  EXPECT_EQ(candidate["reached_at"], "2026-03-02T00:00:00Z");
  EXPECT_EQ(candidate["sale"], "direct");
  ASSERT_EQ(first["excluded"].size(), 3u);
  EXPECT_EQ(first["excluded"][0]["window_from"], "definition");
  EXPECT_EQ(first["excluded"][1]["reason"], "outside the campaign's 10-day influence period");
  EXPECT_TRUE(first["excluded"][2]["reached_at"].is_null());

  const std::string text = RenderExplanationText(*explanation);
  EXPECT_NE(text.find("Rule: touch viewed, requires delivered, model any_touch, window 14d"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    window 30d (campaign influence_days), reached "
                      "2026-03-02T00:00:00+00:00, direct sale\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  left out: 2026-03-11T00:00:00+00:00  opened campaign news: "),
            std::string::npos)
      << text;
}

TEST(ExplainBuilder, ANoSnapshotConversionSaysSoInJson) {
  Workspace bank = MakeBank();
  bank.snapshots = {{"A9", kMarch, Units(1), Units(1)}};  // none of A1
  const Result<Explanation> explanation = bank.Explain("u1");
  ASSERT_TRUE(explanation.ok()) << explanation.status().ToString();
  const nlohmann::json json = nlohmann::json::parse(RenderExplanationJson(*explanation));
  EXPECT_EQ(json["conversions"][0]["valuation"], "no snapshot");
  EXPECT_TRUE(json["conversions"][0]["balance"].is_null());
  EXPECT_TRUE(json["conversions"][0]["profit"].is_null());
}

// A messaging workspace: no catalog windows, no requires, no bank: every candidate has the
// definition's window and no reach or sale; the JSON keeps the bank fields out.
TEST(ExplainBuilder, AMessagingWorkspaceShowsTheDefinitionsWindowOnly) {
  Workspace messaging;
  messaging.store = BuildStore({
      {"u1", Day(1), "clicked", "c1", "", std::nullopt},
      {"u1", Day(2), "clicked", "c2", "", std::nullopt},
      {"u1", Day(3), "Charged", "", "", Units(9)},
  });
  ConversionDefinition purchase;
  purchase.name = "Purchase";
  purchase.event = "Charged";
  purchase.value = "amount";
  purchase.model = "linear";
  messaging.settings.conversions = {purchase};
  const Result<Explanation> explanation = messaging.Explain("u1");
  ASSERT_TRUE(explanation.ok()) << explanation.status().ToString();
  EXPECT_EQ(explanation->touch, "clicked");
  EXPECT_EQ(explanation->requires_event, "");
  EXPECT_FALSE(explanation->bank);
  ASSERT_EQ(explanation->conversions.size(), 1u);
  const ExplainedConversion& conversion = explanation->conversions[0];
  ASSERT_EQ(conversion.candidates.size(), 2u);  // both clicks within 7 days: 1/2 each
  for (const ExplainedTouch& touch : conversion.candidates) {
    EXPECT_DOUBLE_EQ(touch.weight, 0.5);
    EXPECT_EQ(touch.window_s, 7 * kDay);
    EXPECT_EQ(touch.window_from, WindowSource::kDefinition);
    EXPECT_EQ(touch.reached_at, std::nullopt);
    EXPECT_EQ(touch.sale, SaleType::kNone);
  }
  EXPECT_TRUE(conversion.excluded.empty());
  EXPECT_EQ(conversion.product, std::nullopt);

  const nlohmann::json json = nlohmann::json::parse(RenderExplanationJson(*explanation));
  EXPECT_TRUE(json["requires"].is_null());
  const nlohmann::json& first = json["conversions"][0];
  EXPECT_FALSE(first.contains("product"));
  EXPECT_FALSE(first.contains("balance"));
  EXPECT_FALSE(first["candidates"][0].contains("reached_at"));
  EXPECT_FALSE(first["candidates"][0].contains("sale"));
  EXPECT_EQ(first["candidates"][0]["window_from"], "definition");
  EXPECT_TRUE(first["excluded"].empty());
}

// Under `direct` the conversion names its own campaign: no window, no reach, nothing left out.
TEST(ExplainBuilder, DirectLooksNothingUp) {
  Workspace calls;
  calls.store = BuildStore({
      {"u1", Day(1), "clicked", "c1", "", std::nullopt},
      {"u1", Day(2), "sale", "c2", "", Units(50)},
  });
  ConversionDefinition sale;
  sale.name = "Sale";
  sale.event = "sale";
  sale.value = "amount";
  sale.model = "direct";
  calls.settings.conversions = {sale};
  const Result<Explanation> explanation = calls.Explain("u1");
  ASSERT_TRUE(explanation.ok()) << explanation.status().ToString();
  EXPECT_TRUE(explanation->direct);
  ASSERT_EQ(explanation->conversions.size(), 1u);
  const ExplainedConversion& conversion = explanation->conversions[0];
  ASSERT_EQ(conversion.candidates.size(), 1u);
  EXPECT_EQ(conversion.candidates[0].campaign_id, "c2");
  EXPECT_EQ(conversion.candidates[0].window_s, std::nullopt);
  EXPECT_EQ(conversion.candidates[0].window_from, WindowSource::kNone);
  EXPECT_TRUE(conversion.excluded.empty());  // c1's click is not looked at
}

}  // namespace
}  // namespace payback
