#include "payback/formula/lexer.h"

#include <fmt/format.h>

#include <utility>

#include "payback/common/text.h"
#include "payback/formula/formula_chars.h"

namespace payback {

namespace {

using formula_chars::IsDigit;
using formula_chars::IsSpace;
using formula_chars::IsWordChar;
using formula_chars::IsWordStart;

FormulaToken SingleCharToken(FormulaTokenKind kind, size_t pos) {
  FormulaToken token;
  token.kind = kind;
  token.begin = pos;
  token.end = pos + 1;
  return token;
}

std::string DescribeByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte <= 0x7E) return fmt::format("'{}'", c);
  return fmt::format("\\x{:02X}", byte);
}

}  // namespace

Status FormulaLexer::ErrorAt(size_t offset, std::string message) const {
  ErrorLocation location;
  location.column = formula_chars::ColumnOf(text_, offset);
  return Status::InvalidInput(std::move(message), std::move(location));
}

Result<FormulaToken> FormulaLexer::Lex(size_t pos, LexMode mode) const {
  while (pos < text_.size() && IsSpace(text_[pos])) ++pos;
  if (pos >= text_.size()) {
    FormulaToken token;
    token.begin = token.end = text_.size();
    return token;
  }
  const char c = text_[pos];
  switch (c) {
    case '+':
      return SingleCharToken(FormulaTokenKind::kPlus, pos);
    case '-':
      return SingleCharToken(FormulaTokenKind::kMinus, pos);
    case '*':
      return SingleCharToken(FormulaTokenKind::kStar, pos);
    case '/':
      return SingleCharToken(FormulaTokenKind::kSlash, pos);
    case '(':
      return SingleCharToken(FormulaTokenKind::kLeftParen, pos);
    case ')':
      return SingleCharToken(FormulaTokenKind::kRightParen, pos);
    case ',':
      return SingleCharToken(FormulaTokenKind::kComma, pos);
    case ';':
      return SingleCharToken(FormulaTokenKind::kSemicolon, pos);
    case '"':
    case '\'':
      return LexQuoted(pos);
    default:
      break;
  }
  if (mode == LexMode::kArgument && IsWordChar(c)) return LexWord(pos, mode);
  if (IsDigit(c) || (c == '.' && pos + 1 < text_.size() && IsDigit(text_[pos + 1]))) {
    return LexNumber(pos);
  }
  if (IsWordStart(c)) return LexWord(pos, mode);
  return ErrorAt(pos, "unexpected character " + DescribeByte(c));
}

Result<FormulaToken> FormulaLexer::LexNumber(size_t pos) const {
  size_t cursor = pos;
  const size_t int_begin = cursor;
  while (cursor < text_.size() && IsDigit(text_[cursor])) ++cursor;
  const size_t int_end = cursor;
  size_t frac_begin = cursor;
  size_t frac_end = cursor;
  if (cursor < text_.size() && text_[cursor] == '.' && cursor + 1 < text_.size() &&
      IsDigit(text_[cursor + 1])) {
    frac_begin = ++cursor;
    while (cursor < text_.size() && IsDigit(text_[cursor])) ++cursor;
    frac_end = cursor;
  }
  // `1.2.3`, `5.`, `2x`, `1e3`: a number glued to more word characters is a typo, not a
  // number followed by a name.
  if (cursor < text_.size() && IsWordChar(text_[cursor])) {
    size_t bad_end = cursor;
    while (bad_end < text_.size() && IsWordChar(text_[bad_end])) ++bad_end;
    return ErrorAt(pos, "malformed number " + QuoteForMessage(text_.substr(pos, bad_end - pos)));
  }
  // Leading integer zeros and trailing fraction zeros carry no value.
  size_t int_first = int_begin;
  while (int_first < int_end && text_[int_first] == '0') ++int_first;
  while (frac_end > frac_begin && text_[frac_end - 1] == '0') --frac_end;
  if (static_cast<int>(int_end - int_first) > kMaxIntegerDigits) {
    return ErrorAt(pos,
                   fmt::format("number too large (at most {} integer digits)", kMaxIntegerDigits));
  }
  if (static_cast<int>(frac_end - frac_begin) > kMaxFractionDigits) {
    return ErrorAt(pos, fmt::format("number with more than {} decimal places", kMaxFractionDigits));
  }
  __int128 pico = 0;
  for (size_t idx = int_first; idx < int_end; ++idx) pico = pico * 10 + (text_[idx] - '0');
  int fraction_digits = 0;
  for (size_t idx = frac_begin; idx < frac_end; ++idx, ++fraction_digits) {
    pico = pico * 10 + (text_[idx] - '0');
  }
  for (; fraction_digits < kMaxFractionDigits; ++fraction_digits) pico *= 10;
  FormulaToken token;
  token.kind = FormulaTokenKind::kNumber;
  token.begin = pos;
  token.end = cursor;
  token.pico = pico;
  return token;
}

Result<FormulaToken> FormulaLexer::LexQuoted(size_t pos) const {
  const char quote = text_[pos];
  FormulaToken token;
  token.kind = quote == '"' ? FormulaTokenKind::kDoubleQuoted : FormulaTokenKind::kSingleQuoted;
  token.begin = pos;
  size_t cursor = pos + 1;
  while (true) {
    if (cursor >= text_.size()) {
      return ErrorAt(pos, fmt::format("unterminated string: no closing {}", quote));
    }
    if (text_[cursor] == quote) {
      // A doubled quote stands for one quote character.
      if (cursor + 1 < text_.size() && text_[cursor + 1] == quote) {
        token.text.push_back(quote);
        token.source_offsets.push_back(static_cast<uint32_t>(cursor));
        cursor += 2;
        continue;
      }
      break;
    }
    token.text.push_back(text_[cursor]);
    token.source_offsets.push_back(static_cast<uint32_t>(cursor));
    ++cursor;
  }
  token.source_offsets.push_back(static_cast<uint32_t>(cursor));
  token.end = cursor + 1;
  return token;
}

Result<FormulaToken> FormulaLexer::LexWord(size_t pos, LexMode mode) const {
  size_t word_end = pos;
  while (word_end < text_.size() && IsWordChar(text_[word_end])) ++word_end;
  const std::string_view word = text_.substr(pos, word_end - pos);
  FormulaToken token;
  token.begin = pos;
  token.end = word_end;
  if (mode == LexMode::kExpression) {
    // Metric spellings first, longest wins: `Unique Conversions` is one token. The catalogue
    // refuses spellings that are function names, so this never hides a function.
    if (const auto match = catalog_.MatchLongest(text_, pos)) {
      token.kind = FormulaTokenKind::kMetric;
      token.metric_index = match->metric_index;
      token.end = match->end;
      return token;
    }
    if (const FunctionDef* function = functions_.Find(word)) {
      token.kind = FormulaTokenKind::kFunction;
      token.function = function;
      return token;
    }
    if (const FunctionDef* function = functions_.FindIgnoreCase(word)) {
      return ErrorAt(pos, fmt::format("functions are written in uppercase: {}", function->name));
    }
  }
  token.kind = FormulaTokenKind::kWord;
  token.text = std::string(word);
  return token;
}

}  // namespace payback
