#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/report/report_builder.h"
#include "payback/report/report_render.h"

namespace payback::cli {
namespace {

struct ReportArgs {
  ReportRequest request;
  PeriodArgs period;
  std::string sort;
  bool descending = false;
  bool compare_models = false;
  std::string format;
  std::string output;
};

}  // namespace

void AddReportCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* command = app.add_subcommand(
      "report", "the campaign performance report: tiles and one row per campaign");
  AddWorkspaceOption(*command, options);
  auto args = std::make_shared<ReportArgs>();
  CampaignFilter& filter = args->request.filter;
  command->add_option("--conversion", args->request.conversion,
                      "conversion definition (default: the first)");
  command->add_option("--model", args->request.model,
                      "attribution model override: last_touch, first_touch, linear, time_decay, "
                      "position_based, j_curve, inverse_j, custom_position, any_touch, direct");
  AddPeriodOptions(*command, args->period);
  command->add_option("--label", filter.labels, "only campaigns with this label (repeatable)");
  command->add_option("--channel", filter.channels, "only this channel (repeatable)");
  command->add_option("--created-by", filter.created_by,
                      "only campaigns by this user (repeatable)");
  command->add_option("--status", filter.statuses, "only this status (repeatable)");
  command->add_option("--delivery-type", filter.delivery_types,
                      "only this delivery type (repeatable)");
  command->add_option("--campaign", filter.campaign_ids, "only this campaign id (repeatable)");
  command->add_option("--sort", args->sort,
                      "row order: a metric (" + JoinStrings(SortableMetrics(), ", ") +
                          ") or a custom metric's name (default: conversions, descending)");
  command->add_flag("--desc", args->descending, "sort descending");
  command->add_flag("--compare-models", args->compare_models,
                    "conversions and revenue per campaign under every attribution model, side by "
                    "side (--model and --sort do not apply)");
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
    if (!args->sort.empty()) {
      request.sort_metric = args->sort;
      request.descending = args->descending;
    }
    const std::string format = ChooseOutputFormat(args->format, args->output);
    if (args->compare_models) {
      auto comparison = workspace->RunModelComparison(request);
      if (!comparison.ok()) {
        exit_code = ReportError(comparison.status());
        return;
      }
      const std::string text = format == "csv"    ? RenderModelComparisonCsv(*comparison)
                               : format == "json" ? RenderModelComparisonJson(*comparison)
                                                  : RenderModelComparisonTable(*comparison);
      if (const Status written = WriteOutput(args->output, text); !written.ok()) {
        exit_code = ReportError(written);
      }
      return;
    }
    auto report = workspace->RunReport(request);
    if (!report.ok()) {
      exit_code = ReportError(report.status());
      return;
    }
    const std::string text = format == "csv"    ? RenderReportCsv(*report)
                             : format == "json" ? RenderReportJson(*report)
                                                : RenderReportTable(*report);
    const Status written = WriteOutput(args->output, text);
    if (!written.ok()) exit_code = ReportError(written);
  });
}

}  // namespace payback::cli
