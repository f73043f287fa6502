#include "payback/generate/call_center_generator.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "payback/common/assert.h"
#include "payback/generate/calendar.h"
#include "payback/generate/output.h"
#include "payback/generate/random.h"

namespace payback::generate {
namespace {

// ---------------------------------------------------------------------------------------------
// The operation's shape: agents on a power dialer working lead lists for clients (the call-center
// seed: revenue per sale, cost per call, cost per agent hour, commission).

/// Sales among answered calls before the campaign's and the agent's factors (both about 1 on
/// average): about 8% of answered calls end in a sale.
constexpr double kBaseSaleRate = 0.076;
/// Of the answered calls that are no sale, the share that asks to be called back.
constexpr double kCallbackShare = 0.25;
/// Of the unanswered calls, the share that reaches a voicemail box.
constexpr double kVoicemailShare = 0.35;
/// Calls that come in (a contact returning a call to the main line): no campaign.
constexpr double kInboundShare = 0.01;
/// Paid hours that go to breaks, huddles and after-call admin rather than dialing.
constexpr double kDialingShareOfPaidTime = 0.87;
/// Mean seconds on the line per dial (rings, voicemails and conversations), to size the
/// wrap-up between dials from an agent's pace.
constexpr double kMeanLineSeconds = 65.0;
constexpr double kAbsenceRate = 0.04;
constexpr double kTrainingDayRate = 0.05;
constexpr double kNewHireShare = 0.12;

/// The seed's prices (settings.yaml writes the same numbers), in cents.
constexpr int64_t kValueCents = 12000;
constexpr int64_t kNewValueCents = 13500;  // from the middle of the span on
constexpr int64_t kOwnValueCents = 20000;  // the premium campaign's own value
constexpr int64_t kCommissionCents = 500;
constexpr int64_t kCommissionSharePercent = 5;  // the share campaign, instead of the flat amount
constexpr double kCallDollars = 0.04;
constexpr double kAgentHourDollars = 22.50;
/// Targets are set from the run rate of the last days of the data.
constexpr int64_t kRunRateDays = 28;

struct CampaignTemplate {
  std::string_view name;
  std::string_view id;
  std::string_view labels;
  std::string_view created_by;
  double answer_rate;  // share of dials a person answers
  double sale_factor;  // multiplies the base sale rate of answered calls
  int weight;          // share of the agents and of the contacts
  int start_percent;   // < 0: running before the span; else launched this far into it
  int end_percent;     // > 100: still running; else completed this far into the span
};
constexpr std::array<CampaignTemplate, 10> kCampaigns = {{
    {"Medicare Advantage Enrollment", "medicare-enrollment", "Healthcare;Warm Leads", "maria", 0.26,
     1.10, 5, -1, 101},
    {"Home Warranty Renewal", "home-warranty-renewal", "Renewal;Retention", "jamal", 0.27, 1.35, 4,
     -1, 101},
    {"Solar Consultation Booking", "solar-consults", "Home Services", "priya", 0.19, 0.95, 4, -1,
     101},
    {"Auto Insurance Quotes", "auto-insurance-quotes", "Insurance", "maria", 0.21, 0.85, 4, -1,
     101},
    {"Fiber Internet Upgrade", "fiber-upgrade", "Upsell;Telecom", "tom", 0.23, 1.10, 3, 30, 101},
    {"Donor Renewal Drive", "donor-renewal", "Nonprofit;Renewal", "jamal", 0.24, 1.00, 2, -1, 65},
    {"Alarm System Upsell", "alarm-upsell", "Upsell;Home Services", "priya", 0.22, 0.90, 2, -1,
     101},
    {"Small Business Payroll (Cold List)", "smb-payroll-cold", "Cold Outreach;B2B", "tom", 0.14,
     0.50, 1, -1, 101},
    {"Credit Card Balance Transfer", "balance-transfer", "Financial", "maria", 0.18, 0.70, 2, -1,
     101},
    {"Pest Control Seasonal Plan", "pest-control-plan", "Home Services;Seasonal", "tom", 0.22, 1.00,
     2, -1, 101},
}};
/// The campaign valued at kOwnValueCents per sale, and the one paying a commission share.
constexpr size_t kOwnValueCampaign = 0;
constexpr size_t kShareCommissionCampaign = 2;

/// The US holidays the floor is closed on: New Year's Day, Memorial Day, Independence Day,
/// Labor Day, Thanksgiving, Christmas (on their dates, not the observed weekdays).
bool IsHoliday(int64_t day) {
  const CivilDate date = CivilFromDays(day);
  const int64_t weekday = Weekday(day);  // Monday = 0
  if ((date.month == 1 && date.day == 1) || (date.month == 7 && date.day == 4) ||
      (date.month == 12 && date.day == 25)) {
    return true;
  }
  if (date.month == 5 && weekday == 0 && date.day > 24) return true;  // last Monday
  if (date.month == 9 && weekday == 0 && date.day <= 7) return true;  // first Monday
  if (date.month == 11 && weekday == 3 && date.day >= 22 && date.day <= 28) return true;  // 4th Thu
  return false;
}

enum class Outcome : uint8_t { kSale, kNoAnswer, kVoicemail, kCallback, kNotInterested };
constexpr std::array<std::string_view, 5> kOutcomeNames = {"sale", "no_answer", "voicemail",
                                                           "callback", "not_interested"};

struct Campaign {
  std::string id;
  std::string name;
  std::string labels;
  std::string created_by;
  std::string status;
  int64_t start_s = 0;
  int64_t end_s = -1;  // -1: open-ended
  int64_t first_day_idx = 0;
  int64_t end_day_idx = 0;  // first day it no longer dials (index in the span)
  double answer_rate = 0.2;
  double sale_factor = 1.0;
  int weight = 1;
  uint64_t list_offset = 0;  // its contacts: [list_offset, list_offset + list_size) of the
  uint64_t list_size = 1;    // contact permutation
  bool own_value = false;
  bool share_commission = false;
  // The run-rate estimates the targets are set from (last kRunRateDays of the span).
  int64_t recent_revenue_cents = 0;
  double recent_cost = 0.0;

