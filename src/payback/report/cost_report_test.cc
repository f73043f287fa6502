// The cost lines of docs/costs.md as BuildReport shows them: small stores written by hand, every
// expected number derived in a comment from the rules of docs/costs.md and metrics.md ("Money",
// "Cost and ROI variants"), not from the engine.

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/common/money.h"
#include "payback/common/time.h"
#include "payback/report/report_builder.h"
#include "payback/report/roi_metrics.h"
#include "payback/store/test_event_store.h"

namespace payback {
namespace {

TimestampUs Utc(const char* text) { return *ParseTimestamp(text, TimeZone()); }

Micros Units(int64_t units) { return units * kMicrosPerUnit; }

/// An amount in 1e-12 units shown with its significant decimals (at least 2, at most 12):
/// `0.0075`, `350.00`, `76.712328767123`.
std::string Amount(__int128 pico) {
  std::string text = FormatMoney(pico, 12, 12);
  while (text.size() > 3 && text.back() == '0' && text[text.size() - 3] != '.') text.pop_back();
  return text;
}

/// The non-zero lines of a breakdown and its total: `message 0.03, carrier_fee 0.009 = 0.039`.
std::string Lines(const CostBreakdown& cost) {
  const std::pair<const char*, __int128> lines[] = {
      {"expenses", cost.expenses_pico},
      {"message", cost.message_pico},
      {"carrier_fee", cost.carrier_fee_pico},
      {"platform_fee", cost.platform_fee_pico},
      {"call", cost.call_pico},
      {"agent_hour", cost.agent_hour_pico},
      {"commission", cost.commission_pico},
  };
  std::string text;
  for (const auto& [name, pico] : lines) {
    if (pico == 0) continue;
    if (!text.empty()) text += ", ";
    text += std::string(name) + " " + Amount(pico);
  }
  return text + (text.empty() ? "= " : " = ") + Amount(cost.total());
}

std::string OptionalAmount(const std::optional<__int128>& pico) {
  return pico ? Amount(*pico) : "null";
}

/// A cost line written by hand: `Line(CostLineType::kMessage, 7'500).Channel("sms")`.
class Line {
 public:
  Line(CostLineType type, Micros amount) {
    line_.type = type;
    line_.amount = amount;
  }
  Line Share(int64_t share_ppm) && {
    line_.share_ppm = share_ppm;
    return std::move(*this);
  }
  Line Campaign(std::string campaign) && {
    line_.campaign = std::move(campaign);
    return std::move(*this);
  }
  Line Channel(std::string channel) && {
    line_.channel = std::move(channel);
    return std::move(*this);
  }
  Line Inbound() && {
    line_.direction = MessageDirection::kInbound;
    return std::move(*this);
  }
  Line Period(FeePeriod period) && {
    line_.period = period;
    return std::move(*this);
  }
  Line Conversion(std::string conversion) && {
    line_.conversion = std::move(conversion);
    return std::move(*this);
  }
  Line From(std::string from) && {
    line_.from = std::move(from);
    return std::move(*this);
  }
  const CostLine& line() const { return line_; }

