#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "payback/common/block_vector.h"
#include "payback/status.h"

namespace payback {

class SegmentReader;
class SegmentWriter;

/// One occurrence of a key (a campaign, or a campaign's message) on a day (an index of the
/// scan's LocalDays).
struct KeyDay {
  uint64_t key = 0;
  uint32_t day = 0;

  bool operator<(const KeyDay& other) const {
    return key != other.key ? key < other.key : day < other.day;
  }
  bool operator==(const KeyDay& other) const = default;
};

/// Sorts occurrences by (key, day) and drops the repeated ones: the form AddEntities takes.
inline void SortUnique(std::vector<KeyDay>& occurrences) {
  std::sort(occurrences.begin(), occurrences.end());
  occurrences.erase(std::unique(occurrences.begin(), occurrences.end()), occurrences.end());
}

/// Exact distinct counts over any range of days, from one pass over all time (the cube's
/// distinct sets, architecture.md). Each row (a campaign, or the whole workspace) has entities
/// (messages, users) that occur on some days. An entity counts in the days [a, b] exactly when
/// one of its occurrences has a <= day <= b and its previous occurrence is before a (or there is
/// none): that occurrence is its first one in the range. So every (entity, day) occurrence is
/// recorded once with its previous day, and a range's count is, per day of the range, the
/// occurrences without a previous day (a prefix sum) plus those whose previous day is before a
/// (a binary search in the sorted list of that row and day). Most entities occur on one day
/// only, so the lists stay short.
///
/// Filled by one thread (Add), merged (Merge), then Finish() once; Count() after Finish() is
/// thread-safe.
class DistinctByDay {
 public:
  /// No previous occurrence.
  static constexpr int32_t kNone = -1;

  /// The most days a DistinctByDay can count over (days are kept in 16 bits).
  static constexpr uint32_t kMaxDays = 65'536;

  /// `days` <= kMaxDays.
  DistinctByDay(uint32_t rows, uint32_t days);

  /// One occurrence of an entity of `row` on `day` (< days), whose previous occurrence was on
  /// `previous` (< day) or kNone. An entity gives at most one occurrence a day.
  void Add(uint32_t row, uint32_t day, int32_t previous) {
    if (previous == kNone) {
      ++firsts_[static_cast<size_t>(row) * days_ + day];
    } else {
      repeats_.back().push_back(
          Repeat{row, static_cast<uint16_t>(day), static_cast<uint16_t>(previous)});
    }
  }

  /// Adds the occurrences of one entity per key, sorted by (key, day) without repeats, to the
  /// row `row_of(key)` (a callable).
  template <typename RowOf>
  void AddEntities(std::span<const KeyDay> occurrences, RowOf row_of) {
    for (size_t idx = 0; idx < occurrences.size(); ++idx) {
      const KeyDay& occurrence = occurrences[idx];
      const bool repeat = idx > 0 && occurrences[idx - 1].key == occurrence.key;
      Add(static_cast<uint32_t>(row_of(occurrence.key)), occurrence.day,
          repeat ? static_cast<int32_t>(occurrences[idx - 1].day) : kNone);
    }
  }

  /// Adds `other`'s occurrences (same rows and days; another thread's part of the same pass).
  void Merge(DistinctByDay&& other);

  /// Makes the counts queryable; call once, after the last Add or Merge.
  void Finish();

  /// The entities of `row` that occur in the days [first_day, last_day] (last_day < days).
  int64_t Count(uint32_t row, uint32_t first_day, uint32_t last_day) const;

  uint32_t rows() const { return rows_; }
  uint32_t days() const { return days_; }
  /// Bytes held.
  size_t MemoryBytes() const;

  /// Adds the finished counts to `writer` as blobs `prefix`.* (ReportScanFile); they point into
  /// this object, which must outlive the write.
  void SaveTo(SegmentWriter& writer, const std::string& prefix) const;
  /// The finished counts SaveTo saved; kCorruption when the blobs do not fit together.
  static Result<DistinctByDay> LoadFrom(const SegmentReader& reader, const std::string& prefix);

 private:
  /// The shape of a saved DistinctByDay.
  struct Shape {
    uint32_t rows;
    uint32_t days;
  };
  DistinctByDay() = default;

  struct Repeat {
    uint32_t row;
    uint16_t day;
    uint16_t previous;
  };

  size_t Cell(uint32_t row, uint32_t day) const { return static_cast<size_t>(row) * days_ + day; }

  uint32_t rows_ = 0;
  uint32_t days_ = 0;
  /// Before Finish: occurrences without a previous one, by (row, day). After: their prefix sums
  /// by row, days_ + 1 a row (the count of days [a, b] is prefix[b + 1] - prefix[a]).
  std::vector<int64_t> firsts_;
  /// Before Finish: the occurrences with a previous one, a part per thread (Merge moves them).
  std::vector<BlockVector<Repeat>> repeats_;
  /// After Finish: the previous days of the repeats by (row, day), each cell's sorted, and
  /// where each cell's start (rows_ x days_ + 1 offsets).
  std::vector<uint16_t> previous_;
  std::vector<uint64_t> cell_starts_;
};

}  // namespace payback
