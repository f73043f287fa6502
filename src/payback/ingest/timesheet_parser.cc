#include "payback/ingest/timesheet_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <tuple>

#include "payback/common/decimal.h"
#include "payback/common/text.h"
#include "payback/ingest/tabular_rows.h"

namespace payback {
namespace {

enum class TimesheetField : uint8_t { kAgentId, kCampaignId, kDate, kHours };

constexpr std::array<std::pair<std::string_view, TimesheetField>, 4> kFieldNames = {{
    {"agent_id", TimesheetField::kAgentId},
    {"campaign_id", TimesheetField::kCampaignId},
    {"date", TimesheetField::kDate},
    {"hours", TimesheetField::kHours},
}};

constexpr std::array<TimesheetField, 3> kRequiredFields = {
    TimesheetField::kAgentId, TimesheetField::kDate, TimesheetField::kHours};

std::optional<TimesheetField> FindField(std::string_view name) {
  for (const auto& [field_name, field] : kFieldNames) {
    if (field_name == name) return field;
  }
  return std::nullopt;
}

std::string_view FieldName(TimesheetField field) {
  return kFieldNames[static_cast<size_t>(field)].first;
}

/// True for `YYYY-MM-DD` in shape (the digits are validated by ParseTimestamp).
bool LooksLikeDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (const size_t idx : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsAsciiDigit(text[idx])) return false;
  }
  return true;
}

/// True when the number `text`, which ParseFixed6 accepted, has a non-zero digit beyond the
/// 6th decimal (ParseFixed6 would round it away: "7.1234567", "15e-7").
bool HasMoreThanSixDecimals(std::string_view text) {
  size_t pos = 0;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) ++pos;
  std::string digits;
  int64_t int_len = 0;
  for (; pos < text.size() && IsAsciiDigit(text[pos]); ++pos, ++int_len) digits += text[pos];
  if (pos < text.size() && text[pos] == '.') {
    for (++pos; pos < text.size() && IsAsciiDigit(text[pos]); ++pos) digits += text[pos];
  }
  int64_t exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool negative = false;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
    // Saturated: an exponent this large leaves no digit, or every digit, past the 6th decimal.
    constexpr int64_t kExponentCap = 1'000'000'000;
    for (; pos < text.size() && IsAsciiDigit(text[pos]); ++pos) {
      if (exponent < kExponentCap) exponent = exponent * 10 + (text[pos] - '0');
    }
    if (negative) exponent = -exponent;
  }
  // Digits from index `first_dropped` on lie beyond the 6th decimal.
  const int64_t first_dropped = std::max<int64_t>(0, int_len + exponent + 6);
  for (int64_t idx = first_dropped; idx < static_cast<int64_t>(digits.size()); ++idx) {
    if (digits[static_cast<size_t>(idx)] != '0') return true;
  }
  return false;
}

/// One row while it is being read: which required fields it gave (a JSON object may leave
/// some out).
struct RowState {
  TimesheetRecord record;
  bool has_agent_id = false;
  bool has_date = false;
  bool has_hours = false;
};

/// The row parser of ReadCsvRows / ReadJsonlRows (tabular_rows.h) for timesheets.
class TimesheetRowParser : public TabularRowParser<TimesheetRowParser, ParsedTimesheets> {
 public:
  using Field = TimesheetField;
  using Row = RowState;

  TimesheetRowParser(const TimeZone& tz, const EventParseOptions& options)
      : TabularRowParser(options), tz_(tz) {}

  static std::optional<TimesheetField> FindField(std::string_view name) {
    return payback::FindField(name);
  }
  static std::string_view FieldName(TimesheetField field) { return payback::FieldName(field); }
  /// Sets one field of `row` from its text.
  Status Set(RowState& row, TimesheetField field, std::string_view raw, int64_t line) {
    const std::string_view text = TrimAscii(raw);
    const std::string_view name = FieldName(field);
    if (text.empty() && field != TimesheetField::kCampaignId) {
      return Error(line, name, "required field is empty");
    }
    switch (field) {
      case TimesheetField::kAgentId:
        row.record.agent_id = std::string(text);
        row.has_agent_id = true;
        break;
      case TimesheetField::kCampaignId:
        row.record.campaign_id = std::string(text);
        break;
      case TimesheetField::kDate: {
        auto day = ParseDay(text);
        if (!day.ok()) return Error(line, name, day.status().message());
        row.record.day = *day;
        row.has_date = true;
        break;
      }
      case TimesheetField::kHours: {
        const std::optional<int64_t> hours = ParseFixed6(text);
        if (!hours) {
          return Error(line, name,
                       fmt::format("{} is not a number of hours", QuoteForMessage(text)));
        }
        if (*hours < 0) {
          return Error(line, name, fmt::format("{} is negative", QuoteForMessage(text)));
        }
        if (*hours > kMaxTimesheetHours) {
          return Error(line, name, fmt::format("{} is more than 24 hours", QuoteForMessage(text)));
        }
        if (HasMoreThanSixDecimals(text)) {
          return Error(line, name,
                       fmt::format("{} has more than 6 decimals", QuoteForMessage(text)));
        }
        row.record.hours = *hours;
        row.has_hours = true;
        break;
      }
    }
    return Status::Ok();
  }

  /// Adds a complete row (the later of two rows with one identity wins), or rejects it.
  Status Finish(RowState row, int64_t line, std::string_view text) {
    const std::array<bool, 3> given = {row.has_agent_id, row.has_date, row.has_hours};
    for (size_t idx = 0; idx < kRequiredFields.size(); ++idx) {
      if (!given[idx]) {
        return Reject(Error(line, FieldName(kRequiredFields[idx]), "required field is missing"),
                      line, text);
      }
    }
    TimesheetRecord& record = row.record;
    const auto [position, inserted] = index_.emplace(
        std::make_tuple(record.agent_id, record.campaign_id, record.day), out_.timesheets.size());
    if (inserted) {
      out_.timesheets.push_back(std::move(record));
    } else {
      out_.timesheets[position->second] = std::move(record);
    }
    return Status::Ok();
  }

 private:
  /// A date alone is that calendar date as written (read in UTC, so that a local midnight
  /// that does not exist in `tz` cannot move it); a timestamp is reduced to its local date.
  Result<int32_t> ParseDay(std::string_view text) const {
    const bool date_only = LooksLikeDate(text);
    const TimeZone& zone = date_only ? utc_ : tz_;
    auto ts = ParseTimestamp(text, zone);
    if (!ts.ok()) {
      return Status::InvalidInput(
          fmt::format("{} is not a valid date (YYYY-MM-DD) or timestamp", QuoteForMessage(text)));
    }
    return LocalDay(*ts, zone);
  }

  const TimeZone& tz_;
  const TimeZone utc_;
  std::map<std::tuple<std::string, std::string, int32_t>, size_t> index_;
};

}  // namespace

Result<ParsedTimesheets> ParseTimesheets(std::string_view data, const TimeZone& tz,
                                         const EventParseOptions& options) {
  TimesheetRowParser parser(tz, options);
  PAYBACK_RETURN_IF_ERROR(options.format == InputFormat::kCsv
                              ? ReadCsvRows(data, parser, std::span(kRequiredFields))
                              : ReadJsonlRows(data, parser));
  return std::move(parser.out());
}

}  // namespace payback
