#!/usr/bin/env bash
# Is the load generator the tail? One facade, measured in turn by ApiBench with each of its clients (the JDK
# HttpClient, whose connections all share one selector thread, and one blocking keep-alive socket per worker),
# round after round, GET /servers/{id} at each concurrency; each run also prints the load generator's own allocation
# and collections.
#   bench/clients.sh [--rounds=2] [--servers=1000] [--seconds=5] [--concurrency=1,8,32]
# Environment as bench/facade.sh (BENCH_FACADE_OPTS, BENCH_JAR, BENCH_BUILD, BENCH_PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/facade.sh
BENCH_AOT=false
rounds=2 servers=1000 seconds=5 concurrency=1,8,32
parse_options "" "$@"
[ ${#variants[@]} -eq 0 ] || { echo "unknown option ${variants[0]}" >&2; exit 2; }
build_bench
load_servers "$servers" keep
for round in $(seq 1 "$rounds"); do
  for client in jdk socket; do
    echo
    echo "## round $round: $client client; load $(load)"
    bench --servers=0 --seconds="$seconds" --concurrency="$concurrency" --rows=show --client="$client" |
      grep '^| GET' || echo "($client: the row failed)"
  done
done
