#include "payback/store/event_columns.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "payback/common/assert.h"
#include "payback/common/parallel.h"

namespace payback {
namespace {

template <typename T>
void Gather(std::vector<T>& values, const std::vector<uint32_t>& permutation) {
  if (values.empty()) return;
  std::vector<T> reordered(values.size());
  for (size_t row = 0; row < permutation.size(); ++row) reordered[row] = values[permutation[row]];
  values.swap(reordered);
}

template <typename Column>
void AppendWidened(Column& into, size_t into_rows, const Column& from, size_t from_rows) {
  if (into.empty() && from.empty()) return;
  into.Resize(into_rows);
  into.Append(from, from_rows);
}

}  // namespace

void EventColumns::Append(EventColumns&& other) {
  const size_t rows = size();
  const size_t other_rows = other.size();
  if (properties.size() < other.properties.size()) properties.resize(other.properties.size());
  for (size_t key = 0; key < properties.size(); ++key) {
    PropertyColumn empty;
    PropertyColumn& from = key < other.properties.size() ? other.properties[key] : empty;
    AppendWidened(properties[key].numbers, rows, from.numbers, other_rows);
    AppendWidened(properties[key].strings, rows, from.strings, other_rows);
  }
  user.insert(user.end(), other.user.begin(), other.user.end());
  ts.Append(other.ts);
  event.insert(event.end(), other.event.begin(), other.event.end());
  campaign.insert(campaign.end(), other.campaign.begin(), other.campaign.end());
  message.insert(message.end(), other.message.begin(), other.message.end());
}

namespace {

/// Reorders every column but `user` and `ts` (which the sort fills itself) by `permutation`
/// (new row k = old row permutation[k]).
void PermuteColumns(EventColumns& columns, const std::vector<uint32_t>& permutation) {
  // Each column is gathered independently: spread the columns over the cores, as random
  // gathers of tens of millions of rows are memory-bound.
  std::vector<std::function<void()>> tasks = {
      [&] { Gather(columns.event, permutation); },
      [&] { Gather(columns.campaign, permutation); },
      [&] { Gather(columns.message, permutation); },
  };
  for (PropertyColumn& property : columns.properties) {
    tasks.emplace_back([&] { property.numbers = property.numbers.Gathered(permutation); });
    tasks.emplace_back([&] { property.strings = property.strings.Gathered(permutation); });
  }
  ParallelFor(tasks.size(), [&](size_t /*worker*/, size_t task) { tasks[task](); });
}

}  // namespace

void SortByUserThenTime(EventColumns& columns, uint32_t user_count) {
  const size_t rows = columns.size();
  PAYBACK_ASSERT(rows <= kMaxRows);
  bool sorted = true;
  for (size_t row = 1; row < rows && sorted; ++row) {
    sorted = columns.user[row - 1] < columns.user[row] ||
             (columns.user[row - 1] == columns.user[row] && columns.ts[row - 1] <= columns.ts[row]);
  }
  if (sorted) return;

  // A counting sort on user, stable: the rows are cut into one range a core; each range counts
  // its users, and a user's rows of one range go after those of the ranges before it, so each
  // range scatters its rows on its own.
  const size_t ranges = std::clamp<size_t>(rows >> 16, 1, WorkerCount());
  auto range_begin = [&](size_t range) { return rows * range / ranges; };
  std::vector<std::vector<uint32_t>> cursors(ranges);
  ParallelFor(ranges, [&](size_t /*worker*/, size_t range) {
    std::vector<uint32_t>& counts = cursors[range];
    counts.assign(user_count, 0);
    for (size_t row = range_begin(range); row < range_begin(range + 1); ++row) {
      ++counts[columns.user[row]];
    }
  });
  std::vector<uint32_t> starts(static_cast<size_t>(user_count) + 1, 0);
  uint32_t offset = 0;
  for (uint32_t user = 0; user < user_count; ++user) {
    starts[user] = offset;
    for (std::vector<uint32_t>& counts : cursors) {
      const uint32_t count = counts[user];
      counts[user] = offset;
      offset += count;
    }
  }
  starts[user_count] = offset;
  std::vector<uint32_t> permutation(rows);
  ParallelFor(ranges, [&](size_t /*worker*/, size_t range) {
    std::vector<uint32_t>& cursor = cursors[range];
    for (size_t row = range_begin(range); row < range_begin(range + 1); ++row) {
      permutation[cursor[columns.user[row]]++] = static_cast<uint32_t>(row);
    }
  });
  cursors = {};

  // Then each user's run by time where the input was not already in time order: the
  // timestamps are gathered in the new order first (a gather the columns need anyway), so the
  // check reads them in sequence, and only an unordered run is sorted (stably, by its rows'
  // timestamps, the permutation alongside).
  std::vector<TimestampUs> ordered(rows);
  constexpr size_t kRowsPerTask = 1 << 20;
  ParallelFor((rows + kRowsPerTask - 1) / kRowsPerTask, [&](size_t /*worker*/, size_t task) {
    const size_t end = std::min(rows, (task + 1) * kRowsPerTask);
    for (size_t row = task * kRowsPerTask; row < end; ++row) {
      ordered[row] = columns.ts[permutation[row]];
    }
  });
  constexpr size_t kUsersPerTask = 1 << 16;
  ParallelFor((user_count + kUsersPerTask - 1) / kUsersPerTask,
              [&](size_t /*worker*/, size_t task) {
                std::vector<std::pair<TimestampUs, uint32_t>> run;
                const size_t end = std::min<size_t>(user_count, (task + 1) * kUsersPerTask);
                for (size_t user = task * kUsersPerTask; user < end; ++user) {
                  const auto begin = ordered.begin() + starts[user];
                  const auto finish = ordered.begin() + starts[user + 1];
                  if (std::is_sorted(begin, finish)) continue;
                  run.clear();
                  for (uint32_t row = starts[user]; row < starts[user + 1]; ++row) {
                    run.emplace_back(ordered[row], permutation[row]);
                  }
                  std::stable_sort(run.begin(), run.end(), [](const auto& left, const auto& right) {
                    return left.first < right.first;
                  });
                  for (size_t idx = 0; idx < run.size(); ++idx) {
                    ordered[starts[user] + idx] = run[idx].first;
                    permutation[starts[user] + idx] = run[idx].second;
                  }
                }
              });
  PermuteColumns(columns, permutation);
  columns.ts.AssignWide(std::move(ordered));
  // The users are the runs themselves: no gather.
  ParallelFor((user_count + kUsersPerTask - 1) / kUsersPerTask,
              [&](size_t /*worker*/, size_t task) {
                const size_t end = std::min<size_t>(user_count, (task + 1) * kUsersPerTask);
                for (size_t user = task * kUsersPerTask; user < end; ++user) {
                  std::fill(columns.user.begin() + starts[user],
                            columns.user.begin() + starts[user + 1], static_cast<UserId>(user));
                }
              });
}

}  // namespace payback
