#include "payback/report/explain_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "payback/attribution/user_attributor.h"
#include "payback/common/assert.h"
#include "payback/common/decimal.h"
#include "payback/common/money.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/report/report_builder.h"
#include "payback/report/report_render.h"
#include "payback/settings/duration.h"
#include "payback/valuation/product_promotions.h"
#include "payback/valuation/snapshot_valuation.h"

namespace payback {
namespace {

constexpr int kMoneyScale = 12;
constexpr TimestampUs kNever = std::numeric_limits<TimestampUs>::max();

/// What the sink reads besides the attribution: the rule it replays, the catalog by campaign
/// code, the bank's promotions and snapshots (the report's own classes, so explain and the
/// report agree), and the user's rows [begin, end).
struct ExplainContext {
  const EventStore& store;
  const ConversionRule& rule;
  const std::vector<const CampaignRecord*>& metadata;  ///< by campaign code; nullptr = none
  const ProductPromotions& promotions;
  const SnapshotValuation& valuation;
  const TimeZone& tz;
  uint64_t begin = 0;
  uint64_t end = 0;
};

class ExplainSink {
 public:
  ExplainSink(const ExplainContext& context, Explanation& out) : context_(context), out_(out) {
    const EventStore& store = context_.store;
    product_key_ = FindPropertyKey(store, ProductPromotions::kProductProperty).value_or(kNoKey);
    account_key_ = FindPropertyKey(store, SnapshotValuation::kAccountProperty).value_or(kNoKey);
    // The first required event of each campaign: a touch's campaign has reached the user by a
    // conversion when it is at or before the conversion (rows are in time order).
    if (out_.direct || !context_.rule.has_requirement()) return;
    first_required_.assign(store.dictionaries.campaigns.size(), kNever);
    for (uint64_t row = context_.begin; row < context_.end; ++row) {
      const CampaignId campaign = store.events.campaign[row];
      if (campaign == kNoCampaign || !context_.rule.IsRequiredEvent(store.events.event[row])) {
        continue;
      }
      first_required_[campaign] = std::min(first_required_[campaign], store.events.ts[row]);
    }
  }

  void OnConversion(const ConversionEvent& conversion, std::span<const Candidate> candidates,
                    std::span<const uint64_t> candidate_rows, std::span<const double> weights) {
    const EventColumns& events = context_.store.events;
    const Dictionaries& dictionaries = context_.store.dictionaries;
    ExplainedConversion explained;
    explained.ts = conversion.ts;
    explained.event = std::string(dictionaries.event_names.Get(events.event[conversion.row]));
    explained.value = conversion.value;
    AddProperties(conversion, explained);
    const uint32_t product =
        context_.promotions.empty()
            ? ProductPromotions::kUnpromoted
            : context_.promotions.ProductAt(context_.store, conversion.row, scratch_);
    for (size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
      const uint64_t row = candidate_rows[candidate_idx];
      const CampaignId campaign = candidates[candidate_idx].campaign;
      ExplainedTouch touch;
      touch.ts = candidates[candidate_idx].ts;
      touch.event = std::string(dictionaries.event_names.Get(events.event[row]));
      touch.campaign_id = std::string(dictionaries.campaigns.Get(campaign));
      touch.message_id = std::string(dictionaries.messages.Get(candidates[candidate_idx].message));
      touch.weight = weights[candidate_idx];
      // The report's own credited amount, so that explain and report agree to the 1e-12.
      if (conversion.value) touch.revenue_pico = CreditedPico(touch.weight, *conversion.value);
      if (out_.direct) {
        touch.window_from = WindowSource::kNone;
      } else {
        touch.window_s = context_.rule.window_us(campaign) / kMicrosPerSecond;
        touch.window_from = SourceOf(campaign);
        touch.reached_at = ReachedAt(campaign, conversion.ts);
      }
      if (context_.promotions.PromotesAny(campaign)) {
        touch.sale = context_.promotions.Promotes(campaign, product) ? SaleType::kDirect
                                                                     : SaleType::kRelated;
      }
      explained.candidates.push_back(std::move(touch));
    }
    if (!out_.direct) AddExcluded(conversion.ts, candidate_rows, explained);
    out_.conversions.push_back(std::move(explained));
  }

