#!/usr/bin/env bash
# test-gpu.sh - the GPU suites, in two halves: prepared here (no GPU needed), run on a GPU machine
# (no compiler, LLVM or Python needed there).
#
#   scripts/test-gpu.sh prepare OUT [--target sm_90]   # build picoc, compile and link every case
#   scripts/test-gpu.sh run OUT [--sanitize]            # on the GPU machine: run every suite
#
# prepare writes OUT/onnx (the ONNX backend cases on test/onnx/expected_passes.txt), OUT/ops
# (test/ops), OUT/models (test/models), OUT/rundims (test/rundims), OUT/hf (test/hf: checkpoint
# folders), OUT/ops-tf32 and
# OUT/ops-tf32x3 (the tiled contraction and attention cases of test/ops on tensor cores),
# OUT/models-tf32 and OUT/models-tf32x3 (test/models at those precisions), OUT/contractions
# (test/gpu/make_contractions.py: tensor-core tiles at each precision, sm_90 and sm_90a, run
# by test/gpu/check_contractions.py with PyTorch) and OUT/large
# (models/make_large_cases.py: sizes that pick schedules the small cases never reach), each a
# directory of prepared cases with the runner picoc-run-cases (picoc-run --prepare),
# OUT/entries (a C program running an object with two entry points,
# test/models/harness/entries.c), plus OUT/expected_passes.txt, and packs it all into
# OUT.tar.gz (what travels to the GPU machine). run unpacks OUT.tar.gz when OUT is missing, runs
# each suite (the ONNX suite against its expected list, tolerances as on the CPU), and with
# --sanitize runs test/models again under compute-sanitizer memcheck and racecheck. It prints each
# suite's per-case lines and its "N passed, M failed" line, then one summary line per suite.
# Exit status: 1 if any suite failed (a listed ONNX case, any op or model case, a sanitizer
# report).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,19p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
mode="$1" out="$2"
shift 2
target=sm_90 sanitize=0
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target="$2"; shift 2 ;;
    --sanitize) sanitize=1; shift ;;
    *) usage ;;
  esac
done

