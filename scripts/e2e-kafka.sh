#!/usr/bin/env bash
# CI's Kafka exercise: the seed's transactions through a real Kafka broker and the real
# running-total job, exactly-once, read back as a read_committed consumer sees them.
#   1. start the broker (unless it runs) and create the jobs' topics
#   2. produce scripts/samples/transactions.jsonl to a fresh input topic
#   3. run-local.sh running-total --source kafka --bounded --sink kafka (exits at the end of input,
#      after its final checkpoint committed the Kafka transaction)
#   4. consume the output topic with read_committed and check the seed's totals:
#      user1 50.0, 80.0, 120.0; user2 20.0, 80.0
#   5. stop the broker if this script started it (trap on EXIT)
# Topics and consumer group are unique per run (e2e-<id>-...), so re-runs on a kept broker do not
# see earlier runs' records. Prints one verdict line "e2e-kafka: PASS|FAIL ..."; exit 1 on FAIL.
# Ports 9092/9093 are fixed: on a shared machine run it as
#   flock /tmp/fsj-fixed-ports.lock scripts/e2e-kafka.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,16s/^# \{0,1\}//p' "$0"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) usage_error "no arguments expected" ;; esac

started=$SECONDS
run_id="$(date +%Y%m%d%H%M%S)-$$"
work="$(run_dir e2e "kafka-$run_id")"
in_topic="e2e-$run_id-transactions"
out_topic="e2e-$run_id-running-totals"
verdict="FAIL (did not finish)"

finish() {
  local rc=$?
  e2e_down
  [[ "$verdict" == PASS* ]] || rc=1
  echo "e2e-kafka: $verdict ($((SECONDS - started)) s)"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

e2e_build_jar
e2e_kafka_up
"$SCRIPTS_DIR/kafka.sh" topics
# One partition each: the sample's order is the order the job reads and writes (and the README's
# topics are left alone).
kafka_admin create "$in_topic:1" "$out_topic:1" "$out_topic.dlq:1" "$out_topic.late:1"

log "producing the seed's 5 transactions to $in_topic"
"$SCRIPTS_DIR/produce.sh" "$in_topic" "$SCRIPTS_DIR/samples/transactions.jsonl"

log "running running-total from Kafka to Kafka, bounded (log: $work/job.log)"
if ! timeout 300 "$SCRIPTS_DIR/run-local.sh" running-total --source kafka --topic "$in_topic" \
     --group-id "e2e-$run_id" --bounded --sink kafka --output-topic "$out_topic" --web-ui off \
     >"$work/job.log" 2>&1; then
  tail -n 30 "$work/job.log" >&2
  verdict="FAIL: the job failed (log: $work/job.log)"
  exit 1
fi

# The job has ended, so all its output is committed: read until the topic stays quiet for 5 s.
"$SCRIPTS_DIR/consume.sh" "$out_topic" --timeout-ms 5000 >"$work/output.jsonl" 2>"$work/consume.log"
log "read back $(wc -l <"$work/output.jsonl") records (read_committed):"
cat "$work/output.jsonl" >&2
if summary="$(python3 "$SCRIPTS_DIR/runtime/check_totals.py" "$SCRIPTS_DIR/samples/transactions.jsonl" \
      "$work/output.jsonl" --expect user1=50.0,80.0,120.0 --expect user2=20.0,80.0)"; then
  verdict="PASS: ${summary#OK: } (user1 50.0, 80.0, 120.0; user2 20.0, 80.0)"
else
  verdict="FAIL: ${summary#FAIL: } (records in $work/output.jsonl)"
fi
