#pragma once

#include <string>
#include <string_view>

#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// Parses and validates a settings file (data.md, "Settings file"); `file_name` is only used in
/// error locations. The whole file is validated before anything is returned: either every
/// rule holds and the Settings are returned, or the first error in document order is returned
/// as InvalidInput with ErrorLocation{file_name, line (1-based), field, column}, where field is
/// the key path (`currency`, `aliases["Email Opened"]`, `conversions[1].window`,
/// `conversions[0].weights.first`, `custom_metrics[0].name`; list indices are 0-based) and
/// column is set for YAML syntax errors (column in the line) and for `where` and duration
/// errors (character position inside the value).
///
/// Rules: an empty file is all defaults. Top-level keys: timezone, currency, aliases,
/// conversions, custom_metrics, costs, targets, all optional; no key may repeat in any map.
/// timezone and currency are non-empty strings (their meaning is checked by the engine). aliases
/// maps non-empty strings to non-empty strings. conversions is a list of maps with keys name and
/// event (required, non-empty), where (a WherePredicate; empty or null = no filter), window
/// and half_life (durations, see ParseDurationSeconds), value (property name; empty or null =
/// none), touch (non-empty), model (a lower-case identifier, `[a-z][a-z0-9_]*`; the engine
/// checks that it names a model) and weights (`{first, middle, last}`, numbers >= 0 with a
/// positive sum; required with model custom_position and refused with any other model).
/// Conversion names are unique case-insensitively (ASCII), as are custom metric names.
/// custom_metrics is a list of maps {name, formula}, both required non-empty strings (the
/// formula is checked by the formula module). A null aliases/conversions/custom_metrics is
/// an empty one. Unknown keys are refused with a did-you-mean suggestion when one is close.
/// A conversion's value_per_conversion is an amount or a non-empty list of {amount, campaign,
/// from}, refused beside a non-empty value. costs is a list of cost lines (docs/costs.md):
/// type (read first, whatever its position), amount (money >= 0) or, for a commission, share
/// (`0.1` or `10%`, at most 6 decimals of the fraction, 0 to 100%), from (a date or
/// timestamp), and the keys the type takes (campaign, channel, direction, period, conversion);
/// two lines with the same type, scope and `from` instant are refused, as are two fixed values
/// with the same campaign and `from` instant. targets is a list of {campaign, month (YYYY-MM),
/// revenue (money), roi (a fraction or percentage >= 0)} with at least one goal, unique per
/// (campaign, month).
/// Exceptions from yaml-cpp are caught here. Thread-safe.
Result<Settings> ParseSettingsYaml(std::string_view yaml_text, std::string_view file_name);

/// Writes `settings` as YAML that ParseSettingsYaml accepts and reads back to equal Settings:
/// timezone, currency, then aliases and custom_metrics when non-empty, and conversions with
/// every key (weights only when set). Strings are written plain when that is unambiguous,
/// else double-quoted with escapes; durations with FormatDuration; weights in the shortest
/// form that reads back exactly. Requires valid settings (as ParseSettingsYaml returns them;
/// strings in valid UTF-8). Thread-safe.
std::string SettingsToYaml(const Settings& settings);

}  // namespace payback
