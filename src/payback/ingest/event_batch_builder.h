#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "payback/common/time.h"
#include "payback/ingest/input_source.h"
#include "payback/status.h"
#include "payback/store/event_columns.h"

namespace payback {

/// A row that --skip-bad-rows left out, with why.
struct RejectedRow {
  int64_t line = 0;
  std::string text;  ///< the raw record
  Status reason;     ///< with file, line and field
};

/// Reports progress: rows read so far. Called every few hundred thousand rows; may be empty.
using ProgressCallback = std::function<void(int64_t rows_read)>;

struct EventParseOptions {
  std::string display_name;  ///< the file name used in messages
  InputFormat format = InputFormat::kCsv;
  bool skip_bad_rows = false;
  ProgressCallback progress;
};

/// The outcome of parsing an events file.
struct ParsedEvents {
  EventColumns columns;  ///< sorted by (user, ts), without a user column: see user_starts
  /// The start of each user's run of rows (users + 1 offsets, the users of the dictionaries
  /// after the parse): the rows' users (FillUsersFromRuns), as a loaded store keeps them.
  std::vector<uint32_t> user_starts;
  std::vector<RejectedRow> rejects;
  int64_t rows_read = 0;  ///< records seen, good and bad
};

/// Parses and validates a whole events file (data.md, "Events") into columns coded with
/// `dictionaries`, which grows with the new strings (on failure the caller discards it).
/// Fails with kInvalidInput and the location of the first bad row, unless skip_bad_rows, in
/// which case bad rows are collected in `rejects` and only a bad header fails. Timestamps
/// without an offset are read in `tz`.
Result<ParsedEvents> ParseEvents(std::string_view data, const TimeZone& tz,
                                 Dictionaries& dictionaries, const EventParseOptions& options);

}  // namespace payback
