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

/// Splits rows [0, rows) into tasks of `rows_per_task` and calls body(task, begin, end) for each
/// through ParallelFor; returns the number of tasks (per-task results go in a vector that long).
template <typename Body>
size_t ParallelForRows(size_t rows, size_t rows_per_task, Body&& body) {
  const size_t tasks = (rows + rows_per_task - 1) / rows_per_task;
  ParallelFor(tasks, [&](size_t /*worker*/, size_t task) {
    body(task, task * rows_per_task, std::min(rows, (task + 1) * rows_per_task));
  });
  return tasks;
}

}  // namespace payback
