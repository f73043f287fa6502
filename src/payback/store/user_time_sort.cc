#include "payback/store/user_time_sort.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "payback/common/assert.h"
#include "payback/common/fresh_memory.h"
#include "payback/common/parallel.h"

namespace payback {
namespace {

/// Whether row `first_row` of `first` may come before row `second_row` of `second` in (user, ts)
/// order.
bool InOrder(const EventColumns& first, size_t first_row, const EventColumns& second,
             size_t second_row) {
  return first.user[first_row] < second.user[second_row] ||
         (first.user[first_row] == second.user[second_row] &&
          first.ts[first_row] <= second.ts[second_row]);
}

/// The users of one task of the steps that go user by user.
constexpr size_t kUsersPerTask = 1 << 16;

/// Consecutive rows of one part, read by one task.
struct RowRange {
  size_t part = 0;
  size_t begin = 0;
  size_t end = 0;
};

/// Where no row comes from (rows are numbered below kMaxRows).
constexpr uint32_t kNoRow = UINT32_MAX;

/// A part's rows' numbers in the parts' concatenation where `marked` (over the concatenation)
/// holds a 1, kNoRow elsewhere, read like a column.
struct MarkedRowNumbers {
  uint32_t first = 0;
  const std::vector<uint64_t>* marked = nullptr;
  uint32_t operator[](size_t row) const {
    const size_t number = first + row;
    const size_t word = number / 64;
    return word < marked->size() && (((*marked)[word] >> (number % 64)) & 1) != 0
               ? static_cast<uint32_t>(number)
               : kNoRow;
  }
};

/// How the sort moves a column without reading or writing it at random over its whole length
/// (a random access to a 100M-row column misses every cache: a gather through a permutation of
/// all the rows cost a miss a row). The rows go to buckets of consecutive user codes: a power
/// of two of them, so a row's bucket is its user shifted, about kBucketRows rows each at the
/// average rows a user, which a core's cache holds. A column moves in two steps:
/// - Scatter copies it from the parts into bucket order, stably: the parts are read in
///   sequence, and each bucket is one sequential write stream;
/// - Order puts each bucket's rows in place through `local_order_` (which of the bucket's rows
///   goes at each place), found once from the users (OrderByUser) and the timestamps
///   (OrderByTime): every random access stays within one bucket.
class BucketPlan {
 public:
  static constexpr uint64_t kBucketRows = uint64_t{1} << 17;

  BucketPlan(const std::vector<EventColumns>& parts, uint32_t user_count);

  /// The column whose part `part` reads as column_of(part)[row], in bucket order: in memory
  /// of the plan's, which every Scatter uses again (one allocation for every column: fresh
  /// memory is faulted in a page at a time), valid until the next.
  template <typename T, typename ColumnOf>
  const T* Scatter(const ColumnOf& column_of);
  /// Finds local_order_ from the users in bucket order (a counting sort of each bucket), and
  /// the start of each user's run (user_count + 1 offsets) in `user_starts`.
  void OrderByUser(const UserId* bucketed_users, std::vector<uint32_t>& user_starts);
  /// The timestamps in bucket order (instants, or units of one narrow form) put in place, with
  /// each user's run then put in time order where it is not (stably): local_order_ follows, so
  /// the columns ordered after follow too.
  template <typename T>
  std::vector<T> OrderByTime(const T* bucketed, const std::vector<uint32_t>& user_starts);
  /// A column in bucket order put in place.
  template <typename T>
  std::vector<T> Order(const T* bucketed) const;
  /// The rows that `bucketed` (row numbers in bucket order) does not hold kNoRow for, put in
  /// place as Order would, without the whole column: their places in `targets` (ascending) and
  /// their row numbers in `sources`.
  void PlacesOfMarked(const uint32_t* bucketed, std::vector<uint32_t>& targets,
                      std::vector<uint32_t>& sources) const;

 private:
  /// The users of `bucket`: [first, end).
  std::pair<uint64_t, uint64_t> UsersOf(size_t bucket) const {
    const uint64_t first = uint64_t{bucket} << shift_;
    return {first, std::min<uint64_t>(user_count_, first + (uint64_t{1} << shift_))};
  }

