#include "payback/server/api_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "payback/common/temp_dir_for_test.h"
#include "payback/common/time.h"
#include "payback/report/report_render.h"
#include "payback/workspace.h"

namespace payback {
namespace {

using Json = nlohmann::json;

constexpr const char* kSettings = R"(conversions:
  - name: Purchase
    event: purchase
    value: amount
    window: 7d
custom_metrics:
  - name: Revenue per Delivered
    formula: "Revenue / Delivered"
)";

// c1: u1 delivered + clicked, buys 25.50 (-> c1). c2: u2 delivered + clicked, buys 10 (-> c2).
constexpr const char* kEvents = R"(user_id,ts,event,campaign_id,amount
u1,2026-03-01T10:00:00Z,delivered,c1,
u1,2026-03-01T10:05:00Z,clicked,c1,
u1,2026-03-01T11:00:00Z,purchase,,25.50
u2,2026-03-01T09:00:00Z,delivered,c2,
u2,2026-03-01T09:30:00Z,clicked,c2,
u2,2026-03-02T09:00:00Z,purchase,,10
)";

/// A workspace with data and a token per role, served on a free loopback port.
class ApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_.File("ws");
    ASSERT_TRUE(Workspace::Init(dir_).ok());
    auto workspace = Workspace::Open(dir_);
    ASSERT_TRUE(workspace.ok());
    ASSERT_TRUE(workspace->ApplySettings(kSettings, "settings.yaml").ok());
    const std::string events = temp_.Write("events.csv", kEvents);
    ASSERT_TRUE(workspace->Ingest(IngestKind::kEvents, events, IngestOptions{}).ok());
    viewer_ = workspace->CreateToken(Role::kViewer, "test").value().token;
    editor_ = workspace->CreateToken(Role::kEditor, "test").value().token;

    ServerOptions options;
    options.workspace_dir = dir_;
    options.port = 0;
    options.max_body_bytes = 4096;
    options.threads = 4;
    auto server = ApiServer::Bind(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    serving_ = std::thread([this] { (void)server_->Serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    // Wait until the server accepts connections.
    for (int attempt = 0; attempt < 200; ++attempt) {
      if (client_->Get("/api/v1/health")) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (serving_.joinable()) serving_.join();
  }

  httplib::Headers As(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

  /// The report the engine computes directly, rendered as the CLI renders it.
  std::string EngineReport(const ReportRequest& request, bool csv) {
    auto workspace = Workspace::Open(dir_);
    EXPECT_TRUE(workspace.ok());
    auto report = workspace->RunReport(request);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return csv ? RenderReportCsv(*report) : RenderReportJson(*report);
  }

  static std::string ErrorCode(const httplib::Result& result) {
    const Json body = Json::parse(result->body, nullptr, false);
    if (!body.is_object() || !body.contains("error")) return "(not an error body)";
    return body["error"]["code"].get<std::string>();
  }

  TempDir temp_;
  std::string dir_;
  std::string viewer_;
  std::string editor_;
  std::unique_ptr<ApiServer> server_;
  std::thread serving_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ApiServerTest, EveryCallNeedsAKnownBearerToken) {
  auto none = client_->Get("/api/v1/report");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(ErrorCode(none), "unauthorized");
  auto wrong = client_->Get("/api/v1/report", As(viewer_ + "x"));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto health = client_->Get("/api/v1/health", As(viewer_));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(Json::parse(health->body)["role"], "viewer");
}

TEST_F(ApiServerTest, ReportIsTheEnginesReportInJsonAndCsv) {
  auto json = client_->Get("/api/v1/report", As(viewer_));
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 200);
  EXPECT_EQ(json->body, EngineReport(ReportRequest{}, false));
  const Json body = Json::parse(json->body);
  EXPECT_EQ(body["tiles"]["revenue"], "35.50");
  EXPECT_EQ(body["campaigns"][0]["custom"]["Revenue per Delivered"], 25.5);

  ReportRequest c2_request;
  c2_request.filter.campaign_ids = {"c2"};
  c2_request.sort_metric = "revenue";
  c2_request.descending = false;
  auto csv = client_->Get("/api/v1/report.csv?campaign=c2&sort=revenue", As(viewer_));
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body, EngineReport(c2_request, true));
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");

  // A period in the workspace time zone: only u1's purchase (2026-03-01).
  auto day = client_->Get("/api/v1/report?from=2026-03-01&to=2026-03-02", As(viewer_));
  ASSERT_TRUE(day);
  EXPECT_EQ(Json::parse(day->body)["tiles"]["revenue"], "25.50");
}

TEST_F(ApiServerTest, BadParametersAre400WithAStableCode) {
  auto unknown = client_->Get("/api/v1/report?chanel=push", As(viewer_));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_EQ(ErrorCode(unknown), "usage");
  auto model = client_->Get("/api/v1/report?model=nope", As(viewer_));
  ASSERT_TRUE(model);
  EXPECT_EQ(model->status, 400);
  auto date = client_->Get("/api/v1/report?from=yesterday", As(viewer_));
  ASSERT_TRUE(date);
  EXPECT_EQ(date->status, 400);
  auto endpoint = client_->Get("/api/v1/nothing", As(viewer_));
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->status, 404);
  EXPECT_EQ(ErrorCode(endpoint), "not_found");
}

