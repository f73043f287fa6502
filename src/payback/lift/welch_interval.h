#pragma once

#include <cstdint>
#include <optional>

namespace payback {

/// The moments of a per-user quantity (revenue, or 1 for a converter and 0 otherwise) over the
/// users of one group.
struct SampleMoments {
  int64_t n = 0;
  double mean = 0;
  double variance = 0;  ///< the unbiased sample variance (divided by n - 1); 0 when n < 2

  /// From the count, the sum and the sum of squares (computed in long double, so that the
  /// variance of a few million revenues keeps its digits).
  static SampleMoments FromSums(int64_t n, long double sum, long double sum_of_squares);
};

/// A two-sided confidence interval for `scale x (mean_treated - mean_control)`.
struct DifferenceInterval {
  double estimate = 0;
  double low = 0;
  double high = 0;
  double standard_error = 0;      ///< of the scaled difference
  double degrees_of_freedom = 0;  ///< Welch-Satterthwaite
};

/// Welch's interval for a difference of two means with unequal variances (docs/web.md,
/// "Confidence intervals"): standard error sqrt(s_t^2 / n_t + s_c^2 / n_c), degrees of freedom
/// (s_t^2/n_t + s_c^2/n_c)^2 / ((s_t^2/n_t)^2 / (n_t - 1) + (s_c^2/n_c)^2 / (n_c - 1)), the
/// Student t quantile of (1 + confidence) / 2 at those degrees of freedom; everything scaled by
/// `scale`. nullopt when a group has fewer than 2 users. When both variances are 0 the interval
/// is the estimate itself (degrees of freedom n_t + n_c - 2). Thread-safe.
std::optional<DifferenceInterval> WelchDifference(const SampleMoments& treated,
                                                  const SampleMoments& control, double scale,
                                                  double confidence = 0.95);

}  // namespace payback
