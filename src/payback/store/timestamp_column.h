#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "payback/common/assert.h"
#include "payback/common/exact_divisor.h"
#include "payback/types.h"

namespace payback {

/// The `ts` column: one instant a row, either wide (8 bytes a row) or narrow (4 bytes a row,
/// `base + units * scale`) when every instant fits: events in whole seconds fit over 136 years,
/// in whole milliseconds over 49 days (docs/performance.md). A loaded store narrows its column;
/// an ingest's chunk starts narrow in Unix seconds (StartNarrow) and widens, once, at the first
/// instant that does not fit; a column built with PushBack alone is wide. No instant is ever
/// rounded, and `column[row]` is the same value either way. Not thread-safe for writes; const
/// access is.
class TimestampColumn {
 public:
  TimestampColumn() = default;
  /// A wide column of these instants, e.g. `column = {t0, t1}`.
  TimestampColumn(std::initializer_list<TimestampUs> instants) : wide_(instants) {}

  TimestampUs operator[](size_t row) const {
    // Unsigned arithmetic: the distance from base may exceed INT64_MAX, the sum never does.
    return narrow_ ? static_cast<TimestampUs>(static_cast<uint64_t>(base_) + units_[row] * scale_)
                   : wide_[row];
  }
  size_t size() const { return narrow_ ? units_.size() : wide_.size(); }
  bool empty() const { return size() == 0; }
  /// True when the column holds 4 bytes a row.
  bool narrow() const { return narrow_; }
  /// Every row's instant, 8 bytes each (tests, small columns).
  std::vector<TimestampUs> Values() const;
  /// The rows the column has room for in its present form without growing.
  size_t capacity() const { return narrow_ ? units_.capacity() : wide_.capacity(); }
  /// The bytes the column holds (its capacity aside).
  size_t bytes() const { return narrow_ ? units_.size() * 4 : wide_.size() * 8; }

  // Building.
  /// Makes the (empty) column narrow at `base` and `scale`, so that PushBack keeps it 4 bytes a
  /// row while the instants fit that form (an ingest's timestamps in whole seconds:
  /// `StartNarrow(0, kMicrosPerSecond)`). Requires an empty column and scale > 0.
  void StartNarrow(TimestampUs base, uint64_t scale);
  /// Room for `rows` rows in the column's present form.
  void Reserve(size_t rows);
  /// Makes the column wide.
  void Resize(size_t rows);
  /// Appends `instant`: a narrow column stays narrow when it is base + units * scale with
  /// units < 2^32, and widens (every row, once) when not.
  void PushBack(TimestampUs instant) {
    if (narrow_) {
      const uint64_t distance = static_cast<uint64_t>(instant) - static_cast<uint64_t>(base_);
      if (instant >= base_ && divisor_.Divides(distance) &&
          divisor_.Quotient(distance) <= UINT32_MAX) {
        units_.push_back(static_cast<uint32_t>(divisor_.Quotient(distance)));
        return;
      }
      Widen();
    }
    wide_.push_back(instant);
  }
  /// Requires row < size() and a wide column.
  void Set(size_t row, TimestampUs instant) {
    PAYBACK_ASSERT(!narrow_);
    wide_[row] = instant;
  }
  /// The wide rows, to fill in place (a decoder, a reader of old segments). Widens first.
  std::span<TimestampUs> MutableWide();
  /// Appends the rows of `other`: an empty column takes other's form, and two narrow columns
  /// of the same base and scale stay narrow; otherwise the column widens.
  void Append(const TimestampColumn& other);

  /// Turns the column into 4 bytes a row when every instant is `base + units * scale` with
  /// units < 2^32 (base the earliest instant, scale the largest that divides every distance
  /// from it); returns whether it did. A narrow column stays as it is.
  bool Narrow();
  /// Takes 8-byte rows built elsewhere (the column becomes wide).
  void AssignWide(std::vector<TimestampUs> instants);
  /// Takes 4-byte rows decoded elsewhere: row k is `base + units[k] * scale`.
  void AssignNarrow(TimestampUs base, uint64_t scale, std::vector<uint32_t> units);
  /// Back to 8 bytes a row, with room for as many rows as the narrow form had reserved.
  void Widen();

  /// The narrow form: row k is base() + units()[k] * scale(). Requires narrow().
  TimestampUs base() const { return base_; }
  uint64_t scale() const { return scale_; }
  const std::vector<uint32_t>& units() const {
    PAYBACK_ASSERT(narrow_);
    return units_;
  }
  /// Whether both are narrow with the same base and scale (their units then compare as their
  /// instants do).
  bool SameNarrowForm(const TimestampColumn& other) const {
    return narrow_ && other.narrow_ && base_ == other.base_ && scale_ == other.scale_;
  }

  friend bool operator==(const TimestampColumn& left, const TimestampColumn& right);

 private:
  bool narrow_ = false;
  TimestampUs base_ = 0;
  uint64_t scale_ = 1;
  ExactDivisor divisor_{1};        ///< by scale_
  std::vector<uint32_t> units_;    ///< when narrow_
  std::vector<TimestampUs> wide_;  ///< when not narrow_
};

}  // namespace payback
