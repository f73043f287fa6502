#include "payback/cost/campaign_expenses.h"

#include <algorithm>
#include <limits>

#include "payback/cost/day_coverage.h"

namespace payback {

__int128 CampaignExpensesPico(const CampaignRecord& campaign, std::optional<TimestampUs> from,
                              std::optional<TimestampUs> to, const TimeZone& tz,
                              std::optional<TimestampUs> first_event) {
  if (!campaign.expenses || *campaign.expenses == 0) return 0;
  const __int128 whole = static_cast<__int128>(*campaign.expenses) * kMicrosPerUnit;
  const TimestampUs lower = from.value_or(std::numeric_limits<TimestampUs>::min());
  const TimestampUs upper = to.value_or(std::numeric_limits<TimestampUs>::max());
  if (!campaign.start && !campaign.end && !first_event) return !from && !to ? whole : 0;
  if (!campaign.start || !campaign.end) {
    const TimestampUs booked = campaign.start ? *campaign.start
                               : campaign.end ? *campaign.end
                                              : *first_event;
    return booked >= lower && booked < upper ? whole : 0;
  }
  // The run: start's local day to end's local day, inclusive.
  const int32_t first_day = LocalDay(*campaign.start, tz);
  const int32_t last_day = std::max(first_day, LocalDay(*campaign.end, tz));
  const int64_t run_days = last_day - first_day + 1;
  const TimestampUs run_start = LocalDayStart(first_day, tz);
  const TimestampUs run_end = LocalDayStart(last_day + 1, tz);
  DaySpreadSum sum(run_days);
  sum.Add(CoverDays(std::max(lower, run_start), std::min(upper, run_end), tz), whole);
  return sum.Rounded();
}

}  // namespace payback
