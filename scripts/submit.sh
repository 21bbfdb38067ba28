#!/usr/bin/env bash
# Submit the fat jar's job to a running Flink cluster over REST (no Flink client install needed):
# POST /jars/upload (re-used while the jar's sha256 is unchanged), then POST /jars/<id>/run.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $(basename "$0") [--rest-url URL] [--from-savepoint PATH] [--allow-non-restored-state]
                 [--parallelism N] [--jar PATH] [--no-wait] <job> [job flags...]

Runs $JOB_MAIN_CLASS from the fat jar (default jobs/target/flink-stateful-jobs.jar)
with program args "<job> [job flags...]" on the cluster at \$FLINK_REST_URL (http://localhost:8081).
Options must come before <job>; everything from <job> on goes to the program unchanged.
  --from-savepoint PATH  restore from a savepoint or retained checkpoint (directory or _metadata;
                         a local path becomes an absolute file:// URI)
  --allow-non-restored-state  skip savepoint state that maps to no operator (default: fail)
  --parallelism N        job parallelism (default: the job's own, else parallelism.default)
  --no-wait              do not wait for the job to reach RUNNING
Prints the job id on stdout (jid=\$(scripts/submit.sh ...)); the web UI link goes to stderr.
Example:
  scripts/submit.sh running-total --source kafka --topic transactions --sink kafka \\
    --output-topic running-totals
USAGE
}

savepoint=""
parallelism=""
allow_non_restored=false
wait_running=true
while (($#)); do
  case "$1" in
    --rest-url) [[ $# -ge 2 ]] || usage_error "--rest-url needs a value"; FLINK_REST_URL="$2"; shift 2 ;;
    --from-savepoint) [[ $# -ge 2 ]] || usage_error "--from-savepoint needs a path"; savepoint="$2"; shift 2 ;;
    --allow-non-restored-state) allow_non_restored=true; shift ;;
    --parallelism|-p) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage_error "--parallelism needs a positive number"; parallelism="$2"; shift 2 ;;
    --jar) [[ $# -ge 2 ]] || usage_error "--jar needs a path"; JOB_JAR="$2"; shift 2 ;;
    --no-wait) wait_running=false; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    -*) usage_error "unknown option: $1 (options go before <job>)" ;;
    *) break ;;
  esac
done
(($#)) || usage_error "missing <job>"
FLINK_REST_URL="${FLINK_REST_URL%/}"
require_cmd curl python3 sha256sum
require_cluster
[[ -f "$JOB_JAR" ]] || die "no jar at $JOB_JAR (build it: mvn -q package -DskipTests)"
if [[ -n "$savepoint" ]]; then
  if [[ "$savepoint" != *:* ]]; then
    [[ -e "$savepoint" ]] || die "no savepoint at $savepoint"
    savepoint="$(cd "$(dirname "$savepoint")" && pwd -P)/$(basename "$savepoint")"
  fi
  savepoint="$(file_uri "$savepoint")"
fi

# upload_jar: print the cluster's id for the jar, uploading it unless this cluster already has
# a jar with the same sha256 (remembered in .run/submit/uploaded-jars).
upload_jar() {
  local sha cache known id
  sha="$(sha256sum "$JOB_JAR" | cut -d' ' -f1)"
  cache="$(run_dir submit)/uploaded-jars"
  touch "$cache"
  known="$(awk -v u="$FLINK_REST_URL" -v s="$sha" '$1 == u && $2 == s { id = $3 } END { print id }' "$cache")"
  if [[ -n "$known" ]] && rest_call GET "$FLINK_REST_URL/jars" \
       | json_get '[f["id"] for f in d["files"]]' | grep -qF "\"$known\""; then
    log "re-using uploaded jar $known (same sha256)"
    printf '%s\n' "$known"
    return 0
  fi
  log "uploading $JOB_JAR ($(du -h "$JOB_JAR" | cut -f1)) to $FLINK_REST_URL"
  local response
  response="$(curl -sS --fail-with-body --max-time 600 -X POST -H 'Expect:' \
    -F "jarfile=@$JOB_JAR;type=application/x-java-archive" "$FLINK_REST_URL/jars/upload")" \
    || die "upload failed: $response"
  id="$(printf '%s' "$response" | json_get 'd["filename"].rsplit("/", 1)[-1]')"
  [[ -n "$id" ]] || die "unexpected upload response: $response"
  printf '%s %s %s\n' "$FLINK_REST_URL" "$sha" "$id" >>"$cache"
  printf '%s\n' "$id"
}

jar_id="$(upload_jar)"
body="$(python3 - "$JOB_MAIN_CLASS" "$parallelism" "$savepoint" "$allow_non_restored" "$@" <<'PY'
import json, sys
entry, parallelism, savepoint, allow = sys.argv[1:5]
body = {"entryClass": entry, "programArgsList": sys.argv[5:]}
if parallelism:
    body["parallelism"] = int(parallelism)
if savepoint:
    body["savepointPath"] = savepoint
    body["allowNonRestoredState"] = allow == "true"
print(json.dumps(body))
PY
)"
log "POST /jars/$jar_id/run $body"
response="$(rest_call POST "$FLINK_REST_URL/jars/$jar_id/run" "$body")" \
  || die "the job could not be started (cause above; full trace in .run/cluster/log/jobmanager.log)"
jid="$(printf '%s' "$response" | json_get 'd["jobid"]')"
[[ -n "$jid" ]] || die "unexpected run response: $response"
if $wait_running; then
  wait_job_state "$jid" 60 RUNNING >/dev/null || die "job $jid did not reach RUNNING: $(job_ui_url "$jid")"
fi
log "job $jid submitted; web UI: $(job_ui_url "$jid")"
printf '%s\n' "$jid"
