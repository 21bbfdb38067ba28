#!/usr/bin/env bash
# Print a Kafka topic from the beginning, committed records only (read_committed: what a
# downstream consumer of Flink's exactly-once KafkaSink sees), with Kafka's ConsoleConsumer.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $(basename "$0") [--bootstrap HOST:PORT] <topic> [--max N] [--timeout-ms T] [--keys] [--read-uncommitted]

Prints the values of <topic> from the beginning, one per line, on stdout.
  --max N            exit after N records
  --timeout-ms T     exit when no record arrived for T ms (default 10000; 0 = wait forever)
  --keys             print "key<TAB>value"
  --read-uncommitted also show records of open/aborted transactions
Exit status 0 also on timeout; the count of records goes to stderr.
USAGE
}

topic=""
max=""
timeout_ms=10000
isolation=read_committed
declare -a extra=()
while (($#)); do
  case "$1" in
    --bootstrap) [[ $# -ge 2 ]] || usage_error "--bootstrap needs a value"; KAFKA_BOOTSTRAP="$2"; shift 2 ;;
    --max) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage_error "--max needs a number"; max="$2"; shift 2 ;;
    --timeout-ms) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage_error "--timeout-ms needs a number"; timeout_ms="$2"; shift 2 ;;
    --keys) extra+=(--formatter-property print.key=true); shift ;;
    --read-uncommitted) isolation=read_uncommitted; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage_error "unknown option: $1" ;;
    *) [[ -z "$topic" ]] || usage_error "only one topic"; topic="$1"; shift ;;
  esac
done
[[ -n "$topic" ]] || usage_error "missing <topic>"

declare -a opts=(--bootstrap-server "$KAFKA_BOOTSTRAP" --topic "$topic" --from-beginning
  --isolation-level "$isolation"
  # A fresh group per run, never committed: every run reads the whole topic.
  --command-property enable.auto.commit=false)
[[ -n "$max" ]] && opts+=(--max-messages "$max")
((timeout_ms > 0)) && opts+=(--timeout-ms "$timeout_ms")

kafka_tool org.apache.kafka.tools.consumer.ConsoleConsumer "${opts[@]}" "${extra[@]}"
