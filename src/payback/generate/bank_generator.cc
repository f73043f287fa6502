#include "payback/generate/bank_generator.h"

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
// The account's shape: a regional bank marketing its products to its own customers (the Strum
// platform seed: campaigns reach customers, customers open them, products opened inside the
// campaign's influence period count, valued by the account's first month-end snapshot).

enum class Channel : uint8_t { kEmail, kSms, kDirectMail, kPush };
constexpr std::array<std::string_view, 4> kChannelNames = {"email", "sms", "direct_mail", "push"};

enum class Product : uint8_t {
  kChecking,
  kSavings,
  kCd,
  kPersonalLoan,
  kCreditCard,
  kMortgage,
  kHeloc,
};
constexpr std::array<std::string_view, 7> kProductNames = {
    "checking", "savings", "cd", "personal_loan", "credit_card", "mortgage", "heloc"};
/// Products customers open on their own (and the related sales campaigns bring), by weight.
constexpr std::array<int, 7> kProductMix = {30, 24, 12, 8, 18, 4, 4};
/// When products are opened, by local hour (Chicago): branch hours and evenings online.
constexpr std::array<int, 24> kProductHourWeights = {1,  0,  0,  0,  0,  0, 1, 3, 8, 14, 16, 16,
                                                     15, 15, 15, 14, 12, 9, 7, 6, 5, 4,  3,  2};

/// Customers who asked not to be marketed to: no campaign reaches them, they still open products.
constexpr double kDoNotContactShare = 0.10;
/// Of the other customers, those reachable on each channel: an email address, SMS consent, the
/// mobile app with notifications on, a deliverable mailing address.
constexpr std::array<double, 4> kChannelReach = {0.82, 0.48, 0.97, 0.52};
/// The funnel per channel: reached / sent, opened / reached and clicked / opened (each campaign
/// draws its own rates in these ranges). An "open" of direct mail is a scan of its QR code or a
/// visit of its personal URL; of an SMS, a view of the message in the bank's app.
struct ChannelFunnel {
  double reach_lo;
  double reach_hi;
  double open_lo;
  double open_hi;
  double click_lo;
  double click_hi;
  /// Products opened per customer who opened (and did not click) a campaign of average appeal;
  /// clickers (who began an application) open products kClickerFactor times as often.
  double product_rate;
  /// Cost per message sent (micro-dollars) and the fixed cost of a campaign (cents: design,
  /// list pull, print set-up).
  int64_t micros_per_send;
  int64_t fixed_cents_lo;
  int64_t fixed_cents_hi;
};
constexpr std::array<ChannelFunnel, 4> kFunnels = {{
    {0.960, 0.985, 0.18, 0.30, 0.10, 0.18, 0.030, 2000, 3000, 4500},      // email
    {0.970, 0.990, 0.28, 0.42, 0.15, 0.25, 0.022, 10900, 1200, 2000},     // sms
    {0.920, 0.960, 0.04, 0.08, 0.30, 0.40, 0.110, 650000, 22000, 32000},  // direct_mail
    {0.850, 0.920, 0.06, 0.12, 0.25, 0.35, 0.045, 400, 800, 1200},        // push
}};
constexpr double kClickerFactor = 3.5;
/// Reached customers who did not open the campaign but open one of its products anyway (they
/// read the subject line): not attributable under the seed's rule.
constexpr double kUnopenedProductRate = 0.0015;
/// Delivery receipts lost on the way to the platform: the customer opens the message but was
/// never recorded as reached, so the conversion's `requires: delivered` rules the touch out.
constexpr double kLostReceiptRate = 0.015;
/// Campaign-led products that are one of the promoted products (direct sales); the others are
/// related sales.
constexpr double kDirectShare = 0.85;
/// Campaign-led products opened after the influence period (not attributable).
constexpr double kLateShare = 0.10;
/// Clickers who open the product in the same session (an application finished online).
constexpr double kSameSessionShare = 0.40;
/// Products opened without any campaign, per customer per day.
constexpr double kOrganicProductsPerCustomerDay = 0.00022;
/// The conversion definition's window (settings.yaml): the influence period of campaigns
/// without their own.
constexpr int64_t kDefinitionWindowDays = 30;
/// Accounts whose opening-month snapshot is missing from the extract.
constexpr double kMissingOpeningSnapshotShare = 0.02;

