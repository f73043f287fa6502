#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace payback {

/// '0'..'9' only (no locale, unlike std::isdigit).
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above
/// U+10FFFF). SIMD-accelerated (simdjson). Thread-safe.
bool IsValidUtf8(std::string_view text);

/// `text` without leading and trailing ASCII white space (space, \t, \n, \v, \f, \r).
/// The result views the same buffer. Thread-safe.
std::string_view TrimAscii(std::string_view text);

/// `text` with A-Z mapped to a-z; every other byte (including UTF-8 sequences) unchanged.
/// Thread-safe.
std::string ToLowerAscii(std::string_view text);

/// The pieces of `text` between occurrences of `sep`, empty pieces kept: "a,,b" gives
/// {"a", "", "b"}, "" gives {""}, "a," gives {"a", ""}. The pieces view `text`'s buffer.
/// Thread-safe.
std::vector<std::string_view> SplitString(std::string_view text, char sep);

/// The parts joined with `sep` between consecutive parts ("" for no parts). Thread-safe.
std::string JoinStrings(const std::vector<std::string>& parts, std::string_view sep);

/// The Levenshtein distance (insertions, deletions, substitutions, each costing 1) between
/// `a` and `b`, counted in bytes. O(|a|*|b|) time, O(min(|a|,|b|)) memory: meant for short
/// strings such as names in "did you mean" suggestions. Thread-safe.
size_t EditDistance(std::string_view a, std::string_view b);

/// `text` in double quotes, for error messages that quote user input: `"2026-13-01"`.
/// When `text` is longer than 40 bytes, only its first 40 bytes (fewer when the 40th byte
/// is inside a UTF-8 character) are kept and `...` is added inside the quotes:
/// `"aaaa...aaa..."`. `"` and `\` are escaped with a backslash, \n \r \t as such, other
/// control characters (and DEL) and bytes that are not valid UTF-8 as `\xNN`; valid
/// non-ASCII UTF-8 is kept. Thread-safe.
std::string QuoteForMessage(std::string_view text);

}  // namespace payback
