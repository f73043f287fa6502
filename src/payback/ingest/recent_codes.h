#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "payback/store/string_dictionary.h"

namespace payback {

/// The codes of the strings a column of few distinct values last met (event names, campaign and
/// message ids, string property values), kept in a small direct-mapped cache in front of their
/// dictionary: a row's look-up is
/// then a few word comparisons, where the dictionary hashes the text, probes its table and
/// compares the bytes. A file's event names alternate ("Notification Sent", then "App
/// Launched", ...), so remembering only the last one missed on 4 rows in 10, each a full
/// dictionary look-up (~160 instructions).
///
/// Codes are the dictionary's: a text not cached is looked up with GetOrAdd, so strings are
/// added in the order they first come, as without the cache. One per thread and dictionary.
class RecentCodes {
 public:
  /// The code of `text` in `dictionary` (added when new). `dictionary` must be the same on
  /// every call.
  uint32_t Code(StringDictionary& dictionary, std::string_view text) {
    const Key key = KeyOf(text);
    Entry& entry = entries_[Slot(key)];
    if (entry.code != kNone && entry.key == key &&
        (text.size() <= kKeyedBytes || SameLongText(entry.text, text))) {
      return entry.code;
    }
    entry.code = dictionary.GetOrAdd(text);
    entry.key = key;
    if (text.size() > kKeyedBytes) entry.text.assign(text);
    return entry.code;
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  /// Texts of up to 16 bytes are whole in their key.
  static constexpr size_t kKeyedBytes = 16;
  static constexpr size_t kSlotBits = 6;

  /// A text's size, first 8 bytes and last 8 bytes (zero-padded): all its bytes up to 16.
  struct Key {
    uint64_t head = 0;
    uint64_t tail = 0;
    uint64_t size = 0;
    bool operator==(const Key&) const = default;
  };
  struct Entry {
    Key key;
    uint32_t code = kNone;
    std::string text;  ///< the text, when longer than its key holds
  };

  static uint64_t Word(const char* bytes) {
    uint64_t word;
    std::memcpy(&word, bytes, sizeof(word));
    return word;
  }

  static Key KeyOf(std::string_view text) {
    Key key;
    key.size = text.size();
    if (text.size() >= sizeof(uint64_t)) {
      key.head = Word(text.data());
      key.tail = Word(text.data() + text.size() - sizeof(uint64_t));
    } else {
      // Byte by byte: a view may end at the end of its buffer, so no word is read past it.
      for (size_t idx = 0; idx < text.size(); ++idx) {
        key.head |= uint64_t{static_cast<unsigned char>(text[idx])} << (8 * idx);
      }
    }
    return key;
  }

  static size_t Slot(const Key& key) {
    const uint64_t mixed =
        (key.head ^ (key.tail * 0x9E3779B97F4A7C15ull) ^ key.size) * 0xD6E8FEB86659FD93ull;
    return static_cast<size_t>(mixed >> (64 - kSlotBits));
  }

  /// Whether two texts longer than 16 bytes, of the same size and key, are the same: their
  /// middle bytes compared a word at a time.
  static bool SameLongText(std::string_view cached, std::string_view text) {
    const size_t size = text.size();
    if (size > 64) return cached == text;
    for (size_t offset = sizeof(uint64_t); offset + sizeof(uint64_t) < size;
         offset += sizeof(uint64_t)) {
      if (Word(cached.data() + offset) != Word(text.data() + offset)) return false;
    }
    return true;
  }

  Entry entries_[size_t{1} << kSlotBits];
};

}  // namespace payback
