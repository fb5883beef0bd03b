#!/usr/bin/env bash
# Stops the Keycloak that start-keycloak.sh started from WORKDIR (by its pid file, nothing else).
set -euo pipefail
workdir=${1:?usage: stop-keycloak.sh WORKDIR}
pidfile="$workdir/keycloak.pid"
[ -f "$pidfile" ] || { echo "keycloak: no pid file in $workdir"; exit 0; }
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  # kc.sh runs under setsid, its own process group: end that group, then wait
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
fi
rm -f "$pidfile"
echo "keycloak: stopped"
