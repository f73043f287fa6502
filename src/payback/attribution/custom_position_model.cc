#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <span>
#include <string_view>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// `custom_position`: the (first, middle, last) weights of the settings, normalised to sum 1.
/// - one candidate: 100%;
/// - two candidates: the middle weight is dropped and first/last renormalised; when both
///   first and last are 0 (e.g. weights 0/1/0: only middle touches were meant to count) the
///   two candidates share 50/50, since the credit of a conversion must still sum to 1;
/// - three or more: first and last get their shares, the middle share is split evenly over
///   the candidates in between.
class CustomPositionModel final : public AttributionModel {
 public:
  /// `raw` = (first, middle, last): each finite and >= 0, not all 0 (settings refuse the rest).
  explicit CustomPositionModel(const std::array<double, 3>& raw) {
    for (const double weight : raw) PAYBACK_ASSERT(std::isfinite(weight) && weight >= 0.0);
    const double total = raw[0] + raw[1] + raw[2];
    PAYBACK_ASSERT(total > 0.0);
    first_ = raw[0] / total;
    middle_ = raw[1] / total;
    last_ = raw[2] / total;
    // Renormalised from the raw weights, not from the shares above, to round only once.
    const double ends = raw[0] + raw[2];
    first_of_two_ = ends > 0.0 ? raw[0] / ends : 0.5;
    last_of_two_ = ends > 0.0 ? raw[2] / ends : 0.5;
  }

  std::string_view name() const override { return "custom_position"; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> candidates,
              std::span<double> weights) const override {
    PAYBACK_ASSERT(!candidates.empty() && weights.size() == candidates.size());
    const size_t count = candidates.size();
    if (count == 1) {
      weights[0] = 1.0;
      return;
    }
    if (count == 2) {
      weights[0] = first_of_two_;
      weights[1] = last_of_two_;
      return;
    }
    std::fill(weights.begin(), weights.end(), middle_ / static_cast<double>(count - 2));
    weights.front() = first_;
    weights.back() = last_;
  }

 private:
  double first_ = 0.0;
  double middle_ = 0.0;
  double last_ = 0.0;
  double first_of_two_ = 0.0;
  double last_of_two_ = 0.0;
};

std::unique_ptr<AttributionModel> CreateCustomPositionModel(const ModelParams& params) {
  return std::make_unique<CustomPositionModel>(params.position_weights);
}

}  // namespace

void RegisterCustomPositionModel(ModelRegistry& registry) {
  registry.Register("custom_position", &CreateCustomPositionModel);
}

}  // namespace payback
