#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/common/file_util.h"

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
  show->callback([&options, &exit_code] {
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
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
}

}  // namespace payback::cli
