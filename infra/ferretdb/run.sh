#!/usr/bin/env bash
# Starts FerretDB on the local PostgreSQL unless something already answers on its port.
# Usage: infra/ferretdb/run.sh [--foreground]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

PORT=${FERRETDB_PORT:-27017}
PG_URL=${FERRETDB_POSTGRESQL_URL:-postgres://postgres@127.0.0.1:5432/ferretdb}
STATE_DIR=${FERRETDB_STATE_DIR:-$HOME/.cache/concert-ferretdb/state}
LOG_FILE=${FERRETDB_LOG_FILE:-$STATE_DIR/ferretdb.log}

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "ferretdb: already listening on 127.0.0.1:$PORT"
  exit 0
fi

bin=$("$here/build.sh")
mkdir -p "$STATE_DIR"
psql "${PG_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'" | grep -q 1 \
  || psql "${PG_URL%/*}/postgres" -c "CREATE DATABASE ferretdb" >/dev/null

args=(--handler=postgresql "--postgresql-url=$PG_URL" "--listen-addr=127.0.0.1:$PORT"
  --telemetry=disable "--state-dir=$STATE_DIR" --debug-addr=127.0.0.1:0 --log-level=WARN)

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
