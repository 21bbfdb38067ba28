#!/usr/bin/env bash
# Throughput benchmark of the jobs in a local MiniCluster. See docs/benchmarks.md.
#
#   scripts/bench.sh                  the default set: every throughput workload on hashmap and rocksdb at
#                                     BENCH_EVENTS, the steady state on hashmap (the same workloads at N and 2N
#                                     events), and the single-threaded limit (ParseLimit); about 15 min on a quiet
#                                     2-core machine (an estimate, see docs/benchmarks.md)
#   scripts/bench.sh WORKLOAD...      only these: clicks-per-minute running-total-groupstate
#                                     running-total-keyed-sum running-total-expiring user-sessions
#                                     (running-total = both impls); not in the default set:
#                                     clicks-per-minute-sql running-total-sql (the SQL twins, --impl sql, on
#                                     the same files as their DataStream jobs)
#                                     state-scale (RocksDB, 1k..10M users, checkpointing on, ~2 GiB)
#                                     latency (through the Kafka broker; holds the fixed-ports lock): running-total
#                                     at-least-once at each BENCH_LATENCY_RATES, then exactly-once at each
#                                     BENCH_LATENCY_EO_INTERVALS; about 5 min
#                                     spark (clicks-per-minute and running-total against the same queries on
#                                     Spark 4 Structured Streaming, rounds alternating; builds spark-baseline/,
#                                     which downloads Spark's ~280 MB of jars on first use; a few minutes)
#   scripts/bench.sh chart [DIR]      re-draws DIR's (default .run/bench/latest) chart
#
# Environment (defaults in brackets): BENCH_EVENTS [3000000] events per throughput data set;
# BENCH_STEADY_N [BENCH_EVENTS / 2] the steady state is the marginal cost between N and 2N events on hashmap
# (when 2N = BENCH_EVENTS, the BENCH_EVENTS runs are the 2N runs; 0 turns it off);
# BENCH_RUNS [3] measured runs per case (the median is reported); BENCH_WARMUP [1] warm-up runs per data set;
# BENCH_BACKENDS ["hashmap rocksdb"]; BENCH_SCALE_USERS ["1000 100000 1000000 10000000"];
# BENCH_SCALE_CHECKPOINT_INTERVAL [2s];
# latency: BENCH_LATENCY_MODES ["at-least-once exactly-once"]; BENCH_LATENCY_RATES ["1000 10000"] events/s of the
# at-least-once runs; BENCH_LATENCY_CHECKPOINTS [10s] their checkpoint intervals ("off" for none; a list runs each);
# BENCH_LATENCY_EO_INTERVALS ["1s 10s"] the checkpoint intervals of the exactly-once runs (read_committed), at
# BENCH_LATENCY_EO_RATE [1000]; BENCH_LATENCY_SECONDS [60] per run, of which the first BENCH_LATENCY_WARMUP [30]
# are a warm-up (a job just started is still compiling and takes its first checkpoints; 5 measures the fresh job); BENCH_LATENCY_JOB_OPTS: extra job flags, e.g.
# "--latency throughput" or -Dexecution.buffer-timeout.interval=5ms; BENCH_LATENCY_JAVA_OPTS: extra JVM options of
# the job, e.g. -XX:+UseParallelGC; BENCH_LATENCY_MEASURE_OPTS: extra KafkaLatency options, e.g.
# "--consumer fetch.max.wait.ms=500". Each run leaves latency-<run>.series.tsv (per send second: p50, p99, max,
# records over 50 ms), .slow.tsv (every record over 50 ms), .checkpoints.tsv (from the job's log) and .gc.log;
# BENCH_GC ["-XX:+UseParallelGC"] the collector of the throughput JVMs (jobs, limit, Spark), see docs/benchmarks.md;
# BENCH_SPARK_EVENTS [2000000] events per data set of `spark` (BENCH_RUNS rounds of Flink then Spark);
# BENCH_SPARK_JAVA_OPTS: extra JVM options of the Spark runs, e.g. -Dspark.sql.shuffle.partitions=2 (Spark reads
# -Dspark.* as configuration; the comparison itself uses Spark's defaults).
#
# Input: JSON Lines from the Generate CLI, made once into .run/bench/data/<format>-<users>-users-<events>/ as two files
# (line i goes to file i mod 2, so each of the two source readers reads its own file, both covering the
# whole time range), read through the job's real file source and parser. Results: .run/bench/<run>/
# (results.tsv with every run, summary.md, chart.dat, benchmarks.png when gnuplot is installed; spark.tsv and
# spark.md for `spark`) and .run/bench/latest pointing at the newest.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

