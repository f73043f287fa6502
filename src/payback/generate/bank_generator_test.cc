#include "payback/generate/bank_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "payback/generate/calendar.h"
#include "payback/generate/generate_test_util.h"
#include "payback/settings/settings_yaml.h"

namespace payback {
namespace {

using generate_test::Fnv1a;
using generate_test::Lines;
using generate_test::ReadCsv;
using generate_test::ReadFile;
using generate_test::ScratchDir;
using generate_test::SmallRun;
using generate_test::SplitCsv;
namespace fs = std::filesystem;

const std::set<std::string> kProducts = {"checking",    "savings",  "cd",   "personal_loan",
                                         "credit_card", "mortgage", "heloc"};

/// "2026-03-01T10:15:00Z" -> seconds since 1970.
int64_t ParseTs(const std::string& text) {
  const int64_t day = generate::DaysFromCivil(
      std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)), std::stoi(text.substr(8, 2)));
  return day * 86400 + std::stoi(text.substr(11, 2)) * 3600 + std::stoi(text.substr(14, 2)) * 60 +
         std::stoi(text.substr(17, 2));
}

/// "2026-03-31" -> days since 1970.
int64_t ParseDay(const std::string& text) {
  return generate::DaysFromCivil(std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)),
                                 std::stoi(text.substr(8, 2)));
}

/// The last day of the month after the one that ends on `month_end`.
int64_t NextMonthEnd(int64_t month_end) {
  const generate::CivilDate next = generate::CivilFromDays(month_end + 1);
  return (next.month == 12 ? generate::DaysFromCivil(next.year + 1, 1, 1)
                           : generate::DaysFromCivil(next.year, next.month + 1, 1)) -
         1;
}

/// The bank's (America/Chicago) month of a UTC second, "YYYY-MM".
std::string LocalMonth(int64_t ts) {
  int64_t day = ts / 86400;
  if (ts < day * 86400 + (generate::NewYorkToUtcHours(day) + 1) * 3600) --day;
  const generate::CivilDate date = generate::CivilFromDays(day);
  char text[8];
  std::snprintf(text, sizeof(text), "%04d-%02d", static_cast<int>(date.year),
                static_cast<int>(date.month));
  return text;
}

/// A money field: digits, a point, two decimals, perhaps a minus sign.
bool IsMoney(const std::string& text) {
  const size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() < start + 4 || text[text.size() - 3] != '.') return false;
  for (size_t pos = start; pos < text.size(); ++pos) {
    if (pos != text.size() - 3 && (text[pos] < '0' || text[pos] > '9')) return false;
  }
  return true;
}

struct ProductOpened {
  std::string user;
  int64_t ts;
  std::string product;
  std::string account;
};

/// What the tests read from a generated bank: the campaigns, each customer's first reached and
/// opened time per campaign, and the products opened.
struct Bank {
  std::map<std::string, std::map<std::string, std::string>> campaigns;
  std::map<std::string, std::map<std::string, int64_t>> reached;  // user -> campaign -> ts
  std::map<std::string, std::map<std::string, int64_t>> opened;
  std::map<std::string, int64_t> counts;  // per event name
  std::vector<ProductOpened> products;

  int64_t InfluenceDays(const std::string& campaign) const {
    const std::string& days = campaigns.at(campaign).at("influence_days");
    return days.empty() ? 30 : std::stoi(days);
  }
};

Bank ReadBank(const fs::path& dir) {
  Bank bank;
  for (auto& campaign : ReadCsv(dir / "campaigns.csv")) {
    bank.campaigns[campaign.at("campaign_id")] = campaign;
  }
  const std::vector<std::string> lines = Lines(ReadFile(dir / "events.csv"));
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    const std::string& event = fields[2];
    ++bank.counts[event];
    const int64_t ts = ParseTs(fields[1]);
    if (event == "product_opened") {
      bank.products.push_back(ProductOpened{fields[0], ts, fields[4], fields[5]});
    } else if (event == "reached") {
      bank.reached[fields[0]].emplace(fields[3], ts);
    } else if (event == "opened") {
      bank.opened[fields[0]].emplace(fields[3], ts);
    }
  }
  return bank;
}

