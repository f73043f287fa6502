#!/usr/bin/env bash
# payback's benchmark (not a CI test): ingest and report on the synthetic messaging data set, the
# in-process dashboard figures of engine_bench, then the same report, filter change, period change
# and explain in DuckDB on the same events.csv, a comparison of the numbers, and the targets of
# issue 7. With --sizes, several sizes one after the other and a scaling table.
# See bench/README.md for what each figure means.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [--size 10m|50m|100m | --users N | --data DIR] [--runs N] [--threads N]
                    [--engine-runs N] [--one-thread] [--no-build] [--skip-duckdb] [--duckdb-only]
       bench/run.sh --sizes 10m,50m,100m [--no-one-thread] [options as above]

  --size Nm       data set of about N million events: the messaging preset at N*100,000 users
                  (10m = 1,000,000 users, 50m = 5,000,000, 100m = 10,000,000)
  --users N       data set size in users (default 1000000: about 10 million events)
  --sizes LIST    run each size of the comma-separated list (e.g. 10m,50m,100m) in turn, each in
                  a new run.sh, then print the scaling table; implies --one-thread
  --data DIR      use the data set in DIR (campaigns.csv, events.csv, settings.yaml) instead of
                  generating bench/out/messaging-<N>u
  --runs N        DuckDB: warm runs per query, the best counts (default 3)
  --threads N     DuckDB: worker threads (default: DuckDB's own, one per core)
  --engine-runs N engine_bench: runs per warm step, the best counts (default 5)
  --one-thread    also the 1-thread figures: payback's cold report and engine_bench once more under
                  `taskset -c 0`, DuckDB again with --threads 1 under `taskset -c 0`
  --no-one-thread with --sizes: leave the 1-thread figures out
  --no-build      do not build the release preset; use the binaries as they are
  --skip-duckdb   payback only
  --duckdb-only   DuckDB only (needs an existing data set; compares with the payback reports left
                  in bench/out by an earlier run when there are some)
Environment: PAYBACK=path/to/payback overrides build/release/payback (and skips the build);
ENGINE_BENCH=path/to/engine_bench overrides build/release/engine_bench (default with PAYBACK set:
the engine_bench next to it when there is one); JOBS=N sets the build's parallelism (default: the
number of cores).
EOF
}

users=1000000
size=""
sizes=""
data_dir=""
runs=3
threads=""
engine_runs=5
one_thread=0
one_thread_set=""
build=1
run_payback=1
run_duckdb=1
child_args=()  # what --sizes passes on to each size's run
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="${2:?--size needs a value}"; shift 2 ;;
    --size=*) size="${1#*=}"; shift ;;
    --sizes) sizes="${2:?--sizes needs a value}"; shift 2 ;;
    --sizes=*) sizes="${1#*=}"; shift ;;
    --users) users="${2:?--users needs a value}"; shift 2 ;;
    --users=*) users="${1#*=}"; shift ;;
    --data) data_dir="${2:?--data needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; child_args+=(--runs "$runs"); shift 2 ;;
    --threads) threads="${2:?--threads needs a value}"; child_args+=(--threads "$threads"); shift 2 ;;
    --engine-runs) engine_runs="${2:?--engine-runs needs a value}"; child_args+=(--engine-runs "$engine_runs"); shift 2 ;;
    --one-thread) one_thread=1; one_thread_set=1; shift ;;
    --no-one-thread) one_thread=0; one_thread_set=0; shift ;;
    --no-build) build=0; shift ;;
    --skip-duckdb) run_duckdb=0; child_args+=(--skip-duckdb); shift ;;
    --duckdb-only) run_payback=0; build=0; child_args+=(--duckdb-only); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

# 10m -> 1000000 users (the messaging preset writes about 10 events per user).
users_of_size() {
  if [[ "$1" =~ ^([0-9]+)[mM]$ ]] && (( BASH_REMATCH[1] >= 1 )); then
    echo $(( BASH_REMATCH[1] * 100000 ))
  else
    echo "run.sh: a size is a number of millions of events followed by m (10m, 50m, 100m), not '$1'" >&2
    return 1
  fi
}
if [[ -n "$size" ]]; then
  users=$(users_of_size "$size") || exit 2
fi
if ! [[ "$users" =~ ^[0-9]+$ ]] || (( users < 1 )); then
  echo "run.sh: --users must be a positive integer" >&2
  exit 2
fi
for value in "$runs" "$engine_runs"; do
  if ! [[ "$value" =~ ^[0-9]+$ ]] || (( value < 1 )); then
    echo "run.sh: --runs and --engine-runs must be positive integers" >&2
    exit 2
  fi
done

size_list=()
if [[ -n "$sizes" ]]; then
  if [[ -n "$data_dir" || -n "$size" ]]; then
    echo "run.sh: --sizes goes with neither --data nor --size" >&2
    exit 2
  fi
  IFS=',' read -r -a size_list <<<"$sizes"
  for each in "${size_list[@]}"; do users_of_size "$each" >/dev/null || exit 2; done
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
out="$bench/out"
payback="${PAYBACK:-$root/build/release/payback}"
if [[ -n "${ENGINE_BENCH:-}" ]]; then
  engine_bench="$ENGINE_BENCH"
elif [[ -n "${PAYBACK:-}" && -x "$(dirname "$PAYBACK")/engine_bench" ]]; then
  engine_bench="$(dirname "$PAYBACK")/engine_bench"
else
  engine_bench="$root/build/release/engine_bench"
fi
mkdir -p "$out"
run_start_s=$(date +%s)

# --- build -------------------------------------------------------------------------------------
if (( build )) && [[ -z "${PAYBACK:-}" ]]; then
  echo "building the release preset (cmake --preset release && cmake --build --preset release --target payback engine_bench)" >&2
  (cd "$root" && { [[ -f build/release/build.ninja ]] || cmake --preset release >/dev/null; } &&
     cmake --build --preset release --target payback engine_bench --parallel "${JOBS:-$(nproc)}") \
     >"$out/build.log" 2>&1 || {
    echo "run.sh: the release build failed; see $out/build.log" >&2
    tail -n 20 "$out/build.log" >&2
    exit 1
  }
fi

