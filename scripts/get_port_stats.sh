#!/bin/sh
# Per-port counters, as the original's get_port_stats.sh printed them.
set -eu
. "$(dirname "$0")/lib/common.sh"
reply=$(pw_request GET stats/port) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "PortStats"
echo "portNo   rxPackets rxBytes  rxErrors txPackets txBytes  txErrors"
echo "-------- --------- -------- -------- --------- -------- --------"
# Counters are printed with %s, right-aligned: mawk's %d stops at 2^31-1.
printf '%s' "$reply" |
  jq -r '.stats[] | [.portNo, .rxPackets, .rxBytes, .rxErrors, .txPackets, .txBytes, .txErrors] | map(tostring) | @tsv' |
  awk -F '\t' '{ printf "%8x %9s %8s %8s %9s %8s %8s\n", $1, $2, $3, $4, $5, $6, $7 }'
