#include "payback/report/report_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>

#include "payback/attribution/user_attributor.h"
#include "payback/common/assert.h"
#include "payback/common/money.h"
#include "payback/common/parallel.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/cost/campaign_expenses.h"
#include "payback/cost/commission_schedule.h"
#include "payback/cost/event_costs.h"
#include "payback/cost/labor_cost.h"
#include "payback/cost/platform_fee.h"
#include "payback/report/custom_metric_set.h"
#include "payback/report/day_cube.h"
#include "payback/report/formula_aggregates.h"
#include "payback/report/local_days.h"
#include "payback/report/report_scan_cache.h"
#include "payback/report/roi_metrics.h"
#include "payback/valuation/product_promotions.h"
#include "payback/valuation/snapshot_valuation.h"

namespace payback {
namespace {

/// A (campaign, message) pair of one user: the identity of a message (metrics.md, "Words").
using MessageKey = uint64_t;
MessageKey MakeMessageKey(CampaignId campaign, MessageId message) {
  return (static_cast<uint64_t>(campaign) << 32) | message;
}
CampaignId KeyCampaign(uint64_t key) { return static_cast<CampaignId>(key >> 32); }
CampaignId SameCampaign(uint64_t key) { return static_cast<CampaignId>(key); }

/// One thread's part of a scan: what ReportScan holds, before the merge.
struct ScanPart {
  ScanPart(uint32_t campaigns, uint32_t days, bool charges_events, SelectionFacts selection_facts)
      : cube(campaigns, days, charges_events), facts(std::move(selection_facts)) {}

  DayCube cube;
  SelectionFacts facts;
};

/// The per-user scratch and the attribution sink: walks each user's events in time order and
/// records them by campaign and day (DayCube) and for the selection tiles (SelectionFacts).
class UserScan {
 public:
  UserScan(const EventStore& store, const ConversionRule& rule,
           const std::vector<Engagement>& engagements, const EventCosts& event_costs,
           const CommissionSchedule& commission, const ProductPromotions& promotions,
           const SnapshotValuation& valuation, TimestampUs from, TimestampUs to, const TimeZone& tz,
           const LocalDays& days, ScanPart& out)
      : store_(store),
        rule_(rule),
        engagements_(engagements),
        event_costs_(event_costs),
        commission_(commission),
        promotions_(promotions),
        valuation_(valuation),
        from_(from),
        to_(to),
        tz_(tz),
        days_(days),
        out_(out),
        attributor_(rule) {}

  void ScanUser(uint64_t begin, uint64_t end) {
    const EventColumns& events = store_.events;
    DayCube& cube = out_.cube;
    delivered_.clear();
    viewed_.clear();
    clicked_.clear();
    credited_messages_.clear();
    credited_campaigns_.clear();
    const bool charges_events = !event_costs_.empty();
    for (uint64_t row = begin; row < end; ++row) {
      const CampaignId campaign = events.campaign[row];
      const TimestampUs ts = events.ts[row];
      if (ts < from_ || ts >= to_) continue;
      const uint32_t day = days_.IndexOf(ts);
      if (campaign == kNoCampaign) {
        if (charges_events) event_costs_.Charge(store_, row, cube.WorkspaceCostAt(day));
        continue;
      }
      DayCube::Engagements& counts = cube.EngagementsAt(campaign, day);
      ++counts.events;
      if (charges_events) event_costs_.Charge(store_, row, cube.EventCostAt(campaign, day));
      switch (engagements_[events.event[row]]) {
        case Engagement::kNone:
          break;
        case Engagement::kSent:
          ++counts.sent;
          break;
        case Engagement::kDelivered:
          ++counts.delivered;
          delivered_.push_back(KeyDay{MakeMessageKey(campaign, events.message[row]), day});
          break;
        case Engagement::kViewed:
          ++counts.viewed;
          viewed_.push_back(KeyDay{campaign, day});
          break;
        case Engagement::kClicked:
          ++counts.clicked;
          clicked_.push_back(KeyDay{MakeMessageKey(campaign, events.message[row]), day});
          break;
      }
    }
    attributor_.Run(store_, begin, end, from_, to_, *this);

    // The distinct sets: each message, and each user of a campaign, once a day with the day it
    // occurred before (DistinctByDay).
    SortUnique(delivered_);
    cube.distinct(DayCube::Distinct::kDeliveredMessages).AddEntities(delivered_, KeyCampaign);
    reached_.clear();
    for (const KeyDay& message : delivered_) {
      reached_.push_back(KeyDay{KeyCampaign(message.key), message.day});
    }
    SortUnique(reached_);
    cube.distinct(DayCube::Distinct::kReachedUsers).AddEntities(reached_, SameCampaign);
    SortUnique(viewed_);
    cube.distinct(DayCube::Distinct::kOpenedUsers).AddEntities(viewed_, SameCampaign);
    SortUnique(clicked_);
    cube.distinct(DayCube::Distinct::kClickedMessages).AddEntities(clicked_, KeyCampaign);
    SortUnique(credited_messages_);
    cube.distinct(DayCube::Distinct::kConvertedMessages)
        .AddEntities(credited_messages_, KeyCampaign);
    SortUnique(credited_campaigns_);
    cube.distinct(DayCube::Distinct::kUniqueConversions)
        .AddEntities(credited_campaigns_, SameCampaign);
    out_.facts.AddUser(reached_, viewed_, credited_campaigns_);
  }