  bool ActiveOn(int64_t day_idx) const { return day_idx >= first_day_idx && day_idx < end_day_idx; }
};

struct Agent {
  std::string id;
  double skill = 1.0;         // multiplies the sale rate
  double pace = 23.0;         // dials per dialing hour
  int64_t shift_start_s = 0;  // local seconds after midnight
  int64_t paid_quarters = 0;  // paid quarter hours on a weekday
  size_t main_campaign = 0;
  size_t second_campaign = 0;
  bool has_second = false;
  bool works_saturday = false;
  int64_t hire_day_idx = -1;  // >= 0: joined during the span (a training day first)
};

class CallCenterGenerator {
 public:
  explicit CallCenterGenerator(const GenerateOptions& options)
      : options_(options),
        users_(static_cast<uint64_t>(options.users)),
        span_{options.end_day - options.days, options.end_day},
        change_day_(span_.first_day + span_.days() / 2),
        change_s_(NewYorkLocalToUtc(change_day_, 0)),
        rows_(span_.first_day, span_.days()) {}

  Result<GenerateSummary> Run() {
    BuildCampaigns();
    BuildAgents();
    const std::filesystem::path dir(options_.out_dir);
    const std::string settings_path = (dir / "settings.yaml").string();
    const std::string campaigns_path = (dir / "campaigns.csv").string();
    const std::string events_path = (dir / "events.csv").string();
    const std::string timesheets_path = (dir / "timesheets.csv").string();
    GenerateSummary summary;
    PAYBACK_ASSIGN_OR_RETURN(summary.campaigns, WriteCampaigns(campaigns_path));
    PAYBACK_ASSIGN_OR_RETURN(summary.events,
                             WriteEventsAndTimesheets(events_path, timesheets_path));
    summary.timesheets = timesheet_rows_;
    PAYBACK_RETURN_IF_ERROR(WriteWholeFile(settings_path, Settings()));
    summary.files = {{GeneratedFileKind::kSettings, settings_path},
                     {GeneratedFileKind::kCampaigns, campaigns_path},
                     {GeneratedFileKind::kEvents, events_path},
                     {GeneratedFileKind::kTimesheets, timesheets_path}};
    return summary;
  }

 private:
  // --- campaigns and agents ----------------------------------------------------------------

