#include "payback/attribution/user_attributor.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "payback/attribution/conversion_rule.h"
#include "payback/attribution/event_roles.h"
#include "payback/settings.h"
#include "payback/store/event_store.h"
#include "payback/store/test_event_store.h"

namespace payback {
namespace {

constexpr int64_t kT0 = 1'772'323'200;  // 2026-03-01T00:00:00Z, in seconds
constexpr int64_t kHour = 3600;

TimestampUs Us(int64_t seconds) { return seconds * kMicrosPerSecond; }

/// What the attributor reported for one conversion, copied out of the spans.
struct Recorded {
  ConversionEvent conversion;
  std::vector<Candidate> candidates;
  std::vector<uint64_t> rows;
  std::vector<double> weights;
};

struct RecordingSink {
  std::vector<Recorded> calls;
  void OnConversion(const ConversionEvent& conversion, std::span<const Candidate> candidates,
                    std::span<const uint64_t> rows, std::span<const double> weights) {
    calls.push_back(Recorded{conversion,
                             {candidates.begin(), candidates.end()},
                             {rows.begin(), rows.end()},
                             {weights.begin(), weights.end()}});
  }
};

ConversionDefinition Purchase() {
  ConversionDefinition definition;
  definition.name = "Purchase";
  definition.event = "purchase";
  definition.window_s = 24 * kHour;
  definition.touch = "clicked";
  definition.model = "last_touch";
  return definition;
}

ConversionRule Resolve(const ConversionDefinition& definition, const EventStore& store,
                       std::string_view model = "",
                       const std::vector<std::pair<std::string, std::string>>& aliases = {},
                       const std::vector<CampaignRecord>& catalog = {}) {
  auto rule =
      ConversionRule::Resolve(definition, model, store, catalog, EventAliases(aliases), TimeZone());
  EXPECT_TRUE(rule.ok()) << rule.status().ToString();
  return std::move(rule).value();
}

uint32_t UserCode(const EventStore& store, std::string_view user) {
  for (uint32_t code = 0; code < store.dictionaries.users.size(); ++code) {
    if (store.dictionaries.users.Get(code) == user) return code;
  }
  ADD_FAILURE() << "no user " << user;
  return 0;
}

/// Runs the attributor over one user's rows.
std::vector<Recorded> RunUser(const EventStore& store, const ConversionRule& rule,
                              std::string_view user,
                              TimestampUs from = std::numeric_limits<TimestampUs>::min(),
                              TimestampUs to = std::numeric_limits<TimestampUs>::max()) {
  const uint32_t code = UserCode(store, user);
  RecordingSink sink;
  UserAttributor attributor(rule);
  attributor.Run(store, store.user_starts[code], store.user_starts[code + 1], from, to, sink);
  return sink.calls;
}

/// The campaign ids of a conversion's candidates, in the order given.
std::vector<std::string> CampaignsOf(const EventStore& store, const Recorded& recorded) {
  std::vector<std::string> out;
  for (const Candidate& candidate : recorded.candidates) {
    out.emplace_back(store.dictionaries.campaigns.Get(candidate.campaign));
  }
  return out;
}

std::vector<TimestampUs> TimesOf(const Recorded& recorded) {
  std::vector<TimestampUs> out;
  for (const Candidate& candidate : recorded.candidates) out.push_back(candidate.ts);
  return out;
}

void ExpectConsistent(const EventStore& store, const Recorded& recorded) {
  ASSERT_EQ(recorded.rows.size(), recorded.candidates.size());
  ASSERT_EQ(recorded.weights.size(), recorded.candidates.size());
  for (size_t idx = 0; idx < recorded.rows.size(); ++idx) {
    const uint64_t row = recorded.rows[idx];
    EXPECT_EQ(store.events.ts[row], recorded.candidates[idx].ts);
    EXPECT_EQ(store.events.campaign[row], recorded.candidates[idx].campaign);
    EXPECT_EQ(store.events.message[row], recorded.candidates[idx].message);
  }
}

TEST(UserAttributor, WindowIsInclusiveAtBothEnds) {
  const TimestampUs conversion = Us(kT0 + 100 * kHour);
  const EventStore store = BuildStore({
      {"u", conversion - Us(24 * kHour) - 1, "clicked", "too_early"},  // 1 µs outside
      {"u", conversion - Us(24 * kHour), "clicked", "window_start"},
      {"u", conversion - Us(kHour), "clicked", "inside"},
      {"u", conversion, "clicked", "same_time_before"},
      {"u", conversion, "purchase", ""},
      {"u", conversion, "clicked", "same_time_after"},  // same second, later row: counts
      {"u", conversion + 1, "clicked", "after"},        // after the conversion: never
      {"u", conversion + Us(1), "clicked", "next_second"},
  });
  const ConversionRule rule = Resolve(Purchase(), store, "linear");
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 1u);
  ExpectConsistent(store, calls[0]);
  EXPECT_EQ(calls[0].conversion.ts, conversion);
  EXPECT_EQ(store.dictionaries.event_names.Get(store.events.event[calls[0].conversion.row]),
            "purchase");
  EXPECT_EQ(
      CampaignsOf(store, calls[0]),
      (std::vector<std::string>{"window_start", "inside", "same_time_after", "same_time_before"}));
  EXPECT_EQ(TimesOf(calls[0]),
            (std::vector<TimestampUs>{conversion - Us(24 * kHour), conversion - Us(kHour),
                                      conversion, conversion}));
  for (const double weight : calls[0].weights) EXPECT_DOUBLE_EQ(weight, 0.25);
}

CampaignRecord WithInfluenceDays(std::string campaign_id, int64_t days) {
  CampaignRecord record;
  record.campaign_id = std::move(campaign_id);
  record.influence_days = days;
  return record;
}

TEST(UserAttributor, ACampaignsInfluenceDaysReplaceTheDefinitionsWindowForItsTouches) {
  const TimestampUs conversion = Us(kT0 + 400 * kHour);
  const EventStore store = BuildStore({
      {"u", conversion - Us(72 * kHour) - 1, "clicked", "long"},  // 1 µs before its 3 days
      {"u", conversion - Us(72 * kHour), "clicked", "long"},      // its 3 days: counts
      {"u", conversion - Us(36 * kHour), "clicked", "plain"},     // the definition's 48 h
      {"u", conversion - Us(36 * kHour), "clicked", "brief"},     // beyond its own 1 day
      {"u", conversion - Us(49 * kHour), "clicked", "plain"},     // beyond 48 h
      {"u", conversion - Us(24 * kHour), "clicked", "brief"},     // its 1 day: counts
      {"u", conversion, "purchase", ""},
  });
  ConversionDefinition definition = Purchase();
  definition.window_s = 48 * kHour;
  const std::vector<CampaignRecord> catalog = {WithInfluenceDays("long", 3),
                                               WithInfluenceDays("brief", 1),
                                               WithInfluenceDays("not_in_events", 9)};
  const ConversionRule rule = Resolve(definition, store, "linear", {}, catalog);
  EXPECT_EQ(rule.max_window_us(), Us(72 * kHour));
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 1u);
  ExpectConsistent(store, calls[0]);
  EXPECT_EQ(CampaignsOf(store, calls[0]), (std::vector<std::string>{"long", "plain", "brief"}));
  EXPECT_EQ(TimesOf(calls[0]),
            (std::vector<TimestampUs>{conversion - Us(72 * kHour), conversion - Us(36 * kHour),
                                      conversion - Us(24 * kHour)}));
}