TEST_F(ApiServerTest, AViewerCannotChangeSettingsOrIngest) {
  auto settings = client_->Put("/api/v1/settings", As(viewer_), kSettings, "application/yaml");
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings->status, 403);
  EXPECT_EQ(ErrorCode(settings), "forbidden");
  auto ingest = client_->Post("/api/v1/ingest/events", As(viewer_), kEvents, "text/csv");
  ASSERT_TRUE(ingest);
  EXPECT_EQ(ingest->status, 403);
}

TEST_F(ApiServerTest, IngestIsAtomicAndFreshOnTheNextReport) {
  const std::string before = client_->Get("/api/v1/report", As(viewer_))->body;
  // A bad row refuses the whole body, with its line and field.
  const std::string bad =
      "user_id,ts,event,campaign_id,amount\nu3,2026-03-01T10:00:00Z,clicked,c1,\n"
      "u3,not-a-time,purchase,,5\n";
  auto refused = client_->Post("/api/v1/ingest/events", As(editor_), bad, "text/csv");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  const Json error = Json::parse(refused->body)["error"];
  EXPECT_EQ(error["code"], "invalid_input");
  EXPECT_EQ(error["location"]["line"], 3);
  EXPECT_EQ(error["location"]["field"], "ts");
  EXPECT_EQ(client_->Get("/api/v1/report", As(viewer_))->body, before);

  // NDJSON: u3 clicks c1 and buys 5; the cached report is not served again.
  const std::string good =
      "{\"user_id\":\"u3\",\"ts\":\"2026-03-01T10:00:00Z\",\"event\":\"clicked\","
      "\"campaign_id\":\"c1\"}\n"
      "{\"user_id\":\"u3\",\"ts\":\"2026-03-01T12:00:00Z\",\"event\":\"purchase\",\"amount\":5}\n";
  auto accepted = client_->Post("/api/v1/ingest/events", As(editor_), good, "application/x-ndjson");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_EQ(Json::parse(accepted->body)["rows_ingested"], 2);
  const Json after = Json::parse(client_->Get("/api/v1/report", As(viewer_))->body);
  EXPECT_EQ(after["tiles"]["revenue"], "40.50");
}

TEST_F(ApiServerTest, DataAndSettingsChangedByAnotherProcessShowOnTheNextRequest) {
  ASSERT_EQ(Json::parse(client_->Get("/api/v1/report", As(viewer_))->body)["tiles"]["revenue"],
            "35.50");
  // Another writer (as `payback ingest` in another process): u3 clicks c2 and buys 4.50.
  auto writer = Workspace::Open(dir_);
  ASSERT_TRUE(writer.ok());
  const std::string more =
      temp_.Write("more.csv",
                  "user_id,ts,event,campaign_id,amount\n"
                  "u3,2026-03-01T09:00:00Z,clicked,c2,\nu3,2026-03-01T10:00:00Z,purchase,,4.50\n");
  ASSERT_TRUE(writer->Ingest(IngestKind::kEvents, more, IngestOptions{}).ok());
  EXPECT_EQ(Json::parse(client_->Get("/api/v1/report", As(viewer_))->body)["tiles"]["revenue"],
            "40.00");
  // New settings: Purchase without a value has no revenue.
  ASSERT_TRUE(
      writer->ApplySettings("conversions:\n  - name: Purchase\n    event: purchase\n", "s.yaml")
          .ok());
  EXPECT_TRUE(
      Json::parse(client_->Get("/api/v1/report", As(viewer_))->body)["tiles"]["revenue"].is_null());
}

