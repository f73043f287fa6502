#include "payback/generate/messaging_generator.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <numeric>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/common/assert.h"
#include "payback/generate/calendar.h"
#include "payback/generate/output.h"
#include "payback/generate/random.h"

namespace payback::generate {
namespace {

/// Activity by weekday, Monday first (weekends shop a little more).
constexpr std::array<int64_t, 7> kWeekdayWeights = {96, 94, 95, 97, 104, 110, 104};

// ---------------------------------------------------------------------------------------------
// The account's shape.

/// Per-user totals over the whole span, whatever its length: about kMessagingEventsPerUser events.
constexpr double kMessagesPerUser = 3.05;  // each gives ~2.3 events (sent, delivered, ...)
constexpr double kOrganicPurchasesPerUser = 0.17;
constexpr double kOrganicSubscriptionsPerUser = 0.012;
/// Share of clicked messages followed by a purchase 1 to 21 days later.
constexpr double kLaterPurchaseRate = 0.10;
constexpr double kAppLaunchesPerUser = 2.885;

enum class Channel : uint8_t { kPush, kEmail, kInApp, kSms, kWhatsapp };
constexpr std::array<std::string_view, 5> kChannelNames = {"push", "email", "in_app", "sms",
                                                           "whatsapp"};

enum class EventKind : uint8_t {
  kSent,
  kDelivered,
  kViewed,
  kClicked,
  kCharged,
  kSubscriptionStarted,
  kAppLaunched,
};
constexpr std::array<std::string_view, 7> kEventNames = {
    "Notification Sent", "Notification Delivered", "Notification Viewed", "Notification Clicked",
    "Charged",           "Subscription Started",   "App Launched"};

constexpr std::array<std::string_view, 9> kCategories = {
    "Shoes",          "Electronics", "Apparel", "Gift Card", "Beauty",
    "Home & Kitchen", "Sports",      "Toys",    "Books"};
constexpr std::array<int, 9> kCategoryWeights = {16, 12, 20, 7, 14, 10, 8, 6, 7};
/// Whole-dollar price range of each category; prices skew to the low end.
constexpr std::array<std::pair<int, int>, 9> kCategoryPrices = {{{35, 180},
                                                                 {20, 1400},
                                                                 {12, 160},
                                                                 {25, 200},
                                                                 {8, 95},
                                                                 {15, 350},
                                                                 {10, 260},
                                                                 {10, 120},
                                                                 {8, 45}}};
constexpr size_t kGiftCardCategory = 3;
constexpr uint8_t kNoCategory = 0xFF;
constexpr uint32_t kNoCampaign = 0xFFFFFFFF;

struct JourneyNodeTemplate {
  std::string_view name;
  Channel channel;
  int offset_days;    // days after the user entered the journey
  int retention_pct;  // share of the entrants that reach this node
};
struct JourneyTemplate {
  std::string_view labels;
  std::string_view created_by;
  double click_boost;  // triggered messages that answer an intent click more
  std::vector<JourneyNodeTemplate> nodes;
};

const std::vector<JourneyTemplate>& JourneyTemplates() {
  static const std::vector<JourneyTemplate> kTemplates = {
      {"Onboarding",
       "chloe",
       0.0,
       {{"Welcome Series: Day 1", Channel::kEmail, 0, 100},
        {"Welcome Series: Day 3", Channel::kPush, 2, 80},
        {"Welcome Series: Day 7", Channel::kEmail, 6, 65}}},
      {"Re-engagement;Promotional",
       "dev",
       0.03,
       {{"Cart Abandonment Reminder", Channel::kPush, 0, 100},
        {"Cart Abandonment: Last Chance 10% Off", Channel::kEmail, 1, 60}}},
      {"Onboarding",
       "chloe",
       0.0,
       {{"Onboarding: Complete Your Profile", Channel::kInApp, 0, 100},
        {"Onboarding: Enable Notifications", Channel::kInApp, 1, 70}}},
      {"Re-engagement;Retention",
       "dev",
       0.0,
       {{"Win-back: We Miss You", Channel::kEmail, 0, 100},
        {"Win-back: 20% Comeback Offer", Channel::kSms, 3, 55}}},
      {"Cross-sell;Retention",
       "grace",
       0.01,
       {{"Post-Purchase: Rate Your Order", Channel::kEmail, 0, 100},
        {"Post-Purchase: You May Also Like", Channel::kPush, 2, 75}}},
      {"Re-engagement", "dev", 0.02, {{"Browse Abandonment Nudge", Channel::kPush, 0, 100}}},
      {"Transactional;Promotional",
       "grace",
       0.03,
       {{"Back in Stock Alert", Channel::kPush, 0, 100}}},
      {"Promotional", "ana", 0.02, {{"Price Drop on Wishlist Item", Channel::kPush, 0, 100}}},
      {"Loyalty",
       "chloe",
       0.01,
       {{"Birthday Reward", Channel::kEmail, 0, 100},
        {"Birthday Reward Reminder", Channel::kWhatsapp, 5, 60}}},
      {"Retention;Transactional",
       "farid",
       0.0,
       {{"Subscription Renewal Reminder", Channel::kEmail, 0, 100},
        {"Subscription Renewal: Final Notice", Channel::kSms, 2, 50}}},
      {"Loyalty", "grace", 0.0, {{"Loyalty Tier Upgrade", Channel::kInApp, 0, 100}}},
      {"Transactional",
       "farid",
       0.0,
       {{"Order Shipped: Track Your Package", Channel::kWhatsapp, 0, 100}}},
  };
  return kTemplates;
}

struct RecurringTemplate {
  std::string_view name;
  Channel channel;
  int cadence_days;
  std::string_view labels;
};
constexpr std::array<RecurringTemplate, 9> kRecurringTemplates = {{
    {"Weekly Deals Digest", Channel::kEmail, 7, "Promotional;Newsletter"},
    {"Deal of the Day", Channel::kPush, 1, "Promotional"},
    {"Monthly Newsletter", Channel::kEmail, 28, "Newsletter"},
    {"Weekend Flash Sale", Channel::kPush, 7, "Promotional"},
    {"New Arrivals This Week", Channel::kEmail, 7, "Promotional"},
    {"Loyalty Points Reminder", Channel::kSms, 14, "Loyalty;Retention"},
    {"Top Picks For You", Channel::kInApp, 1, "Cross-sell;Promotional"},
    {"WhatsApp Weekly Offers", Channel::kWhatsapp, 7, "Promotional"},
    {"Payday Weekend Deals", Channel::kSms, 14, "Promotional"},
}};

struct FestiveTemplate {
  std::string_view name;
  int month;
  int day;
};
constexpr std::array<FestiveTemplate, 22> kFestiveTemplates = {{
    {"New Year Mega Sale", 1, 1},
    {"MLK Weekend Sale", 1, 17},
    {"Super Bowl TV Deals", 2, 7},
    {"Valentine's Day Gift Guide", 2, 14},
    {"Presidents' Day Sale", 2, 16},
    {"Lunar New Year Celebration", 2, 17},
    {"International Women's Day Picks", 3, 8},
    {"St. Patrick's Day Specials", 3, 17},
    {"Spring Equinox Sale", 3, 20},
    {"Easter Early Access", 3, 29},
    {"Mother's Day Gift Guide", 5, 10},
    {"Memorial Day Sale", 5, 25},
    {"Father's Day Gift Guide", 6, 21},
    {"Fourth of July Sale", 7, 4},
    {"Back to School Savings", 8, 10},
    {"Labor Day Sale", 9, 7},
    {"Halloween Treats", 10, 31},
    {"Singles' Day Sale", 11, 11},
    {"Black Friday Doorbusters", 11, 27},
    {"Cyber Monday Deals", 11, 30},
    {"Holiday Gift Guide", 12, 10},
    {"Boxing Day Clearance", 12, 26},
}};

constexpr std::array<std::string_view, 34> kThemes = {"Spring Shoes",
                                                      "Running Shoes",
                                                      "Sneaker",
                                                      "Denim",
                                                      "Summer Dress",
                                                      "Outerwear",
                                                      "Activewear",
                                                      "Headphones",
                                                      "Smartwatch",
                                                      "Laptop",
                                                      "Gaming",
                                                      "Smart Home",
                                                      "Skincare",
                                                      "Fragrance",
                                                      "Makeup",
                                                      "Haircare",
                                                      "Kitchen Essentials",
                                                      "Home Decor",
                                                      "Bedding",
                                                      "Outdoor Gear",
                                                      "Camping",
                                                      "Fitness Gear",
                                                      "Yoga",
                                                      "Kids' Toys",
                                                      "Board Games",
                                                      "Bestsellers",
                                                      "Handbags",
                                                      "Watches",
                                                      "Sunglasses",
                                                      "Jewelry",
                                                      "Travel Essentials",
                                                      "Pet Supplies",
                                                      "Books",
                                                      "Coffee & Tea"};
constexpr std::array<std::string_view, 12> kPromoSuffixes = {
    "Promotion",    "Flash Sale",  "Weekend Deal",    "Clearance",
    "Launch",       "Price Drop",  "Bundle Offer",    "Free Shipping Weekend",
    "Early Access", "Last Chance", "Buy One Get One", "Members' Sale"};
constexpr std::array<std::string_view, 7> kRegions = {" (US)", " (UK)", " (CA)", " (AU)",
                                                      " (DE)", " (FR)", " (MX)"};
constexpr std::array<std::string_view, 7> kMarketers = {"ana",  "ben",   "chloe", "dev",
                                                        "emma", "farid", "grace"};
constexpr std::array<int, 7> kMarketerWeights = {22, 18, 12, 10, 20, 8, 10};

/// One campaign: its catalog row and how it behaves.
struct Campaign {
  // Catalog fields.
  std::string id;
  std::string name;
  std::string status;
  std::string created_by;
  std::string labels;
  std::string journey_id;
  std::string delivery_type;
  std::string kind;
  Channel channel = Channel::kPush;
  int64_t expenses_cents = 0;
  int64_t start_s = 0;
  int64_t end_s = -1;  // -1: open-ended
  bool in_catalog = true;