  void BuildCampaigns() {
    Rng rng(Mix(options_.seed, 201));
    const int64_t days = span_.days();
    agents_count_ =
        std::max<int64_t>(2, (options_.users + kContactsPerAgent / 2) / kContactsPerAgent);
    const int64_t count = std::clamp<int64_t>(agents_count_ / 3, 8, 40);
    int total_weight = 0;
    for (int64_t idx = 0; idx < count; ++idx) {
      const CampaignTemplate& tmpl = kCampaigns[static_cast<size_t>(idx) % kCampaigns.size()];
      const int64_t round = idx / static_cast<int64_t>(kCampaigns.size());
      Campaign campaign;
      campaign.id = std::string(tmpl.id);
      campaign.name = std::string(tmpl.name);
      if (round > 0) {
        // Appended piecewise: GCC 12's -Wrestrict misfires on `"-" + std::to_string(...)`.
        campaign.id += '-';
        campaign.id += std::to_string(round + 1);
        campaign.name += " (Team ";
        campaign.name += std::to_string(round + 1);
        campaign.name += ')';
      }
      campaign.labels = std::string(tmpl.labels);
      campaign.created_by = std::string(tmpl.created_by);
      campaign.answer_rate = tmpl.answer_rate * rng.Uniform(0.95, 1.05);
      campaign.sale_factor = tmpl.sale_factor * rng.Uniform(0.95, 1.05);
      campaign.weight = tmpl.weight;
      campaign.own_value = idx == static_cast<int64_t>(kOwnValueCampaign);
      campaign.share_commission = idx == static_cast<int64_t>(kShareCommissionCampaign);
      campaign.first_day_idx = tmpl.start_percent < 0 ? 0 : days * tmpl.start_percent / 100;
      const int64_t start_day = tmpl.start_percent < 0 ? span_.first_day - rng.Between(30, 300)
                                                       : span_.first_day + campaign.first_day_idx;
      campaign.start_s = NewYorkLocalToUtc(start_day, 8 * kSecondsPerHour);
      if (tmpl.end_percent > 100) {
        campaign.end_day_idx = days;
        campaign.status = "running";
      } else {
        campaign.end_day_idx = std::max<int64_t>(1, days * tmpl.end_percent / 100);
        campaign.end_s = NewYorkLocalToUtc(span_.first_day + campaign.end_day_idx, 0);
        campaign.status = "completed";
      }
      total_weight += tmpl.weight;
      campaigns_.push_back(std::move(campaign));
    }
    // Each campaign dials its own list: consecutive blocks of the contact permutation.
    uint64_t offset = 0;
    for (Campaign& campaign : campaigns_) {
      campaign.list_offset = offset % users_;
      campaign.list_size = std::max<uint64_t>(
          1, users_ * static_cast<uint64_t>(campaign.weight) / static_cast<uint64_t>(total_weight));
      offset += campaign.list_size;
    }
  }

  void BuildAgents() {
    Rng rng(Mix(options_.seed, 202));
    int total_weight = 0;
    for (const Campaign& campaign : campaigns_) total_weight += campaign.weight;
    for (int64_t idx = 0; idx < agents_count_; ++idx) {
      Agent agent;
      agent.id = 'A';
      agent.id += std::to_string(1001 + idx);
      // Agents spread over the campaigns by weight, in order.
      const double position =
          (static_cast<double>(idx) + 0.5) / static_cast<double>(agents_count_) * total_weight;
      double cumulative = 0;
      for (size_t campaign_idx = 0; campaign_idx < campaigns_.size(); ++campaign_idx) {
        cumulative += campaigns_[campaign_idx].weight;
        if (position < cumulative) {
          agent.main_campaign = campaign_idx;
          break;
        }
      }
      agent.has_second = rng.Chance(0.3);
      agent.second_campaign = static_cast<size_t>(rng.Below(campaigns_.size()));
      if (agent.second_campaign == agent.main_campaign) agent.has_second = false;
      agent.skill = rng.Uniform(0.7, 1.3);
      agent.pace = rng.Uniform(19.0, 27.0);
      agent.shift_start_s =
          std::array<int64_t, 5>{480, 510, 540, 570, 600}[rng.Below(5)] * kSecondsPerMinute;
      agent.paid_quarters = std::array<int64_t, 6>{24, 26, 28, 30, 30, 32}[rng.Below(6)];
      agent.works_saturday = rng.Chance(0.2);
      if (rng.Chance(kNewHireShare) && span_.days() >= 8) {
        agent.hire_day_idx = rng.Between(span_.days() / 4, span_.days() * 3 / 4);
        // New hires start on a weekday the floor is open.
        while (Weekday(span_.first_day + agent.hire_day_idx) >= 5 ||
               IsHoliday(span_.first_day + agent.hire_day_idx)) {
          ++agent.hire_day_idx;
        }
        agent.skill = rng.Uniform(0.6, 1.0);
      }
      agents_.push_back(std::move(agent));
    }
  }

