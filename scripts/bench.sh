#!/usr/bin/env bash
# Throughput benchmark of the jobs in a local MiniCluster (issue 8). See docs/benchmarks.md.
#
#   scripts/bench.sh                  the default set: every throughput workload on hashmap and rocksdb,
#                                     plus the single-threaded limit (ParseLimit); at 5M events 19 min on a quiet
#                                     2-core machine (docs/benchmarks.md), about half with BENCH_EVENTS=2000000
#   scripts/bench.sh WORKLOAD...      only these: clicks-per-minute running-total-groupstate
#                                     running-total-keyed-sum running-total-expiring user-sessions
#                                     (running-total = both impls); not in the default set:
#                                     state-scale (RocksDB, 1k..10M users, checkpointing on, ~2 GiB)
#                                     latency (through the Kafka broker; holds the fixed-ports lock)
#   scripts/bench.sh chart [DIR]      re-draws DIR's (default .run/bench/latest) chart
#
# Environment (defaults in brackets): BENCH_EVENTS [5000000] events per throughput data set;
# BENCH_RUNS [3] measured runs per case (the median is reported); BENCH_WARMUP [1] warm-up runs per data set;
# BENCH_BACKENDS ["hashmap rocksdb"]; BENCH_SCALE_USERS ["1000 100000 1000000 10000000"];
# BENCH_SCALE_CHECKPOINT_INTERVAL [2s]; BENCH_LATENCY_RATES ["1000 10000 50000"]; BENCH_LATENCY_SECONDS [30] per rate;
# BENCH_LATENCY_JOB_OPTS: extra job flags for latency, e.g. -Dexecution.buffer-timeout.interval=5ms;
# BENCH_GC ["-XX:+UseParallelGC"] the collector of the throughput JVMs (jobs and limit), see docs/benchmarks.md.
#
# Input: JSON Lines from the Generate CLI, made once into .run/bench/data/<format>-<users>-users-<events>/ as two files
# (line i goes to file i mod 2, so each of the two source readers reads its own file, both covering the
# whole time range), read through the job's real file source and parser. Results: .run/bench/<run>/
# (results.tsv with every run, summary.md, chart.dat, benchmarks.png when gnuplot is installed) and
# .run/bench/latest pointing at the newest.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

EVENTS="${BENCH_EVENTS:-5000000}"
RUNS="${BENCH_RUNS:-3}"
WARMUP="${BENCH_WARMUP:-1}"
BACKENDS="${BENCH_BACKENDS:-hashmap rocksdb}"
SCALE_USERS="${BENCH_SCALE_USERS:-1000 100000 1000000 10000000}"
LATENCY_RATES="${BENCH_LATENCY_RATES:-1000 10000 50000}"
LATENCY_SECONDS="${BENCH_LATENCY_SECONDS:-30}"
SCALE_CHECKPOINT_INTERVAL="${BENCH_SCALE_CHECKPOINT_INTERVAL:-2s}"
PARALLELISM=2
# The heap of every benchmark JVM; the MiniCluster's TaskManager lives in it (see docs/benchmarks.md).
BENCH_HEAP="${BENCH_HEAP:-2g}"
# The collector of the throughput runs (jobs and the limit loop). On 2 cores, G1's concurrent refinement and
# marking threads compete with the two task threads; the parallel collector only works in its (short) young
# pauses: a third of G1's GC CPU in these runs (docs/benchmarks.md). BENCH_GC=-XX:+UseG1GC restores the JVM default.
BENCH_GC="${BENCH_GC:--XX:+UseParallelGC}"

DEFAULT_SET=(clicks-per-minute running-total-groupstate running-total-keyed-sum running-total-expiring user-sessions)
LOCAL_CLASSPATH="$REPO_ROOT/jobs/target/local-classpath.txt"
# The measuring tools (ParseLimit, KafkaLatency) live in the bench module, outside the fat jar: its jar plus the
# runtime classpath that its pom writes at package.
BENCH_JAR="$REPO_ROOT/bench/target/bench.jar"
BENCH_CLASSPATH="$REPO_ROOT/bench/target/bench-classpath.txt"
BENCH_DIR="$(run_dir bench)"
DATA_DIR="$(run_dir bench data)"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

