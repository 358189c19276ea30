#!/usr/bin/env bash
# Writes cmake/oneshot_path.ld: the functions a one-shot `dgram send
# 127.0.0.1 PORT hi` runs, which the release link lays out together
# (cmake/DgramStartup.cmake), so that the send touches a few pages of code
# instead of one in each corner of the binary: each page first touched is
# a page fault, which costs several µs in a virtual machine (README,
# "Start-up"). Run it after changes to the one-shot path;
# build.OneShotPathNamesExist fails when a name in the list has gone.
#
#   scripts/oneshot-order.sh [DGRAM]   (default build/release/dgram; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
dgram=${1:-build/release/dgram}
out=cmake/oneshot_path.ld
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A port nobody listens on is enough: the datagram is sent all the same.
port=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg" \
  "$dgram" send 127.0.0.1 "$port" hi >/dev/null 2>"$work/log" || true
# Every function of dgram's own binary that ran, by its mangled name.
callgrind_annotate --threshold=100 "$work/cg" |
  sed -n "s|^ *[0-9,]* ([ 0-9.]*%)  ???:\(_Z[^ ]*\) \[$(realpath "$dgram")\]\$|\1|p" |
  sort -u >"$work/names"
[[ -s $work/names ]] || { echo "oneshot-order: no function names from callgrind" >&2; cat "$work/log" >&2; exit 1; }
{
  echo "/* The functions a one-shot \`dgram send 127.0.0.1 PORT hi\` runs, laid out"
  echo "   together before the rest of the code: written by scripts/oneshot-order.sh"
  echo "   (README, \"Start-up\"). Constructors and destructors match C?/D?, the"
  echo "   names GCC gives their variants; a trailing * takes the clones GCC makes"
  echo "   (.isra, .part, .constprop). A name that no longer exists only matches"
  echo "   nothing. */"
  echo "SECTIONS"
  echo "{"
  echo "  .text.oneshot :"
  echo "  {"
  sed -E 's/(C|D)[0-9](E|I|B)/\1?\2/' "$work/names" | sort -u | sed 's/^/    *(.text./; s/$/*)/'
  echo "  }"
  echo "}"
  echo "INSERT BEFORE .text;"
} >"$out"
echo "oneshot-order: $(wc -l <"$work/names") functions written to $out"
