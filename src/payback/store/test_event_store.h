#pragma once

// Test support: event stores written by hand (names, not codes), built the way ingest and load
// build them, for the tests of the modules that read stores.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "payback/store/event_columns.h"
#include "payback/store/event_store.h"
#include "payback/store/user_time_sort.h"

namespace payback {

/// One event written by hand: names, not codes. Numeric properties are fixed6.
struct TestEvent {
  TestEvent(std::string user_in, TimestampUs ts_in, std::string event_in,
            std::string campaign_in = "", std::string message_in = "",
            std::vector<std::pair<std::string, int64_t>> numbers_in = {},
            std::vector<std::pair<std::string, std::string>> strings_in = {})
      : user(std::move(user_in)),
        ts(ts_in),
        event(std::move(event_in)),
        campaign(std::move(campaign_in)),
        message(std::move(message_in)),
        numbers(std::move(numbers_in)),
        strings(std::move(strings_in)) {}
  /// The form of the report tests: an optional fixed6 `amount` (nullopt = absent).
  TestEvent(std::string user_in, TimestampUs ts_in, std::string event_in, std::string campaign_in,
            std::string message_in, std::optional<int64_t> amount)
      : TestEvent(std::move(user_in), ts_in, std::move(event_in), std::move(campaign_in),
                  std::move(message_in)) {
    if (amount) numbers.emplace_back("amount", *amount);
  }

  std::string user;
  TimestampUs ts = 0;
  std::string event;
  std::string campaign;  ///< "" = the event names no campaign
  std::string message;   ///< "" = no message_id
  std::vector<std::pair<std::string, int64_t>> numbers;
  std::vector<std::pair<std::string, std::string>> strings;
};

/// Builds a store the way ingest + load do: dictionaries (messages code 0 = ""), columns
/// sorted by (user, ts) with ties in input order, user_starts. `campaigns_first` fixes the
/// first campaign codes (so that code order can differ from byte order).
inline EventStore BuildStore(const std::vector<TestEvent>& input,
                             const std::vector<std::string>& campaigns_first = {}) {
  EventStore store;
  Dictionaries& dictionaries = store.dictionaries;
  dictionaries.messages.GetOrAdd("");
  for (const std::string& campaign : campaigns_first) dictionaries.campaigns.GetOrAdd(campaign);
  EventColumns& columns = store.events;
  const size_t rows = input.size();
  std::vector<std::vector<int64_t>> numbers_by_key;
  std::vector<std::vector<StringId>> strings_by_key;
  for (size_t row = 0; row < rows; ++row) {
    const TestEvent& event = input[row];
    columns.user.push_back(dictionaries.users.GetOrAdd(event.user));
    columns.ts.PushBack(event.ts);
    columns.event.push_back(dictionaries.event_names.GetOrAdd(event.event));
    columns.campaign.push_back(
        event.campaign.empty() ? kNoCampaign : dictionaries.campaigns.GetOrAdd(event.campaign));
    columns.message.push_back(dictionaries.messages.GetOrAdd(event.message));
    for (const auto& [key, value] : event.numbers) {
      const uint32_t code = dictionaries.property_keys.GetOrAdd(key);
      if (numbers_by_key.size() <= code) numbers_by_key.resize(code + 1);
      auto& numbers = numbers_by_key[code];
      if (numbers.empty()) numbers.assign(rows, kNullNumber);
      numbers[row] = value;
    }
    for (const auto& [key, value] : event.strings) {
      const uint32_t code = dictionaries.property_keys.GetOrAdd(key);
      if (strings_by_key.size() <= code) strings_by_key.resize(code + 1);
      auto& strings = strings_by_key[code];
      if (strings.empty()) strings.assign(rows, kNullString);
      strings[row] = dictionaries.strings.GetOrAdd(value);
    }
  }
  columns.properties.resize(dictionaries.property_keys.size());
  for (size_t code = 0; code < numbers_by_key.size(); ++code) {
    columns.properties[code].numbers =
        SparseColumn<int64_t, kNullNumber>::FromDense(numbers_by_key[code]);
  }
  for (size_t code = 0; code < strings_by_key.size(); ++code) {
    columns.properties[code].strings =
        SparseColumn<StringId, kNullString>::FromDense(strings_by_key[code]);
  }
  const uint32_t users = dictionaries.users.size();
  SortByUserThenTime(columns, users);
  IndexUserRuns(store);
  return store;
}

}  // namespace payback
