#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/common/file_util.h"
#include "payback/common/text.h"
#include "payback/common/time.h"
#include "payback/settings/settings_yaml.h"

namespace payback::cli {

void AddConfigCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* config = app.add_subcommand("config", "apply or show the workspace settings");
  config->require_subcommand(1);

  auto* apply = config->add_subcommand(
      "apply", "validate a settings YAML file whole and make it the settings in force");
  AddWorkspaceOption(*apply, options);
  auto file = std::make_shared<std::string>();
  apply->add_option("FILE", *file, "settings file (YAML, see docs/settings.md)")->required();
  apply->callback([file, &options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    auto text = ReadFileToString(*file);
    if (!text.ok()) {
      exit_code = ReportError(text.status());
      return;
    }
    const std::string name = std::filesystem::path(*file).filename().string();
    const Status status = workspace->ApplySettings(*text, name);
    if (!status.ok()) {
      exit_code = ReportError(status);
      return;
    }
    fmt::print(stderr, "payback: settings applied from {}\n", *file);
  });

  auto* show = config->add_subcommand("show", "print the settings in force as YAML");
  AddWorkspaceOption(*show, options);
  auto version = std::make_shared<int64_t>(0);
  show->add_option("--version", *version,
                   "print this version of the history instead (config history)")
      ->check(CLI::PositiveNumber);
  show->callback([version, &options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    if (*version > 0) {
      auto history = workspace->SettingsHistory();
      if (!history.ok()) {
        exit_code = ReportError(history.status());
        return;
      }
      for (const AppliedSettings& applied : *history) {
        if (applied.version != *version) continue;
        const Status written = WriteOutput("", SettingsToYaml(applied.settings));
        if (!written.ok()) exit_code = ReportError(written);
        return;
      }
      exit_code = ReportError(Status::NotFound(
          fmt::format("no settings version {}: see `payback config history`", *version)));
      return;
    }
    auto yaml = workspace->CurrentSettingsYaml();
    if (!yaml.ok()) {
      exit_code = ReportError(yaml.status());
      return;
    }
    const Status written = WriteOutput("", *yaml);
    if (!written.ok()) exit_code = ReportError(written);
  });

  auto* history = config->add_subcommand(
      "history", "every settings version applied, oldest first: version, time (UTC), contents");
  AddWorkspaceOption(*history, options);
  history->callback([&options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    auto versions = workspace->SettingsHistory();
    if (!versions.ok()) {
      exit_code = ReportError(versions.status());
      return;
    }
    std::string out = "version  applied_at                   conversions  custom_metrics\n";
    for (const AppliedSettings& applied : *versions) {
      std::vector<std::string> conversions;
      for (const ConversionDefinition& definition : applied.settings.conversions) {
        conversions.push_back(definition.name);
      }
      out +=
          fmt::format("{:>7}  {:<27}  {:<11}  {}\n", applied.version, FormatUtc(applied.applied_at),
                      conversions.empty() ? "-" : JoinStrings(conversions, ","),
                      applied.settings.custom_metrics.size());
    }
    const Status written = WriteOutput("", out);
    if (!written.ok()) exit_code = ReportError(written);
  });
}

}  // namespace payback::cli
