#!/usr/bin/env bash
# Builds and runs every test: native release (and its .deb and .tar.gz,
# installed into a scratch root and run), native debug under
# AddressSanitizer + UBSan, the portable code paths (no Linux-only fast
# paths), the Windows build under Wine, its zip unpacked and run (with interop
# between the native and the Windows build), and the fuzz targets. Exits
# non-zero if anything fails. Meant to pass on a busy machine as well as on
# a quiet one (no test depends on a fixed sleep or on being alone on the CPU,
# except the flood test, which ctest runs alone).
#
# At the end, and also when a stage fails, a table shows each stage's wall
# time and the total; the last line says "test-all: N passed, N failed,
# N skipped" (stages passed and failed; ctest tests skipped, each with its
# reason above the table).
set -euo pipefail
cd "$(dirname "$0")/.."
# Warnings are errors in every build here (native, sanitizers, portable,
# mingw, fuzz); DGRAM_WERROR=OFF scripts/test-all.sh to look past one.
export DGRAM_WERROR=${DGRAM_WERROR:-ON}

# Stage timing: begin NAME starts a stage, end closes it; the exit handler
# closes a stage that failed, prints the table and the last line.
names=()
times=()
results=()
current=""
started=0
passed=0
skips=0
skip_lines=()
begin() {
  current=$1
  started=$SECONDS
  echo "test-all: stage $current"
}
end() {
  names+=("$current")
  times+=($((SECONDS - started)))
  results+=(ok)
  passed=$((passed + 1))
  current=""
}
clock() {  # clock SECONDS: " M min SS s"
  printf '%2d min %02d s' $(($1 / 60)) $(($1 % 60))
}
finish() {
  local status=$? failed=0 i
  [ -n "${wineserver:-}" ] && { "$wineserver" -k </dev/null >/dev/null 2>&1 || true; }
  if [ -n "$current" ]; then
    names+=("$current")
    times+=($((SECONDS - started)))
    results+=(FAILED)
    failed=1
  elif [ "$status" -ne 0 ]; then
    failed=1
  fi
  echo
  if [ "${#skip_lines[@]}" -gt 0 ]; then
    echo "Skipped tests, and why:"
    printf '  %s\n' "${skip_lines[@]}"
    echo
  fi
  printf '%-20s  %-11s  %s\n' Stage "Wall time" Result
  for i in "${!names[@]}"; do
    printf '%-20s  %s  %s\n' "${names[$i]}" "$(clock "${times[$i]}")" "${results[$i]}"
  done
  printf '%-20s  %s\n' total "$(clock "$SECONDS")"
  echo "test-all: $passed passed, $failed failed, $skips skipped"
  exit "$status"
}
trap finish EXIT

# ctest_run PRESET: the preset's tests, with ctest's JUnit report read for
# the skipped ones: their count and the reason each printed (its last line
# of output that says why).
ctest_run() {
  local junit=build/$1/ctest-junit.xml line
  rm -f "$junit"
  local status=0
  ctest --preset "$1" --output-junit "$PWD/$junit" || status=$?
  if [ "$status" -ne 0 ] && [ -f "$junit" ]; then
    rerun_silent "$1" "$junit" && status=0
  fi
  if [ -f "$junit" ]; then
    while IFS= read -r line; do
      skip_lines+=("$1: $line")
      skips=$((skips + 1))
    done < <(python3 - "$junit" <<'PY'
import sys
import xml.etree.ElementTree as ET
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    if case.find("skipped") is None and case.get("status") not in ("notrun", "disabled"):
        continue
    out = [line.strip() for line in (case.findtext("system-out") or "").splitlines()]
    out = [line for line in out if line]
    # GoogleTest: "FILE:LINE: Skipped" then the reason; scripts: "SKIP: why".
    after = [out[i + 1] for i, line in enumerate(out[:-1]) if line.endswith(": Skipped")]
    said = [line for line in out if line.lower().startswith("skip")]
    reason = (after or said or out or ["(no reason printed)"])[-1]
    print(f"{case.get('name')}: {reason}")
PY
    )
  fi
  return "$status"
}

# rerun_silent PRESET JUNIT: a failed test that printed nothing at all
# never ran: every GoogleTest binary prints its filter first, so the
# process did not start (Wine, once in a long run, fails to start one; seen
# 2026-12-03 on MulticastGroup.NonMulticastAndBadInterfacesAreUsageErrors,
# 4 ms, no output). Such tests, and only they, run once more; success only
# when every failure was one of them and each passes now. Each rerun is
# said in the summary.
rerun_silent() {
  local names
  names=$(python3 - "$2" <<'PY'
import re
import sys
import xml.etree.ElementTree as ET
failed = [case for case in ET.parse(sys.argv[1]).getroot().iter("testcase")
          if case.get("status") == "fail"]
silent = [case.get("name") for case in failed if not (case.findtext("system-out") or "").strip()]
if failed and len(silent) == len(failed):
    print("|".join(re.escape(name) for name in silent))
PY
  )
  [ -n "$names" ] || return 1
  echo "test-all: $1: tests that failed without printing anything (never started), run again: $names"
  ctest --preset "$1" -R "^($names)\$" --output-on-failure || return 1
  skip_lines+=("$1: rerun after a start that printed nothing, then passed: $names")
}

# workflow PRESET: configure, build (each test binary once, by the build;
# ctest only runs them), test.
workflow() {
  cmake --preset "$1"
  cmake --build --preset "$1"
  ctest_run "$1"
}

begin release
workflow release
end

# The Linux packages: .tar.gz and .deb, the .deb's metadata, and the .deb
# unpacked into a scratch root (dpkg -x) and run (--version, a round trip,
# its man page and completions), then checked by lintian. The .deb needs a
# Maintainer (README, Packages): a test build, which is never published,
# names itself unless DGRAM_PACKAGE_CONTACT is set already.
begin packages
DGRAM_PACKAGE_CONTACT=${DGRAM_PACKAGE_CONTACT:-"dgram test build <test-build@dgram.invalid>"} \
  cmake --build --preset release --target package
deb=$(ls -t build/release/dgram_*.deb | head -1)
tarball=$(ls -t build/release/dgram-*-linux-*.tar.gz | head -1)
tests/package/deb_package_test.sh "$deb" "$tarball"
tests/package/deb_lintian_test.sh "$deb"
end

begin ASan
workflow debug-asan
end

# What macOS, the BSDs and Windows run, on Linux (no netns or flood tests).
begin portable
workflow portable
end

# A persistent wineserver with its stdio on /dev/null: each test then starts in
# well under a second, and no Wine helper holds ctest's pipes open.
begin "Windows under Wine"
export WINEDEBUG=-all LANG=C.UTF-8 LC_ALL=C.UTF-8
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
# (It exits non-zero when a server is already running, which is as good.)
"$wineserver" -p </dev/null >/dev/null 2>&1 || true
"$wine" cmd /c exit </dev/null >/dev/null 2>&1
workflow mingw
end

# The Windows download: zipped, unpacked, run under Wine (--version, and
# native <-> Windows round trips over 127.0.0.1 and ::1 with the unpacked exe).
begin zip
cmake --build --preset mingw --target package
zip=$(ls -t build/mingw/dgram-*-windows-x86_64.zip | head -1)
tests/package/windows_zip_test.sh "$zip" build/release/dgram
end

# libFuzzer on every parser and formatter that sees untrusted bytes, 30 s
# each (scripts/fuzz.sh SECONDS runs them longer).
begin fuzz
scripts/fuzz.sh 30
end
# The exit handler prints the table and "test-all: 7 passed, 0 failed, N skipped".
