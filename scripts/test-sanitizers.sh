#!/usr/bin/env bash
# test-sanitizers.sh - builds picoc with AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc, -DPICOC_SANITIZE=ON) into build-asan/ and runs every test there with ctest: unit, lit,
# runtime, fuzz.regressions, the ONNX conformance run and the models. Any report fails the
# test that triggered it: UBSan halts on its first report, LeakSanitizer checks every process
# at exit (and each picoc-run case before its forked child exits).
#
#   scripts/test-sanitizers.sh [--jobs N] [CTEST_ARGS...]      e.g. -R 'unit|lit'
#
# --jobs: parallel build and test jobs (default 2). The sanitized libpicort (build-asan/lib) is
# what picoc-run links into each case and what the C harness links, with CC set to
# `cc -fsanitize=address,undefined`. Exit status: ctest's, or 1 when any test's output (a
# failed picoc-run case's included) holds a sanitizer report. Works from any directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs=2
if [ "${1:-}" = "--jobs" ]; then
  jobs="$2"
  shift 2
fi
"$root/scripts/install-deps.sh"

build="$root/build-asan"
if [ ! -f "$build/build.ninja" ]; then
  # -O1 with line tables: symbolized reports, a build and a test run of reasonable length.
  cmake -S "$root" -B "$build" -G Ninja -DPICOC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"
fi
cmake --build "$build" -j "$jobs"

# allow_user_poisoning=0: LLVM's headers poison the unused part of each BumpPtrAllocator slab
# in our (instrumented) code, and Debian's uninstrumented libMLIR then allocates from it: a
# false use-after-poison.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allow_user_poisoning=0:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-print_suppressions=0}"
# Programs that link the sanitized libpicort.a must link the sanitizer runtimes too.
export CC="${CC:-cc -fsanitize=address,undefined}"
status=0
ctest --test-dir "$build" --output-on-failure -j "$jobs" "$@" || status=$?

# picoc-run counts a case whose child crashed (on a sanitizer report too) as a failed case, and
# that fails onnx.conformance only for a case on its expected list: look for reports in the
# output of every test, passed or not.
log="$build/Testing/Temporary/LastTest.log"
reports='runtime error:|ERROR: [A-Za-z]+Sanitizer|LeakSanitizer: the case leaked'
if [ -f "$log" ] && grep -qE "$reports" "$log"; then
  echo "test-sanitizers: sanitizer reports in the tests' output ($log):"
  grep -E "$reports" "$log" | sort | uniq -c | head -n 40
  status=1
fi
exit "$status"
