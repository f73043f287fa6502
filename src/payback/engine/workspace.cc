#include "payback/workspace.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <system_error>
#include <thread>

#include "payback/attribution/attribution_model.h"
#include "payback/attribution/event_roles.h"
#include "payback/catalog/catalog.h"
#include "payback/common/file_util.h"
#include "payback/common/sha256.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/engine/formula_property_check.h"
#include "payback/engine/settings_validator.h"
#include "payback/formula/compiled_formula.h"
#include "payback/ingest/campaign_parser.h"
#include "payback/ingest/event_batch_builder.h"
#include "payback/ingest/input_source.h"
#include "payback/ingest/snapshot_parser.h"
#include "payback/ingest/timesheet_parser.h"
#include "payback/report/agent_ranking.h"
#include "payback/report/custom_metric_set.h"
#include "payback/report/explain_builder.h"
#include "payback/report/goals.h"
#include "payback/report/model_comparison.h"
#include "payback/report/report_builder.h"
#include "payback/report/report_scan_cache.h"
#include "payback/report/time_series.h"
#include "payback/report/web_funnel.h"
#include "payback/settings/settings_yaml.h"
#include "payback/store/event_store.h"

namespace payback {
namespace {

constexpr const char* kCatalogFile = "catalog.sqlite";
constexpr const char* kSegmentsDir = "segments";
/// Derived state: saved report scans (ReportScanFile), which any process may delete.
constexpr const char* kScansDir = "scans";
constexpr const char* kLockFile = "lock";
constexpr const char* kSegmentSuffix = ".seg";

/// A name no other segment has: commit time plus randomness, so an orphan of a crashed
/// ingest can never be mistaken for a new file.
std::string NewSegmentName() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  std::random_device random;
  return fmt::format("{:016x}-{:08x}{}",
                     std::chrono::duration_cast<std::chrono::microseconds>(now).count(), random(),
                     kSegmentSuffix);
}

std::string RejectsPath(const std::string& input_path) {
  if (input_path == "-") return "stdin.rejects.csv";
  return input_path + ".rejects.csv";
}

std::string CsvField(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// FILE.rejects.csv: line, field, reason, the raw record.
Status WriteRejects(const std::string& path, const std::vector<RejectedRow>& rejects) {
  std::string out = "line,field,reason,record\n";
  for (const RejectedRow& reject : rejects) {
    std::string record(reject.text);
    while (!record.empty() && (record.back() == '\n' || record.back() == '\r')) record.pop_back();
    out += fmt::format("{},{},{},{}\n", reject.line, CsvField(reject.reason.location().field),
                       CsvField(reject.reason.message()), CsvField(record));
  }
  return WriteFileDurably(path, out);
}

/// The custom metrics' PROPSUM/PROPAVG properties against the data (CheckFormulaProperties):
/// settings with a property its event holds only as text are refused whole. Loads the store
/// only when some formula has such a function.
Status CheckCustomMetricProperties(const Settings& settings, const std::string& file_name,
                                   const std::vector<std::string>& segment_paths) {
  std::vector<std::pair<size_t, CompiledFormula>> to_check;
  for (size_t idx = 0; idx < settings.custom_metrics.size(); ++idx) {
    PAYBACK_ASSIGN_OR_RETURN(
        CompiledFormula formula,
        CompiledFormula::Compile(settings.custom_metrics[idx].formula, ReportMetricCatalog()));
    if (HasPropertyFunctions(formula)) to_check.emplace_back(idx, std::move(formula));
  }
  if (to_check.empty() || segment_paths.empty()) return Status::Ok();
  PAYBACK_ASSIGN_OR_RETURN(const EventStore store, LoadEventStore(segment_paths, UserNames::kSkip));
  const EventAliases aliases(settings.aliases);
  for (const auto& [idx, formula] : to_check) {
    std::vector<std::string> notes;
    const Status checked = CheckFormulaProperties(formula, store, aliases, notes);
    if (!checked.ok()) {
      return Status::InvalidInput(
          checked.message(),
          ErrorLocation{file_name, 0, fmt::format("custom_metrics[{}].formula", idx),
                        checked.location().column});
    }
  }
  return Status::Ok();
}

/// The settings of history version `record`, parsed.
Result<AppliedSettings> ParseSettingsVersion(const SettingsRecord& record) {
  auto applied_at = ParseTimestamp(record.applied_at, TimeZone());
  auto settings = ParseSettingsYaml(record.yaml, "stored settings");
  if (!applied_at.ok() || !settings.ok()) {
    return Status::Corruption(fmt::format("settings version {} does not parse", record.version));
  }
  return AppliedSettings{record.version, *applied_at, std::move(settings).value()};
}

}  // namespace

struct Workspace::State {
  std::string dir;
  Catalog catalog;