  Result<int64_t> WriteCampaigns(const std::string& path) const {
    std::string out = "campaign_id,name,status,created_by,labels,channel,kind,start,end\n";
    for (const Campaign& campaign : campaigns_) {
      for (const std::string_view field :
           {std::string_view(campaign.id), std::string_view(campaign.name),
            std::string_view(campaign.status), std::string_view(campaign.created_by),
            std::string_view(campaign.labels), std::string_view("call"),
            std::string_view("dialer")}) {
        AppendCsvField(out, field);
        out.push_back(',');
      }
      AppendTimestamp(out, campaign.start_s);
      out.push_back(',');
      if (campaign.end_s >= 0) AppendTimestamp(out, campaign.end_s);
      out.push_back('\n');
    }
    PAYBACK_RETURN_IF_ERROR(WriteWholeFile(path, out));
    return static_cast<int64_t>(campaigns_.size());
  }

  // --- calls and timesheets ----------------------------------------------------------------

  /// The campaign an agent dials on a day: its own, else its second one, else the next active
  /// one in the list; campaigns_.size() when none is active.
  size_t CampaignOfDay(const Agent& agent, int64_t day_idx) const {
    if (campaigns_[agent.main_campaign].ActiveOn(day_idx)) return agent.main_campaign;
    if (agent.has_second && campaigns_[agent.second_campaign].ActiveOn(day_idx)) {
      return agent.second_campaign;
    }
    for (size_t step = 1; step < campaigns_.size(); ++step) {
      const size_t campaign_idx = (agent.main_campaign + step) % campaigns_.size();
      if (campaigns_[campaign_idx].ActiveOn(day_idx)) return campaign_idx;
    }
    return campaigns_.size();
  }

  Outcome DrawOutcome(Rng& rng, double answer_rate, double sale_rate) {
    if (!rng.Chance(answer_rate)) {
      return rng.Chance(kVoicemailShare) ? Outcome::kVoicemail : Outcome::kNoAnswer;
    }
    if (rng.Chance(sale_rate)) return Outcome::kSale;
    return rng.Chance(kCallbackShare) ? Outcome::kCallback : Outcome::kNotInterested;
  }

  static int64_t Duration(Rng& rng, Outcome outcome) {
    switch (outcome) {
      case Outcome::kNoAnswer:
        return rng.Between(18, 40);
      case Outcome::kVoicemail:
        return rng.Between(25, 75);
      case Outcome::kNotInterested:
        return 15 + static_cast<int64_t>(rng.Exponential(75.0));
      case Outcome::kCallback:
        return 45 + static_cast<int64_t>(rng.Exponential(120.0));
      case Outcome::kSale:
        return std::min<int64_t>(3600, 300 + static_cast<int64_t>(rng.Exponential(540.0)));
    }
    return 30;
  }

  bool InRunRateWindow(int64_t ts) const {
    return ts >= span_.end_s() - RunRateDays() * kSecondsPerDay && ts < span_.end_s();
  }
  int64_t RunRateDays() const { return std::min(kRunRateDays, span_.days()); }

