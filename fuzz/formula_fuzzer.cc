// libFuzzer target for the custom-metric formula language: compiles arbitrary text against a
// small fixed catalogue and, when it compiles, checks that ToString() is a fixed point of
// Compile(ToString()) with the same needs and values, and that evaluation on fixed rows never
// yields inf or NaN. Errors must carry a column inside the text (or one past its end).

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "payback/formula/compiled_formula.h"
#include "payback/formula/formula_chars.h"
#include "payback/formula/formula_error.h"

namespace {

void Check(bool condition, const char* what, std::string_view detail) {
  if (condition) return;
  std::fprintf(stderr, "formula_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

const payback::MetricCatalog& Catalog() {
  static const payback::MetricCatalog catalog = [] {
    auto defs = payback::DefaultMetricDefs();
    defs.push_back({"cost", {"Cost"}, payback::MetricKind::kMoney});
    // A display name that starts with a function name and one that extends another.
    defs.push_back({"aov", {"Average Order Value"}, payback::MetricKind::kMoney});
    defs.push_back({"revenue_net", {"Revenue Net"}, payback::MetricKind::kMoney});
    auto created = payback::MetricCatalog::Create(std::move(defs));
    Check(created.ok(), "catalogue", created.status().ToString());
    return std::move(created).value();
  }();
  return catalog;
}

// Fixed values cycled over the metrics and aggregates: exact, double, null, zero, extremes.
std::vector<payback::FormulaValue> SampleValues() {
  using payback::FormulaValue;
  return {
      FormulaValue::FromInt(0),
      FormulaValue::FromInt(3),
      FormulaValue::FromMicros(100'000'000),
      FormulaValue::Null(),
      FormulaValue::FromDouble(0.0425),
      FormulaValue::FromInt(-7),
      FormulaValue::FromPico(1),
      FormulaValue::FromPico(std::numeric_limits<__int128>::max()),
      FormulaValue::FromPico(std::numeric_limits<__int128>::min()),
      FormulaValue::FromDouble(1e300),
      FormulaValue::FromDouble(-1e-300),
  };
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto compiled = payback::CompiledFormula::Compile(text, Catalog());
  if (!compiled.ok()) {
    const int64_t column = compiled.status().location().column;
    Check(column >= 1, "error without a column", text);
    Check(column <= payback::formula_chars::ColumnOf(text, text.size()), "column past the end",
          text);
    Check(!payback::RenderErrorWithCaret(text, compiled.status()).empty(), "empty rendering", text);
    return 0;
  }
  const payback::CompiledFormula& formula = *compiled;
  const std::string canonical = formula.ToString();
  auto reparsed = payback::CompiledFormula::Compile(canonical, Catalog());
  Check(reparsed.ok(), "ToString() does not compile", canonical);
  Check(reparsed->ToString() == canonical, "ToString() is not stable", canonical);
  Check(reparsed->formula_count() == formula.formula_count(), "formula count differs", canonical);
  Check(reparsed->metric_indices() == formula.metric_indices(), "metrics differ", canonical);
  Check(reparsed->aggregates().size() == formula.aggregates().size(), "aggregates differ",
        canonical);
  for (size_t aggregate_idx = 0; aggregate_idx < formula.aggregates().size(); ++aggregate_idx) {
    const auto& a = formula.aggregates()[aggregate_idx];
    const auto& b = reparsed->aggregates()[aggregate_idx];
    Check(a.kind == b.kind && a.event == b.event && a.property == b.property &&
              a.filter_text == b.filter_text,
          "aggregate differs", canonical);
  }
  (void)formula.CheckProperties(
      [](std::string_view, std::string_view property) { return property.size() % 2 == 0; });

  const auto samples = SampleValues();
  std::vector<payback::FormulaValue> metrics(Catalog().size());
  std::vector<payback::FormulaValue> aggregates(formula.aggregates().size());
  for (size_t offset = 0; offset < samples.size(); ++offset) {
    for (size_t idx = 0; idx < metrics.size(); ++idx) {
      metrics[idx] = samples[(idx + offset) % samples.size()];
    }
    for (size_t idx = 0; idx < aggregates.size(); ++idx) {
      aggregates[idx] = samples[(idx * 3 + offset) % samples.size()];
    }
    const payback::FormulaRow row{metrics, aggregates};
    const auto values = formula.Evaluate(row);
    const auto reparsed_values = reparsed->Evaluate(row);
    Check(values.size() == formula.formula_count(), "value count", canonical);
    for (size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
      const auto number = values[value_idx].ToDouble();
      Check(!number || std::isfinite(*number), "non-finite value", canonical);
      Check(values[value_idx] == reparsed_values[value_idx], "evaluation differs", canonical);
    }
  }
  return 0;
}