  std::string SegmentsDir() const { return JoinPath(dir, kSegmentsDir); }

  Result<std::vector<std::string>> SegmentPaths() const {
    PAYBACK_ASSIGN_OR_RETURN(std::vector<SegmentRecord> segments, catalog.Segments());
    std::vector<std::string> paths;
    for (const SegmentRecord& segment : segments)
      paths.push_back(JoinPath(SegmentsDir(), segment.file));
    return paths;
  }

  /// Removes segment files no manifest row names: what an ingest killed between writing its
  /// file and committing it leaves behind. Only called with the writer lock held.
  Status RemoveOrphans() const {
    PAYBACK_ASSIGN_OR_RETURN(std::vector<SegmentRecord> segments, catalog.Segments());
    std::set<std::string> committed;
    for (const SegmentRecord& segment : segments) committed.insert(segment.file);
    PAYBACK_ASSIGN_OR_RETURN(std::vector<std::string> files, ListFiles(SegmentsDir()));
    bool removed = false;
    for (const std::string& file : files) {
      if (committed.count(file) == 0) {
        PAYBACK_RETURN_IF_ERROR(RemoveFile(JoinPath(SegmentsDir(), file)));
        removed = true;
      }
    }
    if (removed) return SyncDirectory(SegmentsDir());
    return Status::Ok();
  }

  Result<FileLock> LockForWriting() const {
    PAYBACK_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(JoinPath(dir, kLockFile)));
    PAYBACK_RETURN_IF_ERROR(RemoveOrphans());
    return lock;
  }
};

Workspace::Workspace(std::unique_ptr<State> state) : state_(std::move(state)) {}
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

Status Workspace::Init(const std::string& dir) {
  if (PathExists(JoinPath(dir, kCatalogFile))) {
    return Status::AlreadyExists(fmt::format("{} is already a payback workspace", dir));
  }
  std::error_code error;
  if (std::filesystem::exists(dir, error) &&
      std::filesystem::directory_iterator(dir, error) != std::filesystem::directory_iterator()) {
    return Status::AlreadyExists(fmt::format("{} exists and is not empty", dir));
  }
  if (error) return Status::IoError(fmt::format("cannot read {}: {}", dir, error.message()));
  PAYBACK_RETURN_IF_ERROR(CreateDirectories(JoinPath(dir, kSegmentsDir)));
  PAYBACK_ASSIGN_OR_RETURN(Catalog catalog, Catalog::Create(JoinPath(dir, kCatalogFile)));
  PAYBACK_RETURN_IF_ERROR(SyncDirectory(dir));
  return Status::Ok();
}

Result<Workspace> Workspace::Open(const std::string& dir) {
  if (!PathExists(JoinPath(dir, kCatalogFile))) {
    return Status::NotFound(
        fmt::format("{} is not a payback workspace (create one with `payback init {}`)", dir, dir));
  }
  PAYBACK_ASSIGN_OR_RETURN(Catalog catalog, Catalog::Open(JoinPath(dir, kCatalogFile)));
  auto state = std::make_unique<State>(State{dir, std::move(catalog)});
  if (!PathExists(state->SegmentsDir())) {
    PAYBACK_RETURN_IF_ERROR(CreateDirectories(state->SegmentsDir()));
  }
  return Workspace(std::move(state));
}

