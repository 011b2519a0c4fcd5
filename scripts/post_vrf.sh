#!/bin/sh
# Creates a VRF (POST vrf); import/export may list several RTs separated by commas.
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
pw_usage 3 "[route_dist] [import] [export]" "$@"
pw_send POST vrf vrf "route_dist=$1" "import=$2" "export=$3"
