#!/usr/bin/env bash
# Shared first steps of the two set-up commands: pnpm, the local servers, the dependencies.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version | grep -q '^10\.34\.'; then
  npm install -g pnpm@10.34.8 >/dev/null
fi
infra/local/ensure-servers.sh
pnpm install --frozen-lockfile --reporter=silent
