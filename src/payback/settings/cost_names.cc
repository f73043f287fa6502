#include "payback/settings/cost_names.h"

#include <array>
#include <utility>

namespace payback {
namespace {

template <typename Enum, size_t N>
std::optional<Enum> Find(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         std::string_view name) {
  for (const auto& [value, text] : names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, text] : names) {
    if (candidate == value) return text;
  }
  return "?";
}

constexpr std::array<std::pair<CostLineType, std::string_view>, 6> kTypes = {{
    {CostLineType::kMessage, "message"},
    {CostLineType::kCarrierFee, "carrier_fee"},
    {CostLineType::kPlatformFee, "platform_fee"},
    {CostLineType::kCall, "call"},
    {CostLineType::kAgentHour, "agent_hour"},
    {CostLineType::kCommission, "commission"},
}};

constexpr std::array<std::pair<MessageDirection, std::string_view>, 2> kDirections = {{
    {MessageDirection::kOutbound, "outbound"},
    {MessageDirection::kInbound, "inbound"},
}};

constexpr std::array<std::pair<FeePeriod, std::string_view>, 3> kPeriods = {{
    {FeePeriod::kMonth, "month"},
    {FeePeriod::kQuarter, "quarter"},
    {FeePeriod::kYear, "year"},
}};

}  // namespace

std::string_view CostLineTypeName(CostLineType type) { return NameOf(kTypes, type); }
std::optional<CostLineType> ParseCostLineType(std::string_view name) { return Find(kTypes, name); }

std::string_view MessageDirectionName(MessageDirection direction) {
  return NameOf(kDirections, direction);
}
std::optional<MessageDirection> ParseMessageDirection(std::string_view name) {
  return Find(kDirections, name);
}

std::string_view FeePeriodName(FeePeriod period) { return NameOf(kPeriods, period); }
std::optional<FeePeriod> ParseFeePeriod(std::string_view name) { return Find(kPeriods, name); }
int PeriodsPerYear(FeePeriod period) {
  switch (period) {
    case FeePeriod::kMonth:
      return 12;
    case FeePeriod::kQuarter:
      return 4;
    case FeePeriod::kYear:
      return 1;
  }
  return 1;
}

}  // namespace payback
