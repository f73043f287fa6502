#include "payback/store/event_columns.h"

#include <utility>
#include <vector>

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

}  // namespace payback
