#include "payback/ingest/timesheet_parser.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace payback {

// Readable failures for EXPECT_EQ on records.
void PrintTo(const TimesheetRecord& record, std::ostream* os) {
  *os << "{" << record.agent_id << ", " << record.campaign_id << ", " << FormatDate(record.day)
      << ", " << record.hours << "}";
}

namespace {

int32_t Day(int year, unsigned month, unsigned day) { return DaysFromCivil(year, month, day); }

EventParseOptions Options(InputFormat format, bool skip_bad_rows = false) {
  EventParseOptions options;
  options.display_name = format == InputFormat::kCsv ? "timesheets.csv" : "timesheets.jsonl";
  options.format = format;
  options.skip_bad_rows = skip_bad_rows;
  return options;
}

Result<ParsedTimesheets> ParseCsv(std::string_view data, const TimeZone& tz = TimeZone()) {
  return ParseTimesheets(data, tz, Options(InputFormat::kCsv));
}

Result<ParsedTimesheets> ParseJsonl(std::string_view data, const TimeZone& tz = TimeZone()) {
  return ParseTimesheets(data, tz, Options(InputFormat::kJsonl));
}

/// Expects `result` to fail with kInvalidInput at `line` and `field` of the file.
void ExpectError(const Result<ParsedTimesheets>& result, int64_t line, std::string_view field) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput) << result.status().ToString();
  EXPECT_EQ(result.status().location().line, line) << result.status().ToString();
  EXPECT_EQ(result.status().location().field, field) << result.status().ToString();
  EXPECT_FALSE(result.status().location().file.empty());
}

TEST(TimesheetParser, ReadsCsvRowsWithAndWithoutACampaign) {
  auto parsed = ParseCsv(
      "agent_id,campaign_id,date,hours\n"
      "a1,c1,2026-03-01,7.5\n"
      " a2 ,,2026-03-02, 8 \n"
      "a1,c2,2026-03-01,0\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->rows_read, 3);
  EXPECT_TRUE(parsed->rejects.empty());
  EXPECT_TRUE(parsed->ignored_columns.empty());
  EXPECT_EQ(parsed->timesheets,
            (std::vector<TimesheetRecord>{{"a1", "c1", Day(2026, 3, 1), 7'500'000},
                                          {"a2", "", Day(2026, 3, 2), 8'000'000},
                                          {"a1", "c2", Day(2026, 3, 1), 0}}));
}

TEST(TimesheetParser, CampaignColumnIsOptional) {
  auto parsed = ParseCsv("hours,date,agent_id\n1.25,2026-03-01,a1\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->timesheets,
            (std::vector<TimesheetRecord>{{"a1", "", Day(2026, 3, 1), 1'250'000}}));
}

TEST(TimesheetParser, ReadsJsonLinesWithNumbersOrStrings) {
  auto parsed =
      ParseJsonl(R"({"agent_id":"a1","campaign_id":"c1","date":"2026-03-01","hours":7.25})"
                 "\n"
                 R"({"agent_id":42,"date":"2026-03-02","hours":"6"})"
                 "\n"
                 R"({"agent_id":"a3","campaign_id":null,"date":"2026-03-03","hours":1e1})"
                 "\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->timesheets,
            (std::vector<TimesheetRecord>{{"a1", "c1", Day(2026, 3, 1), 7'250'000},
                                          {"42", "", Day(2026, 3, 2), 6'000'000},
                                          {"a3", "", Day(2026, 3, 3), 10'000'000}}));
}

TEST(TimesheetParser, ATimestampIsReducedToItsLocalDate) {
  auto new_york = TimeZone::Load("America/New_York");
  ASSERT_TRUE(new_york.ok()) << new_york.status().ToString();
  auto parsed = ParseCsv(
      "agent_id,date,hours\n"
      "a1,2026-03-02T03:30:00Z,1\n"       // 22:30 EST on March 1st
      "a2,2026-03-01 23:30,1\n"           // local time, no offset
      "a3,2026-03-01T12:00:00+09:00,1\n"  // 22:00 EST on February 28th
      "a4,1772366400,1\n",                // Unix seconds: 2026-03-01T12:00:00Z
      *new_york);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->timesheets.size(), 4u);
  EXPECT_EQ(parsed->timesheets[0].day, Day(2026, 3, 1));
  EXPECT_EQ(parsed->timesheets[1].day, Day(2026, 3, 1));
  EXPECT_EQ(parsed->timesheets[2].day, Day(2026, 2, 28));
  EXPECT_EQ(parsed->timesheets[3].day, Day(2026, 3, 1));
}

