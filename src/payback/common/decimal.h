#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace payback {

/// Numeric event properties are fixed-point int64 with 6 decimals: 12.5 is 12'500'000.
/// kNullNumber (types.h) marks a missing value and is never produced by ParseFixed6.

/// Parses a JSON/CSV number into fixed-point with 6 decimals. Accepted syntax: an
/// optional sign (`-` or `+`), digits with an optional fraction (`12`, `12.5`, `.5`,
/// `5.`; leading zeros allowed), and an optional exponent (`1e3`, `2.5E-2`, `1e+2`).
/// The value is rounded half away from zero to 6 decimals, exactly (no binary floating
/// point): "0.1" -> 100000, "0.0000005" -> 1, "-0.0000005" -> -1, "1e-7" -> 0.
/// Returns nullopt for anything else (empty text, surrounding spaces, `nan`, `inf`,
/// `0x10`, `1,5`, a lone `.` or sign, `1e`) and when |value| * 1e6 after rounding does
/// not fit in int64 (so kNullNumber is never returned). Allocation-free; thread-safe.
std::optional<int64_t> ParseFixed6(std::string_view text);

/// The shortest exact text of a fixed-point value: `12.5`, `-3`, `0.000001`, `0`
/// (no exponent, no trailing fraction zeros). kNullNumber formats as the number it
/// encodes (-9223372036854.775808); callers test for it first. Thread-safe.
std::string FormatFixed6(int64_t value);

/// The value as a double (value / 1e6, correctly rounded when |value| <= 2^53).
/// kNullNumber is not special-cased; callers test for it first. Thread-safe.
double Fixed6ToDouble(int64_t value);

}  // namespace payback