TEST(UserAttributor, RequiresCreditsATouchOnlyWhenItsCampaignAlsoReachedTheUserByThen) {
  const TimestampUs t = Us(kT0 + 400 * kHour);
  const EventStore store = BuildStore({
      {"u", t - Us(300 * kHour), "reached", "old_reach"},  // the bank's word for delivered
      {"u", t - Us(10 * kHour), "opened", "old_reach"},    // reached long before: counts
      {"u", t - Us(9 * kHour), "delivered", "reached"},
      {"u", t - Us(8 * kHour), "opened", "reached"},
      {"u", t - Us(7 * kHour), "opened", "never_reached"},
      {"u", t - Us(6 * kHour), "delivered", "other"},  // another campaign's delivery
      {"u", t - Us(5 * kHour), "opened", "late_reach"},
      {"u", t, "product_opened", ""},
      {"u", t, "delivered", "late_reach"},  // same second, after the row: at the conversion
      {"u", t + Us(kHour), "delivered", "after"},
      {"u", t + Us(kHour), "opened", "after"},
      {"u", t + Us(2 * kHour), "product_opened", ""},
  });
  ConversionDefinition definition = Purchase();
  definition.event = "product_opened";
  definition.touch = "viewed";
  definition.requires_event = "delivered";
  definition.window_s = 30 * 24 * kHour;
  const ConversionRule rule = Resolve(definition, store, "any_touch");
  ASSERT_TRUE(rule.has_requirement());
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 2u);
  ExpectConsistent(store, calls[0]);
  EXPECT_EQ(CampaignsOf(store, calls[0]),
            (std::vector<std::string>{"old_reach", "reached", "late_reach"}));
  EXPECT_EQ(CampaignsOf(store, calls[1]),
            (std::vector<std::string>{"old_reach", "reached", "late_reach", "after"}));
  for (const double weight : calls[1].weights) EXPECT_DOUBLE_EQ(weight, 1.0);

  definition.requires_event.clear();
  const auto without = RunUser(store, Resolve(definition, store, "any_touch"), "u");
  ASSERT_EQ(without.size(), 2u);
  EXPECT_EQ(CampaignsOf(store, without[0]),
            (std::vector<std::string>{"old_reach", "reached", "never_reached", "late_reach"}));
}

