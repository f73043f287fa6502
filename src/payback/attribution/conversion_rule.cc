#include "payback/attribution/conversion_rule.h"

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
                                               const EventAliases& aliases) {
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
  rule.window_us_ = definition.window_s * kMicrosPerSecond;

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
  rule.definition_has_value_ = !definition.value.empty();
  if (rule.definition_has_value_) rule.value_key_ = find_key(definition.value);
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
  if (value_key_ == kNoKey) return std::nullopt;
  return NumericPropertyAt(store, value_key_, row);
}

}  // namespace payback
