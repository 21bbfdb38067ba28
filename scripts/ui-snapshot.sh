#!/usr/bin/env bash
# Save a PNG of a job's page in the Flink web UI (its graph, state and operator list) as a person
# sees it, with Debian's headless Chromium driven by playwright-core (scripts/ui/ui.mjs).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $(basename "$0") [--rest-url URL] <job-id> [out.png]

Opens \$FLINK_REST_URL/#/job/running/<job-id>/overview (default http://localhost:8081) in headless
Chromium, waits until the job graph is drawn, and saves a 1400x860 screenshot to out.png
(default .run/ui/<job-id>.png). Needs /usr/bin/chromium and node; with CI=true, or when they are
missing and you are root, they are installed with apt-get (playwright-core with npm ci).
USAGE
}

parse_rest_url_flag "$@"
set -- "${REST_ARGS[@]}"
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
(($# >= 1 && $# <= 2)) && [[ "$1" =~ ^[0-9a-f]{32}$ ]] || usage_error "expected <job-id> [out.png]"
jid="$1"
out="${2:-$(run_dir ui)/$jid.png}"
[[ "$out" = /* ]] || out="$PWD/$out"
mkdir -p "$(dirname "$out")"
require_cluster
ui_tools_ready || die "headless Chromium is not available (see above)"
name="$(rest_call GET "$FLINK_REST_URL/jobs/$jid" | json_get 'd["name"]')" || die "no job $jid at $FLINK_REST_URL"
ui_capture --url "$(job_ui_url "$jid")" --wait-text "$name" --wait-text "$jid" --png "$out" \
  || die "could not capture the job page (see above)"
log "saved $out"
printf '%s\n' "$out"
