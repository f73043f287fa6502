#pragma once

#include <cstdint>
#include <optional>

#include "payback/lift/welch_interval.h"

namespace payback {

/// What the users of one group (a campaign's exposed users, its chatters, its control group,
/// ...) did after entering it: how many users, how many of them converted, their conversions and
/// revenue, and the per-user sums the confidence intervals need (docs/web.md).
struct GroupOutcome {
  int64_t users = 0;
  int64_t converters = 0;   ///< users with at least one conversion
  int64_t conversions = 0;  ///< conversion events
  __int128 revenue_pico = 0;
  /// Sum over users of (user revenue in currency units)^2.
  long double revenue_squares = 0;

  /// Adds one user of the group with `conversions` conversions worth `revenue_pico`.
  void AddUser(int64_t user_conversions, __int128 user_revenue_pico);
  void Add(const GroupOutcome& other);

  /// converters / users ("goal reached / conversion rate" of the group); null without users.
  std::optional<double> conversion_rate() const;
  /// revenue / conversions (average order value), rounded once at 1e-12; null without
  /// conversions.
  std::optional<__int128> aov_pico() const;
  /// The moments of the per-user revenue (currency units) and of the converted indicator.
  SampleMoments RevenueMoments() const;
  SampleMoments ConverterMoments() const;
};

/// A campaign's lift over its control group (metrics.md, "Web engagement with control groups";
/// docs/web.md): the audience is the treatment and control users; the baseline is what the
/// whole audience would have done at the control group's rates.
struct LiftEstimate {
  int64_t audience = 0;                ///< treatment + control users
  int64_t actual_converters = 0;       ///< converters of the whole audience
  double baseline_converters = 0;      ///< audience x control conversion rate
  double incremental_conversions = 0;  ///< actual - baseline = n_t x (p_t - p_c)
  std::optional<DifferenceInterval> conversions_interval;
  __int128 actual_revenue_pico = 0;       ///< revenue of the whole audience
  __int128 baseline_revenue_pico = 0;     ///< audience x control revenue per user
  __int128 incremental_revenue_pico = 0;  ///< actual - baseline
  std::optional<DifferenceInterval> revenue_interval;
};

/// The lift of `treatment` over `control`; nullopt when the control group is empty (no
/// baseline). Intervals are nullopt when a group has fewer than 2 users. Thread-safe.
std::optional<LiftEstimate> EstimateLift(const GroupOutcome& treatment,
                                         const GroupOutcome& control);

}  // namespace payback