 private:
  CostLine line_;
};

std::vector<CostLine> CostLines(std::initializer_list<Line> lines) {
  std::vector<CostLine> out;
  for (const Line& line : lines) out.push_back(line.line());
  return out;
}

FixedConversionValue FixedValue(Micros amount, std::string campaign = "", std::string from = "") {
  FixedConversionValue value;
  value.amount = amount;
  value.campaign = std::move(campaign);
  value.from = std::move(from);
  return value;
}

CampaignRecord Campaign(std::string id, std::string channel, std::string kind = "") {
  CampaignRecord record;
  record.campaign_id = std::move(id);
  record.name = record.campaign_id;
  record.channel = std::move(channel);
  record.kind = std::move(kind);
  return record;
}

/// A sent (or other) event with a `segments` property.
TestEvent WithSegments(std::string user, TimestampUs ts, std::string event, std::string campaign,
                       int64_t segments) {
  return TestEvent(std::move(user), ts, std::move(event), std::move(campaign), "",
                   {{"segments", segments * kMicrosPerUnit}});
}

/// A `call` event with its string `outcome`.
TestEvent Call(std::string user, TimestampUs ts, std::string campaign, std::string outcome) {
  return TestEvent(std::move(user), ts, "call", std::move(campaign), "", {},
                   {{"outcome", std::move(outcome)}});
}

/// Purchase: last touch on clicks, 7-day window, value = `amount`.
ConversionDefinition Purchase(std::string model = "last_touch") {
  ConversionDefinition purchase;
  purchase.name = "Purchase";
  purchase.event = "purchase";
  purchase.value = "amount";
  purchase.model = std::move(model);
  return purchase;
}

struct Inputs {
  EventStore store;
  std::vector<CampaignRecord> catalog;
  std::vector<TimesheetRecord> timesheets;
  std::vector<AccountSnapshot> snapshots;
  Settings settings;
  ReportRequest request;
};

Result<Report> Build(const Inputs& inputs) {
  return BuildReport(
      inputs.request,
      ReportInputs{inputs.store, inputs.catalog, inputs.timesheets, inputs.snapshots},
      inputs.settings);
}

const CampaignRow* FindRow(const Report& report, std::string_view campaign_id) {
  for (const CampaignRow& row : report.campaigns) {
    if (row.campaign_id == campaign_id) return &row;
  }
  return nullptr;
}

/// The cost lines of a row, or "no row".
std::string RowLines(const Report& report, std::string_view campaign_id) {
  const CampaignRow* row = FindRow(report, campaign_id);
  return row != nullptr ? Lines(row->metrics.cost) : "no row";
}

// ---------------------------------------------------------------------------------------------
// 1. Messaging cost: amount x segments per `sent` / `received` event, scoped by campaign and
//    channel; the carrier fee as its own line.

/// Period [2026-03-01, 2026-03-08), UTC. Catalog: bulk (sms, broadcast), vip (sms), app (push).
/// Lines: message sms 0.0075; message campaign vip 0.01; message (any channel) 0.001;
/// message inbound 0.0075; carrier_fee sms 0.003. Alias `Inbound SMS` -> received.
Inputs MessagingInputs() {
  Inputs inputs;
  inputs.store = BuildStore({
      WithSegments("u1", Utc("2026-03-01T01:00:00Z"), "sent", "bulk", 2),
      {"u2", Utc("2026-03-01T01:00:00Z"), "sent", "bulk"},  // no segments: one message
      WithSegments("u1", Utc("2026-03-01T02:00:00Z"), "Inbound SMS", "bulk", 1),
      WithSegments("u3", Utc("2026-03-02T00:00:00Z"), "sent", "vip", 3),
      {"u4", Utc("2026-03-02T00:00:00Z"), "sent", "app"},
      {"u4", Utc("2026-03-02T00:01:00Z"), "delivered", "app"},
      {"u4", Utc("2026-03-02T00:02:00Z"), "clicked", "app"},
      WithSegments("u5", Utc("2026-03-04T00:00:00Z"), "received", "", 2),
      {"u2", Utc("2026-02-28T23:00:00Z"), "sent", "bulk"},  // before the period
      {"u2", Utc("2026-03-08T00:00:00Z"), "sent", "bulk"},  // at `to`: outside
  });
  inputs.catalog = {Campaign("bulk", "sms", "broadcast"), Campaign("vip", "sms"),
                    Campaign("app", "push")};
  inputs.settings.conversions = {Purchase()};
  inputs.settings.aliases = {{"Inbound SMS", "received"}};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kMessage, 7'500).Channel("sms"),
      Line(CostLineType::kMessage, 10'000).Campaign("vip"),
      Line(CostLineType::kMessage, 1'000),
      Line(CostLineType::kMessage, 7'500).Inbound(),
      Line(CostLineType::kCarrierFee, 3'000).Channel("sms"),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  return inputs;
}

TEST(CostReportTest, MessageCostPerSegmentByCampaignChannelAndDirection) {
  const Inputs inputs = MessagingInputs();
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->has_cost);
  // bulk (sms): u1 sent x 2 segments = 2 x 0.0075 = 0.015; u2 sent without segments = 0.0075;
  //   u1's `Inbound SMS` (alias of received) x 1 = inbound line 0.0075 -> message 0.03.
  //   Carrier fee on the two outbound sends only (the carrier line is outbound):
  //   2 x 0.003 + 1 x 0.003 = 0.009. Total 0.039. The sends before `from` and at `to` are out.
  ASSERT_NE(FindRow(*report, "bulk"), nullptr);
  EXPECT_EQ(FindRow(*report, "bulk")->metrics.sent, 2);
  EXPECT_EQ(RowLines(*report, "bulk"), "message 0.03, carrier_fee 0.009 = 0.039");
  // vip (sms): its own line beats the sms channel line: 3 segments x 0.01 = 0.03; carrier fee
  //   by channel: 3 x 0.003 = 0.009. Total 0.039.
  EXPECT_EQ(RowLines(*report, "vip"), "message 0.03, carrier_fee 0.009 = 0.039");
  // app (push): only the line without channel applies, 1 x 0.001; no push carrier fee.
  EXPECT_EQ(RowLines(*report, "app"), "message 0.001 = 0.001");
  // Tiles (no filter): rows 0.03 + 0.03 + 0.001 plus u5's campaign-less `received` x 2
  //   segments = 2 x 0.0075 = 0.015 (the workspace's) -> message 0.076; carrier 0.018.
  EXPECT_EQ(Lines(report->tiles.cost), "message 0.076, carrier_fee 0.018 = 0.094");
}

TEST(CostReportTest, AFilteredReportShowsOnlyTheSelectionsMessagingCost) {
  Inputs inputs = MessagingInputs();
  inputs.request.filter.channels = {"sms"};
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // Rows bulk and vip only; u5's campaign-less reply is the workspace's, not the selection's:
  //   message 0.03 + 0.03 = 0.06, carrier 0.009 + 0.009 = 0.018.
  EXPECT_EQ(FindRow(*report, "app"), nullptr);
  EXPECT_EQ(RowLines(*report, "bulk"), "message 0.03, carrier_fee 0.009 = 0.039");
  EXPECT_EQ(Lines(report->tiles.cost), "message 0.06, carrier_fee 0.018 = 0.078");
}

// ---------------------------------------------------------------------------------------------
// 2. Effective dating: each event is valued with the lines in force at its own timestamp.

TEST(CostReportTest, ALineFromTheMiddleOfThePeriodValuesOnlyLaterEvents) {
  Inputs inputs;
  inputs.store = BuildStore({
      {"u1", Utc("2026-03-02T10:00:00Z"), "sent", "bulk"},
      {"u2", Utc("2026-03-03T23:59:59Z"), "sent", "bulk"},
      {"u3", Utc("2026-03-04T00:00:00Z"), "sent", "bulk"},
      {"u4", Utc("2026-03-04T12:00:00Z"), "sent", "bulk"},
      {"u5", Utc("2026-03-02T10:00:00Z"), "sent", "app"},
      {"u5", Utc("2026-03-06T10:00:00Z"), "sent", "app"},
  });
  inputs.catalog = {Campaign("bulk", "sms"), Campaign("app", "push")};
  inputs.settings.conversions = {Purchase()};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kMessage, 7'500).Channel("sms"),
      Line(CostLineType::kMessage, 10'000).Channel("sms").From("2026-03-04"),
      Line(CostLineType::kMessage, 2'000).Channel("push").From("2026-03-04"),
      Line(CostLineType::kCarrierFee, 3'000).Channel("sms").From("2026-03-04T12:00:00Z"),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // bulk: March 2 and March 3 23:59:59 at the old 0.0075 (2 x 0.0075 = 0.015); March 4 00:00
  //   (the new line's local midnight) and March 4 12:00 at 0.01 (0.02) -> message 0.035.
  //   Carrier fee from March 4 12:00 only: the last send, 0.003.
  EXPECT_EQ(RowLines(*report, "bulk"), "message 0.035, carrier_fee 0.003 = 0.038");
  // app: before the push line's first `from` nothing is charged; March 6: 0.002.
  EXPECT_EQ(RowLines(*report, "app"), "message 0.002 = 0.002");
  EXPECT_EQ(Lines(report->tiles.cost), "message 0.037, carrier_fee 0.003 = 0.04");
}

TEST(CostReportTest, AFromDateIsLocalMidnightInTheWorkspaceTimeZone) {
  Inputs inputs;
  // Europe/Berlin is UTC+1 in March 2026 (before the DST change on March 29): the line from
  // 2026-03-04 starts at 2026-03-03T23:00:00Z.
  inputs.store = BuildStore({
      {"u1", Utc("2026-03-03T22:30:00Z"), "sent", "bulk"},  // 23:30 local, March 3: old
      {"u2", Utc("2026-03-03T23:30:00Z"), "sent", "bulk"},  // 00:30 local, March 4: new
  });
  inputs.catalog = {Campaign("bulk", "sms")};
  inputs.settings.timezone = "Europe/Berlin";
  inputs.settings.conversions = {Purchase()};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kMessage, 7'500).Channel("sms"),
      Line(CostLineType::kMessage, 10'000).Channel("sms").From("2026-03-04"),
  });
  inputs.request.from = Utc("2026-02-28T23:00:00Z");
  inputs.request.to = Utc("2026-03-07T23:00:00Z");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // 0.0075 + 0.01 = 0.0175.
  EXPECT_EQ(RowLines(*report, "bulk"), "message 0.0175 = 0.0175");
}

TEST(CostReportTest, ACampaignLineBeatsAChannelLineOnlyWhileItIsInForce) {
  Inputs inputs;
  inputs.store = BuildStore({
      {"u1", Utc("2026-03-02T10:00:00Z"), "sent", "vip"},
      {"u2", Utc("2026-03-05T10:00:00Z"), "sent", "vip"},
      {"u3", Utc("2026-03-05T10:00:00Z"), "sent", "bulk"},
  });
  inputs.catalog = {Campaign("vip", "sms"), Campaign("bulk", "sms")};
  inputs.settings.conversions = {Purchase()};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kMessage, 7'500).Channel("sms"),
      Line(CostLineType::kMessage, 8'000).Channel("sms").From("2026-03-04"),
      Line(CostLineType::kMessage, 10'000).Campaign("vip").From("2026-03-03"),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // vip March 2: its own line is not in force yet, the channel lines in force: 0.0075.
  // vip March 5: its own line (0.01) beats the channel line with the later `from` (0.008).
  EXPECT_EQ(RowLines(*report, "vip"), "message 0.0175 = 0.0175");
  // bulk March 5: among the channel lines the latest `from`: 0.008.
  EXPECT_EQ(RowLines(*report, "bulk"), "message 0.008 = 0.008");
}

TEST(CostReportTest,
     CampaignsOutsideTheCatalogHaveNoChannelAndRepliesWithoutOneMatchUnscopedLines) {
  Inputs inputs;
  inputs.store = BuildStore({
      {"u1", Utc("2026-03-02T10:00:00Z"), "sent", "adhoc"},
      {"u2", Utc("2026-03-02T10:00:00Z"), "sent", "adhoc2"},
      {"u3", Utc("2026-03-02T10:00:00Z"), "sent", "bulk"},
      {"u3", Utc("2026-03-02T11:00:00Z"), "received", "bulk"},
      {"u4", Utc("2026-03-02T11:00:00Z"), "received", ""},
      {"u5", Utc("2026-03-02T12:00:00Z"), "Dialer Call", "bulk"},
      {"u6", Utc("2026-03-02T12:00:00Z"), "Notification Sent", "adhoc"},  // default alias
  });
  inputs.catalog = {Campaign("bulk", "sms")};
  inputs.settings.conversions = {Purchase()};
  inputs.settings.aliases = {{"Dialer Call", "call"}};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kMessage, 7'500).Channel("sms"),
      Line(CostLineType::kMessage, 1'000),
      Line(CostLineType::kMessage, 20'000).Campaign("adhoc2"),
      Line(CostLineType::kMessage, 10'000).Inbound().Channel("sms"),
      Line(CostLineType::kCarrierFee, 2'000).Inbound(),
      Line(CostLineType::kCall, 50'000),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // adhoc is in no catalog, so it has no channel: the sms line does not match, the unscoped one
  // does: `sent` and `Notification Sent` (alias of sent) 2 x 0.001 = 0.002. adhoc2's own line
  // needs no catalog: 0.02.
  EXPECT_EQ(RowLines(*report, "adhoc"), "message 0.002 = 0.002");
  EXPECT_EQ(RowLines(*report, "adhoc2"), "message 0.02 = 0.02");
  // bulk: sent 0.0075 (sms line); received: inbound sms line 0.01 and the inbound carrier fee
  //   0.002 (outbound sends pay no inbound carrier fee); `Dialer Call` (alias of call) 0.05.
  EXPECT_EQ(RowLines(*report, "bulk"), "message 0.0175, carrier_fee 0.002, call 0.05 = 0.0695");
  // u4's reply without campaign has no channel: the inbound sms line does not match it, the
  //   unscoped inbound carrier fee does (0.002, the workspace's).
  //   Tiles: message 0.002 + 0.02 + 0.0175 = 0.0395; carrier 0.002 + 0.002 = 0.004; call 0.05.
  EXPECT_EQ(Lines(report->tiles.cost), "message 0.0395, carrier_fee 0.004, call 0.05 = 0.0935");
}

// ---------------------------------------------------------------------------------------------
// 3. The workspace's own costs (events without a campaign, the platform fee): in the tiles of
//    an unfiltered report only.

/// Period [2026-03-01, 2026-03-08) (7 days), UTC. Catalog bulk (sms), app (push). Lines:
/// message 0.01 (any channel), message inbound 0.005, call 0.05, platform_fee 1000 a quarter.
Inputs WorkspaceInputs() {
  Inputs inputs;
  inputs.store = BuildStore({
      {"u1", Utc("2026-03-01T10:00:00Z"), "sent", "bulk"},
      {"u2", Utc("2026-03-02T10:00:00Z"), "sent", "app"},
      {"u3", Utc("2026-03-03T10:00:00Z"), "received", ""},
      {"u3", Utc("2026-03-03T11:00:00Z"), "call", ""},
      {"u4", Utc("2026-03-04T10:00:00Z"), "sent", ""},
      {"u5", Utc("2026-03-07T20:00:00Z"), "sent", "bulk"},
  });
  inputs.catalog = {Campaign("bulk", "sms"), Campaign("app", "push")};
  inputs.settings.conversions = {Purchase()};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kMessage, 10'000),
      Line(CostLineType::kMessage, 5'000).Inbound(),
      Line(CostLineType::kCall, 50'000),
      Line(CostLineType::kPlatformFee, Units(1000)).Period(FeePeriod::kQuarter),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  return inputs;
}

TEST(CostReportTest, WorkspaceCostsAndThePlatformFeeInUnfilteredTilesOnly) {
  Inputs inputs = WorkspaceInputs();
  auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // Rows: bulk 2 sends x 0.01 = 0.02; app 1 x 0.01 = 0.01. Rows never carry the platform fee.
  EXPECT_EQ(RowLines(*report, "bulk"), "message 0.02 = 0.02");
  EXPECT_EQ(RowLines(*report, "app"), "message 0.01 = 0.01");
  // Platform fee: 1000 x 4 / 365 x 7 = 28000 / 365 = 76.712328767123287..., rounded once at
  // 1e-12 -> 76.712328767123, shown 76.71 (not the seed's 76.72).
  EXPECT_EQ(FormatMoney(report->tiles.cost.platform_fee_pico, 12, 2), "76.71");
  // Tiles: message 0.02 + 0.01 + the workspace's received 0.005 and campaign-less sent 0.01 =
  //   0.045; the campaign-less call 0.05; total 0.045 + 0.05 + 76.712328767123.
  EXPECT_EQ(Lines(report->tiles.cost),
            "message 0.045, platform_fee 76.712328767123, call 0.05 = 76.807328767123");
  EXPECT_EQ(FormatMoney(report->tiles.cost.total(), 12, 2), "76.81");

  // --channel sms: row bulk only, and none of the workspace's costs.
  inputs.request.filter.channels = {"sms"};
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(FindRow(*report, "app"), nullptr);
  EXPECT_EQ(report->tiles.cost.platform_fee_pico, 0);
  EXPECT_EQ(Lines(report->tiles.cost), "message 0.02 = 0.02");

  // A filter that happens to select every campaign is still a filter.
  inputs.request.filter.channels = {};
  inputs.request.filter.campaign_ids = {"bulk", "app"};
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Lines(report->tiles.cost), "message 0.03 = 0.03");
}

TEST(CostReportTest, AnOpenPeriodRunsThePlatformFeeOverTheEventsDays) {
  Inputs inputs = WorkspaceInputs();
  inputs.request.from = std::nullopt;
  inputs.request.to = std::nullopt;
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // First event March 1 10:00, last March 7 20:00: from March 1 00:00 to March 8 00:00, 7 days
  // -> the same 76.712328767123.
  EXPECT_EQ(Amount(report->tiles.cost.platform_fee_pico), "76.712328767123");
  EXPECT_EQ(FormatMoney(report->tiles.cost.platform_fee_pico, 12, 2), "76.71");
}

TEST(CostReportTest, APlatformFeeChangeAndDaysCutByThePeriod) {
  Inputs inputs = WorkspaceInputs();
  inputs.settings.costs = CostLines({
      Line(CostLineType::kPlatformFee, Units(1000)).Period(FeePeriod::kQuarter),
      Line(CostLineType::kPlatformFee, Units(2000)).Period(FeePeriod::kQuarter).From("2026-03-05"),
  });
  auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // March 1-4 at 1000 x 4 / 365 a day, March 5-7 at 2000 x 4 / 365:
  // (4 x 4000 + 3 x 8000) / 365 = 40000 / 365 = 109.589041095890410...
  EXPECT_EQ(Amount(report->tiles.cost.platform_fee_pico), "109.58904109589");
  EXPECT_EQ(FormatMoney(report->tiles.cost.platform_fee_pico, 12, 2), "109.59");

  // [March 1 12:00, March 8 12:00) at 1000 a quarter: half of March 1, six whole days, half of
  // March 8 = 7 days -> 76.71 (to the 1e-12: ProRatedCostsAreRoundedOnceNotPerDay).
  inputs.settings.costs.pop_back();
  inputs.request.from = Utc("2026-03-01T12:00:00Z");
  inputs.request.to = Utc("2026-03-08T12:00:00Z");
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(FormatMoney(report->tiles.cost.platform_fee_pico, 12, 2), "76.71");
}

// include/payback/report.h: "the amortized platform fee, pro-rated expenses and shares of revenue
// are rounded once, at 1e-12"; metrics.md: "payback does not round in between".
TEST(CostReportTest, ProRatedCostsAreRoundedOnceNotPerDay) {
  Inputs inputs = WorkspaceInputs();
  inputs.settings.costs = CostLines({
      Line(CostLineType::kPlatformFee, Units(1000)).Period(FeePeriod::kQuarter),
  });
  CampaignRecord week = Campaign("week", "sms");
  week.expenses = Units(100);
  week.start = Utc("2026-03-01T00:00:00Z");
  week.end = Utc("2026-03-07T00:00:00Z");  // March 1-7: 7 days, 100 / 7 a day
  inputs.catalog.push_back(week);
  inputs.request.from = Utc("2026-03-01T12:00:00Z");
  inputs.request.to = Utc("2026-03-07T12:00:00Z");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // Platform fee: half of March 1, March 2-6, half of March 7 = 6 days x 4000 / 365 =
  // 24000 / 365 = 65.753424657534246..., rounded once: 65.753424657534. (Rounding the two half
  // days and the whole days apart: 5.479452054795 x 2 + 54.794520547945 = 65.753424657535.)
  EXPECT_EQ(Amount(report->tiles.cost.platform_fee_pico), "65.753424657534");
  // Expenses: the same 6 of 7 days x 100 = 600 / 7 = 85.714285714285714..., rounded once:
  // 85.714285714286. (Apart: 7.142857142857 x 2 + 71.428571428571 = 85.714285714285.)
  EXPECT_EQ(RowLines(*report, "week"), "expenses 85.714285714286 = 85.714285714286");
}

TEST(CostReportTest, APlatformFeeDayOf23HoursIsOneDay) {
  Inputs inputs = WorkspaceInputs();
  inputs.settings.timezone = "Europe/Berlin";
  inputs.settings.costs = CostLines({
      Line(CostLineType::kPlatformFee, Units(1000)).Period(FeePeriod::kQuarter),
  });
  // Local March 26 to April 2 (CEST from March 29, a 23-hour day): 7 local days, 167 hours.
  inputs.request.from = Utc("2026-03-25T23:00:00Z");
  inputs.request.to = Utc("2026-04-01T22:00:00Z");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Amount(report->tiles.cost.platform_fee_pico), "76.712328767123");
}

// ---------------------------------------------------------------------------------------------
// 4. Campaign expenses from the catalog.

/// No cost line at all: the expenses alone make the report's cost.
///   run: 700 from 2026-02-26T00:00Z to 2026-03-03T12:00Z: local days Feb 26, 27, 28, Mar 1, 2,
///        3 = 6 days, 700 / 6 a day.
///   flat: 100, no dates: whole at its first event (2026-03-03T08:00Z).
///   idle: 40, no dates and no events: whole in reports open at both ends only.
///   launch: 50, start 2026-03-05T09:00Z only: whole at that instant.
///   old: 80, end 2026-02-20 only: whole at that instant.
///   tail: 100, 2026-03-06 to 2026-03-08: 3 days, 100 / 3 a day.
///   plain: no expenses; the only campaign with events.
Inputs ExpenseInputs() {
  Inputs inputs;
  inputs.store = BuildStore({{"u1", Utc("2026-03-02T10:00:00Z"), "sent", "plain"},
                             {"u2", Utc("2026-03-03T08:00:00Z"), "sent", "flat"},
                             {"u2", Utc("2026-03-20T08:00:00Z"), "sent", "flat"}});
  auto expensed = [](std::string id, std::string channel, int64_t units, const char* start,
                     const char* end) {
    CampaignRecord record = Campaign(std::move(id), std::move(channel));
    record.expenses = Units(units);
    if (start != nullptr) record.start = Utc(start);
    if (end != nullptr) record.end = Utc(end);
    return record;
  };
  inputs.catalog = {
      expensed("run", "sms", 700, "2026-02-26T00:00:00Z", "2026-03-03T12:00:00Z"),
      expensed("flat", "email", 100, nullptr, nullptr),
      expensed("idle", "sms", 40, nullptr, nullptr),
      expensed("launch", "sms", 50, "2026-03-05T09:00:00Z", nullptr),
      expensed("old", "sms", 80, nullptr, "2026-02-20T00:00:00Z"),
      expensed("tail", "sms", 100, "2026-03-06T00:00:00Z", "2026-03-08T00:00:00Z"),
      Campaign("plain", "sms"),
  };
  inputs.settings.conversions = {Purchase()};
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  return inputs;
}

TEST(CostReportTest, CampaignExpensesSpreadOverTheRunDays) {
  Inputs inputs = ExpenseInputs();
  auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->has_cost);  // expenses without any cost line
  // [March 1, March 8): run: March 1, 2, 3 = 3 of 6 days = 350; flat 100 (its first event,
  //   March 3, is inside); idle 0 (no instant); launch 50 (March 5 is inside); old 0 (February
  //   20 is not); tail: March 6, 7 = 2 of 3 days = 66.6666..., rounded once -> 66.666666666667.
  EXPECT_EQ(RowLines(*report, "run"), "expenses 350.00 = 350.00");
  EXPECT_EQ(RowLines(*report, "flat"), "expenses 100.00 = 100.00");
  EXPECT_EQ(RowLines(*report, "launch"), "expenses 50.00 = 50.00");
  EXPECT_EQ(RowLines(*report, "tail"), "expenses 66.666666666667 = 66.666666666667");
  EXPECT_EQ(RowLines(*report, "plain"), "= 0.00");
  EXPECT_EQ(RowLines(*report, "idle"), "= 0.00");
  const CampaignRow* old = FindRow(*report, "old");
  if (old != nullptr) {
    EXPECT_EQ(Lines(old->metrics.cost), "= 0.00");
  }
  // A catalog campaign with only expenses is a row (no event names it).
  ASSERT_NE(FindRow(*report, "run"), nullptr);
  EXPECT_TRUE(FindRow(*report, "run")->in_catalog);
  EXPECT_EQ(FindRow(*report, "run")->metrics.sent, 0);
  // Tiles: 350 + 100 + 50 + 66.666666666667 = 566.666666666667, shown 566.67.
  EXPECT_EQ(Lines(report->tiles.cost), "expenses 566.666666666667 = 566.666666666667");
  EXPECT_EQ(FormatMoney(report->tiles.cost.total(), 12, 2), "566.67");

  // A day cut by the period counts for the part inside: [March 2 12:00, March 8): run holds half
  // of March 2 and March 3, 1.5 x 700 / 6 = 175; the others as before.
  inputs.request.from = Utc("2026-03-02T12:00:00Z");
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RowLines(*report, "run"), "expenses 175.00 = 175.00");
  EXPECT_EQ(RowLines(*report, "flat"), "expenses 100.00 = 100.00");

  // All time: every expense whole: 700 + 100 + 40 + 50 + 80 + 100 = 1070.
  inputs.request.from = std::nullopt;
  inputs.request.to = std::nullopt;
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RowLines(*report, "run"), "expenses 700.00 = 700.00");
  EXPECT_EQ(RowLines(*report, "old"), "expenses 80.00 = 80.00");
  EXPECT_EQ(RowLines(*report, "idle"), "expenses 40.00 = 40.00");
  EXPECT_EQ(Lines(report->tiles.cost), "expenses 1070.00 = 1070.00");

  // April: nothing (flat was booked in March, at its first event, not again).
  inputs.request.from = Utc("2026-04-01");
  inputs.request.to = Utc("2026-05-01");
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Lines(report->tiles.cost), "= 0.00");

  // An open end is still a bounded period: from March 10 on, flat's March 3 is outside.
  inputs.request.from = Utc("2026-03-10");
  inputs.request.to = std::nullopt;
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RowLines(*report, "flat"), "= 0.00");
}

TEST(CostReportTest, FilteredTilesKeepTheSelectedCampaignsExpenses) {
  Inputs inputs = ExpenseInputs();
  inputs.request.filter.channels = {"email"};
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // Expenses belong to their campaign, so a filtered report keeps them: flat's 100 only.
  ASSERT_EQ(report->campaigns.size(), 1u);
  EXPECT_EQ(Lines(report->tiles.cost), "expenses 100.00 = 100.00");
}

// ---------------------------------------------------------------------------------------------
// 5. Agent hours: timesheet hours x the agent_hour rate in force at the row's local date.

/// Lines: agent_hour 22.50 from 2026-01-01; 25.00 from 2026-03-04; 30.00 for campaign vip.
/// Catalog: dial, vip (channel call). Period [2026-03-01, 2026-03-08).
Inputs LaborInputs() {
  Inputs inputs;
  inputs.store = BuildStore({Call("u1", Utc("2026-03-02T10:00:00Z"), "dial", "no_sale")});
  inputs.catalog = {Campaign("dial", "call"), Campaign("vip", "call")};
  ConversionDefinition sale;
  sale.name = "Sale";
  sale.event = "call";
  sale.where = "outcome = 'sale'";
  sale.model = "direct";
  inputs.settings.conversions = {sale};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kAgentHour, 22'500'000).From("2026-01-01"),
      Line(CostLineType::kAgentHour, Units(25)).From("2026-03-04"),
      Line(CostLineType::kAgentHour, Units(30)).Campaign("vip"),
  });
  const auto day = [](unsigned month, unsigned day_of_month) {
    return DaysFromCivil(2026, month, day_of_month);
  };
  inputs.timesheets = {
      {"a1", "dial", day(3, 2), 7'500'000},   // 7.5 h x 22.50 = 168.75
      {"a2", "dial", day(3, 3), 2'000'000},   // 2 h x 22.50 = 45.00
      {"a2", "dial", day(3, 5), 1'000'000},   // 1 h x 25.00 (the later line) = 25.00
      {"a1", "vip", day(3, 4), 4'000'000},    // 4 h x 30.00 (vip's own line) = 120.00
      {"a3", "", day(3, 2), 1'000'000},       // 1 h x 22.50, the workspace's
      {"a4", "ghost", day(3, 6), 2'000'000},  // 2 h x 25.00, a campaign nobody knows
      {"a1", "dial", day(2, 28), 8'000'000},  // before the period: 8 h x 22.50 = 180.00
      {"a1", "dial", day(3, 8), 8'000'000},   // starts at `to`: 8 h x 25.00 = 200.00
      {"a5", "dial", DaysFromCivil(2025, 12, 31), 8'000'000},  // before any line: nothing
  };
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  return inputs;
}

TEST(CostReportTest, AgentHoursPerCampaignRowAndTheWorkspacesInUnfilteredTiles) {
  Inputs inputs = LaborInputs();
  auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // dial: 168.75 + 45.00 + 25.00 = 238.75; vip: 120.00 (a row without events).
  EXPECT_EQ(RowLines(*report, "dial"), "agent_hour 238.75 = 238.75");
  EXPECT_EQ(RowLines(*report, "vip"), "agent_hour 120.00 = 120.00");
  EXPECT_EQ(FindRow(*report, "ghost"), nullptr);
  // Tiles: 238.75 + 120.00 + the workspace's 22.50 (no campaign) + 50.00 (ghost) = 431.25.
  EXPECT_EQ(Lines(report->tiles.cost), "agent_hour 431.25 = 431.25");

  inputs.request.filter.campaign_ids = {"dial"};
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Lines(report->tiles.cost), "agent_hour 238.75 = 238.75");
}

TEST(CostReportTest, AgentHoursBeforeTheFirstRateCostNothing) {
  Inputs inputs = LaborInputs();
  inputs.request.from = std::nullopt;
  inputs.request.to = std::nullopt;
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // All time, dial: 238.75 + 180.00 (Feb 28) + 200.00 (Mar 8) + 0 (Dec 31 2025, before the
  // 22.50 line's `from`) = 618.75.
  EXPECT_EQ(RowLines(*report, "dial"), "agent_hour 618.75 = 618.75");
}

TEST(CostReportTest, TimesheetRowsStartAtTheirLocalDate) {
  Inputs inputs;
  inputs.store = BuildStore({{"u1", Utc("2026-03-02T10:00:00Z"), "sent", "evonly"}});
  inputs.catalog = {Campaign("dial", "call")};
  inputs.settings.timezone = "Europe/Berlin";
  inputs.settings.conversions = {Purchase()};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kAgentHour, Units(20)),
      Line(CostLineType::kAgentHour, Units(30)).From("2026-03-04"),
  });
  inputs.timesheets = {
      {"a1", "dial", DaysFromCivil(2026, 3, 1), 1'000'000},    // starts 02-28T23:00Z: out
      {"a1", "dial", DaysFromCivil(2026, 3, 4), 1'000'000},    // starts 03-03T23:00Z: 30.00
      {"a1", "dial", DaysFromCivil(2026, 3, 8), 1'000'000},    // starts 03-07T23:00Z: 30.00
      {"a2", "evonly", DaysFromCivil(2026, 3, 5), 2'000'000},  // 2 h x 30.00 = 60.00
  };
  // The period in UTC instants: [03-01T00:00Z, 03-08T00:00Z), i.e. local March 1 01:00 to
  // March 8 01:00.
  inputs.request.from = Utc("2026-03-01T00:00:00Z");
  inputs.request.to = Utc("2026-03-08T00:00:00Z");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RowLines(*report, "dial"), "agent_hour 60.00 = 60.00");
  // A campaign only events name carries its own hours on its row.
  EXPECT_EQ(RowLines(*report, "evonly"), "agent_hour 60.00 = 60.00");
  EXPECT_EQ(Lines(report->tiles.cost), "agent_hour 120.00 = 120.00");
}

// ---------------------------------------------------------------------------------------------
// 6. Commission, and a fixed value per conversion, under model `direct` with call sales.

/// Sale: event `call` where outcome = 'sale', model direct, value per conversion 120.00; 150.00
/// from 2026-03-15; 200.00 for campaign vip. Lead: another definition.
/// Lines: call 0.05; commission 5.00 (unscoped); 7.00 for conversion Sale from 2026-03-15;
/// 10% for campaign vip; 100.00 for conversion Lead. Period [2026-03-01, 2026-04-01).
Inputs CallCenterInputs() {
  Inputs inputs;
  inputs.store = BuildStore({
      Call("u1", Utc("2026-03-10T10:00:00Z"), "dial", "sale"),
      Call("u2", Utc("2026-03-15T00:00:00Z"), "dial", "sale"),
      Call("u3", Utc("2026-03-20T10:00:00Z"), "dial", "no_sale"),
      Call("u4", Utc("2026-03-12T10:00:00Z"), "vip", "sale"),
      Call("u5", Utc("2026-03-20T10:00:00Z"), "vip", "sale"),
      Call("u6", Utc("2026-03-11T10:00:00Z"), "", "sale"),
      Call("u7", Utc("2026-02-27T10:00:00Z"), "dial", "sale"),
  });
  inputs.catalog = {Campaign("dial", "call"), Campaign("vip", "call")};
  ConversionDefinition sale;
  sale.name = "Sale";
  sale.event = "call";
  sale.where = "outcome = 'sale'";
  sale.model = "direct";
  sale.fixed_values = {FixedValue(Units(120)), FixedValue(Units(150), "", "2026-03-15"),
                       FixedValue(Units(200), "vip")};
  ConversionDefinition lead;
  lead.name = "Lead";
  lead.event = "lead";
  inputs.settings.conversions = {sale, lead};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kCall, 50'000),
      Line(CostLineType::kCommission, Units(5)),
      Line(CostLineType::kCommission, Units(7)).Conversion("Sale").From("2026-03-15"),
      Line(CostLineType::kCommission, 0).Share(100'000).Campaign("vip"),
      Line(CostLineType::kCommission, Units(100)).Conversion("Lead"),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-04-01");
  return inputs;
}

TEST(CostReportTest, CommissionFlatAndShareOnDirectCallSalesWithFixedValues) {
  const Inputs inputs = CallCenterInputs();
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->has_revenue);
  // dial: u1's sale March 10 is worth 120.00 (the 150.00 starts March 15) and pays the unscoped
  //   5.00 (the Sale line is not in force yet); u2's sale March 15 00:00 is worth 150.00 and
  //   pays the Sale line's 7.00. u3's no_sale is no conversion. Calls: u1, u2, u3 x 0.05 = 0.15.
  //   u7's sale is before the period.
  const CampaignRow* dial = FindRow(*report, "dial");
  ASSERT_NE(dial, nullptr);
  EXPECT_EQ(dial->metrics.conversions, 2);
  EXPECT_EQ(Amount(dial->metrics.revenue_pico), "270.00");
  EXPECT_EQ(Lines(dial->metrics.cost), "call 0.15, commission 12.00 = 12.15");
  // vip: two sales at vip's own 200.00 (March 12 and 20), each paying vip's 10% = 20.00;
  //   calls 2 x 0.05.
  const CampaignRow* vip = FindRow(*report, "vip");
  ASSERT_NE(vip, nullptr);
  EXPECT_EQ(vip->metrics.conversions, 2);
  EXPECT_EQ(Amount(vip->metrics.revenue_pico), "400.00");
  EXPECT_EQ(Lines(vip->metrics.cost), "call 0.10, commission 40.00 = 40.10");
  // Tiles: 4 sales worth 670.00; u6's sale names no campaign: unattributed, no commission, its
  //   call (0.05) the workspace's. call 0.15 + 0.10 + 0.05 = 0.30; commission 52.00.
  EXPECT_EQ(report->tiles.conversions, 4);
  EXPECT_EQ(report->unattributed_conversions, 1);
  EXPECT_EQ(Amount(report->tiles.revenue_pico), "670.00");
  EXPECT_EQ(Lines(report->tiles.cost), "call 0.30, commission 52.00 = 52.30");
}

TEST(CostReportTest, AnyTouchTilesCountACommissionOnceAtTheFirstSelectedCampaignsRate) {
  Inputs inputs;
  inputs.store = BuildStore({
      {"u1", Utc("2026-03-02T10:00:00Z"), "clicked", "a"},
      {"u1", Utc("2026-03-02T11:00:00Z"), "clicked", "b"},
      {"u1", Utc("2026-03-02T12:00:00Z"), "purchase", "", "", Units(100)},
  });
  inputs.catalog = {Campaign("a", "sms"), Campaign("b", "email")};
  inputs.settings.conversions = {Purchase("any_touch")};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kCommission, 0).Share(100'000).Campaign("a"),
      Line(CostLineType::kCommission, 0).Share(200'000).Campaign("b"),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // Each credited campaign pays its own line on the 100.00: a 10% = 10.00, b 20% = 20.00.
  EXPECT_EQ(RowLines(*report, "a"), "commission 10.00 = 10.00");
  EXPECT_EQ(RowLines(*report, "b"), "commission 20.00 = 20.00");
  // Tiles: the sale once (100.00), its commission once at a's rate (a's touch comes first).
  EXPECT_EQ(Amount(report->tiles.revenue_pico), "100.00");
  EXPECT_EQ(Lines(report->tiles.cost), "commission 10.00 = 10.00");
  // Only b selected: the first selected campaign it credits is b -> 20.00.
  inputs.request.filter.campaign_ids = {"b"};
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Lines(report->tiles.cost), "commission 20.00 = 20.00");
}

TEST(CostReportTest, CommissionFollowsTheCreditWeight) {
  Inputs inputs;
  inputs.store = BuildStore({
      {"u1", Utc("2026-03-02T10:00:00Z"), "clicked", "a"},
      {"u1", Utc("2026-03-02T11:00:00Z"), "clicked", "b"},
      {"u1", Utc("2026-03-02T12:00:00Z"), "purchase", "", "", Units(100)},
  });
  inputs.catalog = {Campaign("a", "sms"), Campaign("b", "sms")};
  inputs.settings.conversions = {Purchase("linear")};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kCommission, Units(5)),
      Line(CostLineType::kCommission, 0).Share(100'000).Campaign("b"),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // linear: a and b get 1/2 each (revenue 50.00 each). a: flat 5.00 x 1/2 = 2.50; b: its own
  // 10% x 50.00 = 5.00. Tiles 7.50.
  EXPECT_EQ(RowLines(*report, "a"), "commission 2.50 = 2.50");
  EXPECT_EQ(RowLines(*report, "b"), "commission 5.00 = 5.00");
  EXPECT_EQ(Lines(report->tiles.cost), "commission 7.50 = 7.50");
}

// ---------------------------------------------------------------------------------------------
// 7. The ROI metrics (roi_metrics.h) on a row and on the tiles.

TEST(CostReportTest, RoiRoasCpaAovAndNetReturnOfARowAndTheTiles) {
  const Inputs inputs = CallCenterInputs();
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const MoneyPresence presence{report->has_revenue, report->has_cost};
  const CampaignRow* dial = FindRow(*report, "dial");
  ASSERT_NE(dial, nullptr);
  // dial: revenue 270.00, cost 12.15, 2 conversions.
  //   net_return 257.85; roi 257.85 / 12.15 = 21.2222...; roas 270 / 12.15 = 22.2222...;
  //   cpa 12.15 / 2 = 6.075; aov 270 / 2 = 135.00.
  EXPECT_EQ(OptionalAmount(CostPico(dial->metrics, presence)), "12.15");
  EXPECT_EQ(OptionalAmount(NetReturnPico(dial->metrics, presence)), "257.85");
  EXPECT_DOUBLE_EQ(Roi(dial->metrics, presence).value_or(-1), 25785.0 / 1215.0);
  EXPECT_DOUBLE_EQ(Roas(dial->metrics, presence).value_or(-1), 27000.0 / 1215.0);
  EXPECT_EQ(OptionalAmount(CpaPico(dial->metrics, presence)), "6.075");
  EXPECT_EQ(OptionalAmount(AovPico(dial->metrics, presence)), "135.00");
  // Tiles: revenue 670.00, cost 52.30, 4 conversions.
  //   net_return 617.70; roi 617.70 / 52.30 = 11.8107...; roas 670 / 52.30 = 12.8107...;
  //   cpa 52.30 / 4 = 13.075; aov 670 / 4 = 167.50.
  const MetricValues& tiles = report->tiles;
  EXPECT_EQ(OptionalAmount(NetReturnPico(tiles, presence)), "617.70");
  EXPECT_DOUBLE_EQ(Roi(tiles, presence).value_or(-1), 61770.0 / 5230.0);
  EXPECT_DOUBLE_EQ(Roas(tiles, presence).value_or(-1), 67000.0 / 5230.0);
  EXPECT_EQ(OptionalAmount(CpaPico(tiles, presence)), "13.075");
  EXPECT_EQ(OptionalAmount(AovPico(tiles, presence)), "167.50");
}

TEST(CostReportTest, WithoutCostLinesOrExpensesEveryCostMetricIsNull) {
  Inputs inputs;
  inputs.store = BuildStore({
      {"u1", Utc("2026-03-02T10:00:00Z"), "sent", "c1"},
      {"u1", Utc("2026-03-02T10:05:00Z"), "clicked", "c1"},
      {"u1", Utc("2026-03-02T11:00:00Z"), "purchase", "", "", Units(100)},
  });
  inputs.catalog = {Campaign("c1", "sms", "broadcast")};
  inputs.settings.conversions = {Purchase()};
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->has_cost);
  MoneyPresence presence{report->has_revenue, report->has_cost};
  const CampaignRow* row = FindRow(*report, "c1");
  ASSERT_NE(row, nullptr);
  const std::vector<const MetricValues*> both = {&row->metrics, &report->tiles};
  for (const MetricValues* metrics : both) {
    EXPECT_EQ(CostPico(*metrics, presence), std::nullopt);
    EXPECT_EQ(NetReturnPico(*metrics, presence), std::nullopt);
    EXPECT_EQ(Roi(*metrics, presence), std::nullopt);
    EXPECT_EQ(Roas(*metrics, presence), std::nullopt);
    EXPECT_EQ(CpaPico(*metrics, presence), std::nullopt);
    // Revenue is there: aov 100.00 / 1.
    EXPECT_EQ(OptionalAmount(AovPico(*metrics, presence)), "100.00");
  }
  EXPECT_EQ(MessagingRoas(row->metrics, presence, row->kind), std::nullopt);

