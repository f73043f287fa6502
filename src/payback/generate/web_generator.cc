#include "payback/generate/web_generator.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "payback/generate/calendar.h"
#include "payback/generate/output.h"
#include "payback/generate/random.h"

namespace payback::generate {
namespace {

// ---------------------------------------------------------------------------------------------
// The account's shape: a department store's website with LivePerson-like engagements (seed 004):
// a visit eligible for a campaign is a prospect; the campaign shows its invitation, button or
// content to the treatment visitors (an exposure), some of whom chat or click (an engagement);
// the control group sees nothing, so its conversions are the baseline of the campaign's lift.

// --- the site --------------------------------------------------------------------------------

struct Department {
  std::string_view name;
  std::array<std::string_view, 2> categories;  // category page paths
  std::array<std::string_view, 4> products;    // product slugs, at /p/<slug>
  int64_t price_lo;                            // an order's value, dollars
  int64_t price_hi;
};
constexpr std::array<Department, 5> kDepartments = {{
    {"outerwear",
     {"/women/coats", "/men/jackets"},
     {"wool-blend-overcoat", "quilted-puffer-jacket", "waterproof-parka", "down-vest"},
     90,
     420},
    {"women",
     {"/women/dresses", "/women/knitwear"},
     {"wrap-midi-dress", "cashmere-crew-sweater", "silk-blouse", "wide-leg-trousers"},
     35,
     220},
    {"men",
     {"/men/shirts", "/men/denim"},
     {"oxford-shirt", "slim-selvedge-jeans", "merino-polo", "chino-shorts"},
     30,
     200},
    {"shoes",
     {"/shoes/boots", "/shoes/sneakers"},
     {"chelsea-boot", "leather-sneaker", "hiking-boot", "suede-loafer"},
     50,
     260},
    {"home",
     {"/home/bedding", "/home/kitchen"},
     {"linen-duvet-set", "cast-iron-dutch-oven", "wool-throw", "ceramic-dinnerware-set"},
     25,
     380},
}};
constexpr std::array<int, 5> kDepartmentWeights = {22, 24, 18, 14, 22};
constexpr int kHome = 4;
/// Sets of departments, a bit each (outerwear, women, men, shoes, home).
constexpr uint8_t kOuterwearOnly = 0x01;
constexpr uint8_t kHomeOnly = 0x10;
constexpr uint8_t kApparel = 0x0F;  // every department but home
constexpr uint8_t kAll = 0x1F;

constexpr std::array<std::string_view, 6> kBlogPosts = {
    "/blog/how-to-layer-for-winter", "/blog/caring-for-wool",      "/blog/spring-trends",
    "/blog/capsule-wardrobe",        "/blog/hosting-dinner-party", "/blog/gift-ideas"};
constexpr std::array<std::string_view, 4> kHelpPages = {"/help/order-status", "/help/returns",
                                                        "/help/shipping", "/help/size-guide"};

/// Where a visit starts.
enum class Landing : uint8_t { kHome, kCategory, kProduct, kBlog, kHelp };
constexpr std::array<int, 5> kLandingWeights = {30, 22, 26, 14, 8};

// --- the visitors ----------------------------------------------------------------------------

/// A visit goes on to the cart with kCartRate x the visitor's propensity (a third as often when
/// it saw no product), to the checkout from the cart with kCheckoutRate and buys from the
/// checkout with kBuyRate: about 3% of visits buy, 3 to 8% of visitors within a week.
constexpr double kCartRate = 0.036;
constexpr double kCheckoutRate = 0.55;
constexpr double kBuyRate = 0.42;
/// The funnel's steps never go above this, however many campaigns push them.
constexpr double kMaxStepRate = 0.9;
/// Pages a visit browses after its landing page: each next one with this chance.
constexpr double kBrowseOn = 0.62;
constexpr double kBlogBrowseOn = 0.45;
constexpr double kHelpBrowseOn = 0.40;
/// Goals besides purchases, per visit: a store card application (from the cart, else anywhere
/// for visitors without the card), a design consultation booked (home visits that saw a product)
/// and a newsletter signup (visitors not subscribed).
constexpr double kCartCardRate = 0.008;
constexpr double kCardRate = 0.0008;
/// Carts under this value see the free-shipping banner; carts of kCardOfferDollars or more, the
/// store card offer.
constexpr double kFreeShippingDollars = 99.0;
constexpr double kCardOfferDollars = 100.0;
constexpr double kDesignRate = 0.010;
constexpr double kSignupRate = 0.010;
/// Visitors subscribed to the newsletter before their first visit in the data.
constexpr double kSubscribedShare = 0.15;
/// Visitors who abandon a cart come back more often, and sooner.
constexpr double kAbandonerReturnBoost = 0.15;
constexpr double kAbandonerGapDays = 1.5;
/// An exposure changes what the visitor does for this many days (within the conversion
/// definitions' 7-day window, so the lift shows in full).
constexpr int64_t kEffectDays = 7;
/// Chat invitations are shown while agents are on: 8:00 to 22:00 in New York.
constexpr int64_t kStaffedFromHour = 8;
constexpr int64_t kStaffedToHour = 22;

// --- the campaigns ---------------------------------------------------------------------------

enum class Goal : uint8_t { kSales, kLeads, kPageViews, kOther };
enum class EngagementType : uint8_t { kChat, kContent };
constexpr std::array<std::string_view, 2> kEngagementTypes = {"chat", "content"};

/// Where on the site a campaign is eligible.
enum class Trigger : uint8_t {
  kLanding,      // a visit landing on the home page or a category page (the banner spots)
  kNewVisitor,   // the first visit of a visitor new to the site
  kProductPage,  // the visit's first product page
  kSecondPage,   // the second page of a visit landing on the home page or the blog, for
                 // visitors not subscribed to the newsletter
  kSmallCart,    // the cart page, a cart under the free-shipping threshold
  kCardCart,     // the cart page, a cart of kCardOfferDollars or more of a visitor without the card
  kCheckout,     // the checkout page
  kBlog,         // a visit landing on a blog article
  kHelp,         // a visit landing on a help page
};

/// The purchase funnel step an exposed visitor takes more often.
enum class Step : uint8_t { kCart, kCheckout, kBuy };

enum class LeadForm : uint8_t { kNone, kStoreCard, kDesignConsultation };
constexpr std::array<std::string_view, 3> kLeadForms = {"", "store_card", "design_consultation"};
constexpr std::array<std::string_view, 3> kLeadPages = {"", "/store-card/apply",
                                                        "/design-services/book"};

/// One campaign of the site; the defaults are those of a campaign without the effect.
struct CampaignTemplate {
  std::string_view id;
  std::string_view name;
  std::string_view labels;
  Goal goal = Goal::kSales;
  EngagementType engagement = EngagementType::kContent;
  Trigger trigger = Trigger::kLanding;
  uint8_t departments = kAll;  // whose visits it runs on (kLanding: the home page too)
  int start_percent = 0;       // runs over [start_percent, end_percent) of the span
  int end_percent = 100;
  double control_share = 0.10;  // 0: no control group
  double display_rate = 0.97;   // exposures per eligible visit of a treatment visitor
  double engage_rate = 0.05;    // engagements per exposure
  // What an exposure does for kEffectDays: multiplies the probability of its funnel step by
  // `purchase` (and by `engaged` more after an engagement), the order value by `aov`, the lead
  // form's probability by `lead`, the signup probability by `signup`, and adds `pages` pages
  // per visit on average (twice as many after an engagement).
  Step step = Step::kCart;
  double purchase = 1.0;
  double engaged = 1.0;
  double aov = 1.0;
  LeadForm lead_form = LeadForm::kNone;
  double lead = 1.0;
  double signup = 1.0;
  double pages = 0.0;
  // The chance that an engagement leads straight to the lead form, or to a newsletter signup.
  double engaged_lead = 0.0;
  double engaged_signup = 0.0;
  // Expenses: the creative and media budget (cents for kBudgetVisitors visitors, in proportion
  // to the site's traffic), agent time per chat (cents) and the platform's charge per thousand
  // exposures (cents); listed in campaigns.csv or not.
  int64_t budget_cents = 0;
  int64_t cents_per_chat = 0;
  int64_t cents_per_thousand = 1000;
  bool lists_expenses = true;
};

/// Agent time per chat.
constexpr int64_t kCentsPerChat = 600;

constexpr std::array<CampaignTemplate, 12> kCampaigns = {{
    {.id = "winter-coat-sale",
     .name = "Winter coat sale",
     .labels = "Sale;Seasonal;Outerwear",
     .departments = kOuterwearOnly,
     .end_percent = 45,
     .engage_rate = 0.08,
     .purchase = 1.8,
     .engaged = 1.5,
     .aov = 1.25,
     .signup = 1.1,
     .pages = 0.4,
     .budget_cents = 500000,
     .cents_per_thousand = 2000},
    {.id = "spring-collection",
     .name = "Spring collection launch",
     .labels = "Seasonal;New Arrivals",
     .departments = kApparel,
     .start_percent = 55,
     .control_share = 0.08,
     .engage_rate = 0.06,
     .purchase = 1.6,
     .engaged = 1.4,
     .aov = 1.08,
     .pages = 0.5,
     .budget_cents = 600000,
     .cents_per_thousand = 2000},
    {.id = "welcome-offer",
     .name = "New visitor welcome offer",
     .labels = "Acquisition;Offer",
     .trigger = Trigger::kNewVisitor,
     .control_share = 0.08,
     .display_rate = 0.95,
     .engage_rate = 0.09,
     .purchase = 1.8,
     .engaged = 1.6,
     .signup = 2.0,
     .engaged_signup = 0.5,  // the code comes by e-mail
     .budget_cents = 350000,
     .cents_per_thousand = 2500},
    {.id = "product-expert-chat",
     .name = "Product expert chat",
     .labels = "Chat;Product Pages",
     .engagement = EngagementType::kChat,
     .trigger = Trigger::kProductPage,
     .departments = kApparel,
     .display_rate = 0.90,
     .engage_rate = 0.08,
     .purchase = 1.7,
     .engaged = 2.0,
     .aov = 1.05,
     .pages = 0.3,
     .budget_cents = 150000,
     .cents_per_chat = kCentsPerChat},
    {.id = "free-shipping-banner",
     .name = "Free shipping over $99",
     .labels = "Cart;Offer",
     .trigger = Trigger::kSmallCart,
     .display_rate = 0.98,
     .engage_rate = 0.04,
     .step = Step::kCheckout,
     .purchase = 1.6,
     .engaged = 1.2,
     .aov = 1.25,  // items added to reach the threshold
     .budget_cents = 600000,
     .cents_per_thousand = 2500},
    {.id = "checkout-chat",
     .name = "Proactive chat on checkout",
     .labels = "Chat;Checkout",
     .engagement = EngagementType::kChat,
     .trigger = Trigger::kCheckout,
     .display_rate = 0.92,
     .engage_rate = 0.12,
     .step = Step::kBuy,
     .purchase = 1.4,
     .engaged = 1.5,
     .budget_cents = 250000,
     .cents_per_chat = kCentsPerChat},
    {.id = "store-card-offer",
     .name = "Store card: 20% off today",
     .labels = "Leads;Store Card;Cart",
     .goal = Goal::kLeads,
     .trigger = Trigger::kCardCart,
     .display_rate = 0.95,
     .step = Step::kCheckout,
     .purchase = 1.5,
     .engaged = 1.3,
     .aov = 1.05,
     .lead_form = LeadForm::kStoreCard,
     .lead = 3.0,
     .engaged_lead = 0.35,
     .budget_cents = 400000,
     .cents_per_thousand = 2500},
    {.id = "design-consultation",
     .name = "Free design consultation",
     .labels = "Leads;Chat;Home",
     .goal = Goal::kLeads,
     .engagement = EngagementType::kChat,
     .trigger = Trigger::kProductPage,
     .departments = kHomeOnly,
     .start_percent = 10,
     .display_rate = 0.90,
     .engage_rate = 0.10,
     .purchase = 1.7,
     .engaged = 1.8,
     .aov = 1.15,
     .lead_form = LeadForm::kDesignConsultation,
     .lead = 2.5,
     .pages = 0.4,
     .engaged_lead = 0.3,
     .budget_cents = 250000,
     .cents_per_chat = kCentsPerChat},
    {.id = "blog-recommendations",
     .name = "Blog content recommendations",
     .labels = "Content;Blog",
     .goal = Goal::kPageViews,
     .trigger = Trigger::kBlog,
     .engage_rate = 0.07,
     .purchase = 1.4,
     .engaged = 1.5,
     .signup = 1.3,
     .pages = 1.5,
     .lists_expenses = false},  // written in-house
    {.id = "newsletter-invite",
     .name = "Newsletter signup invitation",
     .labels = "Email Capture;Offer",
     .goal = Goal::kOther,
     .trigger = Trigger::kSecondPage,
     .display_rate = 0.95,
     .engage_rate = 0.06,
     .purchase = 1.8,  // 10% off the first order for subscribing
     .engaged = 1.3,
     .signup = 3.0,
     .engaged_signup = 0.7,
     .budget_cents = 200000,
     .cents_per_thousand = 1500},
    {.id = "order-help-chat",
     .name = "Order status help chat",
     .labels = "Chat;Service",
     .goal = Goal::kOther,
     .engagement = EngagementType::kChat,
     .trigger = Trigger::kHelp,
     .control_share = 0.0,
     .display_rate = 0.92,
     .engage_rate = 0.15,
     .purchase = 1.1,
     .engaged = 1.3,
     .pages = 0.2,
     .budget_cents = 80000,
     .cents_per_chat = kCentsPerChat},
    {.id = "valentines-gift-guide",
     .name = "Valentine's gift guide",
     .labels = "Content;Seasonal;Gifts",
     .goal = Goal::kPageViews,
     .start_percent = 30,
     .end_percent = 50,
     .control_share = 0.0,
     .purchase = 1.2,
     .engaged = 1.3,
     .pages = 1.2,
     .lists_expenses = false},
}};
constexpr size_t kCampaignCount = kCampaigns.size();

/// Campaign budgets are set for a site of this many visitors and follow its traffic, down to
/// kMinBudgetShare of them.
constexpr int64_t kBudgetVisitors = 20000;
constexpr double kMinBudgetShare = 0.05;

constexpr std::array<std::string_view, 4> kMarketers = {"maya", "jordan", "priya", "ethan"};

enum class EventKind : uint8_t {
  kEligible,
  kAssignment,
  kExposure,
  kEngagement,
  kPageView,
  kPurchase,
  kLead,
  kSignup,
};
constexpr std::array<std::string_view, 8> kEventNames = {
    "eligible", "assignment", "exposure", "engagement", "page_view", "purchase", "lead", "signup"};

/// A visitor's group in a campaign: 2 bits of VisitorState::groups each.
enum class Group : uint8_t { kUnassigned = 0, kTreatment = 1, kControl = 2 };

struct Campaign {
  const CampaignTemplate* tmpl = nullptr;
  std::string created_by;
  std::string status;
  int64_t start_s = 0;  // runs over [start_s, end_s): local midnights
  int64_t end_s = 0;
  int64_t fixed_cents = 0;
  int64_t exposures = 0;  // inside the data, for the expenses
  int64_t chats = 0;

