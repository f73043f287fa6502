#include "payback/common/exact_divisor.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>

namespace payback {
namespace {

TEST(ExactDivisor, DividesAndTestsDivisibilityAsTheDivisionInstructionDoes) {
  std::mt19937_64 random(9);
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (int trial = 0; trial < 20'000; ++trial) {
    // Odd divisors, powers of two, mixed ones, 1 and the largest.
    uint64_t divisor = random() >> (random() % 64);
    if (trial % 4 == 1) divisor = uint64_t{1} << (random() % 64);
    if (trial % 4 == 2) divisor = (random() % 100'000 + 1) << (random() % 20);
    if (trial == 3) divisor = 1;
    if (trial == 7) divisor = kMax;
    if (divisor == 0) divisor = 1;
    const ExactDivisor exact(divisor);
    for (int sample = 0; sample < 8; ++sample) {
      const uint64_t largest_quotient = kMax / divisor;
      const uint64_t quotient =
          largest_quotient == kMax ? random() : random() % (largest_quotient + 1);
      const uint64_t multiple = quotient * divisor;
      ASSERT_TRUE(exact.Divides(multiple)) << multiple << " / " << divisor;
      ASSERT_EQ(exact.Quotient(multiple), multiple / divisor) << multiple << " / " << divisor;
      const uint64_t value = sample == 0 ? multiple + 1 : random();
      ASSERT_EQ(exact.Divides(value), value % divisor == 0) << value << " / " << divisor;
    }
  }
  EXPECT_TRUE(ExactDivisor(1'000'000).Divides(0));
  EXPECT_EQ(ExactDivisor(1'000'000).Quotient(1'767'225'600'000'000), 1'767'225'600u);
}

}  // namespace
}  // namespace payback
