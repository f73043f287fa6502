#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "payback/attribution/attribution_model.h"
#include "payback/attribution/event_roles.h"
#include "payback/settings.h"
#include "payback/settings/effective_schedule.h"
#include "payback/settings/where_predicate.h"
#include "payback/store/event_store.h"

namespace payback {

/// A conversion definition resolved against a store's dictionaries: which event-name codes
/// are conversions and touches, the bound property filter and value, the window and the
/// model. Built once per report; immutable and thread-safe afterwards.
class ConversionRule {
 public:
  /// Resolves `definition` with `model_name` ("" = the definition's own model); `tz` reads
  /// the `from` dates of fixed values. kUsage for an unknown model, kInvalidInput for a filter
  /// that does not parse.
  static Result<ConversionRule> Resolve(const ConversionDefinition& definition,
                                        std::string_view model_name, const EventStore& store,
                                        const EventAliases& aliases, const TimeZone& tz);

  bool IsConversionEvent(EventNameId event) const { return is_conversion_[event] != 0; }
  bool IsTouchEvent(EventNameId event) const { return is_touch_[event] != 0; }
  /// Whether the conversion event at `row` passes the `where` filter.
  bool PassesFilter(const EventStore& store, uint64_t row) const;
  /// The conversion's value in micros: the value property's, or the fixed value in force at
  /// the event's timestamp for the campaign the event names (else the global one); nullopt
  /// when the definition has no value, the event lacks a numeric value, or no fixed value is
  /// in force yet.
  std::optional<Micros> Value(const EventStore& store, uint64_t row) const;

  /// Whether the definition values its conversions (a value property or fixed values);
  /// revenue is null when it does not.
  bool has_value() const { return definition_has_value_; }
  int64_t window_us() const { return window_us_; }
  const AttributionModel& model() const { return *model_; }
  const std::vector<uint32_t>& campaign_rank() const { return campaign_rank_; }
  const std::vector<uint32_t>& message_rank() const { return message_rank_; }

 private:
  static constexpr uint32_t kNoKey = UINT32_MAX;

  std::vector<uint8_t> is_conversion_;
  std::vector<uint8_t> is_touch_;
  std::optional<WherePredicate> where_;
  std::vector<uint32_t> where_keys_;  ///< property-key code per where_->properties(), or kNoKey
  uint32_t value_key_ = kNoKey;
  /// Fixed values: one schedule per campaign code, plus one (last) for events without one.
  std::vector<EffectiveSchedule<Micros>> fixed_values_;
  bool definition_has_value_ = false;
  int64_t window_us_ = 0;
  std::unique_ptr<AttributionModel> model_;
  std::vector<uint32_t> campaign_rank_;
  std::vector<uint32_t> message_rank_;
};

}  // namespace payback
