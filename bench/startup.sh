#!/usr/bin/env bash
# Back-to-back start-up comparison of facade builds or JVM options against one sandbox cluster loaded once, so that
# every variant is measured in the same time window. Loads N servers through the API, trains an AOT cache per
# variant (unless BENCH_AOT=false), then for each round starts every variant's facade, times it from exec to
# /observe/health/ready answering 200, prints that with the facade's own split (in main(); the part of it spent
# waiting for the server records' first list, printed by builds that overlap it; the list itself), and stops it
# before the host objects are in (so no reconciler runs between starts), with its young and full collections and RSS
# at that moment. Ends with each variant's min and median. With --memory=true each facade is stopped only after its host
# objects are in and two full collections (bench/facade.sh's print_memory): RSS and heap then, as bench/memory.sh
# measures them, so that builds are compared back to back on memory too.
#   bench/startup.sh [--rounds=5] [--servers=10000] [--memory=false] 'label|jar|jvm options' ...
# e.g. OVC_SANDBOX_DELAY_MS=50 bench/startup.sh 'before|/tmp/before/ovc-server.jar|' 'after||'
# An empty jar is the worktree's build, empty options are deploy/jvm-options.sh's; options given are added to them.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/facade.sh
rounds=5 servers=10000 memory=false
parse_options "memory" "$@"
aot=$BENCH_AOT
BENCH_AOT=false
build_bench
load_servers "$servers"
if [ "$aot" = true ]; then
  for i in "${!variants[@]}"; do
    use_variant "${variants[$i]}"
    # shellcheck disable=SC2086
    deploy/aot-train.sh "$BENCH_JAR" "$BENCH_DIR/variant-$i.aot" $BENCH_FACADE_OPTS | sed "s/^/$label: /" | tail -1
  done
fi
results=$BENCH_DIR/startup.tsv
for round in $(seq 1 "$rounds"); do
  for i in "${!variants[@]}"; do
    use_variant "${variants[$i]}"
    [ "$aot" = true ] && BENCH_FACADE_OPTS="$BENCH_FACADE_OPTS -XX:AOTCache=$BENCH_DIR/variant-$i.aot"
    start_facade noaot >"$BENCH_DIR/start.txt"   # not in $(...): it sets FACADE_PID, FACADE_LOG, FACADE_STARTED_MS
    sandbox_paused=$(sandbox_paused_ms "$FACADE_STARTED_MS" "$(date +%s%3N)")
    line=$(cat "$BENCH_DIR/start.txt")
    wall=$(grep -o '[0-9]* ms wall clock' <<<"$line" | grep -o '^[0-9]*')
    main=$(grep -o 'ready on [^ ]* in [0-9]* ms' "$FACADE_LOG" | grep -o '[0-9]* ms' | grep -o '[0-9]*' || echo '?')
    waited=$(grep -o "[0-9]* ms of it waiting for the server records" "$FACADE_LOG" | grep -o '^[0-9]*' || echo '-')
    listed=$(grep -o 'server records synced: [0-9]* in [0-9]* ms' "$FACADE_LOG" | grep -o '[0-9]* ms' | grep -o '[0-9]*' || echo '?')
    # the collections of start-up so far (nearly all during the records' list) and the RSS, as the facade is ready
    gcs=$("$JAVA_HOME/bin/jstat" -gc "$FACADE_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
      NR == 2 { printf "%d young, %d full, %.0f ms of pauses", $c["YGC"], $c["FGC"], $c["GCT"] * 1000 }')
    rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$FACADE_PID/status")
    # CPU time to ready (user + system, all threads): what start-up costs, which the machine's load moves less
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.0f", ($12 + $13) * 1000 / hz }' "/proc/$FACADE_PID/stat")
    settled=-
    if [ "$memory" = true ]; then
      # | servers | RSS | heap | load |, once the host objects are in, after two full collections
      settled=$(print_memory "$servers" 2>/dev/null | awk -F'|' '{ gsub(/ /, ""); print $3 " MB, heap " $4 " MB" }')
    fi
    kill "$FACADE_PID"; wait "$FACADE_PID" 2>/dev/null || true
    printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$wall" "$rss" "$cpu" "${settled%% *}" >>"$results"
    echo "round $round | $label | wall clock $wall ms | main() $main ms | waiting for the records $waited ms | records listed in $listed ms | collections $gcs | CPU $cpu ms | RSS at ready $rss MB | settled RSS $settled | sandbox's API server in collections meanwhile $sandbox_paused ms | load $(load)"
  done
done
echo
echo "| variant | starts | wall clock to ready, min ms | median ms | CPU to ready, median ms | RSS at ready, median MB | settled RSS (--memory), median MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for v in "${variants[@]}"; do
  label=${v%%|*}
  mapfile -t walls < <(awk -F'\t' -v l="$label" '$1 == l {print $2}' "$results" | sort -n)
  mapfile -t rsses < <(awk -F'\t' -v l="$label" '$1 == l {print $3}' "$results" | sort -n)
  mapfile -t cpus < <(awk -F'\t' -v l="$label" '$1 == l {print $4}' "$results" | sort -n)
  mapfile -t settled < <(awk -F'\t' -v l="$label" '$1 == l {print $5}' "$results" | sort -n)
  mid=$(((${#walls[@]} - 1) / 2))
  echo "| $label | ${#walls[@]} | ${walls[0]} | ${walls[$mid]} | ${cpus[$mid]} | ${rsses[$mid]} | ${settled[$mid]} |"
done
