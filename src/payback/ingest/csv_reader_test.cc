#include "payback/ingest/csv_reader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace payback {
namespace {

using Fields = std::vector<std::string_view>;
using Record = std::vector<std::string>;

// Reads every record of `data`, failing the test on any error.
std::vector<Record> ReadAll(std::string_view data) {
  CsvReader reader(data);
  std::vector<Record> records;
  Fields fields;
  for (;;) {
    Result<bool> next = reader.Next(fields);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok() || !*next) break;
    records.emplace_back(fields.begin(), fields.end());
  }
  return records;
}

TEST(CsvReader, SplitsFieldsAndRecords) {
  EXPECT_EQ(ReadAll("a,b,c\n1,2,3\n"), (std::vector<Record>{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(CsvReader, EmptyDataHasNoRecords) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll("\n\r\n\n").empty());
}

TEST(CsvReader, LastRecordWithoutNewline) {
  EXPECT_EQ(ReadAll("a,b\n1,2"), (std::vector<Record>{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, CrLfAndLoneCrEndRecords) {
  EXPECT_EQ(ReadAll("a,b\r\n1,2\r\n3,4\r5,6\r"),
            (std::vector<Record>{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}}));
}

TEST(CsvReader, OneFieldFile) {
  EXPECT_EQ(ReadAll("user_id\nu1\nu2\n"), (std::vector<Record>{{"user_id"}, {"u1"}, {"u2"}}));
}

TEST(CsvReader, TrailingCommaIsOneEmptyLastField) {
  EXPECT_EQ(ReadAll("a,b,\n"), (std::vector<Record>{{"a", "b", ""}}));
  EXPECT_EQ(ReadAll(",\n"), (std::vector<Record>{{"", ""}}));
}

TEST(CsvReader, EmptyFieldsInTheMiddle) {
  EXPECT_EQ(ReadAll("a,,c\n"), (std::vector<Record>{{"a", "", "c"}}));
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  EXPECT_EQ(ReadAll("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n"),
            (std::vector<Record>{{"a,b", "say \"hi\"", "two\nlines"}}));
}

TEST(CsvReader, EmptyQuotedFieldIsARecord) {
  EXPECT_EQ(ReadAll("\"\"\n"), (std::vector<Record>{{""}}));
  EXPECT_EQ(ReadAll("\"\"\"\"\n"), (std::vector<Record>{{"\""}}));
}

TEST(CsvReader, QuotedFieldWithoutEscapesIsAViewIntoTheData) {
  const std::string data = "\"plain\",x\n";
  CsvReader reader(data);
  Fields fields;
  ASSERT_TRUE(*reader.Next(fields));
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0], "plain");
  EXPECT_EQ(fields[0].data(), data.data() + 1);
  EXPECT_EQ(fields[1].data(), data.data() + 8);
}

TEST(CsvReader, SeveralEscapedFieldsInOneRecordStayValid) {
  // Unescaped fields share one buffer: the earlier views must survive the later appends.
  std::string data;
  Record expected;
  for (int field_idx = 0; field_idx < 50; ++field_idx) {
    const std::string padding(static_cast<size_t>(field_idx) * 7, 'x');
    expected.push_back(fmt::format("{}\"q\"", padding));
    if (field_idx > 0) data += ',';
    data += fmt::format("\"{}\"\"q\"\"\"", padding);
  }
  data += "\n";
  EXPECT_EQ(ReadAll(data), (std::vector<Record>{expected}));
}

TEST(CsvReader, SpacesBeforeQuoteMakeAnUnquotedField) {
  EXPECT_EQ(ReadAll("a,  \"b\",c\n"), (std::vector<Record>{{"a", "  \"b\"", "c"}}));
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsLiteral) {
  EXPECT_EQ(ReadAll("5\" screen,x\n"), (std::vector<Record>{{"5\" screen", "x"}}));
}

TEST(CsvReader, SkipsUtf8Bom) {
  EXPECT_EQ(ReadAll("\xEF\xBB\xBFuser_id,ts\n"), (std::vector<Record>{{"user_id", "ts"}}));
}

TEST(CsvReader, BomOnlyAtTheStart) {
  EXPECT_EQ(ReadAll("a\n\xEF\xBB\xBF"
                    "b\n"),
            (std::vector<Record>{{"a"},
                                 {"\xEF\xBB\xBF"
                                  "b"}}));
}

TEST(CsvReader, SkipsEmptyLinesButCountsThem) {
  CsvReader reader("a\n\n\r\nb\n\n");
  Fields fields;
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 1);
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, Fields{"b"});
  EXPECT_EQ(reader.record_line(), 4);
  EXPECT_FALSE(*reader.Next(fields));
}

