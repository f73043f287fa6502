#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "payback/report/report_scan_cache.h"
#include "payback/status.h"

namespace payback {

/// A scan of all time by local day (ReportScan) saved as a file, so that a new process answers
/// the reports of every campaign over any period of whole days from a few megabytes instead of
/// loading and scanning the events (docs/design.md, "Saved scans"). The file holds the cube and
/// the facts of the selection of every campaign (SelectionFacts::SaveSummaryTo), not each
/// user's pairs: a filter that leaves campaigns out still needs the events. It is a segment
/// file (SegmentWriter: zstd blobs with checksums) whose blob "identity" says what the scan is
/// of (ReportScanCache::ScanFiles: the format, the data and settings versions, the conversion
/// and the model); a file of another identity is never read as this one.

/// Whether `scan` can be saved: a scan by day (not the single day of one period).
bool CanSaveReportScan(const ReportScan& scan);

/// Writes `scan` (CanSaveReportScan) to `path` durably, as a temporary file renamed into place,
/// so that a reader sees the whole file or none. kIoError when it cannot.
Status WriteReportScanFile(const std::string& path, const ReportScan& scan,
                           std::string_view identity);

/// The scan saved at `path` for `identity`: a scan that answers the selection of every campaign
/// (SelectionFacts::Answers). kNotFound when there is no such file or it was saved for another
/// identity; kCorruption when it is damaged.
Result<std::shared_ptr<const ReportScan>> ReadReportScanFile(const std::string& path,
                                                             std::string_view identity);

}  // namespace payback
