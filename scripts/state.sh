#!/usr/bin/env bash
# A job's keyed state as JSON Lines from a savepoint or retained checkpoint (read), a savepoint from
# JSON Lines that the job starts from (bootstrap), and SQL over savepoints (sql): Flink's State
# Processor API, run by state-tool/ (never part of the fat jar). docs/state.md has the formats and
# the operators.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TOOL_JAR="$REPO_ROOT/state-tool/target/state-tool.jar"
TOOL_CLASSPATH="$REPO_ROOT/state-tool/target/state-tool-classpath.txt"
TOOL_LOG_DIR="$RUN_DIR/state-tool"

usage() {
  cat <<USAGE
usage: scripts/state.sh read <savepoint|checkpoint> --job <job> [--operator <uid>] [--output <dir>]
                        [--state-backend auto|hashmap|rocksdb] [job flags]
       scripts/state.sh bootstrap --job <job> --from <state.jsonl> --out <dir> [--max-parallelism N]
                        [--operator <uid>] [--state-backend hashmap|rocksdb] [job flags]
       scripts/state.sh sql -f <file.sql> | -e '<statements>'

read       prints the keyed state of the job's stateful operator (or of --operator <uid>) as JSON
           Lines, one line per key (per key and window for windowed jobs), sorted. It reads heap and
           RocksDB savepoints and retained checkpoints (.run/checkpoints/<job-id>/chk-N); auto picks
           rocksdb for RocksDB's own files (incremental checkpoints, native savepoints).
           --output <dir> writes part files into a new directory instead (for large state, e.g.
           when the tool runs on the cluster, see docs/state.md).
bootstrap  writes a new savepoint <dir> from lines in the format read prints (read, then bootstrap,
           is a round trip). Every line is checked first: a bad line is reported with its number
           and reason, and nothing is written. Start the job from it with
             scripts/flink run -s <dir> jobs/target/flink-stateful-jobs.jar <job> ...
             scripts/run-local.sh <job> --from-savepoint <dir> ...
           --max-parallelism defaults to 128, the jobs' own (Flink's default up to parallelism 85).
sql        runs SQL statements (each ending with ';' at the end of a line) in a batch
           TableEnvironment, for Flink's 'savepoint' table connector; prints each query's rows
           tab-separated under a header (no SQL client jar is served for Flink 2.2).
Job flags that decide where the state lives must be the job's: --impl keyed-sum, --state-ttl,
--time event. The tool runs in a local MiniCluster; log: .run/state-tool/state-tool.log.
Examples:
  scripts/state.sh read .run/savepoints/savepoint-1a2b3c-4d5e6f7a8b9c --job running-total
  scripts/state.sh read .run/checkpoints/<job-id>/chk-12 --job running-total-expiring
  scripts/state.sh bootstrap --job running-total --from totals.jsonl --out .run/savepoints/from-file
USAGE
}

for arg in "$@"; do
  case "$arg" in -h|--help) usage; exit 0 ;; esac
done
(($#)) || usage_error "a command is required: read, bootstrap or sql"

# Build the tool when it is missing or older than the code it contains (the jobs' own classes).
if [[ ! -f "$TOOL_JAR" || ! -f "$TOOL_CLASSPATH" ]] \
   || [[ -n "$(find "$REPO_ROOT/common/src/main" "$REPO_ROOT/jobs/src/main" "$REPO_ROOT/state-tool/src/main" \
               "$REPO_ROOT/pom.xml" "$REPO_ROOT/common/pom.xml" "$REPO_ROOT/jobs/pom.xml" \
               "$REPO_ROOT/state-tool/pom.xml" -newer "$TOOL_JAR" -print -quit)" ]]; then
  log "building state-tool (mvn package -pl state-tool -am)..."
  (cd "$REPO_ROOT" && { mvn -B -q -o package -DskipTests -pl state-tool -am \
      || mvn -B -q package -DskipTests -pl state-tool -am; }) >&2 \
    || die "could not build state-tool (run: mvn -B package -DskipTests -pl state-tool -am)"
fi

read -r -a JAVA_OPTS_17 <<<"$(java17_opts)"
mkdir -p "$TOOL_LOG_DIR"
# The tool's own sentences go to stderr; Flink's logging goes to the log file.
# shellcheck disable=SC2086  # $JAVA_OPTS is a list of JVM options: split on purpose, as in run-local.sh.
exec "$(java_bin)" "${JAVA_OPTS_17[@]}" ${JAVA_OPTS:-} \
  -Dlog.file="$TOOL_LOG_DIR/state-tool.log" \
  -Dlog4j.configurationFile="file:$FLINK_CONF_DIR/log4j-cli.properties" \
  -cp "$TOOL_JAR:$(cat "$TOOL_CLASSPATH")" \
  dev.statefuljobs.state.StateTool "$@"
