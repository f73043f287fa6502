#pragma once

#include <vector>

#include "payback/campaign.h"
#include "payback/snapshot.h"
#include "payback/store/event_store.h"
#include "payback/timesheet.h"

namespace payback {

class ReportScanCache;

/// Everything of a workspace a report reads besides the settings: the events, the campaign
/// catalog, the agents' timesheets (labor cost) and the accounts' month-end snapshots (bank
/// balance and profit). References only: the caller keeps them alive for the call.
struct ReportInputs {
  const EventStore& store;
  const std::vector<CampaignRecord>& campaigns;
  const std::vector<TimesheetRecord>& timesheets;
  const std::vector<AccountSnapshot>& snapshots;
  /// Where BuildReport keeps and finds its scans (a snapshot's, for reports with its current
  /// settings); nullptr = scan every time.
  ReportScanCache* scan_cache = nullptr;
};

}  // namespace payback
