#!/bin/sh
# Deletes a VRF (DELETE vrf).
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
pw_usage 1 "[route_dist]" "$@"
pw_send DELETE vrf vrf "route_dist=$1"