TEST_F(ApiServerTest, SettingsReadValidateAndReplace) {
  auto read = client_->Get("/api/v1/settings", As(viewer_));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  EXPECT_NE(Json::parse(read->body)["yaml"].get<std::string>().find("Purchase"), std::string::npos);
  const std::string broken = "conversions:\n  - name: P\n    event: purchase\n    window: 7x\n";
  auto invalid = client_->Post("/api/v1/settings/validate", As(viewer_), broken, "text/yaml");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 400);
  EXPECT_EQ(Json::parse(invalid->body)["error"]["location"]["field"], "conversions[0].window");
  auto replaced = client_->Put("/api/v1/settings", As(editor_),
                               std::string(kSettings) + "  - name: Clicks\n    formula: Clicked\n",
                               "text/yaml");
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->status, 200) << replaced->body;
  const Json report = Json::parse(client_->Get("/api/v1/report", As(viewer_))->body);
  EXPECT_EQ(report["tiles"]["custom"]["Clicks"], 2);
}

TEST_F(ApiServerTest, MetricCheckGivesTheCanonicalFormOrThePositionedError) {
  auto good =
      client_->Post("/api/v1/metrics/check", As(viewer_),
                    R"({"formula": "total conversions revenue/delivered"})", "application/json");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(Json::parse(good->body)["canonical"], "Revenue / Delivered");
  auto bad = client_->Post("/api/v1/metrics/check", As(viewer_),
                           R"({"formula": "Revenue / Delivred"})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Json::parse(bad->body)["error"]["location"]["column"], 11);
  auto malformed = client_->Post("/api/v1/metrics/check", As(viewer_), "{", "application/json");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
}

TEST_F(ApiServerTest, TimeSeriesGivesTheTilesPerLocalDay) {
  // UTC workspace: u1's purchase on 1 March, u2's on 2 March.
  auto series =
      client_->Get("/api/v1/timeseries?bucket=day&from=2026-03-01&to=2026-03-04", As(viewer_));
  ASSERT_TRUE(series);
  EXPECT_EQ(series->status, 200) << series->body;
  const Json body = Json::parse(series->body);
  EXPECT_EQ(body["bucket"], "day");
  ASSERT_EQ(body["points"].size(), 3u);
  EXPECT_EQ(body["points"][0]["start"], "2026-03-01T00:00:00+00:00");
  EXPECT_EQ(body["points"][0]["revenue"], "25.50");
  EXPECT_EQ(body["points"][1]["revenue"], "10.00");
  EXPECT_EQ(body["points"][2]["revenue"], "0.00");
  // Both deliveries are on 1 March: 25.50 / 2.
  EXPECT_EQ(body["points"][0]["custom"]["Revenue per Delivered"], 12.75);
  auto bad = client_->Get("/api/v1/timeseries?bucket=hour", As(viewer_));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(ApiServerTest, OptionsListWhatTheFilterPanelOffers) {
  auto options = client_->Get("/api/v1/options", As(viewer_));
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 200);
  const Json body = Json::parse(options->body);
  EXPECT_EQ(body["conversions"][0]["name"], "Purchase");
  EXPECT_EQ(body["conversions"][0]["has_value"], true);
  EXPECT_EQ(body["models"][0], "last_touch");
  EXPECT_EQ(body["custom_metrics"][0]["name"], "Revenue per Delivered");
  EXPECT_EQ(body["first_event"], "2026-03-01T09:00:00+00:00");
  EXPECT_EQ(body["last_event"], "2026-03-02T09:00:00+00:00");
  EXPECT_EQ(body["channels"], Json::array());  // no campaign catalog in this workspace
  EXPECT_EQ(body["role"], "viewer");
}

TEST_F(ApiServerTest, MetricPreviewComputesAFormulaWithoutSavingIt) {
  auto preview =
      client_->Post("/api/v1/metrics/preview?campaign=c1", As(viewer_),
                    R"({"name": "Per click", "formula": "revenue / clicked"})", "application/json");
  ASSERT_TRUE(preview);
  EXPECT_EQ(preview->status, 200) << preview->body;
  const Json body = Json::parse(preview->body);
  EXPECT_EQ(body["canonical"], "Revenue / Clicked");
  EXPECT_EQ(body["report"]["tiles"]["custom"]["Per click"], 25.5);  // c1: 25.50 over 1 click
  auto settings = client_->Get("/api/v1/settings", As(viewer_));
  EXPECT_EQ(Json::parse(settings->body)["yaml"].get<std::string>().find("Per click"),
            std::string::npos);
}

TEST_F(ApiServerTest, CustomMetricsAreReplacedByAnEditorOnly) {
  const std::string metrics = R"([{"name": "Per click", "formula": "Revenue / Clicked"}])";
  auto viewer = client_->Put("/api/v1/custom-metrics", As(viewer_), metrics, "application/json");
  ASSERT_TRUE(viewer);
  EXPECT_EQ(viewer->status, 403);
  auto editor = client_->Put("/api/v1/custom-metrics", As(editor_), metrics, "application/json");
  ASSERT_TRUE(editor);
  EXPECT_EQ(editor->status, 200) << editor->body;
  const Json report = Json::parse(client_->Get("/api/v1/report", As(viewer_))->body);
  EXPECT_EQ(report["tiles"]["custom"], Json({{"Per click", 17.75}}));  // 35.50 / 2
  EXPECT_EQ(report["conversion"], "Purchase");  // the rest of the settings stays
  auto invalid = client_->Put("/api/v1/custom-metrics", As(editor_),
                              R"([{"name": "Bad", "formula": "Revenue /"}])", "application/json");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 400);
  EXPECT_EQ(Json::parse(invalid->body)["error"]["location"]["field"], "custom_metrics[0].formula");
}

