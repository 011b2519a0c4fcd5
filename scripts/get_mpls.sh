#!/bin/sh
# Local labels, as the original's get_mpls.sh printed them.
set -eu
. "$(dirname "$0")/lib/common.sh"
reply=$(pw_request GET mpls) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "MplsTable "
echo "routeDist  prefix             nexthop          label"
echo "---------- ------------------ ---------------- -----"
printf '%s' "$reply" | jq -r '.mpls[] | [.routeDist, .prefix, .nextHopIpAddr, (.label | tostring)] | @tsv' |
  awk -F '\t' '{ printf "%s  %-18s %-15s  %-5s\n", $1, $2, $3, $4 }'
