#!/bin/sh
# BGP peer up/down history, as the original's get_peer_status.sh printed it.
set -eu
. "$(dirname "$0")/lib/common.sh"
reply=$(pw_request GET status/peer) || exit 1
if [ "$PW_JSON" = 1 ]; then printf '%s\n' "$reply"; exit 0; fi
pw_title "$reply" "Peer Status"
echo "occurTime            status    myPeer             remotePeer         asNumber"
echo "-------------------- --------- ------------------ ------------------ --------"
printf '%s' "$reply" | jq -r '.status[] | [.occurTime, .status, .myPeer, .remotePeer, (.asNumber | tostring)] | @tsv' |
  awk -F '\t' '{ printf "%s  %-9s %-18s %-18s %s\n", $1, $2, $3, $4, $5 }'
