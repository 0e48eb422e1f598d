#!/usr/bin/env bash
# Runs the whole ONNX backend suite and rewrites expected_passes.txt with the cases that pass.
# Usage: test/onnx/update_expected.sh [build dir]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
data=/usr/share/libonnx-testdata/data
out="$(mktemp)"
"$build/bin/picoc-run" --jobs 2 "$data/node" "$data/pytorch-converted" "$data/pytorch-operator" \
  "$data/simple" > "$out" || true
tail -n 1 "$out"
{
  echo "# ONNX backend tests (Debian's libonnx-testdata) that picoc passes on the host CPU."
  echo "# A case listed here that fails makes the onnx.conformance test fail; regenerate with"
  echo "# test/onnx/update_expected.sh after making more cases pass."
  grep '^PASS' "$out" | awk '{print $2}' | sort
} > "$here/expected_passes.txt"
rm -f "$out"
