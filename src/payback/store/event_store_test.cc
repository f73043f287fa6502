#include "payback/store/event_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "payback/common/temp_dir_for_test.h"
#include "payback/store/event_columns.h"
#include "payback/store/segment_file.h"
#include "payback/store/user_time_sort.h"

namespace payback {
namespace {

/// Each row's user, from the store's runs (a loaded store keeps no user column).
std::vector<UserId> UsersOf(const EventStore& store) {
  std::vector<UserId> users;
  for (size_t user = 0; user + 1 < store.user_starts.size(); ++user) {
    users.insert(users.end(), store.user_starts[user + 1] - store.user_starts[user],
                 static_cast<UserId>(user));
  }
  return users;
}

constexpr TimestampUs kJan2026Us = 1'767'225'600 * kMicrosPerSecond;

struct Row {
  UserId user;
  TimestampUs ts;
  EventNameId event;
  CampaignId campaign;
  MessageId message;
};

void AddRow(EventColumns& columns, const Row& row) {
  columns.user.push_back(row.user);
  columns.ts.PushBack(row.ts);
  columns.event.push_back(row.event);
  columns.campaign.push_back(row.campaign);
  columns.message.push_back(row.message);
}

/// A row's user, ts and tag (its input position, carried in the message column).
using TaggedRow = std::tuple<UserId, TimestampUs, MessageId>;

/// What the sort must give: the rows stably sorted by (user, ts), ties in input order.
void SortStablyByUserThenTime(std::vector<TaggedRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const TaggedRow& left, const TaggedRow& right) {
    return std::tie(std::get<0>(left), std::get<1>(left)) <
           std::tie(std::get<0>(right), std::get<1>(right));
  });
}

TEST(SortByUserThenTime, SortsByUserThenTimeKeepingTiesInInputOrder) {
  EventColumns columns;
  // The message column tags each row with its input position.
  const std::vector<std::pair<UserId, TimestampUs>> input = {
      {2, 50}, {0, 30}, {1, 10}, {0, 10}, {2, 50}, {0, 30}, {1, 5}, {0, 30}, {2, 40}, {1, 10}};
  for (size_t idx = 0; idx < input.size(); ++idx) {
    AddRow(columns,
           Row{input[idx].first, input[idx].second, 0, kNoCampaign, static_cast<MessageId>(idx)});
  }
  columns.properties.resize(2);
  std::vector<int64_t> amounts;
  for (size_t idx = 0; idx < input.size(); ++idx)
    amounts.push_back(static_cast<int64_t>(idx) * 100);
  columns.properties[0].numbers = SparseColumn<int64_t, kNullNumber>::FromDense(amounts);
  SortByUserThenTime(columns, 3);
  EXPECT_EQ(columns.user, (std::vector<UserId>{0, 0, 0, 0, 1, 1, 1, 2, 2, 2}));
  EXPECT_EQ(columns.ts.Values(), (std::vector<TimestampUs>{10, 30, 30, 30, 5, 10, 10, 40, 50, 50}));
  EXPECT_EQ(columns.message, (std::vector<MessageId>{3, 1, 5, 7, 6, 2, 9, 8, 0, 4}));
  // Property columns move with their rows; an empty kind stays empty.
  EXPECT_EQ(columns.properties[0].numbers.ToDense(),
            (std::vector<int64_t>{300, 100, 500, 700, 600, 200, 900, 800, 0, 400}));
  EXPECT_TRUE(columns.properties[0].strings.empty());
  EXPECT_TRUE(columns.properties[1].numbers.empty());
}