# ------------------------------------------------------------------------------------------------
# Workloads: job flags, data set and the limit's keyed work
# ------------------------------------------------------------------------------------------------

# workload_args NAME: the job and its own flags.
workload_args() {
  case "$1" in
    clicks-per-minute) echo "clicks-per-minute --emit final" ;;
    running-total-groupstate) echo "running-total --impl groupstate" ;;
    running-total-keyed-sum) echo "running-total --impl keyed-sum" ;;
    running-total-expiring) echo "running-total-expiring" ;;
    user-sessions) echo "user-sessions --time event" ;;
    *) return 1 ;;
  esac
}

# workload_data NAME: format, users.
workload_data() {
  case "$1" in
    clicks-per-minute|user-sessions) echo "clicks 10000" ;;
    *) echo "transactions 100000" ;;
  esac
}

# workload_limit NAME: the ParseLimit mode that does the same keyed work.
workload_limit() {
  case "$1" in
    running-total-groupstate|running-total-keyed-sum) echo "running-total" ;;
    *) echo "$1" ;;
  esac
}

# ------------------------------------------------------------------------------------------------
# Build, data, one run
# ------------------------------------------------------------------------------------------------

# build_if_needed: one `mvn package` of the whole reactor builds both the fat jar and the bench module. The fat
# jar is the time stamp: the shade plugin rewrites it on every package, while bench.jar is only rewritten when
# its own classes change.
build_if_needed() {
  if [[ ! -f "$JOB_JAR" || ! -f "$LOCAL_CLASSPATH" || ! -f "$BENCH_JAR" || ! -f "$BENCH_CLASSPATH" ]] \
     || [[ -n "$(find "$REPO_ROOT/common/src/main" "$REPO_ROOT/jobs/src/main" "$REPO_ROOT/bench/src/main" \
                 "$REPO_ROOT/pom.xml" "$REPO_ROOT/common/pom.xml" "$REPO_ROOT/jobs/pom.xml" "$REPO_ROOT/bench/pom.xml" \
                 -newer "$JOB_JAR" -print -quit)" ]]; then
    log "Building the fat jar and the bench tools (mvn package)..."
    (cd "$REPO_ROOT" && mvn -B -q package -DskipTests) >&2
  fi
}

# bench_cp: the classpath of the bench tools.
bench_cp() { printf '%s:%s\n' "$BENCH_JAR" "$(cat "$BENCH_CLASSPATH")"; }

# dataset FORMAT USERS EVENTS: print the directory of the data set, generating it on first use.
dataset() {
  local format="$1" users="$2" events="$3"
  local dir="$DATA_DIR/$format-$users-users-$events"
  if [[ ! -f "$dir/.complete" ]]; then
    log "generating $events $format over $users users into ${dir#"$REPO_ROOT"/} ..."
    rm -rf "$dir" && mkdir -p "$dir"
    "$(java_bin)" -Xmx512m -cp "$JOB_JAR" dev.statefuljobs.jobs.Generate "$format" \
        --events "$events" --keys "$users" --seed 42 \
      | awk -v a="$dir/part-0.jsonl" -v b="$dir/part-1.jsonl" '{ if (NR % 2) print > a; else print > b }'
    touch "$dir/.complete"
  fi
  printf '%s\n' "$dir"
}

# bench_conf_dir: a copy of flink-conf/ without `execution.checkpointing.interval`, which is how checkpointing
# is turned off: Flink refuses an interval of 0 ("must be larger than or equal to 10 ms"), and a key missing
# from the configuration means "no checkpoints".
bench_conf_dir() {
  local dir
  dir="$(run_dir bench conf)"
  cp "$REPO_ROOT/flink-conf/"* "$dir/"
  grep -v '^execution\.checkpointing\.interval:' "$REPO_ROOT/flink-conf/config.yaml" >"$dir/config.yaml"
  printf '%s\n' "$dir"
}