TEST(UserAttributor, TouchAfterTheConversionDoesNotCount) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "purchase", ""},
      {"u", Us(kT0 + 1), "clicked", "c1"},
  });
  const ConversionRule rule = Resolve(Purchase(), store);
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_TRUE(calls[0].candidates.empty());
  EXPECT_TRUE(calls[0].rows.empty());
  EXPECT_TRUE(calls[0].weights.empty());
}

TEST(UserAttributor, TouchesBeforeFromCountButConversionsOutsideThePeriodDoNot) {
  const TimestampUs from = Us(kT0);
  const TimestampUs to = Us(kT0 + 10 * kHour);
  const EventStore store = BuildStore({
      {"u", from - Us(5 * kHour), "clicked", "before_from"},
      {"u", from - Us(1), "purchase", ""},  // before the period: ignored
      {"u", from, "purchase", "", "", {{"amount", 1'000'000}}},
      {"u", to - 1, "purchase", "", "", {{"amount", 2'000'000}}},
      {"u", to, "purchase", "", "", {{"amount", 3'000'000}}},  // `to` is exclusive
      {"u", to + Us(kHour), "purchase", ""},
  });
  ConversionDefinition definition = Purchase();
  definition.value = "amount";
  const ConversionRule rule = Resolve(definition, store);
  const auto calls = RunUser(store, rule, "u", from, to);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].conversion.ts, from);
  EXPECT_EQ(calls[0].conversion.value, std::optional<Micros>(1'000'000));
  EXPECT_EQ(CampaignsOf(store, calls[0]), (std::vector<std::string>{"before_from"}));
  EXPECT_EQ(calls[0].weights, (std::vector<double>{1.0}));
  EXPECT_EQ(calls[1].conversion.ts, to - 1);
  EXPECT_EQ(calls[1].conversion.value, std::optional<Micros>(2'000'000));
  // 10 h after `from` the touch (15 h before) is still in the 24 h window.
  EXPECT_EQ(CampaignsOf(store, calls[1]), (std::vector<std::string>{"before_from"}));
}

TEST(UserAttributor, EachConversionHasItsOwnWindowAndATouchCanServeSeveral) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "clicked", "a"},
      {"u", Us(kT0 + 2 * kHour), "clicked", "b"},
      {"u", Us(kT0 + 3 * kHour), "purchase", ""},
      {"u", Us(kT0 + 25 * kHour), "purchase", ""},  // "a" is now 25 h old
      {"u", Us(kT0 + 60 * kHour), "purchase", ""},  // nothing left in the window
      {"u", Us(kT0 + 61 * kHour), "clicked", "c"},
      {"u", Us(kT0 + 62 * kHour), "purchase", ""},
  });
  const ConversionRule rule = Resolve(Purchase(), store, "first_touch");
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(CampaignsOf(store, calls[0]), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(calls[0].weights, (std::vector<double>{1.0, 0.0}));
  EXPECT_EQ(CampaignsOf(store, calls[1]), (std::vector<std::string>{"b"}));
  EXPECT_EQ(calls[1].weights, (std::vector<double>{1.0}));
  EXPECT_TRUE(calls[2].candidates.empty());
  EXPECT_EQ(CampaignsOf(store, calls[3]), (std::vector<std::string>{"c"}));
}

