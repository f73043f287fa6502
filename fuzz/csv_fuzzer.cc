// libFuzzer target for CsvReader: reads every record of arbitrary bytes and checks the reader's
// invariants, then checks that each good record survives a quote-everything round trip.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "payback/ingest/csv_reader.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// Physical lines as CsvReader counts them: \n, \r\n and a lone \r each end one.
int64_t CountLines(std::string_view data) {
  int64_t lines = 1;
  for (size_t pos = 0; pos < data.size(); ++pos) {
    if (data[pos] == '\n') ++lines;
    if (data[pos] == '\r' && (pos + 1 == data.size() || data[pos + 1] != '\n')) ++lines;
  }
  return lines;
}

bool Within(std::string_view inner, std::string_view outer) {
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

std::string QuoteAll(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    if (field_idx > 0) out += ',';
    out += '"';
    for (const char c : fields[field_idx]) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  const int64_t total_lines = CountLines(data);
  payback::CsvReader reader(data);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> good_records;
  int64_t last_line = 0;
  // Every call consumes at least one byte, so more calls than bytes means a loop.
  for (size_t call = 0;; ++call) {
    Check(call <= size + 1);
    const payback::Result<bool> next = reader.Next(fields);
    if (next.ok() && !*next) {
      Check(fields.empty());
      break;
    }
    const int64_t line = reader.record_line();
    Check(line >= 1 && line >= last_line && line <= total_lines);
    last_line = line;
    Check(Within(reader.record_text(), data));
    if (!next.ok()) {
      const payback::Status& status = next.status();
      Check(status.code() == payback::StatusCode::kInvalidInput);
      Check(status.location().line == line);
      Check(status.location().field.rfind("column ", 0) == 0);
      continue;
    }
    Check(!fields.empty());
    size_t total = 0;
    std::vector<std::string> copy;
    for (const std::string_view field : fields) {
      // Copying touches every byte, so ASan catches a dangling view.
      copy.emplace_back(field);
      total += field.size();
      if (Within(field, data)) Check(Within(field, reader.record_text()));
    }
    Check(total <= reader.record_text().size());
    good_records.push_back(std::move(copy));
  }

  // Quoting every field and reading the result back must give the same records.
  std::string rewritten;
  for (const auto& record : good_records) rewritten += QuoteAll(record);
  payback::CsvReader again(rewritten);
  for (size_t record_idx = 0; record_idx <= good_records.size(); ++record_idx) {
    const payback::Result<bool> next = again.Next(fields);
    Check(next.ok());
    if (record_idx == good_records.size()) {
      Check(!*next);
      break;
    }
    Check(*next);
    Check(fields.size() == good_records[record_idx].size());
    for (size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
      Check(fields[field_idx] == good_records[record_idx][field_idx]);
    }
  }
  return 0;
}
