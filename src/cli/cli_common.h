#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "payback/status.h"
#include "payback/workspace.h"

namespace payback::cli {

/// Exit statuses (data.md, "Exit status").
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

/// Options every workspace command shares.
struct GlobalOptions {
  std::string workspace;  ///< -w/--workspace, or env PAYBACK_WORKSPACE
};

/// Prints `status` as "payback: <file:line: field: reason>" on standard error and returns
/// the exit status its code maps to.
int ReportError(const Status& status);

/// Adds -w/--workspace to a subcommand.
void AddWorkspaceOption(CLI::App& command, GlobalOptions& options);

/// Opens the workspace the options name. kUsage when none is given.
Result<Workspace> OpenWorkspace(const GlobalOptions& options);

/// Writes `text` to `path`, or to standard output when `path` is empty.
Status WriteOutput(const std::string& path, const std::string& text);

/// The time options of a report-like command, as typed.
struct PeriodArgs {
  std::string from;
  std::string to;
  std::string settings_as_of;
};

/// Adds --from, --to and --settings-as-of.
void AddPeriodOptions(CLI::App& command, PeriodArgs& args);

/// Reads the period options in the workspace time zone into `request`. kUsage for text that is
/// not a date or timestamp.
Status ApplyPeriod(Workspace& workspace, const PeriodArgs& args, ReportRequest& request);

/// The output format: --format when given, else from the -o file's extension, else `table` on
/// a terminal and `json` otherwise.
std::string ChooseOutputFormat(const std::string& format, const std::string& output);

bool StdoutIsTerminal();
bool StderrIsTerminal();

/// Registers each command on `app`; `exit_code` receives the command's status.
void AddInitCommand(CLI::App& app, int& exit_code);
void AddIngestCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddConfigCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddReportCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddAgentsCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddLiftCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddGoalsCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddExplainCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddGenerateCommand(CLI::App& app, int& exit_code);
void AddMetricCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddTokenCommand(CLI::App& app, GlobalOptions& options, int& exit_code);
void AddServeCommand(CLI::App& app, GlobalOptions& options, int& exit_code);

}  // namespace payback::cli