EVENTS="${BENCH_EVENTS:-3000000}"
STEADY_N="${BENCH_STEADY_N:-$((EVENTS / 2))}"
SPARK_EVENTS="${BENCH_SPARK_EVENTS:-2000000}"
RUNS="${BENCH_RUNS:-3}"
WARMUP="${BENCH_WARMUP:-1}"
BACKENDS="${BENCH_BACKENDS:-hashmap rocksdb}"
SCALE_USERS="${BENCH_SCALE_USERS:-1000 100000 1000000 10000000}"
LATENCY_MODES="${BENCH_LATENCY_MODES:-at-least-once exactly-once}"
LATENCY_RATES="${BENCH_LATENCY_RATES:-1000 10000}"
LATENCY_SECONDS="${BENCH_LATENCY_SECONDS:-60}"
LATENCY_WARMUP="${BENCH_LATENCY_WARMUP:-30}"
LATENCY_CHECKPOINTS="${BENCH_LATENCY_CHECKPOINTS:-10s}"
LATENCY_EO_INTERVALS="${BENCH_LATENCY_EO_INTERVALS:-1s 10s}"
LATENCY_EO_RATE="${BENCH_LATENCY_EO_RATE:-1000}"
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
    clicks-per-minute-sql) echo "clicks-per-minute --impl sql" ;;
    running-total-sql) echo "running-total --impl sql" ;;
    running-total-expiring) echo "running-total-expiring" ;;
    user-sessions) echo "user-sessions --time event" ;;
    *) return 1 ;;
  esac
}

# workload_data NAME: format, users.
workload_data() {
  case "$1" in
    clicks-per-minute|clicks-per-minute-sql|user-sessions) echo "clicks 10000" ;;
    *) echo "transactions 100000" ;;
  esac
}

# workload_limit NAME: the ParseLimit mode that does the same keyed work.
workload_limit() {
  case "$1" in
    running-total-groupstate|running-total-keyed-sum|running-total-sql) echo "running-total" ;;
    clicks-per-minute-sql) echo "clicks-per-minute" ;;
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

# steady_sizes BACKEND: the input sizes of BACKEND's runs: BENCH_EVENTS, and on hashmap also N and 2N for the
# steady state (each size once).
steady_sizes() {
  local -a sizes=("$EVENTS")
  if [[ "$1" == hashmap ]] && ((STEADY_N > 0)); then
    local s
    for s in "$STEADY_N" "$((2 * STEADY_N))"; do
      [[ " ${sizes[*]} " == *" $s "* ]] || sizes+=("$s")
    done
  fi
  printf '%s\n' "${sizes[*]}"
}