  int64_t ExpensesCents() const {
    return fixed_cents + chats * tmpl->cents_per_chat +
           (exposures * tmpl->cents_per_thousand + 500) / 1000;
  }
};

/// What the generator remembers of a visitor between visits (the rest is a hash of its index).
struct VisitorState {
  /// Day index + 1 of the campaign's latest exposure; 0: never exposed.
  std::array<uint16_t, kCampaignCount> exposed_day{};
  uint32_t groups = 0;   // Group, 2 bits per campaign
  uint16_t engaged = 0;  // a bit per campaign: engaged since the exposures began
  uint16_t visits = 0;
  bool subscribed = false;
  bool card_holder = false;
};
static_assert(kCampaignCount <= 16, "VisitorState holds 16 campaigns at most");

/// A visit waiting for its day.
struct PendingVisit {
  int64_t ts;
  uint32_t visitor;
};

/// A visitor's fixed traits, a hash of its index.
struct Profile {
  double propensity = 1.0;   // multiplies the cart rate
  double return_rate = 0.3;  // chance of another visit after each one
  double gap_days = 10.0;    // mean days between visits
  bool new_to_site = false;  // the first visit in the data is the first ever
  bool subscribed = false;   // on the newsletter list before the data
};

class WebGenerator {
 public:
  explicit WebGenerator(const GenerateOptions& options)
      : options_(options),
        users_(static_cast<uint64_t>(options.users)),
        span_{options.end_day - options.days, options.end_day},
        rows_(span_.first_day, span_.days()) {}

