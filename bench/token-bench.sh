#!/usr/bin/env bash
# Prints the cost of token verification per request (facade tokens; Keycloak tokens) and of a password login through
# Keycloak. Starts the test Keycloak (deploy/keycloak/start-keycloak.sh) unless --no-keycloak is given.
#   bench/token-bench.sh [--no-keycloak]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
mvn -B -q -DskipTests package -pl bench -am >/dev/null
args=()
if [ "${1:-}" != "--no-keycloak" ]; then
  deploy/keycloak/start-keycloak.sh "$HOME/.cache/open-vcluster-api/keycloak"
  args+=("--keycloak=http://127.0.0.1:${OVC_KEYCLOAK_PORT:-18080}")
fi
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp bench/target/ovc-bench.jar io.openvcluster.bench.TokenBench "${args[@]}"
