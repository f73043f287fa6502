#include "payback/report/day_cube.h"

#include <fmt/format.h>

#include <type_traits>

#include "payback/common/assert.h"
#include "payback/common/parallel.h"
#include "payback/store/segment_file.h"

namespace payback {

DayCube::DayCube(uint32_t campaigns, uint32_t days, bool charges_events)
    : campaigns_(campaigns),
      days_(days),
      engagements_(static_cast<size_t>(campaigns) * days),
      credits_(static_cast<size_t>(campaigns) * days),
      event_costs_(charges_events ? static_cast<size_t>(campaigns) * days : 0),
      workspace_costs_(days),
      unattributed_(days, 0) {
  distinct_.reserve(kDistinctCount);
  for (size_t which = 0; which < kDistinctCount; ++which) distinct_.emplace_back(campaigns, days);
}

void DayCube::Engagements::Add(const Engagements& other) {
  events += other.events;
  sent += other.sent;
  delivered += other.delivered;
  viewed += other.viewed;
  clicked += other.clicked;
}

void DayCube::Merge(DayCube&& other) {
  PAYBACK_ASSERT(other.campaigns_ == campaigns_ && other.days_ == days_);
  for (size_t cell = 0; cell < engagements_.size(); ++cell) {
    engagements_[cell].Add(other.engagements_[cell]);
  }
  for (size_t cell = 0; cell < credits_.size(); ++cell) {
    if (other.credits_[cell].count != 0) credits_[cell].Add(other.credits_[cell]);
  }
  for (size_t cell = 0; cell < event_costs_.size(); ++cell) {
    event_costs_[cell].Add(other.event_costs_[cell]);
  }
  for (uint32_t day = 0; day < days_; ++day) {
    workspace_costs_[day].Add(other.workspace_costs_[day]);
    unattributed_[day] += other.unattributed_[day];
  }
  for (size_t which = 0; which < kDistinctCount; ++which) {
    distinct_[which].Merge(std::move(other.distinct_[which]));
  }
}

void DayCube::Finish() {
  ParallelFor(distinct_.size(),
              [&](size_t /*worker*/, size_t which) { distinct_[which].Finish(); });
}

DayCube::Totals DayCube::Sum(std::optional<DayRange> range) const {
  Totals totals;
  totals.campaigns.assign(campaigns_, MetricValues{});
  totals.active.assign(campaigns_, 0);
  if (!range) return totals;
  PAYBACK_ASSERT(range->first <= range->last && range->last < days_);
  for (uint32_t day = range->first; day <= range->last; ++day) {
    totals.unattributed += unattributed_[day];
    totals.workspace_cost.Add(workspace_costs_[day]);
  }
  auto distinct = [&](Distinct which, CampaignId campaign) {
    return distinct_[static_cast<size_t>(which)].Count(campaign, range->first, range->last);
  };
  for (CampaignId campaign = 0; campaign < campaigns_; ++campaign) {
    MetricValues& metrics = totals.campaigns[campaign];
    Engagements counts;
    Credits sums;
    for (uint32_t day = range->first; day <= range->last; ++day) {
      const size_t cell = Cell(campaign, day);
      counts.Add(engagements_[cell]);
      if (credits_[cell].count != 0) sums.Add(credits_[cell]);
      if (!event_costs_.empty()) metrics.cost.Add(event_costs_[cell]);
    }
    totals.active[campaign] = counts.events > 0 || sums.count > 0;
    if (!totals.active[campaign]) continue;  // no event and no credit: every count is zero
    metrics.sent = counts.sent;
    metrics.delivered = counts.delivered;
    metrics.viewed = counts.viewed;
    metrics.clicked = counts.clicked;
    metrics.conversions = WeightOf(sums.conversions_weight);
    metrics.direct_conversions = WeightOf(sums.direct_weight);
    metrics.related_conversions = WeightOf(sums.related_weight);
    metrics.unvalued_conversions = WeightOf(sums.unvalued_weight);
    metrics.revenue_pico = sums.revenue_pico;
    metrics.cost.commission_pico += sums.commission_pico;
    metrics.balance_pico = sums.balance_pico;
    metrics.profit_pico = sums.profit_pico;
    metrics.delivered_messages = distinct(Distinct::kDeliveredMessages, campaign);
    metrics.clicked_messages = distinct(Distinct::kClickedMessages, campaign);
    metrics.converted_messages = distinct(Distinct::kConvertedMessages, campaign);
    metrics.unique_conversions = distinct(Distinct::kUniqueConversions, campaign);
    metrics.reached_users = distinct(Distinct::kReachedUsers, campaign);
    metrics.opened_users = distinct(Distinct::kOpenedUsers, campaign);
  }
  return totals;
}

void DayCube::AddCreditTiles(const std::vector<uint8_t>& selected, std::optional<DayRange> range,
                             const LocalDays& days, SelectionTiles& tiles) const {
  if (!range) return;
  PAYBACK_ASSERT(days.by_day() && days.count() == days_ && selected.size() == campaigns_);
  Credits sums;
  std::vector<__int128> revenue_by_day(range->last - range->first + 1, 0);
  for (CampaignId campaign = 0; campaign < campaigns_; ++campaign) {
    if (!selected[campaign]) continue;
    for (uint32_t day = range->first; day <= range->last; ++day) {
      const Credits& cell = credits_[Cell(campaign, day)];
      if (cell.count == 0) continue;
      sums.Add(cell);
      revenue_by_day[day - range->first] += cell.revenue_pico;
    }
  }
  sums.AddTo(tiles);
  for (uint32_t day = range->first; day <= range->last; ++day) {
    const __int128 revenue = revenue_by_day[day - range->first];
    if (revenue != 0) tiles.revenue_by_day[days.DayAt(day)] += revenue;
  }
}

size_t DayCube::MemoryBytes() const {
  size_t bytes = engagements_.capacity() * sizeof(Engagements) +
                 credits_.capacity() * sizeof(Credits) +
                 (event_costs_.capacity() + workspace_costs_.capacity()) * sizeof(CostBreakdown) +
                 unattributed_.capacity() * sizeof(int64_t);
  for (const DistinctByDay& distinct : distinct_) bytes += distinct.MemoryBytes();
  return bytes;
}

// Saved as their bytes: fixed-size fields only.
static_assert(std::is_trivially_copyable_v<DayCube::Engagements>);
static_assert(std::is_trivially_copyable_v<DayCube::Credits>);
static_assert(std::is_trivially_copyable_v<CostBreakdown>);

void DayCube::SaveTo(SegmentWriter& writer, const std::string& prefix) const {
  const Shape shape{campaigns_, days_, event_costs_.empty() ? 0u : 1u};
  writer.AddValue(prefix + ".shape", shape);
  writer.AddArray(prefix + ".engagements", engagements_);
  writer.AddArray(prefix + ".credits", credits_);
  writer.AddArray(prefix + ".event_costs", event_costs_);
  writer.AddArray(prefix + ".workspace_costs", workspace_costs_);
  writer.AddArray(prefix + ".unattributed", unattributed_);
  for (size_t which = 0; which < kDistinctCount; ++which) {
    distinct_[which].SaveTo(writer, fmt::format("{}.distinct{}", prefix, which));
  }
}

Result<DayCube> DayCube::LoadFrom(const SegmentReader& reader, const std::string& prefix) {
  PAYBACK_ASSIGN_OR_RETURN(const Shape shape, reader.ReadValue<Shape>(prefix + ".shape"));
  DayCube cube;
  cube.campaigns_ = shape.campaigns;
  cube.days_ = shape.days;
  PAYBACK_ASSIGN_OR_RETURN(cube.engagements_,
                           reader.ReadVector<Engagements>(prefix + ".engagements"));
  PAYBACK_ASSIGN_OR_RETURN(cube.credits_, reader.ReadVector<Credits>(prefix + ".credits"));
  PAYBACK_ASSIGN_OR_RETURN(cube.event_costs_,
                           reader.ReadVector<CostBreakdown>(prefix + ".event_costs"));
  PAYBACK_ASSIGN_OR_RETURN(cube.workspace_costs_,
                           reader.ReadVector<CostBreakdown>(prefix + ".workspace_costs"));
  PAYBACK_ASSIGN_OR_RETURN(cube.unattributed_,
                           reader.ReadVector<int64_t>(prefix + ".unattributed"));
  const size_t cells = static_cast<size_t>(cube.campaigns_) * cube.days_;
  bool fits = cube.engagements_.size() == cells && cube.credits_.size() == cells &&
              cube.event_costs_.size() == (shape.charges_events != 0 ? cells : 0) &&
              cube.workspace_costs_.size() == cube.days_ && cube.unattributed_.size() == cube.days_;
  for (size_t which = 0; fits && which < kDistinctCount; ++which) {
    PAYBACK_ASSIGN_OR_RETURN(
        DistinctByDay distinct,
        DistinctByDay::LoadFrom(reader, fmt::format("{}.distinct{}", prefix, which)));
    fits = distinct.rows() == cube.campaigns_ && distinct.days() == cube.days_;
    cube.distinct_.push_back(std::move(distinct));
  }
  if (!fits) return Status::Corruption(fmt::format("{}: the cube does not fit together", prefix));
  return cube;
}

}  // namespace payback