TEST(CsvReader, LineNumbersWithMultiLineQuotedFieldsAndCrLf) {
  CsvReader reader("h1,h2\r\n\"x\r\ny\r\nz\",1\r\nnext,2\r\n\"a\nb\",\"c\rd\"\nlast,3");
  Fields fields;
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 1);
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 2);
  EXPECT_EQ(fields, (Fields{"x\r\ny\r\nz", "1"}));
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 5);
  EXPECT_EQ(fields, (Fields{"next", "2"}));
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 6);
  EXPECT_EQ(fields, (Fields{"a\nb", "c\rd"}));
  ASSERT_TRUE(*reader.Next(fields));
  // "a\nb" spans lines 6-7 and the lone \r in "c\rd" is a line break too.
  EXPECT_EQ(reader.record_line(), 9);
  EXPECT_EQ(fields, (Fields{"last", "3"}));
  EXPECT_FALSE(*reader.Next(fields));
  EXPECT_EQ(reader.line(), 9);  // 8 line breaks in all
  EXPECT_FALSE(reader.ran_out_inside_quotes());
}

TEST(CsvReader, RecordTextIsTheRawRecord) {
  CsvReader reader("a,\"b\"\"c\"\r\n\"x\ny\",z\n");
  Fields fields;
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_text(), "a,\"b\"\"c\"");
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_text(), "\"x\ny\",z");
}

TEST(CsvReader, UnterminatedQuotedFieldIsAnError) {
  CsvReader reader("a,b\n1,\"never closed\n2,3\n");
  Fields fields;
  ASSERT_TRUE(*reader.Next(fields));
  const Result<bool> bad = reader.Next(fields);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad.status().location().line, 2);
  EXPECT_EQ(bad.status().location().field, "column 2");
  EXPECT_EQ(reader.record_line(), 2);
  EXPECT_EQ(reader.record_text(), "1,\"never closed");
  EXPECT_TRUE(reader.ran_out_inside_quotes());
  // Resumes on the line after the opening quote.
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, (Fields{"2", "3"}));
  EXPECT_EQ(reader.record_line(), 3);
  EXPECT_FALSE(*reader.Next(fields));
  EXPECT_EQ(reader.line(), 4);
}

TEST(CsvReader, OtherErrorsDoNotRunOutInsideQuotes) {
  CsvReader reader("\"a\"b,1\n\"x\ny\",2\n");
  Fields fields;
  EXPECT_FALSE(reader.Next(fields).ok());  // a character after the closing quote
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, (Fields{"x\ny", "2"}));
  EXPECT_FALSE(*reader.Next(fields));
  EXPECT_FALSE(reader.ran_out_inside_quotes());
}

TEST(CsvReader, CharacterAfterClosingQuoteIsAnError) {
  CsvReader reader("\"ok\",\"bad\"x,more\nnext\n");
  Fields fields;
  const Result<bool> bad = reader.Next(fields);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad.status().location().line, 1);
  EXPECT_EQ(bad.status().location().field, "column 2");
  EXPECT_EQ(reader.record_text(), "\"ok\",\"bad\"x,more");
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, Fields{"next"});
  EXPECT_EQ(reader.record_line(), 2);
}

TEST(CsvReader, ErrorInsideMultiLineRecordReportsTheStartLine) {
  // The record starts on line 2; the stray character is on line 3. Reading resumes on line 4.
  CsvReader reader("h\n\"x\ny\"z,1\nnext\n");
  Fields fields;
  ASSERT_TRUE(*reader.Next(fields));
  const Result<bool> bad = reader.Next(fields);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().location().line, 2);
  EXPECT_EQ(bad.status().location().field, "column 1");
  EXPECT_EQ(reader.record_text(), "\"x\ny\"z,1");
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, Fields{"next"});
  EXPECT_EQ(reader.record_line(), 4);
}

TEST(CsvReader, RecoversAfterSeveralErrors) {
  CsvReader reader("a,\"b\"c\nd,e\n\"x\"y\nf\n\"open\ng\n");
  Fields fields;
  std::vector<int64_t> error_lines;
  std::vector<Record> records;
  for (int call = 0; call < 20; ++call) {
    const Result<bool> next = reader.Next(fields);
    if (!next.ok()) {
      error_lines.push_back(next.status().location().line);
      continue;
    }
    if (!*next) break;
    records.emplace_back(fields.begin(), fields.end());
  }
  EXPECT_EQ(error_lines, (std::vector<int64_t>{1, 3, 5}));
  EXPECT_EQ(records, (std::vector<Record>{{"d", "e"}, {"f"}, {"g"}}));
}