/// One generated bank shared by the tests: 20,000 customers over the default 90 days to
/// 2026-03-31.
class BankGeneratorTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(ScratchDir("bank"));
    const Result<GenerateSummary> summary = GenerateDataset(SmallRun(*dir_, 20000, "bank"));
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    summary_ = new GenerateSummary(*summary);
    bank_ = new Bank(ReadBank(*dir_));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete summary_;
    delete bank_;
    dir_ = nullptr;
    summary_ = nullptr;
    bank_ = nullptr;
  }
  static fs::path* dir_;
  static GenerateSummary* summary_;
  static Bank* bank_;
};
fs::path* BankGeneratorTest::dir_ = nullptr;
GenerateSummary* BankGeneratorTest::summary_ = nullptr;
Bank* BankGeneratorTest::bank_ = nullptr;

TEST_F(BankGeneratorTest, CampaignsPromoteProductsOverFourChannels) {
  const std::vector<std::string> header = SplitCsv(Lines(ReadFile(*dir_ / "campaigns.csv"))[0]);
  EXPECT_EQ(header,
            (std::vector<std::string>{"campaign_id", "name", "status", "created_by", "labels",
                                      "channel", "delivery_type", "kind", "expenses",
                                      "promoted_products", "influence_days", "start", "end"}));
  const auto& campaigns = bank_->campaigns;
  EXPECT_GE(campaigns.size(), 12u);
  EXPECT_LE(campaigns.size(), 20u);
  std::map<std::string, int> kinds;
  std::map<std::string, std::vector<double>> expenses_by_channel;
  std::set<std::string> influence;
  int64_t without_influence = 0;
  for (const auto& [id, campaign] : campaigns) {
    ++kinds[campaign.at("kind")];
    EXPECT_FALSE(campaign.at("name").empty());
    EXPECT_FALSE(campaign.at("labels").empty());
    EXPECT_FALSE(campaign.at("created_by").empty());
    EXPECT_EQ(campaign.at("start").size(), 20u);
    // Every campaign promotes one or more known products.
    const std::string& promoted = campaign.at("promoted_products");
    ASSERT_FALSE(promoted.empty()) << id;
    size_t begin = 0;
    while (begin <= promoted.size()) {
      const size_t end = std::min(promoted.find(';', begin), promoted.size());
      EXPECT_EQ(kProducts.count(promoted.substr(begin, end - begin)), 1u) << id;
      begin = end + 1;
    }
    if (campaign.at("influence_days").empty()) {
      ++without_influence;
    } else {
      influence.insert(campaign.at("influence_days"));
    }
    if (campaign.at("status") == "scheduled") {
      EXPECT_TRUE(campaign.at("expenses").empty()) << id;
      EXPECT_GT(campaign.at("start"), "2026-04") << id;
      continue;
    }
    ASSERT_TRUE(IsMoney(campaign.at("expenses"))) << id << ": " << campaign.at("expenses");
    expenses_by_channel[campaign.at("channel")].push_back(std::stod(campaign.at("expenses")));
    if (campaign.at("kind") == "broadcast") {
      EXPECT_FALSE(campaign.at("end").empty()) << id;
      EXPECT_EQ(campaign.at("delivery_type"), "on_publish");
    }
  }
  EXPECT_EQ(kinds.size(), 2u);
  EXPECT_GE(kinds["broadcast"], 10);
  EXPECT_GE(kinds["journey"], 3);
  EXPECT_EQ(influence, (std::set<std::string>{"30", "45", "60"}));
  EXPECT_GE(without_influence, 3);
  EXPECT_EQ(expenses_by_channel.size(), 4u);  // email, sms, direct_mail, push
  // Emails cost tens of dollars (the seed's $57), a direct-mail drop hundreds or more.
  for (const double email : expenses_by_channel["email"]) {
    EXPECT_GT(email, 20.0);
    EXPECT_LT(email, 200.0);
  }
  for (const double mail : expenses_by_channel["direct_mail"]) EXPECT_GT(mail, 500.0);
}