# run_job OUT_PREFIX JOB_ARGS...: runs the job in a MiniCluster under /usr/bin/time. Prints
# "net_ms wall_s cpu_s rss_mb" (net_ms: the job's own runtime, JobExecutionResult.getNetRuntime()).
run_job() {
  local prefix="$1"
  shift
  local -a java_opts
  read -r -a java_opts <<<"$(java17_opts)"
  /usr/bin/time -f '%e %U %S %M' -o "$prefix.time" \
    "$(java_bin)" "${java_opts[@]}" "-Xms$BENCH_HEAP" "-Xmx$BENCH_HEAP" $BENCH_GC ${JAVA_OPTS:-} \
      -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j-console.properties" \
      -cp "$JOB_JAR:$(cat "$LOCAL_CLASSPATH")" "$JOB_MAIN_CLASS" "$@" \
      >"$prefix.out" 2>"$prefix.err" || { log "run failed: $*"; tail -20 "$prefix.err" >&2; return 1; }
  local net
  net="$(sed -n 's/^Finished .* in \([0-9]*\) ms$/\1/p' "$prefix.err" | tail -1)"
  [[ -n "$net" ]] || { log "no 'Finished' line in $prefix.err"; return 1; }
  awk -v net="$net" '{ printf "%s %s %.2f %.0f\n", net, $1, $2 + $3, $4 / 1024 }' "$prefix.time"
}

# median: the median of the numbers on stdin (one per line).
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# ------------------------------------------------------------------------------------------------
# Throughput
# ------------------------------------------------------------------------------------------------

throughput() {
  local -a workloads=("$@")
  local tsv="$OUT/results.tsv" limits="$OUT/limits.tsv"
  printf 'workload\tbackend\trun\tevents\tnet_ms\tevents_per_s\twall_s\tcpu_s\trss_mb\tload1\n' >"$tsv"
  printf 'limit\tevents\tevents_per_s\n' >"$limits"
  local w b i limit_mode seen_limits="" warmed="" format users dir result
  # No checkpoints in throughput runs (see bench_conf_dir); state-scale and latency turn them on.
  FLINK_CONF_DIR="$(bench_conf_dir)"
  export FLINK_CONF_DIR
  for w in "${workloads[@]}"; do
    read -r format users <<<"$(workload_data "$w")"
    dir="$(dataset "$format" "$users" "$EVENTS")"
    limit_mode="$(workload_limit "$w")"
    if [[ " $seen_limits " != *" $limit_mode "* ]]; then
      log "limit: ParseLimit $limit_mode (1 warm-up + $RUNS passes in one JVM)"
      "$(java_bin)" -Xmx$BENCH_HEAP $BENCH_GC -cp "$(bench_cp)" dev.statefuljobs.bench.ParseLimit "$limit_mode" "$dir" \
          --runs "$RUNS" 2>"$OUT/limit-$limit_mode.err" \
        | sed -n 's/^ParseLimit \([^ ]*\) events=\([0-9]*\) .*events_per_s=\([0-9.]*\)$/\1\t\2\t\3/p' >>"$limits"
      seen_limits="$seen_limits $limit_mode"
    fi
    # Warm-up: the first workload on a data set runs WARMUP extra times first (page cache, disk). Each run is
    # a fresh JVM, so there is no JIT state to warm across runs.
    local warm=0
    if [[ " $warmed " != *" $dir "* ]]; then
      warm="$WARMUP"
      warmed="$warmed $dir"
    fi
    for b in $BACKENDS; do
      for ((i = 1 - warm; i <= RUNS; i++)); do
        local label="run $i"; ((i > 0)) || label="warm-up"
        log "$w on $b, $label (load $(load_avg))"
        # shellcheck disable=SC2046  # the job's own flags split on purpose
        result="$(run_job "$OUT/$w-$b-$i" $(workload_args "$w") --source file --input "$dir" --sink discard \
                  --parallelism "$PARALLELISM" --state-backend "$b" --web-ui off)" || die "benchmark run failed (logs in $OUT)"
        if ((i <= 0)); then continue; fi
        read -r net wall cpu rss <<<"$result"
        printf '%s\t%s\t%d\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\n' "$w" "$b" "$i" "$EVENTS" "$net" \
          "$(awk -v e="$EVENTS" -v n="$net" 'BEGIN { print e / (n / 1000) }')" "$wall" "$cpu" "$rss" \
          "$(cut -d' ' -f1 /proc/loadavg)" >>"$tsv"
      done
      warm=0
    done
  done
  summarize "${workloads[@]}"
}

