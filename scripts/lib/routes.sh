# Route tables in the layout of Ryu's BGP "show" commands, which the original's get_vrf.sh and
# get_rib.sh printed: a legend, a column header, then one row per path — the prefix only on
# the first path of a destination.

# jq filter: one path → a TSV row "R status network labels nexthop reason metric locprf path".
PW_ROUTE_ROW='
  def show(v): if v == null then "" else v | tostring end;
  ["R",
   (if .best then "*>" else "*" end),
   .network,
   (if (.labels | length) == 0 then "None" else "[" + (.labels | map(tostring) | join(", ")) + "]" end),
   .nexthop, .reason, show(.metric), show(.localPref),
   ([.asPath | select(. != "")] + [.origin] | join(" "))] | @tsv'

pw_route_legend() {
  echo "Status codes: * valid, > best"
  echo "Origin codes: i - IGP, e - EGP, ? - incomplete"
  printf ' %-3s %-32s %-8s %-20s %-15s %-6s %-6s %s\n' "" Network Labels "Next Hop" Reason Metric LocPrf Path
}

# Reads "H <heading>" and route rows (PW_ROUTE_ROW) on stdin.
pw_route_rows() {
  awk -F '\t' '
    $1 == "H" { print $2; last = ""; next }
    $1 == "R" {
      network = ($3 == last) ? "" : $3
      last = $3
      printf " %-3s %-32s %-8s %-20s %-15s %-6s %-6s %s\n", $2, network, $4, $5, $6, $7, $8, $9
    }'
}
