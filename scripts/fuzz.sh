#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (preset `fuzz`: clang with ASan and
# UBSan, Linux only) and runs each for SECONDS_PER_TARGET (default 30) on a
# copy of its seed corpus, so the corpus in the repository stays as it is.
# A failing target leaves its log and the input that broke it in
# build/fuzz/runs/TARGET/. Exits non-zero if any target failed.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
if [[ ! $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]  (a whole number of seconds)" >&2
  exit 2
fi

cmake --preset fuzz
cmake --build --preset fuzz

corpora=$(mktemp -d)
trap 'rm -rf "$corpora"' EXIT
runs=build/fuzz/runs
passed=0
failed=0
for source in fuzz/fuzz_*.cpp; do
  target=$(basename "$source" .cpp)
  run="$runs/$target"
  rm -rf "$run"
  mkdir -p "$run"
  # Inputs the fuzzer finds interesting go into the copy, which is dropped.
  cp -R "fuzz/corpus/$target" "$corpora/$target"
  status=0
  # -timeout: an input that takes seconds is a hang, and a failure too.
  "build/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
    -artifact_prefix="$run/" "$corpora/$target" </dev/null >"$run/log" 2>&1 || status=$?
  executions=$(awk '/^stat::number_of_executed_units:/ { n = $2 } END { print n }' "$run/log")
  if [[ -z $executions ]]; then
    # A crash can end the run before the final stats: take the last "#N" status line.
    executions=$(awk '/^#[0-9]+/ { n = substr($1, 2) } END { print n + 0 }' "$run/log")
  fi
  if [[ $status -eq 0 ]]; then
    echo "fuzz: $target: $executions executions, ok"
    passed=$((passed + 1))
    rm -rf "$run"
  else
    echo "fuzz: $target: $executions executions, FAILED (exit $status), log and input in $run/"
    grep -E 'property failed|exception:|ERROR:|runtime error|SUMMARY:|Test unit written' \
      "$run/log" | head -n 8 | sed 's/^/  /' || true
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
