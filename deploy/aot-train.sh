#!/usr/bin/env bash
# Writes the facade's AOT cache (JDK 25, JEP 514/515): one training run of the jar records the classes it loads and
# links and the methods it profiles; later runs with -XX:AOTCache=FILE start from that. Used by ./ovc run, the bench
# and the container image. The cache fits only the JDK build and class path it was made with: a JVM that cannot use
# it says so once and starts normally.
#   deploy/aot-train.sh [--embedded-sandbox] JAR OUT [JAVA_OPTS...]
# By default the facade trains as it runs in production: against a cluster in another process (the sandbox cluster,
# SandboxMain from the same jar, started and stopped here), so the cache holds only what a facade loads, not the
# embedded API server, the host simulator and their Netty (the cache is mapped into the facade's memory whole:
# docs/benchmarks.md, "JVM defaults"). --embedded-sandbox trains ./ovc run's one-JVM sandbox mode instead.
set -euo pipefail
embedded=false
if [ "${1:-}" = --embedded-sandbox ]; then
  embedded=true
  shift
fi
jar=$1 out=$2
shift 2
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d -t ovc-aot-train.XXXX)
pid= cluster_pid=
stop() {
  for p in $pid $cluster_pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}
trap stop EXIT
# wait up to 60 s for a file to appear while process $2 lives
await_file() {
  for _ in $(seq 1 600); do
    [ -s "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
# the training must not touch a real cluster or Keycloak, whatever the caller's environment says
cluster=()
if [ "$embedded" = false ]; then
  "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jar" io.openvcluster.server.sandbox.SandboxMain \
    --kubeconfig-out "$work/kubeconfig" --delay-ms 20 >"$work/cluster.log" 2>&1 &
  cluster_pid=$!
  await_file "$work/kubeconfig" "$cluster_pid" || { cat "$work/cluster.log" >&2; exit 1; }
  cluster=(KUBECONFIG="$work/kubeconfig")
fi
env -u KUBECONFIG -u OVC_KEYCLOAK_URL -u KUBERNETES_SERVICE_HOST "${cluster[@]}" SERVER_HOST=127.0.0.1 SERVER_PORT=0 \
  OVC_SANDBOX_PASSWORD=aot-training "$java" "$@" -XX:AOTCacheOutput="$out" -jar "$jar" >"$work/train.log" 2>&1 &
pid=$!
url=
for _ in $(seq 1 600); do
  url=$(grep -o 'ready on http://[0-9.:]*' "$work/train.log" | head -1 | sed 's/ready on //') && [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/train.log" >&2; exit 1; }
  sleep 0.1
done
if command -v curl >/dev/null && [ -n "$url" ]; then
  # the calls a client makes first: a token, the catalog, a server created, shown and listed
  token=$(curl -si -H 'Content-Type: application/json' "$url/identity/v3/auth/tokens" -d '{"auth":{"identity":
    {"methods":["password"],"password":{"user":{"name":"demo","domain":{"name":"Default"},"password":"aot-training"}}},
    "scope":{"project":{"name":"demo","domain":{"name":"Default"}}}}}' | tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token" {print $2}')
  nova() { curl -s -H "X-Auth-Token: $token" -H 'OpenStack-API-Version: compute 2.96' -H 'Content-Type: application/json' "$@"; }
  flavor=$(nova "$url/compute/v2.1/flavors" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  image=$(nova "$url/image/v2/images" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  server=$(nova "$url/compute/v2.1/servers" -d "{\"server\":{\"name\":\"aot\",\"flavorRef\":\"$flavor\",\"imageRef\":\"$image\",\"networks\":\"none\"}}" \
    | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  for _ in $(seq 1 20); do
    nova "$url/compute/v2.1/servers/$server" >/dev/null
    nova "$url/compute/v2.1/servers/detail" >/dev/null
    nova "$url/compute/v2.1/flavors/detail" >/dev/null
  done
fi
echo "training run ready on $url after ${SECONDS} s; exercised; stopping it (the JVM writes the cache as it exits)"
kill "$pid"
wait "$pid" || true
pid=
if [ ! -s "$out" ]; then
  echo "no AOT cache was written; the training run's log:" >&2
  cat "$work/train.log" >&2
  exit 1
fi
rm -rf "$work"
echo "AOT cache: $out ($(du -m "$out" | cut -f1) MB)"