TEST(TimesheetParser, ADateAloneIsTheDateAsWrittenEvenWhenItsMidnightDoesNotExist) {
  // Pacific/Apia skipped 2011-12-30 entirely; a timesheet dated that day keeps its date.
  auto apia = TimeZone::Load("Pacific/Apia");
  ASSERT_TRUE(apia.ok()) << apia.status().ToString();
  auto parsed = ParseCsv("agent_id,date,hours\na1,2011-12-30,2\na1,1969-12-31,2\n", *apia);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->timesheets.size(), 2u);
  EXPECT_EQ(parsed->timesheets[0].day, Day(2011, 12, 30));
  EXPECT_EQ(parsed->timesheets[1].day, -1);
}

TEST(TimesheetParser, TheLaterRowOfOneIdentityWins) {
  auto parsed = ParseCsv(
      "agent_id,campaign_id,date,hours\n"
      "a1,c1,2026-03-01,4\n"
      "a1,,2026-03-01,1\n"
      "a1,c1,2026-03-01T09:00:00Z,6\n"  // the same local date: replaces the first row
      "a1,c1,2026-03-02,3\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->rows_read, 4);
  EXPECT_EQ(parsed->timesheets,
            (std::vector<TimesheetRecord>{{"a1", "c1", Day(2026, 3, 1), 6'000'000},
                                          {"a1", "", Day(2026, 3, 1), 1'000'000},
                                          {"a1", "c1", Day(2026, 3, 2), 3'000'000}}));
}

TEST(TimesheetParser, HoursFromZeroToTwentyFourWithSixDecimalsAreAccepted) {
  for (const auto& [text, micros] :
       std::vector<std::pair<std::string, Micros>>{{"0", 0},
                                                   {"24", 24'000'000},
                                                   {"24.000000", 24'000'000},
                                                   {"7.123456", 7'123'456},
                                                   {"7.1234560", 7'123'456},
                                                   {".5", 500'000},
                                                   {"2.5e-1", 250'000},
                                                   {"-0", 0}}) {
    auto parsed = ParseCsv("agent_id,date,hours\na1,2026-03-01," + text + "\n");
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    ASSERT_EQ(parsed->timesheets.size(), 1u);
    EXPECT_EQ(parsed->timesheets[0].hours, micros) << text;
  }
}

TEST(TimesheetParser, BadHoursAreRejectedWithLineAndField) {
  for (const std::string text : {"", "-1", "-0.000001", "24.000001", "25", "abc", "\"7,5\"",
                                 "7.1234567", "15e-7", "1e400", "nan"}) {
    SCOPED_TRACE(text);
    ExpectError(ParseCsv("agent_id,date,hours\na1,2026-03-01,1\na1,2026-03-02," + text + "\n"), 3,
                "hours");
  }
}

TEST(TimesheetParser, BadDatesAreRejectedWithLineAndField) {
  for (const std::string text :
       {"", "2026-13-01", "2026-02-29", "yesterday", "2026/03/01", "2026-03-01T25:00:00Z"}) {
    SCOPED_TRACE(text);
    ExpectError(ParseCsv("agent_id,date,hours\na1," + text + ",1\n"), 2, "date");
  }
}

TEST(TimesheetParser, AnEmptyAgentIsRejected) {
  ExpectError(ParseCsv("agent_id,date,hours\n  ,2026-03-01,1\n"), 2, "agent_id");
}

TEST(TimesheetParser, HeaderErrorsNameTheColumn) {
  ExpectError(ParseCsv("agent_id,date\na1,2026-03-01\n"), 1, "hours");
  ExpectError(ParseCsv("agent_id,hours,campaign_id\n"), 1, "date");
  ExpectError(ParseCsv("date,hours\n"), 1, "agent_id");
  ExpectError(ParseCsv("agent_id,date,hours,date\n"), 1, "date");
  ExpectError(ParseCsv(""), 1, "");
}

TEST(TimesheetParser, MalformedCsvRowsAreRejectedWithTheirLine) {
  ExpectError(ParseCsv("agent_id,date,hours\na1,2026-03-01,1\na2,2026-03-01\n"), 3, "");
  ExpectError(ParseCsv("agent_id,date,hours\na1,2026-03-01,\"1\"x\n"), 2, "column 3");
  ExpectError(ParseCsv("agent_id,date,hours\na\xff,2026-03-01,1\n"), 2, "");
}

TEST(TimesheetParser, JsonLinesMissingOrWronglyTypedFieldsAreRejected) {
  ExpectError(ParseJsonl(R"({"agent_id":"a1","hours":1})"), 1, "date");
  ExpectError(ParseJsonl(R"({"agent_id":"a1","date":"2026-03-01","hours":null})"), 1, "hours");
  ExpectError(ParseJsonl("{\"date\":\"2026-03-01\",\"hours\":1}\n"
                         "{\"agent_id\":\"a1\",\"date\":\"2026-03-01\",\"hours\":1}\n"),
              1, "agent_id");
  ExpectError(ParseJsonl(R"({"agent_id":"a1","date":"2026-03-01","hours":true})"), 1, "hours");
  ExpectError(ParseJsonl(R"({"agent_id":["a1"],"date":"2026-03-01","hours":1})"), 1, "agent_id");
  ExpectError(ParseJsonl("{\"agent_id\":\"a1\",\"date\":\"2026-03-01\",\"hours\":1}\n{bad\n"), 2,
              "");
}

TEST(TimesheetParser, SkipBadRowsKeepsTheGoodRowsAndCollectsTheBadOnes) {
  auto parsed = ParseTimesheets(
      "agent_id,date,hours\n"
      "a1,2026-03-01,8\n"
      "a2,2026-03-01,25\n"
      "a3,2026-03-01\n"
      "a4,2026-03-01,2\n",
      TimeZone(), Options(InputFormat::kCsv, /*skip_bad_rows=*/true));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->rows_read, 4);
  EXPECT_EQ(parsed->timesheets,
            (std::vector<TimesheetRecord>{{"a1", "", Day(2026, 3, 1), 8'000'000},
                                          {"a4", "", Day(2026, 3, 1), 2'000'000}}));
  ASSERT_EQ(parsed->rejects.size(), 2u);
  EXPECT_EQ(parsed->rejects[0].line, 3);
  EXPECT_EQ(parsed->rejects[0].text, "a2,2026-03-01,25");
  EXPECT_EQ(parsed->rejects[0].reason.location().field, "hours");
  EXPECT_EQ(parsed->rejects[1].line, 4);

  // A bad header still fails the file.
  auto header = ParseTimesheets("agent_id,hours\n", TimeZone(),
                                Options(InputFormat::kCsv, /*skip_bad_rows=*/true));
  ExpectError(header, 1, "date");
}

TEST(TimesheetParser, UnknownColumnsAreListedOnce) {
  auto csv = ParseCsv("agent_id,note,date,hours,team\na1,x,2026-03-01,1,t\n");
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(csv->ignored_columns, (std::vector<std::string>{"note", "team"}));
  auto jsonl = ParseJsonl(
      "{\"agent_id\":\"a1\",\"note\":\"x\",\"date\":\"2026-03-01\",\"hours\":1}\n"
      "{\"agent_id\":\"a2\",\"note\":{\"y\":1},\"date\":\"2026-03-01\",\"hours\":1}\n");
  ASSERT_TRUE(jsonl.ok()) << jsonl.status().ToString();
  EXPECT_EQ(jsonl->ignored_columns, (std::vector<std::string>{"note"}));
  EXPECT_EQ(jsonl->timesheets.size(), 2u);
}

TEST(TimesheetParser, AHeaderAloneIsAnEmptyFile) {
  auto parsed = ParseCsv("agent_id,campaign_id,date,hours\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->timesheets.empty());
  EXPECT_EQ(parsed->rows_read, 0);
}

}  // namespace
}  // namespace payback
