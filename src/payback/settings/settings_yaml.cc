#include "payback/settings/settings_yaml.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "payback/common/decimal.h"
#include "payback/common/money.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/settings/cost_names.h"
#include "payback/settings/duration.h"
#include "payback/settings/where_predicate.h"

namespace payback {

namespace {

constexpr std::string_view kCustomPositionModel = "custom_position";

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t col = 0; col <= b.size(); ++col) row[col] = col;
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    size_t diagonal = row[0];
    row[0] = a_idx;
    for (size_t b_idx = 1; b_idx <= b.size(); ++b_idx) {
      const size_t above = row[b_idx];
      const size_t substitution = diagonal + (a[a_idx - 1] == b[b_idx - 1] ? 0 : 1);
      row[b_idx] = std::min({above + 1, row[b_idx - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "unknown key 'windw' (did you mean 'window'?)", the suggestion only when one is close.
std::string UnknownKeyMessage(std::string_view key, std::span<const std::string_view> known) {
  const std::string lower = AsciiLower(key);
  std::string_view best;
  size_t best_distance = 3;  // suggest only within two edits
  for (const std::string_view candidate : known) {
    const size_t distance = EditDistance(lower, candidate);
    if (distance < best_distance && distance * 2 < candidate.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  std::string message = fmt::format("unknown key '{}'", key);
  if (!best.empty()) message += fmt::format(" (did you mean '{}'?)", best);
  message += fmt::format("; expected one of: {}", fmt::join(known, ", "));
  return message;
}

std::string UnknownKeyMessage(std::string_view key, std::initializer_list<std::string_view> known) {
  return UnknownKeyMessage(key, std::span<const std::string_view>(known.begin(), known.size()));
}

/// The instant of a validated `from` text ("" = the beginning of time), read as UTC: two
/// spellings of one instant compare equal (the zone shifts every date alike).
TimestampUs FromInstant(const std::string& from) {
  if (from.empty()) return std::numeric_limits<TimestampUs>::min();
  return *ParseTimestamp(from, TimeZone());
}

// The key path of an alias: `aliases["Email Opened"]`.
std::string AliasField(std::string_view name) {
  std::string field = "aliases[\"";
  for (const char c : name) {
    if (c == '"' || c == '\\') field.push_back('\\');
    field.push_back(c);
  }
  field += "\"]";
  return field;
}

const char* NodeTypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "nothing";
    case YAML::NodeType::Scalar:
      break;
  }
  return "a string";
}

// Validates one settings document. Every check returns the first error it finds; callers
// return it at once, so the first error in document order is the one reported.
class SettingsReader {
 public:
  explicit SettingsReader(std::string_view file_name) : file_name_(file_name) {}

  Result<Settings> Read(std::string_view yaml_text);

 private:
  // One `key: value` entry of a map, with the key path of the value.
  struct Entry {
    YAML::Node key;
    YAML::Node value;
    std::string field;
  };

  static int64_t LineOf(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 ? mark.line + 1 : 0;
  }

  // The line of an entry's value; an empty value's mark points at the next token, so the
  // key's line is used for it instead.
  static int64_t LineOf(const Entry& entry) {
    return entry.value.IsNull() ? LineOf(entry.key) : LineOf(entry.value);
  }

  Status Error(int64_t line, std::string field, std::string message, int64_t column = 0) const {
    ErrorLocation location;
    location.file = std::string(file_name_);
    location.line = line;
    location.field = std::move(field);
    location.column = column;
    return Status::InvalidInput(std::move(message), std::move(location));
  }

  // The entries of a map in document order; refuses non-string and repeated keys.
  Result<std::vector<Entry>> Entries(const YAML::Node& map, std::string_view prefix) const;
  Result<std::string> String(const Entry& entry, bool allow_empty) const;
  Result<int64_t> Duration(const Entry& entry) const;
  Result<double> Weight(const Entry& entry) const;
  Result<Micros> Money(const Entry& entry) const;
  /// For a list of maps (`maps`: what each holds, `{name, formula}`, for messages): null is an
  /// empty list; anything but a list, or an item that is not a map, is refused; else
  /// `visit(node, field, entries)` per item, in order, stopping at its first error.
  template <typename Visit>
  Status ForEachListedMap(const Entry& entry, std::string_view maps, Visit visit) const;
  /// A date or timestamp (checked as if in UTC: the engine reads it in the workspace zone).
  Result<std::string> From(const Entry& entry) const;
  /// A fraction written `0.1` or `10%`, in millionths, within [0, max_ppm].
  Result<int64_t> Fraction(const Entry& entry, int64_t max_ppm) const;
  Result<std::vector<FixedConversionValue>> ReadFixedValues(const Entry& entry) const;
  Status ReadCosts(const Entry& entry, Settings* settings) const;
  Result<CostLine> ReadCost(const YAML::Node& node, const std::string& field) const;
  Status ReadTargets(const Entry& entry, Settings* settings) const;

  Status ReadAliases(const Entry& entry, Settings* settings) const;
  Status ReadConversions(const Entry& entry, Settings* settings) const;
  Result<ConversionDefinition> ReadConversion(const YAML::Node& node, const std::string& field,
                                              const Settings& settings) const;
  Result<std::array<double, 3>> ReadWeights(const Entry& entry) const;
  Status ReadCustomMetrics(const Entry& entry, Settings* settings) const;

  std::string_view file_name_;
};

Result<std::vector<SettingsReader::Entry>> SettingsReader::Entries(const YAML::Node& map,
                                                                   std::string_view prefix) const {
  std::vector<Entry> entries;
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      return Error(LineOf(key), std::string(prefix), "keys must be plain strings");
    }
    std::string field = prefix.empty() ? key.Scalar() : fmt::format("{}.{}", prefix, key.Scalar());
    if (!seen.insert(key.Scalar()).second) {
      return Error(LineOf(key), std::move(field), fmt::format("duplicate key '{}'", key.Scalar()));
    }
    entries.push_back(Entry{key, it->second, std::move(field)});
  }
  return entries;
}

Result<std::string> SettingsReader::String(const Entry& entry, bool allow_empty) const {
  if (!entry.value.IsScalar()) {
    if (entry.value.IsNull() && allow_empty) return std::string();
    return Error(LineOf(entry), entry.field,
                 fmt::format("expected a string, found {}", NodeTypeName(entry.value)));
  }
  if (entry.value.Scalar().empty() && !allow_empty) {
    return Error(LineOf(entry), entry.field, "must not be empty");
  }
  return entry.value.Scalar();
}

Result<int64_t> SettingsReader::Duration(const Entry& entry) const {
  PAYBACK_ASSIGN_OR_RETURN(const std::string text, String(entry, /*allow_empty=*/false));
  Result<int64_t> seconds = ParseDurationSeconds(text);
  if (!seconds.ok()) {
    const Status& status = seconds.status();
    return Error(LineOf(entry), entry.field, status.message(), status.location().column);
  }
  return *seconds;
}

Result<double> SettingsReader::Weight(const Entry& entry) const {
  PAYBACK_ASSIGN_OR_RETURN(const std::string text, String(entry, /*allow_empty=*/false));
  double weight = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, weight);
  if (ec != std::errc() || ptr != end || !std::isfinite(weight)) {
    return Error(LineOf(entry), entry.field, fmt::format("\"{}\" is not a number", text));
  }
  if (weight < 0) return Error(LineOf(entry), entry.field, "must not be negative");
  return weight;
}

template <typename Visit>
Status SettingsReader::ForEachListedMap(const Entry& entry, std::string_view maps,
                                        Visit visit) const {
  if (entry.value.IsNull()) return Status::Ok();
  if (!entry.value.IsSequence()) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("expected a list of {}, found {}", maps, NodeTypeName(entry.value)));
  }
  for (size_t idx = 0; idx < entry.value.size(); ++idx) {
    const YAML::Node node = entry.value[idx];
    const std::string field = fmt::format("{}[{}]", entry.field, idx);
    if (!node.IsMap()) {
      return Error(LineOf(node), field,
                   fmt::format("expected a map {}, found {}", maps, NodeTypeName(node)));
    }
    PAYBACK_ASSIGN_OR_RETURN(const std::vector<Entry> entries, Entries(node, field));
    PAYBACK_RETURN_IF_ERROR(visit(node, field, entries));
  }
  return Status::Ok();
}

