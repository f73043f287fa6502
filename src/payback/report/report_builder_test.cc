#include "payback/report/report_builder.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "payback/common/money.h"
#include "payback/report/report_render.h"
#include "payback/report/report_scan_cache.h"
#include "payback/store/test_event_store.h"

namespace payback {
namespace {

constexpr int64_t kT0 = 1'772'323'200;  // 2026-03-01T00:00:00Z, in seconds
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;

TimestampUs At(int64_t seconds_after_t0) { return (kT0 + seconds_after_t0) * kMicrosPerSecond; }
Micros Money(int64_t units) { return units * kMicrosPerUnit; }

CampaignRecord Campaign(std::string id, std::string name, std::string status,
                        std::string created_by, std::vector<std::string> labels,
                        std::string channel, std::string delivery_type) {
  CampaignRecord record;
  record.campaign_id = std::move(id);
  record.name = std::move(name);
  record.status = std::move(status);
  record.created_by = std::move(created_by);
  record.labels = std::move(labels);
  record.journey_id = "j1";
  record.channel = std::move(channel);
  record.delivery_type = std::move(delivery_type);
  return record;
}

/// The hand-computed data set (period [T0, T0 + 10 days), Purchase: last_touch on clicks,
/// window 7 days, value = amount):
///
/// u1: c1 sent, 2x delivered, viewed, 2x clicked; purchase 100 (-> c1); c2 delivered, clicked;
///     purchase 50 (-> c2: latest click).
/// u2: c1 delivered and clicked BEFORE the period; purchase 20 at +1h (-> c1, touch before
///     `from`); c3 (not in the catalog) delivered on messages x1 and x2, clicked x2;
///     purchase 30 (-> c3, the later click).
/// u3: c2 sent, delivered, clicked on day 1; purchase without amount (-> c2, value null);
///     a purchase on day 20 (outside the period).
/// u4: purchase 5 with no touch (unattributed); c1 delivered.
/// u5: c6 (not in the catalog) clicked before the period; purchase 1 (-> c6).
/// c4 is in the catalog without events; c5 (not in the catalog) has an event only before the
/// period, so it has no row.
///
/// Per campaign (last_touch):
///   c1: sent 1, delivered 3 (u1 x2, u4), viewed 1, clicked 2, delivered_messages 2,
///       clicked_messages 1, ctr 0.5, conversions 2 (u1, u2), unique 2, converted_messages 2,
///       conversion_rate 1.0, revenue 120.00
///   c2: sent 1, delivered 2, viewed 0, clicked 2, delivered_messages 2, clicked_messages 2,
///       ctr 1.0, conversions 2 (u1, u3), unique 2, converted_messages 2, conversion_rate 1.0,
///       revenue 50.00
///   c3: delivered 2, clicked 1, delivered_messages 2, clicked_messages 1, ctr 0.5,
///       conversions 1, unique 1, converted_messages 1, conversion_rate 0.5, revenue 30.00
///   c4: zeros, ctr null, conversion_rate null
///   c6: clicked 0 (before the period), conversions 1, unique 1, converted_messages 1,
///       delivered_messages 0 -> ctr and conversion_rate null, revenue 1.00
/// Tiles: sent 2, delivered 7, viewed 1, clicked 5, delivered_messages 6, clicked_messages 4,
///   ctr 4/6, conversions 6, unique_conversions 4 (u1, u2, u3, u5), converted_messages 6,
///   conversion_rate 6/6, revenue 201.00, unattributed 1.
struct Fixture {
  EventStore store;
  std::vector<CampaignRecord> catalog;
  std::vector<TimesheetRecord> timesheets;
  std::vector<AccountSnapshot> snapshots;
  Settings settings;
  ReportRequest request;
};

Fixture MakeFixture() {
  Fixture fixture;
  fixture.store = BuildStore({
      {"u1", At(1 * kHour), "sent", "c1"},
      {"u1", At(1 * kHour), "delivered", "c1"},
      {"u1", At(1 * kHour + 1), "Push Impressions", "c1"},  // alias of delivered
      {"u1", At(2 * kHour), "viewed", "c1"},
      {"u1", At(3 * kHour), "clicked", "c1"},
      {"u1", At(3 * kHour + 10), "clicked", "c1"},
      {"u1", At(4 * kHour), "purchase", "", "", Money(100)},
      {"u1", At(5 * kHour), "delivered", "c2"},
      {"u1", At(6 * kHour), "clicked", "c2"},
      {"u1", At(7 * kHour), "purchase", "", "", Money(50)},
      {"u2", At(-1 * kDay), "delivered", "c1"},
      {"u2", At(-1 * kHour), "clicked", "c1"},
      {"u2", At(1 * kHour), "purchase", "", "", Money(20)},
      {"u2", At(2 * kHour), "delivered", "c3", "x1"},
      {"u2", At(2 * kHour), "delivered", "c3", "x2"},
      {"u2", At(3 * kHour), "clicked", "c3", "x2"},
      {"u2", At(4 * kHour), "purchase", "", "", Money(30)},
      {"u3", At(1 * kDay), "sent", "c2"},
      {"u3", At(1 * kDay), "delivered", "c2"},
      {"u3", At(1 * kDay), "clicked", "c2"},
      {"u3", At(1 * kDay + kHour), "purchase", ""},
      {"u3", At(20 * kDay), "purchase", "", "", Money(999)},
      {"u4", At(2 * kHour), "purchase", "", "", Money(5)},
      {"u4", At(3 * kHour), "delivered", "c1"},
      {"u5", At(-1 * kHour), "clicked", "c6"},
      {"u5", At(1 * kHour), "purchase", "", "", Money(1)},
      {"u6", At(-2 * kDay), "delivered", "c5"},
      {"u6", At(1 * kDay), "signup", ""},
  });
  fixture.catalog = {
      Campaign("c1", "Shoes", "running", "ana", {"Promotional"}, "push", "on_publish"),
      Campaign("c2", "Bags", "stopped", "bo", {"Promotional", "Spring"}, "email", "recurring"),
      Campaign("c4", "Dormant", "scheduled", "ana", {"Spring"}, "sms", "specific_dates"),
  };
  ConversionDefinition purchase;
  purchase.name = "Purchase";
  purchase.event = "purchase";
  purchase.window_s = 7 * kDay;
  purchase.value = "amount";
  ConversionDefinition signup;
  signup.name = "Signup";
  signup.event = "signup";
  fixture.settings.conversions = {purchase, signup};
  fixture.request.from = At(0);
  fixture.request.to = At(10 * kDay);
  return fixture;
}

Result<Report> Build(const Fixture& fixture) {
  return BuildReport(
      fixture.request,
      ReportInputs{fixture.store, fixture.catalog, fixture.timesheets, fixture.snapshots},
      fixture.settings);
}

const CampaignRow* FindRow(const Report& report, std::string_view campaign_id) {
  for (const CampaignRow& row : report.campaigns) {
    if (row.campaign_id == campaign_id) return &row;
  }
  return nullptr;
}

std::vector<std::string> RowIds(const Report& report) {
  std::vector<std::string> ids;
  for (const CampaignRow& row : report.campaigns) ids.push_back(row.campaign_id);
  return ids;
}

std::string Revenue(const MetricValues& metrics) {
  return FormatMoney(metrics.revenue_pico, 12, 2);
}

TEST(BuildReport, EveryPerCampaignMetricMatchesTheHandComputation) {
  const Fixture fixture = MakeFixture();
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->conversion, "Purchase");
  EXPECT_EQ(report->model, "last_touch");
  EXPECT_EQ(report->window_s, 7 * kDay);
  EXPECT_EQ(report->from, std::optional<TimestampUs>(At(0)));
  EXPECT_EQ(report->to, std::optional<TimestampUs>(At(10 * kDay)));
  EXPECT_EQ(report->currency, "USD");
  EXPECT_EQ(report->currency_digits, 2);
  EXPECT_TRUE(report->has_revenue);
  // Default order: conversions descending, then campaign_id.
  EXPECT_EQ(RowIds(*report), (std::vector<std::string>{"c1", "c2", "c3", "c6", "c4"}));

