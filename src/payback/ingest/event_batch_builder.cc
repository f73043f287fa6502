#include "payback/ingest/event_batch_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <optional>

#include "payback/common/decimal.h"
#include "payback/common/text.h"
#include "payback/ingest/csv_reader.h"
#include "payback/ingest/jsonl_reader.h"

namespace payback {
namespace {

constexpr int64_t kProgressEvery = 1 << 18;

/// The five fields every event has, as text.
struct CoreFields {
  std::string_view user;
  std::string_view ts;
  std::string_view event;
  std::string_view campaign;
  std::string_view message;
};

/// Appends events to columns, coding strings with the dictionaries, and records bad rows.
class EventSink {
 public:
  EventSink(const TimeZone& tz, Dictionaries& dictionaries, const EventParseOptions& options)
      : tz_(tz), dictionaries_(dictionaries), options_(options) {
    // Code 0 of the message dictionary is always "" (no message_id).
    dictionaries_.messages.GetOrAdd("");
  }

  Status Error(int64_t line, std::string_view field, std::string message) const {
    return Status::InvalidInput(std::move(message),
                                ErrorLocation{options_.display_name, line, std::string(field), 0});
  }

  /// Validates and appends the core fields of one row; the caller appends its properties
  /// only when this returns OK.
  Status AddCore(const CoreFields& fields, int64_t line) {
    if (fields.user.empty()) return Error(line, "user_id", "required field is empty");
    if (fields.ts.empty()) return Error(line, "ts", "required field is empty");
    if (fields.event.empty()) return Error(line, "event", "required field is empty");
    auto ts = ParseTimestamp(fields.ts, tz_);
    if (!ts.ok()) return Error(line, "ts", ts.status().message());
    if (defer_users_) {
      // Coded in one batch at the end, with prefetching: users are the one large dictionary.
      user_views_.push_back(fields.user);
      columns_.user.push_back(0);
    } else {
      columns_.user.push_back(dictionaries_.users.GetOrAdd(fields.user));
    }
    columns_.ts.push_back(*ts);
    columns_.event.push_back(CodeSmall(dictionaries_.event_names, fields.event, last_event_));
    columns_.campaign.push_back(
        fields.campaign.empty()
            ? kNoCampaign
            : CodeSmall(dictionaries_.campaigns, fields.campaign, last_campaign_));
    columns_.message.push_back(
        fields.message.empty() ? 0 : dictionaries_.messages.GetOrAdd(fields.message));
    return Status::Ok();
  }

  /// Rejects a row: returns the error unless skipping bad rows.
  Status Reject(Status reason, int64_t line, std::string_view text) {
    if (!options_.skip_bad_rows) return reason;
    rejects_.push_back(RejectedRow{line, std::string(text), std::move(reason)});
    return Status::Ok();
  }

  void CountRow() {
    ++rows_read_;
    if (options_.progress && rows_read_ % kProgressEvery == 0) options_.progress(rows_read_);
  }

  uint32_t PropertyKey(std::string_view name) {
    const uint32_t key = dictionaries_.property_keys.GetOrAdd(name);
    if (key >= columns_.properties.size()) columns_.properties.resize(key + 1);
    return key;
  }

  /// Sets a property of the row just added (the last row).
  void SetNumber(uint32_t key, int64_t value) {
    auto& numbers = columns_.properties[key].numbers;
    numbers.resize(columns_.size(), kNullNumber);
    numbers.back() = value;
  }
  void SetString(uint32_t key, std::string_view value) {
    auto& strings = columns_.properties[key].strings;
    strings.resize(columns_.size(), kNullString);
    strings.back() = dictionaries_.strings.GetOrAdd(value);
  }

  /// Defers the coding of users to Finish(); the user views must then stay valid until then.
  void DeferUsers() { defer_users_ = true; }

  /// Reserves room for about `rows` rows.
  void Reserve(size_t rows) {
    columns_.user.reserve(rows);
    columns_.ts.reserve(rows);
    columns_.event.reserve(rows);
    columns_.campaign.reserve(rows);
    columns_.message.reserve(rows);
    if (defer_users_) user_views_.reserve(rows);
  }

  Result<ParsedEvents> Finish() {
    if (defer_users_) {
      dictionaries_.users.GetOrAddMany(user_views_, columns_.user.data());
      user_views_.clear();
      user_views_.shrink_to_fit();
    }
    // Property columns may stop short of the last rows: pad them with nulls.
    for (PropertyColumn& property : columns_.properties) {
      if (!property.numbers.empty()) property.numbers.resize(columns_.size(), kNullNumber);
      if (!property.strings.empty()) property.strings.resize(columns_.size(), kNullString);
    }
    SortByUserThenTime(columns_, dictionaries_.users.size());
    ParsedEvents parsed;
    parsed.columns = std::move(columns_);
    parsed.rejects = std::move(rejects_);
    parsed.rows_read = rows_read_;
    return parsed;
  }

  EventColumns& columns() { return columns_; }
  Dictionaries& dictionaries() { return dictionaries_; }

