#include "payback/status.h"

#include <fmt/format.h>

namespace payback {

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out;
  if (!location_.file.empty()) {
    out += location_.file;
    if (location_.line > 0) out += fmt::format(":{}", location_.line);
    out += ": ";
  } else if (location_.line > 0) {
    out += fmt::format("line {}: ", location_.line);
  }
  if (!location_.field.empty()) out += location_.field + ": ";
  if (location_.column > 0) out += fmt::format("column {}: ", location_.column);
  out += message_;
  return out;
}

}  // namespace payback