throughput() {
  local -a workloads=("$@")
  local tsv="$OUT/results.tsv" limits="$OUT/limits.tsv"
  printf 'workload\tbackend\trun\tevents\tnet_ms\tevents_per_s\twall_s\tcpu_s\trss_mb\tload1\n' >"$tsv"
  printf 'limit\tevents\tevents_per_s\n' >"$limits"
  local w b i n limit_mode seen_limits="" warmed="" format users dir result
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
      # On hashmap the steady-state sizes N and 2N run in the same rounds as BENCH_EVENTS, one after the other,
      # so that a change of load hits every size alike.
      local -a sizes
      read -r -a sizes <<<"$(steady_sizes "$b")"
      for ((i = 1 - warm; i <= RUNS; i++)); do
        for n in "${sizes[@]}"; do
          local label="run $i"; ((i > 0)) || label="warm-up"
          # The warm-up is for the data set of BENCH_EVENTS; the other sizes are measured only.
          ((i > 0)) || [[ "$n" == "$EVENTS" ]] || continue
          local input
          input="$(dataset "$format" "$users" "$n")"
          log "$w on $b, $n events, $label (load $(load_avg))"
          # shellcheck disable=SC2046  # the job's own flags split on purpose
          result="$(run_job "$OUT/$w-$b-$n-$i" $(workload_args "$w") --source file --input "$input" --sink discard \
                    --parallelism "$PARALLELISM" --state-backend "$b" --web-ui off)" || die "benchmark run failed (logs in $OUT)"
          if ((i <= 0)); then continue; fi
          read -r net wall cpu rss <<<"$result"
          printf '%s\t%s\t%d\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\n' "$w" "$b" "$i" "$n" "$net" \
            "$(awk -v e="$n" -v t="$net" 'BEGIN { print e / (t / 1000) }')" "$wall" "$cpu" "$rss" \
            "$(cut -d' ' -f1 /proc/loadavg)" >>"$tsv"
        done
      done
      warm=0
    done
  done
  summarize "${workloads[@]}"
}

# tsv_median TSV WORKLOAD BACKEND EVENTS COLUMN: the median of COLUMN over the runs of that case in results.tsv.
tsv_median() {
  awk -F'\t' -v w="$2" -v b="$3" -v n="$4" -v c="$5" '$1 == w && $2 == b && $4 == n { print $c }' "$1" | median
}

# steady_state TSV WORKLOAD: "events_per_s cpu_us_per_event" of the marginal cost between STEADY_N and 2 × STEADY_N
# events on hashmap (medians of the net runtimes and of the process CPU); "" if not measured, "n/a n/a" if the
# 2N runs were not slower than the N runs (noise larger than the difference).
steady_state() {
  ((STEADY_N > 0)) || return 0
  local t1 t2 c1 c2
  t1="$(tsv_median "$1" "$2" hashmap "$STEADY_N" 5)"
  t2="$(tsv_median "$1" "$2" hashmap "$((2 * STEADY_N))" 5)"
  c1="$(tsv_median "$1" "$2" hashmap "$STEADY_N" 8)"
  c2="$(tsv_median "$1" "$2" hashmap "$((2 * STEADY_N))" 8)"
  [[ -n "$t1" && -n "$t2" ]] || return 0
  awk -v n="$STEADY_N" -v t1="$t1" -v t2="$t2" -v c1="$c1" -v c2="$c2" 'BEGIN {
    if (t2 > t1) printf "%.0f", n / ((t2 - t1) / 1000); else printf "n/a"
    if (c2 > c1) printf " %.2f\n", (c2 - c1) * 1e6 / n; else printf " n/a\n"
  }'
}