summarize() {
  local tsv="$OUT/results.tsv" limits="$OUT/limits.tsv" summary="$OUT/summary.md" dat="$OUT/chart.dat"
  local w b eps cpu rss limit ratio heap_eps
  {
    printf '| Workload | Backend | events/s | CPU s | peak RSS MB | limit events/s (1 thread) | ratio: events/s ÷ (2 × limit) | RocksDB ÷ heap |\n'
    printf '|---|---|---:|---:|---:|---:|---:|---:|\n'
  } >"$summary"
  printf '# workload limit_x2 hashmap rocksdb\n' >"$dat"
  for w in "$@"; do
    limit="$(awk -F'\t' -v m="$(workload_limit "$w")" '$1 == m { print $3 }' "$limits")"
    local row_heap="" row_rocks=""
    heap_eps=""
    for b in $BACKENDS; do
      eps="$(awk -F'\t' -v w="$w" -v b="$b" '$1 == w && $2 == b { print $6 }' "$tsv" | median)"
      cpu="$(awk -F'\t' -v w="$w" -v b="$b" '$1 == w && $2 == b { print $8 }' "$tsv" | median)"
      rss="$(awk -F'\t' -v w="$w" -v b="$b" '$1 == w && $2 == b { print $9 }' "$tsv" | median)"
      [[ -n "$eps" ]] || continue
      ratio="$(awk -v e="$eps" -v l="$limit" 'BEGIN { if (l > 0) printf "%.0f%%", 100 * e / (2 * l); else print "?" }')"
      local vs_heap=""
      if [[ "$b" == hashmap ]]; then heap_eps="$eps"; row_heap="$eps"; fi
      if [[ "$b" == rocksdb ]]; then
        row_rocks="$eps"
        [[ -z "$heap_eps" ]] || vs_heap="$(awk -v r="$eps" -v h="$heap_eps" 'BEGIN { printf "%.0f%%", 100 * r / h }')"
      fi
      printf '| %s | %s | %.0f | %.1f | %.0f | %.0f | %s | %s |\n' "$w" "$b" "$eps" "$cpu" "$rss" "$limit" "$ratio" \
        "$vs_heap" >>"$summary"
    done
    printf '%s %.0f %s %s\n' "$w" "$(awk -v l="$limit" 'BEGIN { print 2 * l }')" "${row_heap:-0}" "${row_rocks:-0}" >>"$dat"
  done
  cat "$summary"
  chart "$dat" "$OUT/benchmarks.png"
}

# chart_load DATA: the load averages recorded with the run (machine.txt next to DATA), else the current ones.
chart_load() {
  local m
  m="$(dirname "$1")/machine.txt"
  if [[ -f "$m" ]] && grep -q '^load at end' "$m"; then
    printf 'load %s at start, %s at end' "$(sed -n 's/^load at start: //p' "$m")" \
      "$(sed -n 's/^load at end: \([0-9. ]*\);.*/\1/p' "$m" | sed 's/ *$//')"
  else
    printf 'load %s' "$(load_avg)"
  fi
}