 private:
  static constexpr uint32_t kNoKey = UINT32_MAX;

  WindowSource SourceOf(CampaignId campaign) const {
    const CampaignRecord* record =
        campaign < context_.metadata.size() ? context_.metadata[campaign] : nullptr;
    return record != nullptr && record->influence_days ? WindowSource::kCampaign
                                                       : WindowSource::kDefinition;
  }

  std::optional<TimestampUs> ReachedAt(CampaignId campaign, TimestampUs conversion_ts) const {
    if (first_required_.empty() || first_required_[campaign] > conversion_ts) return std::nullopt;
    return first_required_[campaign];
  }

  std::optional<std::string> TextAt(uint32_t key, uint64_t row) {
    if (key == kNoKey) return std::nullopt;
    const std::optional<std::string_view> text = PropertyTextAt(context_.store, key, row, scratch_);
    if (!text) return std::nullopt;
    return std::string(*text);
  }

  /// The bank's properties and, with snapshots, the valuation the report gives the conversion:
  /// its account's snapshot for the local month in which it happened.
  void AddProperties(const ConversionEvent& conversion, ExplainedConversion& explained) {
    explained.product = TextAt(product_key_, conversion.row);
    explained.account_id = TextAt(account_key_, conversion.row);
    if (context_.valuation.empty()) return;
    explained.snapshot_month = MonthOfDay(LocalDay(conversion.ts, context_.tz));
    const AccountSnapshot* snapshot =
        context_.valuation.At(context_.store, conversion.row, explained.snapshot_month, scratch_);
    if (snapshot == nullptr) return;
    explained.balance = snapshot->balance;
    explained.profit = snapshot->profit;
  }

  /// The user's touches in the longest window that the attributor did not make candidates,
  /// each with the first rule it fails in the attributor's order (window, then `requires`).
  void AddExcluded(TimestampUs conversion_ts, std::span<const uint64_t> candidate_rows,
                   ExplainedConversion& explained) const {
    const EventColumns& events = context_.store.events;
    const Dictionaries& dictionaries = context_.store.dictionaries;
    const ConversionRule& rule = context_.rule;
    const TimestampUs earliest = conversion_ts - rule.max_window_us();
    for (uint64_t row = context_.begin; row < context_.end; ++row) {
      const TimestampUs ts = events.ts[row];
      if (ts > conversion_ts) break;
      const CampaignId campaign = events.campaign[row];
      if (ts < earliest || campaign == kNoCampaign || !rule.IsTouchEvent(events.event[row])) {
        continue;
      }
      if (std::find(candidate_rows.begin(), candidate_rows.end(), row) != candidate_rows.end()) {
        continue;
      }
      ExcludedTouch touch;
      touch.ts = ts;
      touch.event = std::string(dictionaries.event_names.Get(events.event[row]));
      touch.campaign_id = std::string(dictionaries.campaigns.Get(campaign));
      touch.message_id = std::string(dictionaries.messages.Get(events.message[row]));
      touch.window_s = rule.window_us(campaign) / kMicrosPerSecond;
      touch.window_from = SourceOf(campaign);
      touch.reached_at = ReachedAt(campaign, conversion_ts);
      if (ts < conversion_ts - rule.window_us(campaign)) {
        touch.reason = touch.window_from == WindowSource::kCampaign
                           ? ExclusionReason::kOutsideInfluencePeriod
                           : ExclusionReason::kOutsideDefinitionWindow;
      } else {
        // Inside its window and not a candidate: only `requires` leaves a touch out there.
        PAYBACK_ASSERT(rule.has_requirement() && !touch.reached_at);
        touch.reason = ExclusionReason::kNotReached;
      }
      explained.excluded.push_back(std::move(touch));
    }
  }

