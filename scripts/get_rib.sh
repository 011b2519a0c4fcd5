#!/bin/sh
# The VPNv4 RIB (every path with its RD), in the layout the original's get_rib.sh showed.
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/routes.sh"
reply=$(pw_request GET rib) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "Show rib "
pw_route_legend
printf '%s' "$reply" |
  jq -r "([\"H\", \"Family: vpnv4\"] | @tsv), (.rib[] | .network = .routeDist + \":\" + .prefix | $PW_ROUTE_ROW)" |
  pw_route_rows
echo ""
