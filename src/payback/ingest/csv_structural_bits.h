#pragma once

#include <cstddef>
#include <cstdint>

namespace payback {

/// The bytes of up to 64 bytes of CSV that CsvReader stops at, as bits: bit i is byte i.
struct StructuralBits {
  uint64_t ends = 0;    ///< `,` `\n` `\r`: the bytes that end an unquoted field
  uint64_t commas = 0;  ///< `,`
  uint64_t quotes = 0;  ///< `"`

  bool operator==(const StructuralBits&) const = default;
};

/// How StructuralBits are found: byte by byte, or 16 or 32 bytes an instruction.
enum class StructuralBitsMethod : uint8_t { kBytewise, kSse2, kAvx2 };

/// The fastest method this CPU runs: AVX2 when it has it (the build targets any x86-64, where
/// SSE2 is certain), bytewise on other processors. Thread-safe.
StructuralBitsMethod FastestStructuralBitsMethod();

/// Whether this CPU runs `method`. Thread-safe.
bool CanRunStructuralBitsMethod(StructuralBitsMethod method);

/// Finds the structural bits of the 64 bytes at `data` into `bits`.
using StructuralBitsOf64 = void (*)(const char* data, StructuralBits& bits);

/// The function of `method`, which this CPU must run: what a reader calls a block of 64 bytes
/// after another (a call through a pointer, without choosing each time). Thread-safe.
StructuralBitsOf64 StructuralBitsFunction(StructuralBitsMethod method);

/// The structural bits of the `size` bytes at `data` (size <= 64), found with `method`, which
/// this CPU must run. Fewer than 64 bytes are found byte by byte whatever the method, so that
/// nothing past `data + size` is read. Pure function; thread-safe.
StructuralBits FindStructuralBits(const char* data, size_t size, StructuralBitsMethod method);

}  // namespace payback
