#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/report/report_render.h"

namespace payback::cli {
namespace {

struct LiftArgs {
  ReportRequest request;
  PeriodArgs period;
  std::string format;
  std::string output;
};

}  // namespace

void AddLiftCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* command = app.add_subcommand(
      "lift",
      "web engagement per campaign: prospects, exposures, engagements, conversion rates of the "
      "exposed, chat, content-click and control groups, and the incremental conversions and "
      "revenue over the control group with 95% confidence intervals (docs/web.md)");
  AddWorkspaceOption(*command, options);
  auto args = std::make_shared<LiftArgs>();
  command->add_option("--conversion", args->request.conversion,
                      "conversion definition (default: the first)");
  command->add_option("--model", args->request.model,
                      "attribution model of the conversions column (default: the definition's)");
  AddPeriodOptions(*command, args->period);
  CampaignFilter& filter = args->request.filter;
  command->add_option("--label", filter.labels, "only campaigns with this label (repeatable)");
  command->add_option("--channel", filter.channels, "only this channel (repeatable)");
  command->add_option("--campaign", filter.campaign_ids, "only this campaign id (repeatable)");
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
    auto funnel = workspace->RunWebFunnel(request);
    if (!funnel.ok()) {
      exit_code = ReportError(funnel.status());
      return;
    }
    const std::string format = ChooseOutputFormat(args->format, args->output);
    const std::string text = format == "csv"    ? RenderWebFunnelCsv(*funnel)
                             : format == "json" ? RenderWebFunnelJson(*funnel)
                                                : RenderWebFunnelTable(*funnel);
    const Status written = WriteOutput(args->output, text);
    if (!written.ok()) exit_code = ReportError(written);
  });
}

}  // namespace payback::cli
