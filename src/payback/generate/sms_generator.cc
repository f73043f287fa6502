#include "payback/generate/sms_generator.h"

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
// The account's shape: an online store texting its subscribers (Emotive's seed: broadcasts and
// experiences, SMS and MMS, replies, STOP). Rates are per message unless stated.

/// Share of the subscribers already on the list when the data starts; the rest join evenly over
/// the span (and get the welcome series).
constexpr double kInitialSubscriberShare = 0.85;
/// Orders without a preceding click, per subscriber per day.
constexpr double kOrganicOrdersPerSubscriberDay = 0.0012;
/// Clickers who come back to buy 1 to 14 days later (mostly outside the 5-day window).
constexpr double kLaterOrderRate = 0.02;
/// Inbound replies: to the campaign (a question, "YES"), STOP (opt-out) and HELP, the last two
/// handled by the platform and so without a campaign.
constexpr double kBroadcastReplyRate = 0.008;
constexpr double kExperienceReplyRate = 0.015;
constexpr double kBroadcastStopRate = 0.003;
constexpr double kExperienceStopRate = 0.001;
constexpr double kHelpRate = 0.0005;

/// The seed's prices (settings.yaml writes the same numbers), in micro-dollars.
constexpr int64_t kSmsMicros = 7900;
constexpr int64_t kMmsMicros = 20000;
constexpr int64_t kInboundMicros = 7900;
constexpr int64_t kCarrierFeeMicros = 3000;
/// The carrier fee from the middle of the span on (a carrier's price change).
constexpr int64_t kNewCarrierFeeMicros = 3500;
constexpr int64_t kQuarterlyPlatformFeeDollars = 1500;
/// Targets are set from the run rate of the last days of the data.
constexpr int64_t kRunRateDays = 28;

struct BroadcastTemplate {
  std::string_view name;
  std::string_view id;
  std::string_view labels;
  bool mms;
  int segments;             // SMS segments of the copy; personalised copies may need one more
  double audience;          // share of the subscribers it reaches (its audience group)
  uint64_t audience_group;  // broadcasts of one group reach the same people
  double order_boost;       // multiplies the share of clickers who order
};
constexpr std::array<BroadcastTemplate, 16> kBroadcasts = {{
    {"Flash Sale: 24 Hours Only", "flash-sale-24h", "Promotional", false, 2, 0.92, 0, 1.2},
    {"New Arrivals Drop", "new-arrivals-drop", "Product Launch", true, 1, 0.80, 1, 1.0},
    {"VIP Early Access", "vip-early-access", "VIP;Promotional", false, 2, 0.15, 2, 1.8},
    {"Free Shipping Weekend", "free-shipping-weekend", "Promotional", false, 1, 0.92, 0, 1.1},
    {"Restock Alert: Bestsellers", "restock-bestsellers", "Product Launch", false, 2, 0.60, 3, 1.0},
    {"Seasonal Lookbook", "seasonal-lookbook", "Product Launch;Seasonal", true, 1, 0.70, 1, 0.8},
    {"Last Chance: Sale Ends Tonight", "last-chance-tonight", "Promotional", false, 1, 0.85, 0,
     1.3},
    {"Loyalty Double Points", "loyalty-double-points", "Loyalty", false, 2, 0.45, 4, 1.0},
    {"Weekend BOGO", "weekend-bogo", "Promotional", false, 2, 0.92, 0, 1.1},
    {"Limited Edition Launch", "limited-edition-launch", "Product Launch", true, 1, 0.75, 1, 0.9},
    {"Customer Appreciation Day", "customer-appreciation", "Loyalty;Promotional", false, 3, 0.92, 0,
     1.0},
    {"Bundle & Save", "bundle-and-save", "Cross-sell", false, 2, 0.70, 3, 0.9},
    {"Mystery Discount Unlock", "mystery-discount", "Promotional", false, 1, 0.85, 0, 1.0},
    {"End of Season Clearance", "end-of-season-clearance", "Promotional", false, 2, 0.92, 0, 1.1},
    {"Gift Guide", "gift-guide", "Seasonal", true, 1, 0.80, 1, 0.9},
    {"Refer a Friend", "refer-a-friend", "Referral", false, 2, 0.60, 4, 0.6},
}};