  const CampaignRow* c1 = FindRow(*report, "c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_TRUE(c1->in_catalog);
  EXPECT_EQ(c1->name, "Shoes");
  EXPECT_EQ(c1->status, "running");
  EXPECT_EQ(c1->created_by, "ana");
  EXPECT_EQ(c1->labels, (std::vector<std::string>{"Promotional"}));
  EXPECT_EQ(c1->journey_id, "j1");
  EXPECT_EQ(c1->channel, "push");
  EXPECT_EQ(c1->delivery_type, "on_publish");
  const MetricValues& m1 = c1->metrics;
  EXPECT_EQ(m1.sent, 1);
  EXPECT_EQ(m1.delivered, 3);
  EXPECT_EQ(m1.viewed, 1);
  EXPECT_EQ(m1.clicked, 2);
  EXPECT_EQ(m1.delivered_messages, 2);
  EXPECT_EQ(m1.clicked_messages, 1);
  EXPECT_EQ(m1.ctr(), std::optional<double>(0.5));
  EXPECT_DOUBLE_EQ(m1.conversions, 2.0);
  EXPECT_EQ(m1.unique_conversions, 2);
  EXPECT_EQ(m1.converted_messages, 2);
  EXPECT_EQ(m1.conversion_rate(), std::optional<double>(1.0));
  EXPECT_EQ(m1.revenue_pico, static_cast<__int128>(Money(120)) * 1'000'000);
  EXPECT_EQ(Revenue(m1), "120.00");

  const CampaignRow* c2 = FindRow(*report, "c2");
  ASSERT_NE(c2, nullptr);
  const MetricValues& m2 = c2->metrics;
  EXPECT_EQ(m2.sent, 1);
  EXPECT_EQ(m2.delivered, 2);
  EXPECT_EQ(m2.viewed, 0);
  EXPECT_EQ(m2.clicked, 2);
  EXPECT_EQ(m2.delivered_messages, 2);
  EXPECT_EQ(m2.clicked_messages, 2);
  EXPECT_EQ(m2.ctr(), std::optional<double>(1.0));
  EXPECT_DOUBLE_EQ(m2.conversions, 2.0);
  EXPECT_EQ(m2.unique_conversions, 2);
  EXPECT_EQ(m2.converted_messages, 2);
  EXPECT_EQ(m2.conversion_rate(), std::optional<double>(1.0));
  EXPECT_EQ(Revenue(m2), "50.00");  // u3's purchase has no value: counted, adds nothing

  const CampaignRow* c3 = FindRow(*report, "c3");
  ASSERT_NE(c3, nullptr);
  EXPECT_FALSE(c3->in_catalog);
  EXPECT_EQ(c3->name, "");
  EXPECT_EQ(c3->status, "");
  EXPECT_TRUE(c3->labels.empty());
  EXPECT_EQ(c3->channel, "");
  const MetricValues& m3 = c3->metrics;
  EXPECT_EQ(m3.sent, 0);
  EXPECT_EQ(m3.delivered, 2);
  EXPECT_EQ(m3.clicked, 1);
  EXPECT_EQ(m3.delivered_messages, 2);
  EXPECT_EQ(m3.clicked_messages, 1);
  EXPECT_EQ(m3.ctr(), std::optional<double>(0.5));
  EXPECT_DOUBLE_EQ(m3.conversions, 1.0);
  EXPECT_EQ(m3.unique_conversions, 1);
  EXPECT_EQ(m3.converted_messages, 1);
  EXPECT_EQ(m3.conversion_rate(), std::optional<double>(0.5));
  EXPECT_EQ(Revenue(m3), "30.00");

  const CampaignRow* c4 = FindRow(*report, "c4");
  ASSERT_NE(c4, nullptr);
  EXPECT_TRUE(c4->in_catalog);
  EXPECT_EQ(c4->name, "Dormant");
  EXPECT_EQ(c4->channel, "sms");
  const MetricValues& m4 = c4->metrics;
  EXPECT_EQ(m4.sent, 0);
  EXPECT_EQ(m4.delivered, 0);
  EXPECT_EQ(m4.viewed, 0);
  EXPECT_EQ(m4.clicked, 0);
  EXPECT_EQ(m4.delivered_messages, 0);
  EXPECT_EQ(m4.clicked_messages, 0);
  EXPECT_EQ(m4.ctr(), std::nullopt);
  EXPECT_EQ(m4.conversions, 0.0);
  EXPECT_EQ(m4.unique_conversions, 0);
  EXPECT_EQ(m4.converted_messages, 0);
  EXPECT_EQ(m4.conversion_rate(), std::nullopt);
  EXPECT_EQ(m4.revenue_pico, 0);
  EXPECT_EQ(Revenue(m4), "0.00");

  // Credited through a touch before the period: a row, with a null rate (no deliveries).
  const CampaignRow* c6 = FindRow(*report, "c6");
  ASSERT_NE(c6, nullptr);
  EXPECT_FALSE(c6->in_catalog);
  EXPECT_EQ(c6->metrics.clicked, 0);
  EXPECT_DOUBLE_EQ(c6->metrics.conversions, 1.0);
  EXPECT_EQ(c6->metrics.unique_conversions, 1);
  EXPECT_EQ(c6->metrics.converted_messages, 1);
  EXPECT_EQ(c6->metrics.ctr(), std::nullopt);
  EXPECT_EQ(c6->metrics.conversion_rate(), std::nullopt);
  EXPECT_EQ(Revenue(c6->metrics), "1.00");

  // Only an event before the period and not in the catalog: no row.
  EXPECT_EQ(FindRow(*report, "c5"), nullptr);
}

TEST(BuildReport, TilesSumRowsExceptUniquesAndRatios) {
  const Fixture fixture = MakeFixture();
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const MetricValues& tiles = report->tiles;
  EXPECT_EQ(tiles.sent, 2);
  EXPECT_EQ(tiles.delivered, 7);
  EXPECT_EQ(tiles.viewed, 1);
  EXPECT_EQ(tiles.clicked, 5);
  EXPECT_EQ(tiles.delivered_messages, 6);
  EXPECT_EQ(tiles.clicked_messages, 4);
  ASSERT_TRUE(tiles.ctr().has_value());
  EXPECT_DOUBLE_EQ(*tiles.ctr(), 4.0 / 6.0);  // not the mean of the rows' ratios
  EXPECT_DOUBLE_EQ(tiles.conversions, 6.0);
  EXPECT_EQ(tiles.unique_conversions, 4);  // u1 and u2 converted through two campaigns each
  EXPECT_EQ(tiles.converted_messages, 6);
  EXPECT_EQ(tiles.conversion_rate(), std::optional<double>(1.0));
  EXPECT_EQ(Revenue(tiles), "201.00");
  EXPECT_EQ(report->unattributed_conversions, 1);
}

TEST(BuildReport, TileUniqueConversionsAreDistinctOverTheSelectedCampaigns) {
  Fixture fixture = MakeFixture();
  fixture.request.filter.campaign_ids = {"c1", "c2"};
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(RowIds(*report), (std::vector<std::string>{"c1", "c2"}));
  // c1: u1, u2; c2: u1, u3 -> 3 distinct users, while the rows add up to 4.
  EXPECT_EQ(report->tiles.unique_conversions, 3);
  EXPECT_DOUBLE_EQ(report->tiles.conversions, 4.0);
  EXPECT_EQ(report->tiles.delivered_messages, 4);
  EXPECT_EQ(report->tiles.clicked_messages, 3);
  EXPECT_EQ(report->tiles.ctr(), std::optional<double>(0.75));
  EXPECT_EQ(Revenue(report->tiles), "170.00");
}

TEST(BuildReport, FiltersChooseRowsButNeverChangeCredit) {
  const Fixture unfiltered_fixture = MakeFixture();
  auto unfiltered = Build(unfiltered_fixture);
  ASSERT_TRUE(unfiltered.ok());

  // Without c3, u2's second purchase must not move to c1 (its other candidate).
  Fixture fixture = MakeFixture();
  fixture.request.filter.campaign_ids = {"c1"};
  auto only_c1 = Build(fixture);
  ASSERT_TRUE(only_c1.ok());
  ASSERT_EQ(RowIds(*only_c1), (std::vector<std::string>{"c1"}));
  EXPECT_DOUBLE_EQ(only_c1->campaigns[0].metrics.conversions, 2.0);
  EXPECT_EQ(Revenue(only_c1->campaigns[0].metrics), "120.00");
  EXPECT_EQ(only_c1->tiles.unique_conversions, 2);
  // Unattributed is a property of the conversions, not of the rows.
  EXPECT_EQ(only_c1->unattributed_conversions, 1);

  // Label filter (any label matches); catalog-only c4 has the label too.
  fixture = MakeFixture();
  fixture.request.filter.labels = {"Spring"};
  auto spring = Build(fixture);
  ASSERT_TRUE(spring.ok());
  EXPECT_EQ(RowIds(*spring), (std::vector<std::string>{"c2", "c4"}));
  EXPECT_DOUBLE_EQ(FindRow(*spring, "c2")->metrics.conversions, 2.0);
  EXPECT_EQ(spring->tiles.unique_conversions, 2);

  // Different options AND-ed, values of one option OR-ed.
  fixture = MakeFixture();
  fixture.request.filter.channels = {"push", "email"};
  fixture.request.filter.created_by = {"bo"};
  auto and_or = Build(fixture);
  ASSERT_TRUE(and_or.ok());
  EXPECT_EQ(RowIds(*and_or), (std::vector<std::string>{"c2"}));

  // Metadata filters drop campaigns that are not in the catalog.
  fixture = MakeFixture();
  fixture.request.filter.statuses = {"running", "scheduled"};
  auto by_status = Build(fixture);
  ASSERT_TRUE(by_status.ok());
  EXPECT_EQ(RowIds(*by_status), (std::vector<std::string>{"c1", "c4"}));
  fixture = MakeFixture();
  fixture.request.filter.delivery_types = {"recurring"};
  auto by_delivery = Build(fixture);
  ASSERT_TRUE(by_delivery.ok());
  EXPECT_EQ(RowIds(*by_delivery), (std::vector<std::string>{"c2"}));

  // Every row that a filter keeps has the same numbers as without the filter.
  for (const Report* filtered : {&*only_c1, &*spring, &*and_or, &*by_status}) {
    for (const CampaignRow& row : filtered->campaigns) {
      const CampaignRow* reference = FindRow(*unfiltered, row.campaign_id);
      ASSERT_NE(reference, nullptr);
      EXPECT_DOUBLE_EQ(row.metrics.conversions, reference->metrics.conversions);
      EXPECT_EQ(row.metrics.revenue_pico, reference->metrics.revenue_pico);
      EXPECT_EQ(row.metrics.converted_messages, reference->metrics.converted_messages);
      EXPECT_EQ(row.metrics.delivered, reference->metrics.delivered);
    }
  }

  // A filter that matches nothing: no rows, zero tiles.
  fixture = MakeFixture();
  fixture.request.filter.campaign_ids = {"nope"};
  auto none = Build(fixture);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->campaigns.empty());
  EXPECT_EQ(none->tiles.unique_conversions, 0);
  EXPECT_EQ(none->tiles.conversions, 0.0);
  EXPECT_EQ(none->tiles.ctr(), std::nullopt);
}

TEST(BuildReport, AllTimeCountsEventsOutsideAnyPeriod) {
  Fixture fixture = MakeFixture();
  fixture.request.from.reset();
  fixture.request.to.reset();
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok());
  const CampaignRow* c1 = FindRow(*report, "c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_EQ(c1->metrics.delivered, 4);
  EXPECT_EQ(c1->metrics.clicked, 3);
  EXPECT_EQ(c1->metrics.delivered_messages, 3);
  EXPECT_EQ(c1->metrics.clicked_messages, 2);
  // u3's day-20 purchase: its c2 click is 19 days old, outside the 7-day window.
  EXPECT_EQ(report->unattributed_conversions, 2);
  EXPECT_NE(FindRow(*report, "c5"), nullptr);
  EXPECT_EQ(FindRow(*report, "c5")->metrics.delivered, 1);
  EXPECT_FALSE(report->from.has_value());
}

TEST(BuildReport, AnyTouchCreditsEveryTouchedCampaignOnce) {
  Fixture fixture = MakeFixture();
  fixture.request.model = "any_touch";
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->model, "any_touch");
  // c1: u1 x2 purchases, u2 x2 (its pre-period click is a candidate of both); c2: u1, u3.
  const CampaignRow* c1 = FindRow(*report, "c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_DOUBLE_EQ(c1->metrics.conversions, 4.0);
  EXPECT_EQ(Revenue(c1->metrics), "200.00");
  EXPECT_EQ(c1->metrics.unique_conversions, 2);
  EXPECT_EQ(c1->metrics.converted_messages, 2);
  EXPECT_DOUBLE_EQ(FindRow(*report, "c2")->metrics.conversions, 2.0);
  EXPECT_EQ(Revenue(FindRow(*report, "c2")->metrics), "50.00");
  EXPECT_DOUBLE_EQ(FindRow(*report, "c3")->metrics.conversions, 1.0);
  EXPECT_DOUBLE_EQ(FindRow(*report, "c6")->metrics.conversions, 1.0);
  // The rows add up to more than the total (metrics.md, any_touch): the tiles count each
  // attributed conversion and its value once: 6 conversions, 201.00 (8 and 281.00 summed).
  EXPECT_DOUBLE_EQ(report->tiles.conversions, 6.0);
  EXPECT_EQ(Revenue(report->tiles), "201.00");
  EXPECT_EQ(report->tiles.unique_conversions, 4);
  EXPECT_EQ(report->unattributed_conversions, 1);

  // With c1 and c3 selected, u2's second purchase (credited to both) counts once: u1 x2, u2 x2.
  fixture.request.filter.campaign_ids = {"c1", "c3"};
  auto selected = Build(fixture);
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ(RowIds(*selected), (std::vector<std::string>{"c1", "c3"}));
  EXPECT_DOUBLE_EQ(selected->tiles.conversions, 4.0);
  EXPECT_EQ(Revenue(selected->tiles), "200.00");
  EXPECT_EQ(selected->tiles.unique_conversions, 2);
  // With c3 alone: only that purchase.
  fixture.request.filter.campaign_ids = {"c3"};
  auto only_c3 = Build(fixture);
  ASSERT_TRUE(only_c3.ok());
  EXPECT_DOUBLE_EQ(only_c3->tiles.conversions, 1.0);
  EXPECT_EQ(Revenue(only_c3->tiles), "30.00");
}

TEST(BuildReport, ConversionWithoutValueHasNoRevenue) {
  Fixture fixture = MakeFixture();
  fixture.request.conversion = "signup";  // names match case-insensitively
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->conversion, "Signup");
  EXPECT_FALSE(report->has_revenue);
  EXPECT_EQ(report->unattributed_conversions, 1);
  EXPECT_EQ(report->tiles.revenue_pico, 0);
  EXPECT_EQ(report->tiles.conversions, 0.0);
}

