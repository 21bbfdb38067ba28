#!/usr/bin/env bash
# A local Flink 2.2.1 standalone session cluster (one JobManager, one TaskManager with 2 slots)
# from jars Maven resolves (scripts/runtime/pom.xml, profile flink): no Flink distribution needed.
# Configuration: flink-conf/config.yaml plus the absolute .run/ directories as dynamic properties.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER_DIR="$RUN_DIR/cluster"
JM_PID="$CLUSTER_DIR/jobmanager.pid"
TM_PID="$CLUSTER_DIR/taskmanager.pid"
JM_MAIN=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
TM_MAIN=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
START_TIMEOUT=${FLINK_START_TIMEOUT:-120}

usage() {
  cat <<USAGE
usage: $(basename "$0") start|stop|status|start-tm [--rest-url URL]

  start   start the JobManager and the TaskManager (no-op for those already running) and wait
          until GET /overview reports at least 2 slots. Web UI: $FLINK_REST_URL
  stop    stop the TaskManager, then the JobManager, waiting for both to exit (running jobs
          die with them; stop them with a savepoint first: scripts/flink stop <job-id>)
  status  print the pids and the cluster overview
  start-tm  (re)start only the TaskManager, e.g. after it was killed (scripts/chaos.sh), and wait
          until it has registered its slots with the running JobManager

--rest-url only changes where start waits / status asks (default \$FLINK_REST_URL or
http://localhost:8081); the port itself is rest.port in flink-conf/config.yaml.
Pids, logs (log/), uploaded jars (web-upload/): .run/cluster/. Checkpoints: .run/checkpoints,
savepoints: .run/savepoints.
USAGE
}

# resource_params JM|TM: sets JVM_PARAMS (heap/metaspace/direct sizes) and DYN_PARAMS (-D key=value
# list of the derived memory sizes) the way flink-dist's scripts do, with BashJavaUtils.
resource_params() {
  local what="$1" cp="$2" out
  out="$("$(java_bin)" -Xmx256m -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils \
    "GET_${what}_RESOURCE_PARAMS" --configDir "$FLINK_CONF_DIR" "${DIR_PROPS[@]}" 2>&1)" \
    || { printf '%s\n' "$out" >&2; die "BashJavaUtils GET_${what}_RESOURCE_PARAMS failed"; }
  local -a results
  mapfile -t results < <(printf '%s\n' "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')
  ((${#results[@]} >= 2)) || { printf '%s\n' "$out" >&2; die "unexpected BashJavaUtils output"; }
  read -r -a JVM_PARAMS <<<"${results[0]}"
  read -r -a DYN_PARAMS <<<"${results[${#results[@]} - 1]}"
}

start_process() {
  local name="$1" pidfile="$2" marker="$3" what="$4" cp="$5"
  shift 5
  local pid
  if pid="$(pid_of "$pidfile" "$marker")"; then
    log "$name is already running (pid $pid)"
    return 0
  fi
  resource_params "$what" "$cp"
  # env.java.opts.all (the Java 17 opens) + env.java.opts.jobmanager|taskmanager, as flink-dist does.
  local role=jobmanager
  [[ "$what" == TM ]] && role=taskmanager
  local -a java_opts
  read -r -a java_opts <<<"$(java17_opts) $(flink_conf_value "env.java.opts.$role")"
  local logfile="$CLUSTER_DIR/log/$name.log"
  log "starting $name (log: $logfile)"
  start_bg "$pidfile" "$CLUSTER_DIR/log/$name.out" "$CLUSTER_DIR" \
    "$(java_bin)" "${JVM_PARAMS[@]}" "${java_opts[@]}" \
    -Dlog.file="$logfile" \
    -Dlog4j.configurationFile="file:$FLINK_CONF_DIR/log4j.properties" \
    -Dlog4j2.formatMsgNoLookups=true \
    -cp "$cp" "$marker" --configDir "$FLINK_CONF_DIR" "$@" "${DIR_PROPS[@]}" "${DYN_PARAMS[@]}"
}

# slots_total: the slots-total field of GET /overview (0 if unavailable).
slots_total() {
  curl -fsS --max-time 5 "$FLINK_REST_URL/overview" 2>/dev/null | json_get 'd["slots-total"]' || echo 0
}

has_slots() {
  local n
  n="$(slots_total)"
  [[ "${n:-0}" =~ ^[0-9]+$ ]] && ((n >= 2))
}

cmd_start() {
  mkdir -p "$CLUSTER_DIR/log" "$RUN_DIR/checkpoints" "$RUN_DIR/savepoints" "$CLUSTER_DIR/web-upload" \
    "$CLUSTER_DIR/tmp/web"
  if ! pid_of "$JM_PID" "$JM_MAIN" >/dev/null && port_open localhost "$REST_PORT"; then
    die "port $REST_PORT is in use by another process (not our JobManager: no live pid in $JM_PID)"
  fi
  local cp
  cp="$(classpath flink)"
  # NB: no `--executionMode cluster` (Flink 1.x's start script passed it): Flink 2.x's entrypoint
  # parser only knows --configDir and -D, stops at the first unknown argument and then silently
  # ignores every -D after it (checkpoint dirs and memory sizes would be lost).
  start_process jobmanager "$JM_PID" "$JM_MAIN" JM "$cp"
  wait_for_http "$FLINK_REST_URL/overview" "$START_TIMEOUT" "$(<"$JM_PID")" \
    || { tail -n 40 "$CLUSTER_DIR/log/jobmanager.out" "$CLUSTER_DIR/log/jobmanager.log" >&2 || true
         die "the JobManager did not come up"; }
  jm_alive_or_die
  start_process taskmanager "$TM_PID" "$TM_MAIN" TM "$cp"
  wait_until "$START_TIMEOUT" "2 task slots at $FLINK_REST_URL/overview" "$(<"$TM_PID")" has_slots \
    || { tail -n 40 "$CLUSTER_DIR/log/taskmanager.out" "$CLUSTER_DIR/log/taskmanager.log" >&2 || true
         die "the TaskManager did not register"; }
  jm_alive_or_die
  log "Flink cluster is ready: $(slots_total) slots; web UI $FLINK_REST_URL"
}

# jm_alive_or_die: the REST answer we waited for must come from our JobManager: if another process
# took port 8081 between our port check and the JobManager's bind, the JobManager exits with
# "Could not start rest endpoint" while the other server answers /overview.
jm_alive_or_die() {
  sleep 1
  pid_of "$JM_PID" "$JM_MAIN" >/dev/null && return 0
  grep -h 'BindException\|Could not start' "$CLUSTER_DIR/log/jobmanager.log" 2>/dev/null | tail -n 3 >&2 || true
  die "the JobManager exited (another process on port $REST_PORT?); log: $CLUSTER_DIR/log/jobmanager.log"
}

cmd_start_tm() {
  pid_of "$JM_PID" "$JM_MAIN" >/dev/null || die "the JobManager is not running (scripts/cluster.sh start)"
  local cp
  cp="$(classpath flink)"
  start_process taskmanager "$TM_PID" "$TM_MAIN" TM "$cp"
  wait_until "$START_TIMEOUT" "2 task slots at $FLINK_REST_URL/overview" "$(<"$TM_PID")" has_slots \
    || { tail -n 40 "$CLUSTER_DIR/log/taskmanager.out" "$CLUSTER_DIR/log/taskmanager.log" >&2 || true
         die "the TaskManager did not register"; }
  log "TaskManager is up (pid $(<"$TM_PID")): $(slots_total) slots"
}

cmd_stop() {
  stop_pid "$TM_PID" "$TM_MAIN" "TaskManager" 60
  stop_pid "$JM_PID" "$JM_MAIN" "JobManager" 60
}

cmd_status() {
  local jm tm rc=0
  if jm="$(pid_of "$JM_PID" "$JM_MAIN")"; then echo "JobManager:  running (pid $jm)"; else echo "JobManager:  not running"; rc=1; fi
  if tm="$(pid_of "$TM_PID" "$TM_MAIN")"; then echo "TaskManager: running (pid $tm)"; else echo "TaskManager: not running"; rc=1; fi
  local overview
  if overview="$(curl -fsS --max-time 5 "$FLINK_REST_URL/overview" 2>/dev/null)"; then
    echo "overview ($FLINK_REST_URL/overview):"
    printf '%s' "$overview" | python3 -c 'import json,sys; [print(f"  {k}: {v}") for k, v in json.load(sys.stdin).items()]'
    echo "web UI: $FLINK_REST_URL"
  else
    echo "REST API at $FLINK_REST_URL: not reachable"
    rc=1
  fi
  return "$rc"
}

parse_rest_url_flag "$@"
set -- "${REST_ARGS[@]}"
REST_PORT="$(flink_conf_value rest.port)"
REST_PORT="${REST_PORT:-8081}"
mapfile -t DIR_PROPS < <(flink_dir_props)

[[ $# -eq 1 ]] || usage_error "expected exactly one command"
case "$1" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  start-tm) cmd_start_tm ;;
  -h|--help|help) usage ;;
  *) usage_error "unknown command: $1" ;;
esac
