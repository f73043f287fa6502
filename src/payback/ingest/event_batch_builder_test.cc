#include "payback/ingest/event_batch_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "payback/common/time.h"
#include "payback/store/user_time_sort.h"

namespace payback {
namespace {

constexpr int64_t kRows = 240'000;  // about 12 MB: the body is parsed in several chunks
constexpr TimestampUs kJan2026 = 1'767'225'600'000'000;

/// A note with a line break, a comma and doubled quotes inside a quoted field, on every 7th
/// row: a chunk split inside one would cut a record in two.
bool HasQuotedNote(int64_t row) { return row % 7 == 3; }
std::string QuotedNoteOf(int64_t row) { return "line " + std::to_string(row) + "\nsays, \"hi\""; }

/// One event per user (u0, u1, ...), a second apart; `bad_row`'s timestamp is not one.
std::string EventsCsv(int64_t bad_row) {
  std::string csv = "user_id,ts,event,campaign_id,message_id,note,amount,code\n";
  for (int64_t row = 0; row < kRows; ++row) {
    csv += "u" + std::to_string(row) + ",";
    csv += row == bad_row ? std::string("yesterday") : FormatUtc(kJan2026 + row * 1'000'000);
    csv += ",clicked,c" + std::to_string(row % 13) + ",m1,";
    if (HasQuotedNote(row)) {
      csv += "\"line " + std::to_string(row) + "\nsays, \"\"hi\"\"\"";
    } else {
      csv += "plain " + std::to_string(row);
    }
    // amount: a number on every 5th row, empty elsewhere. code: "<row>.50" on every 9th row,
    // and one text in the last rows, so the whole column is text and its numbers keep their
    // spelling.
    csv += row % 5 == 0 ? "," + std::to_string(row) + ".25" : std::string(",");
    csv += row % 9 == 0 ? "," + std::to_string(row) + ".50" : std::string(",");
    if (row == kRows - 2) csv += "x7";
    csv += "\n";
  }
  return csv;
}

/// The users of the rows of `parsed` (which keeps their runs, not a column).
std::vector<UserId> UsersOf(const ParsedEvents& parsed) {
  EXPECT_EQ(parsed.user_starts.back(), parsed.columns.size());
  std::vector<UserId> users(parsed.columns.size());
  FillUsersFromRuns(parsed.user_starts, 0, users.size(), users.data());
  return users;
}

/// `csv` parsed as events.csv in UTC, into `dictionaries`.
Result<ParsedEvents> Parse(const std::string& csv, Dictionaries& dictionaries,
                           bool skip_bad_rows = false) {
  auto utc = TimeZone::Load("UTC");
  if (!utc.ok()) return utc.status();
  EventParseOptions options;
  options.display_name = "events.csv";
  options.skip_bad_rows = skip_bad_rows;
  return ParseEvents(csv, *utc, dictionaries, options);
}

TEST(ParseEvents, ABodyOfManyChunksParsesAsOneWithQuotedLineBreaksAcrossTheSplits) {
  const std::string csv = EventsCsv(-1);
  ASSERT_GT(csv.size(), size_t{8} << 20);
  Dictionaries dictionaries;
  auto parsed = Parse(csv, dictionaries);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->rows_read, kRows);
  const EventColumns& columns = parsed->columns;
  const std::vector<UserId> users = UsersOf(*parsed);
  ASSERT_EQ(columns.size(), static_cast<size_t>(kRows));
  ASSERT_EQ(dictionaries.users.size(), static_cast<uint32_t>(kRows));
  ASSERT_EQ(dictionaries.property_keys.size(), 3u);
  const auto& notes = columns.properties[0].strings;
  const auto& amounts = columns.properties[1].numbers;
  const auto& codes = columns.properties[2].strings;
  EXPECT_TRUE(columns.properties[1].strings.empty());
  EXPECT_TRUE(columns.properties[2].numbers.empty());
  EXPECT_EQ(amounts.values().size(), static_cast<size_t>((kRows + 4) / 5));
  // Users are coded in the order they first appear, whatever chunk parsed them: code k is uk,
  // and rows sorted by user are rows in file order.
  for (int64_t row = 0; row < kRows; ++row) {
    ASSERT_EQ(dictionaries.users.Get(users[row]), "u" + std::to_string(row));
    ASSERT_EQ(columns.ts[row], kJan2026 + row * 1'000'000) << "row " << row;
    ASSERT_EQ(dictionaries.campaigns.Get(columns.campaign[row]), "c" + std::to_string(row % 13));
    const std::string note =
        HasQuotedNote(row) ? QuotedNoteOf(row) : "plain " + std::to_string(row);
    ASSERT_EQ(dictionaries.strings.Get(notes[row]), note) << "row " << row;
    ASSERT_EQ(amounts[row], row % 5 == 0 ? row * 1'000'000 + 250'000 : kNullNumber);
    const std::string code = row == kRows - 2 ? "x7"
                             : row % 9 == 0   ? std::to_string(row) + ".50"
                                              : "";
    ASSERT_EQ(codes[row] == kNullString ? "" : dictionaries.strings.Get(codes[row]), code);
  }
}

TEST(ParseEvents, AUserInEveryChunkGetsOneCodeInOrderOfFirstAppearance) {
  // 1,000 users in turn over every chunk: the chunks' dictionaries merge into one code a user.
  std::string csv = "user_id,ts,event\n";
  constexpr int64_t kUsers = 1'000;
  for (int64_t row = 0; row < 2 * kRows; ++row) {
    csv += "user-" + std::to_string(kUsers - 1 - row % kUsers) + ",";
    csv += FormatUtc(kJan2026 + row * 1'000'000) + ",opened\n";
  }
  ASSERT_GT(csv.size(), size_t{8} << 20);
  Dictionaries dictionaries;
  dictionaries.users.GetOrAdd("user-500");  // from an earlier file
  auto parsed = Parse(csv, dictionaries);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(dictionaries.users.size(), static_cast<uint32_t>(kUsers));
  EXPECT_EQ(dictionaries.users.Get(0), "user-500");
  EXPECT_EQ(dictionaries.users.Get(1), "user-999");  // the file's first row
  EXPECT_EQ(dictionaries.users.Get(kUsers - 1), "user-0");
  const EventColumns& columns = parsed->columns;
  const std::vector<UserId> users = UsersOf(*parsed);
  ASSERT_EQ(columns.size(), static_cast<size_t>(2 * kRows));
  const int64_t per_user = 2 * kRows / kUsers;
  for (size_t row = 0; row < columns.size(); ++row) {
    const UserId user = users[row];
    ASSERT_EQ(user, row / per_user) << "row " << row;
    // user-k is on the file's rows kUsers - 1 - k + j * kUsers, in time order.
    const int64_t k = std::stoll(std::string(dictionaries.users.Get(user).substr(5)));
    const int64_t j = static_cast<int64_t>(row) % per_user;
    ASSERT_EQ(columns.ts[row], kJan2026 + (kUsers - 1 - k + j * kUsers) * 1'000'000) << row;
  }
}

TEST(ParseEvents, SkippedBadRowsLeaveEveryOtherRowItsOwnUser) {
  // A bad row every 997 rows: users are coded a batch of rows at a time, and a skipped row
  // must not shift the users of the rows after it, in its batch or the next.
  std::string csv = "user_id,ts,event\n";
  constexpr int64_t kUsers = 50'000;
  auto bad = [](int64_t row) { return row % 997 == 500; };
  for (int64_t row = 0; row < kRows; ++row) {
    csv += "user-" + std::to_string(row % kUsers) + ",";
    csv += bad(row) ? std::string("never") : FormatUtc(kJan2026 + row * 1'000'000);
    csv += ",opened\n";
  }
  Dictionaries dictionaries;
  auto parsed = Parse(csv, dictionaries, /*skip_bad_rows=*/true);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  // The rows come back by user, users coded in order of first appearance in a kept row (user-500
  // first appears at row 50,500: row 500 is bad), then by time.
  std::vector<int64_t> kept;
  std::vector<int64_t> first_row(kUsers, -1);
  for (int64_t row = 0; row < kRows; ++row) {
    if (bad(row)) continue;
    kept.push_back(row);
    if (first_row[row % kUsers] < 0) first_row[row % kUsers] = row;
  }
  std::stable_sort(kept.begin(), kept.end(), [&](int64_t a, int64_t b) {
    return first_row[a % kUsers] < first_row[b % kUsers];
  });
  const EventColumns& columns = parsed->columns;
  const std::vector<UserId> users = UsersOf(*parsed);
  ASSERT_EQ(columns.size(), kept.size());
  EXPECT_EQ(parsed->rejects.size(), static_cast<size_t>(kRows) - kept.size());
  for (size_t idx = 0; idx < kept.size(); ++idx) {
    const int64_t row = kept[idx];
    ASSERT_EQ(dictionaries.users.Get(users[idx]), "user-" + std::to_string(row % kUsers))
        << "row " << row;
    ASSERT_EQ(columns.ts[idx], kJan2026 + row * 1'000'000) << "row " << row;
  }
}

TEST(ParseEvents, ASplitInsideAQuotedFieldIsFoundAndTheRowsAreThoseOfOneParse) {
  // 60,001 rows; the middle one's note is 10 MB of lines (a line break every 50 bytes), from
  // about 3 MB to 13 MB of the 16 MB body: wherever the chunks split at a line break, they split
  // inside it. With a stray quote in an unquoted field before it (read literally), splitting
  // where the quotes before are even is wrong too, and the body parses as one chunk.
  constexpr int64_t kSide = 30'000;
  constexpr int64_t kNoteLines = 200'000;
  const std::string note_line = "fifty characters of note text, then a line break.\n";
  ASSERT_EQ(note_line.size(), 50u);
  std::string long_note;
  for (int64_t line = 0; line < kNoteLines; ++line) long_note += note_line;
  const int64_t bad_row = 2 * kSide - 7;
  for (const bool stray_quote : {false, true}) {
    auto note_of = [&](int64_t row) {
      if (row == kSide) return long_note;
      if (stray_quote && row == 10) return std::string("a 5\" screen");
      return "filler " + std::string(80, 'f') + " " + std::to_string(row);
    };
    std::string csv = "user_id,ts,event,note\n";
    for (int64_t row = 0; row <= 2 * kSide; ++row) {
      csv += "u" + std::to_string(row) + ",";
      csv += row == bad_row ? std::string("soon") : FormatUtc(kJan2026 + row * 1'000'000);
      csv += ",clicked,";
      csv += row == kSide ? "\"" + long_note + "\"" : note_of(row);
      csv += "\n";
    }
    ASSERT_GT(csv.size(), size_t{16} << 20);
    Dictionaries dictionaries;
    auto parsed = Parse(csv, dictionaries, /*skip_bad_rows=*/true);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed->rows_read, 2 * kSide + 1);
    ASSERT_EQ(parsed->rejects.size(), 1u);
    EXPECT_EQ(parsed->rejects[0].line, 2 + bad_row + kNoteLines) << stray_quote;
    EXPECT_EQ(parsed->rejects[0].reason.location().line, 2 + bad_row + kNoteLines);
    const EventColumns& columns = parsed->columns;
    const std::vector<UserId> users = UsersOf(*parsed);
    ASSERT_EQ(columns.size(), static_cast<size_t>(2 * kSide));
    const auto& notes = columns.properties[0].strings;
    size_t idx = 0;
    for (int64_t row = 0; row <= 2 * kSide; ++row) {
      if (row == bad_row) continue;
      ASSERT_EQ(dictionaries.users.Get(users[idx]), "u" + std::to_string(row)) << stray_quote;
      ASSERT_EQ(columns.ts[idx], kJan2026 + row * 1'000'000);
      ASSERT_TRUE(dictionaries.strings.Get(notes[idx]) == note_of(row)) << "row " << row;
      ++idx;
    }
  }
}

TEST(ParseEvents, JsonLinesGiveTheirUsersAsRunsToo) {
  // Three users, out of order and interleaved, one with a fraction of a second.
  const std::string jsonl =
      "{\"user_id\":\"b\",\"ts\":\"2026-01-01T00:00:05Z\",\"event\":\"clicked\"}\n"
      "{\"user_id\":\"a\",\"ts\":\"2026-01-01T00:00:03.5Z\",\"event\":\"clicked\"}\n"
      "{\"user_id\":\"b\",\"ts\":\"2026-01-01T00:00:01Z\",\"event\":\"clicked\"}\n"
      "{\"user_id\":\"c\",\"ts\":\"2026-01-01T00:00:02Z\",\"event\":\"clicked\"}\n";
  auto utc = TimeZone::Load("UTC");
  ASSERT_TRUE(utc.ok());
  EventParseOptions options;
  options.display_name = "events.jsonl";
  options.format = InputFormat::kJsonl;
  Dictionaries dictionaries;
  auto parsed = ParseEvents(jsonl, *utc, dictionaries, options);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->columns.user.empty());
  EXPECT_EQ(parsed->user_starts, (std::vector<uint32_t>{0, 2, 3, 4}));  // b, a, c
  EXPECT_EQ(UsersOf(*parsed), (std::vector<UserId>{0, 0, 1, 2}));
  EXPECT_EQ(parsed->columns.ts.Values(),
            (std::vector<TimestampUs>{kJan2026 + 1'000'000, kJan2026 + 5'000'000,
                                      kJan2026 + 3'500'000, kJan2026 + 2'000'000}));
}

