#include "payback/valuation/product_promotions.h"

#include <algorithm>

namespace payback {

ProductPromotions::ProductPromotions(const std::vector<const CampaignRecord*>& metadata,
                                     const EventStore& store) {
  for (const CampaignRecord* record : metadata) {
    if (record == nullptr) continue;
    products_.insert(products_.end(), record->promoted_products.begin(),
                     record->promoted_products.end());
  }
  std::sort(products_.begin(), products_.end());
  products_.erase(std::unique(products_.begin(), products_.end()), products_.end());
  if (products_.empty()) return;
  by_campaign_.resize(metadata.size());
  for (size_t code = 0; code < metadata.size(); ++code) {
    if (metadata[code] == nullptr) continue;
    for (const std::string& product : metadata[code]->promoted_products) {
      const auto at = std::lower_bound(products_.begin(), products_.end(), product);
      by_campaign_[code].push_back(static_cast<uint32_t>(at - products_.begin()));
    }
    std::sort(by_campaign_[code].begin(), by_campaign_[code].end());
  }
  product_key_ = FindPropertyKey(store, kProductProperty).value_or(UINT32_MAX);
}

uint32_t ProductPromotions::ProductAt(const EventStore& store, uint64_t row,
                                      std::string& scratch) const {
  if (product_key_ == UINT32_MAX) return kUnpromoted;
  const std::optional<std::string_view> product = PropertyTextAt(store, product_key_, row, scratch);
  if (!product) return kUnpromoted;
  const auto at = std::lower_bound(products_.begin(), products_.end(), *product);
  if (at == products_.end() || *at != *product) return kUnpromoted;
  return static_cast<uint32_t>(at - products_.begin());
}

bool ProductPromotions::Promotes(CampaignId campaign, uint32_t product) const {
  if (product == kUnpromoted || campaign >= by_campaign_.size()) return false;
  return std::binary_search(by_campaign_[campaign].begin(), by_campaign_[campaign].end(), product);
}

}  // namespace payback
