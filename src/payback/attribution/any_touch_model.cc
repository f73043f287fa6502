#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "payback/attribution/attribution_model.h"
#include "payback/common/assert.h"

namespace payback {
namespace {

/// `any_touch` (bank influence, web view-through): every campaign with at least one candidate
/// gets a whole credit. The weight 1 goes to the campaign's LAST candidate in canonical order
/// (so the message credited is the one of its latest touch, ties broken like last_touch) and
/// its other candidates get 0; a campaign thus gets exactly 1 per conversion, and the weights
/// of one conversion sum to the number of distinct campaigns, not to 1.
class AnyTouchModel final : public AttributionModel {
 public:
  std::string_view name() const override { return "any_touch"; }
  bool SplitsOneCredit() const override { return false; }

  void Assign(TimestampUs /*conversion_ts*/, std::span<const Candidate> candidates,
              std::span<double> weights) const override {
    PAYBACK_ASSERT(!candidates.empty() && weights.size() == candidates.size());
    // Walking from the back, a candidate is its campaign's last one exactly when its campaign
    // has not been seen yet. The campaigns seen are kept on the stack: a conversion rarely has
    // more than a handful, and this path runs for every conversion without allocating.
    std::array<CampaignId, kMaxInlineCampaigns> seen;
    size_t seen_count = 0;
    for (size_t candidate_idx = candidates.size(); candidate_idx-- > 0;) {
      const CampaignId campaign = candidates[candidate_idx].campaign;
      const auto seen_end = seen.begin() + static_cast<std::ptrdiff_t>(seen_count);
      if (std::find(seen.begin(), seen_end, campaign) != seen_end) {
        weights[candidate_idx] = 0.0;
        continue;
      }
      if (seen_count == kMaxInlineCampaigns) {
        AssignManyCampaigns(candidates, weights);
        return;
      }
      seen[seen_count++] = campaign;
      weights[candidate_idx] = 1.0;
    }
  }

 private:
  static constexpr size_t kMaxInlineCampaigns = 64;

  /// The same rule for a conversion touched by more than kMaxInlineCampaigns campaigns, in
  /// O(k log k) rather than O(k x campaigns). Its scratch buffer is per thread and reused, so
  /// it allocates only while it grows.
  static void AssignManyCampaigns(std::span<const Candidate> candidates,
                                  std::span<double> weights) {
    PAYBACK_ASSERT(candidates.size() <= std::numeric_limits<uint32_t>::max());
    // Key = (campaign, index): after sorting, each campaign's last candidate ends its run.
    thread_local std::vector<uint64_t> keys;
    keys.clear();
    for (size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
      keys.push_back(static_cast<uint64_t>(candidates[candidate_idx].campaign) << 32 |
                     static_cast<uint64_t>(candidate_idx));
    }
    std::sort(keys.begin(), keys.end());
    std::fill(weights.begin(), weights.end(), 0.0);
    for (size_t key_idx = 0; key_idx < keys.size(); ++key_idx) {
      const bool ends_run =
          key_idx + 1 == keys.size() || (keys[key_idx] >> 32) != (keys[key_idx + 1] >> 32);
      if (ends_run) weights[keys[key_idx] & 0xFFFF'FFFFu] = 1.0;
    }
  }
};

std::unique_ptr<AttributionModel> CreateAnyTouchModel(const ModelParams& /*params*/) {
  return std::make_unique<AnyTouchModel>();
}

}  // namespace

void RegisterAnyTouchModel(ModelRegistry& registry) {
  registry.Register("any_touch", &CreateAnyTouchModel);
}

}  // namespace payback
