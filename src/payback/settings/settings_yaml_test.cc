#include "payback/settings/settings_yaml.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "payback/settings/cost_names.h"

namespace payback {

// Readable failures for EXPECT_EQ on the settings' lines.
void PrintTo(const FixedConversionValue& value, std::ostream* os) {
  *os << "{amount " << value.amount << ", campaign \"" << value.campaign << "\", from \""
      << value.from << "\"}";
}

void PrintTo(const CostLine& line, std::ostream* os) {
  *os << "{" << CostLineTypeName(line.type) << ", amount " << line.amount << ", share_ppm ";
  if (line.share_ppm) {
    *os << *line.share_ppm;
  } else {
    *os << "none";
  }
  *os << ", campaign \"" << line.campaign << "\", channel \"" << line.channel << "\", "
      << MessageDirectionName(line.direction) << ", " << FeePeriodName(line.period)
      << ", conversion \"" << line.conversion << "\", from \"" << line.from << "\"}";
}

void PrintTo(const Target& target, std::ostream* os) {
  *os << "{campaign \"" << target.campaign << "\", month \"" << target.month << "\", revenue ";
  if (target.revenue) {
    *os << *target.revenue;
  } else {
    *os << "none";
  }
  *os << ", roi ";
  if (target.roi) {
    *os << *target.roi;
  } else {
    *os << "none";
  }
  *os << "}";
}

namespace {

// The example of data.md, "Settings file", verbatim.
constexpr std::string_view kDataMdExample =
    R"(timezone: America/New_York      # IANA name; default UTC
currency: USD                   # ISO 4217; default USD
aliases:                        # extra event-name aliases, added to the defaults
  "Email Opened": viewed
conversions:                    # as many as you like
  - name: Purchase
    event: Charged
    where: "amount > 0 and category != 'Gift Card'"   # optional property filter
    window: 7d                  # s, m, h, d, w units; default 7d
    value: amount               # optional numeric property = revenue
    touch: clicked              # default clicked
    model: last_touch           # see metrics.md; default last_touch
    half_life: 7d               # time_decay only
custom_metrics:
  - name: Revenue per Delivered
    formula: "Revenue / Delivered"
)";

Settings DataMdSettings() {
  Settings settings;
  settings.timezone = "America/New_York";
  settings.currency = "USD";
  settings.aliases = {{"Email Opened", "viewed"}};
  ConversionDefinition purchase;
  purchase.name = "Purchase";
  purchase.event = "Charged";
  purchase.where = "amount > 0 and category != 'Gift Card'";
  purchase.window_s = 7 * 86400;
  purchase.value = "amount";
  purchase.touch = "clicked";
  purchase.model = "last_touch";
  purchase.half_life_s = 7 * 86400;
  settings.conversions = {purchase};
  settings.custom_metrics = {{"Revenue per Delivered", "Revenue / Delivered"}};
  return settings;
}

Settings MustParse(std::string_view yaml) {
  Result<Settings> parsed = ParseSettingsYaml(yaml, "settings.yaml");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  if (!parsed.ok()) std::abort();
  return std::move(parsed).value();
}

// Parses `yaml` expecting an InvalidInput error; returns it.
Status ErrorOf(std::string_view yaml) {
  const Result<Settings> parsed = ParseSettingsYaml(yaml, "settings.yaml");
  EXPECT_FALSE(parsed.ok()) << yaml;
  if (parsed.ok()) return Status::Ok();
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput) << yaml;
  EXPECT_EQ(parsed.status().location().file, "settings.yaml");
  return parsed.status();
}

// Parses `yaml` expecting an InvalidInput error; returns its location.
ErrorLocation ErrorAt(std::string_view yaml) { return ErrorOf(yaml).location(); }

#define EXPECT_ERROR_AT(yaml, expected_line, expected_field) \
  do {                                                       \
    const ErrorLocation location_ = ErrorAt(yaml);           \
    EXPECT_EQ(location_.line, expected_line) << (yaml);      \
    EXPECT_EQ(location_.field, expected_field) << (yaml);    \
  } while (false)

// EXPECT_ERROR_AT, and the message contains `expected_text` (a distinctive part of it).
#define EXPECT_ERROR_WITH(yaml, expected_line, expected_field, expected_text)               \
  do {                                                                                      \
    const Status status_ = ErrorOf(yaml);                                                   \
    EXPECT_EQ(status_.location().line, expected_line) << (yaml);                            \
    EXPECT_EQ(status_.location().field, expected_field) << (yaml);                          \
    EXPECT_NE(status_.message().find(expected_text), std::string::npos)                     \
        << "message: " << status_.message() << "\nexpected to contain: " << (expected_text) \
        << "\n"                                                                             \
        << (yaml);                                                                          \
  } while (false)

// Values of the settings built field by field (designated initializers would trip
// -Wmissing-field-initializers).
FixedConversionValue Fixed(Micros amount, std::string campaign = "", std::string from = "") {
  FixedConversionValue value;
  value.amount = amount;
  value.campaign = std::move(campaign);
  value.from = std::move(from);
  return value;
}

Target MakeTarget(std::string campaign, std::string month, std::optional<Micros> revenue,
                  std::optional<double> roi) {
  Target target;
  target.campaign = std::move(campaign);
  target.month = std::move(month);
  target.revenue = revenue;
  target.roi = roi;
  return target;
}

// Builds a CostLine: `Cost(CostLineType::kCall, 250'000).Campaign("Winback").Build()`.
class CostLineBuilder {
 public:
  CostLineBuilder(CostLineType type, Micros amount, std::optional<int64_t> share_ppm) {
    line_.type = type;
    line_.amount = amount;
    line_.share_ppm = share_ppm;
  }
  CostLineBuilder& Campaign(std::string campaign) {
    line_.campaign = std::move(campaign);
    return *this;
  }
  CostLineBuilder& Channel(std::string channel) {
    line_.channel = std::move(channel);
    return *this;
  }
  CostLineBuilder& Direction(MessageDirection direction) {
    line_.direction = direction;
    return *this;
  }
  CostLineBuilder& Period(FeePeriod period) {
    line_.period = period;
    return *this;
  }
  CostLineBuilder& Conversion(std::string conversion) {
    line_.conversion = std::move(conversion);
    return *this;
  }
  CostLineBuilder& From(std::string from) {
    line_.from = std::move(from);
    return *this;
  }
  CostLine Build() const { return line_; }

 private:
  CostLine line_;
};

CostLineBuilder Cost(CostLineType type, Micros amount) {
  return CostLineBuilder(type, amount, std::nullopt);
}

