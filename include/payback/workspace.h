#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "payback/access.h"
#include "payback/campaign.h"
#include "payback/explain.h"
#include "payback/report.h"
#include "payback/settings.h"
#include "payback/snapshot.h"
#include "payback/status.h"
#include "payback/timesheet.h"
#include "payback/web_funnel.h"

namespace payback {

/// What `ingest` reads (data.md, "Input files" and "Other inputs").
enum class IngestKind : uint8_t {
  kEvents,      ///< events: a new segment
  kCampaigns,   ///< campaign metadata, upserted by campaign_id
  kTimesheets,  ///< agent hours, upserted by (agent_id, campaign_id, date)
  kSnapshots,   ///< accounts' month-end balance and profit, upserted by (account_id, month)
};

struct IngestOptions {
  std::string format;          ///< "csv", "jsonl", "ndjson" or "" (from the file name)
  bool skip_bad_rows = false;  ///< ingest the good rows, write the bad ones to FILE.rejects.csv
  /// The name messages and the ingest log give the input; "" = from the path (`-` = stdin).
  std::string display_name;
  /// Called now and then with the number of rows read so far (for a progress line).
  std::function<void(int64_t rows_read)> progress;
};

struct IngestSummary {
  int64_t rows_ingested = 0;
  int64_t rows_rejected = 0;
  std::string rejects_path;           ///< set when rows were rejected
  std::vector<std::string> warnings;  ///< e.g. ignored campaign, timesheet or snapshot columns
};

/// The outcome of Workspace::CheckFormula for a formula that is accepted.
struct FormulaCheck {
  std::string canonical;           ///< CompiledFormula::ToString()
  std::vector<std::string> notes;  ///< sentences worth showing, e.g. a property with no data
};

/// One applied settings file of the history (Workspace::SettingsHistory).
struct AppliedSettings {
  int64_t version = 0;  ///< 1, 2, ... in order of application
  TimestampUs applied_at = 0;
  Settings settings;
};

/// A loaded, immutable view of a workspace: its settings, campaigns and events at one data and
/// settings version (Workspace::Snapshot). The events are read from the snapshot's segments on
/// first use, once: a report that a saved scan answers reads none (docs/design.md, "Saved
/// scans"); after that, reports from a snapshot read no files, so a server keeps one and
/// replaces it when the versions move. Copies share the data; every method is const and
/// thread-safe.
class WorkspaceSnapshot {
 public:
  /// The versions the snapshot was taken at (Workspace::DataVersion, SettingsVersion); the
  /// data it holds is at least that recent.
  int64_t data_version() const;
  int64_t settings_version() const;
  const Settings& settings() const;
  /// Whether the snapshot has read its events (not when every question so far came from saved
  /// scans).
  bool EventsLoaded() const;

  /// As the Workspace methods of the same names, over the snapshot's data.
  Result<Report> RunReport(const ReportRequest& request) const;
  /// Makes the filter and period changes of `request`'s conversion and model fast: loads the
  /// events and scans them by day for every selection, unless that is done. A report that a
  /// saved scan answered read neither; a server warms its snapshot up in the background.
  Status WarmUp(const ReportRequest& request) const;
  /// The report with `custom_metrics` in place of the settings' (a formula editor's preview).
  /// kInvalidInput, with the column, for a formula that does not compile.
  Result<Report> RunReportWithCustomMetrics(
      const ReportRequest& request,
      const std::vector<CustomMetricDefinition>& custom_metrics) const;
  Result<TimeSeries> RunTimeSeries(const ReportRequest& request, TimeBucket bucket) const;
  Result<AgentRanking> RunAgentRanking(const ReportRequest& request) const;
  Result<ModelComparison> RunModelComparison(const ReportRequest& request) const;
  Result<WebFunnel> RunWebFunnel(const ReportRequest& request) const;
  Result<WebFunnelSeries> RunWebFunnelSeries(const ReportRequest& request, TimeBucket bucket) const;
  /// The targets of the month holding local date `today` (days since 1970-01-01), measured
  /// on it (docs/costs.md, "Targets and projection"); `conversion` "" = the first.
  Result<GoalsReport> RunGoals(const std::string& conversion, int32_t today) const;
  Result<Explanation> Explain(const ExplainRequest& request) const;
  /// As Workspace::CheckFormula, against the snapshot's data.
  Result<FormulaCheck> CheckFormula(const std::string& text) const;
  /// The values the filter panel offers (FilterOptions).
  FilterOptions Options() const;
  /// The campaigns of the catalog, ordered by campaign_id.
  const std::vector<CampaignRecord>& Campaigns() const;
  /// The accounts' month-end snapshots (Workspace::Snapshots), ordered by (account_id, month).
  const std::vector<AccountSnapshot>& snapshots() const;