summarize() {
  local tsv="$OUT/results.tsv" limits="$OUT/limits.tsv" summary="$OUT/summary.md" dat="$OUT/chart.dat"
  local w b eps cpu rss limit ratio heap_eps
  {
    printf 'Fresh JVM: %s events per run, the median of the job'"'"'s net runtime over %s runs. Steady state: N = %s and 2N = %s events on hashmap, N ÷ (runtime(2N) − runtime(N)) from the median runtimes, and (CPU s(2N) − CPU s(N)) ÷ N from the median CPU seconds of the process.\n\n' \
      "$EVENTS" "$RUNS" "$STEADY_N" "$((2 * STEADY_N))"
    printf '| Workload | Backend | events/s (fresh JVM) | CPU s | peak RSS MB | limit events/s (1 thread) | ratio: events/s ÷ (2 × limit) | steady events/s (N → 2N) | steady ratio: ÷ (2 × limit) | steady CPU µs/event | RocksDB ÷ heap |\n'
    printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  } >"$summary"
  printf '# workload limit_x2 hashmap rocksdb hashmap_steady\n' >"$dat"
  for w in "$@"; do
    limit="$(awk -F'\t' -v m="$(workload_limit "$w")" '$1 == m { print $3 }' "$limits")"
    local row_heap="" row_rocks="" row_steady=""
    heap_eps=""
    for b in $BACKENDS; do
      eps="$(tsv_median "$tsv" "$w" "$b" "$EVENTS" 6)"
      cpu="$(tsv_median "$tsv" "$w" "$b" "$EVENTS" 8)"
      rss="$(tsv_median "$tsv" "$w" "$b" "$EVENTS" 9)"
      [[ -n "$eps" ]] || continue
      ratio="$(awk -v e="$eps" -v l="$limit" 'BEGIN { if (l > 0) printf "%.0f%%", 100 * e / (2 * l); else print "?" }')"
      local vs_heap="" steady="" steady_ratio="" steady_cpu=""
      if [[ "$b" == hashmap ]]; then
        heap_eps="$eps"; row_heap="$eps"
        read -r steady steady_cpu <<<"$(steady_state "$tsv" "$w")"
        if [[ "$steady" =~ ^[0-9]+$ ]]; then
          row_steady="$steady"
          steady_ratio="$(awk -v e="$steady" -v l="$limit" 'BEGIN { if (l > 0) printf "%.0f%%", 100 * e / (2 * l); else print "?" }')"
        fi
      fi
      if [[ "$b" == rocksdb ]]; then
        row_rocks="$eps"
        [[ -z "$heap_eps" ]] || vs_heap="$(awk -v r="$eps" -v h="$heap_eps" 'BEGIN { printf "%.0f%%", 100 * r / h }')"
      fi
      printf '| %s | %s | %.0f | %.1f | %.0f | %.0f | %s | %s | %s | %s | %s |\n' "$w" "$b" "$eps" "$cpu" "$rss" "$limit" \
        "$ratio" "$steady" "$steady_ratio" "$steady_cpu" "$vs_heap" >>"$summary"
    done
    printf '%s %.0f %s %s %s\n' "$w" "$(awk -v l="$limit" 'BEGIN { print 2 * l }')" "${row_heap:-0}" "${row_rocks:-0}" \
      "${row_steady:-0}" >>"$dat"
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

# chart DATA PNG: grouped bars, events/s per job on hashmap and rocksdb (and hashmap in steady state, when DATA has
# that column), against 2 × the limit.
chart() {
  command -v gnuplot >/dev/null 2>&1 || { log "gnuplot not installed: no chart (apt-get install gnuplot-nox)"; return 0; }
  local steady_plot=""
  if head -1 "$1" | grep -q hashmap_steady; then
    steady_plot=', "" using 5 title "hashmap, steady state" lc rgb "#9ecae1"'
  fi
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
     "" using 4 title "rocksdb" lc rgb "#d62728"$steady_plot
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
# Latency through Kafka (running-total; at-least-once, then exactly-once against the checkpoint interval)
# ------------------------------------------------------------------------------------------------

# latency_log4j: the console logging of local runs plus the checkpoint coordinator's INFO lines (trigger and
# completion of each checkpoint, with wall-clock times), to line the slow records up with checkpoints.
latency_log4j() {
  local file="$OUT/log4j-latency.properties"
  {
    cat "$FLINK_CONF_DIR/log4j-console.properties"
    printf '%s\n' "logger.checkpoints.name = org.apache.flink.runtime.checkpoint.CheckpointCoordinator" \
      "logger.checkpoints.level = INFO"
  } >"$file"
  printf '%s\n' "$file"
}

# latency_checkpoints JOB_ERR: "id trigger_utc completed_utc duration_ms" per checkpoint, from the job's log.
latency_checkpoints() {
  awk '/Triggering checkpoint [0-9]+ / { for (i = 1; i <= NF; i++) if ($i == "checkpoint") { t[$(i + 1)] = $1; break } }
       /Completed checkpoint [0-9]+ / { for (i = 1; i <= NF; i++) if ($i == "checkpoint") { id = $(i + 1); break }
                                        d = $0; sub(/.*checkpointDuration=/, "", d); sub(/ ms.*/, "", d)
                                        printf "%s\t%s\t%s\t%s\n", id, t[id], $1, d }' "$1"
}

# latency_run LABEL RATE DELIVERY CHECKPOINT_INTERVAL [CONSUMER_OPTION...]: one measured run on fresh topics;
# appends a row to latency.tsv.
latency_run() {
  local label="$1" rate="$2" delivery="$3" interval="$4"
  shift 4
  local topic="bench-tx-$label-$$" out="bench-totals-$label-$$" prefix="$OUT/latency-$label" pid
  local -a java_opts checkpointing=() job_opts=()
  read -r -a java_opts <<<"$(java17_opts) ${BENCH_LATENCY_JAVA_OPTS:-}"
  # shellcheck disable=SC2206  # the extra flags split on purpose
  job_opts=(${BENCH_LATENCY_JOB_OPTS:-})
  # "off": the throughput runs' copy of config.yaml, which has no interval (Flink refuses an interval of 0).
  [[ "$interval" == off ]] || checkpointing=("-Dexecution.checkpointing.interval=$interval")
  log "latency: $label: running-total $delivery, checkpoints $interval, $rate events/s for ${LATENCY_SECONDS}s, the first ${LATENCY_WARMUP}s not counted (load $(load_avg))"
  "$(java_bin)" -Xmx256m -cp "$LAT_BENCH_CP" dev.statefuljobs.bench.KafkaLatency create "$KAFKA_BOOTSTRAP" "$topic" \
    "$out" >&2
  FLINK_CONF_DIR="$([[ "$interval" == off ]] && echo "$LAT_NO_CHECKPOINT_CONF" || echo "$FLINK_CONF_DIR")" \
  # -Xms as in the throughput runs: a heap that starts small is resized by young collections in the first seconds,
  # pauses of up to 0.3 s in the measurement on a loaded machine (docs/benchmarks.md).
  "$(java_bin)" "${java_opts[@]}" "-Xms$BENCH_HEAP" "-Xmx$BENCH_HEAP" -Xlog:gc:file="$prefix.gc.log":time,uptime \
    -Dlog4j.configurationFile="$LAT_LOG4J" -cp "$LAT_JOB_CP" "$JOB_MAIN_CLASS" running-total --impl groupstate \
    --source kafka --topic "$topic" --sink kafka --output-topic "$out" --delivery "$delivery" \
    --starting-offsets earliest --parallelism "$PARALLELISM" --state-backend hashmap --web-ui off \
    "${checkpointing[@]}" "${job_opts[@]}" >"$prefix.job.out" 2>"$prefix.job.err" &
  pid=$!
  wait_until 120 "job $label to start" "$pid" grep -q '^Started ' "$prefix.job.err"
  sleep 5 # let the source's readers get their partitions
  local result
  # shellcheck disable=SC2086  # the extra options split on purpose
  result="$("$(java_bin)" -Xmx512m -cp "$LAT_BENCH_CP" dev.statefuljobs.bench.KafkaLatency measure "$KAFKA_BOOTSTRAP" \
    "$topic" "$out" "$rate" "$LATENCY_SECONDS" --warmup "$LATENCY_WARMUP" --series "$prefix.series.tsv" \
    --slow "$prefix.slow.tsv" "$@" ${BENCH_LATENCY_MEASURE_OPTS:-} \
    2>"$prefix.err" | tee "$prefix.out")"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  latency_checkpoints "$prefix.job.err" >"$prefix.checkpoints.tsv"
  local row slow
  row="$(sed -n 's/^latency rate=\([0-9]*\) sent=\([0-9]*\) received=\([0-9]*\) p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) max_ms=\([0-9.]*\)$/\1\t\2\t\3\t\4\t\5\t\6/p' <<<"$result")"
  slow="$(sed -n 's/^slow (> [0-9]* ms) by send second: //p' <<<"$result")"
  [[ -n "$row" ]] || { log "no result from KafkaLatency (see $prefix.err)"; return 1; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$delivery" "$interval" "$row" "$(wc -l <"$prefix.checkpoints.tsv")" \
    "$(grep -c 'Pause' "$prefix.gc.log" || true)" "$(cut -d' ' -f1 /proc/loadavg)" "${slow:-none}" >>"$LAT_TSV"
}

latency() {
  # The broker's ports 9092/9093 are shared by everyone on the machine: hold the lock while it runs. The
  # broker inherits fd 9, so the lock stays held as long as the broker lives, even if this script dies: stop
  # it with scripts/kafka.sh stop.
  exec 9>/tmp/fsj-fixed-ports.lock
  log "waiting for /tmp/fsj-fixed-ports.lock ..."
  flock 9
  LAT_TSV="$OUT/latency.tsv"
  LAT_RUN=0
  printf 'delivery\tcheckpoints\trate\tsent\treceived\tp50_ms\tp99_ms\tmax_ms\tcheckpoints_done\tgc_pauses\tload1\tslow_seconds\n' \
    >"$LAT_TSV"
  LAT_BENCH_CP="$(bench_cp)"
  LAT_JOB_CP="$JOB_JAR:$(cat "$LOCAL_CLASSPATH")"
  LAT_LOG4J="$(latency_log4j)"
  LAT_NO_CHECKPOINT_CONF="$(bench_conf_dir)"
  "$SCRIPTS_DIR/kafka.sh" start >&2
  trap '"$SCRIPTS_DIR/kafka.sh" stop >&2 || true' EXIT
  # A fresh broker creates its offsets and transaction-state topics on first use, which would fall into the
  # first run's measurement: create them now.
  "$(java_bin)" -Xmx256m -cp "$LAT_BENCH_CP" dev.statefuljobs.bench.KafkaLatency prepare "$KAFKA_BOOTSTRAP" >&2
  local rate interval
  if [[ " $LATENCY_MODES " == *" at-least-once "* ]]; then
    for interval in $LATENCY_CHECKPOINTS; do
      for rate in $LATENCY_RATES; do
        LAT_RUN=$((LAT_RUN + 1))
        latency_run "$LAT_RUN-alo-$interval-$rate" "$rate" at-least-once "$interval"
      done
    done
  fi
  if [[ " $LATENCY_MODES " == *" exactly-once "* ]]; then
    for interval in $LATENCY_EO_INTERVALS; do
      LAT_RUN=$((LAT_RUN + 1))
      latency_run "$LAT_RUN-eo-$interval-$LATENCY_EO_RATE" "$LATENCY_EO_RATE" exactly-once "$interval" \
        --consumer isolation.level=read_committed
    done
  fi
  "$SCRIPTS_DIR/kafka.sh" stop >&2
  trap - EXIT
  flock -u 9
  column -t -s$'\t' "$LAT_TSV"
}

# ------------------------------------------------------------------------------------------------
# Flink against Spark: the same two workloads on the same files, rounds alternating
# ------------------------------------------------------------------------------------------------

# spark_workload WORKLOAD: the SparkBaseline query of a bench.sh workload.
spark_workload() {
  case "$1" in
    clicks-per-minute) echo "clicks-per-minute" ;;
    running-total-groupstate) echo "running-total" ;;
    *) return 1 ;;
  esac
}

