#!/usr/bin/env bash
# Runs a job in a local MiniCluster with the Flink web UI (http://localhost:8081 unless --web-ui says
# otherwise). Builds the fat jar first when it is missing or older than the sources.
#   scripts/run-local.sh                      lists the jobs
#   scripts/run-local.sh <job> [flags]        runs one; flags are in README.md, "Flags"
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/jobs/target/flink-stateful-jobs.jar"
CLASSPATH_FILE="$ROOT/jobs/target/local-classpath.txt"

if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" ]] \
   || [[ -n "$(find "$ROOT/common/src/main" "$ROOT/jobs/src/main" "$ROOT/pom.xml" "$ROOT/common/pom.xml" \
               "$ROOT/jobs/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  echo "Building the fat jar (mvn package)..." >&2
  (cd "$ROOT" && mvn -B -q package -DskipTests) >&2
fi

export FLINK_CONF_DIR="${FLINK_CONF_DIR:-$ROOT/flink-conf}"
mkdir -p "$ROOT/.run/logs" "$ROOT/.run/checkpoints" "$ROOT/.run/savepoints"

# The module opens Flink needs on Java 17, as its own distribution sets in env.java.opts.all.
JAVA17_OPENS=()
for pkg in java.util java.lang java.net java.io java.nio sun.nio.ch java.lang.reflect java.text java.time \
           java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks; do
  JAVA17_OPENS+=("--add-opens=java.base/$pkg=ALL-UNNAMED")
done

exec java "${JAVA17_OPENS[@]}" ${JAVA_OPTS:-} \
  -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j-console.properties" \
  -Dlog.file="$ROOT/.run/logs/local.log" \
  -cp "$JAR:$(cat "$CLASSPATH_FILE")" \
  dev.statefuljobs.jobs.Main "$@" \
  -Dexecution.checkpointing.dir="file://$ROOT/.run/checkpoints" \
  -Dexecution.checkpointing.savepoint-dir="file://$ROOT/.run/savepoints"