struct ExperienceTemplate {
  std::string_view name;
  std::string_view id;
  std::string_view labels;
  bool mms;
  int segments;
  double daily_rate;  // entries per subscriber per day; 0 = on joining the list
  double click_rate;  // of delivered
  double order_rate;  // of clickers
  int start_percent;  // < 0: running before the span; else launched this far into it
};
constexpr std::array<ExperienceTemplate, 7> kExperiences = {{
    {"Welcome Series", "welcome-series", "Onboarding", false, 2, 0.0, 0.16, 0.12, -1},
    {"Abandoned Cart", "abandoned-cart", "Cart Recovery", false, 2, 0.0040, 0.24, 0.16, -1},
    {"Browse Abandonment", "browse-abandonment", "Re-engagement", false, 1, 0.0050, 0.12, 0.06, -1},
    {"Post-Purchase Cross-sell", "post-purchase-cross-sell", "Cross-sell", false, 2, 0.0015, 0.09,
     0.06, -1},
    {"Back in Stock", "back-in-stock", "Product Launch", true, 1, 0.0012, 0.22, 0.12, 40},
    {"Win-back: We Miss You", "win-back", "Re-engagement", false, 2, 0.0008, 0.07, 0.05, -1},
    {"Birthday Offer", "birthday-offer", "Loyalty", false, 1, 1.0 / 365.0, 0.15, 0.10, -1},
}};

constexpr std::array<std::string_view, 4> kMarketers = {"olivia", "marcus", "sofia", "liam"};

struct Campaign {
  std::string id;
  std::string name;
  std::string status;
  std::string created_by;
  std::string labels;
  std::string delivery_type;
  std::string kind;
  bool mms = false;
  int64_t start_s = 0;

  // Behaviour.
  int segments = 1;
  int64_t send_day_idx = -1;  // broadcasts: the day of the send (index in the span), -1 none
  int64_t send_ts = 0;        // broadcasts: when it goes out (throttled over minutes after)
  int64_t first_day_idx = 0;  // experiences: the first day it sends
  double audience = 1.0;
  uint64_t audience_group = 0;
  double daily_rate = 0.0;
  double delivery_rate = 0.97;
  double click_rate = 0.08;
  double order_rate = 0.06;
  double reply_rate = kBroadcastReplyRate;
  double stop_rate = kBroadcastStopRate;
  // The run-rate estimates the targets are set from (last kRunRateDays of the span).
  int64_t recent_revenue_cents = 0;
};

enum class EventKind : uint8_t { kSent, kDelivered, kClicked, kReceived, kOrderPlaced };
constexpr std::array<std::string_view, 5> kEventNames = {"sent", "delivered", "clicked", "received",
                                                         "Order Placed"};
constexpr int kNoCampaign = -1;

class SmsGenerator {
 public:
  explicit SmsGenerator(const GenerateOptions& options)
      : options_(options),
        users_(static_cast<uint64_t>(options.users)),
        span_{options.end_day - options.days, options.end_day},
        initial_subscribers_(std::max<uint64_t>(
            1, static_cast<uint64_t>(static_cast<double>(users_) * kInitialSubscriberShare))),
        change_day_(span_.first_day + span_.days() / 2),
        change_s_(NewYorkLocalToUtc(change_day_, 0)),
        rows_(span_.first_day, span_.days()),
        opted_out_(users_, false) {}