  /// The attribution sink (see UserAttributor).
  void OnConversion(const ConversionEvent& conversion, std::span<const Candidate> candidates,
                    std::span<const uint64_t> /*candidate_rows*/, std::span<const double> weights) {
    DayCube& cube = out_.cube;
    const uint32_t day = days_.IndexOf(conversion.ts);
    if (candidates.empty()) {
      cube.AddUnattributed(day);
      return;
    }
    // Bank: the product's promotion status per campaign and the account's month-end snapshot.
    const uint32_t product = promotions_.empty()
                                 ? ProductPromotions::kUnpromoted
                                 : promotions_.ProductAt(store_, conversion.row, scratch_);
    // The local day serves the tiles' revenue by day and the month of the account's snapshot:
    // a conversion with no value in a workspace without snapshots needs no time-zone look-up.
    const int32_t local_day = days_.by_day() ? days_.DayAt(day)
                              : conversion.value || !valuation_.empty()
                                  ? LocalDay(conversion.ts, tz_)
                                  : 0;
    const AccountSnapshot* snapshot =
        valuation_.empty() ? nullptr
                           : valuation_.At(store_, conversion.row, MonthOfDay(local_day), scratch_);
    credits_.clear();
    for (size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
      const double weight = weights[candidate_idx];
      if (weight <= 0) continue;
      const Candidate& candidate = candidates[candidate_idx];
      DayCube::Credits& sums = cube.CreditsAt(candidate.campaign, day);
      ++sums.count;
      SelectionFacts::Credit& credit = credits_.emplace_back();
      credit.campaign = candidate.campaign;
      credit.weight = weight;
      const __int128 weight_fixed = DayCube::WeightFixed(weight);
      sums.conversions_weight += weight_fixed;
      credit.revenue_pico = conversion.value ? CreditedPico(weight, *conversion.value) : 0;
      sums.revenue_pico += credit.revenue_pico;
      credit.commission_pico =
          commission_.CreditPico(candidate.campaign, conversion.ts, weight, credit.revenue_pico);
      sums.commission_pico += credit.commission_pico;
      credit.promotes_any = promotions_.PromotesAny(candidate.campaign);
      credit.direct = credit.promotes_any && promotions_.Promotes(candidate.campaign, product);
      if (credit.promotes_any) {
        (credit.direct ? sums.direct_weight : sums.related_weight) += weight_fixed;
      }
      if (snapshot != nullptr) {
        credit.balance_pico = CreditedPico(weight, snapshot->balance);
        credit.profit_pico = CreditedPico(weight, snapshot->profit);
        sums.balance_pico += credit.balance_pico;
        sums.profit_pico += credit.profit_pico;
      } else if (!valuation_.empty()) {
        sums.unvalued_weight += weight_fixed;
      }
      credited_messages_.push_back(
          KeyDay{MakeMessageKey(candidate.campaign, candidate.message), day});
      credited_campaigns_.push_back(KeyDay{candidate.campaign, day});
    }
    out_.facts.AddConversion(credits_, conversion.value, local_day, day, snapshot);
  }