TEST(SortByUserThenTime, ManyRowsSortInParallelRangesAsOneStableSort) {
  // 300,000 rows (several ranges and buckets of the sort), 5,000 users, timestamps with
  // many ties and runs that are out of time order; the message column tags each input row.
  std::mt19937 random(5);
  EventColumns columns;
  std::vector<TaggedRow> expected;
  for (uint32_t row = 0; row < 300'000; ++row) {
    const UserId user = random() % 5'000;
    const TimestampUs ts = static_cast<TimestampUs>(random() % 50) * 1'000'000;
    AddRow(columns, Row{user, ts, 0, kNoCampaign, row});
    expected.emplace_back(user, ts, row);
  }
  SortStablyByUserThenTime(expected);
  SortByUserThenTime(columns, 5'000);
  ASSERT_EQ(columns.size(), expected.size());
  for (size_t row = 0; row < expected.size(); ++row) {
    ASSERT_EQ(columns.user[row], std::get<0>(expected[row])) << "row " << row;
    ASSERT_EQ(columns.ts[row], std::get<1>(expected[row])) << "row " << row;
    ASSERT_EQ(columns.message[row], std::get<2>(expected[row])) << "row " << row;
  }
}

TEST(SortByUserThenTime, SkewedUsersAndAFarLargerDictionarySortAsOneStableSort) {
  // The workspace's dictionary holds 3,000,000 users but this batch names few of them: one
  // user has most of the rows (larger than a bucket of the sort), the others are spread over
  // the codes (most buckets empty), and the last code is used.
  std::mt19937 random(11);
  constexpr uint32_t kUsers = 3'000'000;
  EventColumns columns;
  std::vector<TaggedRow> expected;
  for (uint32_t row = 0; row < 400'000; ++row) {
    const UserId user = row % 3 == 0 ? 1'234'567 : (row % 7 == 0 ? kUsers - 1 : random() % kUsers);
    const TimestampUs ts = static_cast<TimestampUs>(random() % 1'000) * 1'000'000;
    AddRow(columns, Row{user, ts, static_cast<EventNameId>(row % 5), row % 9, row});
    expected.emplace_back(user, ts, row);
  }
  SortStablyByUserThenTime(expected);
  std::vector<uint32_t> starts;
  SortByUserThenTime(columns, kUsers, &starts);
  ASSERT_EQ(columns.size(), expected.size());
  ASSERT_EQ(starts.size(), size_t{kUsers} + 1);
  EXPECT_EQ(starts.back(), expected.size());
  for (size_t row = 0; row < expected.size(); ++row) {
    const UserId user = std::get<0>(expected[row]);
    ASSERT_TRUE(starts[user] <= row && row < starts[user + 1]) << "row " << row;
    ASSERT_EQ(columns.ts[row], std::get<1>(expected[row])) << "row " << row;
    ASSERT_EQ(columns.message[row], std::get<2>(expected[row])) << "row " << row;
    ASSERT_EQ(columns.event[row], std::get<2>(expected[row]) % 5) << "row " << row;
    ASSERT_EQ(columns.campaign[row], std::get<2>(expected[row]) % 9) << "row " << row;
  }
}

TEST(SortByUserThenTime, SortedInputAndEmptyInputAreLeftAlone) {
  EventColumns empty;
  SortByUserThenTime(empty, 0);
  EXPECT_EQ(empty.size(), 0u);

  EventColumns columns;
  AddRow(columns, Row{0, 1, 0, 0, 0});
  AddRow(columns, Row{0, 1, 1, 0, 1});
  AddRow(columns, Row{1, 0, 2, 0, 2});
  SortByUserThenTime(columns, 2);
  EXPECT_EQ(columns.message, (std::vector<MessageId>{0, 1, 2}));
  EXPECT_EQ(columns.event, (std::vector<EventNameId>{0, 1, 2}));
}

TEST(SortByUserThenTime, UserRunSortedButUsersInterleavedIsStillSorted) {
  // Each user's rows are in time order but users interleave: the counting pass must group them.
  EventColumns columns;
  AddRow(columns, Row{1, 1, 0, 0, 0});
  AddRow(columns, Row{0, 5, 0, 0, 1});
  AddRow(columns, Row{1, 2, 0, 0, 2});
  AddRow(columns, Row{0, 6, 0, 0, 3});
  SortByUserThenTime(columns, 2);
  EXPECT_EQ(columns.user, (std::vector<UserId>{0, 0, 1, 1}));
  EXPECT_EQ(columns.message, (std::vector<MessageId>{1, 3, 0, 2}));
}

TEST(SortByUserThenTime, GivesTheUsersRunsInsteadOfTheUserColumnWhenAsked) {
  // Unordered input (the sort's own runs) and ordered input (counted): the same runs, no column.
  EventColumns unordered;
  AddRow(unordered, Row{2, 5, 0, 0, 0});
  AddRow(unordered, Row{0, 9, 0, 0, 1});
  AddRow(unordered, Row{2, 1, 0, 0, 2});
  AddRow(unordered, Row{0, 3, 0, 0, 3});
  std::vector<uint32_t> starts;
  SortByUserThenTime(unordered, 4, &starts);
  EXPECT_EQ(starts, (std::vector<uint32_t>{0, 2, 2, 4, 4}));
  EXPECT_TRUE(unordered.user.empty());
  EXPECT_EQ(unordered.message, (std::vector<MessageId>{3, 1, 2, 0}));
  EventColumns ordered;
  AddRow(ordered, Row{0, 3, 0, 0, 0});
  AddRow(ordered, Row{2, 1, 0, 0, 1});
  AddRow(ordered, Row{2, 4, 0, 0, 2});
  SortByUserThenTime(ordered, 4, &starts);
  EXPECT_EQ(starts, (std::vector<uint32_t>{0, 1, 1, 3, 3}));
  EXPECT_TRUE(ordered.user.empty());
  EXPECT_EQ(ordered.message, (std::vector<MessageId>{0, 1, 2}));
}

TEST(SortPartsByUserThenTime, PartsSortAsTheirConcatenationWithItsProperties) {
  // 200,000 rows in five parts of uneven sizes (one empty), 3,000 users, campaign and event
  // codes and a sparse property that move with their rows; the message column tags each row.
  std::mt19937 random(9);
  const std::vector<size_t> sizes = {70'000, 0, 1, 90'000, 39'999};
  std::vector<EventColumns> parts(sizes.size());
  EventColumns whole;
  std::vector<int64_t> amounts;
  uint32_t tag = 0;
  for (size_t part = 0; part < sizes.size(); ++part) {
    for (size_t row = 0; row < sizes[part]; ++row, ++tag) {
      const Row event{static_cast<UserId>(random() % 3'000),
                      static_cast<TimestampUs>(random() % 40) * 1'000'000,
                      static_cast<EventNameId>(tag % 7), tag % 11 == 0 ? kNoCampaign : tag % 13,
                      tag};
      AddRow(parts[part], event);
      AddRow(whole, event);
      amounts.push_back(tag % 17 == 0 ? static_cast<int64_t>(tag) : kNullNumber);
    }
  }
  std::vector<PropertyColumn> properties(1);
  properties[0].numbers = SparseColumn<int64_t, kNullNumber>::FromDense(amounts);
  whole.properties = properties;
  SortByUserThenTime(whole, 3'000);
  const EventColumns sorted =
      SortPartsByUserThenTime(std::move(parts), std::move(properties), 3'000);
  ASSERT_EQ(sorted.size(), whole.size());
  EXPECT_EQ(sorted.user, whole.user);
  EXPECT_EQ(sorted.ts.Values(), whole.ts.Values());
  EXPECT_EQ(sorted.event, whole.event);
  EXPECT_EQ(sorted.campaign, whole.campaign);
  EXPECT_EQ(sorted.message, whole.message);
  ASSERT_EQ(sorted.properties.size(), 1u);
  EXPECT_EQ(sorted.properties[0].numbers.ToDense(), whole.properties[0].numbers.ToDense());
  // And the one sort is the stable sort of the rows.
  for (size_t row = 1; row < sorted.size(); ++row) {
    const bool ordered =
        sorted.user[row - 1] < sorted.user[row] ||
        (sorted.user[row - 1] == sorted.user[row] &&
         (sorted.ts[row - 1] < sorted.ts[row] ||
          (sorted.ts[row - 1] == sorted.ts[row] && sorted.message[row - 1] < sorted.message[row])));
    ASSERT_TRUE(ordered) << "row " << row;
  }
}

TEST(SortPartsByUserThenTime, PartsOfOneNarrowFormSortTheirUnitsAndStayNarrow) {
  // An ingest's chunks hold Unix seconds, 4 bytes a row: sorted as units, the same rows as the
  // instants would give. A part that widened (a fraction of a second) makes the sort wide.
  for (const bool one_part_wide : {false, true}) {
    std::mt19937 random(17);
    std::vector<EventColumns> parts(3);
    EventColumns whole;
    uint32_t tag = 0;
    for (EventColumns& part : parts) {
      part.ts.StartNarrow(0, kMicrosPerSecond);
      for (size_t row = 0; row < 30'000; ++row, ++tag) {
        const TimestampUs fraction = one_part_wide && &part == &parts[1] && row == 5 ? 1 : 0;
        const Row event{
            static_cast<UserId>(random() % 2'000),
            kJan2026Us + static_cast<TimestampUs>(random() % 50) * kMicrosPerSecond + fraction,
            static_cast<EventNameId>(tag % 5), tag % 7, tag};
        AddRow(part, event);
        AddRow(whole, event);
      }
    }
    EXPECT_EQ(parts[1].ts.narrow(), !one_part_wide);
    SortByUserThenTime(whole, 2'000);
    const EventColumns sorted = SortPartsByUserThenTime(std::move(parts), {}, 2'000);
    EXPECT_EQ(sorted.ts.narrow(), !one_part_wide);
    EXPECT_EQ(sorted.ts.Values(), whole.ts.Values());
    EXPECT_EQ(sorted.user, whole.user);
    EXPECT_EQ(sorted.message, whole.message);
  }
}

TEST(SortPartsByUserThenTime, PartsAlreadyInOrderAreJoined) {
  std::vector<EventColumns> parts(3);
  AddRow(parts[0], Row{0, 1, 0, 0, 0});
  AddRow(parts[0], Row{0, 2, 1, 0, 1});
  AddRow(parts[2], Row{0, 2, 2, 0, 2});  // a tie across parts keeps the parts' order
  AddRow(parts[2], Row{1, 0, 3, 0, 3});
  std::vector<PropertyColumn> properties(1);
  const std::vector<StringId> strings = {kNullString, 4, 5, kNullString};
  properties[0].strings = SparseColumn<StringId, kNullString>::FromDense(strings);
  const EventColumns sorted = SortPartsByUserThenTime(std::move(parts), std::move(properties), 2);
  EXPECT_EQ(sorted.message, (std::vector<MessageId>{0, 1, 2, 3}));
  EXPECT_EQ(sorted.user, (std::vector<UserId>{0, 0, 0, 1}));
  EXPECT_EQ(sorted.properties[0].strings.ToDense(),
            (std::vector<StringId>{kNullString, 4, 5, kNullString}));
  // One user's rows out of order across parts: sorted, not joined.
  std::vector<EventColumns> swapped(2);
  AddRow(swapped[0], Row{0, 9, 0, 0, 0});
  AddRow(swapped[1], Row{0, 3, 0, 0, 1});
  EXPECT_EQ(SortPartsByUserThenTime(std::move(swapped), {}, 1).message,
            (std::vector<MessageId>{1, 0}));
}

TEST(EventSpan, IsTheEarliestAndLatestEventOverEveryUsersRun) {
  // User 0's events end before user 1's start, user 1 starts before user 0: the span is the
  // extremes over the runs, not the first and last rows. User 2 has no events.
  EventStore store;
  store.events.ts = {50, 400, 10, 300};
  store.user_starts = {0, 2, 4, 4};
  const auto span = EventSpan(store);
  ASSERT_TRUE(span.has_value());
  EXPECT_EQ(span->first, 10);
  EXPECT_EQ(span->second, 400);
  EXPECT_FALSE(EventSpan(EventStore{}).has_value());
}

TEST(EventColumns, AppendWidensPropertyColumnsWithNulls) {
  EventColumns left;
  AddRow(left, Row{0, 1, 0, 0, 0});
  AddRow(left, Row{1, 2, 0, kNoCampaign, 0});
  left.properties.resize(2);
  left.properties[0].numbers = {10, kNullNumber};  // key 0: numbers only on the left
  left.properties[1].strings = {kNullString, 4};   // key 1: strings on both sides

  EventColumns right;
  AddRow(right, Row{2, 3, 1, 1, 1});
  right.properties.resize(4);
  right.properties[1].strings = {7};
  right.properties[1].numbers = {25};  // key 1 holds a number in this batch
  right.properties[3].numbers = {99};  // a key the left side never had
  left.Append(std::move(right));

  ASSERT_EQ(left.size(), 3u);
  EXPECT_EQ(left.user, (std::vector<UserId>{0, 1, 2}));
  EXPECT_EQ(left.ts.Values(), (std::vector<TimestampUs>{1, 2, 3}));
  EXPECT_EQ(left.event, (std::vector<EventNameId>{0, 0, 1}));
  EXPECT_EQ(left.campaign, (std::vector<CampaignId>{0, kNoCampaign, 1}));
  EXPECT_EQ(left.message, (std::vector<MessageId>{0, 0, 1}));
  ASSERT_EQ(left.properties.size(), 4u);
  EXPECT_EQ(left.properties[0].numbers.ToDense(),
            (std::vector<int64_t>{10, kNullNumber, kNullNumber}));
  EXPECT_TRUE(left.properties[0].strings.empty());
  EXPECT_EQ(left.properties[1].strings.ToDense(), (std::vector<StringId>{kNullString, 4, 7}));
  EXPECT_EQ(left.properties[1].numbers.ToDense(),
            (std::vector<int64_t>{kNullNumber, kNullNumber, 25}));
  EXPECT_TRUE(left.properties[2].numbers.empty());
  EXPECT_TRUE(left.properties[2].strings.empty());
  EXPECT_EQ(left.properties[3].numbers.ToDense(),
            (std::vector<int64_t>{kNullNumber, kNullNumber, 99}));
  EXPECT_TRUE(left.properties[3].strings.empty());
}

TEST(EventColumns, AppendToEmptyTakesTheOtherRows) {
  EventColumns left;
  EventColumns right;
  AddRow(right, Row{0, 1, 0, 0, 0});
  right.properties.resize(1);
  right.properties[0].numbers = {5};
  left.Append(std::move(right));
  EXPECT_EQ(left.size(), 1u);
  ASSERT_EQ(left.properties.size(), 1u);
  EXPECT_EQ(left.properties[0].numbers.ToDense(), (std::vector<int64_t>{5}));
}

/// Two consecutive batches of one workspace: the second extends every dictionary.
struct TwoSegments {
  std::string first;
  std::string second;
};

TwoSegments WriteTwoSegments(const TempDir& dir) {
  // The first batch's delta includes the "" message (code 0), as the first ingest's does.
  Dictionaries dictionaries;
  DictionarySizes base = DictionarySizes::Of(dictionaries);
  dictionaries.messages.GetOrAdd("");

  // Batch 1: users alice(0), bob(1); events clicked(0), purchase(1); campaign c1(0);
  // message m1(1); property amount(0) as numbers.
  EventColumns first;
  const UserId alice = dictionaries.users.GetOrAdd("alice");
  const UserId bob = dictionaries.users.GetOrAdd("bob");
  const EventNameId clicked = dictionaries.event_names.GetOrAdd("clicked");
  const EventNameId purchase = dictionaries.event_names.GetOrAdd("purchase");
  const CampaignId c1 = dictionaries.campaigns.GetOrAdd("c1");
  const MessageId m1 = dictionaries.messages.GetOrAdd("m1");
  const uint32_t amount = dictionaries.property_keys.GetOrAdd("amount");
  AddRow(first, Row{alice, 100, clicked, c1, m1});
  AddRow(first, Row{alice, 300, purchase, kNoCampaign, 0});
  AddRow(first, Row{bob, 200, clicked, c1, 0});
  first.properties.resize(1);
  first.properties[amount].numbers = {kNullNumber, 12'500'000, kNullNumber};
  const TwoSegments paths{dir.File("1.seg"), dir.File("2.seg")};
  EXPECT_TRUE(WriteEventSegment(paths.first, first, dictionaries, base).ok());

  // Batch 2: adds carol(2), viewed(2), c2(1), m2(2), category(1), string "shoes"(0); rows of
  // alice and bob interleave in time with batch 1, one tie (alice, 300) with batch 1.
  base = DictionarySizes::Of(dictionaries);
  EventColumns second;
  const UserId carol = dictionaries.users.GetOrAdd("carol");
  const EventNameId viewed = dictionaries.event_names.GetOrAdd("viewed");
  const CampaignId c2 = dictionaries.campaigns.GetOrAdd("c2");
  const MessageId m2 = dictionaries.messages.GetOrAdd("m2");
  const uint32_t category = dictionaries.property_keys.GetOrAdd("category");
  const StringId shoes = dictionaries.strings.GetOrAdd("shoes");
  AddRow(second, Row{alice, 50, viewed, c2, m2});
  AddRow(second, Row{alice, 300, clicked, c2, m2});
  AddRow(second, Row{bob, 150, purchase, kNoCampaign, 0});
  AddRow(second, Row{carol, 10, clicked, c1, m1});
  second.properties.resize(2);
  second.properties[amount].numbers = {kNullNumber, kNullNumber, 7'000'000, kNullNumber};
  second.properties[category].strings = {kNullString, kNullString, shoes, kNullString};
  EXPECT_TRUE(WriteEventSegment(paths.second, second, dictionaries, base).ok());
  return paths;
}

TEST(EventStore, LoadsTwoSegmentsMergedInUserThenTimeOrder) {
  TempDir dir;
  const TwoSegments paths = WriteTwoSegments(dir);
  auto loaded = LoadEventStore({paths.first, paths.second});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const EventStore& store = *loaded;

  const Dictionaries& dictionaries = store.dictionaries;
  ASSERT_EQ(dictionaries.users.size(), 3u);
  EXPECT_EQ(dictionaries.users.Get(0), "alice");
  EXPECT_EQ(dictionaries.users.Get(1), "bob");
  EXPECT_EQ(dictionaries.users.Get(2), "carol");
  ASSERT_EQ(dictionaries.event_names.size(), 3u);
  EXPECT_EQ(dictionaries.event_names.Get(2), "viewed");
  ASSERT_EQ(dictionaries.campaigns.size(), 2u);
  EXPECT_EQ(dictionaries.campaigns.Get(0), "c1");
  EXPECT_EQ(dictionaries.campaigns.Get(1), "c2");
  ASSERT_EQ(dictionaries.messages.size(), 3u);
  EXPECT_EQ(dictionaries.messages.Get(0), "");
  EXPECT_EQ(dictionaries.messages.Get(2), "m2");
  ASSERT_EQ(dictionaries.property_keys.size(), 2u);
  EXPECT_EQ(dictionaries.property_keys.Get(1), "category");
  ASSERT_EQ(dictionaries.strings.size(), 1u);
  EXPECT_EQ(dictionaries.strings.Get(0), "shoes");

  const EventColumns& events = store.events;
  ASSERT_EQ(events.size(), 7u);
  // alice: 50 viewed (2), 100 clicked (1), 300 purchase (1; batch 1 first), 300 clicked (2);
  // bob: 150 purchase (2), 200 clicked (1); carol: 10 clicked (2).
  EXPECT_TRUE(events.user.empty()) << "the runs replace the user column";
  EXPECT_EQ(UsersOf(store), (std::vector<UserId>{0, 0, 0, 0, 1, 1, 2}));
  EXPECT_EQ(events.ts.Values(), (std::vector<TimestampUs>{50, 100, 300, 300, 150, 200, 10}));
  EXPECT_TRUE(events.ts.narrow()) << "two segments merge wide, then narrow";
  EXPECT_EQ(events.event, (std::vector<EventNameId>{2, 0, 1, 0, 1, 0, 0}));
  EXPECT_EQ(events.campaign, (std::vector<CampaignId>{1, 0, kNoCampaign, 1, kNoCampaign, 0, 0}));
  EXPECT_EQ(events.message, (std::vector<MessageId>{2, 1, 0, 2, 0, 0, 1}));
  ASSERT_EQ(events.properties.size(), 2u);
  EXPECT_EQ(events.properties[0].numbers.ToDense(),
            (std::vector<int64_t>{kNullNumber, kNullNumber, 12'500'000, kNullNumber, 7'000'000,
                                  kNullNumber, kNullNumber}));
  EXPECT_TRUE(events.properties[0].strings.empty());
  EXPECT_EQ(events.properties[1].strings.ToDense(),
            (std::vector<StringId>{kNullString, kNullString, kNullString, kNullString, 0,
                                   kNullString, kNullString}));
  EXPECT_TRUE(events.properties[1].numbers.empty());
  EXPECT_EQ(store.user_starts, (std::vector<uint32_t>{0, 4, 6, 7}));
}

/// A dictionary delta blob as segments hold it: count, sizes, bytes.
std::string DictionaryBlob(const std::vector<std::string>& entries) {
  std::string blob;
  auto put = [&](uint32_t value) { blob.append(reinterpret_cast<const char*>(&value), 4); };
  put(static_cast<uint32_t>(entries.size()));
  for (const std::string& entry : entries) put(static_cast<uint32_t>(entry.size()));
  for (const std::string& entry : entries) blob += entry;
  return blob;
}

/// Writes `columns` (one event name, campaign and message) as a segment and loads it back.
Result<EventStore> RoundTrip(const TempDir& dir, EventColumns columns, uint32_t users) {
  Dictionaries dictionaries;
  const DictionarySizes base = DictionarySizes::Of(dictionaries);
  for (uint32_t user = 0; user < users; ++user) {
    dictionaries.users.GetOrAdd("u" + std::to_string(user));
  }
  dictionaries.event_names.GetOrAdd("clicked");
  dictionaries.messages.GetOrAdd("");
  const size_t rows = columns.size();
  columns.event.assign(rows, 0);
  columns.campaign.assign(rows, kNoCampaign);
  columns.message.assign(rows, 0);
  const std::string path = dir.File("ts.seg");
  const Status written = WriteEventSegment(path, columns, dictionaries, base);
  if (!written.ok()) return written;
  return LoadEventStore({path});
}

TEST(EventStore, ALoneSegmentsRunsCoverUsersWithoutRowsAndRejectUsersOutOfOrder) {
  TempDir dir;
  // Users 0, 2 and 4 of five have no rows: their runs are empty, before, between and after.
  EventColumns columns;
  columns.user = {1, 1, 3};
  columns.ts = {10, 20, 30};
  auto loaded = RoundTrip(dir, columns, 5);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->user_starts, (std::vector<uint32_t>{0, 0, 2, 2, 3, 3}));
  EXPECT_EQ(loaded->user_count(), 5u);
  EXPECT_EQ(loaded->events.ts.Values(), (std::vector<TimestampUs>{10, 20, 30}));

  TempDir other;
  EventColumns unordered;
  unordered.user = {0, 2, 1};
  unordered.ts = {10, 20, 30};
  auto refused = RoundTrip(other, unordered, 3);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
  EXPECT_NE(refused.status().message().find("row 2 has a user out of range or out of order"),
            std::string::npos)
      << refused.status().ToString();
}

TEST(EventStore, ABatchGivenAsUserRunsWritesTheSegmentItsUserColumnWould) {
  // 1.4M rows (col.user over two pieces of 4 MiB), 40,000 users of which every 7th has no
  // rows, runs of uneven length, one user's run across the pieces' border.
  TempDir dir;
  std::mt19937 random(23);
  constexpr uint32_t kUsers = 40'000;
  EventColumns batch;
  Dictionaries dictionaries;
  const DictionarySizes base = DictionarySizes::Of(dictionaries);
  for (uint32_t user = 0; user < kUsers; ++user) {
    dictionaries.users.GetOrAdd("u" + std::to_string(user));
    if (user % 7 == 3) continue;
    const size_t run = user == 26'000 ? 400'000 : random() % 60;
    TimestampUs ts = kJan2026Us + static_cast<TimestampUs>(random() % 1000) * kMicrosPerSecond;
    for (size_t idx = 0; idx < run; ++idx) {
      ts += static_cast<TimestampUs>(random() % 5) * kMicrosPerSecond;
      AddRow(batch, Row{user, ts, 0, kNoCampaign, 0});
    }
  }
  dictionaries.event_names.GetOrAdd("clicked");
  dictionaries.messages.GetOrAdd("");
  ASSERT_GT(batch.size(), size_t{1} << 20);  // more than one piece
  const std::string from_column = dir.File("column.seg");
  ASSERT_TRUE(WriteEventSegment(from_column, batch, dictionaries, base).ok());
  std::vector<uint32_t> user_starts;
  CountUserRuns(batch.user, kUsers, user_starts);
  batch.user = {};
  const std::string from_runs = dir.File("runs.seg");
  ASSERT_TRUE(WriteEventSegment(from_runs, batch, dictionaries, base, &user_starts).ok());
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  EXPECT_TRUE(read(from_runs) == read(from_column));
  auto loaded = LoadEventStore({from_runs});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->user_starts, user_starts);
}

TEST(EventStore, TimestampsSurviveTheDeltaEncodingExactly) {
  TempDir dir;
  // Microseconds, before 1970, equal timestamps, a user with one event, a 200-year gap that
  // needs 8 bytes a delta.
  EventColumns columns;
  columns.user = {0, 0, 0, 0, 1, 2, 2, 2};
  columns.ts = {-86'400'000'123, -5, -5, 1'700'000'000'000'001, 42, 0, 1, 6'311'390'400'000'000};
  auto loaded = RoundTrip(dir, columns, 3);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->events.ts, columns.ts);
  EXPECT_FALSE(loaded->events.ts.narrow());  // 2^32 units of 1 us do not span 200 years
  EXPECT_EQ(UsersOf(*loaded), columns.user);
}

TEST(EventStore, TimestampDeltasFindTheCommonDivisorWhateverItsFactors) {
  // Distances in multiples of 7 ms (an odd factor and a power of two in 7,000 us) over more than
  // one parallel piece, then one row that brings the divisor down to 1 ms, then to 1 us.
  for (const TimestampUs odd_one : {TimestampUs{0}, TimestampUs{1'000}, TimestampUs{1}}) {
    TempDir dir;
    EventColumns columns;
    std::mt19937 random(3);
    TimestampUs ts = 1'767'225'600'000'000;
    for (uint32_t row = 0; row < 1'500'000; ++row) {
      columns.user.push_back(row / 10);
      ts += static_cast<TimestampUs>(random() % 100) * 7'000;
      columns.ts.PushBack(ts + (row == 1'400'009 ? odd_one : 0));  // the last of its user's
    }
    auto loaded = RoundTrip(dir, columns, 150'000);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_TRUE(loaded->events.ts == columns.ts) << "odd one " << odd_one;
    // In memory: 6 days in 1 ms units fit 4 bytes, in 1 us units they do not.
    EXPECT_EQ(loaded->events.ts.narrow(), odd_one != 1) << "odd one " << odd_one;
  }
}

TEST(EventStore, TimestampDeltasDecodeAcrossParallelPiecesAndLongRuns) {
  TempDir dir;
  // 2.5M rows in whole seconds (4-byte deltas, scale 1,000,000): one user's run spans the
  // first piece boundary (row 1,048,576), the other users have 1 to 7 events each.
  EventColumns columns;
  TimestampUs ts = 1'767'225'600'000'000;  // 2026-01-01
  uint32_t user = 0;
  for (size_t row = 0; row < 2'500'000; ++row) {
    const bool next_user = row >= 1'200'000 ? row % ((row % 7) + 1) == 0 : row == 1'000'000;
    if (row > 0 && next_user) {
      ++user;
      ts = 1'767'225'600'000'000 + static_cast<TimestampUs>(user % 1000) * 1'000'000;
    }
    columns.user.push_back(user);
    columns.ts.PushBack(ts);
    ts += static_cast<TimestampUs>(row % 5) * 1'000'000;
  }
  auto loaded = RoundTrip(dir, columns, user + 1);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->events.ts.size(), columns.ts.size());
  EXPECT_TRUE(loaded->events.ts == columns.ts);  // no 2.5M-element diff on failure
  EXPECT_TRUE(loaded->events.ts.narrow());       // decoded straight into 4 bytes a row
  EXPECT_EQ(UsersOf(*loaded), columns.user);
}

/// Copies the segment at `from` to `to` blob by blob, each through `edit(name, blob)`.
void RewriteSegment(const std::string& from, const std::string& to,
                    const std::function<void(const std::string&, std::string&)>& edit) {
  auto reader = SegmentReader::Open(from);
  ASSERT_TRUE(reader.ok());
  SegmentWriter writer;
  for (const std::string& name : reader->Names()) {
    auto raw = reader->Read(name);
    ASSERT_TRUE(raw.ok());
    edit(name, *raw);
    writer.Add(name, *raw);
  }
  ASSERT_TRUE(writer.WriteDurably(to).ok());
}

/// Whole-second timestamps for `rows` rows whose deltas need, piece of 65,536 rows by piece,
/// 1, 2, 3 and 4 bytes in turn (a user's run crossing each piece boundary; users of 1 to 9
/// rows elsewhere).
EventColumns ColumnsOfEveryDeltaWidth(size_t rows, uint32_t* users) {
  EventColumns columns;
  std::mt19937 random(17);
  constexpr uint32_t kLargest[] = {200, 60'000, 16'000'000, 4'000'000'000};
  uint32_t user = 0;
  size_t left_in_run = 0;
  TimestampUs ts = 1'767'225'600'000'000;
  for (size_t row = 0; row < rows; ++row) {
    const size_t piece = row / 65'536;
    const bool crosses = row % 65'536 > 65'530 || row % 65'536 < 5;
    if (left_in_run == 0 && !crosses) {
      ++user;
      left_in_run = 1 + random() % 9;
      ts = 1'767'225'600'000'000;
    } else if (left_in_run > 0) {
      --left_in_run;
    }
    // A user's first delta is from the batch's earliest instant (2026-01-01): small.
    ts += static_cast<TimestampUs>(random() % (kLargest[piece % 4] + 1)) * 1'000'000;
    columns.user.push_back(user);
    columns.ts.PushBack(ts);
  }
  *users = user + 1;
  return columns;
}

TEST(EventStore, PackedTimestampDeltasRoundTripInEveryWidth) {
  TempDir dir;
  uint32_t users = 0;
  const EventColumns columns = ColumnsOfEveryDeltaWidth(5 * 65'536 + 1'234, &users);
  auto loaded = RoundTrip(dir, columns, users);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->events.ts == columns.ts);
  EXPECT_EQ(UsersOf(*loaded), columns.user);
  // The segment keeps them packed, one width a piece, without the zstd-compressed column.
  auto reader = SegmentReader::Open(dir.File("ts.seg"));
  ASSERT_TRUE(reader.ok());
  EXPECT_FALSE(reader->Contains("col.ts_deltas"));
  auto widths = reader->ReadVector<uint8_t>("col.ts_deltas.widths");
  ASSERT_TRUE(widths.ok());
  EXPECT_EQ(*widths, (std::vector<uint8_t>{1, 2, 3, 4, 1, 2}));
  auto packed_size = reader->RawSize("col.ts_deltas.packed");
  ASSERT_TRUE(packed_size.ok());
  EXPECT_EQ(*packed_size, 65'536 * (1 + 2 + 3 + 4 + 1) + 1'234 * 2);
}

TEST(EventStore, LoadsTimestampDeltasWrittenBeforeTheyWerePacked) {
  // Until 2026-12-05 4-byte deltas were one zstd-compressed column, "col.ts_deltas", and the
  // meta had no "packing": workspaces written then must still load.
  TempDir dir;
  uint32_t users = 0;
  const EventColumns columns = ColumnsOfEveryDeltaWidth(3 * 65'536 + 7, &users);
  ASSERT_TRUE(RoundTrip(dir, columns, users).ok());
  auto reader = SegmentReader::Open(dir.File("ts.seg"));
  ASSERT_TRUE(reader.ok());
  auto widths = reader->ReadVector<uint8_t>("col.ts_deltas.widths");
  auto packed = reader->Read("col.ts_deltas.packed");
  ASSERT_TRUE(widths.ok() && packed.ok());
  std::vector<uint32_t> deltas;
  size_t offset = 0;
  for (size_t row = 0; row < columns.size(); ++row) {
    const uint8_t bytes = (*widths)[row / 65'536];
    uint32_t delta = 0;
    std::memcpy(&delta, packed->data() + offset, bytes);
    offset += bytes;
    deltas.push_back(delta);
  }
  SegmentWriter writer;
  for (const std::string& name : reader->Names()) {
    if (name == "col.ts_deltas.widths" || name == "col.ts_deltas.packed") continue;
    auto raw = reader->Read(name);
    ASSERT_TRUE(raw.ok());
    if (name == "meta") {
      nlohmann::json meta = nlohmann::json::parse(*raw);
      meta["ts_deltas"].erase("packing");
      meta["ts_deltas"].erase("piece_rows");
      *raw = meta.dump();
    }
    writer.Add(name, *raw);
  }
  writer.AddArray("col.ts_deltas", deltas);
  const std::string old_path = dir.File("old.seg");
  ASSERT_TRUE(writer.WriteDurably(old_path).ok());
  auto loaded = LoadEventStore({old_path});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->events.ts == columns.ts);
}

TEST(EventStore, PackedTimestampDeltasWithBadWidthsOrSizeAreCorruption) {
  TempDir dir;
  uint32_t users = 0;
  const EventColumns columns = ColumnsOfEveryDeltaWidth(2 * 65'536 + 5, &users);
  ASSERT_TRUE(RoundTrip(dir, columns, users).ok());
  const std::string path = dir.File("ts.seg");
  const std::vector<std::function<void(const std::string&, std::string&)>> damages = {
      // a width of 0, of 5, a width missing, one too many, the packed bytes one short
      [](const std::string& name, std::string& blob) {
        if (name == "col.ts_deltas.widths") blob[0] = 0;
      },
      [](const std::string& name, std::string& blob) {
        if (name == "col.ts_deltas.widths") blob[1] = 5;
      },
      [](const std::string& name, std::string& blob) {
        if (name == "col.ts_deltas.widths") blob.pop_back();
      },
      [](const std::string& name, std::string& blob) {
        if (name == "col.ts_deltas.widths") blob.push_back(1);
      },
      [](const std::string& name, std::string& blob) {
        if (name == "col.ts_deltas.packed") blob.pop_back();
      },
  };
  for (size_t damage = 0; damage < damages.size(); ++damage) {
    const std::string damaged = dir.File("damaged" + std::to_string(damage) + ".seg");
    RewriteSegment(path, damaged, damages[damage]);
    EXPECT_EQ(LoadEventStore({damaged}).status().code(), StatusCode::kCorruption) << damage;
  }
}

/// A segment of `rows` rows with random event, campaign (a third kNoCampaign) and message codes
/// below the given dictionary sizes, written and loaded back; and the segment's meta.
struct CodeColumnsRoundTrip {
  EventColumns written;
  Result<EventStore> loaded = Status::Internal("not loaded");
  nlohmann::json meta;
};

CodeColumnsRoundTrip RoundTripCodes(const TempDir& dir, size_t rows, uint32_t event_names,
                                    uint32_t campaigns, uint32_t messages) {
  Dictionaries dictionaries;
  const DictionarySizes base = DictionarySizes::Of(dictionaries);
  dictionaries.users.GetOrAdd("u0");
  for (uint32_t code = 0; code < event_names; ++code) {
    dictionaries.event_names.GetOrAdd("e" + std::to_string(code));
  }
  for (uint32_t code = 0; code < campaigns; ++code) {
    dictionaries.campaigns.GetOrAdd("c" + std::to_string(code));
  }
  for (uint32_t code = 0; code < messages; ++code) {
    dictionaries.messages.GetOrAdd(code == 0 ? "" : "m" + std::to_string(code));
  }
  CodeColumnsRoundTrip out;
  EventColumns& columns = out.written;
  std::mt19937 random(5);
  for (size_t row = 0; row < rows; ++row) {
    columns.user.push_back(0);
    columns.ts.PushBack(1'767'225'600'000'000 + static_cast<TimestampUs>(row) * 1'000'000);
    // The largest code of each dictionary comes first, so that every width is put to the test.
    columns.event.push_back(
        static_cast<EventNameId>(row == 0 ? event_names - 1 : random() % event_names));
    columns.campaign.push_back(row == 0       ? campaigns - 1
                               : row % 3 == 0 ? kNoCampaign
                                              : random() % campaigns);
    columns.message.push_back(row == 0 ? messages - 1 : random() % messages);
  }
  const std::string path = dir.File("codes.seg");
  EXPECT_TRUE(WriteEventSegment(path, columns, dictionaries, base).ok());
  out.loaded = LoadEventStore({path});
  auto reader = SegmentReader::Open(path);
  EXPECT_TRUE(reader.ok());
  if (reader.ok()) out.meta = nlohmann::json::parse(*reader->Read("meta"));
  return out;
}

TEST(EventStore, CodeColumnsAreNarrowedInTheSegmentWhenTheDictionariesAllow) {
  // 1 byte an event, 2 a campaign and a message: sizes of every kind around the parallel
  // widening's pieces (1, 2, 3, and two of 700,001 rows in waves over both cores).
  for (const size_t rows : {size_t{1}, size_t{2}, size_t{3}, size_t{700'001}}) {
    TempDir dir;
    const CodeColumnsRoundTrip trip = RoundTripCodes(dir, rows, 255, 65'535, 65'535);
    ASSERT_TRUE(trip.loaded.ok()) << trip.loaded.status().ToString();
    EXPECT_EQ(trip.meta["event_width"], 1) << rows;
    EXPECT_EQ(trip.meta["campaign_width"], 2) << rows;
    EXPECT_EQ(trip.meta["message_width"], 2) << rows;
    EXPECT_TRUE(trip.loaded->events.event == trip.written.event) << rows;
    EXPECT_TRUE(trip.loaded->events.campaign == trip.written.campaign) << rows;
    EXPECT_TRUE(trip.loaded->events.message == trip.written.message) << rows;
  }
}

TEST(EventStore, CodeColumnsKeepTheirWidthWhenTheDictionariesAreLarger) {
  TempDir dir;
  const CodeColumnsRoundTrip trip = RoundTripCodes(dir, 1'000, 256, 65'536, 65'536);
  ASSERT_TRUE(trip.loaded.ok()) << trip.loaded.status().ToString();
  EXPECT_EQ(trip.meta["event_width"], 2);
  EXPECT_FALSE(trip.meta.contains("campaign_width"));
  EXPECT_FALSE(trip.meta.contains("message_width"));
  EXPECT_EQ(trip.loaded->events.event, trip.written.event);
  EXPECT_EQ(trip.loaded->events.campaign, trip.written.campaign);
  EXPECT_EQ(trip.loaded->events.message, trip.written.message);
}

TEST(EventStore, ANarrowedCodeOfAllOnesIsOutOfRange) {
  // All ones narrowed is kNoCampaign; for a message or an event it is no code: corruption.
  TempDir dir;
  const CodeColumnsRoundTrip trip = RoundTripCodes(dir, 10, 5, 5, 5);
  ASSERT_TRUE(trip.loaded.ok());
  for (const std::string damaged_blob : {"col.message", "col.event"}) {
    const std::string damaged = dir.File("damaged.seg");
    RewriteSegment(dir.File("codes.seg"), damaged, [&](const std::string& name, std::string& blob) {
      if (name == damaged_blob) std::memset(blob.data() + blob.size() - 2, 0xFF, 2);
    });
    EXPECT_EQ(LoadEventStore({damaged}).status().code(), StatusCode::kCorruption) << damaged_blob;
  }
}

TEST(EventStore, ALoadWithoutUserIdsHasTheSameRowsAndReadsTheIdsOnDemand) {
  TempDir dir;
  const TwoSegments paths = WriteTwoSegments(dir);
  auto full = LoadEventStore({paths.first, paths.second});
  auto lean = LoadEventStore({paths.first, paths.second}, UserNames::kSkip);
  ASSERT_TRUE(full.ok() && lean.ok()) << lean.status().ToString();
  EXPECT_EQ(lean->dictionaries.users.size(), 0u);
  EXPECT_EQ(lean->user_count(), 3u);
  EXPECT_EQ(full->user_count(), 3u);
  EXPECT_EQ(lean->user_starts, full->user_starts);
  EXPECT_EQ(lean->events.ts.Values(), full->events.ts.Values());
  EXPECT_EQ(lean->events.campaign, full->events.campaign);
  EXPECT_EQ(lean->dictionaries.campaigns.size(), 2u);  // the other dictionaries are loaded

  StringDictionary users;
  ASSERT_TRUE(LoadUserDictionary({paths.first, paths.second}, users).ok());
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users.Get(0), "alice");
  EXPECT_EQ(users.Get(2), "carol");
  // Segments out of commit order do not chain.
  StringDictionary out_of_order;
  EXPECT_EQ(LoadUserDictionary({paths.second, paths.first}, out_of_order).code(),
            StatusCode::kCorruption);
  EXPECT_EQ(LoadEventStore({paths.second}, UserNames::kSkip).status().code(),
            StatusCode::kCorruption);
}

TEST(EventStore, RejectsASegmentWhoseMetaMiscountsItsUsers) {
  TempDir dir;
  const TwoSegments paths = WriteTwoSegments(dir);
  // Rewrite the first segment's meta to claim one user more than its dictionary adds.
  RewriteSegment(paths.first, paths.first, [](const std::string& name, std::string& blob) {
    if (name != "meta") return;
    const std::string from = R"("dictionary_added":{"campaign":1,"event":2,"message":2,)"
                             R"("property_key":1,"string":0,"user":2})";
    const size_t at = blob.find(from);
    ASSERT_NE(at, std::string::npos) << blob;
    blob.replace(at + from.size() - 2, 1, "3");
  });
  EXPECT_EQ(LoadEventStore({paths.first, paths.second}).status().code(), StatusCode::kCorruption);
  // Without the ids the count is taken on trust, and the second segment's base then disagrees.
  EXPECT_EQ(LoadEventStore({paths.first, paths.second}, UserNames::kSkip).status().code(),
            StatusCode::kCorruption);
}

TEST(EventStore, LoadsASegmentWrittenBeforePropertiesWereSparse) {
  // The layout segments had until issue 7: one value (or null) per row for every property
  // column and no "property_layout" in the meta. Workspaces written then must still load.
  TempDir dir;
  SegmentWriter writer;
  writer.Add("dict.user", DictionaryBlob({"alice", "bob"}));
  writer.Add("dict.event", DictionaryBlob({"clicked", "purchase"}));
  writer.Add("dict.campaign", DictionaryBlob({"c1"}));
  writer.Add("dict.message", DictionaryBlob({""}));
  writer.Add("dict.property_key", DictionaryBlob({"amount", "category"}));
  writer.Add("dict.string", DictionaryBlob({"shoes"}));
  const std::vector<UserId> user = {0, 0, 1};
  const std::vector<TimestampUs> ts = {100, 300, 200};
  const std::vector<uint32_t> event = {0, 1, 1};  // 4 bytes an event code then
  const std::vector<CampaignId> campaign = {0, kNoCampaign, kNoCampaign};
  const std::vector<MessageId> message = {0, 0, 0};
  const std::vector<int64_t> amount = {kNullNumber, 12'500'000, 3'000'000};
  const std::vector<StringId> category = {kNullString, 0, kNullString};
  writer.AddArray("col.user", user);
  writer.AddArray("col.ts", ts);
  writer.AddArray("col.event", event);
  writer.AddArray("col.campaign", campaign);
  writer.AddArray("col.message", message);
  writer.AddArray("prop.n.0", amount);
  writer.AddArray("prop.s.1", category);
  writer.Add("meta",
             R"({"rows":3,"dictionary_base":{"user":0,"event":0,"campaign":0,"message":0,)"
             R"("property_key":0,"string":0},"number_properties":[0],"string_properties":[1]})");
  const std::string path = dir.File("old.seg");
  ASSERT_TRUE(writer.WriteDurably(path).ok());

  auto loaded = LoadEventStore({path});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->events.ts.Values(), ts);
  EXPECT_EQ(loaded->events.event, (std::vector<EventNameId>{0, 1, 1}));
  EXPECT_EQ(loaded->events.properties[0].numbers.ToDense(), amount);
  EXPECT_EQ(loaded->events.properties[1].strings.ToDense(), category);
  EXPECT_EQ(loaded->events.properties[0].numbers.values().size(), 2u);  // held sparse now
  EXPECT_EQ(*NumericPropertyAt(*loaded, 0, 2), 3'000'000);
  // Its meta does not count its users: a load without their ids counts the dictionary's.
  auto lean = LoadEventStore({path}, UserNames::kSkip);
  ASSERT_TRUE(lean.ok()) << lean.status().ToString();
  EXPECT_EQ(lean->user_count(), 2u);
  EXPECT_EQ(lean->user_starts, (std::vector<uint32_t>{0, 2, 3}));
}

TEST(EventStore, RejectsASparsePropertyWhoseBitsDoNotMatchItsValues) {
  TempDir dir;
  const TwoSegments paths = WriteTwoSegments(dir);
  // Rewrite the first segment with one value too many for its presence bits.
  const std::string damaged = dir.File("damaged.seg");
  RewriteSegment(paths.first, damaged, [](const std::string& name, std::string& blob) {
    if (name == "prop.n.0") blob += std::string(8, '\0');
    if (name == "meta") {
      const size_t at = blob.find("\"number_property_values\":[1]");
      ASSERT_NE(at, std::string::npos) << blob;
      blob.replace(at, 28, "\"number_property_values\":[2]");
    }
  });
  auto loaded = LoadEventStore({damaged});
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().ToString().find("property column prop.n.0 is damaged"),
            std::string::npos)
      << loaded.status().ToString();
}

TEST(EventStore, LoadsOneSegmentAsWritten) {
  TempDir dir;
  const TwoSegments paths = WriteTwoSegments(dir);
  auto loaded = LoadEventStore({paths.first});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->dictionaries.users.size(), 2u);
  EXPECT_EQ(UsersOf(*loaded), (std::vector<UserId>{0, 0, 1}));
  EXPECT_EQ(loaded->events.ts.Values(), (std::vector<TimestampUs>{100, 300, 200}));
  ASSERT_EQ(loaded->events.properties.size(), 1u);
  EXPECT_EQ(loaded->events.properties[0].numbers.ToDense(),
            (std::vector<int64_t>{kNullNumber, 12'500'000, kNullNumber}));
  EXPECT_EQ(loaded->user_starts, (std::vector<uint32_t>{0, 2, 3}));
}

TEST(EventStore, NoSegmentsGiveAnEmptyStore) {
  auto loaded = LoadEventStore({});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->events.size(), 0u);
  EXPECT_EQ(loaded->dictionaries.users.size(), 0u);
  EXPECT_EQ(loaded->user_starts, (std::vector<uint32_t>{0}));
}

TEST(EventStore, LoadDictionariesReadsEveryDelta) {
  TempDir dir;
  const TwoSegments paths = WriteTwoSegments(dir);
  Dictionaries dictionaries;
  ASSERT_TRUE(LoadDictionaries({paths.first, paths.second}, dictionaries).ok());
  const DictionarySizes sizes = DictionarySizes::Of(dictionaries);
  EXPECT_EQ(sizes.users, 3u);
  EXPECT_EQ(sizes.event_names, 3u);
  EXPECT_EQ(sizes.campaigns, 2u);
  EXPECT_EQ(sizes.messages, 3u);
  EXPECT_EQ(sizes.property_keys, 2u);
  EXPECT_EQ(sizes.strings, 1u);
  // The loaded dictionaries are usable for coding the next batch.
  EXPECT_EQ(dictionaries.users.Find("carol"), 2u);
  EXPECT_EQ(dictionaries.messages.Find(""), 0u);
  EXPECT_EQ(dictionaries.users.GetOrAdd("dave"), 3u);
}

TEST(EventStore, SegmentsOutOfOrderAreCorruption) {
  TempDir dir;
  const TwoSegments paths = WriteTwoSegments(dir);
  EXPECT_EQ(LoadEventStore({paths.second, paths.first}).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(LoadEventStore({paths.second}).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(LoadEventStore({paths.first, paths.first}).status().code(), StatusCode::kCorruption);
  Dictionaries dictionaries;
  EXPECT_EQ(LoadDictionaries({paths.second, paths.first}, dictionaries).code(),
            StatusCode::kCorruption);
}

TEST(EventStore, DamagedSegmentIsCorruption) {
  TempDir dir;
  const TwoSegments paths = WriteTwoSegments(dir);
  std::string data;
  {
    std::ifstream in(paths.second, std::ios::binary);
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  data.resize(data.size() - 3);
  {
    std::ofstream out(paths.second, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
  }
  EXPECT_EQ(LoadEventStore({paths.first, paths.second}).status().code(), StatusCode::kCorruption);
  Dictionaries dictionaries;
  EXPECT_EQ(LoadDictionaries({paths.first, paths.second}, dictionaries).code(),
            StatusCode::kCorruption);
}

TEST(EventStore, CodeOutsideTheDictionaryIsCorruption) {
  TempDir dir;
  Dictionaries dictionaries;
  const DictionarySizes base = DictionarySizes::Of(dictionaries);
  dictionaries.messages.GetOrAdd("");
  dictionaries.users.GetOrAdd("only");
  dictionaries.event_names.GetOrAdd("clicked");
  dictionaries.campaigns.GetOrAdd("c1");
  const std::vector<Row> bad_rows = {
      Row{1, 0, 0, 0, 0},  // user 1 of 1
      Row{0, 0, 1, 0, 0},  // event 1 of 1
      Row{0, 0, 0, 1, 0},  // campaign 1 of 1 (kNoCampaign would be fine)
      Row{0, 0, 0, 0, 1},  // message 1 of 1
  };
  for (size_t idx = 0; idx < bad_rows.size(); ++idx) {
    const std::string path = dir.File("bad" + std::to_string(idx) + ".seg");
    EventColumns batch;
    AddRow(batch, bad_rows[idx]);
    ASSERT_TRUE(WriteEventSegment(path, batch, dictionaries, base).ok());
    EXPECT_EQ(LoadEventStore({path}).status().code(), StatusCode::kCorruption) << idx;
  }
  // A segment's rows must be in user order: a lone segment's user runs are read from it.
  dictionaries.users.GetOrAdd("second");
  const std::string unsorted = dir.File("unsorted.seg");
  EventColumns unsorted_batch;
  AddRow(unsorted_batch, Row{1, 0, 0, 0, 0});
  AddRow(unsorted_batch, Row{0, 0, 0, 0, 0});
  ASSERT_TRUE(WriteEventSegment(unsorted, unsorted_batch, dictionaries, base).ok());
  EXPECT_EQ(LoadEventStore({unsorted}).status().code(), StatusCode::kCorruption);
  const std::string good = dir.File("good.seg");
  EventColumns batch;
  AddRow(batch, Row{0, 0, 0, kNoCampaign, 0});
  ASSERT_TRUE(WriteEventSegment(good, batch, dictionaries, base).ok());
  EXPECT_TRUE(LoadEventStore({good}).ok());
}

TEST(EventStore, MissingSegmentIsAnError) {
  TempDir dir;
  const auto loaded = LoadEventStore({dir.File("nope.seg")});
  EXPECT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace payback
