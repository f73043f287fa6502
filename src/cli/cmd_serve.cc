#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <thread>

#include "cli/cli_common.h"
#include "payback/server/api_server.h"

namespace payback::cli {

void AddServeCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto server_options = std::make_shared<ServerOptions>();
  auto* serve = app.add_subcommand(
      "serve", "serve the HTTP API (docs/api.md) over a workspace until interrupted");
  AddWorkspaceOption(*serve, options);
  serve->add_option("--port", server_options->port, "TCP port (default 8080; 0 = any free one)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--bind", server_options->bind,
                    "address to listen on (default 127.0.0.1: this machine only)");
  serve
      ->add_option("--threads", server_options->threads,
                   "request worker threads: connections served at once (default 64)")
      ->check(CLI::Range(1, 256));
  serve->callback([server_options, &options, &exit_code] {
    if (options.workspace.empty()) {
      exit_code = ReportError(Status::Usage("no workspace: give -w DIR or set PAYBACK_WORKSPACE"));
      return;
    }
    server_options->workspace_dir = options.workspace;
    // SIGINT/SIGTERM are taken by a waiting thread that stops the server, so every request in
    // flight finishes and the process exits 0.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    auto server = ApiServer::Bind(*server_options);
    if (!server.ok()) {
      exit_code = ReportError(server.status());
      return;
    }
    ApiServer& bound = **server;
    std::thread waiter([&bound, signals] {
      int signal_number = 0;
      sigwait(&signals, &signal_number);
      bound.Stop();
    });
    fmt::print(stderr, "payback: serving {} at http://{}:{}/ (Ctrl-C stops)\n",
               server_options->workspace_dir, server_options->bind, bound.port());
    const Status served = bound.Serve();
    // Serve returned: wake the waiter if no signal did.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    if (!served.ok()) exit_code = ReportError(served);
  });
}

}  // namespace payback::cli