# spark_label WORKLOAD: the table's name of the workload.
spark_label() {
  case "$1" in
    clicks-per-minute) echo "clicks per user per 1-minute window (10k users)" ;;
    running-total-groupstate) echo "running total per user, mapGroupsWithState (100k users)" ;;
  esac
}

# run_spark OUT_PREFIX WORKLOAD INPUT_DIR: one Spark query in a fresh JVM (local[2], same heap and collector as the
# Flink runs, Spark's defaults but the web UI off), under /usr/bin/time. Prints "query_ms wall_s cpu_s rss_mb events
# batches output_rows" (query_ms: from the query's start() to the end of its AvailableNow run).
run_spark() {
  local prefix="$1" workload="$2" input="$3"
  local checkpoint="$prefix.checkpoint" scratch="$prefix.local"
  rm -rf "$checkpoint" "$scratch"
  mkdir -p "$scratch"
  local -a extra_opts=()
  [[ -z "${BENCH_SPARK_JAVA_OPTS:-}" ]] || read -r -a extra_opts <<<"$BENCH_SPARK_JAVA_OPTS"
  spark_java_command "$scratch"
  # shellcheck disable=SC2086  # $BENCH_GC is a list of JVM options.
  /usr/bin/time -f '%e %U %S %M' -o "$prefix.time" \
    "${SPARK_JAVA[@]}" "-Xms$BENCH_HEAP" "-Xmx$BENCH_HEAP" $BENCH_GC "${extra_opts[@]}" \
      dev.statefuljobs.spark.SparkBaseline "$workload" "$input" --checkpoint "$checkpoint" \
      >"$prefix.out" 2>"$prefix.err" || { log "Spark run failed: $workload"; tail -20 "$prefix.err" >&2; return 1; }
  # The state store's checkpoint and the shuffle files are only needed while the query runs.
  rm -rf "$checkpoint" "$scratch"
  local line
  line="$(grep '^SparkBaseline ' "$prefix.out" | tail -1)"
  [[ -n "$line" ]] || { log "no 'SparkBaseline' line in $prefix.out"; return 1; }
  local kv events="" batches="" rows="" ms=""
  for kv in $line; do
    case "$kv" in
      events=*) events="${kv#*=}" ;;
      batches=*) batches="${kv#*=}" ;;
      output_rows=*) rows="${kv#*=}" ;;
      query_ms=*) ms="${kv#*=}" ;;
    esac
  done
  awk -v ms="$ms" -v e="$events" -v b="$batches" -v r="$rows" \
    '{ printf "%s %s %.2f %.0f %s %s %s\n", ms, $1, $2 + $3, $4 / 1024, e, b, r }' "$prefix.time"
}

