#!/usr/bin/env bash
# Runs one golden scenario of payback: run_scenario.sh SCENARIO_DIR PAYBACK_BINARY
#
# The scenario folder is copied to a fresh temporary directory (so files the binary writes,
# such as FILE.rejects.csv or an export, never land in the source tree), a fresh workspace is
# created with `payback init`, and the folder's `script` is executed line by line. The script
# language is described in README.md next to this file. Exits 0 when every line passes, else 1
# on the first failure with a message naming the scenario and the script line. Set
# PAYBACK_KEEP_SCENARIO=1 to keep the temporary directory for inspection, and
# PAYBACK_SCENARIO_KEEP_GOING=1 to run every line and report every failure.

set -u -o pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: run_scenario.sh SCENARIO_DIR PAYBACK_BINARY" >&2
  exit 2
fi
if [[ ! -f "$1/script" ]]; then
  echo "run_scenario.sh: $1/script not found" >&2
  exit 2
fi
if [[ ! -x "$2" ]]; then
  echo "run_scenario.sh: $2 is not an executable" >&2
  exit 2
fi
command -v jq >/dev/null || { echo "run_scenario.sh: jq is required" >&2; exit 2; }

SCENARIO_DIR=$(cd "$1" && pwd)
PAYBACK=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
SCENARIO=$(basename "$SCENARIO_DIR")
TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/payback-scenario-$SCENARIO.XXXXXX")
IN="$TMP_ROOT/in"  # the copy of the scenario folder; commands run here
WS="$TMP_ROOT/ws"  # the workspace
OUT="$TMP_ROOT/out"  # captured outputs of the last command
mkdir -p "$OUT"
cp -R "$SCENARIO_DIR/." "$IN"
# The scenario must not depend on the caller's environment.
unset PAYBACK_WORKSPACE
export TZ=UTC LC_ALL=C

cleanup() {
  if [[ -n "${PAYBACK_KEEP_SCENARIO:-}" ]]; then
    echo "run_scenario.sh: kept $TMP_ROOT" >&2
  else
    rm -rf "$TMP_ROOT"
  fi
}
trap cleanup EXIT

LINE_NO=0
LINE_TEXT=""

# Details of a failure (diffs, the command's standard error) are collected in $DETAILS and
# printed by fail() after the line that names the scenario and the script line.
DETAILS="$OUT/details"
: >"$DETAILS"

fail() {
  {
    echo "FAIL: scenario $SCENARIO, script line $LINE_NO: $LINE_TEXT"
    printf '  %s\n' "$@"
    cat "$DETAILS"
  } >&2
  exit 1
}

show_stderr() {
  if [[ -s "$OUT/stderr" ]]; then
    echo "  standard error was:"
    sed 's/^/    | /' "$OUT/stderr"
  fi >>"$DETAILS"
}

# Fresh workspace (also used by `new-workspace`).
new_workspace() {
  rm -rf "$WS"
  if ! "$PAYBACK" init "$WS" >"$OUT/stdout" 2>"$OUT/stderr"; then
    show_stderr
    fail "payback init failed"
  fi
}

