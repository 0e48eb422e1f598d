/* entries.c - one object with two entry points (picoc A=a.onnx B=b.onnx -o <model>.o): creates
 * the model once, runs entry A, entry B, then A again (the entry points share the arena and
 * the weights; a run of one must not disturb the other's results), and checks each against its
 * own case's reference. Entry points are called through the header's functions and found in
 * the desc by name. On a machine without a GPU, a GPU model's create fails with
 * PICORT_ERROR_DEVICE, which is reported and leaves it unrun (the link is what is checked).
 *
 *   cc -std=c11 -DMODEL=<model> -DENTRY_A=<a> -DENTRY_B=<b> -include <model>.h \
 *      -I<runtime-lib/include> entries.c harness.c tensor_pb.c <model>.o \
 *      -L<build>/lib -lpicort -lpthread -lm
 *   entries <case dir of a> <case dir of b>
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#if !defined(MODEL) || !defined(ENTRY_A) || !defined(ENTRY_B)
#error "compile with -DMODEL=<model> -DENTRY_A=<a> -DENTRY_B=<b> -include <model>.h"
#endif

#define ENTRY(e) HARNESS_PASTE(MODEL, HARNESS_PASTE(_, e))

static int report(const char *what, int32_t st) {
  if (st != PICORT_OK)
    fprintf(stderr, "error: %s: status %d: %s\n", what, (int)st, picort_last_error());
  return st != PICORT_OK;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <case dir of %s> <case dir of %s>\n", argv[0],
            HARNESS_STR(ENTRY_A), HARNESS_STR(ENTRY_B));
    return 2;
  }
  const picort_model_desc *d = &MODEL_DESC;
  int32_t ea = picort_model_find_entry(d, HARNESS_STR(ENTRY_A));
  int32_t eb = picort_model_find_entry(d, HARNESS_STR(ENTRY_B));
  if (d->num_entries != 2 || ea < 0 || eb < 0 || ea == eb) {
    fprintf(stderr, "error: expected entry points '%s' and '%s' (%d entries): %s\n",
            HARNESS_STR(ENTRY_A), HARNESS_STR(ENTRY_B), (int)d->num_entries,
            picort_last_error());
    return 1;
  }
  printf("%s: %d entry points, %llu bytes of weights, %llu bytes of arena\n", MODEL_NAME,
         (int)d->num_entries, (unsigned long long)d->weights_bytes,
         (unsigned long long)d->arena_bytes);
  harness_case ca, cb;
  if (harness_load(&d->entries[ea], argv[1], &ca) != 0) return 1;
  if (harness_load(&d->entries[eb], argv[2], &cb) != 0) {
    harness_free(&ca);
    return 1;
  }
  picort_model *m = NULL;
  int32_t st = MODEL_CREATE(NULL, &m);
  int errors = 0;
  if (st == PICORT_ERROR_DEVICE && d->device == PICORT_DEVICE_CUDA) {
    printf("%s: not run: %s\n", MODEL_NAME, picort_last_error());
  } else if (!report(MODEL_NAME "_create", st)) {
    const char *na = MODEL_NAME "_" HARNESS_STR(ENTRY_A), *nb = MODEL_NAME "_" HARNESS_STR(ENTRY_B);
    harness_poison_outputs(&ca);
    errors += report(na, ENTRY(ENTRY_A)(m, ca.inputs, ca.desc->num_inputs, ca.outputs,
                                         ca.desc->num_outputs));
    errors += errors ? 0 : harness_check(&ca, "A: ", 1);
    harness_poison_outputs(&cb);
    errors += report(nb, ENTRY(ENTRY_B)(m, cb.inputs, cb.desc->num_inputs, cb.outputs,
                                         cb.desc->num_outputs));
    errors += errors ? 0 : harness_check(&cb, "B: ", 1);
    harness_poison_outputs(&ca);
    errors += report(na, ENTRY(ENTRY_A)(m, ca.inputs, ca.desc->num_inputs, ca.outputs,
                                         ca.desc->num_outputs));
    errors += errors ? 0 : harness_check(&ca, "A again: ", 1);
  }
  MODEL_DESTROY(m);
  harness_free(&ca);
  harness_free(&cb);
  printf("%s\n", errors ? "FAIL" : "PASS");
  return errors ? 1 : 0;
}
