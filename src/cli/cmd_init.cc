#include <fmt/format.h>

#include "cli/cli_common.h"

namespace payback::cli {

void AddInitCommand(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("init", "create a new, empty workspace in DIR");
  auto dir = std::make_shared<std::string>();
  command->add_option("DIR", *dir, "the workspace directory (created; must be empty)")->required();
  command->callback([dir, &exit_code] {
    const Status status = Workspace::Init(*dir);
    if (!status.ok()) {
      exit_code = ReportError(status);
      return;
    }
    fmt::print(stderr, "payback: created workspace {}\n", *dir);
  });
}

}  // namespace payback::cli
