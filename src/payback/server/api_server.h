#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "payback/status.h"

namespace payback {

/// How `payback serve` listens.
struct ServerOptions {
  std::string workspace_dir;
  std::string bind = "127.0.0.1";     ///< loopback unless told otherwise
  int port = 8080;                    ///< 0 = any free port (see ApiServer::port)
  size_t max_body_bytes = 64u << 20;  ///< larger request bodies get 413
  /// Request worker threads. One serves one connection at a time (cpp-httplib), so this bounds
  /// the clients served at once; the others wait for a free worker.
  int threads = 64;
};

/// The HTTP JSON API of docs/api.md over one workspace. Every request opens the workspace's
/// catalog afresh and compares its data and settings versions with the loaded snapshot's, so
/// data ingested by any process shows on the next request; responses are cached by
/// (data version, settings version, parameters). Every call needs a bearer token whose role
/// allows it. Thread-safe: requests run on a pool of worker threads.
class ApiServer {
 public:
  /// Checks that the workspace opens and binds the socket. kIoError when the address is in use
  /// or cannot be bound; kNotFound when the directory is not a workspace.
  static Result<std::unique_ptr<ApiServer>> Bind(const ServerOptions& options);
  ~ApiServer();

  /// The bound port (useful with port 0).
  int port() const;
  /// Serves until Stop() is called (from another thread or a signal handler's thread).
  Status Serve();
  /// Makes Serve() return; thread-safe; safe to call before Serve() runs.
  void Stop();

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace payback
