#include <algorithm>
#include <memory>
#include <span>
#include <string_view>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// `first_touch`: all the credit to the earliest candidate.
/// Ties on ts go to the smallest campaign id, then the smallest message id; the canonical
/// order the caller guarantees puts exactly that candidate at the front.
class FirstTouchModel final : public AttributionModel {
 public:
  std::string_view name() const override { return "first_touch"; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> candidates,
              std::span<double> weights) const override {
    PAYBACK_ASSERT(!candidates.empty() && weights.size() == candidates.size());
    std::fill(weights.begin(), weights.end(), 0.0);
    weights.front() = 1.0;
  }
};

std::unique_ptr<AttributionModel> CreateFirstTouchModel(const ModelParams& /*params*/) {
  return std::make_unique<FirstTouchModel>();
}

}  // namespace

void RegisterFirstTouchModel(ModelRegistry& registry) {
  registry.Register("first_touch", &CreateFirstTouchModel);
}

}  // namespace payback
