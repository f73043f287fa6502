#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace payback {

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
  /// Event type that counts as a touch (canonical name or alias).
  std::string touch = "clicked";
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

  bool operator==(const Settings&) const = default;
};

}  // namespace payback
