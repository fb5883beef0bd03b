#!/usr/bin/env bash
# JMH microbenchmarks, in process: rendering a server's JSON (one server; a detail page of 1,000; as a Jackson tree
# and from the rendering cache) and verifying a facade token (seen before; first sight). Prints JMH's table.
#   bench/jmh.sh                 all of them (about 3 minutes)
#   bench/jmh.sh RenderBench     a subset (any JMH regexp and options, e.g. -f 2 -wi 5)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
mvn -B -q -DskipTests package -pl bench -am >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$JAVA_HOME/bin/java" -cp bench/target/ovc-bench.jar org.openjdk.jmh.Main "${@:-io.openvcluster.bench.jmh}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
