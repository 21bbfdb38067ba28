#!/usr/bin/env bash
# Cancel a job without a savepoint (PATCH /jobs/<jid>?mode=cancel) and wait until it is CANCELED.
# Its last retained checkpoint stays in .run/checkpoints/<jid>/ (RETAIN_ON_CANCELLATION).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  echo "usage: $(basename "$0") [--rest-url URL] <job-id>"
}

parse_rest_url_flag "$@"
set -- "${REST_ARGS[@]}"
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
[[ $# -eq 1 && "$1" =~ ^[0-9a-f]{32}$ ]] || usage_error "expected one 32-hex-digit <job-id>"
jid="$1"
require_cluster
rest_call PATCH "$FLINK_REST_URL/jobs/$jid?mode=cancel" >/dev/null || die "cancel request failed"
state="$(wait_job_state "$jid" 60 CANCELED)" || die "job $jid is $state, not CANCELED"
log "job $jid canceled"
