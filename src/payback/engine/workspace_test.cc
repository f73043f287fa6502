#include "payback/workspace.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "payback/common/money.h"
#include "payback/common/sha256.h"
#include "payback/common/temp_dir_for_test.h"
#include "payback/common/time.h"
#include "payback/report/report_render.h"

namespace payback {
namespace {

namespace fs = std::filesystem;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

constexpr const char* kSettings = R"(conversions:
  - name: Purchase
    event: purchase
    value: amount
    window: 7d
)";

// c1: u1 delivered + clicked, then buys 25.50 (-> c1). c2: u2 delivered + clicked message m1,
// buys 10 the next day (-> c2). u3 buys 7 without a touch (unattributed).
constexpr const char* kEvents = R"(user_id,ts,event,campaign_id,message_id,amount
u1,2026-03-01T10:00:00Z,delivered,c1,,
u1,2026-03-01T10:05:00Z,clicked,c1,,
u1,2026-03-01T11:00:00Z,purchase,,,25.50
u2,2026-03-01T09:00:00Z,delivered,c2,m1,
u2,2026-03-01T09:30:00Z,clicked,c2,m1,
u2,2026-03-02T09:00:00Z,purchase,,,10
u3,2026-03-02T09:00:00Z,purchase,,,7
)";

// A second batch: a new user and campaign (the dictionaries grow), and an old user whose new
// purchase is credited to an old touch.
constexpr const char* kMoreEvents = R"(user_id,ts,event,campaign_id,message_id,amount
u4,2026-03-03T08:00:00Z,delivered,c3,,
u4,2026-03-03T08:01:00Z,clicked,c3,,
u4,2026-03-03T09:00:00Z,purchase,,,40
u1,2026-03-03T12:00:00Z,purchase,,,4.50
)";

class WorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_.File("ws");
    ASSERT_TRUE(Workspace::Init(dir_).ok());
    auto opened = Workspace::Open(dir_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    workspace_ = std::make_unique<Workspace>(std::move(opened).value());
    ASSERT_TRUE(workspace_->ApplySettings(kSettings, "settings.yaml").ok());
  }

  std::string Input(const std::string& name, const std::string& text) {
    const std::string path = temp_.File(name);
    WriteFile(path, text);
    return path;
  }

  Result<IngestSummary> IngestEvents(const std::string& name, const std::string& text,
                                     IngestOptions options = {}) {
    return workspace_->Ingest(IngestKind::kEvents, Input(name, text), options);
  }

  std::vector<std::string> SegmentFiles() const {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir_ + "/segments")) {
      files.push_back(entry.path().filename().string());
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  std::string ReportJson() {
    auto report = workspace_->RunReport(ReportRequest{});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? RenderReportJson(*report) : std::string();
  }

  TempDir temp_;
  std::string dir_;
  std::unique_ptr<Workspace> workspace_;
};

const CampaignRow* FindRow(const Report& report, std::string_view campaign_id) {
  for (const CampaignRow& row : report.campaigns) {
    if (row.campaign_id == campaign_id) return &row;
  }
  return nullptr;
}

std::string Revenue(const MetricValues& metrics) {
  return FormatMoney(metrics.revenue_pico, 12, 2);
}

TEST(Workspace, InitCreatesAWorkspaceOnceOnly) {
  TempDir temp;
  // An existing empty directory is fine, and so is a new one.
  EXPECT_TRUE(Workspace::Init(temp.path()).ok());
  EXPECT_TRUE(Workspace::Open(temp.path()).ok());
  EXPECT_EQ(Workspace::Init(temp.path()).code(), StatusCode::kAlreadyExists);
  const std::string nested = temp.File("a/b/ws");
  EXPECT_TRUE(Workspace::Init(nested).ok());
  EXPECT_EQ(Workspace::Init(nested).code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(Workspace::Open(nested).ok());
}

TEST(Workspace, InitRefusesANonEmptyDirectory) {
  TempDir temp;
  WriteFile(temp.File("precious.txt"), "do not touch");
  EXPECT_EQ(Workspace::Init(temp.path()).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFile(temp.File("precious.txt")), "do not touch");
  EXPECT_EQ(Workspace::Open(temp.path()).status().code(), StatusCode::kNotFound);
}

TEST(Workspace, InitRefusesADirectoryHoldingOnlyASubdirectory) {
  // "must be empty if it exists": a directory is not empty because it holds no regular file.
  TempDir temp;
  fs::create_directory(temp.File("src"));
  EXPECT_EQ(Workspace::Init(temp.path()).code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(fs::exists(temp.File("catalog.sqlite")));
}

TEST(Workspace, OpenOfANonWorkspaceIsNotFound) {
  TempDir temp;
  EXPECT_EQ(Workspace::Open(temp.path()).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Workspace::Open(temp.File("missing")).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(temp.File("missing")));
}

TEST(Workspace, SettingsBeforeApplyAreDefaults) {
  TempDir temp;
  ASSERT_TRUE(Workspace::Init(temp.path()).ok());
  auto workspace = Workspace::Open(temp.path());
  ASSERT_TRUE(workspace.ok());
  auto settings = workspace->CurrentSettings();
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(*settings, Settings{});
  // No conversion definition yet: a report is refused as bad input.
  EXPECT_EQ(workspace->RunReport(ReportRequest{}).status().code(), StatusCode::kInvalidInput);
}

TEST_F(WorkspaceTest, ApplySettingsValidReplacesAndReadsBack) {
  auto settings = workspace_->CurrentSettings();
  ASSERT_TRUE(settings.ok());
  ASSERT_EQ(settings->conversions.size(), 1u);
  EXPECT_EQ(settings->conversions[0].name, "Purchase");
  EXPECT_EQ(settings->conversions[0].value, "amount");
  EXPECT_EQ(settings->conversions[0].window_s, 7 * 86400);
  EXPECT_EQ(settings->timezone, "UTC");

  ASSERT_TRUE(workspace_
                  ->ApplySettings("timezone: Europe/Paris\ncurrency: EUR\nconversions:\n"
                                  "  - name: Signup\n    event: signup\n    model: linear\n",
                                  "s2.yaml")
                  .ok());
  settings = workspace_->CurrentSettings();
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->timezone, "Europe/Paris");
  EXPECT_EQ(settings->currency, "EUR");
  ASSERT_EQ(settings->conversions.size(), 1u);  // Purchase is gone: apply replaces
  EXPECT_EQ(settings->conversions[0].model, "linear");
  // The YAML shown is accepted by apply and reads back to the same settings.
  auto yaml = workspace_->CurrentSettingsYaml();
  ASSERT_TRUE(yaml.ok());
  ASSERT_TRUE(workspace_->ApplySettings(*yaml, "shown.yaml").ok());
  auto again = workspace_->CurrentSettings();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *settings);
  // Another process sees the same settings.
  auto reopened = Workspace::Open(dir_);
  ASSERT_TRUE(reopened.ok());
  auto seen = reopened->CurrentSettings();
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(*seen, *settings);
}

