#!/bin/sh
# Adds a static route, in a VRF when vrf_routeDist is given (POST route).
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
if [ $# -eq 3 ]; then set -- "$@" ""; fi
pw_usage 4 "[destination] [netmask] [nexthop] ([vrf_routeDist])" "$@"
pw_send POST route route "destination=$1" "netmask=$2" "nexthop=$3" "vrf_routeDist=$4"
