#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
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
/// used scans. Thread-safe.
class ReportScanCache {
 public:
  explicit ReportScanCache(size_t capacity = 4) : capacity_(capacity) {}

  std::shared_ptr<const ReportScan> Find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t idx = 0; idx < entries_.size(); ++idx) {
      if (entries_[idx].first == key) {
        auto entry = std::move(entries_[idx]);
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(idx));
        entries_.push_back(std::move(entry));  // most recently used last
        return entries_.back().second;
      }
    }
    return nullptr;
  }

  /// The number of scans held.
  size_t size() {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
  }

  void Store(const std::string& key, std::shared_ptr<const ReportScan> scan) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& entry : entries_) {
      if (entry.first == key) {
        entry.second = std::move(scan);
        return;
      }
    }
    if (capacity_ == 0) return;
    if (entries_.size() == capacity_) entries_.erase(entries_.begin());
    entries_.emplace_back(key, std::move(scan));
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::shared_ptr<const ReportScan>>> entries_;
};

}  // namespace payback