  void EmitCall(int64_t ts, uint64_t contact, size_t campaign_idx, const Agent& agent,
                int64_t duration_s, Outcome outcome) {
    const bool inbound = campaign_idx == campaigns_.size();
    std::string line;
    line.reserve(80);
    line.push_back('u');
    AppendUint(line, static_cast<uint64_t>(contact_ids_(contact)) + 1);
    line.push_back(',');
    AppendTimestamp(line, ts);
    line.append(",call,");
    if (!inbound) line.append(campaigns_[campaign_idx].id);
    line.push_back(',');
    line.append(agent.id);
    line.push_back(',');
    AppendUint(line, static_cast<uint64_t>(duration_s));
    line.push_back(',');
    line.append(kOutcomeNames[static_cast<size_t>(outcome)]);
    line.push_back('\n');
    if (!rows_.Add(ts, std::move(line)) || !InRunRateWindow(ts)) return;
    if (inbound) {
      recent_workspace_cost_ += kCallDollars;
      return;
    }
    Campaign& campaign = campaigns_[campaign_idx];
    campaign.recent_cost += kCallDollars;
    if (outcome != Outcome::kSale) return;
    const int64_t value = campaign.own_value ? kOwnValueCents
                          : ts >= change_s_  ? kNewValueCents
                                             : kValueCents;
    campaign.recent_revenue_cents += value;
    campaign.recent_cost += campaign.share_commission
                                ? static_cast<double>(value * kCommissionSharePercent) / 10000.0
                                : static_cast<double>(kCommissionCents) / 100.0;
  }

  void AppendTimesheet(const Agent& agent, const Campaign* campaign, int64_t day,
                       int64_t quarters) {
    timesheets_.append(agent.id);
    timesheets_.push_back(',');
    if (campaign != nullptr) timesheets_.append(campaign->id);
    timesheets_.push_back(',');
    AppendDate(timesheets_, day);
    timesheets_.push_back(',');
    AppendUint(timesheets_, static_cast<uint64_t>(quarters / 4));
    timesheets_.push_back('.');
    AppendTwoDigits(timesheets_, quarters % 4 * 25);
    timesheets_.push_back('\n');
    ++timesheet_rows_;
    if (!InRunRateWindow(day * kSecondsPerDay)) return;
    const double cost = static_cast<double>(quarters) / 4.0 * kAgentHourDollars;
    if (campaign != nullptr) {
      campaigns_[static_cast<size_t>(campaign - campaigns_.data())].recent_cost += cost;
    } else {
      recent_workspace_cost_ += cost;
    }
  }

  /// One agent's day: the paid hours, training, then dials until the dialing time is used up,
  /// with an unpaid half-hour lunch; the paid hours are booked to the campaign dialled most.
  void AgentDay(Rng& rng, const Agent& agent, int64_t day_idx) {
    const int64_t day = span_.first_day + day_idx;
    const int64_t weekday = Weekday(day);
    if (weekday == 6 || (weekday == 5 && !agent.works_saturday) || IsHoliday(day)) return;
    if (agent.hire_day_idx > day_idx) return;
    if (agent.hire_day_idx == day_idx) {  // onboarding: a day of training, no dials
      AppendTimesheet(agent, nullptr, day, 32);
      return;
    }
    if (rng.Chance(kAbsenceRate)) return;
    int64_t paid = weekday == 5
                       ? rng.Between(16, 20)
                       : std::clamp<int64_t>(agent.paid_quarters + rng.Between(-2, 2), 24, 32);
    int64_t training = 0;
    if (agent.hire_day_idx >= 0 && day_idx <= agent.hire_day_idx + 2) {
      training = 12;  // new hires shadow and train for a few hours on their first days
    } else if (weekday < 5 && rng.Chance(kTrainingDayRate)) {
      training = rng.Chance(0.5) ? 4 : 8;
    }
    if (training > 0) AppendTimesheet(agent, nullptr, day, training);
    paid -= training;

    const size_t main_campaign = CampaignOfDay(agent, day_idx);
    if (main_campaign == campaigns_.size()) return;
    const bool second_active = agent.has_second && agent.second_campaign != main_campaign &&
                               campaigns_[agent.second_campaign].ActiveOn(day_idx);
    // New hires sell less during their first weeks.
    const double ramp = agent.hire_day_idx >= 0 && day_idx < agent.hire_day_idx + 15 ? 0.75 : 1.0;
    const double mean_wrap = std::max(5.0, 3600.0 / agent.pace - kMeanLineSeconds);
    const double budget = static_cast<double>(paid) / 4.0 * 3600.0 * kDialingShareOfPaidTime;

    std::vector<int64_t> calls_by_campaign(campaigns_.size(), 0);
    const int64_t shift_start =
        NewYorkLocalToUtc(day, agent.shift_start_s) + training * 15 * kSecondsPerMinute;
    int64_t ts = shift_start + rng.Between(0, 300);
    double used = 0;
    bool lunched = false;
    while (used < budget) {
      if (!lunched && ts - shift_start >= 4 * kSecondsPerHour) {
        ts += 30 * kSecondsPerMinute;
        lunched = true;
      }
      size_t campaign_idx =
          second_active && rng.Chance(0.25) ? agent.second_campaign : main_campaign;
      uint64_t contact = 0;
      double answer_rate = 1.0;
      if (rng.Chance(kInboundShare)) {
        campaign_idx = campaigns_.size();
        contact = rng.Below(users_);
      } else {
        const Campaign& campaign = campaigns_[campaign_idx];
        contact = (campaign.list_offset + rng.Below(campaign.list_size)) % users_;
        answer_rate = campaign.answer_rate;
        ++calls_by_campaign[campaign_idx];
      }
      const double sale_factor =
          campaign_idx == campaigns_.size() ? 1.0 : campaigns_[campaign_idx].sale_factor;
      const double sale_rate = std::min(0.5, kBaseSaleRate * sale_factor * agent.skill * ramp);
      const Outcome outcome = DrawOutcome(rng, answer_rate, sale_rate);
      const int64_t duration = Duration(rng, outcome);
      EmitCall(ts, contact, campaign_idx, agent, duration, outcome);
      const int64_t cycle = duration + 1 + static_cast<int64_t>(rng.Exponential(mean_wrap));
      ts += cycle;
      used += static_cast<double>(cycle);
    }
    // The paid hours go to the campaign dialled most (the first on a tie; the day's own
    // campaign when every dial happened to be an inbound call).
    const auto most = std::max_element(calls_by_campaign.begin(), calls_by_campaign.end());
    const size_t booked =
        *most > 0 ? static_cast<size_t>(most - calls_by_campaign.begin()) : main_campaign;
    AppendTimesheet(agent, &campaigns_[booked], day, paid);
  }

