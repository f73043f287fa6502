#pragma once

#include <cstdint>

namespace payback {

struct SelectionTiles;

/// The credits of some conversions (MetricValues' credit fields): of one day to one campaign in
/// the cube (DayCube::Credits), or of one day to the selection of every campaign
/// (SelectionFacts). Credit weights are summed as exact integers of 1e-18 (WeightFixed), so
/// that a sum does not depend on the order of the credits: a period's rows are the same
/// whichever scan and thread added them, down to the ties of a sort on conversions (and a
/// billion thirds still add up to within 1e-9 of a third of a billion). Trivially copyable (a
/// saved scan holds them as bytes).
struct CreditSums {
  int64_t count = 0;    ///< credits with weight > 0 (a cube's row is active)
  int64_t padding = 0;  ///< what the alignment leaves, zero: saved as bytes
  __int128 conversions_weight = 0;
  __int128 direct_weight = 0;
  __int128 related_weight = 0;
  __int128 unvalued_weight = 0;
  __int128 revenue_pico = 0;
  __int128 commission_pico = 0;
  __int128 balance_pico = 0;
  __int128 profit_pico = 0;

  void Add(const CreditSums& other);
  /// Adds the sums to a selection's conversion tiles (weights back to credits; the revenue by
  /// day aside).
  void AddTo(SelectionTiles& tiles) const;

  /// A credit weight in 1e-18 (the scale of the weight sums), and a whole credit.
  static __int128 WeightFixed(double weight);
  static constexpr __int128 kWeightOne = 1'000'000'000'000'000'000;
  /// A sum of WeightFixed weights as a number of credits.
  static double WeightOf(__int128 fixed) { return static_cast<double>(fixed) / 1e18; }
};

}  // namespace payback
