#pragma once

#include <optional>
#include <string_view>

#include "payback/settings.h"

namespace payback {

/// The settings' words for cost lines (docs/costs.md): `message`, `carrier_fee`,
/// `platform_fee`, `call`, `agent_hour`, `commission`. Thread-safe.
std::string_view CostLineTypeName(CostLineType type);
std::optional<CostLineType> ParseCostLineType(std::string_view name);

/// `outbound` / `inbound`.
std::string_view MessageDirectionName(MessageDirection direction);
std::optional<MessageDirection> ParseMessageDirection(std::string_view name);

/// `month` / `quarter` / `year`, and how many of them a year has (12, 4, 1).
std::string_view FeePeriodName(FeePeriod period);
std::optional<FeePeriod> ParseFeePeriod(std::string_view name);
int PeriodsPerYear(FeePeriod period);

}  // namespace payback
