#pragma once

// Test support: event stores written by hand for the report module's tests.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "payback/store/event_columns.h"
#include "payback/store/event_store.h"

namespace payback {

/// One event written by hand: names, not codes. `amount` is fixed6 (nullopt = absent).
struct TestEvent {
  TestEvent(std::string user_in, TimestampUs ts_in, std::string event_in,
            std::string campaign_in = "", std::string message_in = "",
            std::optional<int64_t> amount_in = std::nullopt)
      : user(std::move(user_in)),
        ts(ts_in),
        event(std::move(event_in)),
        campaign(std::move(campaign_in)),
        message(std::move(message_in)),
        amount(amount_in) {}

  std::string user;
  TimestampUs ts = 0;
  std::string event;
  std::string campaign;  ///< "" = the event names no campaign
  std::string message;   ///< "" = no message_id
  std::optional<int64_t> amount;
};

/// Builds a store the way ingest + load do: dictionaries (messages code 0 = ""), columns
/// sorted by (user, ts) with ties in input order, user_starts.
inline EventStore BuildStore(const std::vector<TestEvent>& input) {
  EventStore store;
  Dictionaries& dictionaries = store.dictionaries;
  dictionaries.messages.GetOrAdd("");
  EventColumns& columns = store.events;
  const uint32_t amount_key = dictionaries.property_keys.GetOrAdd("amount");
  columns.properties.resize(1);
  for (const TestEvent& event : input) {
    columns.user.push_back(dictionaries.users.GetOrAdd(event.user));
    columns.ts.push_back(event.ts);
    columns.event.push_back(dictionaries.event_names.GetOrAdd(event.event));
    columns.campaign.push_back(
        event.campaign.empty() ? kNoCampaign : dictionaries.campaigns.GetOrAdd(event.campaign));
    columns.message.push_back(dictionaries.messages.GetOrAdd(event.message));
    columns.properties[amount_key].numbers.push_back(event.amount.value_or(kNullNumber));
  }
  const uint32_t users = dictionaries.users.size();
  SortByUserThenTime(columns, users);
  IndexUserRuns(store);
  return store;
}

}  // namespace payback
