#!/usr/bin/env bash
# Makes sure the local servers the system and its tests need are up: PostgreSQL, Redis, RabbitMQ
# (started with this machine's own commands when down) and FerretDB on PostgreSQL (built if missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  local name=$1 port=$2
  for _ in $(seq 1 120); do
    answers "$port" && return 0
    sleep 0.5
  done
  echo "$name did not come up on port $port" >&2
  return 1
}

if ! answers 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  wait_for PostgreSQL 5432
fi

if ! answers 6379; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis 6379
fi

if ! answers 5672; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached
  wait_for RabbitMQ 5672
fi
# The port opens before the broker accepts work; wait until it says it is running.
for _ in $(seq 1 60); do
  rabbitmq-diagnostics -q check_running >/dev/null 2>&1 && break
  sleep 1
done
# A wedged node keeps its port open and never answers the AMQP handshake: every test would then wait
# out its connect timeout. Such a node is stopped (killed if it does not stop) and started afresh.
if ! "$here/amqp-answers.sh" 5672; then
  echo "RabbitMQ accepts connections but does not answer AMQP: restarting it"
  timeout 30 rabbitmqctl stop >/dev/null 2>&1 || pkill -9 -u rabbitmq beam.smp || true
  sleep 2
  rabbitmq-server -detached
  wait_for RabbitMQ 5672
  timeout 120 rabbitmqctl await_startup >/dev/null
  "$here/amqp-answers.sh" 5672 || { echo "RabbitMQ still does not answer AMQP on 5672" >&2; exit 1; }
fi

"$here/../ferretdb/run.sh"
