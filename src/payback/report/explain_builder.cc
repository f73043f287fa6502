#include "payback/report/explain_builder.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "payback/attribution/user_attributor.h"
#include "payback/common/decimal.h"
#include "payback/common/money.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/report/report_builder.h"
#include "payback/report/report_render.h"

namespace payback {
namespace {

constexpr int kMoneyScale = 12;

class ExplainSink {
 public:
  ExplainSink(const EventStore& store, Explanation& out) : store_(store), out_(out) {}

  void OnConversion(const ConversionEvent& conversion, std::span<const Candidate> candidates,
                    std::span<const uint64_t> candidate_rows, std::span<const double> weights) {
    const EventColumns& events = store_.events;
    const Dictionaries& dictionaries = store_.dictionaries;
    ExplainedConversion explained;
    explained.ts = conversion.ts;
    explained.event = std::string(dictionaries.event_names.Get(events.event[conversion.row]));
    explained.value = conversion.value;
    for (size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
      const uint64_t row = candidate_rows[candidate_idx];
      ExplainedTouch touch;
      touch.ts = candidates[candidate_idx].ts;
      touch.event = std::string(dictionaries.event_names.Get(events.event[row]));
      touch.campaign_id =
          std::string(dictionaries.campaigns.Get(candidates[candidate_idx].campaign));
      touch.message_id = std::string(dictionaries.messages.Get(candidates[candidate_idx].message));
      touch.weight = weights[candidate_idx];
      if (conversion.value) {
        touch.revenue_pico = static_cast<__int128>(
            std::llroundl(static_cast<long double>(touch.weight) *
                          static_cast<long double>(*conversion.value) * 1e6L));
      }
      explained.candidates.push_back(std::move(touch));
    }
    out_.conversions.push_back(std::move(explained));
  }

 private:
  const EventStore& store_;
  Explanation& out_;
};

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
  UserAttributor attributor(rule);
  ExplainSink sink(store, explanation);
  attributor.Run(store, begin, end, from, to, sink);
  return explanation;
}

std::string RenderExplanationText(const Explanation& explanation) {
  Result<TimeZone> tz = TimeZone::Load(explanation.timezone);
  const TimeZone zone = tz.ok() ? *tz : TimeZone();
  std::string out = fmt::format("User {}: {} conversion(s) of {} (model {}, window {}s)\n",
                                explanation.user_id, explanation.conversions.size(),
                                explanation.conversion, explanation.model, explanation.window_s);
  if (explanation.filtered_out > 0) {
    out += fmt::format("({} {} event(s) left out by the definition's filter)\n",
                       explanation.filtered_out, explanation.conversion);
  }
  for (const ExplainedConversion& conversion : explanation.conversions) {
    std::string value = "no value";
    if (conversion.value) {
      value = FormatMoney(static_cast<__int128>(*conversion.value), 6, explanation.currency_digits,
                          true) +
              " " + explanation.currency;
    }
    out += fmt::format("\n{} {} ({})\n", FormatLocal(conversion.ts, zone), conversion.event, value);
    if (conversion.candidates.empty()) {
      out += "  unattributed: no candidate touch in the window\n";
      continue;
    }
    for (const ExplainedTouch& touch : conversion.candidates) {
      std::string credit = fmt::format("credit {:.4f}", RoundedConversions(touch.weight));
      if (touch.revenue_pico) {
        credit += "  revenue " +
                  FormatMoney(*touch.revenue_pico, kMoneyScale, explanation.currency_digits, true);
      }
      out += fmt::format("  {}  {:<24} campaign {}{}  {}\n", FormatLocal(touch.ts, zone),
                         touch.event, touch.campaign_id,
                         touch.message_id.empty() ? "" : " message " + touch.message_id, credit);
    }
  }
  return out;
}

std::string RenderExplanationJson(const Explanation& explanation) {
  using Json = nlohmann::ordered_json;
  Json root;
  root["user_id"] = explanation.user_id;
  root["conversion"] = explanation.conversion;
  root["model"] = explanation.model;
  root["window_s"] = explanation.window_s;
  root["currency"] = explanation.currency;
  root["filtered_out"] = explanation.filtered_out;
  Json conversions = Json::array();
  for (const ExplainedConversion& conversion : explanation.conversions) {
    Json json;
    json["ts"] = FormatUtc(conversion.ts);
    json["event"] = conversion.event;
    json["value"] = conversion.value ? Json(FormatMoney(static_cast<__int128>(*conversion.value), 6,
                                                        explanation.currency_digits))
                                     : Json(nullptr);
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
      candidates.push_back(std::move(candidate));
    }
    json["candidates"] = std::move(candidates);
    conversions.push_back(std::move(json));
  }
  root["conversions"] = std::move(conversions);
  return root.dump(2) + "\n";
}

}  // namespace payback
