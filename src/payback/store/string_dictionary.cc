#include "payback/store/string_dictionary.h"

#include <xxhash.h>

#include <cstring>

namespace payback {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

uint64_t HashText(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

}  // namespace

std::string_view StringDictionary::Store(std::string_view text) {
  if (text.empty()) return {};
  if (chunk_used_ + text.size() > chunk_capacity_) {
    const size_t capacity = std::max(kChunkBytes, text.size());
    chunks_.push_back(std::make_unique<char[]>(capacity));
    chunk_capacity_ = capacity;
    chunk_used_ = 0;
  }
  char* destination = chunks_.back().get() + chunk_used_;
  std::memcpy(destination, text.data(), text.size());
  chunk_used_ += text.size();
  return {destination, text.size()};
}

void StringDictionary::AppendUnchecked(std::string_view text) {
  views_.push_back(Store(text));
  if (indexed_) {
    const uint32_t code = size() - 1;
    if ((views_.size() + 1) * 2 > slots_.size()) {
      Grow();
    } else {
      InsertIntoIndex(HashText(text), code);
    }
  }
}

void StringDictionary::InsertIntoIndex(uint64_t hash, uint32_t code) {
  const size_t mask = slots_.size() - 1;
  size_t position = hash & mask;
  while (slots_[position] != 0) position = (position + 1) & mask;
  slots_[position] = code + 1;
  tags_[position] = static_cast<uint32_t>(hash >> 32);
}

void StringDictionary::Grow() {
  size_t capacity = 16;
  while (capacity < (views_.size() + 1) * 4) capacity *= 2;
  slots_.assign(capacity, 0);
  tags_.assign(capacity, 0);
  for (uint32_t code = 0; code < size(); ++code) InsertIntoIndex(HashText(views_[code]), code);
}

void StringDictionary::BuildIndex() {
  Grow();
  indexed_ = true;
}

uint32_t StringDictionary::Find(std::string_view text) {
  if (!indexed_) BuildIndex();
  const uint64_t hash = HashText(text);
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t position = hash & mask; slots_[position] != 0; position = (position + 1) & mask) {
    const uint32_t code = slots_[position] - 1;
    if (tags_[position] == tag && views_[code] == text) return code;
  }
  return kMissing;
}

uint32_t StringDictionary::GetOrAdd(std::string_view text) {
  if (!indexed_) BuildIndex();
  const uint64_t hash = HashText(text);
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  const size_t mask = slots_.size() - 1;
  size_t position = hash & mask;
  for (; slots_[position] != 0; position = (position + 1) & mask) {
    const uint32_t code = slots_[position] - 1;
    if (tags_[position] == tag && views_[code] == text) return code;
  }
  const uint32_t code = size();
  views_.push_back(Store(text));
  if ((views_.size() + 1) * 2 > slots_.size()) {
    Grow();
  } else {
    slots_[position] = code + 1;
    tags_[position] = tag;
  }
  return code;
}

}  // namespace payback
