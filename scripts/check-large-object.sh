#!/usr/bin/env bash
# check-large-object.sh [WORK]: an object with embedded weights over 4 GiB links and runs.
# Writes models/make_large_object_case.py's checkpoint (a 4.9 GB weight blob) into WORK
# (default /tmp/picoc-large-object), then compiles it with picoc DIR --weights embed -o big.o
# and links it into an executable with libpicort.a, whose greedy tokens (a prefill, 2 decode
# steps) must be transformers'. Then picoc-run compiles the case with its weights embedded,
# links it into a shared object and compares every call's logits with transformers'.
# Needs ~15 GB of disk and ~16 GB of memory (the compiler holds the blob while LLVM writes
# it); not part of ctest for that reason.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/picoc-large-object}"
bin="$root/build/bin"
rm -rf "$work" && mkdir -p "$work"
python3 "$root/models/make_large_object_case.py" "$work/case" > /dev/null
"$bin/picoc" "$work/case/checkpoint" --weights embed --name big -o "$work/big.o" --quiet
cat > "$work/main.c" <<'C'
#include "big.h"
#include <stdio.h>
#include <stdlib.h>
/* A prefill of 4 tokens, then 2 greedy decode steps: prints the 3 tokens picked. */
static int64_t argmax(const float *row, int64_t n) {
  int64_t best = 0;
  for (int64_t i = 1; i < n; i++) if (row[i] > row[best]) best = i;
  return best;
}
int main(void) {
  picort_model *m = NULL;
  if (big_create(NULL, &m) != PICORT_OK) { fprintf(stderr, "%s\n", picort_last_error()); return 1; }
  const int64_t vocab = big_decode_output_0_shape[2];
  float *logits = malloc(4 * vocab * sizeof(float));
  int64_t ids[4] = {11, 599999, 123456, 42}, shape[2] = {1, 4}, out[3] = {1, 4, vocab};
  picort_tensor in = {ids, PICORT_DTYPE_INT64, 2, shape, PICORT_MEMORY_HOST};
  picort_tensor o = {logits, PICORT_DTYPE_FLOAT32, 3, out, PICORT_MEMORY_HOST};
  if (big_prefill(m, &in, 1, &o, 1) != PICORT_OK) { fprintf(stderr, "%s\n", picort_last_error()); return 1; }
  int64_t token = argmax(logits + 3 * vocab, vocab);
  printf("%lld", (long long)token);
  for (int k = 0; k < 2; k++) {
    int64_t one[2] = {1, 1}, oneOut[3] = {1, 1, vocab};
    picort_tensor step = {&token, PICORT_DTYPE_INT64, 2, one, PICORT_MEMORY_HOST};
    picort_tensor next = {logits, PICORT_DTYPE_FLOAT32, 3, oneOut, PICORT_MEMORY_HOST};
    if (big_decode(m, &step, 1, &next, 1) != PICORT_OK) { fprintf(stderr, "%s\n", picort_last_error()); return 1; }
    token = argmax(logits, vocab);
    printf(" %lld", (long long)token);
  }
  printf("\n");
  big_destroy(m);
  return 0;
}
C
cc -O2 -I"$work" -I"$root/runtime-lib/include" "$work/main.c" "$work/big.o" \
  "$root/build/lib/libpicort.a" -ldl -lpthread -lm -o "$work/big"
got="$("$work/big")"
want="$(cat "$work/case/next_tokens.txt")"
echo "executable of $(du -h "$work/big" | cut -f1) picked: $got (transformers: $want)"
[ "$got" = "$want" ]
"$bin/picoc-run" --timeout 900 "$work/case"
