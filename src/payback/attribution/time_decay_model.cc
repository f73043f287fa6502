#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// `time_decay`: weight proportional to 2^(-(t - ts) / half_life), normalised to sum 1, so a
/// touch one half life before the conversion weighs half as much as one at the conversion.
/// Candidates with equal ts get equal weights; when all share one ts the split is linear.
class TimeDecayModel final : public AttributionModel {
 public:
  /// `half_life_us` must be > 0 (settings refuse anything else).
  explicit TimeDecayModel(int64_t half_life_us) : half_life_us_(static_cast<double>(half_life_us)) {
    PAYBACK_ASSERT(half_life_us > 0);
  }

  std::string_view name() const override { return "time_decay"; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> candidates,
              std::span<double> weights) const override {
    PAYBACK_ASSERT(!candidates.empty() && weights.size() == candidates.size());
    // Ages are measured from the latest candidate (the back, in canonical order) instead of
    // from the conversion: the common factor 2^(-(t - latest_ts) / half_life) cancels in the
    // normalisation, and the latest candidate's raw weight is exactly 1, so the sum is >= 1
    // and never underflows to 0 however long the window is compared with the half life.
    const TimestampUs latest_ts = candidates.back().ts;
    double sum = 0.0;
    for (size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
      const double age_us = static_cast<double>(latest_ts - candidates[candidate_idx].ts);
      const double raw = std::exp2(-age_us / half_life_us_);
      weights[candidate_idx] = raw;
      sum += raw;
    }
    for (double& weight : weights) weight /= sum;
  }

 private:
  double half_life_us_;
};

std::unique_ptr<AttributionModel> CreateTimeDecayModel(const ModelParams& params) {
  return std::make_unique<TimeDecayModel>(params.half_life_us);
}

}  // namespace

void RegisterTimeDecayModel(ModelRegistry& registry) {
  registry.Register("time_decay", &CreateTimeDecayModel);
}

}  // namespace payback