TEST_F(ApiServerTest, CampaignsIngestedThroughTheApiAreListed) {
  const std::string campaigns =
      "campaign_id,name,status,created_by,labels,journey_id,channel,delivery_type\n"
      "c1,Shoes,running,ana,Promo;Spring,,push,on_publish\n";
  auto ingested = client_->Post("/api/v1/ingest/campaigns", As(editor_), campaigns, "text/csv");
  ASSERT_TRUE(ingested);
  EXPECT_EQ(ingested->status, 200) << ingested->body;
  auto listed = client_->Get("/api/v1/campaigns", As(viewer_));
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  const Json body = Json::parse(listed->body);
  ASSERT_EQ(body["campaigns"].size(), 1u);
  EXPECT_EQ(body["campaigns"][0]["name"], "Shoes");
  EXPECT_EQ(body["campaigns"][0]["labels"], Json({"Promo", "Spring"}));
  EXPECT_TRUE(body["campaigns"][0]["journey_id"].is_null());
  // The options and the report rows follow at once.
  const Json options = Json::parse(client_->Get("/api/v1/options", As(viewer_))->body);
  EXPECT_EQ(options["channels"], Json({"push"}));
  const Json report = Json::parse(client_->Get("/api/v1/report?channel=push", As(viewer_))->body);
  ASSERT_EQ(report["campaigns"].size(), 1u);
  EXPECT_EQ(report["campaigns"][0]["name"], "Shoes");
}

