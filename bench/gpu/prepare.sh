#!/usr/bin/env bash
# prepare.sh - compiles the GPU benchmark here (no GPU needed) for bench.py to run there.
#
#   bench/gpu/prepare.sh OUT [--target sm_90]
#
# Writes the kernel models (make_models.py) and the test models (test/models), each compiled by
# build/bin/picoc and linked with libpicort.a into OUT/<case>/model.so (symbols model_*), then
# packs OUT into OUT.tar.gz. On the GPU machine: tar xzf OUT.tar.gz; python3 bench/gpu/bench.py OUT
# PICOC_FLAGS adds flags to every compile (PICOC_FLAGS=--tuning-db=none: the heuristics alone).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -ge 1 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
out="$1" target=sm_90
shift
[ "${1:-}" = --target ] && target="$2"
picoc="$root/build/bin/picoc"
rm -rf "$out" "$out.tar.gz"
mkdir -p "$out/onnx"
python3 "$root/bench/gpu/make_models.py" "$out/onnx" > /dev/null

compile() { # NAME MODEL [--dim ...]; the target is $target, or $arch where set
  local name="$1" model="$2"
  shift 2
  mkdir -p "$out/$name"
  "$picoc" "$model" --target="${arch:-$target}" --name model -o "$out/$name/model.o" "$@" \
    ${PICOC_FLAGS:-}
  cc -shared -o "$out/$name/model.so" "$out/$name/model.o" "$root/build/lib/libpicort.a" \
    -lpthread -lm -ldl
  rm "$out/$name/model.o"
}
for m in "$out"/onnx/*.onnx; do compile "$(basename "$m" .onnx)" "$m"; done
# The GEMMs, attention and convolution at tf32 and tf32x3 too.
for g in gemm_4096 gemm_512x2048x5632 gemm_512x5632x2048 attention_prefill conv3x3_320; do
  for p in tf32 tf32x3; do compile "${g}_$p" "$out/onnx/$g.onnx" --precision="$p"; done
  # Warpgroup MMA: an sm_90a image (Hopper only).
  arch=sm_90a compile "${g}_tf32_sm90a" "$out/onnx/$g.onnx" --precision=tf32
done
for d in "$root"/test/models/*/; do
  [ -f "$d/model.onnx" ] || continue
  dims=()
  if [ -f "$d/dims" ]; then for x in $(cat "$d/dims"); do dims+=(--dim "$x"); done; fi
  compile "$(basename "$d")" "$d/model.onnx" "${dims[@]+"${dims[@]}"}"
done
rm -rf "$out/onnx"
tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
echo "prepared $out.tar.gz ($(du -h "$out.tar.gz" | cut -f1)) for $target"
