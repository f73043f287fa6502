#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payback/status.h"
#include "payback/store/event_columns.h"

namespace payback {

/// The sizes of the six dictionaries at one moment: a segment stores the entries its batch
/// added beyond these sizes (its dictionary delta), so codes stay global and no remapping is
/// needed at load. Segments must therefore be loaded in commit order.
struct DictionarySizes {
  uint32_t users = 0;
  uint32_t event_names = 0;
  uint32_t campaigns = 0;
  uint32_t messages = 0;
  uint32_t property_keys = 0;
  uint32_t strings = 0;

  static DictionarySizes Of(const Dictionaries& dictionaries);
};

/// The events of a workspace in memory: dictionaries plus columns sorted by (user, ts), and
/// the start of each user's run. Immutable once loaded; const access is thread-safe.
struct EventStore {
  /// dictionaries.users is empty in a store loaded with UserNames::kSkip (user_count() holds).
  Dictionaries dictionaries;
  EventColumns events;
  /// user_starts[u] .. user_starts[u + 1] are the rows of user u (size = users + 1); 4 bytes a
  /// user, as a store holds at most kMaxRows rows.
  std::vector<uint32_t> user_starts;

  /// The users, whether or not their ids were loaded.
  uint32_t user_count() const {
    return user_starts.empty() ? 0 : static_cast<uint32_t>(user_starts.size() - 1);
  }
};

/// Whether a load reads the users' ids. Reports never need them, only user codes: at 10M
/// users the dictionary takes ~240 MB and a tenth of the load. Explain does need them
/// (LoadUserDictionary); an ingest codes new rows against them (LoadDictionaries).
enum class UserNames { kLoad, kSkip };

/// The code of property key `name` in `store`, or nullopt when no event carries it. A linear
/// scan over the (few) property keys, so a const store needs no dictionary index; thread-safe.
std::optional<uint32_t> FindPropertyKey(const EventStore& store, std::string_view name);

/// The value of property `key` at `row` as a number in micro-units (fixed6): the stored number,
/// or a stored text that ParseFixed6 accepts (a key may hold numbers in one file and text in
/// another); nullopt when the row has no value or a text that is not a number. Requires
/// row < store.events.size(); a key out of range gives nullopt. Thread-safe.
std::optional<Micros> NumericPropertyAt(const EventStore& store, uint32_t key, uint64_t row);

/// The value of property `key` at `row` as text: a stored string as it is, a stored number as
/// FormatFixed6 writes it (`10045`, `2.5`), so that an id column a CSV file read as numbers
/// still matches the same id given as text elsewhere; nullopt when the row has no value.
/// `scratch` holds the text of a number (the view points into it). Thread-safe.
std::optional<std::string_view> PropertyTextAt(const EventStore& store, uint32_t key, uint64_t row,
                                               std::string& scratch);

/// The first and the last instant of the store's events, read from each user's first and last
/// row (rows are in (user, ts) order): O(users). nullopt without events. Thread-safe.
std::optional<std::pair<TimestampUs, TimestampUs>> EventSpan(const EventStore& store);

/// Fills store.user_starts from store.events, whose rows must already be sorted by user
/// (SortByUserThenTime), for every code of store.dictionaries.users.
void IndexUserRuns(EventStore& store);

/// Writes one batch as a segment file, durably. `batch` rows must be sorted by (user, ts);
/// `base` are the dictionary sizes before the batch added its strings. With `user_starts` (the
/// start of each user's run, as SortByUserThenTime gives them) the batch has no user column:
/// the segment is the same as with the column the runs stand for, which is never made whole.
Status WriteEventSegment(const std::string& path, const EventColumns& batch,
                         const Dictionaries& dictionaries, const DictionarySizes& base,
                         const std::vector<uint32_t>* user_starts = nullptr);

/// Loads only the dictionaries of the given segment files (in commit order): what an ingest
/// needs to code a new batch (UserNames::kLoad), or a report to resolve its request (kSkip: the
/// user dictionary stays empty). kCorruption when a segment is damaged or out of order.
Status LoadDictionaries(const std::vector<std::string>& segment_paths, Dictionaries& dictionaries,
                        UserNames user_names = UserNames::kLoad);

/// Loads every segment (in commit order) into an EventStore sorted by (user, ts); its user
/// dictionary stays empty with UserNames::kSkip.
Result<EventStore> LoadEventStore(const std::vector<std::string>& segment_paths,
                                  UserNames user_names = UserNames::kLoad);

/// Loads only the user dictionary of the given segment files (in commit order) into `users`,
/// which must be empty or hold the users of the segments before them: the ids of a store
/// loaded with UserNames::kSkip. kCorruption when a segment is damaged or out of order.
Status LoadUserDictionary(const std::vector<std::string>& segment_paths, StringDictionary& users);

}  // namespace payback
