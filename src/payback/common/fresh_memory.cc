#include "payback/common/fresh_memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include "payback/common/parallel.h"

namespace payback {

void PrefaultForWrite(void* data, size_t bytes) {
#if defined(MADV_POPULATE_WRITE)
  constexpr size_t kMinBytes = size_t{4} << 20;
  if (bytes < kMinBytes) return;
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) / page * page;
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) / page * page;
  if (end <= begin) return;
  const size_t pages = (end - begin) / page;
  const size_t pieces = WorkerCount();
  ParallelFor(pieces, [&](size_t /*worker*/, size_t piece) {
    const uintptr_t from = begin + pages * piece / pieces * page;
    const uintptr_t to = begin + pages * (piece + 1) / pieces * page;
    // An error (a kernel before 5.14, a mapping that cannot be populated) leaves the pages to
    // fault in on first touch, as without this call.
    if (to > from) (void)::madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
  });
#else
  (void)data;
  (void)bytes;
#endif
}

void KeepFreedMemory() {
#if defined(__GLIBC__) && defined(M_MMAP_MAX) && defined(M_TRIM_THRESHOLD)
  ::mallopt(M_MMAP_MAX, 0);         // large blocks from the heap, reusable once freed
  ::mallopt(M_TRIM_THRESHOLD, -1);  // the heap's free top is never handed back
#endif
}

}  // namespace payback
