#!/usr/bin/env bash
# Installs gongkai's build and test dependencies from Debian 12 packages.
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail
packages=(
  cmake g++ make pkg-config
  capnproto libcapnp-dev
  librocksdb-dev
  libssl-dev openssl
  libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
# bench/run also drives gongkai serve and nginx with wrk.
if [ "${1:-}" = "--bench" ]; then packages+=(wrk nginx-light); fi
# The fuzzing build (.ci/run, tools/fuzz-campaign.sh): clang 16 and its libFuzzer.
if [ "${1:-}" = "--fuzz" ]; then packages+=(clang-16 libclang-rt-16-dev); fi
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
