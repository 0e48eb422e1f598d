#!/usr/bin/env bash
# Whole-model times on this CPU with the heuristics' schedules and with a tuning database's,
# side by side in one run: picoc-run compiles each case both ways and times it (the median of
# up to 20 runs or 0.2 s), ROUNDS times each (default 5), alternating, and the median of the
# rounds is reported (this 2-core VM's timings of one build vary by 20% between calls).
#
#   [ROUNDS=N] bench/tuning.sh [--db FILE] CASE_DIR...      (default: tuning/tuning.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run="$root/build/bin/picoc-run"
db="$root/tuning/tuning.json"
if [[ ${1:-} == --db ]]; then db=$2; shift 2; fi
time_of() { # picoc-run's "run X ms" of one case, or FAIL
  "$run" --atol 1e-5 --normwise 1e-4 "$@" 2>&1 | grep -o 'run [0-9.e+-]* ms' | awk '{print $2}' || echo FAIL
}
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '%-24s %12s %12s %8s\n' case heuristic_ms tuned_ms speedup
for dir in "$@"; do
  hs="" ts=""
  for ((r = 0; r < ${ROUNDS:-5}; ++r)); do
    hs+=" $(time_of "$dir")"
    ts+=" $(time_of --tuning-db "$db" "$dir")"
  done
  h=$(echo $hs | median); t=$(echo $ts | median)
  printf '%-24s %12s %12s %8s\n' "$(basename "$dir")" "$h" "$t" \
    "$(awk -v h="$h" -v t="$t" 'BEGIN { printf "%.2fx", h / t }')"
  echo "  heuristic:$hs; tuned:$ts"
done
