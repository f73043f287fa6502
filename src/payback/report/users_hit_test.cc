#include "payback/report/users_hit.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace payback {
namespace {

/// Users' runs of pairs with the given lengths, cells drawn from [0, cells); and the count a
/// plain walk gives for `hits`.
struct Runs {
  BlockVector<uint32_t> pairs;
  std::vector<std::vector<uint32_t>> users;
};

Runs MakeRuns(const std::vector<size_t>& lengths, uint32_t cells, uint32_t seed) {
  std::mt19937 random(seed);
  Runs runs;
  for (const size_t length : lengths) {
    std::vector<uint32_t>& user = runs.users.emplace_back();
    for (size_t idx = 0; idx < length; ++idx) {
      const uint32_t cell = random() % cells;
      user.push_back(cell);
      runs.pairs.push_back(cell | (idx + 1 == length ? kLastOfUser : 0));
    }
  }
  return runs;
}

int64_t PlainCount(const Runs& runs, const std::vector<uint8_t>& hits) {
  int64_t count = 0;
  for (const std::vector<uint32_t>& user : runs.users) {
    bool hit = false;
    for (const uint32_t cell : user) hit = hit || hits[cell] != 0;
    count += hit ? 1 : 0;
  }
  return count;
}

TEST(CountUsersHit, EqualsAPlainWalkOverShortLongAndBlockCrossingRuns) {
  constexpr uint32_t kCells = 1'000;
  std::mt19937 random(7);
  // Mostly short runs, some long enough to span a stream or a whole 65,536-pair block, and a
  // run ending exactly at a block boundary.
  std::vector<size_t> lengths;
  size_t total = 0;
  while (total < 3 * BlockVector<uint32_t>::kBlockSize + 1'234) {
    size_t length = 1 + random() % 12;
    if (lengths.size() > 10 && random() % 500 == 0) length = 20'000 + random() % 60'000;
    if (lengths.size() == 10) length = BlockVector<uint32_t>::kBlockSize - total;
    lengths.push_back(length);
    total += length;
  }
  const Runs runs = MakeRuns(lengths, kCells, 11);
  ASSERT_GT(runs.pairs.block_count(), 3u);
  for (const unsigned every : {1u, 3u, 50u, 997u, 100'000u}) {
    std::vector<uint8_t> hits(kCells, 0);
    for (uint32_t cell = 0; cell < kCells; ++cell) hits[cell] = cell % every == 0 ? 1 : 0;
    EXPECT_EQ(CountUsersHit(runs.pairs, hits), PlainCount(runs, hits)) << "1 cell in " << every;
  }
}

TEST(CountUsersHit, SmallAndEdgeCases) {
  const std::vector<uint8_t> hits = {0, 1, 0};
  EXPECT_EQ(CountUsersHit(BlockVector<uint32_t>(), hits), 0);
  for (const std::vector<size_t>& lengths :
       std::vector<std::vector<size_t>>{{1}, {2}, {1, 1, 1}, {5, 1}, {1, 1, 1, 1, 1, 1, 1}}) {
    for (uint32_t seed = 0; seed < 20; ++seed) {
      const Runs runs = MakeRuns(lengths, 3, seed);
      EXPECT_EQ(CountUsersHit(runs.pairs, hits), PlainCount(runs, hits));
    }
  }
  // A run that crosses a block boundary with its only hit before it (carried into the next
  // block by the stream that holds the block's end).
  BlockVector<uint32_t> crossing;
  for (size_t idx = 0; idx + 3 < BlockVector<uint32_t>::kBlockSize; ++idx) crossing.push_back(0);
  crossing.push_back(kLastOfUser);  // the first user ends 2 pairs before the boundary
  crossing.push_back(1);            // the second user's hit, the block's next-to-last pair
  for (size_t idx = 0; idx < 4; ++idx) crossing.push_back(idx == 3 ? kLastOfUser : 0);
  ASSERT_EQ(crossing.block_count(), 2u);
  EXPECT_EQ(CountUsersHit(crossing, std::vector<uint8_t>{0, 1}), 1);
  // One user whose run fills more than a block: counted once.
  Runs long_run = MakeRuns({BlockVector<uint32_t>::kBlockSize + 5}, 1, 0);
  EXPECT_EQ(CountUsersHit(long_run.pairs, std::vector<uint8_t>{1}), 1);
  EXPECT_EQ(CountUsersHit(long_run.pairs, std::vector<uint8_t>{0}), 0);
}

}  // namespace
}  // namespace payback