Result<Micros> SettingsReader::Money(const Entry& entry) const {
  PAYBACK_ASSIGN_OR_RETURN(const std::string text, String(entry, /*allow_empty=*/false));
  Result<Micros> amount = ParseMoney(text);
  if (!amount.ok()) return Error(LineOf(entry), entry.field, amount.status().message());
  if (*amount < 0) return Error(LineOf(entry), entry.field, "must not be negative");
  return *amount;
}

Result<std::string> SettingsReader::From(const Entry& entry) const {
  PAYBACK_ASSIGN_OR_RETURN(std::string text, String(entry, /*allow_empty=*/false));
  if (!ParseTimestamp(text, TimeZone()).ok()) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("\"{}\" is not a date (YYYY-MM-DD) or timestamp", text));
  }
  return text;
}

Result<int64_t> SettingsReader::Fraction(const Entry& entry, int64_t max_ppm) const {
  PAYBACK_ASSIGN_OR_RETURN(std::string text, String(entry, /*allow_empty=*/false));
  const bool percent = !text.empty() && text.back() == '%';
  const std::string_view number =
      percent ? std::string_view(text).substr(0, text.size() - 1) : std::string_view(text);
  // At most 6 decimals of the fraction (4 of a percentage), written out: nothing is rounded.
  const size_t point = number.find('.');
  const size_t decimals = point == std::string_view::npos ? 0 : number.size() - point - 1;
  const bool plain = number.find_first_of("eE") == std::string_view::npos;
  const std::optional<int64_t> micros = ParseFixed6(number);
  if (!micros || !plain || decimals > (percent ? 4u : 6u)) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("\"{}\" is not a fraction (0.1) or a percentage (10%) with at most "
                             "6 decimals of the fraction",
                             text));
  }
  const int64_t ppm = percent ? *micros / 100 : *micros;
  if (ppm < 0) return Error(LineOf(entry), entry.field, "must not be negative");
  if (ppm > max_ppm) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("\"{}\" is out of range (0 to {}%)", text, max_ppm / 10'000));
  }
  return ppm;
}

