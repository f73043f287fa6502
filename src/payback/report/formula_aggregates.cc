#include "payback/report/formula_aggregates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "payback/common/assert.h"
#include "payback/common/money.h"

namespace payback {
namespace {

constexpr __int128 kPicoPerMicro = 1'000'000;

/// Per event-name code: 1 when some event of that name names a campaign.
std::vector<uint8_t> EventNamesWithCampaigns(const EventStore& store) {
  std::vector<uint8_t> with_campaign(store.dictionaries.event_names.size(), 0);
  const EventColumns& events = store.events;
  for (uint64_t row = 0; row < events.size(); ++row) {
    if (events.campaign[row] != kNoCampaign) with_campaign[events.event[row]] = 1;
  }
  return with_campaign;
}

/// Wraps one attributed source for UserAttributor, which calls OnConversion.
struct SourceSink {
  FormulaAggregateScan& scan;
  uint32_t source;

  void OnConversion(const ConversionEvent& conversion, std::span<const Candidate> candidates,
                    std::span<const uint64_t> /*candidate_rows*/, std::span<const double> weights) {
    scan.OnCredit(source, conversion, candidates, weights);
  }
};

}  // namespace

FormulaValue CreditSumValue(double weights) {
  const long double micros = std::roundl(static_cast<long double>(weights) * 1e6L);
  return FormulaValue::FromPico(static_cast<__int128>(micros) * kPicoPerMicro);
}

Result<FormulaAggregatePlan> FormulaAggregatePlan::Create(
    std::span<const FormulaAggregate> aggregates, const ConversionDefinition& definition,
    std::string_view model, const EventStore& store, std::span<const CampaignRecord> catalog,
    const EventAliases& aliases) {
  FormulaAggregatePlan plan;
  if (aggregates.empty()) return plan;
  const std::vector<uint8_t> with_campaign = EventNamesWithCampaigns(store);
  std::map<std::pair<std::string, std::string>, uint32_t> source_of;  // (event, filter)
  std::vector<std::vector<std::string>> properties;                   // per source
  for (const FormulaAggregate& aggregate : aggregates) {
    const auto key = std::make_pair(aggregate.event, aggregate.filter_text);
    auto found = source_of.find(key);
    if (found == source_of.end()) {
      ConversionDefinition source_definition = definition;
      source_definition.event = aggregate.event;
      source_definition.where = aggregate.filter_text;
      source_definition.value.clear();
      source_definition.fixed_values.clear();
      // Without values no `from` date is read, so the zone does not matter.
      PAYBACK_ASSIGN_OR_RETURN(
          ConversionRule rule,
          ConversionRule::Resolve(source_definition, model, store, catalog, aliases, TimeZone()));
      Source source{std::move(rule), false, 0, {}};
      for (uint32_t code = 0; code < with_campaign.size(); ++code) {
        if (with_campaign[code] && source.rule.IsConversionEvent(code)) {
          source.campaign_event = true;
          break;
        }
      }
      found = source_of.emplace(key, static_cast<uint32_t>(plan.sources_.size())).first;
      plan.sources_.push_back(std::move(source));
      properties.emplace_back();
    }
    Target target{found->second, aggregate.kind, 0};
    if (aggregate.kind == AggregateKind::kPropSum) {
      std::vector<std::string>& names = properties[found->second];
      const auto at = std::find(names.begin(), names.end(), aggregate.property);
      target.property_slot = static_cast<uint32_t>(at - names.begin());  // local until below
      if (at == names.end()) names.push_back(aggregate.property);
    }
    plan.targets_.push_back(target);
  }
  for (uint32_t source_idx = 0; source_idx < plan.sources_.size(); ++source_idx) {
    Source& source = plan.sources_[source_idx];
    source.first_property = plan.property_slots_;
    for (const std::string& name : properties[source_idx]) {
      source.property_keys.push_back(FindPropertyKey(store, name).value_or(kNoKey));
    }
    plan.property_slots_ += static_cast<uint32_t>(source.property_keys.size());
  }
  for (Target& target : plan.targets_) {
    if (target.kind == AggregateKind::kPropSum) {
      target.property_slot += plan.sources_[target.source].first_property;
    }
  }
  return plan;
}

FormulaAggregateScan::FormulaAggregateScan(const FormulaAggregatePlan& plan,
                                           const EventStore& store,
                                           const std::vector<uint8_t>& selected, TimestampUs from,
                                           TimestampUs to)
    : plan_(plan),
      store_(store),
      selected_(selected),
      from_(from),
      to_(to),
      campaigns_(store.dictionaries.campaigns.size()) {
  const size_t sources = plan.sources_.size();
  attributors_.reserve(sources);
  for (uint32_t source_idx = 0; source_idx < sources; ++source_idx) {
    const FormulaAggregatePlan::Source& source = plan.sources_[source_idx];
    if (source.campaign_event) {
      campaign_sources_.push_back(source_idx);
    } else {
      attributed_sources_.push_back(source_idx);
      attributors_.emplace_back(source.rule);
    }
  }
  totals_.assign(sources * campaigns_, 0.0);
  uniques_.assign(sources * campaigns_, 0);
  property_sums_.assign(plan.property_slots_ * campaigns_, 0);
  selection_totals_.assign(sources, 0.0);
  selection_uniques_.assign(sources, 0);
  selection_property_sums_.assign(plan.property_slots_, 0);
  credited_.assign(campaigns_, 0);
}

void FormulaAggregateScan::ReadProperties(uint32_t source, uint64_t row) {
  const std::vector<uint32_t>& keys = plan_.sources_[source].property_keys;
  property_values_.resize(keys.size());
  for (size_t idx = 0; idx < keys.size(); ++idx) {
    property_values_[idx] = keys[idx] == FormulaAggregatePlan::kNoKey
                                ? std::nullopt
                                : NumericPropertyAt(store_, keys[idx], row);
  }
}

void FormulaAggregateScan::ScanUser(uint64_t begin, uint64_t end) {
  user_keys_.clear();
  const EventColumns& events = store_.events;
  if (!campaign_sources_.empty()) {
    for (uint64_t row = begin; row < end; ++row) {
      const CampaignId campaign = events.campaign[row];
      const TimestampUs ts = events.ts[row];
      if (campaign == kNoCampaign || ts < from_ || ts >= to_) continue;
      for (const uint32_t source_idx : campaign_sources_) {
        const FormulaAggregatePlan::Source& source = plan_.sources_[source_idx];
        if (!source.rule.IsConversionEvent(events.event[row])) continue;
        if (!source.rule.PassesFilter(store_, row)) continue;
        const bool selected = selected_[campaign] != 0;
        totals_[Slot(source_idx, campaign)] += 1;
        if (selected) selection_totals_[source_idx] += 1;
        ReadProperties(source_idx, row);
        for (size_t idx = 0; idx < property_values_.size(); ++idx) {
          if (!property_values_[idx]) continue;
          const uint32_t slot = source.first_property + static_cast<uint32_t>(idx);
          const __int128 pico = static_cast<__int128>(*property_values_[idx]) * kPicoPerMicro;
          property_sums_[Slot(slot, campaign)] += pico;
          if (selected) selection_property_sums_[slot] += pico;
        }
        user_keys_.push_back(Slot(source_idx, campaign));
      }
    }
  }
  for (size_t idx = 0; idx < attributed_sources_.size(); ++idx) {
    SourceSink sink{*this, attributed_sources_[idx]};
    attributors_[idx].Run(store_, begin, end, from_, to_, sink);
  }

  // UNIQUES: each (source, campaign) once per user; over the selection each source once.
  std::sort(user_keys_.begin(), user_keys_.end());
  user_keys_.erase(std::unique(user_keys_.begin(), user_keys_.end()), user_keys_.end());
  uint64_t counted_source = UINT64_MAX;
  for (const uint64_t key : user_keys_) {
    ++uniques_[key];
    const uint64_t source = key / campaigns_;
    const CampaignId campaign = static_cast<CampaignId>(key % campaigns_);
    if (selected_[campaign] && source != counted_source) {
      ++selection_uniques_[source];
      counted_source = source;
    }
  }
}

void FormulaAggregateScan::OnCredit(uint32_t source_idx, const ConversionEvent& conversion,
                                    std::span<const Candidate> candidates,
                                    std::span<const double> weights) {
  if (candidates.empty()) return;
  const FormulaAggregatePlan::Source& source = plan_.sources_[source_idx];
  const bool splits_one_credit = source.rule.model().SplitsOneCredit();
  ReadProperties(source_idx, conversion.row);
  bool credits_selected = false;
  for (size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
    const double weight = weights[candidate_idx];
    if (weight <= 0) continue;
    const CampaignId campaign = candidates[candidate_idx].campaign;
    const bool selected = selected_[campaign] != 0;
    credited_[campaign] = 1;
    credits_selected |= selected;
    totals_[Slot(source_idx, campaign)] += weight;
    if (selected && splits_one_credit) selection_totals_[source_idx] += weight;
    for (size_t idx = 0; idx < property_values_.size(); ++idx) {
      if (!property_values_[idx]) continue;
      const uint32_t slot = source.first_property + static_cast<uint32_t>(idx);
      const __int128 pico = CreditedPico(weight, *property_values_[idx]);
      property_sums_[Slot(slot, campaign)] += pico;
      if (selected && splits_one_credit) selection_property_sums_[slot] += pico;
    }
    user_keys_.push_back(Slot(source_idx, campaign));
  }
  // Under any_touch every credited campaign gets the whole event; the selection counts it,
  // and its property values, once.
  if (!splits_one_credit && credits_selected) {
    selection_totals_[source_idx] += 1;
    for (size_t idx = 0; idx < property_values_.size(); ++idx) {
      if (!property_values_[idx]) continue;
      selection_property_sums_[source.first_property + idx] +=
          CreditedPico(1.0, *property_values_[idx]);
    }
  }
}

void FormulaAggregateScan::MergeFrom(const FormulaAggregateScan& other) {
  PAYBACK_ASSERT(&other.plan_ == &plan_);
  auto add = [](auto& into, const auto& from) {
    for (size_t idx = 0; idx < into.size(); ++idx) into[idx] += from[idx];
  };
  add(totals_, other.totals_);
  add(uniques_, other.uniques_);
  add(property_sums_, other.property_sums_);
  add(selection_totals_, other.selection_totals_);
  add(selection_uniques_, other.selection_uniques_);
  add(selection_property_sums_, other.selection_property_sums_);
  for (size_t idx = 0; idx < credited_.size(); ++idx) credited_[idx] |= other.credited_[idx];
}

FormulaValue FormulaAggregateScan::CampaignValue(CampaignId campaign, size_t aggregate) const {
  PAYBACK_ASSERT(aggregate < plan_.targets_.size() && campaign < campaigns_);
  const FormulaAggregatePlan::Target& target = plan_.targets_[aggregate];
  switch (target.kind) {
    case AggregateKind::kTotals:
      return CreditSumValue(totals_[Slot(target.source, campaign)]);
    case AggregateKind::kUniques:
      return FormulaValue::FromInt(uniques_[Slot(target.source, campaign)]);
    case AggregateKind::kPropSum:
      return FormulaValue::FromPico(property_sums_[Slot(target.property_slot, campaign)]);
  }
  return FormulaValue::Null();
}

FormulaValue FormulaAggregateScan::SelectionValue(size_t aggregate) const {
  PAYBACK_ASSERT(aggregate < plan_.targets_.size());
  const FormulaAggregatePlan::Target& target = plan_.targets_[aggregate];
  switch (target.kind) {
    case AggregateKind::kTotals:
      return CreditSumValue(selection_totals_[target.source]);
    case AggregateKind::kUniques:
      return FormulaValue::FromInt(selection_uniques_[target.source]);
    case AggregateKind::kPropSum:
      return FormulaValue::FromPico(selection_property_sums_[target.property_slot]);
  }
  return FormulaValue::Null();
}

}  // namespace payback
