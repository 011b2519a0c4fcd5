#!/bin/sh
# Starts the BGP speaker (POST bgp).
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
pw_usage 4 "[as_number] [router_id] [label_range_start] [label_range_end]" "$@"
pw_send POST bgp bgp "as_number=$1" "router_id=$2" "label_range_start=$3" "label_range_end=$4"
