#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "payback/common/text.h"
#include "payback/ingest/csv_reader.h"
#include "payback/ingest/event_batch_builder.h"
#include "payback/ingest/jsonl_reader.h"
#include "payback/status.h"

namespace payback {

// Drives a row parser over a CSV file with a header row, or over a JSON Lines file, record by
// record: one reading, error and reject policy for the small tabular inputs (campaigns,
// timesheets, snapshots). A parser provides:
//
//   using Field = ...;  using Row = ...;   (Row default-constructible)
//   static std::optional<Field> FindField(std::string_view column_name);
//   static std::string_view FieldName(Field field);
//   Status Error(int64_t line, std::string_view field, std::string message) const;
//   Status Reject(Status reason, int64_t line, std::string_view record_text);  // OK = skipped
//   void NotePresent(Field field);            // the file carries this field
//   void NoteIgnored(std::string_view name);  // an unknown column or key
//   void CountRow();                          // one record read, good or bad
//   Status Set(Row& row, Field field, std::string_view text, int64_t line);
//   Status SetJson(Row& row, Field field, const JsonField& value, int64_t line);
//   Status Finish(Row row, int64_t line, std::string_view record_text);
//
// A record whose Set/SetJson fails is passed to Reject with the first error; Finish rejects
// (or not) a complete row itself. A JSON null is a field not given. TabularRowParser below gives
// the members that do not depend on the input's fields.

/// The members every row parser shares, for a parse result `Parsed` with `rows_read`, `rejects`
/// and `ignored_columns`: errors located in the file, rejects under --skip-bad-rows, the ignored
/// columns (each once), and JSON strings and numbers read as their text through Derived::Set.
/// A parser derives from it (CRTP) and may hide NotePresent or SetJson with its own.
template <typename Derived, typename Parsed>
class TabularRowParser {
 public:
  explicit TabularRowParser(const EventParseOptions& options) : options_(options) {}

  template <typename Field>
  void NotePresent(Field /*field*/) {}
  void CountRow() { ++out_.rows_read; }

  template <typename Row, typename Field>
  Status SetJson(Row& row, Field field, const JsonField& json, int64_t line) {
    if (json.kind == JsonField::Kind::kOther || json.kind == JsonField::Kind::kBool) {
      return Error(line, json.key, "must be a string or a number");
    }
    return static_cast<Derived*>(this)->Set(row, field, json.text, line);
  }

  Status Error(int64_t line, std::string_view field, std::string message) const {
    return Status::InvalidInput(std::move(message),
                                ErrorLocation{options_.display_name, line, std::string(field), 0});
  }

  Status Reject(Status reason, int64_t line, std::string_view text) {
    if (!options_.skip_bad_rows) return reason;
    out_.rejects.push_back(RejectedRow{line, std::string(text), std::move(reason)});
    return Status::Ok();
  }

  void NoteIgnored(std::string_view name) {
    if (std::find(out_.ignored_columns.begin(), out_.ignored_columns.end(), name) ==
        out_.ignored_columns.end()) {
      out_.ignored_columns.emplace_back(name);
    }
  }

  Parsed& out() { return out_; }

 protected:
  const EventParseOptions& options_;
  Parsed out_;
};

/// A CSV file: the header names the columns (trimmed); a column twice, or a `required` one
/// missing, fails the file; unknown columns are noted. Records with invalid UTF-8 or another
/// number of fields than the header are rejected.
template <typename Parser>
Status ReadCsvRows(std::string_view data, Parser& parser,
                   std::span<const typename Parser::Field> required) {
  using Field = typename Parser::Field;
  CsvReader reader(data);
  std::vector<std::string_view> cells;
  auto header = reader.Next(cells);
  if (!header.ok()) {
    return parser.Error(header.status().location().line, header.status().location().field,
                        header.status().message());
  }
  if (!*header) return parser.Error(1, "", "the file is empty: a header row is required");
  const int64_t header_line = reader.record_line();
  if (!IsValidUtf8(reader.record_text())) return parser.Error(header_line, "", "invalid UTF-8");
  std::vector<std::optional<Field>> roles;
  for (const std::string_view raw_name : cells) {
    const std::string_view name = TrimAscii(raw_name);
    const std::optional<Field> field = Parser::FindField(name);
    if (field) {
      if (std::find(roles.begin(), roles.end(), field) != roles.end()) {
        return parser.Error(header_line, name, "column appears twice in the header");
      }
      parser.NotePresent(*field);
    } else {
      parser.NoteIgnored(name);
    }
    roles.push_back(field);
  }
  for (const Field field : required) {
    if (std::find(roles.begin(), roles.end(), field) == roles.end()) {
      return parser.Error(header_line, Parser::FieldName(field),
                          "required column is missing from the header");
    }
  }
  while (true) {
    auto next = reader.Next(cells);
    if (!next.ok()) {
      parser.CountRow();
      PAYBACK_RETURN_IF_ERROR(
          parser.Reject(parser.Error(next.status().location().line, next.status().location().field,
                                     next.status().message()),
                        reader.record_line(), reader.record_text()));
      continue;
    }
    if (!*next) break;
    parser.CountRow();
    const int64_t line = reader.record_line();
    const std::string_view text = reader.record_text();
    Status status;
    if (!IsValidUtf8(text)) {
      status = parser.Error(line, "", "invalid UTF-8");
    } else if (cells.size() != roles.size()) {
      status = parser.Error(
          line, "",
          fmt::format("expected {} fields as in the header, found {}", roles.size(), cells.size()));
    }
    typename Parser::Row row;
    for (size_t column = 0; column < roles.size() && status.ok(); ++column) {
      if (roles[column]) status = parser.Set(row, *roles[column], cells[column], line);
    }
    if (!status.ok()) {
      PAYBACK_RETURN_IF_ERROR(parser.Reject(std::move(status), line, text));
      continue;
    }
    PAYBACK_RETURN_IF_ERROR(parser.Finish(std::move(row), line, text));
  }
  return Status::Ok();
}

/// A JSON Lines file: one object a line; unknown keys are noted, nulls skipped.
template <typename Parser>
Status ReadJsonlRows(std::string_view data, Parser& parser) {
  using Field = typename Parser::Field;
  JsonlReader reader(data);
  std::vector<JsonField> values;
  while (true) {
    auto next = reader.Next(values);
    if (!next.ok()) {
      parser.CountRow();
      PAYBACK_RETURN_IF_ERROR(
          parser.Reject(parser.Error(reader.record_line(), next.status().location().field,
                                     next.status().message()),
                        reader.record_line(), reader.record_text()));
      continue;
    }
    if (!*next) break;
    parser.CountRow();
    const int64_t line = reader.record_line();
    typename Parser::Row row;
    Status status;
    for (const JsonField& value : values) {
      const std::optional<Field> field = Parser::FindField(value.key);
      if (!field) {
        parser.NoteIgnored(value.key);
        continue;
      }
      parser.NotePresent(*field);
      if (value.kind == JsonField::Kind::kNull) continue;
      status = parser.SetJson(row, *field, value, line);
      if (!status.ok()) break;
    }
    if (!status.ok()) {
      PAYBACK_RETURN_IF_ERROR(parser.Reject(std::move(status), line, reader.record_text()));
      continue;
    }
    PAYBACK_RETURN_IF_ERROR(parser.Finish(std::move(row), line, reader.record_text()));
  }
  return Status::Ok();
}

}  // namespace payback
