#!/usr/bin/env bash
# Tunes the bundled model and the test models for a GPU target, measured on the GPU machine:
#
#   tuning/tune-gpu.sh prepare DIR [picoc-tune options...]   here: compile the candidates
#   DIR/picoc-tune-measure DIR                               on the GPU machine: time them
#   tuning/tune-gpu.sh record DIR                            here: into tuning/tuning.json
#
# Each prepare/measure/record cycle is one round of the search: the next prepare starts from
# the schedules the database holds. Each also checks every model whole against the database as
# it was prepared (picoc-tune's whole-model check: where the tuned build is not faster, record
# puts its entries back to the heuristic schedules); `prepare DIR --budget 0` prepares only
# those checks. TARGET (default sm_90) and PRECISION (default fp32) pick what is tuned.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tune=${PICOC_TUNE:-$root/build/bin/picoc-tune}
db=${PICOC_TUNING_DB:-$root/tuning/tuning.json}
target=${TARGET:-sm_90}
precision=${PRECISION:-fp32}
mode=${1:?usage: tune-gpu.sh prepare|record DIR}
dir=${2:?usage: tune-gpu.sh prepare|record DIR}
shift 2
if [[ $mode == record ]]; then
  exec "$tune" --record "$dir" --db "$db" --target "$target" --precision "$precision"
fi
models=("$root/models/bundled/mlp.onnx")
for d in "$root"/test/models/*/; do
  [[ -f $d/model.onnx ]] && models+=("$d/model.onnx")
done
rm -rf "$dir"
for model in "${models[@]}"; do
  dims=()
  if [[ -f $(dirname "$model")/dims ]]; then
    for d in $(cat "$(dirname "$model")/dims"); do dims+=(--dim "$d"); done
  fi
  "$tune" "$model" "${dims[@]}" --target "$target" --precision "$precision" --db "$db" \
    --prepare "$dir" "$@"
done
