#!/usr/bin/env bash
# compile_and_run.sh - the end-to-end check of a model as a user would do it: compile the ONNX
# model with picoc into <name>.o + <name>.h, compile a C program against the header, link it
# with libpicort, run it on the model's test case and compare with the reference outputs.
#
#   compile_and_run.sh [--build DIR] [--picoc PATH] [--work DIR] [--target T] [--target2 T]
#                      [--iters N] [--weights embed|external] [--program bad_calls|gpu_object]
#                      [--entries] CASE [CASE2]
#
# CASE is a directory holding model.onnx and test_data_set_0/ (test/models/<name>/), or a file
# X.onnx whose test data lies in X/ next to it (models/bundled/mlp.onnx + mlp/). A file `dims`
# in the data directory gives the model's named dims (`batch=1 seq=7`, passed as --dim). With one CASE
# the program is run_model.c (check, then time), or bad_calls.c with --program bad_calls (the
# entry points refuse bad calls; needs --weights external; run under valgrind when installed);
# with two it is two_models.c, which links both objects into one program under their own
# --name prefixes (--target2: the second model's target, default --target's); with --entries,
# both are compiled into one object (`picoc A=a.onnx B=b.onnx`, entry points named by the case
# directories) whose weights must be shared (the object's weights are checked to be less than
# 3/4 of the two models' compiled alone), and the program is entries.c. With --program
# gpu_object (a GPU --target) the program checks the object's images and launches and that
# create fails cleanly where no GPU is visible.
# --build: the build directory (default <repo>/build: bin/picoc, lib/libpicort.*);
# --work: where the objects and the program go (default: a temporary directory, removed).
# $CC (default cc) compiles and links. Exit status: the program's (1 on a mismatch).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build="$root/build" picoc="" work="" target=host target2="" iters="" weights=embed program="" entries=""
cases=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --picoc) picoc="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --target2) target2="$2"; shift 2 ;;
    --iters) iters="$2"; shift 2 ;;
    --weights) weights="$2"; shift 2 ;;
    --program) program="$2"; shift 2 ;;
    --entries) entries=1; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "compile_and_run.sh: unknown option $1" >&2; exit 2 ;;
    *) cases+=("$1"); shift ;;
  esac
