#!/usr/bin/env bash
# The Windows download as a user gets it: unpacks the zip that
# `cmake --build --preset mingw --target package` made, checks what is in it
# (dgram.exe, README.md, LICENSE; dgram.exe needs no DLL that a clean Windows
# lacks), and runs the unpacked dgram.exe under Wine: --version, then send and
# listen round trips with the native build (tests/interop/interop.sh).
# Usage: windows_zip_test.sh ZIP NATIVE_DGRAM
set -u
zip=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
native=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
objdump=$(command -v x86_64-w64-mingw32-objdump || echo objdump)
export WINEDEBUG=-all LANG=C.UTF-8 LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}

if ! (cd "$work" && cmake -E tar xf "$zip"); then
  echo "FAIL: cannot unpack $zip"
  exit 1
fi
name=$(basename "$zip" .zip)
dir="$work/$name"
version=${name#dgram-}
version=${version%%-*}

contents=$(cd "$work" && find . -type f | sort | tr '\n' ' ')
expected="./$name/LICENSE ./$name/README.md ./$name/dgram.exe "
[ "$contents" = "$expected" ] || fail "the zip holds '$contents', expected '$expected'"
grep -q '^Copyright (c) 2026 the dgram authors$' "$dir/LICENSE" 2>/dev/null ||
  fail "LICENSE lacks the copyright line"

# Only DLLs every Windows has: no libstdc++, libgcc or libwinpthread beside it.
dlls=$("$objdump" -p "$dir/dgram.exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
for dll in $dlls; do
  case "$dll" in
    kernel32.dll | ws2_32.dll | iphlpapi.dll | msvcrt.dll | advapi32.dll | user32.dll) ;;
    *) fail "dgram.exe needs $dll, which a clean Windows lacks" ;;
  esac
done
[ -n "$dlls" ] || fail "cannot read dgram.exe's imports"

got=$("$wine" "$dir/dgram.exe" --version </dev/null 2>&1 | tr -d '\r')
[ "$got" = "dgram $version" ] || fail "--version says '$got', expected 'dgram $version'"

"$here/../interop/interop.sh" "$native" "$dir/dgram.exe" || fail "round trips with the unpacked dgram.exe"

if [ "$failed" -eq 0 ]; then
  echo "windows_zip_test: $name: contents, DLLs, --version and round trips passed"
fi
[ "$failed" -eq 0 ]
