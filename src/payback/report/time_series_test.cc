#include "payback/report/time_series.h"

#include <gtest/gtest.h>

#include "payback/common/money.h"
#include "payback/common/time.h"
#include "payback/store/test_event_store.h"

namespace payback {
namespace {

TimestampUs Utc(const char* text) {
  auto ts = ParseTimestamp(text, TimeZone());
  EXPECT_TRUE(ts.ok()) << text;
  return ts.ok() ? *ts : 0;
}

Micros Money(int64_t units) { return units * kMicrosPerUnit; }

/// America/New_York; Purchase = purchase valued by amount, last touch on clicks, 7 days.
/// u1 clicks c1 and buys 10 on 2 March (10:00 and 11:00 EST); u2 clicks c1 and buys 20 late on
/// 2 March local time, which is already 3 March in UTC; u3 clicks c2 and buys 5 on 9 March,
/// the day after the switch to EDT (8 March has 23 hours).
struct Fixture {
  EventStore store = BuildStore({
      {"u1", Utc("2026-03-02T15:00:00Z"), "clicked", "c1"},
      {"u1", Utc("2026-03-02T16:00:00Z"), "purchase", "", "", Money(10)},
      {"u2", Utc("2026-03-03T03:00:00Z"), "clicked", "c1"},
      {"u2", Utc("2026-03-03T04:00:00Z"), "purchase", "", "", Money(20)},
      {"u3", Utc("2026-03-09T12:00:00Z"), "clicked", "c2"},
      {"u3", Utc("2026-03-09T13:00:00Z"), "purchase", "", "", Money(5)},
  });
  Settings settings;
  ReportRequest request;