Result<IngestSummary> Workspace::Ingest(IngestKind kind, const std::string& path,
                                        const IngestOptions& options) {
  PAYBACK_ASSIGN_OR_RETURN(FileLock lock, state_->LockForWriting());
  PAYBACK_ASSIGN_OR_RETURN(Settings settings, CurrentSettings());
  PAYBACK_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Load(settings.timezone));
  PAYBACK_ASSIGN_OR_RETURN(InputFormat format, DetectInputFormat(path, options.format));
  PAYBACK_ASSIGN_OR_RETURN(InputData input, OpenInput(path));
  const std::string_view data = input.view();

  EventParseOptions parse_options;
  parse_options.display_name =
      options.display_name.empty() ? InputDisplayName(path) : options.display_name;
  parse_options.format = format;
  parse_options.skip_bad_rows = options.skip_bad_rows;
  parse_options.progress = options.progress;
  IngestSummary summary;

  if (kind == IngestKind::kTimesheets) {
    PAYBACK_ASSIGN_OR_RETURN(ParsedTimesheets parsed, ParseTimesheets(data, tz, parse_options));
    if (!parsed.ignored_columns.empty()) {
      summary.warnings.push_back(fmt::format("{}: ignored unknown column(s): {}",
                                             parse_options.display_name,
                                             JoinStrings(parsed.ignored_columns, ", ")));
    }
    if (!parsed.rejects.empty()) {
      summary.rejects_path = RejectsPath(path);
      PAYBACK_RETURN_IF_ERROR(WriteRejects(summary.rejects_path, parsed.rejects));
    }
    summary.rows_ingested = static_cast<int64_t>(parsed.timesheets.size());
    summary.rows_rejected = static_cast<int64_t>(parsed.rejects.size());
    PAYBACK_RETURN_IF_ERROR(state_->catalog.UpsertTimesheets(
        parsed.timesheets, parse_options.display_name, summary.rows_rejected));
    return summary;
  }

  if (kind == IngestKind::kSnapshots) {
    PAYBACK_ASSIGN_OR_RETURN(ParsedSnapshots parsed, ParseSnapshots(data, parse_options));
    if (!parsed.ignored_columns.empty()) {
      summary.warnings.push_back(fmt::format("{}: ignored unknown column(s): {}",
                                             parse_options.display_name,
                                             JoinStrings(parsed.ignored_columns, ", ")));
    }
    if (!parsed.rejects.empty()) {
      summary.rejects_path = RejectsPath(path);
      PAYBACK_RETURN_IF_ERROR(WriteRejects(summary.rejects_path, parsed.rejects));
    }
    summary.rows_ingested = static_cast<int64_t>(parsed.snapshots.size());
    summary.rows_rejected = static_cast<int64_t>(parsed.rejects.size());
    PAYBACK_RETURN_IF_ERROR(state_->catalog.UpsertSnapshots(
        parsed.snapshots, parse_options.display_name, summary.rows_rejected));
    return summary;
  }

  if (kind == IngestKind::kCampaigns) {
    PAYBACK_ASSIGN_OR_RETURN(ParsedCampaigns parsed, ParseCampaigns(data, tz, parse_options));
    if (!parsed.ignored_columns.empty()) {
      std::vector<std::string> names(parsed.ignored_columns.begin(), parsed.ignored_columns.end());
      summary.warnings.push_back(fmt::format("{}: ignored unknown column(s): {}",
                                             parse_options.display_name, JoinStrings(names, ", ")));
    }
    if (!parsed.rejects.empty()) {
      summary.rejects_path = RejectsPath(path);
      PAYBACK_RETURN_IF_ERROR(WriteRejects(summary.rejects_path, parsed.rejects));
    }
    // Upsert: a field the file does not carry keeps its stored value.
    PAYBACK_ASSIGN_OR_RETURN(std::vector<CampaignRecord> existing, state_->catalog.Campaigns());
    std::map<std::string, CampaignRecord> by_id;
    for (CampaignRecord& record : existing) by_id[record.campaign_id] = std::move(record);
    std::vector<CampaignRecord> merged;
    for (const CampaignRecord& record : parsed.campaigns) {
      CampaignRecord target =
          by_id.count(record.campaign_id) ? by_id[record.campaign_id] : CampaignRecord{};
      MergeCampaignFields(record, parsed.present_fields, target);
      merged.push_back(std::move(target));
    }
    summary.rows_ingested = static_cast<int64_t>(merged.size());
    summary.rows_rejected = static_cast<int64_t>(parsed.rejects.size());
    PAYBACK_RETURN_IF_ERROR(
        state_->catalog.UpsertCampaigns(merged, parse_options.display_name, summary.rows_rejected));
    return summary;
  }

  PAYBACK_ASSIGN_OR_RETURN(std::vector<std::string> segment_paths, state_->SegmentPaths());
  Dictionaries dictionaries;
  PAYBACK_RETURN_IF_ERROR(LoadDictionaries(segment_paths, dictionaries));
  const DictionarySizes base = DictionarySizes::Of(dictionaries);
  PAYBACK_ASSIGN_OR_RETURN(ParsedEvents parsed, ParseEvents(data, tz, dictionaries, parse_options));
  // The input is no longer read (`data` no longer points anywhere from here). Unmapping a
  // large file takes a core a while (0.2-0.5 s for 6 GB, its page-table entries): done beside
  // the segment's writing, which leaves gaps (the file's sync) and does not wait on it. Joined
  // when the ingest returns; without a thread to spare, done here.
  std::jthread release_input;
  try {
    release_input = std::jthread([&input] { input.Release(); });
  } catch (const std::system_error&) {
    input.Release();
  }
  summary.rows_ingested = static_cast<int64_t>(parsed.columns.size());
  summary.rows_rejected = static_cast<int64_t>(parsed.rejects.size());
  if (!parsed.rejects.empty()) {
    summary.rejects_path = RejectsPath(path);
    PAYBACK_RETURN_IF_ERROR(WriteRejects(summary.rejects_path, parsed.rejects));
  }
  if (parsed.columns.size() == 0) return summary;

  // Write the segment durably, then commit its manifest row: the commit point. A crash before
  // the commit leaves an orphan file that the next writer removes.
  const std::string file = NewSegmentName();
  const std::string segment_path = JoinPath(state_->SegmentsDir(), file);
  Status written =
      WriteEventSegment(segment_path, parsed.columns, dictionaries, base, &parsed.user_starts);
  if (written.ok()) written = SyncDirectory(state_->SegmentsDir());
  if (!written.ok()) {
    (void)RemoveFile(segment_path);
    return written;
  }
  SegmentRecord record;
  record.file = file;
  record.kind = "events";
  record.rows = summary.rows_ingested;
  record.source = parse_options.display_name;
  auto committed = state_->catalog.CommitSegment(record, summary.rows_rejected);
  if (!committed.ok()) {
    (void)RemoveFile(segment_path);
    return committed.status();
  }
  return summary;
}