  Result<GenerateSummary> Run() {
    BuildCampaigns();
    const std::filesystem::path dir(options_.out_dir);
    const std::string settings_path = (dir / "settings.yaml").string();
    const std::string campaigns_path = (dir / "campaigns.csv").string();
    const std::string events_path = (dir / "events.csv").string();
    GenerateSummary summary;
    PAYBACK_ASSIGN_OR_RETURN(summary.campaigns, WriteCampaigns(campaigns_path));
    PAYBACK_ASSIGN_OR_RETURN(summary.events, WriteEvents(events_path));
    PAYBACK_RETURN_IF_ERROR(WriteWholeFile(settings_path, Settings()));
    summary.files = {{GeneratedFileKind::kSettings, settings_path},
                     {GeneratedFileKind::kCampaigns, campaigns_path},
                     {GeneratedFileKind::kEvents, events_path}};
    return summary;
  }

 private:
  // --- campaigns ---------------------------------------------------------------------------

  void BuildCampaigns() {
    Rng rng(Mix(options_.seed, 101));
    const int64_t days = span_.days();
    // About one broadcast a week, at the middle of its share of the span.
    const int64_t broadcasts = std::clamp<int64_t>((days + 6) / 7, 1, 52);
    for (int64_t idx = 0; idx <= broadcasts; ++idx) {
      const BroadcastTemplate& tmpl = kBroadcasts[static_cast<size_t>(idx) % kBroadcasts.size()];
      const int64_t round = idx / static_cast<int64_t>(kBroadcasts.size());
      Campaign campaign;
      campaign.id = std::string(tmpl.id);
      campaign.name = std::string(tmpl.name);
      if (round > 0) {
        // Appended piecewise: GCC 12's -Wrestrict misfires on `"-" + std::to_string(...)`.
        campaign.id += '-';
        campaign.id += std::to_string(round + 1);
        campaign.name += " #";
        campaign.name += std::to_string(round + 1);
      }
      campaign.kind = "broadcast";
      campaign.delivery_type = "on_publish";
      campaign.labels = std::string(tmpl.labels);
      campaign.created_by = std::string(kMarketers[rng.Below(kMarketers.size())]);
      campaign.mms = tmpl.mms;
      campaign.segments = tmpl.mms ? 1 : tmpl.segments;
      campaign.audience = tmpl.audience;
      campaign.audience_group = tmpl.audience_group;
      // Lunchtime or after work in New York, before midnight UTC (the data's days are UTC).
      const int64_t local_hour = std::array<int64_t, 6>{11, 12, 13, 14, 17, 18}[rng.Below(6)];
      const int64_t minute = std::array<int64_t, 3>{0, 0, 15}[rng.Below(3)];
      // The last one is drafted and scheduled after the data ends: a catalog row, no events.
      const bool scheduled = idx == broadcasts;
      const int64_t day = scheduled ? span_.end_day + rng.Between(2, 9)
                                    : span_.first_day + (2 * idx + 1) * days / (2 * broadcasts);
      campaign.send_ts =
          NewYorkLocalToUtc(day, local_hour * kSecondsPerHour + minute * kSecondsPerMinute);
      campaign.start_s = campaign.send_ts;
      campaign.status = scheduled ? "scheduled" : "completed";
      campaign.send_day_idx = scheduled ? -1 : day - span_.first_day;
      campaign.delivery_rate = tmpl.mms ? rng.Uniform(0.93, 0.96) : rng.Uniform(0.96, 0.985);
      campaign.click_rate = rng.Uniform(0.05, 0.11);
      const double skew = rng.Unit();
      campaign.order_rate = (0.04 + 0.08 * skew * skew) * tmpl.order_boost;
      campaigns_.push_back(std::move(campaign));
    }
    for (const ExperienceTemplate& tmpl : kExperiences) {
      Campaign campaign;
      campaign.id = std::string(tmpl.id);
      campaign.name = std::string(tmpl.name);
      campaign.kind = "experience";
      campaign.labels = std::string(tmpl.labels);
      campaign.created_by = std::string(kMarketers[rng.Below(kMarketers.size())]);
      campaign.status = "running";
      campaign.mms = tmpl.mms;
      campaign.segments = tmpl.mms ? 1 : tmpl.segments;
      campaign.daily_rate = tmpl.daily_rate;
      campaign.delivery_rate = tmpl.mms ? rng.Uniform(0.93, 0.96) : rng.Uniform(0.96, 0.985);
      campaign.click_rate = tmpl.click_rate * rng.Uniform(0.9, 1.1);
      campaign.order_rate = tmpl.order_rate * rng.Uniform(0.9, 1.1);
      campaign.reply_rate = kExperienceReplyRate;
      campaign.stop_rate = kExperienceStopRate;
      campaign.first_day_idx = tmpl.start_percent < 0 ? 0 : days * tmpl.start_percent / 100;
      const int64_t start_day = tmpl.start_percent < 0 ? span_.first_day - rng.Between(45, 400)
                                                       : span_.first_day + campaign.first_day_idx;
      campaign.start_s = NewYorkLocalToUtc(start_day, rng.Between(9, 17) * kSecondsPerHour);
      campaigns_.push_back(std::move(campaign));
    }
  }