  Result<GenerateSummary> Run() {
    BuildCampaigns();
    const std::filesystem::path dir(options_.out_dir);
    const std::string settings_path = (dir / "settings.yaml").string();
    const std::string campaigns_path = (dir / "campaigns.csv").string();
    const std::string events_path = (dir / "events.csv").string();
    GenerateSummary summary;
    // Events first: the campaigns' expenses follow their exposures and chats.
    PAYBACK_ASSIGN_OR_RETURN(summary.events, WriteEvents(events_path));
    PAYBACK_ASSIGN_OR_RETURN(summary.campaigns, WriteCampaigns(campaigns_path));
    PAYBACK_RETURN_IF_ERROR(WriteWholeFile(settings_path, Settings()));
    summary.files = {{GeneratedFileKind::kSettings, settings_path},
                     {GeneratedFileKind::kCampaigns, campaigns_path},
                     {GeneratedFileKind::kEvents, events_path}};
    return summary;
  }

 private:
  // --- campaigns ---------------------------------------------------------------------------

  void BuildCampaigns() {
    Rng rng(Mix(options_.seed, 601));
    const int64_t days = span_.days();
    for (const CampaignTemplate& tmpl : kCampaigns) {
      Campaign campaign;
      campaign.tmpl = &tmpl;
      campaign.created_by = std::string(kMarketers[rng.Below(kMarketers.size())]);
      const int64_t first_idx = days * tmpl.start_percent / 100;
      const int64_t end_idx = std::max(first_idx + 1, days * tmpl.end_percent / 100);
      campaign.start_s = NewYorkLocalToUtc(span_.first_day + first_idx, 0);
      campaign.end_s = NewYorkLocalToUtc(span_.first_day + end_idx, 0);
      campaign.status = end_idx < days ? "completed" : "running";
      const double traffic = std::max(
          kMinBudgetShare, static_cast<double>(users_) / static_cast<double>(kBudgetVisitors));
      campaign.fixed_cents = static_cast<int64_t>(static_cast<double>(tmpl.budget_cents) * traffic *
                                                  rng.Uniform(0.85, 1.15));
      campaigns_.push_back(std::move(campaign));
    }
  }

