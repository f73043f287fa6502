#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "payback/status.h"

namespace payback {

/// The longest duration ParseDurationSeconds accepts: 36500 days (about 100 years), so that
/// the engine can turn any window into microseconds and subtract it from a timestamp
/// without overflow.
inline constexpr int64_t kMaxDurationSeconds = int64_t{36500} * 86400;

/// Parses a settings duration: a positive decimal integer immediately followed by one unit,
/// `s` (seconds), `m` (minutes), `h` (hours), `d` (days) or `w` (weeks), e.g. `30s`, `90m`,
/// `36h`, `7d`, `2w`. No sign, no spaces, no fractions, lower-case units only; a bare number
/// is refused (the unit is required so that `7` is never silently read as seconds).
/// Returns the duration in seconds, in [1, kMaxDurationSeconds]. Fails with InvalidInput
/// (ErrorLocation.column = 1-based character position of the problem) otherwise.
/// Thread-safe.
Result<int64_t> ParseDurationSeconds(std::string_view text);

/// Formats seconds in the largest unit that divides it exactly among `d`, `h`, `m`, `s`
/// (never `w`, so that a window reads the same as it was usually written: 604800 -> `7d`).
/// For seconds in [1, kMaxDurationSeconds] the result parses back to the same value with
/// ParseDurationSeconds; other values are formatted the same way (e.g. `0d`, `-90s`) but do
/// not parse. Thread-safe.
std::string FormatDuration(int64_t seconds);

}  // namespace payback
