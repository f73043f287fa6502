#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/common/time.h"
#include "payback/report/explain_builder.h"

namespace payback::cli {

void AddExplainCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* command = app.add_subcommand(
      "explain", "show a user's conversions, their candidate touches and the credit each got");
  AddWorkspaceOption(*command, options);
  struct Args {
    ExplainRequest request;
    std::string from;
    std::string to;
    std::string format;
  };
  auto args = std::make_shared<Args>();
  command->add_option("--user", args->request.user_id, "the user_id")->required();
  command->add_option("--conversion", args->request.conversion,
                      "conversion definition (default: the first)");
  command->add_option("--model", args->request.model, "attribution model override");
  command->add_option("--from", args->from, "period start, inclusive (date or ISO timestamp)");
  command->add_option("--to", args->to, "period end, exclusive (date or ISO timestamp)");
  command->add_option("--format", args->format, "text or json (default: text)")
      ->check(CLI::IsMember({"text", "json"}));
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
    ExplainRequest request = args->request;
    for (auto [text, target, name] : {std::tuple{&args->from, &request.from, "--from"},
                                      std::tuple{&args->to, &request.to, "--to"}}) {
      auto ts = ParseTimeBound(*text, *tz, name);
      if (!ts.ok()) {
        exit_code = ReportError(ts.status());
        return;
      }
      *target = *ts;
    }
    auto explanation = workspace->Explain(request);
    if (!explanation.ok()) {
      exit_code = ReportError(explanation.status());
      return;
    }
    const std::string text = args->format == "json" ? RenderExplanationJson(*explanation)
                                                    : RenderExplanationText(*explanation);
    const Status written = WriteOutput("", text);
    if (!written.ok()) exit_code = ReportError(written);
  });
}

}  // namespace payback::cli
