#!/usr/bin/env bash
# test.sh - the README's second command: installs the dependencies (Debian 12), builds picoc,
# and runs every test with ctest (unit, lit, runtime, ONNX conformance, models). Extra
# arguments go to ctest, e.g. `scripts/test.sh -R models`. Exit status: ctest's. Works from any
# directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
ctest --test-dir "$root/build" --output-on-failure -j2 "$@"
