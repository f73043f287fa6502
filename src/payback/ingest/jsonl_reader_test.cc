#include "payback/ingest/jsonl_reader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace payback {
namespace {

using Kind = JsonField::Kind;

// A field copied out of the reader, so it can outlive the next call.
struct Field {
  std::string key;
  Kind kind;
  std::string text;
  bool operator==(const Field&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Field& field) {
  return os << "{" << field.key << ", " << static_cast<int>(field.kind) << ", " << field.text
            << "}";
}

std::vector<Field> Copy(const std::vector<JsonField>& fields) {
  std::vector<Field> out;
  for (const JsonField& field : fields) {
    out.push_back({std::string(field.key), field.kind, std::string(field.text)});
  }
  return out;
}

// Reads the one object of `line`, failing the test on an error.
std::vector<Field> ReadOne(std::string_view line) {
  JsonlReader reader(line);
  std::vector<JsonField> fields;
  const Result<bool> next = reader.Next(fields);
  EXPECT_TRUE(next.ok()) << next.status().ToString();
  if (!next.ok()) return {};
  EXPECT_TRUE(*next);
  return Copy(fields);
}

// The status of reading the first record of `line`.
Status FirstError(std::string_view line) {
  JsonlReader reader(line);
  std::vector<JsonField> fields;
  const Result<bool> next = reader.Next(fields);
  return next.status();
}

TEST(JsonlReader, ReadsScalarKinds) {
  EXPECT_EQ(ReadOne(R"({"user_id":"u1","amount":19.99,"ok":true,"no":false,"gone":null})"),
            (std::vector<Field>{{"user_id", Kind::kString, "u1"},
                                {"amount", Kind::kNumber, "19.99"},
                                {"ok", Kind::kBool, "true"},
                                {"no", Kind::kBool, "false"},
                                {"gone", Kind::kNull, ""}}));
}

TEST(JsonlReader, NumbersKeepTheirRawText) {
  EXPECT_EQ(ReadOne(R"({"a":1e3,"b":-3,"c":0.10,"d":123456789012345678901234567890,"e":-0.5E-7 })"),
            (std::vector<Field>{{"a", Kind::kNumber, "1e3"},
                                {"b", Kind::kNumber, "-3"},
                                {"c", Kind::kNumber, "0.10"},
                                {"d", Kind::kNumber, "123456789012345678901234567890"},
                                {"e", Kind::kNumber, "-0.5E-7"}}));
}

TEST(JsonlReader, NumberTextPointsIntoTheData) {
  const std::string data = R"({"a": 42})";
  JsonlReader reader(data);
  std::vector<JsonField> fields;
  ASSERT_TRUE(*reader.Next(fields));
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].text.data(), data.data() + 6);
}

TEST(JsonlReader, UnescapesStringsAndKeys) {
  EXPECT_EQ(
      ReadOne(
          R"({"q\"k":"say \"hi\"","nl":"a\nb","e":"caf\u00e9","emoji":"\ud83d\ude00","s":"\/\\\t"})"),
      (std::vector<Field>{{"q\"k", Kind::kString, "say \"hi\""},
                          {"nl", Kind::kString, "a\nb"},
                          {"e", Kind::kString, "caf\xC3\xA9"},
                          {"emoji", Kind::kString, "\xF0\x9F\x98\x80"},
                          {"s", Kind::kString, "/\\\t"}}));
}

TEST(JsonlReader, RawUtf8IsKept) {
  EXPECT_EQ(ReadOne("{\"name\":\"Jos\xC3\xA9\"}"),
            (std::vector<Field>{{"name", Kind::kString, "Jos\xC3\xA9"}}));
}

TEST(JsonlReader, NestedValuesAreOtherWithRawText) {
  EXPECT_EQ(ReadOne(R"({"tags":["a", "b"] , "meta":{"x":{"y":[1,2]}},"empty":[],"o":{}})"),
            (std::vector<Field>{{"tags", Kind::kOther, R"(["a", "b"])"},
                                {"meta", Kind::kOther, R"({"x":{"y":[1,2]}})"},
                                {"empty", Kind::kOther, "[]"},
                                {"o", Kind::kOther, "{}"}}));
}

