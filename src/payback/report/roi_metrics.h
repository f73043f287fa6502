#pragma once

#include <optional>
#include <string_view>

#include "payback/report.h"

namespace payback {

/// Which money sums a report has (metrics.md): revenue needs a valued conversion definition;
/// cost needs a cost line in the settings or expenses on a campaign. A metric that needs a
/// missing sum is null, never a misleading zero.
struct MoneyPresence {
  bool revenue = false;
  bool cost = false;
  /// The workspace has account snapshots: balance and profit are known (bank).
  bool snapshots = false;
};

/// The cost and ROI variants of metrics.md ("Cost and ROI variants"), from a row's exact sums.
/// Money is in 1e-12 units of the currency; ratios are computed in double from the exact sums;
/// a zero denominator gives null.
std::optional<__int128> CostPico(const MetricValues& metrics, MoneyPresence presence);
/// revenue - cost ("Net ROI").
std::optional<__int128> NetReturnPico(const MetricValues& metrics, MoneyPresence presence);
/// (revenue - cost) / cost ("ROI %"), a fraction.
std::optional<double> Roi(const MetricValues& metrics, MoneyPresence presence);
/// revenue / cost (Emotive's ROI, a multiple).
std::optional<double> Roas(const MetricValues& metrics, MoneyPresence presence);
/// cost / conversions, money (rounded once at 1e-12).
std::optional<__int128> CpaPico(const MetricValues& metrics, MoneyPresence presence);
/// revenue / conversions, money (rounded once at 1e-12).
std::optional<__int128> AovPico(const MetricValues& metrics, MoneyPresence presence);
/// A sum of snapshot money (balance or profit): null when the workspace has no snapshot.
std::optional<__int128> SnapshotSum(__int128 pico, MoneyPresence presence);
/// profit / cost: the bank seed's ROI (total month-end profit of the conversions over the
/// campaigns' expenses; $13,100 / $57 = 229.82, 22,982%), a fraction.
std::optional<double> ProfitRoi(const MetricValues& metrics, MoneyPresence presence);
/// revenue / messaging cost: the SMS seed's ROI of one broadcast or experience, which leaves
/// out carrier and platform fees. Null for any other `kind` (and for the tiles).
std::optional<double> MessagingRoas(const MetricValues& metrics, MoneyPresence presence,
                                    std::string_view kind);

}  // namespace payback
