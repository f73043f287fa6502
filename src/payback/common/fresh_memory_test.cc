#include "payback/common/fresh_memory.h"

#include <gtest/gtest.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
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
#if defined(MADV_NOHUGEPAGE)
  // Where transparent huge pages are always on, populating maps the whole huge page around
  // the range: small pages here, so the range's edges show.
  ::madvise(mapping, bytes, MADV_NOHUGEPAGE);
#endif
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

TEST(KeepFreedMemory, LargeBlocksComeFromTheHeapAndStayThereOnceFreed) {
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "not glibc's allocator";
#else
  constexpr size_t kBytes = size_t{64} << 20;
  // Before: a block this large is a mapping of its own.
  const size_t mapped_before = mallinfo2().hblkhd;
  auto* first = static_cast<volatile char*>(std::malloc(kBytes));
  ASSERT_NE(first, nullptr);
  EXPECT_GE(mallinfo2().hblkhd, mapped_before + kBytes);
  std::free(const_cast<char*>(first));
  KeepFreedMemory();
  const size_t mapped = mallinfo2().hblkhd;
  auto* second = static_cast<volatile char*>(std::malloc(kBytes));
  ASSERT_NE(second, nullptr);
  second[0] = 1;
  EXPECT_EQ(mallinfo2().hblkhd, mapped);  // not mapped: from the heap
  std::free(const_cast<char*>(second));
  EXPECT_GE(mallinfo2().fordblks, kBytes);  // and kept there, free, for the next
#endif
}

}  // namespace
}  // namespace payback
