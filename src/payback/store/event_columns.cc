#include "payback/store/event_columns.h"

#include <algorithm>
#include <array>
#include <functional>
#include <utility>
#include <vector>

#include "payback/common/assert.h"
#include "payback/common/parallel.h"

namespace payback {
namespace {

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

/// Where the rows of consecutive parts start in their concatenation: PartOf(row) is the part
/// holding global row `row`, found without branches on the data (a gather visits rows in no
/// order, a branch per row would be mispredicted half the time).
class PartStarts {
 public:
  static constexpr size_t kMaxParts = 16;

  explicit PartStarts(const std::vector<EventColumns>& parts) {
    PAYBACK_ASSERT(parts.size() <= kMaxParts);
    count_ = parts.size();
    uint64_t start = 0;
    for (size_t part = 0; part < kMaxParts; ++part) {
      starts_[part] = part < parts.size() ? static_cast<uint32_t>(start) : UINT32_MAX;
      if (part < parts.size()) start += parts[part].size();
    }
  }

  size_t PartOf(uint32_t row) const {
    // As many compares as parts but one (the ingest's chunks: one a core), so that the gather's
    // loads are not held up behind a long chain of them.
    size_t part = 0;
    for (size_t idx = 1; idx < count_; ++idx) part += row >= starts_[idx];
    return part;
  }
  uint32_t StartOf(size_t part) const { return starts_[part]; }

 private:
  std::array<uint32_t, kMaxParts> starts_{};
  size_t count_ = 0;
};

/// The column `member` of every part gathered in the order of `permutation` (new row k = global
/// row permutation[k]); each part's column is freed after.
template <typename T>
std::vector<T> GatherFromParts(std::vector<EventColumns>& parts,
                               std::vector<T> EventColumns::*member, const PartStarts& starts,
                               const std::vector<uint32_t>& permutation) {
  std::vector<T> gathered;
  if (std::all_of(parts.begin(), parts.end(),
                  [&](const EventColumns& part) { return (part.*member).empty(); })) {
    return gathered;
  }
  gathered.resize(permutation.size());
  std::array<const T*, PartStarts::kMaxParts> bases{};
  for (size_t part = 0; part < parts.size(); ++part) bases[part] = (parts[part].*member).data();
  constexpr size_t kRowsPerTask = 1 << 20;
  ParallelForRows(permutation.size(), kRowsPerTask, [&](size_t /*task*/, size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      const uint32_t from = permutation[row];
      const size_t part = starts.PartOf(from);
      gathered[row] = bases[part][from - starts.StartOf(part)];
    }
  });
  for (EventColumns& part : parts) part.*member = std::vector<T>();
  return gathered;
}

/// Whether row `first_row` of `first` may come before row `second_row` of `second` in (user, ts)
/// order.
bool InOrder(const EventColumns& first, size_t first_row, const EventColumns& second,
             size_t second_row) {
  return first.user[first_row] < second.user[second_row] ||
         (first.user[first_row] == second.user[second_row] &&
          first.ts[first_row] <= second.ts[second_row]);
}

}  // namespace

void CountUserRuns(const std::vector<UserId>& users, uint32_t user_count,
                   std::vector<uint32_t>& starts) {
  starts.assign(static_cast<size_t>(user_count) + 1, 0);
  for (const UserId user : users) ++starts[user + 1];
  for (size_t user = 0; user < user_count; ++user) starts[user + 1] += starts[user];
}

