#include "payback/report/distinct_by_day.h"

#include <fmt/format.h>

#include <algorithm>

#include "payback/common/assert.h"
#include "payback/store/segment_file.h"

namespace payback {

DistinctByDay::DistinctByDay(uint32_t rows, uint32_t days)
    : rows_(rows), days_(days), firsts_(static_cast<size_t>(rows) * days, 0), repeats_(1) {
  PAYBACK_ASSERT(days <= kMaxDays);
}

void DistinctByDay::Merge(DistinctByDay&& other) {
  PAYBACK_ASSERT(other.rows_ == rows_ && other.days_ == days_);
  for (size_t cell = 0; cell < firsts_.size(); ++cell) firsts_[cell] += other.firsts_[cell];
  for (BlockVector<Repeat>& part : other.repeats_) repeats_.push_back(std::move(part));
  other.repeats_ = std::vector<BlockVector<Repeat>>();
  other.firsts_ = {};
}

void DistinctByDay::Finish() {
  const size_t cells = static_cast<size_t>(rows_) * days_;
  std::vector<int64_t> prefix(static_cast<size_t>(rows_) * (days_ + 1), 0);
  for (size_t row = 0; row < rows_; ++row) {
    const int64_t* counts = firsts_.data() + row * days_;
    int64_t* sums = prefix.data() + row * (days_ + 1);
    for (size_t day = 0; day < days_; ++day) sums[day + 1] = sums[day] + counts[day];
  }
  firsts_ = std::move(prefix);
  // A counting sort of the repeats by cell, then each (short) cell sorted by previous day.
  cell_starts_.assign(cells + 1, 0);
  auto for_each_repeat = [&](auto visit) {
    for (const BlockVector<Repeat>& part : repeats_) {
      for (size_t block = 0; block < part.block_count(); ++block) {
        for (const Repeat& repeat : part.block(block)) visit(repeat);
      }
    }
  };
  for_each_repeat([&](const Repeat& repeat) { ++cell_starts_[Cell(repeat.row, repeat.day) + 1]; });
  for (size_t cell = 0; cell < cells; ++cell) cell_starts_[cell + 1] += cell_starts_[cell];
  previous_.resize(cell_starts_[cells]);
  std::vector<uint64_t> cursor(cell_starts_.begin(), cell_starts_.end() - 1);
  for_each_repeat([&](const Repeat& repeat) {
    previous_[cursor[Cell(repeat.row, repeat.day)]++] = repeat.previous;
  });
  repeats_ = std::vector<BlockVector<Repeat>>();
  // Each cell by previous day: a counting sort when the cell holds many repeats for its number
  // of possible previous days (the day's index), else a comparison sort.
  std::vector<uint32_t> counts;
  for (size_t cell = 0; cell < cells; ++cell) {
    const auto begin = previous_.begin() + static_cast<std::ptrdiff_t>(cell_starts_[cell]);
    const auto end = previous_.begin() + static_cast<std::ptrdiff_t>(cell_starts_[cell + 1]);
    const size_t size = static_cast<size_t>(end - begin);
    const size_t day = cell % days_;
    if (size < 2) continue;
    if (size < 256 || day > 4 * size) {
      std::sort(begin, end);
      continue;
    }
    counts.assign(day, 0);
    for (auto it = begin; it != end; ++it) ++counts[*it];
    auto out = begin;
    for (size_t previous = 0; previous < day; ++previous) {
      out = std::fill_n(out, counts[previous], static_cast<uint16_t>(previous));
    }
  }
}

int64_t DistinctByDay::Count(uint32_t row, uint32_t first_day, uint32_t last_day) const {
  PAYBACK_ASSERT(row < rows_ && first_day <= last_day && last_day < days_);
  const int64_t* sums = firsts_.data() + static_cast<size_t>(row) * (days_ + 1);
  int64_t count = sums[last_day + 1] - sums[first_day];
  // The repeats of each day of the range whose previous occurrence is before the range: all of
  // the first day's.
  const size_t first_cell = Cell(row, first_day);
  count += static_cast<int64_t>(cell_starts_[first_cell + 1] - cell_starts_[first_cell]);
  if (first_day == 0) return count;  // no previous day lies before the first
  const auto range_start = static_cast<uint16_t>(first_day);
  for (uint32_t day = first_day + 1; day <= last_day; ++day) {
    const size_t cell = Cell(row, day);
    const auto begin = previous_.begin() + static_cast<std::ptrdiff_t>(cell_starts_[cell]);
    const auto end = previous_.begin() + static_cast<std::ptrdiff_t>(cell_starts_[cell + 1]);
    count += std::lower_bound(begin, end, range_start) - begin;
  }
  return count;
}

size_t DistinctByDay::MemoryBytes() const {
  size_t repeats = 0;
  for (const BlockVector<Repeat>& part : repeats_) repeats += part.MemoryBytes();
  return firsts_.capacity() * sizeof(int64_t) + repeats + previous_.capacity() * sizeof(uint16_t) +
         cell_starts_.capacity() * sizeof(uint64_t);
}

void DistinctByDay::SaveTo(SegmentWriter& writer, const std::string& prefix) const {
  PAYBACK_ASSERT(repeats_.empty());  // finished
  const Shape shape{rows_, days_};
  writer.AddValue(prefix + ".shape", shape);
  writer.AddArray(prefix + ".firsts", firsts_);
  writer.AddArray(prefix + ".previous", previous_);
  writer.AddArray(prefix + ".cell_starts", cell_starts_);
}

Result<DistinctByDay> DistinctByDay::LoadFrom(const SegmentReader& reader,
                                              const std::string& prefix) {
  PAYBACK_ASSIGN_OR_RETURN(const Shape shape, reader.ReadValue<Shape>(prefix + ".shape"));
  if (shape.days > kMaxDays) return Status::Corruption(fmt::format("{}: bad shape", prefix));
  DistinctByDay counts;
  counts.rows_ = shape.rows;
  counts.days_ = shape.days;
  PAYBACK_ASSIGN_OR_RETURN(counts.firsts_, reader.ReadVector<int64_t>(prefix + ".firsts"));
  PAYBACK_ASSIGN_OR_RETURN(counts.previous_, reader.ReadVector<uint16_t>(prefix + ".previous"));
  PAYBACK_ASSIGN_OR_RETURN(counts.cell_starts_,
                           reader.ReadVector<uint64_t>(prefix + ".cell_starts"));
  const size_t cells = static_cast<size_t>(counts.rows_) * counts.days_;
  bool fits = counts.firsts_.size() == static_cast<size_t>(counts.rows_) * (counts.days_ + 1) &&
              counts.cell_starts_.size() == cells + 1 && counts.cell_starts_.front() == 0 &&
              counts.cell_starts_.back() == counts.previous_.size();
  for (size_t cell = 0; fits && cell < cells; ++cell) {
    fits = counts.cell_starts_[cell] <= counts.cell_starts_[cell + 1];
  }
  if (!fits) return Status::Corruption(fmt::format("{}: the counts do not fit together", prefix));
  counts.repeats_.clear();
  return counts;
}

}  // namespace payback
