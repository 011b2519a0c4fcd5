#!/bin/sh
# Removes a static route (DELETE route).
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
if [ $# -eq 2 ]; then set -- "$@" ""; fi
pw_usage 3 "[destination] [netmask] ([vrf_routeDist])" "$@"
pw_send DELETE route route "destination=$1" "netmask=$2" "vrf_routeDist=$3"