struct BroadcastTemplate {
  std::string_view name;
  std::string_view id;
  std::string_view labels;
  Channel channel;
  std::string_view promoted;  // ';'-separated product names
  int influence_days;         // 0: the definition's window
  double audience;            // share of the contactable customers it targets
  uint64_t audience_group;    // broadcasts of one group target the same customers
  double appeal;              // multiplies the channel's product rate
};
constexpr std::array<BroadcastTemplate, 16> kBroadcasts = {{
    {"Savings Rate Boost", "savings-rate-boost", "Deposits;Acquisition", Channel::kEmail, "savings",
     45, 0.60, 0, 1.0},
    {"Cash Back Card Offer", "cash-back-card", "Cards;Cross-sell", Channel::kEmail, "credit_card",
     0, 0.50, 1, 1.0},
    {"Tap Your Home Equity", "home-equity-mailer", "Lending;Homeowners", Channel::kDirectMail,
     "heloc", 60, 0.12, 2, 0.7},
    {"12-Month CD Special", "cd-special-12m", "Deposits;Rate Offer", Channel::kEmail, "cd", 30,
     0.55, 0, 1.3},
    {"Switch & Get a $300 Checking Bonus", "checking-switch-bonus", "Deposits;Acquisition",
     Channel::kDirectMail, "checking", 60, 0.15, 3, 1.0},
    {"Pre-Qualified Personal Loan", "personal-loan-prequal", "Lending", Channel::kSms,
     "personal_loan", 30, 0.35, 4, 0.8},
    {"High-Yield Savings in the App", "hys-in-app", "Deposits;Digital", Channel::kPush, "savings",
     0, 0.70, 5, 1.0},
    {"First-Time Homebuyer Guide", "first-time-homebuyer", "Lending;Mortgage", Channel::kEmail,
     "mortgage", 60, 0.30, 6, 0.5},
    {"Everyday Checking + Savings Bundle", "checking-savings-bundle", "Deposits;Cross-sell",
     Channel::kEmail, "checking;savings", 0, 0.55, 0, 0.9},
    {"0% Intro APR Balance Transfer", "balance-transfer-0apr", "Cards", Channel::kSms,
     "credit_card", 30, 0.40, 4, 0.9},
    {"Build a CD Ladder", "cd-ladder", "Deposits;Digital", Channel::kPush, "cd", 45, 0.65, 5, 1.0},
    {"Consolidate Your Debt", "debt-consolidation", "Lending;Cross-sell", Channel::kEmail,
     "personal_loan", 45, 0.45, 1, 0.8},
    {"Premier Relationship Offer", "premier-relationship", "Wealth;Cross-sell",
     Channel::kDirectMail, "checking;savings;cd", 60, 0.08, 7, 1.2},
    {"Student Checking", "student-checking", "Deposits;Acquisition", Channel::kPush, "checking", 0,
     0.40, 5, 0.9},
    {"Refinance and Save", "refinance-and-save", "Lending;Mortgage", Channel::kDirectMail,
     "mortgage;heloc", 60, 0.10, 2, 0.6},
    {"Rewards Card Upgrade", "rewards-card-upgrade", "Cards;Retention", Channel::kEmail,
     "credit_card", 0, 0.45, 1, 1.0},
}};

/// How a journey enrolls customers.
enum class Trigger : uint8_t {
  kCheckingOpened,  // a day or two after a checking account is opened (once per customer)
  kDaily,           // a share of the contactable customers a day (a CD matures, a score moves)
};

struct JourneyTemplate {
  std::string_view name;
  std::string_view id;
  std::string_view labels;
  Channel channel;
  std::string_view promoted;
  int influence_days;
  Trigger trigger;
  double daily_rate;  // kDaily: customers enrolled per customer per day
  double appeal;
  int start_percent;  // < 0: running before the span; else launched this far into it
  int end_percent;    // > 100: still running; else stopped this far into the span
};
constexpr std::array<JourneyTemplate, 4> kJourneys = {{
    {"New Customer Onboarding", "new-customer-onboarding", "Onboarding;Cross-sell", Channel::kEmail,
     "savings;credit_card", 60, Trigger::kCheckingOpened, 0.0, 1.5, -1, 101},
    {"CD Maturity Renewal", "cd-maturity-renewal", "Deposits;Retention", Channel::kEmail, "cd", 30,
     Trigger::kDaily, 0.0006, 2.0, -1, 101},
    {"Pre-Approved Personal Loan", "pre-approved-loan", "Lending;Digital", Channel::kPush,
     "personal_loan", 0, Trigger::kDaily, 0.0012, 1.0, 20, 101},
    {"Mortgage Rate Watch", "mortgage-rate-watch", "Lending;Mortgage", Channel::kSms,
     "mortgage;heloc", 60, Trigger::kDaily, 0.0008, 0.5, -1, 70},
}};

constexpr std::array<std::string_view, 4> kMarketers = {"rachel", "dev", "kwame", "lauren"};

// --- the bank's clock: America/Chicago, one hour behind New York all year ----------------------

int64_t ChicagoToUtcHours(int64_t day) { return NewYorkToUtcHours(day) + 1; }

/// The UTC second of a Chicago local time of day on local date `day`.
int64_t LocalToUtc(int64_t day, int64_t local_second) {
  return day * kSecondsPerDay + ChicagoToUtcHours(day) * kSecondsPerHour + local_second;
}

/// The Chicago local date of a UTC second (ts >= 0).
int64_t LocalDayOf(int64_t ts) {
  int64_t day = ts / kSecondsPerDay;
  if (ts < LocalToUtc(day, 0)) --day;
  return day;
}

/// A UTC second on local date `day` at an hour products are opened.
int64_t ProductSecond(Rng& rng, int64_t day) {
  const int64_t hour = static_cast<int64_t>(PickWeighted(rng, kProductHourWeights));
  return LocalToUtc(day, hour * kSecondsPerHour + static_cast<int64_t>(rng.Below(3600)));
}

/// Months as year * 12 + month - 1.
int64_t MonthOf(int64_t day) {
  const CivilDate date = CivilFromDays(day);
  return date.year * 12 + date.month - 1;
}
int64_t MonthStart(int64_t month) { return DaysFromCivil(month / 12, month % 12 + 1, 1); }
int64_t MonthEnd(int64_t month) { return MonthStart(month + 1) - 1; }