TEST(BuildReport, SortsByAMetricWithNullsLastInBothDirections) {
  Fixture fixture = MakeFixture();
  fixture.request.sort_metric = "ctr";
  fixture.request.descending = false;
  auto ascending = Build(fixture);
  ASSERT_TRUE(ascending.ok());
  // ctr: c1 0.5, c3 0.5 (tie -> campaign_id), c2 1.0, c4 null, c6 null.
  EXPECT_EQ(RowIds(*ascending), (std::vector<std::string>{"c1", "c3", "c2", "c4", "c6"}));
  fixture.request.descending = true;
  auto descending = Build(fixture);
  ASSERT_TRUE(descending.ok());
  EXPECT_EQ(RowIds(*descending), (std::vector<std::string>{"c2", "c1", "c3", "c4", "c6"}));

  fixture.request.sort_metric = "revenue";
  fixture.request.descending = false;
  auto by_revenue = Build(fixture);
  ASSERT_TRUE(by_revenue.ok());
  EXPECT_EQ(RowIds(*by_revenue), (std::vector<std::string>{"c4", "c6", "c3", "c2", "c1"}));

  fixture.request.sort_metric = "name";
  fixture.request.descending = false;
  auto by_name = Build(fixture);
  ASSERT_TRUE(by_name.ok());
  // "" (c3, c6) < "Bags" < "Dormant" < "Shoes".
  EXPECT_EQ(RowIds(*by_name), (std::vector<std::string>{"c3", "c6", "c2", "c4", "c1"}));

  fixture.request.sort_metric = "delivered";
  fixture.request.descending = true;
  auto by_delivered = Build(fixture);
  ASSERT_TRUE(by_delivered.ok());
  EXPECT_EQ(RowIds(*by_delivered), (std::vector<std::string>{"c1", "c2", "c3", "c4", "c6"}));

  for (const std::string& metric : SortableMetrics()) {
    fixture.request.sort_metric = metric;
    EXPECT_TRUE(Build(fixture).ok()) << metric;
  }
  fixture.request.sort_metric = "bogus";
  EXPECT_EQ(Build(fixture).status().code(), StatusCode::kUsage);
}

