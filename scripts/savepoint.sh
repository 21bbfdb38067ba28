#!/usr/bin/env bash
# Stop a job with a savepoint (POST /jobs/<jid>/stop), or just take one (--keep-running), wait for
# it to complete and print its location. Resume with: scripts/submit.sh --from-savepoint <path> ...
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $(basename "$0") [--rest-url URL] [--target-dir DIR] [--keep-running] [--drain] [--timeout S] <job-id>

  --target-dir DIR  where to write it (default .run/savepoints, as an absolute file:// URI)
  --keep-running    take a savepoint and leave the job running (default: stop the job)
  --drain           emit MAX_WATERMARK before stopping (fires all event-time windows; only for
                    a final stop, never before a resume)
  --timeout S       give up waiting after S seconds (default 300)
Prints the savepoint path on stdout.
USAGE
}

target_dir="$RUN_DIR/savepoints"
keep_running=false
drain=false
timeout=300
jid=""
while (($#)); do
  case "$1" in
    --rest-url) [[ $# -ge 2 ]] || usage_error "--rest-url needs a value"; FLINK_REST_URL="$2"; shift 2 ;;
    --target-dir) [[ $# -ge 2 ]] || usage_error "--target-dir needs a value"; target_dir="$2"; shift 2 ;;
    --keep-running) keep_running=true; shift ;;
    --drain) drain=true; shift ;;
    --timeout) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage_error "--timeout needs seconds"; timeout="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage_error "unknown option: $1" ;;
    *) [[ -z "$jid" ]] || usage_error "only one job id"; jid="$1"; shift ;;
  esac
done
[[ "$jid" =~ ^[0-9a-f]{32}$ ]] || usage_error "expected a 32-hex-digit <job-id> (see scripts/jobs.sh)"
FLINK_REST_URL="${FLINK_REST_URL%/}"
[[ "$target_dir" == *:* ]] || mkdir -p "$target_dir"
target="$(file_uri "$target_dir")"
require_cluster

if $keep_running; then
  body="$(python3 -c 'import json,sys; print(json.dumps({"target-directory": sys.argv[1], "cancel-job": False}))' "$target")"
  response="$(rest_call POST "$FLINK_REST_URL/jobs/$jid/savepoints" "$body")" || die "savepoint request failed"
else
  body="$(python3 -c 'import json,sys; print(json.dumps({"targetDirectory": sys.argv[1], "drain": sys.argv[2] == "true"}))' "$target" "$drain")"
  response="$(rest_call POST "$FLINK_REST_URL/jobs/$jid/stop" "$body")" || die "stop-with-savepoint request failed"
fi
rid="$(printf '%s' "$response" | json_get 'd["request-id"]')"
[[ -n "$rid" ]] || die "unexpected response: $response"
log "savepoint of job $jid requested (request $rid) into $target$($keep_running || echo '; the job stops when it completes')"

deadline=$((SECONDS + timeout))
while :; do
  status="$(rest_call GET "$FLINK_REST_URL/jobs/$jid/savepoints/$rid")"
  state="$(printf '%s' "$status" | json_get 'd["status"]["id"]')"
  if [[ "$state" == COMPLETED ]]; then
    location="$(printf '%s' "$status" | json_get 'd["operation"]["location"]')"
    if [[ -z "$location" ]]; then
      printf '%s\n' "$status" >&2
      die "savepoint failed: $(printf '%s' "$status" | json_get 'd["operation"]["failure-cause"]["stack-trace"]' | head -n 5)"
    fi
    break
  fi
  ((SECONDS < deadline)) || die "savepoint not completed after ${timeout}s (last status: $state)"
  sleep 1
done
$keep_running || wait_job_state "$jid" 60 FINISHED >/dev/null || true
log "savepoint completed: $location"
log "resume with: scripts/submit.sh --from-savepoint $location <job> [flags...]"
printf '%s\n' "$location"
