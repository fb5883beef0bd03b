#!/usr/bin/env bash
# Shared by bench/run.sh and bench/memory.sh (sourced): build, the sandbox cluster process, the facade process, and
# the measurements of one facade (start-up to ready, RSS, heap after a full GC). Processes are stopped by their pid.
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
export JAVA_HOME
# the facade's JVM defaults, as ./ovc run and the container image start it (docs/benchmarks.md, "JVM defaults")
source deploy/jvm-options.sh
BENCH_FACADE_OPTS=${BENCH_FACADE_OPTS:-$OVC_DEFAULT_JAVA_OPTS}
# BENCH_AOT=false starts the facade without the AOT cache that ./ovc run uses
BENCH_AOT=${BENCH_AOT:-true}
# BENCH_JAR runs another build of the facade (e.g. a copy of the jar before a change, for a back-to-back comparison);
# BENCH_BUILD=false skips the build
BENCH_JAR=${BENCH_JAR:-server/target/ovc-server.jar}
BENCH_BUILD=${BENCH_BUILD:-true}
FACADE_PORT=${BENCH_PORT:-18774}
FACADE_URL="http://127.0.0.1:$FACADE_PORT"
BENCH_DIR=$(mktemp -d -t ovc-bench.XXXX)
SANDBOX_PID=
FACADE_PID=
FACADE_LOG=
FACADE_STARTED_MS=0

load() { cut -d' ' -f1-3 /proc/loadavg; }

build_bench() {
  "$JAVA_HOME/bin/java" -version 2>&1 | head -1
  [ "$BENCH_BUILD" = false ] || mvn -B -q -DskipTests package -pl bench -am >/dev/null
  if [ "$BENCH_AOT" = true ]; then
    # shellcheck disable=SC2086
    deploy/aot-train.sh "$BENCH_JAR" "$BENCH_DIR/ovc-server.aot" $BENCH_FACADE_OPTS
  fi
}

# the facade's options for one start: with the AOT cache unless "noaot" is asked
facade_opts() {
  if [ "$BENCH_AOT" = true ] && [ "${1:-}" != noaot ]; then
    echo "$BENCH_FACADE_OPTS -XX:AOTCache=$BENCH_DIR/ovc-server.aot"
  else
    echo "$BENCH_FACADE_OPTS"
  fi
}

stop_all() {
  set +e
  for pid in $FACADE_PID $SANDBOX_PID; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  return 0
}
trap stop_all EXIT

# BENCH_SANDBOX_OPTS adds JVM options to the sandbox cluster's process (e.g. -XX:StartFlightRecording=filename=x.jfr);
# BENCH_SANDBOX_JAR runs it from another build (e.g. a copy, so that the worktree can be rebuilt meanwhile)
start_sandbox_cluster() {
  # shellcheck disable=SC2086
  OVC_SANDBOX_DELAY_MS=${OVC_SANDBOX_DELAY_MS:-200} "$JAVA_HOME/bin/java" -XX:+UseSerialGC \
    -Xlog:gc:file="$BENCH_DIR/sandbox-gc.log":timemillis ${BENCH_SANDBOX_OPTS:-} \
    -cp "${BENCH_SANDBOX_JAR:-server/target/ovc-server.jar}" io.openvcluster.server.sandbox.SandboxMain \
    --kubeconfig-out "$BENCH_DIR/kubeconfig" --delay-ms "${OVC_SANDBOX_DELAY_MS:-200}" >"$BENCH_DIR/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 1 120); do [ -f "$BENCH_DIR/kubeconfig" ] && return 0; sleep 0.5; done
  echo "the sandbox cluster did not start; see $BENCH_DIR/sandbox.log" >&2
  exit 1
}

# How long the sandbox cluster's JVM stood in collections that ended between two instants (ms since the epoch): a
# facade that starts while its API server is paused waits for it, which is not the facade's own start-up time.
sandbox_paused_ms() {
  awk -v from="$1" -v to="$2" -F'[][]' '/Pause/ { t = $2; sub(/ms$/, "", t); if (t + 0 >= from + 0 && t + 0 <= to + 0) {
    d = $NF; sub(/^.* /, "", d); sub(/ms$/, "", d); sum += d + 0 } } END { printf "%.0f", sum }' \
    "$BENCH_DIR/sandbox-gc.log" 2>/dev/null || echo "?"
}

