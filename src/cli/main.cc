#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/cli_common.h"

int main(int argc, char** argv) {
  using namespace payback::cli;
  CLI::App app{
      "payback: campaign ROI and attribution.\n"
      "Quick start: payback init ws && payback config apply -w ws settings.yaml &&\n"
      "             payback ingest -w ws events events.csv && payback report -w ws"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "payback 0.1.0");
  GlobalOptions options;
  int exit_code = kExitOk;
  AddInitCommand(app, exit_code);
  AddIngestCommand(app, options, exit_code);
  AddConfigCommand(app, options, exit_code);
  AddReportCommand(app, options, exit_code);
  AddAgentsCommand(app, options, exit_code);
  AddLiftCommand(app, options, exit_code);
  AddGoalsCommand(app, options, exit_code);
  AddExplainCommand(app, options, exit_code);
  AddMetricCommand(app, options, exit_code);
  AddTokenCommand(app, options, exit_code);
  AddServeCommand(app, options, exit_code);
  AddGenerateCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const std::exception& error) {
    // Library exceptions are caught here, at the edge, and reported as internal failures.
    std::fprintf(stderr, "payback: internal error: %s\n", error.what());
    return kExitInternal;
  }
  return exit_code;
}