TEST_F(WorkspaceTest, ApplySettingsInvalidIsRefusedWholeWithTheKey) {
  auto before = workspace_->CurrentSettingsYaml();
  ASSERT_TRUE(before.ok());

  Status bad_timezone = workspace_->ApplySettings("timezone: Mars/Olympus\n", "bad.yaml");
  EXPECT_EQ(bad_timezone.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad_timezone.location().field, "timezone");
  EXPECT_EQ(bad_timezone.location().file, "bad.yaml");

  Status bad_model = workspace_->ApplySettings(
      "conversions:\n  - name: P\n    event: purchase\n    model: newest_touch\n", "bad.yaml");
  EXPECT_EQ(bad_model.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad_model.location().field, "conversions[0].model");

  // A custom metric whose formula does not compile: the key and the formula column.
  Status bad_formula = workspace_->ApplySettings(
      "custom_metrics:\n  - name: Good\n    formula: \"Revenue / Delivered\"\n"
      "  - name: Bad\n    formula: \"Revenue / Deliverd\"\n",
      "bad.yaml");
  EXPECT_EQ(bad_formula.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad_formula.location().field, "custom_metrics[1].formula");
  EXPECT_EQ(bad_formula.location().column, 11);

  Status bad_currency = workspace_->ApplySettings("currency: ABC\n", "bad.yaml");
  EXPECT_EQ(bad_currency.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad_currency.location().field, "currency");

  Status bad_yaml = workspace_->ApplySettings("conversions: [\n", "bad.yaml");
  EXPECT_EQ(bad_yaml.code(), StatusCode::kInvalidInput);

  auto after = workspace_->CurrentSettingsYaml();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, *before);
}

TEST_F(WorkspaceTest, ApplySettingsAcceptsValidCustomMetricFormulas) {
  EXPECT_TRUE(
      workspace_
          ->ApplySettings("custom_metrics:\n  - name: Good\n    formula: "
                          "\"Total Conversions Revenue / Delivered; Conversions / Clicked\"\n",
                          "good.yaml")
          .ok());
  auto settings = workspace_->CurrentSettings();
  ASSERT_TRUE(settings.ok());
  ASSERT_EQ(settings->custom_metrics.size(), 1u);
  EXPECT_EQ(settings->custom_metrics[0].name, "Good");
}

// purchase events hold `amount` as numbers and `coupon` as text.
constexpr const char* kCouponEvents = R"(user_id,ts,event,campaign_id,amount,coupon
u1,2026-03-01T10:00:00Z,clicked,c1,,
u1,2026-03-01T11:00:00Z,purchase,,12.50,SPRING
u2,2026-03-01T11:00:00Z,purchase,,7,
)";

TEST_F(WorkspaceTest, CheckFormulaJudgesPropertiesByTheData) {
  // No data yet: any property is accepted, with a note.
  auto before = workspace_->CheckFormula("PROPSUM(purchase, coupon)");
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->canonical, "PROPSUM(purchase, coupon)");
  EXPECT_EQ(before->notes.size(), 1u);

  ASSERT_TRUE(IngestEvents("coupons.csv", kCouponEvents).ok());
  auto numeric = workspace_->CheckFormula("PROPSUM(purchase, amount) / TOTALS(purchase)");
  ASSERT_TRUE(numeric.ok()) << numeric.status().ToString();
  EXPECT_TRUE(numeric->notes.empty());

  auto text = workspace_->CheckFormula("Revenue + PROPAVG(purchase, coupon)");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(text.status().location().column, 29);

  // `coupon` of clicked events: no clicked event holds it, so it is only a note.
  auto absent = workspace_->CheckFormula("PROPSUM(clicked, coupon); PROPSUM(purchase, amont)");
  ASSERT_TRUE(absent.ok()) << absent.status().ToString();
  EXPECT_EQ(absent->notes.size(), 2u);
}

TEST_F(WorkspaceTest, ApplySettingsRefusesATextPropertyOnceTheDataHoldsIt) {
  const std::string with_coupon = std::string(kSettings) +
                                  "custom_metrics:\n  - name: Fine\n    formula: Revenue\n"
                                  "  - name: Coupons\n    formula: \"PROPSUM(purchase, coupon)\"\n";
  // Before the data arrives the property may still come as numbers: accepted.
  ASSERT_TRUE(workspace_->ApplySettings(with_coupon, "a.yaml").ok());
  ASSERT_TRUE(workspace_->ApplySettings(kSettings, "b.yaml").ok());
  ASSERT_TRUE(IngestEvents("coupons.csv", kCouponEvents).ok());
  const Status refused = workspace_->ApplySettings(with_coupon, "c.yaml");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(refused.location().file, "c.yaml");
  EXPECT_EQ(refused.location().field, "custom_metrics[1].formula");
  EXPECT_EQ(refused.location().column, 19);
  auto settings = workspace_->CurrentSettings();
  ASSERT_TRUE(settings.ok());
  EXPECT_TRUE(settings->custom_metrics.empty());  // the settings in force stay
}

TEST_F(WorkspaceTest, ReportCarriesCustomMetricValues) {
  ASSERT_TRUE(IngestEvents("coupons.csv", kCouponEvents).ok());
  const std::string settings = std::string(kSettings) +
                               "custom_metrics:\n  - name: Basket\n"
                               "    formula: \"PROPAVG(purchase, amount); UNIQUES(purchase)\"\n";
  ASSERT_TRUE(workspace_->ApplySettings(settings, "s.yaml").ok());
  auto report = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->custom_metrics.size(), 1u);
  EXPECT_EQ(report->custom_metrics[0].formula_count, 2u);
  // u1's 12.50 goes to c1; u2's 7 has no touch. Tiles: the attributed purchase only.
  const CampaignRow* c1 = FindRow(*report, "c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_EQ(c1->custom, (std::vector<CustomValue>{12.5, 1.0}));
  EXPECT_EQ(report->tiles_custom, (std::vector<CustomValue>{12.5, 1.0}));
}

