#include "payback/catalog/catalog.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "payback/common/file_util.h"
#include "payback/common/time.h"

namespace payback {
namespace {

constexpr int kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE segments (
  id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, rows INTEGER NOT NULL,
  source TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE campaigns (
  campaign_id TEXT PRIMARY KEY, name TEXT, status TEXT, created_by TEXT, labels TEXT,
  journey_id TEXT, channel TEXT, delivery_type TEXT, kind TEXT, goal_type TEXT,
  expenses_micros INTEGER, promoted_products TEXT, influence_days INTEGER,
  start_us INTEGER, end_us INTEGER, updated_at TEXT NOT NULL);
CREATE TABLE settings (version INTEGER PRIMARY KEY, yaml TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE ingest_log (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, rows INTEGER NOT NULL,
  rejected_rows INTEGER NOT NULL, at TEXT NOT NULL);
)sql";

// API tokens (issue 4): added without a schema version change, so a workspace created before
// them gains the table when it is opened.
constexpr const char* kTokensSchema = R"sql(
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, role TEXT NOT NULL, label TEXT NOT NULL,
  created_at TEXT NOT NULL);
)sql";

// Timesheets (agent hours, data.md "Other inputs"): added the same way as the tokens.
// campaign_id is '' for time not booked to a campaign, so it can be part of the key.
constexpr const char* kTimesheetsSchema = R"sql(
CREATE TABLE IF NOT EXISTS timesheets (
  agent_id TEXT NOT NULL, campaign_id TEXT NOT NULL, day INTEGER NOT NULL,
  hours_micros INTEGER NOT NULL, PRIMARY KEY (agent_id, campaign_id, day));
)sql";

// Account snapshots (the bank's month-end balance and profit, data.md "Other inputs"): added
// the same way. month is months since January 1970.
constexpr const char* kSnapshotsSchema = R"sql(
CREATE TABLE IF NOT EXISTS snapshots (
  account_id TEXT NOT NULL, month INTEGER NOT NULL, balance_micros INTEGER NOT NULL,
  profit_micros INTEGER NOT NULL, PRIMARY KEY (account_id, month));
)sql";

std::string NowText() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  const std::time_t time = seconds.count();
  std::tm utc{};
  gmtime_r(&time, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

Status SqliteError(sqlite3* db, std::string_view what) {
  return Status::IoError(fmt::format("catalog: {}: {}", what, sqlite3_errmsg(db)));
}

/// A prepared statement, finalized on destruction.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void BindNull(int index) { sqlite3_bind_null(stmt_, index); }
  template <typename T>
  void BindOptional(int index, const std::optional<T>& value) {
    if (value) {
      Bind(index, static_cast<int64_t>(*value));
    } else {
      BindNull(index);
    }
  }
  /// SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::optional<int64_t> OptionalInt(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return Int(column);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string ListToJson(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

std::vector<std::string> ListFromJson(const std::string& text) {
  if (text.empty()) return {};
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_array()) return {};
  std::vector<std::string> values;
  for (const auto& value : parsed) {
    if (value.is_string()) values.push_back(value.get<std::string>());
  }
  return values;
}

Result<sqlite3*> OpenDatabase(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    Status status = Status::IoError(
        fmt::format("cannot open catalog {}: {}", path, db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return status;
  }
  sqlite3_busy_timeout(db, 30000);
  // WAL + FULL: a committed transaction survives power loss; readers never block the writer.
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (sqlite3_exec(db, pragma, nullptr, nullptr, nullptr) != SQLITE_OK) {
      Status status = SqliteError(db, pragma);
      sqlite3_close(db);
      return status;
    }
  }
  return db;
}

}  // namespace

