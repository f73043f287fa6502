#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace payback {

/// A sequence that grows by fixed blocks of kBlockSize elements instead of doubling and
/// copying: appending never moves what is already there, so a scan that appends hundreds of
/// megabytes touches each page once (a std::vector would copy it, and fault new pages for it,
/// at every doubling). Elements are read block by block (blocks()) or by index. T must be
/// trivially copyable. Not thread-safe for writes; const access is.
template <typename T>
class BlockVector {
 public:
  /// Elements a block, the same for every T: BlockVectors filled side by side (columns of the
  /// same rows) have the same blocks.
  static constexpr size_t kBlockSize = size_t{1} << 16;

  void push_back(const T& value) {
    if (size_ % kBlockSize == 0) blocks_.push_back(std::make_unique_for_overwrite<T[]>(kBlockSize));
    blocks_.back()[size_ % kBlockSize] = value;
    ++size_;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](size_t index) const {
    return blocks_[index / kBlockSize][index % kBlockSize];
  }

  /// The number of blocks, and block `block`'s elements (all full but the last).
  size_t block_count() const { return blocks_.size(); }
  std::span<const T> block(size_t block) const {
    const size_t begin = block * kBlockSize;
    const size_t count = size_ - begin < kBlockSize ? size_ - begin : kBlockSize;
    return std::span<const T>(blocks_[block].get(), count);
  }

  /// Bytes held.
  size_t MemoryBytes() const { return blocks_.size() * kBlockSize * sizeof(T); }

 private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  size_t size_ = 0;
};

}  // namespace payback
