#include "payback/ingest/snapshot_parser.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "payback/common/time.h"

namespace payback {

// Readable failures for EXPECT_EQ on records.
void PrintTo(const AccountSnapshot& record, std::ostream* os) {
  *os << "{" << record.account_id << ", " << FormatMonth(record.month) << ", " << record.balance
      << ", " << record.profit << "}";
}

namespace {

/// Months since January 1970 of year-month.
int32_t Month(int year, int month) { return (year - 1970) * 12 + (month - 1); }

EventParseOptions Options(InputFormat format, bool skip_bad_rows = false) {
  EventParseOptions options;
  options.display_name = format == InputFormat::kCsv ? "snapshots.csv" : "snapshots.jsonl";
  options.format = format;
  options.skip_bad_rows = skip_bad_rows;
  return options;
}

Result<ParsedSnapshots> ParseCsv(std::string_view data) {
  return ParseSnapshots(data, Options(InputFormat::kCsv));
}

Result<ParsedSnapshots> ParseJsonl(std::string_view data) {
  return ParseSnapshots(data, Options(InputFormat::kJsonl));
}

/// Expects `result` to fail with kInvalidInput at `line` and `field` of the file.
template <typename T>
void ExpectError(const Result<T>& result, int64_t line, std::string_view field) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput) << result.status().ToString();
  EXPECT_EQ(result.status().location().line, line) << result.status().ToString();
  EXPECT_EQ(result.status().location().field, field) << result.status().ToString();
  EXPECT_FALSE(result.status().location().file.empty());
}

TEST(SnapshotParser, ReadsCsvWithMonthsAndMonthEndDates) {
  auto parsed = ParseCsv(
      "account_id,month_end,balance,profit\n"
      "10045,2026-10-31,1520.75,12.5\n"
      " 10046 , 2026-02 ,-300,-4.123456\n"
      "10045,2024-02-29,0,0\n"  // a leap year's February ends on the 29th
      "10047,1969-12,7,1\n");   // before 1970: a negative month index
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->rows_read, 4);
  EXPECT_TRUE(parsed->rejects.empty());
  EXPECT_TRUE(parsed->ignored_columns.empty());
  EXPECT_EQ(parsed->snapshots,
            (std::vector<AccountSnapshot>{{"10045", Month(2026, 10), 1'520'750'000, 12'500'000},
                                          {"10046", Month(2026, 2), -300'000'000, -4'123'456},
                                          {"10045", Month(2024, 2), 0, 0},
                                          {"10047", -1, 7'000'000, 1'000'000}}));
  EXPECT_EQ(Month(2026, 10), 681);
}

