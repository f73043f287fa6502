#include "payback/formula/parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "payback/formula/formula_value.h"
#include "payback/formula/lexer.h"
#include "payback/formula/metric_catalog.h"
#include "payback/formula/test_metric_catalog.h"

namespace payback {
namespace {

Result<FormulaAst> Parse(std::string_view text) {
  return ParseFormulaText(text, TestMetricCatalog(), FunctionRegistry::Instance());
}

// Fully parenthesised form of a node, to check the tree's shape independently of ToString.
std::string Sexpr(const FormulaAst& ast, uint32_t index) {
  const FormulaNode& node = ast.nodes[index];
  switch (node.kind) {
    case FormulaNodeKind::kNumber:
      return FormatPico(ast.numbers[node.operand]);
    case FormulaNodeKind::kMetric:
      return TestMetricCatalog().metric(node.operand).name;
    case FormulaNodeKind::kFunction: {
      const FormulaCall& call = ast.calls[node.operand];
      std::string out = std::string(call.function->name) + "[" + call.event;
      if (!call.property.empty()) out += "|" + call.property;
      if (call.filter) out += "|" + call.filter->ToString();
      return out + "]";
    }
    case FormulaNodeKind::kNegate:
      return "(neg " + Sexpr(ast, node.lhs) + ")";
    case FormulaNodeKind::kAdd:
      return "(+ " + Sexpr(ast, node.lhs) + " " + Sexpr(ast, node.rhs) + ")";
    case FormulaNodeKind::kSubtract:
      return "(- " + Sexpr(ast, node.lhs) + " " + Sexpr(ast, node.rhs) + ")";
    case FormulaNodeKind::kMultiply:
      return "(* " + Sexpr(ast, node.lhs) + " " + Sexpr(ast, node.rhs) + ")";
    case FormulaNodeKind::kDivide:
      return "(/ " + Sexpr(ast, node.lhs) + " " + Sexpr(ast, node.rhs) + ")";
  }
  return "?";
}

// The tree of a one-formula text, or "error: <column>".
std::string Tree(std::string_view text) {
  auto ast = Parse(text);
  if (!ast.ok()) return "error: " + std::to_string(ast.status().location().column);
  std::string out;
  for (size_t root_idx = 0; root_idx < ast->roots.size(); ++root_idx) {
    if (root_idx > 0) out += "; ";
    out += Sexpr(*ast, ast->roots[root_idx]);
  }
  return out;
}

// Expects InvalidInput at `column`.
void ExpectErrorAt(std::string_view text, int64_t column) {
  auto ast = Parse(text);
  ASSERT_FALSE(ast.ok()) << text;
  EXPECT_EQ(ast.status().code(), StatusCode::kInvalidInput) << text;
  EXPECT_EQ(ast.status().location().column, column) << text << ": " << ast.status().ToString();
}

int64_t ColumnOfSubstring(std::string_view text, std::string_view part) {
  return static_cast<int64_t>(text.find(part)) + 1;
}

TEST(Parser, MultiplicationBindsTighterThanAddition) {
  EXPECT_EQ(Tree("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(Tree("1 * 2 + 3"), "(+ (* 1 2) 3)");
  EXPECT_EQ(Tree("(1 + 2) * 3"), "(* (+ 1 2) 3)");
}

TEST(Parser, OperatorsAreLeftAssociative) {
  EXPECT_EQ(Tree("1 - 2 - 3"), "(- (- 1 2) 3)");
  EXPECT_EQ(Tree("8 / 4 / 2"), "(/ (/ 8 4) 2)");
  EXPECT_EQ(Tree("8 / 4 * 2"), "(* (/ 8 4) 2)");
  EXPECT_EQ(Tree("1 - (2 - 3)"), "(- 1 (- 2 3))");
}

TEST(Parser, UnaryMinusBindsTightest) {
  EXPECT_EQ(Tree("-2 * 3"), "(* (neg 2) 3)");
  EXPECT_EQ(Tree("2 * -3"), "(* 2 (neg 3))");
  EXPECT_EQ(Tree("--2"), "(neg (neg 2))");
  EXPECT_EQ(Tree("1 - -Revenue"), "(- 1 (neg revenue))");
  EXPECT_EQ(Tree("-(1 + 2)"), "(neg (+ 1 2))");
}

TEST(Parser, ReadsExactDecimalLiterals) {
  EXPECT_EQ(Tree("0.1"), "0.1");
  EXPECT_EQ(Tree(".5"), "0.5");
  EXPECT_EQ(Tree("007.2500"), "7.25");
  EXPECT_EQ(Tree("0.000000000001"), "0.000000000001");
  EXPECT_EQ(Tree("123456789012345678901234"), "123456789012345678901234");
}

TEST(Parser, ReadsMetricsByNameOrDisplayNameIgnoringCase) {
  EXPECT_EQ(Tree("Delivered"), "delivered");
  EXPECT_EQ(Tree("DELIVERED"), "delivered");
  EXPECT_EQ(Tree("unique_conversions"), "unique_conversions");
  EXPECT_EQ(Tree("Unique_Conversions"), "unique_conversions");
  EXPECT_EQ(Tree("ctr * 100"), "(* ctr 100)");
  EXPECT_EQ(Tree("Click Through Rate"), "ctr");
}

TEST(Parser, ReadsMultiWordMetricNames) {
  EXPECT_EQ(Tree("Unique Conversions / Clicked"), "(/ unique_conversions clicked)");
  EXPECT_EQ(Tree("unique   CONVERSIONS/clicked"), "(/ unique_conversions clicked)");
  EXPECT_EQ(Tree("Unique\tConversions"), "unique_conversions");
  EXPECT_EQ(Tree("Total Conversions Revenue / Delivered"), "(/ revenue delivered)");
  EXPECT_EQ(Tree("Delivered Messages - Clicked Messages"),
            "(- delivered_messages clicked_messages)");
}

TEST(Parser, MatchesTheLongestMetricName) {
  // `Conversion Rate` must not be read as `Conversions`, nor the reverse.
  EXPECT_EQ(Tree("Conversion Rate * 100"), "(* conversion_rate 100)");
  EXPECT_EQ(Tree("Conversions / Clicked"), "(/ conversions clicked)");
  EXPECT_EQ(Tree("(Conversion Rate)"), "conversion_rate");
}

TEST(Parser, ReadsTheSeedKpis) {
  EXPECT_EQ(Tree("Total Conversions Revenue / Delivered"), "(/ revenue delivered)");
  EXPECT_EQ(Tree("Conversions / Clicked"), "(/ conversions clicked)");
  EXPECT_EQ(Tree("Total Conversions Revenue"), "revenue");
  EXPECT_EQ(Tree("Revenue / Cost"), "(/ revenue cost)");
}

TEST(Parser, ReadsFunctionCalls) {
  EXPECT_EQ(Tree("TOTALS(Charged)"), "TOTALS[Charged]");
  EXPECT_EQ(Tree("UNIQUES( Charged )"), "UNIQUES[Charged]");
  EXPECT_EQ(Tree("AVERAGE(app.launch)"), "AVERAGE[app.launch]");
  EXPECT_EQ(Tree("PROPSUM(Charged, amount, \"category = 'Shoes'\")"),
            "PROPSUM[Charged|amount|category = 'Shoes']");
  EXPECT_EQ(Tree("PROPAVG(Charged,amount,'amount > 10')"), "PROPAVG[Charged|amount|amount > 10]");
  EXPECT_EQ(Tree("TOTALS(\"Notification Clicked\") / Delivered"),
            "(/ TOTALS[Notification Clicked] delivered)");
}

TEST(Parser, QuotedNamesDoubleTheirQuotes) {
  EXPECT_EQ(Tree("TOTALS(\"say \"\"hi\"\"\")"), "TOTALS[say \"hi\"]");
  EXPECT_EQ(Tree("TOTALS(Charged, 'name = ''x''')"), "TOTALS[Charged|name = 'x']");
  EXPECT_EQ(Tree("TOTALS(Charged, \"name = 'O''Brien'\")"), "TOTALS[Charged|name = 'O''Brien']");
}

TEST(Parser, ArgumentsAreNamesNotMetricsOrFunctions) {
  EXPECT_EQ(Tree("TOTALS(Clicked)"), "TOTALS[Clicked]");
  EXPECT_EQ(Tree("TOTALS(TOTALS)"), "TOTALS[TOTALS]");
  EXPECT_EQ(Tree("PROPSUM(Charged, totals)"), "PROPSUM[Charged|totals]");
  EXPECT_EQ(Tree("TOTALS(404_page)"), "TOTALS[404_page]");
}

TEST(Parser, ReadsUpToFourFormulas) {
  EXPECT_EQ(Tree("Sent; Delivered ;Viewed;Clicked"), "sent; delivered; viewed; clicked");
  EXPECT_EQ(Tree("Revenue / Delivered; Conversions / Clicked"),
            "(/ revenue delivered); (/ conversions clicked)");
}

TEST(Parser, RejectsMoreThanFourFormulas) {
  const std::string text = "Sent;Delivered;Viewed;Clicked;CTR";
  ExpectErrorAt(text, ColumnOfSubstring(text, ";CTR"));
}

TEST(Parser, RejectsEmptyFormulas) {
  ExpectErrorAt("", 1);
  ExpectErrorAt("   ", 1);
  ExpectErrorAt(";Revenue", 1);
  ExpectErrorAt("Revenue;;Clicked", 9);
  ExpectErrorAt("Revenue;", 9);
  ExpectErrorAt("Revenue;  ", 11);
}

TEST(Parser, RejectsUnknownMetricWithSuggestion) {
  const std::string text = "Revenue / Delivred";
  auto ast = Parse(text);
  ASSERT_FALSE(ast.ok());
  EXPECT_EQ(ast.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ast.status().location().column, 11);
  EXPECT_NE(ast.status().message().find("\"Delivered\""), std::string::npos);
}

TEST(Parser, SuggestsMultiWordMetricNames) {
  auto ast = Parse("Unique Conversion / Clicked");
  ASSERT_FALSE(ast.ok());
  EXPECT_EQ(ast.status().location().column, 1);
  EXPECT_NE(ast.status().message().find("\"Unique Conversions\""), std::string::npos);
}

TEST(Parser, RejectsUnknownMetricWithoutCloseName) { ExpectErrorAt("2 * Zebra", 5); }

TEST(Parser, RejectsUnknownFunctionWithSuggestion) {
  auto ast = Parse("1 + TOTAL(Charged)");
  ASSERT_FALSE(ast.ok());
  EXPECT_EQ(ast.status().location().column, 5);
  EXPECT_NE(ast.status().message().find("TOTALS"), std::string::npos);
  ExpectErrorAt("SUM(Charged)", 1);
}

TEST(Parser, RejectsFunctionNamesNotInUppercase) {
  ExpectErrorAt("totals(Charged)", 1);
  ExpectErrorAt("1 + Totals(Charged)", 5);
  ExpectErrorAt("PropSum(Charged, amount)", 1);
  auto ast = Parse("totals(Charged)");
  ASSERT_FALSE(ast.ok());
  EXPECT_NE(ast.status().message().find("TOTALS"), std::string::npos);
}

TEST(Parser, RejectsWrongArity) {
  ExpectErrorAt("TOTALS()", 1);
  ExpectErrorAt("2 * UNIQUES(a, 'x = 1', 'y = 2')", 5);
  ExpectErrorAt("PROPSUM(Charged)", 1);
  ExpectErrorAt("Clicked / PROPAVG(Charged, amount, 'x = 1', 'y = 2')", 11);
}

TEST(Parser, RejectsUnbalancedParentheses) {
  ExpectErrorAt("(Revenue / 2", 1);
  ExpectErrorAt("((Revenue) / 2", 1);
  ExpectErrorAt("(1 + (2 * 3)", 1);
  ExpectErrorAt("Revenue / 2)", 12);
  ExpectErrorAt("(Revenue; Clicked)", 1);
  ExpectErrorAt("(Revenue /", 10);
  ExpectErrorAt("TOTALS(Charged", 7);
  ExpectErrorAt("TOTALS(Charged, 'x = 1'", 7);
  ExpectErrorAt("()", 1);
  ExpectErrorAt(")", 1);
}

TEST(Parser, RejectsTrailingOperator) {
  ExpectErrorAt("Revenue /", 9);
  ExpectErrorAt("Revenue + -", 11);
  ExpectErrorAt("Revenue *; Clicked", 9);
  ExpectErrorAt("Revenue * / 2", 11);
}

TEST(Parser, RejectsTwoOperandsWithoutOperator) {
  ExpectErrorAt("Revenue Delivered", 9);
  ExpectErrorAt("2 3", 3);
  ExpectErrorAt("Revenue (Clicked)", 9);
  ExpectErrorAt("Clicked TOTALS(x)", 9);
  ExpectErrorAt("(Clicked 2)", 10);
}

TEST(Parser, RejectsBadArguments) {
  ExpectErrorAt("TOTALS('Charged')", 8);
  ExpectErrorAt("TOTALS(\"\")", 8);
  ExpectErrorAt("PROPSUM(Charged, \"\")", 18);
  ExpectErrorAt("TOTALS(Charged, category)", 17);
  ExpectErrorAt("TOTALS(Notification Clicked)", 8);
  ExpectErrorAt("TOTALS(Charged,)", 16);
  ExpectErrorAt("TOTALS(, Charged)", 8);
  ExpectErrorAt("TOTALS + 1", 8);
}

TEST(Parser, ReportsFilterErrorsAtTheirColumnInTheFormula) {
  const std::string text = "TOTALS(Charged, \"category == 'x'\")";
  ExpectErrorAt(text, ColumnOfSubstring(text, "=="));
  // A doubled quote inside the filter counts as two characters of the formula.
  const std::string doubled = "TOTALS(Charged, 'name = ''a'' and amount == 1')";
  ExpectErrorAt(doubled, ColumnOfSubstring(doubled, "=="));
  // A filter that ends too early is reported at its closing quote.
  const std::string early = "TOTALS(Charged, 'amount >')";
  ExpectErrorAt(early, ColumnOfSubstring(early, "')"));
  ExpectErrorAt("TOTALS(Charged, '')", 18);
}

TEST(Parser, RejectsLexicalErrors) {
  ExpectErrorAt("Revenue % 2", 9);
  ExpectErrorAt("TOTALS(\"abc", 8);
  ExpectErrorAt("1.2.3", 1);
  ExpectErrorAt("3 * 2x", 5);
  ExpectErrorAt("5.", 1);
  ExpectErrorAt("1e3", 1);
  ExpectErrorAt("0.1234567890123", 1);
  ExpectErrorAt("1234567890123456789012345", 1);
  ExpectErrorAt("\"Revenue\" / 2", 1);
  ExpectErrorAt("1 + 'x'", 5);
  EXPECT_EQ(Tree("0.1234567890120"), "0.123456789012");
}

TEST(Parser, CountsColumnsInCharacters) {
  ExpectErrorAt("TOTALS(\"\xC3\x89v\xC3\xA9nement\") + R\xC3\xA9venue", 23);
}

TEST(Parser, RejectsTooDeepNesting) {
  std::string deep(kMaxFormulaNesting + 1, '(');
  deep += "1" + std::string(kMaxFormulaNesting + 1, ')');
  ExpectErrorAt(deep, kMaxFormulaNesting + 1);
  std::string ok(kMaxFormulaNesting, '(');
  ok += "1" + std::string(kMaxFormulaNesting, ')');
  EXPECT_EQ(Tree(ok), "1");
  ExpectErrorAt(std::string(kMaxFormulaNesting + 1, '-') + "1", kMaxFormulaNesting + 1);
}

TEST(Parser, RejectsTooLongText) {
  std::string text = "1";
  while (text.size() <= FormulaLexer::kMaxTextBytes) text += " + 1";
  ExpectErrorAt(text, 1);
}

}  // namespace
}  // namespace payback