Status Workspace::ValidateSettings(const std::string& yaml_text, const std::string& file_name) {
  PAYBACK_ASSIGN_OR_RETURN(Settings settings, ParseSettingsYaml(yaml_text, file_name));
  PAYBACK_RETURN_IF_ERROR(ValidateSettingsSemantics(settings, file_name));
  PAYBACK_ASSIGN_OR_RETURN(std::vector<std::string> segment_paths, state_->SegmentPaths());
  return CheckCustomMetricProperties(settings, file_name, segment_paths);
}

Status Workspace::ApplySettings(const std::string& yaml_text, const std::string& file_name) {
  PAYBACK_ASSIGN_OR_RETURN(Settings settings, ParseSettingsYaml(yaml_text, file_name));
  PAYBACK_RETURN_IF_ERROR(ValidateSettingsSemantics(settings, file_name));
  PAYBACK_ASSIGN_OR_RETURN(FileLock lock, state_->LockForWriting());
  // Under the lock, so no ingest can add data the property check has not seen.
  PAYBACK_ASSIGN_OR_RETURN(std::vector<std::string> segment_paths, state_->SegmentPaths());
  PAYBACK_RETURN_IF_ERROR(CheckCustomMetricProperties(settings, file_name, segment_paths));
  return state_->catalog.SaveSettings(SettingsToYaml(settings));
}

Status Workspace::ReplaceCustomMetrics(const std::vector<CustomMetricDefinition>& custom_metrics) {
  PAYBACK_ASSIGN_OR_RETURN(Settings settings, CurrentSettings());
  settings.custom_metrics = custom_metrics;
  return ApplySettings(SettingsToYaml(settings), "custom metrics");
}

Result<Settings> Workspace::CurrentSettings() const {
  PAYBACK_ASSIGN_OR_RETURN(std::optional<std::string> yaml, state_->catalog.CurrentSettings());
  if (!yaml) return Settings{};
  auto settings = ParseSettingsYaml(*yaml, "stored settings");
  if (!settings.ok()) {
    return Status::Corruption("the stored settings do not parse: " + settings.status().ToString());
  }
  return settings;
}

Result<std::vector<AppliedSettings>> Workspace::SettingsHistory() const {
  PAYBACK_ASSIGN_OR_RETURN(const std::vector<SettingsRecord> records,
                           state_->catalog.SettingsHistory());
  std::vector<AppliedSettings> history;
  for (const SettingsRecord& record : records) {
    PAYBACK_ASSIGN_OR_RETURN(AppliedSettings version, ParseSettingsVersion(record));
    history.push_back(std::move(version));
  }
  return history;
}

Result<std::string> Workspace::CurrentSettingsYaml() const {
  PAYBACK_ASSIGN_OR_RETURN(Settings settings, CurrentSettings());
  return SettingsToYaml(settings);
}

