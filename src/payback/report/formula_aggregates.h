#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "payback/attribution/conversion_rule.h"
#include "payback/attribution/event_roles.h"
#include "payback/attribution/user_attributor.h"
#include "payback/formula/compiled_formula.h"
#include "payback/formula/formula_value.h"
#include "payback/settings.h"
#include "payback/status.h"
#include "payback/store/event_store.h"

namespace payback {

/// How the engine computes the event aggregates of custom-metric formulas (TOTALS, UNIQUES,
/// PROPSUM of an event with an optional filter; docs/formulas.md) for a report.
///
/// Aggregates of one (event, filter) share a *source*. A source whose event carries campaign
/// ids (some event of that name, after aliases, names a campaign: sent, delivered, clicked...)
/// counts each campaign's own events in the period: TOTALS the events, UNIQUES their users,
/// PROPSUM the property over them. Any other source is attributed like a conversion: the
/// report's conversion definition with its event and filter replaced by the source's and no
/// value, under the report's model, window, touch and period. Then TOTALS is the campaign's
/// sum of credit weights, UNIQUES the users who gave it credit, PROPSUM the sum of weight x
/// property value (rounded once per credit, as revenue).
///
/// Over the selected campaigns (the tiles): TOTALS and PROPSUM are the sums of the selected
/// rows, except that under any_touch an event credited to several selected campaigns counts
/// once, as conversions do; UNIQUES counts each user once.
///
/// Immutable after Create; thread-safe for const use. Refers to the store it was created with.
class FormulaAggregatePlan {
 public:
  /// Resolves `aggregates` against `store` for reports on `definition` under `model` ("" = the
  /// definition's). Errors: ConversionRule::Resolve's (an unknown model, a filter that does
  /// not parse).
  static Result<FormulaAggregatePlan> Create(std::span<const FormulaAggregate> aggregates,
                                             const ConversionDefinition& definition,
                                             std::string_view model, const EventStore& store,
                                             std::span<const CampaignRecord> catalog,
                                             const EventAliases& aliases);

  /// The number of aggregates (the size of the span given to Create).
  size_t size() const { return targets_.size(); }

 private:
  friend class FormulaAggregateScan;

  static constexpr uint32_t kNoKey = UINT32_MAX;

  struct Source {
    ConversionRule rule;  ///< which events (and filter); the attribution when attributed
    bool campaign_event = false;
    uint32_t first_property = 0;          ///< the source's first slot in the property sums
    std::vector<uint32_t> property_keys;  ///< per PROPSUM property: its key code, or kNoKey
  };
  /// Where one aggregate's value comes from.
  struct Target {
    uint32_t source = 0;
    AggregateKind kind = AggregateKind::kTotals;
    uint32_t property_slot = 0;  ///< kPropSum only
  };

  FormulaAggregatePlan() = default;

  std::vector<Source> sources_;
  std::vector<Target> targets_;
  uint32_t property_slots_ = 0;
};

/// One thread's accumulation of a FormulaAggregatePlan over users, then the merged values.
/// Not thread-safe: one object per worker, merged with MergeFrom when all workers are done.
class FormulaAggregateScan {
 public:
  /// `selected` has one entry per campaign code of the store (1 = the report shows it);
  /// `plan`, `store` and `selected` must outlive the scan.
  FormulaAggregateScan(const FormulaAggregatePlan& plan, const EventStore& store,
                       const std::vector<uint8_t>& selected, TimestampUs from, TimestampUs to);

  FormulaAggregateScan(const FormulaAggregateScan&) = delete;
  FormulaAggregateScan& operator=(const FormulaAggregateScan&) = delete;

  /// Adds the events of one user: rows [begin, end) of the store.
  void ScanUser(uint64_t begin, uint64_t end);
  /// Adds another worker's sums into this one.
  void MergeFrom(const FormulaAggregateScan& other);

  /// Per campaign code: 1 when an attributed source gave the campaign credit (its row shows
  /// even without an event in the period, as for conversions).
  const std::vector<uint8_t>& credited() const { return credited_; }
  /// The value of aggregate `aggregate` (index into the plan's aggregates) for a campaign.
  FormulaValue CampaignValue(CampaignId campaign, size_t aggregate) const;
  /// The value of aggregate `aggregate` over the selected campaigns.
  FormulaValue SelectionValue(size_t aggregate) const;

  /// The attribution sink of one attributed source (UserAttributor's interface).
  void OnCredit(uint32_t source, const ConversionEvent& conversion,
                std::span<const Candidate> candidates, std::span<const double> weights);

 private:
  uint64_t Slot(uint32_t index, CampaignId campaign) const {
    return static_cast<uint64_t>(index) * campaigns_ + campaign;
  }
  void ReadProperties(uint32_t source, uint64_t row);

  const FormulaAggregatePlan& plan_;
  const EventStore& store_;
  const std::vector<uint8_t>& selected_;
  const TimestampUs from_;
  const TimestampUs to_;
  const uint64_t campaigns_;
  std::vector<uint32_t> campaign_sources_;
  std::vector<uint32_t> attributed_sources_;
  std::vector<UserAttributor> attributors_;  ///< one per attributed source

  // Sums per (source, campaign) and per (property slot, campaign); over the selection per
  // source and per property slot.
  std::vector<double> totals_;
  std::vector<int64_t> uniques_;
  std::vector<__int128> property_sums_;
  std::vector<double> selection_totals_;
  std::vector<int64_t> selection_uniques_;
  std::vector<__int128> selection_property_sums_;
  std::vector<uint8_t> credited_;

  // Per-user scratch: (source, campaign) keys for UNIQUES; one event's property values.
  std::vector<uint64_t> user_keys_;
  std::vector<std::optional<Micros>> property_values_;
};

/// A sum of credit weights as a formula value: the exact decimal the report shows (rounded to
/// 6 decimals; an integer under single-credit models).
FormulaValue CreditSumValue(double weights);

}  // namespace payback
