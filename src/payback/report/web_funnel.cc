#include "payback/report/web_funnel.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string_view>

#include "payback/attribution/conversion_rule.h"
#include "payback/attribution/event_roles.h"
#include "payback/common/money.h"
#include "payback/lift/control_group_lift.h"
#include "payback/report/report_builder.h"
#include "payback/report/roi_metrics.h"
#include "payback/report/time_series.h"

namespace payback {
namespace {

constexpr TimestampUs kNever = std::numeric_limits<TimestampUs>::max();

/// The groups a user can enter for a campaign, in WebGroups order.
enum GroupIndex : size_t { kExposed, kChat, kContentClick, kTreatment, kControl, kGroupCount };

/// The events and properties of the web funnel, resolved against the store.
struct WebEvents {
  std::vector<uint8_t> eligible;
  std::vector<uint8_t> exposure;
  std::vector<uint8_t> engagement;
  std::vector<uint8_t> assignment;
  std::optional<uint32_t> type_key;   ///< engagement `type`: chat or content
  std::optional<uint32_t> group_key;  ///< assignment `group`: control or treatment
};

/// A string property at `row`, or "".
std::string_view TextAt(const EventStore& store, std::optional<uint32_t> key, uint64_t row,
                        std::string& scratch) {
  if (!key) return {};
  return PropertyTextAt(store, *key, row, scratch).value_or(std::string_view());
}

/// One campaign's counts and group outcomes, summed over users.
struct CampaignTally {
  int64_t prospects = 0;
  int64_t prospect_users = 0;
  int64_t exposures = 0;
  int64_t engagements = 0;
  int64_t chat_engagements = 0;
  int64_t content_engagements = 0;
  bool logs_treatment = false;  ///< some user was assigned treatment explicitly
  GroupOutcome groups[kGroupCount];
  GroupOutcome exposed_outside_control;    ///< the treatment when only control is logged
  std::vector<int64_t> other_goal_events;  ///< per other definition
  std::vector<int64_t> other_goal_users;
};

/// One user's entries into a campaign's groups (first time in the period) and outcomes.
struct UserCampaign {
  CampaignId campaign = kNoCampaign;
  bool prospect = false;
  TimestampUs entered[kGroupCount] = {kNever, kNever, kNever, kNever, kNever};
  int64_t conversions[kGroupCount] = {};
  __int128 revenue[kGroupCount] = {};
  std::vector<int64_t> other_goals;
};

WebGroup ToWebGroup(const GroupOutcome& outcome) {
  WebGroup group;
  group.users = outcome.users;
  group.converters = outcome.converters;
  group.conversions = outcome.conversions;
  group.revenue_pico = outcome.revenue_pico;
  group.conversion_rate = outcome.conversion_rate();
  group.aov_pico = outcome.aov_pico();
  return group;
}

std::optional<WebInterval> ToWebInterval(const std::optional<DifferenceInterval>& interval) {
  if (!interval) return std::nullopt;
  return WebInterval{interval->low, interval->high, interval->standard_error,
                     interval->degrees_of_freedom};
}

}  // namespace

Result<WebFunnel> BuildWebFunnel(const ReportRequest& request, const ReportInputs& inputs,
                                 const Settings& settings) {
  // The attributed conversions, revenue and cost per campaign, and the request's checks.
  PAYBACK_ASSIGN_OR_RETURN(const Report report, BuildReport(request, inputs, settings));
  PAYBACK_ASSIGN_OR_RETURN(const ConversionDefinition* definition,
                           FindConversion(settings, request.conversion));
  PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(settings.timezone));
  const EventStore& store = inputs.store;
  const EventAliases aliases(settings.aliases);
  PAYBACK_ASSIGN_OR_RETURN(
      const ConversionRule rule,
      ConversionRule::Resolve(*definition, request.model, store, inputs.campaigns, aliases, tz));
  // The other definitions: the goals the campaign's exposed users may reach besides its own.
  std::vector<ConversionRule> other_rules;
  std::vector<std::string> other_names;
  for (const ConversionDefinition& other : settings.conversions) {
    if (&other == definition) continue;
    PAYBACK_ASSIGN_OR_RETURN(
        ConversionRule other_rule,
        ConversionRule::Resolve(other, "", store, inputs.campaigns, aliases, tz));
    other_rules.push_back(std::move(other_rule));
    other_names.push_back(other.name);
  }

