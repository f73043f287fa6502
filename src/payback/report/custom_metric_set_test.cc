#include "payback/report/custom_metric_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "payback/report/formula_aggregates.h"

namespace payback {
namespace {

CustomMetricDefinition Metric(std::string name, std::string formula) {
  return CustomMetricDefinition{std::move(name), std::move(formula)};
}

/// The catalogue index of a metric by its metrics.md name.
size_t IndexOf(std::string_view name) {
  const std::optional<size_t> index = ReportMetricCatalog().FindByName(name);
  EXPECT_TRUE(index.has_value()) << name;
  return index.value_or(0);
}

MetricValues SampleMetrics() {
  MetricValues metrics;
  metrics.sent = 10;
  metrics.delivered = 8;
  metrics.viewed = 6;
  metrics.clicked = 4;
  metrics.delivered_messages = 8;
  metrics.clicked_messages = 2;
  metrics.conversions = 2.0 / 3.0;
  metrics.unique_conversions = 1;
  metrics.converted_messages = 1;
  metrics.revenue_pico = static_cast<__int128>(12'345'678) * 1'000'000;  // 12.345678
  return metrics;
}

TEST(MetricFormulaValues, GivesEveryCatalogueMetricItsExactOrRatioValue) {
  const std::vector<FormulaValue> values =
      MetricFormulaValues(SampleMetrics(), MoneyPresence{true, false});
  ASSERT_EQ(values.size(), ReportMetricCatalog().size());
  EXPECT_EQ(values[IndexOf("sent")], FormulaValue::FromInt(10));
  EXPECT_EQ(values[IndexOf("delivered")], FormulaValue::FromInt(8));
  EXPECT_EQ(values[IndexOf("viewed")], FormulaValue::FromInt(6));
  EXPECT_EQ(values[IndexOf("clicked")], FormulaValue::FromInt(4));
  EXPECT_EQ(values[IndexOf("delivered_messages")], FormulaValue::FromInt(8));
  EXPECT_EQ(values[IndexOf("clicked_messages")], FormulaValue::FromInt(2));
  EXPECT_EQ(values[IndexOf("ctr")], FormulaValue::FromDouble(0.25));
  // Conversions enter as the 6-decimal value the report shows, exactly.
  EXPECT_EQ(values[IndexOf("conversions")], FormulaValue::FromMicros(666'667));
  EXPECT_EQ(values[IndexOf("unique_conversions")], FormulaValue::FromInt(1));
  EXPECT_EQ(values[IndexOf("converted_messages")], FormulaValue::FromInt(1));
  EXPECT_EQ(values[IndexOf("conversion_rate")], FormulaValue::FromDouble(0.125));
  EXPECT_EQ(values[IndexOf("revenue")], FormulaValue::FromMicros(12'345'678));
}

TEST(MetricFormulaValues, RevenueIsNullWithoutAValuePropertyAndRatiosNullOnZero) {
  const std::vector<FormulaValue> values =
      MetricFormulaValues(MetricValues{}, MoneyPresence{false, false});
  EXPECT_TRUE(values[IndexOf("revenue")].is_null());
  EXPECT_TRUE(values[IndexOf("ctr")].is_null());
  EXPECT_TRUE(values[IndexOf("conversion_rate")].is_null());
  EXPECT_EQ(values[IndexOf("conversions")], FormulaValue::FromInt(0));
}

TEST(CreditSumValue, RoundsToSixDecimalsExactly) {
  EXPECT_EQ(CreditSumValue(3.0), FormulaValue::FromInt(3));
  EXPECT_EQ(CreditSumValue(1.0 / 3.0), FormulaValue::FromMicros(333'333));
  EXPECT_EQ(CreditSumValue(0.5 + 0.25), FormulaValue::FromMicros(750'000));
}

TEST(CustomMetricSet, ColumnsAndLabelsFollowTheSettingsOrder) {
  auto set = CustomMetricSet::Compile(
      {Metric("Revenue per Delivered", "Total Conversions Revenue / Delivered"),
       Metric("Funnel", "Clicked / Delivered; Conversions / Clicked; Revenue / Conversions")});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_EQ(set->columns().size(), 2u);
  EXPECT_EQ(set->columns()[0].name, "Revenue per Delivered");
  EXPECT_EQ(set->columns()[0].formula_count, 1u);
  EXPECT_EQ(set->columns()[1].formula_count, 3u);
  EXPECT_EQ(CustomValueLabels(set->columns()),
            (std::vector<std::string>{"Revenue per Delivered", "Funnel (1)", "Funnel (2)",
                                      "Funnel (3)"}));
  EXPECT_TRUE(set->aggregates().empty());
}

TEST(CustomMetricSet, EvaluatesEveryFormulaOfEveryMetricFlat) {
  auto set = CustomMetricSet::Compile(
      {Metric("Revenue per Delivered", "Total Conversions Revenue / Delivered"),
       Metric("Funnel", "Clicked / Delivered; Revenue / 0; Sent - Delivered")});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  const std::vector<FormulaValue> metrics =
      MetricFormulaValues(SampleMetrics(), MoneyPresence{true, false});
  const std::vector<CustomValue> values = set->Evaluate(metrics, {});
  ASSERT_EQ(values.size(), 4u);
  EXPECT_DOUBLE_EQ(values[0].value(), 12.345678 / 8);
  EXPECT_DOUBLE_EQ(values[1].value(), 0.5);
  EXPECT_FALSE(values[2].has_value());  // division by zero is null
  EXPECT_DOUBLE_EQ(values[3].value(), 2.0);
}

TEST(CustomMetricSet, SharesOneAggregateBetweenFormulasAndMetrics) {
  auto set = CustomMetricSet::Compile(
      {Metric("Per buyer", "PROPSUM(Charged, amount) / UNIQUES(Charged)"),
       Metric("Average basket", "PROPAVG(Charged, amount); AVERAGE(Charged)"),
       Metric("Shoes", "PROPSUM(Charged, amount, \"category = 'Shoes'\")")});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  // PROPSUM(Charged, amount), UNIQUES(Charged), TOTALS(Charged), and the filtered PROPSUM.
  ASSERT_EQ(set->aggregates().size(), 4u);
  EXPECT_EQ(set->aggregates()[0].kind, AggregateKind::kPropSum);
  EXPECT_EQ(set->aggregates()[1].kind, AggregateKind::kUniques);
  EXPECT_EQ(set->aggregates()[2].kind, AggregateKind::kTotals);
  EXPECT_EQ(set->aggregates()[3].kind, AggregateKind::kPropSum);
  EXPECT_EQ(set->aggregates()[3].filter_text, "category = 'Shoes'");

  // Values of the four aggregates: 90.00 over 4 users and 6 events, shoes 30.00.
  const std::vector<FormulaValue> aggregates = {FormulaValue::FromMicros(90'000'000),
                                                FormulaValue::FromInt(4), FormulaValue::FromInt(6),
                                                FormulaValue::FromMicros(30'000'000)};
  const std::vector<CustomValue> values =
      set->Evaluate(MetricFormulaValues(MetricValues{}, MoneyPresence{true, false}), aggregates);
  ASSERT_EQ(values.size(), 4u);
  EXPECT_DOUBLE_EQ(values[0].value(), 22.5);
  EXPECT_DOUBLE_EQ(values[1].value(), 15.0);
  EXPECT_DOUBLE_EQ(values[2].value(), 1.5);
  EXPECT_DOUBLE_EQ(values[3].value(), 30.0);
}

TEST(CustomMetricSet, NullAggregateOrZeroUsersGiveNull) {
  auto set = CustomMetricSet::Compile({Metric("Avg", "AVERAGE(Charged)")});
  ASSERT_TRUE(set.ok());
  const std::vector<FormulaValue> zero = {FormulaValue::FromInt(0), FormulaValue::FromInt(0)};
  const std::vector<CustomValue> values =
      set->Evaluate(MetricFormulaValues(MetricValues{}, MoneyPresence{true, false}), zero);
  ASSERT_EQ(values.size(), 1u);
  EXPECT_FALSE(values[0].has_value());
}

TEST(CustomMetricSet, RefusesAFormulaThatDoesNotCompileWithItsColumn) {
  auto set = CustomMetricSet::Compile(
      {Metric("Fine", "Revenue / Delivered"), Metric("Broken", "Revenue / Delivred")});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(set.status().location().column, 11);
  EXPECT_NE(set.status().message().find("Broken"), std::string::npos);
}

}  // namespace
}  // namespace payback