  const ExplainContext& context_;
  Explanation& out_;
  uint32_t product_key_ = kNoKey;
  uint32_t account_key_ = kNoKey;
  std::vector<TimestampUs> first_required_;  ///< per campaign code; empty without `requires`
  std::string scratch_;
};

std::string_view WindowSourceName(WindowSource source) {
  switch (source) {
    case WindowSource::kCampaign:
      return "campaign influence_days";
    case WindowSource::kDefinition:
      return "definition";
    case WindowSource::kNone:
      break;
  }
  return "";
}

std::string_view SaleName(SaleType sale) {
  switch (sale) {
    case SaleType::kDirect:
      return "direct";
    case SaleType::kRelated:
      return "related";
    case SaleType::kNone:
      break;
  }
  return "";
}

std::string ReasonText(const ExcludedTouch& touch, const Explanation& explanation) {
  switch (touch.reason) {
    case ExclusionReason::kOutsideInfluencePeriod:
      return fmt::format("outside the campaign's {}-day influence period", touch.window_s / 86400);
    case ExclusionReason::kOutsideDefinitionWindow:
      return "outside the definition's window";
    case ExclusionReason::kNotReached:
      break;
  }
  return fmt::format("campaign never reached the user by then (requires {})",
                     explanation.requires_event);
}

std::string MessageSuffix(const std::string& message_id) {
  return message_id.empty() ? "" : " message " + message_id;
}

}  // namespace

Result<Explanation> BuildExplanation(const ExplainRequest& request, const ReportInputs& inputs,
                                     const Settings& settings) {
  const EventStore& store = inputs.store;
  PAYBACK_ASSIGN_OR_RETURN(const ConversionDefinition* definition,
                           FindConversion(settings, request.conversion));
  const EventAliases aliases(settings.aliases);
  PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(settings.timezone));
  PAYBACK_ASSIGN_OR_RETURN(
      ConversionRule rule,
      ConversionRule::Resolve(*definition, request.model, store, inputs.campaigns, aliases, tz));
  const uint32_t user = store.dictionaries.users.Find(request.user_id);
  if (user == StringDictionary::kMissing) {
    return Status::NotFound(fmt::format("no events for user {}", QuoteForMessage(request.user_id)));
  }
  Explanation explanation;
  explanation.user_id = request.user_id;
  explanation.conversion = definition->name;
  explanation.model = std::string(rule.model().name());
  explanation.window_s = definition->window_s;
  explanation.timezone = settings.timezone;
  explanation.currency = settings.currency;
  explanation.currency_digits = CurrencyMinorDigits(settings.currency);
  explanation.has_revenue = rule.has_value();
  explanation.touch = definition->touch;
  explanation.requires_event = definition->requires_event;
  explanation.campaign_windows = rule.has_campaign_windows();
  explanation.direct = rule.model().IsDirect();
  // A bank workspace as the report has it (docs/bank.md).
  explanation.has_snapshots = !inputs.snapshots.empty();
  explanation.bank =
      explanation.has_snapshots ||
      std::any_of(inputs.campaigns.begin(), inputs.campaigns.end(),
                  [](const CampaignRecord& r) { return !r.promoted_products.empty(); });

  // Campaign metadata by store code, as the report builds it.
  const StringDictionary& campaign_ids = store.dictionaries.campaigns;
  std::map<std::string_view, const CampaignRecord*> by_id;
  for (const CampaignRecord& record : inputs.campaigns) by_id[record.campaign_id] = &record;
  std::vector<const CampaignRecord*> metadata(campaign_ids.size(), nullptr);
  for (uint32_t code = 0; code < campaign_ids.size(); ++code) {
    const auto found = by_id.find(campaign_ids.Get(code));
    if (found != by_id.end()) metadata[code] = found->second;
  }
  const ProductPromotions promotions(metadata, store);
  const SnapshotValuation valuation(inputs.snapshots, store);

  const uint64_t begin = store.user_starts[user];
  const uint64_t end = store.user_starts[user + 1];
  const TimestampUs from = request.from.value_or(std::numeric_limits<TimestampUs>::min());
  const TimestampUs to = request.to.value_or(std::numeric_limits<TimestampUs>::max());
  for (uint64_t row = begin; row < end; ++row) {
    const TimestampUs ts = store.events.ts[row];
    if (ts >= from && ts < to && rule.IsConversionEvent(store.events.event[row]) &&
        !rule.PassesFilter(store, row)) {
      ++explanation.filtered_out;
    }
  }
  const ExplainContext context{store, rule, metadata, promotions, valuation, tz, begin, end};
  UserAttributor attributor(rule);
  ExplainSink sink(context, explanation);
  attributor.Run(store, begin, end, from, to, sink);
  return explanation;
}

