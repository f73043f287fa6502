#include "payback/cost/event_costs.h"

#include <string_view>

namespace payback {
namespace {

/// The schedule of the `type` lines (of `direction`, for messaging lines) that match a
/// campaign: the campaign's own lines beat its channel's, which beat the global ones.
Result<EffectiveSchedule<Micros>> ScheduleFor(const std::vector<CostLine>& lines, CostLineType type,
                                              MessageDirection direction,
                                              std::string_view campaign_id,
                                              std::string_view channel, const TimeZone& tz) {
  using Schedule = EffectiveSchedule<Micros>;
  const bool messaging = type == CostLineType::kMessage || type == CostLineType::kCarrierFee;
  std::vector<Schedule::Candidate> candidates;
  for (const CostLine& line : lines) {
    if (line.type != type || (messaging && line.direction != direction)) continue;
    if (!line.campaign.empty() && line.campaign != campaign_id) continue;
    if (!line.channel.empty() && line.channel != channel) continue;
    PAYBACK_ASSIGN_OR_RETURN(const TimestampUs from, EffectiveFrom(line.from, tz));
    const int specificity = (line.campaign.empty() ? 0 : 2) + (line.channel.empty() ? 0 : 1);
    candidates.push_back(Schedule::Candidate{from, specificity, line.amount});
  }
  return Schedule::Resolve(candidates);
}

}  // namespace

Result<EventCosts> EventCosts::Resolve(const std::vector<CostLine>& lines, const EventStore& store,
                                       const std::vector<const CampaignRecord*>& metadata,
                                       const EventAliases& aliases, const TimeZone& tz) {
  EventCosts costs;
  bool any = false;
  for (const CostLine& line : lines) {
    any |= line.type == CostLineType::kMessage || line.type == CostLineType::kCarrierFee ||
           line.type == CostLineType::kCall;
  }
  if (!any) return costs;
  costs.empty_ = false;

  const StringDictionary& event_names = store.dictionaries.event_names;
  const std::vector<Engagement> engagements = ResolveEngagements(event_names, aliases);
  const std::vector<uint8_t> received = MatchEventNames(event_names, aliases, "received");
  const std::vector<uint8_t> calls = MatchEventNames(event_names, aliases, "call");
  costs.roles_.assign(event_names.size(), Role::kNone);
  for (uint32_t code = 0; code < event_names.size(); ++code) {
    if (engagements[code] == Engagement::kSent) costs.roles_[code] = Role::kOutbound;
    if (received[code]) costs.roles_[code] = Role::kInbound;
    if (calls[code]) costs.roles_[code] = Role::kCall;
  }

  const StringDictionary& campaigns = store.dictionaries.campaigns;
  costs.by_campaign_.resize(campaigns.size() + 1);
  for (uint32_t slot = 0; slot <= campaigns.size(); ++slot) {
    const bool named = slot < campaigns.size();
    const std::string_view campaign_id = named ? campaigns.Get(slot) : std::string_view();
    const std::string_view channel =
        named && metadata[slot] != nullptr ? std::string_view(metadata[slot]->channel) : "";
    Schedules& schedules = costs.by_campaign_[slot];
    const auto outbound = MessageDirection::kOutbound;
    const auto inbound = MessageDirection::kInbound;
    PAYBACK_ASSIGN_OR_RETURN(schedules[0], ScheduleFor(lines, CostLineType::kMessage, outbound,
                                                       campaign_id, channel, tz));
    PAYBACK_ASSIGN_OR_RETURN(schedules[1], ScheduleFor(lines, CostLineType::kCarrierFee, outbound,
                                                       campaign_id, channel, tz));
    PAYBACK_ASSIGN_OR_RETURN(schedules[2], ScheduleFor(lines, CostLineType::kMessage, inbound,
                                                       campaign_id, channel, tz));
    PAYBACK_ASSIGN_OR_RETURN(schedules[3], ScheduleFor(lines, CostLineType::kCarrierFee, inbound,
                                                       campaign_id, channel, tz));
    PAYBACK_ASSIGN_OR_RETURN(
        schedules[4], ScheduleFor(lines, CostLineType::kCall, outbound, campaign_id, channel, tz));
  }
  costs.segments_key_ = FindPropertyKey(store, "segments").value_or(UINT32_MAX);
  return costs;
}

void EventCosts::ChargeRole(const EventStore& store, uint64_t row, Role role,
                            const Schedules& schedules, CostBreakdown& cost) const {
  const TimestampUs ts = store.events.ts[row];
  if (role == Role::kCall) {
    if (const Micros* amount = schedules[4].At(ts)) {
      cost.call_pico += static_cast<__int128>(*amount) * kMicrosPerUnit;
    }
    return;
  }
  // Units of a message: its segments (a numeric property, in micros), else one.
  Micros units = kMicrosPerUnit;
  if (segments_key_ != UINT32_MAX) {
    if (const std::optional<Micros> segments = NumericPropertyAt(store, segments_key_, row)) {
      units = *segments;
    }
  }
  const size_t first = role == Role::kOutbound ? 0 : 2;
  if (const Micros* amount = schedules[first].At(ts)) {
    cost.message_pico += static_cast<__int128>(*amount) * units;
  }
  if (const Micros* amount = schedules[first + 1].At(ts)) {
    cost.carrier_fee_pico += static_cast<__int128>(*amount) * units;
  }
}

}  // namespace payback
