#!/usr/bin/env bash
# fuzz.sh - fuzzes the ONNX importer with libFuzzer (test/fuzz/ImporterFuzzer.cpp): installs
# clang if missing (Debian 12: clang-19 and its compiler-rt, from the same LLVM 19 as the
# build), configures build-fuzz/ with -DPICOC_FUZZ=ON (everything instrumented for coverage,
# ASan and UBSan), builds the fuzzer and runs it, one worker process, for SECONDS (default 600).
#
#   scripts/fuzz.sh [--jobs N] [SECONDS] [-- LIBFUZZER_FLAGS...]
#
# --jobs: parallel build jobs (default 2). The fuzzer starts from build-fuzz/fuzz/corpus/, a
# working copy of test/fuzz/corpus/ plus test/fuzz/regressions/ (kept between runs: what one
# run finds, the next starts from). One worker process runs at a time; a crash, timeout, leak
# or OOM is written to build-fuzz/fuzz/artifacts/ and the run goes on. Minimize one with
#   build-fuzz/bin/picoc-importer-fuzzer -minimize_crash=1 -runs=10000 FILE
# and keep the minimized input in test/fuzz/regressions/ once its bug is fixed (ctest's
# fuzz.regressions runs them through picoc). Works from any directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs=2 seconds=600
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) seconds="$1"; shift ;;
  esac
done

# 1. Clang and libFuzzer, idempotently (as install-deps.sh does for the build's packages).
"$root/scripts/install-deps.sh"
packages=(clang-19 libclang-rt-19-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 2. Configure (once) and build the fuzzer. Line tables only: symbolized reports, quick links.
build="$root/build-fuzz"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DPICOC_FUZZ=ON \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG"
fi
cmake --build "$build" --target picoc-importer-fuzzer -j "$jobs"

# 3. Run on the working corpus. Inputs up to 128 KiB (the seeds are below 100 KB); an input
#    running past 20 s is a hang; 2 GiB of RSS is an out-of-memory bug. -fork=1: one worker
#    process at a time, restarted after a crash, hang or OOM (each is kept as an artifact), so
#    that one known bug does not end the run.
work="$build/fuzz"
mkdir -p "$work/corpus" "$work/artifacts"
cp -n "$root"/test/fuzz/corpus/* "$work/corpus/"
cp -n "$root"/test/fuzz/regressions/*.onnx "$work/corpus/" 2>/dev/null || true
# allow_user_poisoning=0: LLVM's inline allocator code poisons memory that the uninstrumented
# libMLIR then uses (a false use-after-poison; see ImporterFuzzer.cpp).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allow_user_poisoning=0}"
# UBSan halts on its first report, except the known ones of test/fuzz/ubsan.supp.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$root/test/fuzz/ubsan.supp}"
echo "fuzz: running for $seconds s on $work/corpus ($(ls "$work/corpus" | wc -l) inputs)"
status=0
"$build/bin/picoc-importer-fuzzer" "$work/corpus" \
  -dict="$root/test/fuzz/onnx.dict" -max_len=131072 -timeout=20 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -artifact_prefix="$work/artifacts/" "$@" || status=$?
echo "fuzz: artifacts (crashes, timeouts, OOMs, leaks) in $work/artifacts:"
ls "$work/artifacts"
exit "$status"
