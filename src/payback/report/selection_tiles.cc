#include "payback/report/selection_tiles.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <type_traits>

#include "payback/common/assert.h"
#include "payback/common/money.h"
#include "payback/common/parallel.h"
#include "payback/report/users_hit.h"
#include "payback/store/segment_file.h"

namespace payback {
namespace {

/// Whether `selected` (by campaign code) selects every campaign: the tiles of the whole
/// workspace, summed by day.
bool EverySelected(const std::vector<uint8_t>& selected) {
  return std::all_of(selected.begin(), selected.end(), [](uint8_t flag) { return flag != 0; });
}

template <typename T>
void AppendAll(std::vector<T>& into, std::vector<T>&& from) {
  into.insert(into.end(), std::make_move_iterator(from.begin()),
              std::make_move_iterator(from.end()));
}

}  // namespace

SelectionFacts::Groups::Groups(uint32_t day_count, uint32_t campaign_count)
    : days(day_count), campaigns(campaign_count), by_day(1, day_count), parts(1) {
  PAYBACK_ASSERT(static_cast<uint64_t>(day_count) * campaign_count < kLastOfUser);
}

void SelectionFacts::Groups::Add(std::span<const KeyDay> pairs) {
  if (pairs.empty()) return;
  BlockVector<uint32_t>& part = parts.back();
  scratch.clear();
  for (const KeyDay& pair : pairs) {
    const uint32_t last = &pair == &pairs.back() ? kLastOfUser : 0;
    part.push_back(last | (static_cast<uint32_t>(pair.key) * days + pair.day));
    scratch.push_back(KeyDay{0, pair.day});
  }
  ++users;
  // The user's days over every campaign, for the unfiltered tiles of a range of days.
  SortUnique(scratch);
  by_day.AddEntities(scratch, [](uint64_t /*key*/) { return 0u; });
}

void SelectionFacts::Groups::Append(Groups&& other) {
  AppendAll(parts, std::move(other.parts));
  users += other.users;
  by_day.Merge(std::move(other.by_day));
}

int64_t SelectionFacts::Groups::Selected(const std::vector<uint8_t>& selected, bool all_selected,
                                         DayRange range, bool whole) const {
  if (all_selected) return whole ? users : by_day.Count(0, range.first, range.last);
  PAYBACK_ASSERT(!parts.empty());  // the facts keep each user's pairs (SelectionFacts::Answers)
  // A 0/1 table by (campaign, day) cell says which pairs are hits; a user counts once if any
  // of its pairs is one (CountUsersHit, a walk without branches on the data).
  PAYBACK_ASSERT(selected.size() == campaigns);
  std::vector<uint8_t> hits(static_cast<size_t>(campaigns) * days, 0);
  const uint32_t first_day = whole ? 0 : range.first;
  const uint32_t last_day = whole ? days - 1 : range.last;
  for (uint32_t campaign = 0; campaign < campaigns; ++campaign) {
    if (!selected[campaign]) continue;
    for (uint32_t day = first_day; day <= last_day; ++day) {
      hits[static_cast<size_t>(campaign) * days + day] = 1;
    }
  }
  std::vector<int64_t> counts(parts.size(), 0);
  ParallelFor(parts.size(), [&](size_t /*worker*/, size_t part_idx) {
    counts[part_idx] = CountUsersHit(parts[part_idx], hits);
  });
  int64_t total = 0;
  for (const int64_t count : counts) total += count;
  return total;
}

SelectionFacts::SelectionFacts(bool splits_one_credit, bool valued, bool commissions, uint32_t days,
                               uint32_t campaigns, bool conversions)
    : splits_one_credit_(splits_one_credit),
      valued_(valued),
      keeps_money_(valued || commissions),
      records_conversions_(conversions),
      reached_(days, campaigns),
      opened_(days, campaigns),
      credited_(days, campaigns),
      conversion_parts_(1) {}

void SelectionFacts::AddUser(std::span<const KeyDay> reached, std::span<const KeyDay> opened,
                             std::span<const KeyDay> credited) {
  reached_.Add(reached);
  opened_.Add(opened);
  credited_.Add(credited);
}

void SelectionFacts::AddConversion(const std::vector<Credit>& credits, std::optional<Micros> value,
                                   int32_t local_day, uint32_t day,
                                   const AccountSnapshot* snapshot) {
  if (!records_conversions_) return;
  ConversionPart& part = conversion_parts_.back();
  part.first_local_day = std::min(part.first_local_day, local_day);
  part.last_local_day = std::max(part.last_local_day, local_day);
  part.conversions.push_back(Conversion{value, local_day, day,
                                        static_cast<uint32_t>(part.credits.size()),
                                        static_cast<uint32_t>(credits.size()), snapshot});
  for (const Credit& credit : credits) {
    part.credits.push_back(StoredCredit{credit.campaign, credit.promotes_any, credit.direct,
                                        credit.weight, credit.revenue_pico});
    if (keeps_money_) {
      part.money.push_back(
          CreditMoney{credit.commission_pico, credit.balance_pico, credit.profit_pico});
    } else {
      PAYBACK_ASSERT(credit.commission_pico == 0 && credit.balance_pico == 0 &&
                     credit.profit_pico == 0);
    }
  }
}

void SelectionFacts::Append(SelectionFacts&& other) {
  reached_.Append(std::move(other.reached_));
  opened_.Append(std::move(other.opened_));
  credited_.Append(std::move(other.credited_));
  AppendAll(conversion_parts_, std::move(other.conversion_parts_));
}

void SelectionFacts::Finish() {
  Groups* groups[] = {&reached_, &opened_, &credited_};
  ParallelFor(3, [&](size_t /*worker*/, size_t which) { groups[which]->by_day.Finish(); });
  if (records_conversions_) SumEverySelectedByDay();
}

template <typename IsSelected>
void SelectionFacts::AddConversionTiles(const ConversionPart& part, const Conversion& conversion,
                                        IsSelected is_selected, CreditSums& sums) const {
  bool credits_selected = false;
  bool direct_selected = false;
  bool promoting_selected = false;
  for (uint32_t idx = 0; idx < conversion.credit_count; ++idx) {
    const StoredCredit& credit = part.credits[conversion.first_credit + idx];
    if (!is_selected(credit.campaign)) continue;
    static constexpr CreditMoney kNoMoney;
    const CreditMoney& money = keeps_money_ ? part.money[conversion.first_credit + idx] : kNoMoney;
    if (splits_one_credit_) {
      const __int128 weight = CreditSums::WeightFixed(credit.weight);
      sums.conversions_weight += weight;
      sums.revenue_pico += credit.revenue_pico;
      sums.commission_pico += money.commission_pico;
      if (credit.promotes_any) (credit.direct ? sums.direct_weight : sums.related_weight) += weight;
      sums.balance_pico += money.balance_pico;
      sums.profit_pico += money.profit_pico;
      if (conversion.snapshot == nullptr && valued_) sums.unvalued_weight += weight;
    } else if (!credits_selected) {
      // any_touch: the sale's commission counts once in the tiles, at the rate of the first
      // selected campaign it credits (docs/costs.md).
      sums.commission_pico += money.commission_pico;
    }
    credits_selected = true;
    direct_selected |= credit.direct;
    promoting_selected |= credit.promotes_any;
  }
  // Under any_touch one conversion gives each of its campaigns a full credit, so rows may add
  // up to more than the total (metrics.md): the tiles count the conversion, and its value,
  // once when any selected campaign shares it.
  if (splits_one_credit_ || !credits_selected) return;
  constexpr __int128 kOne = CreditSums::kWeightOne;
  sums.conversions_weight += kOne;
  if (conversion.value) sums.revenue_pico += CreditedPico(1.0, *conversion.value);
  // A conversion is a direct sale of the selection when a selected crediting campaign promotes
  // its product; related when only others that promote products credit it.
  if (direct_selected) {
    sums.direct_weight += kOne;
  } else if (promoting_selected) {
    sums.related_weight += kOne;
  }
  if (conversion.snapshot != nullptr) {
    sums.balance_pico += CreditedPico(1.0, conversion.snapshot->balance);
    sums.profit_pico += CreditedPico(1.0, conversion.snapshot->profit);
  } else if (valued_) {
    sums.unvalued_weight += kOne;
  }
}

void SelectionFacts::SumEverySelectedByDay() {
  const uint32_t days = reached_.days;
  struct PartSums {
    std::vector<CreditSums> by_day;
    std::map<std::pair<uint32_t, int32_t>, __int128> revenue;  // (scan day, local day)
  };
  std::vector<PartSums> parts(conversion_parts_.size());
  auto every = [](CampaignId /*campaign*/) { return true; };
  ParallelFor(parts.size(), [&](size_t /*worker*/, size_t part_idx) {
    const ConversionPart& part = conversion_parts_[part_idx];
    PartSums& sums = parts[part_idx];
    sums.by_day.assign(days, CreditSums{});
    for (size_t idx = 0; idx < part.conversions.size(); ++idx) {
      const Conversion& conversion = part.conversions[idx];
      CreditSums& day = sums.by_day[conversion.day];
      const __int128 revenue_before = day.revenue_pico;
      AddConversionTiles(part, conversion, every, day);
      if (day.revenue_pico != revenue_before) {
        sums.revenue[{conversion.day, conversion.local_day}] += day.revenue_pico - revenue_before;
      }
    }
  });
  every_selected_by_day_.assign(days, CreditSums{});
  std::map<std::pair<uint32_t, int32_t>, __int128> revenue;
  for (const PartSums& sums : parts) {
    for (uint32_t day = 0; day < days; ++day) every_selected_by_day_[day].Add(sums.by_day[day]);
    for (const auto& [key, pico] : sums.revenue) revenue[key] += pico;
  }
  every_selected_revenue_.clear();
  for (const auto& [key, pico] : revenue) {
    every_selected_revenue_.push_back(DayRevenue{key.first, key.second, 0, pico});
  }
}

namespace {

/// One thread's sums of the conversion tiles: weights as exact 1e-18 integers (CreditSums'
/// scale), so that the tiles do not depend on which thread added which conversion, and equal
/// the sum of the rows when every campaign is selected.
struct ConversionSums {
  CreditSums totals;  ///< `count` unused
  /// Revenue by local day: dense from `first_day` when the days span at most 65,536.
  int32_t first_day = 0;
  std::vector<__int128> revenue_by_day;
  std::map<int32_t, __int128> sparse_revenue_by_day;

