#include "payback/cost/labor_cost.h"

namespace payback {

Result<LaborCost> LaborCost::Resolve(const std::vector<CostLine>& lines, const TimeZone& tz) {
  LaborCost labor;
  labor.tz_ = tz;
  std::vector<Schedule::Candidate> global;
  std::map<std::string, std::vector<Schedule::Candidate>> scoped;
  for (const CostLine& line : lines) {
    if (line.type != CostLineType::kAgentHour) continue;
    labor.empty_ = false;
    PAYBACK_ASSIGN_OR_RETURN(const TimestampUs from, EffectiveFrom(line.from, tz));
    if (line.campaign.empty()) {
      global.push_back(Schedule::Candidate{from, 0, line.amount});
    } else {
      scoped[line.campaign].push_back(Schedule::Candidate{from, 1, line.amount});
    }
  }
  labor.global_ = Schedule::Resolve(global);
  for (auto& [campaign, candidates] : scoped) {
    candidates.insert(candidates.end(), global.begin(), global.end());
    labor.by_campaign_.emplace(campaign, Schedule::Resolve(candidates));
  }
  return labor;
}

bool LaborCost::InPeriod(const TimesheetRecord& row, TimestampUs from, TimestampUs to) const {
  const TimestampUs day_start = LocalDayStart(row.day, tz_);
  return day_start >= from && day_start < to;
}

__int128 LaborCost::RowPico(const TimesheetRecord& row) const {
  const auto found = by_campaign_.find(row.campaign_id);
  const Schedule& schedule = found != by_campaign_.end() ? found->second : global_;
  const Micros* rate = schedule.At(LocalDayStart(row.day, tz_));
  if (rate == nullptr) return 0;
  return static_cast<__int128>(*rate) * row.hours;
}

}  // namespace payback
