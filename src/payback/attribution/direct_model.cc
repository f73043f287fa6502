#include <memory>
#include <span>
#include <string_view>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// `direct`: the conversion event names its own campaign (`campaign_id` on the event itself,
/// e.g. a sale made on a call) and gets weight 1 there; no touch is looked up. The attribution
/// engine handles it from IsDirect(), so Assign() must never be called.
class DirectModel final : public AttributionModel {
 public:
  std::string_view name() const override { return "direct"; }
  bool IsDirect() const override { return true; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> /*candidates*/,
              std::span<double> /*weights*/) const override {
    PAYBACK_ASSERT(!"Assign() called on the direct model");
  }
};

std::unique_ptr<AttributionModel> CreateDirectModel(const ModelParams& /*params*/) {
  return std::make_unique<DirectModel>();
}

}  // namespace

void RegisterDirectModel(ModelRegistry& registry) {
  registry.Register("direct", &CreateDirectModel);
}

}  // namespace payback
