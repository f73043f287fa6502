#!/usr/bin/env bash
# payback's benchmark (not a CI test): ingest and report on the synthetic messaging data set, then
# the same per-campaign report in DuckDB on the same events.csv, and a comparison of the numbers.
# See bench/README.md for what each figure means.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [--users N] [--data DIR] [--runs N] [--threads N] [--no-build] [--skip-duckdb]
                    [--duckdb-only]

  --users N       data set size (default 1000000: about 10 million events)
  --data DIR      use the data set in DIR (campaigns.csv, events.csv, settings.yaml) instead of
                  generating bench/out/messaging-<N>u
  --runs N        DuckDB: warm runs per query, the best counts (default 3)
  --threads N     DuckDB: worker threads (default: DuckDB's own, one per core)
  --no-build      do not build the release preset; use build/release/payback as it is
  --skip-duckdb   payback only
  --duckdb-only   DuckDB only (needs an existing data set; compares with a payback report left
                  in bench/out by an earlier run when there is one)
Environment: PAYBACK=path/to/payback overrides build/release/payback (and skips the build);
JOBS=N sets the build's parallelism (default: the number of cores).
EOF
}

users=1000000
data_dir=""
runs=3
threads=""
build=1
run_payback=1
run_duckdb=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --users) users="${2:?--users needs a value}"; shift 2 ;;
    --users=*) users="${1#*=}"; shift ;;
    --data) data_dir="${2:?--data needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a value}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --skip-duckdb) run_duckdb=0; shift ;;
    --duckdb-only) run_payback=0; build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if ! [[ "$users" =~ ^[0-9]+$ ]] || (( users < 1 )); then
  echo "run.sh: --users must be a positive integer" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
out="$bench/out"
payback="${PAYBACK:-$root/build/release/payback}"
mkdir -p "$out"
[[ -n "$data_dir" ]] || data_dir="$out/messaging-${users}u"
data_dir="$(mkdir -p "$data_dir" && cd "$data_dir" && pwd)"
workspace="$out/ws-$(basename "$data_dir")"
report_json="$out/report-$(basename "$data_dir").json"
report_push_json="$out/report-push-$(basename "$data_dir").json"
duckdb_json="$out/duckdb-$(basename "$data_dir").json"
report_custom_json="$out/report-custom-$(basename "$data_dir").json"
timing="$(mktemp)"
trap 'rm -f "$timing"' EXIT

# --- tools -------------------------------------------------------------------------------------
if ! [[ -x /usr/bin/time ]]; then
  echo "run.sh: GNU time is missing; installing the Debian package 'time'" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
  else
    sudo apt-get install -y time >/dev/null
  fi
fi

now_ns() { date +%s%N; }

# measure LABEL CMD...: runs CMD under GNU time; sets wall_ms (from the shell's clock, ms
# resolution), cpu_ms (user + system, 10 ms resolution) and rss_kb (peak resident set of the
# command), the last two from GNU time. CMD's standard output
# and error go to $out/LABEL.log; a failure prints the log and stops the benchmark.
measure() {
  local label="$1"
  shift
  local log="$out/$label.log"
  local start end
  start=$(now_ns)
  if ! /usr/bin/time -f '%e %M %U %S' -o "$timing" "$@" >"$log" 2>&1; then
    echo "run.sh: '$*' failed; its output ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  end=$(now_ns)
  wall_ms=$(( (end - start) / 1000000 ))
  rss_kb=$(tail -n 1 "$timing" | awk '{print $2}')
  cpu_ms=$(tail -n 1 "$timing" | awk '{printf "%d", ($3 + $4) * 1000}')
}

mb() { awk -v kb="$1" 'BEGIN { printf (kb < 10240 ? "%.1f MB" : "%.0f MB"), kb / 1024 }'; }
group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
row() { printf '  %-34s %10s %10s %14s %10s\n' "$1" "$2" "$3" "$4" "$5"; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }

# --- build -------------------------------------------------------------------------------------
if (( build )) && [[ -z "${PAYBACK:-}" ]]; then
  echo "building the release preset (cmake --preset release && cmake --build --preset release)" >&2
  (cd "$root" && { [[ -f build/release/build.ninja ]] || cmake --preset release >/dev/null; } &&
     cmake --build --preset release --parallel "${JOBS:-$(nproc)}") >"$out/build.log" 2>&1 || {
    echo "run.sh: the release build failed; see $out/build.log" >&2
    tail -n 20 "$out/build.log" >&2
    exit 1
  }
