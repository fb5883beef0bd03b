#!/usr/bin/env bash
# Back-to-back comparison of facade builds or JVM options against one sandbox cluster, so that every variant is
# measured in the same time window (the machine's load moves; a comparison across runs measures the machine).
# Loads N servers once, then for each round runs every variant: start its facade (no AOT cache: start-up is not
# compared here), GET /servers/{id} at each concurrency, POST /servers at each --create-concurrency (default 1, the
# create budget's case), the facade's RSS after each (a bigger young generation costs RSS; the creates add servers, so
# the figure after the GET rows is the one to compare), a pause of --settle-seconds while the servers it created are
# provisioned (so that the next variant does not measure this one's reconciler), stop it.
# --create-concurrency= (empty) skips the POST rows, so that every variant sees the same servers.
#   bench/compare.sh [--rounds=2] [--servers=1000] [--seconds=5] [--concurrency=1,8,32] [--create-concurrency=1] \
#       [--settle-seconds=30] [--show-rate=10000] \
#       'label|jar|jvm options' ...
# --show-rate= adds GET /servers/{id} at those offered rates (32 clients), as in bench/run.sh.
# --rows= picks the GET rows (default show; e.g. show,detail,detail-limit for the server lists).
# e.g. bench/compare.sh 'before|/tmp/before/ovc-server.jar|' 'young 64m|server/target/ovc-server.jar|-Xmn64m'
# An empty jar is the worktree's build, empty options are deploy/jvm-options.sh's; options given are added to them.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/facade.sh
BENCH_AOT=false
rounds=2 servers=1000 seconds=5 concurrency=1,8,32 create_concurrency=1 settle=30 show_rate= rows=show
settle_seconds=$settle
parse_options "create-concurrency settle-seconds show-rate rows" "$@"
settle=$settle_seconds
build_bench
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$FACADE_PID/status"; }
load_servers "$servers"
for round in $(seq 1 "$rounds"); do
  for v in "${variants[@]}"; do
    use_variant "$v"
    echo
    echo "## round $round: $label ($BENCH_JAR; $BENCH_FACADE_OPTS); load $(load)"
    start_facade >/dev/null
    # a variant that fails (its facade dies, a row errs out) is reported and the others still run
    bench --servers=0 --seconds="$seconds" --concurrency="$concurrency" --rows="$rows" \
      ${show_rate:+--show-rate=$show_rate} | grep '^| GET' || echo "($label: GET rows failed)"
    # before the creates add servers: the young generation's cost in RSS at the same number of servers
    echo "RSS after the GET rows: $(rss_mb) MB"
    if [ -n "$create_concurrency" ]; then
      bench --servers=0 --seconds="$seconds" --concurrency="$create_concurrency" --rows=create | grep '^| POST' ||
        echo "($label: POST rows failed)"
      echo "RSS after the POST rows: $(rss_mb) MB"
    fi
    sleep "$settle"
    kill "$FACADE_PID"; wait "$FACADE_PID" 2>/dev/null || true
    echo "load $(load)"
  done
done
