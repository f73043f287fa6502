#include "payback/server/api_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "payback/common/money.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/report/explain_builder.h"
#include "payback/report/report_render.h"
#include "payback/report/time_series.h"
#include "payback/server/api_error.h"
#include "payback/server/dashboard_assets.h"
#include "payback/server/report_cache.h"
#include "payback/server/report_query.h"
#include "payback/server/snapshot_warmer.h"
#include "payback/workspace.h"

namespace payback {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kJson = "application/json";
constexpr size_t kCachedResponses = 64;

/// A request after authentication: the workspace opened for it and the caller's role.
struct Call {
  const httplib::Request& request;
  httplib::Response& response;
  Workspace& workspace;
  Role role;
};

using Handler = std::function<void(Call&)>;

void SendError(httplib::Response& response, const Status& status) {
  response.status = HttpStatusOf(status.code());
  response.set_content(ApiErrorJson(ApiErrorCode(status.code()), status), kJson);
}

void SendError(httplib::Response& response, int http_status, std::string_view code,
               std::string_view message) {
  response.status = http_status;
  response.set_content(ApiErrorJson(code, message), kJson);
}

void SendJson(httplib::Response& response, const Json& body) {
  response.status = 200;
  response.set_content(body.dump(), kJson);
}

QueryParams ParamsOf(const httplib::Request& request) {
  return QueryParams(request.params.begin(), request.params.end());
}

/// The bearer token of a request, or "" when there is none.
std::string BearerToken(const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) {
    return "";
  }
  return std::string(TrimAscii(std::string_view(header).substr(kPrefix.size())));
}

/// The cache key of a response: the snapshot's versions make a changed workspace miss.
std::string CacheKey(std::string_view route, const WorkspaceSnapshot& snapshot,
                     const httplib::Request& request) {
  std::string key =
      fmt::format("{}|{}|{}", route, snapshot.data_version(), snapshot.settings_version());
  for (const auto& [name, value] : request.params) key += fmt::format("|{}={}", name, value);
  return key;
}

/// The JSON body of the formula routes: an object with a string "formula" (kUsage otherwise).
Result<Json> FormulaBody(const httplib::Request& request) {
  Json parsed = Json::parse(request.body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("formula") || !parsed["formula"].is_string()) {
    return Status::Usage("the body must be a JSON object with a string \"formula\"");
  }
  return parsed;
}

/// Writes `body` to a new temporary file and returns its path (the caller removes it).
Result<std::string> WriteTemporary(const std::string& body) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path =
      std::string(tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp") + "/payback-ingest-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return Status::IoError("cannot create a temporary file for the request body");
  size_t written = 0;
  while (written < body.size()) {
    const ssize_t got = write(fd, body.data() + written, body.size() - written);
    if (got < 0) {
      close(fd);
      unlink(path.c_str());
      return Status::IoError("cannot write the request body to a temporary file");
    }
    written += static_cast<size_t>(got);
  }
  close(fd);
  return path;
}

/// The input format of an ingest request: `format` parameter, else the Content-Type.
Result<std::string> IngestFormat(const httplib::Request& request) {
  std::string format = request.get_param_value("format");
  if (format.empty()) {
    const std::string type = request.get_header_value("Content-Type");
    format = type.find("ndjson") != std::string::npos || type.find("jsonl") != std::string::npos
                 ? "ndjson"
                 : "csv";
  }
  if (format != "csv" && format != "ndjson" && format != "jsonl") {
    return Status::Usage(
        fmt::format("format: expected csv, ndjson or jsonl, got {}", QuoteForMessage(format)));
  }
  return format;
}

Json SummaryJson(const IngestSummary& summary) {
  Json body;
  body["rows_ingested"] = summary.rows_ingested;
  body["rows_rejected"] = summary.rows_rejected;
  body["warnings"] = summary.warnings;
  return body;
}

}  // namespace

