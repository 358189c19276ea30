#!/usr/bin/env bash
# Builds and runs every test: native release, native debug under
# AddressSanitizer + UBSan, the Windows build under Wine, interop between the
# native and the Windows build, and the fuzz targets. Exits non-zero if
# anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --workflow --preset release
cmake --workflow --preset debug-asan

# A persistent wineserver with its stdio on /dev/null: each test then starts in
# well under a second, and no Wine helper holds ctest's pipes open.
export WINEDEBUG=-all LANG=C.UTF-8 LC_ALL=C.UTF-8
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
# (It exits non-zero when a server is already running, which is as good.)
"$wineserver" -p </dev/null >/dev/null 2>&1 || true
trap '"$wineserver" -k </dev/null >/dev/null 2>&1 || true' EXIT
"$wine" cmd /c exit </dev/null >/dev/null 2>&1
cmake --workflow --preset mingw

tests/interop/interop.sh build/release/dgram build/mingw/dgram.exe

# libFuzzer on every parser and formatter that sees untrusted bytes, 30 s
# each (scripts/fuzz.sh SECONDS runs them longer).
scripts/fuzz.sh 30

# Reached only when every suite above passed (set -e): release, sanitizers,
# Windows under Wine, interop, fuzzing.
echo "test-all: 5 passed, 0 failed"