Result<FormulaCheck> Workspace::CheckFormula(const std::string& text) {
  PAYBACK_ASSIGN_OR_RETURN(const CompiledFormula formula,
                           CompiledFormula::Compile(text, ReportMetricCatalog()));
  // Only PROPSUM/PROPAVG need the data.
  if (!HasPropertyFunctions(formula)) return FormulaCheck{formula.ToString(), {}};
  PAYBACK_ASSIGN_OR_RETURN(const WorkspaceSnapshot snapshot, Snapshot());
  return snapshot.CheckFormula(text);
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kEditor:
      return "editor";
    case Role::kAdmin:
      return "admin";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const Role role : {Role::kViewer, Role::kEditor, Role::kAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

Result<IssuedToken> Workspace::CreateToken(Role role, const std::string& label) {
  PAYBACK_ASSIGN_OR_RETURN(const std::string id, RandomHex(6));
  PAYBACK_ASSIGN_OR_RETURN(const std::string secret, RandomHex(32));
  IssuedToken issued{id, fmt::format("pb_{}_{}", id, secret), role, label};
  PAYBACK_RETURN_IF_ERROR(state_->catalog.AddToken(
      TokenRecord{id, Sha256Hex(issued.token), std::string(RoleName(role)), label, ""}));
  return issued;
}

Result<std::vector<TokenInfo>> Workspace::Tokens() const {
  PAYBACK_ASSIGN_OR_RETURN(const std::vector<TokenRecord> records, state_->catalog.Tokens());
  std::vector<TokenInfo> tokens;
  for (const TokenRecord& record : records) {
    tokens.push_back(TokenInfo{record.id, ParseRole(record.role).value_or(Role::kViewer),
                               record.label, record.created_at});
  }
  return tokens;
}

Status Workspace::RevokeToken(const std::string& id) {
  PAYBACK_ASSIGN_OR_RETURN(const bool revoked, state_->catalog.RevokeToken(id));
  if (!revoked) return Status::NotFound("no token with id " + QuoteForMessage(id));
  return Status::Ok();
}

Result<Role> Workspace::Authenticate(const std::string& token) const {
  PAYBACK_ASSIGN_OR_RETURN(const std::optional<TokenRecord> record,
                           state_->catalog.FindToken(Sha256Hex(token)));
  if (!record) return Status::NotFound("unknown token");
  const std::optional<Role> role = ParseRole(record->role);
  if (!role) return Status::Corruption("token " + record->id + " has an unknown role");
  return *role;
}

Result<std::vector<TimesheetRecord>> Workspace::Timesheets() const {
  return state_->catalog.Timesheets();
}

Result<std::vector<AccountSnapshot>> Workspace::Snapshots() const {
  return state_->catalog.Snapshots();
}

Result<int64_t> Workspace::DataVersion() const { return state_->catalog.DataVersion(); }

Result<int64_t> Workspace::SettingsVersion() const { return state_->catalog.SettingsVersion(); }

struct WorkspaceSnapshot::Data {
  int64_t data_version = 0;
  int64_t settings_version = 0;
  Settings settings;
  std::vector<SettingsRecord> settings_history;  ///< parsed on demand (settings_as_of)
  std::vector<CampaignRecord> campaigns;
  std::vector<TimesheetRecord> timesheets;
  std::vector<AccountSnapshot> snapshots;
  /// The events' dictionaries without the user ids, no events: what resolves a report's
  /// request. A report a saved scan answers reads nothing else (ReportInputs::load_events).
  EventStore dictionaries;
  /// The segments the store is loaded from (Events) and the users' ids (EnsureUserIds).
  std::vector<std::string> segment_paths;
  /// Recent report scans: a filter change on a dashboard needs no new scan of the events. It
  /// keeps scans by day in files when the snapshot's versions are those of its data.
  mutable std::unique_ptr<ReportScanCache> scan_cache;

  /// The inputs of a report over `store` (Events()).
  ReportInputs Inputs(const EventStore& store) const {
    return ReportInputs{store, campaigns, timesheets, snapshots};
  }
  /// The inputs of a report over `request`: the dictionaries, the events when the report reads
  /// them, and the scan cache when it uses the snapshot's own settings (a report of old settings
  /// scans, its scan would not match the key).
  ReportInputs ReportInputsFor(const ReportRequest& request) const {
    ReportInputs inputs = Inputs(dictionaries);
    if (!request.settings_as_of) inputs.scan_cache = scan_cache.get();
    inputs.load_events = [this] { return Events(); };
    return inputs;
  }

  /// The whole store (the events sorted by user and time, without the users' ids), loaded on
  /// first use, once, even when several threads ask at once: a report that a saved scan answers
  /// needs none of it (1.8 GB and ~2 s at 100M events).
  Result<const EventStore*> Events() const {
    std::call_once(events_loaded, [this] {
      auto loaded = LoadEventStore(segment_paths, UserNames::kSkip);
      if (loaded.ok()) {
        events = std::make_unique<EventStore>(std::move(loaded).value());
        events_ready.store(true, std::memory_order_release);
      } else {
        events_status = loaded.status();
      }
    });
    if (!events_status.ok()) return events_status;
    return static_cast<const EventStore*>(events.get());
  }

  bool EventsLoaded() const { return events_ready.load(std::memory_order_acquire); }

  /// Explain looks a user up by id, which no report needs: the store is loaded without the
  /// users' ids (UserNames::kSkip), and the first explanation reads them and builds their hash
  /// index (about 0.25 s a million users), once, even when several threads explain at once.
  /// Reports may run meanwhile: they read user codes, never the user dictionary.
  Result<const EventStore*> EventsWithUserIds() const {
    PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, Events());
    std::call_once(user_ids_loaded, [this] {
      // `events` is never created const (Events fills it), so the ids may be added here.
      StringDictionary& users = events->dictionaries.users;
      user_ids_status = LoadUserDictionary(segment_paths, users);
      if (user_ids_status.ok() && users.size() != events->user_count()) {
        user_ids_status = Status::Corruption("the segments' user dictionaries changed under us");
      }
      if (user_ids_status.ok()) users.EnsureIndexed();
    });
    if (!user_ids_status.ok()) return user_ids_status;
    return store;
  }

 private:
  mutable std::once_flag events_loaded;
  mutable std::unique_ptr<EventStore> events;
  mutable std::atomic<bool> events_ready{false};
  mutable Status events_status;
  mutable std::once_flag user_ids_loaded;
  mutable Status user_ids_status;
};

int64_t WorkspaceSnapshot::data_version() const { return data_->data_version; }
int64_t WorkspaceSnapshot::settings_version() const { return data_->settings_version; }
const Settings& WorkspaceSnapshot::settings() const { return data_->settings; }
bool WorkspaceSnapshot::EventsLoaded() const { return data_->EventsLoaded(); }

Result<Settings> WorkspaceSnapshot::SettingsFor(const ReportRequest& request) const {
  if (!request.settings_as_of) return data_->settings;
  const SettingsRecord* chosen = nullptr;
  for (const SettingsRecord& record : data_->settings_history) {
    auto applied_at = ParseTimestamp(record.applied_at, TimeZone());
    if (!applied_at.ok()) {
      return Status::Corruption(
          fmt::format("settings version {} has no valid time", record.version));
    }
    if (*applied_at <= *request.settings_as_of) chosen = &record;
  }
  if (chosen == nullptr) {
    return Status::NotFound(
        fmt::format("no settings had been applied by {}", FormatUtc(*request.settings_as_of)));
  }
  PAYBACK_ASSIGN_OR_RETURN(AppliedSettings version, ParseSettingsVersion(*chosen));
  return std::move(version.settings);
}

Result<Report> WorkspaceSnapshot::RunReport(const ReportRequest& request) const {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, SettingsFor(request));
  return BuildReport(request, data_->ReportInputsFor(request), settings);
}

