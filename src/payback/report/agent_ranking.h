#pragma once

#include <optional>
#include <vector>

#include "payback/report.h"
#include "payback/report/report_inputs.h"
#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// The call-center agent ranking (seed 002): per agent, over the request's period, the `call`
/// events carrying the agent's `agent_id`, the sales (events of the request's conversion
/// definition that pass its filter and carry the agent_id; a sale belongs to the agent who made
/// it, whatever the attribution model), their revenue (the definition's value) and commission
/// (the commission line in force for the sale's campaign), and the agent's timesheet hours and
/// labor cost (agent_hour lines). `request.filter.campaign_ids`, when given, keeps the events
/// and timesheet rows of those campaigns; the other filters are not used. Agents are sorted by
/// revenue, descending, then by agent_id. Errors as BuildReport's (unknown conversion, bad
/// model or filter).
Result<AgentRanking> BuildAgentRanking(const ReportRequest& request, const ReportInputs& inputs,
                                       const Settings& settings);

/// Revenue per timesheet hour, null without hours or revenue.
std::optional<double> RevenuePerHour(const AgentRow& row, bool has_revenue);
/// Efficiency = revenue / labor cost (the seed's "cost efficiency per agent"), null without
/// labor cost or revenue.
std::optional<double> LaborEfficiency(const AgentRow& row, bool has_revenue);

}  // namespace payback
