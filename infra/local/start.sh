#!/usr/bin/env bash
# The whole system on local defaults, with demo data, in the foreground. Ctrl-C stops what it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
infra/local/bootstrap.sh
exec node --conditions=@concert/source --import tsx infra/local/start-system.ts