TEST(UserAttributor, OnlyTouchEventsWithACampaignAreCandidates) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "clicked", ""},  // no campaign
      {"u", Us(kT0 + 1), "viewed", "viewed_only"},
      {"u", Us(kT0 + 2), "delivered", "delivered_only"},
      {"u", Us(kT0 + 3), "Notification Clicked", "alias_click"},  // alias of clicked
      {"u", Us(kT0 + 4), "purchase", "own_campaign"},             // a conversion is not a touch
      {"u", Us(kT0 + 5), "purchase", ""},
  });
  const ConversionRule rule = Resolve(Purchase(), store, "linear");
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(CampaignsOf(store, calls[0]), (std::vector<std::string>{"alias_click"}));
  EXPECT_EQ(CampaignsOf(store, calls[1]), (std::vector<std::string>{"alias_click"}));
}

TEST(UserAttributor, TouchTypeAndConversionEventFollowAliases) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "clicked", "clicker"},
      {"u", Us(kT0 + 1), "opened", "bank_open"},         // built-in alias: opened -> viewed
      {"u", Us(kT0 + 2), "Email Opened", "email_open"},  // workspace alias -> viewed
      {"u", Us(kT0 + 3), "viewed", "plain_view"},
      {"u", Us(kT0 + 4), "Charged", ""},
  });
  ConversionDefinition definition = Purchase();
  definition.event = "Charged";
  definition.touch = "viewed";
  const ConversionRule rule = Resolve(definition, store, "linear", {{"Email Opened", "viewed"}});
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(CampaignsOf(store, calls[0]),
            (std::vector<std::string>{"bank_open", "email_open", "plain_view"}));
}

TEST(UserAttributor, TiesAreOrderedByCampaignBytesThenMessageBytes) {
  // "c9" gets code 0 and "c10" code 1, but byte order puts "c10" first.
  const TimestampUs touch = Us(kT0);
  const EventStore store = BuildStore(
      {
          {"u", touch, "clicked", "c9", "m1"},
          {"u", touch, "clicked", "c10", "m2"},
          {"u", touch, "clicked", "c10", "m10"},
          {"u", Us(kT0 + kHour), "purchase", ""},
      },
      {"c9", "c10"});
  ASSERT_EQ(store.dictionaries.campaigns.Get(0), "c9");
  {
    const ConversionRule rule = Resolve(Purchase(), store, "last_touch");
    const auto calls = RunUser(store, rule, "u");
    ASSERT_EQ(calls.size(), 1u);
    ExpectConsistent(store, calls[0]);
    EXPECT_EQ(CampaignsOf(store, calls[0]), (std::vector<std::string>{"c10", "c10", "c9"}));
    std::vector<std::string> messages;
    for (const Candidate& candidate : calls[0].candidates) {
      messages.emplace_back(store.dictionaries.messages.Get(candidate.message));
    }
    EXPECT_EQ(messages, (std::vector<std::string>{"m10", "m2", "m1"}));
    // last_touch: ties go to the greatest campaign id in byte order, "c9".
    EXPECT_EQ(calls[0].weights, (std::vector<double>{0.0, 0.0, 1.0}));
  }
  {
    const ConversionRule rule = Resolve(Purchase(), store, "first_touch");
    const auto calls = RunUser(store, rule, "u");
    ASSERT_EQ(calls.size(), 1u);
    // first_touch: smallest campaign "c10", then smallest message "m10".
    EXPECT_EQ(calls[0].weights, (std::vector<double>{1.0, 0.0, 0.0}));
    EXPECT_EQ(store.dictionaries.messages.Get(calls[0].candidates[0].message), "m10");
  }
}

