#include "payback/cost/platform_fee.h"

#include <algorithm>

#include "payback/cost/day_coverage.h"
#include "payback/settings/cost_names.h"
#include "payback/settings/effective_schedule.h"

namespace payback {

Result<__int128> AmortizedPlatformFeePico(const std::vector<CostLine>& lines, TimestampUs from,
                                          TimestampUs to, const TimeZone& tz) {
  using Schedule = EffectiveSchedule<const CostLine*>;
  std::vector<Schedule::Candidate> candidates;
  for (const CostLine& line : lines) {
    if (line.type != CostLineType::kPlatformFee) continue;
    PAYBACK_ASSIGN_OR_RETURN(const TimestampUs start, EffectiveFrom(line.from, tz));
    candidates.push_back(Schedule::Candidate{start, 0, &line});
  }
  if (candidates.empty() || from >= to) return __int128{0};
  const Schedule schedule = Schedule::Resolve(candidates);

  // Each stretch of the period with one fee in force adds fee x periods per year / 365 a day.
  DaySpreadSum sum(365);
  const auto& changes = schedule.changes();
  for (size_t index = 0; index < changes.size(); ++index) {
    const TimestampUs start = std::max(from, changes[index].first);
    const TimestampUs end =
        index + 1 < changes.size() ? std::min(to, changes[index + 1].first) : to;
    if (start >= end) continue;
    const CostLine& line = *changes[index].second;
    const __int128 yearly_pico =
        static_cast<__int128>(line.amount) * PeriodsPerYear(line.period) * kMicrosPerUnit;
    sum.Add(CoverDays(start, end, tz), yearly_pico);
  }
  return sum.Rounded();
}

}  // namespace payback
