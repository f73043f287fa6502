#pragma once

#include <bit>
#include <cstdint>
#include <limits>

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

}  // namespace payback