# --- several sizes: one run.sh per size, then the scaling table ---------------------------------
if [[ -n "$sizes" ]]; then
  summaries=()
  [[ -n "$one_thread_set" ]] || one_thread=1
  (( one_thread )) && child_args+=(--one-thread)
  status=0
  for each in "${size_list[@]}"; do
    summary="$out/summary-messaging-$(users_of_size "$each")u.json"
    rm -f "$summary"
    echo "=== size $each: bash bench/run.sh --size $each --no-build ${child_args[*]}"
    bash "${BASH_SOURCE[0]}" --size "$each" --no-build "${child_args[@]}" || status=1
    summaries+=("$summary")
    echo
  done

  # The scaling table: one column per size; in brackets the cost per million events, which stays
  # flat when the cost grows linearly with the events.
  sval() { [[ -s "$1" ]] && jq -r --arg key "$2" '.[$key] // empty' "$1" || true; }
  cell() {  # cell KIND VALUE EVENTS
    if [[ "$1" == int && -n "$2" ]]; then
      echo "$2" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'
      return
    fi
    awk -v kind="$1" -v v="$2" -v n="$3" 'BEGIN {
      if (v == "") { print "-"; exit }
      m = n / 1e6
      if (kind == "s") printf "%.2f s [%.3f/M]", v / 1000, v / 1000 / m
      else if (kind == "ms") printf (v < 100 ? "%.1f ms [%.2f/M]" : "%.0f ms [%.1f/M]"), v, v / m
      else if (kind == "ms0") printf (v < 1 ? "%.3f ms" : v < 100 ? "%.1f ms" : "%.0f ms"), v
      else if (kind == "bpe") printf "%.2f B/event", v
      else if (kind == "x") printf (v < 0.01 ? "%.4fx" : "%.3fx"), v
      else printf "%s", v }'
  }
  line() { printf '  %-40s' "$1"; shift; for value in "$@"; do printf ' %24s' "$value"; done; echo; }
  table_row() {  # table_row LABEL KIND KEY
    local label="$1" kind="$2" key="$3" cells=() file
    for file in "${summaries[@]}"; do
      cells+=("$(cell "$kind" "$(sval "$file" "$key")" "$(sval "$file" events)")")
    done
    line "$label" "${cells[@]}"
  }
  echo "scaling: ${sizes} (2 threads unless noted; [in brackets]: cost per million events, flat when"
  echo "the cost grows linearly with the events)"
  line "" "${size_list[@]}"
  headers=()
  for file in "${summaries[@]}"; do
    if [[ -s "$file" ]]; then headers+=("$(sval "$file" status_text)"); else headers+=("no summary (failed)"); fi
  done
  line "run" "${headers[@]}"
  table_row "events" int events
  table_row "CSV bytes/event" bpe csv_bytes_per_event
  table_row "payback ingest" s ingest_ms
  table_row "payback report, new process, saved scan" ms report_ms
  table_row "cold report in process (engine_bench)" ms engine_cold_ms
  table_row "first report after ingest (scans)" ms report_first_ms
  table_row "warm-up in process (engine_bench)" ms engine_warm_up_ms
  table_row "warm filter change (--channel push)" ms filter_ms
  table_row "warm period change (last 14 days)" ms period_ms
  table_row "explain one user (engine_bench)" ms0 explain_ms
  table_row "peak RSS, report process" bpe report_rss_bytes_per_event
  table_row "disk (workspace after ingest)" bpe disk_bytes_per_event
  table_row "DuckDB load of the CSV" s duck_load_ms
  table_row "DuckDB best query (warm)" ms duck_best_ms
  table_row "DuckDB filter change" ms duck_filter_ms
  table_row "DuckDB period change" ms duck_period_ms
  table_row "DuckDB explain" ms0 duck_explain_ms
  table_row "ratio report process / DuckDB best" x ratio_report
  table_row "ratio first report / DuckDB best" x ratio_report_first
  table_row "ratio in-process cold / DuckDB best" x ratio_engine_cold
  if (( one_thread )); then
    table_row "1 thread: first report (scans)" ms report_1t_ms
    table_row "1 thread: cold report in process" ms engine_cold_1t_ms
    table_row "1 thread: DuckDB best query" ms duck_best_1t_ms
    table_row "1 thread: ratio process / DuckDB" x ratio_report_1t
  fi
  table_row "numbers vs DuckDB" text numbers
  table_row "targets met" text targets_met
  echo "total: $(( $(date +%s) - run_start_s )) s"
  exit "$status"
fi

# --- one size ----------------------------------------------------------------------------------
[[ -n "$data_dir" ]] || data_dir="$out/messaging-${users}u"
generated_set=0
[[ "$data_dir" == "$out/messaging-${users}u" ]] && generated_set=1
data_dir="$(mkdir -p "$data_dir" && cd "$data_dir" && pwd)"
dataset="$(basename "$data_dir")"
workspace="$out/ws-$dataset"
report_json="$out/report-$dataset.json"
report_saved_json="$out/report-saved-$dataset.json"
report_push_json="$out/report-push-$dataset.json"
report_period_json="$out/report-period-$dataset.json"
report_1t_json="$out/report-1t-$dataset.json"
explain_json="$out/explain-$dataset.json"
engine_json="$out/engine-$dataset.json"
engine_1t_json="$out/engine-1t-$dataset.json"
duckdb_json="$out/duckdb-$dataset.json"
duckdb_log="$out/duckdb-$dataset.log"
duckdb_1t_json="$out/duckdb-1t-$dataset.json"
duckdb_1t_log="$out/duckdb-1t-$dataset.log"
report_custom_json="$out/report-custom-$dataset.json"
summary_json="$out/summary-$dataset.json"
logs="$out/logs-$dataset"  # each step's output: LABEL.log
mkdir -p "$logs"
rm -f "$summary_json"
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
if (( one_thread )) && ! command -v taskset >/dev/null; then
  echo "run.sh: --one-thread needs taskset (util-linux)" >&2
  exit 1
fi

now_ns() { date +%s%N; }

# measure LABEL CMD...: runs CMD under GNU time; sets wall_ms (from the shell's clock, ms
# resolution), cpu_ms (user + system, 10 ms resolution) and rss_kb (peak resident set of the
# command), the last two from GNU time. CMD's standard output and error go to $logs/LABEL.log
# (standard output to $stdout_to instead when that is set); a failure prints the log and stops the
# benchmark.
stdout_to=""
measure() {
  local label="$1"
  shift
  local log="$logs/$label.log"
  local start end
  start=$(now_ns)
  if ! /usr/bin/time -f '%e %M %U %S' -o "$timing" "$@" >"${stdout_to:-$log}" 2>"$log"; then
    echo "run.sh: '$*' failed; its output ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  end=$(now_ns)
  wall_ms=$(( (end - start) / 1000000 ))
  rss_kb=$(tail -n 1 "$timing" | awk '{print $2}')
  cpu_ms=$(tail -n 1 "$timing" | awk '{printf "%d", ($3 + $4) * 1000}')
}
# measure_to FILE LABEL CMD...: measure with CMD's standard output in FILE.
measure_to() {
  stdout_to="$1"
  shift
  measure "$@"
  stdout_to=""
}

