#include "payback/report/credit_sums.h"

#include <cmath>

#include "payback/report/selection_tiles.h"

namespace payback {

__int128 CreditSums::WeightFixed(double weight) {
  if (weight == 1.0) return kWeightOne;
  return static_cast<__int128>(std::llroundl(static_cast<long double>(weight) * 1e18L));
}

void CreditSums::Add(const CreditSums& other) {
  count += other.count;
  conversions_weight += other.conversions_weight;
  direct_weight += other.direct_weight;
  related_weight += other.related_weight;
  unvalued_weight += other.unvalued_weight;
  revenue_pico += other.revenue_pico;
  commission_pico += other.commission_pico;
  balance_pico += other.balance_pico;
  profit_pico += other.profit_pico;
}

void CreditSums::AddTo(SelectionTiles& tiles) const {
  tiles.conversions += WeightOf(conversions_weight);
  tiles.direct_conversions += WeightOf(direct_weight);
  tiles.related_conversions += WeightOf(related_weight);
  tiles.unvalued_conversions += WeightOf(unvalued_weight);
  tiles.revenue_pico += revenue_pico;
  tiles.commission_pico += commission_pico;
  tiles.balance_pico += balance_pico;
  tiles.profit_pico += profit_pico;
}

}  // namespace payback
