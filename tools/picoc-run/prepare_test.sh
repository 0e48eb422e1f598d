#!/usr/bin/env bash
# prepare_test.sh - checks the two halves of picoc-run: `picoc-run --prepare=WORK` on some
# cases, then `picoc-run-cases WORK` (the copy in WORK and the one in BIN) and
# `picoc-run --run=WORK`, each of which must print the expected summary line and exit as
# expected.
#
#   prepare_test.sh --bin BIN --work WORK [--broken] [--check-deps] [PICOC_RUN_ARGS...] CASE...
#
# --broken      adds a case whose model.onnx is not ONNX (the data of the first CASE): it must
#               leave WORK/broken/FAILED and be reported "FAIL broken: compile: ...", and the
#               runners must exit 1.
# --check-deps  checks that the runner needs no shared library beyond libc, libm, libdl,
#               libpthread (and the dynamic loader).
set -u
bin= work= broken=0 check_deps=0 args=()
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --broken) broken=1; shift ;;
    --check-deps) check_deps=1; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
fail() { echo "prepare_test: $*" >&2; exit 1; }
[ -n "$bin" ] && [ -n "$work" ] || fail "usage: prepare_test.sh --bin BIN --work WORK [...] CASE..."

rm -rf "$work"
mkdir -p "$work"
cases=0
for a in "${args[@]}"; do [ -f "$a/model.onnx" ] && cases=$((cases + 1)) && first=${first:-$a}; done
expect_pass=$cases expect_fail=0 expect_rc=0
if [ $broken = 1 ]; then
  mkdir -p "$work/src/broken"
  cp -r "$first/test_data_set_0" "$work/src/broken/"
  echo "this is not an ONNX model" > "$work/src/broken/model.onnx"
  args+=("$work/src/broken")
  expect_fail=1 expect_rc=1
fi
out=$work/prepared

echo "== picoc-run --prepare=$out ${args[*]}"
"$bin/picoc-run" --prepare="$out" "${args[@]}" | tee "$work/prepare.log"
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] || fail "picoc-run --prepare exited with $rc"
tail -n 1 "$work/prepare.log" | grep -qx "$expect_pass prepared, $expect_fail failed" ||
  fail "picoc-run --prepare did not prepare $expect_pass cases and fail $expect_fail"
[ -x "$out/picoc-run-cases" ] && [ -f "$out/options.txt" ] ||
  fail "no runner or options.txt in $out"
if [ $broken = 1 ]; then
  [ -f "$out/broken/FAILED" ] || fail "no $out/broken/FAILED"
  grep -q '^FAIL broken: compile: ' "$work/prepare.log" || fail "--prepare did not report broken"
fi

if [ $check_deps = 1 ]; then
  needed=$(readelf -d "$out/picoc-run-cases" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  for lib in $needed; do
    case $lib in
      libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|ld-linux*) ;;
      *) fail "picoc-run-cases needs $lib" ;;
    esac
  done
  echo "== picoc-run-cases needs: $(echo $needed)"
fi

for runner in "$out/picoc-run-cases $out" "$bin/picoc-run-cases $out" "$bin/picoc-run --run=$out"
do
  echo "== $runner"
  $runner --jobs 2 | tee "$work/run.log"
  rc=${PIPESTATUS[0]}
  [ "$rc" = "$expect_rc" ] || fail "'$runner' exited with $rc, not $expect_rc"
  tail -n 1 "$work/run.log" | grep -qx "$expect_pass passed, $expect_fail failed" ||
    fail "'$runner' did not pass $expect_pass cases and fail $expect_fail"
  if [ $broken = 1 ]; then
    grep -q '^FAIL broken: compile: ' "$work/run.log" || fail "'$runner' did not report broken"
  fi
done
echo "prepare_test: ok"
