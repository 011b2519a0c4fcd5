# Shared part of the show scripts (sourced, POSIX sh): REST base URL, dpid, the --json
# passthrough, and one request helper that turns "server down" and HTTP errors into one line.
# Formatting only: every value comes from the REST API as JSON and is laid out with jq + awk.

PSEUDO_WAN_URL=${PSEUDO_WAN_URL:-http://127.0.0.1:8080}
DPID=${DPID:-0000000000000001}

# Sourced with `.`, this loop sees the script's own arguments: drop --json, keep the rest.
PW_JSON=0
pw_n=$#
pw_i=0
while [ "$pw_i" -lt "$pw_n" ]; do
  pw_a=$1
  shift
  pw_i=$((pw_i + 1))
  case $pw_a in
    --json) PW_JSON=1 ;;
    *) set -- "$@" "$pw_a" ;;
  esac
done
unset pw_n pw_i pw_a

command -v jq >/dev/null 2>&1 || { echo "pseudo-wan: jq is required (apt-get install jq)" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "pseudo-wan: curl is required (apt-get install curl)" >&2; exit 1; }

# pw_request METHOD PATH [BODY] — prints the response body; exits non-zero with one line on
# stderr when the server cannot be reached or answers an error.
pw_request() {
  pw_out=$(mktemp) || exit 1
  pw_url="${PSEUDO_WAN_URL%/}/openflow/$DPID/$2"
  if [ $# -ge 3 ]; then
    pw_code=$(curl -sS --max-time 120 -o "$pw_out" -w '%{http_code}' -X "$1" \
      -H 'Content-Type: application/json' --data-binary "$3" "$pw_url" 2>/dev/null) || pw_code=000
  else
    pw_code=$(curl -sS --max-time 120 -o "$pw_out" -w '%{http_code}' -X "$1" "$pw_url" 2>/dev/null) || pw_code=000
  fi
  case $pw_code in
    000)
      rm -f "$pw_out"
      echo "pseudo-wan: no REST server answering at $PSEUDO_WAN_URL (is the site running?)" >&2
      exit 1
      ;;
    2??)
      cat "$pw_out"
      rm -f "$pw_out"
      ;;
    *)
      pw_msg=$(jq -r 'if type == "object" and has("error") then .error + (if .field then " (field " + .field + ")" else "" end) else empty end' "$pw_out" 2>/dev/null) || pw_msg=
      rm -f "$pw_out"
      echo "pseudo-wan: $1 $2 failed: HTTP $pw_code${pw_msg:+: $pw_msg}" >&2
      exit 1
      ;;
  esac
}

# pw_title JSON TITLE — the original's banner: +++ / "<time> : <title>" / +++
pw_title() {
  echo "+++++++++++++++++++++++++++++++"
  printf '%s : %s\n' "$(printf '%s' "$1" | jq -r '.time')" "$2"
  echo "+++++++++++++++++++++++++++++++"
}

# pw_echo JSON — write scripts print the reply as the original did (json.dumps, indent 4).
pw_echo() {
  if [ "$PW_JSON" = 1 ]; then
    printf '%s\n' "$1"
  else
    echo "----------"
    printf '%s' "$1" | jq --indent 4 .
    echo ""
  fi
}