  // Behaviour.
  std::vector<int64_t> run_times;  // broadcasts: send times inside the span
  bool numbered_messages = false;  // message_id "m<run>" for recurring and specific-date runs
  int32_t journey = -1;            // index into journeys, for journey nodes
  int32_t node_offset_days = 0;
  double node_retention = 1.0;
  Permutation audience_perm;
  int64_t audience = 0;  // per run
  double participation = 1.0;
  double weight = 1.0;  // share of all sends (per broadcast or per journey)
  double delivery_rate = 0.93;
  double view_rate = 0.3;
  double click_rate = 0.06;
  double purchase_rate = 0.1;
  double subscribe_rate = 0.005;
};

/// Users enter a journey a block per day, so each user enters it at most once.
struct Journey {
  int64_t first_day = 0;  // first entry day (index in the span)
  int64_t last_day = -1;  // last day any node sends
  double per_day = 0;     // entrants per day; fractional so that small accounts get a few
  /// The entrants of a day are the slots [Slot(day), Slot(day + 1)) of the permutation.
  uint64_t Slot(int64_t day) const {
    return static_cast<uint64_t>(static_cast<double>(day - first_day) * per_day);
  }
  Permutation perm;
  uint64_t salt = 0;
  double weight = 1.0;
  double retention_sum = 1.0;
};

/// One row of events.csv, compact so a day of ~10^5..10^6 events sorts quickly.
struct Event {
  int64_t ts;
  uint64_t seq;  // generation order: makes (ts, seq) a total order, so sorting is deterministic
  uint32_t user;
  uint32_t campaign;
  uint32_t amount_cents;
  uint16_t run;  // message_id "m<run>", 0 = none
  EventKind kind;
  uint8_t category;
};

// ---------------------------------------------------------------------------------------------

class MessagingGenerator {
 public:
  explicit MessagingGenerator(const GenerateOptions& options)
      : options_(options),
        users_(static_cast<uint64_t>(options.users)),
        days_(options.days),
        end_day_(options.end_day),
        first_day_(end_day_ - options.days),
        span_start_s_(first_day_ * kSecondsPerDay),
        span_end_s_(end_day_ * kSecondsPerDay) {}

