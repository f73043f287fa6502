#include "payback/settings/settings_yaml.h"

#include <gtest/gtest.h>

#include <string>

namespace payback {
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

// Parses `yaml` expecting an InvalidInput error; returns its location.
ErrorLocation ErrorAt(std::string_view yaml) {
  const Result<Settings> parsed = ParseSettingsYaml(yaml, "settings.yaml");
  EXPECT_FALSE(parsed.ok()) << yaml;
  if (parsed.ok()) return ErrorLocation{};
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput) << yaml;
  EXPECT_EQ(parsed.status().location().file, "settings.yaml");
  return parsed.status().location();
}

#define EXPECT_ERROR_AT(yaml, expected_line, expected_field) \
  do {                                                       \
    const ErrorLocation location_ = ErrorAt(yaml);           \
    EXPECT_EQ(location_.line, expected_line) << (yaml);      \
    EXPECT_EQ(location_.field, expected_field) << (yaml);    \
  } while (false)

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

}  // namespace
}  // namespace payback
