#include "payback/common/fresh_memory.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

namespace payback {
namespace {

/// How many of the pages of the mapping at `data` are resident.
size_t ResidentPages(void* data, size_t bytes) {
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident((bytes + page - 1) / page);
  EXPECT_EQ(::mincore(data, bytes, resident.data()), 0);
  size_t count = 0;
  for (const unsigned char flags : resident) count += flags & 1;
  return count;
}

TEST(PrefaultForWrite, MapsEveryPageOfAFreshMappingAndNothingAround) {
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t bytes = size_t{64} << 20;
  void* mapping =
      ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapping, MAP_FAILED);
#if defined(MADV_POPULATE_WRITE)
  if (::madvise(mapping, page, MADV_POPULATE_WRITE) != 0) {
    ::munmap(mapping, bytes);
    GTEST_SKIP() << "this kernel cannot populate pages";
  }
#endif
  ::munmap(mapping, bytes);
  mapping = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapping, MAP_FAILED);
  auto* base = static_cast<char*>(mapping);
  EXPECT_EQ(ResidentPages(mapping, bytes), 0u);
  // A range that starts and ends inside pages: only the whole pages within it.
  PrefaultForWrite(base + page / 2, bytes - page);
  const size_t pages = bytes / page;
  EXPECT_EQ(ResidentPages(mapping, bytes), pages - 2);
  EXPECT_EQ(ResidentPages(base, page), 0u);
  EXPECT_EQ(ResidentPages(base + bytes - page, page), 0u);
  EXPECT_EQ(base[page], 0);  // mapped zeroed
  ::munmap(mapping, bytes);
}

TEST(ResizeFaulted, KeepsTheElementsThereAndZeroesTheNewOnes) {
  std::vector<uint32_t> column = {7, 8, 9};
  ResizeFaulted(column, size_t{8} << 20);  // 32 MiB: prefaulted
  ASSERT_EQ(column.size(), size_t{8} << 20);
  EXPECT_EQ(column[0], 7u);
  EXPECT_EQ(column[2], 9u);
  uint64_t sum = 0;
  for (size_t row = 3; row < column.size(); ++row) sum += column[row];
  EXPECT_EQ(sum, 0u);
  ResizeFaulted(column, 2);  // smaller: truncates
  EXPECT_EQ(column, (std::vector<uint32_t>{7, 8}));
}

}  // namespace
}  // namespace payback
