#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace payback {

/// The per-row aggregates the engine computes for formula functions. Every formula function
/// is one aggregate or the ratio of two (AVERAGE = TOTALS / UNIQUES), so the engine only
/// implements these three.
enum class AggregateKind : uint8_t {
  kTotals,   ///< number of events (weighted by attribution credit for attributed events)
  kUniques,  ///< number of distinct users with such an event
  kPropSum,  ///< sum of a numeric property over the events (exact)
};

/// A formula function: its name, its arguments and how it is computed from aggregates.
/// Arguments are always `event`, then `property` when takes_property, then an optional
/// `filter`.
struct FunctionDef {
  std::string_view name;       ///< upper case: `TOTALS`
  std::string_view signature;  ///< for messages and docs: `TOTALS(event[, filter])`
  bool takes_property = false;
  AggregateKind numerator = AggregateKind::kTotals;
  /// When set, the function's value is numerator / denominator (null when it is 0), both
  /// aggregates taken over the same event and filter (the denominator without the property).
  std::optional<AggregateKind> denominator;

  /// Fewest and most arguments accepted.
  int min_args() const { return takes_property ? 2 : 1; }
  int max_args() const { return min_args() + 1; }
};

/// The formula functions, found by name. Built once (Instance()); immutable afterwards and
/// safe to use from any thread.
class FunctionRegistry {
 public:
  /// The built-in functions of docs/formulas.md.
  static const FunctionRegistry& Instance();

  /// Adds a function. Requires a new, upper-case name (asserted: wiring bug, not user input).
  void Register(const FunctionDef& def);

  /// The function named exactly `name` (case-sensitive), or nullptr.
  const FunctionDef* Find(std::string_view name) const;
  /// The function whose name equals `name` ignoring ASCII case, or nullptr.
  const FunctionDef* FindIgnoreCase(std::string_view name) const;
  /// The function whose name is closest to `name` (case-insensitive edit distance at most
  /// max(2, length / 3)), or nullptr.
  const FunctionDef* Suggest(std::string_view name) const;

  const std::vector<FunctionDef>& functions() const { return functions_; }

 private:
  std::vector<FunctionDef> functions_;
};

/// One registration per function, each in its own file (function_<name>.cc).
void RegisterTotalsFunction(FunctionRegistry& registry);
void RegisterUniquesFunction(FunctionRegistry& registry);
void RegisterAverageFunction(FunctionRegistry& registry);
void RegisterPropSumFunction(FunctionRegistry& registry);
void RegisterPropAvgFunction(FunctionRegistry& registry);

}  // namespace payback
