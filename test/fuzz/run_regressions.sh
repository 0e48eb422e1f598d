#!/usr/bin/env bash
# run_regressions.sh - every input that once crashed, hung or leaked the importer fuzzer
# (test/fuzz/regressions/), through the ordinary picoc: `picoc --check FILE` and a compile to
# an object in a temporary directory. Each must end with a clean status and never a crash:
#   - a compile exits 1 with a message naming the file, or 0 for a name ending in .valid.onnx
#     (an input that was a valid model all along) and then writes the object and header;
#   - --check exits 0 or 1;
#   - no command is killed by a signal (status >= 128) or runs past 60 s, and none prints a
#     sanitizer report (a sanitized picoc, as in build-asan/, exits 1 after UBSan's report).
#
#   run_regressions.sh PICOC DIR
#
# Exit status: 0 when every file behaves, 1 otherwise (each failure is printed).
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: run_regressions.sh PICOC DIR" >&2
  exit 2
fi
picoc="$1" dir="$2"
work="$(mktemp -d "${TMPDIR:-/tmp}/picoc-regressions.XXXXXX")"
trap 'rm -rf "$work"' EXIT

failures=0 count=0
sanitizer='runtime error:|ERROR: [A-Za-z]+Sanitizer|SUMMARY: [A-Za-z]+Sanitizer'
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

# Runs picoc with a time limit, stderr into $work/log; sets $status.
run_picoc() {
  timeout -k 5 60 "$picoc" "$@" >/dev/null 2>"$work/log"
  status=$?
}

shopt -s nullglob
for f in "$dir"/*; do
  [ -f "$f" ] || continue
  case "$(basename "$f")" in README*) continue ;; esac
  count=$((count + 1))
  name="$(basename "$f")"
  expected=1
  case "$name" in *.valid.onnx) expected=0 ;; esac

  run_picoc --check "$f"
  if grep -qE "$sanitizer" "$work/log"; then
    fail "$name: picoc --check: sanitizer report"
    grep -E -A8 "$sanitizer" "$work/log" | head -n 20
  elif [ "$status" -ge 2 ]; then
    fail "$name: picoc --check exited with status $status"
    tail -n 20 "$work/log"
  fi

  rm -rf "$work/out" && mkdir -p "$work/out"
  run_picoc "$f" --target=x86-64-v3 -o "$work/out/model.o"
  if grep -qE "$sanitizer" "$work/log"; then
    fail "$name: picoc: sanitizer report"
    grep -E -A8 "$sanitizer" "$work/log" | head -n 20
  elif [ "$status" -ne "$expected" ]; then
    fail "$name: picoc exited with status $status, expected $expected"
    tail -n 20 "$work/log"
  elif [ "$expected" -eq 1 ] && ! grep -qF "$f" "$work/log"; then
    fail "$name: picoc failed without a message naming the file"
    tail -n 20 "$work/log"
  elif [ "$expected" -eq 1 ] && [ -n "$(ls -A "$work/out")" ]; then
    fail "$name: picoc failed but left $(ls "$work/out" | tr '\n' ' ')behind"
  elif [ "$expected" -eq 0 ] && { [ ! -f "$work/out/model.o" ] || [ ! -f "$work/out/model.h" ]; }; then
    fail "$name: picoc succeeded but wrote no model.o and model.h"
  fi
done

echo "run_regressions: $count inputs, $failures failures"
[ "$failures" -eq 0 ]
