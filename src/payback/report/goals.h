#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "payback/report.h"
#include "payback/report/report_inputs.h"
#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// The monthly targets of the settings for the month holding local date `today`, measured on
/// `today` (docs/costs.md, "Targets and projection"): for each target of that month, the
/// revenue and ROI of the month so far (the report of the default conversion over the month's
/// first day to the end of `today`, unfiltered for a workspace target, `--campaign` for a
/// campaign's), the revenue target pro-rated to the days elapsed (today included), progress and
/// status, and a projection of the month's revenue: the revenue so far plus, for each day left,
/// the least-squares line through the daily revenues so far (never below zero). `conversion`
/// "" = the first definition. Errors as BuildReport's.
Result<GoalsReport> BuildGoals(const std::string& conversion, int32_t today,
                               const ReportInputs& inputs, const Settings& settings);

/// green >= 1, amber >= 0.8, red below.
GoalStatus StatusOfProgress(double progress);
std::string_view GoalStatusName(GoalStatus status);

/// The month's total projected from the daily values so far (`daily`, one per elapsed day, in
/// order) over `days_in_month` days: the sum of `daily` plus the least-squares line a + b x
/// (x = 1, 2, ... the day of the month) at each day left, each clamped at zero. With one day
/// the line is flat at that day's value.
double ProjectMonth(std::span<const double> daily, int days_in_month);

}  // namespace payback
