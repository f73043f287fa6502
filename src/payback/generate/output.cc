#include "payback/generate/output.h"

#include <algorithm>
#include <charconv>

#include "payback/common/assert.h"
#include "payback/generate/calendar.h"

namespace payback::generate {

Result<FilePtr> OpenForWrite(const std::string& path) {
  FilePtr file(std::fopen(path.c_str(), "wb"));
  if (!file) return Status::IoError("cannot create " + path);
  return file;
}

Status WriteAll(std::FILE* file, const std::string& data, const std::string& path) {
  if (data.empty()) return Status::Ok();
  if (std::fwrite(data.data(), 1, data.size(), file) != data.size()) {
    return Status::IoError("cannot write " + path);
  }
  return Status::Ok();
}

Status Close(FilePtr file, const std::string& path) {
  std::FILE* raw = file.release();
  if (std::fclose(raw) != 0) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

Status WriteWholeFile(const std::string& path, const std::string& data) {
  PAYBACK_ASSIGN_OR_RETURN(FilePtr file, OpenForWrite(path));
  PAYBACK_RETURN_IF_ERROR(WriteAll(file.get(), data, path));
  return Close(std::move(file), path);
}

void AppendUint(std::string& out, uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out.append(digits, static_cast<size_t>(end - digits));
}

void AppendTwoDigits(std::string& out, int64_t value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

void AppendTimestamp(std::string& out, int64_t ts) {
  const int64_t day = ts >= 0 ? ts / kSecondsPerDay : (ts - kSecondsPerDay + 1) / kSecondsPerDay;
  const int64_t second_of_day = ts - day * kSecondsPerDay;
  AppendDate(out, day);
  out.push_back('T');
  AppendTwoDigits(out, second_of_day / kSecondsPerHour);
  out.push_back(':');
  AppendTwoDigits(out, second_of_day / kSecondsPerMinute % 60);
  out.push_back(':');
  AppendTwoDigits(out, second_of_day % 60);
  out.push_back('Z');
}

void AppendDate(std::string& out, int64_t day) {
  AppendMonth(out, day);
  out.push_back('-');
  AppendTwoDigits(out, CivilFromDays(day).day);
}

void AppendMonth(std::string& out, int64_t day) {
  const CivilDate date = CivilFromDays(day);
  AppendUint(out, static_cast<uint64_t>(date.year));
  out.push_back('-');
  AppendTwoDigits(out, date.month);
}

void AppendMoney(std::string& out, int64_t cents) {
  AppendUint(out, static_cast<uint64_t>(cents / 100));
  out.push_back('.');
  AppendTwoDigits(out, cents % 100);
}

void AppendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

int64_t RoundGoal(double value) {
  int64_t unit = 1;
  while (value / static_cast<double>(unit) >= 100.0) unit *= 10;
  const int64_t rounded = static_cast<int64_t>(value / static_cast<double>(unit) + 0.5) * unit;
  return std::max<int64_t>(100, rounded);
}

DayOrderedRows::DayOrderedRows(int64_t first_day, int64_t days)
    : first_s_(first_day * kSecondsPerDay),
      end_s_((first_day + days) * kSecondsPerDay),
      days_(static_cast<size_t>(days)) {}

bool DayOrderedRows::Add(int64_t ts, std::string line) {
  if (ts >= end_s_) return false;
  PAYBACK_ASSERT(ts >= first_s_);
  const int64_t day_idx = (ts - first_s_) / kSecondsPerDay;
  PAYBACK_ASSERT(day_idx >= flushed_days_);
  days_[static_cast<size_t>(day_idx)].push_back(Row{ts, seq_++, std::move(line)});
  return true;
}

int64_t DayOrderedRows::Flush(int64_t day_idx, std::string& out) {
  PAYBACK_ASSERT(day_idx == flushed_days_);
  flushed_days_ = day_idx + 1;
  std::vector<Row> rows = std::move(days_[static_cast<size_t>(day_idx)]);
  days_[static_cast<size_t>(day_idx)] = {};
  std::sort(rows.begin(), rows.end(), [](const Row& lhs, const Row& rhs) {
    return lhs.ts != rhs.ts ? lhs.ts < rhs.ts : lhs.seq < rhs.seq;
  });
  for (const Row& row : rows) out.append(row.line);
  return static_cast<int64_t>(rows.size());
}

}  // namespace payback::generate
