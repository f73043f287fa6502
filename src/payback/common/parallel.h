#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace payback {

/// The number of threads a parallel step uses: one per core, at most 8 (the steps are memory
/// bound beyond that), at least 1.
inline size_t WorkerCount() {
  return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
}

/// Calls task(worker, index) for every index in [0, count), spread over up to WorkerCount()
/// threads (the calling thread is worker 0); each thread takes the next index when it is done,
/// so uneven tasks balance. Returns when every task has returned. `task` must be safe to call
/// from several threads at once for different indexes.
template <typename Task>
void ParallelFor(size_t count, Task&& task) {
  const size_t workers = std::min(WorkerCount(), count);
  std::atomic<size_t> next{0};
  auto run = [&](size_t worker) {
    for (size_t index = next++; index < count; index = next++) task(worker, index);
  };
  std::vector<std::thread> threads;
  for (size_t worker = 1; worker < workers; ++worker) threads.emplace_back(run, worker);
  run(0);
  for (std::thread& thread : threads) thread.join();
}

}  // namespace payback
