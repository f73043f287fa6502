#include "payback/ingest/campaign_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <span>

#include "payback/common/money.h"
#include "payback/common/text.h"
#include "payback/ingest/tabular_rows.h"

namespace payback {
namespace {

constexpr std::array<std::pair<std::string_view, CampaignField>, 15> kFieldNames = {{
    {"campaign_id", CampaignField::kCampaignId},
    {"name", CampaignField::kName},
    {"status", CampaignField::kStatus},
    {"created_by", CampaignField::kCreatedBy},
    {"labels", CampaignField::kLabels},
    {"journey_id", CampaignField::kJourneyId},
    {"channel", CampaignField::kChannel},
    {"delivery_type", CampaignField::kDeliveryType},
    {"kind", CampaignField::kKind},
    {"goal_type", CampaignField::kGoalType},
    {"expenses", CampaignField::kExpenses},
    {"promoted_products", CampaignField::kPromotedProducts},
    {"influence_days", CampaignField::kInfluenceDays},
    {"start", CampaignField::kStart},
    {"end", CampaignField::kEnd},
}};

constexpr std::array<std::string_view, 5> kStatuses = {"scheduled", "running", "stopped",
                                                       "completed", "awaiting_next_run"};
constexpr std::array<std::string_view, 3> kDeliveryTypes = {"on_publish", "recurring",
                                                            "specific_dates"};
constexpr std::array<std::string_view, 5> kKinds = {"broadcast", "experience", "journey", "dialer",
                                                    "web"};
constexpr std::array<std::string_view, 2> kGoalTypes = {"business", "assisting"};

/// "Awaiting Next Run" -> "awaiting_next_run".
std::string NormaliseWord(std::string_view text) {
  std::string out = ToLowerAscii(TrimAscii(text));
  for (char& c : out) {
    if (c == ' ' || c == '-') c = '_';
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  for (const std::string_view piece : SplitString(text, ';')) {
    const std::string_view item = TrimAscii(piece);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

/// The row parser of ReadCsvRows / ReadJsonlRows (tabular_rows.h) for campaigns.
class CampaignRowParser : public TabularRowParser<CampaignRowParser, ParsedCampaigns> {
 public:
  using Field = CampaignField;
  using Row = CampaignRecord;

  CampaignRowParser(const TimeZone& tz, const EventParseOptions& options)
      : TabularRowParser(options), tz_(tz) {}

  static std::optional<CampaignField> FindField(std::string_view name) {
    for (const auto& [field_name, field] : kFieldNames) {
      if (field_name == name) return field;
    }
    return std::nullopt;
  }
  static std::string_view FieldName(CampaignField field) {
    return kFieldNames[static_cast<size_t>(field)].first;
  }

  void NotePresent(CampaignField field) {
    if (std::find(out_.present_fields.begin(), out_.present_fields.end(), field) ==
        out_.present_fields.end()) {
      out_.present_fields.push_back(field);
    }
  }

  /// A JSON value: a string or number as its text; an array of strings for a list field
  /// (labels, promoted_products), joined with ';'.
  Status SetJson(CampaignRecord& record, CampaignField field, const JsonField& json, int64_t line) {
    std::string text(json.text);
    if (json.kind == JsonField::Kind::kOther && !json.text.empty() && json.text[0] == '[' &&
        (field == CampaignField::kLabels || field == CampaignField::kPromotedProducts)) {
      text.clear();
      std::string_view inner = json.text.substr(1, json.text.size() - 2);
      for (std::string_view piece : SplitString(inner, ',')) {
        piece = TrimAscii(piece);
        if (piece.size() >= 2 && piece.front() == '"') piece = piece.substr(1, piece.size() - 2);
        if (!text.empty()) text += ';';
        text += piece;
      }
    } else if (json.kind == JsonField::Kind::kOther || json.kind == JsonField::Kind::kBool) {
      return Error(line, json.key, "must be a string or a number");
    }
    return Set(record, field, text, line);
  }

  Status CheckEnum(int64_t line, std::string_view field, const std::string& value,
                   std::span<const std::string_view> allowed) const {
    if (value.empty()) return Status::Ok();
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return Status::Ok();
    std::vector<std::string> names(allowed.begin(), allowed.end());
    return Error(
        line, field,
        fmt::format("{} is not one of: {}", QuoteForMessage(value), JoinStrings(names, ", ")));
  }

  /// Sets one field of `record` from its text.
  Status Set(CampaignRecord& record, CampaignField field, std::string_view raw, int64_t line) {
    const std::string_view text = TrimAscii(raw);
    const std::string_view name = kFieldNames[static_cast<size_t>(field)].first;
    switch (field) {
      case CampaignField::kCampaignId:
        record.campaign_id = std::string(text);
        break;
      case CampaignField::kName:
        record.name = std::string(text);
        break;
      case CampaignField::kStatus:
        record.status = NormaliseWord(text);
        return CheckEnum(line, name, record.status, kStatuses);
      case CampaignField::kCreatedBy:
        record.created_by = std::string(text);
        break;
      case CampaignField::kLabels:
        record.labels = SplitList(text);
        break;
      case CampaignField::kJourneyId:
        record.journey_id = std::string(text);
        break;
      case CampaignField::kChannel:
        record.channel = NormaliseWord(text);
        break;
      case CampaignField::kDeliveryType:
        record.delivery_type = NormaliseWord(text);
        return CheckEnum(line, name, record.delivery_type, kDeliveryTypes);
      case CampaignField::kKind:
        record.kind = NormaliseWord(text);
        return CheckEnum(line, name, record.kind, kKinds);
      case CampaignField::kGoalType:
        record.goal_type = NormaliseWord(text);
        return CheckEnum(line, name, record.goal_type, kGoalTypes);
      case CampaignField::kExpenses: {
        if (text.empty()) {
          record.expenses.reset();
          break;
        }
        auto money = ParseMoney(text);
        if (!money.ok()) return Error(line, name, money.status().message());
        record.expenses = *money;
        break;
      }
      case CampaignField::kPromotedProducts:
        record.promoted_products = SplitList(text);
        break;
      case CampaignField::kInfluenceDays: {
        if (text.empty()) {
          record.influence_days.reset();
          break;
        }
        int64_t days = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
        if (error != std::errc() || end != text.data() + text.size() || days <= 0 ||
            days > kMaxInfluenceDays) {
          return Error(line, name,
                       fmt::format("{} is not a whole number of days from 1 to {}",
                                   QuoteForMessage(text), kMaxInfluenceDays));
        }
        record.influence_days = days;
        break;
      }
      case CampaignField::kStart:
      case CampaignField::kEnd: {
        std::optional<TimestampUs>& target =
            field == CampaignField::kStart ? record.start : record.end;
        if (text.empty()) {
          target.reset();
          break;
        }
        auto ts = ParseTimestamp(text, tz_);
        if (!ts.ok()) return Error(line, name, ts.status().message());
        target = *ts;
        break;
      }
    }
    return Status::Ok();
  }

  /// Adds a complete row, or rejects it.
  Status Finish(CampaignRecord record, int64_t line, std::string_view text) {
    if (record.campaign_id.empty()) {
      return Reject(Error(line, "campaign_id", "required field is empty"), line, text);
    }
    if (record.start && record.end && *record.end < *record.start) {
      return Reject(Error(line, "end", "the campaign ends before it starts"), line, text);
    }
    const auto [position, inserted] = index_.emplace(record.campaign_id, out_.campaigns.size());
    if (inserted) {
      out_.campaigns.push_back(std::move(record));
    } else {
      out_.campaigns[position->second] = std::move(record);
    }
    return Status::Ok();
  }

 private:
  const TimeZone& tz_;
  std::map<std::string, size_t> index_;
};

}  // namespace

Result<ParsedCampaigns> ParseCampaigns(std::string_view data, const TimeZone& tz,
                                       const EventParseOptions& options) {
  CampaignRowParser parser(tz, options);
  static constexpr CampaignField kRequired[] = {CampaignField::kCampaignId};
  PAYBACK_RETURN_IF_ERROR(options.format == InputFormat::kCsv
                              ? ReadCsvRows(data, parser, std::span(kRequired))
                              : ReadJsonlRows(data, parser));
  return std::move(parser.out());
}

void MergeCampaignFields(const CampaignRecord& source, const std::vector<CampaignField>& fields,
                         CampaignRecord& target) {
  for (const CampaignField field : fields) {
    switch (field) {
      case CampaignField::kCampaignId:
        target.campaign_id = source.campaign_id;
        break;
      case CampaignField::kName:
        target.name = source.name;
        break;
      case CampaignField::kStatus:
        target.status = source.status;
        break;
      case CampaignField::kCreatedBy:
        target.created_by = source.created_by;
        break;
      case CampaignField::kLabels:
        target.labels = source.labels;
        break;
      case CampaignField::kJourneyId:
        target.journey_id = source.journey_id;
        break;
      case CampaignField::kChannel:
        target.channel = source.channel;
        break;
      case CampaignField::kDeliveryType:
        target.delivery_type = source.delivery_type;
        break;
      case CampaignField::kKind:
        target.kind = source.kind;
        break;
      case CampaignField::kGoalType:
        target.goal_type = source.goal_type;
        break;
      case CampaignField::kExpenses:
        target.expenses = source.expenses;
        break;
      case CampaignField::kPromotedProducts:
        target.promoted_products = source.promoted_products;
        break;
      case CampaignField::kInfluenceDays:
        target.influence_days = source.influence_days;
        break;
      case CampaignField::kStart:
        target.start = source.start;
        break;
      case CampaignField::kEnd:
        target.end = source.end;
        break;
    }
  }
}

}  // namespace payback
