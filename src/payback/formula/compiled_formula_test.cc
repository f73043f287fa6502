#include "payback/formula/compiled_formula.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "payback/formula/test_metric_catalog.h"

namespace payback {
namespace {

size_t Index(std::string_view name) { return *TestMetricCatalog().FindByName(name); }

CompiledFormula Compile(std::string_view text) {
  auto compiled = CompiledFormula::Compile(text, TestMetricCatalog());
  EXPECT_TRUE(compiled.ok()) << text << ": " << compiled.status().ToString();
  return std::move(compiled).value();
}

// One campaign row with hand-picked values: revenue 100.00, delivered 3, clicked 20,
// conversions 5, cost 57, ctr null (no delivered messages), every other metric 0.
std::vector<FormulaValue> SampleMetrics() {
  std::vector<FormulaValue> metrics(TestMetricCatalog().size(), FormulaValue::FromInt(0));
  metrics[Index("revenue")] = FormulaValue::FromMicros(100'000'000);
  metrics[Index("delivered")] = FormulaValue::FromInt(3);
  metrics[Index("clicked")] = FormulaValue::FromInt(20);
  metrics[Index("conversions")] = FormulaValue::FromInt(5);
  metrics[Index("cost")] = FormulaValue::FromMicros(57'000'000);
  metrics[Index("ctr")] = FormulaValue::Null();
  return metrics;
}

FormulaValue EvaluateOne(std::string_view text, const std::vector<FormulaValue>& metrics,
                         const std::vector<FormulaValue>& aggregates = {}) {
  const CompiledFormula formula = Compile(text);
  EXPECT_EQ(formula.formula_count(), 1u);
  return formula.Evaluate(FormulaRow{metrics, aggregates}).at(0);
}

FormulaValue Exact(std::string_view decimal) {
  // Decimal literals compile to exact values: reuse the language to spell them.
  return EvaluateOne(decimal, SampleMetrics());
}

// The four KPIs of the CleverTap seed ("Custom Metrics"), values computed by hand.
TEST(CompiledFormula, SeedRevenuePerDeliveredMessage) {
  // 100.00 / 3 delivered = 33.33... (not a 12-decimal number: the double nearest 100/3).
  const FormulaValue value = EvaluateOne("Total Conversions Revenue / Delivered", SampleMetrics());
  ASSERT_TRUE(value.is_double());
  EXPECT_EQ(*value.ToDouble(), 100.0 / 3.0);
}

TEST(CompiledFormula, SeedConversionPerClick) {
  // 5 conversions / 20 clicks = 0.25.
  EXPECT_EQ(EvaluateOne("Conversions / Clicked", SampleMetrics()), FormulaValue::FromDouble(0.25));
}

TEST(CompiledFormula, SeedRevenuePerCampaign) {
  EXPECT_EQ(EvaluateOne("Total Conversions Revenue", SampleMetrics()),
            FormulaValue::FromMicros(100'000'000));
}

TEST(CompiledFormula, SeedCostEfficiencyBenchmark) {
  // 100.00 / 57.00 = 1.7543859649122806 (ROAS).
  const FormulaValue value = EvaluateOne("Revenue / Cost", SampleMetrics());
  ASSERT_TRUE(value.is_double());
  EXPECT_EQ(*value.ToDouble(), 100.0 / 57.0);
}

TEST(CompiledFormula, SumsStayExact) {
  EXPECT_EQ(Exact("0.1 + 0.2"), Exact("0.3"));
  EXPECT_TRUE(Exact("0.1 + 0.2").is_exact());
  // 100.00 - 0.01 + 57 = 156.99, exact.
  EXPECT_EQ(EvaluateOne("Revenue - 0.01 + Cost", SampleMetrics()), Exact("156.99"));
  // Money in pico units (fractional credit) adds exactly too.
  std::vector<FormulaValue> metrics = SampleMetrics();
  metrics[Index("revenue")] = FormulaValue::FromPico(333'333'333'333);  // 0.333333333333
  EXPECT_EQ(EvaluateOne("Revenue + Revenue + Revenue", metrics), Exact("0.999999999999"));
}

TEST(CompiledFormula, DivisionGivesDoubleAndSumsBeforeItStayExact) {
  EXPECT_EQ(Exact("10 / 4"), FormulaValue::FromDouble(2.5));
  // (0.1 + 0.2) / 0.3 divides exact 0.3 by exact 0.3: 1, where doubles would
  // give 1.0000000000000002.
  EXPECT_EQ(Exact("(0.1 + 0.2) / 0.3"), FormulaValue::FromDouble(1.0));
  const FormulaValue third = Exact("1 / 3 * 3");
  ASSERT_TRUE(third.is_double());
  EXPECT_DOUBLE_EQ(*third.ToDouble(), 1.0);
}

TEST(CompiledFormula, DivisionByZeroIsNull) {
  std::vector<FormulaValue> metrics = SampleMetrics();
  metrics[Index("delivered")] = FormulaValue::FromInt(0);
  EXPECT_TRUE(EvaluateOne("Revenue / Delivered", metrics).is_null());
  EXPECT_TRUE(EvaluateOne("1 / (Clicked - Clicked)", metrics).is_null());
  EXPECT_TRUE(EvaluateOne("1 / 0 + 5", metrics).is_null());
  EXPECT_TRUE(EvaluateOne("0 / 0", metrics).is_null());
  metrics[Index("conversions")] = FormulaValue::FromDouble(0.0);
  EXPECT_TRUE(EvaluateOne("Clicked / Conversions", metrics).is_null());
}

TEST(CompiledFormula, NullInputsGiveNull) {
  EXPECT_TRUE(EvaluateOne("CTR * 100", SampleMetrics()).is_null());
  EXPECT_TRUE(EvaluateOne("0 * CTR", SampleMetrics()).is_null());
  EXPECT_TRUE(EvaluateOne("-CTR", SampleMetrics()).is_null());
  std::vector<FormulaValue> metrics = SampleMetrics();
  metrics[Index("revenue")] = FormulaValue::Null();  // a definition without a value property
  EXPECT_TRUE(EvaluateOne("Revenue / Delivered", metrics).is_null());
}

TEST(CompiledFormula, DoubleMetricsComputeInDouble) {
  std::vector<FormulaValue> metrics = SampleMetrics();
  metrics[Index("ctr")] = FormulaValue::FromDouble(0.0425);
  const FormulaValue value = EvaluateOne("CTR * 100", metrics);
  ASSERT_TRUE(value.is_double());
  EXPECT_EQ(*value.ToDouble(), 0.0425 * 100);
}

TEST(CompiledFormula, EvaluatesEachFormulaOfTheText) {
  const CompiledFormula formula = Compile("Sent; Delivered * 2; 1 / 0; -Clicked");
  ASSERT_EQ(formula.formula_count(), 4u);
  const std::vector<FormulaValue> metrics = SampleMetrics();
  const std::vector<FormulaValue> values = formula.Evaluate(FormulaRow{metrics, {}});
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0], FormulaValue::FromInt(0));
  EXPECT_EQ(values[1], FormulaValue::FromInt(6));
  EXPECT_TRUE(values[2].is_null());
  EXPECT_EQ(values[3], FormulaValue::FromInt(-20));
}

TEST(CompiledFormula, ListsDistinctMetricsInOrder) {
  const CompiledFormula formula = Compile("Clicked / Delivered + clicked; Unique Conversions");
  EXPECT_EQ(formula.metric_indices(), (std::vector<size_t>{Index("clicked"), Index("delivered"),
                                                           Index("unique_conversions")}));
  EXPECT_TRUE(Compile("1 + 2").metric_indices().empty());
}

TEST(CompiledFormula, ListsDistinctAggregatesAndComputesFunctionsFromThem) {
  const CompiledFormula formula = Compile(
      "AVERAGE(\"App Launched\") + TOTALS(\"App Launched\"); PROPAVG(Charged, amount); "
      "PROPSUM(Charged, amount) + UNIQUES(Charged, 'amount > 5'); "
      "TOTALS(Charged, \"amount>5\") - TOTALS(Charged,'amount > 5')");
  const auto& aggregates = formula.aggregates();
  ASSERT_EQ(aggregates.size(), 6u);
  EXPECT_EQ(aggregates[0].kind, AggregateKind::kTotals);
  EXPECT_EQ(aggregates[0].event, "App Launched");
  EXPECT_EQ(aggregates[1].kind, AggregateKind::kUniques);
  EXPECT_EQ(aggregates[1].event, "App Launched");
  EXPECT_EQ(aggregates[2].kind, AggregateKind::kPropSum);
  EXPECT_EQ(aggregates[2].property, "amount");
  EXPECT_FALSE(aggregates[2].filter.has_value());
  // PROPAVG's denominator counts the events: TOTALS(Charged), without the property.
  EXPECT_EQ(aggregates[3].kind, AggregateKind::kTotals);
  EXPECT_EQ(aggregates[3].event, "Charged");
  EXPECT_EQ(aggregates[3].property, "");
  EXPECT_EQ(aggregates[4].kind, AggregateKind::kUniques);
  ASSERT_TRUE(aggregates[4].filter.has_value());
  EXPECT_EQ(aggregates[4].filter_text, "amount > 5");
  // The two spellings of one filter are one aggregate.
  EXPECT_EQ(aggregates[5].kind, AggregateKind::kTotals);
  EXPECT_EQ(aggregates[5].filter_text, "amount > 5");

  // App Launched: 15,000 events by 3,000 users; Charged: 40 events, amount sum 1,000.50,
  // 7 users with amount > 5, 12 events with amount > 5.
  const std::vector<FormulaValue> values = {FormulaValue::FromInt(15'000),
                                            FormulaValue::FromInt(3'000),
                                            FormulaValue::FromMicros(1'000'500'000),
                                            FormulaValue::FromInt(40),
                                            FormulaValue::FromInt(7),
                                            FormulaValue::FromInt(12)};
  const std::vector<FormulaValue> metrics = SampleMetrics();
  const auto results = formula.Evaluate(FormulaRow{metrics, values});
  EXPECT_EQ(results[0], FormulaValue::FromDouble(15005));    // 15000 / 3000 + 15000
  EXPECT_EQ(results[1], FormulaValue::FromDouble(25.0125));  // 1000.50 / 40
  EXPECT_EQ(results[2], Exact("1007.5"));                    // 1000.50 + 7, exact
  EXPECT_EQ(results[3], FormulaValue::FromInt(0));           // 12 - 12
}

TEST(CompiledFormula, FunctionOfEmptyDataIsNullOnlyWhenItDividesByZero) {
  const CompiledFormula formula = Compile("TOTALS(x); AVERAGE(x); PROPAVG(x, p)");
  const std::vector<FormulaValue> zeros(formula.aggregates().size(), FormulaValue::FromInt(0));
  const std::vector<FormulaValue> metrics = SampleMetrics();
  const auto results = formula.Evaluate(FormulaRow{metrics, zeros});
  EXPECT_EQ(results[0], FormulaValue::FromInt(0));
  EXPECT_TRUE(results[1].is_null());
  EXPECT_TRUE(results[2].is_null());
}

TEST(CompiledFormula, DeepFormulasEvaluateWithAHeapStack) {
  // a + (a + (a + ...)) keeps one pending operand per level: more than the inline stack.
  std::string text = "Clicked";
  for (int level = 0; level < 40; ++level) text = "Clicked + (" + text + ")";
  const std::vector<FormulaValue> metrics = SampleMetrics();
  EXPECT_EQ(EvaluateOne(text, metrics), FormulaValue::FromInt(41 * 20));
}

TEST(CompiledFormula, CheckPropertiesReportsTheNonNumericProperty) {
  const std::string text = "PROPSUM(Charged, amount) + PROPAVG(Charged, category, 'x = 1')";
  const CompiledFormula formula = Compile(text);
  std::vector<std::string> asked;
  const Status status =
      formula.CheckProperties([&asked](std::string_view event, std::string_view property) {
        asked.push_back(std::string(event) + "." + std::string(property));
        return property == "amount";
      });
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.location().column, static_cast<int64_t>(text.find("category")) + 1);
  EXPECT_EQ(asked, (std::vector<std::string>{"Charged.amount", "Charged.category"}));
  EXPECT_TRUE(
      formula.CheckProperties([](std::string_view, std::string_view) { return true; }).ok());
  EXPECT_TRUE(Compile("TOTALS(Charged)")
                  .CheckProperties([](std::string_view, std::string_view) { return false; })
                  .ok());
}

TEST(CompiledFormula, ToStringIsCanonical) {
  EXPECT_EQ(Compile("total conversions revenue/delivered").ToString(), "Revenue / Delivered");
  EXPECT_EQ(Compile("unique_conversions  /  CLICKED").ToString(), "Unique Conversions / Clicked");
  EXPECT_EQ(Compile("((1 + 2)) * 3").ToString(), "(1 + 2) * 3");
  EXPECT_EQ(Compile("1 + (2 * 3)").ToString(), "1 + 2 * 3");
  EXPECT_EQ(Compile("1 - (2 - 3)").ToString(), "1 - (2 - 3)");
  EXPECT_EQ(Compile("1 + (2 + 3)").ToString(), "1 + (2 + 3)");
  EXPECT_EQ(Compile("(1 - 2) - 3").ToString(), "1 - 2 - 3");
  EXPECT_EQ(Compile("-(2 * 3)").ToString(), "-(2 * 3)");
  EXPECT_EQ(Compile("(-2) * 3").ToString(), "-2 * 3");
  EXPECT_EQ(Compile("1 - -2").ToString(), "1 - -2");
  EXPECT_EQ(Compile("- -2").ToString(), "--2");
  EXPECT_EQ(Compile("007.50").ToString(), "7.5");
  EXPECT_EQ(Compile("sent;delivered").ToString(), "Sent; Delivered");
  EXPECT_EQ(Compile("PROPSUM( Charged ,amount,'category=''Shoes''' )").ToString(),
            "PROPSUM(Charged, amount, \"category = 'Shoes'\")");
  EXPECT_EQ(Compile("TOTALS(\"Notification Clicked\", '\"my prop\" > 1')").ToString(),
            "TOTALS(\"Notification Clicked\", \"\"\"my prop\"\" > 1\")");
  EXPECT_EQ(Compile("TOTALS(\"say \"\"hi\"\"\")").ToString(), "TOTALS(\"say \"\"hi\"\"\")");
  EXPECT_EQ(Compile("TOTALS(\"Charged\")").ToString(), "TOTALS(Charged)");
  EXPECT_EQ(Compile("TOTALS(404_page)").ToString(), "TOTALS(\"404_page\")");
}

TEST(CompiledFormula, ToStringParsesBackToItself) {
  for (const std::string_view text :
       {"Total Conversions Revenue / Delivered", "1 - (2 - 3) * -(4 / (5 + 6))",
        "AVERAGE(\"a b\") / PROPAVG(x, \"p q\", 'y in (1, 2) and not z = ''w''')",
        "CTR; Conversion Rate * 100; --Sent; 0.000000000001"}) {
    const std::string canonical = Compile(text).ToString();
    EXPECT_EQ(Compile(canonical).ToString(), canonical) << text;
  }
}

}  // namespace
}  // namespace payback
