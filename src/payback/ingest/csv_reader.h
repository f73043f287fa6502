#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "payback/ingest/csv_structural_bits.h"
#include "payback/status.h"

namespace payback {

/// Splits CSV text (RFC 4180, comma separated) into records of fields, one record per call.
///
/// Fields are separated by `,`; a record ends at `\n`, `\r\n` or a lone `\r`, or at the end of
/// the data (the last record needs no line break). A field that starts with `"` is quoted: it
/// may hold commas, line breaks and doubled quotes `""` (one quote each), and must be followed
/// by `,`, a line break or the end. Any other field is taken literally up to the next `,` or line
/// break, quotes included (so `  "a"` is the five characters as written). Empty lines are
/// skipped. A UTF-8 byte order mark at the very start is skipped. Bytes are not validated as
/// UTF-8: that is the caller's job.
///
/// Physical lines are counted at every `\n`, `\r\n` and lone `\r`, inside quoted fields too, so
/// record_line() is the line an editor shows.
///
/// The reader does not own `data`, which must outlive it. Not thread-safe: one reader per thread.
class CsvReader {
 public:
  /// Starts reading at the beginning of `data` (after a UTF-8 BOM, if any).
  explicit CsvReader(std::string_view data);

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// Reads the next record into `fields` (cleared first). Returns true when a record was read
  /// and false at the end of the data. The views point into the data, or, for quoted fields with
  /// `""` escapes, into storage owned by the reader that stays valid until the next call to
  /// Next.
  ///
  /// On malformed input returns kInvalidInput with ErrorLocation.line = the physical line where
  /// the bad record starts and ErrorLocation.field = "column N" (N = 1-based index of the bad
  /// field); ErrorLocation.file is left empty for the caller to fill in. The reader has then
  /// skipped to the start of the physical line that follows the line where the problem was
  /// found (for an unterminated quoted field: the line where its opening quote is), so calling
  /// Next again resumes with the following data.
  Result<bool> Next(std::vector<std::string_view>& fields);

  /// The 1-based physical line on which the record last returned (or rejected) starts; 0 before
  /// the first call.
  int64_t record_line() const { return record_line_; }

  /// The physical line at the read position: once Next has returned false, 1 + the line
  /// breaks of the data.
  int64_t line() const { return line_; }

  /// Whether a quoted field has run to the end of the data (reported as an unterminated quoted
  /// field). For a piece of a larger text cut at a line break, this is how a cut inside a
  /// quoted field shows.
  bool ran_out_inside_quotes() const { return ran_out_inside_quotes_; }

  /// The raw text of the record last returned or rejected, without its final line break: quotes
  /// and escapes as written, line breaks inside quoted fields included. A rejected record's text
  /// runs to the end of the line where the problem was found. A view into the data.
  std::string_view record_text() const { return record_text_; }

 private:
  // The common record, without any quote: its fields found from the bits of 64 bytes at a
  // time. False (nothing read, fields left empty) when the record holds a quote; Next then
  // reads it byte by byte.
  bool NextWithoutQuotes(std::vector<std::string_view>& fields);
  // Makes block_ the 64 bytes at `base` (fewer at the end of the data).
  void LoadBlock(size_t base);
  // The end of the unquoted field that starts at `pos`: the first `,`, `\n` or `\r` at or
  // after it (from block_'s bits, loading the blocks on the way), or the data's size.
  size_t FieldEnd(size_t pos);
  // Consumes the line break starting at pos_ (one of \n, \r\n, \r) and counts it.
  void ConsumeLineBreak();
  // Reports a malformed record and moves pos_ past the line that holds `error_pos`.
  Status Reject(size_t error_pos, int64_t error_line, size_t field_index, const char* message);
  // Replaces the quoted fields listed in escaped_fields_ by their unescaped text.
  void UnescapeFields(std::vector<std::string_view>& fields);

  std::string_view data_;
  bool ran_out_inside_quotes_ = false;
  size_t pos_ = 0;
  int64_t line_ = 1;  // the physical line at pos_
  size_t record_start_ = 0;
  int64_t record_line_ = 0;
  std::string_view record_text_;
  // The structural bytes of 64 bytes of the data from block_.base, as bits (bit i = byte
  // base + i): a field's end is then a bit scan, not a load and compare at its end's position.
  struct Block {
    size_t base = SIZE_MAX;  // none yet
    StructuralBits bits;
  };
  Block block_;
  // Finds a full block's bits: the fastest method this CPU runs (LoadBlock).
  const StructuralBitsOf64 find_bits_ = StructuralBitsFunction(FastestStructuralBitsMethod());
  static uint64_t BeforeFirstBreak(const Block& block, uint64_t from);
  std::vector<size_t> escaped_fields_;  // indexes of quoted fields that contain ""
  std::string unescaped_;               // the unescaped text of those fields
};

}  // namespace payback