TEST_F(BankGeneratorTest, EventsFollowTheBanksFunnel) {
  const std::vector<std::string> lines = Lines(ReadFile(*dir_ / "events.csv"));
  ASSERT_EQ(lines[0], "user_id,ts,event,campaign_id,product,account_id");
  std::set<std::string> accounts;
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    ASSERT_EQ(fields.size(), 6u) << "line " << line_idx + 1;
    EXPECT_EQ(fields[0].size(), 8u) << "line " << line_idx + 1;  // C0012345
    if (fields[2] == "product_opened") {
      EXPECT_TRUE(fields[3].empty()) << "line " << line_idx + 1;
      EXPECT_EQ(kProducts.count(fields[4]), 1u) << "line " << line_idx + 1;
      ASSERT_GE(fields[5].size(), 7u) << "line " << line_idx + 1;
      EXPECT_EQ(fields[5][0], 'A');
      EXPECT_TRUE(accounts.insert(fields[5]).second) << "account opened twice: " << fields[5];
    } else {
      EXPECT_EQ(bank_->campaigns.count(fields[3]), 1u) << "line " << line_idx + 1;
      EXPECT_TRUE(fields[4].empty() && fields[5].empty()) << "line " << line_idx + 1;
    }
  }
  const auto& counts = bank_->counts;
  EXPECT_EQ(counts.size(), 5u);  // sent, reached, opened, clicked, product_opened
  const double sent = static_cast<double>(counts.at("sent"));
  const double reached = static_cast<double>(counts.at("reached"));
  const double opened = static_cast<double>(counts.at("opened"));
  EXPECT_GT(sent, 40000);
  EXPECT_GT(reached / sent, 0.88);
  EXPECT_LT(reached / sent, 0.99);
  EXPECT_GT(opened / reached, 0.08);
  EXPECT_LT(opened / reached, 0.35);
  EXPECT_GT(counts.at("clicked"), counts.at("opened") / 10);
  EXPECT_LT(counts.at("clicked"), counts.at("opened") / 2);
  EXPECT_EQ(static_cast<int64_t>(accounts.size()), counts.at("product_opened"));
}

// The seed's attribution: a product opened by a customer the campaign reached and who opened
// it, inside its influence period. Most products come that way (mostly the promoted product),
// some after the period, some by customers no campaign reached.
TEST_F(BankGeneratorTest, ConversionsAreMostlyByReachedOpenersInsideTheInfluencePeriod) {
  const Bank& bank = *bank_;
  std::map<std::string, int64_t> conversions;  // campaign -> products credited (any touch)
  int64_t direct = 0;
  int64_t related = 0;
  int64_t attributed = 0;
  int64_t opened_not_reached = 0;  // inside the period, but no reached event for the campaign
  int64_t late = 0;                // opened the campaign, product after the period
  int64_t never_reached = 0;
  for (const ProductOpened& product : bank.products) {
    bool credited = false;
    const auto opened = bank.opened.find(product.user);
    if (opened != bank.opened.end()) {
      for (const auto& [campaign, opened_ts] : opened->second) {
        const int64_t window = bank.InfluenceDays(campaign) * 86400;
        if (product.ts < opened_ts) continue;
        if (product.ts > opened_ts + window) {
          ++late;
          continue;
        }
        const auto reached = bank.reached.find(product.user);
        if (reached == bank.reached.end() || reached->second.count(campaign) == 0 ||
            reached->second.at(campaign) > product.ts) {
          ++opened_not_reached;
          continue;
        }
        credited = true;
        ++conversions[campaign];
        const std::string& promoted = bank.campaigns.at(campaign).at("promoted_products");
        if ((";" + promoted + ";").find(";" + product.product + ";") != std::string::npos) {
          ++direct;
        } else {
          ++related;
        }
      }
    }
    attributed += credited ? 1 : 0;
    never_reached += bank.reached.count(product.user) == 0 ? 1 : 0;
  }
  const double products = static_cast<double>(bank.products.size());
  EXPECT_GT(products, 500);
  EXPECT_GT(static_cast<double>(attributed) / products, 0.35);
  EXPECT_LT(static_cast<double>(attributed) / products, 0.80);
  // Direct sales dominate; related sales include products other campaigns the customer opened
  // led to (any_touch credits each).
  EXPECT_GT(direct, related * 3 / 2);
  EXPECT_GT(related, 0);
  EXPECT_GT(late, 0);
  EXPECT_GT(opened_not_reached, 0);
  EXPECT_LT(opened_not_reached, attributed / 10);
  EXPECT_GT(never_reached, 0);

  // The seed's conversion rate (products opened / customers reached) lies between 0.3% and 3%
  // for every completed campaign (its influence period inside the data) that reached enough
  // customers to tell.
  std::map<std::string, int64_t> reached_customers;
  for (const auto& [user, campaigns] : bank.reached) {
    for (const auto& [campaign, ts] : campaigns) ++reached_customers[campaign];
  }
  int64_t measured = 0;
  for (const auto& [campaign, customers] : reached_customers) {
    if (customers < 2000 || bank.campaigns.at(campaign).at("status") != "completed") continue;
    ++measured;
    const double rate = static_cast<double>(conversions[campaign]) / customers;
    EXPECT_GT(rate, 0.003) << campaign << ": " << conversions[campaign] << " / " << customers;
    EXPECT_LT(rate, 0.03) << campaign << ": " << conversions[campaign] << " / " << customers;
  }
  EXPECT_GE(measured, 5);
}