TEST(BuildReport, RequestErrors) {
  Fixture fixture = MakeFixture();
  fixture.request.conversion = "Refund";
  EXPECT_EQ(Build(fixture).status().code(), StatusCode::kNotFound);

  fixture = MakeFixture();
  fixture.request.model = "no_such_model";
  EXPECT_EQ(Build(fixture).status().code(), StatusCode::kUsage);

  fixture = MakeFixture();
  fixture.settings.conversions.clear();
  EXPECT_EQ(Build(fixture).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(FindConversion(fixture.settings, "").status().code(), StatusCode::kInvalidInput);

  fixture = MakeFixture();
  fixture.request.from = At(5);
  fixture.request.to = At(5);
  EXPECT_EQ(Build(fixture).status().code(), StatusCode::kUsage);
}

TEST(BuildReport, FindConversionDefaultsToTheFirst) {
  const Fixture fixture = MakeFixture();
  auto first = FindConversion(fixture.settings, "");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->name, "Purchase");
  auto second = FindConversion(fixture.settings, "SIGNUP");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->name, "Signup");
}

TEST(BuildReport, LinearThirdsOfRevenueAddUpExactly) {
  // One user touched by c1, c2, c3, then three purchases of 10.00: each campaign earns 1/3 of
  // each, i.e. exactly 1 conversion and 10.00 once rounded to cents.
  Fixture fixture;
  fixture.store = BuildStore({
      {"u", At(0), "clicked", "c1"},
      {"u", At(1), "clicked", "c2"},
      {"u", At(2), "clicked", "c3"},
      {"u", At(10), "purchase", "", "", Money(10)},
      {"u", At(11), "purchase", "", "", Money(10)},
      {"u", At(12), "purchase", "", "", Money(10)},
  });
  ConversionDefinition purchase;
  purchase.name = "Purchase";
  purchase.event = "purchase";
  purchase.value = "amount";
  purchase.model = "linear";
  fixture.settings.conversions = {purchase};
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->campaigns.size(), 3u);
  for (const CampaignRow& row : report->campaigns) {
    EXPECT_EQ(Revenue(row.metrics), "10.00") << row.campaign_id;
    EXPECT_NEAR(row.metrics.conversions, 1.0, 1e-12) << row.campaign_id;
    EXPECT_EQ(row.metrics.unique_conversions, 1);
    EXPECT_EQ(row.metrics.converted_messages, 1);
  }
  EXPECT_EQ(Revenue(report->tiles), "30.00");
  EXPECT_NEAR(report->tiles.conversions, 3.0, 1e-12);
  EXPECT_EQ(report->tiles.unique_conversions, 1);

  // Seven campaigns splitting one 100.00 purchase: 14.285714... each, 100.00 in total.
  fixture.store = BuildStore({
      {"u", At(0), "clicked", "a"},
      {"u", At(1), "clicked", "b"},
      {"u", At(2), "clicked", "c"},
      {"u", At(3), "clicked", "d"},
      {"u", At(4), "clicked", "e"},
      {"u", At(5), "clicked", "f"},
      {"u", At(6), "clicked", "g"},
      {"u", At(10), "purchase", "", "", Money(100)},
  });
  auto sevenths = Build(fixture);
  ASSERT_TRUE(sevenths.ok());
  ASSERT_EQ(sevenths->campaigns.size(), 7u);
  for (const CampaignRow& row : sevenths->campaigns) EXPECT_EQ(Revenue(row.metrics), "14.29");
  EXPECT_EQ(Revenue(sevenths->tiles), "100.00");
}

