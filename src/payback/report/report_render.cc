#include "payback/report/report_render.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "payback/common/decimal.h"
#include "payback/common/money.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/report/agent_ranking.h"
#include "payback/report/custom_metric_set.h"
#include "payback/report/goals.h"
#include "payback/report/roi_metrics.h"
#include "payback/report/time_series.h"

namespace payback {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kMoneyScale = 12;  // revenue sums are kept in 1e-12 of the currency

double RoundTo(double value, double scale) { return std::round(value * scale) / scale; }

Json Ratio(std::optional<double> value) {
  if (!value) return nullptr;
  return RoundTo(*value, 1e10);
}

Json Conversions(double value) {
  const double rounded = RoundedConversions(value);
  if (rounded == std::floor(rounded) && std::fabs(rounded) < 9e15) {
    return static_cast<int64_t>(rounded);
  }
  return rounded;
}

Json Revenue(const Report& report, const MetricValues& metrics) {
  if (!report.has_revenue) return nullptr;
  return FormatMoney(metrics.revenue_pico, kMoneyScale, report.currency_digits);
}

MoneyPresence PresenceOf(const Report& report) {
  return MoneyPresence{report.has_revenue, report.has_cost, report.has_snapshots};
}

Json Money(const Report& report, std::optional<__int128> pico) {
  if (!pico) return nullptr;
  return FormatMoney(*pico, kMoneyScale, report.currency_digits);
}

/// The cost by line, or null when the workspace has no cost.
Json CostBreakdownJson(const Report& report, const MetricValues& metrics) {
  if (!report.has_cost) return nullptr;
  const CostBreakdown& cost = metrics.cost;
  Json json = Json::object();
  json["expenses"] = Money(report, cost.expenses_pico);
  json["message"] = Money(report, cost.message_pico);
  json["carrier_fee"] = Money(report, cost.carrier_fee_pico);
  json["platform_fee"] = Money(report, cost.platform_fee_pico);
  json["call"] = Money(report, cost.call_pico);
  json["agent_hour"] = Money(report, cost.agent_hour_pico);
  json["commission"] = Money(report, cost.commission_pico);
  return json;
}

Json OptionalText(const std::string& text) {
  if (text.empty()) return nullptr;
  return text;
}

std::string Percent(std::optional<double> ratio) {
  if (!ratio) return "-";
  return fmt::format("{:.2f}%", *ratio * 100);
}

std::string Grouped(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) out += ',';
    out += digits[idx];
  }
  return value < 0 ? "-" + out : out;
}

std::string ConversionsText(double value) {
  const Json json = Conversions(value);
  if (json.is_number_integer()) return Grouped(json.get<int64_t>());
  return fmt::format("{:.2f}", value);
}

