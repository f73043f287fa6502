#include "payback/common/money.h"

#include <gtest/gtest.h>

#include <limits>

namespace payback {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

Micros ParseOk(std::string_view text) {
  const Result<Micros> result = ParseMoney(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.status().ToString();
  return result.ok() ? *result : -12345;
}

void ExpectInvalid(std::string_view text) {
  const Result<Micros> result = ParseMoney(text);
  EXPECT_FALSE(result.ok()) << text;
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput) << text;
}

TEST(Money, ParseMoneyReadsPlainDecimals) {
  EXPECT_EQ(ParseOk("0"), 0);
  EXPECT_EQ(ParseOk("12"), 12'000'000);
  EXPECT_EQ(ParseOk("1234.5"), 1'234'500'000);
  EXPECT_EQ(ParseOk("-0.01"), -10'000);
  EXPECT_EQ(ParseOk("+7.25"), 7'250'000);
  EXPECT_EQ(ParseOk("0.000001"), 1);
  EXPECT_EQ(ParseOk("1234.567891"), 1'234'567'891);
  EXPECT_EQ(ParseOk(".5"), 500'000);
  EXPECT_EQ(ParseOk("5."), 5'000'000);
  EXPECT_EQ(ParseOk("00012.10"), 12'100'000);
  EXPECT_EQ(ParseOk("-0"), 0);
}

TEST(Money, ParseMoneyTrimsSurroundingSpaces) {
  EXPECT_EQ(ParseOk("  19.99 "), 19'990'000);
  EXPECT_EQ(ParseOk("\t-3\r\n"), -3'000'000);
}

TEST(Money, ParseMoneyRejectsOtherSyntax) {
  for (const char* bad : {"", "   ", "-", "+", ".", "-.", "1e3", "1,234.50", "$12", "12 USD",
                          "12.5.1", "1 000", "--1", "0x10", "nan", "1.2345678", "0.0000001", "١"}) {
    ExpectInvalid(bad);
  }
}

TEST(Money, ParseMoneyRejectsOverflow) {
  EXPECT_EQ(ParseOk("9223372036854.775807"), kInt64Max);
  EXPECT_EQ(ParseOk("-9223372036854.775807"), -kInt64Max);
  ExpectInvalid("9223372036854.775808");
  ExpectInvalid("-9223372036854.775808");
  ExpectInvalid("9223372036855");
  ExpectInvalid("99999999999999999999999999");
}

TEST(Money, ParseMoneyMessageQuotesTheText) {
  const Result<Micros> result = ParseMoney("12.3456789");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message().rfind("\"12.3456789\"", 0), 0u);
}

TEST(Money, CurrencyCodes) {
  for (const char* code : {"USD", "EUR", "JPY", "GBP", "BHD", "CLF", "UYW", "AED", "ZWG", "INR"}) {
    EXPECT_TRUE(IsCurrencyCode(code)) << code;
  }
  for (const char* code : {"", "usd", "US", "USDX", "XXX", "XTS", "XAU", "ABC", "HRK"}) {
    EXPECT_FALSE(IsCurrencyCode(code)) << code;
  }
}

TEST(Money, CurrencyMinorDigits) {
  EXPECT_EQ(CurrencyMinorDigits("USD"), 2);
  EXPECT_EQ(CurrencyMinorDigits("EUR"), 2);
  EXPECT_EQ(CurrencyMinorDigits("JPY"), 0);
  EXPECT_EQ(CurrencyMinorDigits("KRW"), 0);
  EXPECT_EQ(CurrencyMinorDigits("XPF"), 0);
  EXPECT_EQ(CurrencyMinorDigits("BHD"), 3);
  EXPECT_EQ(CurrencyMinorDigits("TND"), 3);
  EXPECT_EQ(CurrencyMinorDigits("CLF"), 4);
  EXPECT_EQ(CurrencyMinorDigits("UYW"), 4);
  EXPECT_EQ(CurrencyMinorDigits("NOPE"), 2);
}

TEST(Money, FormatMoneyRoundsHalfAwayFromZero) {
  EXPECT_EQ(FormatMoney(5'000, 6, 2), "0.01");    // 0.005
  EXPECT_EQ(FormatMoney(-5'000, 6, 2), "-0.01");  // -0.005
  EXPECT_EQ(FormatMoney(4'999, 6, 2), "0.00");    // 0.004999
  EXPECT_EQ(FormatMoney(-4'999, 6, 2), "0.00");   // never "-0.00"
  EXPECT_EQ(FormatMoney(1'234'500'000, 6, 2), "1234.50");
  EXPECT_EQ(FormatMoney(1'234'994'999, 6, 2), "1234.99");
  EXPECT_EQ(FormatMoney(1'234'995'000, 6, 2), "1235.00");
  EXPECT_EQ(FormatMoney(-10'000, 6, 2), "-0.01");
  EXPECT_EQ(FormatMoney(0, 6, 2), "0.00");
}

TEST(Money, FormatMoneyMinorDigits) {
  EXPECT_EQ(FormatMoney(1'234'500'000, 6, 0), "1235");  // JPY
  EXPECT_EQ(FormatMoney(-1'234'500'000, 6, 0), "-1235");
  EXPECT_EQ(FormatMoney(-499'999, 6, 0), "0");
  EXPECT_EQ(FormatMoney(1'234'567'891, 6, 3), "1234.568");  // BHD
  EXPECT_EQ(FormatMoney(1'234'567'891, 6, 6), "1234.567891");
  EXPECT_EQ(FormatMoney(1, 6, 4), "0.0000");
  EXPECT_EQ(FormatMoney(50, 6, 4), "0.0001");
  // More minor digits than the value has: padded with zeros.
  EXPECT_EQ(FormatMoney(12, 0, 2), "12.00");
  EXPECT_EQ(FormatMoney(125, 1, 3), "12.500");
}

TEST(Money, FormatMoneyScale12) {
  // 1/3 of a cent-rounded 10.00 in 1e-12 units.
  EXPECT_EQ(FormatMoney(static_cast<__int128>(3'333'333'333'333), 12, 2), "3.33");
  EXPECT_EQ(FormatMoney(static_cast<__int128>(5'000'000'000), 12, 2), "0.01");  // 0.005
  EXPECT_EQ(FormatMoney(static_cast<__int128>(4'999'999'999), 12, 2), "0.00");
  EXPECT_EQ(FormatMoney(-static_cast<__int128>(5'000'000'000), 12, 2), "-0.01");
  EXPECT_EQ(FormatMoney(static_cast<__int128>(76'714'285'714'285), 12, 2), "76.71");
}

TEST(Money, FormatMoneyBigValues) {
  EXPECT_EQ(FormatMoney(kInt64Max, 6, 2), "9223372036854.78");
  EXPECT_EQ(FormatMoney(std::numeric_limits<int64_t>::min(), 6, 2), "-9223372036854.78");
  // Sum of many INT64_MAX micros in 1e-12 units still fits in __int128.
  const __int128 big = static_cast<__int128>(kInt64Max) * 1'000'000 * 1000;
  EXPECT_EQ(FormatMoney(big, 12, 2), "9223372036854775.81");
  const __int128 int128_max = ~(static_cast<unsigned __int128>(1) << 127);
  EXPECT_EQ(FormatMoney(int128_max, 0, 0), "170141183460469231731687303715884105727");
  EXPECT_EQ(FormatMoney(-int128_max - 1, 0, 0), "-170141183460469231731687303715884105728");
  EXPECT_EQ(FormatMoney(int128_max, 38, 2), "1.70");
}

TEST(Money, FormatMoneyGroupsThousands) {
  EXPECT_EQ(FormatMoney(1'234'500'000, 6, 2, true), "1,234.50");
  EXPECT_EQ(FormatMoney(-1'234'567'890'000, 6, 2, true), "-1,234,567.89");
  EXPECT_EQ(FormatMoney(123'000'000, 6, 2, true), "123.00");
  EXPECT_EQ(FormatMoney(999'995'000, 6, 2, true), "1,000.00");
  EXPECT_EQ(FormatMoney(123'456'000'000, 6, 0, true), "123,456");
  EXPECT_EQ(FormatMoney(1'000'000'000'000, 6, 0, true), "1,000,000");
  EXPECT_EQ(FormatMoney(0, 6, 0, true), "0");
}

TEST(Money, FormatMicros) {
  EXPECT_EQ(FormatMicros(19'990'000, 2), "19.99");
  EXPECT_EQ(FormatMicros(-19'995'000, 2), "-20.00");
  EXPECT_EQ(FormatMicros(1'500'000, 0), "2");
}

}  // namespace
}  // namespace payback
