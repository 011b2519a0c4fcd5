#!/bin/sh
# BGP neighbors: state, uptime, counters and capabilities (the original printed Ryu's CLI
# text here; this table is new).
set -eu
. "$(dirname "$0")/lib/common.sh"
reply=$(pw_request GET neighbor) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "Show neighbor "
echo "peer               asNumber   state        uptime   updIn    updOut   pfxIn    pfxOut   capabilities"
echo "------------------ ---------- ------------ -------- -------- -------- -------- -------- ------------"
printf '%s' "$reply" |
  jq -r '.neighbor[] | [.peer, .asNumber, .state, .uptime, .counters.updatesIn, .counters.updatesOut,
    .counters.prefixesIn, .counters.prefixesOut] + [.capabilities | join(", ")] | map(tostring) | @tsv' |
  awk -F '\t' '{ printf "%-18s %-10s %-12s %8s %8s %8s %8s %8s %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }'
