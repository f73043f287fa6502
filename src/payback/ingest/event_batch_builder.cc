#include "payback/ingest/event_batch_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <optional>
#include <thread>

#include "payback/common/assert.h"
#include "payback/common/decimal.h"
#include "payback/common/parallel.h"
#include "payback/common/text.h"
#include "payback/common/text_arena.h"
#include "payback/ingest/csv_reader.h"
#include "payback/ingest/jsonl_reader.h"
#include "payback/ingest/recent_codes.h"
#include "payback/store/user_time_sort.h"

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

/// Checks the required fields of a row and parses its timestamp (data.md, "Events").
Result<TimestampUs> ParseCoreFields(const CoreFields& fields, int64_t line, const TimeZone& tz,
                                    const std::string& file) {
  auto error = [&](const char* field, std::string message) {
    return Status::InvalidInput(std::move(message), ErrorLocation{file, line, field, 0});
  };
  if (fields.user.empty()) return error("user_id", "required field is empty");
  if (fields.ts.empty()) return error("ts", "required field is empty");
  if (fields.event.empty()) return error("event", "required field is empty");
  auto ts = ParseTimestamp(fields.ts, tz);
  if (!ts.ok()) return error("ts", ts.status().message());
  return ts;
}

Status TooManyRows(const std::string& file) {
  return Status::InvalidInput(
      fmt::format("more than {} events in one file: split it into smaller files", kMaxRows),
      ErrorLocation{file, 0, "", 0});
}

std::string TooManyEventNames() {
  return fmt::format(
      "more than {} distinct event names in the workspace (payback keeps at most "
      "that many; map rare names onto fewer with `aliases` or a property)",
      kMaxEventNames);
}

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
    PAYBACK_ASSIGN_OR_RETURN(const TimestampUs ts,
                             ParseCoreFields(fields, line, tz_, options_.display_name));
    columns_.user.push_back(dictionaries_.users.GetOrAdd(fields.user));
    columns_.ts.PushBack(ts);
    const uint32_t event = event_codes_.Code(dictionaries_.event_names, fields.event);
    if (event >= kMaxEventNames) return Error(line, "event", TooManyEventNames());
    columns_.event.push_back(static_cast<EventNameId>(event));
    columns_.campaign.push_back(
        fields.campaign.empty() ? kNoCampaign
                                : campaign_codes_.Code(dictionaries_.campaigns, fields.campaign));
    columns_.message.push_back(
        fields.message.empty() ? 0 : message_codes_.Code(dictionaries_.messages, fields.message));
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
    if (key >= properties_.size()) properties_.resize(key + 1);
    return key;
  }

  /// Sets a property of the row just added (the last row).
  void SetNumber(uint32_t key, int64_t value) {
    auto& numbers = properties_[key].numbers;
    numbers.resize(columns_.size(), kNullNumber);
    numbers.back() = value;
  }
  void SetString(uint32_t key, std::string_view value) {
    auto& strings = properties_[key].strings;
    strings.resize(columns_.size(), kNullString);
    strings.back() = dictionaries_.strings.GetOrAdd(value);
  }

  Result<ParsedEvents> Finish() {
    // The properties, built dense row by row, become the batch's sparse columns.
    columns_.properties.resize(properties_.size());
    for (size_t key = 0; key < properties_.size(); ++key) {
      PropertyColumn& column = columns_.properties[key];
      column.numbers = decltype(column.numbers)::FromDense(properties_[key].numbers);
      column.strings = decltype(column.strings)::FromDense(properties_[key].strings);
      column.numbers.Resize(columns_.size());
      column.strings.Resize(columns_.size());
    }
    properties_.clear();
    if (columns_.size() > kMaxRows) return TooManyRows(options_.display_name);
    ParsedEvents parsed;
    SortByUserThenTime(columns_, dictionaries_.users.size(), &parsed.user_starts);
    parsed.columns = std::move(columns_);
    parsed.rejects = std::move(rejects_);
    parsed.rows_read = rows_read_;
    return parsed;
  }

  EventColumns& columns() { return columns_; }
  Dictionaries& dictionaries() { return dictionaries_; }

 private:
  const TimeZone& tz_;
  Dictionaries& dictionaries_;
  const EventParseOptions& options_;
  /// One property's values as the rows come (dense; rows past the last value are null).
  struct DenseProperty {
    std::vector<int64_t> numbers;
    std::vector<StringId> strings;
  };

  EventColumns columns_;
  std::vector<DenseProperty> properties_;  ///< by property-key code
  std::vector<RejectedRow> rejects_;
  int64_t rows_read_ = 0;
  RecentCodes event_codes_;
  RecentCodes campaign_codes_;
  RecentCodes message_codes_;
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