TEST(UserAttributor, WhereFilterChoosesConversions) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "clicked", "c1"},
      {"u", Us(kT0 + 1), "purchase", "", "", {{"amount", 5'000'000}}, {{"category", "Gift Card"}}},
      {"u", Us(kT0 + 2), "purchase", "", "", {{"amount", 6'000'000}}, {{"category", "Shoes"}}},
      {"u", Us(kT0 + 3), "purchase", "", "", {{"amount", 7'000'000}}},  // no category
      {"u", Us(kT0 + 4), "purchase", "", "", {{"amount", 0}}, {{"category", "Shoes"}}},
      {"u", Us(kT0 + 5), "purchase", "", "", {}, {{"category", "Shoes"}}},  // no amount
  });
  ConversionDefinition definition = Purchase();
  definition.where = "amount > 0 and category != 'Gift Card'";
  definition.value = "amount";
  const ConversionRule rule = Resolve(definition, store);
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].conversion.ts, Us(kT0 + 2));
  EXPECT_EQ(calls[0].conversion.value, std::optional<Micros>(6'000'000));
  EXPECT_EQ(calls[1].conversion.ts, Us(kT0 + 3));
  EXPECT_EQ(calls[1].conversion.value, std::optional<Micros>(7'000'000));
}

TEST(UserAttributor, FilterOnAPropertyNoEventHasMatchesOnlyNegations) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "clicked", "c1"},
      {"u", Us(kT0 + 1), "purchase", ""},
  });
  ConversionDefinition definition = Purchase();
  definition.where = "coupon = 'X'";
  EXPECT_TRUE(RunUser(store, Resolve(definition, store), "u").empty());
  definition.where = "coupon != 'X'";
  EXPECT_EQ(RunUser(store, Resolve(definition, store), "u").size(), 1u);
}

TEST(UserAttributor, ValueComesFromTheValueProperty) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "purchase", "", "", {{"amount", 12'340'000}}},
      {"u", Us(kT0 + 1), "purchase", ""},                                // no amount
      {"u", Us(kT0 + 2), "purchase", "", "", {}, {{"amount", "99.5"}}},  // numeric string
      {"u", Us(kT0 + 3), "purchase", "", "", {}, {{"amount", "n/a"}}},
      {"u", Us(kT0 + 4), "purchase", "", "", {{"amount", -2'000'000}}},  // a refund
  });
  ConversionDefinition definition = Purchase();
  definition.value = "amount";
  const ConversionRule with_value = Resolve(definition, store);
  EXPECT_TRUE(with_value.has_value());
  const auto calls = RunUser(store, with_value, "u");
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[0].conversion.value, std::optional<Micros>(12'340'000));
  EXPECT_EQ(calls[1].conversion.value, std::nullopt);
  EXPECT_EQ(calls[2].conversion.value, std::optional<Micros>(99'500'000));
  EXPECT_EQ(calls[3].conversion.value, std::nullopt);
  EXPECT_EQ(calls[4].conversion.value, std::optional<Micros>(-2'000'000));

  definition.value = "";
  const ConversionRule without_value = Resolve(definition, store);
  EXPECT_FALSE(without_value.has_value());
  for (const Recorded& call : RunUser(store, without_value, "u")) {
    EXPECT_EQ(call.conversion.value, std::nullopt);
  }
  definition.value = "no_such_property";
  const ConversionRule unknown_value = Resolve(definition, store);
  EXPECT_TRUE(unknown_value.has_value());
  for (const Recorded& call : RunUser(store, unknown_value, "u")) {
    EXPECT_EQ(call.conversion.value, std::nullopt);
  }
}

TEST(UserAttributor, DirectModelCreditsTheConversionsOwnCampaign) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "clicked", "touched"},
      {"u", Us(kT0 + 1), "purchase", "sold_on_call", "call-7", {{"amount", 3'000'000}}},
      {"u", Us(kT0 + 2), "purchase", "", "", {{"amount", 4'000'000}}},  // names no campaign
  });
  ConversionDefinition definition = Purchase();
  definition.value = "amount";
  definition.model = "direct";
  const ConversionRule rule = Resolve(definition, store);
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 2u);
  ExpectConsistent(store, calls[0]);
  EXPECT_EQ(CampaignsOf(store, calls[0]), (std::vector<std::string>{"sold_on_call"}));
  EXPECT_EQ(calls[0].rows, (std::vector<uint64_t>{calls[0].conversion.row}));
  EXPECT_EQ(calls[0].candidates[0].ts, Us(kT0 + 1));
  EXPECT_EQ(store.dictionaries.messages.Get(calls[0].candidates[0].message), "call-7");
  EXPECT_EQ(calls[0].weights, (std::vector<double>{1.0}));
  EXPECT_EQ(calls[0].conversion.value, std::optional<Micros>(3'000'000));
  // No campaign on the event: unattributed, whatever touches precede it.
  EXPECT_TRUE(calls[1].candidates.empty());
  EXPECT_TRUE(calls[1].rows.empty());
  EXPECT_TRUE(calls[1].weights.empty());
  EXPECT_EQ(calls[1].conversion.value, std::optional<Micros>(4'000'000));
}