TEST(ParseEvents, ABadRowLateInTheFileIsNamedByItsPhysicalLine) {
  // Rows before the bad one hold a line break inside each quoted note: physical lines run
  // ahead of records, and the count must carry over every chunk before the bad row's.
  const int64_t bad_row = kRows - 5;
  const std::string csv = EventsCsv(bad_row);
  Dictionaries dictionaries;
  auto parsed = Parse(csv, dictionaries);
  ASSERT_FALSE(parsed.ok());
  int64_t quoted_before = 0;
  for (int64_t row = 0; row < bad_row; ++row) quoted_before += HasQuotedNote(row) ? 1 : 0;
  EXPECT_EQ(parsed.status().location().line, 2 + bad_row + quoted_before);
  EXPECT_EQ(parsed.status().location().field, "ts");

  Dictionaries skipping;
  auto skipped = Parse(csv, skipping, /*skip_bad_rows=*/true);
  ASSERT_TRUE(skipped.ok()) << skipped.status().ToString();
  EXPECT_EQ(skipped->rows_read, kRows);
  EXPECT_EQ(skipped->columns.size(), static_cast<size_t>(kRows - 1));
  ASSERT_EQ(skipped->rejects.size(), 1u);
  EXPECT_EQ(skipped->rejects[0].line, 2 + bad_row + quoted_before);
}

TEST(ParseEvents, ABadRowLateInACrLfFileIsNamedByItsPhysicalLineToo) {
  // The same file with \r\n record ends (the quoted notes keep their lone \n, and one note a
  // lone \r, each a line break of its own): chunks count their line breaks as the reader does.
  const int64_t bad_row = kRows - 5;
  std::string csv;
  int64_t lone_breaks = 0;  // inside quoted notes, before the bad row
  bool in_quotes = false;
  int64_t row = -1;  // the header
  for (const char c : EventsCsv(bad_row)) {
    if (c == '"') in_quotes = !in_quotes;
    if (c == '\n' && !in_quotes) {
      csv += "\r\n";
      ++row;
      continue;
    }
    if (c == '\n' && row + 1 < bad_row) ++lone_breaks;
    csv += c;
  }
  csv.replace(csv.find("\nsays"), 1, "\r");  // a lone \r in the first note
  Dictionaries dictionaries;
  auto parsed = Parse(csv, dictionaries);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().location().line, 2 + bad_row + lone_breaks);
  EXPECT_EQ(parsed.status().location().field, "ts");
}

}  // namespace
}  // namespace payback
