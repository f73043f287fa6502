#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "payback/status.h"

namespace payback::generate {

// Writing the files of the synthetic data sets: plain stdio, fixed formats, no locale.

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

/// Creates (or truncates) `path` for writing; kIoError when it cannot.
Result<FilePtr> OpenForWrite(const std::string& path);
/// Writes all of `data`; kIoError naming `path` when it cannot.
Status WriteAll(std::FILE* file, const std::string& data, const std::string& path);
/// Closes the file; kIoError naming `path` when the final flush fails.
Status Close(FilePtr file, const std::string& path);
/// Writes `data` as the whole content of `path`.
Status WriteWholeFile(const std::string& path, const std::string& data);

void AppendUint(std::string& out, uint64_t value);
void AppendTwoDigits(std::string& out, int64_t value);
/// "2026-03-01T10:15:00Z" for a UTC second.
void AppendTimestamp(std::string& out, int64_t ts);
/// "2026-03-01" for a day since 1970-01-01.
void AppendDate(std::string& out, int64_t day);
/// "2026-03" for a day since 1970-01-01.
void AppendMonth(std::string& out, int64_t day);
/// "12.34" for 1234 cents (cents >= 0).
void AppendMoney(std::string& out, int64_t cents);
/// RFC 4180: quotes a field that holds a comma, a quote or a line break.
void AppendCsvField(std::string& out, std::string_view field);

/// `value` rounded to two significant digits (83412 -> 83000, 967 -> 970), at least 100: the
/// kind of round number a team sets as a goal. value >= 0.
int64_t RoundGoal(double value);

/// The rows of an events file, produced out of time order (a click follows its send by hours,
/// an order by days) and written in time order, a day at a time, so memory stays bounded by the
/// days still open. Rows are kept per UTC day of the span and sorted by (ts, order of Add) when
/// their day is flushed: the output depends only on the calls made. Not thread-safe.
class DayOrderedRows {
 public:
  /// Rows for the days [first_day, first_day + days).
  DayOrderedRows(int64_t first_day, int64_t days);

  /// Queues `line` (a CSV record with its trailing newline) at UTC second `ts`. Rows at or past
  /// the span's end are dropped (the data stops at the end like an export does) and false is
  /// returned. A row may not land on a day already flushed or before the span: PAYBACK_ASSERT.
  bool Add(int64_t ts, std::string line);

  /// Sorts the rows of day `day_idx` (0-based in the span) and appends them to `out`, freeing
  /// them; days are flushed in order. Returns the number of rows appended.
  int64_t Flush(int64_t day_idx, std::string& out);

 private:
  struct Row {
    int64_t ts;
    uint64_t seq;
    std::string line;
  };
  int64_t first_s_;
  int64_t end_s_;
  int64_t flushed_days_ = 0;
  uint64_t seq_ = 0;
  std::vector<std::vector<Row>> days_;
};

}  // namespace payback::generate