Result<std::vector<FixedConversionValue>> SettingsReader::ReadFixedValues(
    const Entry& entry) const {
  std::vector<FixedConversionValue> values;
  if (entry.value.IsScalar()) {
    FixedConversionValue value;
    PAYBACK_ASSIGN_OR_RETURN(value.amount, Money(entry));
    values.push_back(std::move(value));
    return values;
  }
  if (entry.value.IsSequence() && entry.value.size() == 0) {
    return Error(LineOf(entry), entry.field, "must not be an empty list");
  }
  if (!entry.value.IsSequence()) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("expected an amount or a list of {{amount, campaign, from}}, "
                             "found {}",
                             NodeTypeName(entry.value)));
  }
  PAYBACK_RETURN_IF_ERROR(ForEachListedMap(
      entry, "{amount, campaign, from}",
      [&](const YAML::Node& node, const std::string& field,
          const std::vector<Entry>& entries) -> Status {
        FixedConversionValue value;
        bool has_amount = false;
        for (const Entry& value_entry : entries) {
          const std::string& key = value_entry.key.Scalar();
          if (key == "amount") {
            PAYBACK_ASSIGN_OR_RETURN(value.amount, Money(value_entry));
            has_amount = true;
          } else if (key == "campaign") {
            PAYBACK_ASSIGN_OR_RETURN(value.campaign, String(value_entry, /*allow_empty=*/false));
          } else if (key == "from") {
            PAYBACK_ASSIGN_OR_RETURN(value.from, From(value_entry));
          } else {
            return Error(LineOf(value_entry.key), value_entry.field,
                         UnknownKeyMessage(key, {"amount", "campaign", "from"}));
          }
        }
        if (!has_amount)
          return Error(LineOf(node), field + ".amount", "missing required key 'amount'");
        for (const FixedConversionValue& earlier : values) {
          if (earlier.campaign == value.campaign &&
              FromInstant(earlier.from) == FromInstant(value.from)) {
            return Error(LineOf(node), field,
                         "another value has the same campaign and from: which one applies?");
          }
        }
        values.push_back(std::move(value));
        return Status::Ok();
      }));
  return values;
}

