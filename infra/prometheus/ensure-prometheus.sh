#!/usr/bin/env bash
# Makes sure Prometheus and promtool (Debian's `prometheus` package) are installed; the metrics tests
# run both. Installs with apt-get when missing (as root, or through sudo). The package's own service is
# not needed: the tests run Prometheus on a temporary directory and port of their own.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# No recommends: they would add the node exporter, whose service nobody here needs.
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# Where an init system runs, the package starts a Prometheus on :9090; the tests never use it.
prometheus --version | head -1
