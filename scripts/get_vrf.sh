#!/bin/sh
# Every VRF and its routes, in the layout the original's get_vrf.sh showed.
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/routes.sh"
reply=$(pw_request GET vrf) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "Show vrf "
pw_route_legend
printf '%s' "$reply" |
  jq -r ".vrfs[] | ([\"H\", \"VPN: ('\" + .routeDist + \"', 'ipv4')\"] | @tsv), (.routes[] | .network = .prefix | $PW_ROUTE_ROW)" |
  pw_route_rows
echo ""
