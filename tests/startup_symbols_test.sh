#!/usr/bin/env bash
# What a one-shot `dgram send` must not do before main: libgcc's CPU
# detection (__builtin_cpu_supports links it) runs CPUID as a constructor in
# every process, and in a virtual machine each CPUID is a trip to the
# hypervisor: 0.13 ms more for a one-shot send, 14% of it (README,
# "Performance"). The hex dump asks CPUID itself, the first time it is used.
#
#   tests/startup_symbols_test.sh DGRAM
set -euo pipefail
dgram=$1
symbols=$(nm "$dgram" 2>/dev/null || nm -D "$dgram")
for symbol in __cpu_indicator_init __cpu_model; do
  if grep -qw "$symbol" <<<"$symbols"; then
    echo "FAIL: $dgram links $symbol (libgcc's CPU detection, run before main): ask CPUID when it is needed instead" >&2
    exit 1
  fi
done
echo "ok: no CPU detection before main in $dgram"
