#!/usr/bin/env bash
# The one-shot path's functions are laid out together (cmake/oneshot_path.ld,
# README "Start-up"): the binary has the section, and the list still names
# dgram's functions (most of them: a portable build runs a few others).
# When this fails, run scripts/oneshot-order.sh and commit the list.
#
#   tests/oneshot_order_test.sh DGRAM LIST
set -euo pipefail
dgram=$1 list=$2
if ! readelf -SW "$dgram" | grep -q ' \.text\.oneshot '; then
  echo "FAIL: $dgram has no .text.oneshot section: the link did not use $list" >&2
  exit 1
fi
symbols=$(nm "$dgram" | awk '$2 ~ /^[tTwW]$/ { print $3 }' | sort -u)
names=$(sed -n 's/^ *\*(\.text\.\(.*\)\*)$/\1/p' "$list")
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