Status WorkspaceSnapshot::WarmUp(const ReportRequest& request) const {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, SettingsFor(request));
  ReportInputs inputs = data_->ReportInputsFor(request);
  inputs.scan_every_selection = true;
  return BuildReport(request, inputs, settings).status();
}

Result<Report> WorkspaceSnapshot::RunReportWithCustomMetrics(
    const ReportRequest& request, const std::vector<CustomMetricDefinition>& custom_metrics) const {
  PAYBACK_ASSIGN_OR_RETURN(Settings settings, SettingsFor(request));
  settings.custom_metrics = custom_metrics;
  // The same checks as applied settings get, so a preview never shows what apply refuses.
  PAYBACK_RETURN_IF_ERROR(ValidateSettingsSemantics(settings, "custom metrics"));
  // Custom metrics change no scan (those with aggregates scan afresh, BuildReport).
  return BuildReport(request, data_->ReportInputsFor(request), settings);
}

Result<TimeSeries> WorkspaceSnapshot::RunTimeSeries(const ReportRequest& request,
                                                    TimeBucket bucket) const {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, SettingsFor(request));
  PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, data_->Events());
  return BuildTimeSeries(request, bucket, data_->Inputs(*store), settings);
}

Result<AgentRanking> WorkspaceSnapshot::RunAgentRanking(const ReportRequest& request) const {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, SettingsFor(request));
  PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, data_->Events());
  return BuildAgentRanking(request, data_->Inputs(*store), settings);
}