std::string CsvEscape(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string JsonScalarText(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

/// Display width in code points (UTF-8 continuation bytes take no column).
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

/// A table for a terminal: the first `left_columns` columns left-aligned, the others
/// right-aligned, two spaces apart, a rule under the header and another before the last
/// `footer_rows` rows; `empty_note` on its own line when there are no rows.
std::string TextTable(const std::vector<std::string>& headers,
                      const std::vector<std::vector<std::string>>& rows, size_t left_columns,
                      size_t footer_rows = 0, std::string_view empty_note = "") {
  std::vector<size_t> widths;
  for (const std::string& header : headers) widths.push_back(DisplayWidth(header));
  for (const auto& cells : rows) {
    for (size_t column = 0; column < cells.size(); ++column) {
      widths[column] = std::max(widths[column], DisplayWidth(cells[column]));
    }
  }
  std::string out;
  auto append_row = [&](const std::vector<std::string>& cells) {
    for (size_t column = 0; column < cells.size(); ++column) {
      const size_t pad = widths[column] - DisplayWidth(cells[column]);
      const bool left = column < left_columns;
      if (column > 0) out += "  ";
      if (!left) out.append(pad, ' ');
      out += cells[column];
      if (left && column + 1 < cells.size()) out.append(pad, ' ');
    }
    out += '\n';
  };
  size_t total_width = 0;
  for (const size_t width : widths) total_width += width + 2;
  const std::string rule = std::string(total_width - 2, '-') + '\n';
  append_row(headers);
  out += rule;
  for (size_t index = 0; index < rows.size(); ++index) {
    if (footer_rows > 0 && index + footer_rows == rows.size()) out += rule;
    append_row(rows[index]);
  }
  if (rows.empty() && !empty_note.empty()) out += std::string(empty_note) + '\n';
  return out;
}

/// The keys of the cost breakdown object, in its order (CSV columns `cost_<key>`).
constexpr const char* kCostLineKeys[] = {"expenses", "message",    "carrier_fee", "platform_fee",
                                         "call",     "agent_hour", "commission"};

/// The metric columns of a report row, in data.md's order: one table serves the JSON rows,
/// the JSON tiles and the CSV export, so the three cannot drift apart.
struct MetricColumn {
  const char* name;
  Json (*value)(const Report& report, const MetricValues& metrics);
  bool bank = false;  ///< only in reports with Report::has_bank_metrics
};

const std::vector<MetricColumn>& MetricColumns() {
  static const std::vector<MetricColumn> kColumns = {
      {"sent", [](const Report&, const MetricValues& m) { return Json(m.sent); }},
      {"delivered", [](const Report&, const MetricValues& m) { return Json(m.delivered); }},
      {"viewed", [](const Report&, const MetricValues& m) { return Json(m.viewed); }},
      {"clicked", [](const Report&, const MetricValues& m) { return Json(m.clicked); }},
      {"delivered_messages",
       [](const Report&, const MetricValues& m) { return Json(m.delivered_messages); }},
      {"clicked_messages",
       [](const Report&, const MetricValues& m) { return Json(m.clicked_messages); }},
      {"ctr", [](const Report&, const MetricValues& m) { return Ratio(m.ctr()); }},
      {"conversions",
       [](const Report&, const MetricValues& m) { return Conversions(m.conversions); }},
      {"unique_conversions",
       [](const Report&, const MetricValues& m) { return Json(m.unique_conversions); }},
      {"converted_messages",
       [](const Report&, const MetricValues& m) { return Json(m.converted_messages); }},
      {"conversion_rate",
       [](const Report&, const MetricValues& m) { return Ratio(m.conversion_rate()); }},
      {"revenue", [](const Report& r, const MetricValues& m) { return Revenue(r, m); }},
      {"cost",
       [](const Report& r, const MetricValues& m) { return Money(r, CostPico(m, PresenceOf(r))); }},
      {"net_return",
       [](const Report& r, const MetricValues& m) {
         return Money(r, NetReturnPico(m, PresenceOf(r)));
       }},
      {"roi", [](const Report& r, const MetricValues& m) { return Ratio(Roi(m, PresenceOf(r))); }},
      {"roas",
       [](const Report& r, const MetricValues& m) { return Ratio(Roas(m, PresenceOf(r))); }},
      {"cpa",
       [](const Report& r, const MetricValues& m) { return Money(r, CpaPico(m, PresenceOf(r))); }},
      {"aov",
       [](const Report& r, const MetricValues& m) { return Money(r, AovPico(m, PresenceOf(r))); }},
      {"reached_users", [](const Report&, const MetricValues& m) { return Json(m.reached_users); },
       true},
      {"opened_users", [](const Report&, const MetricValues& m) { return Json(m.opened_users); },
       true},
      {"open_rate", [](const Report&, const MetricValues& m) { return Ratio(m.open_rate()); },
       true},
      {"products_per_reached",
       [](const Report&, const MetricValues& m) { return Ratio(m.products_per_reached()); }, true},
      {"direct_conversions",
       [](const Report&, const MetricValues& m) {
         return m.splits_sales ? Conversions(m.direct_conversions) : Json(nullptr);
       },
       true},
      {"related_conversions",
       [](const Report&, const MetricValues& m) {
         return m.splits_sales ? Conversions(m.related_conversions) : Json(nullptr);
       },
       true},
      {"balance",
       [](const Report& r, const MetricValues& m) {
         return Money(r, SnapshotSum(m.balance_pico, PresenceOf(r)));
       },
       true},
      {"profit",
       [](const Report& r, const MetricValues& m) {
         return Money(r, SnapshotSum(m.profit_pico, PresenceOf(r)));
       },
       true},
      {"unvalued_conversions",
       [](const Report& r, const MetricValues& m) {
         return r.has_snapshots ? Conversions(m.unvalued_conversions) : Json(nullptr);
       },
       true},
      {"profit_roi",
       [](const Report& r, const MetricValues& m) { return Ratio(ProfitRoi(m, PresenceOf(r))); },
       true},
  };
  return kColumns;
}

void AppendMetrics(const Report& report, const MetricValues& metrics, Json& out) {
  for (const MetricColumn& column : MetricColumns()) {
    if (column.bank && !report.has_bank_metrics) continue;
    out[column.name] = column.value(report, metrics);
  }
}

/// A custom value in JSON: a number rounded to 10 decimals, as ratios are (an integer when
/// integral), or null.
Json CustomJson(const CustomValue& value) {
  if (!value) return nullptr;
  const double rounded = RoundTo(*value, 1e10);
  if (rounded == std::floor(rounded) && std::fabs(rounded) < 9e15) {
    return static_cast<int64_t>(rounded);
  }
  return rounded;
}

/// The `custom` object of a row or the tiles: metric name -> value, or an array of values for
/// a metric of several formulas.
Json CustomObject(const Report& report, const std::vector<CustomValue>& values) {
  Json object = Json::object();
  size_t next = 0;
  for (const CustomMetricColumn& column : report.custom_metrics) {
    if (column.formula_count == 1) {
      object[column.name] = CustomJson(values[next++]);
      continue;
    }
    Json array = Json::array();
    for (size_t formula = 0; formula < column.formula_count; ++formula) {
      array.push_back(CustomJson(values[next++]));
    }
    object[column.name] = std::move(array);
  }
  return object;
}

/// A custom value for people: up to 4 decimals below 1,000, else grouped with 2 decimals.
std::string CustomText(const CustomValue& value) {
  if (!value) return "-";
  if (std::fabs(*value) >= 1000) {
    const double rounded = std::round(*value * 100) / 100;
    if (std::fabs(rounded) < 9e15) {
      const auto cents = static_cast<int64_t>(std::llround(rounded * 100));
      return FormatMoney(cents, 2, 2, true);
    }
    return fmt::format("{:.6g}", *value);
  }
  std::string text = fmt::format("{:.4f}", *value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

}  // namespace

double RoundedConversions(double conversions) { return RoundTo(conversions, 1e6); }

std::string RenderReportJson(const Report& report) {
  Json root;
  root["conversion"] = report.conversion;
  root["model"] = report.model;
  root["window_s"] = report.window_s;
  root["from"] = report.from ? Json(FormatUtc(*report.from)) : Json(nullptr);
  root["to"] = report.to ? Json(FormatUtc(*report.to)) : Json(nullptr);
  root["timezone"] = report.timezone;
  root["currency"] = report.currency;
  const MetricValues& tiles = report.tiles;
  Json tiles_json;
  AppendMetrics(report, tiles, tiles_json);
  tiles_json["unattributed_conversions"] = report.unattributed_conversions;
  tiles_json["cost_breakdown"] = CostBreakdownJson(report, tiles);
  tiles_json["custom"] = CustomObject(report, report.tiles_custom);
  root["tiles"] = std::move(tiles_json);
  Json rows = Json::array();
  for (const CampaignRow& row : report.campaigns) {
    Json json;
    json["campaign_id"] = row.campaign_id;
    json["name"] = OptionalText(row.name);
    json["status"] = OptionalText(row.status);
    json["created_by"] = OptionalText(row.created_by);
    json["labels"] = row.labels;
    json["journey_id"] = OptionalText(row.journey_id);
    json["channel"] = OptionalText(row.channel);
    json["delivery_type"] = OptionalText(row.delivery_type);
    json["kind"] = OptionalText(row.kind);
    json["in_catalog"] = row.in_catalog;
    if (report.has_bank_metrics) {
      json["promoted_products"] = row.promoted_products;
      json["influence_days"] = row.influence_days ? Json(*row.influence_days) : Json(nullptr);
    }
    AppendMetrics(report, row.metrics, json);
    json["messaging_roas"] = Ratio(MessagingRoas(row.metrics, PresenceOf(report), row.kind));
    json["cost_breakdown"] = CostBreakdownJson(report, row.metrics);
    json["custom"] = CustomObject(report, row.custom);
    rows.push_back(std::move(json));
  }
  root["campaigns"] = std::move(rows);
  return root.dump(2) + "\n";
}

std::string RenderTimeSeriesJson(const TimeSeries& series) {
  // The metric columns read the currency and revenue presence from a report.
  Report context;
  context.has_revenue = series.has_revenue;
  context.has_cost = series.has_cost;
  context.has_snapshots = series.has_snapshots;
  context.has_bank_metrics = series.has_bank_metrics;
  context.currency_digits = series.currency_digits;
  context.custom_metrics = series.custom_metrics;
  Json root;
  root["conversion"] = series.conversion;
  root["model"] = series.model;
  root["bucket"] = TimeBucketName(series.bucket);
  root["timezone"] = series.timezone;
  root["currency"] = series.currency;
  Json points = Json::array();
  const Result<TimeZone> tz = TimeZone::Load(series.timezone);
  for (const TimeSeriesPoint& point : series.points) {
    Json json;
    json["start"] = tz.ok() ? FormatLocal(point.start, *tz) : FormatUtc(point.start);
    json["end"] = tz.ok() ? FormatLocal(point.end, *tz) : FormatUtc(point.end);
    AppendMetrics(context, point.tiles, json);
    json["unattributed_conversions"] = point.unattributed_conversions;
    json["cost_breakdown"] = CostBreakdownJson(context, point.tiles);
    json["custom"] = CustomObject(context, point.tiles_custom);
    points.push_back(std::move(json));
  }
  root["points"] = std::move(points);
  return root.dump(2) + "\n";
}

std::string RenderReportCsv(const Report& report) {
  std::vector<std::string> header = {"campaign_id", "name",          "status",
                                     "created_by",  "labels",        "journey_id",
                                     "channel",     "delivery_type", "kind"};
  for (const MetricColumn& column : MetricColumns()) {
    if (!column.bank || report.has_bank_metrics) header.emplace_back(column.name);
  }
  header.emplace_back("messaging_roas");
  for (const char* line : kCostLineKeys) header.push_back(std::string("cost_") + line);
  for (const std::string& label : CustomValueLabels(report.custom_metrics)) {
    header.push_back(CsvEscape(label));
  }
  std::string out = JoinStrings(header, ",") + "\n";
  for (const CampaignRow& row : report.campaigns) {
    std::vector<std::string> cells = {row.campaign_id,
                                      row.name,
                                      row.status,
                                      row.created_by,
                                      JoinStrings(row.labels, ";"),
                                      row.journey_id,
                                      row.channel,
                                      row.delivery_type,
                                      row.kind};
    for (const MetricColumn& column : MetricColumns()) {
      if (column.bank && !report.has_bank_metrics) continue;
      cells.push_back(JsonScalarText(column.value(report, row.metrics)));
    }
    cells.push_back(
        JsonScalarText(Ratio(MessagingRoas(row.metrics, PresenceOf(report), row.kind))));
    const Json breakdown = CostBreakdownJson(report, row.metrics);
    for (const char* line : kCostLineKeys) {
      cells.push_back(breakdown.is_null() ? "" : JsonScalarText(breakdown[line]));
    }
    for (const CustomValue& value : row.custom) cells.push_back(JsonScalarText(CustomJson(value)));
    for (std::string& cell : cells) cell = CsvEscape(cell);
    out += JoinStrings(cells, ",") + "\n";
  }
  return out;
}

std::string RenderReportTable(const Report& report) {
  const MetricValues& tiles = report.tiles;
  const MoneyPresence presence = PresenceOf(report);
  auto amount = [&](std::optional<__int128> pico) -> std::string {
    if (!pico) return "-";
    return FormatMoney(*pico, kMoneyScale, report.currency_digits, true);
  };
  auto money = [&](const MetricValues& metrics) -> std::string {
    return amount(report.has_revenue ? std::optional<__int128>(metrics.revenue_pico)
                                     : std::nullopt);
  };
  auto multiple = [](std::optional<double> ratio) -> std::string {
    if (!ratio) return "-";
    return fmt::format("{:.2f}x", *ratio);
  };
  std::string out;
  const std::string period =
      report.from || report.to
          ? fmt::format("{} to {}", report.from ? FormatUtc(*report.from) : "the beginning",
                        report.to ? FormatUtc(*report.to) : "now")
          : "all time";
  out += fmt::format("Conversion: {}   Model: {}   Window: {}s   Period: {}   Currency: {}\n\n",
                     report.conversion, report.model, report.window_s, period, report.currency);
  std::vector<std::pair<std::string, std::string>> tile_cells = {
      {"Sent", Grouped(tiles.sent)},
      {"Delivered", Grouped(tiles.delivered)},
      {"Viewed", Grouped(tiles.viewed)},
      {"Clicked", Grouped(tiles.clicked)},
      {"CTR", Percent(tiles.ctr())},
      {"Conversions", ConversionsText(tiles.conversions)},
      {"Unique conv.", Grouped(tiles.unique_conversions)},
      {"Conv. rate", Percent(tiles.conversion_rate())},
      {"Revenue", money(tiles)},
      {"Unattributed", Grouped(report.unattributed_conversions)},
  };
  if (report.has_cost) {
    tile_cells.insert(tile_cells.end(), {{"Cost", amount(CostPico(tiles, presence))},
                                         {"Net return", amount(NetReturnPico(tiles, presence))},
                                         {"ROI", Percent(Roi(tiles, presence))},
                                         {"ROAS", multiple(Roas(tiles, presence))},
                                         {"CPA", amount(CpaPico(tiles, presence))},
                                         {"AOV", amount(AovPico(tiles, presence))}});
  }
  // A bank workspace (snapshots or promoted products) also shows its funnel and valuation.
  const bool bank = report.has_bank_metrics;
  auto sales = [](const MetricValues& metrics, double value) {
    return metrics.splits_sales ? ConversionsText(value) : std::string("-");
  };
  auto snapshot_money = [&](__int128 pico) { return amount(SnapshotSum(pico, presence)); };
  if (bank) {
    tile_cells.insert(
        tile_cells.end(),
        {{"Reached users", Grouped(tiles.reached_users)},
         {"Opened users", Grouped(tiles.opened_users)},
         {"Open rate", Percent(tiles.open_rate())},
         {"Products/reach", Percent(tiles.products_per_reached())},
         {"Direct sales", sales(tiles, tiles.direct_conversions)},
         {"Related sales", sales(tiles, tiles.related_conversions)},
         {"Balance", snapshot_money(tiles.balance_pico)},
         {"Profit", snapshot_money(tiles.profit_pico)},
         {"Unvalued", report.has_snapshots ? ConversionsText(tiles.unvalued_conversions) : "-"},
         {"Profit ROI", Percent(ProfitRoi(tiles, presence))}});
  }
  const std::vector<std::string> custom_labels = CustomValueLabels(report.custom_metrics);
  size_t label_width = 14;
  for (const auto& [label, value] : tile_cells) {
    label_width = std::max(label_width, DisplayWidth(label) + 2);
  }
  for (const std::string& label : custom_labels) {
    label_width = std::max(label_width, DisplayWidth(label) + 2);
  }
  for (size_t index = 0; index < custom_labels.size(); ++index) {
    tile_cells.emplace_back(custom_labels[index], CustomText(report.tiles_custom[index]));
  }
  for (const auto& [label, value] : tile_cells) {
    out += "  " + label + std::string(label_width - DisplayWidth(label), ' ') +
           fmt::format("{:>16}\n", value);
  }
  out += '\n';

  std::vector<std::string> headers = {
      "Campaign", "Status", "Created by",  "Labels", "Sent",       "Delivered", "Viewed",
      "Clicked",  "CTR",    "Conversions", "Unique", "Conv. rate", "Revenue"};
  if (report.has_cost) headers.insert(headers.end(), {"Cost", "ROI", "ROAS"});
  if (bank) {
    headers.insert(headers.end(), {"Reached", "Open rate", "Products/reach", "Direct", "Related",
                                   "Balance", "Profit", "Profit ROI"});
  }
  headers.insert(headers.end(), custom_labels.begin(), custom_labels.end());
  std::vector<std::vector<std::string>> table;
  for (const CampaignRow& row : report.campaigns) {
    const MetricValues& metrics = row.metrics;
    std::vector<std::string> labels(row.labels.begin(), row.labels.end());
    table.push_back(
        {row.name.empty() ? row.campaign_id : row.name, row.status.empty() ? "-" : row.status,
         row.created_by.empty() ? "-" : row.created_by,
         labels.empty() ? "-" : JoinStrings(labels, "; "), Grouped(metrics.sent),
         Grouped(metrics.delivered), Grouped(metrics.viewed), Grouped(metrics.clicked),
         Percent(metrics.ctr()), ConversionsText(metrics.conversions),
         Grouped(metrics.unique_conversions), Percent(metrics.conversion_rate()), money(metrics)});
    if (report.has_cost) {
      table.back().insert(table.back().end(),
                          {amount(CostPico(metrics, presence)), Percent(Roi(metrics, presence)),
                           multiple(Roas(metrics, presence))});
    }
    if (bank) {
      table.back().insert(
          table.back().end(),
          {Grouped(metrics.reached_users), Percent(metrics.open_rate()),
           Percent(metrics.products_per_reached()), sales(metrics, metrics.direct_conversions),
           sales(metrics, metrics.related_conversions), snapshot_money(metrics.balance_pico),
           snapshot_money(metrics.profit_pico), Percent(ProfitRoi(metrics, presence))});
    }
    for (const CustomValue& value : row.custom) table.back().push_back(CustomText(value));
  }
  return out + TextTable(headers, table, 4, 0, "(no campaign matches the filters)");
}

namespace {

/// The columns of an agent row, shared by the JSON rows and totals and the CSV export.
struct AgentColumn {
  const char* name;
  Json (*value)(const AgentRanking& ranking, const AgentRow& row);
};

Json AgentMoney(const AgentRanking& ranking, __int128 pico, bool needs_revenue) {
  if (needs_revenue && !ranking.has_revenue) return nullptr;
  return FormatMoney(pico, kMoneyScale, ranking.currency_digits);
}

const std::vector<AgentColumn>& AgentColumns() {
  static const std::vector<AgentColumn> kColumns = {
      {"calls", [](const AgentRanking&, const AgentRow& row) { return Json(row.calls); }},
      {"sales", [](const AgentRanking&, const AgentRow& row) { return Json(row.sales); }},
      {"revenue", [](const AgentRanking& r,
                     const AgentRow& row) { return AgentMoney(r, row.revenue_pico, true); }},
      {"hours", [](const AgentRanking&,
                   const AgentRow& row) { return Json::parse(FormatFixed6(row.hours)); }},
      {"labor_cost", [](const AgentRanking& r,
                        const AgentRow& row) { return AgentMoney(r, row.labor_cost_pico, false); }},
      {"commission", [](const AgentRanking& r,
                        const AgentRow& row) { return AgentMoney(r, row.commission_pico, false); }},
      {"revenue_per_hour",
       [](const AgentRanking& r, const AgentRow& row) {
         return Ratio(RevenuePerHour(row, r.has_revenue));
       }},
      {"efficiency",
       [](const AgentRanking& r, const AgentRow& row) {
         return Ratio(LaborEfficiency(row, r.has_revenue));
       }},
  };
  return kColumns;
}

Json AgentJson(const AgentRanking& ranking, const AgentRow& row) {
  Json json = Json::object();
  for (const AgentColumn& column : AgentColumns()) json[column.name] = column.value(ranking, row);
  return json;
}

}  // namespace

std::string RenderAgentRankingJson(const AgentRanking& ranking) {
  Json root;
  root["conversion"] = ranking.conversion;
  root["from"] = ranking.from ? Json(FormatUtc(*ranking.from)) : Json(nullptr);
  root["to"] = ranking.to ? Json(FormatUtc(*ranking.to)) : Json(nullptr);
  root["currency"] = ranking.currency;
  Json agents = Json::array();
  for (const AgentRow& row : ranking.agents) {
    Json json;
    json["agent_id"] = row.agent_id;
    json.update(AgentJson(ranking, row));
    agents.push_back(std::move(json));
  }
  root["agents"] = std::move(agents);
  root["totals"] = AgentJson(ranking, ranking.totals);
  return root.dump(2) + "\n";
}

std::string RenderAgentRankingCsv(const AgentRanking& ranking) {
  std::vector<std::string> header = {"agent_id"};
  for (const AgentColumn& column : AgentColumns()) header.emplace_back(column.name);
  std::string out = JoinStrings(header, ",") + "\n";
  for (const AgentRow& row : ranking.agents) {
    std::vector<std::string> cells = {CsvEscape(row.agent_id)};
    for (const AgentColumn& column : AgentColumns()) {
      cells.push_back(CsvEscape(JsonScalarText(column.value(ranking, row))));
    }
    out += JoinStrings(cells, ",") + "\n";
  }
  return out;
}

std::string RenderAgentRankingTable(const AgentRanking& ranking) {
  auto money = [&](__int128 pico, bool needs_revenue) -> std::string {
    if (needs_revenue && !ranking.has_revenue) return "-";
    return FormatMoney(pico, kMoneyScale, ranking.currency_digits, true);
  };
  auto number = [](std::optional<double> value) -> std::string {
    return value ? fmt::format("{:.2f}", *value) : "-";
  };
  const std::vector<std::string> headers = {"Agent",      "Calls",     "Sales",
                                            "Revenue",    "Hours",     "Labor cost",
                                            "Commission", "Revenue/h", "Efficiency"};
  std::vector<std::vector<std::string>> table;
  auto cells_of = [&](const std::string& name, const AgentRow& row) {
    return std::vector<std::string>{name,
                                    Grouped(row.calls),
                                    Grouped(row.sales),
                                    money(row.revenue_pico, true),
                                    FormatFixed6(row.hours),
                                    money(row.labor_cost_pico, false),
                                    money(row.commission_pico, false),
                                    number(RevenuePerHour(row, ranking.has_revenue)),
                                    number(LaborEfficiency(row, ranking.has_revenue))};
  };
  for (const AgentRow& row : ranking.agents) table.push_back(cells_of(row.agent_id, row));
  table.push_back(cells_of("Total", ranking.totals));
  return fmt::format("Conversion: {}   Currency: {}\n\n", ranking.conversion, ranking.currency) +
         TextTable(headers, table, 1, 1);
}

namespace {

Json StatusJson(const std::optional<GoalStatus>& status) {
  if (!status) return nullptr;
  return std::string(GoalStatusName(*status));
}

}  // namespace

std::string RenderGoalsJson(const GoalsReport& goals) {
  auto money = [&](__int128 pico) { return FormatMoney(pico, kMoneyScale, goals.currency_digits); };
  Json root;
  root["month"] = goals.month;
  root["today"] = FormatDate(goals.today);
  root["days_elapsed"] = goals.days_elapsed;
  root["days_in_month"] = goals.days_in_month;
  root["conversion"] = goals.conversion;
  root["currency"] = goals.currency;
  Json rows = Json::array();
  for (const GoalRow& row : goals.goals) {
    Json json;
    json["campaign_id"] = OptionalText(row.campaign_id);
    json["name"] = OptionalText(row.name);
    json["revenue_target"] = row.revenue_target
                                 ? Json(FormatMoney(*row.revenue_target, 6, goals.currency_digits))
                                 : Json(nullptr);
    json["revenue"] = money(row.revenue_pico);
    json["revenue_expected"] =
        row.revenue_target ? Json(money(row.revenue_expected_pico)) : Json(nullptr);
    json["revenue_progress"] = Ratio(row.revenue_progress);
    json["revenue_status"] = StatusJson(row.revenue_status);
    json["projected_revenue"] = money(row.projected_revenue_pico);
    json["roi_target"] = Ratio(row.roi_target);
    json["roi"] = Ratio(row.roi);
    json["roi_progress"] = Ratio(row.roi_progress);
    json["roi_status"] = StatusJson(row.roi_status);
    rows.push_back(std::move(json));
  }
  root["goals"] = std::move(rows);
  return root.dump(2) + "\n";
}

std::string RenderGoalsTable(const GoalsReport& goals) {
  auto money = [&](__int128 pico) {
    return FormatMoney(pico, kMoneyScale, goals.currency_digits, true);
  };
  auto status = [](const std::optional<GoalStatus>& value) -> std::string {
    return value ? std::string(GoalStatusName(*value)) : "-";
  };
  std::string out =
      fmt::format("Targets for {} as of {} (day {} of {})   Currency: {}\n\n", goals.month,
                  FormatDate(goals.today), goals.days_elapsed, goals.days_in_month, goals.currency);
  if (goals.goals.empty()) return out + "(no target set for this month)\n";
  const std::vector<std::string> headers = {"Target",   "Revenue",   "Goal",      "Expected",
                                            "Progress", "Status",    "Projected", "ROI",
                                            "ROI goal", "ROI status"};
  std::vector<std::vector<std::string>> table;
  for (const GoalRow& row : goals.goals) {
    const std::string label = row.campaign_id.empty() ? "Workspace"
                              : row.name.empty()      ? row.campaign_id
                                                      : row.name;
    table.push_back(
        {label, money(row.revenue_pico),
         row.revenue_target ? FormatMoney(*row.revenue_target, 6, goals.currency_digits, true)
                            : "-",
         row.revenue_target ? money(row.revenue_expected_pico) : "-", Percent(row.revenue_progress),
         status(row.revenue_status), money(row.projected_revenue_pico), Percent(row.roi),
         Percent(row.roi_target), status(row.roi_status)});
  }
  return out + TextTable(headers, table, 1);
}

namespace {

Json ModelCellJson(const ModelComparison& comparison, const ModelCell& cell) {
  Json json;
  json["conversions"] = Conversions(cell.conversions);
  json["revenue"] =
      comparison.has_revenue
          ? Json(FormatMoney(cell.revenue_pico, kMoneyScale, comparison.currency_digits))
          : Json(nullptr);
  return json;
}

}  // namespace

std::string RenderModelComparisonJson(const ModelComparison& comparison) {
  Json root;
  root["conversion"] = comparison.conversion;
  root["model"] = comparison.model;
  root["window_s"] = comparison.window_s;
  root["from"] = comparison.from ? Json(FormatUtc(*comparison.from)) : Json(nullptr);
  root["to"] = comparison.to ? Json(FormatUtc(*comparison.to)) : Json(nullptr);
  root["currency"] = comparison.currency;
  root["models"] = comparison.models;
  Json tiles = Json::object();
  for (size_t index = 0; index < comparison.models.size(); ++index) {
    Json cell = ModelCellJson(comparison, comparison.tiles[index]);
    cell["unattributed_conversions"] = comparison.unattributed[index];
    tiles[comparison.models[index]] = std::move(cell);
  }
  root["tiles"] = std::move(tiles);
  Json rows = Json::array();
  for (const ModelComparisonRow& row : comparison.campaigns) {
    Json json;
    json["campaign_id"] = row.campaign_id;
    json["name"] = OptionalText(row.name);
    json["channel"] = OptionalText(row.channel);
    Json cells = Json::object();
    for (size_t index = 0; index < comparison.models.size(); ++index) {
      cells[comparison.models[index]] = ModelCellJson(comparison, row.cells[index]);
    }
    json["models"] = std::move(cells);
    rows.push_back(std::move(json));
  }
  root["campaigns"] = std::move(rows);
  return root.dump(2) + "\n";
}

std::string RenderModelComparisonCsv(const ModelComparison& comparison) {
  std::vector<std::string> header = {"campaign_id", "name", "channel"};
  for (const std::string& model : comparison.models) {
    header.push_back(model + "_conversions");
    header.push_back(model + "_revenue");
  }
  std::string out = JoinStrings(header, ",") + "\n";
  for (const ModelComparisonRow& row : comparison.campaigns) {
    std::vector<std::string> cells = {row.campaign_id, row.name, row.channel};
    for (const ModelCell& cell : row.cells) {
      const Json json = ModelCellJson(comparison, cell);
      cells.push_back(JsonScalarText(json["conversions"]));
      cells.push_back(JsonScalarText(json["revenue"]));
    }
    for (std::string& cell : cells) cell = CsvEscape(cell);
    out += JoinStrings(cells, ",") + "\n";
  }
  return out;
}

std::string RenderModelComparisonTable(const ModelComparison& comparison) {
  auto text = [&](const ModelCell& cell) {
    const std::string revenue =
        comparison.has_revenue
            ? FormatMoney(cell.revenue_pico, kMoneyScale, comparison.currency_digits, true)
            : "-";
    return ConversionsText(cell.conversions) + " / " + revenue;
  };
  std::vector<std::string> headers = {"Campaign"};
  headers.insert(headers.end(), comparison.models.begin(), comparison.models.end());
  std::vector<std::vector<std::string>> table;
  for (const ModelComparisonRow& row : comparison.campaigns) {
    std::vector<std::string> cells = {row.name.empty() ? row.campaign_id : row.name};
    for (const ModelCell& cell : row.cells) cells.push_back(text(cell));
    table.push_back(std::move(cells));
  }
  std::vector<std::string> totals = {"Tiles"};
  for (const ModelCell& cell : comparison.tiles) totals.push_back(text(cell));
  table.push_back(std::move(totals));
  return fmt::format("Conversion: {}   Conversions / revenue under every model   Currency: {}\n\n",
                     comparison.conversion, comparison.currency) +
         TextTable(headers, table, 1, 1, "(no campaign matches the filters)");
}

}  // namespace payback

namespace payback {
namespace {

/// A money amount given in currency units (an interval bound), rounded to the minor unit.
Json UnitsMoney(double units, int digits) {
  const double scale = std::pow(10.0, digits);
  const auto minor = static_cast<__int128>(std::llround(units * scale));
  return FormatMoney(minor, digits, digits);
}

Json WebGroupJson(const WebFunnel& funnel, const WebGroup& group) {
  Json json;
  json["users"] = group.users;
  json["converters"] = group.converters;
  json["conversions"] = group.conversions;
  json["revenue"] = funnel.has_revenue
                        ? Json(FormatMoney(group.revenue_pico, kMoneyScale, funnel.currency_digits))
                        : Json(nullptr);
  json["conversion_rate"] = Ratio(group.conversion_rate);
  json["aov"] = funnel.has_revenue && group.aov_pico
                    ? Json(FormatMoney(*group.aov_pico, kMoneyScale, funnel.currency_digits))
                    : Json(nullptr);
  return json;
}

Json WebLiftJson(const WebFunnel& funnel, const std::optional<WebLift>& lift) {
  if (!lift) return nullptr;
  const int digits = funnel.currency_digits;
  auto money = [&](__int128 pico) -> Json {
    if (!funnel.has_revenue) return nullptr;
    return FormatMoney(pico, kMoneyScale, digits);
  };
  Json json;
  json["audience"] = lift->audience;
  json["actual_conversions"] = lift->actual_converters;
  json["baseline_conversions"] = CustomJson(lift->baseline_converters);
  json["incremental_conversions"] = CustomJson(lift->incremental_conversions);
  json["incremental_conversions_ci"] =
      lift->conversions_interval ? Json::array({RoundTo(lift->conversions_interval->low, 1e6),
                                                RoundTo(lift->conversions_interval->high, 1e6)})
                                 : Json(nullptr);
  json["actual_revenue"] = money(lift->actual_revenue_pico);
  json["baseline_revenue"] = money(lift->baseline_revenue_pico);
  json["incremental_revenue"] = money(lift->incremental_revenue_pico);
  json["incremental_revenue_ci"] =
      funnel.has_revenue && lift->revenue_interval
          ? Json::array({UnitsMoney(lift->revenue_interval->low, digits),
                         UnitsMoney(lift->revenue_interval->high, digits)})
          : Json(nullptr);
  json["revenue_ci_degrees_of_freedom"] =
      lift->revenue_interval ? Json(RoundTo(lift->revenue_interval->degrees_of_freedom, 1e6))
                             : Json(nullptr);
  json["incremental_roas"] = Ratio(lift->incremental_roas);
  return json;
}

}  // namespace

namespace {

/// One campaign row of the web report as JSON (RenderWebFunnelJson's `campaigns` items).
Json WebRowJson(const WebFunnel& funnel, const WebCampaignRow& row) {
  Json json;
  json["campaign_id"] = row.campaign_id;
  json["name"] = OptionalText(row.name);
  json["channel"] = OptionalText(row.channel);
  json["goal_type"] = OptionalText(row.goal_type);
  json["prospects"] = row.prospects;
  json["prospect_users"] = row.prospect_users;
  json["exposures"] = row.exposures;
  json["engagements"] = row.engagements;
  json["chat_engagements"] = row.chat_engagements;
  json["content_engagements"] = row.content_engagements;
  json["conversions"] = Conversions(row.conversions);
  json["revenue"] = funnel.has_revenue
                        ? Json(FormatMoney(row.revenue_pico, kMoneyScale, funnel.currency_digits))
                        : Json(nullptr);
  json["cost"] = row.cost_pico
                     ? Json(FormatMoney(*row.cost_pico, kMoneyScale, funnel.currency_digits))
                     : Json(nullptr);
  Json groups;
  groups["exposed"] = WebGroupJson(funnel, row.exposed);
  groups["chat"] = WebGroupJson(funnel, row.chat);
  groups["content_click"] = WebGroupJson(funnel, row.content_click);
  groups["treatment"] = WebGroupJson(funnel, row.treatment);
  groups["control"] = WebGroupJson(funnel, row.control);
  json["groups"] = std::move(groups);
  json["lift"] = WebLiftJson(funnel, row.lift);
  json["goal_type_conversion_rate"] = Ratio(row.goal_type_rate);
  Json others = Json::array();
  for (const GoalContribution& goal : row.other_goals) {
    others.push_back({{"conversion", goal.conversion},
                      {"goals_reached", goal.goals_reached},
                      {"users", goal.users}});
  }
  json["other_goals"] = std::move(others);
  return json;
}

/// The web report as a JSON object: shared by the report, its CSV and its time series.
Json WebFunnelJson(const WebFunnel& funnel) {
  Json root;
  root["conversion"] = funnel.conversion;
  root["model"] = funnel.model;
  root["window_s"] = funnel.window_s;
  root["from"] = funnel.from ? Json(FormatUtc(*funnel.from)) : Json(nullptr);
  root["to"] = funnel.to ? Json(FormatUtc(*funnel.to)) : Json(nullptr);
  root["timezone"] = funnel.timezone;
  root["currency"] = funnel.currency;
  Json rows = Json::array();
  for (const WebCampaignRow& row : funnel.campaigns) rows.push_back(WebRowJson(funnel, row));
  root["campaigns"] = std::move(rows);
  return root;
}

}  // namespace

std::string RenderWebFunnelJson(const WebFunnel& funnel) {
  return WebFunnelJson(funnel).dump(2) + "\n";
}

std::string RenderWebFunnelSeriesJson(const WebFunnelSeries& series) {
  Json root;
  root["bucket"] = series.bucket;
  root["timezone"] = series.timezone;
  const Result<TimeZone> tz = TimeZone::Load(series.timezone);
  Json points = Json::array();
  for (const WebFunnelPoint& point : series.points) {
    Json json = WebFunnelJson(point.funnel);
    json["start"] = tz.ok() ? FormatLocal(point.start, *tz) : FormatUtc(point.start);
    json["end"] = tz.ok() ? FormatLocal(point.end, *tz) : FormatUtc(point.end);
    points.push_back(std::move(json));
  }
  root["points"] = std::move(points);
  return root.dump(2) + "\n";
}

std::string RenderWebFunnelCsv(const WebFunnel& funnel) {
  std::vector<std::string> header = {"campaign_id",
                                     "name",
                                     "goal_type",
                                     "prospects",
                                     "exposures",
                                     "engagements",
                                     "chat_engagements",
                                     "content_engagements",
                                     "conversions",
                                     "revenue",
                                     "cost"};
  const char* groups[] = {"exposed", "chat", "content_click", "treatment", "control"};
  for (const char* group : groups) {
    for (const char* field : {"users", "converters", "conversion_rate", "aov"}) {
      header.push_back(std::string(group) + "_" + field);
    }
  }
  for (const char* field :
       {"audience", "incremental_conversions", "incremental_conversions_low",
        "incremental_conversions_high", "actual_revenue", "baseline_revenue", "incremental_revenue",
        "incremental_revenue_low", "incremental_revenue_high", "incremental_roas",
        "goal_type_conversion_rate"}) {
    header.emplace_back(field);
  }
  std::string out = JoinStrings(header, ",") + "\n";
  for (const WebCampaignRow& row : funnel.campaigns) {
    const Json json = WebRowJson(funnel, row);
    std::vector<std::string> cells;
    for (const char* field :
         {"campaign_id", "name", "goal_type", "prospects", "exposures", "engagements",
          "chat_engagements", "content_engagements", "conversions", "revenue", "cost"}) {
      cells.push_back(JsonScalarText(json[field]));
    }
    for (const char* group : groups) {
      for (const char* field : {"users", "converters", "conversion_rate", "aov"}) {
        cells.push_back(JsonScalarText(json["groups"][group][field]));
      }
    }
    const Json& lift = json["lift"];
    auto lift_field = [&](const char* name) {
      return lift.is_null() ? std::string() : JsonScalarText(lift[name]);
    };
    auto lift_bound = [&](const char* name, size_t index) {
      return lift.is_null() || lift[name].is_null() ? std::string()
                                                    : JsonScalarText(lift[name][index]);
    };
    cells.push_back(lift_field("audience"));
    cells.push_back(lift_field("incremental_conversions"));
    cells.push_back(lift_bound("incremental_conversions_ci", 0));
    cells.push_back(lift_bound("incremental_conversions_ci", 1));
    cells.push_back(lift_field("actual_revenue"));
    cells.push_back(lift_field("baseline_revenue"));
    cells.push_back(lift_field("incremental_revenue"));
    cells.push_back(lift_bound("incremental_revenue_ci", 0));
    cells.push_back(lift_bound("incremental_revenue_ci", 1));
    cells.push_back(lift_field("incremental_roas"));
    cells.push_back(JsonScalarText(json["goal_type_conversion_rate"]));
    for (std::string& cell : cells) cell = CsvEscape(cell);
    out += JoinStrings(cells, ",") + "\n";
  }
  return out;
}

std::string RenderWebFunnelTable(const WebFunnel& funnel) {
  auto money = [&](__int128 pico) {
    return funnel.has_revenue ? FormatMoney(pico, kMoneyScale, funnel.currency_digits, true)
                              : std::string("-");
  };
  auto units = [&](double value) {
    return FormatMoney(static_cast<__int128>(std::llround(value * 100)), 2, 2, true);
  };
  std::vector<std::string> headers = {"Campaign",
                                      "Goal",
                                      "Prospects",
                                      "Exposures",
                                      "Engagements",
                                      "Conversions",
                                      "Exposed CR",
                                      "Chat CR",
                                      "Click CR",
                                      "Control CR",
                                      "AOV exposed",
                                      "AOV control",
                                      "Incr. conv. (95% CI)",
                                      "Incr. revenue (95% CI)",
                                      "Incr. ROAS"};
  std::vector<std::vector<std::string>> table;
  for (const WebCampaignRow& row : funnel.campaigns) {
    std::string conversions_lift = "-";
    std::string revenue_lift = "-";
    std::string roas = "-";
    if (row.lift) {
      conversions_lift = fmt::format("{:.1f}", row.lift->incremental_conversions);
      if (row.lift->conversions_interval) {
        conversions_lift += fmt::format(" ({:.1f} to {:.1f})", row.lift->conversions_interval->low,
                                        row.lift->conversions_interval->high);
      }
      revenue_lift = money(row.lift->incremental_revenue_pico);
      if (funnel.has_revenue && row.lift->revenue_interval) {
        revenue_lift += " (" + units(row.lift->revenue_interval->low) + " to " +
                        units(row.lift->revenue_interval->high) + ")";
      }
      if (row.lift->incremental_roas) roas = fmt::format("{:.2f}x", *row.lift->incremental_roas);
    }
    auto aov = [&](const WebGroup& group) {
      return funnel.has_revenue && group.aov_pico ? money(*group.aov_pico) : std::string("-");
    };
    table.push_back({row.name.empty() ? row.campaign_id : row.name,
                     row.goal_type.empty() ? "-" : row.goal_type, Grouped(row.prospects),
                     Grouped(row.exposures), Grouped(row.engagements),
                     ConversionsText(row.conversions), Percent(row.exposed.conversion_rate),
                     Percent(row.chat.conversion_rate), Percent(row.content_click.conversion_rate),
                     Percent(row.control.conversion_rate), aov(row.exposed), aov(row.control),
                     conversions_lift, revenue_lift, roas});
  }
  return fmt::format("Conversion: {}   Model: {}   Window: {}s   Currency: {}\n\n",
                     funnel.conversion, funnel.model, funnel.window_s, funnel.currency) +
         TextTable(headers, table, 2, 0, "(no web campaign matches the filters)");
}

}  // namespace payback
