#include "payback/report/goals.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "payback/common/money.h"
#include "payback/common/time.h"
#include "payback/report/report_builder.h"
#include "payback/report/roi_metrics.h"

namespace payback {

GoalStatus StatusOfProgress(double progress) {
  if (progress >= 1.0) return GoalStatus::kGreen;
  if (progress >= 0.8) return GoalStatus::kAmber;
  return GoalStatus::kRed;
}

std::string_view GoalStatusName(GoalStatus status) {
  switch (status) {
    case GoalStatus::kGreen:
      return "green";
    case GoalStatus::kAmber:
      return "amber";
    case GoalStatus::kRed:
      return "red";
  }
  return "red";
}

double ProjectMonth(std::span<const double> daily, int days_in_month) {
  double total = 0;
  for (const double value : daily) total += value;
  const auto count = static_cast<double>(daily.size());
  if (daily.empty()) return 0;
  // Least squares y = a + b x over x = 1..n.
  double mean_x = (count + 1) / 2;
  double mean_y = total / count;
  double covariance = 0;
  double variance = 0;
  for (size_t index = 0; index < daily.size(); ++index) {
    const double dx = static_cast<double>(index + 1) - mean_x;
    covariance += dx * (daily[index] - mean_y);
    variance += dx * dx;
  }
  const double slope = variance > 0 ? covariance / variance : 0;
  const double intercept = mean_y - slope * mean_x;
  for (int day = static_cast<int>(daily.size()) + 1; day <= days_in_month; ++day) {
    total += std::max(0.0, intercept + slope * day);
  }
  return total;
}

Result<GoalsReport> BuildGoals(const std::string& conversion, int32_t today,
                               const ReportInputs& inputs, const Settings& settings) {
  PAYBACK_ASSIGN_OR_RETURN(const ConversionDefinition* definition,
                           FindConversion(settings, conversion));
  PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(settings.timezone));
  const int32_t month = MonthOfDay(today);
  const int32_t first_day = today - static_cast<int32_t>(CivilFromDays(today).day) + 1;
  GoalsReport goals;
  goals.month = FormatMonth(month);
  goals.today = today;
  goals.days_elapsed = today - first_day + 1;
  goals.days_in_month = DaysInMonth(month);
  goals.conversion = definition->name;
  goals.currency = settings.currency;
  goals.currency_digits = CurrencyMinorDigits(settings.currency);

  ReportRequest request;
  request.conversion = definition->name;
  request.from = LocalDayStart(first_day, tz);
  request.to = LocalDayStart(today + 1, tz);
  for (const Target& target : settings.targets) {
    if (target.month != goals.month) continue;
    GoalRow row;
    row.campaign_id = target.campaign;
    for (const CampaignRecord& record : inputs.campaigns) {
      if (record.campaign_id == target.campaign) row.name = record.name;
    }
    ReportRequest target_request = request;
    if (!target.campaign.empty()) target_request.filter.campaign_ids = {target.campaign};
    PAYBACK_ASSIGN_OR_RETURN(const Report report, BuildReport(target_request, inputs, settings));
    goals.has_revenue = report.has_revenue;
    row.revenue_pico = report.tiles.revenue_pico;
    row.roi =
        Roi(report.tiles, MoneyPresence{report.has_revenue, report.has_cost, report.has_snapshots});

    row.revenue_target = target.revenue;
    if (target.revenue) {
      row.revenue_expected_pico = DivideRounded(
          static_cast<__int128>(*target.revenue) * kMicrosPerUnit * goals.days_elapsed,
          goals.days_in_month);
      if (row.revenue_expected_pico > 0) {
        row.revenue_progress =
            static_cast<double>(row.revenue_pico) / static_cast<double>(row.revenue_expected_pico);
        row.revenue_status = StatusOfProgress(*row.revenue_progress);
      } else {
        row.revenue_status = GoalStatus::kGreen;  // nothing to reach yet
      }
    }
    // The daily revenues come with the report (one scan, not one report per day).
    std::vector<double> daily(static_cast<size_t>(goals.days_elapsed), 0.0);
    for (const auto& [local_day, revenue] : report.tile_revenue_by_day) {
      const int32_t day = local_day - first_day;
      if (day >= 0 && day < goals.days_elapsed) {
        daily[static_cast<size_t>(day)] += static_cast<double>(revenue) / 1e12;
      }
    }
    const double projected = ProjectMonth(daily, goals.days_in_month);
    row.projected_revenue_pico =
        static_cast<__int128>(std::llround(projected * 1e6)) * kMicrosPerUnit;

    row.roi_target = target.roi;
    if (target.roi && row.roi) {
      if (*target.roi > 0) {
        row.roi_progress = *row.roi / *target.roi;
        row.roi_status = StatusOfProgress(*row.roi_progress);
      } else {
        row.roi_status = *row.roi >= *target.roi ? GoalStatus::kGreen : GoalStatus::kRed;
      }
    }
    goals.goals.push_back(std::move(row));
  }
  return goals;
}

}  // namespace payback
