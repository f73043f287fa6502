#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "payback/common/parallel.h"

namespace payback {

/// Division by a fixed divisor of numbers it divides exactly, without a division instruction:
/// d = 2^k * m with m odd; a multiple of d shifted right by k, times the inverse of m modulo
/// 2^64, is the quotient; and x is a multiple of d exactly when its low k bits are zero and
/// (x >> k) * inverse <= (2^64 - 1) / m (Granlund and Montgomery, "Division by invariant integers
/// using multiplication", section 9). Requires divisor > 0.
class ExactDivisor {
 public:
  explicit ExactDivisor(uint64_t divisor)
      : shift_(static_cast<unsigned>(std::countr_zero(divisor))),
        odd_(divisor >> shift_),
        inverse_(Inverse(odd_)),
        limit_(std::numeric_limits<uint64_t>::max() / odd_) {}

  bool Divides(uint64_t value) const {
    const uint64_t low_bits = shift_ == 0 ? 0 : value & ((uint64_t{1} << shift_) - 1);
    return low_bits == 0 && (value >> shift_) * inverse_ <= limit_;
  }
  /// value / divisor; requires Divides(value).
  uint64_t Quotient(uint64_t value) const { return (value >> shift_) * inverse_; }

 private:
  /// The inverse of an odd number modulo 2^64 by Newton's iteration: each step doubles the
  /// correct low bits, and odd * odd = 1 modulo 8 gives the first three.
  static uint64_t Inverse(uint64_t odd) {
    uint64_t inverse = odd;
    for (int step = 0; step < 5; ++step) inverse *= 2 - odd * inverse;
    return inverse;
  }

  unsigned shift_;
  uint64_t odd_;
  uint64_t inverse_;
  uint64_t limit_;
};

/// The greatest common divisor of distance(row) over rows [0, rows) (1 when every distance is 0,
/// or there are no rows) and the largest distance, on every core: each task keeps its divisor
/// so far as an ExactDivisor, so a distance it divides (nearly all) costs a multiplication and
/// only a distance it does not divide a gcd; the tasks' divisors are then combined.
struct CommonDivisor {
  uint64_t divisor = 1;
  uint64_t largest = 0;
};
template <typename Distance>
CommonDivisor CommonDivisorOf(size_t rows, Distance distance) {
  constexpr size_t kRowsPerTask = size_t{1} << 20;
  std::vector<uint64_t> divisors((rows + kRowsPerTask - 1) / kRowsPerTask, 0);
  std::vector<uint64_t> largests(divisors.size(), 0);
  ParallelForRows(rows, kRowsPerTask, [&](size_t task, size_t begin, size_t end) {
    uint64_t divisor = 0;
    ExactDivisor exact(1);
    uint64_t largest = 0;
    for (size_t row = begin; row < end; ++row) {
      const uint64_t value = distance(row);
      largest = std::max(largest, value);
      if (divisor == 0 || !exact.Divides(value)) {
        divisor = std::gcd(divisor, value);
        if (divisor != 0) exact = ExactDivisor(divisor);
      }
    }
    divisors[task] = divisor;
    largests[task] = largest;
  });
  CommonDivisor out;
  uint64_t divisor = 0;
  for (const uint64_t task_divisor : divisors) divisor = std::gcd(divisor, task_divisor);
  out.divisor = divisor == 0 ? 1 : divisor;
  for (const uint64_t largest : largests) out.largest = std::max(out.largest, largest);
  return out;
}

}  // namespace payback