# chart DATA PNG: grouped bars, events/s per job on hashmap and rocksdb, against 2 × the limit.
chart() {
  command -v gnuplot >/dev/null 2>&1 || { log "gnuplot not installed: no chart (apt-get install gnuplot-nox)"; return 0; }
  gnuplot <<GP
set terminal pngcairo size 1100,560 font "DejaVu Sans,10" noenhanced
set output "$2"
set title "Throughput at parallelism 2 vs. the limit (2 × single-threaded parse + HashMap loop), $EVENTS events, $(chart_load "$1")"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set ylabel "events/s"
set yrange [0:*]
set grid ytics
set key top right
set xtics rotate by -15
set format y "%.1s%c"
plot "$1" using 2:xtic(1) title "limit (2 × loop)" lc rgb "#bbbbbb", \
     "" using 3 title "hashmap" lc rgb "#1f77b4", \
     "" using 4 title "rocksdb" lc rgb "#d62728"
GP
  log "chart: ${2#"$REPO_ROOT"/}"
}

# ------------------------------------------------------------------------------------------------
# State scale: running-total on RocksDB, 1k..10M users, checkpointing on, memory fixed
# ------------------------------------------------------------------------------------------------

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

state_scale() {
  local tsv="$OUT/state-scale.tsv" users events dir port prefix pid jid
  printf 'users\tevents\tnet_ms\tevents_per_s\tcheckpoints\tlast_ckpt_mb\tmax_ckpt_mb\tavg_ckpt_ms\tmax_ckpt_ms\trss_mb\tlimit_mb\tcpu_s\tload1\n' >"$tsv"
  for users in $SCALE_USERS; do
    # At least one event per user, and never fewer than the throughput size.
    events=$(( users > EVENTS ? users : EVENTS ))
    dir="$(dataset transactions "$users" "$events")"
    port="$(free_port)"
    prefix="$OUT/state-scale-$users"
    log "state scale: running-total (groupstate) on rocksdb, $users users, $events events (web UI :$port, load $(load_avg))"
    # Checkpoints: incremental, every $SCALE_CHECKPOINT_INTERVAL (shorter than config.yaml's 10 s so that a run of
    # a few seconds completes some).
    # Memory: heap 1 GiB (the TaskManager's heap, network buffers and framework live inside it in a
    # MiniCluster) + managed memory 768 MiB for RocksDB (block cache and write buffers, off-heap, which
    # Flink caps) + JVM/RocksDB overhead: a ~2 GiB process.
    local -a java_opts
    read -r -a java_opts <<<"$(java17_opts)"
    /usr/bin/time -f '%e %U %S %M' -o "$prefix.time" \
      "$(java_bin)" "${java_opts[@]}" -Xms1g -Xmx1g -XX:MaxDirectMemorySize=256m ${JAVA_OPTS:-} \
        -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j-console.properties" \
        -cp "$JOB_JAR:$(cat "$LOCAL_CLASSPATH")" "$JOB_MAIN_CLASS" running-total --impl groupstate \
        --source file --input "$dir" --sink discard --parallelism "$PARALLELISM" --state-backend rocksdb \
        --web-ui "$port" -Dtaskmanager.memory.managed.size=768m \
        -Dexecution.checkpointing.interval="$SCALE_CHECKPOINT_INTERVAL" -Dexecution.checkpointing.incremental=true \
        "-Dexecution.checkpointing.dir=$(file_uri "$BENCH_DIR/checkpoints")" \
        >"$prefix.out" 2>"$prefix.err" &
    pid=$!
    # Poll the job's checkpoint statistics while it runs (they vanish with the MiniCluster).
    jid=""
    : >"$prefix.checkpoints.json"
    while kill -0 "$pid" 2>/dev/null; do
      [[ -n "$jid" ]] || jid="$(sed -n 's/^Started .* as Flink job \([0-9a-f]*\).*/\1/p' "$prefix.err" 2>/dev/null | head -1 || true)"
      if [[ -n "$jid" ]]; then
        curl -fs --max-time 2 "http://localhost:$port/jobs/$jid/checkpoints" >"$prefix.checkpoints.tmp" 2>/dev/null \
          && [[ -s "$prefix.checkpoints.tmp" ]] && mv -f "$prefix.checkpoints.tmp" "$prefix.checkpoints.json"
      fi
      sleep 2
    done
    wait "$pid" || { tail -20 "$prefix.err" >&2; die "state-scale run failed ($prefix.err)"; }
    local net ck
    net="$(sed -n 's/^Finished .* in \([0-9]*\) ms$/\1/p' "$prefix.err" | tail -1)"
    ck="$(python3 - "$prefix.checkpoints.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    print("0 0 0 0 0"); sys.exit()
h = [c for c in d.get("history", []) if c.get("status") == "COMPLETED"]
n = d.get("counts", {}).get("completed", 0)
sizes = [c.get("checkpointed_size", c.get("state_size", 0)) for c in h]
durs = [c.get("end_to_end_duration", 0) for c in h]
full = [c.get("state_size", 0) for c in h]
last = full[0] if full else 0
print(n, round(last / 2**20, 1), round(max(full or [0]) / 2**20, 1),
      round(sum(durs) / len(durs)) if durs else 0, max(durs or [0]))
PY
)"
    read -r ncp lastmb maxmb avgms maxms <<<"$ck"
    read -r wall user sys rsskb <"$prefix.time"
    printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%.0f\t%s\t%.1f\t%s\n' "$users" "$events" "$net" \
      "$(awk -v e="$events" -v n="$net" 'BEGIN { print e / (n / 1000) }')" "$ncp" "$lastmb" "$maxmb" "$avgms" \
      "$maxms" "$(awk -v k="$rsskb" 'BEGIN { print k / 1024 }')" 2048 \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$(cut -d' ' -f1 /proc/loadavg)" >>"$tsv"
    tail -1 "$tsv" >&2
  done
  column -t -s$'\t' "$tsv"
}

