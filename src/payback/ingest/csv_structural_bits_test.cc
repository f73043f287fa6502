#include "payback/ingest/csv_structural_bits.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace payback {
namespace {

constexpr StructuralBitsMethod kMethods[] = {
    StructuralBitsMethod::kBytewise, StructuralBitsMethod::kSse2, StructuralBitsMethod::kAvx2};

TEST(CsvStructuralBits, MarksSeparatorsLineBreaksAndQuotes) {
  // Byte 0 ',', 3 '\n', 4 '\r', 10 '"', 63 ','; the rest ordinary.
  std::string block(64, 'a');
  block[0] = ',';
  block[3] = '\n';
  block[4] = '\r';
  block[10] = '"';
  block[63] = ',';
  for (const StructuralBitsMethod method : kMethods) {
    if (!CanRunStructuralBitsMethod(method)) continue;
    const StructuralBits bits = FindStructuralBits(block.data(), block.size(), method);
    EXPECT_EQ(bits.ends,
              (uint64_t{1} << 0) | (uint64_t{1} << 3) | (uint64_t{1} << 4) | (uint64_t{1} << 63))
        << static_cast<int>(method);
    EXPECT_EQ(bits.commas, (uint64_t{1} << 0) | (uint64_t{1} << 63)) << static_cast<int>(method);
    EXPECT_EQ(bits.quotes, uint64_t{1} << 10) << static_cast<int>(method);
  }
}

TEST(CsvStructuralBits, EveryMethodAgreesWithTheBytewiseOne) {
  // Random blocks dense in structural bytes, with high bytes (signed chars) too. The first 64
  // rounds take sizes 0 to 63, which every method must read byte by byte (never past the end),
  // so they check that it does; the others take 64 bytes, each method its own way.
  const std::string alphabet = std::string(",\n\r\"az09 ") + "\x80\xff\xc3";
  std::mt19937 random(11);
  for (int round = 0; round < 2000; ++round) {
    std::string block(64, ' ');
    for (char& c : block) c = alphabet[random() % alphabet.size()];
    const size_t size = round < 65 ? static_cast<size_t>(round) : 64;
    const StructuralBits expected =
        FindStructuralBits(block.data(), size, StructuralBitsMethod::kBytewise);
    for (const StructuralBitsMethod method : kMethods) {
      if (!CanRunStructuralBitsMethod(method)) continue;
      ASSERT_EQ(FindStructuralBits(block.data(), size, method), expected)
          << "method " << static_cast<int>(method) << " round " << round;
    }
  }
}

TEST(CsvStructuralBits, TheFastestMethodRunsHere) {
  EXPECT_TRUE(CanRunStructuralBitsMethod(FastestStructuralBitsMethod()));
  EXPECT_TRUE(CanRunStructuralBitsMethod(StructuralBitsMethod::kBytewise));
}

}  // namespace
}  // namespace payback
