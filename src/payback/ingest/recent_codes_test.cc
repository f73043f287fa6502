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
  // Texts of one size whose first 8 and last 8 bytes are the same, different in the middle
  // (which only texts over 16 bytes can be): at byte 8 of 17, at byte 32 of 64 and 35 of 70.
  // Also: sizes around 8, 16 and 64, texts with NUL bytes, and the empty text.
  const std::vector<std::string> texts = {"Notification-A-Sent",
                                          "Notification-B-Sent",
                                          "Notification--Sent",
                                          "abcdefghX12345678",
                                          "abcdefghY12345678",
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
  // looked up again and keep their codes. Short texts and long ones (over 16 bytes, compared in
  // the middle too), some of one size with the same first and last 8 bytes.
  std::vector<std::string> texts;
  for (int idx = 0; idx < 1000; ++idx) {
    const std::string number = std::to_string(idx * 7919);
    texts.push_back(idx % 3 == 0 ? "campaign " + number
                    : idx % 3 == 1
                        ? "Notification " + number + " was delivered"
                        : "prefix!!" + std::string(10 - number.size(), '0') + number + "!!suffix");
  }
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
