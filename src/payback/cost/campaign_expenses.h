#pragma once

#include <optional>

#include "payback/campaign.h"
#include "payback/common/time.h"

namespace payback {

/// The part of a campaign's fixed `expenses` (catalog) that falls in [from, to) (nullopt =
/// open), in units of 1e-12 of the currency (docs/costs.md, "Campaign expenses"):
/// - with `start` and `end`: spread evenly over the local days of its run, start's day to
///   end's day inclusive, a day cut by the period counting for the fraction inside;
/// - with one of them: booked whole at that instant (in the period when it lies inside);
/// - with neither: booked whole at `first_event` (the campaign's first event in the data), or,
///   for a campaign without events, only in a report whose period is open at both ends.
/// 0 when the campaign has no expenses. Rounded once (DaySpreadSum).
__int128 CampaignExpensesPico(const CampaignRecord& campaign, std::optional<TimestampUs> from,
                              std::optional<TimestampUs> to, const TimeZone& tz,
                              std::optional<TimestampUs> first_event);

}  // namespace payback