spark() {
  spark_build_if_needed "$BENCH_DIR/spark-baseline-mvn.log"
  FLINK_CONF_DIR="$(bench_conf_dir)"
  export FLINK_CONF_DIR
  local tsv="$OUT/spark.tsv" w i format users dir result ms wall cpu rss events batches rows
  printf 'workload\tside\tround\tevents\truntime_ms\tevents_per_s\twall_s\tcpu_s\trss_mb\tbatches\toutput_rows\tload1\n' >"$tsv"
  for w in clicks-per-minute running-total-groupstate; do
    read -r format users <<<"$(workload_data "$w")"
    dir="$(dataset "$format" "$users" "$SPARK_EVENTS")"
    for ((i = 1; i <= RUNS; i++)); do
      log "$w, round $i of $RUNS: Flink, $SPARK_EVENTS events (load $(load_avg))"
      # shellcheck disable=SC2046  # the job's own flags split on purpose
      result="$(run_job "$OUT/spark-$w-flink-$i" $(workload_args "$w") --source file --input "$dir" --sink discard \
                --parallelism "$PARALLELISM" --state-backend hashmap --web-ui off)" || die "Flink run failed (logs in $OUT)"
      read -r ms wall cpu rss <<<"$result"
      printf '%s\tflink\t%d\t%d\t%d\t%.0f\t%s\t%s\t%s\t\t\t%s\n' "$w" "$i" "$SPARK_EVENTS" "$ms" \
        "$(awk -v e="$SPARK_EVENTS" -v t="$ms" 'BEGIN { print e / (t / 1000) }')" "$wall" "$cpu" "$rss" \
        "$(cut -d' ' -f1 /proc/loadavg)" >>"$tsv"
      log "$w, round $i of $RUNS: Spark, $SPARK_EVENTS events (load $(load_avg))"
      result="$(run_spark "$OUT/spark-$w-spark-$i" "$(spark_workload "$w")" "$dir")" || die "Spark run failed (logs in $OUT)"
      read -r ms wall cpu rss events batches rows <<<"$result"
      [[ "$events" == "$SPARK_EVENTS" ]] || die "Spark read $events of the $SPARK_EVENTS events in $dir (logs in $OUT)"
      printf '%s\tspark\t%d\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$i" "$events" "$ms" \
        "$(awk -v e="$events" -v t="$ms" 'BEGIN { print e / (t / 1000) }')" "$wall" "$cpu" "$rss" "$batches" "$rows" \
        "$(cut -d' ' -f1 /proc/loadavg)" >>"$tsv"
    done
  done
  spark_summary
}