Result<CostLine> SettingsReader::ReadCost(const YAML::Node& node, const std::string& field) const {
  if (!node.IsMap()) {
    return Error(
        LineOf(node), field,
        fmt::format("expected a map with type, amount, ..., found {}", NodeTypeName(node)));
  }
  PAYBACK_ASSIGN_OR_RETURN(const std::vector<Entry> entries, Entries(node, field));
  CostLine line;
  const Entry* type_entry = nullptr;
  for (const Entry& entry : entries) {
    if (entry.key.Scalar() != "type") continue;
    PAYBACK_ASSIGN_OR_RETURN(const std::string type, String(entry, /*allow_empty=*/false));
    const std::optional<CostLineType> parsed = ParseCostLineType(type);
    if (!parsed) {
      return Error(LineOf(entry), entry.field,
                   fmt::format("unknown cost line type \"{}\"; expected one of: message, "
                               "carrier_fee, platform_fee, call, agent_hour, commission",
                               type));
    }
    line.type = *parsed;
    type_entry = &entry;
  }
  if (type_entry == nullptr)
    return Error(LineOf(node), field + ".type", "missing required key 'type'");
  const bool messaging =
      line.type == CostLineType::kMessage || line.type == CostLineType::kCarrierFee;
  const bool commission = line.type == CostLineType::kCommission;
  const bool platform_fee = line.type == CostLineType::kPlatformFee;
  const Entry* amount_entry = nullptr;
  const Entry* share_entry = nullptr;
  bool has_period = false;
  for (const Entry& entry : entries) {
    const std::string& key = entry.key.Scalar();
    // The keys each type accepts, for the message of an unknown or misplaced key.
    std::vector<std::string_view> known = {"type", "amount", "from"};
    if (!platform_fee) known.push_back("campaign");
    if (messaging) known.insert(known.end(), {"channel", "direction"});
    if (platform_fee) known.push_back("period");
    if (commission) known.insert(known.end(), {"share", "conversion"});
    const bool accepted = std::find(known.begin(), known.end(), key) != known.end();
    if (!accepted) {
      const bool known_elsewhere = key == "campaign" || key == "channel" || key == "direction" ||
                                   key == "period" || key == "share" || key == "conversion";
      if (known_elsewhere) {
        return Error(LineOf(entry.key), entry.field,
                     fmt::format("a cost line of type {} has no '{}' (it takes: {})",
                                 CostLineTypeName(line.type), key, fmt::join(known, ", ")));
      }
      return Error(LineOf(entry.key), entry.field, UnknownKeyMessage(key, known));
    }
    if (key == "type") continue;
    if (key == "amount") {
      PAYBACK_ASSIGN_OR_RETURN(line.amount, Money(entry));
      amount_entry = &entry;
    } else if (key == "share") {
      PAYBACK_ASSIGN_OR_RETURN(line.share_ppm, Fraction(entry, 1'000'000));
      share_entry = &entry;
    } else if (key == "from") {
      PAYBACK_ASSIGN_OR_RETURN(line.from, From(entry));
    } else if (key == "campaign") {
      PAYBACK_ASSIGN_OR_RETURN(line.campaign, String(entry, /*allow_empty=*/false));
    } else if (key == "channel") {
      PAYBACK_ASSIGN_OR_RETURN(line.channel, String(entry, /*allow_empty=*/false));
    } else if (key == "conversion") {
      PAYBACK_ASSIGN_OR_RETURN(line.conversion, String(entry, /*allow_empty=*/false));
    } else if (key == "direction") {
      PAYBACK_ASSIGN_OR_RETURN(const std::string direction, String(entry, false));
      const std::optional<MessageDirection> parsed = ParseMessageDirection(direction);
      if (!parsed) {
        return Error(LineOf(entry), entry.field,
                     fmt::format("\"{}\" is not a direction (outbound or inbound)", direction));
      }
      line.direction = *parsed;
    } else if (key == "period") {
      PAYBACK_ASSIGN_OR_RETURN(const std::string period, String(entry, false));
      const std::optional<FeePeriod> parsed = ParseFeePeriod(period);
      if (!parsed) {
        return Error(LineOf(entry), entry.field,
                     fmt::format("\"{}\" is not a fee period (month, quarter or year)", period));
      }
      line.period = *parsed;
      has_period = true;
    }
  }
  if (commission) {
    if ((amount_entry == nullptr) == (share_entry == nullptr)) {
      return Error(LineOf(node), field,
                   "a commission is either a flat amount per sale (amount) or a share of the "
                   "sale's revenue (share), one of the two");
    }
  } else if (amount_entry == nullptr) {
    return Error(LineOf(node), field + ".amount", "missing required key 'amount'");
  }
  if (platform_fee && !has_period) {
    return Error(LineOf(node), field + ".period",
                 "missing required key 'period' (month, quarter or year)");
  }
  return line;
}

Status SettingsReader::ReadCosts(const Entry& entry, Settings* settings) const {
  if (entry.value.IsNull()) return Status::Ok();
  if (!entry.value.IsSequence()) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("expected a list of cost lines, found {}", NodeTypeName(entry.value)));
  }
  for (size_t idx = 0; idx < entry.value.size(); ++idx) {
    const std::string field = fmt::format("{}[{}]", entry.field, idx);
    PAYBACK_ASSIGN_OR_RETURN(CostLine line, ReadCost(entry.value[idx], field));
    for (const CostLine& earlier : settings->costs) {
      const bool same_scope = earlier.type == line.type && earlier.campaign == line.campaign &&
                              earlier.channel == line.channel &&
                              earlier.direction == line.direction &&
                              earlier.conversion == line.conversion &&
                              FromInstant(earlier.from) == FromInstant(line.from);
      if (same_scope) {
        return Error(LineOf(entry.value[idx]), field,
                     "another cost line of this type has the same scope and from: which one "
                     "applies? (give it another from, or remove one)");
      }
    }
    settings->costs.push_back(std::move(line));
  }
  return Status::Ok();
}

