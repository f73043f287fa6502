#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "payback/status.h"

namespace payback {

/// The data set kinds `payback generate --preset` knows, the default first:
/// - messaging: a CleverTap-like push/email/in-app/SMS/WhatsApp account (messaging_generator.h);
/// - sms: an Emotive-like SMS/MMS account with broadcasts, experiences, replies and the message,
///   carrier and platform costs (sms_generator.h);
/// - call_center: an outbound dialer operation with agents, calls, timesheets and the call,
///   agent-hour and commission costs (call_center_generator.h);
/// - bank: a bank's product campaigns (email, SMS, direct mail, push) with products opened by
///   customers and the accounts' month-end balance and profit snapshots (bank_generator.h);
/// - web: a department store's website with LivePerson-like web engagement campaigns (chat
///   invitations, banners, content), control groups and purchases, leads, page views and
///   signups (web_generator.h).
inline constexpr std::array<std::string_view, 5> kGeneratePresets = {"messaging", "sms",
                                                                     "call_center", "bank", "web"};

/// What `payback generate` should write.
struct GenerateOptions {
  /// The data set's shape: one of kGeneratePresets.
  std::string preset = "messaging";
  /// The size of the account: users (messaging, about kMessagingEventsPerUser events each),
  /// SMS subscribers (sms), contacts in the dial lists (call_center, one agent per
  /// kContactsPerAgent contacts), the bank's customers (bank) or the website's visitors (web).
  int64_t users = 10000;
  /// Directory to write into; created (with its parents) when missing. Existing files of the
  /// same names are replaced.
  std::string out_dir;
  /// The random seed. The same options give byte-identical files on every machine.
  uint64_t seed = 42;
  /// The span of the data in days, ending with the day before end_day (UTC): events lie in
  /// [end_day - days, end_day), days since 1970-01-01.
  int32_t days = 90;
  /// The day after the data, as days since 1970-01-01 (UTC). The default, 2026-04-01, keeps
  /// the output reproducible; `make demo` ends the data today.
  int32_t end_day = 20544;
};

/// What a generated file holds, and so how it is loaded into a workspace.
enum class GeneratedFileKind : uint8_t {
  kSettings,    ///< `payback config apply -w WS FILE`
  kCampaigns,   ///< `payback ingest -w WS campaigns FILE`
  kEvents,      ///< `payback ingest -w WS events FILE`
  kTimesheets,  ///< `payback ingest -w WS timesheets FILE`
  kSnapshots,   ///< `payback ingest -w WS snapshots FILE`
};

struct GeneratedFile {
  GeneratedFileKind kind;
  std::string path;
};

/// What was written.
struct GenerateSummary {
  /// Rows of campaigns.csv (campaigns that appear only in events are not counted).
  int64_t campaigns = 0;
  /// Rows of events.csv.
  int64_t events = 0;
  /// Rows of timesheets.csv (call_center only; 0 otherwise).
  int64_t timesheets = 0;
  /// Rows of snapshots.csv (bank only; 0 otherwise).
  int64_t snapshots = 0;
  /// The files written, in the order they are best loaded: settings.yaml, campaigns.csv,
  /// events.csv, then timesheets.csv (call_center) or snapshots.csv (bank) when the preset
  /// writes one.
  std::vector<GeneratedFile> files;
};

/// Writes a synthetic account of the options' preset into out_dir: campaigns.csv, events.csv
/// (ascending ts), settings.yaml (docs/settings.md, docs/costs.md) and, for call_center,
/// timesheets.csv; for bank, snapshots.csv.
///
/// Deterministic: the output depends only on `options` (own PRNG, no std:: distributions, no
/// clock, no locale). Memory stays moderate at any size: events are written a day at a time.
/// Fails with kUsage for an unknown preset, users < 1 or > 2^31 - 1, days < 1 or > 3650, an end
/// day outside 2000..2099, an empty out_dir; kIoError when a directory or file cannot be
/// created or written (a failed run may leave partial files). Thread-safe: calls with
/// different out_dir may run concurrently.
Result<GenerateSummary> GenerateDataset(const GenerateOptions& options);

}  // namespace payback
