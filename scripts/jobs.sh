#!/usr/bin/env bash
# List the cluster's jobs (GET /jobs/overview): id, state, start time, name.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  echo "usage: $(basename "$0") [--rest-url URL]"
}

parse_rest_url_flag "$@"
set -- "${REST_ARGS[@]}"
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
(($# == 0)) || usage_error "unexpected argument: $1"
require_cluster
rest_call GET "$FLINK_REST_URL/jobs/overview" | python3 -c '
import json, sys, time
jobs = sorted(json.load(sys.stdin)["jobs"], key=lambda j: j["start-time"])
for j in jobs:
    start = time.strftime("%H:%M:%S", time.localtime(j["start-time"] / 1000))
    print("{}  {:<10} {}  {}".format(j["jid"], j["state"], start, j["name"]))
if not jobs:
    print("no jobs")
'