std::string RenderExplanationText(const Explanation& explanation) {
  Result<TimeZone> tz = TimeZone::Load(explanation.timezone);
  const TimeZone zone = tz.ok() ? *tz : TimeZone();
  std::string out = fmt::format("User {}: {} conversion(s) of {} (model {}, window {}s)\n",
                                explanation.user_id, explanation.conversions.size(),
                                explanation.conversion, explanation.model, explanation.window_s);
  if (explanation.direct) {
    out += fmt::format(
        "Rule: model {}: the conversion names its own campaign, no touch is "
        "looked up\n",
        explanation.model);
  } else {
    out += fmt::format(
        "Rule: touch {}{}, model {}, window {}{}\n", explanation.touch,
        explanation.requires_event.empty() ? "" : ", requires " + explanation.requires_event,
        explanation.model, FormatDuration(explanation.window_s),
        explanation.campaign_windows ? " (a campaign's influence_days replaces it for its touches)"
                                     : "");
  }
  if (explanation.filtered_out > 0) {
    out += fmt::format("({} {} event(s) left out by the definition's filter)\n",
                       explanation.filtered_out, explanation.conversion);
  }
  auto money = [&](Micros amount) {
    return FormatMoney(static_cast<__int128>(amount), 6, explanation.currency_digits, true) + " " +
           explanation.currency;
  };
  for (const ExplainedConversion& conversion : explanation.conversions) {
    std::string value = "no value";
    if (conversion.value) {
      value = FormatMoney(static_cast<__int128>(*conversion.value), 6, explanation.currency_digits,
                          true) +
              " " + explanation.currency;
    }
    out += fmt::format("\n{} {} ({})\n", FormatLocal(conversion.ts, zone), conversion.event, value);
    std::vector<std::string> properties;
    if (conversion.product) properties.push_back("product " + *conversion.product);
    if (conversion.account_id) properties.push_back("account " + *conversion.account_id);
    if (explanation.has_snapshots) {
      const std::string month = FormatMonth(conversion.snapshot_month);
      if (conversion.balance) {
        properties.push_back(fmt::format("{} snapshot: balance {}, profit {}", month,
                                         money(*conversion.balance), money(*conversion.profit)));
      } else if (conversion.account_id) {
        properties.push_back(fmt::format("no snapshot for {}", month));
      } else {
        properties.push_back("no account_id, no snapshot");
      }
    }
    if (!properties.empty()) out += "  " + JoinStrings(properties, "; ") + "\n";
    if (conversion.candidates.empty()) {
      out += "  unattributed: no candidate touch in the window\n";
    }
    for (const ExplainedTouch& touch : conversion.candidates) {
      std::string credit = fmt::format("credit {:.4f}", RoundedConversions(touch.weight));
      if (touch.revenue_pico) {
        credit += "  revenue " +
                  FormatMoney(*touch.revenue_pico, kMoneyScale, explanation.currency_digits, true);
      }
      out += fmt::format("  {}  {:<24} campaign {}{}  {}\n", FormatLocal(touch.ts, zone),
                         touch.event, touch.campaign_id, MessageSuffix(touch.message_id), credit);
      std::vector<std::string> rule;
      if (touch.window_s) {
        rule.push_back(fmt::format("window {} ({})", FormatDuration(*touch.window_s),
                                   WindowSourceName(touch.window_from)));
      } else {
        rule.push_back("no window: the conversion names its campaign");
      }
      if (touch.reached_at) {
        rule.push_back(fmt::format("reached {}", FormatLocal(*touch.reached_at, zone)));
      }
      if (explanation.bank) {
        rule.push_back(touch.sale == SaleType::kNone
                           ? std::string("the campaign promotes no product")
                           : fmt::format("{} sale", SaleName(touch.sale)));
      }
      out += "    " + JoinStrings(rule, ", ") + "\n";
    }
    for (const ExcludedTouch& touch : conversion.excluded) {
      out += fmt::format("  left out: {}  {} campaign {}{}: {}\n", FormatLocal(touch.ts, zone),
                         touch.event, touch.campaign_id, MessageSuffix(touch.message_id),
                         ReasonText(touch, explanation));
    }
  }
  return out;
}