  // A yearly platform fee of 365.00 is 1.00 a day: 7.00 over the 7 days, in the tiles only.
  inputs.settings.costs =
      CostLines({Line(CostLineType::kPlatformFee, Units(365)).Period(FeePeriod::kYear)});
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->has_cost);
  presence = {report->has_revenue, report->has_cost};
  row = FindRow(*report, "c1");
  ASSERT_NE(row, nullptr);
  // The row: cost 0.00, so the ratios over cost are null; cpa 0 / 1 = 0.00; net 100.00.
  EXPECT_EQ(OptionalAmount(CostPico(row->metrics, presence)), "0.00");
  EXPECT_EQ(OptionalAmount(NetReturnPico(row->metrics, presence)), "100.00");
  EXPECT_EQ(Roi(row->metrics, presence), std::nullopt);
  EXPECT_EQ(Roas(row->metrics, presence), std::nullopt);
  EXPECT_EQ(OptionalAmount(CpaPico(row->metrics, presence)), "0.00");
  // The tiles: cost 7.00; net 93.00; roi 93 / 7; roas 100 / 7; cpa 7.00.
  EXPECT_EQ(OptionalAmount(CostPico(report->tiles, presence)), "7.00");
  EXPECT_EQ(OptionalAmount(NetReturnPico(report->tiles, presence)), "93.00");
  EXPECT_DOUBLE_EQ(Roi(report->tiles, presence).value_or(-1), 93.0 / 7.0);
  EXPECT_DOUBLE_EQ(Roas(report->tiles, presence).value_or(-1), 100.0 / 7.0);
  EXPECT_EQ(OptionalAmount(CpaPico(report->tiles, presence)), "7.00");
}