TEST(UserAttributor, DirectModelAsAnOverride) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "clicked", "touched"},
      {"u", Us(kT0 + 1), "purchase", "own"},
  });
  const ConversionRule rule = Resolve(Purchase(), store, "direct");
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(CampaignsOf(store, calls[0]), (std::vector<std::string>{"own"}));
}

TEST(UserAttributor, UnattributedConversionGivesEmptySpans) {
  const EventStore store = BuildStore({
      {"u", Us(kT0), "clicked", "c1"},
      {"u", Us(kT0 + 2 * 24 * kHour), "purchase", ""},  // 48 h later, window 24 h
  });
  const ConversionRule rule = Resolve(Purchase(), store);
  const auto calls = RunUser(store, rule, "u");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_TRUE(calls[0].candidates.empty());
  EXPECT_TRUE(calls[0].rows.empty());
  EXPECT_TRUE(calls[0].weights.empty());
}

TEST(UserAttributor, UsersAreIndependent) {
  const EventStore store = BuildStore({
      {"alice", Us(kT0), "clicked", "alice_campaign"},
      {"bob", Us(kT0 + 1), "purchase", ""},
      {"alice", Us(kT0 + 2), "purchase", ""},
      {"bob", Us(kT0 - 5), "clicked", "bob_campaign"},
  });
  const ConversionRule rule = Resolve(Purchase(), store);
  const auto alice = RunUser(store, rule, "alice");
  ASSERT_EQ(alice.size(), 1u);
  EXPECT_EQ(CampaignsOf(store, alice[0]), (std::vector<std::string>{"alice_campaign"}));
  const auto bob = RunUser(store, rule, "bob");
  ASSERT_EQ(bob.size(), 1u);
  EXPECT_EQ(CampaignsOf(store, bob[0]), (std::vector<std::string>{"bob_campaign"}));
  // One attributor reused across users (its scratch buffers) gives the same answers.
  RecordingSink sink;
  UserAttributor attributor(rule);
  for (uint32_t user = 0; user < store.dictionaries.users.size(); ++user) {
    attributor.Run(store, store.user_starts[user], store.user_starts[user + 1],
                   std::numeric_limits<TimestampUs>::min(), std::numeric_limits<TimestampUs>::max(),
                   sink);
  }
  ASSERT_EQ(sink.calls.size(), 2u);
  EXPECT_EQ(CampaignsOf(store, sink.calls[0]), (std::vector<std::string>{"alice_campaign"}));
  EXPECT_EQ(CampaignsOf(store, sink.calls[1]), (std::vector<std::string>{"bob_campaign"}));
}

TEST(ConversionRule, UnknownModelIsUsageAndBadFilterIsInvalidInput) {
  const EventStore store = BuildStore({{"u", Us(kT0), "purchase", ""}});
  const EventAliases aliases({});
  EXPECT_EQ(ConversionRule::Resolve(Purchase(), "no_such_model", store, {}, aliases, TimeZone())
                .status()
                .code(),
            StatusCode::kUsage);
  ConversionDefinition definition = Purchase();
  definition.model = "bogus";
  EXPECT_EQ(ConversionRule::Resolve(definition, "", store, {}, aliases, TimeZone()).status().code(),
            StatusCode::kUsage);
  // An override replaces a bad definition model.
  EXPECT_TRUE(ConversionRule::Resolve(definition, "linear", store, {}, aliases, TimeZone()).ok());
  definition = Purchase();
  definition.where = "amount >";
  EXPECT_EQ(ConversionRule::Resolve(definition, "", store, {}, aliases, TimeZone()).status().code(),
            StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace payback
