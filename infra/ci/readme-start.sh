#!/usr/bin/env bash
# The README's start command, checked the way a newcomer meets it, from this checkout as it is (CI: a
# clean clone): the first fenced sh block of "Set-up commands" is run as written, in the background;
# once /health/ready answers and the demo data is printed, the "Trying it" block is run as written
# (with set -e) and must end with a completed purchase; then the start command gets Ctrl-C's SIGINT and
# nothing it started may be left: no process of its own, no service of this checkout, ports 8080, the
# gRPC ports and the metrics ports free. The shared servers (PostgreSQL, Redis, RabbitMQ, FerretDB)
# stay up, as the README says (also when the start command had to start them).
#
# Before starting, the local demo's data is dropped (its three databases — through FerretDB, or in
# PostgreSQL when FerretDB is down — and its concerts' queue keys), so that the purchase meets a freshly
# seeded demo, as on a new machine. Nothing else on the servers is touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

READY_URL=http://127.0.0.1:8080/health/ready
# The start command first installs the dependencies, and on a new machine builds FerretDB once.
READY_TIMEOUT=${README_START_READY_TIMEOUT:-600}
STOP_TIMEOUT=60
# gateway HTTP; queue, concert, wallet, payment gRPC; the five metrics ports of the local start.
PORTS=(8080 7051 7052 7053 7054 9461 9462 9463 9464 9465)
SHARED_SERVERS=("PostgreSQL 5432" "Redis 6379" "RabbitMQ 5672" "FerretDB 27017")
DEMO_CONCERTS=(IU-2026 NEWJEANS-2026)
# Alice, the README's demo fan: used only when the "Trying it" block expects U without setting it.
ALICE=11111111-1111-4111-8111-111111111111

work=$(mktemp -d)
start_log=$work/start.log
start_pid=

say() { echo "readme-start: $*"; }
failed=
fail() {
  echo "readme-start: FAILED: $*" >&2
  failed=1
  exit 1
}
# However this script ends before its own stop step (a failed check, or a command that set -e ended), the
# start command is stopped, so that nothing of it outlives the check and holds the ports of what runs next.
on_exit() {
  local rc=$?
  ((rc == 0)) || [[ -n "$failed" ]] || echo "readme-start: FAILED: a command of this check failed (status $rc)" >&2
  [[ -n "$start_pid" ]] || return 0
  if kill -0 "$start_pid" 2>/dev/null; then
    kill -INT -- "-$start_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$start_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$start_pid" 2>/dev/null || true
  fi
  echo "--- start command output (last 40 lines) ---" >&2
  tail -n 40 "$start_log" >&2 2>/dev/null || true
}
trap on_exit EXIT
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
holder_of() { ss -ltnpH "sport = :$1" 2>/dev/null | head -1; }
# Processes running this checkout's services (their command line names services/<name>/src/main.ts).
services_running() { ps -eo pid=,args= | awk -v root="$ROOT/services/" 'index($0, root) && !/awk/'; }

# The first fenced sh block under the README heading "## <section>".
readme_block() {
  awk -v want="## $1" '
    /^## / { inside = ($0 == want) }
    inside && !done && /^```sh[[:space:]]*$/ { grab = 1; next }
    grab && /^```[[:space:]]*$/ { grab = 0; done = 1; next }
    grab { print }' README.md
}

start_cmd=$(readme_block 'Set-up commands')
trying=$(readme_block 'Trying it')
[[ -n "$start_cmd" ]] || fail 'README.md has no sh block under "## Set-up commands"'
[[ -n "$trying" ]] || fail 'README.md has no sh block under "## Trying it"'

for port in "${PORTS[@]}"; do
  if answers "$port"; then fail "port $port is already in use, before the start command: $(holder_of "$port")"; fi
done
[[ -z "$(services_running)" ]] || fail "services of this checkout are already running: $(services_running)"

node infra/ci/drop-demo-databases.js 127.0.0.1:27017 || fail 'could not drop the demo databases'
if answers 6379 && command -v redis-cli >/dev/null; then
  for concert in "${DEMO_CONCERTS[@]}"; do
    redis-cli --scan --pattern "q:{$concert}:*" | xargs -r redis-cli del >/dev/null
  done
fi