 private:
  const EventStore& store_;
  const ConversionRule& rule_;
  const std::vector<Engagement>& engagements_;
  const EventCosts& event_costs_;
  const CommissionSchedule& commission_;
  const ProductPromotions& promotions_;
  const SnapshotValuation& valuation_;
  const TimestampUs from_;
  const TimestampUs to_;
  TimeZone tz_;  ///< this scan's own copy (a TimeZone caches look-ups)
  const LocalDays& days_;
  ScanPart& out_;
  UserAttributor attributor_;
  std::vector<KeyDay> delivered_;  ///< (message, day)
  std::vector<KeyDay> viewed_;     ///< (campaign, day)
  std::vector<KeyDay> clicked_;    ///< (message, day)
  std::string scratch_;            ///< a numeric product or account id as text
  std::vector<KeyDay> credited_messages_;
  std::vector<KeyDay> credited_campaigns_;
  std::vector<KeyDay> reached_;                  ///< the user's distinct (campaign, day) reached
  std::vector<SelectionFacts::Credit> credits_;  ///< the conversion's
};

void AddInto(MetricValues& into, const MetricValues& from) {
  into.sent += from.sent;
  into.delivered += from.delivered;
  into.viewed += from.viewed;
  into.clicked += from.clicked;
  into.delivered_messages += from.delivered_messages;
  into.clicked_messages += from.clicked_messages;
  into.conversions += from.conversions;
  into.unique_conversions += from.unique_conversions;
  into.converted_messages += from.converted_messages;
  into.revenue_pico += from.revenue_pico;
  into.cost.Add(from.cost);
  into.reached_users += from.reached_users;
  into.opened_users += from.opened_users;
  into.direct_conversions += from.direct_conversions;
  into.related_conversions += from.related_conversions;
  into.balance_pico += from.balance_pico;
  into.profit_pico += from.profit_pico;
  into.unvalued_conversions += from.unvalued_conversions;
}

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool PassesFilter(const CampaignFilter& filter, std::string_view campaign_id,
                  const CampaignRecord* record) {
  static const CampaignRecord kEmpty;
  const CampaignRecord& metadata = record != nullptr ? *record : kEmpty;
  if (!filter.campaign_ids.empty() && !Contains(filter.campaign_ids, campaign_id)) return false;
  if (!filter.channels.empty() && !Contains(filter.channels, metadata.channel)) return false;
  if (!filter.created_by.empty() && !Contains(filter.created_by, metadata.created_by)) return false;
  if (!filter.statuses.empty() && !Contains(filter.statuses, metadata.status)) return false;
  if (!filter.delivery_types.empty() && !Contains(filter.delivery_types, metadata.delivery_type)) {
    return false;
  }
  if (!filter.labels.empty()) {
    const bool any =
        std::any_of(metadata.labels.begin(), metadata.labels.end(),
                    [&](const std::string& label) { return Contains(filter.labels, label); });
    if (!any) return false;
  }
  return true;
}

std::optional<double> MoneyKey(std::optional<__int128> pico) {
  if (!pico) return std::nullopt;
  return static_cast<double>(*pico);
}

/// Direct or related sales of a row that splits its sales, else null.
std::optional<double> SalesKey(const MetricValues& metrics, double sales) {
  if (!metrics.splits_sales) return std::nullopt;
  return sales;
}

/// A sort key of a row: a number (nullopt sorts last) or a text.
struct SortKey {
  std::optional<double> number;
  std::string_view text;
  bool is_text = false;
};

using SortKeyGetter = SortKey (*)(const CampaignRow&, MoneyPresence);
using SortKeyFunction = std::function<SortKey(const CampaignRow&)>;

/// Every column a report can be sorted by, in the order --help lists them.
const std::vector<std::pair<std::string, SortKeyGetter>>& SortKeyGetters() {
  static const std::vector<std::pair<std::string, SortKeyGetter>> kGetters = {
      {"campaign_id",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{{}, row.campaign_id, true};
       }},
      {"name",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{{}, row.name, true};
       }},
      {"status",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{{}, row.status, true};
       }},
      {"created_by",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{{}, row.created_by, true};
       }},
      {"channel",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{{}, row.channel, true};
       }},
      {"sent",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.sent), {}, false};
       }},
      {"delivered",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.delivered), {}, false};
       }},
      {"viewed",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.viewed), {}, false};
       }},
      {"clicked",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.clicked), {}, false};
       }},
      {"delivered_messages",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.delivered_messages), {}, false};
       }},
      {"clicked_messages",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.clicked_messages), {}, false};
       }},
      {"ctr",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{row.metrics.ctr(), {}, false};
       }},
      {"conversions",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{row.metrics.conversions, {}, false};
       }},
      {"unique_conversions",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.unique_conversions), {}, false};
       }},
      {"converted_messages",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.converted_messages), {}, false};
       }},
      {"conversion_rate",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{row.metrics.conversion_rate(), {}, false};
       }},
      {"revenue",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{static_cast<double>(row.metrics.revenue_pico), {}, false};
       }},
      {"cost",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{MoneyKey(CostPico(row.metrics, presence)), {}, false};
       }},
      {"net_return",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{MoneyKey(NetReturnPico(row.metrics, presence)), {}, false};
       }},
      {"roi",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{Roi(row.metrics, presence), {}, false};
       }},
      {"roas",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{Roas(row.metrics, presence), {}, false};
       }},
      {"cpa",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{MoneyKey(CpaPico(row.metrics, presence)), {}, false};
       }},
      {"aov",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{MoneyKey(AovPico(row.metrics, presence)), {}, false};
       }},
      {"reached_users",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.reached_users), {}, false};
       }},
      {"opened_users",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{double(row.metrics.opened_users), {}, false};
       }},
      {"open_rate",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{row.metrics.open_rate(), {}, false};
       }},
      {"products_per_reached",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{row.metrics.products_per_reached(), {}, false};
       }},
      {"direct_conversions",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{SalesKey(row.metrics, row.metrics.direct_conversions), {}, false};
       }},
      {"related_conversions",
       [](const CampaignRow& row, MoneyPresence) {
         return SortKey{SalesKey(row.metrics, row.metrics.related_conversions), {}, false};
       }},
      {"balance",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{MoneyKey(SnapshotSum(row.metrics.balance_pico, presence)), {}, false};
       }},
      {"profit",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{MoneyKey(SnapshotSum(row.metrics.profit_pico, presence)), {}, false};
       }},
      {"unvalued_conversions",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{presence.snapshots ? std::optional<double>(row.metrics.unvalued_conversions)
                                           : std::nullopt,
                        {},
                        false};
       }},
      {"profit_roi",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{ProfitRoi(row.metrics, presence), {}, false};
       }},
      {"messaging_roas",
       [](const CampaignRow& row, MoneyPresence presence) {
         return SortKey{MessagingRoas(row.metrics, presence, row.kind), {}, false};
       }},
  };
  return kGetters;
}

