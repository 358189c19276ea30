#!/usr/bin/env bash
# Builds and runs every test: native release (and its .deb and .tar.gz,
# installed into a scratch root and run), native debug under
# AddressSanitizer + UBSan, the portable code paths (no Linux-only fast
# paths), the Windows build under Wine, its zip unpacked and run (with interop
# between the native and the Windows build), and the fuzz targets. Exits
# non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# Warnings are errors in every build here (native, sanitizers, portable,
# mingw, fuzz); DGRAM_WERROR=OFF scripts/test-all.sh to look past one.
export DGRAM_WERROR=${DGRAM_WERROR:-ON}

cmake --workflow --preset release
# The Linux packages: .tar.gz and .deb, the .deb's metadata, and the .deb
# unpacked into a scratch root (dpkg -x) and run (--version, a round trip,
# its man page and completions).
cmake --build --preset release --target package
deb=$(ls -t build/release/dgram_*.deb | head -1)
tarball=$(ls -t build/release/dgram-*-linux-*.tar.gz | head -1)
tests/package/deb_package_test.sh "$deb" "$tarball"
cmake --workflow --preset debug-asan
# What macOS, the BSDs and Windows run, on Linux (no netns or flood tests).
cmake --workflow --preset portable

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

# The Windows download: zipped, unpacked, run under Wine (--version, and
# native <-> Windows round trips over 127.0.0.1 and ::1 with the unpacked exe).
cmake --build --preset mingw --target package
zip=$(ls -t build/mingw/dgram-*-windows-x86_64.zip | head -1)
tests/package/windows_zip_test.sh "$zip" build/release/dgram

# libFuzzer on every parser and formatter that sees untrusted bytes, 30 s
# each (scripts/fuzz.sh SECONDS runs them longer).
scripts/fuzz.sh 30

# Reached only when every suite above passed (set -e): release, its packages,
# sanitizers, portable, Windows under Wine, the Windows zip with interop,
# fuzzing.
echo "test-all: 7 passed, 0 failed"
