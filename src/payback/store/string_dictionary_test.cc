#include "payback/store/string_dictionary.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <span>
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
  // Strings around the 8-byte boundary, with a shared prefix, with embedded NUL bytes (a
  // zero-padded prefix must not make "a" equal "a\0"), and long ones.
  const std::vector<std::string> texts = {
      "a", std::string("a\0", 2), std::string("a\0\0", 3), "abcdefg", "abcdefgh", "abcdefghi",
      "abcdefghj", "abcdefgh1234567890", "abcdefgh1234567891", std::string("\0", 1),
      "user_000000000001", "user_000000000002",
      // Sizes of 255 bytes and more share one size tag.
      std::string(255, 'x'), std::string(256, 'x'), std::string(300, 'x'),
      std::string(300, 'x') + "y"};
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
    early.push_back(dictionary.Get(dictionary.GetOrAdd(fmt::format("early-{}", idx))));
  }
  // A string longer than one arena chunk (1 MiB) must be stored whole too.
  const std::string huge(3 << 20, 'h');
  const uint32_t huge_code = dictionary.GetOrAdd(huge);
  for (uint32_t idx = 0; idx < kCount; ++idx) {
    dictionary.GetOrAdd(fmt::format("grown-string-number-{}", idx));
  }
  EXPECT_EQ(dictionary.size(), 1 + 100 + 1 + kCount);
  EXPECT_EQ(first, "first entry");
  EXPECT_EQ(first.data(), first_data);
  EXPECT_EQ(dictionary.Get(0).data(), first_data);
  for (uint32_t idx = 0; idx < 100; ++idx) {
    EXPECT_EQ(early[idx], fmt::format("early-{}", idx));
    EXPECT_EQ(dictionary.Find(fmt::format("early-{}", idx)), 1 + idx);
  }
  EXPECT_EQ(huge_code, 101u);
  EXPECT_EQ(dictionary.Get(huge_code), huge);
  for (uint32_t idx = 0; idx < kCount; idx += 997) {
    const std::string text = fmt::format("grown-string-number-{}", idx);
    EXPECT_EQ(dictionary.Find(text), 102 + idx) << text;
    EXPECT_EQ(dictionary.GetOrAdd(text), 102 + idx) << text;
    EXPECT_EQ(dictionary.Get(102 + idx), text);
  }
  EXPECT_EQ(dictionary.Find(fmt::format("grown-string-number-{}", kCount - 1)), 102 + kCount - 1);
  EXPECT_EQ(dictionary.size(), 1 + 100 + 1 + kCount);
}

TEST(StringDictionary, AppendUncheckedThenFindBuildsTheIndexLazily) {
  StringDictionary dictionary;
  for (uint32_t idx = 0; idx < 1000; ++idx) dictionary.AppendUnchecked(fmt::format("k{}", idx));
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
  for (uint32_t idx = 0; idx < 5000; ++idx) dictionary.AppendUnchecked(fmt::format("b{}", idx));
  EXPECT_EQ(dictionary.size(), 5001u);
  for (uint32_t idx = 0; idx < 5000; idx += 37) {
    EXPECT_EQ(dictionary.Find(fmt::format("b{}", idx)), 1 + idx);
  }
  EXPECT_EQ(dictionary.Find("b4999"), 5000u);
  EXPECT_EQ(dictionary.GetOrAdd("b4999"), 5000u);
  EXPECT_EQ(dictionary.GetOrAdd("c"), 5001u);
}

