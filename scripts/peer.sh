#!/usr/bin/env bash
# Side by side with the Neo4j GraphQL Library (issue 20): the same questions, the same Neo4j,
# one run.
#
# Starts Neo4j (scripts/neo4j.sh), and for the seed graph and each synthetic size: loads the
# graph into Neo4j (seeds: `kg load`; generated graphs: scripts/peer/kgpeer load, the same
# neo4jstore.Load on an internal/gen graph), starts on loopback
#   kg-neo4j        kg serve on Neo4j, response cache off
#   kg-neo4j+cache  kg serve on Neo4j, response cache 64 MiB (full mode only)
#   kg-embedded     kg serve on the embedded store (same graph: the seeds / -synthetic SIZE), cache off
#   peer            scripts/peer/server.mjs: @neo4j/graphql 7 + Apollo Server on the same Neo4j
# checks that all of them give the same answer to every question of scripts/peer/questions.mjs
# (exit 1 otherwise), counts Cypher round trips per request, then measures each with
# cmd/kgload (64 clients, warm-up, rounds interleaved) and prints a Markdown table.
#
#   scripts/peer.sh                 # seeds (check only) + 10k and 100k (check + measure)
#   scripts/peer.sh --smoke         # seeds (check) + 1k (check, 1 round of 1 s, 8 clients): for
#                                   # CI; asserts equal answers and zero errors, never times
#   SIZES=10k ROUNDS=3 scripts/peer.sh
#
# Environment: SIZES (default "10k 100k"; smoke "1k"), ROUNDS (2), DURATION (10s), WARMUP (3s),
# CLIENTS (64), PORT (first of four loopback ports, default 18181), OUT (results directory,
# default a new temporary one), KG_NEO4J_PORT and KG_NEO4J_HEAP (scripts/neo4j.sh; heap
# default here 2g, 6g when SIZES has 100k). If a Neo4j already runs on KG_NEO4J_PORT it is used (and left running);
# its database is overwritten. Needs Go, Java 17 + Maven (scripts/neo4j.sh), Node.js ≥ 20
# and npm (npm ci in scripts/peer when node_modules is missing or stale).
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
[[ "${1:-}" == --smoke ]] && smoke=1
if [[ $smoke == 1 ]]; then
  SIZES=${SIZES:-1k}; ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-1s}; WARMUP=${WARMUP:-500ms}; CLIENTS=${CLIENTS:-8}
else
  SIZES=${SIZES:-10k 100k}; ROUNDS=${ROUNDS:-2}; DURATION=${DURATION:-10s}; WARMUP=${WARMUP:-3s}; CLIENTS=${CLIENTS:-64}
fi
PORT=${PORT:-18181}
# Neo4j's heap: 2g is enough for 10k; the one-transaction load of 100k (100,000 nodes,
# 511,762 relationships) ran in 4 min with 6g (old generation at 3.2 GB during the load).
case " $SIZES " in
*" 100k "* | *" 1m "*) export KG_NEO4J_HEAP=${KG_NEO4J_HEAP:-6g} ;;
*) export KG_NEO4J_HEAP=${KG_NEO4J_HEAP:-2g} ;;
esac
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kg-peer.XXXXXX")}
mkdir -p "$OUT"
results="$OUT/results.jsonl"
: >"$results"

bin=$(mktemp -d)
pids=()
started_neo4j=0
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ $started_neo4j == 1 ]]; then scripts/neo4j.sh stop || true; fi
  rm -rf "$bin"
}
trap cleanup EXIT

echo "== build kg, kgload, kgpeer"
go build -o "$bin/kg" ./cmd/kg
go build -o "$bin/kgload" ./cmd/kgload
go build -o "$bin/kgpeer" ./scripts/peer/kgpeer

