#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "payback/status.h"

namespace payback {

/// What `payback generate` should write.
struct GenerateOptions {
  /// The data set's shape. Only "messaging" (a CleverTap-like push/email/in-app account) for now.
  std::string preset = "messaging";
  /// Number of distinct users. The messaging preset writes about 10 events per user
  /// (kMessagingEventsPerUser): --users 1000000 gives about 10 million events.
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

/// What was written.
struct GenerateSummary {
  /// Rows of campaigns.csv (campaigns that appear only in events are not counted).
  int64_t campaigns = 0;
  /// Rows of events.csv.
  int64_t events = 0;
  /// The paths written, in the order campaigns.csv, events.csv, settings.yaml.
  std::vector<std::string> files;
};

/// The average number of events per user that the messaging preset aims at (the benchmark
/// sizes its data set by it): from 1,000 users up a run lands within 3% of it (1,000,000 users
/// give about 10.06 million events); tiny accounts stray further.
inline constexpr double kMessagingEventsPerUser = 10.0;

/// Writes out_dir/campaigns.csv, out_dir/events.csv (CleverTap export event names, ascending ts)
/// and out_dir/settings.yaml (the data.md settings format) for a synthetic account.
///
/// Deterministic: the output depends only on `options` (its own PRNG, no std:: distributions, no
/// clock, no locale). Memory stays moderate at any size: events are produced and written a day
/// at a time. Fails with kUsage for an unknown preset, users < 1, days < 1 or days > 3650, an
/// empty out_dir; kIoError when a directory or file cannot be created or written (a failed run may
/// leave partial files). Thread-safe: calls with different out_dir may run concurrently.
Result<GenerateSummary> GenerateDataset(const GenerateOptions& options);

}  // namespace payback
