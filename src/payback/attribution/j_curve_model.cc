#include <algorithm>
#include <memory>
#include <span>
#include <string_view>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// The shares of one J-shaped model (metrics.md gives each number explicitly).
struct JShares {
  double first;         ///< three or more candidates: the first one's share
  double middle;        ///< three or more candidates: split evenly over the middle ones
  double last;          ///< three or more candidates: the last one's share
  double first_of_two;  ///< two candidates: the first one's share
  double last_of_two;   ///< two candidates: the last one's share
};

/// `j_curve`: 20% first, 20% over the middle, 60% last; two candidates 25/75.
constexpr JShares kJCurveShares = {0.2, 0.2, 0.6, 0.25, 0.75};
/// `inverse_j`: 60% first, 20% over the middle, 20% last; two candidates 75/25.
constexpr JShares kInverseJShares = {0.6, 0.2, 0.2, 0.75, 0.25};

/// `j_curve` and `inverse_j`: one class, told its name and shares. With one candidate it
/// gets 100%; with two the middle share is dropped and first/last renormalised (25/75).
class JCurveModel final : public AttributionModel {
 public:
  JCurveModel(std::string_view name, const JShares& shares) : name_(name), shares_(shares) {}

  std::string_view name() const override { return name_; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> candidates,
              std::span<double> weights) const override {
    PAYBACK_ASSERT(!candidates.empty() && weights.size() == candidates.size());
    const size_t count = candidates.size();
    if (count == 1) {
      weights[0] = 1.0;
      return;
    }
    if (count == 2) {
      weights[0] = shares_.first_of_two;
      weights[1] = shares_.last_of_two;
      return;
    }
    std::fill(weights.begin(), weights.end(), shares_.middle / static_cast<double>(count - 2));
    weights.front() = shares_.first;
    weights.back() = shares_.last;
  }

 private:
  std::string_view name_;  // always a string literal
  JShares shares_;
};

std::unique_ptr<AttributionModel> CreateJCurveModel(const ModelParams& /*params*/) {
  return std::make_unique<JCurveModel>("j_curve", kJCurveShares);
}

std::unique_ptr<AttributionModel> CreateInverseJModel(const ModelParams& /*params*/) {
  return std::make_unique<JCurveModel>("inverse_j", kInverseJShares);
}

}  // namespace

void RegisterJCurveModels(ModelRegistry& registry) {
  registry.Register("j_curve", &CreateJCurveModel);
  registry.Register("inverse_j", &CreateInverseJModel);
}

}  // namespace payback
