#!/usr/bin/env bash
# Crash test of ingest (data.md: "A file is ingested whole or not at all"; "Once `ingest` exits 0
# the data is durable"; architecture.md: orphan files of a crash are removed).
#
# Usage: crash_test.sh PATH/TO/payback [ITERATIONS]
#
# Builds a workspace with a small first batch, then, ITERATIONS times, starts an ingest of a big
# file (~300k events) on a fresh copy of that workspace, kills it with SIGKILL after a random
# delay in [0, typical ingest duration] (every other kill in its last 40%, where the segment is
# written and committed), and checks that:
#   - the workspace still opens and its report is exactly the report before the ingest (the kill
#     came before the commit) or exactly the report after a clean ingest of the file (it came
#     after), never anything else;
#   - the segment files are at least the committed ones (an orphan may remain until the next
#     writer runs);
#   - a new ingest then succeeds, leaves exactly one segment file per committed ingest (no
#     orphan survives it), and gives exactly the report of the same ingests done cleanly.
# Prints how many kills hit before and after the commit. Exits non-zero on any violation.
set -u -o pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 PATH/TO/payback [ITERATIONS]" >&2
  exit 2
fi
PAYBACK=$(realpath "$1")
ITERATIONS=${2:-${CRASH_ITERATIONS:-16}}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/payback_crash.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
die() {
  echo "FATAL: $*" >&2
  exit 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

segment_count() { find "$1/segments" -maxdepth 1 -type f | wc -l; }

report() {  # report WS OUT: the JSON report of WS into OUT; returns payback's status
  "$PAYBACK" report -w "$1" --format json -o "$2" 2>"$TMP/report.err"
}

cd "$TMP" || die "cannot enter $TMP"

# --- Data: a generated account; a small first batch and a follow-up batch cut from it. ---
"$PAYBACK" generate --users 30000 --out data >/dev/null 2>&1 || die "generate failed"
BIG=$TMP/data/events.csv
[[ -s $BIG ]] || die "generate wrote no events"
head -n 20001 "$BIG" >small.csv
{ head -n 1 "$BIG"; sed -n '20002,30001p' "$BIG"; } >followup.csv

# --- The pristine workspace: settings, campaigns, the small batch (one segment). ---
"$PAYBACK" init pristine >/dev/null 2>&1 || die "init failed"
"$PAYBACK" config apply -w pristine data/settings.yaml >/dev/null 2>&1 || die "config apply failed"
"$PAYBACK" ingest -w pristine campaigns data/campaigns.csv >/dev/null 2>&1 ||
  die "campaign ingest failed"
"$PAYBACK" ingest -w pristine events small.csv >/dev/null 2>&1 || die "first ingest failed"
[[ $(segment_count pristine) -eq 1 ]] || die "expected 1 segment after the first ingest"

# --- Reference reports, from clean runs on copies. ---
report pristine before.json || die "baseline report failed: $(cat "$TMP/report.err")"

# The typical duration: the faster of two clean ingests (the first one also warms the caches,
# as the killed runs find them warm).
cp -a pristine ref_after
cp -a pristine ref_timing
start=$(now_ms)
"$PAYBACK" ingest -w ref_timing events "$BIG" >/dev/null 2>&1 || die "clean big ingest failed"
middle=$(now_ms)
"$PAYBACK" ingest -w ref_after events "$BIG" >/dev/null 2>&1 || die "clean big ingest failed"
end=$(now_ms)
duration_ms=$((middle - start < end - middle ? middle - start : end - middle))
rm -rf ref_timing
report ref_after after.json || die "after report failed"
cmp -s before.json after.json && die "the big file does not change the report"
[[ $(segment_count ref_after) -eq 2 ]] || die "expected 2 segments after a clean big ingest"

cp -a pristine ref_before_followup
"$PAYBACK" ingest -w ref_before_followup events followup.csv >/dev/null 2>&1 ||
  die "clean follow-up ingest failed"
report ref_before_followup before_followup.json || die "report failed"
"$PAYBACK" ingest -w ref_after events followup.csv >/dev/null 2>&1 ||
  die "clean follow-up ingest after the big one failed"
report ref_after after_followup.json || die "report failed"

echo "crash_test: $(($(wc -l <"$BIG") - 1)) events; a clean ingest takes ${duration_ms} ms;" \
  "$ITERATIONS kills"

# --- The kills. ---
killed_before=0
killed_after=0
finished_first=0
orphans_seen=0
for ((iteration = 1; iteration <= ITERATIONS; iteration++)); do
  rm -rf ws
  cp -a pristine ws
  # Odd iterations: anywhere in the ingest; even ones: its last 40%, where the segment is
  # written and committed (a uniform delay would mostly hit the parse).
  if ((iteration % 2 == 1)); then
    delay_ms=$((RANDOM % (duration_ms + 1)))
  else
    delay_ms=$((duration_ms * 6 / 10 + RANDOM % (duration_ms * 4 / 10 + 1)))
  fi
  "$PAYBACK" ingest -w ws events "$BIG" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  # (Braces and 2>/dev/null: no "Killed" job notice from bash.)
  { wait "$pid"; } 2>/dev/null
  status=$?
  if [[ $status -ne 137 && $status -ne 0 ]]; then
    fail "iteration $iteration: ingest exited with $status before the kill"
  fi

  if ! report ws killed.json; then
    fail "iteration $iteration: report after a kill at ${delay_ms} ms failed: $(cat report.err)"
    continue
  fi
  if cmp -s killed.json before.json; then
    outcome=before
    committed=1
    expected_followup=before_followup.json
    killed_before=$((killed_before + 1))
  elif cmp -s killed.json after.json; then
    outcome=after
    committed=2
    expected_followup=after_followup.json
    if [[ $status -eq 0 ]]; then
      finished_first=$((finished_first + 1))
      # The machine is faster than measured: aim the next kills earlier.
      duration_ms=$((duration_ms * 9 / 10))
    else
      killed_after=$((killed_after + 1))
    fi
  else
    fail "iteration $iteration: kill at ${delay_ms} ms left a report that is neither the" \
      "one before nor the one after the ingest"
    diff <(head -c 4000 before.json) <(head -c 4000 killed.json) | head -20 >&2
    continue
  fi
  files=$(segment_count ws)
  if [[ $files -lt $committed ]]; then
    fail "iteration $iteration: $files segment files for $committed committed ingests"
  elif [[ $files -gt $committed ]]; then
    orphans_seen=$((orphans_seen + 1))
  fi

  # The next writer works, removes any orphan, and the data is what clean runs give.
  if ! "$PAYBACK" ingest -w ws events followup.csv >/dev/null 2>ingest.err; then
    fail "iteration $iteration ($outcome): ingest after the kill failed: $(cat ingest.err)"
    continue
  fi
  files=$(segment_count ws)
  if [[ $files -ne $((committed + 1)) ]]; then
    fail "iteration $iteration ($outcome): $files segment files after the next ingest," \
      "expected $((committed + 1)) (an orphan survived?)"
  fi
  if ! report ws followup.json; then
    fail "iteration $iteration ($outcome): report after the next ingest failed: $(cat report.err)"
  elif ! cmp -s followup.json "$expected_followup"; then
    fail "iteration $iteration ($outcome): report after the next ingest differs from a clean run"
  fi
done

echo "crash_test: kills before the commit: $killed_before; after the commit: $killed_after;" \
  "ingest finished before the kill: $finished_first; kills that left an orphan file: $orphans_seen"
if [[ $failures -ne 0 ]]; then
  echo "crash_test: $failures violation(s)" >&2
  exit 1
fi
echo "crash_test: OK"
