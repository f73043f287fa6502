#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/report.h"
#include "payback/report/day_cube.h"
#include "payback/report/local_days.h"
#include "payback/report/selection_tiles.h"

namespace payback {

/// What one scan of the events yields for a conversion definition, model and settings, whatever
/// the filter: the per-campaign metrics by day (DayCube, by campaign code) and the facts behind
/// the selection-dependent tiles, over `days`: every local day of the events (a scan of all
/// time, which answers any period from midnight to midnight) or the single day of one period.
/// Immutable once built; shared by the reports that use it.
struct ReportScan {
  ReportScan(LocalDays scan_days, DayCube day_cube, SelectionFacts selection_facts)
      : days(std::move(scan_days)), cube(std::move(day_cube)), facts(std::move(selection_facts)) {}

  LocalDays days;
  DayCube cube;
  SelectionFacts facts;
};

/// The recent scans of one workspace snapshot (its data and settings never change), so that a
/// dashboard's filter change is answered from memory: BuildReport looks its scan up by period,
/// conversion and model, and only scans when it is missing. Keeps the `capacity` most recently
/// used scans. With ScanFiles, it also keeps the scans of all time by day in files
/// (ReportScanFile), so that the next process finds them too. Thread-safe.
class ReportScanCache {
 public:
  /// Where and for which versions of the workspace scans are kept in files.
  struct ScanFiles {
    std::string dir;  ///< created on the first save
    int64_t data_version = 0;
    int64_t settings_version = 0;
    /// What else tells this data from other data of the same version (a workspace made
    /// anew in the same directory): the segments' names, say.
    std::string data_token;
  };
  /// Bump when what a scan records, or how, changes: files of another format are not read.
  static constexpr int kFileFormat = 1;

  explicit ReportScanCache(size_t capacity = 4, std::optional<ScanFiles> files = std::nullopt)
      : capacity_(capacity), files_(std::move(files)) {}

  /// The key of the scan of all time by local day for a conversion and a model.
  static std::string ByDayKey(std::string_view conversion, std::string_view model);
  /// The key of the scan of the period [from, to) for a conversion and a model.
  static std::string PeriodKey(std::string_view conversion, std::string_view model,
                               TimestampUs from, TimestampUs to);

  /// The scan of `key`, from memory or, for a ByDayKey, from its file (which then answers the
  /// selection of every campaign only: SelectionFacts::Answers); nullptr when there is none.
  std::shared_ptr<const ReportScan> Find(const std::string& key);

  /// Keeps `scan` under `key` and, for a ByDayKey scan that can be saved (CanSaveReportScan)
  /// and whose file is missing, saves it. A failed save only means the next process scans.
  void Store(const std::string& key, std::shared_ptr<const ReportScan> scan);

  /// The number of scans held in memory.
  size_t size();

  /// The file of the scan of `key` (a ByDayKey), with ScanFiles.
  std::string FilePath(const std::string& key) const;

 private:
  bool IsByDayKey(const std::string& key) const;
  std::string Identity(const std::string& key) const;
  void Remember(const std::string& key, std::shared_ptr<const ReportScan> scan);
  /// Removes the scan files of older versions than files_'.
  void RemoveOlderFiles() const;

  const size_t capacity_;
  const std::optional<ScanFiles> files_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::shared_ptr<const ReportScan>>> entries_;
};

}  // namespace payback