/// The member of `fields` that `role` names (`fields` has one member a core field: CoreFields
/// their texts, CoreColumns their columns), or null for a property.
template <typename Fields>
auto* MemberFor(Fields& fields, CoreField role) {
  switch (role) {
    case CoreField::kUser:
      return &fields.user;
    case CoreField::kTs:
      return &fields.ts;
    case CoreField::kEvent:
      return &fields.event;
    case CoreField::kCampaign:
      return &fields.campaign;
    case CoreField::kMessage:
      return &fields.message;
    case CoreField::kProperty:
      break;
  }
  return static_cast<decltype(&fields.user)>(nullptr);
}

void AssignCore(CoreFields& core, CoreField role, std::string_view text) {
  if (auto* member = MemberFor(core, role)) *member = text;
}

/// Where each core field is among a CSV file's columns, so that a row's core fields are picked
/// by index rather than assigned column by column through a switch (~100 instructions a row).
struct CoreColumns {
  static constexpr size_t kAbsent = SIZE_MAX;
  size_t user = kAbsent;
  size_t ts = kAbsent;
  size_t event = kAbsent;
  // Optional: kAbsent when the header has no campaign_id or message_id.
  size_t campaign = kAbsent;
  size_t message = kAbsent;

  /// The columns of `roles`, which must name user_id, ts and event.
  static CoreColumns Of(const std::vector<CoreField>& roles) {
    CoreColumns columns;
    for (size_t column = 0; column < roles.size(); ++column) {
      if (size_t* member = MemberFor(columns, roles[column])) *member = column;
    }
    PAYBACK_ASSERT(columns.user != kAbsent && columns.ts != kAbsent && columns.event != kAbsent);
    return columns;
  }

  /// The core fields of a row with one field a column.
  CoreFields Pick(const std::vector<std::string_view>& fields) const {
    auto optional = [&](size_t column) {
      return column == kAbsent ? std::string_view() : fields[column];
    };
    return CoreFields{fields[user], fields[ts], fields[event], optional(campaign),
                      optional(message)};
  }
};

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

/// Line breaks in `text` as CsvReader counts them: \n, \r\n and a lone \r each count once.
int64_t CountLineBreaks(std::string_view text) {
  // Fast path (vectorised): files without \r, the common case.
  if (text.find('\r') == std::string_view::npos) {
    return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n'));
  }
  int64_t breaks = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '\n') {
      ++breaks;
    } else if (c == '\r' && (pos + 1 == text.size() || text[pos + 1] != '\n')) {
      ++breaks;
    }
  }
  return breaks;
}

/// Splits the CSV body into about `parts` chunks, each ending just after the first \n at or
/// after an equal step, without reading the body first. Each chunk holds whole records unless a
/// split falls inside a quoted field (a line break in a quoted value): the parse of the chunk
/// before then runs out of data inside the quotes (CsvReader::ran_out_inside_quotes), and the
/// caller splits again with SplitOutsideQuotes.
std::vector<std::string_view> SplitAtLineBreaks(std::string_view body, size_t parts) {
  std::vector<std::string_view> chunks;
  size_t start = 0;
  for (size_t part = 1; part < parts; ++part) {
    const size_t target = std::max(start, body.size() * part / parts);
    const size_t newline = body.find('\n', target);
    if (newline == std::string_view::npos || newline + 1 >= body.size()) break;
    chunks.push_back(body.substr(start, newline + 1 - start));
    start = newline + 1;
  }
  chunks.push_back(body.substr(start));
  return chunks;
}

