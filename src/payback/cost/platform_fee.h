#pragma once

#include <vector>

#include "payback/common/time.h"
#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// The platform fee that falls in [from, to), amortized per day exactly as metrics.md says:
/// `fee x periods_per_year / 365` per local day of `tz`, a day cut by the period counting for
/// the fraction of it inside (a DST day of 23 or 25 hours is still one day). The fee in force
/// over each piece of the period applies (a platform_fee line replaces the previous one from
/// its `from`; before the first, no fee). Nothing is rounded in between: a quarterly $1,000
/// over 7 whole days is 1000 x 4 / 365 x 7 = 76.7123...; shown 76.71 (the SMS seed rounds
/// the daily fee to 10.96 first and shows 76.72). In units of 1e-12 of the currency, rounded
/// once (once per distinct day length when the period cuts a DST day: DaySpreadSum). Requires from
/// < to. kInvalidInput for a `from` that is not a timestamp in `tz`.
Result<__int128> AmortizedPlatformFeePico(const std::vector<CostLine>& lines, TimestampUs from,
                                          TimestampUs to, const TimeZone& tz);

}  // namespace payback