  Result<GenerateSummary> Run() {
    BuildCampaigns();
    GenerateSummary summary;
    const std::filesystem::path dir(options_.out_dir);
    const std::string campaigns_path = (dir / "campaigns.csv").string();
    const std::string events_path = (dir / "events.csv").string();
    const std::string settings_path = (dir / "settings.yaml").string();
    PAYBACK_ASSIGN_OR_RETURN(summary.campaigns, WriteCampaigns(campaigns_path));
    PAYBACK_ASSIGN_OR_RETURN(summary.events, WriteEvents(events_path));
    PAYBACK_RETURN_IF_ERROR(WriteSettings(settings_path));
    summary.files = {{GeneratedFileKind::kSettings, settings_path},
                     {GeneratedFileKind::kCampaigns, campaigns_path},
                     {GeneratedFileKind::kEvents, events_path}};
    return summary;
  }

 private:
  // --- campaigns ---------------------------------------------------------------------------

  void BuildCampaigns() {
    Rng rng(Mix(options_.seed, 1));
    const int64_t catalog_count =
        std::max<int64_t>(12, std::min<int64_t>(300, options_.users / 3000));
    // Campaigns deleted from the catalog but still in the event export (data.md allows it).
    const int64_t orphan_count = std::max<int64_t>(2, catalog_count / 40);
    const int64_t total = catalog_count + orphan_count;

    const int64_t journey_target = std::max<int64_t>(3, total * 24 / 100);
    const int64_t recurring_target = std::max<int64_t>(2, total * 12 / 100);
    const int64_t festive_target = std::max<int64_t>(1, total * 12 / 100);
    const int64_t scheduled_target = std::max<int64_t>(1, total * 3 / 100);

    int64_t journey_nodes = 0;
    for (int64_t group = 0; journey_nodes < journey_target; ++group) {
      AddJourney(rng, group);
      journey_nodes += static_cast<int64_t>(
          JourneyTemplates()[static_cast<size_t>(group) % JourneyTemplates().size()].nodes.size());
    }
    for (int64_t idx = 0; idx < recurring_target; ++idx) AddRecurring(rng, idx);
    AddFestive(rng, festive_target);
    for (int64_t idx = 0; idx < scheduled_target; ++idx) AddPromo(rng, /*scheduled=*/true);
    // Orphans are drawn from one-off promotions, which always send inside the span.
    while (static_cast<int64_t>(campaigns_.size()) < total || PromosWithRuns() < orphan_count) {
      AddPromo(rng, /*scheduled=*/false);
    }

    AssignAudiences(rng);
    for (Campaign& campaign : campaigns_) SetExpenses(rng, campaign);
    AssignIds(rng);

    std::vector<size_t> promos;
    for (size_t idx = 0; idx < campaigns_.size(); ++idx) {
      if (campaigns_[idx].kind == "broadcast" && campaigns_[idx].delivery_type == "on_publish" &&
          !campaigns_[idx].run_times.empty()) {
        promos.push_back(idx);
      }
    }
    for (int64_t idx = 0; idx < orphan_count; ++idx) {
      const size_t pick = static_cast<size_t>(rng.Below(promos.size()));
      campaigns_[promos[pick]].in_catalog = false;
      promos.erase(promos.begin() + static_cast<std::ptrdiff_t>(pick));
    }
  }

  int64_t PromosWithRuns() const {
    return std::count_if(campaigns_.begin(), campaigns_.end(), [](const Campaign& campaign) {
      return campaign.kind == "broadcast" && campaign.delivery_type == "on_publish" &&
             !campaign.run_times.empty();
    });
  }

  std::string UniqueName(Rng& rng, std::string base) {
    if (names_.insert(base).second) return base;
    for (int attempt = 0; attempt < 64; ++attempt) {
      std::string name = base + std::string(kRegions[rng.Below(kRegions.size())]);
      if (names_.insert(name).second) return name;
    }
    for (int wave = 2;; ++wave) {
      std::string name = base + " - Wave " + std::to_string(wave);
      if (names_.insert(name).second) return name;
    }
  }

  std::string PickMarketer(Rng& rng) {
    return std::string(kMarketers[PickWeighted(rng, kMarketerWeights)]);
  }

  /// Funnel rates by channel; clicks vary by campaign between 3% and 12% of delivered.
  void SetFunnel(Rng& rng, Campaign& campaign, double click_boost) {
    double click_lo = 0.03;
    double click_hi = 0.08;
    switch (campaign.channel) {
      case Channel::kPush:
        campaign.delivery_rate = rng.Uniform(0.89, 0.93);
        campaign.view_rate = rng.Uniform(0.26, 0.36);
        click_hi = 0.09;
        break;
      case Channel::kEmail:
        campaign.delivery_rate = rng.Uniform(0.94, 0.97);
        campaign.view_rate = rng.Uniform(0.17, 0.28);
        click_hi = 0.07;
        break;
      case Channel::kInApp:
        campaign.delivery_rate = rng.Uniform(0.92, 0.96);
        campaign.view_rate = rng.Uniform(0.55, 0.72);
        click_lo = 0.05;
        click_hi = 0.11;
        break;
      case Channel::kSms:
        campaign.delivery_rate = rng.Uniform(0.94, 0.97);
        campaign.view_rate = 0.0;  // no read receipts for SMS
        click_hi = 0.06;
        break;
      case Channel::kWhatsapp:
        campaign.delivery_rate = rng.Uniform(0.91, 0.95);
        campaign.view_rate = rng.Uniform(0.40, 0.55);
        click_lo = 0.05;
        click_hi = 0.11;
        break;
    }
    campaign.click_rate = std::min(0.12, rng.Uniform(click_lo, click_hi) + click_boost);
    // Winners and losers: most campaigns convert few clickers, a few convert many.
    const double skew = rng.Unit();
    campaign.purchase_rate = 0.08 + 0.40 * skew * skew + click_boost;
    campaign.subscribe_rate = rng.Uniform(0.002, 0.02);
  }

  /// Status and end of a campaign from its dates relative to the span's end.
  void SetEndAndStatus(Rng& rng, Campaign& campaign, int64_t end_s, bool open_ended) {
    if (campaign.start_s >= span_end_s_) {
      campaign.status = "scheduled";
      campaign.end_s = open_ended ? -1 : end_s;
    } else if (!open_ended && end_s < span_end_s_) {
      campaign.status = rng.Chance(0.12) ? "stopped" : "completed";
      campaign.end_s = end_s;
    } else {
      campaign.end_s = open_ended ? -1 : end_s;
      campaign.status = campaign.delivery_type == "recurring" && rng.Chance(0.5)
                            ? "awaiting_next_run"
                            : "running";
    }
  }

