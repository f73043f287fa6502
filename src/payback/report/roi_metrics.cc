#include "payback/report/roi_metrics.h"

#include <cmath>

#include "payback/common/money.h"

namespace payback {
namespace {

/// `pico` / conversions, where conversions is exact to 6 decimals (as reports show it).
std::optional<__int128> PerConversion(__int128 pico, double conversions) {
  const auto conversions_micros = static_cast<int64_t>(std::llround(conversions * 1e6));
  if (conversions_micros == 0) return std::nullopt;
  return DivideRounded(pico * 1'000'000, conversions_micros);
}

std::optional<double> Ratio(__int128 numerator, __int128 denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

std::optional<__int128> CostPico(const MetricValues& metrics, MoneyPresence presence) {
  if (!presence.cost) return std::nullopt;
  return metrics.cost.total();
}

std::optional<__int128> NetReturnPico(const MetricValues& metrics, MoneyPresence presence) {
  if (!presence.cost || !presence.revenue) return std::nullopt;
  return metrics.revenue_pico - metrics.cost.total();
}

std::optional<double> Roi(const MetricValues& metrics, MoneyPresence presence) {
  if (!presence.cost || !presence.revenue) return std::nullopt;
  const __int128 cost = metrics.cost.total();
  return Ratio(metrics.revenue_pico - cost, cost);
}

std::optional<double> Roas(const MetricValues& metrics, MoneyPresence presence) {
  if (!presence.cost || !presence.revenue) return std::nullopt;
  return Ratio(metrics.revenue_pico, metrics.cost.total());
}

std::optional<__int128> CpaPico(const MetricValues& metrics, MoneyPresence presence) {
  if (!presence.cost) return std::nullopt;
  return PerConversion(metrics.cost.total(), metrics.conversions);
}

std::optional<__int128> AovPico(const MetricValues& metrics, MoneyPresence presence) {
  if (!presence.revenue) return std::nullopt;
  return PerConversion(metrics.revenue_pico, metrics.conversions);
}

std::optional<__int128> SnapshotSum(__int128 pico, MoneyPresence presence) {
  if (!presence.snapshots) return std::nullopt;
  return pico;
}

std::optional<double> ProfitRoi(const MetricValues& metrics, MoneyPresence presence) {
  if (!presence.cost || !presence.snapshots) return std::nullopt;
  return Ratio(metrics.profit_pico, metrics.cost.total());
}

std::optional<double> MessagingRoas(const MetricValues& metrics, MoneyPresence presence,
                                    std::string_view kind) {
  if (kind != "broadcast" && kind != "experience") return std::nullopt;
  if (!presence.cost || !presence.revenue) return std::nullopt;
  return Ratio(metrics.revenue_pico, metrics.cost.message_pico);
}

}  // namespace payback