  /// Writes events.csv and timesheets.csv a day at a time; returns the number of events.
  Result<int64_t> WriteEventsAndTimesheets(const std::string& events_path,
                                           const std::string& timesheets_path) {
    Rng rng(Mix(options_.seed, 203));
    contact_ids_ = Permutation::Make(rng, users_);
    PAYBACK_ASSIGN_OR_RETURN(FilePtr events_file, OpenForWrite(events_path));
    PAYBACK_ASSIGN_OR_RETURN(FilePtr timesheets_file, OpenForWrite(timesheets_path));
    constexpr size_t kFlushBytes = 8 << 20;
    std::string events = "user_id,ts,event,campaign_id,agent_id,duration_s,outcome\n";
    timesheets_ = "agent_id,campaign_id,date,hours\n";
    int64_t rows = 0;
    for (int64_t day_idx = 0; day_idx < span_.days(); ++day_idx) {
      for (size_t agent_idx = 0; agent_idx < agents_.size(); ++agent_idx) {
        Rng day_rng(Mix(options_.seed, 204 + agent_idx, static_cast<uint64_t>(day_idx)));
        AgentDay(day_rng, agents_[agent_idx], day_idx);
      }
      rows += rows_.Flush(day_idx, events);
      if (events.size() >= kFlushBytes) {
        PAYBACK_RETURN_IF_ERROR(WriteAll(events_file.get(), events, events_path));
        events.clear();
      }
      if (timesheets_.size() >= kFlushBytes) {
        PAYBACK_RETURN_IF_ERROR(WriteAll(timesheets_file.get(), timesheets_, timesheets_path));
        timesheets_.clear();
      }
    }
    PAYBACK_RETURN_IF_ERROR(WriteAll(events_file.get(), events, events_path));
    PAYBACK_RETURN_IF_ERROR(Close(std::move(events_file), events_path));
    PAYBACK_RETURN_IF_ERROR(WriteAll(timesheets_file.get(), timesheets_, timesheets_path));
    PAYBACK_RETURN_IF_ERROR(Close(std::move(timesheets_file), timesheets_path));
    return rows;
  }

  // --- settings ----------------------------------------------------------------------------

