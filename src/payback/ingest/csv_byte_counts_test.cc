#include "payback/ingest/csv_byte_counts.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace payback {
namespace {

TEST(CountCsvBytes, CountsQuotesAndLineBreaksAsAByteByByteCountDoes) {
  // Random texts of every length around the 16-byte steps and past the 255-step sums (where a
  // byte counter would wrap), dense in the three bytes.
  std::mt19937 random(3);
  const std::string alphabet = "\"\n\r,ab";
  for (const size_t size : {size_t{0}, size_t{1}, size_t{15}, size_t{16}, size_t{17}, size_t{4079},
                            size_t{4080}, size_t{4081}, size_t{100'003}}) {
    std::string text(size, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    CsvByteCounts expected;
    for (const char c : text) {
      expected.quotes += c == '"';
      expected.line_feeds += c == '\n';
      expected.carriage_returns += c == '\r';
    }
    const CsvByteCounts counts = CountCsvBytes(text);
    EXPECT_EQ(counts.quotes, expected.quotes) << size;
    EXPECT_EQ(counts.line_feeds, expected.line_feeds) << size;
    EXPECT_EQ(counts.carriage_returns, expected.carriage_returns) << size;
  }
  // All one byte for longer than 255 steps.
  EXPECT_EQ(CountCsvBytes(std::string(16 * 300 + 5, '\n')).line_feeds, 16u * 300 + 5);
}

}  // namespace
}  // namespace payback
