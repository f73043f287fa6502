#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>

namespace payback::generate {

// Randomness for the synthetic data sets. Everything here must give the same numbers on every
// compiler and standard library, so no std:: distributions: xoshiro256** seeded by splitmix64,
// and helpers that use only integer arithmetic or the basic IEEE double operations (the module
// and its tests are compiled with -ffp-contract=off so no fused multiply-add changes a rounding).

/// One step of splitmix64: advances `state` and returns the next value.
inline uint64_t SplitMix64(uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// A well-mixed 64-bit value of (a, b, c): independent streams and per-item hashes.
inline uint64_t Mix(uint64_t a, uint64_t b, uint64_t c = 0) {
  uint64_t state = a;
  uint64_t x = SplitMix64(state) ^ b;
  state = x;
  x = SplitMix64(state) ^ c;
  state = x;
  return SplitMix64(state);
}

/// A hash turned into a uniform double in [0, 1), 53 bits.
inline double UnitOf(uint64_t hash) { return static_cast<double>(hash >> 11) * 0x1.0p-53; }

inline constexpr double kLn2 = 0.69314718055994530942;
inline constexpr double kSqrtHalf = 0.70710678118654752440;

/// Natural logarithm of x > 0 from frexp (exact) and an atanh series (basic operations only),
/// so the result does not depend on the C library's log().
inline double Ln(double x) {
  int exponent = 0;
  double mantissa = std::frexp(x, &exponent);
  if (mantissa < kSqrtHalf) {
    mantissa *= 2.0;
    --exponent;
  }
  const double s = (mantissa - 1.0) / (mantissa + 1.0);  // |s| < 0.172
  const double s2 = s * s;
  double term = s;
  double sum = 0.0;
  for (int k = 1; k <= 21; k += 2) {
    sum += term / k;
    term *= s2;
  }
  const double exponent_part = static_cast<double>(exponent) * kLn2;
  return 2.0 * sum + exponent_part;
}

/// xoshiro256** seeded by splitmix64. Not thread-safe; one per stream.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& word : state_) word = SplitMix64(seed);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, n); n > 0. Multiply-shift (Lemire) without the rejection step: the bias is
  /// below 2^-32 for every n used here and the result is the same everywhere.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  /// Uniform integer in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  /// Uniform in [0, 1), 53 random bits.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }
  bool Chance(double p) { return Unit() < p; }
  /// Exponentially distributed with the given mean.
  double Exponential(double mean) { return -mean * Ln(1.0 - Unit()); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> state_{};
};

/// Index drawn from integer weights.
template <size_t N>
size_t PickWeighted(Rng& rng, const std::array<int, N>& weights) {
  const int total = std::accumulate(weights.begin(), weights.end(), 0);
  int draw = static_cast<int>(rng.Below(static_cast<uint64_t>(total)));
  for (size_t idx = 0; idx < N; ++idx) {
    if (draw < weights[idx]) return idx;
    draw -= weights[idx];
  }
  return N - 1;
}

/// A bijection of [0, n): j -> (a*j + b) mod n with gcd(a, n) = 1. Spreads a contiguous block of
/// indices over the user base, so audiences and heavy users look random without a shuffle.
struct Permutation {
  uint64_t n = 1;
  uint64_t a = 1;
  uint64_t b = 0;
  static Permutation Make(Rng& rng, uint64_t n) {
    Permutation perm;
    perm.n = n;
    perm.b = rng.Below(n);
    if (n > 2) {
      do {
        perm.a = 1 + rng.Below(n - 1);
      } while (std::gcd(perm.a, n) != 1);
    }
    return perm;
  }
  uint32_t operator()(uint64_t j) const {
    // a < n <= 2^31 and j mod n < 2^31: the product fits in 64 bits.
    return static_cast<uint32_t>((a * (j % n) + b) % n);
  }
};

}  // namespace payback::generate
