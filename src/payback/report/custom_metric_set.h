#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "payback/formula/compiled_formula.h"
#include "payback/formula/formula_value.h"
#include "payback/formula/metric_catalog.h"
#include "payback/report.h"
#include "payback/report/roi_metrics.h"
#include "payback/settings.h"
#include "payback/status.h"

namespace payback {

/// The metric catalogue formulas are compiled against: the report row's metrics of
/// metrics.md (DefaultMetricDefs), each of which MetricFormulaValues can supply. Thread-safe.
const MetricCatalog& ReportMetricCatalog();

/// The label of each custom value, flat as CampaignRow::custom: the metric's name, or
/// "Name (1)" ... "Name (n)" for a metric of several formulas. Thread-safe.
std::vector<std::string> CustomValueLabels(const std::vector<CustomMetricColumn>& columns);

/// A report row's metrics as formula inputs, by ReportMetricCatalog() index: counts and money
/// exact, conversions as the exact 6-decimal value the report shows (CreditSumValue), ratios
/// as doubles (null on a zero denominator), revenue null when the report has no revenue.
std::vector<FormulaValue> MetricFormulaValues(const MetricValues& metrics, MoneyPresence presence);

/// The custom metrics of a workspace's settings compiled for reports: each formula parsed once,
/// the event aggregates of all of them deduplicated into one list for the engine to compute.
/// Immutable after Compile; thread-safe for const use.
class CustomMetricSet {
 public:
  /// Compiles every definition against ReportMetricCatalog(). kInvalidInput (with the formula
  /// column) for a formula that does not compile; the message names the custom metric.
  static Result<CustomMetricSet> Compile(const std::vector<CustomMetricDefinition>& definitions);

  /// The report columns: one entry per custom metric, in settings order.
  const std::vector<CustomMetricColumn>& columns() const { return columns_; }
  /// The distinct aggregates every formula needs, for FormulaAggregatePlan.
  const std::vector<FormulaAggregate>& aggregates() const { return aggregates_; }

  /// Every formula's value for one row, flat in columns() order. `metrics` are the row's
  /// metric values (MetricFormulaValues); `aggregates` the values of aggregates(), same order.
  std::vector<CustomValue> Evaluate(std::span<const FormulaValue> metrics,
                                    std::span<const FormulaValue> aggregates) const;

 private:
  struct Metric {
    CompiledFormula formula;
    std::vector<size_t> aggregate_indices;  ///< formula aggregate index -> index in aggregates_
  };

  CustomMetricSet() = default;

  std::vector<Metric> metrics_;
  std::vector<CustomMetricColumn> columns_;
  std::vector<FormulaAggregate> aggregates_;
};

}  // namespace payback