// A commission given as a share of the sale's revenue, in millionths.
CostLineBuilder Commission(int64_t share_ppm) {
  return CostLineBuilder(CostLineType::kCommission, 0, share_ppm);
}

TEST(ParseSettingsYaml, ParsesTheDataMdExample) {
  EXPECT_EQ(MustParse(kDataMdExample), DataMdSettings());
}

TEST(ParseSettingsYaml, EmptyFileIsAllDefaults) {
  EXPECT_EQ(MustParse(""), Settings{});
  EXPECT_EQ(MustParse("# nothing here\n"), Settings{});
  EXPECT_EQ(MustParse("aliases:\nconversions:\ncustom_metrics:\n"), Settings{});
}

TEST(ParseSettingsYaml, ConversionDefaults) {
  const Settings settings = MustParse("conversions:\n  - name: Signup\n    event: signed_up\n");
  ASSERT_EQ(settings.conversions.size(), 1u);
  ConversionDefinition expected;
  expected.name = "Signup";
  expected.event = "signed_up";
  EXPECT_EQ(settings.conversions[0], expected);
  EXPECT_EQ(settings.conversions[0].window_s, 604800);
  EXPECT_EQ(settings.conversions[0].touch, "clicked");
  EXPECT_EQ(settings.conversions[0].model, "last_touch");
  EXPECT_FALSE(settings.conversions[0].position_weights.has_value());
}

TEST(ParseSettingsYaml, RequiresNamesTheEventATouchsCampaignMustAlsoHave) {
  const Settings settings = MustParse(
      "conversions:\n"
      "  - {name: Product, event: product_opened, touch: opened, requires: reached,\n"
      "     model: any_touch, window: 30d}\n"
      "  - {name: Sale, event: sale}\n");
  EXPECT_EQ(settings.conversions[0].requires_event, "reached");
  EXPECT_EQ(settings.conversions[0].touch, "opened");
  EXPECT_EQ(settings.conversions[1].requires_event, "");
  EXPECT_EQ(SettingsToYaml(settings).find("requires: \"\""), std::string::npos)
      << "an absent requires is not written back";
  EXPECT_NE(SettingsToYaml(settings).find("    requires: reached\n"), std::string::npos);
}

TEST(ParseSettingsYaml, EmptyWhereAndValueMeanNone) {
  const Settings settings = MustParse(
      "conversions:\n"
      "  - {name: A, event: a, where: \"\", value: \"\"}\n"
      "  - name: B\n"
      "    event: b\n"
      "    where:\n"
      "    value:\n");
  ASSERT_EQ(settings.conversions.size(), 2u);
  EXPECT_EQ(settings.conversions[0].where, "");
  EXPECT_EQ(settings.conversions[0].value, "");
  EXPECT_EQ(settings.conversions[1].where, "");
  EXPECT_EQ(settings.conversions[1].value, "");
}

TEST(ParseSettingsYaml, CustomPositionWeightsAndHalfLife) {
  const Settings settings = MustParse(
      "conversions:\n"
      "  - name: Lead\n"
      "    event: lead\n"
      "    model: custom_position\n"
      "    weights: {first: 0.3, middle: 0.4, last: 0.3}\n"
      "  - name: Decay\n"
      "    event: lead\n"
      "    model: time_decay\n"
      "    window: 2w\n"
      "    half_life: 36h\n");
  ASSERT_EQ(settings.conversions.size(), 2u);
  EXPECT_EQ(settings.conversions[0].position_weights, (std::array<double, 3>{0.3, 0.4, 0.3}));
  EXPECT_EQ(settings.conversions[1].window_s, 14 * 86400);
  EXPECT_EQ(settings.conversions[1].half_life_s, 36 * 3600);
  EXPECT_FALSE(settings.conversions[1].position_weights.has_value());
}

TEST(ParseSettingsYaml, KeepsAliasesAndConversionsInFileOrder) {
  const Settings settings = MustParse(
      "aliases:\n  z: sent\n  a: clicked\n  m: viewed\n"
      "conversions:\n  - {name: Z, event: z}\n  - {name: A, event: a}\n");
  EXPECT_EQ(settings.aliases, (std::vector<std::pair<std::string, std::string>>{
                                  {"z", "sent"}, {"a", "clicked"}, {"m", "viewed"}}));
  EXPECT_EQ(settings.conversions[0].name, "Z");
  EXPECT_EQ(settings.conversions[1].name, "A");
}

TEST(ParseSettingsYaml, NoCapOnTheNumberOfConversions) {
  std::string yaml = "conversions:\n";
  for (int idx = 0; idx < 300; ++idx) {
    yaml += "  - {name: c" + std::to_string(idx) + ", event: e}\n";
  }
  EXPECT_EQ(MustParse(yaml).conversions.size(), 300u);
}

TEST(ParseSettingsYaml, TopLevelErrors) {
  EXPECT_ERROR_AT("timezone: UTC\ntimezon: UTC\n", 2, "timezon");
  EXPECT_ERROR_AT("Currency: EUR\n", 1, "Currency");
  EXPECT_ERROR_AT("timezone: \"\"\n", 1, "timezone");
  EXPECT_ERROR_AT("timezone:\ncurrency: USD\n", 1, "timezone");
  EXPECT_ERROR_AT("currency: [USD]\n", 1, "currency");
  EXPECT_ERROR_AT("currency: {a: b}\n", 1, "currency");
  EXPECT_ERROR_AT("currency: USD\ncurrency: EUR\n", 2, "currency");
  EXPECT_ERROR_AT("- a\n- b\n", 1, "");
  EXPECT_ERROR_AT("just text\n", 1, "");
  EXPECT_ERROR_AT("timezone: UTC\n---\ncurrency: USD\n", 3, "");
}