TEST(BuildReport, EmptyStoreListsCatalogCampaigns) {
  Fixture fixture = MakeFixture();
  fixture.store = BuildStore({});
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RowIds(*report), (std::vector<std::string>{"c1", "c2", "c4"}));
  EXPECT_EQ(report->tiles.delivered, 0);
  EXPECT_EQ(report->unattributed_conversions, 0);
}

TEST(BuildReport, CurrencyDigitsFollowTheSettings) {
  Fixture fixture = MakeFixture();
  fixture.settings.currency = "JPY";
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->currency, "JPY");
  EXPECT_EQ(report->currency_digits, 0);
}

// Custom metrics over the fixture (last_touch unless said otherwise). Purchases carry no campaign,
// so purchase aggregates are attributed like the Purchase conversion (same window and touch):
// c1 gets u1's 100 and u2's 20, c2 u1's 50 and u3's valueless one, c3 u2's 30, c6 u5's 1; u4's
// 5 is unattributed. `delivered` carries campaigns, so it counts each campaign's own events in
// the period (the alias "Push Impressions" included): c1 3 (u1 x2, u4), c2 2 (u1, u3), c3 2
// (u2 on x1 and x2).
Fixture CustomFixture() {
  Fixture fixture = MakeFixture();
  fixture.settings.custom_metrics = {
      {"Revenue per Delivered", "Total Conversions Revenue / Delivered"},
      {"Purchases",
       "TOTALS(purchase); UNIQUES(purchase); PROPSUM(purchase, amount); "
       "AVERAGE(purchase)"},
      {"Big", "PROPSUM(purchase, amount, 'amount >= 50')"},
      {"Deliveries", "TOTALS(delivered); UNIQUES(delivered)"},
  };
  return fixture;
}

