#include "payback/ingest/csv_structural_bits.h"

#include <string_view>

#include "payback/common/assert.h"

// x86, 64 or 32 bits: SSE2 and AVX2 are each built for their instructions whatever the build's
// target, and chosen by what the CPU says it has.
#if defined(__x86_64__) || defined(__i386__)
#define PAYBACK_STRUCTURAL_BITS_X86 1
#include <immintrin.h>
#endif

namespace payback {
namespace {

StructuralBits Bytewise(const char* data, size_t size) {
  StructuralBits bits;
  for (size_t idx = 0; idx < size; ++idx) {
    const uint64_t bit = uint64_t{1} << idx;
    const char c = data[idx];
    if (c == ',' || c == '\n' || c == '\r') bits.ends |= bit;
    if (c == ',') bits.commas |= bit;
    if (c == '"') bits.quotes |= bit;
  }
  return bits;
}

void Bytewise64(const char* data, StructuralBits& bits) { bits = Bytewise(data, 64); }

#if defined(PAYBACK_STRUCTURAL_BITS_X86)
[[gnu::target("sse2")]] void Sse2(const char* data, StructuralBits& bits) {
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i line_feed = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  const __m128i quote = _mm_set1_epi8('"');
  bits = StructuralBits{};
  for (size_t part = 0; part < 4; ++part) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * part));
    const __m128i commas = _mm_cmpeq_epi8(bytes, comma);
    const __m128i ends = _mm_or_si128(commas, _mm_or_si128(_mm_cmpeq_epi8(bytes, line_feed),
                                                           _mm_cmpeq_epi8(bytes, carriage_return)));
    const auto shift = static_cast<unsigned>(16 * part);
    bits.ends |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(ends))} << shift;
    bits.commas |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(commas))} << shift;
    bits.quotes |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote)))}
                   << shift;
  }
}

// Built for AVX2 whatever the build's target; called only on a CPU that has it.
[[gnu::target("avx2")]] void Avx2(const char* data, StructuralBits& bits) {
  const __m256i comma = _mm256_set1_epi8(',');
  const __m256i line_feed = _mm256_set1_epi8('\n');
  const __m256i carriage_return = _mm256_set1_epi8('\r');
  const __m256i quote = _mm256_set1_epi8('"');
  bits = StructuralBits{};
  for (size_t part = 0; part < 2; ++part) {
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + 32 * part));
    const __m256i commas = _mm256_cmpeq_epi8(bytes, comma);
    const __m256i ends =
        _mm256_or_si256(commas, _mm256_or_si256(_mm256_cmpeq_epi8(bytes, line_feed),
                                                _mm256_cmpeq_epi8(bytes, carriage_return)));
    const auto shift = static_cast<unsigned>(32 * part);
    bits.ends |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(ends))} << shift;
    bits.commas |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(commas))} << shift;
    bits.quotes |=
        uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(bytes, quote)))}
        << shift;
  }
}

/// Whether the CPU (and the OS, which must save its registers) runs `feature`'s instructions.
bool CpuHas(const char* feature) {
  // The detection may run before static constructors (it reads libgcc's CPU model).
  __builtin_cpu_init();
  if (std::string_view(feature) == "avx2") return __builtin_cpu_supports("avx2") != 0;
  return __builtin_cpu_supports("sse2") != 0;
}
#endif

}  // namespace

bool CanRunStructuralBitsMethod(StructuralBitsMethod method) {
  switch (method) {
    case StructuralBitsMethod::kBytewise:
      return true;
#if defined(PAYBACK_STRUCTURAL_BITS_X86)
    case StructuralBitsMethod::kSse2: {
      static const bool has_sse2 = CpuHas("sse2");
      return has_sse2;
    }
    case StructuralBitsMethod::kAvx2: {
      static const bool has_avx2 = CpuHas("avx2");
      return has_avx2;
    }
#else
    case StructuralBitsMethod::kSse2:
    case StructuralBitsMethod::kAvx2:
      return false;
#endif
  }
  return false;
}

StructuralBitsMethod FastestStructuralBitsMethod() {
  if (CanRunStructuralBitsMethod(StructuralBitsMethod::kAvx2)) return StructuralBitsMethod::kAvx2;
  if (CanRunStructuralBitsMethod(StructuralBitsMethod::kSse2)) return StructuralBitsMethod::kSse2;
  return StructuralBitsMethod::kBytewise;
}

StructuralBitsOf64 StructuralBitsFunction(StructuralBitsMethod method) {
  PAYBACK_ASSERT(CanRunStructuralBitsMethod(method));
#if defined(PAYBACK_STRUCTURAL_BITS_X86)
  if (method == StructuralBitsMethod::kAvx2) return &Avx2;
  if (method == StructuralBitsMethod::kSse2) return &Sse2;
#endif
  return &Bytewise64;
}

StructuralBits FindStructuralBits(const char* data, size_t size, StructuralBitsMethod method) {
  PAYBACK_ASSERT(size <= 64);
  if (size < 64) return Bytewise(data, size);
  StructuralBits bits;
  StructuralBitsFunction(method)(data, bits);
  return bits;
}

}  // namespace payback
