#!/usr/bin/env bash
# Whole-model times on this CPU with the heuristics' schedules and with a tuning database's,
# side by side in one run: picoc-run compiles each case both ways and times it (the median of
# up to 20 runs or 0.2 s), twice each, alternating, and the better of the two is reported.
#
#   bench/tuning.sh [--db FILE] CASE_DIR...      (default: tuning/tuning.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run="$root/build/bin/picoc-run"
db="$root/tuning/tuning.json"
if [[ ${1:-} == --db ]]; then db=$2; shift 2; fi
time_of() { # picoc-run's "run X ms" of one case, or FAIL
  "$run" --atol 1e-5 --normwise 1e-4 "$@" 2>&1 | grep -o 'run [0-9.e+-]* ms' | awk '{print $2}' || echo FAIL
}
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 < b + 0) ? a : b }'; }
printf '%-24s %12s %12s %8s\n' case heuristic_ms tuned_ms speedup
for dir in "$@"; do
  h1=$(time_of "$dir"); t1=$(time_of --tuning-db "$db" "$dir")
  h2=$(time_of "$dir"); t2=$(time_of --tuning-db "$db" "$dir")
  h=$(best "$h1" "$h2"); t=$(best "$t1" "$t2")
  printf '%-24s %12s %12s %8s\n' "$(basename "$dir")" "$h" "$t" \
    "$(awk -v h="$h" -v t="$t" 'BEGIN { printf "%.2fx", h / t }')"
done
