#include "payback/store/string_dictionary.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace payback {
namespace {

TEST(StringDictionary, CodesAreAssignedInOrderOfFirstAddition) {
  StringDictionary dictionary;
  EXPECT_EQ(dictionary.size(), 0u);
  EXPECT_EQ(dictionary.GetOrAdd("alpha"), 0u);
  EXPECT_EQ(dictionary.GetOrAdd("beta"), 1u);
  EXPECT_EQ(dictionary.GetOrAdd("alpha"), 0u);
  EXPECT_EQ(dictionary.GetOrAdd("gamma"), 2u);
  EXPECT_EQ(dictionary.GetOrAdd("beta"), 1u);
  EXPECT_EQ(dictionary.size(), 3u);
  EXPECT_EQ(dictionary.Get(0), "alpha");
  EXPECT_EQ(dictionary.Get(1), "beta");
  EXPECT_EQ(dictionary.Get(2), "gamma");
}

TEST(StringDictionary, FindReturnsMissingForUnknownAndDoesNotAdd) {
  StringDictionary dictionary;
  EXPECT_EQ(dictionary.Find("x"), StringDictionary::kMissing);
  EXPECT_EQ(dictionary.size(), 0u);
  dictionary.GetOrAdd("x");
  EXPECT_EQ(dictionary.Find("x"), 0u);
  EXPECT_EQ(dictionary.Find("y"), StringDictionary::kMissing);
  EXPECT_EQ(dictionary.Find("X"), StringDictionary::kMissing);
  EXPECT_EQ(dictionary.size(), 1u);
}

TEST(StringDictionary, EmptyStringIsAnOrdinaryEntry) {
  StringDictionary dictionary;
  EXPECT_EQ(dictionary.Find(""), StringDictionary::kMissing);
  EXPECT_EQ(dictionary.GetOrAdd(""), 0u);
  EXPECT_EQ(dictionary.GetOrAdd("a"), 1u);
  EXPECT_EQ(dictionary.GetOrAdd(""), 0u);
  EXPECT_EQ(dictionary.Find(""), 0u);
  EXPECT_EQ(dictionary.Get(0), "");
  EXPECT_TRUE(dictionary.Get(0).empty());
  EXPECT_EQ(dictionary.size(), 2u);
}

TEST(StringDictionary, DistinguishesStringsThatShareAPrefixOrDifferOnlyInLength) {
  // Strings around the 8-byte boundary, with a shared prefix, and with embedded NUL bytes
  // (a zero-padded prefix must not make "a" equal "a\0").
  const std::vector<std::string> texts = {
      "a",         std::string("a\0", 2), std::string("a\0\0", 3), "abcdefg",  "abcdefgh",
      "abcdefghi", "abcdefghj",           "abcdefgh1234567890",    "abcdefgh1234567891",
      std::string("\0", 1), "user_000000000001", "user_000000000002"};
  StringDictionary dictionary;
  for (size_t idx = 0; idx < texts.size(); ++idx) {
    EXPECT_EQ(dictionary.GetOrAdd(texts[idx]), idx) << idx;
  }
  EXPECT_EQ(dictionary.size(), texts.size());
  for (size_t idx = 0; idx < texts.size(); ++idx) {
    EXPECT_EQ(dictionary.Find(texts[idx]), idx) << idx;
    EXPECT_EQ(dictionary.Get(static_cast<uint32_t>(idx)), texts[idx]) << idx;
  }
  EXPECT_EQ(dictionary.Find(""), StringDictionary::kMissing);
  EXPECT_EQ(dictionary.Find("abcdefgh123456789"), StringDictionary::kMissing);
}

TEST(StringDictionary, ViewsStayValidAndCodesStableAcrossGrowth) {
  StringDictionary dictionary;
  constexpr uint32_t kCount = 200'000;
  const std::string_view first = dictionary.Get(dictionary.GetOrAdd("first entry"));
  const char* first_data = first.data();
  std::vector<std::string_view> early;
  for (uint32_t idx = 0; idx < 100; ++idx) {
    early.push_back(dictionary.Get(dictionary.GetOrAdd("early-" + std::to_string(idx))));
  }
  // A string longer than one arena chunk (1 MiB) must be stored whole too.
  const std::string huge(3 << 20, 'h');
  const uint32_t huge_code = dictionary.GetOrAdd(huge);
  for (uint32_t idx = 0; idx < kCount; ++idx) {
    dictionary.GetOrAdd("grown-string-number-" + std::to_string(idx));
  }
  EXPECT_EQ(dictionary.size(), 1 + 100 + 1 + kCount);
  EXPECT_EQ(first, "first entry");
  EXPECT_EQ(first.data(), first_data);
  EXPECT_EQ(dictionary.Get(0).data(), first_data);
  for (uint32_t idx = 0; idx < 100; ++idx) {
    EXPECT_EQ(early[idx], "early-" + std::to_string(idx));
    EXPECT_EQ(dictionary.Find("early-" + std::to_string(idx)), 1 + idx);
  }
  EXPECT_EQ(huge_code, 101u);
  EXPECT_EQ(dictionary.Get(huge_code), huge);
  for (uint32_t idx = 0; idx < kCount; idx += 997) {
    const std::string text = "grown-string-number-" + std::to_string(idx);
    EXPECT_EQ(dictionary.Find(text), 102 + idx) << text;
    EXPECT_EQ(dictionary.GetOrAdd(text), 102 + idx) << text;
    EXPECT_EQ(dictionary.Get(102 + idx), text);
  }
  EXPECT_EQ(dictionary.Find("grown-string-number-" + std::to_string(kCount - 1)),
            102 + kCount - 1);
  EXPECT_EQ(dictionary.size(), 1 + 100 + 1 + kCount);
}

TEST(StringDictionary, AppendUncheckedThenFindBuildsTheIndexLazily) {
  StringDictionary dictionary;
  for (uint32_t idx = 0; idx < 1000; ++idx) dictionary.AppendUnchecked("k" + std::to_string(idx));
  dictionary.AppendUnchecked("");
  EXPECT_EQ(dictionary.size(), 1001u);
  EXPECT_EQ(dictionary.Get(7), "k7");
  EXPECT_EQ(dictionary.Find("k0"), 0u);
  EXPECT_EQ(dictionary.Find("k999"), 999u);
  EXPECT_EQ(dictionary.Find(""), 1000u);
  EXPECT_EQ(dictionary.Find("k1000"), StringDictionary::kMissing);
  // GetOrAdd after a load continues the codes.
  EXPECT_EQ(dictionary.GetOrAdd("k1000"), 1001u);
  EXPECT_EQ(dictionary.GetOrAdd("k5"), 5u);
}

TEST(StringDictionary, AppendUncheckedAfterTheIndexExistsKeepsItCurrent) {
  StringDictionary dictionary;
  dictionary.GetOrAdd("a");
  EXPECT_EQ(dictionary.Find("a"), 0u);  // index now built
  // Enough appends to force the index to grow several times.
  for (uint32_t idx = 0; idx < 5000; ++idx) dictionary.AppendUnchecked("b" + std::to_string(idx));
  EXPECT_EQ(dictionary.size(), 5001u);
  for (uint32_t idx = 0; idx < 5000; idx += 37) {
    EXPECT_EQ(dictionary.Find("b" + std::to_string(idx)), 1 + idx);
  }
  EXPECT_EQ(dictionary.Find("b4999"), 5000u);
  EXPECT_EQ(dictionary.GetOrAdd("b4999"), 5000u);
  EXPECT_EQ(dictionary.GetOrAdd("c"), 5001u);
}

TEST(StringDictionary, MovedDictionaryKeepsEntriesAndViews) {
  StringDictionary dictionary;
  dictionary.GetOrAdd("one");
  dictionary.GetOrAdd("two");
  const std::string_view view = dictionary.Get(1);
  StringDictionary moved = std::move(dictionary);
  EXPECT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved.Find("two"), 1u);
  EXPECT_EQ(view, "two");
  EXPECT_EQ(moved.Get(1).data(), view.data());
  EXPECT_EQ(moved.GetOrAdd("three"), 2u);
}

}  // namespace
}  // namespace payback
