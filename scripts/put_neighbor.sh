#!/bin/sh
# Changes the MED sent to a BGP peer and re-advertises (PUT neighbor).
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
pw_usage 2 "[peerIp] [med]" "$@"
pw_send PUT neighbor neighbor "peerIp=$1" "med=$2"
