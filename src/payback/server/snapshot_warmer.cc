#include "payback/server/snapshot_warmer.h"

#include <utility>

namespace payback {

SnapshotWarmer::~SnapshotWarmer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    pending_.reset();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SnapshotWarmer::Warm(WorkspaceSnapshot snapshot) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    pending_ = std::move(snapshot);
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  }
  changed_.notify_all();
}

void SnapshotWarmer::WaitIdle() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !pending_ && !busy_; });
}

void SnapshotWarmer::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
    if (stopping_) return;
    WorkspaceSnapshot snapshot = std::move(*pending_);
    pending_.reset();
    busy_ = true;
    lock.unlock();
    (void)snapshot.WarmUp(ReportRequest{});
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace payback