TEST(ParseSettingsYaml, UnknownKeySuggestsTheClosestOne) {
  const Result<Settings> parsed =
      ParseSettingsYaml("conversions:\n  - {name: a, event: b, windw: 7d}\n", "s.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().location().field, "conversions[0].windw");
  EXPECT_NE(parsed.status().message().find("'window'"), std::string::npos);
}

TEST(ParseSettingsYaml, YamlSyntaxErrorsCarryTheirLine) {
  const ErrorLocation unclosed = ErrorAt("timezone: UTC\nconversions: [\n  {name: a\n");
  EXPECT_GT(unclosed.line, 1);
  const ErrorLocation map_value = ErrorAt("timezone: UTC\ncurrency: a: b\n");
  EXPECT_EQ(map_value.line, 2);
  EXPECT_EQ(map_value.field, "");
  EXPECT_GT(map_value.column, 0);
}

TEST(ParseSettingsYaml, AliasErrors) {
  EXPECT_ERROR_AT("aliases: [a, b]\n", 1, "aliases");
  EXPECT_ERROR_AT("aliases:\n  opened: viewed\n  \"Email Opened\": \"\"\n", 3,
                  "aliases[\"Email Opened\"]");
  EXPECT_ERROR_AT("aliases:\n  opened:\n", 2, "aliases[\"opened\"]");
  EXPECT_ERROR_AT("aliases:\n  \"\": viewed\n", 2, "aliases");
  EXPECT_ERROR_AT("aliases:\n  opened: viewed\n  opened: clicked\n", 3, "aliases[\"opened\"]");
  EXPECT_ERROR_AT("aliases:\n  opened: [viewed]\n", 2, "aliases[\"opened\"]");
}

TEST(ParseSettingsYaml, ConversionErrors) {
  const std::string head = "timezone: UTC\nconversions:\n  - name: First\n    event: e\n";
  // Line 5 starts the second conversion.
  EXPECT_ERROR_AT("conversions: {name: a}\n", 1, "conversions");
  EXPECT_ERROR_AT(head + "  - just a string\n", 5, "conversions[1]");
  EXPECT_ERROR_AT(head + "  - event: e\n", 5, "conversions[1].name");
  EXPECT_ERROR_AT(head + "  - name: Second\n", 5, "conversions[1].event");
  EXPECT_ERROR_AT(head + "  - name: \"\"\n    event: e\n", 5, "conversions[1].name");
  EXPECT_ERROR_AT(head + "  - name: second\n    event: e\n    event: f\n", 7,
                  "conversions[1].event");
  EXPECT_ERROR_AT(head + "  - name: FIRST\n    event: e\n", 5, "conversions[1].name");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    window: 7\n", 7, "conversions[1].window");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    window: 0d\n", 7, "conversions[1].window");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    window:\n", 7, "conversions[1].window");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    half_life: 1y\n", 7,
                  "conversions[1].half_life");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    touch: \"\"\n", 7, "conversions[1].touch");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    value: [a]\n", 7, "conversions[1].value");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    model: Last Touch\n", 7,
                  "conversions[1].model");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    model:\n", 7, "conversions[1].model");
  EXPECT_ERROR_AT(head + "  - name: S\n    event: e\n    colour: red\n", 7,
                  "conversions[1].colour");
}

TEST(ParseSettingsYaml, WhereErrorsCarryLineFieldAndColumn) {
  const ErrorLocation location = ErrorAt(
      "conversions:\n"
      "  - name: Purchase\n"
      "    event: Charged\n"
      "    where: \"amount == 0\"\n");
  EXPECT_EQ(location.line, 4);
  EXPECT_EQ(location.field, "conversions[0].where");
  EXPECT_EQ(location.column, 8);
}

TEST(ParseSettingsYaml, WeightsErrors) {
  const std::string head = "conversions:\n  - name: P\n    event: e\n    model: custom_position\n";
  EXPECT_ERROR_AT(head, 4, "conversions[0].weights");
  EXPECT_ERROR_AT(head + "    weights: [0.3, 0.4, 0.3]\n", 5, "conversions[0].weights");
  EXPECT_ERROR_AT(head + "    weights: {first: 0.3, last: 0.3}\n", 5,
                  "conversions[0].weights.middle");
  EXPECT_ERROR_AT(head + "    weights: {first: 0.3, middle: 0.4, last: 0.3, end: 1}\n", 5,
                  "conversions[0].weights.end");
  EXPECT_ERROR_AT(head + "    weights: {first: -0.3, middle: 0.4, last: 0.3}\n", 5,
                  "conversions[0].weights.first");
  EXPECT_ERROR_AT(head + "    weights: {first: abc, middle: 0.4, last: 0.3}\n", 5,
                  "conversions[0].weights.first");
  EXPECT_ERROR_AT(head + "    weights: {first: .nan, middle: 0.4, last: 0.3}\n", 5,
                  "conversions[0].weights.first");
  EXPECT_ERROR_AT(head + "    weights: {first: 0, middle: 0, last: 0}\n", 5,
                  "conversions[0].weights");
  EXPECT_ERROR_AT(
      "conversions:\n  - name: P\n    event: e\n    weights: {first: 1, middle: 1, last: 1}\n", 4,
      "conversions[0].weights");
  EXPECT_ERROR_AT(
      "conversions:\n  - name: P\n    event: e\n    model: linear\n"
      "    weights: {first: 1, middle: 1, last: 1}\n",
      5, "conversions[0].weights");
}

TEST(ParseSettingsYaml, CustomMetricErrors) {
  EXPECT_ERROR_AT("custom_metrics: {name: a}\n", 1, "custom_metrics");
  EXPECT_ERROR_AT("custom_metrics:\n  - name: A\n", 2, "custom_metrics[0].formula");
  EXPECT_ERROR_AT("custom_metrics:\n  - formula: x\n", 2, "custom_metrics[0].name");
  EXPECT_ERROR_AT("custom_metrics:\n  - name: A\n    formula: \"\"\n", 3,
                  "custom_metrics[0].formula");
  EXPECT_ERROR_AT("custom_metrics:\n  - {name: A, formula: x}\n  - {name: a, formula: y}\n", 3,
                  "custom_metrics[1].name");
  EXPECT_ERROR_AT("custom_metrics:\n  - {name: A, formula: x, format: pct}\n", 2,
                  "custom_metrics[0].format");
}

TEST(ParseSettingsYaml, ReportsTheFirstErrorInDocumentOrder) {
  EXPECT_ERROR_AT(
      "conversions:\n  - {name: A, event: e, window: 3x}\n"
      "bogus: 1\n",
      2, "conversions[0].window");
  EXPECT_ERROR_AT(
      "bogus: 1\n"
      "conversions:\n  - {name: A, event: e, window: 3x}\n",
      1, "bogus");
}

TEST(ParseSettingsYaml, ValuePerConversionAsOneAmount) {
  const Settings settings = MustParse(
      "conversions:\n"
      "  - name: Sale\n"
      "    event: sale\n"
      "    value_per_conversion: 120.00\n");
  ASSERT_EQ(settings.conversions.size(), 1u);
  EXPECT_EQ(settings.conversions[0].value, "");
  EXPECT_EQ(settings.conversions[0].fixed_values,
            (std::vector<FixedConversionValue>{Fixed(120'000'000)}));
}

