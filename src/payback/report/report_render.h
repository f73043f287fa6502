#pragma once

#include <string>

#include "payback/report.h"
#include "payback/web_funnel.h"

namespace payback {

/// The report as JSON, in data.md's shape ("Reports"): ratios as fractions (null on a zero
/// denominator), money as decimal strings with the currency's minor digits, revenue null when
/// the conversion definition has no value property.
std::string RenderReportJson(const Report& report);

/// A time series as JSON: the header of the report plus `bucket` and one point per bucket with
/// its local `start` and `end` (ISO 8601 with offset), the tile metrics and `custom`.
std::string RenderTimeSeriesJson(const TimeSeries& series);

/// One CSV row per campaign with the JSON's columns, in the table's order; labels joined by
/// `;`; null ratios empty.
std::string RenderReportCsv(const Report& report);

/// A human table for a terminal: the tiles, then the campaign table, with percentages,
/// grouped money and a dash for a null ratio.
std::string RenderReportTable(const Report& report);

/// The agent ranking (docs/costs.md, "Agent ranking") as JSON: `agents` rows and `totals` with
/// calls, sales, revenue, hours, labor_cost, commission (money strings), revenue_per_hour and
/// efficiency (revenue / labor cost; numbers rounded to 10 decimals, null on a zero
/// denominator); as CSV, one row per agent with the same columns; as a table for a terminal.
std::string RenderAgentRankingJson(const AgentRanking& ranking);
std::string RenderAgentRankingCsv(const AgentRanking& ranking);
std::string RenderAgentRankingTable(const AgentRanking& ranking);

/// The month's targets (docs/costs.md, "Targets and projection") as JSON (money as strings,
/// progress and ROI as fractions, status `green`/`amber`/`red`, null when a goal is not set)
/// and as a table.
std::string RenderGoalsJson(const GoalsReport& goals);
std::string RenderGoalsTable(const GoalsReport& goals);

/// Every model side by side (`payback report --compare-models`): JSON with `models`, per-model
/// `tiles` (conversions, revenue, unattributed_conversions) and per-campaign `models` cells
/// (conversions, revenue); CSV with `<model>_conversions` and `<model>_revenue` columns; a
/// table with one `conversions / revenue` column per model.
std::string RenderModelComparisonJson(const ModelComparison& comparison);
std::string RenderModelComparisonCsv(const ModelComparison& comparison);
std::string RenderModelComparisonTable(const ModelComparison& comparison);

/// The web engagement report (`payback lift`; docs/web.md) as JSON (per campaign the funnel
/// counts, `groups` exposed/chat/content_click/treatment/control with users, converters,
/// conversions, revenue, conversion_rate and aov, `lift` with the incremental conversions and
/// revenue and their 95% intervals as [low, high], `goal_type_conversion_rate`, `other_goals`),
/// as CSV (the same, flattened) and as a table.
std::string RenderWebFunnelJson(const WebFunnel& funnel);
std::string RenderWebFunnelCsv(const WebFunnel& funnel);
/// The web report per time bucket: `bucket`, `timezone` and `points`, each the JSON of
/// RenderWebFunnelJson for its bucket plus its local `start` and `end`.
std::string RenderWebFunnelSeriesJson(const WebFunnelSeries& series);
std::string RenderWebFunnelTable(const WebFunnel& funnel);

/// Credit weights sum to integers under single-credit models; fractional sums are shown with
/// at most 6 decimals. Exposed for the explain renderer.
double RoundedConversions(double conversions);

}  // namespace payback
