#!/bin/sh
# Learned MACs, as the original's get_arp.sh printed them.
set -eu
. "$(dirname "$0")/lib/common.sh"
reply=$(pw_request GET arp) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "ArpTable "
echo "portNo   MacAddress        IpAddress"
echo "-------- ----------------- ------------"
printf '%s' "$reply" | jq -r '.arp[] | [(.routerPort | tostring), .hostMacAddr, .hostIpAddr] | @tsv' |
  awk -F '\t' '{ printf "%8x %17s %s\n", $1, $2, $3 }'
