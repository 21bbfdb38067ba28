#!/usr/bin/env bash
# End-to-end test: a live migration of Spark state to Flink (docs/migrating-from-spark.md). Part of
# scripts/test.sh (CI): it builds spark-baseline/, whose first build downloads Spark's ~280 MB of jars.
#   1. build what it needs: the fat jar and state-tool through the reactor (offline first), spark-baseline/
#      with its own pom (offline first, then online)
#   2. generate a deterministic transaction stream (Generate CLI: --events, --keys users, --seed; 100 ms
#      of event time per transaction) and split it by line count into a first and a second half
#   for running-total (mapGroupsWithState, NoTimeout) and running-total-expiring (EventTimeTimeout, 1 h):
#   3. Spark 4 (local[2], Trigger.AvailableNow) runs the seed's query over the first half, writing a
#      checkpoint and its output rows (SparkRunningTotals)
#   4. Spark's state data source reads the checkpoint's state, timeouts included, into the JSON Lines
#      of scripts/state.sh (SparkStateExport)
#   5. scripts/state.sh bootstrap writes a Flink savepoint from it; state.sh read of that savepoint
#      must print the exported lines again, byte for byte
#   6. the Flink job runs from that savepoint over the second half (file source, parallelism 2)
#   7. the Flink job runs uninterrupted over the whole stream
#   8. compare (scripts/runtime/compare_migration.py): every user's last total; for the expiring job
#      Spark's rows plus Flink's equal the uninterrupted rows, every expiry at its time included
#   9. delete Spark's checkpoints and scratch files (trap on EXIT); data, outputs and logs stay in
#      .run/e2e-spark-migration/
# Prints one verdict line "e2e-spark-migration: PASS|FAIL ..."; exit 1 on FAIL. No fixed ports: Flink
# runs with --web-ui off, Spark without its UI.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"
  cat <<USAGE

usage: $(basename "$0") [--events N] [--keys K] [--seed S]
  --events N  transactions in all (default 200000: 5.6 h of event time), --keys K users (default 10000),
  --seed S (default 42)
USAGE
}

events=200000
keys=10000
seed=42
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --events|--keys|--seed)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || usage_error "$1 needs a positive number"
      declare "${1#--}=$2"; shift 2 ;;
    *) usage_error "unknown argument '$1'" ;;
  esac
done
((events >= 2)) || usage_error "--events must be at least 2 (one per half)"

started=$SECONDS
work="$RUN_DIR/e2e-spark-migration"
verdict="FAIL (did not finish)"
summaries=()

finish() {
  local rc=$?
  # Spark's checkpoints and scratch files are only needed until the export.
  rm -rf "$work"/*/spark/checkpoint "$work/scratch"
  [[ "$verdict" == PASS* ]] || rc=1
  echo "e2e-spark-migration: $verdict ($((SECONDS - started)) s)"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

rm -rf "$work"
mkdir -p "$work/logs" "$work/data/all" "$work/data/first" "$work/data/second"
times="$work/logs/times.tsv"
printf 'step\tseconds\n' >"$times"

# step NAME CMD...: run CMD, record its wall time in times.tsv.
step() {
  local name="$1" t0=$SECONDS
  shift
  "$@" || return
  printf '%s\t%d\n' "$name" "$((SECONDS - t0))" >>"$times"
}

# ------------------------------------------------------------------------------------------------
# 1. Build
# ------------------------------------------------------------------------------------------------

build_flink() {
  local stale=false jar
  for jar in "$JOB_JAR" "$REPO_ROOT/state-tool/target/state-tool.jar"; do
    [[ -f "$jar" && -f "$REPO_ROOT/jobs/target/local-classpath.txt" \
       && -z "$(find "$REPO_ROOT/common/src/main" "$REPO_ROOT/jobs/src/main" "$REPO_ROOT/state-tool/src/main" \
                  "$REPO_ROOT/pom.xml" "$REPO_ROOT/common/pom.xml" "$REPO_ROOT/jobs/pom.xml" \
                  "$REPO_ROOT/state-tool/pom.xml" -newer "$jar" -print -quit)" ]] || stale=true
  done
  $stale || return 0
  log "building the fat jar and state-tool (mvn package -pl jobs,state-tool -am)..."
  (cd "$REPO_ROOT" && { mvn -B -q -o package -DskipTests -pl jobs,state-tool -am \
                        || mvn -B -q package -DskipTests -pl jobs,state-tool -am; }) >"$work/logs/mvn-flink.log" 2>&1 \
    || { tail -30 "$work/logs/mvn-flink.log" >&2; die "could not build jobs and state-tool (log: $work/logs/mvn-flink.log)"; }
}

step build-flink build_flink
step build-spark spark_build_if_needed "$work/logs/mvn-spark.log"

# ------------------------------------------------------------------------------------------------
# 2. Data
# ------------------------------------------------------------------------------------------------

first_half=$((events / 2))
generate() {
  log "generating $events transactions over $keys users (seed $seed), split after line $first_half"
  "$(java_bin)" -Xmx512m -cp "$JOB_JAR" dev.statefuljobs.jobs.Generate transactions \
      --events "$events" --keys "$keys" --seed "$seed" >"$work/data/all/transactions.jsonl"
  head -n "$first_half" "$work/data/all/transactions.jsonl" >"$work/data/first/transactions.jsonl"
  tail -n "+$((first_half + 1))" "$work/data/all/transactions.jsonl" >"$work/data/second/transactions.jsonl"
}
step generate generate
# tx_time FILE head|tail: the event time (UTC) of the file's first or last transaction.
tx_time() {
  "$2" -n 1 "$1" | sed -n 's/.*"transactionTime":\([0-9]*\).*/\1/p' | xargs -I{} date -u -d @{} +%H:%M:%S
}
log "event time (UTC): first half $(tx_time "$work/data/first/transactions.jsonl" head) to" \
  "$(tx_time "$work/data/first/transactions.jsonl" tail), second half to $(tx_time "$work/data/all/transactions.jsonl" tail)"