Status SettingsReader::ReadTargets(const Entry& entry, Settings* settings) const {
  return ForEachListedMap(
      entry, "{campaign, month, revenue, roi}",
      [&](const YAML::Node& node, const std::string& field,
          const std::vector<Entry>& entries) -> Status {
        Target target;
        bool has_month = false;
        for (const Entry& target_entry : entries) {
          const std::string& key = target_entry.key.Scalar();
          if (key == "campaign") {
            PAYBACK_ASSIGN_OR_RETURN(target.campaign, String(target_entry, /*allow_empty=*/false));
          } else if (key == "month") {
            PAYBACK_ASSIGN_OR_RETURN(target.month, String(target_entry, /*allow_empty=*/false));
            if (!ParseMonth(target.month)) {
              return Error(LineOf(target_entry), target_entry.field,
                           fmt::format("\"{}\" is not a month (YYYY-MM)", target.month));
            }
            has_month = true;
          } else if (key == "revenue") {
            PAYBACK_ASSIGN_OR_RETURN(target.revenue, Money(target_entry));
          } else if (key == "roi") {
            PAYBACK_ASSIGN_OR_RETURN(const int64_t ppm,
                                     Fraction(target_entry, std::numeric_limits<int64_t>::max()));
            target.roi = static_cast<double>(ppm) / 1e6;
          } else {
            return Error(LineOf(target_entry.key), target_entry.field,
                         UnknownKeyMessage(key, {"campaign", "month", "revenue", "roi"}));
          }
        }
        if (!has_month)
          return Error(LineOf(node), field + ".month", "missing required key 'month'");
        if (!target.revenue && !target.roi) {
          return Error(LineOf(node), field, "a target needs a revenue or an roi goal (or both)");
        }
        for (const Target& earlier : settings->targets) {
          if (earlier.campaign == target.campaign && earlier.month == target.month) {
            return Error(LineOf(node), field,
                         fmt::format("a target for {} in {} is already set above",
                                     target.campaign.empty() ? "the workspace" : target.campaign,
                                     target.month));
          }
        }
        settings->targets.push_back(std::move(target));
        return Status::Ok();
      });
}

Status SettingsReader::ReadAliases(const Entry& entry, Settings* settings) const {
  if (entry.value.IsNull()) return Status::Ok();
  if (!entry.value.IsMap()) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("expected a map of event name -> canonical name, found {}",
                             NodeTypeName(entry.value)));
  }
  std::set<std::string> seen;
  for (auto it = entry.value.begin(); it != entry.value.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar() || key.Scalar().empty()) {
      return Error(LineOf(key), entry.field, "alias names must be non-empty strings");
    }
    const Entry alias{key, it->second, AliasField(key.Scalar())};
    if (!seen.insert(key.Scalar()).second) {
      return Error(LineOf(key), alias.field, fmt::format("duplicate alias '{}'", key.Scalar()));
    }
    PAYBACK_ASSIGN_OR_RETURN(std::string target, String(alias, /*allow_empty=*/false));
    settings->aliases.emplace_back(key.Scalar(), std::move(target));
  }
  return Status::Ok();
}

Result<std::array<double, 3>> SettingsReader::ReadWeights(const Entry& entry) const {
  if (!entry.value.IsMap()) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("expected a map {{first: ..., middle: ..., last: ...}}, found {}",
                             NodeTypeName(entry.value)));
  }
  PAYBACK_ASSIGN_OR_RETURN(const std::vector<Entry> entries, Entries(entry.value, entry.field));
  std::array<double, 3> weights{};
  std::array<bool, 3> present{};
  static constexpr std::array<std::string_view, 3> kNames = {"first", "middle", "last"};
  for (const Entry& weight_entry : entries) {
    const auto found = std::find(kNames.begin(), kNames.end(), weight_entry.key.Scalar());
    if (found == kNames.end()) {
      return Error(LineOf(weight_entry.key), weight_entry.field,
                   UnknownKeyMessage(weight_entry.key.Scalar(), {"first", "middle", "last"}));
    }
    const auto slot = static_cast<size_t>(found - kNames.begin());
    PAYBACK_ASSIGN_OR_RETURN(weights[slot], Weight(weight_entry));
    present[slot] = true;
  }
  for (size_t slot = 0; slot < kNames.size(); ++slot) {
    if (!present[slot]) {
      return Error(LineOf(entry), fmt::format("{}.{}", entry.field, kNames[slot]),
                   fmt::format("missing required key '{}'", kNames[slot]));
    }
  }
  if (!(weights[0] + weights[1] + weights[2] > 0)) {
    return Error(LineOf(entry), entry.field, "the weights must not all be zero");
  }
  return weights;
}

