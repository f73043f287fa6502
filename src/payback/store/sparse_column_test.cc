#include "payback/store/sparse_column.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace payback {
namespace {

constexpr int64_t kNull = std::numeric_limits<int64_t>::min();
using Column = SparseColumn<int64_t, kNull>;

/// Rows 0..rows-1 where about one in `every` has the value row * 10.
std::vector<int64_t> Dense(size_t rows, unsigned every, uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<int64_t> dense(rows, kNull);
  for (size_t row = 0; row < rows; ++row) {
    if (random() % every == 0) dense[row] = static_cast<int64_t>(row) * 10;
  }
  return dense;
}

TEST(SparseColumn, ReadsEveryRowAsTheDenseColumnAcrossRankBlocks) {
  for (const unsigned every : {1u, 2u, 7u, 50u, 1000u}) {
    const std::vector<int64_t> dense = Dense(5'000, every, every);
    const Column column = Column::FromDense(dense);
    ASSERT_EQ(column.rows(), dense.size());
    size_t present = 0;
    for (size_t row = 0; row < dense.size(); ++row) {
      ASSERT_EQ(column[row], dense[row]) << "row " << row << ", 1 in " << every;
      ASSERT_EQ(column.Has(row), dense[row] != kNull);
      present += dense[row] != kNull;
    }
    EXPECT_EQ(column.values().size(), present);
    EXPECT_EQ(column.ToDense(), dense);
    EXPECT_EQ(column[dense.size()], kNull);  // past the end: no value
  }
}

TEST(SparseColumn, AnEmptyColumnReadsNullEverywhere) {
  const Column none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none[0], kNull);
  EXPECT_EQ(none[123'456], kNull);
  const Column all_null = Column::FromDense(std::vector<int64_t>(700, kNull));
  EXPECT_TRUE(all_null.empty());
  EXPECT_EQ(all_null.rows(), 700u);
  EXPECT_EQ(all_null[699], kNull);
}

TEST(SparseColumn, AppendsAtAnyBitOffsetAndPadsToTheGivenRows) {
  for (const size_t left_rows : {0u, 1u, 63u, 64u, 65u, 511u, 512u, 1000u}) {
    const std::vector<int64_t> left = Dense(left_rows, 3, 11);
    const std::vector<int64_t> right = Dense(777, 4, 12);
    Column column = Column::FromDense(left);
    column.Append(Column::FromDense(right), right.size() + 5);  // five null rows after
    std::vector<int64_t> expected = left;
    expected.insert(expected.end(), right.begin(), right.end());
    expected.insert(expected.end(), 5, kNull);
    ASSERT_EQ(column.ToDense(), expected) << left_rows << " rows before";
    for (size_t row = 0; row < expected.size(); ++row) ASSERT_EQ(column[row], expected[row]);
  }
}

TEST(SparseColumn, ResizePadsWithNullsAndNeverShrinks) {
  Column column = {5, kNull};
  column.Resize(130);
  EXPECT_EQ(column.rows(), 130u);
  EXPECT_EQ(column[0], 5);
  EXPECT_EQ(column[129], kNull);
  column.Resize(3);
  EXPECT_EQ(column.rows(), 130u);
}

TEST(SparseColumn, GatheredAtPutsEachSourceRowAtItsTarget) {
  const std::vector<int64_t> dense = Dense(3'000, 5, 3);
  std::vector<uint32_t> permutation(dense.size());
  for (uint32_t row = 0; row < permutation.size(); ++row) permutation[row] = row;
  std::shuffle(permutation.begin(), permutation.end(), std::mt19937(7));
  const Column column = Column::FromDense(dense);
  // Every row: a gather by the permutation.
  std::vector<uint32_t> every(dense.size());
  for (uint32_t row = 0; row < every.size(); ++row) every[row] = row;
  const Column gathered = column.GatheredAt(dense.size(), every, permutation);
  ASSERT_EQ(gathered.rows(), dense.size());
  for (size_t row = 0; row < permutation.size(); ++row) {
    ASSERT_EQ(gathered[row], dense[permutation[row]]);
  }
  // Only some rows (every third target): the others hold no value.
  std::vector<uint32_t> targets;
  std::vector<uint32_t> sources;
  for (uint32_t row = 0; row < dense.size(); row += 3) {
    targets.push_back(row);
    sources.push_back(permutation[row]);
  }
  const Column some = column.GatheredAt(dense.size(), targets, sources);
  for (size_t row = 0; row < dense.size(); ++row) {
    ASSERT_EQ(some[row], row % 3 == 0 ? dense[permutation[row]] : kNull) << row;
  }
  EXPECT_TRUE(Column().GatheredAt(10, targets, sources).empty());
}

TEST(SparseColumn, FromPartsRejectsPartsThatDoNotFit) {
  const Column column = Column::FromDense(Dense(200, 3, 5));
  const auto same = Column::FromParts(200, column.bits(), column.values());
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->ToDense(), column.ToDense());
  // One value too few, a bitmap of the wrong length, a bit set past the last row.
  std::vector<int64_t> fewer = column.values();
  fewer.pop_back();
  EXPECT_FALSE(Column::FromParts(200, column.bits(), fewer).has_value());
  EXPECT_FALSE(Column::FromParts(300, column.bits(), column.values()).has_value());
  std::vector<uint64_t> stray = column.bits();
  stray.back() |= uint64_t{1} << 63;  // row 255 of a 200-row column
  std::vector<int64_t> more = column.values();
  more.push_back(1);
  EXPECT_FALSE(Column::FromParts(200, stray, more).has_value());
}

}  // namespace
}  // namespace payback
