#pragma once

#include <cstdint>
#include <string_view>

namespace payback {

/// The bytes of a CSV text that splitting it into chunks needs: quotes (a line break after an
/// even number of them ends a record) and line breaks (to number the chunks' lines).
struct CsvByteCounts {
  uint64_t quotes = 0;
  uint64_t line_feeds = 0;
  uint64_t carriage_returns = 0;

  void Add(const CsvByteCounts& other) {
    quotes += other.quotes;
    line_feeds += other.line_feeds;
    carriage_returns += other.carriage_returns;
  }
};

/// Counts the three in one pass, 16 bytes a step (SSE2): splitting a 6 GB file used to read it
/// three times (quotes, then a search for \r and a count of \n per chunk).
CsvByteCounts CountCsvBytes(std::string_view text);

}  // namespace payback
