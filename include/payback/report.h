#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "payback/types.h"

namespace payback {

/// Which campaigns a report shows (data.md, "Reports"). Values of one field are OR-ed,
/// different fields AND-ed; an empty field does not filter. Filters choose rows; they never
/// change who gets credit (metrics.md: attribution is global).
struct CampaignFilter {
  std::vector<std::string> labels;
  std::vector<std::string> channels;
  std::vector<std::string> created_by;
  std::vector<std::string> statuses;
  std::vector<std::string> delivery_types;
  std::vector<std::string> campaign_ids;

  bool empty() const {
    return labels.empty() && channels.empty() && created_by.empty() && statuses.empty() &&
           delivery_types.empty() && campaign_ids.empty();
  }
};

/// A report request: conversion, model, period, filters, order.
struct ReportRequest {
  std::string conversion;           ///< conversion definition name; "" = the first one
  std::string model;                ///< attribution model override; "" = the definition's
  std::optional<TimestampUs> from;  ///< inclusive; none = all time
  std::optional<TimestampUs> to;    ///< exclusive; none = all time
  CampaignFilter filter;
  std::string sort_metric = "conversions";
  bool descending = true;
  /// Use the settings in force at this instant (the last version applied at or before it)
  /// instead of the current ones, to reproduce an old number. kNotFound when no settings had
  /// been applied by then.
  std::optional<TimestampUs> settings_as_of;
};

/// The cost of a row or of the tiles, by cost line (metrics.md, "Cost and ROI variants";
/// docs/costs.md), each in units of 1e-12 of the currency (exact for per-unit lines; the
/// amortized platform fee, pro-rated expenses and shares of revenue are rounded once, at 1e-12).
struct CostBreakdown {
  __int128 expenses_pico = 0;      ///< the campaigns' fixed expenses (catalog)
  __int128 message_pico = 0;       ///< messaging cost, outbound and inbound
  __int128 carrier_fee_pico = 0;   ///< carrier fees per message
  __int128 platform_fee_pico = 0;  ///< amortized platform fee (tiles only: workspace-wide)
  __int128 call_pico = 0;          ///< cost per call
  __int128 agent_hour_pico = 0;    ///< agent hours x hourly labor cost
  __int128 commission_pico = 0;    ///< commission on credited sales

  __int128 total() const {
    return expenses_pico + message_pico + carrier_fee_pico + platform_fee_pico + call_pico +
           agent_hour_pico + commission_pico;
  }
  void Add(const CostBreakdown& other);
};

/// The counts and sums of metrics.md's per-campaign table, for one campaign or the tiles.
struct MetricValues {
  int64_t sent = 0;
  int64_t delivered = 0;
  int64_t viewed = 0;
  int64_t clicked = 0;
  int64_t delivered_messages = 0;
  int64_t clicked_messages = 0;
  double conversions = 0;  ///< sum of credit weights (integral under single-credit models)
  int64_t unique_conversions = 0;
  int64_t converted_messages = 0;
  /// Sum of weight x value in units of 1e-12 of the currency (exact for integral weights).
  __int128 revenue_pico = 0;
  /// The cost lines that apply to the row and period (zero when the workspace has none).
  CostBreakdown cost;

  // Bank product campaigns (metrics.md; docs/bank.md).
  /// Distinct users with a `delivered` ("reached") event in the period; in the tiles, distinct
  /// over the selected campaigns.
  int64_t reached_users = 0;
  /// Distinct users with a `viewed` ("opened") event in the period; tiles as reached_users.
  int64_t opened_users = 0;
  /// Whether the row splits its conversions into direct and related sales: a campaign with
  /// `promoted_products`, or tiles over a selection with one. Otherwise both are null.
  bool splits_sales = false;
  /// Credit of conversions whose `product` the credited campaign promotes, and of the others.
  double direct_conversions = 0;
  double related_conversions = 0;
  /// Sums of weight x the month-end balance and profit of each credited conversion's account
  /// (the snapshot of the month it was opened), 1e-12 units; Report::has_snapshots says whether
  /// the workspace values conversions at all.
  __int128 balance_pico = 0;
  __int128 profit_pico = 0;
  /// Credit of conversions without a snapshot (no account_id, or no snapshot of that month):
  /// they count as conversions, with no balance or profit.
  double unvalued_conversions = 0;

