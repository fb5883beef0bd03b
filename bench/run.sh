#!/usr/bin/env bash
# Starts the sandbox server, loads N servers (default 1000) through the API and prints req/s and latency
# percentiles for GET /servers/{id} and GET /servers/detail at 1, 8 and 32 concurrent clients.
#   bench/run.sh [--servers=1000] [--seconds=10] [--concurrency=1,8,32]
set -euo pipefail
cd "$(dirname "$0")/.."
./ovc build >/dev/null
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
"$JAVA_HOME/bin/java" -version 2>&1 | head -1
(export JAVA_HOME; mvn -B -q -DskipTests package -pl bench -am >/dev/null)
port=${BENCH_PORT:-18774}
log=$(mktemp -t ovc-bench-server.XXXX.log)
SERVER_PORT=$port OVC_SANDBOX_PASSWORD=bench OVC_INSTANCE_QUOTA=1000000 OVC_SANDBOX_DELAY_MS=${OVC_SANDBOX_DELAY_MS:-200} \
  "$JAVA_HOME/bin/java" ${BENCH_SERVER_OPTS:--XX:+UseSerialGC} -jar server/target/ovc-server.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/observe/health" && break; sleep 0.5; done
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -jar bench/target/ovc-bench.jar --base="http://127.0.0.1:$port" --password=bench "$@"
echo
echo "server RSS: $(ps -o rss= -p $pid | awk '{printf "%.0f MB", $1/1024}') (pid $pid, log $log)"