TEST_F(ApiServerTest, TimesheetsIngestedThroughTheApiAreStoredAtomically) {
  const Json health = Json::parse(client_->Get("/api/v1/health", As(viewer_))->body);
  // A viewer may not ingest.
  const std::string timesheets =
      "agent_id,campaign_id,date,hours\nana,c1,2026-03-01,7.5\nbo,,2026-03-01,2\n";
  auto forbidden = client_->Post("/api/v1/ingest/timesheets", As(viewer_), timesheets, "text/csv");
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  // A bad row refuses the whole body, with its line and field.
  auto refused = client_->Post("/api/v1/ingest/timesheets", As(editor_),
                               timesheets + "cy,c1,2026-03-01,30\n", "text/csv");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  const Json error = Json::parse(refused->body)["error"];
  EXPECT_EQ(error["code"], "invalid_input");
  EXPECT_EQ(error["location"]["line"], 4);
  EXPECT_EQ(error["location"]["field"], "hours");
  auto reader = Workspace::Open(dir_);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader->Timesheets().value().empty());

  auto ingested = client_->Post("/api/v1/ingest/timesheets", As(editor_), timesheets, "text/csv");
  ASSERT_TRUE(ingested);
  EXPECT_EQ(ingested->status, 200) << ingested->body;
  EXPECT_EQ(Json::parse(ingested->body)["rows_ingested"], 2);
  const int32_t march1 = DaysFromCivil(2026, 3, 1);
  EXPECT_EQ(reader->Timesheets().value(),
            (std::vector<TimesheetRecord>{{"ana", "c1", march1, 7'500'000},
                                          {"bo", "", march1, 2'000'000}}));
  // NDJSON too; the data version moves with every ingest.
  auto ndjson =
      client_->Post("/api/v1/ingest/timesheets", As(editor_),
                    R"({"agent_id":"bo","date":"2026-03-01","hours":3})", "application/x-ndjson");
  ASSERT_TRUE(ndjson);
  EXPECT_EQ(ndjson->status, 200) << ndjson->body;
  EXPECT_EQ(reader->Timesheets().value()[1].hours, 3'000'000);
  const Json after = Json::parse(client_->Get("/api/v1/health", As(viewer_))->body);
  EXPECT_GT(after["data_version"].get<int64_t>(), health["data_version"].get<int64_t>());
}

TEST_F(ApiServerTest, SnapshotsIngestedThroughTheApiAreStoredAtomically) {
  const Json health = Json::parse(client_->Get("/api/v1/health", As(viewer_))->body);
  const std::string snapshots =
      "account_id,month_end,balance,profit\n10045,2026-03-31,1520.75,-12.5\nA-7,2026-03,0,3\n";
  // A viewer may not ingest.
  auto forbidden = client_->Post("/api/v1/ingest/snapshots", As(viewer_), snapshots, "text/csv");
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  // A date that is not a month end refuses the whole body, with its line and field.
  auto refused = client_->Post("/api/v1/ingest/snapshots", As(editor_),
                               snapshots + "A-8,2026-03-30,1,1\n", "text/csv");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  const Json error = Json::parse(refused->body)["error"];
  EXPECT_EQ(error["code"], "invalid_input");
  EXPECT_EQ(error["location"]["line"], 4);
  EXPECT_EQ(error["location"]["field"], "month_end");
  auto reader = Workspace::Open(dir_);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader->Snapshots().value().empty());

  auto ingested = client_->Post("/api/v1/ingest/snapshots", As(editor_), snapshots, "text/csv");
  ASSERT_TRUE(ingested);
  EXPECT_EQ(ingested->status, 200) << ingested->body;
  EXPECT_EQ(Json::parse(ingested->body)["rows_ingested"], 2);
  const int32_t march = MonthOfDay(DaysFromCivil(2026, 3, 1));
  EXPECT_EQ(reader->Snapshots().value(),
            (std::vector<AccountSnapshot>{{"10045", march, 1'520'750'000, -12'500'000},
                                          {"A-7", march, 0, 3'000'000}}));
  // NDJSON too (a numeric account id is its text); the data version moves with every ingest.
  auto ndjson =
      client_->Post("/api/v1/ingest/snapshots", As(editor_),
                    R"({"account_id":10045,"month_end":"2026-03","balance":1,"profit":2})",
                    "application/x-ndjson");
  ASSERT_TRUE(ndjson);
  EXPECT_EQ(ndjson->status, 200) << ndjson->body;
  EXPECT_EQ(reader->Snapshots().value()[0],
            (AccountSnapshot{"10045", march, 1'000'000, 2'000'000}));
  const Json after = Json::parse(client_->Get("/api/v1/health", As(viewer_))->body);
  EXPECT_GT(after["data_version"].get<int64_t>(), health["data_version"].get<int64_t>());
}

