#!/usr/bin/env bash
# Tempest's compute API tests (Debian's tempest, tempest.api.compute) against a sandbox facade started here, with the
# settings docs/tempest.md explains: pre-provisioned accounts demo, alt_demo and admin; every compute feature this
# facade has turned on; no network or volume service. Prints one line:
#   tempest compute API: N passed, N failed, N skipped (N tests) ...
# and fails when a test fails that expected-failures.txt does not list (each listed with its reason), or when a listed
# one now passes (so the list only shrinks). OVC_TEMPEST_REGEX narrows the run; OVC_TEMPEST_CONCURRENCY (default 1: the three accounts serve one worker; two workers would wait for each other's).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
JAR=server/target/ovc-server.jar
PORT=${OVC_TEMPEST_PORT:-18990}
REGEX=${OVC_TEMPEST_REGEX:-'^tempest\.api\.compute\.'}
CONCURRENCY=${OVC_TEMPEST_CONCURRENCY:-1}
WORK=conformance-tests/target/tempest
EXPECTED=conformance-tests/tempest/expected-failures.txt

if [ ! -x /usr/bin/tempest ]; then
  echo "ERROR: tempest is not installed: sudo apt-get install -y python3-tempest" >&2
  exit 1
fi
[ -f "$JAR" ] || { echo "ERROR: build the server first (./ovc build)" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK"
SERVER_PORT=$PORT OVC_SANDBOX_DELAY_MS=${OVC_TEMPEST_SANDBOX_DELAY_MS:-300} \
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx1g -jar "$JAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 120); do
  curl -fs "$BASE/observe/health" >/dev/null 2>&1 && break
  kill -0 $SERVER_PID 2>/dev/null || { echo "ERROR: the facade did not start, see $WORK/server.log" >&2; exit 1; }
  sleep 1
done

/usr/bin/python3 conformance-tests/tempest/configure.py "$BASE" "$ROOT/$WORK"
cd "$WORK/workspace"
started=$(date +%s)
set +e
/usr/bin/tempest run --regex "$REGEX" --concurrency "$CONCURRENCY" >"$ROOT/$WORK/tempest.log" 2>&1
set -e
cd "$ROOT"
/usr/bin/python3 conformance-tests/tempest/verdict.py "$WORK/tempest.log" "$EXPECTED" "$(( $(date +%s) - started ))"