TEST_F(WorkspaceTest, TokensAreStoredHashedAndAuthenticateTheirRole) {
  auto viewer = workspace_->CreateToken(Role::kViewer, "dashboard");
  auto admin = workspace_->CreateToken(Role::kAdmin, "");
  ASSERT_TRUE(viewer.ok() && admin.ok());
  EXPECT_EQ(viewer->token.rfind("pb_" + viewer->id + "_", 0), 0u);
  EXPECT_EQ(viewer->token.size(), 3 + 12 + 1 + 64u);
  EXPECT_NE(viewer->token, admin->token);
  EXPECT_EQ(workspace_->Authenticate(viewer->token).value(), Role::kViewer);
  EXPECT_EQ(workspace_->Authenticate(admin->token).value(), Role::kAdmin);
  EXPECT_EQ(workspace_->Authenticate(viewer->token + "0").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(workspace_->Authenticate("").status().code(), StatusCode::kNotFound);
  // The catalog (its WAL too) holds the hash, never the secret.
  const std::string catalog_bytes =
      ReadFile(dir_ + "/catalog.sqlite") + ReadFile(dir_ + "/catalog.sqlite-wal");
  EXPECT_EQ(catalog_bytes.find(viewer->token), std::string::npos);
  EXPECT_NE(catalog_bytes.find(Sha256Hex(viewer->token)), std::string::npos);

  auto tokens = workspace_->Tokens();
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_TRUE(workspace_->RevokeToken(viewer->id).ok());
  EXPECT_EQ(workspace_->RevokeToken(viewer->id).code(), StatusCode::kNotFound);
  EXPECT_EQ(workspace_->Authenticate(viewer->token).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(workspace_->Tokens()->size(), 1u);
}

TEST_F(WorkspaceTest, SettingsHistoryKeepsEveryVersionAndReportsCanUseAnOldOne) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  // kSettings (window 7d) was applied in SetUp; now a 1-minute window: u1's purchase (55 min
  // after the click) and u2's (a day later) lose their credit.
  const std::string narrow =
      "conversions:\n  - name: Purchase\n    event: purchase\n"
      "    value: amount\n    window: 1m\n";
  ASSERT_TRUE(workspace_->ApplySettings(narrow, "narrow.yaml").ok());
  auto history = workspace_->SettingsHistory();
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[0].settings.conversions[0].window_s, 7 * 86400);
  EXPECT_EQ((*history)[1].settings.conversions[0].window_s, 60);
  EXPECT_LT((*history)[0].applied_at, (*history)[1].applied_at);

  auto now = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(Revenue(now->tiles), "0.00");
  ReportRequest as_of;
  as_of.settings_as_of = (*history)[0].applied_at;
  auto then = workspace_->RunReport(as_of);
  ASSERT_TRUE(then.ok()) << then.status().ToString();
  EXPECT_EQ(then->window_s, 7 * 86400);
  EXPECT_EQ(Revenue(then->tiles), "35.50");
  as_of.settings_as_of = (*history)[1].applied_at - 1;  // just before version 2
  EXPECT_EQ(Revenue(workspace_->RunReport(as_of)->tiles), "35.50");
  as_of.settings_as_of = (*history)[0].applied_at - 1;  // before any settings
  EXPECT_EQ(workspace_->RunReport(as_of).status().code(), StatusCode::kNotFound);
}

TEST_F(WorkspaceTest, IngestEventsThenReport) {
  auto summary = IngestEvents("events.csv", kEvents);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows_ingested, 7);
  EXPECT_EQ(summary->rows_rejected, 0);
  EXPECT_TRUE(summary->rejects_path.empty());
  EXPECT_EQ(SegmentFiles().size(), 1u);

  auto report = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->conversion, "Purchase");
  ASSERT_EQ(report->campaigns.size(), 2u);
  EXPECT_EQ(report->campaigns[0].campaign_id, "c1");  // tie on conversions -> campaign_id
  const CampaignRow* c1 = FindRow(*report, "c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_FALSE(c1->in_catalog);
  EXPECT_EQ(c1->metrics.delivered, 1);
  EXPECT_EQ(c1->metrics.clicked, 1);
  EXPECT_DOUBLE_EQ(c1->metrics.conversions, 1.0);
  EXPECT_EQ(Revenue(c1->metrics), "25.50");
  const CampaignRow* c2 = FindRow(*report, "c2");
  ASSERT_NE(c2, nullptr);
  EXPECT_EQ(Revenue(c2->metrics), "10.00");
  EXPECT_EQ(report->unattributed_conversions, 1);
  EXPECT_EQ(Revenue(report->tiles), "35.50");

  // A period: only 2026-03-02 (u2's purchase and u3's).
  ReportRequest day2;
  day2.from = 1'772'409'600LL * kMicrosPerSecond;  // 2026-03-02T00:00:00Z
  day2.to = day2.from.value() + 86'400LL * kMicrosPerSecond;
  auto period = workspace_->RunReport(day2);
  ASSERT_TRUE(period.ok());
  EXPECT_DOUBLE_EQ(period->tiles.conversions, 1.0);
  EXPECT_EQ(period->tiles.delivered, 0);
  EXPECT_EQ(period->unattributed_conversions, 1);
  ASSERT_NE(FindRow(*period, "c2"), nullptr);
  EXPECT_DOUBLE_EQ(FindRow(*period, "c2")->metrics.conversions, 1.0);
}

TEST_F(WorkspaceTest, SecondIngestExtendsTheData) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  auto second = IngestEvents("more.csv", kMoreEvents);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->rows_ingested, 4);
  EXPECT_EQ(SegmentFiles().size(), 2u);
  auto report = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->campaigns.size(), 3u);
  // u1's second purchase (4.50, 2 days after the c1 click) goes to c1.
  EXPECT_DOUBLE_EQ(FindRow(*report, "c1")->metrics.conversions, 2.0);
  EXPECT_EQ(Revenue(FindRow(*report, "c1")->metrics), "30.00");
  EXPECT_EQ(Revenue(FindRow(*report, "c3")->metrics), "40.00");
  EXPECT_EQ(FindRow(*report, "c1")->metrics.unique_conversions, 1);
  EXPECT_EQ(Revenue(report->tiles), "80.00");
  EXPECT_EQ(report->tiles.unique_conversions, 3);

  // A second Workspace object (another process) sees the committed data.
  auto reopened = Workspace::Open(dir_);
  ASSERT_TRUE(reopened.ok());
  auto seen = reopened->RunReport(ReportRequest{});
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(RenderReportJson(*seen), RenderReportJson(*report));
}

