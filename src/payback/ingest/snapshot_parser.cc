#include "payback/ingest/snapshot_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <span>
#include <utility>

#include "payback/common/money.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/ingest/tabular_rows.h"

namespace payback {
namespace {

enum class SnapshotField : uint8_t { kAccountId, kMonthEnd, kBalance, kProfit };

constexpr std::array<std::pair<std::string_view, SnapshotField>, 4> kFieldNames = {{
    {"account_id", SnapshotField::kAccountId},
    {"month_end", SnapshotField::kMonthEnd},
    {"balance", SnapshotField::kBalance},
    {"profit", SnapshotField::kProfit},
}};

constexpr std::array<SnapshotField, 4> kRequiredFields = {
    SnapshotField::kAccountId, SnapshotField::kMonthEnd, SnapshotField::kBalance,
    SnapshotField::kProfit};

std::optional<SnapshotField> FindField(std::string_view name) {
  for (const auto& [field_name, field] : kFieldNames) {
    if (field_name == name) return field;
  }
  return std::nullopt;
}

std::string_view FieldName(SnapshotField field) {
  return kFieldNames[static_cast<size_t>(field)].first;
}

/// One row while it is being read: which required fields it gave (a JSON object may leave
/// some out).
struct RowState {
  AccountSnapshot record;
  std::array<bool, kFieldNames.size()> given{};  ///< by SnapshotField; every field is required
};

/// The row parser of ReadCsvRows / ReadJsonlRows (tabular_rows.h) for snapshots.
class SnapshotRowParser : public TabularRowParser<SnapshotRowParser, ParsedSnapshots> {
 public:
  using Field = SnapshotField;
  using Row = RowState;

  explicit SnapshotRowParser(const EventParseOptions& options) : TabularRowParser(options) {}

  static std::optional<SnapshotField> FindField(std::string_view name) {
    return payback::FindField(name);
  }
  static std::string_view FieldName(SnapshotField field) { return payback::FieldName(field); }
  // A JSON number is read as its text: the account number 10045 is the id "10045".

  /// Sets one field of `row` from its text.
  Status Set(RowState& row, SnapshotField field, std::string_view raw, int64_t line) {
    const std::string_view text = TrimAscii(raw);
    const std::string_view name = FieldName(field);
    if (text.empty()) return Error(line, name, "required field is empty");
    switch (field) {
      case SnapshotField::kAccountId:
        row.record.account_id = std::string(text);
        break;
      case SnapshotField::kMonthEnd: {
        auto month = ParseMonthEnd(text);
        if (!month.ok()) return Error(line, name, month.status().message());
        row.record.month = *month;
        break;
      }
      case SnapshotField::kBalance:
      case SnapshotField::kProfit: {
        auto money = ParseMoney(text);
        if (!money.ok()) return Error(line, name, money.status().message());
        (field == SnapshotField::kBalance ? row.record.balance : row.record.profit) = *money;
        break;
      }
    }
    row.given[static_cast<size_t>(field)] = true;
    return Status::Ok();
  }

  /// Adds a complete row (the later of two rows with one identity wins), or rejects it.
  Status Finish(RowState row, int64_t line, std::string_view text) {
    for (const SnapshotField field : kRequiredFields) {
      if (!row.given[static_cast<size_t>(field)]) {
        return Reject(Error(line, FieldName(field), "required field is missing"), line, text);
      }
    }
    AccountSnapshot& record = row.record;
    const auto [position, inserted] =
        index_.emplace(std::make_pair(record.account_id, record.month), out_.snapshots.size());
    if (inserted) {
      out_.snapshots.push_back(std::move(record));
    } else {
      out_.snapshots[position->second] = std::move(record);
    }
    return Status::Ok();
  }

 private:
  std::map<std::pair<std::string, int32_t>, size_t> index_;
};

}  // namespace

Result<int32_t> ParseMonthEnd(std::string_view text) {
  const auto invalid = [text] {
    return Status::InvalidInput(
        fmt::format("{} is not a month end (YYYY-MM, or YYYY-MM-DD on the last day of the month)",
                    QuoteForMessage(text)));
  };
  const bool has_day = text.size() == 10 && text[7] == '-';
  const std::optional<int32_t> parsed = ParseMonth(text.substr(0, 7));
  if ((text.size() != 7 && !has_day) || !parsed) return invalid();
  const int32_t month = *parsed;
  if (!has_day) return month;
  const std::optional<int> day = IsAsciiDigit(text[8]) && IsAsciiDigit(text[9])
                                     ? std::optional<int>((text[8] - '0') * 10 + (text[9] - '0'))
                                     : std::nullopt;
  if (!day || *day < 1 || *day > 31) {
    return Status::InvalidInput(
        fmt::format("{} is not a valid date (YYYY-MM-DD)", QuoteForMessage(text)));
  }
  const int last_day = DaysInMonth(month);
  if (*day > last_day) {
    return Status::InvalidInput(fmt::format("{} is not a valid date: the month ends on {}-{:02}",
                                            QuoteForMessage(text), text.substr(0, 7), last_day));
  }
  if (*day != last_day) {
    return Status::InvalidInput(
        fmt::format("{} is not the last day of its month: expected {}-{:02}", QuoteForMessage(text),
                    text.substr(0, 7), last_day));
  }
  return month;
}

Result<ParsedSnapshots> ParseSnapshots(std::string_view data, const EventParseOptions& options) {
  SnapshotRowParser parser(options);
  PAYBACK_RETURN_IF_ERROR(options.format == InputFormat::kCsv
                              ? ReadCsvRows(data, parser, std::span(kRequiredFields))
                              : ReadJsonlRows(data, parser));
  return std::move(parser.out());
}

}  // namespace payback
