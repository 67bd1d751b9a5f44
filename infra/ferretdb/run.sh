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

PG_BASE=${PG_URL%%\?*}
PG_DB=${PG_BASE##*/}
PG_BASE=${PG_BASE%/*}

# Equality filters served by indexes (see gin-indexes.sql): plan_cache_mode for the database, an
# event trigger adding a GIN index next to every index FerretDB creates, and a backfill for the rest.
apply_gin_indexes() {
  local before
  before=$(psql "${PG_BASE}/${PG_DB}" -tAc "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
    WHERE d.datname = current_database() AND s.setrole = 0 AND 'plan_cache_mode=force_custom_plan' = ANY (s.setconfig)")
  # Collections dropped while the backfill runs (tests drop their databases) are no news.
  psql "${PG_BASE}/${PG_DB}" -q -X -v ON_ERROR_STOP=1 -v "db=$PG_DB" -f "$here/gin-indexes.sql" \
    2> >(grep -v -e 'does not exist' -e '^DETAIL:' -e '^CONTEXT:' >&2) >/dev/null
  if [[ "$before" != 1 && "${1:-}" == running ]]; then
    echo "ferretdb: plan_cache_mode set now; FerretDB's open PostgreSQL connections keep the old mode until" \
      "they are recycled (idle > 1 min) — run '$0 --restart' to apply it at once" >&2
  fi
}

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  apply_gin_indexes running || echo "ferretdb: could not apply gin-indexes.sql to $PG_DB" >&2
  echo "ferretdb: already listening on 127.0.0.1:$PORT"
  exit 0
fi

bin=$("$here/build.sh")
mkdir -p "$STATE_DIR"
psql "${PG_BASE}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1 \
  || psql "${PG_BASE}/postgres" -c "CREATE DATABASE \"$PG_DB\"" >/dev/null
apply_gin_indexes

args=(--handler=postgresql "--postgresql-url=$PG_URL" "--listen-addr=127.0.0.1:$PORT"
  --telemetry=disable "--state-dir=$STATE_DIR" --debug-addr=127.0.0.1:${FERRETDB_DEBUG_PORT:-28088} --log-level=WARN)

if [[ "${1:-}" == "--foreground" ]]; then
  exec "$bin" "${args[@]}"
fi

# A session of its own: FerretDB is a shared server like PostgreSQL, so the Ctrl-C that stops the start
# command (sent to its whole process group) must not stop a FerretDB it happened to start.
setsid nohup "$bin" "${args[@]}" >>"$LOG_FILE" 2>&1 < /dev/null &
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "ferretdb: started on 127.0.0.1:$PORT (log $LOG_FILE)"
    exit 0
  fi
  sleep 0.2
done
echo "ferretdb: did not start; see $LOG_FILE" >&2
exit 1