  const StringDictionary& names = store.dictionaries.event_names;
  WebEvents web{MatchEventNames(names, aliases, "eligible"),
                MatchEventNames(names, aliases, "exposure"),
                MatchEventNames(names, aliases, "engagement"),
                MatchEventNames(names, aliases, "assignment"),
                FindPropertyKey(store, "type"),
                FindPropertyKey(store, "group")};
  const TimestampUs from = request.from.value_or(std::numeric_limits<TimestampUs>::min());
  const TimestampUs to = request.to.value_or(kNever);
  const EventColumns& events = store.events;
  const uint32_t campaign_count = store.dictionaries.campaigns.size();
  std::vector<CampaignTally> tallies(campaign_count);
  for (CampaignTally& tally : tallies) {
    tally.other_goal_events.assign(other_rules.size(), 0);
    tally.other_goal_users.assign(other_rules.size(), 0);
  }
  std::vector<uint8_t> is_web(campaign_count, 0);
  std::vector<UserCampaign> user_campaigns;
  std::string scratch;
  const uint64_t user_count = store.user_starts.empty() ? 0 : store.user_starts.size() - 1;
  for (uint64_t user = 0; user < user_count; ++user) {
    const uint64_t begin = store.user_starts[user];
    const uint64_t end = store.user_starts[user + 1];
    user_campaigns.clear();
    auto entry_of = [&](CampaignId campaign) -> UserCampaign& {
      for (UserCampaign& entry : user_campaigns) {
        if (entry.campaign == campaign) return entry;
      }
      user_campaigns.emplace_back();
      user_campaigns.back().campaign = campaign;
      user_campaigns.back().other_goals.assign(other_rules.size(), 0);
      return user_campaigns.back();
    };
    // The user's funnel events: counts, and the first entry into each group.
    for (uint64_t row = begin; row < end; ++row) {
      const CampaignId campaign = events.campaign[row];
      const TimestampUs ts = events.ts[row];
      if (campaign == kNoCampaign || ts < from || ts >= to) continue;
      const EventNameId event = events.event[row];
      CampaignTally& tally = tallies[campaign];
      auto enter = [&](GroupIndex group) {
        UserCampaign& entry = entry_of(campaign);
        entry.entered[group] = std::min(entry.entered[group], ts);
      };
      if (web.eligible[event]) {
        is_web[campaign] = 1;
        ++tally.prospects;
        entry_of(campaign).prospect = true;
      } else if (web.exposure[event]) {
        is_web[campaign] = 1;
        ++tally.exposures;
        enter(kExposed);
      } else if (web.engagement[event]) {
        is_web[campaign] = 1;
        ++tally.engagements;
        const std::string_view type = TextAt(store, web.type_key, row, scratch);
        if (type == "chat") {
          ++tally.chat_engagements;
          enter(kChat);
        } else if (type == "content") {
          ++tally.content_engagements;
          enter(kContentClick);
        }
      } else if (web.assignment[event]) {
        is_web[campaign] = 1;
        UserCampaign& entry = entry_of(campaign);
        // The first assignment in the period decides the user's group.
        if (entry.entered[kTreatment] != kNever || entry.entered[kControl] != kNever) continue;
        const std::string_view group = TextAt(store, web.group_key, row, scratch);
        if (group == "treatment") {
          entry.entered[kTreatment] = ts;
          tally.logs_treatment = true;
        } else if (group == "control") {
          entry.entered[kControl] = ts;
        }
      }
    }
    if (user_campaigns.empty()) continue;
    // The user's conversions after entering each group, inside the campaign's window: a group
    // is a cohort of the period, followed for the whole window even past the period's end, so
    // that a day's visitors get their week to convert (docs/web.md).
    for (uint64_t row = begin; row < end; ++row) {
      const TimestampUs ts = events.ts[row];
      if (ts < from) continue;
      const EventNameId event = events.event[row];
      if (rule.IsConversionEvent(event) && rule.PassesFilter(store, row)) {
        const std::optional<Micros> value = rule.Value(store, row);
        for (UserCampaign& entry : user_campaigns) {
          const int64_t window = rule.window_us(entry.campaign);
          for (size_t group = 0; group < kGroupCount; ++group) {
            if (entry.entered[group] > ts || ts - entry.entered[group] > window) continue;
            ++entry.conversions[group];
            if (value) entry.revenue[group] += CreditedPico(1.0, *value);
          }
        }
      }
      for (size_t other = 0; other < other_rules.size(); ++other) {
        const ConversionRule& other_rule = other_rules[other];
        if (!other_rule.IsConversionEvent(event) || !other_rule.PassesFilter(store, row)) continue;
        for (UserCampaign& entry : user_campaigns) {
          const TimestampUs exposed = entry.entered[kExposed];
          if (exposed <= ts && ts - exposed <= rule.window_us(entry.campaign)) {
            ++entry.other_goals[other];
          }
        }
      }
    }
    for (const UserCampaign& entry : user_campaigns) {
      CampaignTally& tally = tallies[entry.campaign];
      tally.prospect_users += entry.prospect;
      for (size_t group = 0; group < kGroupCount; ++group) {
        if (entry.entered[group] == kNever) continue;
        tally.groups[group].AddUser(entry.conversions[group], entry.revenue[group]);
      }
      if (entry.entered[kExposed] != kNever && entry.entered[kControl] == kNever) {
        tally.exposed_outside_control.AddUser(entry.conversions[kExposed], entry.revenue[kExposed]);
      }
      for (size_t other = 0; other < other_rules.size(); ++other) {
        tally.other_goal_events[other] += entry.other_goals[other];
        tally.other_goal_users[other] += entry.other_goals[other] > 0;
      }
    }
  }