  /// A broadcast send time on a day: a campaign's hour in New York plus a few minutes.
  int64_t SendTime(int64_t day, int64_t local_hour, int64_t minute) const {
    return day * kSecondsPerDay + (local_hour + NewYorkToUtcHours(day)) * kSecondsPerHour +
           minute * kSecondsPerMinute;
  }

  void AddJourney(Rng& rng, int64_t group) {
    const auto& templates = JourneyTemplates();
    const JourneyTemplate& tmpl = templates[static_cast<size_t>(group) % templates.size()];
    const int64_t round = group / static_cast<int64_t>(templates.size());
    std::string region;
    if (round > 0) region = std::string(kRegions[static_cast<size_t>(round - 1) % kRegions.size()]);

    Journey journey;
    const int64_t start_day = first_day_ + rng.Between(-150, std::max<int64_t>(0, days_ - 10));
    const bool stopped = rng.Chance(0.15);
    const int64_t stop_day =
        stopped ? std::max(start_day + 1, first_day_ + rng.Between(days_ / 3, days_)) : -1;
    journey.first_day = std::max<int64_t>(0, start_day - first_day_);
    journey.last_day = stopped ? std::min<int64_t>(days_, stop_day - first_day_) - 1 : days_ - 1;
    journey.perm = Permutation::Make(rng, users_);
    journey.salt = rng.Next();
    const double skew = rng.Unit();
    journey.weight = 0.3 + 1.5 * skew * skew;
    journey.retention_sum = 0;
    for (const JourneyNodeTemplate& node : tmpl.nodes)
      journey.retention_sum += node.retention_pct / 100.0;
    const int32_t journey_idx = static_cast<int32_t>(journeys_.size());
    // Published at once: the nodes share the start, and so get consecutive ids in node order.
    const int64_t journey_start_s =
        start_day * kSecondsPerDay + rng.Between(13, 22) * kSecondsPerHour;
    journeys_.push_back(journey);

    const std::string journey_id = std::to_string(1750000000 + group * 7919 + rng.Between(0, 7000));
    const std::string created_by =
        rng.Chance(0.7) ? std::string(tmpl.created_by) : PickMarketer(rng);
    for (const JourneyNodeTemplate& node : tmpl.nodes) {
      Campaign campaign;
      campaign.name = UniqueName(rng, std::string(node.name) + region);
      campaign.kind = "journey";
      campaign.delivery_type = "on_publish";
      campaign.channel = node.channel;
      campaign.created_by = created_by;
      campaign.labels = std::string(tmpl.labels);
      campaign.journey_id = journey_id;
      campaign.start_s = journey_start_s;
      campaign.journey = journey_idx;
      campaign.node_offset_days = node.offset_days;
      campaign.node_retention = node.retention_pct / 100.0;
      SetFunnel(rng, campaign, tmpl.click_boost);
      SetEndAndStatus(rng, campaign, stopped ? stop_day * kSecondsPerDay : 0, !stopped);
      if (stopped) campaign.status = "stopped";
      campaigns_.push_back(std::move(campaign));
    }
  }

  void AddRecurring(Rng& rng, int64_t idx) {
    const RecurringTemplate& tmpl =
        kRecurringTemplates[static_cast<size_t>(idx) % kRecurringTemplates.size()];
    Campaign campaign;
    campaign.name = UniqueName(rng, std::string(tmpl.name));
    campaign.kind = "broadcast";
    campaign.delivery_type = "recurring";
    campaign.channel = tmpl.channel;
    campaign.created_by = PickMarketer(rng);
    campaign.labels = std::string(tmpl.labels);
    campaign.numbered_messages = true;
    const int64_t start_day = first_day_ + rng.Between(-40, std::max<int64_t>(0, days_ - 7));
    const int64_t local_hour = std::array<int64_t, 5>{8, 9, 10, 12, 18}[rng.Below(5)];
    const int64_t minute = std::array<int64_t, 3>{0, 15, 30}[rng.Below(3)];
    campaign.start_s = SendTime(start_day, local_hour, minute);
    const bool ends = rng.Chance(0.35);
    // A program that ended still ran inside the span (else it would be an empty row).
    const int64_t end_day =
        ends ? std::max(start_day + rng.Between(21, 120), first_day_ + std::min<int64_t>(14, days_))
             : end_day_ + 3650;
    for (int64_t day = start_day; day < std::min(end_day, end_day_); day += tmpl.cadence_days) {
      if (day >= first_day_) campaign.run_times.push_back(SendTime(day, local_hour, minute));
    }
    campaign.participation = rng.Uniform(0.85, 0.97);
    SetFunnel(rng, campaign, 0.0);
    SetEndAndStatus(rng, campaign, end_day * kSecondsPerDay, !ends);
    campaigns_.push_back(std::move(campaign));
  }

  void AddFestive(Rng& rng, int64_t target) {
    std::vector<std::pair<int64_t, size_t>> occasions;  // (day, template)
    for (int64_t year = CivilFromDays(first_day_).year; year <= 2026; ++year) {
      for (size_t idx = 0; idx < kFestiveTemplates.size(); ++idx) {
        const int64_t day =
            DaysFromCivil(year, kFestiveTemplates[idx].month, kFestiveTemplates[idx].day);
        if (day >= first_day_ + 3 && day < end_day_) occasions.emplace_back(day, idx);
      }
    }
    // The most recent first: a short span keeps the occasions inside it.
    std::sort(occasions.begin(), occasions.end(), std::greater<>());
    const bool multi_year = CivilFromDays(first_day_).year < 2026;
    int64_t added = 0;
    for (const auto& [day, tmpl_idx] : occasions) {
      if (added >= target) break;
      const FestiveTemplate& tmpl = kFestiveTemplates[tmpl_idx];
      std::string base(tmpl.name);
      if (multi_year) base += " " + std::to_string(CivilFromDays(day).year);
      const int variants = added + 1 < target && rng.Chance(0.6) ? 2 : 1;
      for (int variant = 0; variant < variants; ++variant) {
        Campaign campaign;
        campaign.channel = variant == 0 ? Channel::kPush : Channel::kEmail;
        campaign.name = UniqueName(rng, variant == 0 ? base : base + ": Email");
        campaign.kind = "broadcast";
        campaign.created_by = PickMarketer(rng);
        campaign.labels =
            rng.Chance(0.4) ? "Promotional;Festive Sale;Seasonal" : "Promotional;Festive Sale";
        const int64_t local_hour = variant == 0 ? 11 : 9;
        if (rng.Chance(0.6)) {
          campaign.delivery_type = "specific_dates";
          campaign.numbered_messages = true;
          for (const int64_t before : {5, 2, 0}) {
            const int64_t run_day = day - before;
            if (run_day >= first_day_)
              campaign.run_times.push_back(SendTime(run_day, local_hour, 0));
          }
        } else {
          campaign.delivery_type = "on_publish";
          campaign.run_times.push_back(SendTime(day - 2, local_hour, 0));
        }
        campaign.start_s = campaign.run_times.front();
        SetFunnel(rng, campaign, 0.01);
        SetEndAndStatus(rng, campaign, (day + 1) * kSecondsPerDay, false);
        campaigns_.push_back(std::move(campaign));
        ++added;
      }
    }
  }