spark_summary() {
  local tsv="$OUT/spark.tsv" md="$OUT/spark.md" w fe se fc sc
  {
    printf '%s events per workload, median of %s rounds (Flink, then Spark, in each); events/s from each side'"'"'s own runtime (JVM start-up excluded), CPU s of the whole process.\n\n' \
      "$SPARK_EVENTS" "$RUNS"
    printf '| workload | Flink events/s | Spark events/s | Flink ÷ Spark | CPU s Flink / Spark |\n'
    printf '|---|---:|---:|---:|---:|\n'
  } >"$md"
  for w in clicks-per-minute running-total-groupstate; do
    fe="$(awk -F'\t' -v w="$w" '$1 == w && $2 == "flink" { print $6 }' "$tsv" | median)"
    se="$(awk -F'\t' -v w="$w" '$1 == w && $2 == "spark" { print $6 }' "$tsv" | median)"
    fc="$(awk -F'\t' -v w="$w" '$1 == w && $2 == "flink" { print $8 }' "$tsv" | median)"
    sc="$(awk -F'\t' -v w="$w" '$1 == w && $2 == "spark" { print $8 }' "$tsv" | median)"
    awk -v l="$(spark_label "$w")" -v fe="$fe" -v se="$se" -v fc="$fc" -v sc="$sc" 'BEGIN {
      printf "| %s | %.0f | %.0f | %.1f× | %.1f / %.1f |\n", l, fe, se, (se > 0 ? fe / se : 0), fc, sc
    }' >>"$md"
  done
  cat "$md"
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
      state-scale|latency|spark) extra+=("$a") ;;
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
    echo "command: scripts/bench.sh ${*:-} (BENCH_EVENTS=$EVENTS BENCH_STEADY_N=$STEADY_N BENCH_RUNS=$RUNS BENCH_WARMUP=$WARMUP BENCH_GC=$BENCH_GC BENCH_SPARK_EVENTS=$SPARK_EVENTS)"
    echo "jar: ${JOB_JAR#"$REPO_ROOT"/}"
    [[ " ${extra[*]} " != *" latency "* ]] \
      || echo "latency: BENCH_LATENCY_MODES=$LATENCY_MODES BENCH_LATENCY_RATES=$LATENCY_RATES BENCH_LATENCY_CHECKPOINTS=$LATENCY_CHECKPOINTS BENCH_LATENCY_EO_INTERVALS=$LATENCY_EO_INTERVALS BENCH_LATENCY_EO_RATE=$LATENCY_EO_RATE BENCH_LATENCY_SECONDS=$LATENCY_SECONDS BENCH_LATENCY_WARMUP=$LATENCY_WARMUP BENCH_LATENCY_JOB_OPTS=${BENCH_LATENCY_JOB_OPTS:-} BENCH_LATENCY_JAVA_OPTS=${BENCH_LATENCY_JAVA_OPTS:-}"
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
