#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "payback/ingest/event_batch_builder.h"
#include "payback/snapshot.h"
#include "payback/status.h"

namespace payback {

/// A parsed snapshots file: one record per (account_id, month), in the order each first
/// appeared (a later row of the same identity replaced the earlier one in place).
struct ParsedSnapshots {
  std::vector<AccountSnapshot> snapshots;
  std::vector<std::string> ignored_columns;  ///< unknown columns, for the one warning line
  std::vector<RejectedRow> rejects;
  int64_t rows_read = 0;  ///< records seen, good and bad
};

/// Parses and validates a snapshots file (data.md, "Other inputs"): columns `account_id`
/// (required, non-empty; a JSON number is read as its text), `month_end` (required: `YYYY-MM`,
/// or `YYYY-MM-DD` that is the last day of its month), `balance` and `profit` (required: money
/// as ParseMoney reads it, negative allowed, at most 6 decimals; a JSON value may be a number
/// or a string). Surrounding spaces are trimmed. Other columns are listed in `ignored_columns`.
/// The same (account_id, month) twice in one file: the later row wins.
///
/// Fails with kInvalidInput and the location (file = options.display_name, line, field) of
/// the first bad row, unless options.skip_bad_rows, in which case bad rows are collected in
/// `rejects` and only a bad CSV header (empty file, a required column missing, a column given
/// twice) fails. Thread-safe.
Result<ParsedSnapshots> ParseSnapshots(std::string_view data, const EventParseOptions& options);

/// Reads a `month_end` value: `YYYY-MM`, or `YYYY-MM-DD` naming the last day of that month
/// (`2026-10-31`, `2024-02-29`). Returns the month as months since January 1970. Fails with
/// kInvalidInput (no location) on any other text, naming the expected last day when the date
/// is valid but not a month end. Thread-safe.
Result<int32_t> ParseMonthEnd(std::string_view text);

}  // namespace payback