/// Zero-padded to at least `width` digits.
void AppendPadded(std::string& out, uint64_t value, size_t width) {
  std::string digits;
  AppendUint(digits, value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out.append(digits);
}

/// "-12.34" for -1234 cents.
void AppendSignedMoney(std::string& out, int64_t cents) {
  if (cents < 0) out.push_back('-');
  AppendMoney(out, cents < 0 ? -cents : cents);
}

int64_t RoundCents(double dollars) {
  const double cents = dollars * 100.0;
  return cents >= 0 ? static_cast<int64_t>(cents + 0.5) : -static_cast<int64_t>(-cents + 0.5);
}

Product ProductNamed(std::string_view name) {
  for (size_t product_idx = 0; product_idx < kProductNames.size(); ++product_idx) {
    if (kProductNames[product_idx] == name) return static_cast<Product>(product_idx);
  }
  PAYBACK_ASSERT(false);
  return Product::kChecking;
}

std::vector<Product> ParseProducts(std::string_view list) {
  std::vector<Product> products;
  while (!list.empty()) {
    const size_t end = std::min(list.find(';'), list.size());
    products.push_back(ProductNamed(list.substr(0, end)));
    list.remove_prefix(std::min(end + 1, list.size()));
  }
  return products;
}

struct Campaign {
  std::string id;
  std::string name;
  std::string status;
  std::string created_by;
  std::string labels;
  std::string delivery_type;
  std::string kind;
  std::string promoted_text;
  std::vector<Product> promoted;
  Channel channel = Channel::kEmail;
  int64_t influence_days = 0;  // 0: the definition's window
  int64_t start_s = 0;
  int64_t end_s = -1;  // -1: open-ended

  // Behaviour.
  bool scheduled = false;     // drafted for after the data: a catalog row, no events
  int64_t send_day_idx = -1;  // broadcasts: the day of the send (index in the span), -1 none
  int64_t send_ts = 0;
  bool journey = false;
  Trigger trigger = Trigger::kDaily;
  int64_t first_day_idx = 0;  // journeys: the days it enrolls, [first_day_idx, end_day_idx)
  int64_t end_day_idx = 0;
  double daily_rate = 0.0;
  double audience = 1.0;
  uint64_t audience_group = 0;
  double reach_rate = 0.97;
  double open_rate = 0.2;
  double click_rate = 0.1;
  double opener_product_rate = 0.0;
  double unopened_product_rate = 0.0;
  int64_t fixed_cents = 0;
  int64_t sends = 0;

  int64_t InfluenceDays() const {
    return influence_days > 0 ? influence_days : kDefinitionWindowDays;
  }
  int64_t ExpensesCents() const {
    return fixed_cents +
           (sends * kFunnels[static_cast<size_t>(channel)].micros_per_send + 5000) / 10000;
  }
};

/// One opened product: its account's number and when (Chicago local date) it was opened.
struct Account {
  uint64_t number;
  Product product;
  int64_t open_day;
};

enum class EventKind : uint8_t { kSent, kReached, kOpened, kClicked };
constexpr std::array<std::string_view, 4> kEventNames = {"sent", "reached", "opened", "clicked"};

class BankGenerator {
 public:
  explicit BankGenerator(const GenerateOptions& options)
      : options_(options),
        users_(static_cast<uint64_t>(options.users)),
        span_{options.end_day - options.days, options.end_day},
        rows_(span_.first_day, span_.days()),
        onboarded_(users_, false) {}

  Result<GenerateSummary> Run() {
    BuildCampaigns();
    const std::filesystem::path dir(options_.out_dir);
    const std::string settings_path = (dir / "settings.yaml").string();
    const std::string campaigns_path = (dir / "campaigns.csv").string();
    const std::string events_path = (dir / "events.csv").string();
    const std::string snapshots_path = (dir / "snapshots.csv").string();
    GenerateSummary summary;
    // Events first: the campaigns' expenses follow what they sent.
    PAYBACK_ASSIGN_OR_RETURN(summary.events, WriteEvents(events_path));
    PAYBACK_ASSIGN_OR_RETURN(summary.campaigns, WriteCampaigns(campaigns_path));
    PAYBACK_ASSIGN_OR_RETURN(summary.snapshots, WriteSnapshots(snapshots_path));
    PAYBACK_RETURN_IF_ERROR(WriteWholeFile(settings_path, Settings()));
    summary.files = {{GeneratedFileKind::kSettings, settings_path},
                     {GeneratedFileKind::kCampaigns, campaigns_path},
                     {GeneratedFileKind::kEvents, events_path},
                     {GeneratedFileKind::kSnapshots, snapshots_path}};
    return summary;
  }

 private:
  // --- campaigns ---------------------------------------------------------------------------

  /// Draws the campaign's funnel rates and fixed cost from its channel's ranges.
  static void DrawFunnel(Rng& rng, double appeal, Campaign& campaign) {
    const ChannelFunnel& funnel = kFunnels[static_cast<size_t>(campaign.channel)];
    campaign.reach_rate = rng.Uniform(funnel.reach_lo, funnel.reach_hi);
    campaign.open_rate = rng.Uniform(funnel.open_lo, funnel.open_hi);
    campaign.click_rate = rng.Uniform(funnel.click_lo, funnel.click_hi);
    campaign.opener_product_rate = funnel.product_rate * appeal * rng.Uniform(0.85, 1.15);
    campaign.unopened_product_rate = kUnopenedProductRate * appeal;
    campaign.fixed_cents = rng.Between(funnel.fixed_cents_lo, funnel.fixed_cents_hi);
  }

  /// The broadcast's send day: the nominal day or the nearest Tuesday to Thursday after it
  /// (before it near the end of the span); the nominal day when the span has none.
  int64_t SendDay(int64_t nominal) const {
    const auto midweek = [](int64_t day) { return Weekday(day) >= 1 && Weekday(day) <= 3; };
    for (int64_t step = 0; step < 7; ++step) {
      if (nominal + step < span_.end_day && midweek(nominal + step)) return nominal + step;
    }
    for (int64_t step = 1; step < 7; ++step) {
      if (nominal - step >= span_.first_day && midweek(nominal - step)) return nominal - step;
    }
    return nominal;
  }

  void BuildCampaigns() {
    Rng rng(Mix(options_.seed, 401));
    const int64_t days = span_.days();
    // About one broadcast every 8 days, at the middle of its share of the span.
    const int64_t broadcasts = std::clamp<int64_t>((days + 7) / 8, 1, 48);
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
        campaign.name += " (Wave ";
        campaign.name += std::to_string(round + 1);
        campaign.name += ')';
      }
      campaign.kind = "broadcast";
      campaign.delivery_type = "on_publish";
      campaign.labels = std::string(tmpl.labels);
      campaign.created_by = std::string(kMarketers[rng.Below(kMarketers.size())]);
      campaign.channel = tmpl.channel;
      campaign.promoted_text = std::string(tmpl.promoted);
      campaign.promoted = ParseProducts(tmpl.promoted);
      campaign.influence_days = tmpl.influence_days;
      campaign.audience = tmpl.audience;
      campaign.audience_group = tmpl.audience_group;
      DrawFunnel(rng, tmpl.appeal, campaign);
      // Mail drops early; emails in the morning, texts at lunch, pushes at lunch or after work.
      int64_t local_second = 0;
      switch (tmpl.channel) {
        case Channel::kEmail:
          local_second = std::array<int64_t, 4>{540, 570, 600, 630}[rng.Below(4)] * 60;
          break;
        case Channel::kSms:
          local_second = std::array<int64_t, 3>{690, 720, 750}[rng.Below(3)] * 60;
          break;
        case Channel::kDirectMail:
          local_second = 7 * kSecondsPerHour;
          break;
        case Channel::kPush:
          local_second = std::array<int64_t, 2>{720, 1050}[rng.Below(2)] * 60;
          break;
      }
      // The last one is drafted and scheduled after the data ends: a catalog row, no events.
      campaign.scheduled = idx == broadcasts;
      const int64_t day = campaign.scheduled
                              ? span_.end_day + rng.Between(3, 10)
                              : SendDay(span_.first_day + (2 * idx + 1) * days / (2 * broadcasts));
      campaign.send_ts = LocalToUtc(day, local_second);
      campaign.start_s = campaign.send_ts;
      campaign.end_s = LocalToUtc(day + campaign.InfluenceDays(), 0);
      campaign.send_day_idx = campaign.scheduled ? -1 : day - span_.first_day;
      campaign.status = campaign.scheduled                ? "scheduled"
                        : campaign.end_s <= span_.end_s() ? "completed"
                                                          : "running";
      campaigns_.push_back(std::move(campaign));
    }
    for (const JourneyTemplate& tmpl : kJourneys) {
      Campaign campaign;
      campaign.id = std::string(tmpl.id);
      campaign.name = std::string(tmpl.name);
      campaign.kind = "journey";
      campaign.journey = true;
      campaign.labels = std::string(tmpl.labels);
      campaign.created_by = std::string(kMarketers[rng.Below(kMarketers.size())]);
      campaign.channel = tmpl.channel;
      campaign.promoted_text = std::string(tmpl.promoted);
      campaign.promoted = ParseProducts(tmpl.promoted);
      campaign.influence_days = tmpl.influence_days;
      campaign.trigger = tmpl.trigger;
      campaign.daily_rate = tmpl.daily_rate;
      DrawFunnel(rng, tmpl.appeal, campaign);
      campaign.first_day_idx = tmpl.start_percent < 0 ? 0 : days * tmpl.start_percent / 100;
      const int64_t start_day = tmpl.start_percent < 0 ? span_.first_day - rng.Between(60, 500)
                                                       : span_.first_day + campaign.first_day_idx;
      campaign.start_s = LocalToUtc(start_day, rng.Between(9, 16) * kSecondsPerHour);
      campaign.end_day_idx = days;
      campaign.status = "running";
      if (tmpl.end_percent <= 100 && days * tmpl.end_percent / 100 > campaign.first_day_idx) {
        campaign.end_day_idx = days * tmpl.end_percent / 100;
        campaign.end_s = LocalToUtc(span_.first_day + campaign.end_day_idx, 0);
        campaign.status = "stopped";
      }
      if (tmpl.trigger == Trigger::kCheckingOpened) onboarding_idx_ = campaigns_.size();
      campaigns_.push_back(std::move(campaign));
    }
  }

  Result<int64_t> WriteCampaigns(const std::string& path) const {
    std::string out =
        "campaign_id,name,status,created_by,labels,channel,delivery_type,kind,expenses,"
        "promoted_products,influence_days,start,end\n";
    for (const Campaign& campaign : campaigns_) {
      for (const std::string_view field :
           {std::string_view(campaign.id), std::string_view(campaign.name),
            std::string_view(campaign.status), std::string_view(campaign.created_by),
            std::string_view(campaign.labels), kChannelNames[static_cast<size_t>(campaign.channel)],
            std::string_view(campaign.delivery_type), std::string_view(campaign.kind)}) {
        AppendCsvField(out, field);
        out.push_back(',');
      }
      // A scheduled campaign has spent nothing yet.
      if (!campaign.scheduled) AppendMoney(out, campaign.ExpensesCents());
      out.push_back(',');
      AppendCsvField(out, campaign.promoted_text);
      out.push_back(',');
      if (campaign.influence_days > 0) {
        AppendUint(out, static_cast<uint64_t>(campaign.influence_days));
      }
      out.push_back(',');
      AppendTimestamp(out, campaign.start_s);
      out.push_back(',');
      if (campaign.end_s >= 0) AppendTimestamp(out, campaign.end_s);
      out.push_back('\n');
    }
    PAYBACK_RETURN_IF_ERROR(WriteWholeFile(path, out));
    return static_cast<int64_t>(campaigns_.size());
  }

  // --- customers ---------------------------------------------------------------------------

  /// Whether the campaign's channel may reach the customer: not on the do-not-contact list and
  /// reachable on that channel. Fixed per customer (a hash), so audiences overlap realistically.
  bool Contactable(uint64_t customer, Channel channel) const {
    if (UnitOf(Mix(options_.seed, 301, customer)) < kDoNotContactShare) return false;
    return UnitOf(Mix(options_.seed, 302 + static_cast<uint64_t>(channel), customer)) <
           kChannelReach[static_cast<size_t>(channel)];
  }

  bool InAudience(const Campaign& campaign, uint64_t customer) const {
    return Contactable(customer, campaign.channel) &&
           UnitOf(Mix(options_.seed, 310 + campaign.audience_group, customer)) < campaign.audience;
  }

  void AppendCustomer(std::string& line, uint64_t customer) const {
    line.push_back('C');
    AppendPadded(line, static_cast<uint64_t>(customer_ids_(customer)) + 1, 7);
  }

  // --- events ------------------------------------------------------------------------------

  /// Queues an engagement event; false when it falls after the data.
  bool Emit(int64_t ts, EventKind kind, uint64_t customer, size_t campaign_idx) {
    std::string line;
    line.reserve(64);
    AppendCustomer(line, customer);
    line.push_back(',');
    AppendTimestamp(line, ts);
    line.push_back(',');
    line.append(kEventNames[static_cast<size_t>(kind)]);
    line.push_back(',');
    line.append(campaigns_[campaign_idx].id);
    line.append(",,\n");
    return rows_.Add(ts, std::move(line));
  }

  /// Queues a product opening with a new account and remembers the account for the snapshots;
  /// a new checking customer enters the onboarding journey.
  void EmitProduct(Rng& rng, int64_t ts, uint64_t customer, Product product) {
    std::string line;
    line.reserve(64);
    AppendCustomer(line, customer);
    line.push_back(',');
    AppendTimestamp(line, ts);
    line.append(",product_opened,,");
    line.append(kProductNames[static_cast<size_t>(product)]);
    line.append(",A");
    AppendPadded(line, next_account_, 6);
    line.push_back('\n');
    if (!rows_.Add(ts, std::move(line))) return;
    accounts_.push_back(Account{next_account_, product, LocalDayOf(ts)});
    ++next_account_;
    if (product == Product::kChecking) StartOnboarding(rng, ts, customer);
  }

  /// The onboarding journey's email, a day or two after a checking account is opened (once per
  /// customer, while the journey runs).
  void StartOnboarding(Rng& rng, int64_t opened_ts, uint64_t customer) {
    if (onboarded_[customer]) return;
    const Campaign& journey = campaigns_[onboarding_idx_];
    if (!Contactable(customer, journey.channel)) return;
    onboarded_[customer] = true;
    const int64_t day = LocalDayOf(opened_ts) + rng.Between(1, 2);
    const int64_t day_idx = day - span_.first_day;
    if (day_idx < journey.first_day_idx || day_idx >= journey.end_day_idx) return;
    SendMessage(rng, onboarding_idx_, customer, LocalToUtc(day, rng.Between(32400, 39600)));
  }

  /// A product a campaign led to: mostly one it promotes, else another one.
  static Product CampaignProduct(Rng& rng, const Campaign& campaign) {
    if (rng.Chance(kDirectShare)) return campaign.promoted[rng.Below(campaign.promoted.size())];
    for (int attempt = 0; attempt < 8; ++attempt) {
      const Product product = static_cast<Product>(PickWeighted(rng, kProductMix));
      if (std::find(campaign.promoted.begin(), campaign.promoted.end(), product) ==
          campaign.promoted.end()) {
        return product;
      }
    }
    return campaign.promoted[0] == Product::kChecking ? Product::kSavings : Product::kChecking;
  }

  /// When a product a campaign led to is opened, after the touch at `touch_ts`: mostly within
  /// the influence period (often soon after), some after it; clickers often in the same session.
  static int64_t ConversionTs(Rng& rng, int64_t touch_ts, int64_t influence_days, bool clicked) {
    if (clicked && rng.Chance(kSameSessionShare)) {
      return touch_ts + rng.Between(10 * kSecondsPerMinute, 2 * kSecondsPerHour);
    }
    int64_t offset_days = 0;
    if (rng.Chance(kLateShare)) {
      offset_days = influence_days + rng.Between(0, influence_days / 2);
    } else {
      offset_days = std::min<int64_t>(
          influence_days - 1,
          static_cast<int64_t>(rng.Exponential(static_cast<double>(influence_days) / 5.0)));
    }
    // Inside the period: on local day touch + offset_days <= touch + influence - 1, so before
    // touch_ts + influence days.
    const int64_t ts = ProductSecond(rng, LocalDayOf(touch_ts) + offset_days);
    if (ts > touch_ts) return ts;
    return touch_ts + rng.Between(5 * kSecondsPerMinute, 90 * kSecondsPerMinute);
  }

  static int64_t ReachedTs(Rng& rng, Channel channel, int64_t sent_ts) {
    switch (channel) {
      case Channel::kEmail:
        return sent_ts + rng.Between(1, 90);
      case Channel::kSms:
        return sent_ts + rng.Between(2, 30);
      case Channel::kPush:
        return sent_ts + rng.Between(1, 8);
      case Channel::kDirectMail: {
        // In homes 3 to 6 days after the drop, never on a Sunday.
        int64_t day = LocalDayOf(sent_ts) + rng.Between(3, 6);
        if (Weekday(day) == 6) ++day;
        return LocalToUtc(day, rng.Between(10 * kSecondsPerHour, 16 * kSecondsPerHour));
      }
    }
    return sent_ts;
  }

  static int64_t OpenedTs(Rng& rng, Channel channel, int64_t reached_ts) {
    const double draw = rng.Unit();
    switch (channel) {
      case Channel::kEmail:
        if (draw < 0.50) return reached_ts + 30 + static_cast<int64_t>(rng.Exponential(2400.0));
        if (draw < 0.85) return reached_ts + rng.Between(kSecondsPerHour, 36 * kSecondsPerHour);
        return reached_ts + rng.Between(36 * kSecondsPerHour, 7 * kSecondsPerDay);
      case Channel::kSms:
        if (draw < 0.70) return reached_ts + 5 + static_cast<int64_t>(rng.Exponential(600.0));
        return reached_ts + rng.Between(30 * kSecondsPerMinute, 12 * kSecondsPerHour);
      case Channel::kPush:
        if (draw < 0.75) return reached_ts + 2 + static_cast<int64_t>(rng.Exponential(300.0));
        return reached_ts + rng.Between(kSecondsPerHour, kSecondsPerDay);
      case Channel::kDirectMail: {
        // A scan of the QR code or a visit of the personal URL, mostly in the first two weeks.
        const int64_t day = LocalDayOf(reached_ts) + rng.Between(0, 14);
        const int64_t ts = ProductSecond(rng, day);
        if (ts > reached_ts) return ts;
        return reached_ts + rng.Between(10 * kSecondsPerMinute, 3 * kSecondsPerHour);
      }
    }
    return reached_ts;
  }

  /// One message to one customer: sent, perhaps reached, opened, clicked, and a product.
  void SendMessage(Rng& rng, size_t campaign_idx, uint64_t customer, int64_t sent_ts) {
    if (!Emit(sent_ts, EventKind::kSent, customer, campaign_idx)) return;
    Campaign& campaign = campaigns_[campaign_idx];
    ++campaign.sends;
    if (!rng.Chance(campaign.reach_rate)) return;
    const int64_t reached_ts = ReachedTs(rng, campaign.channel, sent_ts);
    if (!rng.Chance(kLostReceiptRate))
      Emit(reached_ts, EventKind::kReached, customer, campaign_idx);
    if (!rng.Chance(campaign.open_rate)) {
      if (rng.Chance(campaign.unopened_product_rate)) {
        const Product product = CampaignProduct(rng, campaign);
        EmitProduct(rng, ConversionTs(rng, reached_ts, campaign.InfluenceDays(), false), customer,
                    product);
      }
      return;
    }
    const int64_t opened_ts = OpenedTs(rng, campaign.channel, reached_ts);
    Emit(opened_ts, EventKind::kOpened, customer, campaign_idx);
    const bool clicked = rng.Chance(campaign.click_rate);
    int64_t touch_ts = opened_ts;
    if (clicked) {
      touch_ts = opened_ts + rng.Between(5, 600);
      Emit(touch_ts, EventKind::kClicked, customer, campaign_idx);
    }
    const double rate = campaign.opener_product_rate * (clicked ? kClickerFactor : 1.0);
    if (rng.Chance(rate)) {
      const Product product = CampaignProduct(rng, campaign);
      EmitProduct(rng, ConversionTs(rng, touch_ts, campaign.InfluenceDays(), clicked), customer,
                  product);
    }
  }

  /// How many of `expected` things happen today: its integer part, plus one by chance.
  static int64_t DrawCount(Rng& rng, double expected) {
    int64_t count = static_cast<int64_t>(expected);
    if (rng.Chance(expected - static_cast<double>(count))) ++count;
    return count;
  }

  void GenerateDay(int64_t day_idx) {
    Rng rng(Mix(options_.seed, 402, static_cast<uint64_t>(day_idx)));
    const int64_t day = span_.first_day + day_idx;

    // Broadcasts sent today: every customer of the audience, throttled over up to an hour (the
    // direct-mail drop all at once).
    for (size_t campaign_idx = 0; campaign_idx < campaigns_.size(); ++campaign_idx) {
      const Campaign& campaign = campaigns_[campaign_idx];
      if (campaign.send_day_idx != day_idx) continue;
      const uint64_t spread =
          campaign.channel == Channel::kDirectMail
              ? 1
              : static_cast<uint64_t>(std::clamp<int64_t>(
                    static_cast<int64_t>(static_cast<double>(users_) * campaign.audience) / 40, 1,
                    3600));
      const int64_t send_ts = campaign.send_ts;
      for (uint64_t customer = 0; customer < users_; ++customer) {
        if (!InAudience(campaign, customer)) continue;
        SendMessage(rng, campaign_idx, customer, send_ts + static_cast<int64_t>(rng.Below(spread)));
      }
    }

    // Journeys enrolling by the day, at office hours.
    for (size_t campaign_idx = 0; campaign_idx < campaigns_.size(); ++campaign_idx) {
      const Campaign& campaign = campaigns_[campaign_idx];
      if (!campaign.journey || campaign.trigger != Trigger::kDaily ||
          day_idx < campaign.first_day_idx || day_idx >= campaign.end_day_idx) {
        continue;
      }
      for (int64_t count = DrawCount(rng, campaign.daily_rate * static_cast<double>(users_));
           count > 0; --count) {
        const uint64_t customer = rng.Below(users_);
        const int64_t ts = LocalToUtc(day, rng.Between(8 * kSecondsPerHour, 20 * kSecondsPerHour));
        if (!Contactable(customer, campaign.channel)) continue;
        SendMessage(rng, campaign_idx, customer, ts);
      }
    }

    // Products no campaign led to (branch visits, the website, referrals).
    for (int64_t count =
             DrawCount(rng, kOrganicProductsPerCustomerDay * static_cast<double>(users_));
         count > 0; --count) {
      const uint64_t customer = rng.Below(users_);
      const Product product = static_cast<Product>(PickWeighted(rng, kProductMix));
      EmitProduct(rng, ProductSecond(rng, day), customer, product);
    }
  }

  Result<int64_t> WriteEvents(const std::string& path) {
    Rng rng(Mix(options_.seed, 403));
    customer_ids_ = Permutation::Make(rng, users_);
    // Account numbers continue the bank's existing ones.
    next_account_ = 10000 + rng.Below(50000);
    PAYBACK_ASSIGN_OR_RETURN(FilePtr file, OpenForWrite(path));
    constexpr size_t kFlushBytes = 8 << 20;
    std::string out = "user_id,ts,event,campaign_id,product,account_id\n";
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

  // --- snapshots ---------------------------------------------------------------------------

  /// An account's month-end figures as the months go by.
  struct AccountState {
    explicit AccountState(uint64_t seed) : rng(seed) {}
    Rng rng;
    double balance = 0.0;    // dollars
    double principal = 0.0;  // loans: the amount lent; cards: the credit limit
    double term_months = 1.0;
    bool closed = false;
  };

  /// The product's profit for a whole month at the account's balance (dollars): the margin on
  /// deposits or the interest on loans, plus fees and interchange.
  static double MonthlyProfit(Product product, AccountState& state) {
    switch (product) {
      case Product::kChecking:
        return state.balance * 0.028 / 12.0 + state.rng.Uniform(0.0, 12.0);
      case Product::kSavings:
        return state.balance * 0.017 / 12.0;
      case Product::kCd:
        return state.balance * 0.011 / 12.0;
      case Product::kPersonalLoan:
        return state.balance * 0.065 / 12.0;
      case Product::kCreditCard:
        return state.balance * 0.012 + state.rng.Uniform(2.0, 25.0);
      case Product::kMortgage:
        return state.balance * 0.0125 / 12.0;
      case Product::kHeloc:
        return state.balance * 0.03 / 12.0;
    }
    return 0.0;
  }

  static double MonthlyCloseRate(Product product) {
    constexpr std::array<double, 7> kRates = {0.025, 0.02, 0.005, 0.008, 0.012, 0.003, 0.006};
    return kRates[static_cast<size_t>(product)];
  }

  /// A skewed draw in [lo, hi]: many small amounts, a few large ones, rounded to `unit`.
  static double Amount(Rng& rng, double lo, double hi, double unit) {
    const double skew = rng.Unit();
    const double value = lo + (hi - lo) * skew * skew;
    return static_cast<double>(static_cast<int64_t>(value / unit + 0.5)) * unit;
  }

  /// The opening month: the first balance and the profit of the days the account was open,
  /// with the product's one-off income or cost (loan origination fees, a card's sign-up bonus,
  /// a home-equity line's closing costs).
  static double OpenAccount(const Account& account, AccountState& state) {
    Rng& rng = state.rng;
    double one_off = 0.0;
    switch (account.product) {
      case Product::kChecking:
        state.balance = Amount(rng, 150.0, 12000.0, 0.01);
        break;
      case Product::kSavings:
        state.balance = Amount(rng, 500.0, 40000.0, 0.01);
        break;
      case Product::kCd:
        state.balance = Amount(rng, 2500.0, 150000.0, 500.0);
        break;
      case Product::kPersonalLoan:
        state.principal = Amount(rng, 3000.0, 40000.0, 500.0);
        state.balance = state.principal;
        state.term_months = static_cast<double>(std::array<int, 3>{36, 48, 60}[rng.Below(3)]);
        one_off = state.principal * rng.Uniform(0.015, 0.03);
        break;
      case Product::kCreditCard:
        state.principal =
            static_cast<double>(std::array<int, 4>{2000, 5000, 8000, 15000}[rng.Below(4)]);
        state.balance = Amount(rng, 100.0, std::min(7000.0, state.principal), 0.01);
        if (rng.Chance(0.2)) one_off = -150.0;
        break;
      case Product::kMortgage:
        state.principal = Amount(rng, 120000.0, 650000.0, 1000.0);
        state.balance = state.principal;
        one_off = state.principal * rng.Uniform(0.005, 0.01);
        break;
      case Product::kHeloc:
        state.balance = Amount(rng, 15000.0, 150000.0, 500.0);
        if (rng.Chance(0.5)) one_off = -rng.Uniform(100.0, 300.0);
        break;
    }
    const int64_t month = MonthOf(account.open_day);
    const double month_days = static_cast<double>(MonthEnd(month) - MonthStart(month) + 1);
    const double open_days = static_cast<double>(MonthEnd(month) - account.open_day + 1);
    const double profit = MonthlyProfit(account.product, state) * open_days / month_days + one_off;
    if (rng.Chance(MonthlyCloseRate(account.product) * 0.25)) CloseAccount(state);
    return profit;
  }

  /// A later month: the balance moves as the product's balances do, and some accounts close
  /// (their last snapshot shows a zero balance and the month's profit until then).
  static double NextMonth(Product product, AccountState& state) {
    Rng& rng = state.rng;
    switch (product) {
      case Product::kChecking:
        state.balance *= rng.Uniform(0.80, 1.20);
        break;
      case Product::kSavings: {
        const double deposit = rng.Chance(0.5) ? rng.Uniform(50.0, 500.0) : 0.0;
        state.balance = state.balance * rng.Uniform(0.98, 1.05) + deposit;
        break;
      }
      case Product::kCd:
        state.balance *= 1.0 + 0.0425 / 12.0;
        break;
      case Product::kPersonalLoan:
        state.balance -= state.principal / state.term_months;
        break;
      case Product::kCreditCard: {
        const double purchases = rng.Uniform(0.0, 300.0);
        state.balance =
            std::min(state.principal, state.balance * rng.Uniform(0.6, 1.45) + purchases);
        break;
      }
      case Product::kMortgage:
        state.balance -= state.principal * rng.Uniform(0.0020, 0.0030);
        break;
      case Product::kHeloc:
        state.balance *= rng.Uniform(0.96, 1.08);
        break;
    }
    if (state.balance <= 0.0) {  // a loan paid off
      state.balance = 0.0;
      state.closed = true;
      return 0.0;
    }
    double profit = MonthlyProfit(product, state);
    if (rng.Chance(MonthlyCloseRate(product))) {
      profit *= rng.Unit();  // open for part of the month
      CloseAccount(state);
    }
    return profit;
  }

  static void CloseAccount(AccountState& state) {
    state.balance = 0.0;
    state.closed = true;
  }

  /// Writes snapshots.csv month by month, accounts in number order: every account from the
  /// month it was opened to the last complete month of the data (the extract is month-end).
  Result<int64_t> WriteSnapshots(const std::string& path) {
    const int64_t last_day = span_.end_day - 1;
    const int64_t last_month =
        MonthEnd(MonthOf(last_day)) == last_day ? MonthOf(last_day) : MonthOf(last_day) - 1;
    int64_t first_month = last_month + 1;
    for (const Account& account : accounts_) {
      first_month = std::min(first_month, MonthOf(account.open_day));
    }
    std::vector<AccountState> states;
    states.reserve(accounts_.size());
    for (const Account& account : accounts_) {
      states.emplace_back(Mix(options_.seed, 460, account.number));
    }

    PAYBACK_ASSIGN_OR_RETURN(FilePtr file, OpenForWrite(path));
    constexpr size_t kFlushBytes = 8 << 20;
    std::string out = "account_id,month_end,balance,profit\n";
    int64_t rows = 0;
    for (int64_t month = first_month; month <= last_month; ++month) {
      std::string month_end;
      AppendDate(month_end, MonthEnd(month));
      for (size_t account_idx = 0; account_idx < accounts_.size(); ++account_idx) {
        const Account& account = accounts_[account_idx];
        AccountState& state = states[account_idx];
        const int64_t open_month = MonthOf(account.open_day);
        if (open_month > month || state.closed) continue;
        const bool opening = open_month == month;
        const double profit =
            opening ? OpenAccount(account, state) : NextMonth(account.product, state);
        if (opening &&
            UnitOf(Mix(options_.seed, 461, account.number)) < kMissingOpeningSnapshotShare) {
          continue;
        }
        out.push_back('A');
        AppendPadded(out, account.number, 6);
        out.push_back(',');
        out.append(month_end);
        out.push_back(',');
        AppendMoney(out, RoundCents(state.balance));
        out.push_back(',');
        AppendSignedMoney(out, RoundCents(profit));
        out.push_back('\n');
        ++rows;
      }
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

  static std::string Settings() {
    return "# Settings of the synthetic bank written by `payback generate --preset bank` (the\n"
           "# Strum platform's campaign ROI: a product opened by a customer the campaign reached\n"
           "# and who opened it, inside the influence period, valued by the account's month-end\n"
           "# snapshot of its opening month; ROI = profit / the campaigns' expenses).\n"
           "timezone: America/Chicago\n"
           "currency: USD\n"
           "conversions:\n"
           "  - name: Product Opened\n"
           "    event: product_opened\n"
           "    touch: viewed\n"
           "    requires: delivered\n"
           "    model: any_touch\n"
           "    window: 30d\n"
           "custom_metrics:\n"
           "  - name: Profit per Product\n"
           "    formula: \"Profit / Conversions\"\n"
           "  - name: Balance per Customer Reached\n"
           "    formula: \"Balance / Reached Users\"\n"
           "  - name: Cost per Product\n"
           "    formula: \"Cost / Conversions\"\n"
           "  - name: Checking Accounts Opened\n"
           "    formula: \"TOTALS(product_opened, \\\"product = 'checking'\\\")\"\n";
  }

  const GenerateOptions& options_;
  const uint64_t users_;
  const Span span_;
  DayOrderedRows rows_;
  std::vector<Campaign> campaigns_;
  size_t onboarding_idx_ = 0;
  std::vector<Account> accounts_;
  std::vector<bool> onboarded_;
  Permutation customer_ids_;
  uint64_t next_account_ = 1;
};

}  // namespace
}  // namespace payback::generate

namespace payback {

Result<GenerateSummary> GenerateBank(const GenerateOptions& options) {
  generate::BankGenerator generator(options);
  return generator.Run();
}

}  // namespace payback
