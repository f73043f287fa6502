#pragma once

#include <functional>
#include <vector>

#include "payback/campaign.h"
#include "payback/snapshot.h"
#include "payback/status.h"
#include "payback/store/event_store.h"
#include "payback/timesheet.h"

namespace payback {

class ReportScanCache;

/// Everything of a workspace a report reads besides the settings: the events, the campaign
/// catalog, the agents' timesheets (labor cost) and the accounts' month-end snapshots (bank
/// balance and profit). References only: the caller keeps them alive for the call.
struct ReportInputs {
  /// The events; only their dictionaries when `load_events` is set.
  const EventStore& store;
  const std::vector<CampaignRecord>& campaigns;
  const std::vector<TimesheetRecord>& timesheets;
  const std::vector<AccountSnapshot>& snapshots;
  /// Where BuildReport keeps and finds its scans (a snapshot's, for reports with its current
  /// settings); nullptr = scan every time.
  ReportScanCache* scan_cache = nullptr;
  /// When set, `store` holds the dictionaries only (every code as in the whole store) and this
  /// gives the whole store, loading it once, when the report must read events: a report the
  /// cache answers (a saved scan, ReportScanFile) reads none.
  std::function<Result<const EventStore*>()> load_events = nullptr;
  /// The cache's scan must answer every selection (SelectionFacts::AnswersEverySelection), not
  /// only the request's: a warm-up before a dashboard's filter changes.
  bool scan_every_selection = false;
};

}  // namespace payback