  WebFunnel funnel;
  funnel.conversion = report.conversion;
  funnel.model = report.model;
  funnel.window_s = report.window_s;
  funnel.from = report.from;
  funnel.to = report.to;
  funnel.timezone = report.timezone;
  funnel.currency = report.currency;
  funnel.currency_digits = report.currency_digits;
  funnel.has_revenue = report.has_revenue;
  funnel.has_cost = report.has_cost;
  const MoneyPresence presence{report.has_revenue, report.has_cost, report.has_snapshots};
  std::map<std::string_view, const CampaignRecord*> catalog;
  for (const CampaignRecord& record : inputs.campaigns) catalog[record.campaign_id] = &record;
  // The pooled exposed conversion rate per goal type, over every web campaign (filters aside).
  std::map<std::string, GroupOutcome> by_goal_type;
  auto goal_type_of = [&](uint32_t code) {
    const auto found = catalog.find(store.dictionaries.campaigns.Get(code));
    return found == catalog.end() ? std::string() : found->second->goal_type;
  };
  for (uint32_t code = 0; code < campaign_count; ++code) {
    if (is_web[code]) by_goal_type[goal_type_of(code)].Add(tallies[code].groups[kExposed]);
  }
  for (const CampaignRow& row : report.campaigns) {  // the filtered rows, in report order
    const uint32_t code = store.dictionaries.campaigns.Find(row.campaign_id);
    if (code == StringDictionary::kMissing || !is_web[code]) continue;
    const CampaignTally& tally = tallies[code];
    WebCampaignRow web_row;
    web_row.campaign_id = row.campaign_id;
    web_row.name = row.name;
    web_row.channel = row.channel;
    web_row.goal_type = goal_type_of(code);
    web_row.prospects = tally.prospects;
    web_row.prospect_users = tally.prospect_users;
    web_row.exposures = tally.exposures;
    web_row.engagements = tally.engagements;
    web_row.chat_engagements = tally.chat_engagements;
    web_row.content_engagements = tally.content_engagements;
    web_row.conversions = row.metrics.conversions;
    web_row.revenue_pico = row.metrics.revenue_pico;
    web_row.cost_pico = CostPico(row.metrics, presence);
    web_row.exposed = ToWebGroup(tally.groups[kExposed]);
    web_row.chat = ToWebGroup(tally.groups[kChat]);
    web_row.content_click = ToWebGroup(tally.groups[kContentClick]);
    // Without logged treatment assignments, the exposed users outside the control group are
    // the treatment (docs/web.md).
    const GroupOutcome& treatment =
        tally.logs_treatment ? tally.groups[kTreatment] : tally.exposed_outside_control;
    web_row.treatment = ToWebGroup(treatment);
    web_row.control = ToWebGroup(tally.groups[kControl]);
    if (const std::optional<LiftEstimate> lift = EstimateLift(treatment, tally.groups[kControl])) {
      WebLift web_lift;
      web_lift.audience = lift->audience;
      web_lift.actual_converters = lift->actual_converters;
      web_lift.baseline_converters = lift->baseline_converters;
      web_lift.incremental_conversions = lift->incremental_conversions;
      web_lift.conversions_interval = ToWebInterval(lift->conversions_interval);
      web_lift.actual_revenue_pico = lift->actual_revenue_pico;
      web_lift.baseline_revenue_pico = lift->baseline_revenue_pico;
      web_lift.incremental_revenue_pico = lift->incremental_revenue_pico;
      web_lift.revenue_interval = ToWebInterval(lift->revenue_interval);
      if (web_row.cost_pico && *web_row.cost_pico != 0 && report.has_revenue) {
        web_lift.incremental_roas = static_cast<double>(lift->incremental_revenue_pico) /
                                    static_cast<double>(*web_row.cost_pico);
      }
      web_row.lift = web_lift;
    }
    web_row.goal_type_rate = by_goal_type[web_row.goal_type].conversion_rate();
    for (size_t other = 0; other < other_rules.size(); ++other) {
      web_row.other_goals.push_back(GoalContribution{
          other_names[other], tally.other_goal_events[other], tally.other_goal_users[other]});
    }
    std::stable_sort(web_row.other_goals.begin(), web_row.other_goals.end(),
                     [](const GoalContribution& left, const GoalContribution& right) {
                       return left.goals_reached > right.goals_reached;
                     });
    funnel.campaigns.push_back(std::move(web_row));
  }
  return funnel;
}

Result<WebFunnelSeries> BuildWebFunnelSeries(const ReportRequest& request, TimeBucket bucket,
                                             const ReportInputs& inputs, const Settings& settings) {
  PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(settings.timezone));
  PAYBACK_ASSIGN_OR_RETURN(const auto periods, BucketPeriods(request, inputs.store, bucket, tz));
  WebFunnelSeries series;
  series.bucket = std::string(TimeBucketName(bucket));
  series.timezone = settings.timezone;
  ReportRequest bucket_request = request;
  for (const auto& [start, end] : periods) {
    bucket_request.from = start;
    bucket_request.to = end;
    PAYBACK_ASSIGN_OR_RETURN(WebFunnel funnel, BuildWebFunnel(bucket_request, inputs, settings));
    series.points.push_back(WebFunnelPoint{start, end, std::move(funnel)});
  }
  return series;
}

}  // namespace payback
