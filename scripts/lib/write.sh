# Write scripts: build the body with jq (so any argument is escaped as a JSON string, never
# spliced into code), send it, print the reply as the original did.

# pw_usage N "usage text" "$@" — exits 2 unless exactly N arguments (besides --json) are given.
pw_usage() {
  pw_want=$1
  pw_text=$2
  shift 2
  if [ $# -ne "$pw_want" ]; then
    echo "Usage: $(basename "$0") $pw_text [--json]" >&2
    exit 2
  fi
}

# pw_send METHOD PATH KEY NAME=VALUE... — sends {"KEY": {"NAME": "VALUE", ...}}.
pw_send() {
  pw_method=$1
  pw_path=$2
  pw_key=$3
  shift 3
  pw_body=$(jq -n --arg key "$pw_key" '{($key): ($ARGS.positional | map(capture("^(?<k>[^=]*)=(?<v>.*)$"; "s")) | map({(.k): .v}) | add // {})}' --args "$@") || exit 1
  pw_reply=$(pw_request "$pw_method" "$pw_path" "$pw_body") || exit 1
  pw_echo "$pw_reply"
}
