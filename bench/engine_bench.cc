// The in-process half of the benchmark (issue 7): what a dashboard session costs on one
// workspace. Opens the workspace (Workspace::Snapshot: the settings, the catalog and the events'
// dictionaries; the events themselves on first use), then times on that one snapshot the first
// report (the cold query: from the saved scan when a report saved one, else loading and
// scanning the events), the warm-up a server runs next (WorkspaceSnapshot::WarmUp: the events
// loaded and scanned for every selection), the same report again, a filter change, period
// changes (each run a new period) and an explanation for one user, as a server holding the
// snapshot would run them (no HTTP response cache; the snapshot's scan cache is part of the
// engine). Prints one JSON object; bench/run.sh prints the table. Not a test:
// timings depend on the machine. Usage: engine_bench WORKSPACE [--user ID] [--channel NAME]
//        [--runs N]

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "payback/common/time.h"
#include "payback/workspace.h"

namespace {

double Milliseconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

[[noreturn]] void Fail(std::string_view what, const payback::Status& status) {
  std::fprintf(stderr, "engine_bench: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
               status.ToString().c_str());
  std::exit(1);
}

/// Runs `step` `runs` times; the first run's time and the best.
nlohmann::json Time(int runs, const std::function<void()>& step) {
  double first = 0;
  double best = 0;
  for (int run = 0; run < runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    step();
    const double ms = Milliseconds(start);
    if (run == 0) first = best = ms;
    best = std::min(best, ms);
  }
  return {{"first_ms", first}, {"best_ms", best}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: engine_bench WORKSPACE [--user ID] [--channel NAME] [--runs N]\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::string user;
  std::string channel = "push";
  int runs = 5;
  for (int arg = 2; arg + 1 < argc; arg += 2) {
    const std::string_view name = argv[arg];
    if (name == "--user") {
      user = argv[arg + 1];
    } else if (name == "--channel") {
      channel = argv[arg + 1];
    } else if (name == "--runs") {
      runs = std::max(1, std::atoi(argv[arg + 1]));
    } else {
      std::fprintf(stderr, "engine_bench: unknown option %s\n", argv[arg]);
      return 2;
    }
  }

  nlohmann::json out;
  const auto open_start = std::chrono::steady_clock::now();
  payback::Result<payback::Workspace> workspace = payback::Workspace::Open(dir);
  if (!workspace.ok()) Fail("open", workspace.status());
  payback::Result<payback::WorkspaceSnapshot> snapshot = workspace->Snapshot();
  if (!snapshot.ok()) Fail("load", snapshot.status());
  out["load_ms"] = Milliseconds(open_start);
  out["load_peak_rss_kb"] = PeakRssKb();

  auto report = [&](const payback::ReportRequest& request) {
    payback::Result<payback::Report> result = snapshot->RunReport(request);
    if (!result.ok()) Fail("report", result.status());
    return result->campaigns.size();
  };
  const payback::ReportRequest all;
  const auto cold_start = std::chrono::steady_clock::now();
  out["campaign_rows"] = report(all);
  out["first_report_ms"] = Milliseconds(cold_start);
  out["cold_report_ms"] = Milliseconds(open_start);
  out["cold_from_saved_scan"] = !snapshot->EventsLoaded();
  out["cold_peak_rss_kb"] = PeakRssKb();
  const auto warm_start = std::chrono::steady_clock::now();
  if (const payback::Status warmed = snapshot->WarmUp(all); !warmed.ok()) Fail("warm-up", warmed);
  out["warm_up_ms"] = Milliseconds(warm_start);
  out["same_report"] = Time(runs, [&] { report(all); });

  // A filter change: the same period (all time) with only one channel's campaigns.
  payback::ReportRequest filtered;
  filtered.filter.channels = {channel};
  out["filter_change"] = Time(runs, [&] { report(filtered); });

  // The period: the last 14 local days of the data (the workspace's time zone, as the
  // dashboard's date pickers ask), then moved back a day at a time, so that every run asks a
  // new question (a repeated one would be answered by the snapshot's scan cache).
  const payback::FilterOptions options = snapshot->Options();
  if (options.last_event) {
    const payback::Result<payback::TimeZone> tz =
        payback::TimeZone::Load(snapshot->settings().timezone);
    if (!tz.ok()) Fail("time zone", tz.status());
    const int32_t last_day = payback::LocalDay(*options.last_event, *tz);
    payback::ReportRequest period;
    int shift = 0;
    auto move_period = [&] {
      period.to = payback::LocalDayStart(last_day + 1 - shift, *tz);
      period.from = payback::LocalDayStart(last_day + 1 - shift - 14, *tz);
      ++shift;
    };
    out["period_change"] = Time(runs, [&] {
      move_period();
      report(period);
    });
    // Then a filter change inside a new period.
    period.filter.channels = {channel};
    out["period_filter_change"] = Time(runs, [&] {
      move_period();
      report(period);
    });
    // A period that does not start at a local midnight (an hour later) has a scan of its own.
    period.filter = {};
    out["period_change_off_midnight"] = Time(std::min(runs, 2), [&] {
      move_period();
      *period.from += 3'600'000'000;
      report(period);
    });
  }
  if (!user.empty()) {
    payback::ExplainRequest request;
    request.user_id = user;
    size_t conversions = 0;
    out["explain"] = Time(runs, [&] {
      payback::Result<payback::Explanation> explanation = snapshot->Explain(request);
      if (!explanation.ok()) Fail("explain", explanation.status());
      conversions = explanation->conversions.size();
    });
    out["explain_conversions"] = conversions;
  }
  out["peak_rss_kb"] = PeakRssKb();
  std::printf("%s\n", out.dump(1).c_str());
  return 0;
}
