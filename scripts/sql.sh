#!/usr/bin/env bash
# Runs a file of Flink SQL statements on a TableEnvironment (sql-runner/, SqlRunner), since Flink 2.2.1's
# SQL client is not on Maven Central:
#   scripts/sql.sh -f sql/clicks-per-minute.sql             in a local MiniCluster with the web UI
#                                                           (http://localhost:8081 unless --web-ui says otherwise)
#   scripts/sql.sh --cluster -f sql/clicks-per-minute.sql   on the cluster of scripts/cluster.sh ($FLINK_REST_URL)
# A query prints its rows as a table as they come (op column: +I, -U, +U, -D); an INSERT INTO runs as a job of
# its own (locally the runner waits for it at the end; on the cluster it keeps running). A statement that Flink
# refuses ends the run with Flink's message in a line or two. Options: --web-ui PORT|off, -Dkey=value (Flink
# configuration, e.g. -Dparallelism.default=2). Builds what it needs first.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNNER_JAR="$REPO_ROOT/sql-runner/target/sql-runner.jar"
RUNNER_CLASSPATH="$REPO_ROOT/sql-runner/target/sql-runner-classpath.txt"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

ARGS=()
CLUSTER=false
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --cluster) CLUSTER=true; ARGS+=("$1"); shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

# --cluster ships the fat jar (the Kafka connector and flink-json), so both are built when stale. The fat jar is the
# time stamp: the shade plugin rewrites it on every package, while sql-runner.jar changes only with its own classes.
if [[ ! -f "$RUNNER_JAR" || ! -f "$RUNNER_CLASSPATH" || ! -f "$JOB_JAR" ]] \
   || [[ -n "$(find "$REPO_ROOT/common/src/main" "$REPO_ROOT/jobs/src/main" "$REPO_ROOT/sql-runner/src/main" \
               "$REPO_ROOT/pom.xml" "$REPO_ROOT/common/pom.xml" "$REPO_ROOT/jobs/pom.xml" "$REPO_ROOT/sql-runner/pom.xml" \
               -newer "$JOB_JAR" -print -quit)" ]]; then
  log "Building the SQL runner and the fat jar (mvn package)..."
  (cd "$REPO_ROOT" && { mvn -B -q -o package -DskipTests -pl sql-runner,jobs -am \
                        || mvn -B -q package -DskipTests -pl sql-runner,jobs -am; }) >&2
fi

EXTRA=()
if $CLUSTER; then
  require_cluster
  EXTRA=(--rest-url "$FLINK_REST_URL" --jar "$JOB_JAR")
fi

read -r -a JAVA_OPTS_17 <<<"$(java17_opts)"
exec "$(java_bin)" "${JAVA_OPTS_17[@]}" ${JAVA_OPTS:-} \
  -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j-sql.properties" \
  -cp "$RUNNER_JAR:$(cat "$RUNNER_CLASSPATH")" dev.statefuljobs.sql.SqlRunner "${ARGS[@]}" "${EXTRA[@]}"