  const std::vector<EventColumns>& parts_;
  uint32_t user_count_ = 0;
  size_t rows_ = 0;
  unsigned shift_ = 0;  ///< a row's bucket is its user >> shift_
  size_t buckets_ = 1;
  std::vector<RowRange> ranges_;
  /// Where range r's first row of bucket b goes: cursors_[r * buckets_ + b].
  std::vector<uint32_t> cursors_;
  std::vector<uint32_t> bucket_starts_;  ///< buckets_ + 1 offsets
  /// Order's tasks: a bucket's rows, a large bucket's (one user with many rows) in pieces, so
  /// that every core takes part however few the buckets.
  struct Place {
    uint32_t begin = 0;
    uint32_t end = 0;
    uint32_t bucket_begin = 0;
  };
  std::vector<Place> places_;
  std::unique_ptr<uint32_t[]> local_order_;      ///< a row a place
  std::unique_ptr<std::byte[]> scatter_memory_;  ///< 8 bytes a row: the widest column
};

BucketPlan::BucketPlan(const std::vector<EventColumns>& parts, uint32_t user_count)
    : parts_(parts), user_count_(user_count) {
  for (const EventColumns& part : parts) rows_ += part.size();
  while (shift_ < 31 && (uint64_t{2} << shift_) * rows_ <= kBucketRows * user_count) ++shift_;
  buckets_ = std::max<size_t>(1, (uint64_t{user_count} + (uint64_t{1} << shift_) - 1) >> shift_);
  // Ranges small enough to balance the cores, large enough that their cursors stay few.
  const size_t range_rows =
      std::clamp<size_t>(rows_ / (4 * WorkerCount()), size_t{1} << 12, size_t{1} << 20);
  for (size_t part = 0; part < parts.size(); ++part) {
    for (size_t begin = 0; begin < parts[part].size(); begin += range_rows) {
      ranges_.push_back(RowRange{part, begin, std::min(parts[part].size(), begin + range_rows)});
    }
  }
  // Each range counts its rows of each bucket; a bucket's rows of one range go after those of
  // the ranges before it, so the scatter is stable.
  cursors_.assign(ranges_.size() * buckets_, 0);
  ParallelFor(ranges_.size(), [&](size_t /*worker*/, size_t range_idx) {
    const RowRange& range = ranges_[range_idx];
    const UserId* users = parts[range.part].user.data();
    uint32_t* counts = cursors_.data() + range_idx * buckets_;
    for (size_t row = range.begin; row < range.end; ++row) ++counts[users[row] >> shift_];
  });
  bucket_starts_.assign(buckets_ + 1, 0);
  uint32_t offset = 0;
  for (size_t bucket = 0; bucket < buckets_; ++bucket) {
    bucket_starts_[bucket] = offset;
    for (size_t range_idx = 0; range_idx < ranges_.size(); ++range_idx) {
      uint32_t& cursor = cursors_[range_idx * buckets_ + bucket];
      const uint32_t count = cursor;
      cursor = offset;
      offset += count;
    }
  }
  bucket_starts_[buckets_] = offset;
  constexpr uint32_t kPlaceRows = 1 << 16;
  for (size_t bucket = 0; bucket < buckets_; ++bucket) {
    const uint32_t bucket_end = bucket_starts_[bucket + 1];
    for (uint32_t begin = bucket_starts_[bucket]; begin < bucket_end;) {
      const uint32_t end = bucket_end - begin > kPlaceRows ? begin + kPlaceRows : bucket_end;
      places_.push_back(Place{begin, end, bucket_starts_[bucket]});
      begin = end;
    }
  }
}

template <typename T, typename ColumnOf>
const T* BucketPlan::Scatter(const ColumnOf& column_of) {
  static_assert(sizeof(T) <= sizeof(TimestampUs) && std::is_trivially_copyable_v<T>);
  if (scatter_memory_ == nullptr) {
    scatter_memory_ = std::make_unique_for_overwrite<std::byte[]>(rows_ * sizeof(TimestampUs));
  }
  // The memory held other columns' values before: a new array of bytes there, and the Ts in
  // it, begin their lifetime now (for trivially copyable T, implicitly).
  T* const bucketed = std::launder(
      reinterpret_cast<T*>(::new (scatter_memory_.get()) std::byte[rows_ * sizeof(T)]));
  ParallelFor(ranges_.size(), [&](size_t /*worker*/, size_t range_idx) {
    const RowRange& range = ranges_[range_idx];
    const UserId* users = parts_[range.part].user.data();
    const auto& column = column_of(range.part);
    std::vector<uint32_t> cursor(
        cursors_.begin() + static_cast<ptrdiff_t>(range_idx * buckets_),
        cursors_.begin() + static_cast<ptrdiff_t>((range_idx + 1) * buckets_));
    for (size_t row = range.begin; row < range.end; ++row) {
      bucketed[cursor[users[row] >> shift_]++] = column[row];
    }
  });
  return bucketed;
}

void BucketPlan::OrderByUser(const UserId* bucketed_users, std::vector<uint32_t>& user_starts) {
  local_order_ = std::make_unique_for_overwrite<uint32_t[]>(rows_);
  user_starts.assign(size_t{user_count_} + 1, 0);
  user_starts[user_count_] = static_cast<uint32_t>(rows_);
  std::vector<std::vector<uint32_t>> worker_counts(WorkerCount());
  ParallelFor(buckets_, [&](size_t worker, size_t bucket) {
    const uint32_t begin = bucket_starts_[bucket];
    const uint32_t end = bucket_starts_[bucket + 1];
    const auto [first_user, end_user] = UsersOf(bucket);
    std::vector<uint32_t>& cursor = worker_counts[worker];
    cursor.assign(end_user - first_user, 0);
    for (uint32_t row = begin; row < end; ++row) ++cursor[bucketed_users[row] - first_user];
    uint32_t offset = begin;
    for (uint64_t user = first_user; user < end_user; ++user) {
      const uint32_t count = cursor[user - first_user];
      cursor[user - first_user] = offset;
      user_starts[user] = offset;
      offset += count;
    }
    for (uint32_t row = begin; row < end; ++row) {
      local_order_[cursor[bucketed_users[row] - first_user]++] = row - begin;
    }
  });
}

template <typename T>
std::vector<T> BucketPlan::OrderByTime(const T* bucketed,
                                       const std::vector<uint32_t>& user_starts) {
  std::vector<T> ordered = Order(bucketed);
  // Each user's run where the input was not in time order, sorted stably by its timestamps
  // with its places in local_order_ alongside (a user's rows are all in one bucket).
  ParallelForRows(user_count_, kUsersPerTask, [&](size_t /*task*/, size_t first, size_t end) {
    std::vector<std::pair<T, uint32_t>> run;
    for (size_t user = first; user < end; ++user) {
      const auto begin = ordered.begin() + user_starts[user];
      const auto finish = ordered.begin() + user_starts[user + 1];
      if (std::is_sorted(begin, finish)) continue;
      run.clear();
      for (uint32_t row = user_starts[user]; row < user_starts[user + 1]; ++row) {
        run.emplace_back(ordered[row], local_order_[row]);
      }
      std::stable_sort(run.begin(), run.end(), [](const auto& left, const auto& right) {
        return left.first < right.first;
      });
      for (size_t idx = 0; idx < run.size(); ++idx) {
        ordered[user_starts[user] + idx] = run[idx].first;
        local_order_[user_starts[user] + idx] = run[idx].second;
      }
    }
  });
  return ordered;
}

template <typename T>
std::vector<T> BucketPlan::Order(const T* bucketed) const {
  std::vector<T> ordered;
  ResizeFaulted(ordered, rows_);
  ParallelFor(places_.size(), [&](size_t /*worker*/, size_t task) {
    const Place& place = places_[task];
    const T* from = bucketed + place.bucket_begin;
    for (uint32_t row = place.begin; row < place.end; ++row) ordered[row] = from[local_order_[row]];
  });
  return ordered;
}

void BucketPlan::PlacesOfMarked(const uint32_t* bucketed, std::vector<uint32_t>& targets,
                                std::vector<uint32_t>& sources) const {
  // Each task keeps its places' marked rows; places_ are in row order, so the tasks' lists
  // joined in task order are ascending.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> found(places_.size());
  ParallelFor(places_.size(), [&](size_t /*worker*/, size_t task) {
    const Place& place = places_[task];
    const uint32_t* from = bucketed + place.bucket_begin;
    for (uint32_t row = place.begin; row < place.end; ++row) {
      const uint32_t source = from[local_order_[row]];
      if (source != kNoRow) found[task].emplace_back(row, source);
    }
  });
  size_t marked = 0;
  for (const auto& task_found : found) marked += task_found.size();
  targets.clear();
  sources.clear();
  targets.reserve(marked);
  sources.reserve(marked);
  for (const auto& task_found : found) {
    for (const auto& [target, source] : task_found) {
      targets.push_back(target);
      sources.push_back(source);
    }
  }
}

/// The column `member` of every part sorted as `plan` sorts; each part's column is freed once
/// scattered. Empty when every part's is.
template <typename T>
std::vector<T> SortColumn(BucketPlan& plan, std::vector<EventColumns>& parts,
                          std::vector<T> EventColumns::*member) {
  if (std::all_of(parts.begin(), parts.end(),
                  [&](const EventColumns& part) { return (part.*member).empty(); })) {
    return {};
  }
  const T* bucketed = plan.Scatter<T>([&](size_t part) { return (parts[part].*member).data(); });
  for (EventColumns& part : parts) part.*member = std::vector<T>();
  return plan.Order(bucketed);
}

}  // namespace

void CountUserRuns(const std::vector<UserId>& users, uint32_t user_count,
                   std::vector<uint32_t>& starts) {
  starts.assign(static_cast<size_t>(user_count) + 1, 0);
  for (const UserId user : users) ++starts[user + 1];
  for (size_t user = 0; user < user_count; ++user) starts[user + 1] += starts[user];
}

void FillUsersFromRuns(const std::vector<uint32_t>& starts, size_t begin, size_t end, UserId* out) {
  if (begin >= end) return;
  // The user of row `begin`: the last whose run starts at or before it (runs of users without
  // rows are empty and skipped).
  size_t user = static_cast<size_t>(
      std::upper_bound(starts.begin(), starts.end(), static_cast<uint32_t>(begin)) -
      starts.begin() - 1);
  for (size_t row = begin; row < end; ++user) {
    const size_t run_end = std::min<size_t>(end, starts[user + 1]);
    for (; row < run_end; ++row) out[row - begin] = static_cast<UserId>(user);
  }
}

EventColumns SortPartsByUserThenTime(std::vector<EventColumns> parts,
                                     std::vector<PropertyColumn> properties, uint32_t user_count,
                                     std::vector<uint32_t>* user_starts_out) {
  size_t rows = 0;
  for (const EventColumns& part : parts) rows += part.size();
  PAYBACK_ASSERT(rows <= kMaxRows);
  EventColumns sorted;
  sorted.properties = std::move(properties);
  // Already in order (a file sorted by user and time, or one user): the parts as they are.
  bool in_order = true;
  const EventColumns* previous_part = nullptr;
  for (const EventColumns& part : parts) {
    if (part.size() == 0) continue;
    if (previous_part != nullptr)
      in_order = InOrder(*previous_part, previous_part->size() - 1, part, 0);
    for (size_t row = 1; row < part.size() && in_order; ++row) {
      in_order = InOrder(part, row - 1, part, row);
    }
    if (!in_order) break;
    previous_part = &part;
  }
  if (in_order) {
    std::vector<PropertyColumn> kept = std::move(sorted.properties);
    if (parts.size() == 1) {
      sorted = std::move(parts[0]);
    } else {
      for (EventColumns& part : parts) {
        sorted.Append(std::move(part));
        part = EventColumns();
      }
    }
    sorted.properties = std::move(kept);  // they span every part already
    if (user_starts_out != nullptr) {
      CountUserRuns(sorted.user, user_count, *user_starts_out);
      sorted.user = {};
    }
    return sorted;
  }

  // The order: by user, from the users; then by time within each user's run, from the
  // timestamps. The other columns follow it (each part's copy freed as soon as it is
  // scattered, so the peak holds one column twice, not every column).
  std::vector<uint32_t> part_firsts;  // each part's first row in the parts' concatenation
  uint32_t first = 0;
  for (const EventColumns& part : parts) {
    part_firsts.push_back(first);
    first += static_cast<uint32_t>(part.size());
  }
  BucketPlan plan(parts, user_count);
  std::vector<uint32_t> user_starts;
  plan.OrderByUser(plan.Scatter<UserId>([&](size_t part) { return parts[part].user.data(); }),
                   user_starts);
  // The timestamps: 4-byte units when every part holds them in one narrow form (an ingest's
  // chunks), else instants.
  const TimestampColumn* narrow_form = nullptr;
  for (const EventColumns& part : parts) {
    if (part.size() == 0) continue;
    if (narrow_form == nullptr) narrow_form = &part.ts;
    if (!part.ts.SameNarrowForm(*narrow_form)) {
      narrow_form = nullptr;
      break;
    }
  }
  if (narrow_form != nullptr) {
    const TimestampUs base = narrow_form->base();
    const uint64_t scale = narrow_form->scale();
    const uint32_t* bucketed = plan.Scatter<uint32_t>([&](size_t part) {
      return parts[part].size() == 0 ? nullptr : parts[part].ts.units().data();
    });
    for (EventColumns& part : parts) part.ts = TimestampColumn();
    sorted.ts.AssignNarrow(base, scale, plan.OrderByTime(bucketed, user_starts));
  } else {
    const TimestampUs* bucketed = plan.Scatter<TimestampUs>(
        [&](size_t part) -> const TimestampColumn& { return parts[part].ts; });
    for (EventColumns& part : parts) part.ts = TimestampColumn();
    sorted.ts.AssignWide(plan.OrderByTime(bucketed, user_starts));
  }
  sorted.event = SortColumn(plan, parts, &EventColumns::event);
  sorted.campaign = SortColumn(plan, parts, &EventColumns::campaign);
  sorted.message = SortColumn(plan, parts, &EventColumns::message);

  // Properties are sparse: the rows that have a value of any of them are found in one pass
  // (a bitmap of their union), and each property gathers those rows only, spread over the cores.
  std::vector<uint64_t> any_value;
  for (const PropertyColumn& property : sorted.properties) {
    for (const std::vector<uint64_t>* bits : {&property.numbers.bits(), &property.strings.bits()}) {
      if (bits->empty()) continue;
      if (any_value.size() < bits->size()) any_value.resize(bits->size(), 0);
      for (size_t word = 0; word < bits->size(); ++word) any_value[word] |= (*bits)[word];
    }
  }
  if (!any_value.empty()) {
    // Where each row that may have a value goes and comes from, found as a column of row
    // numbers (kNoRow for the others) would be sorted, without that column.
    std::vector<uint32_t> targets;
    std::vector<uint32_t> sources;
    const uint32_t* marked = plan.Scatter<uint32_t>([&](size_t part) {
      return MarkedRowNumbers{part_firsts[part], &any_value};
    });
    plan.PlacesOfMarked(marked, targets, sources);
    std::vector<std::function<void()>> gathers;
    for (PropertyColumn& property : sorted.properties) {
      gathers.emplace_back(
          [&] { property.numbers = property.numbers.GatheredAt(rows, targets, sources); });
      gathers.emplace_back(
          [&] { property.strings = property.strings.GatheredAt(rows, targets, sources); });
    }
    ParallelFor(gathers.size(), [&](size_t /*worker*/, size_t task) { gathers[task](); });
  }
  parts.clear();
  if (user_starts_out != nullptr) {
    *user_starts_out = std::move(user_starts);
    return sorted;
  }
  // The users are the runs themselves: no gather.
  ResizeFaulted(sorted.user, rows);
  ParallelForRows(rows, size_t{1} << 20, [&](size_t /*task*/, size_t begin, size_t end) {
    FillUsersFromRuns(user_starts, begin, end, sorted.user.data() + begin);
  });
  return sorted;
}

void SortByUserThenTime(EventColumns& columns, uint32_t user_count,
                        std::vector<uint32_t>* user_starts) {
  std::vector<PropertyColumn> properties = std::move(columns.properties);
  std::vector<EventColumns> parts(1);
  parts[0] = std::move(columns);
  columns =
      SortPartsByUserThenTime(std::move(parts), std::move(properties), user_count, user_starts);
}

}  // namespace payback