Result<Catalog> Catalog::Create(const std::string& path) {
  if (PathExists(path)) return Status::AlreadyExists("catalog already exists: " + path);
  PAYBACK_ASSIGN_OR_RETURN(sqlite3 * db,
                           OpenDatabase(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  Catalog catalog(db);
  PAYBACK_RETURN_IF_ERROR(catalog.Execute("BEGIN IMMEDIATE"));
  PAYBACK_RETURN_IF_ERROR(catalog.Execute(kSchema));
  PAYBACK_RETURN_IF_ERROR(catalog.Execute(kTokensSchema));
  PAYBACK_RETURN_IF_ERROR(catalog.Execute(kTimesheetsSchema));
  PAYBACK_RETURN_IF_ERROR(catalog.Execute(kSnapshotsSchema));
  PAYBACK_RETURN_IF_ERROR(catalog.Execute(
      fmt::format("INSERT INTO meta VALUES ('schema_version', '{}'), ('created_at', '{}')",
                  kSchemaVersion, NowText())));
  PAYBACK_RETURN_IF_ERROR(catalog.Execute("COMMIT"));
  return catalog;
}

Result<Catalog> Catalog::Open(const std::string& path) {
  if (!PathExists(path)) return Status::NotFound("no catalog at " + path);
  PAYBACK_ASSIGN_OR_RETURN(sqlite3 * db, OpenDatabase(path, SQLITE_OPEN_READWRITE));
  Catalog catalog(db);
  Statement version(db, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!version.ok() || version.Step() != SQLITE_ROW) {
    return Status::Corruption("catalog " + path + " has no schema version");
  }
  if (version.Text(0) != std::to_string(kSchemaVersion)) {
    return Status::Corruption(fmt::format("catalog {} has schema version {}, expected {}", path,
                                          version.Text(0), kSchemaVersion));
  }
  PAYBACK_RETURN_IF_ERROR(catalog.Execute(kTokensSchema));
  PAYBACK_RETURN_IF_ERROR(catalog.Execute(kTimesheetsSchema));
  PAYBACK_RETURN_IF_ERROR(catalog.Execute(kSnapshotsSchema));
  return catalog;
}

Catalog::Catalog(Catalog&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }

Catalog& Catalog::operator=(Catalog&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

Catalog::~Catalog() { sqlite3_close(db_); }

Status Catalog::Execute(const std::string& sql) const {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    Status status = Status::IoError(fmt::format("catalog: {}", error ? error : "error"));
    sqlite3_free(error);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  }
  return Status::Ok();
}

Result<std::vector<SegmentRecord>> Catalog::Segments() const {
  Statement query(db_,
                  "SELECT id, file, kind, rows, source, ingested_at FROM segments ORDER BY id");
  if (!query.ok()) return SqliteError(db_, "list segments");
  std::vector<SegmentRecord> segments;
  int rc = 0;
  while ((rc = query.Step()) == SQLITE_ROW) {
    segments.push_back(SegmentRecord{query.Int(0), query.Text(1), query.Text(2), query.Int(3),
                                     query.Text(4), query.Text(5)});
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, "list segments");
  return segments;
}

Result<int64_t> Catalog::CommitSegment(const SegmentRecord& segment, int64_t rejected_rows) {
  PAYBACK_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  const std::string now = NowText();
  Statement insert(db_,
                   "INSERT INTO segments (file, kind, rows, source, ingested_at) "
                   "VALUES (?, ?, ?, ?, ?)");
  Statement log(db_,
                "INSERT INTO ingest_log (kind, source, rows, rejected_rows, at) "
                "VALUES (?, ?, ?, ?, ?)");
  if (!insert.ok() || !log.ok()) {
    Status status = SqliteError(db_, "prepare commit");
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  }
  insert.Bind(1, segment.file);
  insert.Bind(2, segment.kind);
  insert.Bind(3, segment.rows);
  insert.Bind(4, segment.source);
  insert.Bind(5, now);
  log.Bind(1, segment.kind);
  log.Bind(2, segment.source);
  log.Bind(3, segment.rows);
  log.Bind(4, rejected_rows);
  log.Bind(5, now);
  if (insert.Step() != SQLITE_DONE || log.Step() != SQLITE_DONE) {
    Status status = SqliteError(db_, "commit segment");
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  }
  const int64_t id = sqlite3_last_insert_rowid(db_);
  PAYBACK_RETURN_IF_ERROR(Execute("COMMIT"));
  return id;
}

Status Catalog::UpsertCampaigns(const std::vector<CampaignRecord>& campaigns,
                                const std::string& source, int64_t rejected_rows) {
  PAYBACK_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  const std::string now = NowText();
  Statement upsert(db_,
                   "INSERT OR REPLACE INTO campaigns (campaign_id, name, status, created_by, "
                   "labels, journey_id, channel, delivery_type, kind, goal_type, expenses_micros, "
                   "promoted_products, influence_days, start_us, end_us, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!upsert.ok()) {
    Status status = SqliteError(db_, "prepare campaign upsert");
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  }
  for (const CampaignRecord& campaign : campaigns) {
    upsert.Reset();
    upsert.Bind(1, campaign.campaign_id);
    upsert.Bind(2, campaign.name);
    upsert.Bind(3, campaign.status);
    upsert.Bind(4, campaign.created_by);
    upsert.Bind(5, ListToJson(campaign.labels));
    upsert.Bind(6, campaign.journey_id);
    upsert.Bind(7, campaign.channel);
    upsert.Bind(8, campaign.delivery_type);
    upsert.Bind(9, campaign.kind);
    upsert.Bind(10, campaign.goal_type);
    upsert.BindOptional(11, campaign.expenses);
    upsert.Bind(12, ListToJson(campaign.promoted_products));
    upsert.BindOptional(13, campaign.influence_days);
    upsert.BindOptional(14, campaign.start);
    upsert.BindOptional(15, campaign.end);
    upsert.Bind(16, now);
    if (upsert.Step() != SQLITE_DONE) {
      Status status = SqliteError(db_, "upsert campaign " + campaign.campaign_id);
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return status;
    }
  }
  Statement log(db_,
                "INSERT INTO ingest_log (kind, source, rows, rejected_rows, at) "
                "VALUES ('campaigns', ?, ?, ?, ?)");
  log.Bind(1, source);
  log.Bind(2, static_cast<int64_t>(campaigns.size()));
  log.Bind(3, rejected_rows);
  log.Bind(4, now);
  if (!log.ok() || log.Step() != SQLITE_DONE) {
    Status status = SqliteError(db_, "log campaign ingest");
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  }
  return Execute("COMMIT");
}

Result<std::vector<CampaignRecord>> Catalog::Campaigns() const {
  Statement query(db_,
                  "SELECT campaign_id, name, status, created_by, labels, journey_id, channel, "
                  "delivery_type, kind, goal_type, expenses_micros, promoted_products, "
                  "influence_days, start_us, end_us FROM campaigns ORDER BY campaign_id");
  if (!query.ok()) return SqliteError(db_, "list campaigns");
  std::vector<CampaignRecord> campaigns;
  int rc = 0;
  while ((rc = query.Step()) == SQLITE_ROW) {
    CampaignRecord campaign;
    campaign.campaign_id = query.Text(0);
    campaign.name = query.Text(1);
    campaign.status = query.Text(2);
    campaign.created_by = query.Text(3);
    campaign.labels = ListFromJson(query.Text(4));
    campaign.journey_id = query.Text(5);
    campaign.channel = query.Text(6);
    campaign.delivery_type = query.Text(7);
    campaign.kind = query.Text(8);
    campaign.goal_type = query.Text(9);
    campaign.expenses = query.OptionalInt(10);
    campaign.promoted_products = ListFromJson(query.Text(11));
    campaign.influence_days = query.OptionalInt(12);
    campaign.start = query.OptionalInt(13);
    campaign.end = query.OptionalInt(14);
    campaigns.push_back(std::move(campaign));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, "list campaigns");
  return campaigns;
}

Status Catalog::UpsertTimesheets(const std::vector<TimesheetRecord>& timesheets,
                                 const std::string& source, int64_t rejected_rows) {
  PAYBACK_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  const auto fail = [this](std::string_view what) {
    Status status = SqliteError(db_, what);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  };
  Statement upsert(db_,
                   "INSERT OR REPLACE INTO timesheets (agent_id, campaign_id, day, hours_micros) "
                   "VALUES (?, ?, ?, ?)");
  if (!upsert.ok()) return fail("prepare timesheet upsert");
  for (const TimesheetRecord& timesheet : timesheets) {
    upsert.Reset();
    upsert.Bind(1, timesheet.agent_id);
    upsert.Bind(2, timesheet.campaign_id);
    upsert.Bind(3, static_cast<int64_t>(timesheet.day));
    upsert.Bind(4, timesheet.hours);
    if (upsert.Step() != SQLITE_DONE) return fail("upsert timesheet of " + timesheet.agent_id);
  }
  Statement log(db_,
                "INSERT INTO ingest_log (kind, source, rows, rejected_rows, at) "
                "VALUES ('timesheets', ?, ?, ?, ?)");
  if (!log.ok()) return fail("prepare timesheet log");
  log.Bind(1, source);
  log.Bind(2, static_cast<int64_t>(timesheets.size()));
  log.Bind(3, rejected_rows);
  log.Bind(4, NowText());
  if (log.Step() != SQLITE_DONE) return fail("log timesheet ingest");
  return Execute("COMMIT");
}

Result<std::vector<TimesheetRecord>> Catalog::Timesheets() const {
  Statement query(db_,
                  "SELECT agent_id, campaign_id, day, hours_micros FROM timesheets "
                  "ORDER BY day, agent_id, campaign_id");
  if (!query.ok()) return SqliteError(db_, "list timesheets");
  std::vector<TimesheetRecord> timesheets;
  int rc = 0;
  while ((rc = query.Step()) == SQLITE_ROW) {
    timesheets.push_back(TimesheetRecord{query.Text(0), query.Text(1),
                                         static_cast<int32_t>(query.Int(2)), query.Int(3)});
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, "list timesheets");
  return timesheets;
}

Status Catalog::UpsertSnapshots(const std::vector<AccountSnapshot>& snapshots,
                                const std::string& source, int64_t rejected_rows) {
  PAYBACK_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  const auto fail = [this](std::string_view what) {
    Status status = SqliteError(db_, what);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  };
  Statement upsert(db_,
                   "INSERT OR REPLACE INTO snapshots (account_id, month, balance_micros, "
                   "profit_micros) VALUES (?, ?, ?, ?)");
  if (!upsert.ok()) return fail("prepare snapshot upsert");
  for (const AccountSnapshot& snapshot : snapshots) {
    upsert.Reset();
    upsert.Bind(1, snapshot.account_id);
    upsert.Bind(2, static_cast<int64_t>(snapshot.month));
    upsert.Bind(3, snapshot.balance);
    upsert.Bind(4, snapshot.profit);
    if (upsert.Step() != SQLITE_DONE) return fail("upsert snapshot of " + snapshot.account_id);
  }
  Statement log(db_,
                "INSERT INTO ingest_log (kind, source, rows, rejected_rows, at) "
                "VALUES ('snapshots', ?, ?, ?, ?)");
  if (!log.ok()) return fail("prepare snapshot log");
  log.Bind(1, source);
  log.Bind(2, static_cast<int64_t>(snapshots.size()));
  log.Bind(3, rejected_rows);
  log.Bind(4, NowText());
  if (log.Step() != SQLITE_DONE) return fail("log snapshot ingest");
  return Execute("COMMIT");
}

Result<std::vector<AccountSnapshot>> Catalog::Snapshots() const {
  Statement query(db_,
                  "SELECT account_id, month, balance_micros, profit_micros FROM snapshots "
                  "ORDER BY account_id, month");
  if (!query.ok()) return SqliteError(db_, "list snapshots");
  std::vector<AccountSnapshot> snapshots;
  int rc = 0;
  while ((rc = query.Step()) == SQLITE_ROW) {
    snapshots.push_back(AccountSnapshot{query.Text(0), static_cast<int32_t>(query.Int(1)),
                                        query.Int(2), query.Int(3)});
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, "list snapshots");
  return snapshots;
}

Result<std::optional<std::string>> Catalog::CurrentSettings() const {
  Statement query(db_, "SELECT yaml FROM settings ORDER BY version DESC LIMIT 1");
  if (!query.ok()) return SqliteError(db_, "read settings");
  const int rc = query.Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return SqliteError(db_, "read settings");
  return std::optional<std::string>(query.Text(0));
}

Status Catalog::SaveSettings(const std::string& yaml) {
  Statement insert(db_, "INSERT INTO settings (yaml, applied_at) VALUES (?, ?)");
  if (!insert.ok()) return SqliteError(db_, "prepare settings");
  insert.Bind(1, yaml);
  // Microseconds, so that `--settings-as-of` tells apart versions applied in one second.
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  insert.Bind(2, FormatUtc(micros));
  if (insert.Step() != SQLITE_DONE) return SqliteError(db_, "save settings");
  return Status::Ok();
}

Result<int64_t> Catalog::DataVersion() const {
  Statement query(db_, "SELECT COALESCE(MAX(id), 0) FROM ingest_log");
  if (!query.ok() || query.Step() != SQLITE_ROW) return SqliteError(db_, "data version");
  return query.Int(0);
}

Result<std::vector<SettingsRecord>> Catalog::SettingsHistory() const {
  Statement query(db_, "SELECT version, applied_at, yaml FROM settings ORDER BY version");
  if (!query.ok()) return SqliteError(db_, "prepare settings history");
  std::vector<SettingsRecord> history;
  int step = SQLITE_ROW;
  while ((step = query.Step()) == SQLITE_ROW) {
    history.push_back(SettingsRecord{query.Int(0), query.Text(1), query.Text(2)});
  }
  if (step != SQLITE_DONE) return SqliteError(db_, "read settings history");
  return history;
}

Result<int64_t> Catalog::SettingsVersion() const {
  Statement query(db_, "SELECT COALESCE(MAX(version), 0) FROM settings");
  if (!query.ok() || query.Step() != SQLITE_ROW) return SqliteError(db_, "settings version");
  return query.Int(0);
}

Status Catalog::AddToken(const TokenRecord& token) {
  Statement insert(
      db_, "INSERT INTO tokens (id, sha256, role, label, created_at) VALUES (?, ?, ?, ?, ?)");
  if (!insert.ok()) return SqliteError(db_, "prepare token");
  insert.Bind(1, token.id);
  insert.Bind(2, token.sha256);
  insert.Bind(3, token.role);
  insert.Bind(4, token.label);
  insert.Bind(5, NowText());
  if (insert.Step() != SQLITE_DONE) return SqliteError(db_, "add token");
  return Status::Ok();
}

Result<std::vector<TokenRecord>> Catalog::Tokens() const {
  Statement query(db_,
                  "SELECT id, sha256, role, label, created_at FROM tokens ORDER BY created_at, id");
  if (!query.ok()) return SqliteError(db_, "prepare tokens");
  std::vector<TokenRecord> tokens;
  int step = SQLITE_ROW;
  while ((step = query.Step()) == SQLITE_ROW) {
    tokens.push_back(
        TokenRecord{query.Text(0), query.Text(1), query.Text(2), query.Text(3), query.Text(4)});
  }
  if (step != SQLITE_DONE) return SqliteError(db_, "read tokens");
  return tokens;
}

Result<std::optional<TokenRecord>> Catalog::FindToken(const std::string& sha256) const {
  Statement query(db_, "SELECT id, sha256, role, label, created_at FROM tokens WHERE sha256 = ?");
  if (!query.ok()) return SqliteError(db_, "prepare token lookup");
  query.Bind(1, sha256);
  const int step = query.Step();
  if (step == SQLITE_DONE) return std::optional<TokenRecord>();
  if (step != SQLITE_ROW) return SqliteError(db_, "find token");
  return std::optional<TokenRecord>(
      TokenRecord{query.Text(0), query.Text(1), query.Text(2), query.Text(3), query.Text(4)});
}

Result<bool> Catalog::RevokeToken(const std::string& id) {
  Statement remove(db_, "DELETE FROM tokens WHERE id = ?");
  if (!remove.ok()) return SqliteError(db_, "prepare revoke");
  remove.Bind(1, id);
  if (remove.Step() != SQLITE_DONE) return SqliteError(db_, "revoke token");
  return sqlite3_changes(db_) > 0;
}

}  // namespace payback