Result<ModelComparison> WorkspaceSnapshot::RunModelComparison(const ReportRequest& request) const {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, SettingsFor(request));
  PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, data_->Events());
  return BuildModelComparison(request, data_->Inputs(*store), settings);
}

Result<WebFunnel> WorkspaceSnapshot::RunWebFunnel(const ReportRequest& request) const {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, SettingsFor(request));
  PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, data_->Events());
  return BuildWebFunnel(request, data_->Inputs(*store), settings);
}

Result<WebFunnelSeries> WorkspaceSnapshot::RunWebFunnelSeries(const ReportRequest& request,
                                                              TimeBucket bucket) const {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, SettingsFor(request));
  PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, data_->Events());
  return BuildWebFunnelSeries(request, bucket, data_->Inputs(*store), settings);
}

Result<GoalsReport> WorkspaceSnapshot::RunGoals(const std::string& conversion,
                                                int32_t today) const {
  PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, data_->Events());
  return BuildGoals(conversion, today, data_->Inputs(*store), data_->settings);
}

Result<Explanation> WorkspaceSnapshot::Explain(const ExplainRequest& request) const {
  PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, data_->EventsWithUserIds());
  return BuildExplanation(request, data_->Inputs(*store), data_->settings);
}

Result<FormulaCheck> WorkspaceSnapshot::CheckFormula(const std::string& text) const {
  PAYBACK_ASSIGN_OR_RETURN(const CompiledFormula formula,
                           CompiledFormula::Compile(text, ReportMetricCatalog()));
  FormulaCheck check;
  const EventAliases aliases(data_->settings.aliases);
  PAYBACK_ASSIGN_OR_RETURN(const EventStore* store, data_->Events());
  PAYBACK_RETURN_IF_ERROR(CheckFormulaProperties(formula, *store, aliases, check.notes));
  check.canonical = formula.ToString();
  return check;
}

const std::vector<CampaignRecord>& WorkspaceSnapshot::Campaigns() const { return data_->campaigns; }

const std::vector<AccountSnapshot>& WorkspaceSnapshot::snapshots() const {
  return data_->snapshots;
}

FilterOptions WorkspaceSnapshot::Options() const {
  std::set<std::string> labels, channels, created_by, statuses, delivery_types;
  auto add = [](std::set<std::string>& into, const std::string& value) {
    if (!value.empty()) into.insert(value);
  };
  for (const CampaignRecord& campaign : data_->campaigns) {
    for (const std::string& label : campaign.labels) add(labels, label);
    add(channels, campaign.channel);
    add(created_by, campaign.created_by);
    add(statuses, campaign.status);
    add(delivery_types, campaign.delivery_type);
  }
  FilterOptions options;
  options.labels.assign(labels.begin(), labels.end());
  options.channels.assign(channels.begin(), channels.end());
  options.created_by.assign(created_by.begin(), created_by.end());
  options.statuses.assign(statuses.begin(), statuses.end());
  options.delivery_types.assign(delivery_types.begin(), delivery_types.end());
  options.models = ModelRegistry::Instance().Names();
  // The whole store, for its span: a filter panel comes with reports that read the events.
  if (const auto store = data_->Events(); store.ok()) {
    if (const auto span = EventSpan(**store)) {
      options.first_event = span->first;
      options.last_event = span->second;
    }
  }
  return options;
}

