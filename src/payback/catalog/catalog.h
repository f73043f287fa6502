#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "payback/campaign.h"
#include "payback/snapshot.h"
#include "payback/status.h"
#include "payback/timesheet.h"

struct sqlite3;

namespace payback {

/// One committed segment file of the workspace (the manifest row).
struct SegmentRecord {
  int64_t id = 0;
  std::string file;  ///< name inside the workspace's segments/ directory
  std::string kind;  ///< "events"
  int64_t rows = 0;
  std::string source;  ///< the input's display name
  std::string ingested_at;
};

/// One applied settings file, as kept in the history.
struct SettingsRecord {
  int64_t version = 0;     ///< 1, 2, ... in order of application
  std::string applied_at;  ///< UTC, ISO 8601 (microseconds since this field's introduction)
  std::string yaml;
};

/// One API token as stored: only the SHA-256 of the secret is kept (issue 4, docs/api.md).
struct TokenRecord {
  std::string id;      ///< public identifier, shown by `token list` and used to revoke
  std::string sha256;  ///< lower-case hex SHA-256 of the whole token text
  std::string role;    ///< "admin", "editor" or "viewer"
  std::string label;
  std::string created_at;
};

/// The workspace catalog: a SQLite database (WAL, synchronous=FULL) with the manifest of
/// segments, the campaigns, the timesheets, the account snapshots, the settings and their history,
/// and an ingest log. Every mutation is one transaction, so it is all-or-nothing and durable when
/// it returns OK. One Catalog object is not thread-safe; several processes may open the same file
/// (SQLite serialises them; writers also hold the workspace lock).
class Catalog {
 public:
  /// Creates the schema in a new database file. kAlreadyExists when it exists.
  static Result<Catalog> Create(const std::string& path);
  /// Opens an existing catalog. kNotFound when there is none.
  static Result<Catalog> Open(const std::string& path);

  Catalog(Catalog&&) noexcept;
  Catalog& operator=(Catalog&&) noexcept;
  ~Catalog();

  /// The committed segments in commit order.
  Result<std::vector<SegmentRecord>> Segments() const;
  /// Commits a segment (its file must already be durable) and logs the ingest; returns its id.
  Result<int64_t> CommitSegment(const SegmentRecord& segment, int64_t rejected_rows);

  /// Inserts or updates campaigns (by campaign_id) in one transaction, and logs the ingest.
  Status UpsertCampaigns(const std::vector<CampaignRecord>& campaigns, const std::string& source,
                         int64_t rejected_rows);
  /// Every campaign, ordered by campaign_id.
  Result<std::vector<CampaignRecord>> Campaigns() const;

  /// Inserts or replaces timesheet rows (by agent_id, campaign_id, day) in one transaction,
  /// and logs the ingest (kind "timesheets"), so DataVersion moves. Rows of other identities
  /// stay. On failure nothing changes.
  Status UpsertTimesheets(const std::vector<TimesheetRecord>& timesheets, const std::string& source,
                          int64_t rejected_rows);
  /// Every timesheet row, ordered by (day, agent_id, campaign_id).
  Result<std::vector<TimesheetRecord>> Timesheets() const;

  /// Inserts or replaces account snapshots (by account_id, month) in one transaction, and logs
  /// the ingest (kind "snapshots"), so DataVersion moves. Snapshots of other identities stay.
  /// On failure nothing changes.
  Status UpsertSnapshots(const std::vector<AccountSnapshot>& snapshots, const std::string& source,
                         int64_t rejected_rows);
  /// Every account snapshot, ordered by (account_id, month) (account ids byte-wise).
  Result<std::vector<AccountSnapshot>> Snapshots() const;

  /// The settings in force as YAML text, nullopt before the first `config apply`.
  Result<std::optional<std::string>> CurrentSettings() const;
  /// Stores a new settings version (older versions stay as history).
  Status SaveSettings(const std::string& yaml);
  /// Every settings version ever applied, oldest first.
  Result<std::vector<SettingsRecord>> SettingsHistory() const;
  /// A number that changes whenever events, campaigns, timesheets or snapshots change (for
  /// caches and the API).
  Result<int64_t> DataVersion() const;
  /// A number that changes whenever settings are saved (0 before the first).
  Result<int64_t> SettingsVersion() const;

  /// Stores a token (its id and hash must be new; created_at is set here).
  Status AddToken(const TokenRecord& token);
  /// Every token, oldest first.
  Result<std::vector<TokenRecord>> Tokens() const;
  /// The token whose hash is `sha256`, if any.
  Result<std::optional<TokenRecord>> FindToken(const std::string& sha256) const;
  /// Deletes the token `id`; false when there was none.
  Result<bool> RevokeToken(const std::string& id);

 private:
  explicit Catalog(sqlite3* db) : db_(db) {}
  Status Execute(const std::string& sql) const;

  sqlite3* db_ = nullptr;
};

}  // namespace payback
