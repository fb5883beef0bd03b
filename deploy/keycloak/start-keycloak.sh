#!/usr/bin/env bash
# Starts a Keycloak for open-vcluster-api tests and demos, on 127.0.0.1 only, with deploy/keycloak/realm.json
# (TEST-ONLY passwords). Reuses a Keycloak that is already answering on the port.
#
#   deploy/keycloak/start-keycloak.sh WORKDIR      start (or reuse), wait until ready, write WORKDIR/keycloak.pid
#   deploy/keycloak/stop-keycloak.sh WORKDIR       stop the one started here
#
# Environment: OVC_KEYCLOAK_PORT (HTTP, default 18080; management/health = port + 1000),
#              OVC_KEYCLOAK_START_TIMEOUT (seconds, default 240), JAVA_HOME (a JDK 21+).
# The distribution zip (org.keycloak:keycloak-quarkus-dist, from Maven Central) is fetched with
# `mvn dependency:get` into ~/.m2 when absent. WORKDIR keeps the unzipped, augmented distribution so the next
# start skips the one-minute Quarkus augmentation; the H2 data is wiped at each start so the realm is re-imported.
set -euo pipefail
KC_VERSION=26.7.3
here=$(cd "$(dirname "$0")" && pwd)
workdir=${1:?usage: start-keycloak.sh WORKDIR}
port=${OVC_KEYCLOAK_PORT:-18080}
mport=$((port + 1000))
timeout=${OVC_KEYCLOAK_START_TIMEOUT:-240}
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)

ready() { curl -sf -o /dev/null "http://127.0.0.1:$mport/health/ready"; }

if ready; then
  echo "keycloak: already running on 127.0.0.1:$port, reusing it"
  exit 0
fi

if [ -z "${JAVA_HOME:-}" ]; then
  for c in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [ -x "$c/bin/java" ] && export JAVA_HOME=$c && break
  done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "keycloak: set JAVA_HOME to a JDK 21 or newer" >&2; exit 1; }

dist="$workdir/keycloak-$KC_VERSION"
if [ ! -x "$dist/bin/kc.sh" ]; then
  zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
  if [ ! -f "$zip" ]; then
    echo "keycloak: fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip (about 180 MB)"
    mvn -B -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -Dtransitive=false
  fi
  rm -rf "$dist.partial" && mkdir -p "$dist.partial"
  if command -v unzip >/dev/null; then
    unzip -q "$zip" -d "$dist.partial"
  else
    # no unzip on this machine: the JDK's jar tool extracts too, without the executable bits
    (cd "$dist.partial" && "$JAVA_HOME/bin/jar" xf "$zip")
    chmod +x "$dist.partial/keycloak-$KC_VERSION"/bin/*.sh
  fi
  mv "$dist.partial/keycloak-$KC_VERSION" "$dist" && rm -rf "$dist.partial"
fi

# a fresh database each start: the realm file is the single source of truth
rm -rf "$dist/data/h2" "$dist/data/transaction-logs" "$dist/data/import"
mkdir -p "$dist/data/import"
cp "$here/realm.json" "$dist/data/import/realm.json"

export KC_BOOTSTRAP_ADMIN_USERNAME=admin
export KC_BOOTSTRAP_ADMIN_PASSWORD=test-only-admin-pw
export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx384m"
export JAVA_OPTS_APPEND="-XX:TieredStopAtLevel=1"   # faster start on small machines; kc.sh already picks the GC
started=$(date +%s)
setsid "$dist/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" --http-management-port="$mport" \
  --hostname="http://127.0.0.1:$port" --health-enabled=true --import-realm \
  > "$workdir/keycloak.log" 2>&1 < /dev/null &
echo $! > "$workdir/keycloak.pid"
echo "keycloak: starting (pid $(cat "$workdir/keycloak.pid"), log $workdir/keycloak.log)"
until ready; do
  if ! kill -0 "$(cat "$workdir/keycloak.pid")" 2>/dev/null; then
    echo "keycloak: exited during start; last log lines:" >&2; tail -20 "$workdir/keycloak.log" >&2; exit 1
  fi
  if [ $(( $(date +%s) - started )) -ge "$timeout" ]; then
    echo "keycloak: not ready after ${timeout}s; see $workdir/keycloak.log" >&2; exit 1
  fi
  sleep 1
done
echo "keycloak: ready on http://127.0.0.1:$port in $(( $(date +%s) - started ))s"
