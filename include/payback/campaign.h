#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "payback/types.h"

namespace payback {

/// A campaign's metadata, as ingested from a campaigns file (data.md, "Campaigns").
/// Optional fields are empty / nullopt when the file did not give them.
struct CampaignRecord {
  std::string campaign_id;
  std::string name;
  std::string status;
  std::string created_by;
  std::vector<std::string> labels;
  std::string journey_id;
  std::string channel;
  std::string delivery_type;
  std::string kind;
  std::string goal_type;
  std::optional<Micros> expenses;
  std::vector<std::string> promoted_products;
  std::optional<int64_t> influence_days;
  std::optional<TimestampUs> start;
  std::optional<TimestampUs> end;

  bool operator==(const CampaignRecord&) const = default;
};

}  // namespace payback