Result<ConversionDefinition> SettingsReader::ReadConversion(const YAML::Node& node,
                                                            const std::string& field,
                                                            const Settings& settings) const {
  if (!node.IsMap()) {
    return Error(LineOf(node), field,
                 fmt::format("expected a map with name, event, ..., found {}", NodeTypeName(node)));
  }
  PAYBACK_ASSIGN_OR_RETURN(const std::vector<Entry> entries, Entries(node, field));
  ConversionDefinition conversion;
  const Entry* name_entry = nullptr;
  const Entry* event_entry = nullptr;
  const Entry* model_entry = nullptr;
  const Entry* weights_entry = nullptr;
  const Entry* value_entry = nullptr;
  const Entry* fixed_value_entry = nullptr;
  for (const Entry& entry : entries) {
    const std::string& key = entry.key.Scalar();
    if (key == "name") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.name, String(entry, /*allow_empty=*/false));
      const std::string lower = AsciiLower(conversion.name);
      for (const ConversionDefinition& earlier : settings.conversions) {
        if (AsciiLower(earlier.name) == lower) {
          return Error(LineOf(entry), entry.field,
                       fmt::format("duplicate conversion name '{}' (names are compared "
                                   "ignoring case)",
                                   conversion.name));
        }
      }
      name_entry = &entry;
    } else if (key == "event") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.event, String(entry, /*allow_empty=*/false));
      event_entry = &entry;
    } else if (key == "where") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.where, String(entry, /*allow_empty=*/true));
      if (!conversion.where.empty()) {
        Result<WherePredicate> predicate = WherePredicate::Parse(conversion.where);
        if (!predicate.ok()) {
          const Status& status = predicate.status();
          return Error(LineOf(entry), entry.field, status.message(), status.location().column);
        }
      }
    } else if (key == "window") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.window_s, Duration(entry));
    } else if (key == "value") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.value, String(entry, /*allow_empty=*/true));
      value_entry = &entry;
    } else if (key == "value_per_conversion") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.fixed_values, ReadFixedValues(entry));
      fixed_value_entry = &entry;
    } else if (key == "touch") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.touch, String(entry, /*allow_empty=*/false));
    } else if (key == "requires") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.requires_event, String(entry, /*allow_empty=*/true));
    } else if (key == "model") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.model, String(entry, /*allow_empty=*/false));
      const std::string& model = conversion.model;
      const bool lower_identifier =
          model.front() >= 'a' && model.front() <= 'z' &&
          std::all_of(model.begin(), model.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
          });
      if (!lower_identifier) {
        return Error(LineOf(entry), entry.field,
                     fmt::format("\"{}\" is not a model name (lower-case letters, digits and _, "
                                 "e.g. last_touch)",
                                 model));
      }
      model_entry = &entry;
    } else if (key == "half_life") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.half_life_s, Duration(entry));
    } else if (key == "weights") {
      PAYBACK_ASSIGN_OR_RETURN(conversion.position_weights, ReadWeights(entry));
      weights_entry = &entry;
    } else {
      return Error(LineOf(entry.key), entry.field,
                   UnknownKeyMessage(
                       key, {"name", "event", "where", "window", "value", "value_per_conversion",
                             "touch", "requires", "model", "half_life", "weights"}));
    }
  }
  if (name_entry == nullptr) {
    return Error(LineOf(node), field + ".name", "missing required key 'name'");
  }
  if (event_entry == nullptr) {
    return Error(LineOf(node), field + ".event", "missing required key 'event'");
  }
  if (fixed_value_entry != nullptr && value_entry != nullptr && !conversion.value.empty()) {
    return Error(LineOf(fixed_value_entry->key), fixed_value_entry->field,
                 "a conversion is valued either by a property (value) or by a fixed amount "
                 "(value_per_conversion), not both");
  }
  const bool custom_position = conversion.model == kCustomPositionModel;
  if (custom_position && weights_entry == nullptr) {
    return Error(LineOf(*model_entry), field + ".weights",
                 "model custom_position needs weights: {first: ..., middle: ..., last: ...}");
  }
  if (!custom_position && weights_entry != nullptr) {
    return Error(
        LineOf(weights_entry->key), weights_entry->field,
        fmt::format("weights are only used by model custom_position, not {}", conversion.model));
  }
  return conversion;
}

Status SettingsReader::ReadConversions(const Entry& entry, Settings* settings) const {
  if (entry.value.IsNull()) return Status::Ok();
  if (!entry.value.IsSequence()) {
    return Error(LineOf(entry), entry.field,
                 fmt::format("expected a list of conversion definitions, found {}",
                             NodeTypeName(entry.value)));
  }
  for (size_t idx = 0; idx < entry.value.size(); ++idx) {
    PAYBACK_ASSIGN_OR_RETURN(
        ConversionDefinition conversion,
        ReadConversion(entry.value[idx], fmt::format("{}[{}]", entry.field, idx), *settings));
    settings->conversions.push_back(std::move(conversion));
  }
  return Status::Ok();
}

Status SettingsReader::ReadCustomMetrics(const Entry& entry, Settings* settings) const {
  return ForEachListedMap(
      entry, "{name, formula}",
      [&](const YAML::Node& node, const std::string& field,
          const std::vector<Entry>& entries) -> Status {
        CustomMetricDefinition metric;
        bool has_name = false;
        bool has_formula = false;
        for (const Entry& metric_entry : entries) {
          const std::string& key = metric_entry.key.Scalar();
          if (key == "name") {
            PAYBACK_ASSIGN_OR_RETURN(metric.name, String(metric_entry, /*allow_empty=*/false));
            const std::string lower = AsciiLower(metric.name);
            for (const CustomMetricDefinition& earlier : settings->custom_metrics) {
              if (AsciiLower(earlier.name) == lower) {
                return Error(LineOf(metric_entry), metric_entry.field,
                             fmt::format("duplicate custom metric name '{}' (names are compared "
                                         "ignoring case)",
                                         metric.name));
              }
            }
            has_name = true;
          } else if (key == "formula") {
            PAYBACK_ASSIGN_OR_RETURN(metric.formula, String(metric_entry, /*allow_empty=*/false));
            has_formula = true;
          } else {
            return Error(LineOf(metric_entry.key), metric_entry.field,
                         UnknownKeyMessage(key, {"name", "formula"}));
          }
        }
        if (!has_name) return Error(LineOf(node), field + ".name", "missing required key 'name'");
        if (!has_formula) {
          return Error(LineOf(node), field + ".formula", "missing required key 'formula'");
        }
        settings->custom_metrics.push_back(std::move(metric));
        return Status::Ok();
      });
}