  std::optional<double> ctr() const;
  std::optional<double> conversion_rate() const;
  /// opened_users / reached_users (the bank seed's open rate).
  std::optional<double> open_rate() const;
  /// conversions / reached_users (the bank seed's conversion rate: products opened per
  /// customer reached, 22 / 5,731 = 0.38%).
  std::optional<double> products_per_reached() const;
};

/// One custom metric of the settings as the report shows it: its name and how many values
/// (formulas, 1 to 4) it has. Values of all custom metrics are stored flat, in settings order.
struct CustomMetricColumn {
  std::string name;
  size_t formula_count = 1;
};

/// The value of one custom-metric formula for a row; nullopt is null (a null input or a
/// division by zero: docs/formulas.md). Exact formulas are converted to double only here.
using CustomValue = std::optional<double>;

/// One row of the campaign performance table.
struct CampaignRow {
  std::string campaign_id;
  bool in_catalog = false;  ///< false: the campaign is only named by events (empty metadata)
  std::string name;
  std::string status;
  std::string created_by;
  std::vector<std::string> labels;
  std::string journey_id;
  std::string channel;
  std::string delivery_type;
  std::string kind;  ///< broadcast and experience rows also show messaging_roas
  /// The products the campaign promotes: with any, the row splits its conversions into direct
  /// and related sales.
  std::vector<std::string> promoted_products;
  /// The campaign's own influence period (catalog), replacing the definition's window.
  std::optional<int64_t> influence_days;
  MetricValues metrics;
  /// One value per custom-metric formula, flat in Report::custom_metrics order.
  std::vector<CustomValue> custom;
};

/// A computed report: tiles over the selected campaigns plus one row per campaign.
struct Report {
  std::string conversion;
  std::string model;
  int64_t window_s = 0;
  std::optional<TimestampUs> from;
  std::optional<TimestampUs> to;
  std::string timezone;
  std::string currency;
  int currency_digits = 2;
  bool has_revenue = false;  ///< false when the definition has no value property (revenue null)
  /// false when the workspace has no cost line and no campaign expenses: cost and the ROI
  /// metrics are null rather than a misleading zero.
  bool has_cost = false;
  /// false when the workspace has no account snapshot: balance, profit, unvalued conversions
  /// and profit_roi are null.
  bool has_snapshots = false;
  /// true in a bank workspace (account snapshots, or a campaign with promoted products): the
  /// report then carries the bank metrics (reach, opens, direct and related sales, balance,
  /// profit, profit_roi; docs/bank.md); other reports leave them out.
  bool has_bank_metrics = false;
  MetricValues tiles;
  /// The custom metrics' values over the selection's totals (flat, as CampaignRow::custom).
  std::vector<CustomValue> tiles_custom;
  int64_t unattributed_conversions = 0;
  /// The custom metrics of the settings, in settings order.
  std::vector<CustomMetricColumn> custom_metrics;
  std::vector<CampaignRow> campaigns;
  /// The tiles' revenue split by the local day (days since 1970-01-01, workspace zone) of each
  /// conversion, days without revenue left out; sums to tiles.revenue_pico. For trends
  /// (goals' projection) without a report per day.
  std::vector<std::pair<int32_t, __int128>> tile_revenue_by_day;
};

/// The width of a time-series bucket, in the workspace time zone: a local calendar day, an ISO
/// week (Monday to Monday) or a calendar month.
enum class TimeBucket { kDay, kWeek, kMonth };

/// One bucket of a time series: the tiles of the report over [start, end).
struct TimeSeriesPoint {
  TimestampUs start = 0;  ///< inclusive; the bucket's local start, or the period's `from`
  TimestampUs end = 0;    ///< exclusive; the next bucket's start, or the period's `to`
  MetricValues tiles;
  std::vector<CustomValue> tiles_custom;
  int64_t unattributed_conversions = 0;
};

/// The report's tiles per bucket of a period: the performance-over-time chart.
struct TimeSeries {
  std::string conversion;
  std::string model;
  TimeBucket bucket = TimeBucket::kDay;
  std::string timezone;
  std::string currency;
  int currency_digits = 2;
  bool has_revenue = false;
  bool has_cost = false;
  bool has_snapshots = false;
  bool has_bank_metrics = false;
  std::vector<CustomMetricColumn> custom_metrics;
  std::vector<TimeSeriesPoint> points;
};

/// One agent of the call-center ranking (seed 002; docs/costs.md, "Agent ranking"): the
/// agent's calls, the sales of the report's conversion definition whose event names the agent
/// (`agent_id` property), their revenue and commission, and the agent's timesheet hours and
/// labor cost, all in the period.
struct AgentRow {
  std::string agent_id;
  int64_t calls = 0;  ///< `call` events with this agent_id
  int64_t sales = 0;  ///< conversion events with this agent_id
  __int128 revenue_pico = 0;
  Micros hours = 0;  ///< timesheet hours, millionths
  __int128 labor_cost_pico = 0;
  __int128 commission_pico = 0;
};

/// The agent ranking: one row per agent, by revenue (descending), then agent_id.
struct AgentRanking {
  std::string conversion;
  std::optional<TimestampUs> from;
  std::optional<TimestampUs> to;
  std::string currency;
  int currency_digits = 2;
  bool has_revenue = false;
  std::vector<AgentRow> agents;
  AgentRow totals;  ///< sums over every agent (agent_id empty)
};

/// The conversions and revenue one attribution model gives a campaign or the tiles.
struct ModelCell {
  double conversions = 0;
  __int128 revenue_pico = 0;
};

/// One campaign under every model: cells in ModelComparison::models order.
struct ModelComparisonRow {
  std::string campaign_id;
  std::string name;
  std::string channel;
  std::vector<ModelCell> cells;
};

/// Every attribution model side by side (issue 6, `payback report --compare-models`): the
/// report's conversion definition, period and filters under each model of the registry.
struct ModelComparison {
  std::string conversion;
  std::string model;  ///< the definition's own model (rows are ordered by its conversions)
  int64_t window_s = 0;
  std::optional<TimestampUs> from;
  std::optional<TimestampUs> to;
  std::string currency;
  int currency_digits = 2;
  bool has_revenue = false;
  std::vector<std::string> models;
  std::vector<ModelCell> tiles;       ///< per model
  std::vector<int64_t> unattributed;  ///< per model
  std::vector<ModelComparisonRow> campaigns;
};

/// How a goal is doing: green when progress >= 100%, amber >= 80%, red below (issue 5).
enum class GoalStatus { kGreen, kAmber, kRed };

/// One monthly target with its progress (docs/costs.md, "Targets and projection").
struct GoalRow {
  std::string campaign_id;  ///< "" = the whole workspace
  std::string name;         ///< the campaign's name, when the catalog has one
  std::optional<Micros> revenue_target;
  __int128 revenue_pico = 0;               ///< revenue so far in the month (to the end of today)
  __int128 revenue_expected_pico = 0;      ///< the target pro-rated to today
  std::optional<double> revenue_progress;  ///< revenue / expected
  std::optional<GoalStatus> revenue_status;
  __int128 projected_revenue_pico = 0;  ///< revenue so far + the trend over the days left
  std::optional<double> roi_target;
  std::optional<double> roi;           ///< the month so far
  std::optional<double> roi_progress;  ///< roi / target (target > 0)
  std::optional<GoalStatus> roi_status;
};

/// The targets of one month, measured on a given day of it.
struct GoalsReport {
  std::string month;     ///< YYYY-MM
  int32_t today = 0;     ///< local date (days since 1970-01-01) the progress is measured on
  int days_elapsed = 0;  ///< days of the month up to and including today
  int days_in_month = 0;
  std::string conversion;
  std::string currency;
  int currency_digits = 2;
  bool has_revenue = false;
  std::vector<GoalRow> goals;
};

/// What a dashboard's filter panel offers: the values the workspace's campaigns carry (each list
/// sorted, distinct, without empty values), the attribution models, and the span of the data.
struct FilterOptions {
  std::vector<std::string> labels;
  std::vector<std::string> channels;
  std::vector<std::string> created_by;
  std::vector<std::string> statuses;
  std::vector<std::string> delivery_types;
  std::vector<std::string> models;         ///< every attribution model, in the registry's order
  std::optional<TimestampUs> first_event;  ///< none when there are no events
  std::optional<TimestampUs> last_event;
};

}  // namespace payback
