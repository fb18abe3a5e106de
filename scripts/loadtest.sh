#!/usr/bin/env bash
# HTTP load test of the who-represents-whom query (or another case of internal/bench).
#
# Builds kg and kgload, serves a synthetic graph on loopback, and drives it with 64
# concurrent clients: wrk (-t2 -c64, Debian package "wrk") when installed, else the Go load
# generator cmd/kgload. Reports requests/s, p50, p99, errors, and the server's RSS.
#
#   scripts/loadtest.sh                      # 100k nodes, response cache on and off
#   SIZE=1M DURATION=30s scripts/loadtest.sh
#   CACHE=off TOOL=kgload CASE=ThreeLevels scripts/loadtest.sh
#
# Environment: SIZE (1k|100k|1M, default 100k), DURATION (default 20s), CLIENTS (64),
# CACHE (on|off|both, default both), TOOL (wrk|kgload, default wrk if installed),
# CASE (default WhoRepresentsWhom), PORT (18080), KG_GZIP=1 (wrk only: send
# Accept-Encoding: gzip, as browsers do), KG_BIN (a kg binary to serve instead of building
# this checkout's: to compare two revisions in one session, e.g.
#   git worktree add /tmp/old REV && (cd /tmp/old && go build -o /tmp/kg-old ./cmd/kg)
#   for b in /tmp/kg-old ""; do KG_BIN=$b CACHE=off TOOL=kgload scripts/loadtest.sh; done).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-100k}
DURATION=${DURATION:-20s}
CLIENTS=${CLIENTS:-64}
CACHE=${CACHE:-both}
CASE=${CASE:-WhoRepresentsWhom}
PORT=${PORT:-18080}
if [[ -z "${TOOL:-}" ]]; then
  if command -v wrk >/dev/null; then TOOL=wrk; else TOOL=kgload; fi
fi

bin=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$bin"' EXIT
if [[ -n "${KG_BIN:-}" ]]; then
  cp "$KG_BIN" "$bin/kg"
else
  go build -o "$bin/kg" ./cmd/kg
fi
go build -o "$bin/kgload" ./cmd/kgload

# peak_rss PID: VmHWM (peak resident set) in MiB.
peak_rss() { awk '/^VmHWM:/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
rss() { awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

run() {
  local cache=$1 mb=64
  [[ $cache == off ]] && mb=0
  "$bin/kg" serve -synthetic "$SIZE" -addr "127.0.0.1:$PORT" -response-cache "$mb" -log-format json \
    2>"$bin/serve.log" &
  server=$!
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  local line body varargs=()
  line=$(grep '"busy_body"' "$bin/serve.log")
  field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" <<<"$line"; }
  case $CASE in
    WhoRepresentsWhom) varargs=(-var "body=$(field busy_body)") ;;
    ThreeLevels) varargs=(-var "person=$(field person)") ;;
    Search) varargs=(-var "text=$(field search_text)") ;;
    Path) varargs=(-var "from=$(field path_from)" -var "to=$(field path_to)") ;;
    Neighbourhood2) varargs=(-var "id=$(field center)") ;;
    *) echo "unknown CASE $CASE" >&2; exit 2 ;;
  esac
  echo "== $SIZE nodes, case $CASE (${varargs[*]}), response cache $cache, $CLIENTS clients, $DURATION, $TOOL"
  echo "   server RSS after start: $(rss "$server") MiB"
  if [[ $TOOL == wrk ]]; then
    body=$("$bin/kgload" -print-body -case "$CASE" "${varargs[@]}")
    # Warm up (unmeasured), then measure.
    KG_BODY=$body wrk -t2 -c"$CLIENTS" -d2s -s scripts/graphql.lua "http://127.0.0.1:$PORT/graphql" >/dev/null
    local out
    out=$(KG_BODY=$body wrk -t2 -c"$CLIENTS" -d"$DURATION" --latency -s scripts/graphql.lua "http://127.0.0.1:$PORT/graphql" |
      grep -E '^(summary|graphql_errors)')
    echo "$out"
    if ! grep -q '^graphql_errors 0$' <<<"$out" || ! grep -q 'socket_errors=0 non2xx=0' <<<"$out"; then
      failed=1
    fi
  else
    "$bin/kgload" -url "http://127.0.0.1:$PORT/graphql" -case "$CASE" "${varargs[@]}" -c "$CLIENTS" -d "$DURATION" -pid "$server" || failed=1
  fi
  echo "   server RSS at end: $(rss "$server") MiB, peak (whole life, start-up included): $(peak_rss "$server") MiB"
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
}

failed=0
case $CACHE in
  both) run off; run on ;;
  on | off) run "$CACHE" ;;
  *) echo "CACHE must be on, off or both" >&2; exit 2 ;;
esac
if [[ $failed != 0 ]]; then
  echo "load test: some requests failed" >&2
  exit 1
fi
