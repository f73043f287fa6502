#pragma once

#include <cstdint>
#include <vector>

#include "payback/store/event_columns.h"

namespace payback {

/// Sorts `columns` by (user, ts), stable (rows with equal user and ts keep their order).
/// O(n + users): the rows are scattered into buckets of consecutive users, each then ordered in
/// a core's cache by a counting sort on user and a stable sort of each user's run by ts where
/// the run is not already in order. `user_count` bounds the user codes; requires at most
/// kMaxRows rows. With `user_starts`, it becomes the start of each user's run (user_count + 1
/// offsets) and `columns.user` is left empty: what a loaded store keeps
/// (EventStore::user_starts).
void SortByUserThenTime(EventColumns& columns, uint32_t user_count,
                        std::vector<uint32_t>* user_starts = nullptr);

/// `starts` becomes the start of each user's run of rows (user_count + 1 offsets) in `users`,
/// whose rows are grouped by user in code order.
void CountUserRuns(const std::vector<UserId>& users, uint32_t user_count,
                   std::vector<uint32_t>& starts);

/// The users of rows [begin, end) of runs `starts` (user_count + 1 offsets, as CountUserRuns
/// gives them) into `out`, one a row: the user column the runs stand for, or a piece of it.
void FillUsersFromRuns(const std::vector<uint32_t>& starts, size_t begin, size_t end, UserId* out);

/// The rows of `parts` (consecutive pieces of one batch, in order; codes global; no
/// properties) with `properties` (over the rows of all the parts, in order) sorted by
/// (user, ts) as SortByUserThenTime sorts their concatenation, without making it first: each
/// column is scattered straight from the parts, each part's column freed once read. At most
/// kMaxRows rows in all. `user_starts` as SortByUserThenTime's.
EventColumns SortPartsByUserThenTime(std::vector<EventColumns> parts,
                                     std::vector<PropertyColumn> properties, uint32_t user_count,
                                     std::vector<uint32_t>* user_starts = nullptr);

}  // namespace payback