done
if [ ${#cases[@]} -lt 1 ] || [ ${#cases[@]} -gt 2 ]; then
  echo "usage: compile_and_run.sh [options] CASE [CASE2]  (--help for more)" >&2
  exit 2
fi
build="$(cd "$build" && pwd)"
picoc="${picoc:-$build/bin/picoc}"
cc="${CC:-cc}"
[ -x "$picoc" ] || { echo "compile_and_run.sh: no picoc at $picoc (build first)" >&2; exit 1; }
if [ -z "$work" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/picoc-c.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
else
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
fi

run() { echo "+ $*"; "$@"; }
cflags=(-std=c11 -O2 -Wall -I"$root/runtime-lib/include" -I"$here" -I"$work")

# Each case: its model file, its data directory, and a C identifier for --name.
models=() dirs=() names=()
for c in "${cases[@]}"; do
  if [ -d "$c" ]; then model="$c/model.onnx" dir="$c"; else model="$c" dir="${c%.onnx}"; fi
  [ -f "$model" ] || { echo "compile_and_run.sh: no model at $model" >&2; exit 1; }
  [ -d "$dir/test_data_set_0" ] || {
    echo "compile_and_run.sh: no $dir/test_data_set_0" >&2; exit 1; }
  name="$(basename "$dir" | tr -c 'A-Za-z0-9_\n' '_')"
  case "$name" in [0-9]*) name="m_$name" ;; esac
  for n in "${names[@]+"${names[@]}"}"; do [ "$n" != "$name" ] || name="${name}_2"; done
  models+=("$model") dirs+=("$(cd "$dir" && pwd)") names+=("$name")
done

# 1. Compile each model for the target: <name>.o and <name>.h. A model with named (dim_param)
#    dims has a file `dims` beside its data (`batch=1 seq=7`): each becomes a --dim.
dims_of() { # appends the --dim flags of case $1 to dimflags
  if [ -f "${dirs[$1]}/dims" ]; then
    for d in $(cat "${dirs[$1]}/dims"); do dimflags+=(--dim "$d"); done
  fi
}
weights_of() { # the weights bytes that picoc --stats wrote into file $1
  sed -n 's/^stats: .*weights \([0-9]*\) bytes$/\1/p' "$1"
}
stats() { # runs picoc (its arguments) with --stats into file $1, shown on stderr
  local file="$1"; shift
  run "$picoc" "$@" --stats 2> "$file" || { cat "$file" >&2; exit 1; }
  cat "$file" >&2
}
entry_names=()
if [ -n "$entries" ]; then
  [ ${#models[@]} -eq 2 ] || { echo "compile_and_run.sh: --entries takes two cases" >&2; exit 2; }
  alone=0 all_dims=()
  for i in 0 1; do
    dimflags=()
    dims_of "$i"
    for d in "${dimflags[@]+"${dimflags[@]}"}"; do # each --dim once
      [ "$d" = --dim ] || [[ " ${all_dims[*]+"${all_dims[*]}"} " == *" $d "* ]] ||
        all_dims+=(--dim "$d")
    done
    stats "$work/alone_$i.stats" "${models[$i]}" --target="$target" \
      -o "$work/alone_${names[$i]}.o" --name "${names[$i]}" "${dimflags[@]+"${dimflags[@]}"}"
    alone=$((alone + $(weights_of "$work/alone_$i.stats")))
  done
  stats "$work/entries.stats" "${names[0]}=${models[0]}" "${names[1]}=${models[1]}" \
    --target="$target" -o "$work/entries.o" --name entries --weights="$weights" \
    "${all_dims[@]+"${all_dims[@]}"}"
  joined=$(weights_of "$work/entries.stats")
  echo "weights: $joined bytes in one object, $alone bytes compiled alone"
  [ $((joined * 4)) -lt $((alone * 3)) ] || {
    echo "compile_and_run.sh: the entry points do not share their weights" >&2; exit 1; }
  entry_names=("${names[@]}") names=(entries)
fi
for i in "${!models[@]}"; do
  [ -n "$entries" ] && break
  dimflags=()
  dims_of "$i"
  t="$target"
  [ "$i" = 1 ] && [ -n "$target2" ] && t="$target2"
  run "$picoc" "${models[$i]}" --target="$t" -o "$work/${names[$i]}.o" --name "${names[$i]}" \
    --weights="$weights" "${dimflags[@]+"${dimflags[@]}"}"
  [ -f "$work/${names[$i]}.h" ] || {
    echo "compile_and_run.sh: picoc wrote no ${names[$i]}.h" >&2; exit 1; }
done

# 2. Compile the harness and the program against the header(s), link with libpicort.
run $cc "${cflags[@]}" -c "$here/tensor_pb.c" -o "$work/tensor_pb.o"
run $cc "${cflags[@]}" -c "$here/harness.c" -o "$work/harness.o"
if [ -n "$entries" ]; then
  main=entries
  defines=(-DMODEL=entries -DENTRY_A="${entry_names[0]}" -DENTRY_B="${entry_names[1]}"
           -include entries.h)
elif [ ${#names[@]} -eq 1 ]; then
  main=${program:-run_model} defines=(-DMODEL="${names[0]}" -include "${names[0]}.h")
else
  main=two_models
  defines=(-DMODEL_A="${names[0]}" -DMODEL_B="${names[1]}"
           -include "${names[0]}.h" -include "${names[1]}.h")
fi
objects=()
for n in "${names[@]}"; do objects+=("$work/$n.o"); done
exe="$work/${main}_$(IFS=_; echo "${names[*]}")"
run $cc "${cflags[@]}" "${defines[@]}" -c "$here/$main.c" -o "$exe.main.o"
run $cc -o "$exe" "$exe.main.o" "$work/harness.o" "$work/tensor_pb.o" "${objects[@]}" \
  -L"$build/lib" -Wl,-rpath,"$build/lib" -lpicort -lpthread -lm

# 3. Run it on the test case(s), from the work directory (where external weights files are).
cd "$work"
if [ "$program" = bad_calls ]; then
  # Under valgrind when there is one: the failed creates must not leak. A program built with
  # AddressSanitizer (CC with -fsanitize=address, scripts/test-sanitizers.sh) cannot run under
  # valgrind and has LeakSanitizer check the same at exit.
  vg=()
  if command -v valgrind > /dev/null && [[ "$cc" != *-fsanitize=address* ]]; then
    vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=3)
  fi
  run "${vg[@]+"${vg[@]}"}" "$exe" "${dirs[0]}" "$work/${names[0]}.weights"
elif [ ${#names[@]} -eq 1 ] && [ -z "$entries" ]; then
  run "$exe" "${dirs[0]}" ${iters:+--iters "$iters"}
else
  run "$exe" "${dirs[@]}"
fi
