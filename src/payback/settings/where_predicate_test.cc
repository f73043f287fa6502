#include "payback/settings/where_predicate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace payback {
namespace {

PropertyValue Null() { return PropertyValue{}; }
PropertyValue Fixed(int64_t fixed6) {
  return PropertyValue{PropertyValue::Kind::kNumber, fixed6, {}};
}
PropertyValue Units(int64_t units) { return Fixed(units * 1'000'000); }
PropertyValue Str(std::string_view text) {
  return PropertyValue{PropertyValue::Kind::kString, 0, text};
}

WherePredicate MustParse(std::string_view text) {
  Result<WherePredicate> parsed = WherePredicate::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
  if (!parsed.ok()) std::abort();
  return std::move(parsed).value();
}

bool Eval(std::string_view text, std::vector<PropertyValue> values) {
  const WherePredicate predicate = MustParse(text);
  EXPECT_EQ(predicate.properties().size(), values.size()) << text;
  return predicate.Evaluate(values);
}

int64_t ErrorColumn(std::string_view text) {
  const Result<WherePredicate> parsed = WherePredicate::Parse(text);
  EXPECT_FALSE(parsed.ok()) << text;
  if (parsed.ok()) return -1;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput) << text;
  return parsed.status().location().column;
}

TEST(WherePredicate, EvaluatesTheDataMdExample) {
  const WherePredicate predicate = MustParse("amount > 0 and category != 'Gift Card'");
  EXPECT_EQ(predicate.properties(), (std::vector<std::string>{"amount", "category"}));
  EXPECT_TRUE(predicate.Evaluate(std::vector{Units(10), Str("Shoes")}));
  EXPECT_FALSE(predicate.Evaluate(std::vector{Units(10), Str("Gift Card")}));
  EXPECT_FALSE(predicate.Evaluate(std::vector{Units(0), Str("Shoes")}));
  // A purchase without a category is "not a Gift Card".
  EXPECT_TRUE(predicate.Evaluate(std::vector{Units(10), Null()}));
  EXPECT_FALSE(predicate.Evaluate(std::vector{Null(), Str("Shoes")}));
}

TEST(WherePredicate, EveryOperatorOnNumbers) {
  const struct {
    const char* op;
    bool below, equal, above;  // value 4, 5, 6 against the literal 5
  } cases[] = {
      {"=", false, true, false}, {"!=", true, false, true}, {"<", true, false, false},
      {"<=", true, true, false}, {">", false, false, true}, {">=", false, true, true},
  };
  for (const auto& test_case : cases) {
    const std::string text = std::string("x ") + test_case.op + " 5";
    EXPECT_EQ(Eval(text, {Units(4)}), test_case.below) << text;
    EXPECT_EQ(Eval(text, {Units(5)}), test_case.equal) << text;
    EXPECT_EQ(Eval(text, {Units(6)}), test_case.above) << text;
  }
}

TEST(WherePredicate, EveryOperatorOnStringsIsByteWise) {
  EXPECT_TRUE(Eval("x = 'abc'", {Str("abc")}));
  EXPECT_FALSE(Eval("x = 'abc'", {Str("ABC")}));
  EXPECT_TRUE(Eval("x != 'abc'", {Str("abd")}));
  EXPECT_TRUE(Eval("x < 'abc'", {Str("ab")}));
  EXPECT_TRUE(Eval("x < 'a'", {Str("B")}));  // 'B' (0x42) sorts before 'a' (0x61)
  EXPECT_TRUE(Eval("x <= 'abc'", {Str("abc")}));
  EXPECT_TRUE(Eval("x > 'z'", {Str("\xC3\xA9")}));  // é: bytes above ASCII sort last
  EXPECT_TRUE(Eval("x >= 'abc'", {Str("abd")}));
  EXPECT_FALSE(Eval("x >= 'abc'", {Str("")}));
  // Strings that look like numbers still compare as strings against a string literal.
  EXPECT_FALSE(Eval("x = '10'", {Str("10.0")}));
  EXPECT_TRUE(Eval("x < '9'", {Str("10")}));
}