TEST_F(ApiServerTest, ReportsCanUseTheSettingsOfAnEarlierTime) {
  auto writer = Workspace::Open(dir_);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(
      writer->ApplySettings("conversions:\n  - name: Purchase\n    event: purchase\n", "s.yaml")
          .ok());
  const auto history = writer->SettingsHistory();
  ASSERT_TRUE(history.ok());
  const std::string first = FormatUtc((*history)[0].applied_at);
  const Json then =
      Json::parse(client_->Get("/api/v1/report?settings_as_of=" + first, As(viewer_))->body);
  EXPECT_EQ(then["tiles"]["revenue"], "35.50");  // version 1 values purchases
  const Json now = Json::parse(client_->Get("/api/v1/report", As(viewer_))->body);
  EXPECT_TRUE(now["tiles"]["revenue"].is_null());
  auto before = client_->Get("/api/v1/report?settings_as_of=2020-01-01", As(viewer_));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 404);
}

TEST_F(ApiServerTest, ExplainShowsAUsersCredits) {
  auto explained = client_->Get("/api/v1/explain?user=u1", As(viewer_));
  ASSERT_TRUE(explained);
  EXPECT_EQ(explained->status, 200);
  const Json body = Json::parse(explained->body);
  EXPECT_EQ(body["user_id"], "u1");
  // The rule behind the credit: u1's click on c1 five minutes before the purchase, held to the
  // definition's 7 days (604800 s); no `requires`, nothing left out.
  EXPECT_EQ(body["touch"], "clicked");
  EXPECT_TRUE(body["requires"].is_null());
  const Json& candidate = body["conversions"][0]["candidates"][0];
  EXPECT_EQ(candidate["campaign_id"], "c1");
  EXPECT_EQ(candidate["window_s"], 604800);
  EXPECT_EQ(candidate["window_from"], "definition");
  EXPECT_TRUE(body["conversions"][0]["excluded"].empty());
  auto missing = client_->Get("/api/v1/explain", As(viewer_));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
}