  Result<int64_t> WriteCampaigns(const std::string& path) const {
    std::string out =
        "campaign_id,name,status,created_by,labels,channel,kind,goal_type,expenses,"
        "start,end\n";
    for (const Campaign& campaign : campaigns_) {
      const CampaignTemplate& tmpl = *campaign.tmpl;
      const bool business = tmpl.goal == Goal::kSales || tmpl.goal == Goal::kLeads;
      for (const std::string_view field :
           {tmpl.id, tmpl.name, std::string_view(campaign.status),
            std::string_view(campaign.created_by), tmpl.labels, std::string_view("web"),
            std::string_view("web"), std::string_view(business ? "business" : "assisting")}) {
        AppendCsvField(out, field);
        out.push_back(',');
      }
      if (tmpl.lists_expenses) AppendMoney(out, campaign.ExpensesCents());
      out.push_back(',');
      AppendTimestamp(out, campaign.start_s);
      out.push_back(',');
      // The last minute of the run's last local day: expenses spread over start's day to end's.
      AppendTimestamp(out, campaign.end_s - kSecondsPerMinute);
      out.push_back('\n');
    }
    PAYBACK_RETURN_IF_ERROR(WriteWholeFile(path, out));
    return static_cast<int64_t>(campaigns_.size());
  }

  // --- visitors ----------------------------------------------------------------------------

  Profile ProfileOf(uint32_t visitor) const {
    Rng rng(Mix(options_.seed, 603, visitor));
    Profile profile;
    const double kind = rng.Unit();
    double loyalty = 1.0;
    if (kind < 0.10) {  // loyal customers: back every few days, buy more readily
      profile.return_rate = 0.80;
      profile.gap_days = 4.0;
      loyalty = 1.3;
    } else if (kind < 0.40) {
      profile.return_rate = 0.55;
      profile.gap_days = 7.0;
    }
    const double skew = rng.Unit();
    profile.propensity = (0.3 + 2.4 * skew * skew) * loyalty;
    profile.new_to_site = rng.Chance(kind < 0.10 ? 0.1 : 0.7);
    profile.subscribed = rng.Chance(kind < 0.10 ? 0.5 : kSubscribedShare);
    return profile;
  }