struct ApiServer::Impl {
  ServerOptions options;
  httplib::Server http;
  ResponseCache cache{kCachedResponses};
  int port = 0;
  // The loaded workspace reports run on, replaced when the data or settings versions move.
  std::mutex snapshot_mutex;
  std::optional<WorkspaceSnapshot> snapshot;
  SnapshotWarmer warmer;

  /// The snapshot for the workspace's current versions, loading it when they moved (one
  /// request loads it; the others wait for it rather than loading it again).
  Result<WorkspaceSnapshot> CurrentSnapshot(Workspace& workspace) {
    PAYBACK_ASSIGN_OR_RETURN(const int64_t data_version, workspace.DataVersion());
    PAYBACK_ASSIGN_OR_RETURN(const int64_t settings_version, workspace.SettingsVersion());
    std::lock_guard<std::mutex> lock(snapshot_mutex);
    if (snapshot && snapshot->data_version() >= data_version &&
        snapshot->settings_version() >= settings_version) {
      return *snapshot;
    }
    snapshot.reset();  // free the old data before loading the new
    PAYBACK_ASSIGN_OR_RETURN(WorkspaceSnapshot fresh, workspace.Snapshot());
    snapshot = fresh;
    // The first report may come from a saved scan; the events for the filter changes after it
    // load meanwhile.
    warmer.Warm(fresh);
    return fresh;
  }

  /// This worker thread's handle on the workspace: a Workspace is not thread-safe, and opening
  /// one per request (a SQLite connection) would cost more than most requests. Every call on
  /// it reads the catalog afresh, so a cached handle never hides a change.
  Result<Workspace*> ThreadWorkspace() {
    thread_local std::unique_ptr<Workspace> workspace;
    thread_local const Impl* owner = nullptr;
    if (workspace == nullptr || owner != this) {
      PAYBACK_ASSIGN_OR_RETURN(Workspace opened, Workspace::Open(options.workspace_dir));
      workspace = std::make_unique<Workspace>(std::move(opened));
      owner = this;
    }
    return workspace.get();
  }

  /// Registers `handler` for `method` `path`, behind authentication and a minimum role.
  void Route(const std::string& method, const std::string& path, Role minimum, Handler handler) {
    auto wrapped = [this, minimum, handler](const httplib::Request& request,
                                            httplib::Response& response) {
      const std::string token = BearerToken(request);
      if (token.empty()) {
        response.set_header("WWW-Authenticate", "Bearer");
        SendError(response, 401, "unauthorized",
                  "this API needs a bearer token: `payback token create --role viewer` makes one");
        return;
      }
      auto workspace = ThreadWorkspace();
      if (!workspace.ok()) {
        SendError(response, workspace.status());
        return;
      }
      auto role = (*workspace)->Authenticate(token);
      if (!role.ok()) {
        if (role.status().code() == StatusCode::kNotFound) {
          response.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
          SendError(response, 401, "unauthorized", "unknown or revoked token");
        } else {
          SendError(response, role.status());
        }
        return;
      }
      if (*role < minimum) {
        SendError(response, 403, "forbidden",
                  fmt::format("a {} token cannot do this; it needs the {} role", RoleName(*role),
                              RoleName(minimum)));
        return;
      }
      Call call{request, response, **workspace, *role};
      handler(call);
    };
    if (method == "GET") {
      http.Get(path, wrapped);
    } else if (method == "POST") {
      http.Post(path, wrapped);
    } else {
      http.Put(path, wrapped);
    }
  }

