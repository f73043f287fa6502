#include "payback/formula/metric_catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace payback {
namespace {

TEST(MetricCatalog, DefaultCoversMetricsMdPerCampaignTableCostVariantsAndBankMetrics) {
  std::vector<std::string> names;
  for (const MetricDef& def : DefaultMetricDefs()) names.push_back(def.name);
  EXPECT_EQ(names, (std::vector<std::string>{"sent",
                                             "delivered",
                                             "viewed",
                                             "clicked",
                                             "delivered_messages",
                                             "clicked_messages",
                                             "ctr",
                                             "conversions",
                                             "unique_conversions",
                                             "converted_messages",
                                             "conversion_rate",
                                             "revenue",
                                             "cost",
                                             "net_return",
                                             "roi",
                                             "roas",
                                             "cpa",
                                             "aov",
                                             "reached_users",
                                             "opened_users",
                                             "open_rate",
                                             "products_per_reached",
                                             "direct_conversions",
                                             "related_conversions",
                                             "balance",
                                             "profit",
                                             "unvalued_conversions",
                                             "profit_roi"}));
  EXPECT_TRUE(MetricCatalog::Create(DefaultMetricDefs()).ok());
}

TEST(MetricCatalog, CanonicalNameIsTheFirstDisplayName) {
  auto catalog = MetricCatalog::Create(
      {{"revenue", {"Revenue", "Total Conversions Revenue"}, MetricKind::kMoney},
       {"cpa", {}, MetricKind::kMoney}});
  ASSERT_TRUE(catalog.ok());
  EXPECT_EQ(catalog->CanonicalName(0), "Revenue");
  EXPECT_EQ(catalog->CanonicalName(1), "cpa");
  EXPECT_EQ(catalog->FindByName("cpa"), 1u);
  EXPECT_FALSE(catalog->FindByName("CPA").has_value());
}

TEST(MetricCatalog, RejectsAmbiguousOrMalformedNames) {
  EXPECT_EQ(
      MetricCatalog::Create({{"a", {"X"}, MetricKind::kCount}, {"b", {"x"}, MetricKind::kCount}})
          .status()
          .code(),
      StatusCode::kInvalidInput);
  EXPECT_FALSE(MetricCatalog::Create({{"", {}, MetricKind::kCount}}).ok());
  EXPECT_FALSE(MetricCatalog::Create({{"a", {"Two  Spaces"}, MetricKind::kCount}}).ok());
  EXPECT_FALSE(MetricCatalog::Create({{"a", {" Leading"}, MetricKind::kCount}}).ok());
  EXPECT_FALSE(MetricCatalog::Create({{"a", {"Cost/Conv"}, MetricKind::kCount}}).ok());
  EXPECT_FALSE(MetricCatalog::Create({{"2x", {}, MetricKind::kCount}}).ok());
  // Function names are reserved, in any case.
  EXPECT_FALSE(MetricCatalog::Create({{"average", {}, MetricKind::kCount}}).ok());
  EXPECT_FALSE(MetricCatalog::Create({{"a", {"Totals"}, MetricKind::kCount}}).ok());
  // A metric may repeat its own name as a display name; a display name may start with a
  // function name.
  EXPECT_TRUE(MetricCatalog::Create({{"ctr", {"CTR"}, MetricKind::kRatio},
                                     {"aov", {"Average Order Value"}, MetricKind::kMoney}})
                  .ok());
}

TEST(MetricCatalog, MatchesLongestSpellingAtWordBoundary) {
  auto catalog = MetricCatalog::Create(DefaultMetricDefs());
  ASSERT_TRUE(catalog.ok());
  const std::string text = "x CONVERSION   rate+conversions conversionsx";
  auto match = catalog->MatchLongest(text, 2);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(catalog->metric(match->metric_index).name, "conversion_rate");
  EXPECT_EQ(match->end, text.find('+'));
  match = catalog->MatchLongest(text, text.find("conversions"));
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(catalog->metric(match->metric_index).name, "conversions");
  EXPECT_FALSE(catalog->MatchLongest(text, text.find("conversionsx")).has_value());
  EXPECT_FALSE(catalog->MatchLongest(text, 0).has_value());
  EXPECT_FALSE(catalog->MatchLongest(text, text.size()).has_value());
}

TEST(MetricCatalog, SuggestsTheClosestSpelling) {
  auto catalog = MetricCatalog::Create(DefaultMetricDefs());
  ASSERT_TRUE(catalog.ok());
  auto suggestion = catalog->Suggest("Delivred / 2", 0);
  ASSERT_TRUE(suggestion.has_value());
  EXPECT_EQ(suggestion->spelling, "Delivered");
  EXPECT_EQ(suggestion->length, 8u);
  suggestion = catalog->Suggest("unique convrsions", 0);
  ASSERT_TRUE(suggestion.has_value());
  EXPECT_EQ(suggestion->spelling, "Unique Conversions");
  EXPECT_EQ(suggestion->length, 17u);
  suggestion = catalog->Suggest("uniq_conversions", 0);
  ASSERT_TRUE(suggestion.has_value());
  EXPECT_EQ(suggestion->spelling, "unique_conversions");
  EXPECT_FALSE(catalog->Suggest("zebra", 0).has_value());
}

}  // namespace
}  // namespace payback
