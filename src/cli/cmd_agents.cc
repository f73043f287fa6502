#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/report/report_render.h"

namespace payback::cli {
namespace {

struct AgentsArgs {
  ReportRequest request;
  PeriodArgs period;
  std::string format;
  std::string output;
};

}  // namespace

void AddAgentsCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* command = app.add_subcommand(
      "agents",
      "the call-center agent ranking: calls, sales, revenue, hours, labor cost, commission, "
      "revenue per hour and efficiency (revenue / labor cost) per agent");
  AddWorkspaceOption(*command, options);
  auto args = std::make_shared<AgentsArgs>();
  command->add_option("--conversion", args->request.conversion,
                      "conversion definition counted as sales (default: the first)");
  AddPeriodOptions(*command, args->period);
  command->add_option("--campaign", args->request.filter.campaign_ids,
                      "only this campaign's calls, sales and hours (repeatable)");
  command->add_option("--format", args->format, "table, csv or json (default: table on a terminal)")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  command->add_option("-o,--output", args->output, "write to FILE instead of standard output");
  command->callback([args, &options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    ReportRequest request = args->request;
    if (const Status period = ApplyPeriod(*workspace, args->period, request); !period.ok()) {
      exit_code = ReportError(period);
      return;
    }
    auto ranking = workspace->RunAgentRanking(request);
    if (!ranking.ok()) {
      exit_code = ReportError(ranking.status());
      return;
    }
    const std::string format = ChooseOutputFormat(args->format, args->output);
    const std::string text = format == "csv"    ? RenderAgentRankingCsv(*ranking)
                             : format == "json" ? RenderAgentRankingJson(*ranking)
                                                : RenderAgentRankingTable(*ranking);
    const Status written = WriteOutput(args->output, text);
    if (!written.ok()) exit_code = ReportError(written);
  });
}

}  // namespace payback::cli
