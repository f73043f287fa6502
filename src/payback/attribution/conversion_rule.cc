#include "payback/attribution/conversion_rule.h"

#include <algorithm>
#include <map>

namespace payback {
namespace {

PropertyValue ValueAt(const EventStore& store, uint32_t key, uint64_t row) {
  PropertyValue value;
  if (key >= store.events.properties.size()) return value;
  const PropertyColumn& column = store.events.properties[key];
  if (!column.numbers.empty() && column.numbers[row] != kNullNumber) {
    value.kind = PropertyValue::Kind::kNumber;
    value.number = column.numbers[row];
  } else if (!column.strings.empty() && column.strings[row] != kNullString) {
    value.kind = PropertyValue::Kind::kString;
    value.text = store.dictionaries.strings.Get(column.strings[row]);
  }
  return value;
}

}  // namespace

Result<ConversionRule> ConversionRule::Resolve(const ConversionDefinition& definition,
                                               std::string_view model_name, const EventStore& store,
                                               std::span<const CampaignRecord> catalog,
                                               const EventAliases& aliases, const TimeZone& tz) {
  ConversionRule rule;
  ModelParams params;
  params.half_life_us = definition.half_life_s * kMicrosPerSecond;
  if (definition.position_weights) params.position_weights = *definition.position_weights;
  const std::string_view model =
      model_name.empty() ? std::string_view(definition.model) : model_name;
  PAYBACK_ASSIGN_OR_RETURN(rule.model_, ModelRegistry::Instance().Create(model, params));

  const StringDictionary& event_names = store.dictionaries.event_names;
  rule.is_conversion_ = MatchEventNames(event_names, aliases, definition.event);
  rule.is_touch_ = MatchEventNames(event_names, aliases, definition.touch);
  if (!definition.requires_event.empty()) {
    rule.is_required_ = MatchEventNames(event_names, aliases, definition.requires_event);
  }
  rule.window_us_ = definition.window_s * kMicrosPerSecond;
  rule.max_window_us_ = rule.window_us_;
  std::map<std::string_view, int64_t> influence_us;  // campaigns with a window of their own
  for (const CampaignRecord& record : catalog) {
    if (record.influence_days) {
      influence_us[record.campaign_id] = *record.influence_days * 86400 * kMicrosPerSecond;
    }
  }
  const StringDictionary& campaign_ids = store.dictionaries.campaigns;
  for (uint32_t code = 0; code < campaign_ids.size() && !influence_us.empty(); ++code) {
    const auto found = influence_us.find(campaign_ids.Get(code));
    if (found == influence_us.end()) continue;
    if (rule.campaign_window_us_.empty()) {
      rule.campaign_window_us_.assign(campaign_ids.size(), rule.window_us_);
    }
    rule.campaign_window_us_[code] = found->second;
    rule.max_window_us_ = std::max(rule.max_window_us_, found->second);
  }

  auto find_key = [&](std::string_view name) {
    return FindPropertyKey(store, name).value_or(kNoKey);
  };
  if (!definition.where.empty()) {
    auto where = WherePredicate::Parse(definition.where);
    if (!where.ok()) return where.status();
    rule.where_ = std::move(where).value();
    for (const std::string& property : rule.where_->properties()) {
      rule.where_keys_.push_back(find_key(property));
    }
  }
  rule.definition_has_value_ = !definition.value.empty() || !definition.fixed_values.empty();
  if (!definition.value.empty()) rule.value_key_ = find_key(definition.value);
  if (!definition.fixed_values.empty()) {
    // A value given for a campaign beats the global one from the moment it is in force.
    using Schedule = EffectiveSchedule<Micros>;
    std::vector<Schedule::Candidate> global;
    std::vector<std::pair<std::string_view, Schedule::Candidate>> scoped;
    for (const FixedConversionValue& value : definition.fixed_values) {
      PAYBACK_ASSIGN_OR_RETURN(const TimestampUs from, EffectiveFrom(value.from, tz));
      const Schedule::Candidate candidate{from, value.campaign.empty() ? 0 : 1, value.amount};
      if (value.campaign.empty()) {
        global.push_back(candidate);
      } else {
        scoped.emplace_back(value.campaign, candidate);
      }
    }
    const StringDictionary& campaigns = store.dictionaries.campaigns;
    const Schedule global_schedule = Schedule::Resolve(global);
    rule.fixed_values_.assign(campaigns.size() + 1, global_schedule);
    for (uint32_t code = 0; code < campaigns.size(); ++code) {
      std::vector<Schedule::Candidate> candidates = global;
      for (const auto& [campaign, candidate] : scoped) {
        if (campaign == campaigns.Get(code)) candidates.push_back(candidate);
      }
      if (candidates.size() != global.size()) {
        rule.fixed_values_[code] = Schedule::Resolve(candidates);
      }
    }
  }
  rule.campaign_rank_ = RankByBytes(store.dictionaries.campaigns);
  rule.message_rank_ = RankByBytes(store.dictionaries.messages);
  return rule;
}

bool ConversionRule::PassesFilter(const EventStore& store, uint64_t row) const {
  if (!where_) return true;
  constexpr size_t kInline = 16;
  PropertyValue inline_values[kInline];
  std::vector<PropertyValue> heap_values;
  std::span<PropertyValue> values;
  if (where_keys_.size() <= kInline) {
    values = std::span<PropertyValue>(inline_values, where_keys_.size());
  } else {
    heap_values.resize(where_keys_.size());
    values = heap_values;
  }
  for (size_t slot = 0; slot < where_keys_.size(); ++slot) {
    values[slot] =
        where_keys_[slot] == kNoKey ? PropertyValue{} : ValueAt(store, where_keys_[slot], row);
  }
  return where_->Evaluate(values);
}

std::optional<Micros> ConversionRule::Value(const EventStore& store, uint64_t row) const {
  if (!fixed_values_.empty()) {
    const CampaignId campaign = store.events.campaign[row];
    const size_t slot = campaign == kNoCampaign ? fixed_values_.size() - 1 : campaign;
    const Micros* amount = fixed_values_[slot].At(store.events.ts[row]);
    if (amount == nullptr) return std::nullopt;
    return *amount;
  }
  if (value_key_ == kNoKey) return std::nullopt;
  return NumericPropertyAt(store, value_key_, row);
}

}  // namespace payback
