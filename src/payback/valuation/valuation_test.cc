#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "payback/store/test_event_store.h"
#include "payback/valuation/product_promotions.h"
#include "payback/valuation/snapshot_valuation.h"

namespace payback {
namespace {

AccountSnapshot Snapshot(std::string account, int32_t month, Micros balance, Micros profit) {
  return AccountSnapshot{std::move(account), month, balance, profit};
}

uint64_t RowOfUser(const EventStore& store, std::string_view user) {
  for (uint32_t code = 0; code < store.dictionaries.users.size(); ++code) {
    if (store.dictionaries.users.Get(code) == user) return store.user_starts[code];
  }
  ADD_FAILURE() << "no user " << user;
  return 0;
}

TEST(SnapshotValuation, FindsTheAccountsSnapshotOfTheMonth) {
  const std::vector<AccountSnapshot> snapshots = {
      Snapshot("A2", 677, 5'000'000'000, 12'500'000),  // 2026-06
      Snapshot("A1", 679, 900'000'000, -1'000'000),    // 2026-08
      Snapshot("A1", 678, 1'000'000'000, 2'000'000),   // 2026-07
  };
  const EventStore store = BuildStore({
      {"text", 0, "product_opened", "", "", {}, {{"account_id", "A1"}}},
      {"number", 0, "product_opened", "", "", {{"account_id", 10045'000'000}}, {}},
      {"none", 0, "product_opened"},
  });
  std::vector<AccountSnapshot> with_number = snapshots;
  with_number.push_back(Snapshot("10045", 678, 7'000'000, 0));
  const SnapshotValuation valuation(with_number, store);
  ASSERT_FALSE(valuation.empty());
  ASSERT_NE(valuation.Find("A1", 678), nullptr);
  EXPECT_EQ(valuation.Find("A1", 678)->balance, 1'000'000'000);
  EXPECT_EQ(valuation.Find("A1", 679)->profit, -1'000'000);
  EXPECT_EQ(valuation.Find("A1", 677), nullptr);
  EXPECT_EQ(valuation.Find("A", 678), nullptr);
  EXPECT_EQ(valuation.Find("A2", 677)->profit, 12'500'000);
  std::string scratch;
  const AccountSnapshot* text = valuation.At(store, RowOfUser(store, "text"), 678, scratch);
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->account_id, "A1");
  // An account column a CSV file read as numbers still finds the account given as text.
  const AccountSnapshot* number = valuation.At(store, RowOfUser(store, "number"), 678, scratch);
  ASSERT_NE(number, nullptr);
  EXPECT_EQ(number->balance, 7'000'000);
  EXPECT_EQ(valuation.At(store, RowOfUser(store, "none"), 678, scratch), nullptr);

  EXPECT_TRUE(SnapshotValuation({}, store).empty());
}

TEST(ProductPromotions, DirectWhenTheCampaignPromotesTheConversionsProduct) {
  const EventStore store = BuildStore({
      {"u1", 0, "reached", "checking_promo"},
      {"u1", 1, "reached", "card_promo"},
      {"u1", 2, "reached", "newsletter"},
      {"u1", 3, "product_opened", "", "", {}, {{"product", "checking"}}},
      {"u2", 3, "product_opened", "", "", {}, {{"product", "cd"}}},
      {"u3", 3, "product_opened"},
  });
  auto record = [](std::string id, std::vector<std::string> products) {
    CampaignRecord out;
    out.campaign_id = std::move(id);
    out.promoted_products = std::move(products);
    return out;
  };
  const CampaignRecord checking_promo = record("checking_promo", {"savings", "checking"});
  const CampaignRecord card_promo = record("card_promo", {"credit_card"});
  const CampaignRecord newsletter = record("newsletter", {});
  std::vector<const CampaignRecord*> metadata(store.dictionaries.campaigns.size(), nullptr);
  for (uint32_t code = 0; code < metadata.size(); ++code) {
    const std::string_view id = store.dictionaries.campaigns.Get(code);
    if (id == "checking_promo") metadata[code] = &checking_promo;
    if (id == "card_promo") metadata[code] = &card_promo;
    if (id == "newsletter") metadata[code] = &newsletter;
  }
  const ProductPromotions promotions(metadata, store);
  ASSERT_FALSE(promotions.empty());
  auto code_of = [&](std::string_view id) {
    for (uint32_t code = 0; code < store.dictionaries.campaigns.size(); ++code) {
      if (store.dictionaries.campaigns.Get(code) == id) return code;
    }
    return kNoCampaign;
  };
  EXPECT_TRUE(promotions.PromotesAny(code_of("checking_promo")));
  EXPECT_FALSE(promotions.PromotesAny(code_of("newsletter")));
  std::string scratch;
  const uint32_t checking = promotions.ProductAt(store, RowOfUser(store, "u1") + 3, scratch);
  ASSERT_NE(checking, ProductPromotions::kUnpromoted);
  EXPECT_TRUE(promotions.Promotes(code_of("checking_promo"), checking));
  EXPECT_FALSE(promotions.Promotes(code_of("card_promo"), checking));
  EXPECT_FALSE(promotions.Promotes(code_of("newsletter"), checking));
  EXPECT_EQ(promotions.ProductAt(store, RowOfUser(store, "u2"), scratch),
            ProductPromotions::kUnpromoted);  // a cd: no campaign promotes it
  EXPECT_EQ(promotions.ProductAt(store, RowOfUser(store, "u3"), scratch),
            ProductPromotions::kUnpromoted);  // no product at all

  const std::vector<const CampaignRecord*> nothing(metadata.size(), &newsletter);
  EXPECT_TRUE(ProductPromotions(nothing, store).empty());
}

}  // namespace
}  // namespace payback