/// Splits the CSV body into about `parts` chunks that each end just after a \n with an even
/// number of quotes before it, so that it is outside any quoted field, counting the quotes of
/// the whole body first (on every core). Wrong only when a stray quote sits inside an unquoted
/// field (CsvReader takes it literally): the parse then runs out of data inside quotes too,
/// and the caller parses the body as one chunk.
std::vector<std::string_view> SplitOutsideQuotes(std::string_view body, size_t parts) {
  // The quotes of each of `parts` equal pieces: a piece's first byte is where a split's search
  // starts, so the quotes before it are a sum, not a scan.
  auto piece_start = [&](size_t piece) { return body.size() * piece / parts; };
  std::vector<uint64_t> quotes_before_piece(parts + 1, 0);
  ParallelFor(parts, [&](size_t /*worker*/, size_t piece) {
    quotes_before_piece[piece + 1] = static_cast<uint64_t>(
        std::count(body.begin() + piece_start(piece), body.begin() + piece_start(piece + 1), '"'));
  });
  for (size_t piece = 0; piece < parts; ++piece) {
    quotes_before_piece[piece + 1] += quotes_before_piece[piece];
  }
  std::vector<size_t> splits = {0};  // where each chunk starts
  uint64_t quotes_before = 0;        // quotes in body[0, scanned)
  size_t scanned = 0;
  for (size_t part = 1; part < parts && splits.back() < body.size(); ++part) {
    size_t target = piece_start(part);
    if (target <= splits.back()) continue;
    if (scanned <= target) {
      scanned = target;
      quotes_before = quotes_before_piece[part];
    }
    size_t split = std::string_view::npos;
    while (true) {
      const size_t newline = body.find('\n', target);
      if (newline == std::string_view::npos) break;
      quotes_before +=
          static_cast<uint64_t>(std::count(body.begin() + scanned, body.begin() + newline, '"'));
      scanned = newline;
      if (quotes_before % 2 == 0) {
        split = newline + 1;
        break;
      }
      target = newline + 1;
    }
    if (split == std::string_view::npos || split >= body.size()) break;
    splits.push_back(split);
  }
  splits.push_back(body.size());
  std::vector<std::string_view> chunks;
  for (size_t idx = 0; idx + 1 < splits.size(); ++idx) {
    chunks.push_back(body.substr(splits[idx], splits[idx + 1] - splits[idx]));
  }
  return chunks;
}

/// The rows a CSV text holds about, from the line breaks of its first MiB, with some to spare:
/// what a chunk's columns reserve (address space only until written, so a little too much costs
/// nothing, and too little one copy as they grow).
size_t EstimateRows(std::string_view text) {
  const std::string_view sample = text.substr(0, size_t{1} << 20);
  const size_t sample_lines = static_cast<size_t>(std::count(sample.begin(), sample.end(), '\n'));
  if (sample_lines == 0) return text.size() / 16 + 1;
  return text.size() / sample.size() * sample_lines * 21 / 20 + 1024;
}

/// `status` with its location's line `lines` further on: a chunk's errors are found with lines
/// counted from the chunk's start.
Status MovedDown(const Status& status, int64_t lines) {
  ErrorLocation location = status.location();
  location.line += lines;
  return Status(status.code(), status.message(), std::move(location));
}

/// A property's raw value at a row of a chunk.
struct PropertyText {
  size_t row = 0;
  std::string_view text;
};

/// What one thread makes of one chunk of a CSV body: rows with chunk-local dictionary codes
/// (merged into the workspace dictionaries afterwards, in chunk order, so codes are the same
/// as a sequential parse would give), raw property values, and the bad rows.
struct CsvChunk {
  std::string_view text;
  /// The text's line breaks, once parsed whole (without an error that stopped the parse).
  int64_t line_breaks = 0;
  EventColumns columns;  ///< user/event/campaign/message hold local codes
  Dictionaries local;
  /// Per pending property, the rows that have a value (most rows leave most properties empty)
  /// and the value's text.
  std::vector<std::vector<PropertyText>> property_values;
  /// Copies of field texts the views point into: the unescaped fields (the reader reuses their
  /// storage), and the property values, copied while they are in cache: read again after the
  /// parse, they are then in a few MB in order, not one cache miss each over the whole file.
  TextArena copies;
  /// The bad rows and the error that stopped the parse, their lines counted from the chunk's
  /// first line (line 1): the caller moves them down once the chunks before are counted.
  std::vector<RejectedRow> rejects;
  Status first_error;
  int64_t rows_read = 0;
  /// A quoted field ran to the chunk's end: unless it is the last chunk, the split was inside
  /// a quoted field, and its rows and the next chunk's are wrong.
  bool ran_out_inside_quotes = false;
};