/// The custom values of a row as doubles, null as -1 (no value here is negative).
std::vector<double> Values(const std::vector<CustomValue>& values) {
  std::vector<double> out;
  for (const CustomValue& value : values) out.push_back(value.value_or(-1));
  return out;
}

TEST(BuildReport, CustomMetricsPerCampaignMatchTheHandComputation) {
  const Fixture fixture = CustomFixture();
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->custom_metrics.size(), 4u);
  EXPECT_EQ(report->custom_metrics[1].name, "Purchases");
  EXPECT_EQ(report->custom_metrics[1].formula_count, 4u);
  // revenue / delivered; totals, uniques, propsum, average; big; delivered totals, uniques.
  EXPECT_EQ(Values(FindRow(*report, "c1")->custom),
            (std::vector<double>{40, 2, 2, 120, 1, 100, 3, 2}));
  EXPECT_EQ(Values(FindRow(*report, "c2")->custom),
            (std::vector<double>{25, 2, 2, 50, 1, 50, 2, 2}));
  EXPECT_EQ(Values(FindRow(*report, "c3")->custom),
            (std::vector<double>{15, 1, 1, 30, 1, 0, 2, 1}));
  // c4: catalog only, zeros; 0 / 0 is null. c6: credit only, 1.00 over 0 deliveries is null.
  EXPECT_EQ(Values(FindRow(*report, "c4")->custom),
            (std::vector<double>{-1, 0, 0, 0, -1, 0, 0, 0}));
  EXPECT_EQ(Values(FindRow(*report, "c6")->custom), (std::vector<double>{-1, 1, 1, 1, 1, 0, 0, 0}));
}

TEST(BuildReport, CustomMetricTilesUseTheSelectionTotals) {
  Fixture fixture = CustomFixture();
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // 201.00 / 7; 6 purchases by 4 users (u1, u2, u3, u5) worth 201.00; 150.00 of them >= 50;
  // 7 deliveries to 4 users (u1, u2, u3, u4).
  EXPECT_EQ(Values(report->tiles_custom),
            (std::vector<double>{201.0 / 7, 6, 4, 201, 1.5, 150, 7, 4}));

  fixture.request.filter.campaign_ids = {"c1", "c3"};
  report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // c1 + c3: revenue 150 over 5 deliveries; purchases 3 by u1 and u2 worth 150; >= 50: 100;
  // deliveries 5 to u1, u4 and u2.
  EXPECT_EQ(Values(report->tiles_custom), (std::vector<double>{30, 3, 2, 150, 1.5, 100, 5, 3}));
}