// A few delivery receipts are lost: those customers opened a campaign without being reached,
// which `requires: delivered` keeps from counting.
TEST_F(BankGeneratorTest, SomeCustomersOpenWithoutBeingReached) {
  int64_t opens = 0;
  int64_t without_reached = 0;
  for (const auto& [user, campaigns] : bank_->opened) {
    const auto reached = bank_->reached.find(user);
    for (const auto& [campaign, ts] : campaigns) {
      ++opens;
      if (reached == bank_->reached.end() || reached->second.count(campaign) == 0) {
        ++without_reached;
      }
    }
  }
  EXPECT_GT(without_reached, 0);
  EXPECT_LT(static_cast<double>(without_reached) / static_cast<double>(opens), 0.03);
}

// Every account has a month-end snapshot from the month it was opened (in the bank's time zone)
// to the end of the data, except ~2% missing their opening month; closed accounts end with a
// zero balance and stay in.
TEST_F(BankGeneratorTest, SnapshotsCoverEveryAccountFromItsOpeningMonth) {
  const std::vector<std::string> lines = Lines(ReadFile(*dir_ / "snapshots.csv"));
  ASSERT_EQ(lines[0], "account_id,month_end,balance,profit");
  EXPECT_EQ(summary_->snapshots, static_cast<int64_t>(lines.size()) - 1);
  std::map<std::string, std::vector<std::vector<std::string>>> by_account;
  int64_t negative_profits = 0;
  std::string previous_month_end;
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    ASSERT_EQ(fields.size(), 4u) << "line " << line_idx + 1;
    // A month's last day: the next day is the first of a month.
    const int64_t day = ParseDay(fields[1]);
    EXPECT_EQ(generate::CivilFromDays(day + 1).day, 1) << "line " << line_idx + 1;
    EXPECT_LE(previous_month_end, fields[1]) << "line " << line_idx + 1;
    previous_month_end = fields[1];
    ASSERT_TRUE(IsMoney(fields[2]) && fields[2][0] != '-') << "line " << line_idx + 1;
    ASSERT_TRUE(IsMoney(fields[3])) << "line " << line_idx + 1;
    negative_profits += fields[3][0] == '-' ? 1 : 0;
    by_account[fields[0]].push_back(std::move(fields));
  }
  EXPECT_EQ(previous_month_end, "2026-03-31");
  EXPECT_GT(negative_profits, 0);  // a card's sign-up bonus, a home-equity line's closing costs

  int64_t missing_opening = 0;
  int64_t closed = 0;
  for (const ProductOpened& product : bank_->products) {
    const auto rows = by_account.find(product.account);
    if (rows == by_account.end()) {  // opened in the last month, or closed in its first
      ++missing_opening;
      continue;
    }
    const std::string opening_month = LocalMonth(product.ts);
    const std::string first_month = rows->second.front()[1].substr(0, 7);
    if (first_month != opening_month) {
      ++missing_opening;
      EXPECT_GT(first_month, opening_month) << product.account;
    }
    // Consecutive month ends, to the end of the data unless the account closed.
    for (size_t row_idx = 1; row_idx < rows->second.size(); ++row_idx) {
      EXPECT_EQ(ParseDay(rows->second[row_idx][1]),
                NextMonthEnd(ParseDay(rows->second[row_idx - 1][1])))
          << product.account;
    }
    const std::vector<std::string>& last = rows->second.back();
    if (last[1] != "2026-03-31") {
      ++closed;
      EXPECT_EQ(last[2], "0.00") << product.account;
    }
  }
  // No snapshot of an account that no product_opened event opened.
  std::set<std::string> opened_accounts;
  for (const ProductOpened& product : bank_->products) opened_accounts.insert(product.account);
  for (const auto& [account, rows] : by_account) {
    EXPECT_EQ(opened_accounts.count(account), 1u) << account;
  }
  const double share =
      static_cast<double>(missing_opening) / static_cast<double>(bank_->products.size());
  EXPECT_GT(share, 0.005);
  EXPECT_LT(share, 0.04);
  EXPECT_GT(closed, 0);
}