TEST_F(WorkspaceTest, ASnapshotReadsTheUserIdsOfEverySegmentOnItsFirstExplanation) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  ASSERT_TRUE(IngestEvents("more.csv", kMoreEvents).ok());
  auto snapshot = workspace_->Snapshot();
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  ASSERT_TRUE(snapshot->RunReport(ReportRequest{}).ok());  // a report needs no ids
  ExplainRequest request;
  request.user_id = "u1";  // first segment: two purchases, the second one from the second
  auto u1 = snapshot->Explain(request);
  ASSERT_TRUE(u1.ok()) << u1.status().ToString();
  ASSERT_EQ(u1->conversions.size(), 2u);
  ASSERT_EQ(u1->conversions[1].candidates.size(), 1u);
  EXPECT_EQ(u1->conversions[1].candidates[0].campaign_id, "c1");
  request.user_id = "u4";  // second segment
  auto u4 = snapshot->Explain(request);
  ASSERT_TRUE(u4.ok()) << u4.status().ToString();
  ASSERT_EQ(u4->conversions.size(), 1u);
  EXPECT_EQ(u4->conversions[0].candidates[0].campaign_id, "c3");
  request.user_id = "u9";
  EXPECT_EQ(snapshot->Explain(request).status().code(), StatusCode::kNotFound);
}

TEST_F(WorkspaceTest, AnExplanationWhoseSegmentVanishedIsAnErrorAndReportsStillWork) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  auto snapshot = workspace_->Snapshot();
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  // A snapshot loads its events on first use (a time series reads them; the report's scan may
  // come from a saved file), the users' ids on the first explanation only.
  ASSERT_TRUE(snapshot->RunTimeSeries(ReportRequest{}, TimeBucket::kDay).ok());
  for (const std::string& file : SegmentFiles()) fs::remove(dir_ + "/segments/" + file);
  ExplainRequest request;
  request.user_id = "u1";
  EXPECT_FALSE(snapshot->Explain(request).ok());
  EXPECT_FALSE(snapshot->Explain(request).ok());  // the failure is kept, not retried half-way
  auto report = snapshot->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Revenue(report->tiles), "35.50");
}

std::vector<std::string> ScanFiles(const std::string& dir) {
  std::vector<std::string> files;
  if (!fs::exists(dir + "/scans")) return files;
  for (const auto& entry : fs::directory_iterator(dir + "/scans")) {
    files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_F(WorkspaceTest, AReportSavesItsScanAndTheNextSnapshotAnswersFromItWithoutTheEvents) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  ASSERT_TRUE(IngestEvents("more.csv", kMoreEvents).ok());
  EXPECT_TRUE(ScanFiles(dir_).empty());
  ReportRequest all;
  ReportRequest period;  // 2026-03-02 and 03 (UTC, the workspace's time zone)
  period.from = ParseTimestamp("2026-03-02T00:00:00Z", TimeZone()).value();
  period.to = ParseTimestamp("2026-03-04T00:00:00Z", TimeZone()).value();
  ReportRequest filtered;
  filtered.filter.campaign_ids = {"c1", "c3"};
  std::vector<std::string> expected;
  {
    auto first = workspace_->Snapshot();
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    for (const ReportRequest& request : {all, period, filtered}) {
      auto report = first->RunReport(request);
      ASSERT_TRUE(report.ok()) << report.status().ToString();
      expected.push_back(RenderReportJson(*report));
    }
    EXPECT_TRUE(first->EventsLoaded());
  }
  // The scan of all time by day, saved under the versions it was computed at.
  const std::vector<std::string> saved = ScanFiles(dir_);
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_TRUE(saved[0].starts_with(
      fmt::format("scan-{}-{}-", *workspace_->DataVersion(), *workspace_->SettingsVersion())))
      << saved[0];

  auto next = workspace_->Snapshot();
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  auto report = next->RunReport(all);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RenderReportJson(*report), expected[0]);
  EXPECT_EQ(Revenue(report->tiles), "80.00");  // 25.50 + 10 + 40 + 4.50, not u3's 7
  EXPECT_EQ(report->tiles.reached_users, 3);
  report = next->RunReport(period);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RenderReportJson(*report), expected[1]);
  EXPECT_EQ(Revenue(report->tiles), "54.50");  // 10 + 40 + 4.50
  EXPECT_FALSE(next->EventsLoaded());          // both from the saved scan
  // A filter that leaves campaigns out needs each user's campaigns: the events.
  report = next->RunReport(filtered);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RenderReportJson(*report), expected[2]);
  EXPECT_EQ(report->tiles.reached_users, 2);
  EXPECT_TRUE(next->EventsLoaded());

  // A warm-up does the same ahead of the filter (a server's, after a cold report).
  auto warmed = workspace_->Snapshot();
  ASSERT_TRUE(warmed.ok());
  ASSERT_TRUE(warmed->RunReport(all).ok());
  EXPECT_FALSE(warmed->EventsLoaded());
  ASSERT_TRUE(warmed->WarmUp(all).ok());
  EXPECT_TRUE(warmed->EventsLoaded());
  report = warmed->RunReport(filtered);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RenderReportJson(*report), expected[2]);
  report = warmed->RunReport(all);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RenderReportJson(*report), expected[0]);
}

TEST_F(WorkspaceTest, ASavedScanOfOlderDataIsNotReadAndGoesWithTheNextSave) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  EXPECT_EQ(Revenue(workspace_->RunReport(ReportRequest{})->tiles), "35.50");
  const std::vector<std::string> old_files = ScanFiles(dir_);
  ASSERT_EQ(old_files.size(), 1u);
  ASSERT_TRUE(IngestEvents("more.csv", kMoreEvents).ok());
  auto snapshot = workspace_->Snapshot();
  ASSERT_TRUE(snapshot.ok());
  auto report = snapshot->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Revenue(report->tiles), "80.00");
  EXPECT_TRUE(snapshot->EventsLoaded());
  const std::vector<std::string> files = ScanFiles(dir_);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_NE(files[0], old_files[0]);
  // A settings change is a new version too.
  ASSERT_TRUE(
      workspace_->ApplySettings(std::string(kSettings) + "timezone: Asia/Tokyo\n", "settings.yaml")
          .ok());
  auto tokyo = workspace_->Snapshot();
  ASSERT_TRUE(tokyo.ok());
  ASSERT_TRUE(tokyo->RunReport(ReportRequest{}).ok());
  EXPECT_TRUE(tokyo->EventsLoaded());
  ASSERT_EQ(ScanFiles(dir_).size(), 1u);
  EXPECT_NE(ScanFiles(dir_)[0], files[0]);
}