/// The sort key of `metric`: a column of SortKeyGetters, or a custom value by its label
/// (CustomValueLabels, case-insensitive).
Result<SortKeyFunction> SortKeyOf(const std::string& metric,
                                  const std::vector<std::string>& custom_labels,
                                  MoneyPresence presence) {
  for (const auto& [name, getter] : SortKeyGetters()) {
    if (name == metric) {
      return SortKeyFunction(
          [getter, presence](const CampaignRow& row) { return getter(row, presence); });
    }
  }
  for (size_t index = 0; index < custom_labels.size(); ++index) {
    if (ToLowerAscii(custom_labels[index]) == ToLowerAscii(metric)) {
      return SortKeyFunction([index](const CampaignRow& row) {
        return SortKey{row.custom[index], {}, false};
      });
    }
  }
  std::vector<std::string> known = SortableMetrics();
  for (const std::string& label : custom_labels) known.push_back(QuoteForMessage(label));
  return Status::Usage(fmt::format("cannot sort by {}: known metrics are {}",
                                   QuoteForMessage(metric), JoinStrings(known, ", ")));
}

/// A scan by local day covers at most this many days (SelectionFacts keeps day indexes in 16
/// bits) and campaigns x days cells (about 200 bytes each while the scan runs); beyond, a period
/// is scanned on its own.
constexpr uint32_t kMaxScanDays = DistinctByDay::kMaxDays;
constexpr uint64_t kMaxCubeCells = 1'000'000;

/// The period amortized costs are spread over: the request's, an open end closed at the
/// local start of the first event's day or the local end of the last event's day; nullopt
/// when an end is open and there are no events. `store` (the events) is read only when an end
/// is open; it may be null otherwise.
std::optional<std::pair<TimestampUs, TimestampUs>> CostPeriod(const ReportRequest& request,
                                                              const EventStore* store,
                                                              const TimeZone& tz) {
  using Period = std::optional<std::pair<TimestampUs, TimestampUs>>;
  if (request.from && request.to) return Period(std::make_pair(*request.from, *request.to));
  PAYBACK_ASSERT(store != nullptr);
  const auto span = EventSpan(*store);
  if (!span) return Period();
  const TimestampUs from =
      request.from ? *request.from : LocalDayStart(LocalDay(span->first, tz), tz);
  const TimestampUs to =
      request.to ? *request.to : LocalDayStart(LocalDay(span->second, tz) + 1, tz);
  if (from >= to) return Period();
  return Period(std::make_pair(from, to));
}

}  // namespace

void CostBreakdown::Add(const CostBreakdown& other) {
  expenses_pico += other.expenses_pico;
  message_pico += other.message_pico;
  carrier_fee_pico += other.carrier_fee_pico;
  platform_fee_pico += other.platform_fee_pico;
  call_pico += other.call_pico;
  agent_hour_pico += other.agent_hour_pico;
  commission_pico += other.commission_pico;
}

std::optional<double> MetricValues::ctr() const {
  if (delivered_messages == 0) return std::nullopt;
  return static_cast<double>(clicked_messages) / static_cast<double>(delivered_messages);
}

std::optional<double> MetricValues::conversion_rate() const {
  if (delivered_messages == 0) return std::nullopt;
  return static_cast<double>(converted_messages) / static_cast<double>(delivered_messages);
}

std::optional<double> MetricValues::open_rate() const {
  if (reached_users == 0) return std::nullopt;
  return static_cast<double>(opened_users) / static_cast<double>(reached_users);
}

std::optional<double> MetricValues::products_per_reached() const {
  if (reached_users == 0) return std::nullopt;
  return conversions / static_cast<double>(reached_users);
}

const std::vector<std::string>& SortableMetrics() {
  static const std::vector<std::string> kMetrics = [] {
    std::vector<std::string> names;
    for (const auto& [name, getter] : SortKeyGetters()) names.push_back(name);
    return names;
  }();
  return kMetrics;
}

Result<const ConversionDefinition*> FindConversion(const Settings& settings,
                                                   const std::string& name) {
  if (settings.conversions.empty()) {
    return Status::InvalidInput(
        "the workspace has no conversion definition: add one to the settings and run "
        "`payback config apply`");
  }
  if (name.empty()) return &settings.conversions.front();
  for (const ConversionDefinition& definition : settings.conversions) {
    if (ToLowerAscii(definition.name) == ToLowerAscii(name)) return &definition;
  }
  std::vector<std::string> names;
  for (const ConversionDefinition& definition : settings.conversions)
    names.push_back(definition.name);
  return Status::NotFound(fmt::format("no conversion called {}; the workspace has: {}",
                                      QuoteForMessage(name), JoinStrings(names, ", ")));
}

