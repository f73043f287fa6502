// libFuzzer target for JsonlReader: reads every record of arbitrary bytes, checks the reader's
// invariants, and compares each line's verdict with simdjson's fully validating DOM parser.

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "payback/ingest/jsonl_reader.h"

namespace {

using payback::JsonField;

void Check(bool condition) {
  if (!condition) std::abort();
}

int64_t CountLines(std::string_view data) {
  int64_t lines = 1;
  for (const char c : data) lines += c == '\n' ? 1 : 0;
  return lines;
}

bool Within(std::string_view inner, std::string_view outer) {
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

// Depth of the deepest array or object, counting the line's object as 1.
int Depth(const simdjson::dom::element& element) {
  int deepest = 0;
  if (element.is_array()) {
    const simdjson::dom::array array = element.get_array().value_unsafe();
    for (const simdjson::dom::element child : array) {
      deepest = std::max(deepest, Depth(child));
    }
    return deepest + 1;
  }
  if (element.is_object()) {
    const simdjson::dom::object object = element.get_object().value_unsafe();
    for (const simdjson::dom::key_value_pair member : object) {
      deepest = std::max(deepest, Depth(member.value));
    }
    return deepest + 1;
  }
  return 0;
}

// True when simdjson's DOM parser finds `line` to be one object with distinct keys, nested no
// deeper than JsonlReader accepts. Sets `skip` for numbers out of DOM's range, which JsonlReader
// keeps as text and so accepts.
bool DomAccepts(simdjson::dom::parser& parser, std::string_view line, bool& skip) {
  skip = false;
  const simdjson::padded_string padded(line);
  simdjson::dom::element root;
  const simdjson::error_code error = parser.parse(padded).get(root);
  if (error == simdjson::NUMBER_ERROR) {
    skip = true;
    return false;
  }
  if (error != simdjson::SUCCESS || !root.is_object()) return false;
  std::set<std::string_view> keys;
  const simdjson::dom::object object = root.get_object().value_unsafe();
  for (const simdjson::dom::key_value_pair member : object) {
    if (!keys.insert(member.key).second) return false;
  }
  return Depth(root) <= payback::JsonlReader::kMaxDepth;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  const int64_t total_lines = CountLines(data);
  static simdjson::dom::parser dom_parser;
  payback::JsonlReader reader(data);
  std::vector<JsonField> fields;
  int64_t last_line = 0;
  for (size_t call = 0;; ++call) {
    Check(call <= size + 1);
    const payback::Result<bool> next = reader.Next(fields);
    if (next.ok() && !*next) {
      Check(fields.empty());
      break;
    }
    const int64_t line = reader.record_line();
    // Each call reads a new line, so line numbers strictly increase.
    Check(line >= 1 && line > last_line && line <= total_lines);
    last_line = line;
    const std::string_view text = reader.record_text();
    Check(Within(text, data));
    Check(text.find('\n') == std::string_view::npos);
    bool skip = false;
    const bool dom_accepts = DomAccepts(dom_parser, text, skip);
    if (!next.ok()) {
      Check(fields.empty());
      const payback::Status& status = next.status();
      Check(status.code() == payback::StatusCode::kInvalidInput);
      Check(status.location().line == line);
      Check(skip || !dom_accepts);
      continue;
    }
    Check(skip || dom_accepts);
    std::string copy;
    for (const JsonField& field : fields) {
      copy.append(field.key);
      copy.append(field.text);
      switch (field.kind) {
        case JsonField::Kind::kString:
          break;
        case JsonField::Kind::kNumber:
          Check(!field.text.empty() && Within(field.text, text));
          break;
        case JsonField::Kind::kBool:
          Check(field.text == "true" || field.text == "false");
          break;
        case JsonField::Kind::kNull:
          Check(field.text.empty());
          break;
        case JsonField::Kind::kOther:
          Check(Within(field.text, text));
          Check((field.text.front() == '[' && field.text.back() == ']') ||
                (field.text.front() == '{' && field.text.back() == '}'));
          break;
      }
    }
  }
  return 0;
}
