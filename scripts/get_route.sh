#!/bin/sh
# The global routing table, as the original's get_route.sh printed it.
set -eu
. "$(dirname "$0")/lib/common.sh"
reply=$(pw_request GET route) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "RoutingTable "
echo "destination     netmask         nexthop"
echo "--------------- --------------- ---------------"
printf '%s' "$reply" | jq -r '.route[] | [.destIpAddr, .netMask, .nextHopIpAddr] | @tsv' |
  awk -F '\t' '{ printf "%-15s %-15s %-15s\n", $1, $2, $3 }'