say "start command (README, Set-up commands): $start_cmd"
started_at=$(date +%s)
# A job of its own (set -m): its own process group, which gets the SIGINT a terminal's Ctrl-C sends.
set -m
bash -c "$start_cmd" >"$start_log" 2>&1 &
start_pid=$!
start_pgid=$start_pid
set +m

banner_printed() { grep -q 'Ctrl-C stops everything' "$start_log"; }
until curl -sf -o /dev/null "$READY_URL" && banner_printed; do
  kill -0 "$start_pid" 2>/dev/null || fail "the start command exited before it was ready"
  (($(date +%s) - started_at < READY_TIMEOUT)) || fail "not ready (or no demo data printed) within ${READY_TIMEOUT}s"
  sleep 2
done
say "ready and demo data printed after $(($(date +%s) - started_at))s"
sed -n '/=== demo data ===/,/Ctrl-C stops everything/p' "$start_log"

# The block runs as written with set -e; its variables are saved afterwards to follow the payment.
prefix=''
if ! grep -Eq '^[[:space:]]*U=' <<<"$trying"; then
  say 'the "Trying it" block does not set U: U is alice'
  prefix="U=$ALICE"
fi
printf 'set -e\n%s\n%s\ndeclare -p >%q\n' "$prefix" "$trying" "$work/vars" >"$work/trying.sh"
say 'running the "Trying it" block'
bash "$work/trying.sh" >"$work/trying.out" 2>"$work/trying.err" || {
  cat "$work/trying.out" "$work/trying.err" >&2
  fail 'the "Trying it" block failed'
}
cat "$work/trying.out"
echo

payment=$(grep -o '{[^{}]*"paymentId"[^{}]*}' "$work/trying.out" | tail -1 || true)
[[ -n "$payment" ]] || fail 'the "Trying it" block printed no payment'
payment_id=$(jq -r .paymentId <<<"$payment")
token=$(grep -oE '"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"' "$work/vars" | head -1 | tr -d '"' || true)
[[ -n "$token" ]] || fail 'no queue token among the block'"'"'s variables'
say "payment $payment_id answered $(jq -r .status <<<"$payment"); asking GET /payments/$payment_id"
status=
for _ in $(seq 1 30); do
  status=$(curl -s "http://127.0.0.1:8080/api/v1/payments/$payment_id" -H "Authorization: Bearer $token" | jq -r .status 2>/dev/null || true)
  [[ "$status" == PENDING ]] || break
  sleep 2
done
[[ "$status" == COMPLETED ]] || fail "payment $payment_id is $status, not COMPLETED"
say "payment $payment_id is COMPLETED"

say 'stopping the start command with SIGINT (Ctrl-C)'
kill -INT -- "-$start_pid"
stopped_at=$(date +%s)
while kill -0 "$start_pid" 2>/dev/null; do
  (($(date +%s) - stopped_at < STOP_TIMEOUT)) || fail "the start command still runs ${STOP_TIMEOUT}s after SIGINT"
  sleep 1
done
start_rc=0
wait "$start_pid" || start_rc=$?
start_pid=
say "the start command exited with $start_rc after $(($(date +%s) - stopped_at))s"
tail -n 12 "$start_log"
((start_rc == 0)) || fail "the start command exited with $start_rc"

left=$(services_running)
[[ -z "$left" ]] || fail "services left running: $left"
# Its process group is empty: nothing it started lingers under another name. (A zombie is not running:
# it only waits for init to reap it, which takes a moment here.)
for _ in $(seq 1 10); do
  group=$(ps -eo pgid=,pid=,stat=,args= | awk -v g="$start_pgid" '$1 == g && $3 !~ /^Z/')
  [[ -n "$group" ]] || break
  sleep 1
done
[[ -z "$group" ]] || fail "processes the start command started are still running: $group"
for port in "${PORTS[@]}"; do
  if answers "$port"; then fail "port $port is still in use after the stop: $(holder_of "$port")"; fi
done
for server in "${SHARED_SERVERS[@]}"; do
  name=${server% *} port=${server##* }
  answers "$port" && continue
  fail "$name (port $port) no longer answers: the shared servers must stay up"
done
rm -rf "$work"
say "OK: started as the README says, bought a seat as it says, stopped with nothing left running" \
  "(PostgreSQL, Redis, RabbitMQ and FerretDB stay up)"