TEST(WherePredicate, InAndNotIn) {
  EXPECT_TRUE(Eval("x in ('a', 'b')", {Str("b")}));
  EXPECT_FALSE(Eval("x in ('a', 'b')", {Str("c")}));
  EXPECT_TRUE(Eval("x not in ('a', 'b')", {Str("c")}));
  EXPECT_FALSE(Eval("x not in ('a', 'b')", {Str("a")}));
  EXPECT_TRUE(Eval("x in (1, 2.5, 'z')", {Units(1)}));
  EXPECT_TRUE(Eval("x in (1, 2.5, 'z')", {Fixed(2'500'000)}));
  EXPECT_TRUE(Eval("x in (1, 2.5, 'z')", {Str("z")}));
  EXPECT_TRUE(Eval("x in (1, 2.5, 'z')", {Str("2.5")}));
  EXPECT_FALSE(Eval("x in (1, 2.5, 'z')", {Units(3)}));
}

TEST(WherePredicate, MissingPropertyIsFalseExceptNotEqualAndNotIn) {
  EXPECT_FALSE(Eval("x = 1", {Null()}));
  EXPECT_TRUE(Eval("x != 1", {Null()}));
  EXPECT_FALSE(Eval("x < 1", {Null()}));
  EXPECT_FALSE(Eval("x <= 1", {Null()}));
  EXPECT_FALSE(Eval("x > 1", {Null()}));
  EXPECT_FALSE(Eval("x >= 1", {Null()}));
  EXPECT_FALSE(Eval("x = 'a'", {Null()}));
  EXPECT_TRUE(Eval("x != 'a'", {Null()}));
  EXPECT_FALSE(Eval("x in (1, 'a')", {Null()}));
  EXPECT_TRUE(Eval("x not in (1, 'a')", {Null()}));
  // `not` negates the comparison's result as usual.
  EXPECT_TRUE(Eval("not x = 1", {Null()}));
  EXPECT_FALSE(Eval("not x != 1", {Null()}));
  EXPECT_TRUE(Eval("not x < 1", {Null()}));
  EXPECT_FALSE(Eval("not x not in (1)", {Null()}));
}

TEST(WherePredicate, StringValueAgainstNumberLiteralConvertsWholeNumbers) {
  EXPECT_TRUE(Eval("x = 12.5", {Str("12.5")}));
  EXPECT_TRUE(Eval("x = 12.5", {Str("1.25e1")}));
  EXPECT_TRUE(Eval("x > 12", {Str("12.5")}));
  EXPECT_TRUE(Eval("x < 100", {Str("-3")}));
  // Not a whole number: the comparison is false, `!=` true.
  EXPECT_FALSE(Eval("x = 12", {Str("12 apples")}));
  EXPECT_TRUE(Eval("x != 12", {Str("12 apples")}));
  EXPECT_FALSE(Eval("x < 12", {Str("abc")}));
  EXPECT_FALSE(Eval("x >= 12", {Str("abc")}));
  EXPECT_FALSE(Eval("x = 0", {Str("")}));
  EXPECT_TRUE(Eval("x != 0", {Str("")}));
  EXPECT_FALSE(Eval("x = 12", {Str(" 12")}));
}

TEST(WherePredicate, NumberValueAgainstStringLiteralConvertsTheLiteral) {
  EXPECT_TRUE(Eval("x = '12.5'", {Fixed(12'500'000)}));
  EXPECT_TRUE(Eval("zip = '02134'", {Units(2134)}));
  EXPECT_TRUE(Eval("x < '1e3'", {Units(999)}));
  EXPECT_FALSE(Eval("x = 'Gift Card'", {Units(1)}));
  EXPECT_TRUE(Eval("x != 'Gift Card'", {Units(1)}));
  EXPECT_FALSE(Eval("x > 'a'", {Units(1)}));
  EXPECT_FALSE(Eval("x <= 'a'", {Units(1)}));
}

