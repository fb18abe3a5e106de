#!/usr/bin/env bash
# A Neo4j Community server on 127.0.0.1 for kg's tests and local runs, without Docker: the
# embedded engine plus its Bolt connector, run by the launcher in scripts/neo4j/.
#
#   scripts/neo4j.sh start    # builds the launcher if needed, starts, waits for Bolt, prints NEO4J_URI=...
#   scripts/neo4j.sh status   # prints NEO4J_URI=... and exits 0 if running, else exits 3
#   scripts/neo4j.sh stop     # SIGTERM (clean shutdown), then deletes the data directory
#
# Idempotent: start when running only prints the URI; stop when stopped does nothing.
# Use it as:  eval "$(scripts/neo4j.sh start)"   (sets NEO4J_URI, and NEO4J_USERNAME/PASSWORD when auth is on)
#
# Environment (all optional):
#   KG_NEO4J_PORT      Bolt port on 127.0.0.1                      (default 17687)
#   KG_NEO4J_DIR       working directory: data, log, pid           (default ${TMPDIR:-/tmp}/kg-neo4j-$UID-$PORT)
#   KG_NEO4J_HEAP      JVM -Xmx                                    (default 1g)
#   KG_NEO4J_VERSION   Neo4j version to build against              (default: the pom's, 5.26.19)
#   KG_NEO4J_KEEP=1    stop keeps the data directory (restart with the same graph)
#   KG_NEO4J_START_TIMEOUT  seconds to wait for Bolt               (default 180)
#   JAVA_HOME          JDK for building and running                (default Java 17 if installed)
#   NEO4J_AUTH_ENABLED=true with NEO4J_USERNAME (default neo4j) and NEO4J_PASSWORD (>= 8 chars):
#                      require that user and password on Bolt; otherwise auth is off.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$here/neo4j"
port="${KG_NEO4J_PORT:-17687}"
dir="${KG_NEO4J_DIR:-${TMPDIR:-/tmp}/kg-neo4j-$(id -u)-$port}"
heap="${KG_NEO4J_HEAP:-1g}"
start_timeout="${KG_NEO4J_START_TIMEOUT:-180}"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
version="${KG_NEO4J_VERSION:-$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$src/pom.xml")}"
target="$src/target/$version"
pidfile="$dir/neo4j.pid"
log="$dir/neo4j.log"
auth="${NEO4J_AUTH_ENABLED:-false}"

uri_lines() {
  echo "NEO4J_URI=bolt://127.0.0.1:$port"
  if [ "$auth" = true ]; then
    echo "NEO4J_USERNAME=${NEO4J_USERNAME:-neo4j}"
    # The password is the caller's own (from its environment); echo it back only as a reference.
    echo 'NEO4J_PASSWORD="$NEO4J_PASSWORD"'
  fi
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# bolt_answers: a Bolt handshake (magic 0x6060B017, then four version proposals) gets a
# non-zero agreed version back. Proposals: 5.0-5.4 and 4.4.
bolt_answers() {
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x60\x60\xb0\x17\x00\x04\x04\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00" >&3
    r=$(head -c4 <&3 | od -An -tx1 | tr -d " \n")
    [ -n "$r" ] && [ "$r" != 00000000 ]' _ "$port" 2>/dev/null
}

build() {
  local jar="$target/kg-neo4j-launcher-1.jar"
  if [ -f "$jar" ] && [ -d "$target/lib" ] && [ -z "$(find "$src/pom.xml" "$src/src" -newer "$jar" -type f)" ]; then
    return 0
  fi
  echo "building the Neo4j $version launcher (mvn package; jars cached in ~/.m2)" >&2
  (cd "$src" && mvn -q -B -Dstyle.color=never -Dneo4j.version="$version" package >&2)
}

start() {
  if running; then
    if bolt_answers; then uri_lines; return 0; fi
    echo "neo4j.sh: process $(cat "$pidfile") is running but Bolt on 127.0.0.1:$port does not answer; log tail:" >&2
    tail -n 40 "$log" >&2 || true
    return 1
  fi
  if bolt_answers; then
    echo "neo4j.sh: something else already answers on 127.0.0.1:$port (set KG_NEO4J_PORT)" >&2
    return 1
  fi
  build
  mkdir -p "$dir/home"
  : >"$log"
  # --add-opens: without them start-up dies with "LinkageError: Cannot to link java.nio.DirectByteBuffer".
  nohup "$java" -Xmx"$heap" -Xms256m -XX:+UseSerialGC \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    -cp "$target/kg-neo4j-launcher-1.jar:$target/lib/*" \
    kg.neo4j.Launcher "$dir/home" "$port" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  local deadline=$((SECONDS + start_timeout))
  while :; do
    if ! running; then
      echo "neo4j.sh: Neo4j exited during start-up; log tail ($log):" >&2
      tail -n 60 "$log" >&2 || true
      rm -f "$pidfile"
      return 1
    fi
    # Ready once the launcher says so (after auth is set up) and Bolt answers a handshake.
    if grep -q '^kg-neo4j: ready' "$log" && bolt_answers; then
      break
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "neo4j.sh: Bolt did not answer within ${start_timeout}s; log tail ($log):" >&2
      tail -n 60 "$log" >&2 || true
      stop >/dev/null 2>&1 || true
      return 1
    fi
    sleep 0.5
  done
  echo "neo4j.sh: Neo4j $version up on 127.0.0.1:$port (pid $(cat "$pidfile"), log $log)" >&2
  uri_lines
}

stop() {
  if running; then
    local pid
    pid="$(cat "$pidfile")"
    kill -TERM "$pid"
    for _ in $(seq 1 120); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "neo4j.sh: no clean shutdown within 60s; killing $pid" >&2
      kill -KILL "$pid" || true
    fi
  fi
  rm -f "$pidfile"
  if [ "${KG_NEO4J_KEEP:-}" != 1 ] && [ -d "$dir" ]; then
    rm -rf "$dir"
  fi
}

status() {
  if running && bolt_answers; then
    uri_lines
    return 0
  fi
  echo "neo4j.sh: not running (port $port, dir $dir)" >&2
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  build) build ;;
  *) echo "usage: $0 start|stop|status|build" >&2; exit 2 ;;
esac
