#include "payback/common/money.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "payback/common/assert.h"
#include "payback/common/text.h"

namespace payback {
namespace {

// Active ISO 4217 codes (list one: currencies and fund codes), plus a few recently withdrawn
// ones still found in exported data (ANG, CUC, SLL, ZWL). Sorted: binary-searched.
constexpr std::array<std::string_view, 169> kCurrencyCodes = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
};
static_assert(std::ranges::is_sorted(kCurrencyCodes));
static_assert(std::ranges::adjacent_find(kCurrencyCodes) == kCurrencyCodes.end());

constexpr std::array<std::string_view, 17> kZeroMinorDigits = {
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
    "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
};
constexpr std::array<std::string_view, 7> kThreeMinorDigits = {"BHD", "IQD", "JOD", "KWD",
                                                               "LYD", "OMR", "TND"};
constexpr std::array<std::string_view, 2> kFourMinorDigits = {"CLF", "UYW"};
static_assert(std::ranges::is_sorted(kZeroMinorDigits));
static_assert(std::ranges::is_sorted(kThreeMinorDigits));
static_assert(std::ranges::is_sorted(kFourMinorDigits));

constexpr int kMoneyDecimals = 6;

Status InvalidAmount(std::string_view text, std::string_view reason) {
  std::string msg = QuoteForMessage(text);
  msg += " is not a valid amount: ";
  msg += reason;
  return Status::InvalidInput(std::move(msg));
}

template <size_t N>
bool Contains(const std::array<std::string_view, N>& sorted, std::string_view code) {
  return std::ranges::binary_search(sorted, code);
}

}  // namespace

Result<Micros> ParseMoney(std::string_view text) {
  const std::string_view trimmed = TrimAscii(text);
  if (trimmed.empty()) return InvalidAmount(text, "empty");
  size_t pos = 0;
  bool negative = false;
  if (trimmed[pos] == '-' || trimmed[pos] == '+') {
    negative = trimmed[pos] == '-';
    ++pos;
  }
  constexpr uint64_t kMaxMagnitude = std::numeric_limits<int64_t>::max();
  uint64_t magnitude = 0;  // in micros
  int digit_count = 0;
  bool overflow = false;
  // Integer digits, accumulated as units; scaled to micros after the fraction.
  uint64_t units = 0;
  while (pos < trimmed.size() && trimmed[pos] >= '0' && trimmed[pos] <= '9') {
    const auto digit = static_cast<uint64_t>(trimmed[pos] - '0');
    if (units > (kMaxMagnitude / kMicrosPerUnit - digit) / 10) overflow = true;
    if (!overflow) units = units * 10 + digit;
    ++digit_count;
    ++pos;
  }
  uint64_t micros = 0;
  int frac_digits = 0;
  if (pos < trimmed.size() && trimmed[pos] == '.') {
    ++pos;
    while (pos < trimmed.size() && trimmed[pos] >= '0' && trimmed[pos] <= '9') {
      if (frac_digits == kMoneyDecimals) return InvalidAmount(text, "more than 6 decimals");
      micros = micros * 10 + static_cast<uint64_t>(trimmed[pos] - '0');
      ++frac_digits;
      ++digit_count;
      ++pos;
    }
  }
  if (pos < trimmed.size()) {
    return InvalidAmount(text, "only digits, one '.' and a leading sign are allowed");
  }
  if (digit_count == 0) return InvalidAmount(text, "no digits");
  for (int pad = frac_digits; pad < kMoneyDecimals; ++pad) micros *= 10;
  // units <= (INT64_MAX / 1e6), so units * 1e6 cannot wrap; the sum is checked.
  if (!overflow) {
    magnitude = units * kMicrosPerUnit;
    if (magnitude > kMaxMagnitude - micros) overflow = true;
    magnitude += micros;
  }
  if (overflow) return InvalidAmount(text, "out of range");
  const auto value = static_cast<Micros>(magnitude);
  return negative ? -value : value;
}

bool IsCurrencyCode(std::string_view code) { return Contains(kCurrencyCodes, code); }

int CurrencyMinorDigits(std::string_view code) {
  if (Contains(kZeroMinorDigits, code)) return 0;
  if (Contains(kThreeMinorDigits, code)) return 3;
  if (Contains(kFourMinorDigits, code)) return 4;
  return 2;
}

std::string FormatMoney(__int128 value, int value_scale, int minor_digits, bool group_thousands) {
  PAYBACK_ASSERT(value_scale >= 0 && value_scale <= 38);
  PAYBACK_ASSERT(minor_digits >= 0 && minor_digits <= 18);
  using U128 = unsigned __int128;
  const bool negative = value < 0;
  // Unsigned negation keeps the minimum __int128 representable.
  U128 magnitude = negative ? ~static_cast<U128>(value) + 1 : static_cast<U128>(value);
  // Reduce to `kept_scale` decimals by division (rounding), then pad with zeros to
  // minor_digits: padding as text cannot overflow, unlike a multiplication.
  const int kept_scale = std::min(value_scale, minor_digits);
  if (value_scale > minor_digits) {
    U128 divisor = 1;
    for (int step = minor_digits; step < value_scale; ++step) divisor *= 10;
    const U128 remainder = magnitude % divisor;
    magnitude /= divisor;
    // Half away from zero on the magnitude; remainder >= divisor - remainder avoids 2*r
    // overflowing.
    if (remainder >= divisor - remainder) ++magnitude;
  }
  // Digits of the magnitude, at least kept_scale + 1 of them ("0.05", not ".05").
  char digits[48];
  int digit_count = 0;
  do {
    digits[digit_count++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  const bool is_zero = digit_count == 1 && digits[0] == '0';
  while (digit_count < kept_scale + 1) digits[digit_count++] = '0';
  // digits[] is little-endian: digits[0] is the last fraction digit.
  const int int_len = digit_count - kept_scale;
  std::string out;
  out.reserve(static_cast<size_t>(digit_count + int_len / 3 + minor_digits + 3));
  if (negative && !is_zero) out += '-';
  for (int idx = digit_count - 1; idx >= kept_scale; --idx) {
    out += digits[idx];
    const int remaining_int = idx - kept_scale;
    if (group_thousands && remaining_int > 0 && remaining_int % 3 == 0) out += ',';
  }
  if (minor_digits > 0) {
    out += '.';
    for (int idx = kept_scale - 1; idx >= 0; --idx) out += digits[idx];
    out.append(static_cast<size_t>(minor_digits - kept_scale), '0');
  }
  return out;
}

std::string FormatMicros(Micros value, int minor_digits) {
  return FormatMoney(value, kMoneyDecimals, minor_digits);
}

__int128 CreditedPico(double weight, Micros value) {
  constexpr __int128 kPicoPerMicro = 1'000'000;
  if (weight == 1.0) return static_cast<__int128>(value) * kPicoPerMicro;
  const long double product =
      static_cast<long double>(weight) * static_cast<long double>(value) * 1e6L;
  return static_cast<__int128>(std::llroundl(product));
}

__int128 DivideRounded(__int128 numerator, __int128 denominator) {
  PAYBACK_ASSERT(denominator != 0);
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  // Half away from zero: floor((2|n| + d) / 2d), with the sign of n.
  const __int128 magnitude = numerator < 0 ? -numerator : numerator;
  const __int128 quotient = (2 * magnitude + denominator) / (2 * denominator);
  return numerator < 0 ? -quotient : quotient;
}

}  // namespace payback
