/* bad_calls.c - a compiled model's entry points refuse bad calls with a status and a message.
 *
 *   cc -std=c11 -DMODEL=<name> -include <name>.h -I<runtime-lib/include> \
 *      bad_calls.c harness.c tensor_pb.c <name>.o -L<build>/lib -lpicort -lpthread -lm
 *   bad_calls <case dir> <weights side file>
 *
 * The model must be compiled with --weights=external (its side file is the second argument).
 * Checks: create with a NULL out pointer, a missing and a too-short side file (*out stays
 * NULL); run with a NULL model, NULL tensor arrays, wrong counts, a NULL data pointer, a wrong
 * dtype, rank and dim for an input and an output. Every refusal must return the documented
 * status, leave a message naming what is wrong, and leave the model usable: a valid run at
 * the end must still match the reference. Run it under valgrind or LeakSanitizer to check
 * that failed creates leak nothing. Exit status 1 on any failed check.
 */
#define _POSIX_C_SOURCE 200809L

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MODEL
#error "compile with -DMODEL=<name> -include <name>.h"
#endif

static int failures = 0;

/* A call must have returned `want` and left a message that contains `needle`. */
static void expect(int32_t got, int32_t want, const char *needle, const char *what) {
  const char *message = picort_last_error();
  int ok = got == want && message != NULL && strstr(message, needle) != NULL;
  printf("%s %s: status %d, \"%s\"\n", ok ? "ok  " : "FAIL", what, (int)got,
         message ? message : "(null)");
  if (!ok) failures++;
}

static int write_bytes(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return -1;
  size_t w = fwrite(data, 1, n, f);
  return fclose(f) == 0 && w == n ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <case dir> <weights side file>\n", argv[0]);
    return 2;
  }
  const char *weights = argv[2];
  harness_case c;
  if (harness_load(&MODEL_DESC.entries[0], argv[1], &c) != 0) return 1;
  const picort_entry_desc *d = &MODEL_DESC.entries[0];
  int32_t n_in = d->num_inputs, n_out = d->num_outputs;

  /* create */
  expect(MODEL_CREATE(weights, NULL), PICORT_ERROR_INVALID_ARGUMENT, "NULL",
         "create with out == NULL");
  picort_model *m = (picort_model *)&c; /* must be overwritten with NULL on failure */
  expect(MODEL_CREATE("/nonexistent/model.weights", &m), PICORT_ERROR_IO, "nonexistent",
         "create with a missing side file");
  if (m != NULL) printf("FAIL missing side file: *out is not NULL\n"), failures++;
  char shortFile[] = "/tmp/picoc-bad-calls-XXXXXX";
  int fd = mkstemp(shortFile);
  if (fd >= 0) {
    close(fd);
    write_bytes(shortFile, "tiny", 4);
    m = (picort_model *)&c;
    expect(MODEL_CREATE(shortFile, &m), PICORT_ERROR_IO, "holds 4 bytes",
           "create with a short side file");
    if (m != NULL) printf("FAIL short side file: *out is not NULL\n"), failures++;
    unlink(shortFile);
  }

  m = NULL;
  int32_t st = MODEL_CREATE(weights, &m);
  if (st != PICORT_OK || m == NULL) {
    fprintf(stderr, "error: create with %s: %s\n", weights, picort_last_error());
    harness_free(&c);
    return 1;
  }

  /* run: pointers and counts */
  expect(MODEL_RUN(NULL, c.inputs, n_in, c.outputs, n_out), PICORT_ERROR_INVALID_ARGUMENT,
         "NULL", "run with model == NULL");
  expect(MODEL_RUN(m, NULL, n_in, c.outputs, n_out), PICORT_ERROR_INVALID_ARGUMENT, "input",
         "run with inputs == NULL");
  expect(MODEL_RUN(m, c.inputs, n_in, NULL, n_out), PICORT_ERROR_INVALID_ARGUMENT, "output",
         "run with outputs == NULL");
  expect(MODEL_RUN(m, c.inputs, n_in + 1, c.outputs, n_out), PICORT_ERROR_INVALID_ARGUMENT,
         "input", "run with one input too many");
  expect(MODEL_RUN(m, c.inputs, n_in, c.outputs, n_out - 1), PICORT_ERROR_INVALID_ARGUMENT,
         "output", "run with one output too few");

  /* run: one bad tensor at a time, named in the message */
  picort_tensor in0 = c.inputs[0], out0 = c.outputs[0];
  const char *inName = d->inputs[0].name, *outName = d->outputs[0].name;
  c.inputs[0].data = NULL;
  expect(MODEL_RUN(m, c.inputs, n_in, c.outputs, n_out), PICORT_ERROR_INVALID_ARGUMENT, inName,
         "input 0 with data == NULL");
  c.inputs[0] = in0;
  c.inputs[0].dtype = in0.dtype == PICORT_DTYPE_FLOAT32 ? PICORT_DTYPE_INT32 : PICORT_DTYPE_FLOAT32;
  expect(MODEL_RUN(m, c.inputs, n_in, c.outputs, n_out), PICORT_ERROR_DTYPE, inName,
         "input 0 with another dtype");
  c.inputs[0] = in0;
  c.inputs[0].rank = in0.rank + 1;
  expect(MODEL_RUN(m, c.inputs, n_in, c.outputs, n_out), PICORT_ERROR_SHAPE, inName,
         "input 0 with another rank");
  c.inputs[0] = in0;
  int64_t shape[16];
  memcpy(shape, in0.shape, sizeof(int64_t) * (size_t)in0.rank);
  shape[0] += 1;
  c.inputs[0].shape = shape;
  expect(MODEL_RUN(m, c.inputs, n_in, c.outputs, n_out), PICORT_ERROR_SHAPE, inName,
         "input 0 with another dim");
  c.inputs[0] = in0;
  c.outputs[0].dtype = PICORT_DTYPE_INT8;
  expect(MODEL_RUN(m, c.inputs, n_in, c.outputs, n_out), PICORT_ERROR_DTYPE, outName,
         "output 0 with another dtype");
  c.outputs[0] = out0;
  c.outputs[0].rank = 0;
  expect(MODEL_RUN(m, c.inputs, n_in, c.outputs, n_out), PICORT_ERROR_SHAPE, outName,
         "output 0 with another rank");
  c.outputs[0] = out0;

  /* The model still works after all of that. */
  harness_poison_outputs(&c);
  st = MODEL_RUN(m, c.inputs, n_in, c.outputs, n_out);
  if (st != PICORT_OK) {
    printf("FAIL valid run after the bad calls: %s\n", picort_last_error());
    failures++;
  } else {
    failures += harness_check(&c, "after the bad calls: ", 1);
  }
  MODEL_DESTROY(m);
  MODEL_DESTROY(NULL);
  harness_free(&c);
  printf("%s\n", failures ? "bad calls: FAILED" : "bad calls: all refused as documented");
  return failures ? 1 : 0;
}