  // Note for every draw below: the order in which function arguments or the operands of `+` are
  // evaluated is unspecified (GCC and Clang differ), so two draws never share one expression.
  static std::string PromoName(Rng& rng) {
    const std::string_view theme = kThemes[rng.Below(kThemes.size())];
    const std::string_view suffix = kPromoSuffixes[rng.Below(kPromoSuffixes.size())];
    return std::string(theme) + " " + std::string(suffix);
  }

  void AddPromo(Rng& rng, bool scheduled) {
    Campaign campaign;
    std::string base = PromoName(rng);
    for (int attempt = 0; attempt < 8 && names_.count(base) > 0; ++attempt) base = PromoName(rng);
    campaign.name = UniqueName(rng, base);
    campaign.kind = "broadcast";
    campaign.delivery_type = "on_publish";
    const size_t channel = PickWeighted(rng, std::array<int, 5>{45, 30, 10, 10, 5});
    campaign.channel = static_cast<Channel>(channel);
    campaign.created_by = PickMarketer(rng);
    campaign.labels = "Promotional";
    if (rng.Chance(0.2)) campaign.labels += ";Cross-sell";
    if (rng.Chance(0.15)) campaign.labels += ";High Value";
    if (rng.Chance(0.1)) campaign.labels += ";Re-engagement";
    if (base.rfind("Spring", 0) == 0 || base.rfind("Summer", 0) == 0)
      campaign.labels += ";Seasonal";
    const int64_t day = scheduled ? end_day_ + rng.Between(1, 20)
                                  : first_day_ + rng.Between(0, std::max<int64_t>(0, days_ - 1));
    const int64_t local_hour = std::array<int64_t, 6>{9, 10, 11, 12, 17, 19}[rng.Below(6)];
    const int64_t minute = std::array<int64_t, 4>{0, 0, 30, 45}[rng.Below(4)];
    campaign.start_s = SendTime(day, local_hour, minute);
    if (!scheduled && campaign.start_s < span_end_s_)
      campaign.run_times.push_back(campaign.start_s);
    SetFunnel(rng, campaign, 0.0);
    SetEndAndStatus(rng, campaign, (day + rng.Between(7, 21)) * kSecondsPerDay, false);
    campaigns_.push_back(std::move(campaign));
  }

  /// Splits kMessagesPerUser * users sends over the campaigns by random weights.
  void AssignAudiences(Rng& rng) {
    // A sender is a broadcast with runs in the span or a journey; `units` turns its sends into
    // an audience per run (or entrants per day), `cap` keeps audiences believable (a broadcast
    // reaches at most 60% of the users, a user enters a journey at most once).
    struct Sender {
      double weight;
      double units;
      double cap;
      bool capped = false;
    };
    const double users = static_cast<double>(users_);
    std::vector<Sender> senders;
    for (Campaign& campaign : campaigns_) {
      campaign.audience_perm = Permutation::Make(rng, users_);
      if (campaign.journey >= 0 || campaign.run_times.empty()) continue;
      const double skew = rng.Unit();
      const double units = static_cast<double>(campaign.run_times.size()) * campaign.participation;
      senders.push_back(Sender{0.3 + 2.0 * skew * skew, units, 0.6 * users * units});
    }
    for (const Journey& journey : journeys_) {
      const double entry_days =
          static_cast<double>(std::max<int64_t>(1, journey.last_day - journey.first_day + 1));
      senders.push_back(Sender{journey.weight, entry_days * journey.retention_sum,
                               users * journey.retention_sum});
    }
    // Water-filling: split the sends by weight; whatever a capped sender cannot take goes to
    // the others, so the events-per-user ratio holds at every size.
    const double total_sends = kMessagesPerUser * users;
    double pool = total_sends;
    double weight_sum = 0;
    for (int round = 0; round < 16; ++round) {
      pool = total_sends;
      weight_sum = 0;
      for (const Sender& sender : senders) {
        if (sender.capped) {
          pool -= sender.cap;
        } else {
          weight_sum += sender.weight;
        }
      }
      bool changed = false;
      for (Sender& sender : senders) {
        if (!sender.capped && weight_sum > 0 && pool * sender.weight / weight_sum > sender.cap) {
          sender.capped = true;
          changed = true;
        }
      }
      if (!changed) break;
    }
    const auto sends = [&](const Sender& sender) {
      return sender.capped || weight_sum <= 0 ? sender.cap
                                              : std::max(0.0, pool) * sender.weight / weight_sum;
    };
    size_t sender_idx = 0;
    for (Campaign& campaign : campaigns_) {
      if (campaign.journey >= 0 || campaign.run_times.empty()) continue;
      const Sender& sender = senders[sender_idx++];
      campaign.audience = std::max<int64_t>(1, static_cast<int64_t>(sends(sender) / sender.units));
    }
    for (Journey& journey : journeys_) {
      const Sender& sender = senders[sender_idx++];
      journey.per_day = sends(sender) / sender.units;
    }
  }

  int64_t ExpectedSends(const Campaign& campaign) const {
    if (campaign.journey >= 0) {
      const Journey& journey = journeys_[static_cast<size_t>(campaign.journey)];
      const double days =
          static_cast<double>(std::max<int64_t>(0, journey.last_day - journey.first_day + 1));
      return static_cast<int64_t>(days * journey.per_day * campaign.node_retention);
    }
    return static_cast<int64_t>(static_cast<double>(campaign.run_times.size()) *
                                static_cast<double>(campaign.audience) * campaign.participation);
  }

