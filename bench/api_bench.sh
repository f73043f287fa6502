#!/usr/bin/env bash
# The API benchmark of issue 4 (not a CI test): warm report requests against `payback serve`
# over loopback, with 50 concurrent connections (wrk), on the workspace bench/run.sh built.
# Prints throughput and the latency percentiles, p95 included. See bench/README.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
payback="${PAYBACK:-$root/build/release/payback}"
workspace="${1:-$root/bench/out/ws-messaging-1000000u}"
connections="${CONNECTIONS:-50}"
seconds="${SECONDS_PER_RUN:-10}"
port="${PORT:-18787}"

command -v wrk >/dev/null || { echo "api_bench.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[[ -d "$workspace" ]] || { echo "api_bench.sh: no workspace $workspace (run bench/run.sh first)" >&2; exit 1; }

token="$("$payback" token create -w "$workspace" --role viewer --label api-bench 2>/dev/null)"
"$payback" serve -w "$workspace" --port "$port" 2>/dev/null &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  "$payback" token revoke -w "$workspace" "$(echo "$token" | cut -d_ -f2)" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/health" && break
  sleep 0.1
done

script="$(mktemp --suffix=.lua)"
cat >"$script" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("  requests %d in %.1f s = %.0f/s; latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms; errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
LUA
trap 'rm -f "$script"; cleanup' EXIT

bench() {
  local label="$1" path="$2"
  local start end
  start=$(date +%s%N)
  curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path"
  end=$(date +%s%N)
  echo "$label: first (cold) request $(( (end - start) / 1000000 )) ms; then $connections connections for ${seconds}s:"
  wrk -t2 -c"$connections" -d"${seconds}s" -s "$script" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port$path" | grep '^  requests'
}

echo "payback API benchmark: $workspace, $(nproc) cores"
bench "report (json)" "/api/v1/report"
bench "report --channel push" "/api/v1/report?channel=push"
bench "report.csv" "/api/v1/report.csv"
bench "health" "/api/v1/health"
