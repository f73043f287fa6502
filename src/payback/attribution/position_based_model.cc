#include <algorithm>
#include <memory>
#include <span>
#include <string_view>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// `position_based` (U-shaped): 40% to the first candidate, 40% to the last, 20% split evenly
/// over the candidates in between; with one candidate 100%, with two 50/50 (the middle share
/// has nobody to go to and first and last weigh the same). Three candidates get 40/20/40.
class PositionBasedModel final : public AttributionModel {
 public:
  std::string_view name() const override { return "position_based"; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> candidates,
              std::span<double> weights) const override {
    PAYBACK_ASSERT(!candidates.empty() && weights.size() == candidates.size());
    const size_t count = candidates.size();
    if (count == 1) {
      weights[0] = 1.0;
      return;
    }
    if (count == 2) {
      weights[0] = 0.5;
      weights[1] = 0.5;
      return;
    }
    std::fill(weights.begin(), weights.end(), kMiddleShare / static_cast<double>(count - 2));
    weights.front() = kEndShare;
    weights.back() = kEndShare;
  }

 private:
  static constexpr double kEndShare = 0.4;
  static constexpr double kMiddleShare = 0.2;
};

std::unique_ptr<AttributionModel> CreatePositionBasedModel(const ModelParams& /*params*/) {
  return std::make_unique<PositionBasedModel>();
}

}  // namespace

void RegisterPositionBasedModel(ModelRegistry& registry) {
  registry.Register("position_based", &CreatePositionBasedModel);
}

}  // namespace payback