TEST(StringDictionary, GetOrAddManyGivesTheSameCodesAsOneByOne) {
  // Duplicates inside one call, strings already present, the empty string, and enough strings
  // to span many prefetch groups and several index growths.
  std::vector<std::string> storage;
  for (uint32_t idx = 0; idx < 50'000; ++idx) {
    storage.push_back(fmt::format("user-{}", (idx * 7919) % 20'011));
    if (idx % 1000 == 0) storage.emplace_back("");
    if (idx % 777 == 0) storage.emplace_back("pre-existing");
  }
  std::vector<std::string_view> texts(storage.begin(), storage.end());

  StringDictionary one_by_one;
  one_by_one.GetOrAdd("pre-existing");
  std::vector<uint32_t> expected;
  for (const std::string_view text : texts) expected.push_back(one_by_one.GetOrAdd(text));

  StringDictionary many;
  many.GetOrAdd("pre-existing");
  std::vector<uint32_t> codes(texts.size(), 12345);
  many.GetOrAddMany(texts, codes.data());
  EXPECT_EQ(codes, expected);
  ASSERT_EQ(many.size(), one_by_one.size());
  for (uint32_t code = 0; code < many.size(); ++code) {
    ASSERT_EQ(many.Get(code), one_by_one.Get(code)) << code;
  }
  EXPECT_EQ(many.Find("user-0"), one_by_one.Find("user-0"));
  EXPECT_EQ(many.Find(""), one_by_one.Find(""));

  // A second call continues the codes; an empty call does nothing.
  const std::vector<std::string_view> more = {"brand-new", "user-1", "brand-new"};
  std::vector<uint32_t> more_codes(more.size());
  many.GetOrAddMany(more, more_codes.data());
  EXPECT_EQ(more_codes[0], one_by_one.size());
  EXPECT_EQ(more_codes[1], one_by_one.Find("user-1"));
  EXPECT_EQ(more_codes[2], more_codes[0]);
  const uint32_t size = many.size();
  many.GetOrAddMany({}, nullptr);
  EXPECT_EQ(many.size(), size);
}

TEST(StringDictionary, GetOrAddManyOnAFreshOrLoadedDictionary) {
  StringDictionary fresh;
  const std::vector<std::string_view> texts = {"a", "b", "a", "", "c", ""};
  std::vector<uint32_t> codes(texts.size());
  fresh.GetOrAddMany(texts, codes.data());
  EXPECT_EQ(codes, (std::vector<uint32_t>{0, 1, 0, 2, 3, 2}));

  StringDictionary loaded;
  loaded.AppendUnchecked("c");
  loaded.AppendUnchecked("a");
  loaded.GetOrAddMany(texts, codes.data());
  EXPECT_EQ(codes, (std::vector<uint32_t>{1, 2, 1, 3, 0, 3}));
  EXPECT_EQ(loaded.size(), 4u);
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

TEST(StringDictionary, ConstFindScansBeforeIndexingAndUsesTheIndexAfter) {
  StringDictionary dictionary;
  for (const char* text : {"u1", "u2", "a much longer user id than eight bytes"}) {
    dictionary.AppendUnchecked(text);
  }
  const StringDictionary& reader = dictionary;
  EXPECT_EQ(reader.Find("u2"), 1u);  // linear scan: nothing indexed yet
  EXPECT_EQ(reader.Find("u3"), StringDictionary::kMissing);
  dictionary.EnsureIndexed();
  EXPECT_EQ(reader.Find("a much longer user id than eight bytes"), 2u);
  EXPECT_EQ(reader.Find("u1"), 0u);
  EXPECT_EQ(reader.Find(""), StringDictionary::kMissing);
}

TEST(StringDictionary, FindManyFindsWhatFindFindsWithoutAdding) {
  StringDictionary dictionary;
  std::vector<std::string> texts;
  for (int idx = 0; idx < 1'000; ++idx) texts.push_back("id-" + std::to_string(idx * 7));
  for (const std::string& text : texts) dictionary.GetOrAdd(text);
  std::vector<std::string_view> asked;
  for (int idx = 0; idx < 2'000; ++idx) asked.emplace_back(texts[idx % 1'000]);
  const std::string absent = "id-3";
  asked.emplace_back(absent);
  asked.emplace_back("");
  std::vector<uint32_t> codes(asked.size(), 0);
  dictionary.EnsureIndexed();
  const StringDictionary& reader = dictionary;
  reader.FindMany(asked, codes.data());
  for (size_t idx = 0; idx < 2'000; ++idx) ASSERT_EQ(codes[idx], idx % 1'000);
  EXPECT_EQ(codes[2'000], StringDictionary::kMissing);
  EXPECT_EQ(codes[2'001], StringDictionary::kMissing);
  EXPECT_EQ(dictionary.size(), 1'000u);
}

}  // namespace
}  // namespace payback
