#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/settings.h"
#include "payback/store/event_columns.h"

namespace payback {

/// The canonical engagement types (metrics.md, "Words").
enum class Engagement : uint8_t { kNone, kSent, kDelivered, kViewed, kClicked };

/// Maps input event names to canonical names: the built-in aliases (CleverTap's export names,
/// the bank seed's words) plus the workspace's own, which win on conflict. Immutable.
class EventAliases {
 public:
  explicit EventAliases(const std::vector<std::pair<std::string, std::string>>& workspace_aliases);
  /// The canonical name of `name` (itself when it has no alias).
  std::string_view Canonical(std::string_view name) const;
  /// The built-in defaults, for docs and `config show`.
  static const std::vector<std::pair<std::string, std::string>>& Defaults();

 private:
  std::vector<std::pair<std::string, std::string>> aliases_;
};

/// Per event-name code: its engagement type (after aliases).
std::vector<Engagement> ResolveEngagements(const StringDictionary& event_names,
                                           const EventAliases& aliases);

/// Per event-name code: 1 when the name, after aliases, equals `wanted` after aliases.
std::vector<uint8_t> MatchEventNames(const StringDictionary& event_names,
                                     const EventAliases& aliases, std::string_view wanted);

/// Rank of each code in byte order of its string: the tie-break order of metrics.md
/// (campaign ids and message ids compare as bytes, not by ingest order).
std::vector<uint32_t> RankByBytes(const StringDictionary& dictionary);

}  // namespace payback