  Result<int64_t> WriteCampaigns(const std::string& path) const {
    std::string out =
        "campaign_id,name,status,created_by,labels,channel,delivery_type,kind,start\n";
    for (const Campaign& campaign : campaigns_) {
      for (const std::string_view field :
           {std::string_view(campaign.id), std::string_view(campaign.name),
            std::string_view(campaign.status), std::string_view(campaign.created_by),
            std::string_view(campaign.labels), std::string_view(campaign.mms ? "mms" : "sms"),
            std::string_view(campaign.delivery_type), std::string_view(campaign.kind)}) {
        AppendCsvField(out, field);
        out.push_back(',');
      }
      AppendTimestamp(out, campaign.start_s);
      out.push_back('\n');
    }
    PAYBACK_RETURN_IF_ERROR(WriteWholeFile(path, out));
    return static_cast<int64_t>(campaigns_.size());
  }

  // --- subscribers -------------------------------------------------------------------------

  /// Subscribers are indices in join order: the first initial_subscribers_ were on the list
  /// before the span, the others join evenly over it. The user id printed is a fixed
  /// permutation of the index, so ids look random.
  uint64_t JoinedBy(int64_t day_idx) const {
    const uint64_t joiners = users_ - initial_subscribers_;
    return initial_subscribers_ +
           joiners * static_cast<uint64_t>(day_idx + 1) / static_cast<uint64_t>(span_.days());
  }

  /// A random subscriber on the list on day `day_idx`, or none (users_) after a few opted-out
  /// draws.
  uint64_t RandomSubscriber(Rng& rng, int64_t day_idx) {
    const uint64_t on_list = JoinedBy(day_idx);
    for (int attempt = 0; attempt < 4; ++attempt) {
      const uint64_t subscriber = rng.Below(on_list);
      if (!opted_out_[subscriber]) return subscriber;
    }
    return users_;
  }

  // --- events ------------------------------------------------------------------------------

