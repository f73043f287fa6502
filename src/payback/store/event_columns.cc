#include "payback/store/event_columns.h"

#include <algorithm>
#include <functional>

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

void EventColumns::Permute(const std::vector<uint32_t>& permutation) {
  // Each column is gathered independently: spread the columns over the cores, as random
  // gathers of tens of millions of rows are memory-bound.
  std::vector<std::function<void()>> tasks = {
      [&] { Gather(user, permutation); },    [&] { ts.Gather(permutation); },
      [&] { Gather(event, permutation); },   [&] { Gather(campaign, permutation); },
      [&] { Gather(message, permutation); },
  };
  for (PropertyColumn& property : properties) {
    tasks.emplace_back([&] { property.numbers = property.numbers.Gathered(permutation); });
    tasks.emplace_back([&] { property.strings = property.strings.Gathered(permutation); });
  }
  ParallelFor(tasks.size(), [&](size_t /*worker*/, size_t task) { tasks[task](); });
}

void SortByUserThenTime(EventColumns& columns, uint32_t user_count) {
  const size_t rows = columns.size();
  bool sorted = true;
  for (size_t row = 1; row < rows && sorted; ++row) {
    sorted = columns.user[row - 1] < columns.user[row] ||
             (columns.user[row - 1] == columns.user[row] && columns.ts[row - 1] <= columns.ts[row]);
  }
  if (sorted) return;

  // Counting sort on user keeps the input order within a user.
  std::vector<uint32_t> starts(static_cast<size_t>(user_count) + 1, 0);
  for (const UserId user : columns.user) ++starts[user + 1];
  for (size_t user = 0; user < user_count; ++user) starts[user + 1] += starts[user];
  std::vector<uint32_t> permutation(rows);
  {
    std::vector<uint32_t> cursor(starts.begin(), starts.end() - 1);
    for (size_t row = 0; row < rows; ++row) {
      permutation[cursor[columns.user[row]]++] = static_cast<uint32_t>(row);
    }
  }
  // Then each user's run by time, where the input was not already in time order.
  const TimestampColumn& ts = columns.ts;
  for (size_t user = 0; user < user_count; ++user) {
    auto begin = permutation.begin() + starts[user];
    auto end = permutation.begin() + starts[user + 1];
    const bool in_order = std::is_sorted(
        begin, end, [&](uint32_t left, uint32_t right) { return ts[left] < ts[right]; });
    if (!in_order) {
      std::stable_sort(begin, end,
                       [&](uint32_t left, uint32_t right) { return ts[left] < ts[right]; });
    }
  }
  columns.Permute(permutation);
}

}  // namespace payback
