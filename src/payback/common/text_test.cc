#include "payback/common/text.h"

#include <gtest/gtest.h>

#include <string>

namespace payback {
namespace {

TEST(Text, IsValidUtf8AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

TEST(Text, IsValidUtf8RejectsMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated sequence
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(
      IsValidUtf8("a\xFF"
                  "b"));
}

TEST(Text, TrimAsciiRemovesSurroundingWhiteSpace) {
  EXPECT_EQ(TrimAscii("  a b \t\r\n"), "a b");
  EXPECT_EQ(TrimAscii("ab"), "ab");
  EXPECT_EQ(TrimAscii("   "), "");
  EXPECT_EQ(TrimAscii(""), "");
  // A non-breaking space is not ASCII white space.
  EXPECT_EQ(TrimAscii("\xC2\xA0x"), "\xC2\xA0x");
}

TEST(Text, ToLowerAsciiMapsOnlyAsciiLetters) {
  EXPECT_EQ(ToLowerAscii("Email OPENED 42"), "email opened 42");
  EXPECT_EQ(ToLowerAscii("\xC3\x89t\xC3\xA9"), "\xC3\x89t\xC3\xA9");
  EXPECT_EQ(ToLowerAscii(""), "");
}

TEST(Text, SplitStringKeepsEmptyPieces) {
  using Pieces = std::vector<std::string_view>;
  EXPECT_EQ(SplitString("a;b;c", ';'), (Pieces{"a", "b", "c"}));
  EXPECT_EQ(SplitString("a;;b", ';'), (Pieces{"a", "", "b"}));
  EXPECT_EQ(SplitString(";a;", ';'), (Pieces{"", "a", ""}));
  EXPECT_EQ(SplitString("", ';'), (Pieces{""}));
  EXPECT_EQ(SplitString("abc", ';'), (Pieces{"abc"}));
}

TEST(Text, JoinStringsPutsSeparatorBetweenParts) {
  EXPECT_EQ(JoinStrings({"a", "b", "c"}, ";"), "a;b;c");
  EXPECT_EQ(JoinStrings({"a"}, ", "), "a");
  EXPECT_EQ(JoinStrings({}, ", "), "");
  EXPECT_EQ(JoinStrings({"", ""}, "-"), "-");
}

TEST(Text, EditDistanceIsLevenshtein) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("sitting", "kitten"), 3u);
  EXPECT_EQ(EditDistance("last_touch", "last_tuoch"), 2u);
  EXPECT_EQ(EditDistance("clicked", "clicked"), 0u);
  EXPECT_EQ(EditDistance("flaw", "lawn"), 2u);
}

TEST(Text, QuoteForMessageQuotesShortText) {
  EXPECT_EQ(QuoteForMessage("2026-13-01"), "\"2026-13-01\"");
  EXPECT_EQ(QuoteForMessage(""), "\"\"");
  EXPECT_EQ(QuoteForMessage("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
}

TEST(Text, QuoteForMessageEscapesControlCharacters) {
  EXPECT_EQ(QuoteForMessage("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(QuoteForMessage("a\nb\tc\r"), "\"a\\nb\\tc\\r\"");
  EXPECT_EQ(QuoteForMessage(std::string_view("a\0b", 3)), "\"a\\x00b\"");
  EXPECT_EQ(QuoteForMessage("\x1b[31m\x7f"), "\"\\x1b[31m\\x7f\"");
  EXPECT_EQ(QuoteForMessage("bad\xFF"), "\"bad\\xff\"");
}

TEST(Text, QuoteForMessageTruncatesLongText) {
  const std::string forty(40, 'a');
  EXPECT_EQ(QuoteForMessage(forty), "\"" + forty + "\"");
  EXPECT_EQ(QuoteForMessage(forty + "b"), "\"" + forty + "...\"");
  // A 2-byte character at bytes 40-41 is not cut in half.
  const std::string thirty_nine(39, 'a');
  EXPECT_EQ(QuoteForMessage(thirty_nine + "\xC3\xA9" + "x"), "\"" + thirty_nine + "...\"");
}

}  // namespace
}  // namespace payback
