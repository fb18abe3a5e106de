#!/usr/bin/env bash
# The GraphQL-over-HTTP spec audit (npm graphql-http, pinned in scripts/graphql-http-audit/
# package-lock.json) against `kg serve` on loopback. Fails on any audit error and on any
# warning not explained in docs/operations.md ("GraphQL over HTTP").
#
# usage: scripts/graphql-http-audit.sh      (PORT=18480 by default; needs go, node and npm)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-18480}"
dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

(cd scripts/graphql-http-audit && npm ci --no-audit --no-fund --loglevel=error)
go build -o "$dir/kg" ./cmd/kg
"$dir/kg" serve -addr "127.0.0.1:$port" -log-format text 2>"$dir/serve.log" &
pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$dir/serve.log"; echo "kg serve exited"; exit 1; fi
  sleep 0.1
done
node scripts/graphql-http-audit/audit.mjs "http://127.0.0.1:$port/graphql"