TEST(BuildReport, AttributedAggregatesFollowTheReportModel) {
  Fixture fixture = CustomFixture();
  fixture.settings.custom_metrics = {{"Weighted", "PROPSUM(purchase, amount); TOTALS(purchase)"}};
  for (const char* model : {"linear", "time_decay", "position_based", "first_touch"}) {
    fixture.request.model = model;
    auto report = Build(fixture);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    // Without a filter the purchase aggregates are the Purchase conversion's own credit.
    for (const CampaignRow& row : report->campaigns) {
      ASSERT_EQ(row.custom.size(), 2u);
      EXPECT_DOUBLE_EQ(row.custom[0].value(), static_cast<double>(row.metrics.revenue_pico) / 1e12)
          << model << " " << row.campaign_id;
      EXPECT_NEAR(row.custom[1].value(), row.metrics.conversions, 5e-7)
          << model << " " << row.campaign_id;
    }
    // The tiles too; fractional credits are rounded once each, at 1e-12, as revenue is.
    EXPECT_DOUBLE_EQ(report->tiles_custom[0].value(),
                     static_cast<double>(report->tiles.revenue_pico) / 1e12)
        << model;
    EXPECT_NEAR(report->tiles_custom[0].value(), 201.0, 1e-9) << model;
    EXPECT_DOUBLE_EQ(report->tiles_custom[1].value(), 6.0) << model;
  }
}

TEST(BuildReport, AnyTouchCountsASharedEventOnceInTheTiles) {
  Fixture fixture = CustomFixture();
  fixture.settings.custom_metrics = {{"Any", "TOTALS(purchase); PROPSUM(purchase, amount)"}};
  fixture.request.model = "any_touch";
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // u1's 50 credits c1 and c2 in full, u2's 30 credits c1 and c3: rows add up to 8 events,
  // the tiles count the 6 purchases worth 201.00 once.
  EXPECT_EQ(Values(FindRow(*report, "c1")->custom), (std::vector<double>{4, 200}));
  EXPECT_EQ(Values(FindRow(*report, "c2")->custom), (std::vector<double>{2, 50}));
  EXPECT_EQ(Values(report->tiles_custom), (std::vector<double>{6, 201}));
}

TEST(BuildReport, ACampaignCreditedOnlyByAFormulaEventGetsARow) {
  Fixture fixture = CustomFixture();
  fixture.settings.custom_metrics = {{"Purchases", "TOTALS(purchase)"},
                                     {"Revenue per Delivered", "Revenue / Delivered"}};
  fixture.request.conversion = "Signup";
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // Under Signup c6 has no event in the period and no signup credit, but u5's purchase (1h
  // after u5's click on c6) is credited to it. Signup has no value: revenue is null.
  const CampaignRow* c6 = FindRow(*report, "c6");
  ASSERT_NE(c6, nullptr);
  EXPECT_EQ(Values(c6->custom), (std::vector<double>{1, -1}));
  EXPECT_EQ(Values(FindRow(*report, "c1")->custom), (std::vector<double>{2, -1}));
}

TEST(BuildReport, SortsByACustomMetricLabelIgnoringCase) {
  Fixture fixture = CustomFixture();
  fixture.request.sort_metric = "purchases (4)";  // AVERAGE: c1, c2, c3, c6 1; c4 null
  fixture.request.descending = false;
  auto report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RowIds(*report), (std::vector<std::string>{"c1", "c2", "c3", "c6", "c4"}));

  fixture.request.sort_metric = "Revenue per delivered";  // 40, 25, 15, then nulls
  fixture.request.descending = true;
  report = Build(fixture);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RowIds(*report), (std::vector<std::string>{"c1", "c2", "c3", "c4", "c6"}));

  fixture.request.sort_metric = "Purchases";  // a metric of several formulas: name one
  report = Build(fixture);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUsage);
}

TEST(ReportBuilder, TileRevenueByDayAddsUpToTheTilesAndFollowsTheSelection) {
  Fixture fixture = MakeFixture();
  for (const std::string model : {"last_touch", "linear", "any_touch"}) {
    fixture.request.model = model;
    fixture.request.filter = CampaignFilter{};
    auto report = Build(fixture);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    __int128 sum = 0;
    int32_t previous_day = INT32_MIN;
    for (const auto& [day, revenue] : report->tile_revenue_by_day) {
      EXPECT_GT(day, previous_day) << model;
      previous_day = day;
      sum += revenue;
    }
    EXPECT_EQ(sum, report->tiles.revenue_pico) << model;
    EXPECT_FALSE(report->tile_revenue_by_day.empty()) << model;
    // A selection's days hold only its own revenue.
    fixture.request.filter.campaign_ids = {"c2"};
    report = Build(fixture);
    ASSERT_TRUE(report.ok());
    sum = 0;
    for (const auto& [day, revenue] : report->tile_revenue_by_day) sum += revenue;
    EXPECT_EQ(sum, report->tiles.revenue_pico) << model;
  }
}