Result<Settings> SettingsReader::Read(std::string_view yaml_text) {
  const std::vector<YAML::Node> documents = YAML::LoadAll(std::string(yaml_text));
  Settings settings;
  if (documents.size() > 1) {
    return Error(LineOf(documents[1]), "", "expected a single YAML document, found several");
  }
  if (documents.empty() || documents[0].IsNull()) return settings;
  const YAML::Node& root = documents[0];
  if (!root.IsMap()) {
    return Error(LineOf(root), "",
                 fmt::format("expected a map of settings (timezone, currency, aliases, "
                             "conversions, custom_metrics, costs, targets), found {}",
                             NodeTypeName(root)));
  }
  PAYBACK_ASSIGN_OR_RETURN(const std::vector<Entry> entries, Entries(root, ""));
  for (const Entry& entry : entries) {
    const std::string& key = entry.key.Scalar();
    if (key == "timezone") {
      PAYBACK_ASSIGN_OR_RETURN(settings.timezone, String(entry, /*allow_empty=*/false));
    } else if (key == "currency") {
      PAYBACK_ASSIGN_OR_RETURN(settings.currency, String(entry, /*allow_empty=*/false));
    } else if (key == "aliases") {
      PAYBACK_RETURN_IF_ERROR(ReadAliases(entry, &settings));
    } else if (key == "conversions") {
      PAYBACK_RETURN_IF_ERROR(ReadConversions(entry, &settings));
    } else if (key == "custom_metrics") {
      PAYBACK_RETURN_IF_ERROR(ReadCustomMetrics(entry, &settings));
    } else if (key == "costs") {
      PAYBACK_RETURN_IF_ERROR(ReadCosts(entry, &settings));
    } else if (key == "targets") {
      PAYBACK_RETURN_IF_ERROR(ReadTargets(entry, &settings));
    } else {
      return Error(LineOf(entry.key), entry.field,
                   UnknownKeyMessage(key, {"timezone", "currency", "aliases", "conversions",
                                           "custom_metrics", "costs", "targets"}));
    }
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------
// Writing.

// Whether `text` reads back as the same string when written as a plain (unquoted) YAML scalar
// in block context. Deliberately conservative: anything unusual is quoted.
bool IsPlainSafe(std::string_view text) {
  if (text.empty() || text.back() == ' ') return false;
  const char first = text.front();
  const bool first_ok = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') ||
                        (first >= '0' && first <= '9') || first == '_' || first == '$';
  if (!first_ok) return false;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '$' || c == ' ' || c == '.' || c == '/' || c == '(' ||
                    c == ')' || c == '+' || c == '-';
    if (!ok) return false;
  }
  // Plain words that YAML reads as null rather than as text.
  const std::string lower = AsciiLower(text);
  return lower != "null";
}

void AppendScalar(std::string_view text, std::string* out) {
  if (IsPlainSafe(text)) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (size_t idx = 0; idx < text.size(); ++idx) {
    const char c = text[idx];
    const auto byte = static_cast<unsigned char>(c);
    const std::string_view rest = text.substr(idx);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (byte < 0x20 || byte == 0x7F) {
      fmt::format_to(std::back_inserter(*out), "\\x{:02X}", byte);
    } else if (rest.starts_with("\xC2\x85") || rest.starts_with("\xE2\x80\xA8") ||
               rest.starts_with("\xE2\x80\xA9") || rest.starts_with("\xEF\xBB\xBF")) {
      // Unicode line breaks and the byte-order mark: escaped, since a reader may fold or drop
      // them when they appear raw.
      const uint32_t code_point = byte == 0xC2   ? 0x85
                                  : byte == 0xEF ? 0xFEFF
                                                 : (rest[2] == '\xA8' ? 0x2028 : 0x2029);
      fmt::format_to(std::back_inserter(*out), "\\u{:04X}", code_point);
      idx += byte == 0xC2 ? 1 : 2;
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendKeyValue(std::string_view indent, std::string_view key, std::string_view value,
                    std::string* out) {
  out->append(indent);
  out->append(key);
  out->append(": ");
  AppendScalar(value, out);
  out->push_back('\n');
}

}  // namespace

Result<Settings> ParseSettingsYaml(std::string_view yaml_text, std::string_view file_name) {
  // yaml-cpp reports syntax errors (and a few others) by throwing; they stop here.
  try {
    SettingsReader reader(file_name);
    return reader.Read(yaml_text);
  } catch (const YAML::Exception& error) {
    ErrorLocation location;
    location.file = std::string(file_name);
    location.line = error.mark.line >= 0 ? error.mark.line + 1 : 0;
    location.column = error.mark.column >= 0 ? error.mark.column + 1 : 0;
    return Status::InvalidInput(fmt::format("invalid YAML: {}", error.msg), std::move(location));
  }
}

std::string SettingsToYaml(const Settings& settings) {
  std::string out;
  AppendKeyValue("", "timezone", settings.timezone, &out);
  AppendKeyValue("", "currency", settings.currency, &out);
  if (!settings.aliases.empty()) {
    out.append("aliases:\n");
    for (const auto& [name, canonical] : settings.aliases) {
      out.append("  ");
      AppendScalar(name, &out);
      out.append(": ");
      AppendScalar(canonical, &out);
      out.push_back('\n');
    }
  }
  if (!settings.conversions.empty()) {
    out.append("conversions:\n");
    for (const ConversionDefinition& conversion : settings.conversions) {
      AppendKeyValue("  - ", "name", conversion.name, &out);
      AppendKeyValue("    ", "event", conversion.event, &out);
      AppendKeyValue("    ", "where", conversion.where, &out);
      AppendKeyValue("    ", "window", FormatDuration(conversion.window_s), &out);
      if (conversion.fixed_values.empty()) {
        AppendKeyValue("    ", "value", conversion.value, &out);
      } else {
        out.append("    value_per_conversion:\n");
        for (const FixedConversionValue& value : conversion.fixed_values) {
          AppendKeyValue("      - ", "amount", FormatFixed6(value.amount), &out);
          if (!value.campaign.empty()) AppendKeyValue("        ", "campaign", value.campaign, &out);
          if (!value.from.empty()) AppendKeyValue("        ", "from", value.from, &out);
        }
      }
      AppendKeyValue("    ", "touch", conversion.touch, &out);
      if (!conversion.requires_event.empty()) {
        AppendKeyValue("    ", "requires", conversion.requires_event, &out);
      }
      AppendKeyValue("    ", "model", conversion.model, &out);
      AppendKeyValue("    ", "half_life", FormatDuration(conversion.half_life_s), &out);
      if (conversion.position_weights.has_value()) {
        const std::array<double, 3>& weights = *conversion.position_weights;
        // fmt's "{}" is the shortest text that reads back to the same double.
        fmt::format_to(std::back_inserter(out),
                       "    weights: {{first: {}, middle: {}, last: {}}}\n", weights[0], weights[1],
                       weights[2]);
      }
    }
  }
  if (!settings.custom_metrics.empty()) {
    out.append("custom_metrics:\n");
    for (const CustomMetricDefinition& metric : settings.custom_metrics) {
      AppendKeyValue("  - ", "name", metric.name, &out);
      AppendKeyValue("    ", "formula", metric.formula, &out);
    }
  }
  if (!settings.costs.empty()) {
    out.append("costs:\n");
    for (const CostLine& line : settings.costs) {
      AppendKeyValue("  - ", "type", CostLineTypeName(line.type), &out);
      if (line.share_ppm) {
        AppendKeyValue("    ", "share", FormatFixed6(*line.share_ppm), &out);
      } else {
        AppendKeyValue("    ", "amount", FormatFixed6(line.amount), &out);
      }
      if (line.type == CostLineType::kMessage || line.type == CostLineType::kCarrierFee) {
        AppendKeyValue("    ", "direction", MessageDirectionName(line.direction), &out);
        if (!line.channel.empty()) AppendKeyValue("    ", "channel", line.channel, &out);
      }
      if (line.type == CostLineType::kPlatformFee) {
        AppendKeyValue("    ", "period", FeePeriodName(line.period), &out);
      }
      if (!line.campaign.empty()) AppendKeyValue("    ", "campaign", line.campaign, &out);
      if (!line.conversion.empty()) AppendKeyValue("    ", "conversion", line.conversion, &out);
      if (!line.from.empty()) AppendKeyValue("    ", "from", line.from, &out);
    }
  }
  if (!settings.targets.empty()) {
    out.append("targets:\n");
    for (const Target& target : settings.targets) {
      AppendKeyValue("  - ", "month", target.month, &out);
      if (!target.campaign.empty()) AppendKeyValue("    ", "campaign", target.campaign, &out);
      if (target.revenue) AppendKeyValue("    ", "revenue", FormatFixed6(*target.revenue), &out);
      // A parsed roi holds whole millionths, which six decimals write back exactly.
      if (target.roi) {
        AppendKeyValue("    ", "roi", FormatFixed6(std::llround(*target.roi * 1e6)), &out);
      }
    }
  }
  return out;
}

}  // namespace payback