TEST_F(ApiServerTest, ABodyOverTheLimitIs413AndTheServerKeepsServing) {
  const std::string huge(8192, 'x');
  auto refused = client_->Post("/api/v1/ingest/events", As(editor_), huge, "text/csv");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  auto health = client_->Get("/api/v1/health", As(viewer_));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(ApiServerTest, AgentRankingAndGoalsAreTheEnginesAndRefuseUnknownParameters) {
  // Settings with an hourly labor cost and a March revenue target of 100; a1 worked 2 hours on
  // c1 on March 1. Revenue so far on March 2: 25.50 + 10 = 35.50 against 100 x 2 / 31 = 6.45.
  std::string settings = kSettings;
  settings += "costs:\n  - type: agent_hour\n    amount: 10\n";
  settings += "targets:\n  - month: 2026-03\n    revenue: 100\n";
  auto workspace = Workspace::Open(dir_);
  ASSERT_TRUE(workspace.ok());
  ASSERT_TRUE(workspace->ApplySettings(settings, "settings.yaml").ok());
  const std::string sheets =
      temp_.Write("timesheets.csv", "agent_id,campaign_id,date,hours\na1,c1,2026-03-01,2\n");
  ASSERT_TRUE(workspace->Ingest(IngestKind::kTimesheets, sheets, IngestOptions{}).ok());

  auto agents = client_->Get("/api/v1/agents?from=2026-03-01&to=2026-04-01", As(viewer_));
  ASSERT_TRUE(agents);
  ASSERT_EQ(agents->status, 200) << agents->body;
  ReportRequest request;
  request.from = *ParseTimestamp("2026-03-01", TimeZone());
  request.to = *ParseTimestamp("2026-04-01", TimeZone());
  auto ranking = workspace->RunAgentRanking(request);
  ASSERT_TRUE(ranking.ok());
  EXPECT_EQ(agents->body, RenderAgentRankingJson(*ranking));
  const Json agents_json = Json::parse(agents->body);
  ASSERT_EQ(agents_json["agents"].size(), 1u);
  EXPECT_EQ(agents_json["agents"][0]["agent_id"], "a1");
  EXPECT_EQ(agents_json["agents"][0]["labor_cost"], "20.00");

  auto goals = client_->Get("/api/v1/goals?today=2026-03-02", As(viewer_));
  ASSERT_TRUE(goals);
  ASSERT_EQ(goals->status, 200) << goals->body;
  const Json goals_json = Json::parse(goals->body);
  EXPECT_EQ(goals_json["month"], "2026-03");
  EXPECT_EQ(goals_json["days_elapsed"], 2);
  ASSERT_EQ(goals_json["goals"].size(), 1u);
  EXPECT_EQ(goals_json["goals"][0]["revenue"], "35.50");
  EXPECT_EQ(goals_json["goals"][0]["revenue_expected"], "6.45");
  EXPECT_EQ(goals_json["goals"][0]["revenue_status"], "green");

  auto unknown = client_->Get("/api/v1/goals?month=2026-03", As(viewer_));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  auto bad_day = client_->Get("/api/v1/goals?today=March", As(viewer_));
  ASSERT_TRUE(bad_day);
  EXPECT_EQ(bad_day->status, 400);
}

TEST_F(ApiServerTest, CompareModelsIsTheEnginesComparison) {
  auto compared = client_->Get("/api/v1/compare-models?channel=push", As(viewer_));
  ASSERT_TRUE(compared);
  ASSERT_EQ(compared->status, 200) << compared->body;
  auto workspace = Workspace::Open(dir_);
  ASSERT_TRUE(workspace.ok());
  ReportRequest request;
  request.filter.channels = {"push"};
  auto comparison = workspace->RunModelComparison(request);
  ASSERT_TRUE(comparison.ok());
  EXPECT_EQ(compared->body, RenderModelComparisonJson(*comparison));
  // u1's 25.50 and u2's 10 each have one candidate: every single-touch model agrees.
  const Json body = Json::parse(compared->body);
  EXPECT_EQ(body["tiles"]["linear"]["revenue"], body["tiles"]["last_touch"]["revenue"]);
  auto bad = client_->Get("/api/v1/compare-models?modle=linear", As(viewer_));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(ApiServerTest, LiftRoutesAreTheEnginesWebFunnel) {
  auto lift = client_->Get("/api/v1/lift?channel=push", As(viewer_));
  ASSERT_TRUE(lift);
  ASSERT_EQ(lift->status, 200) << lift->body;
  auto workspace = Workspace::Open(dir_);
  ASSERT_TRUE(workspace.ok());
  ReportRequest request;
  request.filter.channels = {"push"};
  auto funnel = workspace->RunWebFunnel(request);
  ASSERT_TRUE(funnel.ok());
  EXPECT_EQ(lift->body, RenderWebFunnelJson(*funnel));
  EXPECT_TRUE(Json::parse(lift->body)["campaigns"].is_array());
  auto csv = client_->Get("/api/v1/lift.csv", As(viewer_));
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.rfind("campaign_id,name,goal_type,prospects,", 0), 0u) << csv->body;
  auto series = client_->Get("/api/v1/lift/timeseries?bucket=month", As(viewer_));
  ASSERT_TRUE(series);
  ASSERT_EQ(series->status, 200) << series->body;
  const Json body = Json::parse(series->body);
  EXPECT_EQ(body["bucket"], "month");
  ASSERT_FALSE(body["points"].empty());
  EXPECT_TRUE(body["points"][0].contains("start"));
  EXPECT_TRUE(body["points"][0]["campaigns"].is_array());
  auto bad = client_->Get("/api/v1/lift/timeseries?bucket=year", As(viewer_));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

}  // namespace
}  // namespace payback