mb() { awk -v kb="$1" 'BEGIN { printf (kb < 10240 ? "%.1f MB" : "%.0f MB"), kb / 1024 }'; }
group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
row() { printf '  %-34s %10s %10s %14s %10s\n' "$1" "$2" "$3" "$4" "$5"; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }
# fmt_ms MS: "-" when empty, one decimal below 100 ms, three below 1 ms.
fmt_ms() {
  awk -v v="$1" 'BEGIN { if (v == "") print "-"; else if (v < 1) printf "%.3f ms", v;
                         else if (v < 100) printf "%.1f ms", v; else printf "%.0f ms", v }'
}
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-";
                                   else printf (a / b < 0.01 ? "%.4fx" : "%.2fx"), a / b }'
}
ratio_value() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print ""; else printf "%.6f", a / b }'; }
per_event() { awk -v b="$1" -v n="$2" 'BEGIN { if (b == "" || n + 0 == 0) print ""; else printf "%.3f", b / n }'; }
jget() { [[ -s "$1" ]] && jq -r "$2 // empty" "$1" 2>/dev/null || true; }

# Everything the --sizes table and later tools read: key -> value (numbers stay numbers).
declare -A summary=()
write_summary() {
  local key
  for key in "${!summary[@]}"; do printf '%s\t%s\n' "$key" "${summary[$key]}"; done |
    jq -Rn '[inputs | split("\t") | {(.[0]): (.[1] | (tonumber? // .))}] | add // {}' >"$summary_json"
}

if (( run_payback )); then
  for binary in "$payback" "$engine_bench"; do
    if ! [[ -x "$binary" ]]; then
      echo "run.sh: no binary at $binary (build it, or set PAYBACK=... / ENGINE_BENCH=...)" >&2
      exit 1
    fi
  done
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
  summary[generate_ms]=$wall_ms
fi
events_csv="$data_dir/events.csv"
event_rows=$(( $(wc -l <"$events_csv") - 1 ))
events_bytes=$(stat -c %s "$events_csv")
summary[events]=$event_rows
summary[csv_bytes]=$events_bytes
summary[csv_bytes_per_event]=$(per_event "$events_bytes" "$event_rows")

# The period of engine_bench's period change: the 14 local days (the workspace's time zone, as
# the dashboard's date pickers ask) that end at the local midnight after the last event. The
# generated events.csv is in time order (its last line is the last event); another data set
# (--data) is scanned for its greatest ts (same-format ISO timestamps sort as text).
if (( generated_set )); then
  last_ts=$(tail -n 1 "$events_csv" | cut -d, -f2)
else
  last_ts=$(awk -F, 'NR > 1 && $2 > max { max = $2 } END { print max }' "$events_csv")
fi
workspace_tz=$(awk -F': *' '/^timezone:/ { gsub(/["'"'"' ]/, "", $2); print $2; exit }' "$data_dir/settings.yaml")
workspace_tz=${workspace_tz:-UTC}
last_local_date=$(TZ="$workspace_tz" date -d "$last_ts" +%Y-%m-%d)
period_to_date=$(date -u -d "$last_local_date + 1 day" +%Y-%m-%d)
period_from_date=$(date -u -d "$period_to_date - 14 days" +%Y-%m-%d)
# Dates: local midnights, for payback (--from/--to) and report.mjs alike.
period_from="$period_from_date"
period_to="$period_to_date"
# The same instants in UTC, to pick the explain's user from the CSV's UTC timestamps.
utc_of_local_midnight() {
  date -u -d "$(TZ="$workspace_tz" date -d "$1 00:00" +%Y-%m-%dT%H:%M:%S%z)" +%Y-%m-%dT%H:%M:%SZ
}
period_from_utc=$(utc_of_local_midnight "$period_from_date")
period_to_utc=$(utc_of_local_midnight "$period_to_date")

# The user of the explain: the first one, in file order from the start of the period, whose
# Purchase (Charged, amount > 0, category not Gift Card) in the period follows one of their own
# campaign clicks of the period by at most 7 days: a user with an attributed conversion in the
# period at every size, chosen the same way every time. A time-ordered file is read from the
# first line of the period's first day on (grep finds its offset).
scan_from=1
if (( generated_set )); then
  offset=$(grep -b -m 1 -F ",${period_from_utc%%T*}T" "$events_csv" | cut -d: -f1 || true)
  [[ -n "$offset" ]] && scan_from=$(( offset + 1 ))
