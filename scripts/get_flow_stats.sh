#!/bin/sh
# Per-destination (or per-label) flow counters, as the original's get_flow_stats.sh printed them.
set -eu
. "$(dirname "$0")/lib/common.sh"
reply=$(pw_request GET stats/flow) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "FlowStats"
echo "destination(label) packets    bytes"
echo "------------------ ---------- ----------"
printf '%s' "$reply" | jq -r '.stats[] | [.ipv4Dst, (.packets | tostring), (.bytes | tostring)] | @tsv' |
  awk -F '\t' '{ printf "%-18s %10s %10s\n", $1, $2, $3 }'
