/* two_models.c - links two compiled models into one program, to prove that their --name
 * prefixes keep them apart: creates both, runs each once (interleaved) and checks each against
 * its own reference. Either may be a GPU model: where no GPU is visible its create fails with
 * PICORT_ERROR_DEVICE, which is reported and leaves it unrun (the link is what is checked).
 *
 *   cc -std=c11 -DMODEL_A=<a> -DMODEL_B=<b> -include <a>.h -include <b>.h \
 *      -I<runtime-lib/include> two_models.c harness.c tensor_pb.c <a>.o <b>.o \
 *      -L<build>/lib -lpicort -lpthread -lm
 *   two_models <case dir of a> <case dir of b>
 */
#include "harness.h"

#include <stdio.h>

#if !defined(MODEL_A) || !defined(MODEL_B)
#error "compile with -DMODEL_A=<a> -DMODEL_B=<b> -include <a>.h -include <b>.h"
#endif

#define A(suffix) HARNESS_PASTE(MODEL_A, suffix)
#define B(suffix) HARNESS_PASTE(MODEL_B, suffix)

static int report(const char *what, int32_t st) {
  if (st != PICORT_OK)
    fprintf(stderr, "error: %s: status %d: %s\n", what, (int)st, picort_last_error());
  return st != PICORT_OK;
}

/* A create's outcome: an error, except a GPU model's PICORT_ERROR_DEVICE (no GPU here). */
static int create(const char *name, const picort_model_desc *desc, int32_t st) {
  if (st == PICORT_ERROR_DEVICE && desc->device == PICORT_DEVICE_CUDA) {
    printf("%s: not run: %s\n", name, picort_last_error());
    return 0;
  }
  char what[160];
  snprintf(what, sizeof what, "%s_create", name);
  return report(what, st);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <case dir of %s> <case dir of %s>\n", argv[0],
            HARNESS_STR(MODEL_A), HARNESS_STR(MODEL_B));
    return 2;
  }
  harness_case ca, cb;
  if (harness_load(&A(_desc).entries[0], argv[1], &ca) != 0) return 1;
  if (harness_load(&B(_desc).entries[0], argv[2], &cb) != 0) {
    harness_free(&ca);
    return 1;
  }
  picort_model *ma = NULL, *mb = NULL;
  int errors = create(HARNESS_STR(MODEL_A), &A(_desc), A(_create)(NULL, &ma));
  errors += create(HARNESS_STR(MODEL_B), &B(_desc), B(_create)(NULL, &mb));
  if (errors == 0) {
    harness_poison_outputs(&ca);
    harness_poison_outputs(&cb);
    if (ma)
      errors += report(HARNESS_STR(MODEL_A) "_run", A(_run)(ma, ca.inputs, ca.desc->num_inputs,
                                                           ca.outputs, ca.desc->num_outputs));
    if (mb)
      errors += report(HARNESS_STR(MODEL_B) "_run", B(_run)(mb, cb.inputs, cb.desc->num_inputs,
                                                           cb.outputs, cb.desc->num_outputs));
  }
  if (errors == 0 && ma)
    errors += harness_check(&ca, HARNESS_STR(MODEL_A) ": ", 1);
  if (errors == 0 && mb)
    errors += harness_check(&cb, HARNESS_STR(MODEL_B) ": ", 1);
  A(_destroy)(ma);
  B(_destroy)(mb);
  harness_free(&ca);
  harness_free(&cb);
  printf("%s\n", errors ? "FAIL" : "PASS");
  return errors ? 1 : 0;
}
