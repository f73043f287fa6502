#include "cli/cli_common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "payback/common/file_util.h"

namespace payback::cli {

int ReportError(const Status& status) {
  std::fprintf(stderr, "payback: %s\n", status.ToString().c_str());
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidInput:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kIoError:
      return kExitRefused;
    case StatusCode::kUsage:
      return kExitUsage;
    case StatusCode::kCorruption:
    case StatusCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

void AddWorkspaceOption(CLI::App& command, GlobalOptions& options) {
  command.add_option("-w,--workspace", options.workspace, "workspace directory")
      ->envname("PAYBACK_WORKSPACE");
}

Result<Workspace> OpenWorkspace(const GlobalOptions& options) {
  if (options.workspace.empty()) {
    return Status::Usage("no workspace: give -w DIR or set PAYBACK_WORKSPACE");
  }
  return Workspace::Open(options.workspace);
}

Status WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty()) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
        std::fflush(stdout) != 0) {
      return Status::IoError("cannot write to standard output");
    }
    return Status::Ok();
  }
  return WriteFileDurably(path, text);
}

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }
bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace payback::cli
