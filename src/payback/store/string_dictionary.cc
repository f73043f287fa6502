#include "payback/store/string_dictionary.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>

#include "payback/common/assert.h"

namespace payback {
namespace {

uint64_t HashText(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

uint64_t Prefix(std::string_view text) {
  uint64_t prefix = 0;
  // An empty view may hold a null pointer, which memcpy must not see even for 0 bytes.
  if (!text.empty())
    std::memcpy(&prefix, text.data(), std::min<size_t>(text.size(), sizeof(prefix)));
  return prefix;
}

}  // namespace

uint32_t StringDictionary::SlotTag(std::string_view text, uint64_t hash) {
  return (static_cast<uint32_t>(hash >> 40) << 8) |
         static_cast<uint32_t>(std::min<size_t>(text.size(), 255));
}

StringDictionary::Slot StringDictionary::MakeSlot(std::string_view text, uint64_t hash,
                                                  uint32_t code) {
  return Slot{Prefix(text), code + 1, SlotTag(text, hash)};
}

bool StringDictionary::Matches(const Slot& slot, std::string_view text, uint64_t prefix,
                               uint32_t tag) const {
  if (slot.tag != tag || slot.prefix != prefix) return false;
  if (text.size() <= sizeof(prefix)) return true;  // the tag holds the size exactly
  const std::string_view stored = views_[slot.code_plus_one - 1];
  return stored.size() == text.size() &&
         std::memcmp(stored.data() + sizeof(prefix), text.data() + sizeof(prefix),
                     text.size() - sizeof(prefix)) == 0;
}

void StringDictionary::AppendUnchecked(std::string_view text) {
  views_.push_back(texts_.Copy(text));
  if (indexed_) {
    if (Full(views_.size() + 1)) {
      Grow();
    } else {
      const uint64_t hash = HashText(text);
      InsertIntoIndex(MakeSlot(text, hash, size() - 1), hash);
    }
  }
}

void StringDictionary::InsertIntoIndex(const Slot& slot, uint64_t hash) {
  const size_t mask = slots_.size() - 1;
  size_t position = hash & mask;
  while (slots_[position].code_plus_one != 0) position = (position + 1) & mask;
  slots_[position] = slot;
}

void StringDictionary::Reserve(size_t expected_size) {
  views_.reserve(expected_size);
  if (!indexed_ || Full(expected_size)) Grow(expected_size);
  indexed_ = true;
}

void StringDictionary::Grow(size_t at_least) {
  // Half full after growing, so that the next growth is as many insertions away as this one
  // copied; at_least strings fit under the limit (an insertion checks for one more).
  size_t capacity = 16;
  while (capacity < (views_.size() + 1) * 2 || capacity * 3 < (at_least + 1) * 4) capacity *= 2;
  slots_.assign(capacity, Slot{});
  for (uint32_t code = 0; code < size(); ++code) {
    const uint64_t hash = HashText(views_[code]);
    InsertIntoIndex(MakeSlot(views_[code], hash, code), hash);
  }
}

void StringDictionary::BuildIndex() {
  Grow();
  indexed_ = true;
}

uint32_t StringDictionary::Find(std::string_view text) const {
  if (!indexed_) {
    for (uint32_t code = 0; code < views_.size(); ++code) {
      if (views_[code] == text) return code;
    }
    return kMissing;
  }
  return FindHashed(text, HashText(text));
}

uint32_t StringDictionary::FindHashed(std::string_view text, uint64_t hash) const {
  const uint64_t prefix = Prefix(text);
  const uint32_t tag = SlotTag(text, hash);
  const size_t mask = slots_.size() - 1;
  for (size_t position = hash & mask; slots_[position].code_plus_one != 0;
       position = (position + 1) & mask) {
    if (Matches(slots_[position], text, prefix, tag)) return slots_[position].code_plus_one - 1;
  }
  return kMissing;
}

void StringDictionary::FindMany(std::span<const std::string_view> texts, uint32_t* codes) const {
  PAYBACK_ASSERT(indexed_);
  constexpr size_t kGroup = 16;
  uint64_t hashes[kGroup];
  const size_t mask = slots_.size() - 1;
  for (size_t first = 0; first < texts.size(); first += kGroup) {
    const size_t count = std::min(kGroup, texts.size() - first);
    for (size_t idx = 0; idx < count; ++idx) {
      hashes[idx] = HashText(texts[first + idx]);
      __builtin_prefetch(&slots_[hashes[idx] & mask]);
    }
    for (size_t idx = 0; idx < count; ++idx) {
      codes[first + idx] = FindHashed(texts[first + idx], hashes[idx]);
    }
  }
}

uint32_t StringDictionary::Find(std::string_view text) {
  EnsureIndexed();
  return static_cast<const StringDictionary&>(*this).Find(text);
}

void StringDictionary::GetOrAddMany(std::span<const std::string_view> texts, uint32_t* codes) {
  if (!indexed_) BuildIndex();
  constexpr size_t kGroup = 16;
  uint64_t hashes[kGroup];
  for (size_t first = 0; first < texts.size(); first += kGroup) {
    const size_t count = std::min(kGroup, texts.size() - first);
    const size_t mask = slots_.size() - 1;
    for (size_t idx = 0; idx < count; ++idx) {
      hashes[idx] = HashText(texts[first + idx]);
      __builtin_prefetch(&slots_[hashes[idx] & mask]);
    }
    for (size_t idx = 0; idx < count; ++idx) {
      codes[first + idx] = GetOrAddHashed(texts[first + idx], hashes[idx]);
    }
  }
}

uint32_t StringDictionary::GetOrAdd(std::string_view text) {
  if (!indexed_) BuildIndex();
  return GetOrAddHashed(text, HashText(text));
}

uint32_t StringDictionary::GetOrAddHashed(std::string_view text, uint64_t hash) {
  const uint64_t prefix = Prefix(text);
  const uint32_t tag = SlotTag(text, hash);
  const size_t mask = slots_.size() - 1;
  size_t position = hash & mask;
  for (; slots_[position].code_plus_one != 0; position = (position + 1) & mask) {
    if (Matches(slots_[position], text, prefix, tag)) return slots_[position].code_plus_one - 1;
  }
  const uint32_t code = size();
  views_.push_back(texts_.Copy(text));
  if (Full(views_.size() + 1)) {
    Grow();
  } else {
    slots_[position] = MakeSlot(text, hash, code);
  }
  return code;
}

}  // namespace payback
