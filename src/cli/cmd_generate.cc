#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/generate/messaging_generator.h"

namespace payback::cli {

void AddGenerateCommand(CLI::App& app, int& exit_code) {
  auto* command =
      app.add_subcommand("generate",
                         "write a deterministic, realistic synthetic data set (campaigns.csv, "
                         "events.csv, settings.yaml)");
  auto options = std::make_shared<GenerateOptions>();
  command->add_option("--preset", options->preset, "data set kind")
      ->check(CLI::IsMember({"messaging"}));
  command->add_option("--users", options->users, "number of users (about 10 events each)")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  command->add_option("--out", options->out_dir, "output directory")->required();
  command->add_option("--seed", options->seed, "random seed (same seed, same files)");
  command->add_option("--days", options->days, "days of data, ending 2026-03-31")
      ->check(CLI::Range(1, 3650));
  command->callback([options, &exit_code] {
    auto summary = GenerateDataset(*options);
    if (!summary.ok()) {
      exit_code = ReportError(summary.status());
      return;
    }
    fmt::print(stderr, "payback: generated {} campaigns and {} events in {}\n", summary->campaigns,
               summary->events, options->out_dir);
  });
}

}  // namespace payback::cli
