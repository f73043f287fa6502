#include "payback/report/report_scan_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <utility>
#include <vector>

#include "payback/common/file_util.h"
#include "payback/store/segment_file.h"

namespace payback {
namespace {

constexpr const char* kIdentity = "identity";
constexpr const char* kFirstDay = "days.first_day";
constexpr const char* kDayStarts = "days.starts";

}  // namespace

bool CanSaveReportScan(const ReportScan& scan) { return scan.days.by_day(); }

Status WriteReportScanFile(const std::string& path, const ReportScan& scan,
                           std::string_view identity) {
  if (!CanSaveReportScan(scan)) return Status::Internal("this scan cannot be saved: " + path);
  SegmentWriter writer;
  writer.Add(kIdentity, identity);
  writer.AddValue(kFirstDay, scan.days.first_day());
  writer.AddArray(kDayStarts, scan.days.starts());
  scan.cube.SaveTo(writer, "cube");
  scan.facts.SaveSummaryTo(writer, "facts");
  // A name no other writer uses (several processes may save the same scan at once).
  std::random_device random;
  const std::string temporary = fmt::format("{}.{}-{:08x}.tmp", path, ::getpid(), random());
  Status status = writer.WriteDurably(temporary);
  if (status.ok() && std::rename(temporary.c_str(), path.c_str()) != 0) {
    status = Status::IoError(fmt::format("cannot rename {} to {}", temporary, path));
  }
  if (!status.ok()) (void)RemoveFile(temporary);
  return status;
}

Result<std::shared_ptr<const ReportScan>> ReadReportScanFile(const std::string& path,
                                                             std::string_view identity) {
  PAYBACK_ASSIGN_OR_RETURN(const SegmentReader reader, SegmentReader::Open(path));
  PAYBACK_ASSIGN_OR_RETURN(const std::string saved_identity, reader.Read(kIdentity));
  if (saved_identity != identity) {
    return Status::NotFound(path + ": a scan saved for other data, settings or questions");
  }
  PAYBACK_ASSIGN_OR_RETURN(const int32_t first_day, reader.ReadValue<int32_t>(kFirstDay));
  PAYBACK_ASSIGN_OR_RETURN(std::vector<TimestampUs> starts,
                           reader.ReadVector<TimestampUs>(kDayStarts));
  std::optional<LocalDays> days = LocalDays::FromStarts(first_day, std::move(starts));
  if (!days) return Status::Corruption(path + ": bad days");
  PAYBACK_ASSIGN_OR_RETURN(DayCube cube, DayCube::LoadFrom(reader, "cube"));
  PAYBACK_ASSIGN_OR_RETURN(SelectionFacts facts, SelectionFacts::LoadSummaryFrom(reader, "facts"));
  if (cube.days() != days->count()) {
    return Status::Corruption(path + ": the cube and its days do not fit");
  }
  return std::make_shared<const ReportScan>(std::move(*days), std::move(cube), std::move(facts));
}

}  // namespace payback