TEST_F(BankGeneratorTest, SettingsHoldTheSeedsConversion) {
  const Result<Settings> settings = ParseSettingsYaml(ReadFile(*dir_ / "settings.yaml"), "s");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->timezone, "America/Chicago");
  EXPECT_EQ(settings->currency, "USD");
  ASSERT_EQ(settings->conversions.size(), 1u);
  const ConversionDefinition& product = settings->conversions[0];
  EXPECT_EQ(product.name, "Product Opened");
  EXPECT_EQ(product.event, "product_opened");
  EXPECT_EQ(product.touch, "viewed");
  EXPECT_EQ(product.requires_event, "delivered");
  EXPECT_EQ(product.model, "any_touch");
  EXPECT_EQ(product.window_s, 30 * 86400);
  EXPECT_EQ(product.value, "");
  EXPECT_TRUE(settings->costs.empty());  // the campaigns' expenses are the cost
  ASSERT_EQ(settings->custom_metrics.size(), 4u);
  EXPECT_EQ(settings->custom_metrics[0].formula, "Profit / Conversions");
  EXPECT_EQ(settings->custom_metrics[1].name, "Balance per Customer Reached");
  EXPECT_EQ(settings->custom_metrics[1].formula, "Balance / Reached Users");
  EXPECT_EQ(settings->custom_metrics[3].formula,
            "TOTALS(product_opened, \"product = 'checking'\")");
}

TEST_F(BankGeneratorTest, SummaryListsSnapshotsLast) {
  ASSERT_EQ(summary_->files.size(), 4u);
  EXPECT_EQ(summary_->files[3].kind, GeneratedFileKind::kSnapshots);
  EXPECT_EQ(summary_->files[3].path, (*dir_ / "snapshots.csv").string());
  EXPECT_EQ(summary_->campaigns, static_cast<int64_t>(bank_->campaigns.size()));
  EXPECT_EQ(summary_->timesheets, 0);
  EXPECT_GT(summary_->snapshots, static_cast<int64_t>(bank_->products.size()));
}

// Month-end snapshots exist only for months that ended: data to 15 March has February's last.
TEST(BankGenerator, SnapshotsStopAtTheLastCompleteMonth) {
  const fs::path dir = ScratchDir("bank_mid_month");
  GenerateOptions options = SmallRun(dir, 3000, "bank");
  options.days = 60;
  options.end_day = 20527;  // 2026-03-16: the data ends on 15 March
  const Result<GenerateSummary> summary = GenerateDataset(options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const auto snapshots = ReadCsv(dir / "snapshots.csv");
  ASSERT_FALSE(snapshots.empty());
  std::string last;
  for (const auto& row : snapshots) last = std::max(last, row.at("month_end"));
  EXPECT_EQ(last, "2026-02-28");
}

TEST(BankGenerator, SameOptionsGiveIdenticalBytes) {
  const fs::path first = ScratchDir("bank_same_a");
  const fs::path second = ScratchDir("bank_same_b");
  ASSERT_TRUE(GenerateDataset(SmallRun(first, 3000, "bank")).ok());
  ASSERT_TRUE(GenerateDataset(SmallRun(second, 3000, "bank")).ok());
  for (const char* file : {"settings.yaml", "campaigns.csv", "events.csv", "snapshots.csv"}) {
    const std::string lhs = ReadFile(first / file);
    EXPECT_FALSE(lhs.empty()) << file;
    EXPECT_EQ(lhs, ReadFile(second / file)) << file;
  }
}

// The output must be the same on every machine and compiler, like the other presets': a
// deliberate change to the generator updates these values, any other change to them is a
// portability bug.
TEST(BankGenerator, OutputMatchesThePinnedFingerprint) {
  const fs::path dir = ScratchDir("bank_golden");
  ASSERT_TRUE(GenerateDataset(SmallRun(dir, 2000, "bank")).ok());
  EXPECT_EQ(Fnv1a(ReadFile(dir / "campaigns.csv")), 7620108329621371977ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "events.csv")), 11794054570094113414ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "settings.yaml")), 12418012634074780433ULL);
  EXPECT_EQ(Fnv1a(ReadFile(dir / "snapshots.csv")), 16125780638223825592ULL);
}

}  // namespace
}  // namespace payback
