#include "payback/ingest/recent_codes.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace payback {
namespace {

TEST(RecentCodes, GivesTheDictionarysCodesInOrderOfFirstUse) {
  StringDictionary dictionary;
  RecentCodes codes;
  EXPECT_EQ(codes.Code(dictionary, "Notification Sent"), 0u);
  EXPECT_EQ(codes.Code(dictionary, "App Launched"), 1u);
  EXPECT_EQ(codes.Code(dictionary, "Notification Sent"), 0u);
  EXPECT_EQ(codes.Code(dictionary, "Notification Delivered"), 2u);
  EXPECT_EQ(codes.Code(dictionary, "App Launched"), 1u);
  EXPECT_EQ(dictionary.size(), 3u);
  EXPECT_EQ(dictionary.Get(2), "Notification Delivered");
}

TEST(RecentCodes, TellsApartTextsThatShareTheirKeyBytes) {
  // Same size, first 8 and last 8 bytes; different in the middle (only texts over 16 bytes can
  // be). Also: sizes around 8, 16 and 64, texts with NUL bytes, and the empty text.
  const std::vector<std::string> texts = {"Notification-A-Sent",
                                          "Notification-B-Sent",
                                          "Notification--Sent",
                                          std::string(64, 'x'),
                                          std::string(32, 'x') + "y" + std::string(31, 'x'),
                                          std::string(70, 'x'),
                                          std::string(35, 'x') + "y" + std::string(34, 'x'),
                                          "",
                                          std::string(1, '\0'),
                                          std::string(2, '\0'),
                                          "a",
                                          std::string("a\0", 2),
                                          "abcdefgh",
                                          "abcdefghi",
                                          "abcdefgh12345678",
                                          "abcdefgh12345679",
                                          "abcdefgh1234567",
                                          "0123456789abcdef0",
                                          "0123456789abcdeF0"};
  StringDictionary dictionary;
  RecentCodes codes;
  for (int round = 0; round < 3; ++round) {
    for (size_t idx = 0; idx < texts.size(); ++idx) {
      EXPECT_EQ(codes.Code(dictionary, texts[idx]), idx) << idx << " round " << round;
    }
  }
  EXPECT_EQ(dictionary.size(), texts.size());
}

TEST(RecentCodes, AgreesWithTheDictionaryWhenItsSlotsAreShared) {
  // Far more distinct texts than the cache has slots, in a random order: evicted texts are
  // looked up again and keep their codes.
  std::vector<std::string> texts;
  for (int idx = 0; idx < 1000; ++idx) texts.push_back("campaign " + std::to_string(idx * 7919));
  StringDictionary cached_dictionary;
  StringDictionary plain_dictionary;
  RecentCodes codes;
  std::mt19937 random(7);
  for (int draw = 0; draw < 50'000; ++draw) {
    const std::string& text = texts[random() % (draw < 25'000 ? 100 : texts.size())];
    ASSERT_EQ(codes.Code(cached_dictionary, text), plain_dictionary.GetOrAdd(text)) << text;
  }
  EXPECT_EQ(cached_dictionary.size(), plain_dictionary.size());
}

}  // namespace
}  // namespace payback
