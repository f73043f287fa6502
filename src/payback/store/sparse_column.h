#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

namespace payback {

/// A column that most rows leave empty (an event property: `amount` is on purchases only), as a
/// presence bitmap plus the present rows' values in row order. `column[row]` is O(1): a rank
/// directory counts the values before each block of kBlockRows rows, and a popcount of at most
/// eight words finishes the count. At 100M rows a property on 2% of them takes 0.3 bytes a row
/// instead of the 8 (numbers) or 4 (strings) of a dense column (docs/performance.md).
///
/// Rows without a value read as kNull. An empty() column (no value at all) may cover no rows:
/// it still reads kNull everywhere. Not thread-safe for writes; const access is.
template <typename T, T kNull>
class SparseColumn {
 public:
  static constexpr size_t kBlockRows = 512;
  static constexpr size_t kWordsPerBlock = kBlockRows / 64;

  SparseColumn() = default;
  /// A column of dense.size() rows (kNull = no value), e.g. `column = {10, kNullNumber}`.
  SparseColumn(std::initializer_list<T> dense)
      : SparseColumn(FromDense(std::span<const T>(dense.begin(), dense.size()))) {}

  /// The rows of `dense` whose value is not kNull.
  static SparseColumn FromDense(std::span<const T> dense) {
    SparseColumn column;
    column.Reserve(dense.size());
    for (const T value : dense) column.PushBack(value);
    column.IndexRanks();
    return column;
  }

  /// A column of `rows` rows from its presence bits and its values (a segment's blobs).
  /// nullopt when the parts do not fit: bits of another length, bits set past `rows`, or a
  /// number of set bits other than values.size().
  static std::optional<SparseColumn> FromParts(size_t rows, std::vector<uint64_t> bits,
                                               std::vector<T> values) {
    if (bits.size() != WordsFor(rows)) return std::nullopt;
    if (rows % 64 != 0 && !bits.empty() && (bits.back() >> (rows % 64)) != 0) return std::nullopt;
    size_t present = 0;
    for (const uint64_t word : bits) present += static_cast<size_t>(std::popcount(word));
    if (present != values.size()) return std::nullopt;
    SparseColumn column;
    column.rows_ = rows;
    column.bits_ = std::move(bits);
    column.values_ = std::move(values);
    column.IndexRanks();
    return column;
  }

  /// True when no row has a value.
  bool empty() const { return values_.empty(); }
  /// The rows the column covers (reads past them give kNull).
  size_t rows() const { return rows_; }
  const std::vector<uint64_t>& bits() const { return bits_; }
  const std::vector<T>& values() const { return values_; }

  bool Has(size_t row) const { return row < rows_ && ((bits_[row / 64] >> (row % 64)) & 1) != 0; }
  T operator[](size_t row) const { return Has(row) ? values_[Rank(row)] : kNull; }

  /// One value per row, kNull where there is none.
  std::vector<T> ToDense() const {
    std::vector<T> dense(rows_, kNull);
    for (size_t row = 0, value = 0; row < rows_; ++row) {
      if (Has(row)) dense[row] = values_[value++];
    }
    return dense;
  }

  /// Extends the column with kNull rows up to `rows` rows (no-op when it is that long).
  void Resize(size_t rows) {
    if (rows <= rows_) return;
    rows_ = rows;
    bits_.resize(WordsFor(rows), 0);
    IndexRanks();
  }

  /// Appends `other`'s rows, padded with kNull to `other_rows` rows, after this column's rows.
  void Append(const SparseColumn& other, size_t other_rows) {
    const size_t offset = rows_;
    rows_ += std::max(other_rows, other.rows_);
    bits_.resize(WordsFor(rows_), 0);
    const size_t shift = offset % 64;
    for (size_t word = 0; word < other.bits_.size(); ++word) {
      const uint64_t bits = other.bits_[word];
      if (bits == 0) continue;
      const size_t at = offset / 64 + word;
      bits_[at] |= bits << shift;
      if (shift != 0 && at + 1 < bits_.size()) bits_[at + 1] |= bits >> (64 - shift);
    }
    values_.insert(values_.end(), other.values_.begin(), other.values_.end());
    IndexRanks();
  }

  /// A column of `rows` rows whose row targets[i] holds this column's row sources[i] (targets
  /// increasing, each below `rows`) and whose other rows hold none: a gather that visits only
  /// the rows that may have a value (a sort's, SortPartsByUserThenTime).
  SparseColumn GatheredAt(size_t rows, std::span<const uint32_t> targets,
                          std::span<const uint32_t> sources) const {
    SparseColumn column;
    if (empty()) return column;
    column.rows_ = rows;
    column.bits_.assign(WordsFor(rows), 0);
    for (size_t idx = 0; idx < targets.size(); ++idx) {
      if (!Has(sources[idx])) continue;
      column.bits_[targets[idx] / 64] |= uint64_t{1} << (targets[idx] % 64);
      column.values_.push_back(values_[Rank(sources[idx])]);
    }
    column.IndexRanks();
    return column;
  }

  /// Bytes held (bitmap, rank directory and values).
  size_t MemoryBytes() const {
    return bits_.capacity() * sizeof(uint64_t) + ranks_.capacity() * sizeof(uint32_t) +
           values_.capacity() * sizeof(T);
  }

 private:
  static size_t WordsFor(size_t rows) { return (rows + 63) / 64; }

  void Reserve(size_t rows) { bits_.reserve(WordsFor(rows)); }
  /// Appends one row (kNull = no value); IndexRanks() must follow the last one.
  void PushBack(T value) {
    if (rows_ % 64 == 0) bits_.push_back(0);
    if (value != kNull) {
      bits_.back() |= uint64_t{1} << (rows_ % 64);
      values_.push_back(value);
    }
    ++rows_;
  }

  void IndexRanks() {
    ranks_.assign((bits_.size() + kWordsPerBlock - 1) / kWordsPerBlock, 0);
    uint32_t count = 0;
    for (size_t word = 0; word < bits_.size(); ++word) {
      if (word % kWordsPerBlock == 0) ranks_[word / kWordsPerBlock] = count;
      count += static_cast<uint32_t>(std::popcount(bits_[word]));
    }
  }

  /// The number of values in rows [0, row).
  size_t Rank(size_t row) const {
    const size_t last_word = row / 64;
    size_t rank = ranks_[last_word / kWordsPerBlock];
    for (size_t word = last_word - last_word % kWordsPerBlock; word < last_word; ++word) {
      rank += static_cast<size_t>(std::popcount(bits_[word]));
    }
    const uint64_t below = (uint64_t{1} << (row % 64)) - 1;
    return rank + static_cast<size_t>(std::popcount(bits_[last_word] & below));
  }

  size_t rows_ = 0;
  std::vector<uint64_t> bits_;   ///< bit (row % 64) of word row / 64: the row has a value
  std::vector<uint32_t> ranks_;  ///< values before each block of kBlockRows rows
  std::vector<T> values_;        ///< the present rows' values, in row order
};

}  // namespace payback