  /// Fixed cost plus the channel's price per message, rounded to $5.
  void SetExpenses(Rng& rng, Campaign& campaign) {
    // Creative, agency and platform share, plus what the provider bills per message.
    int64_t fixed_lo = 150;
    int64_t fixed_hi = 1200;
    double per_message = 0.002;
    switch (campaign.channel) {
      case Channel::kPush:
        break;
      case Channel::kEmail:
        fixed_lo = 400;
        fixed_hi = 2500;
        per_message = 0.004;
        break;
      case Channel::kInApp:
        fixed_lo = 100;
        fixed_hi = 800;
        per_message = 0.001;
        break;
      case Channel::kSms:
        fixed_lo = 200;
        fixed_hi = 900;
        per_message = 0.0079;
        break;
      case Channel::kWhatsapp:
        fixed_lo = 300;
        fixed_hi = 1200;
        per_message = 0.0147;
        break;
    }
    if (campaign.journey >= 0) fixed_hi = (fixed_lo + fixed_hi) / 2;
    const double dollars = static_cast<double>(rng.Between(fixed_lo, fixed_hi)) +
                           per_message * static_cast<double>(ExpectedSends(campaign));
    campaign.expenses_cents = std::max<int64_t>(1, static_cast<int64_t>(dollars / 5.0 + 0.5)) * 500;
  }

  /// Ids grow with the start date, like ids handed out at creation.
  void AssignIds(Rng& rng) {
    std::vector<size_t> order(campaigns_.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this](size_t lhs, size_t rhs) {
      return campaigns_[lhs].start_s < campaigns_[rhs].start_s;
    });
    int64_t next = 1760000000 + rng.Between(0, 99999);
    for (const size_t idx : order) {
      campaigns_[idx].id = std::to_string(next);
      next += rng.Between(300, 9000);
    }
  }

  Result<int64_t> WriteCampaigns(const std::string& path) const {
    std::vector<const Campaign*> rows;
    for (const Campaign& campaign : campaigns_) {
      if (campaign.in_catalog) rows.push_back(&campaign);
    }
    std::sort(rows.begin(), rows.end(),
              [](const Campaign* lhs, const Campaign* rhs) { return lhs->id < rhs->id; });
    std::string out =
        "campaign_id,name,status,created_by,labels,journey_id,channel,delivery_type,kind,"
        "expenses,start,end\n";
    for (const Campaign* campaign : rows) {
      for (const std::string_view field :
           {std::string_view(campaign->id), std::string_view(campaign->name),
            std::string_view(campaign->status), std::string_view(campaign->created_by),
            std::string_view(campaign->labels), std::string_view(campaign->journey_id),
            kChannelNames[static_cast<size_t>(campaign->channel)],
            std::string_view(campaign->delivery_type), std::string_view(campaign->kind)}) {
        AppendCsvField(out, field);
        out.push_back(',');
      }
      AppendMoney(out, campaign->expenses_cents);
      out.push_back(',');
      AppendTimestamp(out, campaign->start_s);
      out.push_back(',');
      if (campaign->end_s >= 0) AppendTimestamp(out, campaign->end_s);
      out.push_back('\n');
    }
    PAYBACK_ASSIGN_OR_RETURN(FilePtr file, OpenForWrite(path));
    PAYBACK_RETURN_IF_ERROR(WriteAll(file.get(), out, path));
    PAYBACK_RETURN_IF_ERROR(Close(std::move(file), path));
    return static_cast<int64_t>(rows.size());
  }

  Status WriteSettings(const std::string& path) const {
    const std::string out =
        "# Settings of the synthetic messaging account written by `payback generate`.\n"
        "timezone: America/New_York\n"
        "currency: USD\n"
        "conversions:\n"
        "  - name: Purchase\n"
        "    event: Charged\n"
        "    where: \"amount > 0 and category != 'Gift Card'\"\n"
        "    window: 7d\n"
        "    value: amount\n"
        "    touch: clicked\n"
        "    model: last_touch\n"
        "  - name: Subscription\n"
        "    event: Subscription Started\n"
        "    window: 3d\n"
        "    touch: clicked\n"
        "    model: last_touch\n";
    PAYBACK_ASSIGN_OR_RETURN(FilePtr file, OpenForWrite(path));
    PAYBACK_RETURN_IF_ERROR(WriteAll(file.get(), out, path));
    return Close(std::move(file), path);
  }

  // --- events ------------------------------------------------------------------------------

  /// Queues an event in the bucket of its day; events past the span's end are not exported yet.
  void Emit(int64_t ts, EventKind kind, uint32_t user, uint32_t campaign = kNoCampaign,
            uint16_t run = 0, uint32_t amount_cents = 0, uint8_t category = kNoCategory) {
    if (ts >= span_end_s_) return;
    const int64_t bucket = (ts - span_start_s_) / kSecondsPerDay;
    PAYBACK_ASSERT(bucket >= current_bucket_);
    buckets_[static_cast<size_t>(bucket)].push_back(
        Event{ts, seq_++, user, campaign, amount_cents, run, kind, category});
  }

  /// A purchase: category by weight, a skewed price (many small baskets, a few large ones).
  void EmitPurchase(Rng& rng, int64_t ts, uint32_t user) {
    const size_t category = PickWeighted(rng, kCategoryWeights);
    int64_t cents = 0;
    if (category == kGiftCardCategory) {
      cents = std::array<int64_t, 5>{2500, 5000, 5000, 10000, 20000}[rng.Below(5)];
    } else if (!rng.Chance(0.01)) {  // 1% fully discounted orders: amount 0.00
      const auto [lo, hi] = kCategoryPrices[category];
      const double skew = rng.Unit();
      const int64_t dollars =
          lo + static_cast<int64_t>(static_cast<double>(hi - lo) * skew * skew * skew);
      const int64_t cents_part = std::array<int64_t, 6>{99, 99, 99, 49, 0, 95}[rng.Below(6)];
      cents = dollars * 100 + cents_part;
    }
    // 2% of orders come without a category: they still count as "not a Gift Card".
    const uint8_t category_code = category != kGiftCardCategory && rng.Chance(0.02)
                                      ? kNoCategory
                                      : static_cast<uint8_t>(category);
    Emit(ts, EventKind::kCharged, user, kNoCampaign, 0, static_cast<uint32_t>(cents),
         category_code);
  }