 private:
  // Event names and campaigns repeat in long runs: remember the last look-up.
  struct LastCode {
    std::string text;
    uint32_t code = UINT32_MAX;
  };
  static uint32_t CodeSmall(StringDictionary& dictionary, std::string_view text, LastCode& last) {
    if (last.code != UINT32_MAX && last.text == text) return last.code;
    last.code = dictionary.GetOrAdd(text);
    last.text.assign(text);
    return last.code;
  }

  const TimeZone& tz_;
  Dictionaries& dictionaries_;
  const EventParseOptions& options_;
  EventColumns columns_;
  std::vector<RejectedRow> rejects_;
  int64_t rows_read_ = 0;
  LastCode last_event_;
  LastCode last_campaign_;
  bool defer_users_ = false;
  std::vector<std::string_view> user_views_;
};

/// Keeps views of CSV fields valid after the reader moves on: a field that is a view into the
/// input stays one; an unescaped copy (a quoted field with "") is copied into owned storage.
class StableViews {
 public:
  explicit StableViews(std::string_view data) : data_(data) {}
  std::string_view Keep(std::string_view view) {
    if (view.empty() || (view.data() >= data_.data() && view.data() + view.size() <= data_.data() + data_.size())) {
      return view;
    }
    return owned_.emplace_back(view);
  }

 private:
  std::string_view data_;
  std::deque<std::string> owned_;
};

enum class CoreField : uint8_t { kUser, kTs, kEvent, kCampaign, kMessage, kProperty };

CoreField ClassifyField(std::string_view name) {
  if (name == "user_id") return CoreField::kUser;
  if (name == "ts") return CoreField::kTs;
  if (name == "event") return CoreField::kEvent;
  if (name == "campaign_id") return CoreField::kCampaign;
  if (name == "message_id") return CoreField::kMessage;
  return CoreField::kProperty;
}

void AssignCore(CoreFields& core, CoreField role, std::string_view text) {
  switch (role) {
    case CoreField::kUser:
      core.user = text;
      break;
    case CoreField::kTs:
      core.ts = text;
      break;
    case CoreField::kEvent:
      core.event = text;
      break;
    case CoreField::kCampaign:
      core.campaign = text;
      break;
    case CoreField::kMessage:
      core.message = text;
      break;
    case CoreField::kProperty:
      break;
  }
}

/// The first line of `text` that is not valid UTF-8 (1-based), given that some line is not.
int64_t FirstInvalidUtf8Line(std::string_view text) {
  int64_t line = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!IsValidUtf8(text.substr(start, end - start))) return line;
    ++line;
    start = end + 1;
  }
  return line;
}

Result<ParsedEvents> ParseCsvEvents(std::string_view data, EventSink& sink,
                                    const EventParseOptions& options) {
  CsvReader reader(data);
  std::vector<std::string_view> fields;
  auto header = reader.Next(fields);
  if (!header.ok()) return header.status();
  if (!*header) return sink.Error(1, "", "the file is empty: a header row is required");
  const int64_t header_line = reader.record_line();
  std::vector<CoreField> roles;
  std::vector<std::string> names;
  for (const std::string_view name : fields) {
    const std::string trimmed(TrimAscii(name));
    for (const std::string& seen : names) {
      if (seen == trimmed)
        return sink.Error(header_line, trimmed, "column appears twice in the header");
    }
    if (trimmed.empty()) return sink.Error(header_line, "", "a header column has no name");
    names.push_back(trimmed);
    roles.push_back(ClassifyField(trimmed));
  }
  for (const char* required : {"user_id", "ts", "event"}) {
    if (std::find(names.begin(), names.end(), required) == names.end()) {
      return sink.Error(header_line, required, "required column is missing from the header");
    }
  }
  // Property columns: values are kept as text until the whole file is read, because a
  // column is numeric only when every non-empty value in the file is a number (data.md).
  struct PendingProperty {
    size_t column = 0;
    uint32_t key = 0;
    std::vector<std::string_view> values;
  };
  std::vector<PendingProperty> pending;
  for (size_t column = 0; column < roles.size(); ++column) {
    if (roles[column] == CoreField::kProperty) {
      pending.push_back(PendingProperty{column, sink.PropertyKey(names[column]), {}});
    }
  }

  const bool all_utf8 = IsValidUtf8(data);
  StableViews stable(data);
  sink.DeferUsers();
  const size_t estimated_rows = static_cast<size_t>(std::count(data.begin(), data.end(), '\n')) + 1;
  sink.Reserve(estimated_rows);
  for (PendingProperty& property : pending) property.values.reserve(estimated_rows);
  while (true) {
    auto next = reader.Next(fields);
    if (!next.ok()) {
      sink.CountRow();
      PAYBACK_RETURN_IF_ERROR(sink.Reject(
          Status::InvalidInput(next.status().message(),
                               ErrorLocation{options.display_name, next.status().location().line,
                                             next.status().location().field, 0}),
          reader.record_line(), reader.record_text()));
      continue;
    }
    if (!*next) break;
    sink.CountRow();
    const int64_t line = reader.record_line();
    if (!all_utf8 && !IsValidUtf8(reader.record_text())) {
      PAYBACK_RETURN_IF_ERROR(
          sink.Reject(sink.Error(line, "", "invalid UTF-8"), line, reader.record_text()));
      continue;
    }
    if (fields.size() != roles.size()) {
      PAYBACK_RETURN_IF_ERROR(
          sink.Reject(sink.Error(line, "",
                                 fmt::format("expected {} fields as in the header, found {}",
                                             roles.size(), fields.size())),
                      line, reader.record_text()));
      continue;
    }
    CoreFields core;
    for (size_t column = 0; column < roles.size(); ++column) {
      AssignCore(core, roles[column], fields[column]);
    }
    core.user = stable.Keep(core.user);
    Status added = sink.AddCore(core, line);
    if (!added.ok()) {
      PAYBACK_RETURN_IF_ERROR(sink.Reject(std::move(added), line, reader.record_text()));
      continue;
    }
    for (PendingProperty& property : pending) {
      property.values.push_back(stable.Keep(fields[property.column]));
    }
  }

  // Type each property column, then store it.
  EventColumns& columns = sink.columns();
  const size_t rows = columns.size();
  for (PendingProperty& property : pending) {
    PropertyColumn& column = columns.properties[property.key];
    std::vector<int64_t> numbers(rows, kNullNumber);
    bool numeric = true;
    bool any_value = false;
    for (size_t row = 0; row < rows && numeric; ++row) {
      const std::string_view text = property.values[row];
      if (text.empty()) continue;
      any_value = true;
      const std::optional<int64_t> number = ParseFixed6(text);
      if (number) {
        numbers[row] = *number;
      } else {
        numeric = false;
      }
    }
    if (!any_value) continue;
    if (numeric) {
      column.numbers = std::move(numbers);
      continue;
    }
    column.strings.assign(rows, kNullString);
    StringDictionary& strings = sink.dictionaries().strings;
    for (size_t row = 0; row < rows; ++row) {
      const std::string_view text = property.values[row];
      if (!text.empty()) column.strings[row] = strings.GetOrAdd(text);
    }
  }
  return sink.Finish();
}