TEST(WherePredicate, NotBindsTighterThanAndThanOr) {
  // a = 1 or (b = 1 and c = 1)
  EXPECT_TRUE(Eval("a = 1 or b = 1 and c = 1", {Units(1), Units(0), Units(0)}));
  EXPECT_FALSE(Eval("(a = 1 or b = 1) and c = 1", {Units(1), Units(0), Units(0)}));
  EXPECT_FALSE(Eval("a = 1 and b = 1 or c = 1", {Units(1), Units(0), Units(0)}));
  EXPECT_TRUE(Eval("a = 1 and b = 1 or c = 1", {Units(0), Units(0), Units(1)}));
  // (not a = 1) and b = 1
  EXPECT_FALSE(Eval("not a = 1 and b = 1", {Units(0), Units(0)}));
  EXPECT_TRUE(Eval("not (a = 1 and b = 1)", {Units(0), Units(0)}));
  // (not a = 1) or b = 1
  EXPECT_TRUE(Eval("not a = 1 or b = 1", {Units(1), Units(1)}));
  EXPECT_FALSE(Eval("not (a = 1 or b = 1)", {Units(1), Units(1)}));
  EXPECT_TRUE(Eval("not not a = 1", {Units(1)}));
}

TEST(WherePredicate, KeywordsAreCaseInsensitive) {
  const WherePredicate predicate = MustParse("x IN (1) AnD y NoT In (2) Or NOT z = 1");
  EXPECT_EQ(predicate.ToString(), "x in (1) and y not in (2) or not z = 1");
}

TEST(WherePredicate, LiteralOnTheLeftIsFlipped) {
  EXPECT_EQ(MustParse("5 < x").ToString(), "x > 5");
  EXPECT_EQ(MustParse("5 <= x").ToString(), "x >= 5");
  EXPECT_EQ(MustParse("5 > x").ToString(), "x < 5");
  EXPECT_EQ(MustParse("5 >= x").ToString(), "x <= 5");
  EXPECT_EQ(MustParse("'a' = x").ToString(), "x = 'a'");
  EXPECT_EQ(MustParse("'a' != x").ToString(), "x != 'a'");
  EXPECT_TRUE(Eval("5 < x", {Units(6)}));
  EXPECT_FALSE(Eval("5 < x", {Units(5)}));
}

TEST(WherePredicate, QuotingOfStringsAndNames) {
  EXPECT_TRUE(Eval("x = 'it''s'", {Str("it's")}));
  EXPECT_TRUE(Eval("x = ''", {Str("")}));
  EXPECT_TRUE(Eval("x = 'a \"b\" (c), d'", {Str("a \"b\" (c), d")}));
  const WherePredicate spaced = MustParse("\"order total\" > 5 and \"say \"\"hi\"\"\" = 1");
  EXPECT_EQ(spaced.properties(), (std::vector<std::string>{"order total", "say \"hi\""}));
  EXPECT_EQ(MustParse("\"and\" = 1").properties(), (std::vector<std::string>{"and"}));
  EXPECT_EQ(MustParse("user.city$_2 = 1").properties(), (std::vector<std::string>{"user.city$_2"}));
  EXPECT_EQ(MustParse("_x = 1").properties(), (std::vector<std::string>{"_x"}));
  EXPECT_EQ(MustParse("cat\xC3\xA9gorie = 'a'").properties(),
            (std::vector<std::string>{"cat\xC3\xA9gorie"}));
  // A quoted name that needs no quotes is the same property.
  EXPECT_EQ(MustParse("\"x\" = 1 or x = 2").properties(), (std::vector<std::string>{"x"}));
}

TEST(WherePredicate, PropertiesAreDistinctInFirstAppearanceOrder) {
  const WherePredicate predicate = MustParse("b = 1 or a = 2 and 3 < b or c in (1) or a = 3");
  EXPECT_EQ(predicate.properties(), (std::vector<std::string>{"b", "a", "c"}));
  // values follow properties(): b = 9, a = 2, c = 0
  EXPECT_TRUE(predicate.Evaluate(std::vector{Units(9), Units(2), Units(0)}));
}