  /// The report parameters of a request, read in the snapshot's time zone; `allowed_extra`
  /// names other parameters the route reads.
  static Result<ReportRequest> ReportParams(const Call& call, const WorkspaceSnapshot& snapshot,
                                            const std::vector<std::string>& allowed_extra = {}) {
    PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(snapshot.settings().timezone));
    return ParseReportQuery(ParamsOf(call.request), tz, allowed_extra);
  }

  using Render = std::function<Result<std::string>(const WorkspaceSnapshot&, const ReportRequest&)>;

  /// GET /api/v1/lift and /api/v1/lift.csv: the web funnel and control-group lift.
  void LiftRoute(Call& call, bool csv) {
    ServeCached(call, csv ? "lift.csv" : "lift", csv ? "text/csv; charset=utf-8" : kJson, {},
                [csv](const WorkspaceSnapshot& snapshot,
                      const ReportRequest& request) -> Result<std::string> {
                  PAYBACK_ASSIGN_OR_RETURN(const WebFunnel funnel, snapshot.RunWebFunnel(request));
                  return csv ? RenderWebFunnelCsv(funnel) : RenderWebFunnelJson(funnel);
                });
  }

  /// Serves a report-like route through the response cache: the body `render` makes from the
  /// current snapshot and the request's report parameters, cached under the snapshot's
  /// versions, the route and the parameters.
  void ServeCached(Call& call, std::string_view route, const char* type,
                   const std::vector<std::string>& allowed_extra, const Render& render) {
    auto snapshot = CurrentSnapshot(call.workspace);
    if (!snapshot.ok()) return SendError(call.response, snapshot.status());
    const std::string key = CacheKey(route, *snapshot, call.request);
    if (std::optional<std::string> cached = cache.Find(key)) {
      call.response.set_content(std::move(*cached), type);
      return;
    }
    auto request = ReportParams(call, *snapshot, allowed_extra);
    if (!request.ok()) return SendError(call.response, request.status());
    auto body = render(*snapshot, *request);
    if (!body.ok()) return SendError(call.response, body.status());
    cache.Store(key, *body);
    call.response.set_content(std::move(*body), type);
  }

  void ReportRoute(Call& call, bool csv) {
    if (csv) call.response.set_header("Content-Disposition", "attachment; filename=\"report.csv\"");
    ServeCached(call, csv ? "csv" : "json", csv ? "text/csv; charset=utf-8" : kJson, {},
                [csv](const WorkspaceSnapshot& snapshot,
                      const ReportRequest& request) -> Result<std::string> {
                  PAYBACK_ASSIGN_OR_RETURN(const Report report, snapshot.RunReport(request));
                  return csv ? RenderReportCsv(report) : RenderReportJson(report);
                });
  }

  void IngestRoute(Call& call, IngestKind kind) {
    auto format = IngestFormat(call.request);
    if (!format.ok()) return SendError(call.response, format.status());
    auto path = WriteTemporary(call.request.body);
    if (!path.ok()) return SendError(call.response, path.status());
    IngestOptions ingest_options;
    ingest_options.format = *format;
    ingest_options.display_name = "request body";
    auto summary = call.workspace.Ingest(kind, *path, ingest_options);
    unlink(path->c_str());
    if (!summary.ok()) return SendError(call.response, summary.status());
    SendJson(call.response, SummaryJson(*summary));
  }

  void RegisterRoutes() {
    Route("GET", "/api/v1/health", Role::kViewer, [](Call& call) {
      Json body;
      body["status"] = "ok";
      body["role"] = RoleName(call.role);
      auto data = call.workspace.DataVersion();
      auto settings = call.workspace.SettingsVersion();
      if (!data.ok()) return SendError(call.response, data.status());
      if (!settings.ok()) return SendError(call.response, settings.status());
      body["data_version"] = *data;
      body["settings_version"] = *settings;
      SendJson(call.response, body);
    });
    Route("GET", "/api/v1/report", Role::kViewer, [this](Call& call) { ReportRoute(call, false); });
    Route("GET", "/api/v1/report.csv", Role::kViewer,
          [this](Call& call) { ReportRoute(call, true); });
    Route("GET", "/api/v1/timeseries", Role::kViewer, [this](Call& call) {
      const std::string bucket_name =
          call.request.has_param("bucket") ? call.request.get_param_value("bucket") : "day";
      ServeCached(call, "timeseries", kJson, {"bucket"},
                  [&bucket_name](const WorkspaceSnapshot& snapshot,
                                 const ReportRequest& request) -> Result<std::string> {
                    const std::optional<TimeBucket> bucket = ParseTimeBucket(bucket_name);
                    if (!bucket) {
                      return Status::Usage("bucket: expected day, week or month, got " +
                                           QuoteForMessage(bucket_name));
                    }
                    PAYBACK_ASSIGN_OR_RETURN(const TimeSeries series,
                                             snapshot.RunTimeSeries(request, *bucket));
                    return RenderTimeSeriesJson(series);
                  });
    });
    Route("GET", "/api/v1/compare-models", Role::kViewer, [this](Call& call) {
      ServeCached(call, "compare-models", kJson, {},
                  [](const WorkspaceSnapshot& snapshot,
                     const ReportRequest& request) -> Result<std::string> {
                    PAYBACK_ASSIGN_OR_RETURN(const ModelComparison comparison,
                                             snapshot.RunModelComparison(request));
                    return RenderModelComparisonJson(comparison);
                  });
    });
    Route("GET", "/api/v1/lift", Role::kViewer, [this](Call& call) { LiftRoute(call, false); });
    Route("GET", "/api/v1/lift.csv", Role::kViewer, [this](Call& call) { LiftRoute(call, true); });
    Route("GET", "/api/v1/lift/timeseries", Role::kViewer, [this](Call& call) {
      const std::string bucket_name =
          call.request.has_param("bucket") ? call.request.get_param_value("bucket") : "week";
      ServeCached(call, "lift-timeseries", kJson, {"bucket"},
                  [&bucket_name](const WorkspaceSnapshot& snapshot,
                                 const ReportRequest& request) -> Result<std::string> {
                    const std::optional<TimeBucket> bucket = ParseTimeBucket(bucket_name);
                    if (!bucket) {
                      return Status::Usage("bucket: expected day, week or month, got " +
                                           QuoteForMessage(bucket_name));
                    }
                    PAYBACK_ASSIGN_OR_RETURN(const WebFunnelSeries series,
                                             snapshot.RunWebFunnelSeries(request, *bucket));
                    return RenderWebFunnelSeriesJson(series);
                  });
    });
    Route("GET", "/api/v1/agents", Role::kViewer, [this](Call& call) {
      ServeCached(call, "agents", kJson, {},
                  [](const WorkspaceSnapshot& snapshot,
                     const ReportRequest& request) -> Result<std::string> {
                    PAYBACK_ASSIGN_OR_RETURN(const AgentRanking ranking,
                                             snapshot.RunAgentRanking(request));
                    return RenderAgentRankingJson(ranking);
                  });
    });
    Route("GET", "/api/v1/goals", Role::kViewer, [this](Call& call) {
      auto snapshot = CurrentSnapshot(call.workspace);
      if (!snapshot.ok()) return SendError(call.response, snapshot.status());
      for (const auto& [name, value] : call.request.params) {
        if (name != "today" && name != "conversion") {
          return SendError(call.response,
                           Status::Usage("unknown parameter " + QuoteForMessage(name) +
                                         "; goals takes today and conversion"));
        }
      }
      auto tz = TimeZone::Load(snapshot->settings().timezone);
      if (!tz.ok()) return SendError(call.response, tz.status());
      const std::string today_text =
          call.request.has_param("today") ? call.request.get_param_value("today") : "";
      auto today = ParseLocalDateOrToday(today_text, *tz, "today");
      if (!today.ok()) return SendError(call.response, today.status());
      const std::string conversion =
          call.request.has_param("conversion") ? call.request.get_param_value("conversion") : "";
      auto goals = snapshot->RunGoals(conversion, *today);
      if (!goals.ok()) return SendError(call.response, goals.status());
      call.response.set_content(RenderGoalsJson(*goals), kJson);
    });
    Route("GET", "/api/v1/options", Role::kViewer, [this](Call& call) {
      auto current = CurrentSnapshot(call.workspace);
      if (!current.ok()) return SendError(call.response, current.status());
      const Settings& settings = current->settings();
      const FilterOptions options = current->Options();
      auto tz = TimeZone::Load(settings.timezone);
      if (!tz.ok()) return SendError(call.response, tz.status());
      Json conversions = Json::array();
      for (const ConversionDefinition& definition : settings.conversions) {
        conversions.push_back({{"name", definition.name},
                               {"event", definition.event},
                               {"model", definition.model},
                               {"window_s", definition.window_s},
                               {"has_value", !definition.value.empty()}});
      }
      Json custom = Json::array();
      for (const CustomMetricDefinition& metric : settings.custom_metrics) {
        custom.push_back({{"name", metric.name}, {"formula", metric.formula}});
      }
      auto local = [&](const std::optional<TimestampUs>& ts) {
        return ts ? Json(FormatLocal(*ts, *tz)) : Json(nullptr);
      };
      Json body;
      body["timezone"] = settings.timezone;
      body["currency"] = settings.currency;
      body["conversions"] = std::move(conversions);
      body["models"] = options.models;
      body["custom_metrics"] = std::move(custom);
      body["labels"] = options.labels;
      body["channels"] = options.channels;
      body["created_by"] = options.created_by;
      body["statuses"] = options.statuses;
      body["delivery_types"] = options.delivery_types;
      body["first_event"] = local(options.first_event);
      body["last_event"] = local(options.last_event);
      body["role"] = RoleName(call.role);
      SendJson(call.response, body);
    });
    Route("GET", "/api/v1/campaigns", Role::kViewer, [this](Call& call) {
      auto current = CurrentSnapshot(call.workspace);
      if (!current.ok()) return SendError(call.response, current.status());
      auto tz = TimeZone::Load(current->settings().timezone);
      if (!tz.ok()) return SendError(call.response, tz.status());
      const int digits = CurrencyMinorDigits(current->settings().currency);
      auto text = [](const std::string& value) {
        return value.empty() ? Json(nullptr) : Json(value);
      };
      Json campaigns = Json::array();
      for (const CampaignRecord& record : current->Campaigns()) {
        Json campaign;
        campaign["campaign_id"] = record.campaign_id;
        campaign["name"] = text(record.name);
        campaign["status"] = text(record.status);
        campaign["created_by"] = text(record.created_by);
        campaign["labels"] = record.labels;
        campaign["journey_id"] = text(record.journey_id);
        campaign["channel"] = text(record.channel);
        campaign["delivery_type"] = text(record.delivery_type);
        campaign["kind"] = text(record.kind);
        campaign["goal_type"] = text(record.goal_type);
        campaign["expenses"] =
            record.expenses ? Json(FormatMicros(*record.expenses, digits)) : Json(nullptr);
        campaign["promoted_products"] = record.promoted_products;
        campaign["influence_days"] =
            record.influence_days ? Json(*record.influence_days) : Json(nullptr);
        campaign["start"] = record.start ? Json(FormatLocal(*record.start, *tz)) : Json(nullptr);
        campaign["end"] = record.end ? Json(FormatLocal(*record.end, *tz)) : Json(nullptr);
        campaigns.push_back(std::move(campaign));
      }
      SendJson(call.response, Json{{"campaigns", std::move(campaigns)}});
    });
    Route("GET", "/api/v1/settings", Role::kViewer, [](Call& call) {
      auto yaml = call.workspace.CurrentSettingsYaml();
      auto version = call.workspace.SettingsVersion();
      if (!yaml.ok()) return SendError(call.response, yaml.status());
      if (!version.ok()) return SendError(call.response, version.status());
      Json body;
      body["version"] = *version;
      body["yaml"] = *yaml;
      SendJson(call.response, body);
    });
    Route("PUT", "/api/v1/settings", Role::kEditor, [](Call& call) {
      const Status applied = call.workspace.ApplySettings(call.request.body, "request body");
      if (!applied.ok()) return SendError(call.response, applied);
      auto version = call.workspace.SettingsVersion();
      if (!version.ok()) return SendError(call.response, version.status());
      SendJson(call.response, Json{{"version", *version}});
    });
    Route("POST", "/api/v1/settings/validate", Role::kViewer, [](Call& call) {
      const Status valid = call.workspace.ValidateSettings(call.request.body, "request body");
      if (!valid.ok()) return SendError(call.response, valid);
      SendJson(call.response, Json{{"valid", true}});
    });
    Route("POST", "/api/v1/metrics/check", Role::kViewer, [this](Call& call) {
      auto parsed = FormulaBody(call.request);
      if (!parsed.ok()) return SendError(call.response, parsed.status());
      auto snapshot = CurrentSnapshot(call.workspace);
      if (!snapshot.ok()) return SendError(call.response, snapshot.status());
      auto check = snapshot->CheckFormula((*parsed)["formula"].get<std::string>());
      if (!check.ok()) return SendError(call.response, check.status());
      Json body;
      body["canonical"] = check->canonical;
      body["notes"] = check->notes;
      SendJson(call.response, body);
    });
    Route("POST", "/api/v1/metrics/preview", Role::kViewer, [this](Call& call) {
      auto parsed = FormulaBody(call.request);
      if (!parsed.ok()) return SendError(call.response, parsed.status());
      const std::string formula = (*parsed)["formula"].get<std::string>();
      const Json& name_field = parsed->contains("name") ? (*parsed)["name"] : Json();
      const std::string name = name_field.is_string() && !name_field.get<std::string>().empty()
                                   ? name_field.get<std::string>()
                                   : "Preview";
      auto snapshot = CurrentSnapshot(call.workspace);
      if (!snapshot.ok()) return SendError(call.response, snapshot.status());
      auto check = snapshot->CheckFormula(formula);
      if (!check.ok()) return SendError(call.response, check.status());
      auto request = ReportParams(call, *snapshot);
      if (!request.ok()) return SendError(call.response, request.status());
      auto report = snapshot->RunReportWithCustomMetrics(*request, {{name, formula}});
      if (!report.ok()) return SendError(call.response, report.status());
      Json body;
      body["canonical"] = check->canonical;
      body["notes"] = check->notes;
      body["report"] = Json::parse(RenderReportJson(*report));
      SendJson(call.response, body);
    });
    Route("PUT", "/api/v1/custom-metrics", Role::kEditor, [](Call& call) {
      const Json parsed = Json::parse(call.request.body, nullptr, false);
      std::vector<CustomMetricDefinition> metrics;
      bool well_formed = parsed.is_array();
      for (const Json& item : well_formed ? parsed : Json::array()) {
        if (!item.is_object() || !item.contains("name") || !item["name"].is_string() ||
            !item.contains("formula") || !item["formula"].is_string()) {
          well_formed = false;
          break;
        }
        metrics.push_back({item["name"].get<std::string>(), item["formula"].get<std::string>()});
      }
      if (!well_formed) {
        return SendError(call.response, 400, "usage",
                         "the body must be a JSON array of {\"name\", \"formula\"} objects");
      }
      const Status replaced = call.workspace.ReplaceCustomMetrics(metrics);
      if (!replaced.ok()) return SendError(call.response, replaced);
      auto version = call.workspace.SettingsVersion();
      if (!version.ok()) return SendError(call.response, version.status());
      SendJson(call.response, Json{{"version", *version}});
    });
    Route("GET", "/api/v1/explain", Role::kViewer, [this](Call& call) {
      auto current = CurrentSnapshot(call.workspace);
      if (!current.ok()) return SendError(call.response, current.status());
      auto tz = TimeZone::Load(current->settings().timezone);
      if (!tz.ok()) return SendError(call.response, tz.status());
      ExplainRequest request;
      request.user_id = call.request.get_param_value("user");
      if (request.user_id.empty()) {
        return SendError(call.response, 400, "usage", "explain needs a user parameter");
      }
      request.conversion = call.request.get_param_value("conversion");
      request.model = call.request.get_param_value("model");
      for (auto [bound, target] : {std::pair{"from", &request.from}, {"to", &request.to}}) {
        auto ts = ParseTimeBound(call.request.get_param_value(bound), *tz, bound);
        if (!ts.ok()) return SendError(call.response, ts.status());
        *target = *ts;
      }
      auto explanation = current->Explain(request);
      if (!explanation.ok()) return SendError(call.response, explanation.status());
      call.response.set_content(RenderExplanationJson(*explanation), kJson);
    });
    Route("POST", "/api/v1/ingest/events", Role::kEditor,
          [this](Call& call) { IngestRoute(call, IngestKind::kEvents); });
    Route("POST", "/api/v1/ingest/campaigns", Role::kEditor,
          [this](Call& call) { IngestRoute(call, IngestKind::kCampaigns); });
    Route("POST", "/api/v1/ingest/timesheets", Role::kEditor,
          [this](Call& call) { IngestRoute(call, IngestKind::kTimesheets); });
    Route("POST", "/api/v1/ingest/snapshots", Role::kEditor,
          [this](Call& call) { IngestRoute(call, IngestKind::kSnapshots); });

    // The dashboard: static files, no token (it asks for one and sends it with API calls).
    for (const DashboardAsset& asset : DashboardAssets()) {
      http.Get(std::string(asset.path), [asset](const httplib::Request&,
                                                httplib::Response& response) {
        response.set_header("Cache-Control", "no-cache");
        response.set_header("X-Content-Type-Options", "nosniff");
        response.set_content(asset.body.data(), asset.body.size(), std::string(asset.content_type));
      });
    }

    http.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
      if (!response.body.empty()) return;  // a handler already wrote an error
      if (response.status == 413) {
        SendError(response, 413, "payload_too_large", "the request body is too large");
      } else if (response.status == 404) {
        SendError(response, 404, "not_found",
                  fmt::format("no such endpoint: {} {}", request.method, request.path));
      } else {
        SendError(response, response.status, "bad_request", "the request could not be served");
      }
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
          std::string message = "internal error";
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& exception) {
            message = fmt::format("internal error: {}", exception.what());
          }
          SendError(response, 500, "internal", message);
        });
  }
};

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() = default;

