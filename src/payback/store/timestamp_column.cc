#include "payback/store/timestamp_column.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <type_traits>

#include "payback/common/exact_divisor.h"
#include "payback/common/parallel.h"

namespace payback {

std::vector<TimestampUs> TimestampColumn::Values() const {
  if (!narrow_) return wide_;
  std::vector<TimestampUs> values(size());
  for (size_t row = 0; row < values.size(); ++row) values[row] = (*this)[row];
  return values;
}

void TimestampColumn::Reserve(size_t rows) {
  if (narrow_) Widen();
  wide_.reserve(rows);
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
  if (narrow_) Widen();
  if (!other.narrow_) {
    wide_.insert(wide_.end(), other.wide_.begin(), other.wide_.end());
    return;
  }
  wide_.reserve(wide_.size() + other.size());
  for (size_t row = 0; row < other.size(); ++row) wide_.push_back(other[row]);
}

void TimestampColumn::Gather(const std::vector<uint32_t>& permutation) {
  auto gather = [&](auto& values) {
    std::remove_reference_t<decltype(values)> reordered(values.size());
    for (size_t row = 0; row < permutation.size(); ++row) reordered[row] = values[permutation[row]];
    values.swap(reordered);
  };
  if (narrow_) {
    gather(units_);
  } else {
    gather(wide_);
  }
}

bool TimestampColumn::Narrow() {
  if (narrow_ || wide_.empty()) return narrow_;
  // On every core, in tasks: the earliest instant, then each task's common divisor of the
  // distances from it (tested by a multiplication, ExactDivisor: a gcd only when it changes)
  // and its largest distance.
  const size_t rows = wide_.size();
  constexpr size_t kRowsPerTask = 1 << 20;
  const size_t tasks = (rows + kRowsPerTask - 1) / kRowsPerTask;
  auto for_each_task = [&](auto body) {
    ParallelFor(tasks, [&](size_t /*worker*/, size_t task) {
      body(task, task * kRowsPerTask, std::min(rows, (task + 1) * kRowsPerTask));
    });
  };
  std::vector<TimestampUs> lows(tasks);
  for_each_task([&](size_t task, size_t begin, size_t end) {
    lows[task] = *std::min_element(wide_.begin() + begin, wide_.begin() + end);
  });
  const TimestampUs base = *std::min_element(lows.begin(), lows.end());
  auto distance = [&](size_t row) {
    return static_cast<uint64_t>(wide_[row]) - static_cast<uint64_t>(base);
  };
  std::vector<uint64_t> divisors(tasks, 0);
  std::vector<uint64_t> largests(tasks, 0);
  for_each_task([&](size_t task, size_t begin, size_t end) {
    uint64_t divisor = 0;
    ExactDivisor exact(1);
    for (size_t row = begin; row < end; ++row) {
      const uint64_t value = distance(row);
      largests[task] = std::max(largests[task], value);
      if (divisor == 0 || !exact.Divides(value)) {
        divisor = std::gcd(divisor, value);
        if (divisor != 0) exact = ExactDivisor(divisor);
      }
    }
    divisors[task] = divisor;
  });
  uint64_t scale = 0;
  for (const uint64_t divisor : divisors) scale = std::gcd(scale, divisor);
  if (scale == 0) scale = 1;
  const uint64_t largest = *std::max_element(largests.begin(), largests.end());
  if (largest / scale > std::numeric_limits<uint32_t>::max()) return false;
  const ExactDivisor exact(scale);
  std::vector<uint32_t> units(rows);
  for_each_task([&](size_t /*task*/, size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      units[row] = static_cast<uint32_t>(exact.Quotient(distance(row)));
    }
  });
  AssignNarrow(base, scale, std::move(units));
  return true;
}

void TimestampColumn::AssignNarrow(TimestampUs base, uint64_t scale, std::vector<uint32_t> units) {
  narrow_ = true;
  base_ = base;
  scale_ = scale;
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
  std::vector<TimestampUs> wide = Values();
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
