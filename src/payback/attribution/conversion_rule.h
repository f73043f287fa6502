#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "payback/attribution/attribution_model.h"
#include "payback/attribution/event_roles.h"
#include "payback/campaign.h"
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
  /// Resolves `definition` with `model_name` ("" = the definition's own model); `catalog`
  /// gives the campaigns' own `influence_days` windows; `tz` reads the `from` dates of fixed
  /// values. kUsage for an unknown model, kInvalidInput for a filter that does not parse.
  static Result<ConversionRule> Resolve(const ConversionDefinition& definition,
                                        std::string_view model_name, const EventStore& store,
                                        std::span<const CampaignRecord> catalog,
                                        const EventAliases& aliases, const TimeZone& tz);

  bool IsConversionEvent(EventNameId event) const { return is_conversion_[event] != 0; }
  bool IsTouchEvent(EventNameId event) const { return is_touch_[event] != 0; }
  /// Whether the definition `requires` an event (a touch counts only when the user also has
  /// one of its campaign at or before the conversion), and whether `event` is that event.
  bool has_requirement() const { return !is_required_.empty(); }
  bool IsRequiredEvent(EventNameId event) const { return is_required_[event] != 0; }
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
  /// The definition's window (metrics.md, "Attribution").
  int64_t window_us() const { return window_us_; }
  /// The window of `campaign`'s touches: the campaign's own `influence_days` when the catalog
  /// gives one (metrics.md, "Bank product campaigns"), else the definition's.
  int64_t window_us(CampaignId campaign) const {
    return campaign_window_us_.empty() ? window_us_ : campaign_window_us_[campaign];
  }
  /// The longest window of any campaign: how far back a conversion's candidates may lie.
  int64_t max_window_us() const { return max_window_us_; }
  /// Whether some campaign has a window of its own.
  bool has_campaign_windows() const { return !campaign_window_us_.empty(); }
  const AttributionModel& model() const { return *model_; }
  const std::vector<uint32_t>& campaign_rank() const { return campaign_rank_; }
  const std::vector<uint32_t>& message_rank() const { return message_rank_; }

 private:
  static constexpr uint32_t kNoKey = UINT32_MAX;

  std::vector<uint8_t> is_conversion_;
  std::vector<uint8_t> is_touch_;
  std::vector<uint8_t> is_required_;  ///< empty when the definition requires nothing
  std::optional<WherePredicate> where_;
  std::vector<uint32_t> where_keys_;  ///< property-key code per where_->properties(), or kNoKey
  uint32_t value_key_ = kNoKey;
  /// Fixed values: one schedule per campaign code, plus one (last) for events without one.
  std::vector<EffectiveSchedule<Micros>> fixed_values_;
  bool definition_has_value_ = false;
  int64_t window_us_ = 0;
  int64_t max_window_us_ = 0;
  std::vector<int64_t> campaign_window_us_;  ///< per campaign code; empty when none has its own
  std::unique_ptr<AttributionModel> model_;
  std::vector<uint32_t> campaign_rank_;
  std::vector<uint32_t> message_rank_;
};

}  // namespace payback
