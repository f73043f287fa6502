#include "payback/ingest/csv_byte_counts.h"

#include <emmintrin.h>

#include <algorithm>

namespace payback {
namespace {

/// The sum of the 16 byte counters of `lanes`.
uint64_t SumLanes(__m128i lanes) {
  const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());  // two 64-bit sums
  return static_cast<uint64_t>(_mm_cvtsi128_si64(sums)) +
         static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
}

}  // namespace

CsvByteCounts CountCsvBytes(std::string_view text) {
  CsvByteCounts counts;
  const char* data = text.data();
  const size_t size = text.size();
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i line_feed = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  size_t pos = 0;
  // Per-byte counters (a match is -1: subtracting it adds one) for at most 255 steps, then
  // summed, so they never wrap.
  constexpr size_t kStepsPerSum = 255;
  while (pos + 16 <= size) {
    const size_t end = std::min(size - (size - pos) % 16, pos + 16 * kStepsPerSum);
    __m128i quotes = _mm_setzero_si128();
    __m128i line_feeds = _mm_setzero_si128();
    __m128i carriage_returns = _mm_setzero_si128();
    for (; pos < end; pos += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
      quotes = _mm_sub_epi8(quotes, _mm_cmpeq_epi8(bytes, quote));
      line_feeds = _mm_sub_epi8(line_feeds, _mm_cmpeq_epi8(bytes, line_feed));
      carriage_returns = _mm_sub_epi8(carriage_returns, _mm_cmpeq_epi8(bytes, carriage_return));
    }
    counts.quotes += SumLanes(quotes);
    counts.line_feeds += SumLanes(line_feeds);
    counts.carriage_returns += SumLanes(carriage_returns);
  }
  for (; pos < size; ++pos) {
    counts.quotes += data[pos] == '"';
    counts.line_feeds += data[pos] == '\n';
    counts.carriage_returns += data[pos] == '\r';
  }
  return counts;
}

}  // namespace payback
