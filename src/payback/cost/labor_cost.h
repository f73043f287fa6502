#pragma once

#include <map>
#include <string>
#include <vector>

#include "payback/common/time.h"
#include "payback/settings.h"
#include "payback/settings/effective_schedule.h"
#include "payback/timesheet.h"

namespace payback {

/// Agent hours x hourly labor cost (docs/costs.md, "agent_hour"): a timesheet row is charged
/// at the agent_hour line in force at the start of its local date, the line given for its
/// campaign beating the global one. A row belongs to the periods that contain the start of
/// its date. Holds a copy of the zone: one object per thread.
class LaborCost {
 public:
  /// kInvalidInput when a line's `from` is not a timestamp in `tz`.
  static Result<LaborCost> Resolve(const std::vector<CostLine>& lines, const TimeZone& tz);

  /// True when the settings have no agent_hour line.
  bool empty() const { return empty_; }
  /// Whether the row's date starts in [from, to).
  bool InPeriod(const TimesheetRecord& row, TimestampUs from, TimestampUs to) const;
  /// The row's cost in 1e-12 of the currency (exact); 0 when no rate is in force.
  __int128 RowPico(const TimesheetRecord& row) const;

 private:
  using Schedule = EffectiveSchedule<Micros>;
  bool empty_ = true;
  TimeZone tz_;
  Schedule global_;
  std::map<std::string, Schedule, std::less<>> by_campaign_;
};

}  // namespace payback
