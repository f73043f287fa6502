#include "payback/formula/function_registry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace payback {
namespace {

TEST(FunctionRegistry, HoldsTheFiveSeedFunctions) {
  std::vector<std::string> names;
  for (const FunctionDef& def : FunctionRegistry::Instance().functions()) {
    names.emplace_back(def.name);
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"TOTALS", "UNIQUES", "AVERAGE", "PROPSUM", "PROPAVG"}));
}

TEST(FunctionRegistry, FindsByExactNameOrIgnoringCase) {
  const FunctionRegistry& registry = FunctionRegistry::Instance();
  ASSERT_NE(registry.Find("PROPSUM"), nullptr);
  EXPECT_EQ(registry.Find("propsum"), nullptr);
  ASSERT_NE(registry.FindIgnoreCase("propSum"), nullptr);
  EXPECT_EQ(registry.FindIgnoreCase("propSum")->name, "PROPSUM");
  EXPECT_EQ(registry.FindIgnoreCase("SUM"), nullptr);
}

TEST(FunctionRegistry, DescribesArityAndComputation) {
  const FunctionRegistry& registry = FunctionRegistry::Instance();
  const FunctionDef& totals = *registry.Find("TOTALS");
  EXPECT_EQ(totals.min_args(), 1);
  EXPECT_EQ(totals.max_args(), 2);
  EXPECT_FALSE(totals.denominator.has_value());
  const FunctionDef& average = *registry.Find("AVERAGE");
  EXPECT_EQ(average.numerator, AggregateKind::kTotals);
  EXPECT_EQ(average.denominator, AggregateKind::kUniques);
  const FunctionDef& propavg = *registry.Find("PROPAVG");
  EXPECT_EQ(propavg.min_args(), 2);
  EXPECT_EQ(propavg.max_args(), 3);
  EXPECT_EQ(propavg.numerator, AggregateKind::kPropSum);
  EXPECT_EQ(propavg.denominator, AggregateKind::kTotals);
}

TEST(FunctionRegistry, SuggestsCloseNames) {
  const FunctionRegistry& registry = FunctionRegistry::Instance();
  ASSERT_NE(registry.Suggest("TOTAL"), nullptr);
  EXPECT_EQ(registry.Suggest("TOTAL")->name, "TOTALS");
  ASSERT_NE(registry.Suggest("prop_avg"), nullptr);
  EXPECT_EQ(registry.Suggest("prop_avg")->name, "PROPAVG");
  EXPECT_EQ(registry.Suggest("COUNTDISTINCT"), nullptr);
}

}  // namespace
}  // namespace payback
