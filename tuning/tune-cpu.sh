#!/usr/bin/env bash
# Tunes the bundled model and the test models (test/models, each with its dims file) for this
# CPU into tuning/tuning.json, the database picoc uses by default. Kernels the database holds
# for this CPU and thread count are skipped (picoc-tune --retune redoes them). Run it on an
# otherwise idle machine: the timings are what picoc-tune compares.
#
#   tuning/tune-cpu.sh [picoc-tune options...]     e.g. --kernel-budget 30 --cost-model FILE
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tune=${PICOC_TUNE:-$root/build/bin/picoc-tune}
db=${PICOC_TUNING_DB:-$root/tuning/tuning.json}
models=("$root/models/bundled/mlp.onnx")
for dir in "$root"/test/models/*/; do
  [[ -f $dir/model.onnx ]] && models+=("$dir/model.onnx")
done
for model in "${models[@]}"; do
  dims=()
  dimsFile=$(dirname "$model")/dims
  if [[ -f $dimsFile ]]; then
    for d in $(cat "$dimsFile"); do dims+=(--dim "$d"); done
  fi
  "$tune" "$model" "${dims[@]}" --db "$db" "$@"
done
