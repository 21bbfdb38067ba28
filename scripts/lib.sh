# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it; do not run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Conventions (see also README / PLATFORM notes):
#   REPO_ROOT          the repository root (found from this file's location, so any cwd works)
#   RUN_DIR            $REPO_ROOT/.run   (git-ignored; every runtime folder lives here)
#     .run/classpath/  cached tool classpaths resolved by Maven from scripts/runtime/pom.xml
#     .run/kafka/      broker config, KRaft data (data/) and logs (logs/), pid file
#     .run/cluster/    Flink JM/TM pid files, logs (log/), uploaded jars (web-upload/)
#     .run/checkpoints Flink checkpoints;  .run/savepoints  Flink savepoints
#   Ports: Kafka 9092 (PLAINTEXT) + 9093 (KRaft controller); Flink REST/web UI 8081.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
RUN_DIR="$REPO_ROOT/.run"
SCRIPTS_DIR="$REPO_ROOT/scripts"
# Exported: the Flink JVMs started by cluster.sh read it too.
export FLINK_CONF_DIR="$REPO_ROOT/flink-conf"
RUNTIME_POM="$SCRIPTS_DIR/runtime/pom.xml"

KAFKA_BOOTSTRAP="${KAFKA_BOOTSTRAP:-localhost:9092}"
FLINK_REST_URL="${FLINK_REST_URL:-http://localhost:8081}"
JOB_JAR="${JOB_JAR:-$REPO_ROOT/jobs/target/flink-stateful-jobs.jar}"
JOB_MAIN_CLASS="${JOB_MAIN_CLASS:-dev.statefuljobs.jobs.Main}"

# ----------------------------------------------------------------------------------------------
# Messages
# ----------------------------------------------------------------------------------------------

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# usage_error MESSAGE: print MESSAGE and the caller's usage() to stderr, exit 2.
usage_error() {
  printf 'error: %s\n' "$*" >&2
  if declare -F usage >/dev/null; then usage >&2; fi
  exit 2
}

require_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' is required but not on PATH"
  done
}

# ----------------------------------------------------------------------------------------------
# Directories
# ----------------------------------------------------------------------------------------------

# run_dir NAME...: create .run/NAME (nested names allowed) and print its absolute path.
run_dir() {
  local d="$RUN_DIR"
  local part
  for part in "$@"; do d="$d/$part"; done
  mkdir -p "$d"
  printf '%s\n' "$d"
}

