#include "payback/formula/formula_value.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "payback/common/assert.h"

namespace payback {

namespace {

constexpr __int128 kPico = FormulaValue::kPicoPerUnit;

// Conversions through long double (64-bit mantissa on x86-64) keep one rounding step away
// from the final double for values beyond 2^53 pico-units.
long double PicoToLongDouble(__int128 pico) { return static_cast<long double>(pico); }

double AsDouble(const FormulaValue& value) {
  return value.is_exact() ? static_cast<double>(PicoToLongDouble(value.pico()) / 1e12L)
                          : *value.ToDouble();
}

}  // namespace

FormulaValue FormulaValue::FromPico(__int128 pico) {
  FormulaValue value;
  value.kind_ = Kind::kExact;
  value.pico_ = pico;
  return value;
}

FormulaValue FormulaValue::FromInt(int64_t value) { return FromPico(__int128{value} * kPico); }

FormulaValue FormulaValue::FromMicros(int64_t micros) {
  return FromPico(__int128{micros} * 1'000'000);
}

FormulaValue FormulaValue::FromDouble(double number) {
  FormulaValue value;
  if (!std::isfinite(number)) return value;
  value.kind_ = Kind::kDouble;
  // -0.0 and 0.0 are one value to a report.
  value.number_ = number == 0 ? 0.0 : number;
  return value;
}

FormulaValue FormulaValue::FromOptionalDouble(std::optional<double> number) {
  return number ? FromDouble(*number) : Null();
}

__int128 FormulaValue::pico() const {
  PAYBACK_ASSERT(kind_ == Kind::kExact);
  return pico_;
}

std::optional<double> FormulaValue::ToDouble() const {
  switch (kind_) {
    case Kind::kNull:
      return std::nullopt;
    case Kind::kExact:
      return static_cast<double>(PicoToLongDouble(pico_) / 1e12L);
    case Kind::kDouble:
      return number_;
  }
  return std::nullopt;
}

std::string FormulaValue::ToString() const {
  switch (kind_) {
    case Kind::kNull:
      return "null";
    case Kind::kExact:
      return FormatPico(pico_);
    case Kind::kDouble:
      return fmt::format("{}", number_);
  }
  return "null";
}

FormulaValue FormulaValue::Add(const FormulaValue& a, const FormulaValue& b) {
  if (a.is_null() || b.is_null()) return Null();
  if (a.is_exact() && b.is_exact()) {
    __int128 sum = 0;
    if (!__builtin_add_overflow(a.pico_, b.pico_, &sum)) return FromPico(sum);
  }
  return FromDouble(AsDouble(a) + AsDouble(b));
}

FormulaValue FormulaValue::Subtract(const FormulaValue& a, const FormulaValue& b) {
  if (a.is_null() || b.is_null()) return Null();
  if (a.is_exact() && b.is_exact()) {
    __int128 difference = 0;
    if (!__builtin_sub_overflow(a.pico_, b.pico_, &difference)) return FromPico(difference);
  }
  return FromDouble(AsDouble(a) - AsDouble(b));
}

FormulaValue FormulaValue::Multiply(const FormulaValue& a, const FormulaValue& b) {
  if (a.is_null() || b.is_null()) return Null();
  if (a.is_exact() && b.is_exact()) {
    // The product of two pico values is in 1e-24 units: exact when divisible by 1e12. (One
    // division and a multiplication: 128-bit division is a library call, so no `%` as well.)
    __int128 product = 0;
    if (!__builtin_mul_overflow(a.pico_, b.pico_, &product)) {
      const __int128 quotient = product / kPico;
      if (quotient * kPico == product) return FromPico(quotient);
      return FromDouble(static_cast<double>(PicoToLongDouble(product) / 1e24L));
    }
  }
  return FromDouble(AsDouble(a) * AsDouble(b));
}

FormulaValue FormulaValue::Divide(const FormulaValue& a, const FormulaValue& b) {
  if (a.is_null() || b.is_null()) return Null();
  if (b.is_exact() ? b.pico_ == 0 : b.number_ == 0) return Null();
  if (a.is_exact() && b.is_exact()) {
    // Both in pico-units, so the scale cancels. Within ±2^53 both convert to double exactly
    // and one division rounds correctly (100 / 3); within int64 the hardware converts to long
    // double; beyond, the 128-bit conversion is a (slower) library call.
    constexpr __int128 kExactDouble = __int128{1} << 53;
    if (a.pico_ > -kExactDouble && a.pico_ < kExactDouble && b.pico_ > -kExactDouble &&
        b.pico_ < kExactDouble) {
      return FromDouble(static_cast<double>(static_cast<int64_t>(a.pico_)) /
                        static_cast<double>(static_cast<int64_t>(b.pico_)));
    }
    constexpr __int128 kInt64Min = std::numeric_limits<int64_t>::min();
    constexpr __int128 kInt64Max = std::numeric_limits<int64_t>::max();
    if (a.pico_ >= kInt64Min && a.pico_ <= kInt64Max && b.pico_ >= kInt64Min &&
        b.pico_ <= kInt64Max) {
      return FromDouble(
          static_cast<double>(static_cast<long double>(static_cast<int64_t>(a.pico_)) /
                              static_cast<long double>(static_cast<int64_t>(b.pico_))));
    }
    return FromDouble(static_cast<double>(PicoToLongDouble(a.pico_) / PicoToLongDouble(b.pico_)));
  }
  return FromDouble(AsDouble(a) / AsDouble(b));
}

FormulaValue FormulaValue::Negate(const FormulaValue& a) {
  if (a.is_null()) return Null();
  if (a.is_exact()) {
    __int128 negated = 0;
    if (!__builtin_sub_overflow(__int128{0}, a.pico_, &negated)) return FromPico(negated);
  }
  return FromDouble(-AsDouble(a));
}

bool operator==(const FormulaValue& a, const FormulaValue& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case FormulaValue::Kind::kNull:
      return true;
    case FormulaValue::Kind::kExact:
      return a.pico_ == b.pico_;
    case FormulaValue::Kind::kDouble:
      return a.number_ == b.number_;
  }
  return false;
}

std::string FormatPico(__int128 pico) {
  // Magnitude as unsigned so that the most negative value does not overflow on negation.
  const bool negative = pico < 0;
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(pico)
               : static_cast<unsigned __int128>(pico);
  const auto scale = static_cast<unsigned __int128>(kPico);
  unsigned __int128 units = magnitude / scale;
  auto fraction = static_cast<uint64_t>(magnitude % scale);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(units % 10)));
    units /= 10;
  } while (units != 0);
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  if (fraction == 0) return digits;
  int fraction_digits = 12;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --fraction_digits;
  }
  return digits + fmt::format(".{:0{}}", fraction, fraction_digits);
}

}  // namespace payback
