// Bank product campaigns (metrics.md, "Bank product campaigns"; docs/bank.md) as BuildReport
// shows them: a small store written by hand, every expected number derived in a comment from
// the rules, not from the engine.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "payback/common/money.h"
#include "payback/common/time.h"
#include "payback/report/report_builder.h"
#include "payback/report/report_render.h"
#include "payback/report/report_scan_cache.h"
#include "payback/report/roi_metrics.h"
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
                        std::optional<int64_t> influence_days, std::optional<Micros> expenses) {
  CampaignRecord record;
  record.campaign_id = std::move(id);
  record.name = record.campaign_id;
  record.promoted_products = std::move(promoted);
  record.influence_days = influence_days;
  record.expenses = expenses;
  return record;
}

struct Bank {
  EventStore store;
  std::vector<CampaignRecord> catalog;
  std::vector<TimesheetRecord> timesheets;
  std::vector<AccountSnapshot> snapshots;
  Settings settings;
  ReportRequest request;

  Result<Report> Build() const {
    return BuildReport(request, ReportInputs{store, catalog, timesheets, snapshots}, settings);
  }
};

// checking_promo promotes checking (its own 30-day influence period, $57 expenses), card_promo
// promotes credit_card (the definition's 14 days), newsletter promotes nothing.
Bank MakeBank() {
  Bank bank;
  bank.store = BuildStore({
      // u1: reached and opened both promos on day 1; opens a checking account on day 20:
      // inside checking_promo's 30 days, outside card_promo's 14 -> checking_promo, direct.
      {"u1", Day(1), "reached", "checking_promo"},
      {"u1", Day(1), "opened", "checking_promo"},
      {"u1", Day(1), "reached", "card_promo"},
      {"u1", Day(1), "opened", "card_promo"},
      Opened("u1", Day(20), "checking", "A1"),
      // u2: reached and opened card_promo; saw the newsletter without being reached by it;
      // opens savings -> card_promo only, a related sale.
      {"u2", Day(5), "reached", "card_promo"},
      {"u2", Day(5), "opened", "card_promo"},
      {"u2", Day(5), "opened", "newsletter"},
      Opened("u2", Day(10), "savings", "A2"),
      // u3: reached and opened both; opens a credit card -> both (any_touch): related for
      // checking_promo, direct for card_promo.
      {"u3", Day(2), "reached", "checking_promo"},
      {"u3", Day(2), "reached", "card_promo"},
      {"u3", Day(3), "opened", "checking_promo"},
      {"u3", Day(3), "opened", "card_promo"},
      Opened("u3", Day(12), "credit_card", "A3"),
      // u4: reached, never opened.
      {"u4", Day(2), "reached", "checking_promo"},
      // u5: opens an account without any campaign -> unattributed.
      Opened("u5", Day(4), "checking", "A5"),
      // u6: reached and opened checking_promo; the product names no account -> unvalued.
      {"u6", Day(1), "reached", "checking_promo"},
      {"u6", Day(1), "opened", "checking_promo"},
      Opened("u6", Day(25), "checking", ""),
  });
  bank.catalog = {Campaign("checking_promo", {"checking"}, 30, Units(57)),
                  Campaign("card_promo", {"credit_card"}, std::nullopt, std::nullopt),
                  Campaign("newsletter", {}, std::nullopt, std::nullopt)};
  bank.snapshots = {
      {"A1", kMarch, Units(1000), Units(12.50)},
      {"A1", kMarch + 1, Units(5000), Units(40)},  // April: not the opening month
      {"A2", kMarch, Units(200), Units(3)},
      {"A3", kMarch, Units(0), Units(-1.25)},  // closed by the month end: kept
      {"A5", kMarch, Units(50), Units(1)},
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

const CampaignRow& Row(const Report& report, std::string_view campaign_id) {
  for (const CampaignRow& row : report.campaigns) {
    if (row.campaign_id == campaign_id) return row;
  }
  ADD_FAILURE() << "no row " << campaign_id;
  static const CampaignRow kNone;
  return kNone;
}

std::string Money(__int128 pico) { return FormatMoney(pico, 12, 2); }

MoneyPresence PresenceOf(const Report& report) {
  return MoneyPresence{report.has_revenue, report.has_cost, report.has_snapshots};
}

TEST(BankReport, InfluenceReachDirectRelatedAndMonthEndValuation) {
  const Bank bank = MakeBank();
  const Result<Report> report = bank.Build();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->has_snapshots);
  const MoneyPresence presence = PresenceOf(*report);

  const MetricValues& checking = Row(*report, "checking_promo").metrics;
  EXPECT_EQ(checking.reached_users, 4);  // u1 u3 u4 u6
  EXPECT_EQ(checking.opened_users, 3);   // u1 u3 u6
  EXPECT_DOUBLE_EQ(*checking.open_rate(), 0.75);
  EXPECT_DOUBLE_EQ(checking.conversions, 3);  // u1 u3 u6
  EXPECT_DOUBLE_EQ(*checking.products_per_reached(), 0.75);
  EXPECT_TRUE(checking.splits_sales);
  EXPECT_DOUBLE_EQ(checking.direct_conversions, 2);    // u1 u6: checking
  EXPECT_DOUBLE_EQ(checking.related_conversions, 1);   // u3: credit card
  EXPECT_EQ(Money(checking.balance_pico), "1000.00");  // A1 March 1000 + A3 0
  EXPECT_EQ(Money(checking.profit_pico), "11.25");     // 12.50 - 1.25
  EXPECT_DOUBLE_EQ(checking.unvalued_conversions, 1);  // u6
  EXPECT_DOUBLE_EQ(*ProfitRoi(checking, presence), 11.25 / 57);

  const MetricValues& card = Row(*report, "card_promo").metrics;
  EXPECT_EQ(card.reached_users, 3);  // u1 u2 u3
  EXPECT_EQ(card.opened_users, 3);
  EXPECT_DOUBLE_EQ(card.conversions, 2);          // u2 u3 (u1's day-20 opening is past 14 days)
  EXPECT_DOUBLE_EQ(card.direct_conversions, 1);   // u3
  EXPECT_DOUBLE_EQ(card.related_conversions, 1);  // u2: savings
  EXPECT_EQ(Money(card.balance_pico), "200.00");
  EXPECT_EQ(Money(card.profit_pico), "1.75");  // 3 - 1.25
  EXPECT_FALSE(ProfitRoi(card, presence).has_value()) << "no expenses: a zero cost";

  const MetricValues& newsletter = Row(*report, "newsletter").metrics;
  EXPECT_EQ(newsletter.reached_users, 0);
  EXPECT_EQ(newsletter.opened_users, 1);
  EXPECT_DOUBLE_EQ(newsletter.conversions, 0) << "u2 was never reached by it";
  EXPECT_FALSE(newsletter.splits_sales);
  EXPECT_FALSE(newsletter.open_rate().has_value());

  // Tiles: each conversion once. u1 direct, u2 related, u3 direct (card_promo promotes it),
  // u6 direct; u5 unattributed.
  const MetricValues& tiles = report->tiles;
  EXPECT_DOUBLE_EQ(tiles.conversions, 4);
  EXPECT_EQ(report->unattributed_conversions, 1);
  EXPECT_EQ(tiles.reached_users, 5);  // u1 u2 u3 u4 u6, each once
  EXPECT_EQ(tiles.opened_users, 4);   // u1 u2 u3 u6
  EXPECT_DOUBLE_EQ(*tiles.products_per_reached(), 4.0 / 5);
  EXPECT_TRUE(tiles.splits_sales);
  EXPECT_DOUBLE_EQ(tiles.direct_conversions, 3);
  EXPECT_DOUBLE_EQ(tiles.related_conversions, 1);
  EXPECT_EQ(Money(tiles.balance_pico), "1200.00");  // A1 1000 + A2 200 + A3 0
  EXPECT_EQ(Money(tiles.profit_pico), "14.25");     // 12.50 + 3 - 1.25
  EXPECT_DOUBLE_EQ(tiles.unvalued_conversions, 1);
  EXPECT_DOUBLE_EQ(*ProfitRoi(tiles, presence), 14.25 / 57);
}

TEST(BankReport, SplitModelsSplitDirectRelatedAndValuesByWeight) {
  Bank bank = MakeBank();
  bank.request.model = "linear";
  const Result<Report> report = bank.Build();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // u3's two candidates (checking_promo and card_promo, day 3) get 0.5 each.
  const MetricValues& checking = Row(*report, "checking_promo").metrics;
  EXPECT_DOUBLE_EQ(checking.conversions, 2.5);
  EXPECT_DOUBLE_EQ(checking.direct_conversions, 2);
  EXPECT_DOUBLE_EQ(checking.related_conversions, 0.5);
  EXPECT_EQ(Money(checking.profit_pico), "11.88");  // 12.50 - 0.625 = 11.875
  const MetricValues& tiles = report->tiles;
  EXPECT_DOUBLE_EQ(tiles.direct_conversions, 2.5);   // u1 1 + u3 0.5 + u6 1
  EXPECT_DOUBLE_EQ(tiles.related_conversions, 1.5);  // u2 1 + u3 0.5
  EXPECT_EQ(Money(tiles.profit_pico), "14.25");
}

TEST(BankReport, FiltersChooseRowsAndTheTilesFollowTheSelection) {
  Bank bank = MakeBank();
  bank.request.filter.campaign_ids = {"card_promo"};
  const Result<Report> report = bank.Build();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const MetricValues& tiles = report->tiles;
  EXPECT_DOUBLE_EQ(tiles.conversions, 2);  // u2 u3
  EXPECT_EQ(tiles.reached_users, 3);
  EXPECT_DOUBLE_EQ(tiles.direct_conversions, 1);
  EXPECT_DOUBLE_EQ(tiles.related_conversions, 1);
  EXPECT_EQ(Money(tiles.balance_pico), "200.00");
}

TEST(BankReport, WithoutSnapshotsOrPromotionsTheBankColumnsAreNull) {
  Bank bank = MakeBank();
  bank.snapshots.clear();
  for (CampaignRecord& record : bank.catalog) record.promoted_products.clear();
  const Result<Report> report = bank.Build();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->has_snapshots);
  EXPECT_FALSE(report->tiles.splits_sales);
  EXPECT_FALSE(Row(*report, "checking_promo").metrics.splits_sales);
  EXPECT_FALSE(SnapshotSum(report->tiles.profit_pico, PresenceOf(*report)).has_value());
  EXPECT_FALSE(ProfitRoi(report->tiles, PresenceOf(*report)).has_value());
  EXPECT_DOUBLE_EQ(report->tiles.unvalued_conversions, 0);
  EXPECT_EQ(report->tiles.reached_users, 5) << "reach and opens need no bank data";
}

TEST(BankReport, AScanCacheGivesEveryFilterTheTilesOfAFreshScan) {
  // Reached, opened, direct/related, balance, profit and unvalued tiles follow the selection;
  // answered from a cached scan they must equal a fresh scan's, under any_touch and a split.
  Bank bank = MakeBank();
  ReportScanCache cache;
  for (const std::string model : {"any_touch", "linear"}) {
    for (const std::vector<std::string>& campaigns : std::vector<std::vector<std::string>>{
             {}, {"card_promo"}, {"checking_promo"}, {"card_promo", "checking_promo"}}) {
      bank.request.model = model;
      bank.request.filter.campaign_ids = campaigns;
      const Result<Report> fresh = bank.Build();
      ReportInputs inputs{bank.store, bank.catalog, bank.timesheets, bank.snapshots};
      inputs.scan_cache = &cache;
      const Result<Report> cached = BuildReport(bank.request, inputs, bank.settings);
      ASSERT_TRUE(fresh.ok() && cached.ok()) << fresh.status().ToString();
      EXPECT_EQ(RenderReportJson(*cached), RenderReportJson(*fresh))
          << model << " " << campaigns.size();
    }
  }
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace payback
