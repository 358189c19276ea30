#!/usr/bin/env bash
# The .deb as Debian checks a package: lintian, every tag shown (info,
# pedantic and experimental too), fails on any error (E:) or warning (W:),
# and on the lesser tags this package once had and must not have again: an
# unhardened binary (no BIND_NOW, unfortified calls), a .comment section, the
# licence twice.
# lintian is Debian's package `lintian` (scripts/install-deps.sh --all).
# Usage: deb_lintian_test.sh DEB
set -u
deb=$1
if ! command -v lintian >/dev/null; then
  echo "FAIL: lintian is not installed (apt-get install lintian, or scripts/install-deps.sh --all)"
  exit 1
fi
# (As root lintian says it would rather not be: that line is dropped.)
out=$(lintian --display-info --display-experimental --pedantic --tag-display-limit 0 \
  --fail-on error,warning "$deb" 2>&1)
status=$?
out=$(grep -v 'running with root privileges is not recommended' <<<"$out")
[ -n "$out" ] && printf '%s\n' "$out"
tags=$(grep -c '^[EW]: ' <<<"$out")
if [ "$status" -ne 0 ] || [ "$tags" -ne 0 ]; then
  echo "FAIL: lintian $(basename "$deb"): exit $status, $tags error or warning tags"
  exit 1
fi
fixed='hardening-no-bindnow|hardening-no-relro|hardening-no-fortify-functions|binary-has-unneeded-section|duplicate-files|extra-license-file'
if grep -Eq "^[A-Z]: dgram[^ ]*: ($fixed) " <<<"$out"; then
  echo "FAIL: lintian $(basename "$deb"): $(grep -E "^[A-Z]: dgram[^ ]*: ($fixed) " <<<"$out" | tr '\n' ';')"
  exit 1
fi
echo "deb_lintian_test: lintian finds no error or warning in $(basename "$deb")" \
  "($(grep -c '^[IPX]: ' <<<"$out") info, pedantic or experimental tags)"
