#include "payback/report/report_scan_cache.h"

#include <fmt/format.h>

#include <cinttypes>
#include <cstdio>

#include "payback/common/file_util.h"
#include "payback/common/sha256.h"
#include "payback/report/report_scan_file.h"

namespace payback {
namespace {

constexpr std::string_view kByDaySuffix = "|days";
constexpr std::string_view kFilePrefix = "scan-";
constexpr std::string_view kFileSuffix = ".pbscan";

}  // namespace

std::string ReportScanCache::ByDayKey(std::string_view conversion, std::string_view model) {
  return fmt::format("{}|{}{}", conversion, model, kByDaySuffix);
}

std::string ReportScanCache::PeriodKey(std::string_view conversion, std::string_view model,
                                       TimestampUs from, TimestampUs to) {
  // Ends with a number, never with kByDaySuffix.
  return fmt::format("{}|{}|{}|{}", conversion, model, from, to);
}

bool ReportScanCache::IsByDayKey(const std::string& key) const {
  return key.ends_with(kByDaySuffix);
}

std::string ReportScanCache::Identity(const std::string& key) const {
  return fmt::format(
      "payback report scan, format {}, data version {} ({}), settings version {}: {}", kFileFormat,
      files_->data_version, files_->data_token, files_->settings_version, key);
}

std::string ReportScanCache::FilePath(const std::string& key) const {
  // The versions lead the name, so that older files are found without reading them.
  return JoinPath(files_->dir,
                  fmt::format("{}{}-{}-{}{}", kFilePrefix, files_->data_version,
                              files_->settings_version, Sha256Hex(key).substr(0, 16), kFileSuffix));
}

std::shared_ptr<const ReportScan> ReportScanCache::Find(const std::string& key) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t idx = 0; idx < entries_.size(); ++idx) {
      if (entries_[idx].first == key) {
        auto entry = std::move(entries_[idx]);
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(idx));
        entries_.push_back(std::move(entry));  // most recently used last
        return entries_.back().second;
      }
    }
  }
  if (!files_ || !IsByDayKey(key)) return nullptr;
  // Any failure (no file, another identity, a damaged file) is a miss: the caller scans.
  auto saved = ReadReportScanFile(FilePath(key), Identity(key));
  if (!saved.ok()) return nullptr;
  Remember(key, *saved);
  return *saved;
}

void ReportScanCache::Store(const std::string& key, std::shared_ptr<const ReportScan> scan) {
  Remember(key, scan);
  if (!files_ || !IsByDayKey(key) || !CanSaveReportScan(*scan)) return;
  const std::string path = FilePath(key);
  if (PathExists(path)) return;
  if (!CreateDirectories(files_->dir).ok()) return;
  if (WriteReportScanFile(path, *scan, Identity(key)).ok()) RemoveOlderFiles();
}

void ReportScanCache::Remember(const std::string& key, std::shared_ptr<const ReportScan> scan) {
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

size_t ReportScanCache::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

void ReportScanCache::RemoveOlderFiles() const {
  auto files = ListFiles(files_->dir);
  if (!files.ok()) return;
  for (const std::string& name : *files) {
    if (!name.starts_with(kFilePrefix)) continue;
    int64_t data_version = 0;
    int64_t settings_version = 0;
    if (std::sscanf(name.c_str() + kFilePrefix.size(), "%" SCNd64 "-%" SCNd64, &data_version,
                    &settings_version) != 2) {
      continue;
    }
    // Files of newer versions belong to newer snapshots (and so do their temporary files).
    if (data_version < files_->data_version || settings_version < files_->settings_version) {
      (void)RemoveFile(JoinPath(files_->dir, name));
    }
  }
}

}  // namespace payback
