#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "payback/attribution/event_roles.h"
#include "payback/campaign.h"
#include "payback/report.h"
#include "payback/settings.h"
#include "payback/settings/effective_schedule.h"
#include "payback/store/event_store.h"

namespace payback {

/// The cost lines charged per event (docs/costs.md): messaging cost and carrier fee per
/// outbound `sent` or inbound `received` event, times the event's numeric `segments`
/// property when it has one, and the cost per `call` event. Each event is charged with the
/// lines in force at its own timestamp that match its campaign (the campaign id, or the
/// campaign's channel from the catalog); an event without a campaign matches only lines
/// without campaign and channel. Resolved once per report against the store's dictionaries;
/// immutable and thread-safe afterwards.
class EventCosts {
 public:
  /// `metadata[code]` is the catalog record of campaign code `code` (nullptr when none).
  /// kInvalidInput when a line's `from` is not a timestamp in `tz`.
  static Result<EventCosts> Resolve(const std::vector<CostLine>& lines, const EventStore& store,
                                    const std::vector<const CampaignRecord*>& metadata,
                                    const EventAliases& aliases, const TimeZone& tz);

  /// True when no line is charged per event (the scan can skip the look-ups).
  bool empty() const { return empty_; }

  /// Adds the cost of the event at `row` (if it has one) to `cost`.
  void Charge(const EventStore& store, uint64_t row, CostBreakdown& cost) const {
    const Role role = roles_[store.events.event[row]];
    if (role == Role::kNone) return;
    const CampaignId campaign = store.events.campaign[row];
    const Schedules& schedules =
        by_campaign_[campaign == kNoCampaign ? by_campaign_.size() - 1 : campaign];
    ChargeRole(store, row, role, schedules, cost);
  }

 private:
  enum class Role : uint8_t { kNone, kOutbound, kInbound, kCall };
  /// Per campaign: [outbound message, outbound carrier fee, inbound message, inbound carrier
  /// fee, call], each the amount per unit in force over time.
  static constexpr size_t kSlots = 5;
  using Schedules = std::array<EffectiveSchedule<Micros>, kSlots>;

  void ChargeRole(const EventStore& store, uint64_t row, Role role, const Schedules& schedules,
                  CostBreakdown& cost) const;

  bool empty_ = true;
  std::vector<Role> roles_;             ///< per event-name code
  std::vector<Schedules> by_campaign_;  ///< per campaign code, then one for "no campaign"
  uint32_t segments_key_ = UINT32_MAX;
};

}  // namespace payback
