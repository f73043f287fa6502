#include "payback/report/selection_tiles.h"

#include "payback/common/money.h"

namespace payback {
namespace {

void AppendGroup(std::vector<uint32_t>& groups, const std::vector<uint64_t>& campaigns) {
  if (campaigns.empty()) return;
  for (const uint64_t campaign : campaigns) groups.push_back(static_cast<uint32_t>(campaign));
  groups.push_back(UINT32_MAX);
}

template <typename T>
void AppendAll(std::vector<T>& into, std::vector<T>&& from) {
  into.insert(into.end(), std::make_move_iterator(from.begin()),
              std::make_move_iterator(from.end()));
}

}  // namespace

void SelectionFacts::AddUser(const std::vector<uint64_t>& reached,
                             const std::vector<uint64_t>& opened,
                             const std::vector<uint64_t>& credited) {
  AppendGroup(reached_, reached);
  AppendGroup(opened_, opened);
  AppendGroup(credited_, credited);
}

void SelectionFacts::AddConversion(const std::vector<Credit>& credits, std::optional<Micros> value,
                                   int32_t day, const AccountSnapshot* snapshot) {
  conversions_.push_back(Conversion{value, day, static_cast<uint32_t>(credits_.size()),
                                    static_cast<uint32_t>(credits.size()), snapshot});
  credits_.insert(credits_.end(), credits.begin(), credits.end());
}

void SelectionFacts::Append(SelectionFacts&& other) {
  AppendAll(reached_, std::move(other.reached_));
  AppendAll(opened_, std::move(other.opened_));
  AppendAll(credited_, std::move(other.credited_));
  const uint32_t base = static_cast<uint32_t>(credits_.size());
  for (Conversion& conversion : other.conversions_) conversion.first_credit += base;
  AppendAll(conversions_, std::move(other.conversions_));
  AppendAll(credits_, std::move(other.credits_));
}

int64_t SelectionFacts::SelectedGroups(const std::vector<uint32_t>& groups,
                                       const std::vector<uint8_t>& selected) {
  int64_t count = 0;
  bool counted = false;
  for (const uint32_t campaign : groups) {
    if (campaign == kEndOfUser) {
      counted = false;
    } else if (!counted && selected[campaign]) {
      ++count;
      counted = true;
    }
  }
  return count;
}

SelectionTiles SelectionFacts::Tiles(const std::vector<uint8_t>& selected) const {
  SelectionTiles tiles;
  tiles.reached_users = SelectedGroups(reached_, selected);
  tiles.opened_users = SelectedGroups(opened_, selected);
  tiles.unique_conversions = SelectedGroups(credited_, selected);
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
  return (reached_.capacity() + opened_.capacity() + credited_.capacity()) * sizeof(uint32_t) +
         conversions_.capacity() * sizeof(Conversion) + credits_.capacity() * sizeof(Credit);
}

}  // namespace payback