fi
explain_user=$(tail -c +"$scan_from" "$events_csv" | awk -F, -v from="$period_from_utc" -v to="$period_to_utc" '
  # Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS..." (days from civil, proleptic Gregorian).
  function secs(ts,   y, m, d, era, yoe, doy, doe) {
    y = substr(ts, 1, 4) + 0; m = substr(ts, 6, 2) + 0; d = substr(ts, 9, 2) + 0
    y -= (m <= 2); era = int(y / 400); yoe = y - era * 400
    doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return (era * 146097 + doe - 719468) * 86400 + substr(ts, 12, 2) * 3600 + substr(ts, 15, 2) * 60 + substr(ts, 18, 2)
  }
  $2 < from || $2 >= to { next }
  $3 == "Notification Clicked" && $4 != "" { click[$1] = secs($2); next }
  $3 == "Charged" && $6 + 0 > 0 && $7 != "Gift Card" && ($1 in click) && secs($2) - click[$1] <= 7 * 86400 {
    print $1; exit
  }' || true)
summary[period_from]=$period_from
summary[period_to]=$period_to
summary[explain_user]=${explain_user:-}

echo
echo "payback benchmark: $(group "$event_rows") events, $(mb $(( events_bytes / 1024 ))) of CSV ($events_csv)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); generate: $generated"
# What fresh memory costs here: an ingest writes several GB of it, and on a virtual machine the
# cost of its first write (the page faults, the host's included) varies from day to day.
fresh_memory=$(node -e '
  const size = 2 ** 31;
  const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
  let start = process.hrtime.bigint();
  const buffer = Buffer.allocUnsafeSlow(size);
  buffer.fill(1);
  const fresh = seconds(start);
  start = process.hrtime.bigint();
  buffer.fill(2);
  const again = seconds(start);
  console.log(`2 GiB written fresh in ${fresh.toFixed(2)} s, again in ${again.toFixed(2)} s: ` +
              `${((fresh - again) / (size / 4096) * 1e6).toFixed(2)} us a 4 KiB page faulted in`);
' 2>/dev/null || echo "not measured (node missing)")
echo "fresh memory: $fresh_memory"
echo "period change: [$period_from, $period_to) (the last 14 days in $workspace_tz, as engine_bench); explain: user ${explain_user:-(none found)}"
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
  workspace_bytes=$(du -sb "$workspace" | awk '{print $1}')
  # The first report after the ingest loads and scans the events, and saves its scan by day
  # (docs/design.md, "Saved scans"); the next process answers from that file: the cold report.
  measure report "$payback" report -w "$workspace" --format json -o "$report_json"
  payback_first_ms=$wall_ms
  report_cpu=$cpu_ms
  report_rss=$rss_kb
  measure report_saved "$payback" report -w "$workspace" --format json -o "$report_saved_json"
  payback_cold_ms=$wall_ms
  saved_cpu=$cpu_ms
  saved_rss=$rss_kb
  saved_scan_bytes=$(du -sb "$workspace/scans" 2>/dev/null | awk '{print $1}')
  same_saved=IDENTICAL
  if ! cmp -s "$report_json" "$report_saved_json"; then
    same_saved=DIFFERENT
    status=1
  fi
  measure report_push "$payback" report -w "$workspace" --format json -o "$report_push_json" --channel push
  push_ms=$wall_ms
  push_cpu=$cpu_ms
  push_rss=$rss_kb

  # Custom metrics (docs/formulas.md): the seed's KPIs plus formulas that must reproduce the
  # report's own metrics. The generated Purchase definition is Charged with the filter below,
  # valued by amount, so per campaign PROPSUM/TOTALS/UNIQUES of that event and filter are
  # revenue, conversions and unique conversions (attributed aggregates), and TOTALS of clicked
  # and delivered the engagement counts (aggregates of events that carry campaign ids).
  custom_settings="$out/settings-custom-$dataset.yaml"
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
  cost_settings="$out/settings-costs-$dataset.yaml"
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
  measure report_costs "$payback" report -w "$workspace" --format json -o "$out/report-costs-$dataset.json"
  costs_ms=$wall_ms
  costs_cpu=$cpu_ms
  costs_rss=$rss_kb
  measure compare_models "$payback" report -w "$workspace" --compare-models --format json \
      -o "$out/compare-models-$dataset.json"
  compare_ms=$wall_ms
  compare_cpu=$cpu_ms
  compare_rss=$rss_kb
  compare_models=$(jq '.models | length' "$out/compare-models-$dataset.json")
  measure config_restore "$payback" config apply -w "$workspace" "$data_dir/settings.yaml"

  # The period change and the explain as new processes, for the comparison with DuckDB (the
  # explain over the same period: report.mjs applies --from/--to to its explain too).
  measure report_period "$payback" report -w "$workspace" --format json -o "$report_period_json" \
      --from "$period_from" --to "$period_to"
  period_process_ms=$wall_ms
  period_process_cpu=$cpu_ms
  period_process_rss=$rss_kb
  explain_process_ms=""
  engine_user_args=()
  if [[ -n "$explain_user" ]]; then
    measure_to "$explain_json" explain "$payback" explain -w "$workspace" --user "$explain_user" \
        --from "$period_from" --to "$period_to" --format json
    explain_process_ms=$wall_ms
    explain_process_cpu=$cpu_ms
    explain_process_rss=$rss_kb
    engine_user_args=(--user "$explain_user")
  fi

  # engine_bench: open + load + first report, then the warm steps on that snapshot.
  measure_to "$engine_json" engine_bench "$engine_bench" "$workspace" --channel push \
      --runs "$engine_runs" "${engine_user_args[@]}"
  engine_wall_ms=$wall_ms
  engine_rss=$rss_kb
  engine_load_ms=$(jget "$engine_json" .load_ms)
  engine_first_ms=$(jget "$engine_json" .first_report_ms)
  engine_cold_ms=$(jget "$engine_json" .cold_report_ms)
  engine_cold_saved=$(jget "$engine_json" .cold_from_saved_scan)
  engine_warm_up_ms=$(jget "$engine_json" .warm_up_ms)
  engine_same_ms=$(jget "$engine_json" .same_report.best_ms)
  filter_ms=$(jget "$engine_json" .filter_change.best_ms)
  filter_first_ms=$(jget "$engine_json" .filter_change.first_ms)
  period_ms=$(jget "$engine_json" .period_change.best_ms)
  period_first_ms=$(jget "$engine_json" .period_change.first_ms)
  period2_ms=$(jget "$engine_json" .period_change_2.best_ms)  # older engine_bench
  period_filter_ms=$(jget "$engine_json" .period_filter_change.best_ms)  # newer engine_bench
  period_off_ms=$(jget "$engine_json" .period_change_off_midnight.first_ms)  # since the cube
  explain_ms=$(jget "$engine_json" .explain.best_ms)
  explain_first_ms=$(jget "$engine_json" .explain.first_ms)
  engine_rows=$(jget "$engine_json" .campaign_rows)
  report_rows=$(jq '.campaigns | length' "$report_json")

  if (( one_thread )); then
    # One core: the engine sizes its thread pool with hardware_concurrency(), which taskset does
    # not change, so it still starts 2 threads, both on core 0. Without the saved scans, so that
    # the report loads and scans the events (and saves its scan again); engine_bench's cold
    # report then comes from that file.
    rm -rf "$workspace/scans"
    measure report_1t taskset -c 0 "$payback" report -w "$workspace" --format json -o "$report_1t_json"
    report_1t_ms=$wall_ms
    report_1t_cpu=$cpu_ms
    report_1t_rss=$rss_kb
    measure_to "$engine_1t_json" engine_bench_1t taskset -c 0 "$engine_bench" "$workspace" \
        --channel push --runs "$engine_runs" "${engine_user_args[@]}"
    engine_cold_1t_ms=$(jget "$engine_1t_json" .cold_report_ms)
    filter_1t_ms=$(jget "$engine_1t_json" .filter_change.best_ms)
    period_1t_ms=$(jget "$engine_1t_json" .period_change.best_ms)
    explain_1t_ms=$(jget "$engine_1t_json" .explain.best_ms)
    same_1t=IDENTICAL
    if ! cmp -s "$report_json" "$report_1t_json"; then
      same_1t=DIFFERENT
      status=1
    fi
  fi

  echo "payback ($payback)"
  row "step" "wall" "cpu" "rows/s" "peak RSS"
  row "ingest events.csv" "$(seconds "$ingest_ms")" "$(seconds "$ingest_cpu")" \
      "$(group "$(awk -v n="$event_rows" -v ms="$ingest_ms" 'BEGIN { printf "%d", n / (ms / 1000) }')")" \
      "$(mb "$ingest_rss")"
  row "report, first after ingest (scans, saves)" "$payback_first_ms ms" "$report_cpu ms" "" "$(mb "$report_rss")"
  row "report, cold, from the saved scan" "$payback_cold_ms ms" "$saved_cpu ms" "" "$(mb "$saved_rss")"
  row "report --channel push (json)" "$push_ms ms" "$push_cpu ms" "" "$(mb "$push_rss")"
  row "report with 4 custom metrics" "$custom_ms ms" "$custom_cpu ms" "" "$(mb "$custom_rss")"
  row "report with 5 cost lines" "$costs_ms ms" "$costs_cpu ms" "" "$(mb "$costs_rss")"
  row "report --compare-models ($compare_models)" "$compare_ms ms" "$compare_cpu ms" "" \
      "$(mb "$compare_rss")"
  row "report --from --to (14 days)" "$period_process_ms ms" "$period_process_cpu ms" "" \
      "$(mb "$period_process_rss")"
  if [[ -n "$explain_process_ms" ]]; then
    row "explain --user (json)" "$explain_process_ms ms" "$explain_process_cpu ms" "" \
        "$(mb "$explain_process_rss")"
  fi
  if (( one_thread )); then
    row "report, first (scans), taskset -c 0" "$report_1t_ms ms" "$report_1t_cpu ms" "" "$(mb "$report_1t_rss")"
  fi
  if [[ "$mirror_differs" == 0 ]]; then
    echo "  custom metrics mirror the report: IDENTICAL on $mirror_rows campaigns and the tiles"
  else
    echo "  custom metrics mirror the report: $mirror_differs rows DIFFER ($report_custom_json)"
    status=1
  fi
  if (( one_thread )); then
    echo "  report under taskset -c 0 vs 2 threads: $same_1t JSON"
  fi
  echo "  report from the saved scan vs the first report: $same_saved JSON; saved scans on disk: $(group "${saved_scan_bytes:-0}") bytes"
  echo "  workspace on disk after ingest: $(mb $(( workspace_bytes / 1024 ))), $(per_event "$workspace_bytes" "$event_rows") bytes/event ($workspace)"
  echo "engine_bench ($engine_bench; one process, $engine_runs runs per warm step, best; $(mb "$engine_rss") peak RSS, $engine_wall_ms ms in all)"
  printf '  %-44s %10s %10s\n' "step" "best" "first"
  printf '  %-44s %10s %10s\n' "open (Workspace::Snapshot, no events)" "$(fmt_ms "$engine_load_ms")" ""
  printf '  %-44s %10s %10s\n' "first report (cold query)" "$(fmt_ms "$engine_first_ms")" ""
  printf '  %-44s %10s %10s\n' "cold report = open + first report" "$(fmt_ms "$engine_cold_ms")" ""
  printf '  %-44s %10s %10s\n' "  ... answered from the saved scan" "$engine_cold_saved" ""
  if [[ -n "$engine_warm_up_ms" ]]; then
    printf '  %-44s %10s %10s\n' "warm-up: load the events, scan by day" "$(fmt_ms "$engine_warm_up_ms")" ""
  fi
  printf '  %-44s %10s %10s\n' "same report again (warm)" "$(fmt_ms "$engine_same_ms")" ""
  printf '  %-44s %10s %10s\n' "filter change (--channel push)" "$(fmt_ms "$filter_ms")" "$(fmt_ms "$filter_first_ms")"
  printf '  %-44s %10s %10s\n' "period change (last 14 days)" "$(fmt_ms "$period_ms")" "$(fmt_ms "$period_first_ms")"
  if [[ -n "$period2_ms" ]]; then
    printf '  %-44s %10s %10s\n' "period change (the 14 days before)" "$(fmt_ms "$period2_ms")" ""
  fi
  if [[ -n "$period_filter_ms" ]]; then
    printf '  %-44s %10s %10s\n' "filter change inside a new period" "$(fmt_ms "$period_filter_ms")" ""
  fi
  if [[ -n "$period_off_ms" ]]; then
    printf '  %-44s %10s %10s\n' "period off local midnight (scans)" "" "$(fmt_ms "$period_off_ms")"
  fi
  if [[ -n "$explain_user" ]]; then
    printf '  %-44s %10s %10s\n' "explain user $explain_user (all time)" "$(fmt_ms "$explain_ms")" "$(fmt_ms "$explain_first_ms")"
  fi
  if (( one_thread )); then
    echo "  under taskset -c 0 (2 engine threads on one core): cold report $(fmt_ms "$engine_cold_1t_ms"), filter change $(fmt_ms "$filter_1t_ms"), period change $(fmt_ms "$period_1t_ms"), explain $(fmt_ms "$explain_1t_ms")"
  fi
  if [[ "$engine_rows" != "$report_rows" ]]; then
    echo "  engine_bench's report has $engine_rows campaign rows, payback report's JSON $report_rows"
    status=1
  fi
  echo

  summary[ingest_ms]=$ingest_ms
  summary[ingest_cpu_ms]=$ingest_cpu
  summary[ingest_rss_kb]=$ingest_rss
  summary[report_ms]=$payback_cold_ms
  summary[report_first_ms]=$payback_first_ms
  summary[saved_scan_bytes]=${saved_scan_bytes:-0}
  summary[report_cpu_ms]=$report_cpu
  summary[report_rss_kb]=$report_rss
  summary[report_rss_bytes_per_event]=$(per_event $(( report_rss * 1024 )) "$event_rows")
  summary[disk_bytes]=$workspace_bytes
  summary[disk_bytes_per_event]=$(per_event "$workspace_bytes" "$event_rows")
  summary[engine_load_ms]=$engine_load_ms
  summary[engine_cold_ms]=$engine_cold_ms
  summary[engine_warm_up_ms]=$engine_warm_up_ms
  summary[engine_same_ms]=$engine_same_ms
  summary[filter_ms]=$filter_ms
  summary[period_ms]=$period_ms
  summary[explain_ms]=$explain_ms
  summary[explain_process_ms]=$explain_process_ms
  summary[period_process_ms]=$period_process_ms
  summary[engine_rss_kb]=$engine_rss
  if (( one_thread )); then
    summary[report_1t_ms]=$report_1t_ms
    summary[engine_cold_1t_ms]=$engine_cold_1t_ms
    summary[filter_1t_ms]=$filter_1t_ms
    summary[period_1t_ms]=$period_1t_ms
    summary[explain_1t_ms]=$explain_1t_ms
  fi
fi

# --- DuckDB ------------------------------------------------------------------------------------
# run_report_mjs LOG ARGS...: runs report.mjs under GNU time, its output indented on the terminal
# and kept in LOG; sets duck_status, duck_wall_ms and duck_rss_kb.
run_report_mjs() {
  local log="$1"
  shift
  local start end
  start=$(now_ns)
  set +e
  (cd "$bench/duckdb" && /usr/bin/time -f '%e %M' -o "$timing" "$@") | tee "$log" | sed 's/^/  /'
  duck_status=${PIPESTATUS[0]}
  set -e
  end=$(now_ns)
  duck_wall_ms=$(( (end - start) / 1000000 ))
  duck_rss_kb=$(tail -n 1 "$timing" | awk '{print $2}')
}
# first_run_ms LOG STRATEGY: the first run's time of a strategy, from report.mjs's output.
first_run_ms() {
  [[ -s "$1" ]] && grep -E "^query, $2 +\(table\)" "$1" | sed -nE 's/.*\(first ([0-9.]+) ms\).*/\1/p' | head -n 1 || true
}
# check_of LOG: IDENTICAL, DIFFERENT or NOT COMPARABLE for the full report, from the output.
check_of() {
  [[ -s "$1" ]] && sed -nE 's/^per-campaign numbers: ([A-Z ]+[A-Z]).*/\1/p' "$1" | head -n 1 || true
}

if (( run_duckdb )) && ! command -v node >/dev/null; then
  echo "run.sh: node is not installed; skipping the DuckDB half" >&2
  run_duckdb=0
fi
if (( run_duckdb )); then
  if ! [[ -d "$bench/duckdb/node_modules/@duckdb/node-api" ]]; then
    echo "installing @duckdb/node-api (npm ci)" >&2
    (cd "$bench/duckdb" && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }) >"$out/npm.log" 2>&1 || {
      echo "run.sh: npm could not install the DuckDB client; see $out/npm.log" >&2
      exit 1
    }
  fi
  # duck_args_for THREADS_MS_SUFFIX: the options of one report.mjs run (payback's times: the
  # 2-thread ones, or with "1t" those under taskset).
  duck_args_for() {
    local report_ms="$payback_cold_ms" filter="${filter_ms:-}" period="${period_ms:-}" explain="${explain_ms:-}"
    if [[ "$1" == 1t ]]; then
      report_ms="${report_1t_ms:-}" filter="${filter_1t_ms:-}" period="${period_1t_ms:-}" explain="${explain_1t_ms:-}"
    fi
    duck_args=(--events "$events_csv" --runs "$runs" --filter-channel push
               --from "$period_from" --to "$period_to")
    [[ -n "$explain_user" ]] && duck_args+=(--explain-user "$explain_user")
    if [[ -s "$report_json" ]]; then
      duck_args+=(--payback-json "$report_json")
      if [[ -z "$payback_cold_ms" && "$1" != 1t ]]; then
        echo "(comparing with the payback reports left by an earlier run: $report_json and the others)"
      fi
    fi
    [[ -s "$report_push_json" ]] && duck_args+=(--payback-filter-json "$report_push_json")
    [[ -s "$report_period_json" ]] && duck_args+=(--payback-period-json "$report_period_json")
    [[ -n "$explain_user" && -s "$explain_json" ]] && duck_args+=(--payback-explain-json "$explain_json")
    [[ -n "$report_ms" ]] && duck_args+=(--payback-ms "$report_ms")
    [[ -n "$filter" ]] && duck_args+=(--payback-filter-ms "$filter")
    [[ -n "$period" ]] && duck_args+=(--payback-period-ms "$period")
    [[ -n "$explain" ]] && duck_args+=(--payback-explain-ms "$explain")
    return 0
  }
  duck_args_for 2t
  [[ -n "$threads" ]] && duck_args+=(--threads "$threads")
  echo "DuckDB (bench/duckdb/report.mjs; payback's times set against it: the report process, engine_bench's filter change, period change and explain)"
  run_report_mjs "$duckdb_log" node report.mjs "${duck_args[@]}" --out "$duckdb_json"
  (( duck_status == 0 )) || status=$duck_status
  echo "  node process: $duck_wall_ms ms wall, peak RSS $(mb "$duck_rss_kb")"
  duck_node_rss_kb=$duck_rss_kb
  if (( one_thread )); then
    duck_args_for 1t
    echo "DuckDB, 1 thread (taskset -c 0, --threads 1; its output in $duckdb_1t_log; the checks:)"
    run_report_mjs "$duckdb_1t_log" taskset -c 0 node report.mjs "${duck_args[@]}" --threads 1 \
        --out "$duckdb_1t_json" >/dev/null
    (( duck_status == 0 )) || status=$duck_status
    grep -E 'IDENTICAL|DIFFERENT|NOT COMPARABLE|disagrees' "$duckdb_1t_log" | sed 's/^/  /' || true
    echo "  node process: $duck_wall_ms ms wall, peak RSS $(mb "$duck_rss_kb")"
  fi
  echo

  duck_best=$(jget "$duckdb_json" .best)
  duck_load_ms=$(jget "$duckdb_json" .load_ms)
  duck_best_ms=$(jget "$duckdb_json" ".query_ms[\"$duck_best\"]")
  duck_first_ms=$(first_run_ms "$duckdb_log" "$duck_best")
  duck_e2e_ms=$(jget "$duckdb_json" .end_to_end_ms)
  duck_filter_ms=$(jget "$duckdb_json" .filter_ms.best)
  duck_filter_first_ms=$(jget "$duckdb_json" .filter_ms.first)
  duck_period_ms=$(jget "$duckdb_json" .period_ms.best)
  duck_period_first_ms=$(jget "$duckdb_json" .period_ms.first)
  duck_explain_ms=$(jget "$duckdb_json" .explain_ms.best)
  duck_explain_first_ms=$(jget "$duckdb_json" .explain_ms.first)
  check_report=$(check_of "$duckdb_log")
  check_filter=$(jget "$duckdb_json" .filter.check)
  check_period=$(jget "$duckdb_json" .period.check)
  check_explain=$(jget "$duckdb_json" .explain.check)
  summary[duck_best]=$duck_best
  summary[duck_load_ms]=$duck_load_ms
  summary[duck_best_ms]=$duck_best_ms
  summary[duck_first_ms]=$duck_first_ms
  summary[duck_filter_ms]=$duck_filter_ms
  summary[duck_period_ms]=$duck_period_ms
  summary[duck_explain_ms]=$duck_explain_ms
  summary[duck_rss_kb]=$duck_node_rss_kb
  if (( one_thread )); then
    duck_best_1t=$(jget "$duckdb_1t_json" .best)
    duck_best_1t_ms=$(jget "$duckdb_1t_json" ".query_ms[\"$duck_best_1t\"]")
    duck_first_1t_ms=$(first_run_ms "$duckdb_1t_log" "$duck_best_1t")
    duck_filter_1t_ms=$(jget "$duckdb_1t_json" .filter_ms.best)
    duck_period_1t_ms=$(jget "$duckdb_1t_json" .period_ms.best)
    duck_explain_1t_ms=$(jget "$duckdb_1t_json" .explain_ms.best)
    summary[duck_best_1t_ms]=$duck_best_1t_ms
    summary[duck_filter_1t_ms]=$duck_filter_1t_ms
    summary[duck_period_1t_ms]=$duck_period_1t_ms
    summary[duck_explain_1t_ms]=$duck_explain_1t_ms
  fi
fi

# --- side by side, and the targets --------------------------------------------------------------
if (( run_payback && run_duckdb )); then
  sbs() { printf '  %-46s %11s %11s %11s %9s\n' "$@"; }
  echo "side by side, $(group "$event_rows") events (2 threads; DuckDB: best of $runs warm runs, and the first run)"
  sbs "figure" "payback" "DuckDB" "DuckDB 1st" "ratio"
  sbs "ingest events.csv / load it into a table" "$(seconds "$ingest_ms")" "$(seconds "$duck_load_ms")" "" \
      "$(ratio "$ingest_ms" "$duck_load_ms")"
  sbs "cold report: new process, saved scan" "$(fmt_ms "$payback_cold_ms")" "$(fmt_ms "$duck_best_ms")" \
      "$(fmt_ms "$duck_first_ms")" "$(ratio "$payback_cold_ms" "$duck_best_ms")"
  sbs "cold report: open + 1st report (engine)" "$(fmt_ms "$engine_cold_ms")" "$(fmt_ms "$duck_best_ms")" \
      "$(fmt_ms "$duck_first_ms")" "$(ratio "$engine_cold_ms" "$duck_best_ms")"
  sbs "first report after ingest (loads, scans)" "$(fmt_ms "$payback_first_ms")" "$(fmt_ms "$duck_best_ms")" \
      "$(fmt_ms "$duck_first_ms")" "$(ratio "$payback_first_ms" "$duck_best_ms")"
  sbs "warm report, same question (engine)" "$(fmt_ms "$engine_same_ms")" "$(fmt_ms "$duck_best_ms")" \
      "" "$(ratio "$engine_same_ms" "$duck_best_ms")"
  sbs "warm filter change, --channel push" "$(fmt_ms "$filter_ms")" "$(fmt_ms "$duck_filter_ms")" \
      "$(fmt_ms "$duck_filter_first_ms")" "$(ratio "$filter_ms" "$duck_filter_ms")"
  sbs "warm period change, last 14 days" "$(fmt_ms "$period_ms")" "$(fmt_ms "$duck_period_ms")" \
      "$(fmt_ms "$duck_period_first_ms")" "$(ratio "$period_ms" "$duck_period_ms")"
  if [[ -n "$explain_user" ]]; then
    sbs "explain one user (engine: all time)" "$(fmt_ms "$explain_ms")" "$(fmt_ms "$duck_explain_ms")" \
        "$(fmt_ms "$duck_explain_first_ms")" "$(ratio "$explain_ms" "$duck_explain_ms")"
    sbs "explain, new payback explain process" "$(fmt_ms "$explain_process_ms")" "" "" ""
  fi
  sbs "DuckDB end to end from the CSV (one query)" "" "$(fmt_ms "$duck_e2e_ms")" "" ""
  sbs "peak RSS: report process / node process" "$(mb "$report_rss")" "$(mb "$duck_node_rss_kb")" "" \
      "$(ratio "$report_rss" "$duck_node_rss_kb")"
  sbs "  bytes per event" "$(per_event $(( report_rss * 1024 )) "$event_rows")" \
      "$(per_event $(( duck_node_rss_kb * 1024 )) "$event_rows")" "" ""
  sbs "disk: workspace bytes per event (DuckDB: RAM)" "$(per_event "$workspace_bytes" "$event_rows")" "-" "" ""
  if (( one_thread )); then
    echo "  1 thread (payback under taskset -c 0: 2 engine threads on one core; DuckDB --threads 1 under taskset -c 0)"
    sbs "first report, new process (scans)" "$(fmt_ms "$report_1t_ms")" "$(fmt_ms "$duck_best_1t_ms")" \
        "$(fmt_ms "$duck_first_1t_ms")" "$(ratio "$report_1t_ms" "$duck_best_1t_ms")"
    sbs "cold report: open + 1st report (engine)" "$(fmt_ms "$engine_cold_1t_ms")" "$(fmt_ms "$duck_best_1t_ms")" \
        "$(fmt_ms "$duck_first_1t_ms")" "$(ratio "$engine_cold_1t_ms" "$duck_best_1t_ms")"
    sbs "warm filter change, --channel push" "$(fmt_ms "$filter_1t_ms")" "$(fmt_ms "$duck_filter_1t_ms")" "" \
        "$(ratio "$filter_1t_ms" "$duck_filter_1t_ms")"
    sbs "warm period change, last 14 days" "$(fmt_ms "$period_1t_ms")" "$(fmt_ms "$duck_period_1t_ms")" "" \
        "$(ratio "$period_1t_ms" "$duck_period_1t_ms")"
    if [[ -n "$explain_user" ]]; then
      sbs "explain one user (engine: all time)" "$(fmt_ms "$explain_1t_ms")" "$(fmt_ms "$duck_explain_1t_ms")" "" \
          "$(ratio "$explain_1t_ms" "$duck_explain_1t_ms")"
    fi
  fi
  numbers="report ${check_report:-?}, filter ${check_filter:-?}, period ${check_period:-?}"
  [[ -n "$explain_user" ]] && numbers+=", explain ${check_explain:-?}"
  echo "  numbers vs DuckDB: $numbers"
  echo

  # target LABEL VALUE LIMIT DETAIL [again]: MET when VALUE <= LIMIT, else the distance
  # VALUE / LIMIT; "again" when the line restates a target already counted.
  targets_met=0
  targets_total=0
  target() {
    local verdict
    verdict=$(awk -v v="$2" -v t="$3" 'BEGIN {
      if (v == "") { print "NO FIGURE"; exit }
      if (v + 0 <= t + 0) { print "MET"; exit }
      d = v / t; printf (d < 10 ? "NOT MET, %.2fx away" : "NOT MET, %.1fx away"), d }')
    if [[ "${5:-}" != again ]]; then
      targets_total=$(( targets_total + 1 ))
      [[ "$verdict" != MET ]] || targets_met=$(( targets_met + 1 ))
    fi
    printf '  %-34s %s: %s\n' "$1" "$4" "$verdict"
  }
  echo "targets (issue 7: at 100M events, 2 threads; here $(group "$event_rows") events)"
  target "cold report <= 0.10x DuckDB best" "$(ratio_value "$payback_cold_ms" "$duck_best_ms")" 0.10 \
      "new process, saved scan $(fmt_ms "$payback_cold_ms") vs DuckDB $(fmt_ms "$duck_best_ms") = $(ratio "$payback_cold_ms" "$duck_best_ms")"
  target "  the same, in process" "$(ratio_value "$engine_cold_ms" "$duck_best_ms")" 0.10 \
      "open + 1st report $(fmt_ms "$engine_cold_ms") vs $(fmt_ms "$duck_best_ms") = $(ratio "$engine_cold_ms" "$duck_best_ms")" again
  target "  the first report after ingest" "$(ratio_value "$payback_first_ms" "$duck_best_ms")" 0.10 \
      "loads and scans the events $(fmt_ms "$payback_first_ms") vs $(fmt_ms "$duck_best_ms") = $(ratio "$payback_first_ms" "$duck_best_ms")" again
  target "warm filter change <= 20 ms" "$filter_first_ms" 20 "$(fmt_ms "$filter_first_ms") (the first time asked)"
  target "warm period change <= 20 ms" "$period_first_ms" 20 "$(fmt_ms "$period_first_ms") (the first time asked)"
  ingest_detail=$(awk -v ms="$ingest_ms" -v b="$events_bytes" -v n="$event_rows" 'BEGIN {
    s = ms / 1000
    printf "%.2f s for %.0f MB of CSV (%.0f MB/s, %.2f M events/s; %.1f bytes/event, the issue'"'"'s 3 GB at 100M events is 30); at this rate 100M events take %.0f s",
      s, b / 1e6, b / 1e6 / s, n / 1e6 / s, b / n, 1e8 / (n / s) }')
  # The target is for 100M events: a smaller run is judged at its rate, scaled to 100M (a 10M run
  # in 2 s is 20 s at 100M, not a met target).
  target "ingest <= 10 s" "$(awk -v ms="$ingest_ms" -v n="$event_rows" 'BEGIN { printf "%.3f", ms / 1000 * 1e8 / n }')" 10 "$ingest_detail"
  # The issue's CSV is 3 GB for 100M events (30 bytes an event); the generated one is wider. At
  # this run's byte rate, 3 GB would take:
  target "  3 GB of CSV <= 10 s" "$(awk -v ms="$ingest_ms" -v b="$events_bytes" 'BEGIN { printf "%.3f", ms / 1000 * 3e9 / b }')" 10 \
      "$(awk -v ms="$ingest_ms" -v b="$events_bytes" 'BEGIN { printf "%.1f s at %.0f MB/s", ms / 1000 * 3e9 / b, b / 1e6 / (ms / 1000) }')" again
  disk_bpe=$(per_event "$workspace_bytes" "$event_rows")
  target "disk <= 6 bytes/event" "$disk_bpe" 6 "$disk_bpe (du -sb $(group "$workspace_bytes") bytes)"
  rss_bpe=$(per_event $(( report_rss * 1024 )) "$event_rows")
  target "peak RSS <= 24 bytes/event" "$rss_bpe" 24 "$rss_bpe (the first report's process, which loads every event: $(mb "$report_rss"))"
  agree=1
  for check in "$check_report" "$check_filter" "$check_period"; do [[ "$check" == IDENTICAL ]] || agree=0; done
  [[ -z "$explain_user" || "$check_explain" == IDENTICAL ]] || agree=0
  (( agree )) && agree_value=0 || agree_value=1
  target "numbers agree with DuckDB" "$agree_value" 0 "$numbers"
  if (( one_thread )); then
    echo "  1 thread (reported, no target): first report process (scans) $(fmt_ms "$report_1t_ms") vs DuckDB $(fmt_ms "$duck_best_1t_ms") = $(ratio "$report_1t_ms" "$duck_best_1t_ms"); in process $(fmt_ms "$engine_cold_1t_ms") = $(ratio "$engine_cold_1t_ms" "$duck_best_1t_ms"); filter $(fmt_ms "$filter_1t_ms"), period $(fmt_ms "$period_1t_ms")"
  fi
  echo "  $targets_met of $targets_total targets met"
  if (( agree )); then summary[numbers]=identical; else summary[numbers]="NOT identical"; fi
  summary[targets_met]="$targets_met/$targets_total"
  summary[ratio_report]=$(ratio_value "$payback_cold_ms" "$duck_best_ms")
  summary[ratio_report_first]=$(ratio_value "$payback_first_ms" "$duck_best_ms")
  summary[ratio_engine_cold]=$(ratio_value "$engine_cold_ms" "$duck_best_ms")
  if (( one_thread )); then
    summary[ratio_report_1t]=$(ratio_value "$report_1t_ms" "$duck_best_1t_ms")
  fi
fi

elapsed=$(( $(date +%s) - run_start_s ))
echo "run.sh: $elapsed s in all"
summary[run_s]=$elapsed
summary[status]=$status
summary[status_text]=$( (( status == 0 )) && echo "ok, ${elapsed} s" || echo "FAILED, ${elapsed} s")
write_summary
exit "$status"
