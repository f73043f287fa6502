#include "payback/lift/control_group_lift.h"

#include "payback/common/money.h"

namespace payback {
namespace {

constexpr long double kPicoPerUnit = 1e12L;

long double Units(__int128 pico) { return static_cast<long double>(pico) / kPicoPerUnit; }

}  // namespace

void GroupOutcome::AddUser(int64_t user_conversions, __int128 user_revenue_pico) {
  ++users;
  if (user_conversions > 0) ++converters;
  conversions += user_conversions;
  revenue_pico += user_revenue_pico;
  const long double revenue = Units(user_revenue_pico);
  revenue_squares += revenue * revenue;
}

void GroupOutcome::Add(const GroupOutcome& other) {
  users += other.users;
  converters += other.converters;
  conversions += other.conversions;
  revenue_pico += other.revenue_pico;
  revenue_squares += other.revenue_squares;
}

std::optional<double> GroupOutcome::conversion_rate() const {
  if (users == 0) return std::nullopt;
  return static_cast<double>(converters) / static_cast<double>(users);
}

std::optional<__int128> GroupOutcome::aov_pico() const {
  if (conversions == 0) return std::nullopt;
  return DivideRounded(revenue_pico, conversions);
}

SampleMoments GroupOutcome::RevenueMoments() const {
  return SampleMoments::FromSums(users, Units(revenue_pico), revenue_squares);
}

SampleMoments GroupOutcome::ConverterMoments() const {
  // The indicator is 0 or 1, so its sum of squares is its sum.
  return SampleMoments::FromSums(users, converters, converters);
}

std::optional<LiftEstimate> EstimateLift(const GroupOutcome& treatment,
                                         const GroupOutcome& control) {
  if (control.users == 0) return std::nullopt;
  LiftEstimate lift;
  lift.audience = treatment.users + control.users;
  lift.actual_converters = treatment.converters + control.converters;
  lift.baseline_converters = static_cast<double>(lift.audience) *
                             static_cast<double>(control.converters) /
                             static_cast<double>(control.users);
  lift.incremental_conversions =
      static_cast<double>(lift.actual_converters) - lift.baseline_converters;
  lift.actual_revenue_pico = treatment.revenue_pico + control.revenue_pico;
  // audience x control conversion rate x control AOV = audience x control revenue per user.
  lift.baseline_revenue_pico = DivideRounded(control.revenue_pico * lift.audience, control.users);
  lift.incremental_revenue_pico = lift.actual_revenue_pico - lift.baseline_revenue_pico;
  // actual - baseline = n_t x (mean_t - mean_c): Welch's interval of the difference, x n_t.
  const auto scale = static_cast<double>(treatment.users);
  lift.conversions_interval =
      WelchDifference(treatment.ConverterMoments(), control.ConverterMoments(), scale);
  lift.revenue_interval =
      WelchDifference(treatment.RevenueMoments(), control.RevenueMoments(), scale);
  return lift;
}

}  // namespace payback