TEST(CostReportTest, SortsByCostAndRoi) {
  Inputs inputs = CallCenterInputs();
  const auto ids = [](const Report& report) {
    std::vector<std::string> out;
    for (const CampaignRow& row : report.campaigns) out.push_back(row.campaign_id);
    return out;
  };
  // cost: vip 40.10 > dial 12.15; roi: dial 21.22 > vip (400 - 40.10) / 40.10 = 8.98.
  inputs.request.sort_metric = "cost";
  auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(ids(*report), (std::vector<std::string>{"vip", "dial"}));
  inputs.request.sort_metric = "roi";
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(ids(*report), (std::vector<std::string>{"dial", "vip"}));
}

// ---------------------------------------------------------------------------------------------
// 8. messaging_roas: revenue / message cost, rows of kind broadcast or experience only.

TEST(CostReportTest, MessagingRoasOnlyForBroadcastAndExperienceRows) {
  Inputs inputs;
  // Each campaign: one send of 5 segments (message 5 x 0.01 = 0.05, carrier 5 x 0.005 = 0.025),
  // a click and a purchase of 10.00 credited to it.
  std::vector<TestEvent> events;
  for (const char* campaign : {"blast", "exp", "flow", "other"}) {
    const std::string user = std::string("u_") + campaign;
    events.push_back(WithSegments(user, Utc("2026-03-02T10:00:00Z"), "sent", campaign, 5));
    events.push_back({user, Utc("2026-03-02T10:05:00Z"), "clicked", campaign});
    events.push_back({user, Utc("2026-03-02T11:00:00Z"), "purchase", "", "", Units(10)});
  }
  inputs.store = BuildStore(events);
  inputs.catalog = {Campaign("blast", "sms", "broadcast"), Campaign("exp", "sms", "experience"),
                    Campaign("flow", "sms", "journey"), Campaign("other", "sms")};
  inputs.settings.conversions = {Purchase()};
  inputs.settings.costs = CostLines({
      Line(CostLineType::kMessage, 10'000).Channel("sms"),
      Line(CostLineType::kCarrierFee, 5'000).Channel("sms"),
      Line(CostLineType::kPlatformFee, Units(365)).Period(FeePeriod::kYear),
  });
  inputs.request.from = Utc("2026-03-01");
  inputs.request.to = Utc("2026-03-08");
  const auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const MoneyPresence presence{report->has_revenue, report->has_cost};
  for (const char* campaign : {"blast", "exp"}) {
    SCOPED_TRACE(campaign);
    const CampaignRow* row = FindRow(*report, campaign);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(Lines(row->metrics.cost), "message 0.05, carrier_fee 0.025 = 0.075");
    // messaging_roas 10.00 / 0.05 = 200 (no carrier fee, no platform fee); roas over the row's
    // whole cost 10.00 / 0.075 = 133.33...
    EXPECT_DOUBLE_EQ(MessagingRoas(row->metrics, presence, row->kind).value_or(-1), 200.0);
    EXPECT_DOUBLE_EQ(Roas(row->metrics, presence).value_or(-1), 10000.0 / 75.0);
  }
  for (const char* campaign : {"flow", "other"}) {
    SCOPED_TRACE(campaign);
    const CampaignRow* row = FindRow(*report, campaign);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(MessagingRoas(row->metrics, presence, row->kind), std::nullopt);
    EXPECT_DOUBLE_EQ(Roas(row->metrics, presence).value_or(-1), 10000.0 / 75.0);
  }
  // The tiles have no kind: null. Their cost: 4 x 0.075 + the 7.00 platform fee = 7.30.
  EXPECT_EQ(MessagingRoas(report->tiles, presence, ""), std::nullopt);
  EXPECT_EQ(Lines(report->tiles.cost), "message 0.20, carrier_fee 0.10, platform_fee 7.00 = 7.30");
}

// ---------------------------------------------------------------------------------------------
// 9. Cost metrics in custom formulas.

TEST(CostReportTest, CustomFormulasNameCostAndTheRoiMetrics) {
  Inputs inputs = CallCenterInputs();
  inputs.settings.custom_metrics = {{"Return on cost", "Revenue / Cost"},
                                    {"Per sale", "Net ROI; Cost Per Acquisition"}};
  auto report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const CampaignRow* dial = FindRow(*report, "dial");
  ASSERT_NE(dial, nullptr);
  ASSERT_EQ(dial->custom.size(), 3u);
  // dial: 270.00 / 12.15 = 22.2222...; net 257.85; cpa 6.075.
  EXPECT_DOUBLE_EQ(dial->custom[0].value_or(-1), 27000.0 / 1215.0);
  EXPECT_DOUBLE_EQ(dial->custom[1].value_or(-1), 257.85);
  EXPECT_DOUBLE_EQ(dial->custom[2].value_or(-1), 6.075);
  // vip: 400.00 / 40.10 = 9.9750...
  const CampaignRow* vip = FindRow(*report, "vip");
  ASSERT_NE(vip, nullptr);
  EXPECT_DOUBLE_EQ(vip->custom[0].value_or(-1), 40000.0 / 4010.0);
  // Tiles: 670.00 / 52.30; net 617.70; cpa 13.075.
  ASSERT_EQ(report->tiles_custom.size(), 3u);
  EXPECT_DOUBLE_EQ(report->tiles_custom[0].value_or(-1), 67000.0 / 5230.0);
  EXPECT_DOUBLE_EQ(report->tiles_custom[1].value_or(-1), 617.70);
  EXPECT_DOUBLE_EQ(report->tiles_custom[2].value_or(-1), 13.075);

  // Without cost lines (and no expenses) Cost is null, so the formulas are too.
  inputs.settings.costs.clear();
  report = Build(inputs);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  dial = FindRow(*report, "dial");
  ASSERT_NE(dial, nullptr);
  EXPECT_EQ(dial->custom, (std::vector<CustomValue>{std::nullopt, std::nullopt, std::nullopt}));
}

}  // namespace
}  // namespace payback