  /// A revenue and ROI goal from a run rate: revenue 10% above it (a goal to chase), ROI a
  /// little below it, in steps of 5% and never below 0 (one on track).
  std::string Goals(double revenue, double cost) const {
    const double month_days = static_cast<double>(Span::MonthLength(span_.LastMonthStart()));
    const double run_rate_days = static_cast<double>(RunRateDays());
    const double roi = cost > 0 ? revenue / cost - 1.0 : 0.0;
    const int64_t roi_goal_percent =
        std::max<int64_t>(0, static_cast<int64_t>(roi * 0.9 * 20.0) * 5);
    return "    revenue: " + std::to_string(RoundGoal(revenue / run_rate_days * month_days * 1.1)) +
           "\n    roi: " + std::to_string(roi_goal_percent) + "%\n";
  }

  std::string Settings() const {
    std::string change_date;
    AppendDate(change_date, change_day_);
    std::string month;
    AppendMonth(month, span_.LastMonthStart());

    double revenue = 0;
    double cost = recent_workspace_cost_;
    for (const Campaign& campaign : campaigns_) {
      revenue += static_cast<double>(campaign.recent_revenue_cents) / 100.0;
      cost += campaign.recent_cost;
    }
    // The two campaigns that brought the most in recently get their own goals.
    std::vector<const Campaign*> ranked;
    for (const Campaign& campaign : campaigns_) ranked.push_back(&campaign);
    std::stable_sort(ranked.begin(), ranked.end(), [](const Campaign* lhs, const Campaign* rhs) {
      return lhs->recent_revenue_cents > rhs->recent_revenue_cents;
    });

    const std::string& own_value = campaigns_[kOwnValueCampaign].id;
    const std::string& share = campaigns_[kShareCommissionCampaign].id;
    std::string out =
        "# Settings of the synthetic call center written by `payback generate --preset\n"
        "# call_center` (the seed's ROI: revenue per sale, cost per call, cost per agent hour\n"
        "# from the timesheets, commission; docs/costs.md).\n"
        "timezone: America/New_York\n"
        "currency: USD\n"
        "conversions:\n"
        "  - name: Sale\n"
        "    event: call\n"
        "    where: \"outcome = 'sale'\"\n"
        "    model: direct\n"
        "    value_per_conversion:\n"
        "      - amount: 120.00\n"
        "      - amount: 135.00         # the client's new price\n"
        "        from: " +
        change_date +
        "\n"
        "      - amount: 200.00\n"
        "        campaign: " +
        own_value +
        "\n"
        "custom_metrics:\n"
        "  - name: Contact Rate\n"
        "    formula: \"TOTALS(call, \\\"outcome in ('sale', 'callback', 'not_interested')\\\") / "
        "TOTALS(call)\"\n"
        "  - name: Sales per Contact\n"
        "    formula: \"Conversions / TOTALS(call, \\\"outcome in ('sale', 'callback', "
        "'not_interested')\\\")\"\n"
        "  - name: Talk Seconds per Call\n"
        "    formula: \"PROPAVG(call, duration_s)\"\n"
        "costs:\n"
        "  - type: call\n"
        "    amount: 0.04\n"
        "  - type: agent_hour\n"
        "    amount: 22.50\n"
        "  - type: commission\n"
        "    amount: 5.00\n"
        "  - type: commission\n"
        "    campaign: " +
        share +
        "\n"
        "    share: 5%\n"
        "targets:\n"
        "  - month: " +
        month + "\n" + Goals(revenue, cost);
    for (size_t idx = 0; idx < 2 && idx < ranked.size(); ++idx) {
      out += "  - campaign: " + ranked[idx]->id + "\n    month: " + month + "\n" +
             Goals(static_cast<double>(ranked[idx]->recent_revenue_cents) / 100.0,
                   ranked[idx]->recent_cost);
    }
    return out;
  }

  const GenerateOptions& options_;
  const uint64_t users_;
  const Span span_;
  /// The day (and its New York midnight) the new value per sale applies from: mid-span.
  const int64_t change_day_;
  const int64_t change_s_;
  DayOrderedRows rows_;
  int64_t agents_count_ = 0;
  std::vector<Campaign> campaigns_;
  std::vector<Agent> agents_;
  Permutation contact_ids_;
  std::string timesheets_;  // rows of timesheets.csv not written yet
  int64_t timesheet_rows_ = 0;
  double recent_workspace_cost_ = 0.0;
};

}  // namespace
}  // namespace payback::generate

namespace payback {

Result<GenerateSummary> GenerateCallCenter(const GenerateOptions& options) {
  generate::CallCenterGenerator generator(options);
  return generator.Run();
}

}  // namespace payback