 private:
  friend class Workspace;
  struct Data;
  /// The request's settings: the current ones, or those in force at request.settings_as_of.
  Result<Settings> SettingsFor(const ReportRequest& request) const;
  std::shared_ptr<const Data> data_;
};

/// A payback workspace: a directory holding one account's events, campaigns and settings
/// (data.md, "Workspace"). Writers (ingest, settings) take the workspace's lock, so several
/// processes may use one workspace; a report reads a consistent snapshot. One Workspace object
/// is not thread-safe.
class Workspace {
 public:
  /// Creates a new, empty workspace in `dir` (created if needed; must be empty if it exists).
  /// kAlreadyExists when `dir` is not empty.
  static Status Init(const std::string& dir);
  /// Opens a workspace. kNotFound when `dir` is not a workspace. What a crashed writer left
  /// (a segment file no manifest row names) is ignored by readers and removed by the next
  /// writer, which holds the workspace lock (a reader must not delete a file that a running
  /// ingest is about to commit).
  static Result<Workspace> Open(const std::string& dir);

  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;
  ~Workspace();

  /// Ingests one file (`-` = standard input) atomically: all of it or, on a bad row (without
  /// skip_bad_rows), none of it, with kInvalidInput naming file, line, field and reason. Durable
  /// once it returns OK.
  Result<IngestSummary> Ingest(IngestKind kind, const std::string& path,
                               const IngestOptions& options);

  /// Validates the whole settings file and, when valid, makes it the settings in force
  /// (replacing the previous ones). kInvalidInput naming the key and the reason otherwise.
  Status ApplySettings(const std::string& yaml_text, const std::string& file_name);
  /// Replaces the custom metrics of the settings in force (the rest stays), validated as
  /// ApplySettings validates. kInvalidInput naming `custom_metrics[i]` otherwise.
  Status ReplaceCustomMetrics(const std::vector<CustomMetricDefinition>& custom_metrics);
  /// Checks settings as ApplySettings would (YAML, semantics, formula properties against the
  /// data) without saving them. Errors: ApplySettings'.
  Status ValidateSettings(const std::string& yaml_text, const std::string& file_name);
  /// The settings in force (defaults before the first apply).
  Result<Settings> CurrentSettings() const;
  /// Every settings version applied, oldest first.
  Result<std::vector<AppliedSettings>> SettingsHistory() const;
  /// The settings in force as YAML that ApplySettings accepts.
  Result<std::string> CurrentSettingsYaml() const;

  /// Checks a custom-metric formula (docs/formulas.md) against the report's metrics and the
  /// workspace's data: a PROPSUM/PROPAVG property its event holds only as text is refused.
  /// Returns the canonical form and notes (a property no such event holds yet);
  /// kInvalidInput with the formula column otherwise.
  Result<FormulaCheck> CheckFormula(const std::string& text);

  /// Issues a new API token with `role` (docs/api.md): the secret is returned once and only its
  /// SHA-256 is stored.
  Result<IssuedToken> CreateToken(Role role, const std::string& label);
  /// The stored tokens, oldest first, without secrets.
  Result<std::vector<TokenInfo>> Tokens() const;
  /// Revokes token `id`; kNotFound when there is none.
  Status RevokeToken(const std::string& id);
  /// The role of bearer credential `token`; kNotFound when no stored token matches.
  Result<Role> Authenticate(const std::string& token) const;
  /// The agent hours ingested from timesheets files (IngestKind::kTimesheets), one record per
  /// (agent_id, campaign_id, day), ordered by (day, agent_id, campaign_id); empty before the
  /// first timesheets ingest. Reads the catalog as committed when the call starts. Errors:
  /// kIoError when the catalog cannot be read.
  Result<std::vector<TimesheetRecord>> Timesheets() const;
  /// The accounts' month-end balance and profit ingested from snapshots files
  /// (IngestKind::kSnapshots), one record per (account_id, month), ordered by (account_id,
  /// month) with account ids compared byte-wise; empty before the first snapshots ingest. Reads
  /// the catalog as committed when the call starts. Errors: kIoError when the catalog cannot be
  /// read. (Not to be confused with Snapshot(), the loaded view of the whole workspace.)
  Result<std::vector<AccountSnapshot>> Snapshots() const;

  /// Numbers that change when the data (events, campaigns, timesheets, snapshots) or the
  /// settings change.
  Result<int64_t> DataVersion() const;
  Result<int64_t> SettingsVersion() const;

  /// Loads the settings, campaigns, timesheets, account snapshots and events committed when the
  /// call starts.
  Result<WorkspaceSnapshot> Snapshot() const;

  /// Computes a report over the data committed when the call starts.
  Result<Report> RunReport(const ReportRequest& request);
  /// The report's tiles per day, week or month of the request's period (workspace time zone).
  Result<TimeSeries> RunTimeSeries(const ReportRequest& request, TimeBucket bucket);
  /// The call-center agent ranking over the request's period (docs/costs.md, "Agent ranking").
  Result<AgentRanking> RunAgentRanking(const ReportRequest& request);
  /// The request's report under every attribution model, side by side.
  Result<ModelComparison> RunModelComparison(const ReportRequest& request);
  /// The web engagement funnel, control-group lift and its intervals (docs/web.md).
  Result<WebFunnel> RunWebFunnel(const ReportRequest& request);
  /// The month's targets and their progress on local date `today`.
  Result<GoalsReport> RunGoals(const std::string& conversion, int32_t today);
  /// The candidate touches and credits behind one user's conversions.
  Result<Explanation> Explain(const ExplainRequest& request);

 private:
  struct State;
  /// OK when the settings have a conversion called `conversion` ("" = the first).
  Status CheckConversionExists(const std::string& conversion) const;
  explicit Workspace(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace payback
