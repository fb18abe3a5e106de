#!/usr/bin/env bash
# Browser tests of the pages kg serves (GraphiQL at /, the explorer at /explore): builds kg,
# starts `kg serve` on a free loopback port, and runs tests/browser/*.test.js in Debian's
# chromium through playwright-core (every request to another origin is failed and fails the
# test). Screenshots go to artifacts/screenshots/ (or $KG_SCREENSHOTS).
#
# Needs: /usr/bin/chromium (apt-get install chromium) and Node.js with npm; the test packages
# come from tests/browser/package-lock.json (npm ci, no browser download).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

chromium="${KG_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "no $chromium: install Debian's chromium (apt-get install -y chromium)" >&2
  exit 1
fi
"$chromium" --version

(cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/kg" ./cmd/kg
# Port 0: the kernel picks a free port, and kg logs the address it listens on.
KG_ADDR=127.0.0.1:0 KG_LOG_FORMAT=json "$work/kg" serve >"$work/serve.log" 2>&1 &
pid=$!
addr=""
for _ in $(seq 1 300); do # at most 30 s
  addr="$(sed -n 's/.*"msg":"listening","addr":"\([^"]*\)".*/\1/p' "$work/serve.log" | head -1)"
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; echo "kg serve exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$addr" ] || { cat "$work/serve.log"; echo "kg serve did not start" >&2; exit 1; }
echo "kg serve on http://$addr"

export KG_BASE_URL="http://$addr" KG_SCREENSHOTS="${KG_SCREENSHOTS:-$root/artifacts/screenshots}"
mkdir -p "$KG_SCREENSHOTS"
status=0
(cd tests/browser && node --test --test-concurrency=1 ./*.test.js) || status=$?
echo "screenshots: $KG_SCREENSHOTS"; ls "$KG_SCREENSHOTS"
if [ "$status" != 0 ]; then
  echo "--- kg serve log (last 30 lines)"; tail -30 "$work/serve.log"
fi
exit "$status"
