#!/usr/bin/env bash
# Installs what dgram needs on Debian/Ubuntu.
#   scripts/install-deps.sh         build dgram natively
#   scripts/install-deps.sh --all   also the Windows cross build, Wine, and test tools
set -euo pipefail
# python3: configuring the tests needs it (tests/hostile, tests/man); dpkg-dev:
# dpkg-shlibdeps, which computes the .deb's Depends (package target).
packages=(build-essential cmake ninja-build libcli11-dev libfmt-dev libgtest-dev nlohmann-json3-dev
  python3 dpkg-dev)
if [ "${1:-}" = "--all" ]; then
  # iproute2 and python3: the network-namespace test of broadcast and multicast;
  # time: peak memory in the flood test.
  packages+=(g++-mingw-w64-x86-64-posix wine wine64 googletest iproute2 python3 time)
  # The benchmark's peers; clang and its runtime for the libFuzzer targets.
  packages+=(socat netcat-openbsd iperf3 clang libclang-rt-14-dev)
  # The man page rendered without warnings (groff, man -l); the bash
  # (bash-completion), zsh and fish completions loaded in their shells; gzip
  # for the man page and changelog in the packages; lintian checks the .deb.
  packages+=(groff-base man-db bash-completion zsh fish gzip lintian)
  # tshark reads back the captures of listen --pcap (tests/capture).
  packages+=(tshark)
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${packages[@]}"