TEST_F(WorkspaceTest, ASavedScanOfAWorkspaceMadeAnewInTheSameDirectoryIsNotRead) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  EXPECT_EQ(Revenue(workspace_->RunReport(ReportRequest{})->tiles), "35.50");
  ASSERT_EQ(ScanFiles(dir_).size(), 1u);
  const int64_t data_version = *workspace_->DataVersion();
  // Everything but the saved scans goes; a new workspace gets the same versions.
  workspace_.reset();
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().filename() != "scans") fs::remove_all(entry.path());
  }
  fs::rename(dir_ + "/scans", temp_.File("scans"));  // Init wants an empty directory
  ASSERT_TRUE(Workspace::Init(dir_).ok());
  fs::rename(temp_.File("scans"), dir_ + "/scans");
  auto fresh = Workspace::Open(dir_);
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  workspace_ = std::make_unique<Workspace>(std::move(fresh).value());
  ASSERT_TRUE(workspace_->ApplySettings(kSettings, "settings.yaml").ok());
  ASSERT_TRUE(IngestEvents("more.csv", kMoreEvents).ok());
  ASSERT_EQ(*workspace_->DataVersion(), data_version);
  auto snapshot = workspace_->Snapshot();
  ASSERT_TRUE(snapshot.ok());
  auto report = snapshot->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Revenue(report->tiles), "40.00");  // u4's purchase; u1's has no touch here
  EXPECT_TRUE(snapshot->EventsLoaded());
}

TEST_F(WorkspaceTest, ADamagedSavedScanIsScannedAgain) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  ASSERT_TRUE(workspace_->RunReport(ReportRequest{}).ok());
  const std::vector<std::string> files = ScanFiles(dir_);
  ASSERT_EQ(files.size(), 1u);
  const std::string path = dir_ + "/scans/" + files[0];
  std::string bytes = ReadFile(path);
  ASSERT_GT(bytes.size(), 100u);
  bytes[bytes.size() / 2] ^= 0x5a;  // inside some blob: its checksum fails
  WriteFile(path, bytes);
  auto snapshot = workspace_->Snapshot();
  ASSERT_TRUE(snapshot.ok());
  auto report = snapshot->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Revenue(report->tiles), "35.50");
  EXPECT_TRUE(snapshot->EventsLoaded());
}

TEST_F(WorkspaceTest, AnyTouchScansAreSavedTooAndCountASharedConversionOnce) {
  // u5 clicked c1 and c2, then bought 20: under any_touch both rows get a full credit, the
  // tiles one conversion of 20.
  ASSERT_TRUE(IngestEvents("events.csv", std::string(kEvents) +
                                             "u5,2026-03-02T10:00:00Z,clicked,c1,,\n"
                                             "u5,2026-03-02T10:01:00Z,clicked,c2,,\n"
                                             "u5,2026-03-02T11:00:00Z,purchase,,,20\n")
                  .ok());
  ReportRequest request;
  request.model = "any_touch";
  std::string expected;
  {
    auto first = workspace_->Snapshot();
    ASSERT_TRUE(first.ok());
    auto report = first->RunReport(request);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(Revenue(report->tiles), "55.50");
    EXPECT_EQ(report->tiles.conversions, 3);
    EXPECT_EQ(Revenue(FindRow(*report, "c1")->metrics), "45.50");
    expected = RenderReportJson(*report);
  }
  ASSERT_EQ(ScanFiles(dir_).size(), 1u);
  auto next = workspace_->Snapshot();
  ASSERT_TRUE(next.ok());
  auto report = next->RunReport(request);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(RenderReportJson(*report), expected);
  request.from = ParseTimestamp("2026-03-02T00:00:00Z", TimeZone()).value();
  report = next->RunReport(request);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Revenue(report->tiles), "30.00");  // u2's 10 and u5's 20
  EXPECT_EQ(report->tiles.conversions, 2);
  EXPECT_FALSE(next->EventsLoaded());
}

TEST_F(WorkspaceTest, BadRowRejectsTheWholeFileAndChangesNothing) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  const std::vector<std::string> segments_before = SegmentFiles();
  const std::string report_before = ReportJson();

  auto failed = IngestEvents("bad.csv",
                             "user_id,ts,event,campaign_id\n"
                             "u9,2026-03-01T10:00:00Z,clicked,c9\n"
                             "u9,2026-13-01,purchase,\n"
                             "u9,2026-03-01T12:00:00Z,purchase,\n");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(failed.status().location().file, "bad.csv");
  EXPECT_EQ(failed.status().location().line, 3);
  EXPECT_EQ(failed.status().location().field, "ts");

  auto missing_user = IngestEvents("bad2.csv",
                                   "user_id,ts,event\n"
                                   "u9,2026-03-01T10:00:00Z,clicked\n"
                                   ",2026-03-01T10:00:00Z,clicked\n");
  ASSERT_FALSE(missing_user.ok());
  EXPECT_EQ(missing_user.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(missing_user.status().location().line, 3);
  EXPECT_EQ(missing_user.status().location().field, "user_id");

  EXPECT_EQ(SegmentFiles(), segments_before);
  EXPECT_EQ(ReportJson(), report_before);
  EXPECT_FALSE(fs::exists(temp_.File("bad.csv.rejects.csv")));
  // And the workspace still takes good data afterwards.
  ASSERT_TRUE(IngestEvents("more.csv", kMoreEvents).ok());
  EXPECT_EQ(SegmentFiles().size(), 2u);
}

TEST_F(WorkspaceTest, MissingInputFileIsNotFound) {
  auto result = workspace_->Ingest(IngestKind::kEvents, temp_.File("nope.csv"), {});
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(SegmentFiles().empty());
}

