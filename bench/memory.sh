#!/usr/bin/env bash
# Facade memory with 0, 1,000 and 10,000 servers cached (the facade alone, against SandboxMain): loads the servers
# through the API, restarts the facade (so it starts from its informer caches, as after a deploy), prints its start-up,
# then its RSS and heap after a full GC (with BENCH_AOT=true, the default, start-up is printed without and with the
# AOT cache; memory is that of the facade started as ./ovc run starts it).
#   bench/memory.sh [--counts=0,1000,10000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/facade.sh
counts=0,1000,10000
for a in "$@"; do case "$a" in --counts=*) counts=${a#--counts=} ;; esac; done
build_bench
start_sandbox_cluster
start_facade
rows=()
for n in ${counts//,/ }; do
  if [ "$n" -gt 0 ]; then
    bench --servers="$n" --settle-seconds=$((n / 10 + 120)) --load-only=true
  fi
  if [ "$BENCH_AOT" = true ]; then
    restart_facade noaot   # start-up without the AOT cache, for comparison
  fi
  restart_facade
  rows+=("$(print_memory "$n")")
  echo "memory: ${rows[-1]}"
done
echo
echo "| servers | facade RSS MB | heap after full GC MB | load average |"
echo "|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
