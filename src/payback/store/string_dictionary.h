#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "payback/common/text_arena.h"

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
  /// The code of `text`, or kMissing. Builds the index on first use (a write).
  uint32_t Find(std::string_view text);
  /// The code of `text`, or kMissing, without writing: through the index when it is built
  /// (EnsureIndexed), else by a linear scan. Safe from several threads at once.
  uint32_t Find(std::string_view text) const;
  /// Find for many strings at once (codes[k] for texts[k]), hashing a group ahead and
  /// prefetching its slots as GetOrAddMany does. Requires the index (EnsureIndexed); safe from
  /// several threads at once.
  void FindMany(std::span<const std::string_view> texts, uint32_t* codes) const;
  /// Builds the hash index now, so that later const Finds use it (a write).
  void EnsureIndexed() {
    if (!indexed_) BuildIndex();
  }
  /// The code of `text`, adding it when new.
  uint32_t GetOrAdd(std::string_view text);
  /// GetOrAdd for many strings at once, in order (codes[k] is the code of texts[k]): the same
  /// codes as calling GetOrAdd one by one, but hashes a group ahead and prefetches its slots,
  /// which hides most cache misses on large dictionaries (users).
  void GetOrAddMany(std::span<const std::string_view> texts, uint32_t* codes);
  /// Sizes the hash index for about `expected_size` strings, so that growing to that size
  /// never rehashes.
  void Reserve(size_t expected_size);
  /// Appends without checking for duplicates (loading a stored dictionary).
  void AppendUnchecked(std::string_view text);

  static constexpr uint32_t kMissing = UINT32_MAX;

 private:
  // Open addressing with linear probing. A slot holds the first 8 bytes of its string, so
  // strings of up to 8 bytes (most user ids and event codes) compare without touching the
  // arena: one cache miss per look-up instead of three. 16 bytes, four slots a cache line.
  struct Slot {
    uint64_t prefix = 0;         ///< first 8 bytes, zero-padded
    uint32_t code_plus_one = 0;  ///< 0 = empty
    uint32_t tag = 0;            ///< SlotTag: hash bits and size
  };
  /// 24 high bits of the hash, then the size in the low 8 bits (255 for 255 bytes or more).
  static uint32_t SlotTag(std::string_view text, uint64_t hash);
  static Slot MakeSlot(std::string_view text, uint64_t hash, uint32_t code);
  bool Matches(const Slot& slot, std::string_view text, uint64_t prefix, uint32_t tag) const;

  void BuildIndex();
  uint32_t GetOrAddHashed(std::string_view text, uint64_t hash);
  uint32_t FindHashed(std::string_view text, uint64_t hash) const;
  void InsertIntoIndex(const Slot& slot, uint64_t hash);
  /// Rebuilds the index with room for the current strings and for `at_least` strings.
  void Grow(size_t at_least = 0);
  /// Whether `strings` strings would fill more than 3/4 of the slots. Linear probing at up to
  /// 3/4 full still finds a string in a slot or two (four a cache line); a table kept under
  /// half full, as it was, took twice the memory (1 GB for a 100M-event file's two chunks of
  /// users), each look-up missing the TLB as surely.
  bool Full(size_t strings) const { return strings * 4 > slots_.size() * 3; }

  std::vector<std::string_view> views_;
  TextArena texts_;  ///< the strings, which views_ point into
  std::vector<Slot> slots_;
  bool indexed_ = false;
};

}  // namespace payback