TEST_F(WorkspaceTest, SkipBadRowsIngestsTheGoodOnesAndWritesRejects) {
  IngestOptions options;
  options.skip_bad_rows = true;
  auto summary = IngestEvents("mixed.csv",
                              "user_id,ts,event,campaign_id,amount\n"
                              "u1,2026-03-01T10:00:00Z,clicked,c1,\n"
                              "u1,not-a-time,purchase,,5\n"
                              "u1,2026-03-01T11:00:00Z,purchase,,12\n"
                              ",2026-03-01T11:00:00Z,purchase,,1\n",
                              options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows_ingested, 2);
  EXPECT_EQ(summary->rows_rejected, 2);
  EXPECT_EQ(summary->rejects_path, temp_.File("mixed.csv.rejects.csv"));
  ASSERT_TRUE(fs::exists(summary->rejects_path));
  const std::string rejects = ReadFile(summary->rejects_path);
  EXPECT_EQ(rejects.rfind("line,field,reason,record\n", 0), 0u) << rejects;
  EXPECT_NE(rejects.find("\n3,\"ts\","), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("not-a-time"), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("\n5,\"user_id\","), std::string::npos) << rejects;
  EXPECT_EQ(SegmentFiles().size(), 1u);

  auto report = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->campaigns.size(), 1u);
  EXPECT_EQ(Revenue(report->campaigns[0].metrics), "12.00");
  EXPECT_EQ(report->unattributed_conversions, 0);
}

TEST_F(WorkspaceTest, MoreDistinctEventNamesThanAWorkspaceKeepsAreRefusedWhole) {
  // Event codes take 2 bytes a row: 65,536 names fit, the 65,537th is refused, in CSV and JSONL,
  // with or without --skip-bad-rows, and nothing is written.
  auto names = [](int first, int count, bool jsonl) {
    std::string text = jsonl ? "" : "user_id,ts,event\n";
    for (int name = first; name < first + count; ++name) {
      text += jsonl ? fmt::format(R"({{"user_id":"u1","ts":"2026-03-01T10:00:00Z","event":"e{}"}})",
                                  name) +
                          "\n"
                    : fmt::format("u1,2026-03-01T10:00:00Z,e{}\n", name);
    }
    return text;
  };
  for (const bool jsonl : {false, true}) {
    for (const bool skip : {false, true}) {
      IngestOptions options;
      options.skip_bad_rows = skip;
      auto refused = IngestEvents(jsonl ? "many.jsonl" : "many.csv",
                                  names(0, kMaxEventNames + 1, jsonl), options);
      ASSERT_FALSE(refused.ok()) << jsonl << skip;
      EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput);
      EXPECT_NE(refused.status().ToString().find("more than 65536 distinct event names"),
                std::string::npos)
          << refused.status().ToString();
      EXPECT_TRUE(SegmentFiles().empty());
    }
  }
  // Exactly the limit is fine, and every code reads back.
  ASSERT_TRUE(IngestEvents("all.csv", names(0, kMaxEventNames, false)).ok());
  auto more = IngestEvents("one-more.csv", names(kMaxEventNames, 1, false));
  EXPECT_EQ(more.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(SegmentFiles().size(), 1u);
}

