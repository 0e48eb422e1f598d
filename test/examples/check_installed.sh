#!/usr/bin/env bash
# check_installed.sh BUILD_DIR SOURCE_DIR: installs picoc from BUILD_DIR into a scratch
# prefix, builds examples/llama-generate on its own against it (find_package(picoc)), checks
# the pkg-config file, and runs the example as check_generate.sh does.
set -euo pipefail
build="$1" src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --libs --cflags picort | grep -q -- -lpicort
cmake -S "$src/examples/llama-generate" -B "$work/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log"
"$src/test/examples/check_generate.sh" "$work/build/llama-generate" \
  "$src/test/examples/llama_generate"
