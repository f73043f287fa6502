#pragma once

#include <cstdint>
#include <vector>

#include "payback/store/sparse_column.h"
#include "payback/store/string_dictionary.h"
#include "payback/store/timestamp_column.h"
#include "payback/types.h"

namespace payback {

/// One property (a key of the events' extra fields) as columns. A key may hold numbers in one
/// file and strings in another, so there are two sparse columns (most events carry few of the
/// keys); each reads kNullNumber / kNullString for rows without a value of that kind, and is
/// empty() when no row has one.
struct PropertyColumn {
  SparseColumn<int64_t, kNullNumber> numbers;   ///< fixed-point, 6 decimals
  SparseColumn<StringId, kNullString> strings;  ///< codes into Dictionaries::strings
};

/// Events as columns (architecture.md, "store"). All codes index the workspace dictionaries.
/// A batch and the loaded store both keep their rows sorted by (user, ts), ties in ingest
/// order, so that attribution walks each user's events in time order without a sort.
struct EventColumns {
  std::vector<UserId> user;  ///< empty in a loaded EventStore (its user_starts hold the runs)
  TimestampColumn ts;        ///< 4 bytes a row in a loaded store when its instants allow
  std::vector<EventNameId> event;
  std::vector<CampaignId> campaign;        ///< kNoCampaign when the event names none
  std::vector<MessageId> message;          ///< code of "" when the event has no message_id
  std::vector<PropertyColumn> properties;  ///< indexed by property-key code

  /// The rows. A loaded store keeps no `user` column (EventStore::user_starts replaces it).
  size_t size() const { return ts.size(); }
  /// Appends the rows of `other` (same dictionaries), widening property columns with nulls.
  void Append(EventColumns&& other);
};

/// The workspace's dictionaries: every string an event column refers to.
struct Dictionaries {
  StringDictionary users;
  StringDictionary event_names;
  StringDictionary campaigns;
  StringDictionary messages;  ///< code 0 is always "" (no message_id)
  StringDictionary property_keys;
  StringDictionary strings;  ///< string property values
};

/// The most rows a batch or a loaded store holds: row numbers are 4 bytes in the sort.
inline constexpr size_t kMaxRows = UINT32_MAX;

}  // namespace payback
