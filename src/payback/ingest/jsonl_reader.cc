#include "payback/ingest/jsonl_reader.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "payback/common/text.h"

namespace payback {
namespace {

namespace ondemand = simdjson::ondemand;

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsBlank(std::string_view line) { return std::all_of(line.begin(), line.end(), IsJsonSpace); }

std::string_view TrimTrailingSpace(std::string_view text) {
  while (!text.empty() && IsJsonSpace(text.back())) text.remove_suffix(1);
  return text;
}

// The JSON number grammar (RFC 8259 section 6). On Demand classifies a token as a number by its
// first character only, so the rest is checked here; the text is kept, never converted.
bool IsJsonNumber(std::string_view text) {
  size_t pos = 0;
  const size_t size = text.size();
  if (pos < size && text[pos] == '-') ++pos;
  if (pos == size) return false;
  if (text[pos] == '0') {
    ++pos;
  } else if (IsAsciiDigit(text[pos])) {
    while (pos < size && IsAsciiDigit(text[pos])) ++pos;
  } else {
    return false;
  }
  if (pos < size && text[pos] == '.') {
    ++pos;
    if (pos == size || !IsAsciiDigit(text[pos])) return false;
    while (pos < size && IsAsciiDigit(text[pos])) ++pos;
  }
  if (pos < size && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < size && (text[pos] == '+' || text[pos] == '-')) ++pos;
    if (pos == size || !IsAsciiDigit(text[pos])) return false;
    while (pos < size && IsAsciiDigit(text[pos])) ++pos;
  }
  return pos == size;
}

const char* TypeName(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::array:
      return "an array";
    case ondemand::json_type::object:
      return "an object";
    case ondemand::json_type::number:
      return "a number";
    case ondemand::json_type::string:
      return "a string";
    case ondemand::json_type::boolean:
      return "a boolean";
    case ondemand::json_type::null:
      return "null";
  }
  return "a value";
}

// A failed line, before the reader adds the line number.
struct LineProblem {
  std::string message;
  std::string field;
};

LineProblem JsonProblem(simdjson::error_code error) {
  // simdjson validates UTF-8 over the whole line before anything else.
  if (error == simdjson::UTF8_ERROR) return {"invalid UTF-8", {}};
  return {fmt::format("invalid JSON: {}", simdjson::error_message(error)), {}};
}

LineProblem LiteralProblem(std::string_view token) {
  return {fmt::format("invalid JSON: invalid literal \"{}\"", TrimTrailingSpace(token)), {}};
}

}  // namespace

struct JsonlReader::Parser {
  simdjson::ondemand::parser parser;
  // The current line copied with SIMDJSON_PADDING spare bytes after it, as On Demand requires:
  // copying one line is cheap, padding the whole input would double the memory.
  std::vector<char> padded;
  std::vector<std::string_view> sorted_keys;  // scratch for the duplicate-key check
  std::string_view line;                      // the original of the text in `padded`

  // Maps a pointer into `padded` back to the same place in the caller's data, so number and
  // nested texts stay valid after the next line is parsed.
  std::string_view Original(const char* begin, const char* end) const {
    return line.substr(static_cast<size_t>(begin - padded.data()),
                       static_cast<size_t>(end - begin));
  }

  // Consumes `value` completely, so that On Demand checks every token of it.
  std::optional<LineProblem> Validate(ondemand::value& value, int depth);
  // Parses `line` as one object into `fields`.
  std::optional<LineProblem> ParseObject(std::string_view text, std::vector<JsonField>& fields);
  std::optional<LineProblem> CheckDuplicateKeys(const std::vector<JsonField>& fields);
};

