#include "payback/report/selection_tiles.h"

#include <algorithm>
#include <iterator>

#include "payback/common/money.h"

namespace payback {
namespace {

template <typename T>
void AppendAll(std::vector<T>& into, std::vector<T>&& from) {
  into.insert(into.end(), std::make_move_iterator(from.begin()),
              std::make_move_iterator(from.end()));
}

}  // namespace

void SelectionFacts::Groups::Add(const std::vector<uint64_t>& user_campaigns) {
  if (user_campaigns.empty()) return;
  for (const uint64_t campaign : user_campaigns) {
    campaigns.push_back(static_cast<uint32_t>(campaign));
  }
  campaigns.push_back(kEndOfUser);
  ++users;
}

void SelectionFacts::Groups::Append(Groups&& other) {
  AppendAll(campaigns, std::move(other.campaigns));
  users += other.users;
}

int64_t SelectionFacts::Groups::Selected(const std::vector<uint8_t>& selected,
                                         bool all_selected) const {
  if (all_selected) return users;
  int64_t count = 0;
  bool counted = false;
  for (const uint32_t campaign : campaigns) {
    if (campaign == kEndOfUser) {
      counted = false;
    } else if (!counted && selected[campaign]) {
      ++count;
      counted = true;
    }
  }
  return count;
}

void SelectionFacts::AddUser(const std::vector<uint64_t>& reached,
                             const std::vector<uint64_t>& opened,
                             const std::vector<uint64_t>& credited) {
  reached_.Add(reached);
  opened_.Add(opened);
  credited_.Add(credited);
}

void SelectionFacts::AddConversion(const std::vector<Credit>& credits, std::optional<Micros> value,
                                   int32_t day, const AccountSnapshot* snapshot) {
  conversions_.push_back(Conversion{value, day, static_cast<uint32_t>(credits_.size()),
                                    static_cast<uint32_t>(credits.size()), snapshot});
  credits_.insert(credits_.end(), credits.begin(), credits.end());
}

void SelectionFacts::Append(SelectionFacts&& other) {
  reached_.Append(std::move(other.reached_));
  opened_.Append(std::move(other.opened_));
  credited_.Append(std::move(other.credited_));
  const uint32_t base = static_cast<uint32_t>(credits_.size());
  for (Conversion& conversion : other.conversions_) conversion.first_credit += base;
  AppendAll(conversions_, std::move(other.conversions_));
  AppendAll(credits_, std::move(other.credits_));
}

SelectionTiles SelectionFacts::Tiles(const std::vector<uint8_t>& selected) const {
  SelectionTiles tiles;
  const bool all_selected =
      std::all_of(selected.begin(), selected.end(), [](uint8_t flag) { return flag != 0; });
  tiles.reached_users = reached_.Selected(selected, all_selected);
  tiles.opened_users = opened_.Selected(selected, all_selected);
  tiles.unique_conversions = credited_.Selected(selected, all_selected);
  for (const Conversion& conversion : conversions_) {
    const __int128 revenue_before = tiles.revenue_pico;
    bool credits_selected = false;
    bool direct_selected = false;
    bool promoting_selected = false;
    for (uint32_t idx = 0; idx < conversion.credit_count; ++idx) {
      const Credit& credit = credits_[conversion.first_credit + idx];
      if (!selected[credit.campaign]) continue;
      if (splits_one_credit_) {
        tiles.conversions += credit.weight;
        tiles.revenue_pico += credit.revenue_pico;
        tiles.commission_pico += credit.commission_pico;
        if (credit.promotes_any) {
          (credit.direct ? tiles.direct_conversions : tiles.related_conversions) += credit.weight;
        }
        tiles.balance_pico += credit.balance_pico;
        tiles.profit_pico += credit.profit_pico;
        if (conversion.snapshot == nullptr && valued_) tiles.unvalued_conversions += credit.weight;
      } else if (!credits_selected) {
        // any_touch: the sale's commission counts once in the tiles, at the rate of the first
        // selected campaign it credits (docs/costs.md).
        tiles.commission_pico += credit.commission_pico;
      }
      credits_selected = true;
      direct_selected |= credit.direct;
      promoting_selected |= credit.promotes_any;
    }
    // Under any_touch one conversion gives each of its campaigns a full credit, so rows may
    // add up to more than the total (metrics.md): the tiles count the conversion, and its
    // value, once when any selected campaign shares it.
    if (!splits_one_credit_ && credits_selected) {
      tiles.conversions += 1;
      if (conversion.value) tiles.revenue_pico += CreditedPico(1.0, *conversion.value);
      // A conversion is a direct sale of the selection when a selected crediting campaign
      // promotes its product; related when only others that promote products credit it.
      if (direct_selected) {
        tiles.direct_conversions += 1;
      } else if (promoting_selected) {
        tiles.related_conversions += 1;
      }
      if (conversion.snapshot != nullptr) {
        tiles.balance_pico += CreditedPico(1.0, conversion.snapshot->balance);
        tiles.profit_pico += CreditedPico(1.0, conversion.snapshot->profit);
      } else if (valued_) {
        tiles.unvalued_conversions += 1;
      }
    }
    if (tiles.revenue_pico != revenue_before) {
      tiles.revenue_by_day[conversion.day] += tiles.revenue_pico - revenue_before;
    }
  }
  return tiles;
}

size_t SelectionFacts::MemoryBytes() const {
  return (reached_.campaigns.capacity() + opened_.campaigns.capacity() +
          credited_.campaigns.capacity()) *
             sizeof(uint32_t) +
         conversions_.capacity() * sizeof(Conversion) + credits_.capacity() * sizeof(Credit);
}

}  // namespace payback
