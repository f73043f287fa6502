#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace payback {

/// A formula value: null, an exact decimal, or an approximate double.
///
/// Exact values are integers of pico-units (1e-12): counts, money (micros), fixed6 property
/// sums and fractional credit sums (1e-12 units, as MetricValues::revenue_pico) all fit
/// exactly, up to about ±1.7e26. Arithmetic (docs/formulas.md, "Exactness"):
/// - `+ - *` of two exact values are exact when the result is representable (fits and, for
///   `*`, has at most 12 decimals); otherwise the result is the double approximation;
/// - `/` always gives a double: the quotient of the two exact values (nearest double when
///   both are within ±2^53 pico-units), so money stays exact up to the division;
/// - any operation with a double operand is done in double;
/// - a null operand, a division by zero, and a non-finite double result give null: a formula
///   never yields inf or NaN.
/// A plain value type (32 bytes); thread-compatible.
class FormulaValue {
 public:
  /// Pico-units per unit.
  static constexpr __int128 kPicoPerUnit = 1'000'000'000'000;

  /// Null by default.
  FormulaValue() = default;

  static FormulaValue Null() { return FormulaValue(); }
  /// An exact value of `pico` 1e-12 units.
  static FormulaValue FromPico(__int128 pico);
  /// An exact integer (a count).
  static FormulaValue FromInt(int64_t value);
  /// An exact amount of micro-units (money, fixed6 property values).
  static FormulaValue FromMicros(int64_t micros);
  /// An approximate value; null when `value` is not finite.
  static FormulaValue FromDouble(double value);
  /// FromDouble(*value), or null when `value` is nullopt (MetricValues::ctr()).
  static FormulaValue FromOptionalDouble(std::optional<double> value);

  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_exact() const { return kind_ == Kind::kExact; }
  bool is_double() const { return kind_ == Kind::kDouble; }
  /// The exact value in pico-units; requires is_exact().
  __int128 pico() const;
  /// The value as the nearest double; nullopt when null.
  std::optional<double> ToDouble() const;

  /// `null`, an exact value as its shortest decimal text (`33.5`, `-0.000001`), or a double
  /// as its shortest round-trip text (`33.333333333333336`).
  std::string ToString() const;

  /// The arithmetic of the formula language (rules above). Thread-safe.
  static FormulaValue Add(const FormulaValue& a, const FormulaValue& b);
  static FormulaValue Subtract(const FormulaValue& a, const FormulaValue& b);
  static FormulaValue Multiply(const FormulaValue& a, const FormulaValue& b);
  static FormulaValue Divide(const FormulaValue& a, const FormulaValue& b);
  static FormulaValue Negate(const FormulaValue& a);

  /// Same kind and same value (exact values compare their pico-units, doubles with ==).
  friend bool operator==(const FormulaValue& a, const FormulaValue& b);

 private:
  enum class Kind : uint8_t { kNull, kExact, kDouble };

  __int128 pico_ = 0;
  double number_ = 0;
  Kind kind_ = Kind::kNull;
};

/// The shortest decimal text of `pico` 1e-12 units (`12.5`, `-3`, `0.000000000001`).
/// Thread-safe.
std::string FormatPico(__int128 pico);

}  // namespace payback