TEST(SnapshotParser, ReadsJsonLinesWithNumbersOrStrings) {
  auto parsed =
      ParseJsonl(R"({"account_id":10045,"month_end":"2026-03-31","balance":1200.5,"profit":-3.25})"
                 "\n"
                 R"({"account_id":"A-7","month_end":"2026-04","balance":"-0.000001","profit":"15"})"
                 "\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->snapshots,
            (std::vector<AccountSnapshot>{{"10045", Month(2026, 3), 1'200'500'000, -3'250'000},
                                          {"A-7", Month(2026, 4), -1, 15'000'000}}));
}

TEST(SnapshotParser, ADateThatIsNotAMonthEndIsRefusedWithLineAndField) {
  auto parsed = ParseCsv(
      "account_id,month_end,balance,profit\n"
      "a1,2026-10-31,1,1\n"
      "a1,2026-10-30,1,1\n");
  ExpectError(parsed, 3, "month_end");
  // The reason names the last day the row should have given.
  EXPECT_NE(parsed.status().message().find("2026-10-31"), std::string::npos)
      << parsed.status().ToString();
  // February of a year that is not a leap year ends on the 28th.
  auto no_such_day = ParseCsv("account_id,month_end,balance,profit\na1,2026-02-29,1,1\n");
  ExpectError(no_such_day, 2, "month_end");
  EXPECT_NE(no_such_day.status().message().find("2026-02-28"), std::string::npos)
      << no_such_day.status().ToString();
  ExpectError(ParseCsv("account_id,month_end,balance,profit\na1,2025-02-29,1,1\n"), 2, "month_end");
  auto first_day = ParseCsv("account_id,month_end,balance,profit\na1,2026-03-01,1,1\n");
  ExpectError(first_day, 2, "month_end");
  EXPECT_NE(first_day.status().message().find("2026-03-31"), std::string::npos);
}

TEST(SnapshotParser, BadMonthEndsAreRejectedWithLineAndField) {
  for (const std::string text :
       {"", "2026-13", "2026-00", "2026-1", "2026-10-32", "2026-04-31", "2026/10/31",
        "2026-10-31T00:00:00Z", "20261031", "Oct 2026", "2026-10-3x"}) {
    SCOPED_TRACE(text);
    ExpectError(
        ParseCsv("account_id,month_end,balance,profit\na1,2026-09,1,1\na1," + text + ",1,1\n"), 3,
        "month_end");
  }
}

TEST(SnapshotParser, ParseMonthEndReadsBothForms) {
  EXPECT_EQ(ParseMonthEnd("1970-01").value(), 0);
  EXPECT_EQ(ParseMonthEnd("1970-01-31").value(), 0);
  EXPECT_EQ(ParseMonthEnd("2026-03").value(), 674);
  EXPECT_EQ(ParseMonthEnd("2026-12-31").value(), Month(2026, 12));
  EXPECT_EQ(ParseMonthEnd("2000-02-29").value(), Month(2000, 2));  // 2000 is a leap year
  EXPECT_EQ(ParseMonthEnd("1900-02-29").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ParseMonthEnd("1900-02-28").value(), Month(1900, 2));
}

TEST(SnapshotParser, MoneyFollowsTheExpensesRules) {
  for (const auto& [text, micros] :
       std::vector<std::pair<std::string, Micros>>{{"0", 0},
                                                   {"-12", -12'000'000},
                                                   {"+3.5", 3'500'000},
                                                   {"1234.567891", 1'234'567'891},
                                                   {".5", 500'000},
                                                   {"-0.000001", -1}}) {
    SCOPED_TRACE(text);
    auto parsed =
        ParseCsv("account_id,month_end,balance,profit\na1,2026-03," + text + "," + text + "\n");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    ASSERT_EQ(parsed->snapshots.size(), 1u);
    EXPECT_EQ(parsed->snapshots[0].balance, micros);
    EXPECT_EQ(parsed->snapshots[0].profit, micros);
  }
  // No silent rounding beyond micro-units, no exponent, separators or symbols.
  for (const std::string text : {"1.0000001", "1e3", "1,000", "$5", "abc", "--1"}) {
    SCOPED_TRACE(text);
    ExpectError(ParseCsv("account_id,month_end,balance,profit\na1,2026-03,\"" + text + "\",1\n"), 2,
                "balance");
    ExpectError(ParseCsv("account_id,month_end,balance,profit\na1,2026-03,1,\"" + text + "\"\n"), 2,
                "profit");
  }
  ExpectError(
      ParseJsonl(R"({"account_id":"a1","month_end":"2026-03","balance":1.0000001,"profit":1})"), 1,
      "balance");
}

TEST(SnapshotParser, TheLaterRowOfOneIdentityWins) {
  auto parsed = ParseCsv(
      "account_id,month_end,balance,profit\n"
      "a1,2026-03,100,1\n"
      "a2,2026-03,50,2\n"
      "a1,2026-03-31,120,-3\n"  // the same month written as its last day: replaces the first
      "a1,2026-04,130,4\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->rows_read, 4);
  EXPECT_EQ(parsed->snapshots,
            (std::vector<AccountSnapshot>{{"a1", Month(2026, 3), 120'000'000, -3'000'000},
                                          {"a2", Month(2026, 3), 50'000'000, 2'000'000},
                                          {"a1", Month(2026, 4), 130'000'000, 4'000'000}}));
}

TEST(SnapshotParser, HeaderErrorsNameTheMissingColumn) {
  ExpectError(ParseCsv("account_id,month_end,balance\na1,2026-03,1\n"), 1, "profit");
  ExpectError(ParseCsv("account_id,balance,profit\n"), 1, "month_end");
  ExpectError(ParseCsv("month_end,balance,profit\n"), 1, "account_id");
  ExpectError(ParseCsv("account_id,month_end,profit\n"), 1, "balance");
  ExpectError(ParseCsv("account_id,month_end,balance,profit,balance\n"), 1, "balance");
  ExpectError(ParseCsv(""), 1, "");
}

TEST(SnapshotParser, EmptyOrMissingFieldsAreRejected) {
  ExpectError(ParseCsv("account_id,month_end,balance,profit\n  ,2026-03,1,1\n"), 2, "account_id");
  ExpectError(ParseCsv("account_id,month_end,balance,profit\na1,2026-03,,1\n"), 2, "balance");
  ExpectError(ParseJsonl(R"({"account_id":"a1","month_end":"2026-03","balance":1})"), 1, "profit");
  ExpectError(ParseJsonl(R"({"account_id":"a1","month_end":"2026-03","balance":null,"profit":1})"),
              1, "balance");
  ExpectError(ParseJsonl(R"({"account_id":true,"month_end":"2026-03","balance":1,"profit":1})"), 1,
              "account_id");
  ExpectError(ParseJsonl(R"({"account_id":["a"],"month_end":"2026-03","balance":1,"profit":1})"), 1,
              "account_id");
  ExpectError(ParseJsonl("{\"account_id\":\"a1\",\"month_end\":\"2026-03\",\"balance\":1,"
                         "\"profit\":1}\n{bad\n"),
              2, "");
}

TEST(SnapshotParser, SkipBadRowsKeepsTheGoodRowsAndCollectsTheBadOnes) {
  auto parsed = ParseSnapshots(
      "account_id,month_end,balance,profit\n"
      "a1,2026-03,10,1\n"
      "a2,2026-03-30,10,1\n"
      "a3,2026-03\n"
      "a4,2026-04-30,-5,-0.5\n",
      Options(InputFormat::kCsv, /*skip_bad_rows=*/true));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->rows_read, 4);
  EXPECT_EQ(parsed->snapshots,
            (std::vector<AccountSnapshot>{{"a1", Month(2026, 3), 10'000'000, 1'000'000},
                                          {"a4", Month(2026, 4), -5'000'000, -500'000}}));
  ASSERT_EQ(parsed->rejects.size(), 2u);
  EXPECT_EQ(parsed->rejects[0].line, 3);
  EXPECT_EQ(parsed->rejects[0].text, "a2,2026-03-30,10,1");
  EXPECT_EQ(parsed->rejects[0].reason.location().field, "month_end");
  EXPECT_EQ(parsed->rejects[1].line, 4);

  // A bad header still fails the file.
  ExpectError(ParseSnapshots("account_id,month_end,balance\n",
                             Options(InputFormat::kCsv, /*skip_bad_rows=*/true)),
              1, "profit");
}

TEST(SnapshotParser, UnknownColumnsAreListedOnce) {
  auto csv = ParseCsv(
      "account_id,branch,month_end,balance,profit,segment\n"
      "a1,x,2026-03,1,1,retail\n");
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(csv->ignored_columns, (std::vector<std::string>{"branch", "segment"}));
  auto jsonl = ParseJsonl(
      "{\"account_id\":\"a1\",\"branch\":\"x\",\"month_end\":\"2026-03\",\"balance\":1,"
      "\"profit\":1}\n"
      "{\"account_id\":\"a2\",\"branch\":{\"y\":1},\"month_end\":\"2026-03\",\"balance\":1,"
      "\"profit\":1}\n");
  ASSERT_TRUE(jsonl.ok()) << jsonl.status().ToString();
  EXPECT_EQ(jsonl->ignored_columns, (std::vector<std::string>{"branch"}));
  EXPECT_EQ(jsonl->snapshots.size(), 2u);
}

}  // namespace
}  // namespace payback