std::optional<LineProblem> JsonlReader::Parser::Validate(ondemand::value& value, int depth) {
  ondemand::json_type type;
  if (const auto error = value.type().get(type)) return JsonProblem(error);
  switch (type) {
    case ondemand::json_type::object: {
      if (depth > kMaxDepth) {
        return LineProblem{fmt::format("nesting deeper than {} levels", kMaxDepth), {}};
      }
      ondemand::object object;
      if (const auto error = value.get_object().get(object)) return JsonProblem(error);
      for (auto member : object) {
        ondemand::field field;
        if (const auto error = std::move(member).get(field)) return JsonProblem(error);
        std::string_view key;
        if (const auto error = field.unescaped_key().get(key)) return JsonProblem(error);
        ondemand::value child = field.value();
        if (auto problem = Validate(child, depth + 1)) return problem;
      }
      return std::nullopt;
    }
    case ondemand::json_type::array: {
      if (depth > kMaxDepth) {
        return LineProblem{fmt::format("nesting deeper than {} levels", kMaxDepth), {}};
      }
      ondemand::array array;
      if (const auto error = value.get_array().get(array)) return JsonProblem(error);
      for (auto element : array) {
        ondemand::value child;
        if (const auto error = std::move(element).get(child)) return JsonProblem(error);
        if (auto problem = Validate(child, depth + 1)) return problem;
      }
      return std::nullopt;
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (const auto error = value.get_string().get(text)) return JsonProblem(error);
      return std::nullopt;
    }
    case ondemand::json_type::number: {
      const std::string_view token = TrimTrailingSpace(value.raw_json_token());
      if (!IsJsonNumber(token)) {
        return LineProblem{fmt::format("invalid JSON: invalid number \"{}\"", token), {}};
      }
      return std::nullopt;
    }
    case ondemand::json_type::boolean: {
      bool flag = false;
      if (value.get_bool().get(flag) != simdjson::SUCCESS) {
        return LiteralProblem(value.raw_json_token());
      }
      return std::nullopt;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
        return LiteralProblem(value.raw_json_token());
      }
      return std::nullopt;
    }
  }
  return JsonProblem(simdjson::INCORRECT_TYPE);
}

std::optional<LineProblem> JsonlReader::Parser::CheckDuplicateKeys(
    const std::vector<JsonField>& fields) {
  // Typical events have a handful of keys: compare pairwise; sort only for wide objects, so a
  // hostile line with many keys stays O(n log n).
  constexpr size_t kPairwiseLimit = 16;
  if (fields.size() <= kPairwiseLimit) {
    for (size_t later = 1; later < fields.size(); ++later) {
      for (size_t earlier = 0; earlier < later; ++earlier) {
        if (fields[earlier].key == fields[later].key) {
          return LineProblem{fmt::format("duplicate key \"{}\"", fields[later].key),
                             std::string(fields[later].key)};
        }
      }
    }
    return std::nullopt;
  }
  sorted_keys.clear();
  for (const JsonField& field : fields) sorted_keys.push_back(field.key);
  std::sort(sorted_keys.begin(), sorted_keys.end());
  const auto duplicate = std::adjacent_find(sorted_keys.begin(), sorted_keys.end());
  if (duplicate == sorted_keys.end()) return std::nullopt;
  return LineProblem{fmt::format("duplicate key \"{}\"", *duplicate), std::string(*duplicate)};
}

