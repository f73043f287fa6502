#pragma once

#include "payback/report.h"
#include "payback/report/report_inputs.h"
#include "payback/settings.h"
#include "payback/status.h"
#include "payback/web_funnel.h"

namespace payback {

/// The web engagement report of docs/web.md (seed 004): per campaign with `eligible`,
/// `exposure`, `engagement` or `assignment` events in the period (and passing the filters), the
/// visitor funnel, the conversion rate of its exposed users, chatters, content clickers and
/// control group for the request's conversion definition (each group a cohort of the users who
/// entered it in the period, followed for the campaign's window after their entry), the lift over
/// the control group with 95% intervals, the goal type's average rate and the other goals its
/// exposed users reached. Errors as BuildReport. Thread-safe.
Result<WebFunnel> BuildWebFunnel(const ReportRequest& request, const ReportInputs& inputs,
                                 const Settings& settings);

/// BuildWebFunnel per `bucket` of the request's period (time_series.h's BucketPeriods). Errors as
/// BuildWebFunnel and BucketPeriods.
Result<WebFunnelSeries> BuildWebFunnelSeries(const ReportRequest& request, TimeBucket bucket,
                                             const ReportInputs& inputs, const Settings& settings);

}  // namespace payback
