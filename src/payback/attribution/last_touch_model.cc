#include <algorithm>
#include <memory>
#include <span>
#include <string_view>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// `last_touch` (the default, as in CleverTap): all the credit to the latest candidate.
/// Ties on ts go to the greatest campaign id, then the greatest message id; the canonical
/// order the caller guarantees puts exactly that candidate at the back.
class LastTouchModel final : public AttributionModel {
 public:
  std::string_view name() const override { return "last_touch"; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> candidates,
              std::span<double> weights) const override {
    PAYBACK_ASSERT(!candidates.empty() && weights.size() == candidates.size());
    std::fill(weights.begin(), weights.end(), 0.0);
    weights.back() = 1.0;
  }
};

std::unique_ptr<AttributionModel> CreateLastTouchModel(const ModelParams& /*params*/) {
  return std::make_unique<LastTouchModel>();
}

}  // namespace

void RegisterLastTouchModel(ModelRegistry& registry) {
  registry.Register("last_touch", &CreateLastTouchModel);
}

}  // namespace payback
