#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace payback {

/// Copies of texts kept side by side in blocks that never move, so the views it returns stay
/// valid as it grows, and texts copied one after the other are read back in sequence.
class TextArena {
 public:
  TextArena() = default;
  /// A moved-from arena is empty and usable.
  TextArena(TextArena&& other) noexcept
      : blocks_(std::move(other.blocks_)),
        used_(std::exchange(other.used_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  TextArena& operator=(TextArena&& other) noexcept {
    blocks_ = std::move(other.blocks_);
    other.blocks_.clear();
    used_ = std::exchange(other.used_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    return *this;
  }

  /// A copy of `text`, valid as long as the arena.
  std::string_view Copy(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > capacity_ - used_) {
      capacity_ = std::max(kBlockBytes, text.size());
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(capacity_));
      used_ = 0;
    }
    char* destination = blocks_.back().get() + used_;
    std::memcpy(destination, text.data(), text.size());
    used_ += text.size();
    return {destination, text.size()};
  }

 private:
  static constexpr size_t kBlockBytes = size_t{1} << 20;

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0;
  size_t capacity_ = 0;
};

}  // namespace payback
