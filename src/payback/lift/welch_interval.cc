#include "payback/lift/welch_interval.h"

#include <gsl/gsl_cdf.h>

#include <algorithm>
#include <cmath>

namespace payback {

SampleMoments SampleMoments::FromSums(int64_t n, long double sum, long double sum_of_squares) {
  SampleMoments moments;
  moments.n = n;
  if (n == 0) return moments;
  const long double mean = sum / static_cast<long double>(n);
  moments.mean = static_cast<double>(mean);
  if (n >= 2) {
    const long double squares = sum_of_squares - mean * sum;  // sum of (x - mean)^2
    moments.variance =
        static_cast<double>(std::max<long double>(0, squares) / static_cast<long double>(n - 1));
  }
  return moments;
}

std::optional<DifferenceInterval> WelchDifference(const SampleMoments& treated,
                                                  const SampleMoments& control, double scale,
                                                  double confidence) {
  if (treated.n < 2 || control.n < 2) return std::nullopt;
  DifferenceInterval interval;
  interval.estimate = scale * (treated.mean - control.mean);
  const double treated_part = treated.variance / static_cast<double>(treated.n);
  const double control_part = control.variance / static_cast<double>(control.n);
  const double variance = treated_part + control_part;
  if (variance <= 0) {
    interval.low = interval.high = interval.estimate;
    interval.degrees_of_freedom = static_cast<double>(treated.n + control.n - 2);
    return interval;
  }
  interval.degrees_of_freedom = variance * variance /
                                (treated_part * treated_part / static_cast<double>(treated.n - 1) +
                                 control_part * control_part / static_cast<double>(control.n - 1));
  interval.standard_error = std::fabs(scale) * std::sqrt(variance);
  const double quantile = gsl_cdf_tdist_Pinv((1 + confidence) / 2, interval.degrees_of_freedom);
  interval.low = interval.estimate - quantile * interval.standard_error;
  interval.high = interval.estimate + quantile * interval.standard_error;
  return interval;
}

}  // namespace payback
