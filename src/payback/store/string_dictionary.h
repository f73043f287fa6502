#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace payback {

/// An append-only dictionary of strings: code k is the k-th distinct string added.
/// Codes are stable for the life of the workspace (segments store them). The strings live in
/// a chunked arena, so the views returned stay valid as the dictionary grows. The hash index
/// used by Find/GetOrAdd is built lazily on first use: a reader that only decodes codes never
/// pays for it. Not thread-safe for writing; concurrent const Get() calls are safe once no
/// writer runs (Find builds the index, so it is a writer the first time).
class StringDictionary {
 public:
  StringDictionary() = default;
  StringDictionary(StringDictionary&&) noexcept = default;
  StringDictionary& operator=(StringDictionary&&) noexcept = default;

  uint32_t size() const { return static_cast<uint32_t>(views_.size()); }
  /// The string of `code`; requires code < size().
  std::string_view Get(uint32_t code) const { return views_[code]; }
  /// The code of `text`, or kMissing.
  uint32_t Find(std::string_view text);
  /// The code of `text`, adding it when new.
  uint32_t GetOrAdd(std::string_view text);
  /// Appends without checking for duplicates (loading a stored dictionary).
  void AppendUnchecked(std::string_view text);

  static constexpr uint32_t kMissing = UINT32_MAX;

 private:
  std::string_view Store(std::string_view text);
  void BuildIndex();
  void InsertIntoIndex(uint64_t hash, uint32_t code);
  void Grow();

  std::vector<std::string_view> views_;
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t chunk_used_ = 0;
  size_t chunk_capacity_ = 0;
  // Open addressing, linear probing: slot = code + 1 (0 = empty), with a parallel hash tag.
  std::vector<uint32_t> slots_;
  std::vector<uint32_t> tags_;
  bool indexed_ = false;
};

}  // namespace payback