TEST_F(WorkspaceTest, CampaignUpsertKeepsFieldsTheFileDoesNotCarry) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  auto first = workspace_->Ingest(
      IngestKind::kCampaigns,
      Input("campaigns.csv",
            "campaign_id,name,status,created_by,labels,channel,delivery_type,color\n"
            "c1,Shoes Promotion,running,ana,Promotional;Spring,push,on_publish,red\n"
            "c7,Catalog Only,scheduled,bo,,email,recurring,blue\n"),
      {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rows_ingested, 2);
  EXPECT_EQ(first->warnings.size(), 1u);  // the ignored `color` column

  auto second = workspace_->Ingest(IngestKind::kCampaigns,
                                   Input("status.csv", "campaign_id,status\nc1,stopped\n"), {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();

  auto report = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok());
  const CampaignRow* c1 = FindRow(*report, "c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_TRUE(c1->in_catalog);
  EXPECT_EQ(c1->name, "Shoes Promotion");
  EXPECT_EQ(c1->status, "stopped");
  EXPECT_EQ(c1->created_by, "ana");
  EXPECT_EQ(c1->labels, (std::vector<std::string>{"Promotional", "Spring"}));
  EXPECT_EQ(c1->channel, "push");
  EXPECT_EQ(c1->delivery_type, "on_publish");
  EXPECT_DOUBLE_EQ(c1->metrics.conversions, 1.0);
  const CampaignRow* c7 = FindRow(*report, "c7");
  ASSERT_NE(c7, nullptr);
  EXPECT_TRUE(c7->in_catalog);
  EXPECT_EQ(c7->status, "scheduled");
  EXPECT_EQ(c7->metrics.delivered, 0);
  const CampaignRow* c2 = FindRow(*report, "c2");
  ASSERT_NE(c2, nullptr);
  EXPECT_FALSE(c2->in_catalog);

  // Filters read the catalog metadata.
  ReportRequest spring;
  spring.filter.labels = {"Spring"};
  auto filtered = workspace_->RunReport(spring);
  ASSERT_TRUE(filtered.ok());
  ASSERT_EQ(filtered->campaigns.size(), 1u);
  EXPECT_EQ(filtered->campaigns[0].campaign_id, "c1");
  // Campaign ingests write no segment.
  EXPECT_EQ(SegmentFiles().size(), 1u);
}

TEST_F(WorkspaceTest, BadCampaignRowChangesNothing) {
  ASSERT_TRUE(workspace_
                  ->Ingest(IngestKind::kCampaigns,
                           Input("campaigns.csv", "campaign_id,name\nc1,Shoes\n"), {})
                  .ok());
  auto failed = workspace_->Ingest(
      IngestKind::kCampaigns,
      Input("bad_campaigns.csv", "campaign_id,name,status\nc1,Renamed,running\nc2,X,exploded\n"),
      {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(failed.status().location().line, 3);
  EXPECT_EQ(failed.status().location().field, "status");
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  auto report = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(FindRow(*report, "c1")->name, "Shoes");
  EXPECT_EQ(FindRow(*report, "c2")->in_catalog, false);
}

TEST_F(WorkspaceTest, TimesheetsAreUpsertedByAgentCampaignAndLocalDate) {
  ASSERT_TRUE(
      workspace_
          ->ApplySettings(std::string("timezone: America/New_York\n") + kSettings, "settings.yaml")
          .ok());
  auto empty = workspace_->Timesheets();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());
  auto version_before = workspace_->DataVersion();
  ASSERT_TRUE(version_before.ok());

  auto first = workspace_->Ingest(IngestKind::kTimesheets,
                                  Input("timesheets.csv",
                                        "agent_id,campaign_id,date,hours,team\n"
                                        "ana,c1,2026-03-01,7.5,north\n"
                                        "bo,,2026-03-02T03:00:00Z,2,south\n"  // 22:00 EST Mar 1
                                        "ana,c2,2026-03-02,1.25,north\n"),
                                  {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rows_ingested, 3);
  EXPECT_EQ(first->rows_rejected, 0);
  ASSERT_EQ(first->warnings.size(), 1u);  // the ignored `team` column
  EXPECT_NE(first->warnings[0].find("team"), std::string::npos) << first->warnings[0];
  auto version_after = workspace_->DataVersion();
  ASSERT_TRUE(version_after.ok());
  EXPECT_GT(*version_after, *version_before);

  // JSON Lines; ana's c1 hours of March 1st are corrected, the rest stays.
  auto second = workspace_->Ingest(
      IngestKind::kTimesheets,
      Input("fix.jsonl", R"({"agent_id":"ana","campaign_id":"c1","date":"2026-03-01","hours":6})"
                         "\n"),
      {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->rows_ingested, 1);

  const int32_t march1 = DaysFromCivil(2026, 3, 1);
  auto timesheets = workspace_->Timesheets();
  ASSERT_TRUE(timesheets.ok()) << timesheets.status().ToString();
  EXPECT_EQ(*timesheets, (std::vector<TimesheetRecord>{{"ana", "c1", march1, 6'000'000},
                                                       {"bo", "", march1, 2'000'000},
                                                       {"ana", "c2", march1 + 1, 1'250'000}}));
  // Timesheet ingests write no segment.
  EXPECT_TRUE(SegmentFiles().empty());
}

TEST_F(WorkspaceTest, BadTimesheetRowChangesNothing) {
  ASSERT_TRUE(workspace_
                  ->Ingest(IngestKind::kTimesheets,
                           Input("t1.csv", "agent_id,date,hours\nana,2026-03-01,8\n"), {})
                  .ok());
  auto version = workspace_->DataVersion();
  ASSERT_TRUE(version.ok());
  auto failed = workspace_->Ingest(
      IngestKind::kTimesheets,
      Input("t2.csv", "agent_id,date,hours\nana,2026-03-01,4\nbo,2026-03-01,25\n"), {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(failed.status().location().file, "t2.csv");
  EXPECT_EQ(failed.status().location().line, 3);
  EXPECT_EQ(failed.status().location().field, "hours");
  EXPECT_FALSE(fs::exists(temp_.File("t2.csv.rejects.csv")));
  auto timesheets = workspace_->Timesheets();
  ASSERT_TRUE(timesheets.ok());
  EXPECT_EQ(*timesheets,
            (std::vector<TimesheetRecord>{{"ana", "", DaysFromCivil(2026, 3, 1), 8'000'000}}));
  auto version_after = workspace_->DataVersion();
  ASSERT_TRUE(version_after.ok());
  EXPECT_EQ(*version_after, *version);
}

TEST_F(WorkspaceTest, SkipBadTimesheetRowsIngestsTheGoodOnesAndWritesRejects) {
  IngestOptions options;
  options.skip_bad_rows = true;
  auto summary = workspace_->Ingest(IngestKind::kTimesheets,
                                    Input("mixed.csv",
                                          "agent_id,date,hours\n"
                                          "ana,2026-03-01,8\n"
                                          ",2026-03-01,1\n"
                                          "bo,2026-02-30,1\n"
                                          "bo,2026-03-01,3.5\n"),
                                    options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows_ingested, 2);
  EXPECT_EQ(summary->rows_rejected, 2);
  EXPECT_EQ(summary->rejects_path, temp_.File("mixed.csv.rejects.csv"));
  const std::string rejects = ReadFile(summary->rejects_path);
  EXPECT_NE(rejects.find("\n3,\"agent_id\","), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("\n4,\"date\","), std::string::npos) << rejects;
  auto timesheets = workspace_->Timesheets();
  ASSERT_TRUE(timesheets.ok());
  EXPECT_EQ(timesheets->size(), 2u);
}

TEST_F(WorkspaceTest, SnapshotsAreUpsertedByAccountAndMonth) {
  auto empty = workspace_->Snapshots();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());
  auto version_before = workspace_->DataVersion();
  ASSERT_TRUE(version_before.ok());
  auto snapshot_before = workspace_->Snapshot();
  ASSERT_TRUE(snapshot_before.ok());
  EXPECT_TRUE(snapshot_before->snapshots().empty());

  auto first = workspace_->Ingest(IngestKind::kSnapshots,
                                  Input("snapshots.csv",
                                        "account_id,month_end,balance,profit,branch\n"
                                        "b2,2026-03-31,100.25,-1.5,north\n"
                                        "a1,2026-04,2500,30,south\n"
                                        "a1,2026-03,2000,20,south\n"),
                                  {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rows_ingested, 3);
  EXPECT_EQ(first->rows_rejected, 0);
  ASSERT_EQ(first->warnings.size(), 1u);  // the ignored `branch` column
  EXPECT_NE(first->warnings[0].find("branch"), std::string::npos) << first->warnings[0];
  auto version_after = workspace_->DataVersion();
  ASSERT_TRUE(version_after.ok());
  EXPECT_GT(*version_after, *version_before);

  // JSON Lines; a1's March is corrected (a numeric account id is its text), the rest stays.
  auto second = workspace_->Ingest(
      IngestKind::kSnapshots,
      Input("fix.jsonl",
            R"({"account_id":"a1","month_end":"2026-03-31","balance":"1999.99","profit":-5})"
            "\n"
            R"({"account_id":10045,"month_end":"2026-02","balance":0,"profit":0})"
            "\n"),
      {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->rows_ingested, 2);

  const int32_t march = MonthOfDay(DaysFromCivil(2026, 3, 1));
  const std::vector<AccountSnapshot> expected = {{"10045", march - 1, 0, 0},
                                                 {"a1", march, 1'999'990'000, -5'000'000},
                                                 {"a1", march + 1, 2'500'000'000, 30'000'000},
                                                 {"b2", march, 100'250'000, -1'500'000}};
  auto snapshots = workspace_->Snapshots();
  ASSERT_TRUE(snapshots.ok()) << snapshots.status().ToString();
  EXPECT_EQ(*snapshots, expected);
  // The loaded view the server and the reports use holds them too, at the new data version.
  auto loaded = workspace_->Snapshot();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->snapshots(), expected);
  EXPECT_GT(loaded->data_version(), snapshot_before->data_version());
  // Snapshot ingests write no segment and leave the timesheets alone.
  EXPECT_TRUE(SegmentFiles().empty());
  EXPECT_TRUE(workspace_->Timesheets()->empty());
}

TEST_F(WorkspaceTest, BadSnapshotRowChangesNothing) {
  ASSERT_TRUE(
      workspace_
          ->Ingest(IngestKind::kSnapshots,
                   Input("s1.csv", "account_id,month_end,balance,profit\na1,2026-03,10,1\n"), {})
          .ok());
  auto version = workspace_->DataVersion();
  ASSERT_TRUE(version.ok());
  // Row 2 would replace a1's March; row 3's date is not a month end: neither is stored.
  auto failed = workspace_->Ingest(IngestKind::kSnapshots,
                                   Input("s2.csv",
                                         "account_id,month_end,balance,profit\n"
                                         "a1,2026-03,99,9\n"
                                         "a2,2026-10-30,5,5\n"),
                                   {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(failed.status().location().file, "s2.csv");
  EXPECT_EQ(failed.status().location().line, 3);
  EXPECT_EQ(failed.status().location().field, "month_end");
  EXPECT_FALSE(fs::exists(temp_.File("s2.csv.rejects.csv")));
  auto snapshots = workspace_->Snapshots();
  ASSERT_TRUE(snapshots.ok());
  EXPECT_EQ(*snapshots, (std::vector<AccountSnapshot>{
                            {"a1", MonthOfDay(DaysFromCivil(2026, 3, 1)), 10'000'000, 1'000'000}}));
  auto version_after = workspace_->DataVersion();
  ASSERT_TRUE(version_after.ok());
  EXPECT_EQ(*version_after, *version);
}

TEST_F(WorkspaceTest, SkipBadSnapshotRowsIngestsTheGoodOnesAndWritesRejects) {
  IngestOptions options;
  options.skip_bad_rows = true;
  auto summary = workspace_->Ingest(IngestKind::kSnapshots,
                                    Input("mixed.csv",
                                          "account_id,month_end,balance,profit\n"
                                          "a1,2026-03,10,1\n"
                                          "a2,2026-03,1.0000001,1\n"
                                          "a3,2026-02-28,7,-7\n"),
                                    options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows_ingested, 2);
  EXPECT_EQ(summary->rows_rejected, 1);
  EXPECT_EQ(summary->rejects_path, temp_.File("mixed.csv.rejects.csv"));
  const std::string rejects = ReadFile(summary->rejects_path);
  EXPECT_NE(rejects.find("\n3,\"balance\","), std::string::npos) << rejects;
  auto snapshots = workspace_->Snapshots();
  ASSERT_TRUE(snapshots.ok());
  EXPECT_EQ(snapshots->size(), 2u);
}

TEST_F(WorkspaceTest, OrphanSegmentIsRemovedByTheNextIngest) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  const std::vector<std::string> committed = SegmentFiles();
  ASSERT_EQ(committed.size(), 1u);
  const std::string report_before = ReportJson();
  // What an ingest killed after writing its segment but before committing it leaves: a real
  // segment file that no manifest row names (here a copy: loading it would double the data).
  const std::string orphan = dir_ + "/segments/0000000000000000-deadbeef.seg";
  fs::copy_file(dir_ + "/segments/" + committed[0], orphan);
  WriteFile(dir_ + "/segments/zz-partial.seg", "PBSEG001 half written");
  // Readers ignore it.
  EXPECT_EQ(ReportJson(), report_before);

  ASSERT_TRUE(IngestEvents("more.csv", kMoreEvents).ok());
  const std::vector<std::string> after = SegmentFiles();
  EXPECT_EQ(after.size(), 2u);
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_FALSE(fs::exists(dir_ + "/segments/zz-partial.seg"));
  EXPECT_TRUE(fs::exists(dir_ + "/segments/" + committed[0]));

  auto report = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(Revenue(report->tiles), "80.00");
  EXPECT_DOUBLE_EQ(report->tiles.conversions, 4.0);
  EXPECT_EQ(report->unattributed_conversions, 1);
}

TEST_F(WorkspaceTest, DamagedCommittedSegmentIsCorruption) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  const std::vector<std::string> files = SegmentFiles();
  ASSERT_EQ(files.size(), 1u);
  const std::string path = dir_ + "/segments/" + files[0];
  std::string data = ReadFile(path);
  ASSERT_GT(data.size(), 40u);
  data[data.size() / 2] = static_cast<char>(data[data.size() / 2] ^ 0xff);
  WriteFile(path, data);
  EXPECT_EQ(workspace_->RunReport(ReportRequest{}).status().code(), StatusCode::kCorruption);

  // Truncated: the same.
  WriteFile(path, data.substr(0, data.size() - 10));
  EXPECT_EQ(workspace_->RunReport(ReportRequest{}).status().code(), StatusCode::kCorruption);
  // The damaged committed file is not an orphan: no ingest may delete it.
  EXPECT_FALSE(IngestEvents("more.csv", kMoreEvents).ok());
  EXPECT_TRUE(fs::exists(path));
}

TEST_F(WorkspaceTest, MissingCommittedSegmentIsAnError) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  const std::vector<std::string> files = SegmentFiles();
  ASSERT_EQ(files.size(), 1u);
  fs::remove(dir_ + "/segments/" + files[0]);
  EXPECT_FALSE(workspace_->RunReport(ReportRequest{}).ok());
}

TEST_F(WorkspaceTest, EmptyEventsFileCommitsNothing) {
  auto summary = IngestEvents("empty.csv", "user_id,ts,event\n");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows_ingested, 0);
  EXPECT_TRUE(SegmentFiles().empty());
  auto report = workspace_->RunReport(ReportRequest{});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->campaigns.empty());
}

TEST_F(WorkspaceTest, ReportRequestErrors) {
  ASSERT_TRUE(IngestEvents("events.csv", kEvents).ok());
  ReportRequest unknown_conversion;
  unknown_conversion.conversion = "Refund";
  EXPECT_EQ(workspace_->RunReport(unknown_conversion).status().code(), StatusCode::kNotFound);
  ReportRequest unknown_model;
  unknown_model.model = "newest_touch";
  EXPECT_EQ(workspace_->RunReport(unknown_model).status().code(), StatusCode::kUsage);
}

}  // namespace
}  // namespace payback