  void AddRevenue(int32_t day, __int128 revenue_pico) {
    const int64_t offset = static_cast<int64_t>(day) - first_day;
    if (offset >= 0 && offset < static_cast<int64_t>(revenue_by_day.size())) {
      revenue_by_day[static_cast<size_t>(offset)] += revenue_pico;
    } else {
      sparse_revenue_by_day[day] += revenue_pico;
    }
  }
};

}  // namespace

SelectionTiles SelectionFacts::Tiles(const std::vector<uint8_t>& selected,
                                     std::optional<DayRange> range, bool whole) const {
  SelectionTiles tiles;
  if (!range) return tiles;
  const bool all_selected = EverySelected(selected);
  tiles.reached_users = reached_.Selected(selected, all_selected, *range, whole);
  tiles.opened_users = opened_.Selected(selected, all_selected, *range, whole);
  tiles.unique_conversions = credited_.Selected(selected, all_selected, *range, whole);
  if (!records_conversions_) return tiles;
  if (all_selected) {
    // The conversion tiles of every campaign, summed by day at Finish.
    const uint32_t first_day = whole ? 0 : range->first;
    const uint32_t last_day = whole ? reached_.days - 1 : range->last;
    CreditSums totals;
    for (uint32_t day = first_day; day <= last_day; ++day) {
      totals.Add(every_selected_by_day_[day]);
    }
    totals.AddTo(tiles);
    for (const DayRevenue& revenue : every_selected_revenue_) {
      if (revenue.day >= first_day && revenue.day <= last_day) {
        tiles.revenue_by_day[revenue.local_day] += revenue.revenue_pico;
      }
    }
    return tiles;
  }
  PAYBACK_ASSERT(keeps_pairs_);  // the conversions are kept (Answers)
  auto is_selected = [&](CampaignId campaign) { return selected[campaign] != 0; };
  std::vector<ConversionSums> parts(conversion_parts_.size());
  ParallelFor(parts.size(), [&](size_t /*worker*/, size_t part_idx) {
    const ConversionPart& part = conversion_parts_[part_idx];
    ConversionSums& sums = parts[part_idx];
    if (part.first_local_day <= part.last_local_day &&
        static_cast<int64_t>(part.last_local_day) - part.first_local_day < 65'536) {
      sums.first_day = part.first_local_day;
      sums.revenue_by_day.assign(
          static_cast<size_t>(part.last_local_day - part.first_local_day) + 1, 0);
    }
    for (size_t conversion_idx = 0; conversion_idx < part.conversions.size(); ++conversion_idx) {
      const Conversion& conversion = part.conversions[conversion_idx];
      if (!whole && (conversion.day < range->first || conversion.day > range->last)) continue;
      const __int128 revenue_before = sums.totals.revenue_pico;
      AddConversionTiles(part, conversion, is_selected, sums.totals);
      if (sums.totals.revenue_pico != revenue_before) {
        sums.AddRevenue(conversion.local_day, sums.totals.revenue_pico - revenue_before);
      }
    }
  });
  CreditSums totals;
  for (const ConversionSums& sums : parts) {
    totals.Add(sums.totals);
    for (size_t offset = 0; offset < sums.revenue_by_day.size(); ++offset) {
      if (sums.revenue_by_day[offset] != 0) {
        tiles.revenue_by_day[sums.first_day + static_cast<int32_t>(offset)] +=
            sums.revenue_by_day[offset];
      }
    }
    for (const auto& [day, revenue] : sums.sparse_revenue_by_day) {
      tiles.revenue_by_day[day] += revenue;
    }
  }
  totals.AddTo(tiles);
  return tiles;
}

size_t SelectionFacts::MemoryBytes() const {
  size_t bytes = every_selected_by_day_.capacity() * sizeof(CreditSums) +
                 every_selected_revenue_.capacity() * sizeof(DayRevenue);
  for (const ConversionPart& part : conversion_parts_) {
    bytes += part.conversions.MemoryBytes() + part.credits.MemoryBytes() + part.money.MemoryBytes();
  }
  for (const Groups* groups : {&reached_, &opened_, &credited_}) {
    bytes += groups->by_day.MemoryBytes();
    for (const BlockVector<uint32_t>& part : groups->parts) bytes += part.MemoryBytes();
  }
  return bytes;
}

bool SelectionFacts::Answers(const std::vector<uint8_t>& selected) const {
  return keeps_pairs_ || EverySelected(selected);
}

void SelectionFacts::SaveSummaryTo(SegmentWriter& writer, const std::string& prefix) const {
  // Saved as their bytes: fixed-size fields, no undefined padding.
  static_assert(std::is_trivially_copyable_v<CreditSums> && sizeof(CreditSums) == 144 &&
                sizeof(DayRevenue) == 32);
  Summary summary{};
  summary.splits_one_credit = splits_one_credit_;
  summary.valued = valued_;
  summary.keeps_money = keeps_money_;
  summary.days = reached_.days;
  summary.campaigns = reached_.campaigns;
  summary.records_conversions = records_conversions_;
  summary.reached_users = reached_.users;
  summary.opened_users = opened_.users;
  summary.credited_users = credited_.users;
  writer.AddValue(prefix + ".summary", summary);
  reached_.by_day.SaveTo(writer, prefix + ".reached");
  opened_.by_day.SaveTo(writer, prefix + ".opened");
  credited_.by_day.SaveTo(writer, prefix + ".credited");
  writer.AddArray(prefix + ".every_by_day", every_selected_by_day_);
  writer.AddArray(prefix + ".every_revenue", every_selected_revenue_);
}

Result<SelectionFacts> SelectionFacts::LoadSummaryFrom(const SegmentReader& reader,
                                                       const std::string& prefix) {
  PAYBACK_ASSIGN_OR_RETURN(const Summary saved, reader.ReadValue<Summary>(prefix + ".summary"));
  if (saved.days == 0 || saved.days > DistinctByDay::kMaxDays ||
      static_cast<uint64_t>(saved.days) * saved.campaigns >= kLastOfUser) {
    return Status::Corruption(fmt::format("{}: bad summary", prefix));
  }
  SelectionFacts facts(saved.splits_one_credit != 0, saved.valued != 0, saved.keeps_money != 0,
                       saved.days, saved.campaigns, saved.records_conversions != 0);
  facts.keeps_pairs_ = false;
  Groups* groups[] = {&facts.reached_, &facts.opened_, &facts.credited_};
  const char* names[] = {"reached", "opened", "credited"};
  const int64_t users[] = {saved.reached_users, saved.opened_users, saved.credited_users};
  for (size_t which = 0; which < 3; ++which) {
    PAYBACK_ASSIGN_OR_RETURN(
        groups[which]->by_day,
        DistinctByDay::LoadFrom(reader, fmt::format("{}.{}", prefix, names[which])));
    if (groups[which]->by_day.rows() != 1 || groups[which]->by_day.days() != saved.days) {
      return Status::Corruption(fmt::format("{}: the {} users do not fit", prefix, names[which]));
    }
    groups[which]->users = users[which];
    groups[which]->parts.clear();
  }
  facts.conversion_parts_.clear();
  PAYBACK_ASSIGN_OR_RETURN(facts.every_selected_by_day_,
                           reader.ReadVector<CreditSums>(prefix + ".every_by_day"));
  PAYBACK_ASSIGN_OR_RETURN(facts.every_selected_revenue_,
                           reader.ReadVector<DayRevenue>(prefix + ".every_revenue"));
  const bool fits =
      facts.every_selected_by_day_.size() == (facts.records_conversions_ ? saved.days : 0) &&
      std::all_of(facts.every_selected_revenue_.begin(), facts.every_selected_revenue_.end(),
                  [&](const DayRevenue& revenue) { return revenue.day < saved.days; });
  if (!fits) return Status::Corruption(fmt::format("{}: the conversion tiles do not fit", prefix));
  return facts;
}

}  // namespace payback
