#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace payback {

/// A small least-recently-used cache of rendered API responses (report JSON, CSV), keyed by a
/// text that includes the workspace's data and settings versions, so a stale entry is never
/// returned: it is simply not asked for again. Thread-safe.
class ResponseCache {
 public:
  explicit ResponseCache(size_t capacity) : capacity_(capacity) {}

  /// The cached body for `key`, if any (and marks it recently used).
  std::optional<std::string> Find(const std::string& key);
  /// Stores `body` for `key`, evicting the least recently used entry when full.
  void Store(const std::string& key, std::string body);

 private:
  using Entry = std::pair<std::string, std::string>;  // key, body

  std::mutex mutex_;
  const size_t capacity_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
};

}  // namespace payback
