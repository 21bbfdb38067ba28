#!/usr/bin/env bash
# Check, in a real browser, that the Flink web UI shows a job as RUNNING with readable operator
# names: renders the job's page in headless Chromium (scripts/ui/ui.mjs), dumps the rendered DOM
# and greps it for the job id, RUNNING, a "Source: ..." and a "sink: ..." operator, and every
# operator (chain) name that the REST API reports for the job.
# Exit 0: all found; 1: something missing (the DOM and a screenshot are kept); 3: skipped,
# headless Chromium could not be installed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
usage: $(basename "$0") [--rest-url URL] <job-id>

Renders \$FLINK_REST_URL/#/job/running/<job-id>/overview and checks its DOM (kept in
.run/ui/<job-id>.html, with a screenshot .run/ui/<job-id>-check.png).
Exit status: 0 found, 1 missing, 3 skipped (no headless Chromium; with CI=true it is installed).
USAGE
}

parse_rest_url_flag "$@"
set -- "${REST_ARGS[@]}"
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
(($# == 1)) && [[ "$1" =~ ^[0-9a-f]{32}$ ]] || usage_error "expected one <job-id>"
jid="$1"
require_cluster
if ! ui_tools_ready; then
  echo "ui-check: SKIPPED: headless Chromium could not be installed (see above)"
  exit 3
fi
dir="$(run_dir ui)"
dom="$dir/$jid.html"
job_json="$(rest_call GET "$FLINK_REST_URL/jobs/$jid")" || die "no job $jid at $FLINK_REST_URL"
name="$(printf '%s' "$job_json" | json_get 'd["name"]')"
mapfile -t operators < <(printf '%s' "$job_json" | json_get '"\n".join(v["name"] for v in d["vertices"])')

rm -f "$dom"
ui_capture --url "$(job_ui_url "$jid")" --wait-text "$name" --wait-text RUNNING \
  --dom "$dom" --png "$dir/$jid-check.png" || true
[[ -s "$dom" ]] || { echo "ui-check: FAIL: the page could not be rendered"; exit 1; }

# The DOM as text: entities decoded (operator names contain "->").
text="$(python3 -c 'import html, sys; print(html.unescape(open(sys.argv[1], encoding="utf-8").read()))' "$dom")"
missing=()
check() { grep -qF -- "$1" <<<"$text" || missing+=("$1"); }
check "$jid"
check "$name"
check RUNNING
grep -qE 'Source: [^<]+' <<<"$text" || missing+=("a 'Source: ...' operator")
grep -qE 'sink: [^<]+' <<<"$text" || missing+=("a 'sink: ...' operator")
for op in "${operators[@]}"; do
  check "$op"
done
if ((${#missing[@]})); then
  printf '  not in the page: %s\n' "${missing[@]}" >&2
  echo "ui-check: FAIL: job $jid: ${#missing[@]} item(s) missing from the rendered page (DOM: $dom)"
  exit 1
fi
echo "ui-check: OK: job $jid '$name' RUNNING with ${#operators[@]} operator chains: $(IFS='|'; echo "${operators[*]}")"
