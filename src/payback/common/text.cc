#include "payback/common/text.h"

#include <simdjson.h>

#include <algorithm>
#include <numeric>

namespace payback {
namespace {

constexpr size_t kQuoteMaxBytes = 40;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The length of the well-formed UTF-8 sequence that starts at text[pos], or 0 when the
// bytes there are not one (RFC 3629 table: no overlongs, no surrogates, <= U+10FFFF).
size_t Utf8SequenceLength(std::string_view text, size_t pos) {
  const auto byte = [&](size_t idx) { return static_cast<unsigned char>(text[idx]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (pos + len > text.size()) return 0;
  // Only the second byte has a restricted range; the others are plain continuation bytes.
  if (byte(pos + 1) < lo || byte(pos + 1) > hi) return 0;
  for (size_t idx = pos + 2; idx < pos + len; ++idx) {
    if (byte(idx) < 0x80 || byte(idx) > 0xBF) return 0;
  }
  return len;
}

void AppendHexEscape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

std::string_view TrimAscii(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && IsAsciiSpace(text[begin])) ++begin;
  while (end > begin && IsAsciiSpace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::string ToLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string_view> SplitString(std::string_view text, char sep) {
  std::vector<std::string_view> pieces;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(sep, begin);
    if (end == std::string_view::npos) {
      pieces.push_back(text.substr(begin));
      return pieces;
    }
    pieces.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
}

std::string JoinStrings(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  if (parts.empty()) return out;
  size_t total = sep.size() * (parts.size() - 1);
  for (const std::string& part : parts) total += part.size();
  out.reserve(total);
  for (size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
    if (part_idx > 0) out += sep;
    out += parts[part_idx];
  }
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  // One row of the DP table, over the shorter string.
  if (a.size() < b.size()) std::swap(a, b);
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    size_t diagonal = row[0];  // row[a_idx-1][b_idx-1]
    row[0] = a_idx;
    for (size_t b_idx = 1; b_idx <= b.size(); ++b_idx) {
      const size_t above = row[b_idx];
      const size_t substitution = diagonal + (a[a_idx - 1] == b[b_idx - 1] ? 0 : 1);
      row[b_idx] = std::min({above + 1, row[b_idx - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string QuoteForMessage(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), kQuoteMaxBytes) + 8);
  out += '"';
  size_t pos = 0;
  bool truncated = false;
  while (pos < text.size()) {
    const size_t len = Utf8SequenceLength(text, pos);
    const size_t step = len == 0 ? 1 : len;
    // Never cut a UTF-8 character in half: stop before one that would cross the limit.
    if (pos + step > kQuoteMaxBytes) {
      truncated = true;
      break;
    }
    const auto c = static_cast<unsigned char>(text[pos]);
    if (len == 0) {
      AppendHexEscape(out, c);
    } else if (len > 1) {
      out.append(text.substr(pos, len));
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      AppendHexEscape(out, c);
    } else {
      out += static_cast<char>(c);
    }
    pos += step;
  }
  if (truncated) out += "...";
  out += '"';
  return out;
}

}  // namespace payback
