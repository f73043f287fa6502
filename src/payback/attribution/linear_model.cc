#include <algorithm>
#include <memory>
#include <span>
#include <string_view>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// `linear`: weight 1/k to each of the k candidates (two touches of one campaign are two
/// candidates, so that campaign gets 2/k).
class LinearModel final : public AttributionModel {
 public:
  std::string_view name() const override { return "linear"; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> candidates,
              std::span<double> weights) const override {
    PAYBACK_ASSERT(!candidates.empty() && weights.size() == candidates.size());
    std::fill(weights.begin(), weights.end(), 1.0 / static_cast<double>(candidates.size()));
  }
};

std::unique_ptr<AttributionModel> CreateLinearModel(const ModelParams& /*params*/) {
  return std::make_unique<LinearModel>();
}

}  // namespace

void RegisterLinearModel(ModelRegistry& registry) {
  registry.Register("linear", &CreateLinearModel);
}

}  // namespace payback