Result<std::unique_ptr<ApiServer>> ApiServer::Bind(const ServerOptions& options) {
  // Fail early, with the engine's message, when the directory is not a workspace.
  PAYBACK_RETURN_IF_ERROR(Workspace::Open(options.workspace_dir).status());
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->http.set_payload_max_length(options.max_body_bytes);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm holds
  // the second one back until the client's delayed ACK (40 ms on Linux).
  impl->http.set_tcp_nodelay(true);
  // A worker serves one connection at a time: let a connection carry many requests, and size
  // the pool (ServerOptions::threads) for the clients expected.
  impl->http.set_keep_alive_max_count(1000);
  impl->http.set_read_timeout(30, 0);
  impl->http.set_write_timeout(30, 0);
  const int threads = options.threads;
  // httplib takes ownership of the queue it is given.
  impl->http.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  impl->RegisterRoutes();
  if (options.port == 0) {
    impl->port = impl->http.bind_to_any_port(options.bind);
    if (impl->port < 0) {
      return Status::IoError(fmt::format("cannot bind to {}", options.bind));
    }
  } else {
    if (!impl->http.bind_to_port(options.bind, options.port)) {
      return Status::IoError(fmt::format("cannot listen on {}:{} (in use, or not an address here)",
                                         options.bind, options.port));
    }
    impl->port = options.port;
  }
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

int ApiServer::port() const { return impl_->port; }

Status ApiServer::Serve() {
  if (!impl_->http.listen_after_bind()) return Status::IoError("the server stopped on an error");
  return Status::Ok();
}

void ApiServer::Stop() { impl_->http.stop(); }

}  // namespace payback
