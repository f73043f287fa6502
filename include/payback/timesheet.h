#pragma once

#include <cstdint>
#include <string>

#include "payback/types.h"

namespace payback {

/// One row of agent time, as ingested from a timesheets file (data.md, "Other inputs";
/// `payback ingest -w DIR timesheets FILE`): the hours an agent worked on a campaign on a
/// local date of the workspace time zone. Identity: (agent_id, campaign_id, date); ingesting
/// the same identity again replaces its hours.
struct TimesheetRecord {
  std::string agent_id;     ///< non-empty
  std::string campaign_id;  ///< "" = time not booked to a campaign (workspace-level labor)
  int32_t day = 0;          ///< the local date, days since 1970-01-01 (FormatDate prints it)
  Micros hours = 0;         ///< hours in millionths (7.5 h = 7'500'000), >= 0

  bool operator==(const TimesheetRecord&) const = default;
};

}  // namespace payback