# Starts the facade and prints its start-up: wall clock from exec to /observe/health/ready answering 200, and the
# facade's own "ready in N ms" (from main() to the listener being up, informer sync included).
start_facade() {
  local t0 log=$BENCH_DIR/facade-$(date +%s%N).log opts
  opts=$(facade_opts "${1:-}")
  # The sandbox cluster's JVM holds every object of every server in a heap of some GB: a full collection of its own
  # stops its API server for 0.5-5 s, and a start that meets one measures that: with 10,000 servers, every start-up
  # over 2 s in one run of eight starts met one (docs/benchmarks.md, "Starts over 2 s met the sandbox's own full
  # collections"). Collected now, it has none pending while the facade starts; sandbox_paused_ms says.
  if [ -n "$SANDBOX_PID" ]; then
    "$JAVA_HOME/bin/jcmd" "$SANDBOX_PID" GC.run >/dev/null 2>&1 || true
  fi
  t0=$(date +%s%N)
  FACADE_STARTED_MS=$((t0 / 1000000))
  # shellcheck disable=SC2086
  KUBECONFIG=$BENCH_DIR/kubeconfig SERVER_PORT=$FACADE_PORT OVC_SANDBOX_PASSWORD=bench \
    "$JAVA_HOME/bin/java" $opts -jar "$BENCH_JAR" >"$log" 2>&1 &
  FACADE_PID=$!
  FACADE_LOG=$log
  local ready=false
  # up to 3 minutes: with 10,000 servers on a loaded machine the first lists take a while
  for _ in $(seq 1 3600); do
    curl -sf -o /dev/null "$FACADE_URL/observe/health/ready" && ready=true && break
    kill -0 "$FACADE_PID" 2>/dev/null || break
    sleep 0.05
  done
  local wall=$((($(date +%s%N) - t0) / 1000000))
  if [ "$ready" != true ]; then
    echo "facade did not become ready in ${wall} ms; its log: $log" >&2
    grep -v '^\s*at ' "$log" | tail -5 >&2
    exit 1
  fi
  local own
  own=$(grep -o 'ready on [^ ]* in [0-9]* ms' "$log" | grep -o '[0-9]* ms' || echo "? ms")
  echo "facade start-up to ready: ${wall} ms wall clock (exec to /observe/health/ready 200), ${own} in main(); opts: $opts; load $(load)"
  # where start-up went: the server records' first list, which readiness waits for
  grep -o 'server records synced: .*' "$log" | sed 's/^/  /' || true
}

restart_facade() {
  kill "$FACADE_PID" 2>/dev/null || true
  wait "$FACADE_PID" 2>/dev/null || true
  start_facade "${1:-}"
}

# RSS, and the heap after a full GC (what the caches hold), of the running facade with N servers.
print_memory() {
  local servers=$1 rss heap
  # with every server cached: wait (up to 3 minutes) for the host objects' first lists, which follow readiness
  for _ in $(seq 1 1800); do
    grep -q 'host objects synced in' "$FACADE_LOG" && break
    sleep 0.1
  done
  # two full collections: string deduplication runs after the first, and the arrays it frees go at the second (with
  # one, "heap after GC" also counts 20-25 MB of duplicates not yet freed at 10,000 servers)
  "$JAVA_HOME/bin/jcmd" "$FACADE_PID" GC.run >/dev/null
  sleep 3
  "$JAVA_HOME/bin/jcmd" "$FACADE_PID" GC.run >/dev/null
  sleep 1
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$FACADE_PID/status")
  # the generations' "used" (Serial: DefNew + Tenured; G1: the one heap line), metaspace apart
  heap=$("$JAVA_HOME/bin/jcmd" "$FACADE_PID" GC.heap_info | awk '/total.*used/ && !/Metaspace|class space/ {
    for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); sum += v } } END { printf "%.0f", sum / 1024 }')
  # the host objects' first lists, which follow readiness (docs/benchmarks.md, "Start-up: ready as soon as the server
  # records are cached")
  grep -o 'host objects synced in [0-9]* ms' "$FACADE_LOG" | sed 's/^/  after ready: /' >&2 || true
  if [ "${BENCH_HISTOGRAM:-false}" = true ]; then
    # what the heap holds, largest classes first (to stderr, so the tables stay clean)
    "$JAVA_HOME/bin/jcmd" "$FACADE_PID" GC.class_histogram | head -28 >&2
  fi
  echo "| $servers | ${rss} | ${heap} | $(load) |"
}

# The load generator (ApiBench) against the facade started last.
bench() {
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -jar bench/target/ovc-bench.jar --base="$FACADE_URL" --password=bench "$@"
}

# Starts the sandbox cluster and a facade, and loads N servers through the API (those already there count); the
# facade is stopped afterwards unless "keep" is given (a comparison starts one facade per variant).
load_servers() {
  start_sandbox_cluster
  start_facade >/dev/null
  bench --servers="$1" --load-only=true --settle-seconds=$(($1 / 10 + 120)) | grep -v '^$'
  if [ "${2:-}" != keep ]; then
    kill "$FACADE_PID"
    wait "$FACADE_PID" 2>/dev/null || true
  fi
}

# The options of the comparison scripts (alloc, clients, compare, startup): --rounds, --servers, --seconds and
# --concurrency set the variables of those names (each script sets its defaults first), another --key=value is
# refused unless the script names it in $1 (space-separated keys), which sets the variable of that name with
# dashes as underscores; anything else is a variant 'label|jar|extra JVM options', added to $variants.
parse_options() {
  local own=" $1 " a key
  shift
  variants=()
  for a in "$@"; do
    case "$a" in
      --rounds=* | --servers=* | --seconds=* | --concurrency=*) key=${a%%=*} ;;
      --*=*) key=${a%%=*}
        [[ "$own" == *" ${key#--} "* ]] || { echo "unknown option $a" >&2; exit 2; } ;;
      *) variants+=("$a"); continue ;;
    esac
    key=${key#--}
    printf -v "${key//-/_}" '%s' "${a#*=}"
  done
}

# One variant 'label|jar|extra JVM options' of a comparison: sets $label, BENCH_JAR (an empty jar: the build
# the script started with) and BENCH_FACADE_OPTS (the defaults, the variant's options, then $2).
VARIANT_DEFAULT_JAR=$BENCH_JAR
VARIANT_DEFAULT_OPTS=$BENCH_FACADE_OPTS
use_variant() {
  local jar opts
  IFS='|' read -r label jar opts <<<"$1"
  BENCH_JAR=${jar:-$VARIANT_DEFAULT_JAR}
  BENCH_FACADE_OPTS="$VARIANT_DEFAULT_OPTS $opts ${2:-}"
}