# file_uri PATH: an absolute file:// URI (Flink needs absolute checkpoint/savepoint URIs).
file_uri() {
  local p="$1"
  case "$p" in
    file:*|hdfs:*|s3:*|s3a:*|s3p:*|gs:*|abfs:*|abfss:*|wasb:*|wasbs:*|oss:*) printf '%s\n' "$p"; return ;;
  esac
  [[ "$p" = /* ]] || p="$PWD/$p"
  printf 'file://%s\n' "$p"
}

# ----------------------------------------------------------------------------------------------
# Maven-resolved classpaths
# ----------------------------------------------------------------------------------------------

# classpath PROFILE: print the classpath of profile PROFILE (kafka|flink) of scripts/runtime/pom.xml.
# Resolved once with `mvn dependency:build-classpath` (downloads from Maven Central on first use)
# and cached in .run/classpath/PROFILE.txt; re-resolved when the pom changes or a jar vanished.
# Never installs anything into ~/.m2 beyond the downloaded dependencies.
classpath() {
  local profile="$1"
  local dir cache
  dir="$(run_dir classpath)"
  cache="$dir/$profile.txt"
  if ! _classpath_valid "$cache"; then
    require_cmd mvn
    log "resolving the '$profile' classpath with Maven (first use; may download from Maven Central)..."
    local tmp="$cache.tmp.$$"
    if ! mvn -q -B -f "$RUNTIME_POM" -P"$profile" dependency:build-classpath \
         -Dmdep.outputFile="$tmp" >"$dir/$profile.mvn.log" 2>&1; then
      rm -f "$tmp"
      cat "$dir/$profile.mvn.log" >&2
      die "could not resolve the '$profile' classpath (log: $dir/$profile.mvn.log)"
    fi
    [[ -s "$tmp" ]] || die "Maven produced an empty '$profile' classpath"
    mv -f "$tmp" "$cache"
  fi
  cat "$cache"
}

_classpath_valid() {
  local cache="$1"
  [[ -s "$cache" && "$cache" -nt "$RUNTIME_POM" ]] || return 1
  local jar
  local -a jars
  IFS=':' read -r -a jars <"$cache"
  for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || return 1
  done
}

# ----------------------------------------------------------------------------------------------
# Waiting
# ----------------------------------------------------------------------------------------------

# wait_until TIMEOUT_S DESCRIPTION PID|'' CMD...: run CMD every second until it succeeds.
# Fails after TIMEOUT_S seconds, or at once if PID (when given) has exited.
wait_until() {
  local timeout="$1" desc="$2" pid="$3"
  shift 3
  local deadline=$((SECONDS + timeout))
  while ! "$@" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid exited while waiting for $desc"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $desc"
      return 1
    fi
    sleep 1
  done
}

# port_open HOST PORT: true if a TCP connection succeeds.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# wait_for_port HOST PORT TIMEOUT_S [PID]
wait_for_port() {
  wait_until "$3" "$1:$2 to accept connections" "${4:-}" port_open "$1" "$2"
}

# http_ok URL: true if GET URL returns 2xx.
http_ok() {
  curl -fs -o /dev/null --max-time 5 "$1"
}

# wait_for_http URL TIMEOUT_S [PID]
wait_for_http() {
  wait_until "$2" "$1" "${3:-}" http_ok "$1"
}

# ----------------------------------------------------------------------------------------------
# Background processes with pid files
# ----------------------------------------------------------------------------------------------

# pid_of PIDFILE MARKER: print the pid if PIDFILE names a live process whose command line contains
# MARKER (guards against a stale pid file whose pid was reused); else print nothing, return 1.
pid_of() {
  local pidfile="$1" marker="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(<"$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    return 1
  fi
  printf '%s\n' "$pid"
}

# start_bg PIDFILE LOGFILE WORKDIR CMD...: start CMD detached (own session, survives the calling
# shell and its job control), stdout+stderr appended to LOGFILE, cwd WORKDIR; pid into PIDFILE.
# The pid written is the one of CMD itself (bash execs into it), not of a wrapper.
start_bg() {
  local pidfile="$1" logfile="$2" workdir="$3"
  shift 3
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")" "$workdir"
  rm -f "$pidfile"
  # The whole background subshell gets the redirections and execs, so nothing keeps the
  # caller's stdout/stderr open (a `$(cluster.sh start)` or `| tail` would otherwise never end).
  # shellcheck disable=SC2016  # $$ and "$@" expand in the child bash, on purpose.
  (cd "$workdir" && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@") \
    </dev/null >>"$logfile" 2>&1 &
  for _ in $(seq 1 50); do
    [[ -s "$pidfile" ]] && break
    sleep 0.1
  done
  [[ -s "$pidfile" ]] || die "could not start: $*"
}

# stop_pid PIDFILE MARKER NAME [TIMEOUT_S]: SIGTERM the process, wait for it to exit (SIGKILL after
# TIMEOUT_S, default 60), remove the pid file. Fine if it is not running.
stop_pid() {
  local pidfile="$1" marker="$2" name="$3" timeout="${4:-60}" pid
  if ! pid="$(pid_of "$pidfile" "$marker")"; then
    log "$name is not running"
    rm -f "$pidfile"
    return 0
  fi
  log "stopping $name (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name did not exit within ${timeout}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$pidfile"
  log "$name stopped"
}

# ----------------------------------------------------------------------------------------------
# Java
# ----------------------------------------------------------------------------------------------

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  else
    require_cmd java
    command -v java
  fi
}

# flink_conf_value KEY: the value of a top-level dotted KEY in flink-conf/config.yaml (our
# config.yaml writes every key dotted on one line, so no YAML parser is needed).
flink_conf_value() {
  local key="${1//./\\.}"
  sed -n "s/^${key}:[[:space:]]*//p" "$FLINK_CONF_DIR/config.yaml" | tail -n 1
}

# The Java 17 --add-opens/--add-exports list, from env.java.opts.all in flink-conf/config.yaml.
java17_opts() {
  flink_conf_value env.java.opts.all
}

# ----------------------------------------------------------------------------------------------
# Spark (spark-baseline/: scripts/bench.sh spark, scripts/e2e-spark-migration.sh)
# ----------------------------------------------------------------------------------------------
# The Spark module is its own Maven project (spark-baseline/pom.xml, not a child of the parent pom, listed as a
# module only in the parent's profile `spark`), so Spark is never resolved by the default build and never reaches
# the fat jar. Its jar plus the classpath that its pom writes at package run Spark in a plain JVM, local[N].
SPARK_POM="$REPO_ROOT/spark-baseline/pom.xml"
SPARK_JAR="$REPO_ROOT/spark-baseline/target/spark-baseline.jar"
SPARK_CLASSPATH="$REPO_ROOT/spark-baseline/target/spark-classpath.txt"
SPARK_JAVA_OPTIONS="$REPO_ROOT/spark-baseline/target/spark-java-options.txt"

# spark_build_if_needed MVN_LOG: package spark-baseline/ when its jar is missing or older than its sources, or a
# jar of its classpath vanished from the local Maven repository; offline first, online (downloads Spark) if that
# fails. Maven's output goes to MVN_LOG.
spark_build_if_needed() {
  local mvn_log="$1" stale=false jar
  if [[ ! -f "$SPARK_JAR" || ! -s "$SPARK_CLASSPATH" || ! -s "$SPARK_JAVA_OPTIONS" ]] \
     || [[ -n "$(find "$REPO_ROOT/spark-baseline/src" "$SPARK_POM" -newer "$SPARK_JAR" -print -quit)" ]]; then
    stale=true
  else
    local -a jars
    # The file has no final newline, so read reports end of file: that is fine.
    IFS=':' read -r -a jars <"$SPARK_CLASSPATH" || true
    for jar in "${jars[@]}"; do
      [[ -f "$jar" ]] || { stale=true; break; }
    done
  fi
  $stale || return 0
  log "Building spark-baseline/ (mvn -f spark-baseline/pom.xml package; the first time downloads Spark's jars)..."
  mkdir -p "$(dirname "$mvn_log")"
  (cd "$REPO_ROOT" && { mvn -B -q -o -f "$SPARK_POM" package >"$mvn_log" 2>&1 \
                        || mvn -B -q -f "$SPARK_POM" package >"$mvn_log" 2>&1; }) \
    || { tail -30 "$mvn_log" >&2; die "could not build spark-baseline/ (log: ${mvn_log#"$REPO_ROOT"/})"; }
  # The JVM options that Spark's own launcher adds on Java 17 (--add-opens ...), from the Spark on the classpath.
  "$(java_bin)" -cp "$(spark_cp)" dev.statefuljobs.spark.SparkBaseline java-options >"$SPARK_JAVA_OPTIONS" \
    || die "could not read Spark's JVM options from spark-baseline/"
}

spark_cp() { printf '%s:%s\n' "$SPARK_JAR" "$(cat "$SPARK_CLASSPATH")"; }

# spark_java_command SCRATCH: sets the array SPARK_JAVA to the command that runs a main class of spark-baseline/
# as spark-submit would run it locally: append JVM options, then the main class and its arguments.
#   SPARK_LOCAL_DIRS and java.io.tmpdir: shuffle, spill and temp files under SCRATCH (in .run/), not /tmp;
#   SPARK_LOCAL_IP: the driver binds to loopback; spark.ui.enabled=false: no web UI (no fight for port 4040 on
#   a shared machine). Spark reads -Dspark.* options as its configuration.
spark_java_command() {
  local scratch="$1"
  local -a spark_opts
  mkdir -p "$scratch"
  read -r -a spark_opts <"$SPARK_JAVA_OPTIONS"
  SPARK_JAVA=(env "SPARK_LOCAL_DIRS=$scratch" SPARK_LOCAL_IP=127.0.0.1
              "$(java_bin)" "${spark_opts[@]}" "-Djava.io.tmpdir=$scratch" -Dspark.ui.enabled=false
              -cp "$(spark_cp)")
}

# ----------------------------------------------------------------------------------------------
# Flink REST, read-only: what Flink's CLI does not show (slots, metrics, checkpoint counts, task
# states, the web UI checks). Jobs are run, listed, stopped and cancelled with scripts/flink.
# ----------------------------------------------------------------------------------------------

# The absolute directories that config.yaml cannot hard-code, as Flink dynamic properties:
# checkpoints and savepoints (must be absolute URIs), uploaded jars, and the temp/working dirs
# (RocksDB's local working files, local recovery, web UI temp files) that default to /tmp.
flink_dir_props() {
  printf '%s\n' \
    "-Dexecution.checkpointing.dir=$(file_uri "$RUN_DIR/checkpoints")" \
    "-Dexecution.checkpointing.savepoint-dir=$(file_uri "$RUN_DIR/savepoints")" \
    "-Dweb.upload.dir=$RUN_DIR/cluster/web-upload" \
    "-Dweb.tmpdir=$RUN_DIR/cluster/tmp/web" \
    "-Dio.tmp.dirs=$RUN_DIR/cluster/tmp"
}

# rest_call METHOD URL [JSON_BODY]: print the response body; fail (with the body on stderr) on
# a non-2xx status.
rest_call() {
  local method="$1" url="$2" body="${3:-}" out status
  out="$(mktemp)"
  local -a args=(-sS --max-time 120 -o "$out" -w '%{http_code}' -X "$method")
  if [[ -n "$body" ]]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$body")
  fi
  if ! status="$(curl "${args[@]}" "$url")"; then
    rm -f "$out"
    die "$method $url: no response (is the cluster up? scripts/cluster.sh start)"
  fi
  if [[ "$status" != 2* ]]; then
    printf '%s %s -> HTTP %s\n' "$method" "$url" "$status" >&2
    _print_rest_errors <"$out" >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}

# Flink answers errors as {"errors": ["<java stack trace>", ...]}: print the first line and the
# "Caused by:" chain (the root cause is last) instead of one long escaped JSON string.
_print_rest_errors() {
  python3 -c '
import json, sys
raw = sys.stdin.read()
try:
    errors = json.loads(raw)["errors"]
except (ValueError, KeyError, TypeError):
    print(raw)
    sys.exit(0)
for e in errors:
    lines = str(e).splitlines()
    if not lines:
        continue
    print("  " + lines[0])
    for line in lines[1:]:
        if line.startswith("Caused by:"):
            print("  " + line)
'
}

# require_cluster: fail with a hint unless the Flink REST API at $FLINK_REST_URL answers.
require_cluster() {
  http_ok "$FLINK_REST_URL/overview" \
    || die "no Flink cluster answers at $FLINK_REST_URL (start one: scripts/cluster.sh start)"
}

# json_get EXPR: read JSON on stdin, print the Python expression EXPR evaluated with `d` bound to
# the parsed document (e.g. json_get 'd["jobid"]'). Empty output if the expression fails;
# status 1 if stdin is not JSON.
json_get() {
  python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    sys.exit(1)
try:
    v = eval(sys.argv[1], {"d": d})
except (KeyError, IndexError, TypeError):
    sys.exit(0)
print(json.dumps(v) if isinstance(v, (dict, list)) else ("" if v is None else v))
' "$1"
}

# parse_rest_url_flag ARGS...: helper for scripts taking --rest-url URL anywhere before the
# positional arguments; sets FLINK_REST_URL and leaves the remaining args in REST_ARGS.
parse_rest_url_flag() {
  REST_ARGS=()
  while (($#)); do
    case "$1" in
      --rest-url) [[ $# -ge 2 ]] || usage_error "--rest-url needs a value"; FLINK_REST_URL="$2"; shift 2 ;;
      --rest-url=*) FLINK_REST_URL="${1#*=}"; shift ;;
      *) REST_ARGS+=("$1"); shift ;;
    esac
  done
  FLINK_REST_URL="${FLINK_REST_URL%/}"
}

# ----------------------------------------------------------------------------------------------
# Flink's command-line client (scripts/flink)
# ----------------------------------------------------------------------------------------------

# flink_job_id: read the output of `scripts/flink run -d ...` on stdin, echo it to stderr, print
# the job id of its "Job has been submitted with JobID <id>" line; fail if there is none.
#   jid="$(scripts/flink run -d ... | flink_job_id)"
flink_job_id() {
  _flink_output_value 'Job has been submitted with JobID ' 'a job id'
}

# flink_savepoint_path: the same for `scripts/flink stop|savepoint ...` and the path of its
# "Savepoint completed. Path: <path>" line.
#   sp="$(scripts/flink stop --savepointPath .run/savepoints "$jid" | flink_savepoint_path)"
flink_savepoint_path() {
  _flink_output_value 'Savepoint completed. Path: ' 'a savepoint path'
}

_flink_output_value() {
  local prefix="$1" what="$2" line value=""
  while IFS= read -r line; do
    printf '%s\n' "$line" >&2
    [[ "$line" == "$prefix"* ]] && value="${line#"$prefix"}"
  done
  [[ -n "$value" ]] || { log "no $what in the output of scripts/flink"; return 1; }
  printf '%s\n' "$value"
}

# ----------------------------------------------------------------------------------------------
# Kafka tools
# ----------------------------------------------------------------------------------------------

# kafka_tool MAIN_CLASS_OR_SOURCE_FILE ARGS...: run a Kafka CLI class (e.g.
# org.apache.kafka.tools.ConsoleProducer) or a single-file Java source with the Kafka classpath,
# logging WARN+ to stderr only.
kafka_tool() {
  local cp java
  cp="$(classpath kafka)"
  java="$(java_bin)"
  "$java" -Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$SCRIPTS_DIR/runtime/kafka-tools-log4j2.properties" \
    -cp "$cp" "$@"
}

# kafka_admin COMMAND ARGS...: scripts/runtime/KafkaAdmin.java against $KAFKA_BOOTSTRAP.
kafka_admin() {
  kafka_tool "$SCRIPTS_DIR/runtime/KafkaAdmin.java" "$KAFKA_BOOTSTRAP" "$@"
}

# job_state JOB_ID: print the job's state (RUNNING, FINISHED, FAILED, CANCELED, ...).
job_state() {
  rest_call GET "$FLINK_REST_URL/jobs/$1" | json_get 'd["state"]'
}

# wait_job_state JOB_ID TIMEOUT_S STATE...: wait until the job is in one of STATEs; print it.
# Fails early if the job reaches a terminal state that is not wanted.
wait_job_state() {
  local jid="$1" timeout="$2"
  shift 2
  local deadline=$((SECONDS + timeout)) state="" want
  while ((SECONDS < deadline)); do
    state="$(job_state "$jid" 2>/dev/null || true)"
    for want in "$@"; do
      if [[ "$state" == "$want" ]]; then
        printf '%s\n' "$state"
        return 0
      fi
    done
    case "$state" in
      FAILED|CANCELED|FINISHED) log "job $jid is $state"; printf '%s\n' "$state"; return 1 ;;
    esac
    sleep 1
  done
  log "timed out after ${timeout}s waiting for job $jid to be $* (last state: ${state:-unknown})"
  printf '%s\n' "$state"
  return 1
}

# job_ui_url JOB_ID: link to the job in the web UI.
job_ui_url() {
  printf '%s/#/job/running/%s/overview\n' "$FLINK_REST_URL" "$1"
}

# ----------------------------------------------------------------------------------------------
# End-to-end tests (scripts/e2e-*.sh)
# ----------------------------------------------------------------------------------------------
# The e2e scripts start the broker / the cluster only if they are not running yet and stop only
# what they started (a developer's running broker survives a test run). They use fixed ports
# (9092/9093, 8081): on a machine shared with others, run them under a lock, e.g.
#   flock /tmp/fsj-fixed-ports.lock scripts/e2e-cluster.sh

E2E_STARTED_KAFKA=false
E2E_STARTED_CLUSTER=false

e2e_kafka_up() {
  if pid_of "$RUN_DIR/kafka/kafka.pid" kafka.Kafka >/dev/null; then
    log "using the Kafka broker that is already running"
  else
    E2E_STARTED_KAFKA=true
    "$SCRIPTS_DIR/kafka.sh" start
  fi
}

e2e_cluster_up() {
  if pid_of "$RUN_DIR/cluster/jobmanager.pid" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint >/dev/null; then
    log "using the Flink cluster that is already running"
  else
    E2E_STARTED_CLUSTER=true
  fi
  # start is a no-op for a process that already runs (and starts a missing TaskManager).
  "$SCRIPTS_DIR/cluster.sh" start
}

# e2e_down: stop what e2e_*_up started (call from an EXIT trap; never fails).
e2e_down() {
  if $E2E_STARTED_CLUSTER; then "$SCRIPTS_DIR/cluster.sh" stop || true; E2E_STARTED_CLUSTER=false; fi
  if $E2E_STARTED_KAFKA; then "$SCRIPTS_DIR/kafka.sh" stop || true; E2E_STARTED_KAFKA=false; fi
}

# e2e_build_jar: build the fat jar if it is missing or older than the sources (offline if the
# dependencies are already in ~/.m2, so a re-run does not hit the network).
e2e_build_jar() {
  if [[ -f "$JOB_JAR" && -z "$(find "$REPO_ROOT/common/src/main" "$REPO_ROOT/jobs/src/main" "$REPO_ROOT/pom.xml" \
          "$REPO_ROOT/common/pom.xml" "$REPO_ROOT/jobs/pom.xml" -newer "$JOB_JAR" -print -quit)" ]]; then
    return 0
  fi
  log "building the fat jar (mvn package -DskipTests)..."
  (cd "$REPO_ROOT" && { mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests; }) >&2
}

# ----------------------------------------------------------------------------------------------
# Headless Chromium for the web UI (scripts/ui-snapshot.sh, scripts/ui-check.sh)
# ----------------------------------------------------------------------------------------------
# Debian's chromium, driven by playwright-core (scripts/ui/package.json; npm never downloads a
# browser of its own). When CI=true (or chromium/node are simply missing and we are root with
# apt-get), they are installed with apt-get; playwright-core with `npm ci` into scripts/ui/.
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
UI_DIR="$SCRIPTS_DIR/ui"

# ui_tools_ready: make chromium, node and playwright-core available; return 1 (with the reason on
# stderr) if they cannot be had.
ui_tools_ready() {
  local -a pkgs=()
  [[ -x "$CHROMIUM" ]] || pkgs+=(chromium)
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
  if ((${#pkgs[@]})); then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
      log "installing ${pkgs[*]} with apt-get (CI=${CI:-})..."
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}"; } \
        >"$(run_dir)/apt-ui-tools.log" 2>&1 \
        || { log "apt-get install ${pkgs[*]} failed (log: $RUN_DIR/apt-ui-tools.log)"; return 1; }
      [[ "$CHROMIUM" == /usr/bin/chromium ]] || CHROMIUM=/usr/bin/chromium
    else
      log "missing ${pkgs[*]} and cannot apt-get install (not root or no apt-get)"
      return 1
    fi
  fi
  if [[ ! -d "$UI_DIR/node_modules/playwright-core" ]]; then
    log "installing playwright-core into scripts/ui/node_modules (npm ci)..."
    (cd "$UI_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
      >"$(run_dir)/npm-ui-tools.log" 2>&1 \
      || { log "npm ci in scripts/ui failed (log: $RUN_DIR/npm-ui-tools.log)"; return 1; }
  fi
  export CHROMIUM
}

# ui_capture ARGS...: node scripts/ui/ui.mjs ARGS... (see that file), with a hard timeout.
ui_capture() {
  timeout 150 node "$UI_DIR/ui.mjs" "$@"
}
