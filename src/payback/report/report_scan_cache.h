#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "payback/report.h"
#include "payback/report/selection_tiles.h"

namespace payback {

/// What one scan of the events yields for a report of one period, conversion definition, model
/// and settings, whatever the filter: the per-campaign metrics (by campaign code) and the facts
/// behind the selection-dependent tiles. Immutable once built; shared by the reports that use it.
struct ReportScan {
  explicit ReportScan(SelectionFacts selection_facts) : facts(std::move(selection_facts)) {}

  std::vector<MetricValues> campaigns;
  std::vector<uint8_t> active;  ///< the campaign has an event or credit in the period
  int64_t unattributed = 0;
  /// Costs of events that name no campaign: the workspace's, in an unfiltered report's tiles.
  CostBreakdown workspace_cost;
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
