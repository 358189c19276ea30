#!/usr/bin/env bash
# The Linux packages as a user gets them: the .deb's metadata (dpkg-deb -I)
# and files, the .deb unpacked into a scratch root (dpkg -x) and its
# /usr/bin/dgram run (--version, a send -> listen round trip over loopback,
# its man page rendered, its completions the same as the binary prints), and
# the .tar.gz's files. Usage: deb_package_test.sh DEB TARBALL
set -u
deb=$1
tarball=$2
failed=0
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}
# shellcheck source=tests/support/listener.sh
. "$(dirname "$0")/../support/listener.sh"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# Metadata.
info=$(dpkg-deb -I "$deb") || {
  echo "FAIL: dpkg-deb -I $deb: not a package"
  exit 1
}
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = dgram ] || fail "Package is '$(field Package)', expected dgram"
version=$(field Version)
[ -n "$version" ] || fail "no Version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] ||
  fail "Architecture is '$(field Architecture)', this machine is $(dpkg --print-architecture)"
depends=$(field Depends)
case $depends in
  *libc6*) ;;
  *) fail "Depends '$depends' does not name libc6: dpkg-shlibdeps did not run?" ;;
esac
[ "$(field Section)" = net ] || fail "Section is '$(field Section)', expected net"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
description=$(field Description)
[ "$(printf '%s\n' "$description" | wc -l)" -ge 2 ] || fail "Description has no long part: '$description'"

# Files, as dpkg lists them.
listing=$(dpkg-deb -c "$deb")
for file in usr/bin/dgram usr/share/man/man1/dgram.1.gz \
  usr/share/bash-completion/completions/dgram usr/share/zsh/vendor-completions/_dgram \
  usr/share/fish/vendor_completions.d/dgram.fish usr/share/doc/dgram/README.md \
  usr/share/doc/dgram/copyright usr/share/doc/dgram/changelog.gz; do
  grep -q " \./$file\$" <<<"$listing" || fail "the .deb lacks /$file"
done
# Debian's layout: the licence once, as copyright; the changelog as changelog.gz.
for file in usr/share/doc/dgram/LICENSE usr/share/doc/dgram/CHANGELOG.md; do
  grep -q " \./$file\$" <<<"$listing" && fail "the .deb has /$file (Debian's name is copyright or changelog.gz)"
done
if grep -v ' root/root ' <<<"$listing" | grep -q .; then
  fail "files not owned by root/root: $(grep -v ' root/root ' <<<"$listing" | head -3)"
fi

# Installed into a scratch root and run.
dpkg -x "$deb" "$root" || {
  echo "FAIL: dpkg -x $deb"
  exit 1
}
dgram=$root/usr/bin/dgram
if ldd "$dgram" 2>&1 | grep -q 'not found'; then
  fail "the installed dgram needs a library this machine lacks: $(ldd "$dgram" | grep 'not found')"
fi
# The glibc the binary needs, as the loader checks it: its newest GLIBC_x.y
# version, or 2.36 for GLIBC_ABI_DT_RELR (packed relocations, a version with
# no symbol); the Depends must ask at least that much of libc6.
needed=$(objdump -p "$dgram" | sed -n 's/.* GLIBC_\([0-9][0-9.]*\)$/\1/p' | sort -V | tail -n 1)
if objdump -p "$dgram" | grep -q 'GLIBC_ABI_DT_RELR'; then
  needed=$(printf '%s\n' "$needed" 2.36 | sort -V | tail -n 1)
fi
asked=$(grep -o 'libc6 (>= [^)]*)' <<<"$depends" | sed 's/libc6 (>= \(.*\))/\1/' | sort -V | tail -n 1)
if [ -z "$needed" ] || [ -z "$asked" ]; then
  fail "cannot compare the glibc dgram needs ('$needed') with the Depends ('$depends')"
elif ! dpkg --compare-versions "$asked" ge "$needed"; then
  fail "Depends asks for libc6 >= $asked, but the binary needs glibc $needed (objdump -p)"
fi
got=$("$dgram" --version 2>&1)
[ "$got" = "dgram $version" ] || fail "the installed dgram --version says '$got', the package is $version"

"$dgram" listen 0 -4 -b 127.0.0.1 -n 1 -t 60s >"$root/out" 2>"$root/err" &
listener=$!
port=$(listener_port "$root/err" "$listener")
if [ -z "$port" ]; then
  fail "the installed dgram listen did not start: $(cat "$root/err")"
  kill "$listener" 2>/dev/null
else
  "$dgram" send 127.0.0.1 "$port" "from the package" || fail "the installed dgram send exited $?"
fi
wait "$listener"
status=$?
[ "$status" -eq 0 ] || fail "the installed dgram listen exited $status: $(cat "$root/err")"
grep -q "^127\.0\.0\.1:[0-9]* from the package\$" "$root/out" ||
  fail "the listener printed '$(cat "$root/out")'"

man_text=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -P cat -l \
  "$root/usr/share/man/man1/dgram.1.gz" 2>"$root/man.err")
[ -s "$root/man.err" ] && fail "man -l warns: $(cat "$root/man.err")"
grep -q "dgram - send and receive UDP datagrams" <<<"$man_text" || fail "man -l shows no NAME line"
for pair in bash:bash-completion/completions/dgram zsh:zsh/vendor-completions/_dgram \
  fish:fish/vendor_completions.d/dgram.fish; do
  "$dgram" completion "${pair%%:*}" | cmp -s - "$root/usr/share/${pair#*:}" ||
    fail "/usr/share/${pair#*:} is not what 'dgram completion ${pair%%:*}' prints"
done
grep -q '^MIT License' "$root/usr/share/doc/dgram/copyright" || fail "copyright is not the MIT licence"
# changelog.gz: CHANGELOG.md in Debian's format, its newest entry this
# version, signed by the package's Maintainer (dpkg-parsechangelog reads it).
gzip -dc "$root/usr/share/doc/dgram/changelog.gz" >"$root/changelog" || fail "changelog.gz is not gzip"
if command -v dpkg-parsechangelog >/dev/null; then
  got=$(dpkg-parsechangelog -l "$root/changelog" -S Version 2>&1)
  [ "$got" = "$version" ] || fail "changelog.gz's newest version is '$got', the package is $version"
  got=$(dpkg-parsechangelog -l "$root/changelog" -S Maintainer 2>&1)
  [ "$got" = "$(field Maintainer)" ] ||
    fail "changelog.gz is signed by '$got', the Maintainer is '$(field Maintainer)'"
fi

# The tarball: the tree of an install into any prefix but /usr (zsh's
# site-functions, LICENSE and CHANGELOG.md as they are) under one folder.
contents=$(tar tzf "$tarball") || fail "cannot list $tarball"
name=$(basename "$tarball" .tar.gz)
for file in bin/dgram share/man/man1/dgram.1.gz share/bash-completion/completions/dgram \
  share/zsh/site-functions/_dgram share/fish/vendor_completions.d/dgram.fish \
  share/doc/dgram/README.md share/doc/dgram/LICENSE share/doc/dgram/CHANGELOG.md; do
  grep -qx "$name/$file" <<<"$contents" || fail "$(basename "$tarball") lacks $name/$file"
done

if [ "$failed" -eq 0 ]; then
  echo "deb_package_test: $(basename "$deb") (Depends: $depends) and $(basename "$tarball"):" \
    "metadata, files, installed --version, round trip, man page and completions passed"
fi
[ "$failed" -eq 0 ]
