#include "payback/report/day_cube.h"

#include <cmath>

#include "payback/common/assert.h"
#include "payback/common/parallel.h"

namespace payback {
__int128 DayCube::WeightFixed(double weight) {
  if (weight == 1.0) return kWeightOne;
  return static_cast<__int128>(std::llroundl(static_cast<long double>(weight) * 1e18L));
}

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

void DayCube::Merge(DayCube&& other) {
  PAYBACK_ASSERT(other.campaigns_ == campaigns_ && other.days_ == days_);
  for (size_t cell = 0; cell < engagements_.size(); ++cell) {
    Engagements& into = engagements_[cell];
    const Engagements& from = other.engagements_[cell];
    into.events += from.events;
    into.sent += from.sent;
    into.delivered += from.delivered;
    into.viewed += from.viewed;
    into.clicked += from.clicked;
  }
  for (size_t cell = 0; cell < credits_.size(); ++cell) {
    Credits& into = credits_[cell];
    const Credits& from = other.credits_[cell];
    if (from.count == 0) continue;
    into.count += from.count;
    into.conversions_weight += from.conversions_weight;
    into.direct_weight += from.direct_weight;
    into.related_weight += from.related_weight;
    into.unvalued_weight += from.unvalued_weight;
    into.revenue_pico += from.revenue_pico;
    into.commission_pico += from.commission_pico;
    into.balance_pico += from.balance_pico;
    into.profit_pico += from.profit_pico;
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
    int64_t events = 0;
    int64_t credits = 0;
    __int128 conversions_weight = 0;
    __int128 direct_weight = 0;
    __int128 related_weight = 0;
    __int128 unvalued_weight = 0;
    for (uint32_t day = range->first; day <= range->last; ++day) {
      const size_t cell = Cell(campaign, day);
      const Engagements& counts = engagements_[cell];
      events += counts.events;
      metrics.sent += counts.sent;
      metrics.delivered += counts.delivered;
      metrics.viewed += counts.viewed;
      metrics.clicked += counts.clicked;
      const Credits& sums = credits_[cell];
      if (sums.count != 0) {
        credits += sums.count;
        conversions_weight += sums.conversions_weight;
        direct_weight += sums.direct_weight;
        related_weight += sums.related_weight;
        unvalued_weight += sums.unvalued_weight;
        metrics.revenue_pico += sums.revenue_pico;
        metrics.cost.commission_pico += sums.commission_pico;
        metrics.balance_pico += sums.balance_pico;
        metrics.profit_pico += sums.profit_pico;
      }
      if (!event_costs_.empty()) metrics.cost.Add(event_costs_[cell]);
    }
    metrics.conversions = WeightOf(conversions_weight);
    metrics.direct_conversions = WeightOf(direct_weight);
    metrics.related_conversions = WeightOf(related_weight);
    metrics.unvalued_conversions = WeightOf(unvalued_weight);
    totals.active[campaign] = events > 0 || credits > 0;
    if (!totals.active[campaign]) continue;  // no event and no credit: every count is zero
    metrics.delivered_messages = distinct(Distinct::kDeliveredMessages, campaign);
    metrics.clicked_messages = distinct(Distinct::kClickedMessages, campaign);
    metrics.converted_messages = distinct(Distinct::kConvertedMessages, campaign);
    metrics.unique_conversions = distinct(Distinct::kUniqueConversions, campaign);
    metrics.reached_users = distinct(Distinct::kReachedUsers, campaign);
    metrics.opened_users = distinct(Distinct::kOpenedUsers, campaign);
  }
  return totals;
}

size_t DayCube::MemoryBytes() const {
  size_t bytes = engagements_.capacity() * sizeof(Engagements) +
                 credits_.capacity() * sizeof(Credits) +
                 (event_costs_.capacity() + workspace_costs_.capacity()) * sizeof(CostBreakdown) +
                 unattributed_.capacity() * sizeof(int64_t);
  for (const DistinctByDay& distinct : distinct_) bytes += distinct.MemoryBytes();
  return bytes;
}

}  // namespace payback