class CsvChunkParser {
 public:
  CsvChunkParser(const std::vector<CoreField>& roles, const std::vector<size_t>& property_columns,
                 const TimeZone& tz, const EventParseOptions& options,
                 std::atomic<int64_t>& rows_read, bool report_progress)
      : roles_(roles),
        core_columns_(CoreColumns::Of(roles)),
        property_columns_(property_columns),
        tz_(tz),
        options_(options),
        rows_read_(rows_read),
        report_progress_(report_progress) {}

  // Flattened: every call made a row (the reader, the timestamp, the codes, the columns'
  // push_back) inlined into the loop. GCC left the push_backs and the reader's steps out of
  // line in a function this size: 9.5% more instructions an event, 0.3-0.5 s at 100M.
  [[gnu::flatten]] void Parse(CsvChunk& chunk) {
    CsvReader reader(chunk.text);
    const size_t estimated_rows = EstimateRows(chunk.text);
    chunk.local.messages.GetOrAdd("");
    chunk.local.users.Reserve(estimated_rows / 5);
    chunk.property_values.resize(property_columns_.size());
    chunk.columns.user.reserve(estimated_rows);
    // Timestamps in whole seconds since 1970 (nearly every input's) take 4 bytes a row, in the
    // chunk and through the sort; the first that is not widens the chunk's column.
    chunk.columns.ts.StartNarrow(0, kMicrosPerSecond);
    chunk.columns.ts.Reserve(estimated_rows);
    chunk.columns.event.reserve(estimated_rows);
    chunk.columns.campaign.reserve(estimated_rows);
    chunk.columns.message.reserve(estimated_rows);
    const bool all_utf8 = IsValidUtf8(chunk.text);
    std::vector<std::string_view> fields;
    // The users are coded a batch at a time, while their texts are still in cache, and the
    // batch's views need a few pages, not 16 bytes a row of the chunk (800 MB at 50M rows).
    std::vector<std::string_view> user_views;
    user_views.reserve(kUsersPerBatch);
    while (true) {
      auto next = reader.Next(fields);
      const int64_t line = reader.record_line();
      if (!next.ok()) {
        CountRow();
        const int64_t error_line = next.status().location().line;
        if (!Reject(chunk,
                    Error(error_line, next.status().location().field, next.status().message()),
                    error_line, reader.record_text())) {
          break;
        }
        continue;
      }
      if (!*next) break;
      CountRow();
      const std::string_view record = reader.record_text();
      if (!all_utf8 && !IsValidUtf8(record)) {
        if (!Reject(chunk, Error(line, "", "invalid UTF-8"), line, record)) break;
        continue;
      }
      if (fields.size() != roles_.size()) {
        if (!Reject(chunk,
                    Error(line, "",
                          fmt::format("expected {} fields as in the header, found {}",
                                      roles_.size(), fields.size())),
                    line, record)) {
          break;
        }
        continue;
      }
      const CoreFields core = core_columns_.Pick(fields);
      auto ts = ParseCoreFields(core, line, tz_, options_.display_name);
      if (!ts.ok()) {
        if (!Reject(chunk, ts.status(), line, record)) break;
        continue;
      }
      user_views.push_back(Keep(chunk, core.user));
      chunk.columns.user.push_back(0);
      if (user_views.size() == kUsersPerBatch) CodeUsers(chunk, user_views);
      chunk.columns.ts.PushBack(*ts);
      const uint32_t event = event_codes_.Code(chunk.local.event_names, core.event);
      if (event >= kMaxEventNames) {
        chunk.first_error = Error(line, "event", TooManyEventNames());  // the whole file fails
        break;
      }
      chunk.columns.event.push_back(static_cast<EventNameId>(event));
      chunk.columns.campaign.push_back(
          core.campaign.empty() ? kNoCampaign
                                : campaign_codes_.Code(chunk.local.campaigns, core.campaign));
      chunk.columns.message.push_back(
          core.message.empty() ? 0 : message_codes_.Code(chunk.local.messages, core.message));
      const size_t row = chunk.columns.event.size() - 1;
      for (size_t property = 0; property < property_columns_.size(); ++property) {
        const std::string_view value = fields[property_columns_[property]];
        if (!value.empty()) {
          chunk.property_values[property].push_back({row, chunk.copies.Copy(value)});
        }
      }
    }
    chunk.line_breaks = reader.line() - 1;
    chunk.ran_out_inside_quotes = reader.ran_out_inside_quotes();
    PublishRows();
    CodeUsers(chunk, user_views);
  }