std::optional<LineProblem> JsonlReader::Parser::ParseObject(std::string_view text,
                                                            std::vector<JsonField>& fields) {
  line = text;
  if (padded.size() < text.size() + simdjson::SIMDJSON_PADDING) {
    padded.resize(std::max(text.size() + simdjson::SIMDJSON_PADDING, padded.size() * 2));
  }
  std::memcpy(padded.data(), text.data(), text.size());
  std::memset(padded.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);

  ondemand::document doc;
  if (const auto error = parser.iterate(padded.data(), text.size(), padded.size()).get(doc)) {
    return JsonProblem(error);
  }
  ondemand::json_type type;
  if (const auto error = doc.type().get(type)) return JsonProblem(error);
  if (type != ondemand::json_type::object) {
    return LineProblem{fmt::format("expected a JSON object, found {}", TypeName(type)), {}};
  }
  ondemand::object object;
  if (const auto error = doc.get_object().get(object)) return JsonProblem(error);
  for (auto member : object) {
    ondemand::field field;
    if (const auto error = std::move(member).get(field)) return JsonProblem(error);
    JsonField& out = fields.emplace_back();
    if (const auto error = field.unescaped_key().get(out.key)) return JsonProblem(error);
    ondemand::value value = field.value();
    ondemand::json_type value_type;
    if (const auto error = value.type().get(value_type)) return JsonProblem(error);
    switch (value_type) {
      case ondemand::json_type::string:
        out.kind = JsonField::Kind::kString;
        if (const auto error = value.get_string().get(out.text)) return JsonProblem(error);
        break;
      case ondemand::json_type::number: {
        out.kind = JsonField::Kind::kNumber;
        const std::string_view token = TrimTrailingSpace(value.raw_json_token());
        if (!IsJsonNumber(token)) {
          return LineProblem{fmt::format("invalid JSON: invalid number \"{}\"", token), {}};
        }
        out.text = Original(token.data(), token.data() + token.size());
        break;
      }
      case ondemand::json_type::boolean: {
        out.kind = JsonField::Kind::kBool;
        bool flag = false;
        if (value.get_bool().get(flag) != simdjson::SUCCESS) {
          return LiteralProblem(value.raw_json_token());
        }
        out.text = flag ? "true" : "false";
        break;
      }
      case ondemand::json_type::null: {
        out.kind = JsonField::Kind::kNull;
        bool is_null = false;
        if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
          return LiteralProblem(value.raw_json_token());
        }
        out.text = std::string_view();
        break;
      }
      case ondemand::json_type::object:
      case ondemand::json_type::array: {
        out.kind = JsonField::Kind::kOther;
        const char* const begin = value.raw_json_token().data();
        if (auto problem = Validate(value, 2)) return problem;
        // The value is consumed: the iterator now sits on the `,` or `}` that follows it.
        const char* end = nullptr;
        if (const auto error = value.current_location().get(end)) return JsonProblem(error);
        out.text = TrimTrailingSpace(Original(begin, end));
        break;
      }
    }
  }
  // Anything after the object's closing brace is trailing garbage: `{"a":1} {"b":2}`.
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return LineProblem{"invalid JSON: unexpected text after the object", {}};
  }
  return CheckDuplicateKeys(fields);
}

JsonlReader::JsonlReader(std::string_view data) : data_(data), parser_(std::make_unique<Parser>()) {
  // RFC 8259 lets a parser ignore a byte order mark; Windows tools like to write one.
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (data_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
}
JsonlReader::~JsonlReader() = default;
JsonlReader::JsonlReader(JsonlReader&&) noexcept = default;
JsonlReader& JsonlReader::operator=(JsonlReader&&) noexcept = default;

Result<bool> JsonlReader::Next(std::vector<JsonField>& fields) {
  fields.clear();
  const char* const data = data_.data();
  const size_t size = data_.size();
  for (;;) {
    if (pos_ >= size) {
      record_text_ = std::string_view();
      return false;
    }
    const void* newline = std::memchr(data + pos_, '\n', size - pos_);
    const size_t line_end =
        newline == nullptr ? size : static_cast<size_t>(static_cast<const char*>(newline) - data);
    std::string_view line = data_.substr(pos_, line_end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    record_line_ = line_;
    record_text_ = line;
    // Move on before parsing, so that a bad line is already behind us when we report it.
    pos_ = newline == nullptr ? size : line_end + 1;
    ++line_;
    if (IsBlank(line)) continue;

    if (auto problem = parser_->ParseObject(line, fields)) {
      fields.clear();
      return Status::InvalidInput(std::move(problem->message),
                                  ErrorLocation{"", record_line_, std::move(problem->field), 0});
    }
    return true;
  }
}

}  // namespace payback
