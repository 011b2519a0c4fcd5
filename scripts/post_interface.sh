#!/bin/sh
# Configures a router port (POST interface). Empty strings leave a field unset; the
# uplink sets opposite_asnumber and port_offload_bgp, a host port sets vrf_routeDist.
set -eu
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/write.sh"
pw_usage 11 "[port] [macaddress] [ipaddress] [netmask] [opposite_ipaddress] [opposite_asnumber] [port_offload_bgp] [bgp_med] [bgp_local_pref] [bgp_filter_asnumber] [vrf_routeDist]" "$@"
pw_send POST interface interface "port=$1" "macaddress=$2" "ipaddress=$3" "netmask=$4" \
  "opposite_ipaddress=$5" "opposite_asnumber=$6" "port_offload_bgp=$7" "bgp_med=$8" \
  "bgp_local_pref=$9" "bgp_filter_asnumber=${10}" "vrf_routeDist=${11}"
