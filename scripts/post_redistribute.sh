#!/bin/sh
# Redistributes connected routes of a VRF into BGP, or stops (POST redistribute).
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
pw_usage 2 "[ON|OFF] [vrf_routeDist]" "$@"
pw_send POST redistribute bgp "redistribute=$1" "vrf_routeDist=$2"