  /// Queues one row of events.csv. `credited` is, for an order, the campaign whose click led to
  /// it within the window: not written (orders carry no campaign), only counted in the run-rate
  /// estimate the targets are set from.
  void Emit(int64_t ts, EventKind kind, uint64_t subscriber, int campaign_idx, int segments = 0,
            std::string_view keyword = {}, int64_t amount_cents = -1, int credited = kNoCampaign) {
    std::string line;
    line.reserve(64);
    line.push_back('u');
    AppendUint(line, static_cast<uint64_t>(user_ids_(subscriber)) + 1);
    line.push_back(',');
    AppendTimestamp(line, ts);
    line.push_back(',');
    line.append(kEventNames[static_cast<size_t>(kind)]);
    line.push_back(',');
    if (campaign_idx != kNoCampaign) line.append(campaigns_[static_cast<size_t>(campaign_idx)].id);
    line.push_back(',');
    if (segments > 0) AppendUint(line, static_cast<uint64_t>(segments));
    line.push_back(',');
    line.append(keyword);
    line.push_back(',');
    if (amount_cents >= 0) AppendMoney(line, amount_cents);
    line.push_back('\n');
    if (!rows_.Add(ts, std::move(line)) || !InRunRateWindow(ts)) return;
    if (kind == EventKind::kOrderPlaced && credited != kNoCampaign) {
      campaigns_[static_cast<size_t>(credited)].recent_revenue_cents += amount_cents;
    } else if (kind == EventKind::kSent) {
      const bool mms = campaigns_[static_cast<size_t>(campaign_idx)].mms;
      const int64_t carrier_fee = mms               ? 0
                                  : ts >= change_s_ ? kNewCarrierFeeMicros
                                                    : kCarrierFeeMicros;
      recent_cost_micros_ += segments * ((mms ? kMmsMicros : kSmsMicros) + carrier_fee);
    } else if (kind == EventKind::kReceived) {
      recent_cost_micros_ += segments * kInboundMicros;
    }
  }

  bool InRunRateWindow(int64_t ts) const {
    return ts >= span_.end_s() - RunRateDays() * kSecondsPerDay && ts < span_.end_s();
  }
  int64_t RunRateDays() const { return std::min(kRunRateDays, span_.days()); }

  /// An order: many small baskets, a few large ones (about $70 on average).
  static int64_t OrderCents(Rng& rng) {
    const double skew = rng.Unit();
    const int64_t dollars = 15 + static_cast<int64_t>(220.0 * skew * skew * skew);
    const int64_t cents = std::array<int64_t, 4>{99, 95, 0, 49}[rng.Below(4)];
    return dollars * 100 + cents;
  }

  /// Seconds from a click to the order it leads to: mostly within the hour, some days later,
  /// a few past the 5-day window.
  static int64_t OrderDelay(Rng& rng) {
    const double draw = rng.Unit();
    if (draw < 0.55) return 60 + static_cast<int64_t>(rng.Exponential(1500.0));
    if (draw < 0.80) return rng.Between(kSecondsPerHour, kSecondsPerDay);
    if (draw < 0.92) return rng.Between(kSecondsPerDay, 4 * kSecondsPerDay + 12 * kSecondsPerHour);
    if (draw < 0.97)
      return rng.Between(4 * kSecondsPerDay + 12 * kSecondsPerHour, 5 * kSecondsPerDay);
    return rng.Between(5 * kSecondsPerDay + 1, 8 * kSecondsPerDay);
  }

  /// Order placed by `subscriber` at `ts`; `credited` is the campaign whose click led to it
  /// (for the run-rate estimate only) or kNoCampaign.
  void EmitOrder(Rng& rng, int64_t ts, uint64_t subscriber, int credited) {
    Emit(ts, EventKind::kOrderPlaced, subscriber, kNoCampaign, 0, {}, OrderCents(rng), credited);
  }