# run_payback ARGS... : runs the binary with -w inserted after the subcommand (after the
# second word for `config apply` / `config show` / `metric check`); a trailing `< FILE` redirects standard
# input. Leaves stdout/stderr in $OUT and the exit status in RC.
RC=0
run_payback() {
  local -a args=("$@")
  local stdin_file=/dev/null
  local n=${#args[@]}
  if (( n >= 2 )) && [[ "${args[n-2]}" == "<" ]]; then
    stdin_file="${args[n-1]}"
    args=("${args[@]:0:n-2}")
    n=${#args[@]}
  fi
  (( n >= 1 )) || fail "no payback arguments"
  local -a argv
  if [[ "${args[0]}" == "init" ]]; then
    argv=("${args[@]}")
  elif [[ "${args[0]}" == "config" || "${args[0]}" == "metric" ]] && (( n >= 2 )); then
    argv=("${args[0]}" "${args[1]}" -w "$WS" "${args[@]:2}")
  else
    argv=("${args[0]}" -w "$WS" "${args[@]:1}")
  fi
  (cd "$IN" && "$PAYBACK" "${argv[@]}" <"$stdin_file" >"$OUT/stdout" 2>"$OUT/stderr")
  RC=$?
}

# The observable state of the workspace: the settings in force, the default report, and the
# workspace files (sqlite journals aside). Printed to standard output.
workspace_state() {
  echo "== config show"
  (cd "$IN" && "$PAYBACK" config show -w "$WS" 2>&1; echo "exit $?")
  echo "== report"
  (cd "$IN" && "$PAYBACK" report -w "$WS" --format json 2>&1; echo "exit $?")
  echo "== files"
  (cd "$WS" && find . -type f ! -name '*-wal' ! -name '*-shm' ! -name '*-journal' -print0 |
     sort -z | xargs -0 -r sha256sum)
}

# split_at_separator ARGS... : sets BEFORE (words before `--`) and AFTER (words after it).
split_at_separator() {
  BEFORE=()
  AFTER=()
  local seen=0 word
  for word in "$@"; do
    if (( seen == 0 )) && [[ "$word" == "--" ]]; then
      seen=1
    elif (( seen == 0 )); then
      BEFORE+=("$word")
    else
      AFTER+=("$word")
    fi
  done
  (( seen == 1 )) || fail "missing ' -- ' before the payback arguments"
  (( ${#AFTER[@]} >= 1 )) || fail "no payback arguments after ' -- '"
}

# Appends --format json to payback arguments, before a trailing `< FILE`.
with_json_format() {
  local -a args=("$@")
  local n=${#args[@]}
  if (( n >= 2 )) && [[ "${args[n-2]}" == "<" ]]; then
    WITH_FORMAT=("${args[@]:0:n-2}" --format json "${args[@]:n-2}")
  else
    WITH_FORMAT=("${args[@]}" --format json)
  fi
}

# line_matches PATTERN TEXT : PATTERN is literal text where `{{*}}` stands for any text.
line_matches() {
  local pattern=$1 text=$2
  if [[ "$pattern" != *"{{*}}"* ]]; then
    [[ "$pattern" == "$text" ]]
    return
  fi
  local -a parts=()
  local rest=$pattern
  while [[ "$rest" == *"{{*}}"* ]]; do
    parts+=("${rest%%"{{*}}"*}")
    rest=${rest#*"{{*}}"}
  done
  parts+=("$rest")
  local first=${parts[0]} last=${parts[${#parts[@]}-1]}
  [[ "$text" == "$first"* ]] || return 1
  text=${text#"$first"}
  (( ${#text} >= ${#last} )) || return 1
  [[ "$text" == *"$last" ]] || return 1
  text=${text:0:${#text}-${#last}}
  local idx part
  for (( idx = 1; idx < ${#parts[@]} - 1; ++idx )); do
    part=${parts[idx]}
    [[ "$text" == *"$part"* ]] || return 1
    text=${text#*"$part"}
  done
  return 0
}

# files_match ACTUAL EXPECTED : line by line, `{{*}}` in EXPECTED matches any text.
files_match() {
  local -a actual expected
  mapfile -t actual <"$1"
  mapfile -t expected <"$2"
  (( ${#actual[@]} == ${#expected[@]} )) || return 1
  local idx
  for (( idx = 0; idx < ${#expected[@]}; ++idx )); do
    line_matches "${expected[idx]}" "${actual[idx]}" || return 1
  done
  return 0
}

expect_json() {
  split_at_separator "$@"
  (( ${#BEFORE[@]} == 1 )) || fail "usage: expect-json FILE -- ARGS..."
  local expected="$IN/${BEFORE[0]}"
  [[ -f "$expected" ]] || fail "expected file ${BEFORE[0]} not found"
  with_json_format "${AFTER[@]}"
  run_payback "${WITH_FORMAT[@]}"
  if (( RC != 0 )); then
    show_stderr
    fail "payback exited $RC, expected 0"
  fi
  if ! jq -S . "$OUT/stdout" >"$OUT/actual.json" 2>"$OUT/jq_error"; then
    sed 's/^/    | /' "$OUT/stdout" >>"$DETAILS"
    fail "payback did not print valid JSON"
  fi
  jq -S . "$expected" >"$OUT/expected.json" || fail "${BEFORE[0]} is not valid JSON"
  if ! cmp -s "$OUT/expected.json" "$OUT/actual.json"; then
    echo "  diff (- expected ${BEFORE[0]}, + actual):" >>"$DETAILS"
    diff -u "$OUT/expected.json" "$OUT/actual.json" | tail -n +3 | sed 's/^/    /' >>"$DETAILS"
    fail "JSON output differs from ${BEFORE[0]}"
  fi
}

expect_stdout() {
  split_at_separator "$@"
  (( ${#BEFORE[@]} == 1 )) || fail "usage: expect-stdout FILE -- ARGS..."
  local expected="$IN/${BEFORE[0]}"
  [[ -f "$expected" ]] || fail "expected file ${BEFORE[0]} not found"
  run_payback "${AFTER[@]}"
  if (( RC != 0 )); then
    show_stderr
    fail "payback exited $RC, expected 0"
  fi
  if ! files_match "$OUT/stdout" "$expected"; then
    echo "  diff (- expected ${BEFORE[0]}, + actual):" >>"$DETAILS"
    diff -u "$expected" "$OUT/stdout" | tail -n +3 | sed 's/^/    /' >>"$DETAILS"
    fail "standard output differs from ${BEFORE[0]}"
  fi
}

# expect_exit CHECK_UNCHANGED CODE SUBSTRING -- ARGS...
expect_exit() {
  local check_unchanged=$1
  shift
  split_at_separator "$@"
  (( ${#BEFORE[@]} == 2 )) || fail "usage: expect-fail|expect-exit CODE \"SUBSTRING\" -- ARGS..."
  local code=${BEFORE[0]} substring=${BEFORE[1]}
  [[ "$code" =~ ^[0-9]+$ ]] || fail "exit code '$code' is not a number"
  if (( check_unchanged )); then
    workspace_state >"$OUT/state_before"
  fi
  run_payback "${AFTER[@]}"
  if (( RC != code )); then
    show_stderr
    fail "payback exited $RC, expected $code"
  fi
  if ! grep -qF -- "$substring" "$OUT/stderr"; then
    show_stderr
    fail "standard error does not contain: $substring"
  fi
  if (( check_unchanged )); then
    workspace_state >"$OUT/state_after"
    if ! cmp -s "$OUT/state_before" "$OUT/state_after"; then
      echo "  diff (- before, + after):" >>"$DETAILS"
      diff -u "$OUT/state_before" "$OUT/state_after" | tail -n +3 | sed 's/^/    /' >>"$DETAILS"
      fail "the workspace changed although the command failed"
    fi
  fi
}

expect_file() {
  (( $# == 2 )) || fail "usage: expect-file FILE EXPECTED"
  [[ -f "$IN/$1" ]] || fail "file $1 was not produced"
  [[ -f "$IN/$2" ]] || fail "expected file $2 not found"
  if ! files_match "$IN/$1" "$IN/$2"; then
    echo "  diff (- expected $2, + actual $1):" >>"$DETAILS"
    diff -u "$IN/$2" "$IN/$1" | tail -n +3 | sed 's/^/    /' >>"$DETAILS"
    fail "file $1 differs from $2"
  fi
}

expect_no_file() {
  (( $# == 1 )) || fail "usage: expect-no-file FILE"
  [[ ! -e "$IN/$1" ]] || fail "file $1 exists but should not"
}

echo "scenario $SCENARIO (binary $PAYBACK)"
new_workspace

FAILURES=0
mapfile -t SCRIPT_LINES <"$SCENARIO_DIR/script"
total=${#SCRIPT_LINES[@]}
idx=0
while (( idx < total )); do
  LINE_NO=$((idx + 1))
  LINE_TEXT=${SCRIPT_LINES[idx]}
  idx=$((idx + 1))
  # A trailing backslash continues the command on the next line.
  while [[ "$LINE_TEXT" == *\\ ]] && (( idx < total )); do
    LINE_TEXT="${LINE_TEXT%\\} ${SCRIPT_LINES[idx]}"
    idx=$((idx + 1))
  done
  trimmed="${LINE_TEXT#"${LINE_TEXT%%[![:space:]]*}"}"
  [[ -z "$trimmed" || "$trimmed" == \#* ]] && continue
  echo "  $LINE_NO: $trimmed"
  : >"$DETAILS"

  if [[ "$trimmed" == "sh "* ]]; then
    command_text=${trimmed#sh }
    if ! (cd "$IN" && PAYBACK="$PAYBACK" WS="$WS" bash -c "$command_text") >"$OUT/stdout" \
        2>"$OUT/stderr"; then
      show_stderr
      fail "shell command failed"
    fi
    continue
  fi

  # Words are split as by the shell ('single', "double" quotes and backslashes), without any
  # expansion of variables or globs.
  if ! printf '%s\n' "$trimmed" | xargs printf '%s\0' >"$OUT/words" 2>"$OUT/xargs_error"; then
    fail "cannot split the line into words: $(cat "$OUT/xargs_error")"
  fi
  mapfile -d '' -t WORDS <"$OUT/words"
  verb=${WORDS[0]}
  args=("${WORDS[@]:1}")
  # Each command runs in a subshell, so that fail() ends only this command; the runner stops
  # at the first failure unless PAYBACK_SCENARIO_KEEP_GOING is set.
  (
  case "$verb" in
    payback)
      run_payback "${args[@]}"
      if (( RC != 0 )); then
        show_stderr
        fail "payback exited $RC, expected 0"
      fi
      ;;
    expect-json) expect_json "${args[@]}" ;;
    expect-stdout) expect_stdout "${args[@]}" ;;
    expect-fail) expect_exit 1 "${args[@]}" ;;
    expect-exit) expect_exit 0 "${args[@]}" ;;
    expect-file) expect_file "${args[@]}" ;;
    expect-no-file) expect_no_file "${args[@]}" ;;
    new-workspace)
      (( ${#args[@]} == 0 )) || fail "usage: new-workspace"
      new_workspace
      ;;
    *) fail "unknown script command '$verb'" ;;
  esac
  ) || {
    FAILURES=$((FAILURES + 1))
    [[ -n "${PAYBACK_SCENARIO_KEEP_GOING:-}" ]] || exit 1
  }
done

if (( FAILURES > 0 )); then
  echo "FAIL: scenario $SCENARIO: $FAILURES failing line(s)" >&2
  exit 1
fi
echo "PASS: scenario $SCENARIO"
