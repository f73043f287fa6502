#include "payback/formula/formula_error.h"

#include <fmt/format.h>

namespace payback {

std::string RenderErrorWithCaret(std::string_view formula_text, const Status& status) {
  if (status.ok()) return "";
  const int64_t column = status.location().column;
  if (column <= 0) return status.ToString();
  // Find the line holding the column and the characters before it on that line.
  size_t line_begin = 0;
  size_t offset = 0;
  for (int64_t current = 1; offset < formula_text.size(); ++offset) {
    const auto byte = static_cast<unsigned char>(formula_text[offset]);
    if ((byte & 0xC0) == 0x80) continue;
    if (current == column) break;
    ++current;
    if (formula_text[offset] == '\n') line_begin = offset + 1;
  }
  size_t line_end = formula_text.find('\n', line_begin);
  if (line_end == std::string_view::npos) line_end = formula_text.size();
  if (line_end > line_begin && formula_text[line_end - 1] == '\r') --line_end;
  std::string caret;
  for (size_t idx = line_begin; idx < offset && idx < line_end; ++idx) {
    const auto byte = static_cast<unsigned char>(formula_text[idx]);
    if ((byte & 0xC0) == 0x80) continue;
    caret.push_back(formula_text[idx] == '\t' ? '\t' : ' ');
  }
  caret.push_back('^');
  return fmt::format("{}\n{}\n{}", status.ToString(),
                     formula_text.substr(line_begin, line_end - line_begin), caret);
}

}  // namespace payback
