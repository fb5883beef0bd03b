#!/usr/bin/env bash
# The facade alone in its own JVM against the sandbox cluster in another (SandboxMain), as on a real cluster: loads N
# servers through the API (default 1000), prints the facade's start-up to ready, then req/s and latency percentiles
# per row (ApiBench) at 1, 8 and 32 clients, then the facade's RSS and heap after a full GC. Every line carries the
# load average, since other work may share the machine.
#   bench/run.sh [--servers=1000] [--seconds=5] [--concurrency=1,8,32] [--rows=show,detail,...] [--settle-seconds=N]
#     [--show-rate=5000,10000 [--show-rate-concurrency=32]]  (GET /servers/{id} also at fixed offered rates)
#     [--create-rate=20,50 [--create-rate-concurrency=8,32]]  (POST /servers also at fixed offered rates)
# Environment: BENCH_FACADE_OPTS (JVM options of the facade; default: those of ./ovc run), BENCH_PORT, BENCH_JAR,
#   BENCH_BUILD, BENCH_AOT (bench/facade.sh),
#   OVC_SANDBOX_DELAY_MS (the simulated host's step delay, default 200).
# bench/memory.sh uses the same functions to measure memory at 0, 1,000 and 10,000 servers.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/facade.sh
build_bench
servers=1000
for a in "$@"; do case "$a" in --servers=*) servers=${a#--servers=} ;; esac; done
start_sandbox_cluster
start_facade
bench --settle-seconds=$((servers / 10 + 120)) "$@"
echo
restart_facade
# the POST /servers rows added servers: the memory row counts what the facade caches now
print_memory "$servers + those created"