TEST(ParseSettingsYaml, ValuePerConversionSchedule) {
  const Settings settings = MustParse(
      "conversions:\n"
      "  - name: Sale\n"
      "    event: sale\n"
      "    value: \"\"\n"
      "    value_per_conversion:\n"
      "      - amount: 100\n"
      "      - amount: 0.000001\n"
      "        from: 2024-03-01\n"
      "      - amount: 150.5\n"
      "        campaign: Spring Sale\n"
      "        from: 2024-03-01\n"
      "      - {amount: 0, campaign: Spring Sale, from: \"2024-04-01T09:30:00-05:00\"}\n");
  ASSERT_EQ(settings.conversions.size(), 1u);
  // Same from with another campaign, and same campaign with another from, are distinct.
  const std::vector<FixedConversionValue> expected = {
      Fixed(100'000'000),
      Fixed(1, "", "2024-03-01"),
      Fixed(150'500'000, "Spring Sale", "2024-03-01"),
      Fixed(0, "Spring Sale", "2024-04-01T09:30:00-05:00"),
  };
  EXPECT_EQ(settings.conversions[0].fixed_values, expected);
  EXPECT_EQ(settings.conversions[0].value, "");
}

TEST(ParseSettingsYaml, ValuePerConversionErrors) {
  const std::string head = "conversions:\n  - name: Sale\n    event: sale\n";
  const std::string field = "conversions[0].value_per_conversion";
  // Line 4 is the conversion's next key.
  EXPECT_ERROR_WITH(head + "    value: amount\n    value_per_conversion: 120\n", 5, field,
                    "not both");
  EXPECT_ERROR_WITH(head + "    value_per_conversion: 120\n    value: amount\n", 4, field,
                    "not both");
  EXPECT_ERROR_WITH(head + "    value_per_conversion: -1\n", 4, field, "must not be negative");
  EXPECT_ERROR_WITH(head + "    value_per_conversion: 1.1234567\n", 4, field,
                    "more than 6 decimals");
  EXPECT_ERROR_WITH(head + "    value_per_conversion: ten\n", 4, field, "not a valid amount");
  EXPECT_ERROR_WITH(head + "    value_per_conversion: \"\"\n", 4, field, "must not be empty");
  EXPECT_ERROR_WITH(head + "    value_per_conversion:\n", 4, field, "found nothing");
  EXPECT_ERROR_WITH(head + "    value_per_conversion: {amount: 1}\n", 4, field, "found a map");
  EXPECT_ERROR_WITH(head + "    value_per_conversion: []\n", 4, field, "must not be an empty list");
  const std::string list = head + "    value_per_conversion:\n";
  // Line 5 is the first entry of the list.
  EXPECT_ERROR_WITH(list + "      - 120\n", 5, field + "[0]", "found a string");
  EXPECT_ERROR_WITH(list + "      - amount: 1\n      - campaign: X\n", 6, field + "[1].amount",
                    "missing required key 'amount'");
  EXPECT_ERROR_WITH(list + "      - {amount: 1, campagin: X}\n", 5, field + "[0].campagin",
                    "did you mean 'campaign'?");
  EXPECT_ERROR_WITH(list + "      - {amount: 1, amount: 2}\n", 5, field + "[0].amount",
                    "duplicate key 'amount'");
  EXPECT_ERROR_WITH(list + "      - {amount: 1, campaign: \"\"}\n", 5, field + "[0].campaign",
                    "must not be empty");
  EXPECT_ERROR_WITH(list + "      - {amount: 1, from: 2024-02-30}\n", 5, field + "[0].from",
                    "is not a date (YYYY-MM-DD) or timestamp");
  EXPECT_ERROR_WITH(list + "      - {amount: -0.01, from: 2024-02-01}\n", 5, field + "[0].amount",
                    "must not be negative");
  EXPECT_ERROR_WITH(list + "      - amount: 1\n      - amount: 2\n", 6, field + "[1]",
                    "same campaign and from");
  EXPECT_ERROR_WITH(list +
                        "      - {amount: 1, campaign: X, from: 2024-01-01}\n"
                        "      - {amount: 2, campaign: X}\n"
                        "      - {amount: 3, from: 2024-01-01, campaign: X}\n",
                    7, field + "[2]", "same campaign and from");
}

// Every type of cost line with every key it takes; file order is kept.
constexpr std::string_view kCostsExample =
    R"(costs:
  - type: message
    amount: 0.0079
  - type: message
    amount: 0.0075
    direction: inbound
    channel: sms
    campaign: Spring Sale
    from: 2024-03-01
  - {type: carrier_fee, amount: 0.003, channel: sms, direction: outbound}
  - {type: platform_fee, amount: 1200, period: quarter, from: "2024-01-01T00:00:00Z"}
  - {type: platform_fee, amount: 99.99, period: month}
  - {type: platform_fee, amount: 5000, period: year, from: 2025-01-01}
  - {type: call, amount: 0.25, campaign: Winback}
  - {type: agent_hour, amount: 18.5, from: 2024-07-01}
  - {type: commission, amount: 5, conversion: Purchase}
  - {type: commission, share: 10%, campaign: Spring Sale, from: 2024-06-01}
  - {type: commission, share: 0.025, conversion: Purchase, from: 2024-06-01}
)";

