#include "payback/common/sha256.h"

#include <gtest/gtest.h>

namespace payback {
namespace {

TEST(Sha256Hex, MatchesTheStandardTestVectors) {
  // FIPS 180-2 examples.
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(RandomHex, GivesTwoHexDigitsPerByteAndDiffersBetweenCalls) {
  auto first = RandomHex(16);
  auto second = RandomHex(16);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->size(), 32u);
  EXPECT_EQ(first->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(*first, *second);
}

}  // namespace
}  // namespace payback
