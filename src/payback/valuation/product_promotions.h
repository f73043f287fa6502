#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "payback/campaign.h"
#include "payback/store/event_store.h"

namespace payback {

/// Which products each campaign promotes (catalog `promoted_products`): a conversion a
/// campaign is credited with is a direct sale of it when the conversion's `product` is one of
/// them, a related sale otherwise (metrics.md, "Bank product campaigns"). A campaign that
/// promotes nothing has neither. Immutable; thread-safe.
class ProductPromotions {
 public:
  /// The conversion property that names the product opened.
  static constexpr std::string_view kProductProperty = "product";
  /// ProductAt's answer for a product no campaign promotes (or none at all).
  static constexpr uint32_t kUnpromoted = UINT32_MAX;

  /// `metadata[code]` is the catalog record of campaign code `code`, or nullptr.
  ProductPromotions(const std::vector<const CampaignRecord*>& metadata, const EventStore& store);

  /// True when no campaign promotes a product.
  bool empty() const { return products_.empty(); }
  /// Whether `campaign` promotes any product (so has direct and related sales).
  bool PromotesAny(CampaignId campaign) const {
    return campaign < by_campaign_.size() && !by_campaign_[campaign].empty();
  }
  /// The index of the product of the conversion at `row` among the promoted ones, or
  /// kUnpromoted. `scratch` is the caller's (one per thread).
  uint32_t ProductAt(const EventStore& store, uint64_t row, std::string& scratch) const;
  /// Whether `campaign` promotes product `product` (an index from ProductAt).
  bool Promotes(CampaignId campaign, uint32_t product) const;

 private:
  std::vector<std::string> products_;               ///< every promoted product, sorted, unique
  std::vector<std::vector<uint32_t>> by_campaign_;  ///< per campaign code: sorted indices
  uint32_t product_key_ = UINT32_MAX;               ///< property-key code, or none
};

}  // namespace payback