TEST(JsonlReader, SkipsUtf8BomAtTheStart) {
  EXPECT_EQ(ReadOne("\xEF\xBB\xBF{\"a\":1}"), (std::vector<Field>{{"a", Kind::kNumber, "1"}}));
  EXPECT_EQ(FirstError("{}\n\xEF\xBB\xBF{}").code(), StatusCode::kOk);
  JsonlReader reader("{}\n\xEF\xBB\xBF{}");
  std::vector<JsonField> fields;
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.Next(fields).status().code(), StatusCode::kInvalidInput);
}

TEST(JsonlReader, EmptyObjectHasNoFields) { EXPECT_TRUE(ReadOne("{}").empty()); }

TEST(JsonlReader, WhitespaceAroundTheObject) {
  EXPECT_EQ(ReadOne(" \t{ \"a\" : 1 } \t"), (std::vector<Field>{{"a", Kind::kNumber, "1"}}));
}

TEST(JsonlReader, LineNumbersWithBlankLinesCrLfAndNoFinalNewline) {
  JsonlReader reader("{\"a\":1}\r\n\r\n   \n{\"a\":2}\n\t\n{\"a\":3}");
  std::vector<JsonField> fields;
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 1);
  EXPECT_EQ(reader.record_text(), "{\"a\":1}");
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 4);
  EXPECT_EQ(fields[0].text, "2");
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 6);
  EXPECT_EQ(fields[0].text, "3");
  EXPECT_FALSE(*reader.Next(fields));
  EXPECT_TRUE(fields.empty());
}

TEST(JsonlReader, EmptyDataHasNoRecords) {
  JsonlReader reader("\n \n\r\n");
  std::vector<JsonField> fields;
  EXPECT_FALSE(*reader.Next(fields));
}

TEST(JsonlReader, RejectsInvalidJson) {
  for (const std::string_view line : {R"({"a":)",
                                      R"({"a" 1})",
                                      R"({"a":1,})",
                                      R"({"a":tru})",
                                      R"({"a":nul})",
                                      R"({"a":01})",
                                      R"({"a":1.})",
                                      R"({"a":-})",
                                      R"({"a":1e})",
                                      R"({"a":+1})",
                                      R"({"a":.5})",
                                      R"({"a":[1,]})",
                                      R"({"a":[1 2]})",
                                      R"({"a":{"b"}})",
                                      R"({"a":{"b":}})",
                                      R"({"a":"\x"})",
                                      R"({"a":"\u12"})",
                                      R"({a:1})",
                                      R"({"a":'x'})",
                                      R"({"a":1}})",
                                      R"({"a":[}])",
                                      R"({"a":NaN})",
                                      "{\"a\":\"tab\tinside\"}",
                                      R"({"a":1 2})",
                                      R"({"a":truex})"}) {
    const Status status = FirstError(line);
    EXPECT_EQ(status.code(), StatusCode::kInvalidInput) << line;
    EXPECT_EQ(status.location().line, 1) << line;
  }
}

TEST(JsonlReader, RejectsNonObjects) {
  for (const std::string_view line : {"[1,2]", "\"text\"", "42", "true", "null"}) {
    EXPECT_EQ(FirstError(line).code(), StatusCode::kInvalidInput) << line;
  }
}

TEST(JsonlReader, RejectsTrailingText) {
  EXPECT_EQ(FirstError(R"({"a":1} {"b":2})").code(), StatusCode::kInvalidInput);
  EXPECT_EQ(FirstError(R"({"a":1} x)").code(), StatusCode::kInvalidInput);
  EXPECT_EQ(FirstError(R"({"a":1},)").code(), StatusCode::kInvalidInput);
}