  void AppendVisitor(std::string& line, uint32_t visitor) const {
    line.push_back('V');
    std::string digits;
    AppendUint(digits, static_cast<uint64_t>(visitor_ids_(visitor)) + 1);
    if (digits.size() < 7) line.append(7 - digits.size(), '0');
    line.append(digits);
  }

  static Group GroupOf(const VisitorState& state, size_t campaign_idx) {
    return static_cast<Group>((state.groups >> (2 * campaign_idx)) & 3u);
  }

  // --- events ------------------------------------------------------------------------------

  /// One row of events.csv; the fields left out are written empty.
  struct EventRow {
    int64_t ts = 0;
    EventKind kind = EventKind::kPageView;
    size_t campaign_idx = kCampaignCount;  // kCampaignCount: no campaign
    std::string_view group = {};
    std::string_view type = {};
    std::string_view page = {};
    std::string_view page_tail = {};  // appended to `page`: a product's slug after "/p/"
    std::string_view form = {};
    int64_t amount_cents = -1;  // < 0: no amount
  };

  /// Queues one row of events.csv; false when it falls after the data.
  bool Emit(uint32_t visitor, const EventRow& row) {
    std::string line;
    line.reserve(80);
    AppendVisitor(line, visitor);
    line.push_back(',');
    AppendTimestamp(line, row.ts);
    line.push_back(',');
    line.append(kEventNames[static_cast<size_t>(row.kind)]);
    line.push_back(',');
    if (row.campaign_idx < kCampaignCount) line.append(kCampaigns[row.campaign_idx].id);
    line.push_back(',');
    line.append(row.group);
    line.push_back(',');
    line.append(row.type);
    line.push_back(',');
    line.append(row.page);
    line.append(row.page_tail);
    line.push_back(',');
    line.append(row.form);
    line.push_back(',');
    if (row.amount_cents >= 0) AppendMoney(line, row.amount_cents);
    line.push_back('\n');
    return rows_.Add(row.ts, std::move(line));
  }

  /// One visit as it unfolds: the clock moves on with each page and event.
  struct Visit {
    uint32_t visitor;
    VisitorState& state;
    Rng& rng;
    int64_t t;
    int64_t day_idx;
    int department;
    Landing landing;
    int pages = 0;
    bool product_seen = false;
  };

  void PageView(Visit& visit, std::string_view page, std::string_view tail = {}) {
    Emit(visit.visitor, {.ts = visit.t, .page = page, .page_tail = tail});
    ++visit.pages;
  }

  /// Whether the campaign's latest exposure still works on the visitor.
  bool Active(const Visit& visit, size_t campaign_idx) const {
    const uint16_t exposed = visit.state.exposed_day[campaign_idx];
    return exposed != 0 && visit.day_idx + 1 - exposed < kEffectDays;
  }
  bool Engaged(const Visit& visit, size_t campaign_idx) const {
    return ((visit.state.engaged >> campaign_idx) & 1u) != 0;
  }

  // The campaigns working on the visitor multiply: a campaign multiplies the probability of its
  // step by its own factor whatever else the visitor sees, so its treatment converts about that
  // many times as often as its control group (below the kMaxStepRate ceiling).

  /// The multiplier of a purchase funnel step.
  double StepFactor(const Visit& visit, Step step) const {
    double factor = 1.0;
    for (size_t campaign_idx = 0; campaign_idx < kCampaignCount; ++campaign_idx) {
      const CampaignTemplate& tmpl = kCampaigns[campaign_idx];
      if (tmpl.step != step || !Active(visit, campaign_idx)) continue;
      factor *= tmpl.purchase * (Engaged(visit, campaign_idx) ? tmpl.engaged : 1.0);
    }
    return factor;
  }
  double AovFactor(const Visit& visit) const {
    double factor = 1.0;
    for (size_t campaign_idx = 0; campaign_idx < kCampaignCount; ++campaign_idx) {
      if (Active(visit, campaign_idx)) factor *= kCampaigns[campaign_idx].aov;
    }
    return factor;
  }
  double LeadFactor(const Visit& visit, LeadForm form) const {
    double factor = 1.0;
    for (size_t campaign_idx = 0; campaign_idx < kCampaignCount; ++campaign_idx) {
      const CampaignTemplate& tmpl = kCampaigns[campaign_idx];
      if (tmpl.lead_form == form && Active(visit, campaign_idx)) factor *= tmpl.lead;
    }
    return factor;
  }
  double SignupFactor(const Visit& visit) const {
    double factor = 1.0;
    for (size_t campaign_idx = 0; campaign_idx < kCampaignCount; ++campaign_idx) {
      if (Active(visit, campaign_idx)) factor *= kCampaigns[campaign_idx].signup;
    }
    return factor;
  }
  /// Extra pages per visit on average.
  double ExtraPages(const Visit& visit) const {
    double pages = 0.0;
    for (size_t campaign_idx = 0; campaign_idx < kCampaignCount; ++campaign_idx) {
      if (!Active(visit, campaign_idx)) continue;
      pages += kCampaigns[campaign_idx].pages * (Engaged(visit, campaign_idx) ? 2.0 : 1.0);
    }
    return pages;
  }

  /// The New York hour of a UTC second (the offset of its UTC day).
  static int64_t LocalHour(int64_t ts) {
    const int64_t day = ts / kSecondsPerDay;
    const int64_t local = ts - NewYorkToUtcHours(day) * kSecondsPerHour;
    return (local % kSecondsPerDay + kSecondsPerDay) % kSecondsPerDay / kSecondsPerHour;
  }