  /// One message to one subscriber: sent, perhaps delivered, a reply, STOP, a click, an order.
  void EmitMessage(Rng& rng, int campaign_idx, uint64_t subscriber, int64_t sent_ts) {
    const Campaign& campaign = campaigns_[static_cast<size_t>(campaign_idx)];
    // Personalised copy (a long first name, a product) spills into one more segment sometimes.
    const int segments =
        campaign.mms ? 1 : std::min(3, campaign.segments + (rng.Chance(0.15) ? 1 : 0));
    Emit(sent_ts, EventKind::kSent, subscriber, campaign_idx, segments);
    if (!rng.Chance(campaign.delivery_rate)) return;
    const int64_t delivered_ts = sent_ts + rng.Between(2, 25);
    Emit(delivered_ts, EventKind::kDelivered, subscriber, campaign_idx);
    if (rng.Chance(campaign.stop_rate)) {
      Emit(delivered_ts + 5 + static_cast<int64_t>(rng.Exponential(900.0)), EventKind::kReceived,
           subscriber, kNoCampaign, 1, "STOP");
      opted_out_[subscriber] = true;
      return;
    }
    if (rng.Chance(kHelpRate)) {
      Emit(delivered_ts + 5 + static_cast<int64_t>(rng.Exponential(900.0)), EventKind::kReceived,
           subscriber, kNoCampaign, 1, "HELP");
    }
    if (rng.Chance(campaign.reply_rate)) {
      const int reply_segments = rng.Chance(0.15) ? 2 : 1;
      Emit(delivered_ts + 5 + static_cast<int64_t>(rng.Exponential(1800.0)), EventKind::kReceived,
           subscriber, campaign_idx, reply_segments);
    }
    if (!rng.Chance(campaign.click_rate)) return;
    const double draw = rng.Unit();
    int64_t clicked_ts = delivered_ts;
    if (draw < 0.65) {
      clicked_ts += 10 + static_cast<int64_t>(rng.Exponential(480.0));
    } else if (draw < 0.90) {
      clicked_ts += rng.Between(30 * kSecondsPerMinute, 6 * kSecondsPerHour);
    } else {
      clicked_ts += rng.Between(6 * kSecondsPerHour, 2 * kSecondsPerDay);
    }
    Emit(clicked_ts, EventKind::kClicked, subscriber, campaign_idx);
    if (rng.Chance(0.06)) {
      Emit(clicked_ts + rng.Between(20, 2 * kSecondsPerHour), EventKind::kClicked, subscriber,
           campaign_idx);
    }
    if (rng.Chance(campaign.order_rate)) {
      const int64_t delay = OrderDelay(rng);
      EmitOrder(rng, clicked_ts + delay, subscriber,
                delay <= 5 * kSecondsPerDay ? campaign_idx : kNoCampaign);
    }
    if (rng.Chance(kLaterOrderRate)) {
      EmitOrder(rng, clicked_ts + rng.Between(kSecondsPerDay, 14 * kSecondsPerDay), subscriber,
                kNoCampaign);
    }
  }

  /// A text to send: generated for the whole day first, then sent in time order, so that a
  /// STOP stops every later text (a STOP always follows the text it answers).
  struct PlannedText {
    int64_t ts;
    uint32_t subscriber;
    uint32_t campaign_idx;
  };

