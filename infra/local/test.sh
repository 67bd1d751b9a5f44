#!/usr/bin/env bash
# The whole test suite on a fresh machine: servers up, dependencies installed, lint + typecheck + tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
infra/local/bootstrap.sh
# Prometheus and promtool (Debian's package) for the metrics and alert-rule tests.
infra/prometheus/ensure-prometheus.sh
# A fresh FerretDB process: no cursors or pooled connections left over from earlier runs.
infra/ferretdb/run.sh --restart

export MONGO_URL=${MONGO_URL:-mongodb://127.0.0.1:27017/}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export AMQP_URL=${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}
export LOG_LEVEL=${LOG_LEVEL:-silent}

export TEST_TALLY_FILE
TEST_TALLY_FILE=$(mktemp)
status=0
pnpm test || status=$?
node infra/ci/print-tally.js "$TEST_TALLY_FILE"
rm -f "$TEST_TALLY_FILE"
# The fault suite (infra/faults/README.md) runs on servers of its own, so it runs even after a failed test.
pnpm test:faults || status=$?
exit $status