echo "== peer dependencies (npm ci when needed)"
if [[ ! -f scripts/peer/node_modules/.package-lock.json || scripts/peer/package-lock.json -nt scripts/peer/node_modules/.package-lock.json ]]; then
  (cd scripts/peer && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== Neo4j"
if ! scripts/neo4j.sh status >/dev/null 2>&1; then started_neo4j=1; fi
eval "$(scripts/neo4j.sh start)"
export NEO4J_URI
neo4j_pid=$(cat "${KG_NEO4J_DIR:-${TMPDIR:-/tmp}/kg-neo4j-$(id -u)-${KG_NEO4J_PORT:-17687}}/neo4j.pid")

url() { echo "http://127.0.0.1:$1/graphql"; }
p_neo=$PORT p_cache=$((PORT + 1)) p_mem=$((PORT + 2)) p_peer=$((PORT + 3))

# wait_ready NAME PORT PID: /readyz for kg, a trivial query for the peer.
wait_ready() {
  local name=$1 port=$2 pid=$3
  for _ in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name exited; log:" >&2; tail -n 30 "$OUT/$name.log" >&2; return 1; fi
    if [[ $name == peer ]]; then
      curl -fsS -o /dev/null -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "$(url "$port")" 2>/dev/null && return 0
    else
      curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && return 0
    fi
    sleep 0.5
  done
  echo "$name did not get ready on port $port" >&2
  return 1
}

# start NAME PORT CMD...: start a server in the background, log to $OUT/NAME.log.
start() {
  local name=$1 port=$2; shift 2
  "$@" >"$OUT/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  eval "pid_${name//[-+]/_}=$pid"
  wait_ready "$name" "$port" "$pid"
}

stop_servers() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

failed=0
for graph in seeds $SIZES; do
  echo "== graph $graph: load into Neo4j"
  lm="$OUT/landmarks-$graph.json"
  if [[ $graph == seeds ]]; then
    "$bin/kg" load | tee "$OUT/load-$graph.txt"
    "$bin/kgpeer" landmarks -graph seeds >"$lm"
    mem_args=()
  else
    "$bin/kgpeer" load -graph "$graph" >"$lm" 2> >(tee "$OUT/load-$graph.txt" >&2)
    mem_args=(-synthetic "$graph")
  fi
  echo "   landmarks: $(cat "$lm")"

  echo "== graph $graph: start the servers"
  start kg-neo4j "$p_neo" "$bin/kg" serve -addr "127.0.0.1:$p_neo" -response-cache 0
  targets="kg-neo4j=$(url "$p_neo")"
  tpids="kg-neo4j=$pid_kg_neo4j"
  if [[ $smoke == 0 ]]; then
    start kg-neo4j+cache "$p_cache" "$bin/kg" serve -addr "127.0.0.1:$p_cache" -response-cache 64
    targets+=",kg-neo4j+cache=$(url "$p_cache")"
    tpids+=",kg-neo4j+cache=$pid_kg_neo4j_cache"
  fi
  start kg-embedded "$p_mem" env -u NEO4J_URI "$bin/kg" serve -addr "127.0.0.1:$p_mem" -response-cache 0 "${mem_args[@]}"
  start peer "$p_peer" env PEER_ADDR="127.0.0.1:$p_peer" node scripts/peer/server.mjs
  targets+=",kg-embedded=$(url "$p_mem"),peer=$(url "$p_peer")"
  tpids+=",kg-embedded=$pid_kg_embedded,peer=$pid_peer"

  echo "== graph $graph: same answers?"
  if ! node scripts/peer/bench.mjs check --graph "$graph" --landmarks "$lm" --targets "$targets" \
    --kgpeer "$bin/kgpeer" --out "$results"; then
    failed=1
  fi
  # The seed graph is small and curated: checked, not measured.
  if [[ $graph != seeds ]]; then
    echo "== graph $graph: measure ($ROUNDS rounds × questions × servers, $CLIENTS clients, $WARMUP warm-up + $DURATION each)"
    node scripts/peer/bench.mjs measure --graph "$graph" --landmarks "$lm" --targets "$targets" --pids "$tpids" \
      --neo4j-pid "$neo4j_pid" --kgload "$bin/kgload" --rounds "$ROUNDS" --duration "$DURATION" \
      --warmup "$WARMUP" --clients "$CLIENTS" --out "$results"
  fi
  stop_servers
done

echo
echo "== versions"
{
  # The heap of the server that ran (one already running was started with its own).
  xmx=$(tr '\0' '\n' <"/proc/$neo4j_pid/cmdline" 2>/dev/null | grep -m1 '^-Xmx' || echo "-Xmx$KG_NEO4J_HEAP")
  echo "Neo4j $(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' scripts/neo4j/pom.xml) Community (scripts/neo4j.sh, $xmx), $(go version | cut -d' ' -f3), Node.js $(node --version)"
  (cd scripts/peer && node -e 'const l=require("./package-lock.json").packages;console.log(["@neo4j/graphql","@apollo/server","neo4j-driver","graphql"].map(p=>p+" "+l["node_modules/"+p].version).join(", "))')
  echo "$(nproc) CPUs, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/versions.txt"
echo
echo "== results ($results)"
node scripts/peer/bench.mjs table "$results" | tee "$OUT/table.md"

if grep -q '"kind":"measure"' "$results"; then
  node -e '
    const rows = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
    const bad = rows.filter((r) => r.kind === "measure" && r.errors > 0);
    for (const r of bad) console.error(`errors: ${r.graph} ${r.question} ${r.target}: ${r.errors} (${r.firstError || ""})`);
    process.exit(bad.length ? 1 : 0)' "$results" || failed=1
fi
if [[ $failed != 0 ]]; then
  echo "peer.sh: answers differ or requests failed (see above; results in $OUT)" >&2
  exit 1
fi
echo "peer.sh: all answers equal, no errors (results in $OUT)"