  void GenerateDay(int64_t day_idx) {
    Rng rng(Mix(options_.seed, 102, static_cast<uint64_t>(day_idx)));
    const int64_t day = span_.first_day + day_idx;
    const uint64_t on_list = JoinedBy(day_idx);
    std::vector<PlannedText> plan;

    // Broadcasts sent today, throttled over a few minutes (carrier throughput).
    for (size_t campaign_idx = 0; campaign_idx < campaigns_.size(); ++campaign_idx) {
      const Campaign& campaign = campaigns_[campaign_idx];
      if (campaign.send_day_idx != day_idx) continue;
      const uint64_t spread =
          static_cast<uint64_t>(std::clamp<int64_t>(static_cast<int64_t>(on_list) / 40, 1, 1800));
      for (uint64_t subscriber = 0; subscriber < on_list; ++subscriber) {
        if (opted_out_[subscriber]) continue;
        if (UnitOf(Mix(options_.seed, 103 + campaign.audience_group, subscriber)) >=
            campaign.audience) {
          continue;
        }
        plan.push_back(PlannedText{campaign.send_ts + static_cast<int64_t>(rng.Below(spread)),
                                   static_cast<uint32_t>(subscriber),
                                   static_cast<uint32_t>(campaign_idx)});
      }
    }

    // Experiences: the welcome series for today's joiners, the others triggered by what
    // subscribers do (a cart left, a birthday), at their active hours.
    for (size_t campaign_idx = 0; campaign_idx < campaigns_.size(); ++campaign_idx) {
      const Campaign& campaign = campaigns_[campaign_idx];
      if (campaign.kind != "experience" || day_idx < campaign.first_day_idx) continue;
      if (campaign.daily_rate == 0.0) {
        for (uint64_t subscriber = day_idx == 0 ? initial_subscribers_ : JoinedBy(day_idx - 1);
             subscriber < on_list; ++subscriber) {
          // Two draws never share one expression: the order of evaluation of `+`'s operands
          // is unspecified, and the output must not depend on the compiler.
          const int64_t signup_ts = ActiveSecondOfDay(rng, day);
          const int64_t ts = signup_ts + rng.Between(5, 60);
          plan.push_back(PlannedText{ts, static_cast<uint32_t>(subscriber),
                                     static_cast<uint32_t>(campaign_idx)});
        }
        continue;
      }
      const double expected = campaign.daily_rate * static_cast<double>(on_list);
      int64_t count = static_cast<int64_t>(expected);
      if (rng.Chance(expected - static_cast<double>(count))) ++count;
      for (; count > 0; --count) {
        const uint64_t subscriber = RandomSubscriber(rng, day_idx);
        const int64_t ts = ActiveSecondOfDay(rng, day);
        if (subscriber == users_) continue;
        plan.push_back(PlannedText{ts, static_cast<uint32_t>(subscriber),
                                   static_cast<uint32_t>(campaign_idx)});
      }
    }

    std::stable_sort(plan.begin(), plan.end(), [](const PlannedText& lhs, const PlannedText& rhs) {
      return lhs.ts < rhs.ts;
    });
    for (const PlannedText& text : plan) {
      if (opted_out_[text.subscriber]) continue;  // a STOP earlier today
      EmitMessage(rng, static_cast<int>(text.campaign_idx), text.subscriber, text.ts);
    }

    // Orders no text led to (the store's other channels).
    const double expected = kOrganicOrdersPerSubscriberDay * static_cast<double>(on_list);
    int64_t count = static_cast<int64_t>(expected);
    if (rng.Chance(expected - static_cast<double>(count))) ++count;
    for (; count > 0; --count) {
      const uint64_t subscriber = rng.Below(on_list);
      EmitOrder(rng, ActiveSecondOfDay(rng, day), subscriber, kNoCampaign);
    }
  }

  Result<int64_t> WriteEvents(const std::string& path) {
    Rng rng(Mix(options_.seed, 104));
    user_ids_ = Permutation::Make(rng, users_);
    PAYBACK_ASSIGN_OR_RETURN(FilePtr file, OpenForWrite(path));
    constexpr size_t kFlushBytes = 8 << 20;
    std::string out = "user_id,ts,event,campaign_id,segments,keyword,amount\n";
    int64_t rows = 0;
    for (int64_t day_idx = 0; day_idx < span_.days(); ++day_idx) {
      GenerateDay(day_idx);
      rows += rows_.Flush(day_idx, out);
      if (out.size() >= kFlushBytes) {
        PAYBACK_RETURN_IF_ERROR(WriteAll(file.get(), out, path));
        out.clear();
      }
    }
    PAYBACK_RETURN_IF_ERROR(WriteAll(file.get(), out, path));
    PAYBACK_RETURN_IF_ERROR(Close(std::move(file), path));
    return rows;
  }

  // --- settings ----------------------------------------------------------------------------