TEST(ReportBuilder, AScanCacheAnswersEveryFilterExactlyAsAFreshScan) {
  // The snapshot's cache keeps, per conversion and model, one scan of all time by local day,
  // which answers every period from midnight to midnight, and one scan per other period: each
  // report after the first is answered from them, and must be the very report a fresh scan of
  // its own period gives.
  Fixture fixture = MakeFixture();
  const std::vector<CampaignFilter> filters = [] {
    std::vector<CampaignFilter> out(5);
    out[1].campaign_ids = {"c1"};
    out[2].campaign_ids = {"c1", "c3"};
    out[3].campaign_ids = {"c2", "c6"};
    out[4].channels = {"push"};
    return out;
  }();
  const std::vector<std::pair<std::optional<TimestampUs>, std::optional<TimestampUs>>> periods = {
      {std::nullopt, std::nullopt}, {At(0), At(10 * kDay)}, {At(2 * kHour), At(3 * kDay)}};
  ReportScanCache cache(16);
  size_t scans = 0;
  for (const std::string model : {"last_touch", "first_touch", "linear", "any_touch"}) {
    for (const auto& [from, to] : periods) {
      for (const CampaignFilter& filter : filters) {
        fixture.request.model = model;
        fixture.request.from = from;
        fixture.request.to = to;
        fixture.request.filter = filter;
        auto fresh = Build(fixture);
        ReportInputs inputs{fixture.store, fixture.catalog, fixture.timesheets, fixture.snapshots};
        inputs.scan_cache = &cache;
        auto cached = BuildReport(fixture.request, inputs, fixture.settings);
        ASSERT_TRUE(fresh.ok() && cached.ok()) << fresh.status().ToString();
        EXPECT_EQ(RenderReportJson(*cached), RenderReportJson(*fresh))
            << model << ", filter " << (&filter - filters.data());
      }
      // All time and [day 0, day 10) share the scan by day; [2h, 3 days) has its own.
      if (from != At(0)) ++scans;
      EXPECT_EQ(cache.size(), scans) << model;
    }
  }
}

TEST(ReportBuilder, OneScanByDayAnswersEveryMidnightPeriodAsAScanOfThatPeriod) {
  // Random users over 12 days of New York time (a daylight saving change on the 8th), messages
  // delivered and clicked again on later days, purchases with and without value, events without
  // a campaign, a per-message cost and a commission: every period from a local midnight to a
  // local midnight, under every filter and model, answered from the one scan by day must equal
  // a fresh scan of it.
  std::mt19937 rng(2026);
  auto tz = TimeZone::Load("America/New_York");
  ASSERT_TRUE(tz.ok());
  const TimestampUs start = *ParseTimestamp("2026-03-03", *tz);
  const std::vector<std::string> campaigns = {"c1", "c2", "c3", "c4"};
  const std::vector<std::string> messages = {"", "m1", "m2"};
  std::vector<TestEvent> events;
  for (int user = 0; user < 80; ++user) {
    const std::string id = "u" + std::to_string(user);
    const int count = 2 + static_cast<int>(rng() % 12);
    for (int idx = 0; idx < count; ++idx) {
      const TimestampUs ts =
          start + static_cast<TimestampUs>(rng() % (12 * 24)) * kHour * kMicrosPerSecond;
      const std::string& campaign = campaigns[rng() % campaigns.size()];
      const std::string& message = messages[rng() % messages.size()];
      // Six events in eight are engagements (delivered and clicked twice as often as the
      // others), one a purchase (a quarter without a value), one an event of no campaign.
      static const char* const kEngagements[] = {"sent",   "delivered", "delivered",
                                                 "viewed", "clicked",   "clicked"};
      const uint32_t kind = rng() % 8;
      if (kind < 6) {
        events.emplace_back(id, ts, kEngagements[kind], campaign, message);
      } else if (kind == 6) {
        events.emplace_back(
            id, ts, "purchase", "", "",
            rng() % 4 ? std::optional<int64_t>(Money(1 + rng() % 90)) : std::nullopt);
      } else {
        events.emplace_back(id, ts, "app_open");
      }
    }
  }
  Fixture fixture = MakeFixture();
  fixture.store = BuildStore(events);
  fixture.settings.timezone = "America/New_York";
  CostLine per_message;
  per_message.amount = 2'500;
  per_message.channel = "push";
  CostLine commission;  // 10% of the credited revenue: kept beside each credit, summed by cell
  commission.type = CostLineType::kCommission;
  commission.share_ppm = 100'000;
  fixture.settings.costs = {per_message, commission};
  const std::vector<CampaignFilter> filters = [] {
    std::vector<CampaignFilter> out(4);
    out[1].campaign_ids = {"c1"};
    out[2].campaign_ids = {"c2", "c3"};
    out[3].channels = {"push"};
    return out;
  }();
  ReportScanCache cache(16);
  for (const std::string model : {"last_touch", "linear", "any_touch"}) {
    for (int first = -1; first <= 13; ++first) {
      for (int last = first + 1; last <= 14; ++last) {
        for (const CampaignFilter& filter : filters) {
          fixture.request.model = model;
          fixture.request.from =
              first < 0
                  ? std::nullopt
                  : std::optional<TimestampUs>(LocalDayStart(LocalDay(start, *tz) + first, *tz));
          fixture.request.to =
              last > 13
                  ? std::nullopt
                  : std::optional<TimestampUs>(LocalDayStart(LocalDay(start, *tz) + last, *tz));
          fixture.request.filter = filter;
          const auto fresh = Build(fixture);
          ReportInputs inputs{fixture.store, fixture.catalog, fixture.timesheets,
                              fixture.snapshots};
          inputs.scan_cache = &cache;
          const auto cached = BuildReport(fixture.request, inputs, fixture.settings);
          ASSERT_TRUE(fresh.ok() && cached.ok()) << fresh.status().ToString();
          ASSERT_EQ(RenderReportJson(*cached), RenderReportJson(*fresh))
              << model << " days [" << first << ", " << last << "), filter "
              << (&filter - filters.data());
        }
      }
    }
  }
  EXPECT_EQ(cache.size(), 3u) << "one scan by day per model";
}

}  // namespace
}  // namespace payback