prepare() {
  "$root/scripts/install-deps.sh"
  "$root/scripts/build.sh"
  local run="$root/build/bin/picoc-run" data=/usr/share/libonnx-testdata/data
  rm -rf "$out" "$out.tar.gz"
  mkdir -p "$out"
  # The ONNX backend cases that pass on the CPU: the list's names, found under the data folders.
  local cases=()
  while read -r name; do
    for d in node pytorch-converted pytorch-operator simple; do
      if [ -d "$data/$d/$name" ]; then cases+=("$data/$d/$name"); break; fi
    done
  done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$root/test/onnx/expected_passes.txt")
  cp "$root/test/onnx/expected_passes.txt" "$out/"
  "$run" --prepare="$out/onnx" --target "$target" --jobs 2 "${cases[@]}" | tail -n 1
  "$run" --prepare="$out/ops" --target "$target" --jobs 2 "$root/test/ops" | tail -n 1
  # Whole models: atol 1e-6, as on the CPU (test/models/harness/harness.h says why).
  "$run" --prepare="$out/models" --target "$target" --atol 1e-6 --jobs 2 "$root/test/models" |
    tail -n 1
  # Run-time dims: one object per case, run at several sizes (atol as for the models).
  "$run" --prepare="$out/rundims" --target "$target" --atol 1e-6 --jobs 2 "$root/test/rundims" |
    tail -n 1
  # Checkpoint folders through frontend/hf (each case's own tolerance file).
  "$run" --prepare="$out/hf" --target "$target" --atol 1e-6 --jobs 2 "$root/test/hf" | tail -n 1
  # Tensor cores: the contraction cases at --precision=tf32 and tf32x3, compared normwise. tf32
  # rounds each factor to 11 significant bits (unit roundoff u = 2^-11 = 4.9e-4), so a K-term
  # dot product errs by at most ~2u sum|a_i b_i|; over these cases' random data (K <= 576)
  # sum|a_i b_i| stays within ~4x the largest |output|: 5e-3 normwise. tf32x3 drops the
  # factors' rounding to ~u^2 per product, leaving fp32's own summation error: 1e-5.
  # Attention's two products (its head dims' terms, and the keys' weights summing to 1) are
  # covered by the same argument.
  "$run" --prepare="$out/ops-tf32" --target "$target" --precision tf32 --normwise 5e-3 \
    --filter 'tiled|attention' --jobs 2 "$root/test/ops" | tail -n 1
  "$run" --prepare="$out/ops-tf32x3" --target "$target" --precision tf32x3 --normwise 1e-5 \
    --filter 'tiled|attention' --jobs 2 "$root/test/ops" | tail -n 1
  # Every model at tf32 and tf32x3, the same tolerances (at tf32 their largest error was
  # 6.3e-4 normwise, H200, 2026-12-01).
  "$run" --prepare="$out/models-tf32" --target "$target" --precision tf32 --normwise 5e-3 \
    --jobs 2 "$root/test/models" | tail -n 1
  "$run" --prepare="$out/models-tf32x3" --target "$target" --precision tf32x3 --normwise 1e-5 \
    --jobs 2 "$root/test/models" | tail -n 1
  # Tensor-core tiles (test/gpu/make_contractions.py, checked by check_contractions.py): each
  # case on sm_90 at fp32 and tf32x3, at tf32 on sm_80,sm_90 (mma.sync: not every cubin is
  # Hopper's; the sm_90 one runs) and on sm_90a (wgmma, as sm_90 alone takes), and that
  # object's PTX (the mma.sync form a newer GPU would compile). Hopper GPUs only.
  python3 "$root/test/gpu/make_contractions.py" "$out/contractions-src"
  for m in "$out"/contractions-src/*.onnx; do
    for build in sm_90:fp32 sm_80,sm_90:tf32 sm_90:tf32x3 sm_90a:tf32; do
      local arch="${build%%:*}" precision="${build##*:}" dir label
      label="${arch//_/}" # sm80,sm90: the name's last '-' and '_' separate case and precision
      dir="$out/contractions/$(basename "$m" .onnx)-${label//,/+}_$precision"
      mkdir -p "$dir"
      "$root/build/bin/picoc" "$m" --target="$arch" --precision="$precision" --name model \
        -o "$dir/model.o"
      cc -shared -o "$dir/model.so" "$dir/model.o" "$root/build/lib/libpicort.a" -lpthread -lm -ldl
      rm "$dir/model.o"
    done
    cp -r "$dir" "${dir%-sm90a_tf32}-ptx_tf32"
  done
  rm -rf "$out/contractions-src"
  python3 "$root/models/make_large_cases.py" "$out/large-src" > /dev/null
  "$run" --prepare="$out/large" --target "$target" --jobs 2 "$out/large-src" | tail -n 1
  rm -rf "$out/large-src"
  # One object with two entry points sharing their weights (llama prefill and decode): the C
  # program entries.c, linked here (its run here finds no GPU) and run there beside libpicort.
  mkdir -p "$out/entries"
  bash "$root/test/models/harness/compile_and_run.sh" --entries --target "$target" \
    --work "$out/entries/work" "$root/test/models/llama_prefill" \
    "$root/test/models/llama_decode" > "$out/entries/prepare.log" 2>&1 ||
    { cat "$out/entries/prepare.log" >&2; exit 1; }
  mv "$out/entries/work/entries_entries" "$out/entries/"
  rm -rf "$out/entries/work"
  cp -P "$root"/build/lib/libpicort.so* "$out/entries/"
  for c in llama_prefill llama_decode; do
    mkdir -p "$out/entries/$c"
    cp -r "$root/test/models/$c/test_data_set_0" "$out/entries/$c/"
  done
  # Shared objects lose their symbol tables (dlsym uses the dynamic one) to travel light.
  find "$out" -name model.so -exec strip --strip-unneeded {} +
  tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
  echo "prepared $out.tar.gz ($(du -h "$out.tar.gz" | cut -f1)) for $target"
}

run_suites() {
  if [ ! -d "$out" ]; then
    tar -C "$(dirname "$out")" -xzf "$out.tar.gz"
  fi
  local status=0 summary=()
  suite() { # NAME DIR [ARGS...]
    local name="$1" dir="$2" log
    shift 2
    log="$(mktemp)"
    "$dir/picoc-run-cases" "$dir" --jobs 8 "$@" | tee "$log" || status=1
    summary+=("$name: $(tail -n 1 "$log")")
    rm -f "$log"
  }
  suite onnx "$out/onnx" --list "$out/expected_passes.txt"
  suite ops "$out/ops"
  suite models "$out/models"
  suite rundims "$out/rundims"
  suite hf "$out/hf"
  suite large "$out/large"
  suite ops-tf32 "$out/ops-tf32"
  suite ops-tf32x3 "$out/ops-tf32x3"
  suite models-tf32 "$out/models-tf32"
  suite models-tf32x3 "$out/models-tf32x3"
  local log
  log="$(mktemp)"
  python3 "$root/test/gpu/check_contractions.py" "$out/contractions" | tee "$log" || status=1
  summary+=("contractions (tensor-core tiles, sm_90/sm_90a): $(tail -n 1 "$log")")
  rm -f "$log"
  log="$(mktemp)"
  LD_LIBRARY_PATH="$out/entries" "$out/entries/entries_entries" "$out/entries/llama_prefill" \
    "$out/entries/llama_decode" | tee "$log" || status=1
  summary+=("entries (llama prefill + decode in one object): $(tail -n 1 "$log")")
  rm -f "$log"
  if [ "$sanitize" = 1 ]; then
    for tool in memcheck racecheck; do
      local log
      log="$(mktemp)"
      # One case at a time; the runner's children are followed (--target-processes all).
      compute-sanitizer --tool "$tool" --target-processes all --error-exitcode 3 \
        "$out/models/picoc-run-cases" "$out/models" --jobs 1 --timeout 600 > "$log" 2>&1 ||
        status=1
      grep -E "ERROR SUMMARY|RACECHECK SUMMARY|passed, " "$log" | sort | uniq -c || true
      summary+=("models under $tool: $(grep -cE '^========= (Invalid|Race|Error)' "$log" || true) \
report(s), $(grep -E 'passed, .* failed' "$log" | tail -n 1)")
      rm -f "$log"
    done
  fi
  printf '%s\n' "${summary[@]}"
  return $status
}

case "$mode" in
  prepare) prepare ;;
  run) run_suites ;;
  *) usage ;;
esac
