#include "cli/cli_common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "payback/common/file_util.h"
#include "payback/common/time.h"

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

void AddPeriodOptions(CLI::App& command, PeriodArgs& args) {
  command.add_option("--from", args.from, "period start, inclusive (date or ISO timestamp)");
  command.add_option("--to", args.to, "period end, exclusive (date or ISO timestamp)");
  command.add_option("--settings-as-of", args.settings_as_of,
                     "use the settings in force at this time (see `config history`), to "
                     "reproduce an old number");
}

Status ApplyPeriod(Workspace& workspace, const PeriodArgs& args, ReportRequest& request) {
  PAYBACK_ASSIGN_OR_RETURN(const Settings settings, workspace.CurrentSettings());
  PAYBACK_ASSIGN_OR_RETURN(const TimeZone tz, TimeZone::Load(settings.timezone));
  PAYBACK_ASSIGN_OR_RETURN(request.from, ParseTimeBound(args.from, tz, "--from"));
  PAYBACK_ASSIGN_OR_RETURN(request.to, ParseTimeBound(args.to, tz, "--to"));
  PAYBACK_ASSIGN_OR_RETURN(request.settings_as_of,
                           ParseTimeBound(args.settings_as_of, tz, "--settings-as-of"));
  return Status::Ok();
}

std::string ChooseOutputFormat(const std::string& format, const std::string& output) {
  if (!format.empty()) return format;
  if (output.ends_with(".csv")) return "csv";
  if (output.ends_with(".json")) return "json";
  if (output.empty() && StdoutIsTerminal()) return "table";
  return "json";
}

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }
bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace payback::cli
