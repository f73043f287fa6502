#include <fmt/format.h>

#include "cli/cli_common.h"
#include "payback/common/time.h"
#include "payback/generate/generate.h"

namespace payback::cli {
namespace {

/// What --help says after the options: each preset's files and how to load them.
constexpr const char* kGenerateFooter =
    "Presets (each writes into --out; load the files in this order):\n"
    "  messaging    a CleverTap-like push/email/in-app account: settings.yaml, campaigns.csv,\n"
    "               events.csv (make demo adds demo_custom_metrics.yaml to the settings)\n"
    "  sms          an Emotive-like SMS/MMS account with message, carrier and platform costs:\n"
    "               settings.yaml, campaigns.csv, events.csv\n"
    "  call_center  a dialer operation with agents and call, agent-hour and commission costs:\n"
    "               settings.yaml, campaigns.csv, events.csv, timesheets.csv\n"
    "  bank         a bank's product campaigns with products opened and the accounts'\n"
    "               month-end balance and profit: settings.yaml, campaigns.csv, events.csv,\n"
    "               snapshots.csv\n"
    "  web          a store's website with web engagement campaigns (chat, banners, content)\n"
    "               and control groups, for payback lift: settings.yaml, campaigns.csv,\n"
    "               events.csv\n"
    "Load them with:\n"
    "  payback config apply -w WS DIR/settings.yaml\n"
    "  payback ingest -w WS campaigns DIR/campaigns.csv\n"
    "  payback ingest -w WS events DIR/events.csv\n"
    "  payback ingest -w WS timesheets DIR/timesheets.csv   (call_center)\n"
    "  payback ingest -w WS snapshots DIR/snapshots.csv     (bank)";

/// The command that loads a generated file into the workspace WS.
std::string LoadCommand(const GeneratedFile& file) {
  switch (file.kind) {
    case GeneratedFileKind::kSettings:
      return "payback config apply -w WS " + file.path;
    case GeneratedFileKind::kCampaigns:
      return "payback ingest -w WS campaigns " + file.path;
    case GeneratedFileKind::kEvents:
      return "payback ingest -w WS events " + file.path;
    case GeneratedFileKind::kTimesheets:
      return "payback ingest -w WS timesheets " + file.path;
    case GeneratedFileKind::kSnapshots:
      return "payback ingest -w WS snapshots " + file.path;
  }
  return file.path;
}

}  // namespace

void AddGenerateCommand(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "generate",
      "write a deterministic, realistic synthetic data set (settings.yaml, campaigns.csv, "
      "events.csv; timesheets.csv for call_center, snapshots.csv for bank) and print how to "
      "load it");
  command->footer(kGenerateFooter);
  auto options = std::make_shared<GenerateOptions>();
  command
      ->add_option("--preset", options->preset,
                   "data set kind: messaging (default), sms, call_center, bank or web")
      ->check(CLI::IsMember(
          std::vector<std::string>(kGeneratePresets.begin(), kGeneratePresets.end())));
  command
      ->add_option("--users", options->users,
                   "account size: users (messaging, about 10 events each), subscribers (sms), "
                   "contacts (call_center, one agent per 800), customers (bank) or visitors (web)")
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
    fmt::print(stderr, "payback: generated {} campaigns and {} events", summary->campaigns,
               summary->events);
    if (summary->timesheets > 0) {
      fmt::print(stderr, " and {} timesheet rows", summary->timesheets);
    }
    if (summary->snapshots > 0) {
      fmt::print(stderr, " and {} snapshot rows", summary->snapshots);
    }
    fmt::print(stderr, " in {}\npayback: load them into a workspace WS (payback init WS) with:\n",
               options->out_dir);
    for (const GeneratedFile& file : summary->files) {
      fmt::print(stderr, "  {}\n", LoadCommand(file));
    }
  });
}

}  // namespace payback::cli
