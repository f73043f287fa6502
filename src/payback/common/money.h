#pragma once

#include <string>
#include <string_view>

#include "payback/status.h"
#include "payback/types.h"

namespace payback {

/// Parses an amount of money into micro-units: surrounding ASCII white space is trimmed,
/// then an optional `-` or `+`, digits, and an optional `.` with up to 6 fraction digits
/// (`12`, `-0.5`, `1234.567891`, `.5` and `5.` too). No exponent, thousands separators or
/// currency symbol. Fails with InvalidInput (`"x" is not a valid amount: <reason>`) on empty
/// text, any other character, more than 6 decimals, or |amount| above INT64_MAX micros.
/// Allocation-free on success; thread-safe.
Result<Micros> ParseMoney(std::string_view text);

/// True when `code` is an active ISO 4217 code (upper case, e.g. "USD"; also the fund codes
/// such as "CLF", "UYI"). Precious metals, bond units, SDR, "XTS" and "XXX", which have
/// no minor unit, are not accepted. Thread-safe.
bool IsCurrencyCode(std::string_view code);

/// The ISO 4217 minor unit digits of `code`: 0 (JPY, KRW, ...), 3 (BHD, KWD, ...), 4 (CLF,
/// UYW), else 2 (also for codes that are not currencies). Thread-safe.
int CurrencyMinorDigits(std::string_view code);

/// Formats an exact amount, `value` in units of 10^-value_scale (6 = micros, 12 = the 1e-12
/// units of fractional credit sums), rounded half away from zero to `minor_digits` decimals:
/// `1234.50`, `-0.01`, `0.00`, `1235` (minor 0), `1,234.50` with `group_thousands`. A value
/// that rounds to zero has no sign. Requires 0 <= value_scale <= 38 and
/// 0 <= minor_digits <= 18 (asserted). Thread-safe.
std::string FormatMoney(__int128 value, int value_scale, int minor_digits,
                        bool group_thousands = false);

/// FormatMoney(value, 6, minor_digits): micro-units shown with the currency's minor digits.
std::string FormatMicros(Micros value, int minor_digits);

/// A credit of `weight` (0 < weight <= 1, metrics.md "Attribution") of `value` micro-units, in
/// 1e-12 units (the scale of revenue sums): exact for a whole credit; a fractional credit's
/// product is rounded once, half away from zero. Thread-safe.
__int128 CreditedPico(double weight, Micros value);

/// numerator / denominator rounded half away from zero: how exact amounts are divided (a
/// pro-rated fee, a share of revenue, an amount per conversion). Requires denominator != 0.
/// Thread-safe.
__int128 DivideRounded(__int128 numerator, __int128 denominator);

}  // namespace payback
