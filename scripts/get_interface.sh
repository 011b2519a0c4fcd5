#!/bin/sh
# Router ports, as the original's get_interface.sh printed them.
set -eu
. "$(dirname "$0")/lib/common.sh"
reply=$(pw_request GET interface) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "PortTable"
echo "portNo   IpAddress       MacAddress        RouteDist"
echo "-------- --------------- ----------------- ---------"
printf '%s' "$reply" | jq -r '.interface[] | [(.routerPort | tostring), .routerIpAddr, .routerMacAddr, .routeDist] | @tsv' |
  awk -F '\t' '{ printf "%8x %-15s %-17s %s\n", $1, $2, $3, $4 }'
