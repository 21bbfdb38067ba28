#!/usr/bin/env bash
# Runs a job in a local MiniCluster with the Flink web UI (http://localhost:8081 unless --web-ui says
# otherwise), configured from flink-conf/ like the cluster. Builds the fat jar first when it is missing
# or older than the sources.
#   scripts/run-local.sh                      lists the jobs
#   scripts/run-local.sh <job> [flags]        runs one
#   scripts/run-local.sh <job> --help         the flags of that job (all of them: docs/flags.md)
#   scripts/run-local.sh <job> --from-savepoint <dir> [flags]
#                                             starts from a savepoint or retained checkpoint, e.g. one
#                                             that scripts/state.sh bootstrap wrote (Flink's
#                                             -Dexecution.state-recovery.path, with the path made absolute)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOCAL_CLASSPATH="$REPO_ROOT/jobs/target/local-classpath.txt"

if [[ ! -f "$JOB_JAR" || ! -f "$LOCAL_CLASSPATH" ]] \
   || [[ -n "$(find "$REPO_ROOT/common/src/main" "$REPO_ROOT/jobs/src/main" "$REPO_ROOT/pom.xml" \
               "$REPO_ROOT/common/pom.xml" "$REPO_ROOT/jobs/pom.xml" -newer "$JOB_JAR" -print -quit)" ]]; then
  log "Building the fat jar (mvn package)..."
  (cd "$REPO_ROOT" && mvn -B -q package -DskipTests) >&2
fi

# --from-savepoint is this script's: Flink's own key, with the path made absolute (Flink needs one).
ARGS=()
while (($#)); do
  case "$1" in
    --from-savepoint)
      [[ $# -ge 2 && "$2" != -* ]] || usage_error "--from-savepoint needs a savepoint directory"
      ARGS+=("-Dexecution.state-recovery.path=$(realpath -m -- "$2")"); shift 2 ;;
    --from-savepoint=*) ARGS+=("-Dexecution.state-recovery.path=$(realpath -m -- "${1#*=}")"); shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
set -- "${ARGS[@]+"${ARGS[@]}"}"

read -r -a JAVA_OPTS_17 <<<"$(java17_opts)"
mapfile -t DIR_PROPS < <(flink_dir_props)
run_dir checkpoints >/dev/null
run_dir savepoints >/dev/null

# The fat jar first, then the Flink runtime that a cluster would provide.
exec "$(java_bin)" "${JAVA_OPTS_17[@]}" ${JAVA_OPTS:-} \
  -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j-console.properties" \
  -cp "$JOB_JAR:$(cat "$LOCAL_CLASSPATH")" \
  "$JOB_MAIN_CLASS" "$@" "${DIR_PROPS[@]:0:2}"