# ------------------------------------------------------------------------------------------------
# 3.-8. Per job
# ------------------------------------------------------------------------------------------------

# spark_main JOB LOG CLASS ARGS...: a main class of spark-baseline/, local[2], 2 GB heap; stdout to LOG.out.
spark_main() {
  local log_prefix="$1"
  shift
  spark_java_command "$work/scratch"
  "${SPARK_JAVA[@]}" -Xms2g -Xmx2g "$@" >"$log_prefix.out" 2>"$log_prefix.err" \
    || { tail -20 "$log_prefix.err" >&2; die "Spark failed: $* (log: $log_prefix.err)"; }
  cat "$log_prefix.out" >&2
}

# flink_run JOB LOG ARGS...: the job from the fat jar in a local MiniCluster, parallelism 2, files in and out.
flink_run() {
  local job="$1" logfile="$2"
  shift 2
  timeout 900 "$SCRIPTS_DIR/run-local.sh" "$job" --source file --sink file --parallelism 2 --web-ui off \
      --watermarks per-event "$@" >"$logfile" 2>&1 \
    || { tail -30 "$logfile" >&2; die "the Flink job $job failed (log: $logfile)"; }
  grep '^Finished ' "$logfile" >&2 || true
}

migrate() {
  local job="$1" dir="$work/$1"
  mkdir -p "$dir/spark" "$dir/logs"
  log "$job: Spark over the first half ($first_half transactions)"
  step "$job spark" spark_main "$dir/logs/spark" dev.statefuljobs.spark.SparkRunningTotals "$job" "$work/data/first" \
    --checkpoint "$dir/spark/checkpoint" --output "$dir/spark/output"
  log "$job: Spark's state, read with format(\"statestore\"), to JSON Lines"
  step "$job export" spark_main "$dir/logs/export" dev.statefuljobs.spark.SparkStateExport "$dir/spark/checkpoint" \
    --job "$job" --out "$dir/state.jsonl"
  log "$job: a Flink savepoint from it (state.sh bootstrap)"
  step "$job bootstrap" "$SCRIPTS_DIR/state.sh" bootstrap --job "$job" --from "$dir/state.jsonl" --out "$dir/savepoint" \
    2>"$dir/logs/bootstrap.err" || { cat "$dir/logs/bootstrap.err" >&2; die "bootstrap failed for $job"; }
  log "$job: state.sh read of the savepoint gives back the exported lines, byte for byte"
  step "$job read-back" "$SCRIPTS_DIR/state.sh" read "$dir/savepoint" --job "$job" >"$dir/state-read-back.jsonl" \
    2>"$dir/logs/read-back.err" || { cat "$dir/logs/read-back.err" >&2; die "state.sh read failed for $job"; }
  if ! cmp -s "$dir/state.jsonl" "$dir/state-read-back.jsonl"; then
    diff "$dir/state.jsonl" "$dir/state-read-back.jsonl" | head -20 >&2
    verdict="FAIL: $job: the savepoint does not read back as the exported state"
    exit 1
  fi
  log "$job: Flink from the savepoint over the second half"
  step "$job flink-migrated" flink_run "$job" "$dir/logs/flink-migrated.log" --from-savepoint "$dir/savepoint" \
    --input "$work/data/second" --output "$dir/flink-migrated"
  log "$job: Flink uninterrupted over the whole stream"
  step "$job flink-uninterrupted" flink_run "$job" "$dir/logs/flink-uninterrupted.log" \
    --input "$work/data/all" --output "$dir/flink-uninterrupted"
  local line
  if line="$(python3 "$SCRIPTS_DIR/runtime/compare_migration.py" "$job" --state "$dir/state.jsonl" \
               --spark "$dir/spark/output" --migrated "$dir/flink-migrated" \
               --uninterrupted "$dir/flink-uninterrupted" --first-half "$first_half" \
               --second-half "$work/data/second/transactions.jsonl")"; then
    log "$line"
    summaries+=("$line")
  else
    log "$line"
    verdict="FAIL: $line"
    exit 1
  fi
}

migrate running-total
migrate running-total-expiring

column -t -s$'\t' "$times" >&2
verdict="PASS: $events transactions, $keys users; ${summaries[0]}; ${summaries[1]}"
