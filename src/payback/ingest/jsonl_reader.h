#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "payback/status.h"

namespace payback {

/// One member of a JSON Lines object, as read by JsonlReader.
struct JsonField {
  /// The JSON type of the value; kOther is an object or an array.
  enum class Kind : uint8_t { kString, kNumber, kBool, kNull, kOther };

  /// The member name, unescaped.
  std::string_view key;
  Kind kind = Kind::kNull;
  /// kString: the unescaped string; kNumber: the number exactly as written ("19.99", "1e3",
  /// "-3", never converted); kBool: "true" or "false"; kNull: ""; kOther: the raw JSON text of
  /// the object or array, as written.
  std::string_view text;
};

/// Reads JSON Lines: one JSON object per line (lines end at `\n` or `\r\n`; the last line needs
/// no line break). Every value is validated, nested ones included (simdjson On Demand plus a
/// full walk). Blank lines (only spaces, tabs and `\r`) are skipped but counted. A UTF-8 byte
/// order mark at the very start is skipped. Keys must be distinct in the line's object (compared
/// unescaped); nested objects are passed on as raw text and not checked for duplicates. Strings
/// may contain any valid escape, `\u0000` included.
///
/// The reader does not own `data`, which must outlive it. Not thread-safe: one reader per thread
/// (each owns a simdjson parser).
class JsonlReader {
 public:
  /// Starts reading at the beginning of `data`.
  explicit JsonlReader(std::string_view data);
  ~JsonlReader();

  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;
  JsonlReader(JsonlReader&&) noexcept;
  JsonlReader& operator=(JsonlReader&&) noexcept;

  /// Reads the next object into `fields` (cleared first), members in the order written. Returns
  /// true when an object was read and false at the end of the data. Keys and kString texts point
  /// into storage owned by the reader, valid until the next call to Next; kNumber and kOther
  /// texts point into the data.
  ///
  /// A line that is not exactly one valid JSON object (invalid JSON, an array or a scalar,
  /// trailing text after the object, a key that appears twice, invalid UTF-8, nesting deeper than
  /// kMaxDepth) returns kInvalidInput with ErrorLocation.line = its 1-based line number (and
  /// ErrorLocation.field = the key, for a duplicate key); ErrorLocation.file is left empty for the
  /// caller to fill in. The reader has then moved to the next line, so Next can resume.
  Result<bool> Next(std::vector<JsonField>& fields);

  /// The 1-based line of the object last returned (or rejected); 0 before the first call.
  int64_t record_line() const { return record_line_; }

  /// The text of the line last returned or rejected, without its line break. A view into the
  /// data.
  std::string_view record_text() const { return record_text_; }

  /// The deepest nesting of arrays and objects accepted in a value (the line's object is 1).
  static constexpr int kMaxDepth = 256;

 private:
  // The simdjson parser and scratch buffers, kept out of this header (simdjson.h is large).
  struct Parser;

  std::string_view data_;
  size_t pos_ = 0;
  int64_t line_ = 1;  // the line at pos_
  int64_t record_line_ = 0;
  std::string_view record_text_;
  std::unique_ptr<Parser> parser_;
};

}  // namespace payback
