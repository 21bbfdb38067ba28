#!/usr/bin/env bash
# Chaos run on the real local cluster: running-total reads 1M generated transactions from
# Kafka and writes running totals to Kafka exactly-once, while the TaskManager is killed with SIGKILL 3 times
# at random points (and restarted each time). Then the committed output (read_committed) is checked against a
# plain sum of the input: one total per transaction, and each user's last total equals the sum of their amounts.
#
# Uses the fixed ports (Kafka 9092/9093, Flink 8081) that other people share: run it under the lock, e.g.
#   flock /tmp/fsj-fixed-ports.lock scripts/chaos.sh
# It starts Kafka and the cluster if they are not running, and stops what it started when it ends.
# Not part of CI (it takes minutes). Prints one verdict line (CHAOS PASS|FAIL ...) on stdout; exit 0 on PASS.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

EVENTS="${CHAOS_EVENTS:-1000000}"
KEYS="${CHAOS_KEYS:-10000}"
KILLS="${CHAOS_KILLS:-3}"
SEED="${CHAOS_SEED:-7}"

usage() {
  cat <<USAGE
usage: $(basename "$0")   (env: CHAOS_EVENTS=$EVENTS CHAOS_KEYS=$KEYS CHAOS_KILLS=$KILLS CHAOS_SEED=$SEED)
Runs running-total Kafka -> Kafka exactly-once over CHAOS_EVENTS generated transactions, kills the
TaskManager (kill -9) CHAOS_KILLS times at random points, and checks the committed totals.
Hold the fixed-ports lock: flock /tmp/fsj-fixed-ports.lock $(basename "$0")
USAGE
}
[[ "${1:-}" =~ ^(-h|--help)$ ]] && { usage; exit 0; }
(($# == 0)) || usage_error "no arguments expected"
require_cmd curl python3 java

CHAOS_DIR="$(run_dir chaos)"
RUN_ID="$(date +%Y%m%d-%H%M%S)"
IN_TOPIC="chaos-transactions-$RUN_ID"
OUT_TOPIC="chaos-totals-$RUN_ID"
INPUT="$CHAOS_DIR/transactions-$RUN_ID.jsonl"
OUTPUT="$CHAOS_DIR/totals-$RUN_ID.jsonl"
[[ -f "$JOB_JAR" ]] || die "no jar at $JOB_JAR (build it: mvn -q package -DskipTests)"

started_kafka=false
started_cluster=false
jid=""
producer_pid=""
cleanup() {
  local rc=$?
  [[ -n "$producer_pid" ]] && kill "$producer_pid" 2>/dev/null || true
  if [[ -n "$jid" ]]; then
    "$SCRIPTS_DIR/flink" cancel "$jid" >&2 2>/dev/null || true
  fi
  if $started_cluster; then "$SCRIPTS_DIR/cluster.sh" stop >&2 || true; fi
  if $started_kafka; then "$SCRIPTS_DIR/kafka.sh" stop >&2 || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# (1) Kafka and the cluster.
if ! port_open localhost 9092; then "$SCRIPTS_DIR/kafka.sh" start >&2; started_kafka=true; fi
if ! http_ok "$FLINK_REST_URL/overview"; then "$SCRIPTS_DIR/cluster.sh" start >&2; started_cluster=true; fi
# One input partition: every user's transactions in one order, so the job adds them in the order awk/python does.
kafka_admin create "$IN_TOPIC:1" "$OUT_TOPIC:1" "$OUT_TOPIC.dlq:1" "$OUT_TOPIC.late:1" >&2

# (2) Input, the job (exactly-once; checkpoints every 2 s so that each kill loses little), then the input.
log "generating $EVENTS transactions over $KEYS users (seed $SEED)"
java -cp "$JOB_JAR" dev.statefuljobs.jobs.Generate transactions --events "$EVENTS" --keys "$KEYS" --seed "$SEED" >"$INPUT"
jid="$("$SCRIPTS_DIR/flink" run -d -p 2 "$JOB_JAR" running-total --source kafka --topic "$IN_TOPIC" \
  --bootstrap-servers "$KAFKA_BOOTSTRAP" --group-id "$OUT_TOPIC" --sink kafka --output-topic "$OUT_TOPIC" \
  --delivery exactly-once --transactional-id-prefix "$OUT_TOPIC" -Dexecution.checkpointing.interval=2s \
  | flink_job_id)"
log "job $jid running; producing the input"
"$SCRIPTS_DIR/produce.sh" "$IN_TOPIC" "$INPUT" >&2 &
producer_pid=$!

# (3) Kill the TaskManager at random points while input is produced and processed. Each kill waits until the job
# runs again on the new TaskManager (all tasks RUNNING) and has completed a checkpoint since the previous kill, so
# that every kill interrupts a working job and costs one restart.
TM_PID_FILE="$RUN_DIR/cluster/taskmanager.pid"
all_tasks_running() {
  rest_call GET "$FLINK_REST_URL/jobs/$jid" 2>/dev/null \
    | json_get 'all(v["status"] == "RUNNING" for v in d["vertices"])' | grep -qx True
}
completed_checkpoints() {
  rest_call GET "$FLINK_REST_URL/jobs/$jid/checkpoints" 2>/dev/null | json_get 'd["counts"]["completed"]' || echo 0
}
restarts() {
  rest_call GET "$FLINK_REST_URL/jobs/$jid/metrics?get=numRestarts" 2>/dev/null | json_get 'd[0]["value"]' || echo 0
}
restarted_times() {
  local n
  n="$(restarts)"
  [[ "${n:-0}" =~ ^[0-9]+$ ]] && ((n >= $1))
}
checkpoint_after() {
  local n
  n="$(completed_checkpoints)"
  [[ "${n:-0}" =~ ^[0-9]+$ ]] && ((n > $1))
}
kills_done=0
for ((k = 1; k <= KILLS; k++)); do
  wait_s=$((4 + RANDOM % 12))
  log "kill $k/$KILLS in ${wait_s}s"
  sleep "$wait_s"
  wait_job_state "$jid" 120 RUNNING >/dev/null || die "job $jid is not running before kill $k"
  wait_until 180 "all tasks of $jid running" "" all_tasks_running || die "job $jid did not recover before kill $k"
  wait_until 180 "a checkpoint of $jid after the last kill" "" checkpoint_after "${checkpoints_at_kill:--1}" \
    || die "no checkpoint completed before kill $k"
  checkpoints_at_kill="$(completed_checkpoints)"
  tm="$(pid_of "$TM_PID_FILE" org.apache.flink.runtime.taskexecutor.TaskManagerRunner)" || die "no TaskManager to kill"
  log "kill -9 TaskManager pid $tm"
  kill -9 "$tm"
  kills_done=$((kills_done + 1))
  "$SCRIPTS_DIR/cluster.sh" start-tm >&2
  # The JobManager notices a SIGKILLed TaskManager only when its heartbeats fail: until the restart is counted,
  # the job still looks RUNNING, and a next kill would hit the same recovery.
  wait_until 180 "restart $k of $jid" "" restarted_times "$k" || die "job $jid did not restart after kill $k"
done
wait "$producer_pid"
producer_pid=""
log "input produced; waiting for the job to catch up and reading the committed output"

# (4) Read the committed output (read_committed): first until it holds one total per input record (the job catches
# up after its last restart), then once more in full after two more checkpoints, to count anything beyond that.
"$SCRIPTS_DIR/consume.sh" "$OUT_TOPIC" --max "$EVENTS" --timeout-ms 120000 >"$OUTPUT" 2>"$CHAOS_DIR/consume-$RUN_ID.log"
sleep 5
total_out="$("$SCRIPTS_DIR/consume.sh" "$OUT_TOPIC" --timeout-ms 15000 2>/dev/null | wc -l)"
state="$(job_state "$jid" || true)"
restarts="$(rest_call GET "$FLINK_REST_URL/jobs/$jid/metrics?get=numRestarts" | json_get 'd[0]["value"]' || true)"
dlq="$("$SCRIPTS_DIR/consume.sh" "$OUT_TOPIC.dlq" --timeout-ms 5000 2>/dev/null | wc -l)"

python3 - "$INPUT" "$OUTPUT" "$kills_done" "${restarts:-?}" "$state" "$dlq" "$total_out" <<'PY'
import json, sys
inp, out, kills, restarts, state, dlq, total_out = sys.argv[1:8]
sums, n_in = {}, 0
with open(inp) as f:
    for line in f:
        if line.strip():
            tx = json.loads(line)
            sums[tx["userId"]] = sums.get(tx["userId"], 0.0) + tx["amount"]
            n_in += 1
last, n_out = {}, 0
with open(out) as f:
    for line in f:
        if line.strip():
            r = json.loads(line)
            last[r["userId"]] = r["total"]
            n_out += 1
wrong = [u for u in sums if u not in last or abs(last[u] - sums[u]) > 1e-6]
extra = [u for u in last if u not in sums]
exact = sum(1 for u in sums if last.get(u) == sums[u])
ok = (n_out == n_in and int(total_out) == n_in and not wrong and not extra and int(dlq) == 0
      and restarts.isdigit() and int(restarts) >= int(kills))
print(f"CHAOS {'PASS' if ok else 'FAIL'}: input={n_in} output={total_out} users={len(sums)} "
      f"users_with_correct_total={len(sums) - len(wrong)} (bit-identical {exact}) wrong={len(wrong)} "
      f"dead_letters={dlq} tm_kills={kills} job_restarts={restarts} job_state={state}")
sys.exit(0 if ok else 1)
PY
