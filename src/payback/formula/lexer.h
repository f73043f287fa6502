#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "payback/formula/function_registry.h"
#include "payback/formula/metric_catalog.h"
#include "payback/status.h"

namespace payback {

enum class FormulaTokenKind : uint8_t {
  kEnd,           ///< no more text
  kNumber,        ///< an exact decimal literal: `12`, `0.25`, `.5`
  kMetric,        ///< a catalogue spelling, possibly several words (expression mode only)
  kFunction,      ///< an upper-case function name (expression mode only)
  kWord,          ///< any other bare word
  kDoubleQuoted,  ///< "text", `""` inside standing for `"`
  kSingleQuoted,  ///< 'text', `''` inside standing for `'`
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kLeftParen,
  kRightParen,
  kComma,
  kSemicolon,
};

/// How a word is read: in an expression it is a metric (longest catalogue spelling) or a
/// function; as a function argument it is a plain word (an event or property name) and may
/// start with a digit.
enum class LexMode : uint8_t { kExpression, kArgument };

/// One token of a formula text.
struct FormulaToken {
  FormulaTokenKind kind = FormulaTokenKind::kEnd;
  size_t begin = 0;                       ///< byte offset in the text
  size_t end = 0;                         ///< byte offset one past the token
  __int128 pico = 0;                      ///< kNumber: the value in 1e-12 units
  size_t metric_index = 0;                ///< kMetric
  const FunctionDef* function = nullptr;  ///< kFunction
  std::string text;                       ///< kWord: the word; quoted: the unescaped content
  /// Quoted: the text's byte offset of each content byte, plus one entry for the closing
  /// quote, so that a position inside the content maps back to a formula column.
  std::vector<uint32_t> source_offsets;
};

/// Splits a formula text into tokens on demand (the parser says which mode applies).
/// Holds references to the text, catalogue and registry, which must outlive it. Lex is const
/// and thread-safe.
class FormulaLexer {
 public:
  /// The longest formula text accepted, in bytes.
  static constexpr size_t kMaxTextBytes = 65'536;
  /// Exact literals keep at most this many decimals and integer digits.
  static constexpr int kMaxFractionDigits = 12;
  static constexpr int kMaxIntegerDigits = 24;

  FormulaLexer(std::string_view text, const MetricCatalog& catalog,
               const FunctionRegistry& functions)
      : text_(text), catalog_(catalog), functions_(functions) {}

  /// The token starting at the first non-space byte at or after `pos`. Fails with
  /// InvalidInput (column = 1-based character column) on an unterminated string, a character
  /// that starts no token, a malformed number (`1.2.3`, `5.`, `2x`), a literal with more
  /// than 12 decimals or 24 integer digits, and a function name not in upper case
  /// (`totals`: "functions are written in uppercase: TOTALS").
  Result<FormulaToken> Lex(size_t pos, LexMode mode) const;

  std::string_view text() const { return text_; }
  /// InvalidInput with the 1-based character column of byte `offset`.
  Status ErrorAt(size_t offset, std::string message) const;

 private:
  Result<FormulaToken> LexNumber(size_t pos) const;
  Result<FormulaToken> LexQuoted(size_t pos) const;
  Result<FormulaToken> LexWord(size_t pos, LexMode mode) const;

  std::string_view text_;
  const MetricCatalog& catalog_;
  const FunctionRegistry& functions_;
};

}  // namespace payback