fi
if (( run_payback )) && ! [[ -x "$payback" ]]; then
  echo "run.sh: no payback binary at $payback (build it, or set PAYBACK=...)" >&2
  exit 1
fi

# --- data --------------------------------------------------------------------------------------
generated="reused"
if ! [[ -s "$data_dir/events.csv" && -s "$data_dir/campaigns.csv" && -s "$data_dir/settings.yaml" ]]; then
  if ! [[ -x "$payback" ]]; then
    echo "run.sh: no data set in $data_dir and no payback binary to generate one" >&2
    exit 1
  fi
  echo "generating $users users into $data_dir" >&2
  measure generate "$payback" generate --preset messaging --users "$users" --out "$data_dir"
  generated="$(seconds "$wall_ms"), peak RSS $(mb "$rss_kb")"
fi
events_csv="$data_dir/events.csv"
event_rows=$(( $(wc -l <"$events_csv") - 1 ))
events_bytes=$(stat -c %s "$events_csv")

echo
echo "payback benchmark: $(group "$event_rows") events, $(mb $(( events_bytes / 1024 ))) of CSV ($events_csv)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); generate: $generated"
echo

# --- payback -----------------------------------------------------------------------------------
payback_cold_ms=""
status=0
if (( run_payback )); then
  rm -rf "$workspace"
  measure init "$payback" init "$workspace"
  measure config "$payback" config apply -w "$workspace" "$data_dir/settings.yaml"
  measure ingest_campaigns "$payback" ingest -w "$workspace" campaigns "$data_dir/campaigns.csv"
  measure ingest_events "$payback" ingest -w "$workspace" events "$events_csv"
  ingest_ms=$wall_ms
  ingest_cpu=$cpu_ms
  ingest_rss=$rss_kb
  workspace_kb=$(du -sk "$workspace" | awk '{print $1}')
  measure report "$payback" report -w "$workspace" --format json -o "$report_json"
  payback_cold_ms=$wall_ms
  report_cpu=$cpu_ms
  report_rss=$rss_kb
  measure report_push "$payback" report -w "$workspace" --format json -o "$report_push_json" --channel push
  push_ms=$wall_ms
  push_cpu=$cpu_ms
  push_rss=$rss_kb

  # Custom metrics (docs/formulas.md): the seed's KPIs plus formulas that must reproduce the
  # report's own metrics. The generated Purchase definition is Charged with the filter below,
  # valued by amount, so per campaign PROPSUM/TOTALS/UNIQUES of that event and filter are
  # revenue, conversions and unique conversions (attributed aggregates), and TOTALS of clicked
  # and delivered the engagement counts (aggregates of events that carry campaign ids).
  custom_settings="$out/settings-custom.yaml"
  {
    cat "$data_dir/settings.yaml"
    cat <<'YAML'
custom_metrics:
  - name: Revenue per Delivered Message
    formula: "Total Conversions Revenue / Delivered"
  - name: Conversion per Click
    formula: "Conversions / Clicked"
  - name: Mirror
    formula: "PROPSUM(Charged, amount, \"amount > 0 and category != 'Gift Card'\"); TOTALS(Charged, \"amount > 0 and category != 'Gift Card'\"); UNIQUES(Charged, \"amount > 0 and category != 'Gift Card'\"); PROPAVG(Charged, amount)"
  - name: Engagement
    formula: "TOTALS(clicked); TOTALS(delivered); AVERAGE(clicked)"
YAML
  } >"$custom_settings"
  measure config_custom "$payback" config apply -w "$workspace" "$custom_settings"
  measure report_custom "$payback" report -w "$workspace" --format json -o "$report_custom_json"
  custom_ms=$wall_ms
  custom_cpu=$cpu_ms
  custom_rss=$rss_kb
  # Revenue is shown to the cent; the formula keeps the exact sum (to 10 decimals in JSON).
  mirror_differs=$(jq '[.campaigns[], .tiles | select(
      ((.revenue | tonumber) * 100 | round) != (.custom.Mirror[0] * 100 | round)
      or .conversions != .custom.Mirror[1] or .unique_conversions != .custom.Mirror[2]
      or .clicked != .custom.Engagement[0] or .delivered != .custom.Engagement[1])] | length' \
      "$report_custom_json")
  mirror_rows=$(jq '.campaigns | length' "$report_custom_json")
  # Cost lines (docs/costs.md): per-event messaging costs on every sent event, a dated carrier
  # fee, the amortized platform fee and a commission on every credit, on top of the catalog's
  # expenses; then every attribution model side by side.
  cost_settings="$out/settings-costs.yaml"
  {
    cat "$data_dir/settings.yaml"
    cat <<'YAML'
costs:
  - type: message
    amount: 0.001
  - type: message
    channel: sms
    amount: 0.0079
  - type: carrier_fee
    channel: sms
    amount: 0.003
    from: 2026-02-01
  - type: platform_fee
    period: quarter
    amount: 1500
  - type: commission
    share: 5%
YAML
  } >"$cost_settings"
  measure config_costs "$payback" config apply -w "$workspace" "$cost_settings"
  measure report_costs "$payback" report -w "$workspace" --format json -o "$out/report-costs.json"
  costs_ms=$wall_ms
  costs_cpu=$cpu_ms
  costs_rss=$rss_kb
  measure compare_models "$payback" report -w "$workspace" --compare-models --format json \
      -o "$out/compare-models.json"
  compare_ms=$wall_ms
  compare_cpu=$cpu_ms
  compare_rss=$rss_kb
  compare_models=$(jq '.models | length' "$out/compare-models.json")
  measure config_restore "$payback" config apply -w "$workspace" "$data_dir/settings.yaml"

  echo "payback ($payback)"
  row "step" "wall" "cpu" "rows/s" "peak RSS"
  row "ingest events.csv" "$(seconds "$ingest_ms")" "$(seconds "$ingest_cpu")" \
      "$(group "$(awk -v n="$event_rows" -v ms="$ingest_ms" 'BEGIN { printf "%d", n / (ms / 1000) }')")" \
      "$(mb "$ingest_rss")"
  row "report, cold, all campaigns (json)" "$payback_cold_ms ms" "$report_cpu ms" "" "$(mb "$report_rss")"
  row "report --channel push (json)" "$push_ms ms" "$push_cpu ms" "" "$(mb "$push_rss")"
  row "report with 4 custom metrics" "$custom_ms ms" "$custom_cpu ms" "" "$(mb "$custom_rss")"
  row "report with 5 cost lines" "$costs_ms ms" "$costs_cpu ms" "" "$(mb "$costs_rss")"
  row "report --compare-models ($compare_models)" "$compare_ms ms" "$compare_cpu ms" "" \
      "$(mb "$compare_rss")"
  if [[ "$mirror_differs" == 0 ]]; then
    echo "  custom metrics mirror the report: IDENTICAL on $mirror_rows campaigns and the tiles"
  else
    echo "  custom metrics mirror the report: $mirror_differs rows DIFFER ($report_custom_json)"
    status=1
  fi
  echo "  workspace on disk after ingest: $(mb "$workspace_kb") ($workspace)"
  echo
