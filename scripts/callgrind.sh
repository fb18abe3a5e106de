#!/usr/bin/env bash
# Instructions per request for each workload case (internal/bench) at each level, counted
# by valgrind's callgrind: deterministic, so one run judges a change without machine noise.
#
#   store    the case's store calls alone (bench.Case.Direct)
#   floor    the same store calls and hand-written JSON of the same bytes (bench.Case.Floor)
#   graphql  the whole HTTP handler (limits, log, loaders, gqlgen, JSON), response cache off
#   cached   the same handler with the response cache on, after one miss
#
# internal/bench/callgrind builds everything and warms every level up, then per level answers
# N requests and asks callgrind for a dump of exactly those (a client request); this script
# divides. Callgrind runs ~50× slower than native: keep N small (the counts barely move).
# Reports, never asserts a number; it fails only when a request does not answer cleanly.
# Needs valgrind (Debian package valgrind); without it, it says so and succeeds.
#
#   scripts/callgrind.sh                          # every case, N=5, 1k graph
#   N=10 CASES="WhoRepresentsWhom ThreeLevels" scripts/callgrind.sh
#   OUT=/tmp/cg scripts/callgrind.sh              # keep the dumps (callgrind_annotate them)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-5}
SIZE=${SIZE:-1000}
CASES=${CASES:-"WhoRepresentsWhom ThreeLevels Neighbourhood2 NeighbourhoodFixed Search Path"}
VALGRIND=${VALGRIND:-valgrind}
if ! command -v "$VALGRIND" >/dev/null; then
	echo "callgrind.sh: valgrind not installed (apt-get install valgrind); nothing measured" >&2
	exit 0
fi
if [ "$(go env GOARCH)" != amd64 ]; then
	echo "callgrind.sh: the callgrind client request is written for amd64 only; nothing measured" >&2
	exit 0
fi

keep=${OUT:-}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
[ -n "$keep" ] || trap 'rm -rf "$OUT"' EXIT

# A static binary (no cgo), and no asynchronous preemption: callgrind (3.19) aborts on the
# preemption signals Go sends its threads. Neither changes what a request executes.
CGO_ENABLED=0 go build -o "$OUT/kg-callgrind" ./internal/bench/callgrind

failed=0
printf '%-20s %12s %12s %12s %12s %10s %10s\n' case store floor graphql cached graphql/floor graphql/store
for c in $CASES; do
	rm -f "$OUT/$c".out*
	if ! GODEBUG=asyncpreemptoff=1 GOMAXPROCS=2 "$VALGRIND" --tool=callgrind \
		--callgrind-out-file="$OUT/$c.out" "$OUT/kg-callgrind" -case "$c" -size "$SIZE" -n "$N" \
		>"$OUT/$c.log" 2>&1; then
		echo "callgrind.sh: $c failed:" >&2
		grep -v '^==' "$OUT/$c.log" | tail -5 >&2
		failed=1
		continue
	fi
	declare -A per=()
	for f in "$OUT/$c".out.*; do
		level=$(sed -n "s/^desc: Trigger: Client Request: $c \([a-z]*\) n=$N\$/\1/p" "$f")
		[ -n "$level" ] || continue
		total=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$f")
		per[$level]=$((total / N))
	done
	fmt() { if [ -n "${per[$1]:-}" ]; then awk -v x="${per[$1]}" 'BEGIN{printf "%.2f M", x/1e6}'; else echo -; fi; }
	ratio() { if [ -n "${per[$1]:-}" ] && [ -n "${per[$2]:-}" ]; then awk -v a="${per[$1]}" -v b="${per[$2]}" 'BEGIN{printf "%.1f×", a/b}'; else echo -; fi; }
	printf '%-20s %12s %12s %12s %12s %10s %10s\n' "$c" "$(fmt store)" "$(fmt floor)" "$(fmt graphql)" "$(fmt cached)" \
		"$(ratio graphql floor)" "$(ratio graphql store)"
	unset per
done
echo "(instructions per request, callgrind, ${SIZE}-node synthetic graph, N=$N after warm-up; $(go version | cut -d' ' -f3))"
exit "$failed"