  void EmitSubscription(Rng& rng, int64_t ts, uint32_t user) {
    const int64_t cents = std::array<int64_t, 6>{999, 999, 999, 1499, 1499, 9900}[rng.Below(6)];
    Emit(ts, EventKind::kSubscriptionStarted, user, kNoCampaign, 0, static_cast<uint32_t>(cents));
  }

  /// Seconds from a click to the purchase it leads to: mostly within hours or days, a few just
  /// around the 7-day window's edge (exactly 7 days is inside; 7 days + 1 s is outside).
  int64_t PurchaseDelay(Rng& rng) {
    const double draw = rng.Unit();
    if (draw < 0.40) return 30 + static_cast<int64_t>(rng.Exponential(2400.0));
    if (draw < 0.70) return rng.Between(2 * kSecondsPerHour, 2 * kSecondsPerDay);
    if (draw < 0.88)
      return rng.Between(2 * kSecondsPerDay, 6 * kSecondsPerDay + 12 * kSecondsPerHour);
    if (draw < 0.93)
      return rng.Between(6 * kSecondsPerDay + 12 * kSecondsPerHour, 7 * kSecondsPerDay);
    if (draw < 0.935) return 7 * kSecondsPerDay;
    if (draw < 0.94) return 7 * kSecondsPerDay + 1;
    return rng.Between(7 * kSecondsPerDay + 1, 9 * kSecondsPerDay);
  }

  /// One message to one user: sent, then perhaps delivered, viewed, clicked and a purchase.
  void EmitMessage(Rng& rng, uint32_t campaign_idx, uint32_t user, uint16_t run, int64_t sent_ts) {
    const Campaign& campaign = campaigns_[campaign_idx];
    Emit(sent_ts, EventKind::kSent, user, campaign_idx, run);
    if (!rng.Chance(campaign.delivery_rate)) return;
    int64_t delivered_ts = sent_ts;
    int64_t view_delay = 0;
    switch (campaign.channel) {
      case Channel::kPush:
        delivered_ts += rng.Between(1, 30);
        view_delay = static_cast<int64_t>(rng.Exponential(2400.0));
        break;
      case Channel::kEmail:
        delivered_ts += rng.Between(2, 180);
        view_delay = static_cast<int64_t>(rng.Exponential(3.0 * kSecondsPerHour));
        break;
      case Channel::kInApp:
        // Shown at the next app open.
        delivered_ts += 5 + static_cast<int64_t>(rng.Exponential(3.0 * kSecondsPerHour));
        view_delay = rng.Between(0, 3);
        break;
      case Channel::kSms:
        delivered_ts += rng.Between(2, 20);
        break;
      case Channel::kWhatsapp:
        delivered_ts += rng.Between(1, 15);
        view_delay = static_cast<int64_t>(rng.Exponential(1800.0));
        break;
    }
    Emit(delivered_ts, EventKind::kDelivered, user, campaign_idx, run);
    const bool viewed = rng.Chance(campaign.view_rate);
    if (viewed) Emit(delivered_ts + view_delay, EventKind::kViewed, user, campaign_idx, run);
    if (!rng.Chance(campaign.click_rate)) return;
    const int64_t clicked_ts =
        viewed ? delivered_ts + view_delay + rng.Between(2, 90)
               : delivered_ts + 5 + static_cast<int64_t>(rng.Exponential(1.5 * kSecondsPerHour));
    Emit(clicked_ts, EventKind::kClicked, user, campaign_idx, run);
    if (rng.Chance(0.05)) {
      Emit(clicked_ts + rng.Between(10, 3 * kSecondsPerHour), EventKind::kClicked, user,
           campaign_idx, run);
    }
    if (rng.Chance(campaign.purchase_rate)) {
      EmitPurchase(rng, clicked_ts + PurchaseDelay(rng), user);
    }
    // Engaged users come back to buy later, inside the window or past it.
    if (rng.Chance(kLaterPurchaseRate)) {
      EmitPurchase(rng, clicked_ts + rng.Between(kSecondsPerDay, 21 * kSecondsPerDay), user);
    }
    if (rng.Chance(campaign.subscribe_rate)) {
      EmitSubscription(
          rng, clicked_ts + rng.Between(300, 3 * kSecondsPerDay + 12 * kSecondsPerHour), user);
    }
  }

  /// Events whose count is a per-user total over the span, spread over days by weekday.
  int64_t DailyCount(double per_user, int64_t day_idx) const {
    const int64_t total = static_cast<int64_t>(per_user * static_cast<double>(users_) + 0.5);
    // Exact integer split by cumulative weekday weight: the days add up to `total`.
    const int64_t weight_total = weekday_cumulative_.back();
    const int64_t before = weekday_cumulative_[static_cast<size_t>(day_idx)];
    const int64_t after = weekday_cumulative_[static_cast<size_t>(day_idx) + 1];
    return total * after / weight_total - total * before / weight_total;
  }

  /// A user drawn with a heavy head (a few very active users): rank ~ users * u^2, scattered by
  /// a fixed permutation.
  uint32_t ActiveUser(Rng& rng) const {
    const double unit = rng.Unit();
    const uint64_t rank = std::min<uint64_t>(
        users_ - 1, static_cast<uint64_t>(static_cast<double>(users_) * unit * unit));
    return activity_perm_(rank);
  }

  void GenerateDay(int64_t day_idx) {
    Rng rng(Mix(options_.seed, 2, static_cast<uint64_t>(day_idx)));
    const int64_t day = first_day_ + day_idx;
    const int64_t day_start = day * kSecondsPerDay;
    const int64_t day_end = day_start + kSecondsPerDay;

    // Broadcast runs starting today.
    for (size_t campaign_idx = 0; campaign_idx < campaigns_.size(); ++campaign_idx) {
      const Campaign& campaign = campaigns_[campaign_idx];
      for (size_t run_idx = 0; run_idx < campaign.run_times.size(); ++run_idx) {
        const int64_t run_ts = campaign.run_times[run_idx];
        if (run_ts < day_start || run_ts >= day_end) continue;
        const uint16_t run = campaign.numbered_messages ? static_cast<uint16_t>(run_idx + 1) : 0;
        // Large audiences go out over a few minutes (throttled sends).
        const int64_t spread = std::clamp<int64_t>(campaign.audience / 500, 1, 1800);
        for (int64_t member = 0; member < campaign.audience; ++member) {
          if (campaign.participation < 1.0 && !rng.Chance(campaign.participation)) continue;
          EmitMessage(rng, static_cast<uint32_t>(campaign_idx), campaign.audience_perm(member), run,
                      run_ts + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(spread))));
        }
      }
    }