fi

# --- DuckDB ------------------------------------------------------------------------------------
if (( run_duckdb )); then
  if ! command -v node >/dev/null; then
    echo "run.sh: node is not installed; skipping the DuckDB half" >&2
    exit 0
  fi
  if ! [[ -d "$bench/duckdb/node_modules/@duckdb/node-api" ]]; then
    echo "installing @duckdb/node-api (npm ci)" >&2
    (cd "$bench/duckdb" && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }) >"$out/npm.log" 2>&1 || {
      echo "run.sh: npm could not install the DuckDB client; see $out/npm.log" >&2
      exit 1
    }
  fi
  duck_args=(--events "$events_csv" --runs "$runs" --out "$duckdb_json")
  [[ -n "$threads" ]] && duck_args+=(--threads "$threads")
  if [[ -s "$report_json" ]]; then
    duck_args+=(--payback-json "$report_json")
    if [[ -z "$payback_cold_ms" ]]; then
      echo "(comparing with the payback report left by an earlier run: $report_json)"
    fi
  fi
  [[ -n "$payback_cold_ms" ]] && duck_args+=(--payback-ms "$payback_cold_ms")
  echo "DuckDB (bench/duckdb/report.mjs)"
  start=$(now_ns)
  set +e
  (cd "$bench/duckdb" && /usr/bin/time -f '%e %M' -o "$timing" node report.mjs "${duck_args[@]}") |
    sed 's/^/  /'
  duckdb_status=${PIPESTATUS[0]}
  (( duckdb_status == 0 )) || status=$duckdb_status
  set -e
  end=$(now_ns)
  echo "  node process: $(( (end - start) / 1000000 )) ms wall, peak RSS $(mb "$(tail -n 1 "$timing" | awk '{print $2}')")"
fi
exit "$status"
