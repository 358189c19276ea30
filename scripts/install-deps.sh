#!/usr/bin/env bash
# Installs what dgram needs on Debian/Ubuntu.
#   scripts/install-deps.sh         build dgram natively
#   scripts/install-deps.sh --all   also the Windows cross build, Wine, and test tools
set -euo pipefail
packages=(build-essential cmake ninja-build libcli11-dev libfmt-dev libgtest-dev nlohmann-json3-dev)
if [ "${1:-}" = "--all" ]; then
  # iproute2 and python3: the network-namespace test of broadcast and multicast;
  # time: peak memory in the flood test.
  packages+=(g++-mingw-w64-x86-64-posix wine wine64 googletest iproute2 python3 time)
  # The benchmark's peers; clang and its runtime for the libFuzzer targets.
  packages+=(socat netcat-openbsd iperf3 clang libclang-rt-14-dev)
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${packages[@]}"