TEST(CsvReader, QuoteClosingOnALaterLineThenStrayCharacter) {
  // The quote opened on line 1 closes at the start of line 3, where "f" follows it.
  CsvReader reader("a,\"b\nc,d\ne,\"f\ng\n");
  Fields fields;
  const Result<bool> bad = reader.Next(fields);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().location().line, 1);
  EXPECT_EQ(bad.status().location().field, "column 2");
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, Fields{"g"});
  EXPECT_EQ(reader.record_line(), 4);
}

TEST(CsvReader, ManyStrayQuotesStayLinear) {
  // Each line's quote either pairs with the next line's or runs to the end once; recovery must
  // not rescan the rest of the data for every bad line.
  std::string data;
  for (int line_idx = 0; line_idx < 200000; ++line_idx) data += "a,\"b\n";
  CsvReader reader(data);
  Fields fields;
  int64_t calls = 0;
  for (;;) {
    const Result<bool> next = reader.Next(fields);
    ++calls;
    if (next.ok() && !*next) break;
    ASSERT_LT(calls, 400000);
  }
  EXPECT_GT(calls, 1);
}

TEST(CsvReader, UnterminatedQuoteAtEndOfData) {
  CsvReader reader("\"");
  Fields fields;
  const Result<bool> bad = reader.Next(fields);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().location().line, 1);
  EXPECT_FALSE(*reader.Next(fields));
}

TEST(CsvReader, RandomRecordsReadAsWritten) {
  // Records of random fields written out (unquoted, some with a quote inside; quoted, with
  // commas, doubled quotes and line breaks inside), separated by \n, \r\n or \r with empty
  // lines between, so that records with and without quotes straddle the reader's 64-byte
  // blocks in every way; the last record with or without a line break. Each record, its line
  // and its raw text come back as written.
  std::mt19937 random(17);
  auto pick = [&](std::string_view from) { return from[random() % from.size()]; };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    std::vector<Record> expected;
    std::vector<size_t> starts, ends;
    const int records = 1 + static_cast<int>(random() % 40);
    for (int record = 0; record < records; ++record) {
      if (random() % 6 == 0) text += random() % 2 == 0 ? "\n" : "\r\n";  // an empty line
      starts.push_back(text.size());
      Record fields(1 + random() % 8);
      bool quoted = false;
      for (size_t field = 0; field < fields.size(); ++field) {
        if (field > 0) text += ',';
        quoted = random() % 5 == 0;
        const size_t length = random() % (random() % 4 == 0 ? 90 : 12);
        for (size_t idx = 0; idx < length; ++idx) {
          fields[field] += quoted ? pick("ab ,\"\n\r") : pick("abcdefgh 12.-\"");
        }
        if (!quoted && !fields[field].empty() && fields[field][0] == '"') fields[field][0] = 'q';
        if (quoted) {
          text += '"';
          for (const char c : fields[field])
            text += c == '"' ? std::string("\"\"") : std::string(1, c);
          text += '"';
        } else {
          text += fields[field];
        }
      }
      if (fields.size() == 1 && fields[0].empty() && !quoted) {  // an empty line: quote it
        text += "\"\"";
      }
      ends.push_back(text.size());
      expected.push_back(fields);
      if (record + 1 < records || random() % 2 == 0) {
        const int kind = static_cast<int>(random() % 3);
        text += kind == 0 ? "\n" : (kind == 1 ? "\r\n" : "\r");
      }
    }
    CsvReader reader(text);
    Fields fields;
    for (size_t record = 0; record < expected.size(); ++record) {
      Result<bool> next = reader.Next(fields);
      ASSERT_TRUE(next.ok() && *next) << "round " << round << " record " << record;
      ASSERT_EQ(Record(fields.begin(), fields.end()), expected[record])
          << "round " << round << " record " << record;
      EXPECT_EQ(reader.record_text(),
                std::string_view(text).substr(starts[record], ends[record] - starts[record]));
      // Lines as an editor counts them: \r\n is one break, a lone \r or \n one each.
      int64_t line = 1;
      for (size_t pos = 0; pos < starts[record]; ++pos) {
        line += text[pos] == '\n' ||
                (text[pos] == '\r' && (pos + 1 >= text.size() || text[pos + 1] != '\n'));
      }
      EXPECT_EQ(reader.record_line(), line) << "round " << round << " record " << record;
    }
    const Result<bool> end = reader.Next(fields);
    ASSERT_TRUE(end.ok());
    EXPECT_FALSE(*end) << "round " << round;
  }
}

TEST(CsvReader, FieldsAreClearedOnEachCall) {
  CsvReader reader("a,b,c\nd\n");
  Fields fields;
  ASSERT_TRUE(*reader.Next(fields));
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, Fields{"d"});
  EXPECT_FALSE(*reader.Next(fields));
  EXPECT_TRUE(fields.empty());
}

}  // namespace
}  // namespace payback
