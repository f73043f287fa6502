#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace payback::formula_chars {

/// Character classes and positions shared by the formula lexer and the metric catalogue.
/// All functions are pure and thread-safe.

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// A byte of a bare word (metric name, function name, unquoted event or property): ASCII
/// letters, digits, `_`, `.`, `$`, and every byte of a multi-byte UTF-8 sequence.
inline bool IsWordChar(char c) {
  return IsAsciiLetter(c) || IsDigit(c) || c == '_' || c == '.' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

/// A byte that may start a bare word: a word byte other than a digit or `.`.
inline bool IsWordStart(char c) { return IsWordChar(c) && !IsDigit(c) && c != '.'; }

/// ASCII white space between tokens and between the words of a multi-word metric name.
inline bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

inline char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// ASCII case-insensitive equality.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t idx = 0; idx < a.size(); ++idx) {
    if (ToLower(a[idx]) != ToLower(b[idx])) return false;
  }
  return true;
}

/// The 1-based character (UTF-8 code point) column of byte `offset` of `text`: counts the
/// bytes before it that are not UTF-8 continuation bytes, so invalid UTF-8 still gets a
/// sensible column. An offset at or past the end gives one past the last character.
inline int64_t ColumnOf(std::string_view text, size_t offset) {
  int64_t column = 1;
  for (size_t idx = 0; idx < offset && idx < text.size(); ++idx) {
    if ((static_cast<unsigned char>(text[idx]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

/// True when `text` can be written as one bare word: non-empty, word bytes only, starting
/// with a word-start byte.
inline bool IsBareWord(std::string_view text) {
  if (text.empty() || !IsWordStart(text.front())) return false;
  for (const char c : text) {
    if (!IsWordChar(c)) return false;
  }
  return true;
}

}  // namespace payback::formula_chars