# ------------------------------------------------------------------------------------------------
# Latency through Kafka (running-total, at-least-once)
# ------------------------------------------------------------------------------------------------

latency() {
  # The broker's ports 9092/9093 are shared by everyone on the machine: hold the lock while it runs. The
  # broker inherits fd 9, so the lock stays held as long as the broker lives, even if this script dies: stop
  # it with scripts/kafka.sh stop.
  exec 9>/tmp/fsj-fixed-ports.lock
  log "waiting for /tmp/fsj-fixed-ports.lock ..."
  flock 9
  local tsv="$OUT/latency.tsv" rate pid
  printf 'rate\tsent\treceived\tp50_ms\tp99_ms\tmax_ms\tload1\n' >"$tsv"
  "$SCRIPTS_DIR/kafka.sh" start >&2
  trap '"$SCRIPTS_DIR/kafka.sh" stop >&2 || true' EXIT
  local cp job_cp
  cp="$(bench_cp)"
  job_cp="$JOB_JAR:$(cat "$LOCAL_CLASSPATH")"
  for rate in $LATENCY_RATES; do
    local topic="bench-tx-$rate-$$" out="bench-totals-$rate-$$" prefix="$OUT/latency-$rate"
    local -a java_opts
    read -r -a java_opts <<<"$(java17_opts)"
    log "latency: running-total at $rate events/s for ${LATENCY_SECONDS}s (load $(load_avg))"
    "$(java_bin)" -Xmx256m -cp "$cp" dev.statefuljobs.bench.KafkaLatency create "$KAFKA_BOOTSTRAP" "$topic" "$out" \
      >&2
    "$(java_bin)" "${java_opts[@]}" "-Xmx$BENCH_HEAP" -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j-console.properties" \
      -cp "$job_cp" "$JOB_MAIN_CLASS" running-total --impl groupstate --source kafka --topic "$topic" \
      --sink kafka --output-topic "$out" --delivery at-least-once --starting-offsets earliest \
      --parallelism "$PARALLELISM" --state-backend hashmap --web-ui off \
      -Dexecution.checkpointing.interval=10s ${BENCH_LATENCY_JOB_OPTS:-} >"$prefix.job.out" 2>"$prefix.job.err" &
    pid=$!
    wait_until 120 "job $rate to start" "$pid" grep -q '^Started ' "$prefix.job.err"
    sleep 5 # let the source's readers get their partitions
    "$(java_bin)" -Xmx512m -cp "$cp" dev.statefuljobs.bench.KafkaLatency measure "$KAFKA_BOOTSTRAP" "$topic" "$out" \
      "$rate" "$LATENCY_SECONDS" 2>"$prefix.err" | tee -a "$prefix.out" \
      | sed -n 's/^latency rate=\([0-9]*\) sent=\([0-9]*\) received=\([0-9]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) max_ms=\([0-9.]*\)$/\1\t\2\t\3\t\4\t\5\t\6/p' \
      | while IFS= read -r line; do printf '%s\t%s\n' "$line" "$(cut -d' ' -f1 /proc/loadavg)"; done >>"$tsv"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  "$SCRIPTS_DIR/kafka.sh" stop >&2
  trap - EXIT
  flock -u 9
  column -t -s$'\t' "$tsv"
}