  void EmitLead(Visit& visit, LeadForm form) {
    const size_t form_idx = static_cast<size_t>(form);
    visit.t += visit.rng.Between(30, 240);
    PageView(visit, kLeadPages[form_idx]);
    visit.t += visit.rng.Between(60, 420);  // filling in the form
    Emit(visit.visitor, {.ts = visit.t, .kind = EventKind::kLead, .form = kLeadForms[form_idx]});
    if (form == LeadForm::kStoreCard) visit.state.card_holder = true;
  }

  void EmitSignup(Visit& visit) {
    visit.t += visit.rng.Between(5, 60);
    Emit(visit.visitor, {.ts = visit.t, .kind = EventKind::kSignup});
    visit.state.subscribed = true;
  }

  /// The campaigns of `trigger` that run at the visit's time and on its pages: an eligible
  /// visit, the visitor's group at the first one, and for the treatment an exposure (a chat
  /// invitation only in staffed hours) and perhaps an engagement.
  void Eligible(Visit& visit, Trigger trigger) {
    for (size_t campaign_idx = 0; campaign_idx < kCampaignCount; ++campaign_idx) {
      const CampaignTemplate& tmpl = kCampaigns[campaign_idx];
      Campaign& campaign = campaigns_[campaign_idx];
      if (tmpl.trigger != trigger || visit.t < campaign.start_s || visit.t >= campaign.end_s) {
        continue;
      }
      const bool home_page = trigger == Trigger::kLanding && visit.landing == Landing::kHome;
      if (((tmpl.departments >> visit.department) & 1u) == 0 && !home_page) continue;
      Emit(visit.visitor,
           {.ts = visit.t, .kind = EventKind::kEligible, .campaign_idx = campaign_idx});
      VisitorState& state = visit.state;
      Group group = GroupOf(state, campaign_idx);
      if (group == Group::kUnassigned) {
        // Fixed per visitor and campaign, so the split does not depend on the visit.
        const bool control =
            UnitOf(Mix(options_.seed, 610 + campaign_idx, visit.visitor)) < tmpl.control_share;
        group = control ? Group::kControl : Group::kTreatment;
        state.groups |= static_cast<uint32_t>(group) << (2 * campaign_idx);
        if (tmpl.control_share > 0.0) {
          Emit(visit.visitor, {.ts = visit.t,
                               .kind = EventKind::kAssignment,
                               .campaign_idx = campaign_idx,
                               .group = control ? "control" : "treatment"});
        }
      }
      if (group == Group::kControl) continue;
      const bool chat = tmpl.engagement == EngagementType::kChat;
      if (!visit.rng.Chance(tmpl.display_rate)) continue;
      const int64_t shown_ts = visit.t + visit.rng.Between(1, 8);
      // A chat invitation needs an agent on.
      if (chat &&
          (LocalHour(shown_ts) < kStaffedFromHour || LocalHour(shown_ts) >= kStaffedToHour)) {
        continue;
      }
      visit.t = shown_ts;
      if (!Emit(visit.visitor,
                {.ts = visit.t, .kind = EventKind::kExposure, .campaign_idx = campaign_idx})) {
        continue;
      }
      ++campaign.exposures;
      const uint16_t today = static_cast<uint16_t>(visit.day_idx + 1);
      if (!Active(visit, campaign_idx))
        state.engaged &= static_cast<uint16_t>(~(1u << campaign_idx));
      state.exposed_day[campaign_idx] = today;
      if (!visit.rng.Chance(tmpl.engage_rate)) continue;
      visit.t += chat ? visit.rng.Between(10, 90) : visit.rng.Between(3, 40);
      Emit(visit.visitor, {.ts = visit.t,
                           .kind = EventKind::kEngagement,
                           .campaign_idx = campaign_idx,
                           .type = kEngagementTypes[static_cast<size_t>(tmpl.engagement)]});
      if (chat) {
        ++campaign.chats;
        visit.t += visit.rng.Between(120, 900);  // the conversation
      }
      state.engaged |= static_cast<uint16_t>(1u << campaign_idx);
      if (tmpl.lead_form != LeadForm::kNone && visit.rng.Chance(tmpl.engaged_lead)) {
        const bool has_card = tmpl.lead_form == LeadForm::kStoreCard && state.card_holder;
        if (!has_card) EmitLead(visit, tmpl.lead_form);
      }
      if (!state.subscribed && visit.rng.Chance(tmpl.engaged_signup)) EmitSignup(visit);
    }
  }

  /// Seconds spent on a page before the next one.
  static int64_t Dwell(Rng& rng) { return rng.Between(15, 150); }

  void BrowsePage(Visit& visit) {
    Rng& rng = visit.rng;
    visit.t += Dwell(rng);
    const Department& department = kDepartments[static_cast<size_t>(visit.department)];
    if (visit.landing == Landing::kBlog && visit.pages == 1 && rng.Chance(0.3)) {
      PageView(visit, kBlogPosts[rng.Below(kBlogPosts.size())]);
    } else if (rng.Chance(0.55)) {
      PageView(visit, "/p/", department.products[rng.Below(department.products.size())]);
      if (!visit.product_seen) {
        visit.product_seen = true;
        Eligible(visit, Trigger::kProductPage);
      }
    } else {
      PageView(visit, department.categories[rng.Below(department.categories.size())]);
    }
    if (visit.pages == 2 && !visit.state.subscribed &&
        (visit.landing == Landing::kHome || visit.landing == Landing::kBlog)) {
      Eligible(visit, Trigger::kSecondPage);
    }
  }

