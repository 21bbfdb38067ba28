#!/usr/bin/env bash
# End-to-end test: running-total on a real Flink session cluster, from Kafka to Kafka,
# exactly-once at parallelism 2, stopped with a savepoint half-way and resumed from it.
#   1. start Kafka and the cluster (each unless it runs already)
#   2. submit running-total (unbounded, --sink kafka exactly-once): scripts/flink run -d -p 2
#   3. produce the first half of a generated stream (Generate CLI; keyed by userId, 2 partitions)
#   4. stop the job with a savepoint (scripts/flink stop --savepointPath) once it has read a fifth
#      of the first half (the producer is throttled; Flink's REST metrics lag up to 10 s, so the
#      whole half may be in by then: the log says how many totals job 1 had committed)
#   5. resume from the savepoint (scripts/flink run -s)
#   6. produce the second half;  7. check the web UI in headless Chromium while the job runs
#      (scripts/ui-check.sh; skipped with a message if Chromium cannot be installed)
#   8. wait until every total arrived (read_committed), stop the job with a savepoint, read the
#      output topic and check: one total per transaction (nothing lost, nothing doubled), and for
#      every user the totals are the running sums of its amounts (same additions in the same
#      order, compared exactly), so the last total is the plain sum of the user's amounts
#   9. cancel what still runs (scripts/flink list -r, scripts/flink cancel) and stop what this
#      script started (trap on EXIT)
# Topics, consumer group and transactional ids are unique per run (e2e-<id>-...).
# Prints one verdict line "e2e-cluster: PASS|FAIL ..."; exit 1 on FAIL.
# Ports 9092/9093/8081 are fixed: on a shared machine run it as
#   flock /tmp/fsj-fixed-ports.lock scripts/e2e-cluster.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"
  cat <<USAGE

usage: $(basename "$0") [--events N] [--keys K] [--seed S] [--no-ui]
  --events N  transactions in all (default 20000), --keys K users (default 500), --seed S (default 7)
  --no-ui     skip the web UI check
USAGE
}

