#include "payback/ingest/csv_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

namespace payback {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// True for the bytes that end an unquoted field: the separator and the line-break characters.
constexpr bool IsFieldEnd(char c) { return c == ',' || c == '\n' || c == '\r'; }

}  // namespace

/// The bits of `block` before its first line break among the bits `from` (all of them when
/// none).
uint64_t CsvReader::BeforeFirstBreak(const Block& block, uint64_t from) {
  const uint64_t breaks = block.bits.ends & ~block.bits.commas & from;
  return breaks == 0 ? ~uint64_t{0} : (breaks & (~breaks + 1)) - 1;
}

CsvReader::CsvReader(std::string_view data) : data_(data) {
  if (data_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
}

void CsvReader::LoadBlock(size_t base) {
  block_.base = base;
  const size_t bytes = std::min<size_t>(64, data_.size() - base);
  if (bytes == 64) {
    find_bits_(data_.data() + base, block_.bits);
  } else {
    block_.bits = FindStructuralBits(data_.data() + base, bytes, StructuralBitsMethod::kBytewise);
  }
}

bool CsvReader::NextWithoutQuotes(std::vector<std::string_view>& fields) {
  const char* const data = data_.data();
  const size_t size = data_.size();
  size_t field_start = pos_;
  size_t base = pos_ / 64 * 64;
  if (base != block_.base) LoadBlock(base);
  // The structural bytes from the record's start on; a quote before its end sends it to Next.
  const uint64_t from_start = ~uint64_t{0} << (pos_ - base);
  if ((block_.bits.quotes & from_start & BeforeFirstBreak(block_, from_start)) != 0) return false;
  uint64_t ends = block_.bits.ends & from_start;
  for (;;) {
    while (ends == 0) {
      base += 64;
      if (base >= size) {  // the last record, without a line break
        fields.emplace_back(data + field_start, size - field_start);
        pos_ = size;
        return true;
      }
      LoadBlock(base);
      if ((block_.bits.quotes & BeforeFirstBreak(block_, ~uint64_t{0})) != 0) {
        fields.clear();
        return false;
      }
      ends = block_.bits.ends;
    }
    const auto offset = static_cast<size_t>(std::countr_zero(ends));
    const size_t end = base + offset;
    fields.emplace_back(data + field_start, end - field_start);
    if (((block_.bits.commas >> offset) & 1) == 0) {  // a line break ends the record
      pos_ = end;
      return true;
    }
    ends &= ends - 1;
    field_start = end + 1;
  }
}

size_t CsvReader::FieldEnd(size_t pos) {
  size_t base = pos / 64 * 64;
  if (base != block_.base) LoadBlock(base);
  uint64_t ends = block_.bits.ends & (~uint64_t{0} << (pos - base));
  while (ends == 0) {
    base += 64;
    if (base >= data_.size()) return data_.size();
    LoadBlock(base);
    ends = block_.bits.ends;
  }
  return base + static_cast<size_t>(std::countr_zero(ends));
}

void CsvReader::ConsumeLineBreak() {
  if (data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

Status CsvReader::Reject(size_t error_pos, int64_t error_line, size_t field_index,
                         const char* message) {
  const char* const data = data_.data();
  const size_t size = data_.size();
  size_t line_end = error_pos;
  while (line_end < size && data[line_end] != '\n' && data[line_end] != '\r') ++line_end;
  record_text_ = data_.substr(record_start_, line_end - record_start_);
  // Resume on the line after the problem. For an unterminated quote this moves back from the
  // end of the data: one stray quote costs one row under --skip-bad-rows, not the rest of the
  // file. (This stays linear: once a quoted field has run to the end of the data, every quote
  // after it comes in pairs, so no later quoted field can run to the end again.)
  pos_ = line_end;
  line_ = error_line;
  if (pos_ < size) ConsumeLineBreak();
  return Status::InvalidInput(
      message, ErrorLocation{"", record_line_, fmt::format("column {}", field_index + 1), 0});
}

void CsvReader::UnescapeFields(std::vector<std::string_view>& fields) {
  size_t total = 0;
  for (const size_t index : escaped_fields_) total += fields[index].size();
  unescaped_.clear();
  // Reserving the whole record's worth up front means appending never reallocates, so the views
  // handed out below stay valid together.
  unescaped_.reserve(total);
  for (const size_t index : escaped_fields_) {
    const std::string_view raw = fields[index];
    const size_t start = unescaped_.size();
    for (size_t pos = 0; pos < raw.size(); ++pos) {
      unescaped_.push_back(raw[pos]);
      // Inside a quoted field every quote is the first of a doubled pair: keep one.
      if (raw[pos] == '"') ++pos;
    }
    fields[index] = std::string_view(unescaped_.data() + start, unescaped_.size() - start);
  }
}

Result<bool> CsvReader::Next(std::vector<std::string_view>& fields) {
  fields.clear();
  escaped_fields_.clear();
  const char* const data = data_.data();
  const size_t size = data_.size();

  // Empty lines are not records, but they are lines.
  while (pos_ < size && (data[pos_] == '\n' || data[pos_] == '\r')) ConsumeLineBreak();
  if (pos_ >= size) {
    record_text_ = std::string_view();
    return false;
  }
  record_start_ = pos_;
  record_line_ = line_;
  if (NextWithoutQuotes(fields)) {
    record_text_ = data_.substr(record_start_, pos_ - record_start_);
    if (pos_ < size) ConsumeLineBreak();
    return true;
  }

  for (;;) {
    const size_t field_index = fields.size();
    if (pos_ < size && data[pos_] == '"') {
      const size_t open_pos = pos_;
      const int64_t open_line = line_;
      const size_t content_start = ++pos_;
      bool escaped = false;
      for (;;) {
        const void* quote = std::memchr(data + pos_, '"', size - pos_);
        const size_t quote_pos =
            quote == nullptr ? size : static_cast<size_t>(static_cast<const char*>(quote) - data);
        // Line breaks inside the field still count as physical lines.
        const char* const span_begin = data + pos_;
        const char* const span_end = data + quote_pos;
        line_ += std::count(span_begin, span_end, '\n');
        if (std::memchr(span_begin, '\r', quote_pos - pos_) != nullptr) {
          for (const char* c = span_begin; c < span_end; ++c) {
            if (*c == '\r' && (c + 1 == data + size || c[1] != '\n')) ++line_;
          }
        }
        pos_ = quote_pos;
        if (pos_ >= size) {
          ran_out_inside_quotes_ = true;
          return Reject(open_pos, open_line, field_index, "unterminated quoted field");
        }
        if (pos_ + 1 < size && data[pos_ + 1] == '"') {
          escaped = true;
          pos_ += 2;
          continue;
        }
        break;
      }
      fields.emplace_back(data + content_start, pos_ - content_start);
      if (escaped) escaped_fields_.push_back(field_index);
      ++pos_;  // the closing quote
      if (pos_ < size && !IsFieldEnd(data[pos_])) {
        return Reject(pos_, line_, field_index, "unexpected character after closing quote");
      }
    } else {
      const size_t start = pos_;
      pos_ = FieldEnd(pos_);
      fields.emplace_back(data + start, pos_ - start);
    }
    if (pos_ < size && data[pos_] == ',') {
      // A separator always opens another field, so a trailing comma yields an empty last field.
      ++pos_;
      continue;
    }
    break;
  }
  record_text_ = data_.substr(record_start_, pos_ - record_start_);
  if (pos_ < size) ConsumeLineBreak();
  if (!escaped_fields_.empty()) UnescapeFields(fields);
  return true;
}

}  // namespace payback
