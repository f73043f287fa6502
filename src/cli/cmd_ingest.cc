#include <fmt/format.h>

#include <chrono>

#include "cli/cli_common.h"
#include "payback/common/fresh_memory.h"

namespace payback::cli {
namespace {

/// A progress line on a terminal, for files that take over a second (rows/s).
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled), start_(Clock::now()) {}

  void Update(int64_t rows) {
    if (!enabled_) return;
    const double seconds = Elapsed();
    if (seconds < 1.0) return;
    shown_ = true;
    fmt::print(stderr, "\rpayback: {} rows read ({:.2f}M rows/s)   ", rows,
               static_cast<double>(rows) / seconds / 1e6);
    std::fflush(stderr);
  }
  void Finish() {
    if (shown_) fmt::print(stderr, "\n");
  }
  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_;
};

}  // namespace

void AddIngestCommand(CLI::App& app, GlobalOptions& options, int& exit_code) {
  auto* command = app.add_subcommand(
      "ingest",
      "ingest a file of events, campaigns, timesheets or snapshots (CSV or JSON Lines, .gz/.zst "
      "too; - = stdin); all of it or, on a bad row, none of it");
  AddWorkspaceOption(*command, options);
  struct Args {
    std::string kind;
    std::string path;
    std::string format;
    bool skip_bad_rows = false;
  };
  auto args = std::make_shared<Args>();
  command
      ->add_option("KIND", args->kind,
                   "events, campaigns (metadata, upserted by campaign_id), timesheets "
                   "(agent_id, campaign_id, date, hours: agent hours, upserted by agent, "
                   "campaign and date) or snapshots (account_id, month_end, balance, profit: "
                   "accounts' month-end figures, upserted by account and month)")
      ->required()
      ->check(CLI::IsMember({"events", "campaigns", "timesheets", "snapshots"}));
  command->add_option("FILE", args->path, "input file, or - for standard input")->required();
  command->add_option("--format", args->format, "csv or jsonl (default: from the file name)")
      ->check(CLI::IsMember({"csv", "jsonl", "ndjson"}));
  command->add_flag("--skip-bad-rows", args->skip_bad_rows,
                    "ingest the good rows and write the bad ones to FILE.rejects.csv");
  command->callback([args, &options, &exit_code] {
    // An ingest allocates and frees columns the size of its file in turn, and then exits.
    KeepFreedMemory();
    auto workspace = OpenWorkspace(options);
    if (!workspace.ok()) {
      exit_code = ReportError(workspace.status());
      return;
    }
    ProgressLine progress(StderrIsTerminal());
    IngestOptions ingest_options;
    ingest_options.format = args->format;
    ingest_options.skip_bad_rows = args->skip_bad_rows;
    ingest_options.progress = [&progress](int64_t rows) { progress.Update(rows); };
    const IngestKind kind = args->kind == "events"       ? IngestKind::kEvents
                            : args->kind == "campaigns"  ? IngestKind::kCampaigns
                            : args->kind == "timesheets" ? IngestKind::kTimesheets
                                                         : IngestKind::kSnapshots;
    auto summary = workspace->Ingest(kind, args->path, ingest_options);
    progress.Finish();
    if (!summary.ok()) {
      exit_code = ReportError(summary.status());
      return;
    }
    for (const std::string& warning : summary->warnings) {
      fmt::print(stderr, "payback: warning: {}\n", warning);
    }
    const double seconds = progress.Elapsed();
    fmt::print(stderr, "payback: ingested {} {} from {} in {:.2f}s", summary->rows_ingested,
               args->kind, args->path, seconds);
    if (kind == IngestKind::kEvents && seconds > 0) {
      fmt::print(stderr, " ({:.2f}M rows/s)",
                 static_cast<double>(summary->rows_ingested) / seconds / 1e6);
    }
    fmt::print(stderr, "\n");
    if (summary->rows_rejected > 0) {
      fmt::print(stderr, "payback: skipped {} bad row(s); see {}\n", summary->rows_rejected,
                 summary->rejects_path);
    }
  });
}

}  // namespace payback::cli
