#!/usr/bin/env bash
# Makes a fresh Debian 12 machine (as root) ready, then runs what was asked:
#   bootstrap.sh test          apt packages + npm deps + build, then the whole test suite
#   bootstrap.sh cli ARGS...   apt packages + npm deps + build (only what is missing), then pseudo-wan ARGS
# Idempotent: what is already there is not installed again.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# System packages: the data plane (OVS userspace datapath), links and namespaces, the peer
# used by tests (gobgpd), capture tools for MPLS checks, and a static busybox for host images.
RUN_PACKAGES=(openvswitch-switch iproute2 iputils-ping ethtool curl procps jq)
TEST_PACKAGES=(gobgpd tcpdump tshark busybox-static docker.io python3-minimal)

need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "pseudo-wan: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

need_node() {
  if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    need_packages nodejs npm
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >/dev/null
  fi
}

build() {
  npx --no-install tsc -p tsconfig.json
}

case "${1:-}" in
  test)
    need_packages "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    need_node
    build
    npm test --silent
    ;;
  cli)
    shift
    need_packages "${RUN_PACKAGES[@]}"
    need_node
    if [ ! -f dist/pseudo-wan/cli.js ] || [ -n "$(find openflow bgp controller rest pseudo-wan -name '*.ts' -newer dist/pseudo-wan/cli.js -print -quit)" ]; then
      build
    fi
    exec node dist/pseudo-wan/cli.js "$@"
    ;;
  *)
    echo "usage: bootstrap.sh test | cli ARGS..." >&2
    exit 2
    ;;
esac