EventColumns SortPartsByUserThenTime(std::vector<EventColumns> parts,
                                     std::vector<PropertyColumn> properties, uint32_t user_count,
                                     std::vector<uint32_t>* user_starts_out) {
  size_t rows = 0;
  for (const EventColumns& part : parts) rows += part.size();
  PAYBACK_ASSERT(rows <= kMaxRows && parts.size() <= PartStarts::kMaxParts);
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
  const PartStarts starts(parts);

  // A counting sort on user, stable: each part counts its users, and a user's rows of one part
  // go after those of the parts before it, so each part scatters its rows on its own (a part a
  // core: the parts are the ingest's chunks or, for one part, ranges of it).
  std::vector<std::pair<size_t, std::pair<size_t, size_t>>> ranges;  // (part, [begin, end))
  for (size_t part = 0; part < parts.size(); ++part) {
    const size_t size = parts[part].size();
    const size_t pieces = parts.size() == 1 ? std::clamp<size_t>(size >> 16, 1, WorkerCount()) : 1;
    for (size_t piece = 0; piece < pieces; ++piece) {
      ranges.push_back({part, {size * piece / pieces, size * (piece + 1) / pieces}});
    }
  }
  std::vector<std::vector<uint32_t>> cursors(ranges.size());
  ParallelFor(ranges.size(), [&](size_t /*worker*/, size_t range) {
    const std::vector<UserId>& users = parts[ranges[range].first].user;
    std::vector<uint32_t>& counts = cursors[range];
    counts.assign(user_count, 0);
    for (size_t row = ranges[range].second.first; row < ranges[range].second.second; ++row) {
      ++counts[users[row]];
    }
  });
  std::vector<uint32_t> user_starts(static_cast<size_t>(user_count) + 1, 0);
  uint32_t offset = 0;
  for (uint32_t user = 0; user < user_count; ++user) {
    user_starts[user] = offset;
    for (std::vector<uint32_t>& counts : cursors) {
      const uint32_t count = counts[user];
      counts[user] = offset;
      offset += count;
    }
  }
  user_starts[user_count] = offset;
  std::vector<uint32_t> permutation(rows);
  ParallelFor(ranges.size(), [&](size_t /*worker*/, size_t range) {
    const size_t part = ranges[range].first;
    const std::vector<UserId>& users = parts[part].user;
    const uint32_t start = starts.StartOf(part);
    std::vector<uint32_t>& cursor = cursors[range];
    for (size_t row = ranges[range].second.first; row < ranges[range].second.second; ++row) {
      permutation[cursor[users[row]]++] = start + static_cast<uint32_t>(row);
    }
  });
  cursors = {};
  for (EventColumns& part : parts) part.user = std::vector<UserId>();

  // Then each user's run by time where the input was not already in time order: the
  // timestamps are gathered in the new order first (a gather the columns need anyway), so the
  // check reads them in sequence, and only an unordered run is sorted (stably, by its rows'
  // timestamps, the permutation alongside).
  std::vector<TimestampUs> ordered(rows);
  constexpr size_t kRowsPerTask = 1 << 20;
  ParallelForRows(rows, kRowsPerTask, [&](size_t /*task*/, size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      const uint32_t from = permutation[row];
      const size_t part = starts.PartOf(from);
      ordered[row] = parts[part].ts[from - starts.StartOf(part)];
    }
  });
  for (EventColumns& part : parts) part.ts = TimestampColumn();
  constexpr size_t kUsersPerTask = 1 << 16;
  ParallelFor((user_count + kUsersPerTask - 1) / kUsersPerTask,
              [&](size_t /*worker*/, size_t task) {
                std::vector<std::pair<TimestampUs, uint32_t>> run;
                const size_t end = std::min<size_t>(user_count, (task + 1) * kUsersPerTask);
                for (size_t user = task * kUsersPerTask; user < end; ++user) {
                  const auto begin = ordered.begin() + user_starts[user];
                  const auto finish = ordered.begin() + user_starts[user + 1];
                  if (std::is_sorted(begin, finish)) continue;
                  run.clear();
                  for (uint32_t row = user_starts[user]; row < user_starts[user + 1]; ++row) {
                    run.emplace_back(ordered[row], permutation[row]);
                  }
                  std::stable_sort(run.begin(), run.end(), [](const auto& left, const auto& right) {
                    return left.first < right.first;
                  });
                  for (size_t idx = 0; idx < run.size(); ++idx) {
                    ordered[user_starts[user] + idx] = run[idx].first;
                    permutation[user_starts[user] + idx] = run[idx].second;
                  }
                }
              });
  sorted.ts.AssignWide(std::move(ordered));
  // The other columns, one after the other (each part's copy freed as soon as it is gathered,
  // so the peak holds one column twice, not every column).
  sorted.event = GatherFromParts(parts, &EventColumns::event, starts, permutation);
  sorted.campaign = GatherFromParts(parts, &EventColumns::campaign, starts, permutation);
  sorted.message = GatherFromParts(parts, &EventColumns::message, starts, permutation);
  parts.clear();
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
    const size_t tasks = (rows + kRowsPerTask - 1) / kRowsPerTask;
    std::vector<std::vector<uint32_t>> task_targets(tasks);
    ParallelForRows(rows, kRowsPerTask, [&](size_t task, size_t begin, size_t end) {
      for (size_t row = begin; row < end; ++row) {
        const uint32_t from = permutation[row];
        const size_t word = from / 64;
        if (word < any_value.size() && ((any_value[word] >> (from % 64)) & 1) != 0) {
          task_targets[task].push_back(static_cast<uint32_t>(row));
        }
      }
    });
    std::vector<uint32_t> targets;
    for (const std::vector<uint32_t>& part : task_targets) {
      targets.insert(targets.end(), part.begin(), part.end());
    }
    task_targets = {};
    std::vector<uint32_t> sources(targets.size());
    for (size_t idx = 0; idx < targets.size(); ++idx) sources[idx] = permutation[targets[idx]];
    std::vector<std::function<void()>> gathers;
    for (PropertyColumn& property : sorted.properties) {
      gathers.emplace_back(
          [&] { property.numbers = property.numbers.GatheredAt(rows, targets, sources); });
      gathers.emplace_back(
          [&] { property.strings = property.strings.GatheredAt(rows, targets, sources); });
    }
    ParallelFor(gathers.size(), [&](size_t /*worker*/, size_t task) { gathers[task](); });
  }
  if (user_starts_out != nullptr) {
    *user_starts_out = std::move(user_starts);
    return sorted;
  }
  // The users are the runs themselves: no gather.
  sorted.user.resize(rows);
  ParallelFor((user_count + kUsersPerTask - 1) / kUsersPerTask,
              [&](size_t /*worker*/, size_t task) {
                const size_t end = std::min<size_t>(user_count, (task + 1) * kUsersPerTask);
                for (size_t user = task * kUsersPerTask; user < end; ++user) {
                  std::fill(sorted.user.begin() + user_starts[user],
                            sorted.user.begin() + user_starts[user + 1], static_cast<UserId>(user));
                }
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
