#include "payback/store/timestamp_column.h"

#include <algorithm>
#include <limits>

#include "payback/common/exact_divisor.h"
#include "payback/common/parallel.h"

namespace payback {

std::vector<TimestampUs> TimestampColumn::Values() const {
  if (!narrow_) return wide_;
  std::vector<TimestampUs> values(size());
  for (size_t row = 0; row < values.size(); ++row) values[row] = (*this)[row];
  return values;
}

void TimestampColumn::StartNarrow(TimestampUs base, uint64_t scale) {
  PAYBACK_ASSERT(empty() && scale > 0);
  AssignNarrow(base, scale, {});
}

void TimestampColumn::Reserve(size_t rows) {
  if (narrow_) {
    units_.reserve(rows);
  } else {
    wide_.reserve(rows);
  }
}

void TimestampColumn::Resize(size_t rows) {
  if (narrow_) Widen();
  wide_.resize(rows);
}

std::span<TimestampUs> TimestampColumn::MutableWide() {
  if (narrow_) Widen();
  return wide_;
}

void TimestampColumn::Append(const TimestampColumn& other) {
  if (other.empty()) return;
  if (empty() && other.narrow_) {
    AssignNarrow(other.base_, other.scale_, {});
  }
  if (SameNarrowForm(other)) {
    units_.insert(units_.end(), other.units_.begin(), other.units_.end());
    return;
  }
  if (narrow_) Widen();
  if (!other.narrow_) {
    wide_.insert(wide_.end(), other.wide_.begin(), other.wide_.end());
    return;
  }
  wide_.reserve(wide_.size() + other.size());
  for (size_t row = 0; row < other.size(); ++row) wide_.push_back(other[row]);
}

bool TimestampColumn::Narrow() {
  if (narrow_ || wide_.empty()) return narrow_;
  // On every core: the earliest instant, then the common divisor of the distances from it.
  const size_t rows = wide_.size();
  constexpr size_t kRowsPerTask = 1 << 20;
  std::vector<TimestampUs> lows((rows + kRowsPerTask - 1) / kRowsPerTask);
  ParallelForRows(rows, kRowsPerTask, [&](size_t task, size_t begin, size_t end) {
    lows[task] = *std::min_element(wide_.begin() + begin, wide_.begin() + end);
  });
  const TimestampUs base = *std::min_element(lows.begin(), lows.end());
  auto distance = [&](size_t row) {
    return static_cast<uint64_t>(wide_[row]) - static_cast<uint64_t>(base);
  };
  const CommonDivisor common = CommonDivisorOf(rows, distance);
  if (common.largest / common.divisor > std::numeric_limits<uint32_t>::max()) return false;
  const ExactDivisor exact(common.divisor);
  std::vector<uint32_t> units(rows);
  ParallelForRows(rows, kRowsPerTask, [&](size_t /*task*/, size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      units[row] = static_cast<uint32_t>(exact.Quotient(distance(row)));
    }
  });
  AssignNarrow(base, common.divisor, std::move(units));
  return true;
}

void TimestampColumn::AssignNarrow(TimestampUs base, uint64_t scale, std::vector<uint32_t> units) {
  narrow_ = true;
  base_ = base;
  scale_ = scale;
  divisor_ = ExactDivisor(scale);
  units_ = std::move(units);
  wide_ = {};
}

void TimestampColumn::AssignWide(std::vector<TimestampUs> instants) {
  narrow_ = false;
  units_ = {};
  wide_ = std::move(instants);
}

void TimestampColumn::Widen() {
  if (!narrow_) return;
  // The reserve carries over: a chunk that widens at its first row of milliseconds would
  // otherwise grow its column by doubling, to 2.5 times its size at the peak.
  std::vector<TimestampUs> wide;
  wide.reserve(units_.capacity());
  for (size_t row = 0; row < units_.size(); ++row) wide.push_back((*this)[row]);
  narrow_ = false;
  units_ = {};
  wide_ = std::move(wide);
}

bool operator==(const TimestampColumn& left, const TimestampColumn& right) {
  if (left.size() != right.size()) return false;
  if (!left.narrow_ && !right.narrow_) return left.wide_ == right.wide_;
  for (size_t row = 0; row < left.size(); ++row) {
    if (left[row] != right[row]) return false;
  }
  return true;
}

}  // namespace payback
