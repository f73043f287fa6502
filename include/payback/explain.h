#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "payback/types.h"

namespace payback {

/// `payback explain` request: one user's conversions under one definition and model.
struct ExplainRequest {
  std::string user_id;
  std::string conversion;  ///< "" = the first definition
  std::string model;       ///< "" = the definition's model
  std::optional<TimestampUs> from;
  std::optional<TimestampUs> to;
};

/// One candidate touch of a conversion and the credit it received.
struct ExplainedTouch {
  TimestampUs ts = 0;
  std::string event;  ///< the event name as ingested
  std::string campaign_id;
  std::string message_id;
  double weight = 0;
  /// weight x the conversion's value, in 1e-12 of the currency; nullopt without a value.
  std::optional<__int128> revenue_pico;
};

/// One conversion of the user and how its credit was split.
struct ExplainedConversion {
  TimestampUs ts = 0;
  std::string event;
  std::optional<Micros> value;
  std::vector<ExplainedTouch> candidates;  ///< canonical order (ts, campaign, message)
};

/// The audit trail behind the numbers for one user.
struct Explanation {
  std::string user_id;
  std::string conversion;
  std::string model;
  int64_t window_s = 0;
  std::string timezone;
  std::string currency;
  int currency_digits = 2;
  bool has_revenue = false;
  std::vector<ExplainedConversion> conversions;
  /// Conversion-type events of the user that the definition's `where` filter left out.
  int64_t filtered_out = 0;
};

}  // namespace payback
