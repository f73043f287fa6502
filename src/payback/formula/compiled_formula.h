#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "payback/formula/formula_ast.h"
#include "payback/formula/formula_value.h"
#include "payback/formula/function_registry.h"
#include "payback/formula/metric_catalog.h"
#include "payback/settings/where_predicate.h"
#include "payback/status.h"

namespace payback {

/// One per-row aggregate a compiled formula needs from the engine: e.g. the number of
/// `Charged` events with `category = 'Shoes'`. Deduplicated per compiled formula.
struct FormulaAggregate {
  AggregateKind kind = AggregateKind::kTotals;
  std::string event;     ///< as written (case-sensitive); the engine applies its aliases
  std::string property;  ///< kPropSum only, else empty
  std::optional<WherePredicate> filter;  ///< none: every event counts
  std::string filter_text;               ///< canonical filter->ToString(); "" when none
};

/// What Evaluate reads for one row (a campaign or the tiles).
struct FormulaRow {
  /// Metric values by catalogue index; at least up to the largest index in metric_indices().
  std::span<const FormulaValue> metrics;
  /// Aggregate values by index in aggregates(); size >= aggregates().size().
  std::span<const FormulaValue> aggregates;
};

/// A parsed custom-metric text of one to four formulas, compiled to postfix bytecode:
/// parse once, evaluate per row. Immutable after Compile: every method is const and
/// thread-safe. Copyable and movable; owns everything it refers to (the catalogue is only
/// read during Compile).
class CompiledFormula {
 public:
  /// Parses and compiles `text` against `catalog` (metrics) and the built-in functions.
  /// Errors: ParseFormulaText's (parser.h), all InvalidInput with a 1-based column.
  static Result<CompiledFormula> Compile(std::string_view text, const MetricCatalog& catalog);

  /// How many formulas the text holds (1 to 4); Evaluate yields one value per formula.
  size_t formula_count() const { return ast_.roots.size(); }
  /// The catalogue indices of the metrics referenced, distinct, in first-appearance order.
  const std::vector<size_t>& metric_indices() const { return metric_indices_; }
  /// The aggregates the engine must compute per row, distinct, in first-appearance order.
  const std::vector<FormulaAggregate>& aggregates() const { return aggregates_; }
  /// The text as given to Compile.
  const std::string& text() const { return text_; }

  /// Evaluates every formula for one row into results[0 .. formula_count()). Requires
  /// results.size() >= formula_count() and the row sizes documented on FormulaRow
  /// (asserted). Allocation-free unless the formula needs a deep stack (more than 32
  /// pending operands). Null inputs and divisions by zero give null, never inf or NaN.
  void Evaluate(const FormulaRow& row, std::span<FormulaValue> results) const;
  /// Convenience form returning the formula_count() values.
  std::vector<FormulaValue> Evaluate(const FormulaRow& row) const;

  /// Checks the property argument of every PROPSUM/PROPAVG: `is_numeric(event, property)`
  /// says whether the data holds that property as a number. Returns the first failure as
  /// InvalidInput with the column of the property argument; OK when every property is
  /// numeric (or there are none).
  Status CheckProperties(const std::function<bool(std::string_view event,
                                                  std::string_view property)>& is_numeric) const;

  /// Canonical text: metrics by their canonical name (MetricCatalog::CanonicalName), single
  /// spaces around binary operators, parentheses only where needed, numbers as their shortest
  /// exact decimal, names quoted only when needed, filters in canonical `where` form in
  /// double quotes, formulas joined with "; ". Compile accepts it against the same catalogue
  /// and yields the same formula, whose ToString is identical.
  std::string ToString() const;

 private:
  enum class OpCode : uint8_t {
    kPushNumber,     ///< a: index into numbers_
    kPushMetric,     ///< a: catalogue index
    kPushAggregate,  ///< a: aggregate index
    kPushRatio,      ///< a / b: aggregate indices (AVERAGE, PROPAVG)
    kNegate,
    kAdd,
    kSubtract,
    kMultiply,
    kDivide,
    kStore,  ///< pops the formula's value into results[a]
  };
  struct Instruction {
    OpCode op = OpCode::kStore;
    uint32_t a = 0;
    uint32_t b = 0;
  };

  CompiledFormula() = default;

  uint32_t AggregateIndex(AggregateKind kind, const FormulaCall& call);
  void Run(const FormulaRow& row, FormulaValue* stack, std::span<FormulaValue> results) const;
  void AppendNode(uint32_t node_index, std::string* out) const;

  std::string text_;
  FormulaAst ast_;
  std::vector<std::string> metric_names_;  ///< canonical spelling by catalogue index
  std::vector<size_t> metric_indices_;
  std::vector<FormulaAggregate> aggregates_;
  std::vector<FormulaValue> numbers_;
  std::vector<Instruction> code_;
  size_t max_stack_ = 0;
  size_t metrics_needed_ = 0;  ///< 1 + the largest catalogue index referenced
};

}  // namespace payback