    // Journey nodes: users who entered `offset` days ago, at their own active hours.
    for (size_t campaign_idx = 0; campaign_idx < campaigns_.size(); ++campaign_idx) {
      const Campaign& campaign = campaigns_[campaign_idx];
      if (campaign.journey < 0) continue;
      const Journey& journey = journeys_[static_cast<size_t>(campaign.journey)];
      const int64_t entry_day = day_idx - campaign.node_offset_days;
      if (entry_day < journey.first_day || day_idx > journey.last_day) continue;
      const uint64_t slot_end = journey.Slot(entry_day + 1);
      for (uint64_t slot = journey.Slot(entry_day); slot < slot_end; ++slot) {
        // Nested retention: whoever reaches a late node reached the earlier ones.
        const double stay = static_cast<double>(Mix(journey.salt, slot) >> 11) * 0x1.0p-53;
        if (stay >= campaign.node_retention) continue;
        EmitMessage(rng, static_cast<uint32_t>(campaign_idx), journey.perm(slot), 0,
                    ActiveSecondOfDay(rng, day));
      }
    }

    // Organic activity: purchases with no click, subscriptions, app launches.
    for (int64_t count = DailyCount(kOrganicPurchasesPerUser, day_idx); count > 0; --count) {
      const int64_t ts = ActiveSecondOfDay(rng, day);
      EmitPurchase(rng, ts, ActiveUser(rng));
    }
    for (int64_t count = DailyCount(kOrganicSubscriptionsPerUser, day_idx); count > 0; --count) {
      const int64_t ts = ActiveSecondOfDay(rng, day);
      EmitSubscription(rng, ts, ActiveUser(rng));
    }
    for (int64_t count = DailyCount(kAppLaunchesPerUser, day_idx); count > 0; --count) {
      const int64_t ts = ActiveSecondOfDay(rng, day);
      Emit(ts, EventKind::kAppLaunched, ActiveUser(rng));
    }
  }

  void FormatEvent(std::string& out, const Event& event, std::string_view day_prefix) const {
    out.push_back('u');
    AppendUint(out, static_cast<uint64_t>(event.user) + 1);
    out.push_back(',');
    out.append(day_prefix);
    const int64_t second_of_day = (event.ts - span_start_s_) % kSecondsPerDay;
    AppendTwoDigits(out, second_of_day / kSecondsPerHour);
    out.push_back(':');
    AppendTwoDigits(out, second_of_day / kSecondsPerMinute % 60);
    out.push_back(':');
    AppendTwoDigits(out, second_of_day % 60);
    out.append("Z,");
    out.append(kEventNames[static_cast<size_t>(event.kind)]);
    out.push_back(',');
    if (event.campaign != kNoCampaign) out.append(campaigns_[event.campaign].id);
    out.push_back(',');
    if (event.run != 0) {
      out.push_back('m');
      AppendUint(out, event.run);
    }
    out.push_back(',');
    if (event.kind == EventKind::kCharged || event.kind == EventKind::kSubscriptionStarted) {
      AppendMoney(out, event.amount_cents);
    }
    out.push_back(',');
    if (event.category != kNoCategory) out.append(kCategories[event.category]);
    out.push_back('\n');
  }

  Result<int64_t> WriteEvents(const std::string& path) {
    PAYBACK_ASSIGN_OR_RETURN(FilePtr file, OpenForWrite(path));
    Rng rng(Mix(options_.seed, 3));
    activity_perm_ = Permutation::Make(rng, users_);
    weekday_cumulative_.assign(static_cast<size_t>(days_) + 1, 0);
    for (int64_t idx = 0; idx < days_; ++idx) {
      weekday_cumulative_[static_cast<size_t>(idx) + 1] =
          weekday_cumulative_[static_cast<size_t>(idx)] +
          kWeekdayWeights[static_cast<size_t>(Weekday(first_day_ + idx))];
    }
    buckets_.assign(static_cast<size_t>(days_), {});

    constexpr size_t kFlushBytes = 8 << 20;
    std::string out;
    out.reserve(kFlushBytes + (1 << 16));
    out = "user_id,ts,event,campaign_id,message_id,amount,category\n";
    int64_t rows = 0;
    for (int64_t day_idx = 0; day_idx < days_; ++day_idx) {
      current_bucket_ = day_idx;
      GenerateDay(day_idx);
      std::vector<Event> events = std::move(buckets_[static_cast<size_t>(day_idx)]);
      buckets_[static_cast<size_t>(day_idx)] = {};
      std::sort(events.begin(), events.end(), [](const Event& lhs, const Event& rhs) {
        return lhs.ts != rhs.ts ? lhs.ts < rhs.ts : lhs.seq < rhs.seq;
      });
      std::string day_prefix;
      AppendTimestamp(day_prefix, (first_day_ + day_idx) * kSecondsPerDay);
      day_prefix.resize(11);  // "2026-03-01T"
      for (const Event& event : events) {
        FormatEvent(out, event, day_prefix);
        if (out.size() >= kFlushBytes) {
          PAYBACK_RETURN_IF_ERROR(WriteAll(file.get(), out, path));
          out.clear();
        }
      }
      rows += static_cast<int64_t>(events.size());
    }
    PAYBACK_RETURN_IF_ERROR(WriteAll(file.get(), out, path));
    PAYBACK_RETURN_IF_ERROR(Close(std::move(file), path));
    return rows;
  }

  const GenerateOptions& options_;
  const uint64_t users_;
  const int64_t days_;
  const int64_t end_day_;
  const int64_t first_day_;
  const int64_t span_start_s_;
  const int64_t span_end_s_;
  std::vector<Campaign> campaigns_;
  std::vector<Journey> journeys_;
  std::set<std::string> names_;
  Permutation activity_perm_;
  std::vector<int64_t> weekday_cumulative_;
  std::vector<std::vector<Event>> buckets_;
  int64_t current_bucket_ = 0;
  uint64_t seq_ = 0;
};

}  // namespace
}  // namespace payback::generate

namespace payback {

Result<GenerateSummary> GenerateMessaging(const GenerateOptions& options) {
  generate::MessagingGenerator generator(options);
  return generator.Run();
}

}  // namespace payback