TEST(WherePredicate, NumbersAreExactFixed6) {
  EXPECT_TRUE(Eval("x = -3", {Units(-3)}));
  EXPECT_TRUE(Eval("x = 2.5", {Fixed(2'500'000)}));
  EXPECT_TRUE(Eval("x = 1e3", {Units(1000)}));
  EXPECT_TRUE(Eval("x = 1.5E-3", {Fixed(1'500)}));
  EXPECT_TRUE(Eval("x = 0.1", {Fixed(100'000)}));  // no binary floating point on the way
  EXPECT_TRUE(Eval("x = 0.0000005", {Fixed(1)}));  // half away from zero
  EXPECT_TRUE(Eval("x = -0.0000005", {Fixed(-1)}));
  EXPECT_TRUE(Eval("x = 0.00000049999", {Fixed(0)}));
  EXPECT_TRUE(Eval("x = 9223372036854.775807", {Fixed(9'223'372'036'854'775'807)}));
  EXPECT_TRUE(Eval("x = -9223372036854.775807", {Fixed(-9'223'372'036'854'775'807)}));
}

TEST(ParseFixed6, ParsesExactlyAndRounds) {
  int64_t value = 0;
  ASSERT_TRUE(ParseFixed6("12.5", &value));
  EXPECT_EQ(value, 12'500'000);
  ASSERT_TRUE(ParseFixed6("+7", &value));
  EXPECT_EQ(value, 7'000'000);
  ASSERT_TRUE(ParseFixed6("-0", &value));
  EXPECT_EQ(value, 0);
  ASSERT_TRUE(ParseFixed6("0.1234565", &value));
  EXPECT_EQ(value, 123'457);
  ASSERT_TRUE(ParseFixed6("-0.1234565", &value));
  EXPECT_EQ(value, -123'457);
  ASSERT_TRUE(ParseFixed6("0.1234564999", &value));
  EXPECT_EQ(value, 123'456);
  ASSERT_TRUE(ParseFixed6("123456e-8", &value));
  EXPECT_EQ(value, 1'235);
  ASSERT_TRUE(ParseFixed6("0e999999999999", &value));
  EXPECT_EQ(value, 0);
  ASSERT_TRUE(ParseFixed6("5e-999999999999", &value));
  EXPECT_EQ(value, 0);
  ASSERT_TRUE(ParseFixed6("00000000000000000000000000001", &value));
  EXPECT_EQ(value, 1'000'000);
  ASSERT_TRUE(ParseFixed6("9223372036854.7758074", &value));
  EXPECT_EQ(value, 9'223'372'036'854'775'807);
}

TEST(ParseFixed6, RejectsNonNumbersAndOverflow) {
  int64_t value = 0;
  for (const char* text :
       {"", "-", "+", ".5", "5.", "1e", "1e+", "1.2.3", " 1", "1 ", "0x10", "inf", "nan", "1,5",
        "--1", "9223372036854.775808", "9223372036854.7758075", "1e13", "-1e13"}) {
    EXPECT_FALSE(ParseFixed6(text, &value)) << text;
  }
}

TEST(WherePredicate, ToStringIsCanonical) {
  const struct {
    const char* text;
    const char* canonical;
  } cases[] = {
      {"amount>0 AND category!='Gift Card'", "amount > 0 and category != 'Gift Card'"},
      {"((x = 1))", "x = 1"},
      {"x = 1e3 or x = 2.50 or x = -0.0", "x = 1000 or x = 2.5 or x = 0"},
      {"a = 1 and (b = 1 and c = 1)", "a = 1 and b = 1 and c = 1"},
      {"(a = 1 or b = 1) or c = 1", "a = 1 or b = 1 or c = 1"},
      {"(a = 1 or b = 1) and c = 1", "(a = 1 or b = 1) and c = 1"},
      {"a = 1 or (b = 1 and c = 1)", "a = 1 or b = 1 and c = 1"},
      {"not (a = 1)", "not a = 1"},
      {"not (a = 1 and b = 2)", "not (a = 1 and b = 2)"},
      {"x = 'it''s'", "x = 'it''s'"},
      {"\"order total\" >= 10", "\"order total\" >= 10"},
      {"\"OR\" = 1", "\"OR\" = 1"},
      {"\"1st\" = 1", "\"1st\" = 1"},
      {"\"plain\" = 1", "plain = 1"},
      {"x in(1,'a' , 2)", "x in (1, 'a', 2)"},
      {"x not in ('a')", "x not in ('a')"},
  };
  for (const auto& test_case : cases) {
    EXPECT_EQ(MustParse(test_case.text).ToString(), test_case.canonical) << test_case.text;
  }
}

TEST(WherePredicate, ToStringRoundTrips) {
  for (const char* text : {
           "amount > 0 and category != 'Gift Card'",
           "not not (a = 1 or not (b < 'x' and c in (1, -2.000001, 'q''r')))",
           "\"we\"\"ird name\" not in ('', '\n\t') or $x.y >= 1e-6",
           "((a = 1 or b = 2) and (c = 3 or d = 4)) or e = 5 and (f = 6 or g = 7)",
       }) {
    const WherePredicate first = MustParse(text);
    const WherePredicate second = MustParse(first.ToString());
    EXPECT_EQ(second.ToString(), first.ToString()) << text;
    EXPECT_EQ(second.properties(), first.properties()) << text;
  }
}

TEST(WherePredicate, ErrorsCarryTheirColumn) {
  const struct {
    std::string text;
    int64_t column;
  } cases[] = {
      {"", 1},                           // empty filter
      {"   ", 1},                        // blank filter
      {"x == 1", 3},                     // unknown operator '=='
      {"x <> 1", 3},                     // unknown operator '<>'
      {"x ! 1", 3},                      // unknown operator '!'
      {"a = 1 && b = 2", 7},             // unknown operator '&&'
      {"x = 'abc", 5},                   // unterminated string
      {"x = 'it''s", 5},                 // unterminated string (the '' is a quote)
      {"\"abc = 1", 1},                  // unterminated property name
      {"\"\" = 1", 1},                   // empty property name
      {"x = 1abc", 5},                   // malformed number
      {"x = 1.2.3", 5},                  // malformed number
      {"x = 1.", 5},                     // malformed number
      {"x = 1e", 5},                     // malformed number
      {"x = 99999999999999", 5},         // out of range
      {"x = 1 and", 10},                 // expected a condition, at the end
      {"x = 1 and and y = 2", 11},       // expected a condition
      {"(x = 1", 7},                     // expected ')'
      {"(x = 1 y", 8},                   // expected ')'
      {"x = 1)", 6},                     // unmatched ')'
      {"x 1", 3},                        // expected a comparison operator
      {"x", 2},                          // expected a comparison operator, at the end
      {"x = y", 5},                      // expected a literal
      {"x = Gift", 5},                   // expected a literal (unquoted string)
      {"x =", 4},                        // expected a literal, at the end
      {"1 = 2", 5},                      // expected a property name
      {"'a' in ('b')", 1},               // `in` needs a property on its left
      {"x in 1", 6},                     // expected '('
      {"x in ()", 7},                    // expected a literal
      {"x in (1 2)", 9},                 // expected ',' or ')'
      {"x in (1,)", 9},                  // expected a literal
      {"x not 1", 7},                    // expected 'in'
      {"x = 1 y = 2", 7},                // expected and/or/end
      {"x = #", 5},                      // unexpected character
      {"x = - 3", 5},                    // unexpected character '-'
      {"x = 1 ; y = 2", 7},              // unexpected character
      {"\"\xC3\xA9\" = 1 #", 9},         // columns count characters, not bytes
      {"x = '\xC3\xA9\xC3\xA9' y", 10},  // ... inside strings too
  };
  for (const auto& test_case : cases) {
    EXPECT_EQ(ErrorColumn(test_case.text), test_case.column) << test_case.text;
  }
}

TEST(WherePredicate, NestingDepthIsBounded) {
  const int max_depth = WherePredicate::kMaxDepth;
  const std::string ok = std::string(max_depth, '(') + "x = 1" + std::string(max_depth, ')');
  EXPECT_TRUE(WherePredicate::Parse(ok).ok());
  const std::string deep =
      std::string(max_depth + 1, '(') + "x = 1" + std::string(max_depth + 1, ')');
  EXPECT_EQ(ErrorColumn(deep), max_depth + 1);
  std::string nots;
  for (int idx = 0; idx <= max_depth; ++idx) nots += "not ";
  EXPECT_EQ(ErrorColumn(nots + "x = 1"), int64_t{max_depth} * 4 + 1);
}

TEST(WherePredicate, LongFlatChainsNeedNoDepth) {
  std::string text = "x = 0";
  for (int idx = 1; idx < 5000; ++idx) text += " or x = " + std::to_string(idx);
  const WherePredicate predicate = MustParse(text);
  EXPECT_TRUE(predicate.Evaluate(std::vector{Units(4999)}));
  EXPECT_FALSE(predicate.Evaluate(std::vector{Units(5000)}));
  EXPECT_EQ(MustParse(predicate.ToString()).ToString(), predicate.ToString());
}

}  // namespace
}  // namespace payback
