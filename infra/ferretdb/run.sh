#!/usr/bin/env bash
# Starts FerretDB on the local PostgreSQL unless something already answers on its port.
# Usage: infra/ferretdb/run.sh [--foreground | --restart]
#
# FerretDB v1 deadlocks when its PostgreSQL pool is exhausted while a collection is being created (the
# metadata registry holds its write lock while waiting for a pooled connection). The pool is raised
# from its default 50 to 80 (PostgreSQL allows 100 here), clients keep their own pools small
# (packages/stream-store), and the test command restarts FerretDB so a run starts from a clean process.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

PORT=${FERRETDB_PORT:-27017}
PG_URL=${FERRETDB_POSTGRESQL_URL:-postgres://postgres@127.0.0.1:5432/ferretdb?pool_max_conns=80}
STATE_DIR=${FERRETDB_STATE_DIR:-$HOME/.cache/concert-ferretdb/state}
LOG_FILE=${FERRETDB_LOG_FILE:-$STATE_DIR/ferretdb.log}

if [[ "${1:-}" == "--restart" ]]; then
  pkill -f "ferretdb --handler=postgresql.*--listen-addr=127.0.0.1:$PORT" || true
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break; sleep 0.2; done
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "ferretdb: already listening on 127.0.0.1:$PORT"
  exit 0
fi

bin=$("$here/build.sh")
mkdir -p "$STATE_DIR"
PG_BASE=${PG_URL%%\?*}
PG_BASE=${PG_BASE%/*}
psql "${PG_BASE}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'" | grep -q 1 \
  || psql "${PG_BASE}/postgres" -c "CREATE DATABASE ferretdb" >/dev/null

args=(--handler=postgresql "--postgresql-url=$PG_URL" "--listen-addr=127.0.0.1:$PORT"
  --telemetry=disable "--state-dir=$STATE_DIR" --debug-addr=127.0.0.1:${FERRETDB_DEBUG_PORT:-28088} --log-level=WARN)

if [[ "${1:-}" == "--foreground" ]]; then
  exec "$bin" "${args[@]}"
fi

nohup "$bin" "${args[@]}" >>"$LOG_FILE" 2>&1 &
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "ferretdb: started on 127.0.0.1:$PORT (log $LOG_FILE)"
    exit 0
  fi
  sleep 0.2
done
echo "ferretdb: did not start; see $LOG_FILE" >&2
exit 1
