#include "payback/report/agent_ranking.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string>

#include "payback/attribution/conversion_rule.h"
#include "payback/common/decimal.h"
#include "payback/common/money.h"
#include "payback/common/time.h"
#include "payback/cost/commission_schedule.h"
#include "payback/cost/labor_cost.h"
#include "payback/report/report_builder.h"

namespace payback {
namespace {

/// The text of property `key` at `row`: its string, or its number written out (an agent id
/// given as a number in JSON); "" when absent.
std::string PropertyText(const EventStore& store, uint32_t key, uint64_t row) {
  if (key >= store.events.properties.size()) return {};
  const PropertyColumn& column = store.events.properties[key];
  if (!column.strings.empty() && column.strings[row] != kNullString) {
    return std::string(store.dictionaries.strings.Get(column.strings[row]));
  }
  if (!column.numbers.empty() && column.numbers[row] != kNullNumber) {
    return FormatFixed6(column.numbers[row]);
  }
  return {};
}

void AddRow(AgentRow& into, const AgentRow& from) {
  into.calls += from.calls;
  into.sales += from.sales;
  into.revenue_pico += from.revenue_pico;
  into.hours += from.hours;
  into.labor_cost_pico += from.labor_cost_pico;
  into.commission_pico += from.commission_pico;
}

}  // namespace

Result<AgentRanking> BuildAgentRanking(const ReportRequest& request, const ReportInputs& inputs,
                                       const Settings& settings) {
  const EventStore& store = inputs.store;
  const std::vector<TimesheetRecord>& timesheets = inputs.timesheets;
  PAYBACK_ASSIGN_OR_RETURN(const ConversionDefinition* definition,
                           FindConversion(settings, request.conversion));
  PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(settings.timezone));
  const EventAliases aliases(settings.aliases);
  PAYBACK_ASSIGN_OR_RETURN(
      const ConversionRule rule,
      ConversionRule::Resolve(*definition, request.model, store, inputs.campaigns, aliases, tz));
  PAYBACK_ASSIGN_OR_RETURN(
      const CommissionSchedule commission,
      CommissionSchedule::Resolve(settings.costs, definition->name, store, tz));
  PAYBACK_ASSIGN_OR_RETURN(const LaborCost labor, LaborCost::Resolve(settings.costs, tz));
  const TimestampUs from = request.from.value_or(std::numeric_limits<TimestampUs>::min());
  const TimestampUs to = request.to.value_or(std::numeric_limits<TimestampUs>::max());
  if (from >= to) return Status::Usage("the period is empty: --from must be before --to");

  AgentRanking ranking;
  ranking.conversion = definition->name;
  ranking.from = request.from;
  ranking.to = request.to;
  ranking.currency = settings.currency;
  ranking.currency_digits = CurrencyMinorDigits(settings.currency);
  ranking.has_revenue = rule.has_value();

  const std::vector<std::string>& only = request.filter.campaign_ids;
  const StringDictionary& campaign_ids = store.dictionaries.campaigns;
  std::vector<uint8_t> kept(campaign_ids.size() + 1, only.empty() ? 1 : 0);
  for (uint32_t code = 0; code < campaign_ids.size() && !only.empty(); ++code) {
    kept[code] = std::find(only.begin(), only.end(), campaign_ids.Get(code)) != only.end();
  }
  const std::vector<uint8_t> calls =
      MatchEventNames(store.dictionaries.event_names, aliases, "call");
  const std::optional<uint32_t> agent_key = FindPropertyKey(store, "agent_id");

  std::map<std::string, AgentRow> agents;
  const EventColumns& events = store.events;
  for (uint64_t row = 0; agent_key && row < events.size(); ++row) {
    const TimestampUs ts = events.ts[row];
    if (ts < from || ts >= to) continue;
    const CampaignId campaign = events.campaign[row];
    if (!kept[campaign == kNoCampaign ? campaign_ids.size() : campaign]) continue;
    const EventNameId event = events.event[row];
    const bool is_call = calls[event] != 0;
    const bool is_sale = rule.IsConversionEvent(event) && rule.PassesFilter(store, row);
    if (!is_call && !is_sale) continue;
    const std::string agent = PropertyText(store, *agent_key, row);
    if (agent.empty()) continue;
    AgentRow& out = agents[agent];
    if (is_call) ++out.calls;
    if (is_sale) {
      ++out.sales;
      const std::optional<Micros> value = rule.Value(store, row);
      const __int128 revenue = value ? CreditedPico(1.0, *value) : 0;
      out.revenue_pico += revenue;
      out.commission_pico += commission.CreditPico(campaign, ts, 1.0, revenue);
    }
  }
  for (const TimesheetRecord& sheet : timesheets) {
    if (!labor.InPeriod(sheet, from, to)) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), sheet.campaign_id) == only.end()) {
      continue;
    }
    AgentRow& out = agents[sheet.agent_id];
    out.hours += sheet.hours;
    out.labor_cost_pico += labor.RowPico(sheet);
  }
  for (auto& [agent_id, row] : agents) {
    row.agent_id = agent_id;
    AddRow(ranking.totals, row);
    ranking.agents.push_back(std::move(row));
  }
  std::stable_sort(ranking.agents.begin(), ranking.agents.end(),
                   [](const AgentRow& left, const AgentRow& right) {
                     return left.revenue_pico > right.revenue_pico;
                   });
  return ranking;
}

std::optional<double> RevenuePerHour(const AgentRow& row, bool has_revenue) {
  if (!has_revenue || row.hours == 0) return std::nullopt;
  // revenue (1e-12) / hours (1e-6) in currency per hour.
  return static_cast<double>(row.revenue_pico) / 1e6 / static_cast<double>(row.hours);
}

std::optional<double> LaborEfficiency(const AgentRow& row, bool has_revenue) {
  if (!has_revenue || row.labor_cost_pico == 0) return std::nullopt;
  return static_cast<double>(row.revenue_pico) / static_cast<double>(row.labor_cost_pico);
}

}  // namespace payback
