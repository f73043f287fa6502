#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "payback/generate/generate.h"

namespace payback::generate_test {

namespace fs = std::filesystem;

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// A scratch directory per test, removed first so reruns start clean.
inline fs::path ScratchDir(const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / ("payback_generate_" + name);
  fs::remove_all(dir);
  return dir;
}

/// Splits one RFC 4180 record (no embedded line breaks in these files).
inline std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t pos = 0; pos < line.size(); ++pos) {
    const char c = line[pos];
    if (quoted) {
      if (c == '"' && pos + 1 < line.size() && line[pos + 1] == '"') {
        fields.back().push_back('"');
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// A CSV file as records keyed by its header: rows[i]["campaign_id"]. Every record must have
/// as many fields as the header (an ADD_FAILURE otherwise).
inline std::vector<std::map<std::string, std::string>> ReadCsv(const fs::path& path) {
  const std::vector<std::string> lines = Lines(ReadFile(path));
  std::vector<std::map<std::string, std::string>> rows;
  if (lines.empty()) return rows;
  const std::vector<std::string> header = SplitCsv(lines[0]);
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const std::vector<std::string> fields = SplitCsv(lines[line_idx]);
    if (fields.size() != header.size()) {
      ADD_FAILURE() << path << ":" << line_idx + 1 << ": " << fields.size() << " fields";
      continue;
    }
    std::map<std::string, std::string>& row = rows.emplace_back();
    for (size_t field_idx = 0; field_idx < header.size(); ++field_idx) {
      row[header[field_idx]] = fields[field_idx];
    }
  }
  return rows;
}

inline uint64_t Fnv1a(const std::string& bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

inline GenerateOptions SmallRun(const fs::path& dir, int64_t users = 2000,
                                const std::string& preset = "messaging") {
  GenerateOptions options;
  options.preset = preset;
  options.users = users;
  options.out_dir = dir.string();
  return options;
}

}  // namespace payback::generate_test
