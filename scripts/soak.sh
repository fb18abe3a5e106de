#!/usr/bin/env bash
# Soak test: sustained load for a long time, sampling the server's RSS and goroutine count
# every INTERVAL, to show that serving memory stays flat (no leak of loaders, goroutines,
# cache entries or buffers).
#
#   scripts/soak.sh                     # 10 minutes, 100k nodes, uncached, 64 clients
#   DURATION_MIN=30 CACHE=on scripts/soak.sh
#
# It mixes the five workload cases (internal/bench) round-robin, one per interval, so every
# resolver path is exercised. Prints one line per interval and a verdict on growth between
# the second interval and the last (the first includes warm-up growth).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-100k}
DURATION_MIN=${DURATION_MIN:-10}
INTERVAL=${INTERVAL:-30}
CLIENTS=${CLIENTS:-64}
CACHE=${CACHE:-off}
PORT=${PORT:-18090}
DEBUG_PORT=${DEBUG_PORT:-18091}

bin=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$bin"' EXIT
go build -o "$bin/kg" ./cmd/kg
go build -o "$bin/kgload" ./cmd/kgload
mb=64
[[ $CACHE == off ]] && mb=0
"$bin/kg" serve -synthetic "$SIZE" -addr "127.0.0.1:$PORT" -debug-addr "127.0.0.1:$DEBUG_PORT" \
  -response-cache "$mb" 2>"$bin/serve.log" &
server=$!
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
line=$(grep '"busy_body"' "$bin/serve.log")
field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" <<<"$line"; }
cases=(WhoRepresentsWhom ThreeLevels Search Path Neighbourhood2)
# vars_for CASE: the kgload flags for a case, one per line (values may contain spaces).
vars_for() {
  case $1 in
    WhoRepresentsWhom) printf '%s\n' -var "body=$(field busy_body)" ;;
    ThreeLevels) printf '%s\n' -var "person=$(field person)" ;;
    Search) printf '%s\n' -var "text=$(field search_text)" ;;
    Path) printf '%s\n' -var "from=$(field path_from)" -var "to=$(field path_to)" ;;
    Neighbourhood2) printf '%s\n' -var "id=$(field center)" ;;
  esac
}
rss() { awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$server/status"; }
# heap: live heap in MiB right after a forced GC (pprof's gc=1) — the leak signal RSS blurs,
# since the runtime returns freed memory to the OS only gradually.
heap() { curl -fsS "http://127.0.0.1:$DEBUG_PORT/debug/pprof/heap?gc=1&debug=1" | awk '/^# HeapAlloc = / {printf "%.0f", $4/1048576}'; }
gor() { curl -fsS "http://127.0.0.1:$DEBUG_PORT/debug/pprof/goroutine?debug=1" | sed -nE 's/^goroutine profile: total ([0-9]+)/\1/p'; }

echo "soak: $SIZE nodes, $CLIENTS clients, cache $CACHE, ${DURATION_MIN} min, sample every ${INTERVAL}s"
echo "start: RSS $(rss) MiB, live heap $(heap) MiB, goroutines $(gor)"
rounds=$(( DURATION_MIN * 60 / INTERVAL ))
errors=0
for i in $(seq 1 "$rounds"); do
  name=${cases[$(( (i - 1) % ${#cases[@]} ))]}
  mapfile -t vars < <(vars_for "$name")
  out=$("$bin/kgload" -url "http://127.0.0.1:$PORT/graphql" -case "$name" "${vars[@]}" -c "$CLIENTS" -d "${INTERVAL}s" -warmup 0s -json 2>&1 || true)
  rps=$(sed -nE 's/.*"rps":([0-9.]+).*/\1/p' <<<"$out" | cut -d. -f1)
  p99=$(sed -nE 's/.*"p99_ms":([0-9.]+).*/\1/p' <<<"$out")
  errs=$(sed -nE 's/.*"errors":([0-9]+).*/\1/p' <<<"$out")
  errors=$(( errors + ${errs:-1} ))
  sleep 1 # let in-flight requests finish before sampling goroutines
  r=$(rss); g=$(gor); h=$(heap)
  printf "%3d  t=%5ds  %-17s %6s req/s  p99 %8s ms  errors %s  RSS %5s MiB  live heap %4s MiB  goroutines %s\n" \
    "$i" $(( i * INTERVAL )) "$name" "${rps:-?}" "${p99:-?}" "${errs:-?}" "$r" "$h" "$g"
  if [[ $i == "${#cases[@]}" ]]; then first_heap=$h; first_gor=$g; fi
done
echo "end: RSS $(rss) MiB, live heap $(heap) MiB, goroutines $(gor), errors $errors"
if [[ -n ${first_heap:-} ]]; then
  echo "after the first round of cases → end: live heap $first_heap → $(heap) MiB, goroutines $first_gor → $(gor)"
fi
[[ $errors == 0 ]]