Result<Report> BuildReport(const ReportRequest& request, const ReportInputs& inputs,
                           const Settings& settings) {
  // The dictionaries resolve the request; the events themselves (`events`) are loaded only when
  // the report must read them (ReportInputs::load_events).
  const EventStore& store = inputs.store;
  const EventStore* events = inputs.load_events ? nullptr : &inputs.store;
  auto load_events = [&]() -> Status {
    if (events == nullptr) {
      PAYBACK_ASSIGN_OR_RETURN(events, inputs.load_events());
    }
    return Status::Ok();
  };
  const std::vector<CampaignRecord>& catalog = inputs.campaigns;
  PAYBACK_ASSIGN_OR_RETURN(const ConversionDefinition* definition,
                           FindConversion(settings, request.conversion));
  auto custom = CustomMetricSet::Compile(settings.custom_metrics);
  if (!custom.ok()) {
    return Status::Corruption("the stored settings hold a custom metric that does not compile: " +
                              custom.status().ToString());
  }
  const std::vector<std::string> custom_labels = CustomValueLabels(custom->columns());
  PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(settings.timezone));
  const EventAliases aliases(settings.aliases);
  PAYBACK_ASSIGN_OR_RETURN(
      ConversionRule rule,
      ConversionRule::Resolve(*definition, request.model, store, catalog, aliases, tz));
  const bool has_cost = !settings.costs.empty() || std::any_of(catalog.begin(), catalog.end(),
                                                               [](const CampaignRecord& record) {
                                                                 return record.expenses.has_value();
                                                               });
  const MoneyPresence presence{rule.has_value(), has_cost, !inputs.snapshots.empty()};
  PAYBACK_ASSIGN_OR_RETURN(auto sort_key, SortKeyOf(request.sort_metric, custom_labels, presence));
  if (!custom->aggregates().empty()) PAYBACK_RETURN_IF_ERROR(load_events());
  PAYBACK_ASSIGN_OR_RETURN(
      const FormulaAggregatePlan aggregate_plan,
      FormulaAggregatePlan::Create(custom->aggregates(), *definition, request.model,
                                   events != nullptr ? *events : store, catalog, aliases));
  const TimestampUs from = request.from.value_or(std::numeric_limits<TimestampUs>::min());
  const TimestampUs to = request.to.value_or(std::numeric_limits<TimestampUs>::max());
  if (from >= to) return Status::Usage("the period is empty: --from must be before --to");

  Report report;
  report.conversion = definition->name;
  report.model = std::string(rule.model().name());
  report.window_s = definition->window_s;
  report.from = request.from;
  report.to = request.to;
  report.timezone = settings.timezone;
  report.currency = settings.currency;
  report.currency_digits = CurrencyMinorDigits(settings.currency);
  report.has_revenue = rule.has_value();
  report.has_cost = has_cost;
  report.custom_metrics = custom->columns();

  // Campaign metadata by store code; catalog campaigns no event names come after.
  const StringDictionary& campaign_ids = store.dictionaries.campaigns;
  const uint32_t event_campaigns = campaign_ids.size();
  std::map<std::string_view, const CampaignRecord*> by_id;
  for (const CampaignRecord& record : catalog) by_id[record.campaign_id] = &record;
  std::vector<const CampaignRecord*> metadata(event_campaigns, nullptr);
  for (uint32_t code = 0; code < event_campaigns; ++code) {
    const auto found = by_id.find(campaign_ids.Get(code));
    if (found != by_id.end()) {
      metadata[code] = found->second;
      by_id.erase(found);
    }
  }
  std::vector<uint8_t> selected(event_campaigns, 0);
  for (uint32_t code = 0; code < event_campaigns; ++code) {
    selected[code] = PassesFilter(request.filter, campaign_ids.Get(code), metadata[code]);
  }

  const std::vector<Engagement> engagements =
      ResolveEngagements(store.dictionaries.event_names, aliases);
  PAYBACK_ASSIGN_OR_RETURN(const EventCosts event_costs,
                           EventCosts::Resolve(settings.costs, store, metadata, aliases, tz));
  PAYBACK_ASSIGN_OR_RETURN(
      const CommissionSchedule commission,
      CommissionSchedule::Resolve(settings.costs, definition->name, store, tz));
  const ProductPromotions promotions(metadata, store);
  const SnapshotValuation valuation(inputs.snapshots, store);
  report.has_snapshots = presence.snapshots;
  report.has_bank_metrics = presence.snapshots || std::any_of(catalog.begin(), catalog.end(),
                                                              [](const CampaignRecord& r) {
                                                                return !r.promoted_products.empty();
                                                              });
  // The scan: per-campaign metrics by day and the facts the selection-dependent tiles need,
  // whatever the filter. A cache (the snapshot's, ReportScanCache) keeps scans: a period from
  // local midnight to local midnight (or open) is answered from one scan of all time by local
  // day, another period from a scan of its own; a filter change needs no new scan either.
  // Formula aggregates scan with the selection and the period, so a report with them always
  // scans its period.
  const bool has_aggregates = aggregate_plan.size() > 0;
  ReportScanCache* cache = has_aggregates ? nullptr : inputs.scan_cache;
  const unsigned workers = static_cast<unsigned>(WorkerCount());
  std::vector<std::unique_ptr<FormulaAggregateScan>> aggregate_scans(workers);
  // Requires `events` (load_events).
  auto run_scan = [&](TimestampUs scan_from, TimestampUs scan_to, LocalDays days) {
    const EventStore& store = *events;
    const uint64_t user_count = store.user_starts.empty() ? 0 : store.user_starts.size() - 1;
    const bool splits_one_credit = rule.model().SplitsOneCredit();
    const bool charges_events = !event_costs.empty();
    // Under a model that splits one credit, the conversion tiles are sums of the selected rows:
    // a scan by day adds them up from its cube, so its facts keep no conversions.
    const bool records_conversions = !(splits_one_credit && days.by_day());
    auto new_part = [&] {
      return std::make_unique<ScanPart>(
          event_campaigns, days.count(), charges_events,
          SelectionFacts(splits_one_credit, !valuation.empty(), !commission.empty(), days.count(),
                         event_campaigns, records_conversions));
    };
    constexpr uint64_t kUsersPerChunk = 4096;
    const uint64_t chunks = (user_count + kUsersPerChunk - 1) / kUsersPerChunk;
    std::vector<std::unique_ptr<ScanPart>> parts(workers);
    std::vector<std::unique_ptr<UserScan>> scans(workers);
    ParallelFor(chunks, [&](size_t worker, size_t chunk) {
      if (scans[worker] == nullptr) {
        parts[worker] = new_part();
        scans[worker] = std::make_unique<UserScan>(store, rule, engagements, event_costs,
                                                   commission, promotions, valuation, scan_from,
                                                   scan_to, tz, days, *parts[worker]);
        if (has_aggregates) {
          aggregate_scans[worker] = std::make_unique<FormulaAggregateScan>(
              aggregate_plan, store, selected, scan_from, scan_to);
        }
      }
      const uint64_t last_user = std::min(user_count, (chunk + 1) * kUsersPerChunk);
      for (uint64_t user = chunk * kUsersPerChunk; user < last_user; ++user) {
        scans[worker]->ScanUser(store.user_starts[user], store.user_starts[user + 1]);
        if (has_aggregates) {
          aggregate_scans[worker]->ScanUser(store.user_starts[user], store.user_starts[user + 1]);
        }
      }
    });
    if (parts[0] == nullptr) parts[0] = new_part();  // no users: an empty scan
    for (unsigned worker = 1; worker < workers; ++worker) {
      if (parts[worker] == nullptr) continue;  // the worker took no chunk
      parts[0]->cube.Merge(std::move(parts[worker]->cube));
      parts[0]->facts.Append(std::move(parts[worker]->facts));
      parts[worker].reset();
    }
    parts[0]->cube.Finish();
    parts[0]->facts.Finish();
    return std::make_shared<const ReportScan>(std::move(days), std::move(parts[0]->cube),
                                              std::move(parts[0]->facts));
  };
  std::shared_ptr<const ReportScan> scan;
  std::optional<DayRange> range = DayRange{0, 0};  // the scan's days the report covers
  bool whole_scan = true;                          // ... which are all of them
  const bool midnight_period = (!request.from || IsLocalMidnight(*request.from, tz)) &&
                               (!request.to || IsLocalMidnight(*request.to, tz));
  if (cache != nullptr && midnight_period) {
    const std::string key = ReportScanCache::ByDayKey(definition->name, rule.model().name());
    scan = cache->Find(key);
    // A saved scan answers the selection of every campaign only; a narrower one scans again.
    // (A saved scan of other campaigns is never found, its identity differs; were it, the
    // campaign count would tell.)
    if (scan != nullptr && (scan->cube.campaigns() != event_campaigns ||
                            !(inputs.scan_every_selection ? scan->facts.AnswersEverySelection()
                                                          : scan->facts.Answers(selected)))) {
      scan = nullptr;
    }
    if (scan == nullptr) {
      PAYBACK_RETURN_IF_ERROR(load_events());
      const auto span = EventSpan(*events);
      std::optional<LocalDays> days =
          span ? LocalDays::Covering(span->first, span->second, tz, kMaxScanDays) : std::nullopt;
      if (days && static_cast<uint64_t>(days->count()) * event_campaigns <= kMaxCubeCells) {
        scan = run_scan(std::numeric_limits<TimestampUs>::min(),
                        std::numeric_limits<TimestampUs>::max(), std::move(*days));
        cache->Store(key, scan);
      }
    }
    if (scan != nullptr) {
      const bool by_day = scan->days.RangeOf(request.from, request.to, tz, range);
      PAYBACK_ASSERT(by_day);
      whole_scan = range && range->first == 0 && range->last + 1 == scan->days.count();
    }
  }
  if (scan == nullptr) {
    const std::string key =
        ReportScanCache::PeriodKey(definition->name, rule.model().name(), from, to);
    scan = cache ? cache->Find(key) : nullptr;
    if (scan == nullptr) {
      PAYBACK_RETURN_IF_ERROR(load_events());
      scan = run_scan(from, to, LocalDays());
      if (cache) cache->Store(key, scan);
    }
  }
  if (has_aggregates) {
    if (aggregate_scans[0] == nullptr) {
      aggregate_scans[0] =
          std::make_unique<FormulaAggregateScan>(aggregate_plan, *events, selected, from, to);
    }
    for (unsigned worker = 1; worker < workers; ++worker) {
      if (aggregate_scans[worker]) aggregate_scans[0]->MergeFrom(*aggregate_scans[worker]);
    }
  }
  // The rows' metrics gain the period's campaign costs below.
  DayCube::Totals total = scan->cube.Sum(range);
  if (has_aggregates) {
    const std::vector<uint8_t>& credited = aggregate_scans[0]->credited();
    for (uint32_t code = 0; code < event_campaigns; ++code) total.active[code] |= credited[code];
  }
  SelectionTiles selection = scan->facts.Tiles(selected, range, whole_scan);
  if (!scan->facts.records_conversions()) {
    scan->cube.AddCreditTiles(selected, range, scan->days, selection);
  }
  // Costs booked per campaign rather than per event: expenses and agent hours in the period.
  // Those of a campaign neither events nor the catalog name are the workspace's.
  std::map<std::string_view, CostBreakdown> period_costs;
  // Undated expenses are booked at the campaign's first event (docs/costs.md): found with one
  // pass over the campaign column, only when such a campaign and a bounded period meet.
  const bool needs_first_events =
      (request.from || request.to) &&
      std::any_of(catalog.begin(), catalog.end(), [](const CampaignRecord& record) {
        return record.expenses && !record.start && !record.end;
      });
  std::map<const CampaignRecord*, TimestampUs> first_events;
  if (needs_first_events) {
    PAYBACK_RETURN_IF_ERROR(load_events());
    const EventColumns& columns = events->events;
    std::vector<TimestampUs> by_code(event_campaigns, std::numeric_limits<TimestampUs>::max());
    for (uint64_t row = 0; row < columns.size(); ++row) {
      const CampaignId campaign = columns.campaign[row];
      if (campaign != kNoCampaign && columns.ts[row] < by_code[campaign]) {
        by_code[campaign] = columns.ts[row];
      }
    }
    for (uint32_t code = 0; code < event_campaigns; ++code) {
      if (metadata[code] != nullptr) first_events[metadata[code]] = by_code[code];
    }
  }
  for (const CampaignRecord& record : catalog) {
    std::optional<TimestampUs> first_event;
    if (const auto found = first_events.find(&record); found != first_events.end()) {
      first_event = found->second;
    }
    const __int128 expenses =
        CampaignExpensesPico(record, request.from, request.to, tz, first_event);
    if (expenses != 0) period_costs[record.campaign_id].expenses_pico += expenses;
  }
  PAYBACK_ASSIGN_OR_RETURN(const LaborCost labor, LaborCost::Resolve(settings.costs, tz));
  if (!labor.empty()) {
    for (const TimesheetRecord& sheet : inputs.timesheets) {
      if (!labor.InPeriod(sheet, from, to)) continue;
      const __int128 cost = labor.RowPico(sheet);
      if (sheet.campaign_id.empty()) {
        total.workspace_cost.agent_hour_pico += cost;
      } else {
        period_costs[sheet.campaign_id].agent_hour_pico += cost;
      }
    }
  }
  auto take_period_costs = [&](std::string_view campaign_id, MetricValues& metrics) {
    const auto found = period_costs.find(campaign_id);
    if (found == period_costs.end()) return false;
    metrics.cost.Add(found->second);
    period_costs.erase(found);
    return true;
  };

  // The custom metrics of a row: its metrics plus, per aggregate, `aggregate_value(index)`.
  const size_t aggregate_count = custom->aggregates().size();
  std::vector<FormulaValue> aggregate_values(aggregate_count);
  auto evaluate_custom = [&](const MetricValues& metrics, auto aggregate_value) {
    for (size_t index = 0; index < aggregate_count; ++index) {
      aggregate_values[index] = aggregate_value(index);
    }
    return custom->Evaluate(MetricFormulaValues(metrics, presence), aggregate_values);
  };

  auto make_row = [](std::string_view campaign_id, const CampaignRecord* record) {
    CampaignRow row;
    row.campaign_id = std::string(campaign_id);
    if (record != nullptr) {
      row.in_catalog = true;
      row.name = record->name;
      row.status = record->status;
      row.created_by = record->created_by;
      row.labels = record->labels;
      row.journey_id = record->journey_id;
      row.channel = record->channel;
      row.delivery_type = record->delivery_type;
      row.kind = record->kind;
      row.promoted_products = record->promoted_products;
      row.influence_days = record->influence_days;
    }
    return row;
  };
  for (uint32_t code = 0; code < event_campaigns; ++code) {
    MetricValues& metrics = total.campaigns[code];
    const bool has_period_cost = take_period_costs(campaign_ids.Get(code), metrics);
    if (!selected[code] || (!total.active[code] && !has_period_cost && metadata[code] == nullptr)) {
      continue;
    }
    CampaignRow row = make_row(campaign_ids.Get(code), metadata[code]);
    row.metrics = metrics;
    row.metrics.splits_sales = !row.promoted_products.empty();
    row.custom = evaluate_custom(
        row.metrics, [&](size_t index) { return aggregate_scans[0]->CampaignValue(code, index); });
    report.campaigns.push_back(std::move(row));
  }
  // Catalog campaigns no event names: every count and aggregate is zero; they may have costs.
  auto zero_aggregate = [](size_t /*index*/) { return FormulaValue::FromInt(0); };
  const std::vector<CustomValue> idle_custom = evaluate_custom(MetricValues{}, zero_aggregate);
  for (const auto& [campaign_id, record] : by_id) {
    MetricValues metrics;
    const bool has_period_cost = take_period_costs(campaign_id, metrics);
    if (PassesFilter(request.filter, campaign_id, record)) {
      CampaignRow row = make_row(campaign_id, record);
      row.metrics = metrics;
      row.metrics.splits_sales = !row.promoted_products.empty();
      row.custom = has_period_cost ? evaluate_custom(metrics, zero_aggregate) : idle_custom;
      report.campaigns.push_back(std::move(row));
    }
  }
  for (const auto& [campaign_id, cost] : period_costs) total.workspace_cost.Add(cost);
  for (const CampaignRow& row : report.campaigns) AddInto(report.tiles, row.metrics);
  // Tiles count a user converting through two selected campaigns once (metrics.md, "Tiles"),
  // and under any_touch a conversion shared by selected campaigns once.
  report.tiles.unique_conversions = selection.unique_conversions;
  report.tiles.reached_users = selection.reached_users;
  report.tiles.opened_users = selection.opened_users;
  report.tiles.direct_conversions = selection.direct_conversions;
  report.tiles.related_conversions = selection.related_conversions;
  report.tiles.balance_pico = selection.balance_pico;
  report.tiles.profit_pico = selection.profit_pico;
  report.tiles.unvalued_conversions = selection.unvalued_conversions;
  report.tiles.splits_sales =
      std::any_of(report.campaigns.begin(), report.campaigns.end(),
                  [](const CampaignRow& row) { return row.metrics.splits_sales; });
  report.tiles.conversions = selection.conversions;
  report.tiles.revenue_pico = selection.revenue_pico;
  report.tile_revenue_by_day.assign(selection.revenue_by_day.begin(),
                                    selection.revenue_by_day.end());
  report.tiles.cost.commission_pico = selection.commission_pico;
  // The workspace's own costs (no campaign to carry them: events and timesheets without one,
  // the platform fee) belong to the whole workspace, so only to an unfiltered report's tiles.
  const bool has_platform_fee =
      std::any_of(settings.costs.begin(), settings.costs.end(),
                  [](const CostLine& line) { return line.type == CostLineType::kPlatformFee; });
  if (request.filter.empty()) {
    report.tiles.cost.Add(total.workspace_cost);
    // An open end of the period is closed at the events' first or last day.
    if (has_platform_fee && (!request.from || !request.to)) PAYBACK_RETURN_IF_ERROR(load_events());
    const auto cost_period = has_platform_fee ? CostPeriod(request, events, tz) : std::nullopt;
    if (cost_period) {
      PAYBACK_ASSIGN_OR_RETURN(
          report.tiles.cost.platform_fee_pico,
          AmortizedPlatformFeePico(settings.costs, cost_period->first, cost_period->second, tz));
    }
  }
  report.unattributed_conversions = total.unattributed;
  report.tiles_custom = evaluate_custom(
      report.tiles, [&](size_t index) { return aggregate_scans[0]->SelectionValue(index); });

  const bool descending = request.descending;
  std::sort(report.campaigns.begin(), report.campaigns.end(),
            [&](const CampaignRow& left, const CampaignRow& right) {
              const SortKey left_key = sort_key(left);
              const SortKey right_key = sort_key(right);
              if (left_key.is_text) {
                if (left_key.text != right_key.text) {
                  return descending ? left_key.text > right_key.text
                                    : left_key.text < right_key.text;
                }
              } else if (left_key.number != right_key.number) {
                if (!left_key.number) return false;  // nulls last, whatever the direction
                if (!right_key.number) return true;
                return descending ? *left_key.number > *right_key.number
                                  : *left_key.number < *right_key.number;
              }
              return left.campaign_id < right.campaign_id;
            });
  return report;
}

}  // namespace payback