 private:
  Status Error(int64_t line, std::string_view field, std::string message) const {
    return Status::InvalidInput(std::move(message),
                                ErrorLocation{options_.display_name, line, std::string(field), 0});
  }

  /// Codes the users of the chunk's last `user_views.size()` rows, then empties `user_views`.
  static void CodeUsers(CsvChunk& chunk, std::vector<std::string_view>& user_views) {
    chunk.local.users.GetOrAddMany(
        user_views, chunk.columns.user.data() + (chunk.columns.user.size() - user_views.size()));
    user_views.clear();
  }

  /// Records a bad row; false when parsing must stop (not skipping bad rows).
  bool Reject(CsvChunk& chunk, Status reason, int64_t line, std::string_view text) {
    if (!options_.skip_bad_rows) {
      chunk.first_error = std::move(reason);
      return false;
    }
    chunk.rejects.push_back(RejectedRow{line, std::string(text), std::move(reason)});
    return true;
  }

  /// `view`, kept past the next record: itself when it points into the chunk's text, else a
  /// copy (an unescaped field).
  static std::string_view Keep(CsvChunk& chunk, std::string_view view) {
    const std::string_view text = chunk.text;
    if (view.empty() ||
        (view.data() >= text.data() && view.data() + view.size() <= text.data() + text.size())) {
      return view;
    }
    return chunk.copies.Copy(view);
  }

  /// Counts a row locally: the threads share rows_read_, and one atomic add a row from each
  /// would bounce its cache line between the cores on every row.
  void CountRow() {
    if (++unpublished_rows_ == kRowsPerPublish) PublishRows();
  }
  /// Adds the rows counted since the last call to rows_read_ (and reports progress when the
  /// total crossed a multiple of kProgressEvery).
  void PublishRows() {
    const int64_t before = rows_read_.fetch_add(unpublished_rows_, std::memory_order_relaxed);
    const int64_t rows = before + unpublished_rows_;
    unpublished_rows_ = 0;
    if (report_progress_ && options_.progress && rows / kProgressEvery != before / kProgressEvery) {
      options_.progress(rows);
    }
  }

  static constexpr int64_t kRowsPerPublish = 4096;
  static constexpr size_t kUsersPerBatch = 4096;
  int64_t unpublished_rows_ = 0;

  const std::vector<CoreField>& roles_;
  const CoreColumns core_columns_;
  const std::vector<size_t>& property_columns_;
  TimeZone tz_;  // a copy: TimeZone caches and is not thread-safe
  const EventParseOptions& options_;
  std::atomic<int64_t>& rows_read_;
  bool report_progress_;
  RecentCodes event_codes_;
  RecentCodes campaign_codes_;
  RecentCodes message_codes_;
};

/// Maps a chunk's local codes to workspace codes, appending new strings in first-appearance
/// order.
std::vector<uint32_t> MergeDictionary(StringDictionary& local, StringDictionary& global) {
  if (global.size() == 0) {
    // The first strings of an empty dictionary: the local codes are the global ones.
    std::vector<uint32_t> identity(local.size());
    std::iota(identity.begin(), identity.end(), 0u);
    global = std::move(local);
    return identity;
  }
  std::vector<std::string_view> views(local.size());
  for (uint32_t code = 0; code < local.size(); ++code) views[code] = local.Get(code);
  // Every string is looked up first, on every core (the global dictionary does not change
  // meanwhile: at 100M events that is 10M users, most of them already there); then the missing
  // ones are added in local order, so new codes follow first appearance as in one parse.
  std::vector<uint32_t> mapping(local.size());
  global.EnsureIndexed();
  const StringDictionary& lookup = global;
  constexpr size_t kStringsPerTask = 1 << 16;
  ParallelFor((views.size() + kStringsPerTask - 1) / kStringsPerTask,
              [&](size_t /*worker*/, size_t task) {
                const size_t first = task * kStringsPerTask;
                const size_t count = std::min(kStringsPerTask, views.size() - first);
                lookup.FindMany(std::span(views).subspan(first, count), mapping.data() + first);
              });
  std::vector<std::string_view> missing;
  std::vector<uint32_t> missing_codes;
  for (uint32_t code = 0; code < local.size(); ++code) {
    if (mapping[code] == StringDictionary::kMissing) {
      missing.push_back(views[code]);
      missing_codes.push_back(code);
    }
  }
  std::vector<uint32_t> added(missing.size());
  global.GetOrAddMany(missing, added.data());
  for (size_t idx = 0; idx < missing.size(); ++idx) mapping[missing_codes[idx]] = added[idx];
  return mapping;
}

