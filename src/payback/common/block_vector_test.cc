#include "payback/common/block_vector.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace payback {
namespace {

TEST(BlockVector, KeepsEveryElementInOrderAcrossBlocks) {
  BlockVector<uint64_t> values;
  EXPECT_TRUE(values.empty());
  const size_t count = 2 * BlockVector<uint64_t>::kBlockSize + 3;
  for (size_t idx = 0; idx < count; ++idx) values.push_back(idx * 7);
  ASSERT_EQ(values.size(), count);
  EXPECT_EQ(values[0], 0u);
  EXPECT_EQ(values[BlockVector<uint64_t>::kBlockSize], BlockVector<uint64_t>::kBlockSize * 7);
  EXPECT_EQ(values[count - 1], (count - 1) * 7);
  ASSERT_EQ(values.block_count(), 3u);
  EXPECT_EQ(values.block(0).size(), BlockVector<uint64_t>::kBlockSize);
  EXPECT_EQ(values.block(2).size(), 3u);
  size_t next = 0;
  for (size_t block = 0; block < values.block_count(); ++block) {
    for (const uint64_t value : values.block(block)) EXPECT_EQ(value, 7 * next++);
  }
  EXPECT_EQ(next, count);
}

TEST(BlockVector, AppendingDoesNotMoveWhatIsThere) {
  BlockVector<uint32_t> values;
  values.push_back(1);
  const uint32_t* first = &values[0];
  for (uint32_t idx = 0; idx < 3 * BlockVector<uint32_t>::kBlockSize; ++idx) values.push_back(idx);
  EXPECT_EQ(&values[0], first);
  EXPECT_EQ(*first, 1u);
}

TEST(BlockVector, ColumnsOfTheSameRowsHaveTheSameBlocks) {
  // Columns of the same rows, whatever their element size, split into the same blocks.
  BlockVector<uint32_t> wide;
  BlockVector<uint16_t> narrow;
  for (uint32_t idx = 0; idx < BlockVector<uint32_t>::kBlockSize + 5; ++idx) {
    wide.push_back(idx);
    narrow.push_back(static_cast<uint16_t>(idx));
  }
  ASSERT_EQ(wide.block_count(), narrow.block_count());
  for (size_t block = 0; block < wide.block_count(); ++block) {
    EXPECT_EQ(wide.block(block).size(), narrow.block(block).size());
  }
}

}  // namespace
}  // namespace payback
