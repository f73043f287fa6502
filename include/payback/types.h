#pragma once

#include <cstdint>
#include <limits>

namespace payback {

/// A UTC instant in microseconds since the Unix epoch.
using TimestampUs = int64_t;
/// Money in micro-units (1e-6 of the currency unit). Sums stay integral.
using Micros = int64_t;
/// A dictionary code: the position of a string in one of the workspace's dictionaries.
using UserId = uint32_t;
using CampaignId = uint32_t;
using MessageId = uint32_t;
/// Event names are few (architecture.md: event type u16): a workspace holds at most
/// kMaxEventNames distinct names, and ingest refuses a file that would add more.
using EventNameId = uint16_t;
using StringId = uint32_t;

inline constexpr uint32_t kMaxEventNames = uint32_t{std::numeric_limits<EventNameId>::max()} + 1;
/// "No campaign on this event".
inline constexpr CampaignId kNoCampaign = std::numeric_limits<CampaignId>::max();
/// A missing string property value.
inline constexpr StringId kNullString = std::numeric_limits<StringId>::max();
/// A missing numeric property value (fixed-point, 6 decimals).
inline constexpr int64_t kNullNumber = std::numeric_limits<int64_t>::min();
/// Fixed-point scale of numeric properties and money: 6 decimals.
inline constexpr int64_t kMicrosPerUnit = 1'000'000;
inline constexpr int64_t kMicrosPerSecond = 1'000'000;

}  // namespace payback