events=20000
keys=500
seed=7
ui=true
while (($#)); do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --keys) keys="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --no-ui) ui=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
[[ "$events" =~ ^[0-9]+$ && "$events" -ge 2 ]] || usage_error "--events needs a number >= 2"

started=$SECONDS
run_id="$(date +%Y%m%d%H%M%S)-$$"
work="$(run_dir e2e "cluster-$run_id")"
in_topic="e2e-$run_id-transactions"
out_topic="e2e-$run_id-running-totals"
verdict="FAIL (did not finish)"
ui_result="UI check not run"
jids=()
producer=""

finish() {
  local rc=$?
  trap - INT TERM
  local j
  # The background producer has its own process group (setsid): end it and its JVM.
  [[ -z "$producer" ]] || kill -- "-$producer" 2>/dev/null || true
  if ((${#jids[@]})); then
    local running
    running="$("$SCRIPTS_DIR/flink" list -r 2>/dev/null || true)"
    for j in "${jids[@]}"; do
      if [[ "$running" == *" $j "* ]]; then
        "$SCRIPTS_DIR/flink" cancel "$j" >&2 || true
      fi
    done
  fi
  e2e_down
  [[ "$verdict" == PASS* ]] || rc=1
  echo "e2e-cluster: $verdict; $ui_result ($((SECONDS - started)) s)"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

fail() { verdict="FAIL: $*"; exit 1; }

# consume_all FILE [--max N] [idle ms]: the committed records of the output topic into FILE.
consume_all() {
  local file="$1" max="$2" idle="$3"
  local -a opts=(--timeout-ms "$idle")
  [[ -n "$max" ]] && opts+=(--max "$max")
  timeout 900 "$SCRIPTS_DIR/consume.sh" "$out_topic" "${opts[@]}" >"$file" 2>>"$work/consume.log" || true
  wc -l <"$file" | tr -d ' '
}

# source_records_at_least JID N: the job's source chain has sent at least N records downstream.
source_records_at_least() {
  local n
  n="$(rest_call GET "$FLINK_REST_URL/jobs/$1" 2>/dev/null \
    | json_get 'sum(v["metrics"]["write-records"] for v in d["vertices"] if v["name"].startswith("Source:"))')"
  [[ "$n" =~ ^[0-9]+$ ]] && ((n >= $2))
}

e2e_build_jar
e2e_kafka_up
e2e_cluster_up
kafka_admin create "$in_topic:2" "$out_topic:1" "$out_topic.dlq:1" "$out_topic.late:1"

# The input: generated transactions, split in two halves; produced with key = userId so that a
# user's transactions stay in one partition, in order.
half=$((events / 2))
java -cp "$JOB_JAR" dev.statefuljobs.jobs.Generate transactions --events "$events" --keys "$keys" \
  --seed "$seed" >"$work/input.jsonl"
python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        print(json.loads(line)["userId"] + "\t" + line.rstrip("\n"))
' "$work/input.jsonl" >"$work/input.keyed"
head -n "$half" "$work/input.keyed" >"$work/first-half.keyed"
tail -n +"$((half + 1))" "$work/input.keyed" >"$work/second-half.keyed"
log "input: $events transactions over $keys users (seed $seed) in $work/input.jsonl"

job_args=(running-total --source kafka --topic "$in_topic" --group-id "e2e-$run_id"
  --sink kafka --output-topic "$out_topic" --delivery exactly-once --transactional-id-prefix "e2e-$run_id")

jid="$("$SCRIPTS_DIR/flink" run -d -p 2 "$JOB_JAR" "${job_args[@]}" | flink_job_id)" || fail "flink run failed"
jids+=("$jid")
"$SCRIPTS_DIR/flink" list >&2
log "job 1: $jid; producing the first half ($half transactions)"
# The producer runs in the background, throttled (about 1,000 records/s), so that the savepoint may
# be taken while records still flow in (then part of the first half is read only by the resumed job).
# The trigger is the source's write-records metric, which the REST API refreshes only every ~10 s.
setsid bash -c '
  python3 -c "
import sys, time
for i, line in enumerate(sys.stdin, 1):
    sys.stdout.write(line)
    if i % 250 == 0:
        sys.stdout.flush()
        time.sleep(0.25)
" <"$1" | "$2" --keys "$3" -' _ "$work/first-half.keyed" "$SCRIPTS_DIR/produce.sh" "$in_topic" &
producer=$!
wait_until 180 "job 1 to read $((half / 5)) records" "" source_records_at_least "$jid" $((half / 5)) \
  || fail "job 1 read fewer than $((half / 5)) records in 180 s"
sp="$("$SCRIPTS_DIR/flink" stop --savepointPath "$RUN_DIR/savepoints" "$jid" | flink_savepoint_path)" \
  || fail "stop with savepoint failed"
wait "$producer" || fail "producing the first half failed"
producer=""
at_savepoint="$(consume_all "$work/at-savepoint.jsonl" "" 3000)"
[[ "$at_savepoint" -le "$half" ]] || fail "$at_savepoint totals committed for $half transactions"
log "savepoint $sp; $at_savepoint of $half totals committed when job 1 stopped"

jid="$("$SCRIPTS_DIR/flink" run -d -p 2 -s "$sp" "$JOB_JAR" "${job_args[@]}" | flink_job_id)" \
  || fail "flink run -s (resume from the savepoint) failed"
jids+=("$jid")
log "job 2 (from the savepoint): $jid; producing the second half ($((events - half)) transactions)"
"$SCRIPTS_DIR/produce.sh" --keys "$in_topic" "$work/second-half.keyed"

if $ui; then
  set +e
  "$SCRIPTS_DIR/ui-check.sh" "$jid" | tee "$work/ui-check.txt"
  ui_rc=${PIPESTATUS[0]}
  set -e
  case "$ui_rc" in
    0) ui_result="UI check OK (screenshot .run/ui/$jid-check.png)" ;;
    3) ui_result="UI check SKIPPED (no headless Chromium)" ;;
    *) ui_result="UI check FAILED"; fail "the web UI does not show the job as expected" ;;
  esac
else
  ui_result="UI check skipped (--no-ui)"
fi

log "waiting until $events totals are committed (read_committed; up to 2 min without progress)"
got="$(consume_all "$work/output.jsonl" "$events" 120000)"
[[ "$got" == "$events" ]] || fail "only $got of $events totals arrived (job: $(job_state "$jid" 2>/dev/null || echo '?'))"
"$SCRIPTS_DIR/flink" stop --savepointPath "$RUN_DIR/savepoints" "$jid" | flink_savepoint_path >/dev/null \
  || fail "final stop with savepoint failed"
# The job is stopped, so nothing more can arrive: read everything, to catch duplicates too.
got="$(consume_all "$work/output.jsonl" "" 5000)"
log "read back $got totals"

if summary="$(python3 "$SCRIPTS_DIR/runtime/check_totals.py" "$work/input.jsonl" "$work/output.jsonl")"; then
  verdict="PASS: ${summary#OK: }; stopped with a savepoint after $at_savepoint totals, resumed"
else
  verdict="FAIL: ${summary#FAIL: } (files in $work)"
fi
