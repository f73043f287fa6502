#include "payback/formula/formula_value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace payback {
namespace {

constexpr __int128 kPico = FormulaValue::kPicoPerUnit;

FormulaValue Units(int64_t units) { return FormulaValue::FromInt(units); }

TEST(FormulaValue, DefaultIsNull) {
  EXPECT_TRUE(FormulaValue().is_null());
  EXPECT_FALSE(FormulaValue().ToDouble().has_value());
  EXPECT_EQ(FormulaValue().ToString(), "null");
}

TEST(FormulaValue, ConstructorsAreExactInPicoUnits) {
  EXPECT_EQ(FormulaValue::FromInt(3).pico(), 3 * kPico);
  EXPECT_EQ(FormulaValue::FromMicros(1'500'000).pico(), 15 * kPico / 10);
  EXPECT_EQ(FormulaValue::FromPico(1).ToString(), "0.000000000001");
  EXPECT_EQ(FormulaValue::FromInt(std::numeric_limits<int64_t>::min()).ToString(),
            "-9223372036854775808");
}

TEST(FormulaValue, NonFiniteDoublesAreNull) {
  EXPECT_TRUE(FormulaValue::FromDouble(std::numeric_limits<double>::infinity()).is_null());
  EXPECT_TRUE(FormulaValue::FromDouble(std::nan("")).is_null());
  EXPECT_TRUE(FormulaValue::FromOptionalDouble(std::nullopt).is_null());
  EXPECT_EQ(FormulaValue::FromOptionalDouble(0.5), FormulaValue::FromDouble(0.5));
}

TEST(FormulaValue, NegativeZeroIsZero) {
  EXPECT_EQ(FormulaValue::FromDouble(-0.0).ToString(), "0");
  EXPECT_EQ(FormulaValue::Negate(FormulaValue::FromDouble(0.0)).ToString(), "0");
}

TEST(FormulaValue, AddsAndSubtractsExactly) {
  const FormulaValue tenth = FormulaValue::FromPico(kPico / 10);
  const FormulaValue fifth = FormulaValue::FromPico(kPico / 5);
  EXPECT_EQ(FormulaValue::Add(tenth, fifth), FormulaValue::FromPico(3 * kPico / 10));
  EXPECT_EQ(FormulaValue::Subtract(tenth, fifth), FormulaValue::FromPico(-kPico / 10));
  EXPECT_EQ(FormulaValue::Add(tenth, fifth).ToString(), "0.3");
}

TEST(FormulaValue, MultipliesExactlyWhenTheProductHasTwelveDecimals) {
  const FormulaValue tenth = FormulaValue::FromPico(kPico / 10);
  EXPECT_EQ(FormulaValue::Multiply(tenth, Units(3)), FormulaValue::FromPico(3 * kPico / 10));
  // 0.000001 * 0.000001 = 1e-12: still exact.
  const FormulaValue micro = FormulaValue::FromMicros(1);
  EXPECT_EQ(FormulaValue::Multiply(micro, micro), FormulaValue::FromPico(1));
  // 1e-12 * 0.5 has 13 decimals: approximate.
  const FormulaValue product =
      FormulaValue::Multiply(FormulaValue::FromPico(1), FormulaValue::FromPico(kPico / 2));
  ASSERT_TRUE(product.is_double());
  EXPECT_DOUBLE_EQ(*product.ToDouble(), 5e-13);
}

TEST(FormulaValue, DividesInDoubleFromTheExactOperands) {
  const FormulaValue quarter = FormulaValue::Divide(Units(10), Units(4));
  ASSERT_TRUE(quarter.is_double());
  EXPECT_EQ(*quarter.ToDouble(), 2.5);
  const FormulaValue third = FormulaValue::Divide(FormulaValue::FromMicros(100'000'000), Units(3));
  ASSERT_TRUE(third.is_double());
  EXPECT_EQ(*third.ToDouble(), 100.0 / 3.0);
  EXPECT_EQ(third.ToString(), "33.333333333333336");
  // Beyond 2^53 pico-units (~9,007 units) and beyond int64 (~9.2 million units): still the
  // double nearest the quotient for these values.
  EXPECT_EQ(*FormulaValue::Divide(Units(1'000'000), Units(3)).ToDouble(), 1'000'000.0 / 3.0);
  EXPECT_EQ(*FormulaValue::Divide(Units(10'000'000'000), Units(-4)).ToDouble(), -2.5e9);
  // 0.3 / 0.1 divides the exact operands, not their double approximations.
  EXPECT_EQ(*FormulaValue::Divide(FormulaValue::FromPico(3 * kPico / 10),
                                  FormulaValue::FromPico(kPico / 10))
                 .ToDouble(),
            3.0);
}

TEST(FormulaValue, DivisionByZeroIsNull) {
  EXPECT_TRUE(FormulaValue::Divide(Units(1), Units(0)).is_null());
  EXPECT_TRUE(FormulaValue::Divide(Units(0), Units(0)).is_null());
  EXPECT_TRUE(
      FormulaValue::Divide(FormulaValue::FromDouble(1.5), FormulaValue::FromDouble(0)).is_null());
  EXPECT_TRUE(FormulaValue::Divide(FormulaValue::FromDouble(1.5), Units(0)).is_null());
}

TEST(FormulaValue, NullPropagates) {
  const FormulaValue null;
  for (const FormulaValue& other : {Units(2), FormulaValue::FromDouble(2.5), FormulaValue()}) {
    EXPECT_TRUE(FormulaValue::Add(null, other).is_null());
    EXPECT_TRUE(FormulaValue::Subtract(other, null).is_null());
    EXPECT_TRUE(FormulaValue::Multiply(null, other).is_null());
    EXPECT_TRUE(FormulaValue::Divide(other, null).is_null());
  }
  EXPECT_TRUE(FormulaValue::Negate(null).is_null());
}

TEST(FormulaValue, MixingWithDoubleGivesDouble) {
  const FormulaValue sum = FormulaValue::Add(Units(1), FormulaValue::FromDouble(0.5));
  ASSERT_TRUE(sum.is_double());
  EXPECT_EQ(*sum.ToDouble(), 1.5);
}

TEST(FormulaValue, OverflowFallsBackToDoubleAndInfinityToNull) {
  const __int128 max = std::numeric_limits<__int128>::max();
  const FormulaValue huge = FormulaValue::FromPico(max);
  const FormulaValue sum = FormulaValue::Add(huge, huge);
  ASSERT_TRUE(sum.is_double());
  EXPECT_GT(*sum.ToDouble(), 3e26);
  const FormulaValue product = FormulaValue::Multiply(huge, huge);
  ASSERT_TRUE(product.is_double());
  // Squaring ~1.7e26 gives ~2.9e52; doing it 4 more times overflows double: null.
  FormulaValue value = product;
  for (int step = 0; step < 4; ++step) value = FormulaValue::Multiply(value, value);
  EXPECT_TRUE(value.is_null());
  const FormulaValue min = FormulaValue::FromPico(std::numeric_limits<__int128>::min());
  EXPECT_TRUE(FormulaValue::Negate(min).is_double());
  EXPECT_TRUE(FormulaValue::Subtract(FormulaValue::FromInt(0), min).is_double());
  EXPECT_TRUE(FormulaValue::Divide(min, FormulaValue::FromPico(-1)).is_double());
  EXPECT_TRUE(FormulaValue::Divide(FormulaValue::FromPico(1), huge).is_double());
}

TEST(FormulaValue, FormatPicoIsShortestExactDecimal) {
  EXPECT_EQ(FormatPico(0), "0");
  EXPECT_EQ(FormatPico(12 * kPico + kPico / 2), "12.5");
  EXPECT_EQ(FormatPico(-kPico / 1'000'000), "-0.000001");
  EXPECT_EQ(FormatPico(-1), "-0.000000000001");
  EXPECT_EQ(FormatPico(std::numeric_limits<__int128>::min()),
            "-170141183460469231731687303.715884105728");
}

}  // namespace
}  // namespace payback
