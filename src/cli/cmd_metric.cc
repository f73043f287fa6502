#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/formula/formula_error.h"

namespace payback::cli {

void AddMetricCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* metric = app.add_subcommand("metric", "custom KPI formulas (docs/formulas.md)");
  metric->require_subcommand(1);
  auto* check = metric->add_subcommand(
      "check",
      "check a formula against the report's metrics and the workspace's data; prints "
      "its canonical form, or the error with a caret under its position");
  AddWorkspaceOption(*check, options);
  auto formula = std::make_shared<std::string>();
  check->add_option("FORMULA", *formula, "e.g. \"Revenue / Delivered; Conversions / Clicked\"")
      ->required();
  check->callback([formula, &options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    auto check = workspace->CheckFormula(*formula);
    if (!check.ok()) {
      if (check.status().code() != StatusCode::kInvalidInput) {
        exit_code = ReportError(check.status());
        return;
      }
      fmt::print(stderr, "payback: {}\n", RenderErrorWithCaret(*formula, check.status()));
      exit_code = kExitRefused;
      return;
    }
    for (const std::string& note : check->notes) fmt::print(stderr, "payback: note: {}\n", note);
    fmt::print("{}\n", check->canonical);
  });
}

}  // namespace payback::cli
