#!/usr/bin/env bash
# demo.sh - the README's first command: installs the dependencies (Debian 12), builds picoc,
# compiles the bundled demo model (models/bundled/mlp.onnx, an MLP with LayerNorm and GELU) for
# this machine's CPU, links the object into a small C program (test/models/harness/run_model.c)
# with libpicort, runs it, and prints its error against the reference output and the time per
# run. The object, its header and the program stay in build/demo/. Works from any directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

model="$root/models/bundled/mlp.onnx"           # its test data: models/bundled/mlp/
[ -f "$model" ] || model="$root/test/models/mlp_gelu"  # the same model in test layout
echo
echo "demo: compiling $model for the host CPU, linking it into run_model, running it"
"$root/test/models/harness/compile_and_run.sh" --build "$root/build" --work "$root/build/demo" \
  "$model"
echo "demo: the object, its header and the program are in $root/build/demo/"