  /// The settings file: the seed's conversion and cost lines, and targets for the data's last
  /// month set from the run rate of its last kRunRateDays days (revenue 10% above it, ROI a
  /// little below it: one goal to chase, one on track).
  std::string Settings() const {
    std::string change_date;
    AppendDate(change_date, change_day_);
    std::string month;
    AppendMonth(month, span_.LastMonthStart());
    const double month_days = static_cast<double>(Span::MonthLength(span_.LastMonthStart()));
    const double run_rate_days = static_cast<double>(RunRateDays());

    int64_t revenue_cents = 0;
    for (const Campaign& campaign : campaigns_) revenue_cents += campaign.recent_revenue_cents;
    const double revenue = static_cast<double>(revenue_cents) / 100.0;
    const double platform_fee =
        static_cast<double>(kQuarterlyPlatformFeeDollars) * 4.0 / 365.0 * run_rate_days;
    const double cost = static_cast<double>(recent_cost_micros_) / 1e6 + platform_fee;
    const double roi = cost > 0 ? revenue / cost - 1.0 : 0.0;
    const int64_t roi_goal_percent = std::max<int64_t>(100, static_cast<int64_t>(roi * 0.9) * 100);

    // The two experiences that brought the most in recently get their own revenue goal.
    std::vector<const Campaign*> experiences;
    for (const Campaign& campaign : campaigns_) {
      if (campaign.kind == "experience") experiences.push_back(&campaign);
    }
    std::stable_sort(experiences.begin(), experiences.end(),
                     [](const Campaign* lhs, const Campaign* rhs) {
                       return lhs->recent_revenue_cents > rhs->recent_revenue_cents;
                     });

    std::string out =
        "# Settings of the synthetic SMS account written by `payback generate --preset sms`\n"
        "# (Emotive's ROI: attributed revenue over messaging cost, carrier fees and the\n"
        "# amortized platform fee; docs/costs.md).\n"
        "timezone: America/New_York\n"
        "currency: USD\n"
        "conversions:\n"
        "  - name: Purchase\n"
        "    event: Order Placed\n"
        "    value: amount\n"
        "    window: 5d\n"
        "    touch: clicked\n"
        "    model: last_touch\n"
        "custom_metrics:\n"
        "  - name: Cost Efficiency\n"
        "    formula: \"Revenue / Cost\"\n"
        "costs:\n"
        "  - type: message\n"
        "    channel: sms\n"
        "    direction: outbound\n"
        "    amount: 0.0079\n"
        "  - type: message\n"
        "    channel: mms\n"
        "    direction: outbound\n"
        "    amount: 0.02\n"
        "  - type: message\n"
        "    direction: inbound\n"
        "    amount: 0.0079\n"
        "  - type: carrier_fee\n"
        "    channel: sms\n"
        "    amount: 0.003\n"
        "  - type: carrier_fee          # the carriers' price change\n"
        "    channel: sms\n"
        "    amount: 0.0035\n"
        "    from: " +
        change_date +
        "\n"
        "  - type: platform_fee\n"
        "    period: quarter\n"
        "    amount: 1500\n"
        "targets:\n"
        "  - month: " +
        month +
        "\n    revenue: " + std::to_string(RoundGoal(revenue / run_rate_days * month_days * 1.1)) +
        "\n    roi: " + std::to_string(roi_goal_percent) + "%\n";
    for (size_t idx = 0; idx < 2 && idx < experiences.size(); ++idx) {
      const double campaign_revenue =
          static_cast<double>(experiences[idx]->recent_revenue_cents) / 100.0;
      out += "  - campaign: " + experiences[idx]->id + "\n    month: " + month + "\n    revenue: " +
             std::to_string(RoundGoal(campaign_revenue / run_rate_days * month_days * 1.1)) + "\n";
    }
    return out;
  }

  const GenerateOptions& options_;
  const uint64_t users_;
  const Span span_;
  const uint64_t initial_subscribers_;
  /// The day (and its New York midnight) the new carrier fee applies from: mid-span.
  const int64_t change_day_;
  const int64_t change_s_;
  DayOrderedRows rows_;
  std::vector<Campaign> campaigns_;
  std::vector<bool> opted_out_;
  Permutation user_ids_;
  int64_t recent_cost_micros_ = 0;
};

}  // namespace
}  // namespace payback::generate

namespace payback {

Result<GenerateSummary> GenerateSms(const GenerateOptions& options) {
  generate::SmsGenerator generator(options);
  return generator.Run();
}

}  // namespace payback
