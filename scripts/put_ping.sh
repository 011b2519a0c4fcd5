#!/bin/sh
# ICMP echo from the router itself (PUT ping): prints the result lines.
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
pw_usage 3 "[hostIp] [outPort] [data]" "$@"
pw_send PUT ping ping "hostIp=$1" "outPort=$2" "data=$3"
