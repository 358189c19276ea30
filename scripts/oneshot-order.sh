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
# Every function of dgram's own binary that ran, by its mangled name: those
# that ran (valgrind names the object of a function in .text.oneshot "???",
# so the names are matched against dgram's own symbols instead).
callgrind_annotate --threshold=100 "$work/cg" |
  sed -n 's|^ *[0-9,]* ([ 0-9.]*%)  ???:\(_Z[^ ]*\) \[.*\]$|\1|p' | sort -u >"$work/ran"
nm "$dgram" | awk '$2 ~ /^[tTwW]$/ { print $3 }' | sort -u >"$work/defined"
comm -12 "$work/ran" "$work/defined" >"$work/names"
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
  echo "    /* What runs around main: the C start-up code (_start, crtbegin's"
  echo "       helpers), main and the static constructors (.text.startup), and"
  echo "       _fini, which the loader calls at exit. */"
  echo "    *crt1.o(.text)"
  echo "    *crtbegin*.o(.text)"
  echo "    *(.text.startup .text.startup.*)"
  echo "    KEEP (*(SORT_NONE(.fini)))"
  echo "    /* The functions, by their sections' names. */"
  sed -E 's/(C|D)[0-9](E|I|B)/\1?\2/' "$work/names" | sort -u | sed 's/^/    *(.text./; s/$/*)/'
  echo "  }"
  echo "}"
  echo "INSERT BEFORE .text;"
  echo "/* The read-only data they read, as close together: the constants GCC"
  echo "   pools (.rodata.cst*) and each function's string literals, which"
  echo "   -fdata-sections puts in a section named after the function. */"
  echo "SECTIONS"
  echo "{"
  echo "  .rodata.oneshot :"
  echo "  {"
  echo "    *(.rodata.cst2 .rodata.cst4 .rodata.cst8 .rodata.cst16 .rodata.cst32)"
  echo "    *(.rodata.main.str* .rodata._GLOBAL__sub_I_*)"
  echo "    /* Literals the path reads that GCC put in the section of another"
  echo "       function of the same file, the first to use them (found with"
  echo "       valgrind --tool=lackey --trace-mem=yes and a link map). */"
  echo "    *(.rodata._ZN5dgram11CommandLine5StateC2Ev.str*)"
  echo "    *(.rodata._ZN3CLI6detail10split_long*.str*)"
  echo "    *(.rodata._ZN3CLI6detail9get_names*.str*)"
  # A clone's literals are in a section named after the clone or after the
  # function it was cloned from.
  sed -E 's/(C|D)[0-9](E|I|B)/\1?\2/' "$work/names" | sort -u |
    sed -E 's/^(.*)\.(constprop|isra|part)\.[0-9]+$/\1.\2.*.str* .rodata.\1/' |
    sed 's/^/    *(.rodata./; s/$/.str*)/'
  echo "  }"
  echo "}"
  echo "INSERT BEFORE .rodata;"
  echo "/* The C++ locale's facet ids and their guards, which its static"
  echo "   constructors read and then write before main, at the start of .bss:"
  echo "   on the page the loader has written already (after .data), not on a"
  echo "   page of their own, which took two faults (a read, then a copy). */"
  echo "SECTIONS"
  echo "{"
  echo "  .bss.oneshot :"
  echo "  {"
  echo "    *(.bss._ZGVNSt*2idE .bss._ZNSt*2idE)"
  echo "  }"
  echo "}"
  echo "INSERT BEFORE .bss;"
} >"$out"
echo "oneshot-order: $(wc -l <"$work/names") functions written to $out"
