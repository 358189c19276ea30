#!/usr/bin/env bash
# The one-shot path's functions are laid out together (cmake/oneshot_path.ld,
# README "Start-up"): the binary has the section, with the code around main
# in it, and the list still names dgram's functions (most of them: a
# portable build runs a few others); the locale's guards lead .bss.
# When this fails, run scripts/oneshot-order.sh and commit the list.
#
#   tests/oneshot_order_test.sh DGRAM LIST
set -euo pipefail
dgram=$1 list=$2
sections=$(readelf -SW "$dgram")
# [Nr] Name Type Address Off Size: a section's start and end, in hex.
bounds() { awk -v name="$1" '{ sub(/^ *\[ *[0-9]+\] */, "") } $1 == name { print $3, $5 }' <<<"$sections"; }
read -r text_start text_size < <(bounds .text.oneshot) || true
if [[ -z ${text_start:-} ]]; then
  echo "FAIL: $dgram has no .text.oneshot section: the link did not use $list" >&2
  exit 1
fi
# Whether symbol $1 (its address in nm's hex) lies in [start, start + size).
inside() { (($((16#$1)) >= $((16#$2)) && $((16#$1)) < $((16#$2)) + $((16#$3)))); }
# What runs around main is in the section too: the C start-up code, main,
# the static constructors and _fini.
while read -r address _ name; do
  inside "$address" "$text_start" "$text_size" ||
    { echo "FAIL: $name is not in .text.oneshot" >&2 && exit 1; }
done < <(nm "$dgram" | awk '$3 == "_start" || $3 == "main" || $3 == "_fini" || ($3 ~ /^_GLOBAL__sub_I_/ && $3 !~ /\.cold$/)')
# The C++ locale's facet ids and guards, where the library has them, are at
# the start of .bss, on the page after .data.
guards=$(nm "$dgram" | awk '$3 ~ /^_ZGVNSt.*2idE$/ { print $1 }')
if [[ -n $guards ]]; then
  read -r bss_start bss_size < <(bounds .bss.oneshot) || true
  [[ -n ${bss_start:-} ]] || { echo "FAIL: $dgram has no .bss.oneshot section" >&2 && exit 1; }
  while read -r address; do
    inside "$address" "$bss_start" "$bss_size" ||
      { echo "FAIL: a locale guard at $address is not in .bss.oneshot" >&2 && exit 1; }
  done <<<"$guards"
fi
symbols=$(nm "$dgram" | awk '$2 ~ /^[tTwW]$/ { print $3 }' | sort -u)
# The functions' lines (mangled names), not the fixed ones around main.
names=$(sed -n 's/^ *\*(\.text\.\(_Z.*\)\*)$/\1/p' "$list")
total=0 missing=()
while read -r name; do
  total=$((total + 1))
  # The list's C? and D? stand for any constructor or destructor variant.
  pattern="^${name//\?/[0-9]}"
  grep -q -- "$pattern" <<<"$symbols" || missing+=("$name")
done <<<"$names"
echo "$((total - ${#missing[@]})) of $total functions of $list are in $dgram"
if ((total == 0 || ${#missing[@]} * 10 > total)); then
  printf 'missing: %s\n' "${missing[@]}" >&2
  echo "FAIL: the one-shot path changed: run scripts/oneshot-order.sh and commit $list" >&2
  exit 1
fi