  /// The cart, the checkout and the purchase; true when the visitor left a cart behind.
  bool Shop(Visit& visit, const Profile& profile) {
    Rng& rng = visit.rng;
    const double cart_rate = kCartRate * profile.propensity * (visit.product_seen ? 1.0 : 0.35) *
                             StepFactor(visit, Step::kCart);
    if (!rng.Chance(std::min(kMaxStepRate, cart_rate))) return false;
    // The cart's value before any offer works on it: its banners depend on it.
    const Department& department = kDepartments[static_cast<size_t>(visit.department)];
    const double skew = rng.Unit();
    const double cart_dollars =
        static_cast<double>(department.price_lo) +
        static_cast<double>(department.price_hi - department.price_lo) * skew * skew;
    visit.t += Dwell(rng);
    PageView(visit, "/cart");
    if (cart_dollars < kFreeShippingDollars) Eligible(visit, Trigger::kSmallCart);
    if (cart_dollars >= kCardOfferDollars && !visit.state.card_holder) {
      Eligible(visit, Trigger::kCardCart);
    }
    if (!visit.state.card_holder &&
        rng.Chance(kCartCardRate * LeadFactor(visit, LeadForm::kStoreCard))) {
      EmitLead(visit, LeadForm::kStoreCard);
    }
    if (!rng.Chance(std::min(kMaxStepRate, kCheckoutRate * StepFactor(visit, Step::kCheckout)))) {
      return true;
    }
    visit.t += Dwell(rng);
    PageView(visit, "/checkout");
    Eligible(visit, Trigger::kCheckout);
    if (!rng.Chance(std::min(kMaxStepRate, kBuyRate * StepFactor(visit, Step::kBuy)))) return true;
    Purchase(visit, cart_dollars);
    return false;
  }

  /// The order of a cart worth `cart_dollars` before the campaigns working on the visitor.
  void Purchase(Visit& visit, double cart_dollars) {
    Rng& rng = visit.rng;
    visit.t += rng.Between(60, 600);
    const double dollars = cart_dollars * AovFactor(visit);
    const int64_t cents =
        static_cast<int64_t>(dollars) * 100 + std::array<int64_t, 4>{0, 99, 95, 50}[rng.Below(4)];
    Emit(visit.visitor, {.ts = visit.t, .kind = EventKind::kPurchase, .amount_cents = cents});
    visit.t += rng.Between(2, 10);
    PageView(visit, "/order/confirmation");
  }

  /// Draws how many of something happen with mean `mean`: geometric.
  static int64_t GeometricCount(Rng& rng, double mean) {
    if (mean <= 0.0) return 0;
    const double on = mean / (mean + 1.0);
    int64_t count = 0;
    while (count < 40 && rng.Chance(on)) ++count;
    return count;
  }

  /// One visit of `visitor` starting at `ts`; queues the visitor's next visit.
  void RunVisit(uint32_t visitor, int64_t ts) {
    VisitorState& state = visitors_[visitor];
    const Profile profile = ProfileOf(visitor);
    Rng rng(Mix(options_.seed, 604, (static_cast<uint64_t>(visitor) << 16) | state.visits));
    const bool first_visit = state.visits == 0;
    if (first_visit) state.subscribed = profile.subscribed;
    if (state.visits < UINT16_MAX) ++state.visits;
    Visit visit{visitor,
                state,
                rng,
                ts,
                ts / kSecondsPerDay - span_.first_day,
                static_cast<int>(PickWeighted(rng, kDepartmentWeights)),
                static_cast<Landing>(PickWeighted(rng, kLandingWeights))};
    const Department& department = kDepartments[static_cast<size_t>(visit.department)];
    double browse_on = kBrowseOn;
    switch (visit.landing) {
      case Landing::kHome:
        PageView(visit, "/");
        break;
      case Landing::kCategory:
        PageView(visit, department.categories[rng.Below(department.categories.size())]);
        break;
      case Landing::kProduct:
        PageView(visit, "/p/", department.products[rng.Below(department.products.size())]);
        visit.product_seen = true;
        break;
      case Landing::kBlog:
        PageView(visit, kBlogPosts[rng.Below(kBlogPosts.size())]);
        browse_on = kBlogBrowseOn;
        break;
      case Landing::kHelp:
        PageView(visit, kHelpPages[rng.Below(kHelpPages.size())]);
        browse_on = kHelpBrowseOn;
        break;
    }
    if (visit.landing == Landing::kHome || visit.landing == Landing::kCategory) {
      Eligible(visit, Trigger::kLanding);
    }
    if (first_visit && profile.new_to_site) Eligible(visit, Trigger::kNewVisitor);
    if (visit.landing == Landing::kBlog) Eligible(visit, Trigger::kBlog);
    if (visit.landing == Landing::kHelp) Eligible(visit, Trigger::kHelp);
    if (visit.product_seen) Eligible(visit, Trigger::kProductPage);

    // Browsing: a geometric number of pages, more while content campaigns work on the visitor.
    const int64_t browse =
        GeometricCount(rng, browse_on / (1.0 - browse_on)) + GeometricCount(rng, ExtraPages(visit));
    for (int64_t page = 0; page < browse; ++page) BrowsePage(visit);

    const bool abandoned = Shop(visit, profile);
    if (!state.card_holder && rng.Chance(kCardRate * LeadFactor(visit, LeadForm::kStoreCard))) {
      EmitLead(visit, LeadForm::kStoreCard);
    }
    if (visit.department == kHome && visit.product_seen &&
        rng.Chance(kDesignRate * LeadFactor(visit, LeadForm::kDesignConsultation))) {
      EmitLead(visit, LeadForm::kDesignConsultation);
    }
    if (!state.subscribed && rng.Chance(kSignupRate * SignupFactor(visit))) EmitSignup(visit);

    // The next visit, on a later day.
    const double return_rate =
        std::min(0.95, profile.return_rate + (abandoned ? kAbandonerReturnBoost : 0.0));
    if (!rng.Chance(return_rate)) return;
    const double gap_mean = abandoned ? kAbandonerGapDays : profile.gap_days;
    const int64_t next_idx = visit.day_idx + 1 + static_cast<int64_t>(rng.Exponential(gap_mean));
    if (next_idx >= span_.days()) return;
    pending_[static_cast<size_t>(next_idx)].push_back(
        PendingVisit{ActiveSecondOfDay(rng, span_.first_day + next_idx), visitor});
  }

