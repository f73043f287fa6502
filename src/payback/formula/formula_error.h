#pragma once

#include <string>
#include <string_view>

#include "payback/status.h"

namespace payback {

/// A formula error for a terminal: the message with its column, the line of `formula_text`
/// holding that column, and a caret under it:
///
///     column 11: unknown metric "Delivred"; did you mean "Delivered"?
///     Revenue / Delivred
///               ^
///
/// Columns count UTF-8 characters; a tab before the column is kept in the caret line so the
/// caret lines up. When the status has no column (0) the result is status.ToString() alone;
/// "" when status is OK. Thread-safe.
std::string RenderErrorWithCaret(std::string_view formula_text, const Status& status);

}  // namespace payback