Result<ParsedEvents> ParseJsonlEvents(std::string_view data, EventSink& sink) {
  JsonlReader reader(data);
  std::vector<JsonField> fields;
  while (true) {
    auto next = reader.Next(fields);
    if (!next.ok()) {
      sink.CountRow();
      Status reason =
          sink.Error(reader.record_line(), next.status().location().field, next.status().message());
      PAYBACK_RETURN_IF_ERROR(
          sink.Reject(std::move(reason), reader.record_line(), reader.record_text()));
      continue;
    }
    if (!*next) break;
    sink.CountRow();
    const int64_t line = reader.record_line();
    CoreFields core;
    Status bad;
    for (const JsonField& field : fields) {
      const CoreField role = ClassifyField(field.key);
      if (role == CoreField::kProperty) continue;
      if (field.kind == JsonField::Kind::kNull) continue;
      if (field.kind != JsonField::Kind::kString && field.kind != JsonField::Kind::kNumber) {
        bad = sink.Error(line, field.key, "must be a string or a number");
        break;
      }
      AssignCore(core, role, field.text);
    }
    if (bad.ok()) bad = sink.AddCore(core, line);
    if (!bad.ok()) {
      PAYBACK_RETURN_IF_ERROR(sink.Reject(std::move(bad), line, reader.record_text()));
      continue;
    }
    for (const JsonField& field : fields) {
      if (ClassifyField(field.key) != CoreField::kProperty) continue;
      switch (field.kind) {
        case JsonField::Kind::kNull:
          break;
        case JsonField::Kind::kNumber: {
          const std::optional<int64_t> number = ParseFixed6(field.text);
          const uint32_t key = sink.PropertyKey(field.key);
          if (number) {
            sink.SetNumber(key, *number);
          } else {
            // Out of the fixed-point range: keep the exact text rather than lose it.
            sink.SetString(key, field.text);
          }
          break;
        }
        case JsonField::Kind::kString:
        case JsonField::Kind::kBool:
        case JsonField::Kind::kOther:
          sink.SetString(sink.PropertyKey(field.key), field.text);
          break;
      }
    }
  }
  return sink.Finish();
}

}  // namespace

Result<ParsedEvents> ParseEvents(std::string_view data, const TimeZone& tz,
                                 Dictionaries& dictionaries, const EventParseOptions& options) {
  EventSink sink(tz, dictionaries, options);
  if (options.format == InputFormat::kCsv) return ParseCsvEvents(data, sink, options);
  if (!IsValidUtf8(data)) {
    // simdjson rejects invalid UTF-8 line by line too; this finds the first line precisely
    // when not skipping.
    if (!options.skip_bad_rows) {
      return sink.Error(FirstInvalidUtf8Line(data), "", "invalid UTF-8");
    }
  }
  return ParseJsonlEvents(data, sink);
}

}  // namespace payback
