#include "payback/formula/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "payback/formula/formula_value.h"

namespace payback {
namespace {

const MetricCatalog& Catalog() {
  static const MetricCatalog catalog =
      std::move(MetricCatalog::Create(DefaultMetricDefs())).value();
  return catalog;
}

// Every token of `text` lexed in `mode`, or the error column as a kEnd token's begin.
std::vector<FormulaToken> LexAll(std::string_view text, LexMode mode = LexMode::kExpression) {
  const FormulaLexer lexer(text, Catalog(), FunctionRegistry::Instance());
  std::vector<FormulaToken> tokens;
  size_t pos = 0;
  while (true) {
    auto token = lexer.Lex(pos, mode);
    EXPECT_TRUE(token.ok()) << text << ": " << token.status().ToString();
    if (!token.ok() || token->kind == FormulaTokenKind::kEnd) break;
    pos = token->end;
    tokens.push_back(std::move(token).value());
  }
  return tokens;
}

Status LexError(std::string_view text) {
  const FormulaLexer lexer(text, Catalog(), FunctionRegistry::Instance());
  auto token = lexer.Lex(0, LexMode::kExpression);
  return token.ok() ? Status::Ok() : token.status();
}

TEST(Lexer, ReadsOperatorsAndPunctuation) {
  const auto tokens = LexAll("+-*/(),;");
  std::vector<FormulaTokenKind> kinds;
  for (const auto& token : tokens) kinds.push_back(token.kind);
  EXPECT_EQ(kinds, (std::vector<FormulaTokenKind>{
                       FormulaTokenKind::kPlus, FormulaTokenKind::kMinus, FormulaTokenKind::kStar,
                       FormulaTokenKind::kSlash, FormulaTokenKind::kLeftParen,
                       FormulaTokenKind::kRightParen, FormulaTokenKind::kComma,
                       FormulaTokenKind::kSemicolon}));
}

TEST(Lexer, ReadsNumbersInPicoUnits) {
  const auto tokens = LexAll("12 0.5 .25 1.000000000001");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].pico, __int128{12} * FormulaValue::kPicoPerUnit);
  EXPECT_EQ(tokens[1].pico, FormulaValue::kPicoPerUnit / 2);
  EXPECT_EQ(tokens[2].pico, FormulaValue::kPicoPerUnit / 4);
  EXPECT_EQ(tokens[3].pico, FormulaValue::kPicoPerUnit + 1);
}

TEST(Lexer, ReadsTheLongestMetricSpellingAsOneToken) {
  const std::string text = "Unique  Conversions/Conversions";
  const auto tokens = LexAll(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].kind, FormulaTokenKind::kMetric);
  EXPECT_EQ(tokens[0].metric_index, *Catalog().FindByName("unique_conversions"));
  EXPECT_EQ(tokens[0].end, text.find('/'));
  EXPECT_EQ(tokens[2].metric_index, *Catalog().FindByName("conversions"));
}

TEST(Lexer, ReadsFunctionsOnlyInUppercase) {
  const auto tokens = LexAll("TOTALS");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].kind, FormulaTokenKind::kFunction);
  EXPECT_EQ(tokens[0].function->name, "TOTALS");
  const Status status = LexError("Propavg");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.location().column, 1);
}

TEST(Lexer, ArgumentModeReadsPlainWords) {
  const auto tokens = LexAll("Unique Conversions TOTALS 404.page", LexMode::kArgument);
  ASSERT_EQ(tokens.size(), 4u);
  for (const auto& token : tokens) EXPECT_EQ(token.kind, FormulaTokenKind::kWord);
  EXPECT_EQ(tokens[0].text, "Unique");
  EXPECT_EQ(tokens[3].text, "404.page");
}

TEST(Lexer, UnknownWordsAreWords) {
  const auto tokens = LexAll("Revnue");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].kind, FormulaTokenKind::kWord);
  EXPECT_EQ(tokens[0].text, "Revnue");
}

TEST(Lexer, UnescapesQuotedTextAndMapsItsBytesBack) {
  const std::string text = R"('a''b' "c""")";
  const auto tokens = LexAll(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].kind, FormulaTokenKind::kSingleQuoted);
  EXPECT_EQ(tokens[0].text, "a'b");
  EXPECT_EQ(tokens[0].source_offsets, (std::vector<uint32_t>{1, 2, 4, 5}));
  EXPECT_EQ(tokens[1].kind, FormulaTokenKind::kDoubleQuoted);
  EXPECT_EQ(tokens[1].text, "c\"");
  EXPECT_EQ(tokens[1].end, text.size());
}

TEST(Lexer, RejectsBadInputAtItsColumn) {
  EXPECT_EQ(LexError("\"open").location().column, 1);
  EXPECT_EQ(LexError("#").location().column, 1);
  EXPECT_EQ(LexError("1.5.2").location().column, 1);
  EXPECT_EQ(LexError("0.0000000000001").code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(LexError("0.0000000000010").ok());
  EXPECT_TRUE(LexError("   ").ok());
}

}  // namespace
}  // namespace payback