  Fixture() {
    settings.timezone = "America/New_York";
    ConversionDefinition purchase;
    purchase.name = "Purchase";
    purchase.event = "purchase";
    purchase.value = "amount";
    settings.conversions = {purchase};
    settings.custom_metrics = {{"Revenue per Click", "Revenue / Clicked"}};
    request.from = Utc("2026-03-02T05:00:00Z");  // 2 March, local midnight (EST)
    request.to = Utc("2026-03-10T04:00:00Z");    // 10 March, local midnight (EDT)
  }
};

std::string Revenue(const MetricValues& metrics) {
  return FormatMoney(metrics.revenue_pico, 12, 2);
}

/// Report inputs with events only (no catalog, timesheets or snapshots).
ReportInputs EventsOnly(const EventStore& store) {
  static const std::vector<CampaignRecord> kNoCampaigns;
  static const std::vector<TimesheetRecord> kNoTimesheets;
  static const std::vector<AccountSnapshot> kNoSnapshots;
  return ReportInputs{store, kNoCampaigns, kNoTimesheets, kNoSnapshots};
}
const EventStore kNoEvents;

TEST(BuildTimeSeries, DaysAreLocalCalendarDaysAcrossTheDstChange) {
  const Fixture fixture;
  auto series = BuildTimeSeries(fixture.request, TimeBucket::kDay, EventsOnly(fixture.store),
                                fixture.settings);
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  ASSERT_EQ(series->points.size(), 8u);  // 2 .. 9 March
  EXPECT_EQ(series->conversion, "Purchase");
  EXPECT_EQ(series->model, "last_touch");
  EXPECT_TRUE(series->has_revenue);
  ASSERT_EQ(series->custom_metrics.size(), 1u);
  EXPECT_EQ(series->custom_metrics[0].name, "Revenue per Click");
  const TimeSeriesPoint& march2 = series->points[0];
  EXPECT_EQ(march2.start, Utc("2026-03-02T05:00:00Z"));
  EXPECT_EQ(march2.end, Utc("2026-03-03T05:00:00Z"));
  EXPECT_DOUBLE_EQ(march2.tiles.conversions, 2);  // u2's purchase is 2 March locally
  EXPECT_EQ(march2.tiles.clicked, 2);
  EXPECT_EQ(Revenue(march2.tiles), "30.00");
  ASSERT_EQ(march2.tiles_custom.size(), 1u);
  EXPECT_DOUBLE_EQ(march2.tiles_custom[0].value(), 15.0);
  const TimeSeriesPoint& march8 = series->points[6];
  EXPECT_EQ(march8.end - march8.start, 23 * 3600 * kMicrosPerSecond);
  EXPECT_DOUBLE_EQ(march8.tiles.conversions, 0);
  EXPECT_FALSE(march8.tiles_custom[0].has_value());  // 0 / 0
  const TimeSeriesPoint& march9 = series->points[7];
  EXPECT_EQ(march9.start, Utc("2026-03-09T04:00:00Z"));
  EXPECT_EQ(Revenue(march9.tiles), "5.00");
}

TEST(BuildTimeSeries, WeeksStartOnMondayAndMonthsOnTheFirstClippedToThePeriod) {
  const Fixture fixture;
  auto weeks = BuildTimeSeries(fixture.request, TimeBucket::kWeek, EventsOnly(fixture.store),
                               fixture.settings);
  ASSERT_TRUE(weeks.ok());
  ASSERT_EQ(weeks->points.size(), 2u);  // 2-9 March (2 March is a Monday), then 9 March
  EXPECT_EQ(Revenue(weeks->points[0].tiles), "30.00");
  EXPECT_EQ(weeks->points[1].start, Utc("2026-03-09T04:00:00Z"));
  EXPECT_EQ(weeks->points[1].end, fixture.request.to.value());
  EXPECT_EQ(Revenue(weeks->points[1].tiles), "5.00");

  auto months = BuildTimeSeries(fixture.request, TimeBucket::kMonth, EventsOnly(fixture.store),
                                fixture.settings);
  ASSERT_TRUE(months.ok());
  ASSERT_EQ(months->points.size(), 1u);
  EXPECT_EQ(months->points[0].start, fixture.request.from.value());
  EXPECT_EQ(Revenue(months->points[0].tiles), "35.00");
}

TEST(BuildTimeSeries, WithoutAPeriodItSpansTheData) {
  Fixture fixture;
  fixture.request.from.reset();
  fixture.request.to.reset();
  auto series = BuildTimeSeries(fixture.request, TimeBucket::kDay, EventsOnly(fixture.store),
                                fixture.settings);
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->points.size(), 8u);
  EXPECT_EQ(series->points.front().start, Utc("2026-03-02T15:00:00Z"));  // the first event
  EXPECT_EQ(series->points.back().end, Utc("2026-03-09T13:00:00Z") + 1);
}

TEST(BuildTimeSeries, WithoutBucketsItStillHasItsHeaderOrTheRequestsError) {
  Fixture fixture;
  auto empty =
      BuildTimeSeries(fixture.request, TimeBucket::kDay, EventsOnly(kNoEvents), fixture.settings);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty->points.size(), 8u);  // the period is given: 8 empty days
  fixture.request.from.reset();
  fixture.request.to.reset();
  empty =
      BuildTimeSeries(fixture.request, TimeBucket::kDay, EventsOnly(kNoEvents), fixture.settings);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->points.empty());
  EXPECT_EQ(empty->conversion, "Purchase");
  fixture.request.from = Utc("2026-03-05T00:00:00Z");
  fixture.request.to = fixture.request.from;
  auto inverted = BuildTimeSeries(fixture.request, TimeBucket::kDay, EventsOnly(fixture.store),
                                  fixture.settings);
  EXPECT_EQ(inverted.status().code(), StatusCode::kUsage);  // the report's "period is empty"
  fixture.request.from.reset();
  fixture.request.to.reset();
  fixture.request.model = "nope";
  EXPECT_EQ(BuildTimeSeries(fixture.request, TimeBucket::kDay, EventsOnly(fixture.store),
                            fixture.settings)
                .status()
                .code(),
            StatusCode::kUsage);
}

TEST(BuildTimeSeries, TooManyBucketsIsAUsageError) {
  Fixture fixture;
  fixture.request.from = Utc("2020-01-01T00:00:00Z");
  auto series = BuildTimeSeries(fixture.request, TimeBucket::kDay, EventsOnly(fixture.store),
                                fixture.settings);
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.status().code(), StatusCode::kUsage);
}

TEST(TimeBucketNames, RoundTrip) {
  for (const TimeBucket bucket : {TimeBucket::kDay, TimeBucket::kWeek, TimeBucket::kMonth}) {
    EXPECT_EQ(ParseTimeBucket(TimeBucketName(bucket)), bucket);
  }
  EXPECT_FALSE(ParseTimeBucket("hour").has_value());
}

}  // namespace
}  // namespace payback
