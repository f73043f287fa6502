#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/common/time.h"
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
  command->add_option("--days", options->days, "days of data (default 90)")
      ->check(CLI::Range(1, 3650));
  auto last_day = std::make_shared<std::string>();
  command->add_option(
      "--end", *last_day,
      "the last day of data, YYYY-MM-DD (default 2026-03-31, for reproducible files)");
  command->callback([options, last_day, &exit_code] {
    if (!last_day->empty()) {
      auto ts = ParseTimestamp(*last_day, TimeZone());
      if (!ts.ok() || last_day->size() != 10) {
        exit_code =
            ReportError(Status::Usage("--end: expected a date YYYY-MM-DD, got " + *last_day));
        return;
      }
      options->end_day = static_cast<int32_t>(*ts / kMicrosPerDay) + 1;
    }
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