std::vector<CostLine> CostsExampleLines() {
  return {
      Cost(CostLineType::kMessage, 7'900).Build(),
      Cost(CostLineType::kMessage, 7'500)
          .Direction(MessageDirection::kInbound)
          .Channel("sms")
          .Campaign("Spring Sale")
          .From("2024-03-01")
          .Build(),
      Cost(CostLineType::kCarrierFee, 3'000).Channel("sms").Build(),
      Cost(CostLineType::kPlatformFee, 1'200'000'000)
          .Period(FeePeriod::kQuarter)
          .From("2024-01-01T00:00:00Z")
          .Build(),
      Cost(CostLineType::kPlatformFee, 99'990'000).Period(FeePeriod::kMonth).Build(),
      Cost(CostLineType::kPlatformFee, 5'000'000'000)
          .Period(FeePeriod::kYear)
          .From("2025-01-01")
          .Build(),
      Cost(CostLineType::kCall, 250'000).Campaign("Winback").Build(),
      Cost(CostLineType::kAgentHour, 18'500'000).From("2024-07-01").Build(),
      Cost(CostLineType::kCommission, 5'000'000).Conversion("Purchase").Build(),
      Commission(100'000).Campaign("Spring Sale").From("2024-06-01").Build(),
      Commission(25'000).Conversion("Purchase").From("2024-06-01").Build(),
  };
}

TEST(ParseSettingsYaml, CostLinesOfEveryType) {
  const Settings settings = MustParse(kCostsExample);
  const std::vector<CostLine> expected = CostsExampleLines();
  ASSERT_EQ(settings.costs.size(), expected.size());
  for (size_t line_idx = 0; line_idx < expected.size(); ++line_idx) {
    EXPECT_EQ(settings.costs[line_idx], expected[line_idx]) << "costs[" << line_idx << "]";
  }
  // Spelled out for the lines whose parsing is least obvious.
  EXPECT_EQ(settings.costs[1].direction, MessageDirection::kInbound);
  EXPECT_EQ(settings.costs[3].period, FeePeriod::kQuarter);
  EXPECT_EQ(settings.costs[4].amount, 99'990'000);
  EXPECT_EQ(settings.costs[9].share_ppm, 100'000);
  EXPECT_EQ(settings.costs[9].amount, 0);
  EXPECT_EQ(settings.costs[10].share_ppm, 25'000);
  EXPECT_FALSE(settings.costs[8].share_ppm.has_value());
}

TEST(ParseSettingsYaml, CostLineDefaults) {
  const Settings settings = MustParse("costs:\n  - {type: message, amount: 0.01}\n");
  ASSERT_EQ(settings.costs.size(), 1u);
  const CostLine& line = settings.costs[0];
  EXPECT_EQ(line.type, CostLineType::kMessage);
  EXPECT_EQ(line.amount, 10'000);
  EXPECT_FALSE(line.share_ppm.has_value());
  EXPECT_EQ(line.campaign, "");
  EXPECT_EQ(line.channel, "");
  EXPECT_EQ(line.direction, MessageDirection::kOutbound);
  EXPECT_EQ(line.conversion, "");
  EXPECT_EQ(line.from, "");
}

TEST(ParseSettingsYaml, CommissionShareIsAFractionOrAPercentage) {
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"0.1", 100'000},    {"10%", 100'000}, {"12.5%", 125'000}, {"0.025", 25'000},
      {"2.5%", 25'000},    {"0", 0},         {"0%", 0},          {"1", 1'000'000},
      {"100%", 1'000'000}, {"0.000001", 1},  {"0.0001%", 1},
  };
  for (const auto& [text, ppm] : cases) {
    const Settings settings =
        MustParse("costs:\n  - {type: commission, share: \"" + text + "\"}\n");
    ASSERT_EQ(settings.costs.size(), 1u) << text;
    EXPECT_EQ(settings.costs[0].share_ppm, ppm) << text;
    EXPECT_EQ(settings.costs[0].amount, 0) << text;
  }
}

TEST(ParseSettingsYaml, CostLinesThatDifferInScopeOrFromAreNotDuplicates) {
  const Settings settings = MustParse(
      "costs:\n"
      "  - {type: message, amount: 1}\n"
      "  - {type: message, amount: 1, direction: inbound}\n"
      "  - {type: message, amount: 1, channel: sms}\n"
      "  - {type: message, amount: 1, campaign: A}\n"
      "  - {type: message, amount: 1, from: 2024-01-01}\n"
      "  - {type: carrier_fee, amount: 1}\n"
      "  - {type: call, amount: 1}\n"
      "  - {type: agent_hour, amount: 1}\n"
      "  - {type: commission, amount: 1}\n"
      "  - {type: commission, amount: 1, conversion: Purchase}\n"
      "  - {type: platform_fee, amount: 1, period: month}\n");
  EXPECT_EQ(settings.costs.size(), 11u);
}

TEST(ParseSettingsYaml, CostLineErrors) {
  const std::string head = "costs:\n  - {type: call, amount: 1}\n";
  // Line 3 is costs[1].
  EXPECT_ERROR_WITH("costs: {type: call, amount: 1}\n", 1, "costs",
                    "expected a list of cost lines");
  EXPECT_ERROR_WITH(head + "  - call\n", 3, "costs[1]", "found a string");
  EXPECT_ERROR_WITH(head + "  - {amount: 1}\n", 3, "costs[1].type", "missing required key 'type'");
  EXPECT_ERROR_WITH(head + "  - {type: sms, amount: 1}\n", 3, "costs[1].type",
                    "unknown cost line type \"sms\"");
  EXPECT_ERROR_WITH(head + "  - {type: \"\", amount: 1}\n", 3, "costs[1].type",
                    "must not be empty");
  EXPECT_ERROR_WITH(head + "  - {type: call}\n", 3, "costs[1].amount",
                    "missing required key 'amount'");
  EXPECT_ERROR_WITH(head + "  - {type: call, amount: -0.5}\n", 3, "costs[1].amount",
                    "must not be negative");
  EXPECT_ERROR_WITH(head + "  - {type: call, amount: 0.1234567}\n", 3, "costs[1].amount",
                    "more than 6 decimals");
  EXPECT_ERROR_WITH(head + "  - {type: call, amount: 1, amount: 2}\n", 3, "costs[1].amount",
                    "duplicate key 'amount'");
  EXPECT_ERROR_WITH(head + "  - {type: call, amount: 1, from: March}\n", 3, "costs[1].from",
                    "\"March\" is not a date (YYYY-MM-DD) or timestamp");
  EXPECT_ERROR_WITH(head + "  - {type: call, amount: 1, campaign: \"\"}\n", 3, "costs[1].campaign",
                    "must not be empty");
  EXPECT_ERROR_WITH(head + "  - {type: call, amount: 1, cost_center: x}\n", 3,
                    "costs[1].cost_center", "unknown key 'cost_center'");
  EXPECT_ERROR_WITH(head + "  - {type: platform_fee, amount: 100}\n", 3, "costs[1].period",
                    "missing required key 'period'");
  EXPECT_ERROR_WITH(head + "  - {type: platform_fee, amount: 100, period: week}\n", 3,
                    "costs[1].period", "\"week\" is not a fee period");
  EXPECT_ERROR_WITH(head + "  - {type: message, amount: 1, direction: both}\n", 3,
                    "costs[1].direction", "\"both\" is not a direction");
  EXPECT_ERROR_WITH(head + "  - {type: message, amount: 1, channel: [sms]}\n", 3,
                    "costs[1].channel", "expected a string, found a list");
  // A commission takes exactly one of amount and share.
  EXPECT_ERROR_WITH(head + "  - {type: commission}\n", 3, "costs[1]", "one of the two");
  EXPECT_ERROR_WITH(head + "  - {type: commission, amount: 1, share: 10%}\n", 3, "costs[1]",
                    "one of the two");
  EXPECT_ERROR_WITH(head + "  - {type: commission, share: 101%}\n", 3, "costs[1].share",
                    "out of range (0 to 100%)");
  EXPECT_ERROR_WITH(head + "  - {type: commission, share: 1.5}\n", 3, "costs[1].share",
                    "out of range (0 to 100%)");
  EXPECT_ERROR_WITH(head + "  - {type: commission, share: -10%}\n", 3, "costs[1].share",
                    "must not be negative");
  // Nothing is rounded: more decimals than a fraction in millionths holds are refused.
  EXPECT_ERROR_WITH(head + "  - {type: commission, share: 0.1234567}\n", 3, "costs[1].share",
                    "at most 6 decimals");
  EXPECT_ERROR_WITH(head + "  - {type: commission, share: 12.34560001%}\n", 3, "costs[1].share",
                    "at most 6 decimals");
  EXPECT_ERROR_WITH(head + "  - {type: commission, share: ten percent}\n", 3, "costs[1].share",
                    "not a fraction (0.1) or a percentage (10%)");
  EXPECT_ERROR_WITH(head + "  - {type: commission, share: \"%\"}\n", 3, "costs[1].share",
                    "not a fraction (0.1) or a percentage (10%)");
  // 12.34567% is the fraction 0.1234567: one decimal too many.
  EXPECT_ERROR_WITH(head + "  - {type: commission, share: 12.34567%}\n", 3, "costs[1].share",
                    "not a fraction (0.1) or a percentage (10%)");
  // In block style the error is on the offending key's own line.
  EXPECT_ERROR_WITH(head +
                        "  - type: platform_fee\n"
                        "    amount: 10\n"
                        "    period: month\n"
                        "    campaign: Spring Sale\n",
                    6, "costs[1].campaign", "of type platform_fee has no 'campaign'");
  EXPECT_ERROR_WITH(head +
                        "  - type: platform_fee\n"
                        "    amount: 10\n",
                    3, "costs[1].period", "missing required key 'period'");
}

TEST(ParseSettingsYaml, KeyOfAnotherCostLineTypeIsRefusedNamingTheType) {
  const std::string head = "costs:\n";
  EXPECT_ERROR_WITH(head + "  - {type: message, amount: 1, period: month}\n", 2, "costs[0].period",
                    "of type message has no 'period' (it takes: type, amount, from, campaign, "
                    "channel, direction)");
  EXPECT_ERROR_WITH(head + "  - {type: carrier_fee, amount: 1, share: 10%}\n", 2, "costs[0].share",
                    "of type carrier_fee has no 'share'");
  EXPECT_ERROR_WITH(head + "  - {type: platform_fee, amount: 1, period: month, channel: sms}\n", 2,
                    "costs[0].channel",
                    "of type platform_fee has no 'channel' (it takes: type, amount, from, "
                    "period)");
  EXPECT_ERROR_WITH(head + "  - {type: call, amount: 1, direction: inbound}\n", 2,
                    "costs[0].direction", "of type call has no 'direction'");
  EXPECT_ERROR_WITH(head + "  - {type: agent_hour, amount: 1, conversion: Purchase}\n", 2,
                    "costs[0].conversion", "of type agent_hour has no 'conversion'");
  EXPECT_ERROR_WITH(head + "  - {type: commission, amount: 1, channel: sms}\n", 2,
                    "costs[0].channel",
                    "of type commission has no 'channel' (it takes: type, amount, from, "
                    "campaign, share, conversion)");
  EXPECT_ERROR_WITH(head + "  - {type: commission, amount: 1, direction: inbound}\n", 2,
                    "costs[0].direction", "of type commission has no 'direction'");
  EXPECT_ERROR_WITH(head + "  - {type: message, amount: 1, share: 10%}\n", 2, "costs[0].share",
                    "of type message has no 'share'");
  // The type is found wherever it is in the map.
  EXPECT_ERROR_WITH(head + "  - {period: month, amount: 1, type: call}\n", 2, "costs[0].period",
                    "of type call has no 'period'");
}

TEST(ParseSettingsYaml, DuplicateCostLinesAreRefused) {
  EXPECT_ERROR_WITH(
      "costs:\n"
      "  - {type: message, amount: 0.01, channel: sms, from: 2024-01-01}\n"
      "  - {type: message, amount: 0.01, channel: email, from: 2024-01-01}\n"
      "  - {type: message, amount: 0.02, from: 2024-01-01, channel: sms}\n",
      4, "costs[2]", "same scope and from");
  // An omitted direction is outbound.
  EXPECT_ERROR_WITH(
      "costs:\n"
      "  - {type: carrier_fee, amount: 1, direction: outbound}\n"
      "  - {type: carrier_fee, amount: 2}\n",
      3, "costs[1]", "same scope and from");
  // A flat commission and a share for the same conversion and from.
  EXPECT_ERROR_WITH(
      "costs:\n"
      "  - {type: commission, share: 10%, conversion: Purchase}\n"
      "  - {type: commission, amount: 5, conversion: Purchase}\n",
      3, "costs[1]", "same scope and from");
  // The platform fee is workspace-wide: its period is not part of its scope.
  EXPECT_ERROR_WITH(
      "costs:\n"
      "  - {type: platform_fee, amount: 100, period: month}\n"
      "  - {type: platform_fee, amount: 1000, period: year}\n",
      3, "costs[1]", "same scope and from");
  EXPECT_ERROR_WITH(
      "costs:\n"
      "  - type: call\n"
      "    amount: 1\n"
      "  - type: call\n"
      "    amount: 2\n",
      4, "costs[1]", "same scope and from");
}

TEST(ParseSettingsYaml, Targets) {
  const Settings settings = MustParse(
      "targets:\n"
      "  - month: 2024-05\n"
      "    revenue: 50000\n"
      "  - month: 2024-05\n"
      "    campaign: Spring Sale\n"
      "    roi: 150%\n"
      "  - {month: 2024-06, revenue: 0.5, roi: 1.5}\n"
      "  - {campaign: Spring Sale, month: 2024-12, roi: 0}\n"
      "  - {month: 2025-01, roi: 12.5%}\n");
  const std::vector<Target> expected = {
      MakeTarget("", "2024-05", 50'000'000'000, std::nullopt),
      MakeTarget("Spring Sale", "2024-05", std::nullopt, 1.5),
      MakeTarget("", "2024-06", 500'000, 1.5),
      MakeTarget("Spring Sale", "2024-12", std::nullopt, 0.0),
      MakeTarget("", "2025-01", std::nullopt, 0.125),
  };
  ASSERT_EQ(settings.targets.size(), expected.size());
  for (size_t target_idx = 0; target_idx < expected.size(); ++target_idx) {
    EXPECT_EQ(settings.targets[target_idx], expected[target_idx])
        << "targets[" << target_idx << "]";
  }
  EXPECT_FALSE(settings.targets[0].roi.has_value());
  EXPECT_FALSE(settings.targets[1].revenue.has_value());
}

TEST(ParseSettingsYaml, TargetErrors) {
  EXPECT_ERROR_WITH("targets: {month: 2024-05, revenue: 1}\n", 1, "targets",
                    "expected a list of {campaign, month, revenue, roi}");
  EXPECT_ERROR_WITH("targets:\n  - 2024-05\n", 2, "targets[0]", "found a string");
  EXPECT_ERROR_WITH("targets:\n  - {revenue: 1}\n", 2, "targets[0].month",
                    "missing required key 'month'");
  EXPECT_ERROR_WITH("targets:\n  - {month: 2024-05}\n", 2, "targets[0]",
                    "needs a revenue or an roi goal");
  EXPECT_ERROR_WITH("targets:\n  - {month: 2024-05, campaign: A}\n", 2, "targets[0]",
                    "needs a revenue or an roi goal");
  for (const std::string month :
       {"2024-13", "2024-00", "2024-5", "May 2024", "2024-05-01", "24-05", "2024/05", "2024-0a"}) {
    EXPECT_ERROR_WITH("targets:\n  - month: \"" + month + "\"\n    revenue: 1\n", 2,
                      "targets[0].month", "\"" + month + "\" is not a month (YYYY-MM)");
  }
  EXPECT_ERROR_WITH("targets:\n  - month: \"\"\n    revenue: 1\n", 2, "targets[0].month",
                    "must not be empty");
  EXPECT_ERROR_WITH("targets:\n  - {month: 2024-05, revenue: -1}\n", 2, "targets[0].revenue",
                    "must not be negative");
  EXPECT_ERROR_WITH("targets:\n  - {month: 2024-05, revenue: 1k}\n", 2, "targets[0].revenue",
                    "not a valid amount");
  EXPECT_ERROR_WITH("targets:\n  - {month: 2024-05, roi: high}\n", 2, "targets[0].roi",
                    "not a fraction (0.1) or a percentage (10%)");
  EXPECT_ERROR_WITH("targets:\n  - {month: 2024-05, campaign: \"\", roi: 1}\n", 2,
                    "targets[0].campaign", "must not be empty");
  EXPECT_ERROR_WITH("targets:\n  - {month: 2024-05, revnue: 1}\n", 2, "targets[0].revnue",
                    "did you mean 'revenue'?");
  EXPECT_ERROR_WITH(
      "targets:\n"
      "  - {month: 2024-05, revenue: 1}\n"
      "  - {month: 2024-05, campaign: A, revenue: 1}\n"
      "  - month: 2024-05\n"
      "    roi: 1\n",
      4, "targets[2]", "a target for the workspace in 2024-05 is already set above");
  EXPECT_ERROR_WITH(
      "targets:\n"
      "  - {month: 2024-06, campaign: Spring Sale, revenue: 1}\n"
      "  - {campaign: Spring Sale, month: 2024-06, roi: 1}\n",
      3, "targets[1]", "a target for Spring Sale in 2024-06 is already set above");
}

TEST(ParseSettingsYaml, NullCostsAndTargetsAreEmpty) {
  EXPECT_EQ(MustParse("costs:\ntargets:\n"), Settings{});
}

TEST(SettingsToYaml, WritesTheDataMdExampleReadably) {
  EXPECT_EQ(SettingsToYaml(DataMdSettings()),
            "timezone: America/New_York\n"
            "currency: USD\n"
            "aliases:\n"
            "  Email Opened: viewed\n"
            "conversions:\n"
            "  - name: Purchase\n"
            "    event: Charged\n"
            "    where: \"amount > 0 and category != 'Gift Card'\"\n"
            "    window: 7d\n"
            "    value: amount\n"
            "    touch: clicked\n"
            "    model: last_touch\n"
            "    half_life: 7d\n"
            "custom_metrics:\n"
            "  - name: Revenue per Delivered\n"
            "    formula: Revenue / Delivered\n");
}

TEST(SettingsToYaml, DefaultsRoundTrip) {
  const Settings defaults;
  EXPECT_EQ(SettingsToYaml(defaults), "timezone: UTC\ncurrency: USD\n");
  EXPECT_EQ(MustParse(SettingsToYaml(defaults)), defaults);
}

TEST(SettingsToYaml, RoundTripsTheDataMdExample) {
  EXPECT_EQ(MustParse(SettingsToYaml(MustParse(kDataMdExample))), DataMdSettings());
}

TEST(SettingsToYaml, RoundTripsAwkwardStrings) {
  Settings settings;
  settings.timezone = "null";
  settings.currency = " padded ";
  settings.aliases = {{"a: b", "#c"},
                      {"- dash", "'single'"},
                      {"\"double\"", "back\\slash"},
                      {"~", "Null"},
                      {"yes", "123"},
                      {"tab\there", "new\nline"},
                      {"bell\x07", "del\x7F"},
                      {"caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC"},
                      {"nel\xC2\x85", "ls\xE2\x80\xA8ps\xE2\x80\xA9"},
                      {"\xEF\xBB\xBF"
                       "bom",
                       "[x]"},
                      {"{y}", "&anchor"},
                      {"*alias", "!tag"},
                      {"%percent", "@at"},
                      {"`tick", "x, y"},
                      {"? q", "| pipe"},
                      {"> fold", "trailing "}};
  ConversionDefinition conversion;
  conversion.name = "Purchase: \"big\"";
  conversion.event = "Charged";
  conversion.where = "\"order total\" > 0 and note != 'it''s # not a comment'";
  conversion.window_s = 90061;
  conversion.value = "order total";
  conversion.touch = "Notification Clicked";
  conversion.requires_event = "Notification Delivered";
  conversion.model = "custom_position";
  conversion.half_life_s = 36 * 3600;
  conversion.position_weights = std::array<double, 3>{0.1, 1.0 / 3.0, 1e-7};
  settings.conversions = {conversion};
  ConversionDefinition plain;
  plain.name = "Signup";
  plain.event = "signed_up";
  settings.conversions.push_back(plain);
  settings.custom_metrics = {{"ROI %", "(Revenue - Cost) / Cost"}, {"-x", "a;b"}};
  const std::string yaml = SettingsToYaml(settings);
  const Result<Settings> parsed = ParseSettingsYaml(yaml, "round_trip.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << "\n" << yaml;
  EXPECT_EQ(*parsed, settings) << yaml;
  EXPECT_EQ(SettingsToYaml(*parsed), yaml);
}

TEST(SettingsToYaml, WritesCostsTargetsAndFixedValuesReadably) {
  Settings settings;
  ConversionDefinition sale;
  sale.name = "Sale";
  sale.event = "sale";
  sale.fixed_values = {Fixed(120'000'000), Fixed(95'500'000, "Spring Sale", "2024-03-01")};
  settings.conversions = {sale};
  settings.costs = {
      Cost(CostLineType::kMessage, 7'900)
          .Direction(MessageDirection::kInbound)
          .Channel("sms")
          .From("2024-03-01")
          .Build(),
      Cost(CostLineType::kPlatformFee, 1'200'000'000).Period(FeePeriod::kQuarter).Build(),
      Commission(100'000).Conversion("Sale").Build(),
      Cost(CostLineType::kCall, 250'000).Campaign("Winback").Build(),
  };
  settings.targets = {MakeTarget("", "2024-05", 50'000'000'000, 1.5),
                      MakeTarget("Winback", "2024-06", std::nullopt, 0.2)};
  EXPECT_EQ(SettingsToYaml(settings),
            "timezone: UTC\n"
            "currency: USD\n"
            "conversions:\n"
            "  - name: Sale\n"
            "    event: sale\n"
            "    where: \"\"\n"
            "    window: 7d\n"
            "    value_per_conversion:\n"
            "      - amount: 120\n"
            "      - amount: 95.5\n"
            "        campaign: Spring Sale\n"
            "        from: 2024-03-01\n"
            "    touch: clicked\n"
            "    model: last_touch\n"
            "    half_life: 7d\n"
            "costs:\n"
            "  - type: message\n"
            "    amount: 0.0079\n"
            "    direction: inbound\n"
            "    channel: sms\n"
            "    from: 2024-03-01\n"
            "  - type: platform_fee\n"
            "    amount: 1200\n"
            "    period: quarter\n"
            "  - type: commission\n"
            "    share: 0.1\n"
            "    conversion: Sale\n"
            "  - type: call\n"
            "    amount: 0.25\n"
            "    campaign: Winback\n"
            "targets:\n"
            "  - month: 2024-05\n"
            "    revenue: 50000\n"
            "    roi: 1.5\n"
            "  - month: 2024-06\n"
            "    campaign: Winback\n"
            "    roi: 0.2\n");
  EXPECT_EQ(MustParse(SettingsToYaml(settings)), settings);
}

TEST(SettingsToYaml, RoundTripsTheCostsExample) {
  const Settings parsed = MustParse(kCostsExample);
  EXPECT_EQ(parsed.costs, CostsExampleLines());
  EXPECT_EQ(MustParse(SettingsToYaml(parsed)), parsed);
}

TEST(SettingsToYaml, RoundTripsEveryKindOfLine) {
  const std::string awkward = "Spring: Sale #1";
  Settings settings;
  ConversionDefinition sale;
  sale.name = "Sale";
  sale.event = "sale";
  sale.fixed_values = {
      Fixed(0),
      Fixed(1, "null", "2024-03-01"),
      Fixed(123'456'789'012, awkward, "2024-03-01"),
      Fixed(99'990'000, awkward, "2024-04-01T09:30:00-05:00"),
      Fixed(5'000'000, "", "1711929600"),
  };
  ConversionDefinition lead;
  lead.name = "Lead";
  lead.event = "lead";
  lead.value = "score";
  settings.conversions = {sale, lead};
  settings.costs = {
      Cost(CostLineType::kMessage, 7'900).Build(),
      Cost(CostLineType::kMessage, 1)
          .Direction(MessageDirection::kInbound)
          .Channel("SMS / MMS")
          .Campaign(awkward)
          .From("2024-03-01T00:00:00Z")
          .Build(),
      Cost(CostLineType::kCarrierFee, 3'000)
          .Direction(MessageDirection::kInbound)
          .Channel("sms")
          .Build(),
      Cost(CostLineType::kCarrierFee, 0).Campaign("yes").Build(),
      Cost(CostLineType::kPlatformFee, 99'990'000).Period(FeePeriod::kMonth).Build(),
      Cost(CostLineType::kPlatformFee, 1'200'000'000)
          .Period(FeePeriod::kQuarter)
          .From("2024-04-01")
          .Build(),
      Cost(CostLineType::kPlatformFee, 5'000'000'000)
          .Period(FeePeriod::kYear)
          .From("2025-01-01")
          .Build(),
      Cost(CostLineType::kCall, 250'000).Campaign("Winback").Build(),
      Cost(CostLineType::kAgentHour, 18'500'000).From("2024-07-01").Build(),
      Cost(CostLineType::kCommission, 5'000'000).Conversion("Sale").Build(),
      Commission(0).Campaign("Winback").Build(),
      Commission(1'000'000).From("2024-06-01").Build(),
      Commission(123'457).Campaign(awkward).Conversion("Lead").From("2024-06-01").Build(),
  };
  settings.targets = {
      MakeTarget("", "2024-05", 50'000'000'000, std::nullopt),
      MakeTarget(awkward, "2024-05", std::nullopt, 1.5),
      MakeTarget("null", "2024-05", 1, 0.0),
      // 1 ppm is written with six decimals (0.000001), never with an exponent.
      MakeTarget("", "2024-06", std::nullopt, 0.000001),
      MakeTarget("", "2024-07", std::nullopt, 1234567.891234),
  };
  const std::string yaml = SettingsToYaml(settings);
  const Result<Settings> parsed = ParseSettingsYaml(yaml, "round_trip.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << "\n" << yaml;
  EXPECT_EQ(parsed->conversions, settings.conversions) << yaml;
  EXPECT_EQ(parsed->costs, settings.costs) << yaml;
  EXPECT_EQ(parsed->targets, settings.targets) << yaml;
  EXPECT_EQ(*parsed, settings) << yaml;
  EXPECT_EQ(SettingsToYaml(*parsed), yaml);
}

}  // namespace
}  // namespace payback
