#include "payback/report/users_hit.h"

#include <algorithm>
#include <array>

namespace payback {
namespace {

constexpr size_t kStreams = 4;

/// One pair of a run: `hit` says whether the user's run had a hit so far; a run's last pair
/// counts the user when it had one, and resets `hit` for the next user.
inline void Step(uint32_t pair, const uint8_t* hits, uint32_t& hit, int64_t& count) {
  const uint32_t last = pair >> 31;
  hit |= hits[pair & ~kLastOfUser];
  count += last & hit;
  hit &= last ^ 1;
}

}  // namespace

int64_t CountUsersHit(const BlockVector<uint32_t>& pairs, std::span<const uint8_t> hits) {
  const uint8_t* table = hits.data();
  int64_t total = 0;
  uint32_t carried = 0;  // the hit state of a run that goes on into the next block
  for (size_t block_idx = 0; block_idx < pairs.block_count(); ++block_idx) {
    const std::span<const uint32_t> block = pairs.block(block_idx);
    const uint32_t* data = block.data();
    const size_t size = block.size();
    // Stream k starts at the first user boundary at or after k/4 of the block: stream 0 goes on
    // with the run carried in, the others start with a user of their own.
    std::array<size_t, kStreams + 1> starts{};
    for (size_t k = 1; k < kStreams; ++k) {
      size_t at = std::max({starts[k - 1], k * size / kStreams, size_t{1}});
      while (at < size && (data[at - 1] & kLastOfUser) == 0) ++at;
      starts[k] = std::min(at, size);
    }
    starts[kStreams] = size;
    std::array<uint32_t, kStreams> hit = {carried, 0, 0, 0};
    std::array<int64_t, kStreams> count{};
    size_t common = size;
    for (size_t k = 0; k < kStreams; ++k) common = std::min(common, starts[k + 1] - starts[k]);
    const uint32_t* s0 = data + starts[0];
    const uint32_t* s1 = data + starts[1];
    const uint32_t* s2 = data + starts[2];
    const uint32_t* s3 = data + starts[3];
    for (size_t idx = 0; idx < common; ++idx) {
      Step(s0[idx], table, hit[0], count[0]);
      Step(s1[idx], table, hit[1], count[1]);
      Step(s2[idx], table, hit[2], count[2]);
      Step(s3[idx], table, hit[3], count[3]);
    }
    for (size_t k = 0; k < kStreams; ++k) {
      for (size_t idx = starts[k] + common; idx < starts[k + 1]; ++idx) {
        Step(data[idx], table, hit[k], count[k]);
      }
    }
    // The block's last pair belongs to the last stream that is not empty.
    for (size_t k = kStreams; k-- > 0;) {
      if (starts[k] < starts[k + 1] || k == 0) {
        carried = hit[k];
        break;
      }
    }
    for (const int64_t stream_count : count) total += stream_count;
  }
  return total;
}

}  // namespace payback