TEST(JsonlReader, RejectsAnObjectSplitOverLines) {
  JsonlReader reader("{\"a\":\n1}\n");
  std::vector<JsonField> fields;
  const Result<bool> first = reader.Next(fields);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().location().line, 1);
  const Result<bool> second = reader.Next(fields);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().location().line, 2);
  EXPECT_FALSE(*reader.Next(fields));
}

TEST(JsonlReader, RejectsDuplicateKeys) {
  const Status status = FirstError(R"({"a":1,"b":2,"a":3})");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.location().field, "a");
  // Keys are compared after unescaping.
  EXPECT_EQ(FirstError(R"({"a":1,"\u0061":2})").location().field, "a");
}

TEST(JsonlReader, RejectsDuplicateKeysInWideObjects) {
  std::string line = "{";
  for (int key_idx = 0; key_idx < 100; ++key_idx) line += fmt::format("\"k{}\":1,", key_idx);
  line += "\"k57\":2}";
  const Status status = FirstError(line);
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.location().field, "k57");
}

TEST(JsonlReader, AcceptsWideObjectsWithoutDuplicates) {
  std::string line = "{";
  for (int key_idx = 0; key_idx < 100; ++key_idx) {
    if (key_idx > 0) line += ",";
    line += fmt::format("\"k{}\":{}", key_idx, key_idx);
  }
  line += "}";
  EXPECT_EQ(ReadOne(line).size(), 100u);
}

TEST(JsonlReader, DuplicateKeysInNestedObjectsAreKeptAsRawText) {
  EXPECT_EQ(ReadOne(R"({"m":{"x":1,"x":2}})"),
            (std::vector<Field>{{"m", Kind::kOther, R"({"x":1,"x":2})"}}));
}

TEST(JsonlReader, RejectsInvalidUtf8) {
  const Status status = FirstError("{\"a\":\"\xC3\x28\"}");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.message(), "invalid UTF-8");
}

TEST(JsonlReader, RejectsTooDeepNesting) {
  const int depth = JsonlReader::kMaxDepth + 5;
  const std::string line =
      fmt::format("{{\"a\":{}{}}}", std::string(depth, '['), std::string(depth, ']'));
  EXPECT_EQ(FirstError(line).code(), StatusCode::kInvalidInput);
  const int ok_depth = JsonlReader::kMaxDepth - 1;
  const std::string ok_line =
      fmt::format("{{\"a\":{}{}}}", std::string(ok_depth, '['), std::string(ok_depth, ']'));
  EXPECT_EQ(ReadOne(ok_line).size(), 1u);
}

TEST(JsonlReader, ResumesAfterAnError) {
  JsonlReader reader("{\"a\":1}\n{bad\n\n[1]\n{\"a\":2}\n");
  std::vector<JsonField> fields;
  ASSERT_TRUE(*reader.Next(fields));
  Result<bool> next = reader.Next(fields);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().location().line, 2);
  EXPECT_EQ(reader.record_line(), 2);
  EXPECT_EQ(reader.record_text(), "{bad");
  EXPECT_TRUE(fields.empty());
  next = reader.Next(fields);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().location().line, 4);
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(reader.record_line(), 5);
  EXPECT_EQ(Copy(fields), (std::vector<Field>{{"a", Kind::kNumber, "2"}}));
  EXPECT_FALSE(*reader.Next(fields));
}

TEST(JsonlReader, LongLinesAfterShortOnes) {
  // The padded line buffer grows; earlier results must not matter.
  const std::string long_value(100000, 'z');
  const std::string data = "{\"a\":\"s\"}\n{\"a\":\"" + long_value + "\",\"n\":[1,2,3]}\n";
  JsonlReader reader(data);
  std::vector<JsonField> fields;
  ASSERT_TRUE(*reader.Next(fields));
  ASSERT_TRUE(*reader.Next(fields));
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].text, long_value);
  EXPECT_EQ(fields[1].text, "[1,2,3]");
}

}  // namespace
}  // namespace payback
