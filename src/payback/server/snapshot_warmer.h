#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "payback/workspace.h"

namespace payback {

/// Warms a server's snapshots up in the background (WorkspaceSnapshot::WarmUp for the first
/// conversion and its model): a new snapshot answers its first report from a saved scan without
/// reading the events, and the dashboard's filter changes that follow would otherwise wait for
/// the events to load and be scanned (seconds at 100M events). One thread, started on the first
/// Warm(); a snapshot handed over while another warms up waits for it, and a newer one replaces
/// it. The destructor waits for the warm-up under way. Thread-safe.
class SnapshotWarmer {
 public:
  SnapshotWarmer() = default;
  SnapshotWarmer(const SnapshotWarmer&) = delete;
  SnapshotWarmer& operator=(const SnapshotWarmer&) = delete;
  ~SnapshotWarmer();

  /// Warms `snapshot` up soon (a failure, say settings without conversions, only means that
  /// the requests load what they need themselves).
  void Warm(WorkspaceSnapshot snapshot);

  /// Waits until no warm-up is pending or under way (for tests).
  void WaitIdle();

 private:
  void Run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<WorkspaceSnapshot> pending_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace payback
