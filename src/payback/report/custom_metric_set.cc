#include "payback/report/custom_metric_set.h"

#include <fmt/format.h>

#include <string_view>
#include <utility>

#include "payback/common/assert.h"
#include "payback/common/text.h"
#include "payback/formula/parser.h"
#include "payback/report/formula_aggregates.h"
#include "payback/report/roi_metrics.h"

namespace payback {
namespace {

using MetricGetter = FormulaValue (*)(const MetricValues&, MoneyPresence presence);

FormulaValue FromOptionalPico(std::optional<__int128> pico) {
  return pico ? FormulaValue::FromPico(*pico) : FormulaValue::Null();
}

/// Every metric of a report row by its metrics.md name: the source of MetricFormulaValues.
const std::vector<std::pair<std::string_view, MetricGetter>>& MetricGetters() {
  static const std::vector<std::pair<std::string_view, MetricGetter>> kGetters = {
      {"sent", [](const MetricValues& m, MoneyPresence) { return FormulaValue::FromInt(m.sent); }},
      {"delivered",
       [](const MetricValues& m, MoneyPresence) { return FormulaValue::FromInt(m.delivered); }},
      {"viewed",
       [](const MetricValues& m, MoneyPresence) { return FormulaValue::FromInt(m.viewed); }},
      {"clicked",
       [](const MetricValues& m, MoneyPresence) { return FormulaValue::FromInt(m.clicked); }},
      {"delivered_messages",
       [](const MetricValues& m, MoneyPresence) {
         return FormulaValue::FromInt(m.delivered_messages);
       }},
      {"clicked_messages", [](const MetricValues& m,
                              MoneyPresence) { return FormulaValue::FromInt(m.clicked_messages); }},
      {"ctr", [](const MetricValues& m,
                 MoneyPresence) { return FormulaValue::FromOptionalDouble(m.ctr()); }},
      {"conversions",
       [](const MetricValues& m, MoneyPresence) { return CreditSumValue(m.conversions); }},
      {"unique_conversions",
       [](const MetricValues& m, MoneyPresence) {
         return FormulaValue::FromInt(m.unique_conversions);
       }},
      {"converted_messages",
       [](const MetricValues& m, MoneyPresence) {
         return FormulaValue::FromInt(m.converted_messages);
       }},
      {"conversion_rate",
       [](const MetricValues& m, MoneyPresence) {
         return FormulaValue::FromOptionalDouble(m.conversion_rate());
       }},
      {"revenue",
       [](const MetricValues& m, MoneyPresence presence) {
         return presence.revenue ? FormulaValue::FromPico(m.revenue_pico) : FormulaValue::Null();
       }},
      {"cost", [](const MetricValues& m,
                  MoneyPresence presence) { return FromOptionalPico(CostPico(m, presence)); }},
      {"net_return",
       [](const MetricValues& m, MoneyPresence presence) {
         return FromOptionalPico(NetReturnPico(m, presence));
       }},
      {"roi",
       [](const MetricValues& m, MoneyPresence presence) {
         return FormulaValue::FromOptionalDouble(Roi(m, presence));
       }},
      {"roas",
       [](const MetricValues& m, MoneyPresence presence) {
         return FormulaValue::FromOptionalDouble(Roas(m, presence));
       }},
      {"cpa", [](const MetricValues& m,
                 MoneyPresence presence) { return FromOptionalPico(CpaPico(m, presence)); }},
      {"aov", [](const MetricValues& m,
                 MoneyPresence presence) { return FromOptionalPico(AovPico(m, presence)); }},
      {"reached_users",
       [](const MetricValues& m, MoneyPresence) { return FormulaValue::FromInt(m.reached_users); }},
      {"opened_users",
       [](const MetricValues& m, MoneyPresence) { return FormulaValue::FromInt(m.opened_users); }},
      {"open_rate", [](const MetricValues& m,
                       MoneyPresence) { return FormulaValue::FromOptionalDouble(m.open_rate()); }},
      {"products_per_reached",
       [](const MetricValues& m, MoneyPresence) {
         return FormulaValue::FromOptionalDouble(m.products_per_reached());
       }},
      {"direct_conversions",
       [](const MetricValues& m, MoneyPresence) {
         return m.splits_sales ? CreditSumValue(m.direct_conversions) : FormulaValue::Null();
       }},
      {"related_conversions",
       [](const MetricValues& m, MoneyPresence) {
         return m.splits_sales ? CreditSumValue(m.related_conversions) : FormulaValue::Null();
       }},
      {"balance",
       [](const MetricValues& m, MoneyPresence presence) {
         return FromOptionalPico(SnapshotSum(m.balance_pico, presence));
       }},
      {"profit",
       [](const MetricValues& m, MoneyPresence presence) {
         return FromOptionalPico(SnapshotSum(m.profit_pico, presence));
       }},
      {"unvalued_conversions",
       [](const MetricValues& m, MoneyPresence presence) {
         return presence.snapshots ? CreditSumValue(m.unvalued_conversions) : FormulaValue::Null();
       }},
      {"profit_roi",
       [](const MetricValues& m, MoneyPresence presence) {
         return FormulaValue::FromOptionalDouble(ProfitRoi(m, presence));
       }},
  };
  return kGetters;
}

/// The getter of each catalogue metric, by catalogue index.
const std::vector<MetricGetter>& GettersByCatalogIndex() {
  static const std::vector<MetricGetter> kByIndex = [] {
    const MetricCatalog& catalog = ReportMetricCatalog();
    std::vector<MetricGetter> getters(catalog.size(), nullptr);
    for (const auto& [name, getter] : MetricGetters()) {
      const std::optional<size_t> index = catalog.FindByName(name);
      PAYBACK_ASSERT(index.has_value());
      getters[*index] = getter;
    }
    for (const MetricGetter getter : getters) PAYBACK_ASSERT(getter != nullptr);
    return getters;
  }();
  return kByIndex;
}

bool SameAggregate(const FormulaAggregate& left, const FormulaAggregate& right) {
  return left.kind == right.kind && left.event == right.event && left.property == right.property &&
         left.filter_text == right.filter_text;
}

}  // namespace

std::vector<std::string> CustomValueLabels(const std::vector<CustomMetricColumn>& columns) {
  std::vector<std::string> labels;
  for (const CustomMetricColumn& column : columns) {
    if (column.formula_count == 1) {
      labels.push_back(column.name);
      continue;
    }
    for (size_t formula = 1; formula <= column.formula_count; ++formula) {
      labels.push_back(fmt::format("{} ({})", column.name, formula));
    }
  }
  return labels;
}

const MetricCatalog& ReportMetricCatalog() {
  static const MetricCatalog kCatalog = [] {
    auto catalog = MetricCatalog::Create(DefaultMetricDefs());
    PAYBACK_ASSERT(catalog.ok());
    return std::move(catalog).value();
  }();
  return kCatalog;
}

std::vector<FormulaValue> MetricFormulaValues(const MetricValues& metrics, MoneyPresence presence) {
  const std::vector<MetricGetter>& getters = GettersByCatalogIndex();
  std::vector<FormulaValue> values;
  values.reserve(getters.size());
  for (const MetricGetter getter : getters) values.push_back(getter(metrics, presence));
  return values;
}

Result<CustomMetricSet> CustomMetricSet::Compile(
    const std::vector<CustomMetricDefinition>& definitions) {
  CustomMetricSet set;
  for (const CustomMetricDefinition& definition : definitions) {
    auto compiled = CompiledFormula::Compile(definition.formula, ReportMetricCatalog());
    if (!compiled.ok()) {
      return Status::InvalidInput(
          fmt::format("custom metric {}: {}", QuoteForMessage(definition.name),
                      compiled.status().message()),
          compiled.status().location());
    }
    Metric metric{std::move(compiled).value(), {}};
    for (const FormulaAggregate& aggregate : metric.formula.aggregates()) {
      size_t index = 0;
      while (index < set.aggregates_.size() && !SameAggregate(set.aggregates_[index], aggregate)) {
        ++index;
      }
      if (index == set.aggregates_.size()) set.aggregates_.push_back(aggregate);
      metric.aggregate_indices.push_back(index);
    }
    set.columns_.push_back(CustomMetricColumn{definition.name, metric.formula.formula_count()});
    set.metrics_.push_back(std::move(metric));
  }
  return set;
}

std::vector<CustomValue> CustomMetricSet::Evaluate(std::span<const FormulaValue> metrics,
                                                   std::span<const FormulaValue> aggregates) const {
  PAYBACK_ASSERT(aggregates.size() >= aggregates_.size());
  std::vector<CustomValue> values;
  std::vector<FormulaValue> local_aggregates;
  FormulaValue results[kMaxFormulas];
  for (const Metric& metric : metrics_) {
    local_aggregates.clear();
    for (const size_t index : metric.aggregate_indices)
      local_aggregates.push_back(aggregates[index]);
    const size_t count = metric.formula.formula_count();
    PAYBACK_ASSERT(count <= kMaxFormulas);
    metric.formula.Evaluate(FormulaRow{metrics, local_aggregates}, std::span(results, count));
    for (size_t idx = 0; idx < count; ++idx) values.push_back(results[idx].ToDouble());
  }
  return values;
}

}  // namespace payback