# ------------------------------------------------------------------------------------------------

main() {
  local -a args=("$@") throughput_set=() extra=()
  ((${#args[@]})) || args=("${DEFAULT_SET[@]}")
  local a
  for a in "${args[@]}"; do
    case "$a" in
      -h|--help) usage; exit 0 ;;
      running-total) throughput_set+=(running-total-groupstate running-total-keyed-sum) ;;
      state-scale|latency) extra+=("$a") ;;
      chart) # re-draw the chart of a finished run: scripts/bench.sh chart [RESULTS_DIR]
        local dir="${args[1]:-$BENCH_DIR/latest}"
        EVENTS="$(awk 'NR == 2 { print $4 }' "$dir/results.tsv")"
        chart "$dir/chart.dat" "$dir/benchmarks.png"
        exit 0 ;;
      *) workload_args "$a" >/dev/null || usage_error "unknown workload '$a'"; throughput_set+=("$a") ;;
    esac
  done
  build_if_needed
  OUT="$BENCH_DIR/$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$OUT"
  ln -sfn "$OUT" "$BENCH_DIR/latest"
  {
    echo "date: $(date -Is)"
    echo "nproc: $(nproc)"
    echo "memory: $(free -m | awk '/^Mem:/ { print $2 " MiB" }')"
    echo "java: $("$(java_bin)" -version 2>&1 | head -1)"
    echo "load at start: $(load_avg)"
    echo "git: $(git -C "$REPO_ROOT" rev-parse --short HEAD)$(git -C "$REPO_ROOT" diff --quiet || echo '+dirty')"
    echo "command: scripts/bench.sh ${*:-} (BENCH_EVENTS=$EVENTS BENCH_RUNS=$RUNS BENCH_WARMUP=$WARMUP BENCH_GC=$BENCH_GC)"
    echo "jar: ${JOB_JAR#"$REPO_ROOT"/}"
  } >"$OUT/machine.txt"
  cat "$OUT/machine.txt" >&2
  local start=$SECONDS
  ((${#throughput_set[@]} == 0)) || throughput "${throughput_set[@]}"
  for a in "${extra[@]}"; do
    "${a//-/_}"
  done
  echo "load at end: $(load_avg); took $((SECONDS - start)) s" | tee -a "$OUT/machine.txt" >&2
  log "results in ${OUT#"$REPO_ROOT"/}"
}

main "$@"
