#!/usr/bin/env bash
# The project's test command (what CI runs, .ci/run):
#   1. mvn -B verify            unit and MiniCluster tests (the quicker Java-only subset)
#   2. scripts/e2e-kafka.sh     the seed's running totals through a real Kafka broker
#   3. scripts/e2e-cluster.sh   session cluster, Kafka to Kafka exactly-once, savepoint and
#                               resume, web UI check in headless Chromium
#   4. scripts/e2e-spark-migration.sh  the running totals' state from a real Spark 4 checkpoint to
#                               a Flink savepoint, checked against an uninterrupted Flink run (builds
#                               spark-baseline/, which downloads Spark's jars on first use)
# Every step runs even if an earlier one failed; each e2e script stops what it started, and this
# script stops the broker and the cluster on exit if they were not running when it began.
# Ends with one line "e2e: N passed, N failed"; exit status 1 if anything failed.
# With CI=true (or when missing, as root) Chromium and Node are installed with apt-get.
# Uses the fixed ports 9092/9093/8081: on a shared machine run it as
#   flock /tmp/fsj-fixed-ports.lock scripts/test.sh
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set +e

case "${1:-}" in
  -h|--help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
  "") ;;
  *) usage_error "no arguments expected" ;;
esac

kafka_was_running=false
cluster_was_running=false
pid_of "$RUN_DIR/kafka/kafka.pid" kafka.Kafka >/dev/null && kafka_was_running=true
pid_of "$RUN_DIR/cluster/jobmanager.pid" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint >/dev/null \
  && cluster_was_running=true

cleanup() {
  $cluster_was_running || "$SCRIPTS_DIR/cluster.sh" stop >/dev/null 2>&1 || true
  $kafka_was_running || "$SCRIPTS_DIR/kafka.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$REPO_ROOT" || exit 1
rc=0
t0=$SECONDS
log "mvn -B verify"
if mvn -B verify; then
  mvn_result="mvn verify: OK ($((SECONDS - t0)) s)"
else
  mvn_result="mvn verify: FAILED ($((SECONDS - t0)) s)"
  rc=1
fi

passed=0
failed=0
declare -a verdicts=()
for e2e in e2e-kafka e2e-cluster e2e-spark-migration; do
  log "scripts/$e2e.sh"
  out="$(run_dir)/$e2e.out"
  "$SCRIPTS_DIR/$e2e.sh" 2>&1 | tee "$out"
  if ((PIPESTATUS[0] == 0)); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    rc=1
  fi
  verdicts+=("$(grep "^$e2e: " "$out" | tail -n 1)")
  [[ -n "${verdicts[-1]}" ]] || verdicts[-1]="$e2e: no verdict (see $out)"
done

echo
echo "$mvn_result"
printf '%s\n' "${verdicts[@]}"
echo "e2e: $passed passed, $failed failed"
exit "$rc"
