#!/usr/bin/env bash
# Go benchmarks of the performance workload (internal/bench): each question answered by
# direct store calls, by full in-process GraphQL execution, and from the response cache, at
# 1k and 100k nodes (and 1M with KG_BENCH_1M=1). Prints medians, ranges and ratios.
#
#   scripts/bench.sh                                  # COUNT=5 runs of 1s each
#   KG_BENCH_1M=1 COUNT=3 scripts/bench.sh
#   COUNT=1 BENCHTIME=1x scripts/bench.sh             # smoke (what CI does)
#   scripts/bench.sh -bench 'BenchmarkWorkload/size=100k/case=Path'   # extra go test args
#
# Raw output is kept in bench.out (or $OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench.out}
go test ./internal/bench -run '^$' -bench BenchmarkWorkload -benchmem \
  -count "${COUNT:-5}" -benchtime "${BENCHTIME:-1s}" -timeout 60m "$@" | tee "$OUT"
echo
go run ./scripts/benchsummary <"$OUT"
