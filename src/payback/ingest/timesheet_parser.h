#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "payback/common/time.h"
#include "payback/ingest/event_batch_builder.h"
#include "payback/status.h"
#include "payback/timesheet.h"

namespace payback {

/// The most hours one timesheet row may book: a whole day.
inline constexpr Micros kMaxTimesheetHours = 24 * kMicrosPerUnit;

/// A parsed timesheets file: one record per (agent_id, campaign_id, day), in the order each
/// first appeared (a later row of the same identity replaced the earlier one in place).
struct ParsedTimesheets {
  std::vector<TimesheetRecord> timesheets;
  std::vector<std::string> ignored_columns;  ///< unknown columns, for the one warning line
  std::vector<RejectedRow> rejects;
  int64_t rows_read = 0;  ///< records seen, good and bad
};

/// Parses and validates a timesheets file (data.md, "Other inputs"): columns `agent_id`
/// (required, non-empty), `campaign_id` (optional; "" = not booked to a campaign), `date`
/// (required: `YYYY-MM-DD`, or any timestamp ParseTimestamp accepts, reduced to its local date
/// in `tz`) and `hours` (required: a number from 0 to 24 with at most 6 decimals; a JSON value
/// may be a number or a string). Surrounding spaces are trimmed. Other columns are listed in
/// `ignored_columns`. The same (agent_id, campaign_id, date) twice in one file: the later row
/// wins.
///
/// Fails with kInvalidInput and the location (file = options.display_name, line, field) of
/// the first bad row, unless options.skip_bad_rows, in which case bad rows are collected in
/// `rejects` and only a bad CSV header (empty file, a required column missing, a column given
/// twice) fails. Thread-safe as far as `tz` is (one thread per TimeZone object).
Result<ParsedTimesheets> ParseTimesheets(std::string_view data, const TimeZone& tz,
                                         const EventParseOptions& options);

}  // namespace payback