std::string RenderExplanationJson(const Explanation& explanation) {
  using Json = nlohmann::ordered_json;
  auto timestamp = [](const std::optional<TimestampUs>& ts) {
    return ts ? Json(FormatUtc(*ts)) : Json(nullptr);
  };
  auto text = [](const std::optional<std::string>& value) {
    return value ? Json(*value) : Json(nullptr);
  };
  auto money = [&](const std::optional<Micros>& amount) {
    return amount
               ? Json(FormatMoney(static_cast<__int128>(*amount), 6, explanation.currency_digits))
               : Json(nullptr);
  };
  const bool requires_event = !explanation.requires_event.empty();
  Json root;
  root["user_id"] = explanation.user_id;
  root["conversion"] = explanation.conversion;
  root["model"] = explanation.model;
  root["window_s"] = explanation.window_s;
  root["touch"] = explanation.touch;
  root["requires"] = requires_event ? Json(explanation.requires_event) : Json(nullptr);
  root["currency"] = explanation.currency;
  root["filtered_out"] = explanation.filtered_out;
  Json conversions = Json::array();
  for (const ExplainedConversion& conversion : explanation.conversions) {
    Json json;
    json["ts"] = FormatUtc(conversion.ts);
    json["event"] = conversion.event;
    json["value"] = money(conversion.value);
    // Bank workspaces always show the product, account and valuation (null when unknown);
    // others show a product or account only when the event has one.
    if (explanation.bank || conversion.product) json["product"] = text(conversion.product);
    if (explanation.bank || conversion.account_id) {
      json["account_id"] = text(conversion.account_id);
    }
    if (explanation.bank) {
      json["snapshot_month"] =
          explanation.has_snapshots ? Json(FormatMonth(conversion.snapshot_month)) : Json(nullptr);
      json["balance"] = money(conversion.balance);
      json["profit"] = money(conversion.profit);
      json["valuation"] =
          explanation.has_snapshots && !conversion.balance ? Json("no snapshot") : Json(nullptr);
    }
    json["attributed"] = !conversion.candidates.empty();
    Json candidates = Json::array();
    for (const ExplainedTouch& touch : conversion.candidates) {
      Json candidate;
      candidate["ts"] = FormatUtc(touch.ts);
      candidate["event"] = touch.event;
      candidate["campaign_id"] = touch.campaign_id;
      candidate["message_id"] = touch.message_id.empty() ? Json(nullptr) : Json(touch.message_id);
      candidate["weight"] = RoundedConversions(touch.weight);
      candidate["revenue"] =
          touch.revenue_pico
              ? Json(FormatMoney(*touch.revenue_pico, kMoneyScale, explanation.currency_digits))
              : Json(nullptr);
      candidate["window_s"] = touch.window_s ? Json(*touch.window_s) : Json(nullptr);
      candidate["window_from"] = touch.window_from == WindowSource::kNone
                                     ? Json(nullptr)
                                     : Json(WindowSourceName(touch.window_from));
      if (requires_event) candidate["reached_at"] = timestamp(touch.reached_at);
      if (explanation.bank) {
        candidate["sale"] =
            touch.sale == SaleType::kNone ? Json(nullptr) : Json(SaleName(touch.sale));
      }
      candidates.push_back(std::move(candidate));
    }
    json["candidates"] = std::move(candidates);
    Json excluded = Json::array();
    for (const ExcludedTouch& touch : conversion.excluded) {
      Json left_out;
      left_out["ts"] = FormatUtc(touch.ts);
      left_out["event"] = touch.event;
      left_out["campaign_id"] = touch.campaign_id;
      left_out["message_id"] = touch.message_id.empty() ? Json(nullptr) : Json(touch.message_id);
      left_out["window_s"] = touch.window_s;
      left_out["window_from"] = WindowSourceName(touch.window_from);
      if (requires_event) left_out["reached_at"] = timestamp(touch.reached_at);
      left_out["reason"] = ReasonText(touch, explanation);
      excluded.push_back(std::move(left_out));
    }
    json["excluded"] = std::move(excluded);
    conversions.push_back(std::move(json));
  }
  root["conversions"] = std::move(conversions);
  return root.dump(2) + "\n";
}

}  // namespace payback