Result<ParsedEvents> ParseCsvEvents(std::string_view data, const TimeZone& tz,
                                    Dictionaries& dictionaries, const EventParseOptions& options) {
  auto error = [&](int64_t line, std::string_view field, std::string message) {
    return Status::InvalidInput(std::move(message),
                                ErrorLocation{options.display_name, line, std::string(field), 0});
  };
  CsvReader header_reader(data);
  std::vector<std::string_view> fields;
  auto header = header_reader.Next(fields);
  if (!header.ok()) {
    return error(header.status().location().line, header.status().location().field,
                 header.status().message());
  }
  if (!*header) return error(1, "", "the file is empty: a header row is required");
  const int64_t header_line = header_reader.record_line();
  std::vector<CoreField> roles;
  std::vector<std::string> names;
  for (const std::string_view name : fields) {
    const std::string trimmed(TrimAscii(name));
    if (trimmed.empty()) return error(header_line, "", "a header column has no name");
    if (std::find(names.begin(), names.end(), trimmed) != names.end()) {
      return error(header_line, trimmed, "column appears twice in the header");
    }
    names.push_back(trimmed);
    roles.push_back(ClassifyField(trimmed));
  }
  for (const char* required : {"user_id", "ts", "event"}) {
    if (std::find(names.begin(), names.end(), required) == names.end()) {
      return error(header_line, required, "required column is missing from the header");
    }
  }
  std::vector<size_t> property_columns;
  std::vector<uint32_t> property_keys;
  for (size_t column = 0; column < roles.size(); ++column) {
    if (roles[column] == CoreField::kProperty) {
      property_columns.push_back(column);
      property_keys.push_back(dictionaries.property_keys.GetOrAdd(names[column]));
    }
  }

  // The body starts after the header record and its line break.
  const std::string_view header_text = header_reader.record_text();
  size_t body_start = static_cast<size_t>(header_text.data() + header_text.size() - data.data());
  if (body_start < data.size() && data[body_start] == '\r') ++body_start;
  if (body_start < data.size() && data[body_start] == '\n') ++body_start;
  const std::string_view body = data.substr(body_start);
  const int64_t body_first_line = 1 + CountLineBreaks(data.substr(0, body_start));

  // Parse chunks in parallel. A split inside a quoted field shows as a chunk (not the last)
  // whose parse ran out of data inside quotes: the body is then split again by counting its
  // quotes, and if that is wrong too (a stray quote in an unquoted field), parsed as one chunk.
  constexpr size_t kMinChunkBytes = 4 << 20;
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  const size_t parts = std::clamp<size_t>(body.size() / kMinChunkBytes, 1, threads);
  std::atomic<int64_t> rows_read{0};
  std::vector<CsvChunk> chunks;
  for (int attempt = 0; attempt < 3; ++attempt) {
    chunks.clear();
    rows_read = 0;
    const std::vector<std::string_view> texts = attempt == 0   ? SplitAtLineBreaks(body, parts)
                                                : attempt == 1 ? SplitOutsideQuotes(body, parts)
                                                               : std::vector{body};
    chunks.resize(texts.size());
    for (size_t chunk_idx = 0; chunk_idx < texts.size(); ++chunk_idx) {
      chunks[chunk_idx].text = texts[chunk_idx];
    }
    auto parse = [&](size_t chunk_idx) {
      CsvChunkParser parser(roles, property_columns, tz, options, rows_read, chunk_idx == 0);
      parser.Parse(chunks[chunk_idx]);
    };
    std::vector<std::thread> workers;
    for (size_t chunk_idx = 1; chunk_idx < chunks.size(); ++chunk_idx) {
      workers.emplace_back(parse, chunk_idx);
    }
    parse(0);
    for (std::thread& worker : workers) worker.join();
    const bool split_right =
        std::none_of(chunks.begin(), chunks.end() - 1,
                     [](const CsvChunk& chunk) { return chunk.ran_out_inside_quotes; });
    if (split_right || chunks.size() == 1) break;
  }
  // Lines: each chunk's counted from its start, moved down by the line breaks before it. The
  // first error stops its chunk's parse, but the chunks before it were parsed whole.
  int64_t lines_before = body_first_line - 1;
  for (CsvChunk& chunk : chunks) {
    if (!chunk.first_error.ok()) return MovedDown(chunk.first_error, lines_before);
    for (RejectedRow& reject : chunk.rejects) {
      reject.line += lines_before;
      reject.reason = MovedDown(reject.reason, lines_before);
    }
    lines_before += chunk.line_breaks;
  }

  // Merge: workspace codes in chunk order, then the columns.
  ParsedEvents parsed;
  size_t total_rows = 0;
  for (const CsvChunk& chunk : chunks) total_rows += chunk.columns.size();
  if (total_rows > kMaxRows) return TooManyRows(options.display_name);
  std::vector<size_t> offsets;
  struct Mappings {
    std::vector<uint32_t> users, events, campaigns, messages;
  };
  std::vector<Mappings> mappings(chunks.size());
  size_t offset = 0;
  for (size_t chunk_idx = 0; chunk_idx < chunks.size(); ++chunk_idx) {
    Dictionaries& local = chunks[chunk_idx].local;
    mappings[chunk_idx].events = MergeDictionary(local.event_names, dictionaries.event_names);
    mappings[chunk_idx].campaigns = MergeDictionary(local.campaigns, dictionaries.campaigns);
    mappings[chunk_idx].messages = MergeDictionary(local.messages, dictionaries.messages);
    mappings[chunk_idx].users = MergeDictionary(local.users, dictionaries.users);
    offsets.push_back(offset);
    offset += chunks[chunk_idx].columns.size();
    for (RejectedRow& reject : chunks[chunk_idx].rejects)
      parsed.rejects.push_back(std::move(reject));
  }
  // The chunks' codes become the workspace's in place (the sort gathers the columns straight
  // from the chunks), a range of rows a task over every chunk.
  {
    struct RowRange {
      size_t chunk_idx, begin, end;
    };
    std::vector<RowRange> ranges;
    constexpr size_t kRowsPerTask = 1 << 20;
    for (size_t chunk_idx = 0; chunk_idx < chunks.size(); ++chunk_idx) {
      const size_t rows = chunks[chunk_idx].columns.size();
      for (size_t begin = 0; begin < rows; begin += kRowsPerTask) {
        ranges.push_back(RowRange{chunk_idx, begin, std::min(rows, begin + kRowsPerTask)});
      }
    }
    ParallelFor(ranges.size(), [&](size_t /*worker*/, size_t range_idx) {
      const RowRange& range = ranges[range_idx];
      EventColumns& local = chunks[range.chunk_idx].columns;
      const Mappings& mapping = mappings[range.chunk_idx];
      // The users' mapping is tens of MB read at random: fetched some rows ahead.
      constexpr size_t kAhead = 32;
      for (size_t row = range.begin; row < range.end; ++row) {
        if (row + kAhead < range.end) __builtin_prefetch(&mapping.users[local.user[row + kAhead]]);
        local.user[row] = mapping.users[local.user[row]];
        local.event[row] = static_cast<EventNameId>(mapping.events[local.event[row]]);
        if (local.campaign[row] != kNoCampaign) {
          local.campaign[row] = mapping.campaigns[local.campaign[row]];
        }
        local.message[row] = mapping.messages[local.message[row]];
      }
    });
  }

  // Type each property column: numeric when every non-empty value in the file is a number.
  // Both kinds are built sparse, from the rows that have a value, in row order. The columns'
  // bits and numbers are made on every core at once; the string values are then coded in
  // property order, the codes one pass over the file would give.
  struct TypedValues {
    size_t present = 0;
    std::vector<uint64_t> bits;
    std::optional<std::vector<int64_t>> numbers;  // none when a value is not a number
  };
  std::vector<TypedValues> typed(property_columns.size());
  ParallelFor(property_columns.size(), [&](size_t /*worker*/, size_t property) {
    TypedValues& values = typed[property];
    for (const CsvChunk& chunk : chunks) values.present += chunk.property_values[property].size();
    if (values.present == 0) return;
    values.bits.assign((total_rows + 63) / 64, 0);
    for (size_t chunk_idx = 0; chunk_idx < chunks.size(); ++chunk_idx) {
      for (const PropertyText& value : chunks[chunk_idx].property_values[property]) {
        const size_t row = offsets[chunk_idx] + value.row;
        values.bits[row / 64] |= uint64_t{1} << (row % 64);
      }
    }
    std::vector<int64_t> numbers;
    numbers.reserve(values.present);
    for (const CsvChunk& chunk : chunks) {
      for (const PropertyText& value : chunk.property_values[property]) {
        const std::optional<int64_t> number = ParseFixed6(value.text);
        if (!number) return;
        numbers.push_back(*number);
      }
    }
    values.numbers = std::move(numbers);
  });
  std::vector<PropertyColumn> properties(dictionaries.property_keys.size());
  for (size_t property = 0; property < property_columns.size(); ++property) {
    PropertyColumn& column = properties[property_keys[property]];
    TypedValues& values = typed[property];
    if (values.present == 0) continue;
    if (values.numbers) {
      auto parts = decltype(column.numbers)::FromParts(total_rows, std::move(values.bits),
                                                       std::move(*values.numbers));
      PAYBACK_ASSERT(parts.has_value());
      column.numbers = std::move(*parts);
      continue;
    }
    std::vector<StringId> strings;
    strings.reserve(values.present);
    // A string property's values are most often a few categories.
    RecentCodes recent;
    for (const CsvChunk& chunk : chunks) {
      for (const PropertyText& value : chunk.property_values[property]) {
        strings.push_back(recent.Code(dictionaries.strings, value.text));
      }
    }
    auto parts =
        decltype(column.strings)::FromParts(total_rows, std::move(values.bits), std::move(strings));
    PAYBACK_ASSERT(parts.has_value());
    column.strings = std::move(*parts);
  }
  typed = {};
  std::vector<EventColumns> chunk_columns;
  for (CsvChunk& chunk : chunks) {
    chunk_columns.push_back(std::move(chunk.columns));
    chunk = CsvChunk();  // its dictionaries and copies of fields
  }
  chunks.clear();
  parsed.columns = SortPartsByUserThenTime(std::move(chunk_columns), std::move(properties),
                                           dictionaries.users.size(), &parsed.user_starts);
  parsed.rows_read = rows_read;
  return parsed;
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

Result<ParsedEvents> ParseEventsOfFormat(std::string_view data, const TimeZone& tz,
                                         Dictionaries& dictionaries,
                                         const EventParseOptions& options) {
  if (options.format == InputFormat::kCsv) return ParseCsvEvents(data, tz, dictionaries, options);
  EventSink sink(tz, dictionaries, options);
  if (!IsValidUtf8(data)) {
    // simdjson rejects invalid UTF-8 line by line too; this finds the first line precisely
    // when not skipping.
    if (!options.skip_bad_rows) {
      return sink.Error(FirstInvalidUtf8Line(data), "", "invalid UTF-8");
    }
  }
  return ParseJsonlEvents(data, sink);
}

}  // namespace

Result<ParsedEvents> ParseEvents(std::string_view data, const TimeZone& tz,
                                 Dictionaries& dictionaries, const EventParseOptions& options) {
  PAYBACK_ASSIGN_OR_RETURN(ParsedEvents parsed,
                           ParseEventsOfFormat(data, tz, dictionaries, options));
  // Event codes are 2 bytes: a file that takes the workspace past kMaxEventNames is refused
  // whole, --skip-bad-rows or not (the parsers name the first such row when they can).
  if (dictionaries.event_names.size() > kMaxEventNames) {
    return Status::InvalidInput(TooManyEventNames(),
                                ErrorLocation{options.display_name, 0, "event", 0});
  }
  return parsed;
}

}  // namespace payback
