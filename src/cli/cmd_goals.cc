#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/common/time.h"
#include "payback/report/report_render.h"

namespace payback::cli {
namespace {

struct GoalsArgs {
  std::string conversion;
  std::string today;
  std::string format;
  std::string output;
};

}  // namespace

void AddGoalsCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* command = app.add_subcommand(
      "goals",
      "the month's revenue and ROI targets: progress pro-rated to today, status (green >= 100%, "
      "amber >= 80%, red) and the month's projected revenue");
  AddWorkspaceOption(*command, options);
  auto args = std::make_shared<GoalsArgs>();
  command->add_option("--conversion", args->conversion,
                      "conversion definition (default: the first)");
  command->add_option("--today", args->today,
                      "measure as of this local date (default: today); its month's targets");
  command->add_option("--format", args->format, "table or json (default: table on a terminal)")
      ->check(CLI::IsMember({"table", "json"}));
  command->add_option("-o,--output", args->output, "write to FILE instead of standard output");
  command->callback([args, &options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    auto settings = workspace->CurrentSettings();
    if (!settings.ok()) {
      exit_code = ReportError(settings.status());
      return;
    }
    auto tz = TimeZone::Load(settings->timezone);
    if (!tz.ok()) {
      exit_code = ReportError(tz.status());
      return;
    }
    auto today = ParseLocalDateOrToday(args->today, *tz, "--today");
    if (!today.ok()) {
      exit_code = ReportError(today.status());
      return;
    }
    auto goals = workspace->RunGoals(args->conversion, *today);
    if (!goals.ok()) {
      exit_code = ReportError(goals.status());
      return;
    }
    const std::string format = ChooseOutputFormat(args->format, args->output);
    const std::string text = format == "json" ? RenderGoalsJson(*goals) : RenderGoalsTable(*goals);
    const Status written = WriteOutput(args->output, text);
    if (!written.ok()) exit_code = ReportError(written);
  });
}

}  // namespace payback::cli
