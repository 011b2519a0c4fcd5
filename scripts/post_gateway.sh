#!/bin/sh
# Sets the default gateway of the global table (POST gateway).
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
pw_usage 1 "[ipaddress]" "$@"
pw_send POST gateway gateway "ipaddress=$1"
