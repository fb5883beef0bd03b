#!/usr/bin/env bash
# What one request costs the facade in garbage, a measure the machine's load does not move: bytes the facade
# allocates per request of a row, young collections per second at the rate reached, and their pauses. Starts the
# sandbox cluster and one facade (no AOT cache) with a GC log, loads N servers, then per row: a warm-up run, the
# facade's allocation counter, a measured run of ApiBench (no warm-up of its own), the counter again. The counter is
# the sum of eden's occupancy before each young collection (from the GC log) plus eden's occupancy now (jstat):
# what the facade allocated in eden since it started, to within a TLAB's unused tail per collection. Background
# work (informers, the cache-age sampler, the reconciler) is measured alone over the same time and printed; the
# per-request figure subtracts it. The count of a row ends when the facade is idle again, so that a create counts
# its provisioning (the reconciler's work, the informers' events) as well as its request.
#   bench/alloc.sh [--servers=200] [--seconds=5] [--concurrency=8] [--rows=show,create] ['label|jar|jvm options' ...]
# Variants as in bench/compare.sh (an empty jar is the worktree's build, options are added to deploy/jvm-options.sh's),
# each measured in turn against the one sandbox; none given: the worktree's build with the default options. A variant
# after one whose POST row ran first waits (ApiBench, up to 10 minutes) for the servers those creates added to become
# ACTIVE under its own reconciler: for creates, one variant per run is quicker.
# Environment as bench/facade.sh (BENCH_FACADE_OPTS, BENCH_JAR, BENCH_BUILD, BENCH_PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/facade.sh
BENCH_AOT=false
servers=200 seconds=5 concurrency=8 rows=show,create
parse_options rows "$@"
[ ${#variants[@]} -gt 0 ] || variants=("this build||")
build_bench

# "<KB allocated in eden since start> <collections>" of the facade: one jstat snapshot (collections so far, eden's
# occupancy now) plus eden's occupancy before each of those collections, from the GC log (which may lag a little)
gc_counter() {
  local log=$BENCH_DIR/gc-$FACADE_PID.log count eden sum
  read -r count eden < <("$JAVA_HOME/bin/jstat" -gc "$FACADE_PID" | awk 'NR == 2 { print $13 + $15 " " $6 }')
  for _ in $(seq 1 100); do
    [ "$(grep -c 'Eden: ' "$log")" -ge "$count" ] && break
    sleep 0.05
  done
  sum=$(grep -o 'Eden: [0-9]*K' "$log" | head -n "$count" | awk '{ s += $2 + 0 } END { printf "%d", s }')
  echo "$((sum + ${eden%.*})) $count"
}

# young collection pauses (ms) logged after the given collection number: "<count> <median> <max>"
pauses_after() {
  grep -o 'GC([0-9]*) Pause Young.* [0-9.]*ms' "$BENCH_DIR/gc-$FACADE_PID.log" | awk -v from="$1" '{
      n = substr($1, 4, length($1) - 4) + 0; if (n < from) next; ms = $NF; sub(/ms$/, "", ms); print ms + 0 }' |
    sort -n | awk '{ p[c++] = $1 } END { if (c == 0) { print "0 0 0"; exit } printf "%d %.2f %.2f\n", c, p[int((c - 1) / 2)], p[c - 1] }'
}

# Waits (up to 3 minutes) until the facade allocates no faster than when idle: the creates of a row are provisioned
# by the reconciler for a minute or more after the row, and that is part of what a create costs. Polling the API for
# ACTIVE servers instead (as ApiBench does before a row) would add a list of every server per poll to the count.
await_idle() {
  local previous now quiet=0
  read -r previous _ < <(gc_counter)
  for _ in $(seq 1 90); do
    sleep 2
    read -r now _ < <(gc_counter)
    if [ $((now - previous)) -le $((idle_kb_s * 2 + 2048)) ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge 3 ] && return 0
    else
      quiet=0
    fi
    previous=$now
  done
}

load_servers "$servers"
for v in "${variants[@]}"; do
  use_variant "$v" "-Xlog:gc,gc+heap:file=$BENCH_DIR/gc-%p.log"
  echo
  echo "## $label ($BENCH_JAR; $BENCH_FACADE_OPTS); load $(load)"
  start_facade >/dev/null
  # the first calls (class loading, the first lists) are not what a request costs
  bench --servers=0 --rows=show --seconds=2 --concurrency=1 >/dev/null
  read -r idle0 _ < <(gc_counter)
  sleep "$seconds"
  read -r idle1 _ < <(gc_counter)
  idle_kb_s=$(((idle1 - idle0) / seconds))
  echo "background (no requests): ${idle_kb_s} KB/s"
  echo
  echo "| endpoint | clients | requests | req/s | KB allocated per request (background subtracted) | young collections | per second | pause median ms | pause max ms | load |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for row in ${rows//,/ }; do
    bench --servers=0 --rows="$row" --seconds="$seconds" --concurrency="$concurrency" >/dev/null
    # the warm-up's creates provisioned before counting; the measured run's, after it, counted (settle 0: no wait
    # for ACTIVE servers, whose polling lists every server)
    await_idle
    read -r a0 g0 < <(gc_counter)
    t0=$(date +%s%N)
    out=$(bench --servers=0 --rows="$row" --seconds="$seconds" --concurrency="$concurrency" --warmup-seconds=0 \
      --settle-seconds=0)
    await_idle
    t1=$(date +%s%N)
    read -r a1 _ < <(gc_counter)
    line=$(grep '^| [GP][EO]' <<<"$out" | head -1)
    label=$(awk -F'|' '{ gsub(/^ +| +$/, "", $2); print $2 }' <<<"$line")
    requests=$(awk -F'|' '{ print $4 + 0 }' <<<"$line")
    rate=$(awk -F'|' '{ print $5 + 0 }' <<<"$line")
    wall_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
    read -r count median max < <(pauses_after "$g0")
    awk -v a0="$a0" -v a1="$a1" -v idle="$idle_kb_s" -v w="$wall_s" -v n="$requests" -v label="$label" -v c="$concurrency" \
      -v rate="$rate" -v yc="$count" -v med="$median" -v max="$max" -v s="$seconds" -v load="$(load)" 'BEGIN {
        printf "| %s | %d | %d | %d | %.1f | %d | %.1f | %s | %s | %s |\n", label, c, n, rate, (a1 - a0 - idle * w) / n, yc, yc / s, med, max, load }'
  done
  kill "$FACADE_PID"; wait "$FACADE_PID" 2>/dev/null || true
done
