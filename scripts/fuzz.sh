#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan + UBSan, hone_base only) and runs each
# for SECONDS (default 60) on its seed corpus tests/fuzz/corpus/<target> plus the corpus it has
# grown before in build/fuzz/corpus/<target>. Prints the CPU time each ran without a crash; exits
# 1 on the first crash, leaving the input in build/fuzz/artifacts/. Ctrl-C stops the running target,
# prints its CPU time so far and exits 130.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (CI runs it briefly after the test suite)
# FUZZ_TIMEOUT (default 10) is libFuzzer's per-input limit in wall-clock seconds: raise it when the
# run shares the machine, so a starved lane does not report a slow input as a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
timeout="${FUZZ_TIMEOUT:-10}"
shift || true
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=($(ls tests/fuzz/corpus))
fi
mkdir -p build/fuzz/artifacts
# The targets that read files write each input to scratch files under TMPDIR. On a disk-backed /tmp
# half their CPU was kernel time and they waited on the disk; on tmpfs they run about 3x the inputs.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
TIMEFORMAT='%U %S'
for t in "${targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$t"
  log="build/fuzz/$t.log"
  status=0
  cpu=$( { time "build/fuzz/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
          -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$t-" \
          "build/fuzz/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; } 2>&1 ) || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  report="fuzz_$t: ${runs:-?} inputs, $(echo "$cpu" | awk '{printf "%.1f", $1 + $2}') s CPU, no crash"
  # Ctrl-C (SIGINT) makes libFuzzer print its stats and exit non-zero: a stop, not a crash.
  if [ "$status" -ne 0 ] && grep -q "libFuzzer: run interrupted" "$log"; then
    echo "$report (interrupted)"
    exit 130
  fi
  if [ "$status" -ne 0 ]; then
    echo "fuzz_$t: CRASH (see $log and build/fuzz/artifacts/)" >&2
    tail -40 "$log" >&2
    exit 1
  fi
  echo "$report"
done