  Result<int64_t> WriteEvents(const std::string& path) {
    Rng rng(Mix(options_.seed, 602));
    visitor_ids_ = Permutation::Make(rng, users_);
    visitors_.assign(users_, VisitorState{});
    pending_.assign(static_cast<size_t>(span_.days()), {});
    // Every visitor's first visit in the data, on a day of the span.
    for (uint64_t visitor = 0; visitor < users_; ++visitor) {
      Rng first(Mix(options_.seed, 605, visitor));
      const int64_t day_idx =
          static_cast<int64_t>(first.Below(static_cast<uint64_t>(span_.days())));
      pending_[static_cast<size_t>(day_idx)].push_back(PendingVisit{
          ActiveSecondOfDay(first, span_.first_day + day_idx), static_cast<uint32_t>(visitor)});
    }
    PAYBACK_ASSIGN_OR_RETURN(FilePtr file, OpenForWrite(path));
    constexpr size_t kFlushBytes = 8 << 20;
    std::string out = "user_id,ts,event,campaign_id,group,type,page,form,amount\n";
    int64_t rows = 0;
    for (int64_t day_idx = 0; day_idx < span_.days(); ++day_idx) {
      std::vector<PendingVisit> visits = std::move(pending_[static_cast<size_t>(day_idx)]);
      pending_[static_cast<size_t>(day_idx)] = {};
      std::sort(visits.begin(), visits.end(), [](const PendingVisit& lhs, const PendingVisit& rhs) {
        return lhs.ts != rhs.ts ? lhs.ts < rhs.ts : lhs.visitor < rhs.visitor;
      });
      for (const PendingVisit& visit : visits) RunVisit(visit.visitor, visit.ts);
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

  static std::string Settings() {
    return "# Settings of the synthetic website written by `payback generate --preset web`\n"
           "# (LivePerson's web engagement: prospects, exposures, engagements, the conversions\n"
           "# of exposed visitors and each campaign's lift over its control group, shown by\n"
           "# `payback lift`; the campaigns' expenses and the platform fee are the cost).\n"
           "timezone: America/New_York\n"
           "currency: USD\n"
           "conversions:\n"
           "  - name: Purchase\n"
           "    event: purchase\n"
           "    value: amount\n"
           "    touch: exposure\n"
           "    model: any_touch\n"
           "    window: 7d\n"
           "  - name: Lead\n"
           "    event: lead\n"
           "    touch: exposure\n"
           "    model: any_touch\n"
           "    window: 7d\n"
           "  - name: Page views\n"
           "    event: page_view\n"
           "    touch: exposure\n"
           "    model: any_touch\n"
           "    window: 1d\n"
           "  - name: Signup\n"
           "    event: signup\n"
           "    touch: exposure\n"
           "    model: any_touch\n"
           "    window: 7d\n"
           "custom_metrics:\n"
           "  - name: Engagement Rate\n"
           "    formula: \"TOTALS(engagement) / TOTALS(exposure)\"\n"
           "  - name: Chats\n"
           "    formula: \"TOTALS(engagement, \\\"type = 'chat'\\\")\"\n"
           "  - name: Revenue per Exposure\n"
           "    formula: \"Revenue / TOTALS(exposure)\"\n"
           "  - name: Cost per Engagement\n"
           "    formula: \"Cost / TOTALS(engagement)\"\n"
           "costs:\n"
           "  - type: platform_fee       # the engagement platform's subscription\n"
           "    period: month\n"
           "    amount: 2500\n";
  }

  const GenerateOptions& options_;
  const uint64_t users_;
  const Span span_;
  DayOrderedRows rows_;
  std::vector<Campaign> campaigns_;
  std::vector<VisitorState> visitors_;
  std::vector<std::vector<PendingVisit>> pending_;
  Permutation visitor_ids_;
};

}  // namespace
}  // namespace payback::generate

namespace payback {

Result<GenerateSummary> GenerateWeb(const GenerateOptions& options) {
  generate::WebGenerator generator(options);
  return generator.Run();
}

}  // namespace payback
