#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "payback/types.h"

namespace payback {

/// A fixed value per conversion (the call center's "Revenue Per Sale"), in force from `from`:
/// a conversion is valued with the entry in force at its own timestamp (docs/costs.md).
struct FixedConversionValue {
  Micros amount = 0;     ///< micro-units of the reporting currency, >= 0
  std::string campaign;  ///< "" = every conversion; else only conversions whose event names it
  std::string from;      ///< date or timestamp (workspace time zone); "" = always

  bool operator==(const FixedConversionValue&) const = default;
};

/// One conversion definition of a workspace (data.md, "Settings file"; metrics.md, "Attribution"):
/// which events count as conversions, how they are valued, and how credit is given to touches.
/// A plain value type; the settings parser guarantees the documented invariants for values it
/// returns, code that builds one by hand must keep them.
struct ConversionDefinition {
  /// Unique within the workspace (case-insensitive), non-empty.
  std::string name;
  /// Event name as ingested; an alias or canonical name also matches (the engine resolves it).
  std::string event;
  /// Property filter in the `where` language (settings/where_predicate.h); "" = no filter.
  std::string where;
  /// Look-back window of the candidate touches, seconds, > 0. YAML key `window`, default 7d.
  int64_t window_s = 7 * 86400;
  /// Numeric property holding the conversion's revenue; "" = the definition has no value.
  std::string value;
  /// Or a fixed revenue per conversion (YAML key `value_per_conversion`), effective-dated and
  /// optionally per campaign; never set together with `value`.
  std::vector<FixedConversionValue> fixed_values;
  /// Event type that counts as a touch (canonical name or alias).
  std::string touch = "clicked";
  /// Event type (canonical name or alias) the user must also have from a touch's campaign, at
  /// or before the conversion, for the touch to count; "" = none. YAML key `requires`: the bank
  /// seed credits an opened (`viewed`) campaign only to customers it reached (`delivered`).
  std::string requires_event;
  /// Attribution model name (metrics.md); the engine checks that it names a known model.
  std::string model = "last_touch";
  /// Half-life of the `time_decay` model, seconds, > 0. YAML key `half_life`; kept (and
  /// ignored) for the other models.
  int64_t half_life_s = 7 * 86400;
  /// `custom_position` only (required there, absent otherwise): the (first, middle, last)
  /// weights, each >= 0 with a positive sum; the model normalises them. YAML key
  /// `weights: {first: 0.3, middle: 0.4, last: 0.3}`.
  std::optional<std::array<double, 3>> position_weights;

  bool operator==(const ConversionDefinition&) const = default;
};

/// A custom KPI: a named formula over a report row (the formula module parses `formula`).
struct CustomMetricDefinition {
  /// Unique within the workspace (case-insensitive), non-empty.
  std::string name;
  /// Formula text, non-empty; validated by the formula module, not by the settings parser.
  std::string formula;

  bool operator==(const CustomMetricDefinition&) const = default;
};

/// What a cost line charges (metrics.md, "Cost and ROI variants"; docs/costs.md).
enum class CostLineType : uint8_t {
  kMessage,      ///< per outbound `sent` or inbound `received` event, x its `segments`
  kCarrierFee,   ///< per message as well, kept apart (not in a broadcast's messaging ROI)
  kPlatformFee,  ///< per billing period, amortized per day over the report period
  kCall,         ///< per `call` event
  kAgentHour,    ///< per agent hour of the timesheets
  kCommission,   ///< per credited sale: a flat amount or a share of its revenue
};

/// The direction of a messaging cost: outbound messages are `sent` events, inbound `received`.
enum class MessageDirection : uint8_t { kOutbound, kInbound };

/// How often a platform fee is billed: 12, 4 or 1 periods a year.
enum class FeePeriod : uint8_t { kMonth, kQuarter, kYear };

/// One cost line of the settings. Lines of one type that match an event form its schedule:
/// the line in force at the event's own timestamp applies, the most specific first (campaign,
/// then channel, then neither) and, among equally specific ones, the latest `from`.
struct CostLine {
  CostLineType type = CostLineType::kMessage;
  /// Money per unit (message or segment, call, agent hour, sale, fee period), micro-units,
  /// >= 0. Unused by a commission given as a share.
  Micros amount = 0;
  /// kCommission only: a share of the credited revenue in millionths (10% = 100000), set
  /// instead of a flat amount.
  std::optional<int64_t> share_ppm;
  std::string campaign;  ///< "" = every campaign (not kPlatformFee, which is workspace-wide)
  std::string channel;   ///< kMessage, kCarrierFee: the campaign's channel; "" = any
  MessageDirection direction = MessageDirection::kOutbound;  ///< kMessage, kCarrierFee
  FeePeriod period = FeePeriod::kMonth;                      ///< kPlatformFee
  std::string conversion;  ///< kCommission: the conversion definition's name; "" = any
  std::string from;        ///< date or timestamp (workspace time zone); "" = always

  bool operator==(const CostLine&) const = default;
};

/// A monthly goal (issue 5, docs/costs.md "Targets"): revenue and/or ROI for one calendar
/// month of the workspace time zone, for one campaign or the whole workspace.
struct Target {
  std::string campaign;           ///< "" = the whole workspace
  std::string month;              ///< `YYYY-MM`
  std::optional<Micros> revenue;  ///< revenue goal, micro-units
  std::optional<double> roi;      ///< ROI goal as a fraction ((revenue - cost) / cost; 1.5 = 150%)

  bool operator==(const Target&) const = default;
};

/// The settings of one workspace, as applied by `payback config apply` and printed by
/// `payback config show` (settings/settings_yaml.h converts to and from YAML).
struct Settings {
  /// IANA time zone name, non-empty; its validity is checked by the engine.
  std::string timezone = "UTC";
  /// ISO 4217 reporting currency code, non-empty; its validity is checked by the engine.
  std::string currency = "USD";
  /// The workspace's own event-name aliases (added to the built-in defaults), in file order:
  /// input name -> canonical name. Input names are unique.
  std::vector<std::pair<std::string, std::string>> aliases;
  /// Conversion definitions in file order; the first is the reports' default.
  std::vector<ConversionDefinition> conversions;
  /// Custom KPIs in file order.
  std::vector<CustomMetricDefinition> custom_metrics;
  /// Cost lines in file order (campaign expenses come from the catalog, not from here).
  std::vector<CostLine> costs;
  /// Monthly targets in file order; (campaign, month) pairs are unique.
  std::vector<Target> targets;

  bool operator==(const Settings&) const = default;
};

}  // namespace payback
