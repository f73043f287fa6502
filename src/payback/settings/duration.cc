#include "payback/settings/duration.h"

#include <fmt/format.h>

#include <algorithm>

#include "payback/common/text.h"

namespace payback {

namespace {

// Seconds per unit letter, 0 when the letter is not a unit.
int64_t UnitSeconds(char unit) {
  switch (unit) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    case 'w':
      return 7 * 86400;
    default:
      return 0;
  }
}

// (Designated initializers would trip -Wmissing-field-initializers.)
ErrorLocation AtColumn(int64_t column) {
  ErrorLocation location;
  location.column = column;
  return location;
}

}  // namespace

Result<int64_t> ParseDurationSeconds(std::string_view text) {
  if (text.empty()) {
    return Status::InvalidInput("empty duration (expected e.g. 7d)", AtColumn(1));
  }
  size_t pos = 0;
  // Accumulate with a cap well above kMaxDurationSeconds so that no multiplication overflows;
  // the range check below reports too-large values.
  constexpr int64_t kCap = kMaxDurationSeconds * 1000;
  int64_t count = 0;
  while (pos < text.size() && IsAsciiDigit(text[pos])) {
    count = std::min(kCap, count * 10 + (text[pos] - '0'));
    ++pos;
  }
  if (pos == 0) {
    return Status::InvalidInput(
        fmt::format("duration \"{}\" must start with a number (expected e.g. 7d)", text),
        AtColumn(1));
  }
  if (pos == text.size()) {
    return Status::InvalidInput(
        fmt::format("duration \"{}\" needs a unit: s, m, h, d or w (e.g. {}d)", text, text),
        AtColumn(static_cast<int64_t>(pos) + 1));
  }
  const int64_t unit = UnitSeconds(text[pos]);
  if (unit == 0 || pos + 1 != text.size()) {
    return Status::InvalidInput(
        fmt::format("duration \"{}\": expected one unit s, m, h, d or w after the number", text),
        AtColumn(static_cast<int64_t>(pos) + 1));
  }
  if (count == 0) {
    return Status::InvalidInput(fmt::format("duration \"{}\" must be positive", text), AtColumn(1));
  }
  if (count > kMaxDurationSeconds / unit) {
    return Status::InvalidInput(
        fmt::format("duration \"{}\" is too long (at most {}d)", text, kMaxDurationSeconds / 86400),
        AtColumn(1));
  }
  return count * unit;
}

std::string FormatDuration(int64_t seconds) {
  if (seconds % 86400 == 0) return fmt::format("{}d", seconds / 86400);
  if (seconds % 3600 == 0) return fmt::format("{}h", seconds / 3600);
  if (seconds % 60 == 0) return fmt::format("{}m", seconds / 60);
  return fmt::format("{}s", seconds);
}

}  // namespace payback
