#include "payback/common/decimal.h"

#include <limits>

#include "payback/common/text.h"

namespace payback {
namespace {

constexpr int kFixedDecimals = 6;
constexpr int64_t kFixedScale = 1'000'000;

}  // namespace

std::optional<int64_t> ParseFixed6(std::string_view text) {
  const char* const end = text.data() + text.size();
  const char* pos = text.data();
  bool negative = false;
  if (pos != end && (*pos == '-' || *pos == '+')) {
    negative = *pos == '-';
    ++pos;
  }
  // The significand is the digit run int_digits ++ frac_digits; the decimal point sits
  // after int_len of them.
  const char* const int_begin = pos;
  while (pos != end && IsAsciiDigit(*pos)) ++pos;
  const int64_t int_len = pos - int_begin;
  const char* frac_begin = pos;
  int64_t frac_len = 0;
  if (pos != end && *pos == '.') {
    ++pos;
    frac_begin = pos;
    while (pos != end && IsAsciiDigit(*pos)) ++pos;
    frac_len = pos - frac_begin;
  }
  if (int_len + frac_len == 0) return std::nullopt;

  int64_t exponent = 0;
  if (pos != end && (*pos == 'e' || *pos == 'E')) {
    ++pos;
    bool exponent_negative = false;
    if (pos != end && (*pos == '-' || *pos == '+')) {
      exponent_negative = *pos == '-';
      ++pos;
    }
    if (pos == end || !IsAsciiDigit(*pos)) return std::nullopt;
    // Saturate: any exponent this large already means overflow (or zero) below.
    constexpr int64_t kExponentCap = 1'000'000'000;
    while (pos != end && IsAsciiDigit(*pos)) {
      if (exponent < kExponentCap) exponent = exponent * 10 + (*pos - '0');
      ++pos;
    }
    if (exponent_negative) exponent = -exponent;
  }
  if (pos != end) return std::nullopt;

  const int64_t digit_count = int_len + frac_len;
  const auto digit_at = [&](int64_t idx) -> int {
    if (idx >= digit_count) return 0;  // beyond the written digits: multiplied by 10
    return idx < int_len ? int_begin[idx] - '0' : frac_begin[idx - int_len] - '0';
  };
  // The digits before index `cut` form the integer part of value * 1e6; digit `cut` decides
  // the rounding (half away from zero only needs the first dropped digit).
  const int64_t cut = int_len + exponent + kFixedDecimals;
  uint64_t magnitude = 0;
  constexpr uint64_t kMaxMagnitude = std::numeric_limits<int64_t>::max();
  bool seen_nonzero = false;
  for (int64_t idx = 0; idx < cut; ++idx) {
    const int digit = digit_at(idx);
    if (digit != 0) seen_nonzero = true;
    // Zeros past the last written digit only scale the value; an all-zero value needs none.
    if (idx >= digit_count && !seen_nonzero) break;
    if (magnitude > (kMaxMagnitude - static_cast<uint64_t>(digit)) / 10) return std::nullopt;
    magnitude = magnitude * 10 + static_cast<uint64_t>(digit);
  }
  if (cut >= 0 && digit_at(cut) >= 5) {
    if (magnitude == kMaxMagnitude) return std::nullopt;
    ++magnitude;
  }
  const auto value = static_cast<int64_t>(magnitude);
  return negative ? -value : value;
}

std::string FormatFixed6(int64_t value) {
  // Work on the unsigned magnitude so that INT64_MIN has one too.
  const bool negative = value < 0;
  const uint64_t magnitude =
      negative ? ~static_cast<uint64_t>(value) + 1 : static_cast<uint64_t>(value);
  const uint64_t int_part = magnitude / kFixedScale;
  uint64_t frac_part = magnitude % kFixedScale;
  std::string out;
  if (negative) out += '-';
  out += std::to_string(int_part);
  if (frac_part != 0) {
    char frac[kFixedDecimals];
    for (int idx = kFixedDecimals - 1; idx >= 0; --idx) {
      frac[idx] = static_cast<char>('0' + frac_part % 10);
      frac_part /= 10;
    }
    int frac_len = kFixedDecimals;
    while (frac[frac_len - 1] == '0') --frac_len;
    out += '.';
    out.append(frac, static_cast<size_t>(frac_len));
  }
  return out;
}

double Fixed6ToDouble(int64_t value) {
  return static_cast<double>(value) / static_cast<double>(kFixedScale);
}

}  // namespace payback
