#include "payback/common/decimal.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "payback/types.h"

namespace payback {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

TEST(Decimal, ParseFixed6ReadsPlainDecimalsExactly) {
  EXPECT_EQ(ParseFixed6("0"), 0);
  EXPECT_EQ(ParseFixed6("12"), 12'000'000);
  EXPECT_EQ(ParseFixed6("0.1"), 100'000);
  EXPECT_EQ(ParseFixed6("19.99"), 19'990'000);
  EXPECT_EQ(ParseFixed6("-3"), -3'000'000);
  EXPECT_EQ(ParseFixed6("+3.5"), 3'500'000);
  EXPECT_EQ(ParseFixed6("0.000001"), 1);
  EXPECT_EQ(ParseFixed6("123456.654321"), 123'456'654'321);
  EXPECT_EQ(ParseFixed6(".5"), 500'000);
  EXPECT_EQ(ParseFixed6("5."), 5'000'000);
  EXPECT_EQ(ParseFixed6("007.50"), 7'500'000);
  EXPECT_EQ(ParseFixed6("-0"), 0);
}

TEST(Decimal, ParseFixed6RoundsHalfAwayFromZero) {
  EXPECT_EQ(ParseFixed6("0.0000005"), 1);
  EXPECT_EQ(ParseFixed6("-0.0000005"), -1);
  EXPECT_EQ(ParseFixed6("0.00000049999999999"), 0);
  EXPECT_EQ(ParseFixed6("1e-7"), 0);
  EXPECT_EQ(ParseFixed6("5e-7"), 1);
  EXPECT_EQ(ParseFixed6("1.2345675"), 1'234'568);
  EXPECT_EQ(ParseFixed6("1.2345674999"), 1'234'567);
  EXPECT_EQ(ParseFixed6("-1.2345675"), -1'234'568);
  EXPECT_EQ(ParseFixed6("0.9999995"), 1'000'000);
}

TEST(Decimal, ParseFixed6ReadsExponents) {
  EXPECT_EQ(ParseFixed6("1e3"), 1'000'000'000);
  EXPECT_EQ(ParseFixed6("2.5E-2"), 25'000);
  EXPECT_EQ(ParseFixed6("1e+2"), 100'000'000);
  EXPECT_EQ(ParseFixed6("-1.5e1"), -15'000'000);
  EXPECT_EQ(ParseFixed6("125e-8"), 1);  // 0.00000125 rounds to 0.000001
  EXPECT_EQ(ParseFixed6("0e999999999999"), 0);
  EXPECT_EQ(ParseFixed6("1e-999999999999"), 0);
  EXPECT_EQ(ParseFixed6("12345678901234567890e-19"), 1'234'568);
}

TEST(Decimal, ParseFixed6ReadsLongSignificands) {
  // More than 18 significant digits still parse exactly.
  EXPECT_EQ(ParseFixed6("1234567890123.4567894"), 1'234'567'890'123'456'789);
  EXPECT_EQ(ParseFixed6("0.00000000000000000000000000000000001"), 0);
  EXPECT_EQ(ParseFixed6("0.00000050000000000000000000000000000"), 1);
}

TEST(Decimal, ParseFixed6RejectsNonNumbers) {
  for (const char* bad :
       {"",     " ",     " 1",    "1 ",  "nan", "NaN",   "inf", "-inf", "Infinity",
        "0x10", "1,5",   ".",     "-",   "+",   "-.",    "e5",  "1e",   "1e+",
        "1e-",  "1.2.3", "1e5.5", "--1", "+-1", "1_000", "١"}) {
    EXPECT_EQ(ParseFixed6(bad), std::nullopt) << bad;
  }
}

TEST(Decimal, ParseFixed6RejectsValuesThatDoNotFit) {
  // INT64_MAX micros = 9223372036854.775807
  EXPECT_EQ(ParseFixed6("9223372036854.775807"), kInt64Max);
  EXPECT_EQ(ParseFixed6("-9223372036854.775807"), -kInt64Max);
  EXPECT_EQ(ParseFixed6("9223372036854.7758074"), kInt64Max);
  EXPECT_EQ(ParseFixed6("9223372036854.7758075"), std::nullopt);
  EXPECT_EQ(ParseFixed6("9223372036854.775808"), std::nullopt);
  // This would be kNullNumber.
  EXPECT_EQ(ParseFixed6("-9223372036854.775808"), std::nullopt);
  EXPECT_EQ(ParseFixed6("1e13"), std::nullopt);
  EXPECT_EQ(ParseFixed6("1e999999999999"), std::nullopt);
  EXPECT_EQ(ParseFixed6("99999999999999999999"), std::nullopt);
}

TEST(Decimal, FormatFixed6IsShortestExactText) {
  EXPECT_EQ(FormatFixed6(0), "0");
  EXPECT_EQ(FormatFixed6(12'500'000), "12.5");
  EXPECT_EQ(FormatFixed6(-3'000'000), "-3");
  EXPECT_EQ(FormatFixed6(1), "0.000001");
  EXPECT_EQ(FormatFixed6(-1), "-0.000001");
  EXPECT_EQ(FormatFixed6(19'990'000), "19.99");
  EXPECT_EQ(FormatFixed6(kInt64Max), "9223372036854.775807");
  EXPECT_EQ(FormatFixed6(kNullNumber), "-9223372036854.775808");
}

TEST(Decimal, FormatThenParseRoundTrips) {
  for (const int64_t value :
       {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{100'000}, int64_t{123'456'789},
        int64_t{-987'654'321'000}, kInt64Max, -kInt64Max}) {
    EXPECT_EQ(ParseFixed6(FormatFixed6(value)), value);
  }
}

TEST(Decimal, Fixed6ToDouble) {
  EXPECT_DOUBLE_EQ(Fixed6ToDouble(12'500'000), 12.5);
  EXPECT_EQ(Fixed6ToDouble(100'000), 0.1);
  EXPECT_EQ(Fixed6ToDouble(-19'990'000), -19.99);
  EXPECT_EQ(Fixed6ToDouble(0), 0.0);
}

}  // namespace
}  // namespace payback