Result<WorkspaceSnapshot> Workspace::Snapshot() const {
  auto data = std::make_shared<WorkspaceSnapshot::Data>();
  // Versions first: the data read afterwards is at least as recent as the versions say.
  PAYBACK_ASSIGN_OR_RETURN(data->data_version, DataVersion());
  PAYBACK_ASSIGN_OR_RETURN(data->settings_version, SettingsVersion());
  PAYBACK_ASSIGN_OR_RETURN(data->settings, CurrentSettings());
  PAYBACK_ASSIGN_OR_RETURN(data->settings_history, state_->catalog.SettingsHistory());
  PAYBACK_ASSIGN_OR_RETURN(data->campaigns, state_->catalog.Campaigns());
  PAYBACK_ASSIGN_OR_RETURN(data->timesheets, state_->catalog.Timesheets());
  PAYBACK_ASSIGN_OR_RETURN(data->snapshots, state_->catalog.Snapshots());
  PAYBACK_ASSIGN_OR_RETURN(data->segment_paths, state_->SegmentPaths());
  PAYBACK_RETURN_IF_ERROR(
      LoadDictionaries(data->segment_paths, data->dictionaries.dictionaries, UserNames::kSkip));
  // Scans are saved under the snapshot's versions only when its data is of those versions: a
  // writer that committed meanwhile may have added segments the versions do not count.
  PAYBACK_ASSIGN_OR_RETURN(const int64_t data_version_after, DataVersion());
  PAYBACK_ASSIGN_OR_RETURN(const int64_t settings_version_after, SettingsVersion());
  std::optional<ReportScanCache::ScanFiles> scan_files;
  if (data_version_after == data->data_version &&
      settings_version_after == data->settings_version) {
    // The segments' names (random parts) tell this data from that of a workspace made anew in
    // the same directory, whose versions start again at 1.
    std::string segment_names;
    for (const std::string& path : data->segment_paths) {
      segment_names += path.substr(path.rfind('/') + 1) + "\n";  // moving the workspace is fine
    }
    scan_files = ReportScanCache::ScanFiles{JoinPath(state_->dir, kScansDir), data->data_version,
                                            data->settings_version, Sha256Hex(segment_names)};
  }
  data->scan_cache = std::make_unique<ReportScanCache>(4, std::move(scan_files));
  WorkspaceSnapshot snapshot;
  snapshot.data_ = std::move(data);
  return snapshot;
}

Status Workspace::CheckConversionExists(const std::string& conversion) const {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, CurrentSettings());
  return FindConversion(settings, conversion).status();
}

Result<Report> Workspace::RunReport(const ReportRequest& request) {
  // An unknown conversion fails before the events are read (old settings are checked later).
  if (!request.settings_as_of) PAYBACK_RETURN_IF_ERROR(CheckConversionExists(request.conversion));
  PAYBACK_ASSIGN_OR_RETURN(const WorkspaceSnapshot snapshot, Snapshot());
  return snapshot.RunReport(request);
}

Result<TimeSeries> Workspace::RunTimeSeries(const ReportRequest& request, TimeBucket bucket) {
  if (!request.settings_as_of) PAYBACK_RETURN_IF_ERROR(CheckConversionExists(request.conversion));
  PAYBACK_ASSIGN_OR_RETURN(const WorkspaceSnapshot snapshot, Snapshot());
  return snapshot.RunTimeSeries(request, bucket);
}

Result<AgentRanking> Workspace::RunAgentRanking(const ReportRequest& request) {
  if (!request.settings_as_of) PAYBACK_RETURN_IF_ERROR(CheckConversionExists(request.conversion));
  PAYBACK_ASSIGN_OR_RETURN(const WorkspaceSnapshot snapshot, Snapshot());
  return snapshot.RunAgentRanking(request);
}

Result<ModelComparison> Workspace::RunModelComparison(const ReportRequest& request) {
  if (!request.settings_as_of) PAYBACK_RETURN_IF_ERROR(CheckConversionExists(request.conversion));
  PAYBACK_ASSIGN_OR_RETURN(const WorkspaceSnapshot snapshot, Snapshot());
  return snapshot.RunModelComparison(request);
}

Result<WebFunnel> Workspace::RunWebFunnel(const ReportRequest& request) {
  if (!request.settings_as_of) PAYBACK_RETURN_IF_ERROR(CheckConversionExists(request.conversion));
  PAYBACK_ASSIGN_OR_RETURN(const WorkspaceSnapshot snapshot, Snapshot());
  return snapshot.RunWebFunnel(request);
}

Result<GoalsReport> Workspace::RunGoals(const std::string& conversion, int32_t today) {
  PAYBACK_RETURN_IF_ERROR(CheckConversionExists(conversion));
  PAYBACK_ASSIGN_OR_RETURN(const WorkspaceSnapshot snapshot, Snapshot());
  return snapshot.RunGoals(conversion, today);
}

Result<Explanation> Workspace::Explain(const ExplainRequest& request) {
  PAYBACK_RETURN_IF_ERROR(CheckConversionExists(request.conversion));
  PAYBACK_ASSIGN_OR_RETURN(const WorkspaceSnapshot snapshot, Snapshot());
  return snapshot.Explain(request);
}

}  // namespace payback
