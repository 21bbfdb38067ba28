#!/usr/bin/env bash
# Send JSON Lines (one record per line) to a Kafka topic with Kafka's ConsoleProducer.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $(basename "$0") [--bootstrap HOST:PORT] [--keys] <topic> <file|->

Sends every non-blank line of <file> (or stdin for '-') as one record (no key, unless --keys) to <topic>
on \$KAFKA_BOOTSTRAP (default localhost:9092). Relative paths are relative to your cwd.
  --keys   lines are "key<TAB>value" (as consume.sh --keys prints them): records with the same
           key go to the same partition, so they keep their order (e.g. key = userId)
Examples:
  scripts/produce.sh transactions scripts/samples/transactions.jsonl
  some-generator | scripts/produce.sh clicks -
USAGE
}

ARGS=()
declare -a key_props=()
while (($#)); do
  case "$1" in
    --bootstrap) [[ $# -ge 2 ]] || usage_error "--bootstrap needs a value"; KAFKA_BOOTSTRAP="$2"; shift 2 ;;
    --keys) key_props=(--reader-property parse.key=true --reader-property "key.separator=$(printf '\t')"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
[[ ${#ARGS[@]} -eq 2 ]] || usage_error "expected <topic> and <file|->"
topic="${ARGS[0]}"
input="${ARGS[1]}"
if [[ "$input" != "-" ]]; then
  [[ -r "$input" ]] || die "cannot read $input"
  exec <"$input"
fi

# Blank lines would become empty records: drop them. acks=all + idempotence: each line is
# written exactly once even if a request is retried.
grep -v '^[[:space:]]*$' | kafka_tool org.apache.kafka.tools.ConsoleProducer \
  --bootstrap-server "$KAFKA_BOOTSTRAP" --topic "$topic" \
  --command-property acks=all --command-property enable.idempotence=true \
  --command-property linger.ms=5 "${key_props[@]}"
