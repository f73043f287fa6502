#include <gtest/gtest.h>

#include "payback/common/money.h"
#include "payback/common/time.h"
#include "payback/cost/campaign_expenses.h"
#include "payback/cost/commission_schedule.h"
#include "payback/cost/day_coverage.h"
#include "payback/cost/event_costs.h"
#include "payback/cost/labor_cost.h"
#include "payback/cost/platform_fee.h"
#include "payback/store/test_event_store.h"

namespace payback {
namespace {

TimestampUs Utc(const char* text) { return *ParseTimestamp(text, TimeZone()); }

std::string Cents(__int128 pico) { return FormatMoney(pico, 12, 2); }

CostLine PlatformFee(Micros amount, FeePeriod period, std::string from = "") {
  CostLine line;
  line.type = CostLineType::kPlatformFee;
  line.amount = amount;
  line.period = period;
  line.from = std::move(from);
  return line;
}

TEST(PlatformFeeTest, TheSmsSeedsQuarterlyFeeOverSevenDaysIs7671) {
  // metrics.md: $1,000 a quarter x 4 / 365 x 7 = 76.7123...; the seed's 76.72 rounds the
  // daily fee to 10.96 first, payback does not.
  const std::vector<CostLine> lines = {PlatformFee(1'000'000'000, FeePeriod::kQuarter)};
  const auto fee =
      AmortizedPlatformFeePico(lines, Utc("2026-03-01"), Utc("2026-03-08"), TimeZone());
  ASSERT_TRUE(fee.ok());
  EXPECT_EQ(Cents(*fee), "76.71");
  // 4000 / 365 * 7 in pico units, rounded once: 76.712328767123...
  EXPECT_EQ(FormatMoney(*fee, 12, 12), "76.712328767123");
}

TEST(PlatformFeeTest, MonthlyAndYearlyPeriodsAndAHalfDay) {
  const std::vector<CostLine> monthly = {PlatformFee(365'000'000, FeePeriod::kMonth)};
  // 365 x 12 / 365 = 12.00 a day; half a day is 6.00.
  auto fee = AmortizedPlatformFeePico(monthly, Utc("2026-03-01T00:00:00Z"),
                                      Utc("2026-03-01T12:00:00Z"), TimeZone());
  ASSERT_TRUE(fee.ok());
  EXPECT_EQ(Cents(*fee), "6.00");
  const std::vector<CostLine> yearly = {PlatformFee(365'000'000, FeePeriod::kYear)};
  fee = AmortizedPlatformFeePico(yearly, Utc("2026-01-01"), Utc("2027-01-01"), TimeZone());
  ASSERT_TRUE(fee.ok());
  EXPECT_EQ(Cents(*fee), "365.00");
}

TEST(PlatformFeeTest, AChangeInTheMiddleOfThePeriodValuesEachDayWithItsOwnFee) {
  // 3 days at 365/year (1.00 a day), then 4 days at 730/year (2.00 a day) = 11.00; nothing
  // before the first line is in force.
  const std::vector<CostLine> lines = {PlatformFee(365'000'000, FeePeriod::kYear, "2026-03-01"),
                                       PlatformFee(730'000'000, FeePeriod::kYear, "2026-03-04")};
  auto fee = AmortizedPlatformFeePico(lines, Utc("2026-02-25"), Utc("2026-03-08"), TimeZone());
  ASSERT_TRUE(fee.ok());
  EXPECT_EQ(Cents(*fee), "11.00");
}

TEST(PlatformFeeTest, ADstDayOf23HoursIsStillOneDay) {
  auto tz = TimeZone::Load("America/New_York");
  ASSERT_TRUE(tz.ok());
  const std::vector<CostLine> lines = {PlatformFee(365'000'000, FeePeriod::kYear)};
  // 2026-03-08 is 23 hours long in New York.
  const auto fee = AmortizedPlatformFeePico(lines, *ParseTimestamp("2026-03-08", *tz),
                                            *ParseTimestamp("2026-03-09", *tz), *tz);
  ASSERT_TRUE(fee.ok());
  EXPECT_EQ(FormatMoney(*fee, 12, 6), "1.000000");
}

TEST(DayCoverageTest, WholeAndCutDays) {
  const DayCoverage coverage =
      CoverDays(Utc("2026-03-01T06:00:00Z"), Utc("2026-03-04T18:00:00Z"), TimeZone());
  EXPECT_EQ(coverage.whole_days, 2);
  ASSERT_EQ(coverage.cut_days.size(), 2u);
  EXPECT_EQ(coverage.cut_days[0].inside, 18 * 3600 * kMicrosPerSecond);
  EXPECT_EQ(coverage.cut_days[1].inside, 18 * 3600 * kMicrosPerSecond);
  EXPECT_EQ(CoverDays(Utc("2026-03-01"), Utc("2026-03-01"), TimeZone()).whole_days, 0);
}

CampaignRecord Campaign(std::optional<Micros> expenses, const char* start, const char* end) {
  CampaignRecord record;
  record.campaign_id = "c1";
  record.expenses = expenses;
  if (start != nullptr) record.start = Utc(start);
  if (end != nullptr) record.end = Utc(end);
  return record;
}

TEST(CampaignExpensesTest, SpreadOverTheRunDaysInclusive) {
  // $100 over March 1-10 (10 days): March 1-3 holds 3 days = 30.00.
  const CampaignRecord record = Campaign(100'000'000, "2026-03-01", "2026-03-10");
  EXPECT_EQ(Cents(CampaignExpensesPico(record, Utc("2026-03-01"), Utc("2026-03-04"), TimeZone(),
                                       std::nullopt)),
            "30.00");
  EXPECT_EQ(
      Cents(CampaignExpensesPico(record, std::nullopt, std::nullopt, TimeZone(), std::nullopt)),
      "100.00");
  EXPECT_EQ(Cents(CampaignExpensesPico(record, Utc("2026-03-09"), std::nullopt, TimeZone(),
                                       std::nullopt)),
            "20.00");
  EXPECT_EQ(Cents(CampaignExpensesPico(record, Utc("2026-04-01"), Utc("2026-05-01"), TimeZone(),
                                       std::nullopt)),
            "0.00");
  // A third of $100 over 3 days, one day: 33.333333333333 (rounded once).
  const CampaignRecord thirds = Campaign(100'000'000, "2026-03-01", "2026-03-03");
  EXPECT_EQ(FormatMoney(CampaignExpensesPico(thirds, Utc("2026-03-02"), Utc("2026-03-03"),
                                             TimeZone(), std::nullopt),
                        12, 12),
            "33.333333333333");
}

TEST(CampaignExpensesTest, OneDateBooksTheWholeAmountThereNoDateAtTheFirstEvent) {
  const CampaignRecord started = Campaign(57'000'000, "2026-03-05", nullptr);
  EXPECT_EQ(Cents(CampaignExpensesPico(started, Utc("2026-03-01"), Utc("2026-04-01"), TimeZone(),
                                       std::nullopt)),
            "57.00");
  EXPECT_EQ(Cents(CampaignExpensesPico(started, Utc("2026-04-01"), Utc("2026-05-01"), TimeZone(),
                                       std::nullopt)),
            "0.00");
  // Without dates: booked at the campaign's first event; without events, all-time reports only.
  const CampaignRecord undated = Campaign(57'000'000, nullptr, nullptr);
  const TimestampUs first_event = Utc("2026-04-10T09:00:00Z");
  EXPECT_EQ(Cents(CampaignExpensesPico(undated, Utc("2026-04-01"), Utc("2026-05-01"), TimeZone(),
                                       first_event)),
            "57.00");
  EXPECT_EQ(Cents(CampaignExpensesPico(undated, Utc("2026-05-01"), Utc("2026-06-01"), TimeZone(),
                                       first_event)),
            "0.00");
  EXPECT_EQ(Cents(CampaignExpensesPico(undated, Utc("2026-04-01"), Utc("2026-05-01"), TimeZone(),
                                       std::nullopt)),
            "0.00");
  EXPECT_EQ(
      Cents(CampaignExpensesPico(undated, std::nullopt, std::nullopt, TimeZone(), std::nullopt)),
      "57.00");
  EXPECT_EQ(Cents(CampaignExpensesPico(Campaign(std::nullopt, nullptr, nullptr), std::nullopt,
                                       std::nullopt, TimeZone(), std::nullopt)),
            "0.00");
}

CostLine Line(CostLineType type, Micros amount, std::string campaign = "", std::string from = "",
              std::string channel = "", MessageDirection direction = MessageDirection::kOutbound) {
  CostLine line;
  line.type = type;
  line.amount = amount;
  line.campaign = std::move(campaign);
  line.from = std::move(from);
  line.channel = std::move(channel);
  line.direction = direction;
  return line;
}

TEST(EventCostsTest, MessagesBySegmentsChannelCampaignAndDate) {
  const EventStore store = BuildStore({
      {"u1", Utc("2026-03-01T10:00:00Z"), "sent", "sms1", "", {{"segments", 2'000'000}}},
      {"u1", Utc("2026-03-02T10:00:00Z"), "sent", "sms1"},
      {"u1", Utc("2026-03-03T10:00:00Z"), "received", "sms1"},
      {"u2", Utc("2026-03-01T10:00:00Z"), "sent", "push1"},
      {"u2", Utc("2026-03-01T11:00:00Z"), "call", "dial1"},
      {"u2", Utc("2026-03-01T12:00:00Z"), "received", ""},
  });
  CampaignRecord sms;
  sms.campaign_id = "sms1";
  sms.channel = "sms";
  std::vector<const CampaignRecord*> metadata(store.dictionaries.campaigns.size(), nullptr);
  metadata[store.dictionaries.campaigns.Find("sms1")] = &sms;
  const std::vector<CostLine> lines = {
      Line(CostLineType::kMessage, 10'000, "", "", "sms"),            // 0.01 per sms segment
      Line(CostLineType::kMessage, 20'000, "", "2026-03-02", "sms"),  // 0.02 from March 2
      Line(CostLineType::kMessage, 1'000),                            // 0.001 anything else
      Line(CostLineType::kMessage, 5'000, "", "", "", MessageDirection::kInbound),
      Line(CostLineType::kCarrierFee, 3'000, "", "", "sms"),
      Line(CostLineType::kCall, 150'000, "dial1"),
  };
  const auto costs = EventCosts::Resolve(lines, store, metadata, EventAliases({}), TimeZone());
  ASSERT_TRUE(costs.ok()) << costs.status().ToString();
  std::vector<CostBreakdown> by_row(store.events.size());
  for (uint64_t row = 0; row < store.events.size(); ++row) costs->Charge(store, row, by_row[row]);
  // Rows are sorted by (user, ts): u1's three events, then u2's.
  EXPECT_EQ(Cents(by_row[0].message_pico), "0.02");  // 2 segments x 0.01
  EXPECT_EQ(FormatMoney(by_row[0].carrier_fee_pico, 12, 3), "0.006");
  EXPECT_EQ(Cents(by_row[1].message_pico), "0.02");                // 0.02 in force from March 2
  EXPECT_EQ(FormatMoney(by_row[2].message_pico, 12, 3), "0.005");  // inbound
  EXPECT_EQ(by_row[2].carrier_fee_pico, 0);                        // no inbound carrier fee
  EXPECT_EQ(FormatMoney(by_row[3].message_pico, 12, 3), "0.001");  // push: the global line
  EXPECT_EQ(Cents(by_row[4].call_pico), "0.15");
  EXPECT_EQ(FormatMoney(by_row[5].message_pico, 12, 3), "0.005");  // inbound, no campaign
}

TEST(LaborCostTest, RateInForceAtTheDateAndPerCampaign) {
  const std::vector<CostLine> lines = {Line(CostLineType::kAgentHour, 20'000'000),
                                       Line(CostLineType::kAgentHour, 25'000'000, "", "2026-03-16"),
                                       Line(CostLineType::kAgentHour, 30'000'000, "vip")};
  const auto labor = LaborCost::Resolve(lines, TimeZone());
  ASSERT_TRUE(labor.ok());
  const int32_t march_2 = DaysFromCivil(2026, 3, 2);
  const int32_t march_20 = DaysFromCivil(2026, 3, 20);
  EXPECT_EQ(Cents(labor->RowPico({"a1", "c1", march_2, 7'500'000})), "150.00");
  EXPECT_EQ(Cents(labor->RowPico({"a1", "c1", march_20, 8'000'000})), "200.00");
  EXPECT_EQ(Cents(labor->RowPico({"a1", "vip", march_20, 1'000'000})), "30.00");
  EXPECT_TRUE(labor->InPeriod({"a1", "c1", march_2, 1}, Utc("2026-03-02"), Utc("2026-03-03")));
  EXPECT_FALSE(labor->InPeriod({"a1", "c1", march_2, 1}, Utc("2026-03-03"), Utc("2026-03-04")));
}

TEST(CommissionScheduleTest, FlatShareAndConversionScope) {
  const EventStore store = BuildStore(
      {{"u1", Utc("2026-03-01"), "sale", "c1"}, {"u1", Utc("2026-03-02"), "sale", "c2"}});
  CostLine flat = Line(CostLineType::kCommission, 5'000'000);
  CostLine share = Line(CostLineType::kCommission, 0, "c2");
  share.amount = 0;
  share.share_ppm = 100'000;  // 10%
  CostLine other = Line(CostLineType::kCommission, 99'000'000);
  other.conversion = "Lead";
  const auto commission =
      CommissionSchedule::Resolve({flat, share, other}, "Sale", store, TimeZone());
  ASSERT_TRUE(commission.ok());
  const CampaignId c1 = store.dictionaries.campaigns.Find("c1");
  const CampaignId c2 = store.dictionaries.campaigns.Find("c2");
  const __int128 revenue = static_cast<__int128>(120) * 1'000'000'000'000;
  EXPECT_EQ(Cents(commission->CreditPico(c1, Utc("2026-03-01"), 1.0, revenue)), "5.00");
  EXPECT_EQ(Cents(commission->CreditPico(c1, Utc("2026-03-01"), 0.5, revenue / 2)), "2.50");
  EXPECT_EQ(Cents(commission->CreditPico(c2, Utc("2026-03-02"), 1.0, revenue)), "12.00");
}

TEST(DivideRoundedTest, HalfAwayFromZero) {
  EXPECT_EQ(DivideRounded(5, 2), 3);
  EXPECT_EQ(DivideRounded(-5, 2), -3);
  EXPECT_EQ(DivideRounded(4, 3), 1);
  EXPECT_EQ(DivideRounded(-4, 3), -1);
  EXPECT_EQ(DivideRounded(7, -2), -4);
}

}  // namespace
}  // namespace payback
