/* run_model.c - runs one compiled model on its ONNX test case, checks it and times it.
 *
 *   cc -std=c11 -DMODEL=<name> -include <name>.h -I<runtime-lib/include> \
 *      run_model.c harness.c tensor_pb.c <name>.o -L<build>/lib -lpicort -lpthread -lm
 *   run_model <case dir> [--iters N]
 *
 * <name>.h is the header picoc writes next to <name>.o; MODEL selects its entry points
 * (<name>_create, <name>_run, <name>_destroy, <name>_desc). The program loads
 * test_data_set_0/input_K.pb, runs the model, compares each output with output_K.pb
 * (rtol 1e-3, atol 1e-6: see harness.h), runs it again (a second run must give the same answer), then times
 * it: 3 warm-up runs, then N runs (default: about 0.5 s worth), and prints the median.
 * Exit status 1 on any mismatch or error.
 */
#define _POSIX_C_SOURCE 200809L

#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MODEL
#error "compile with -DMODEL=<name> -include <name>.h"
#endif

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int run_once(picort_model *m, const harness_case *c) {
  int32_t st = MODEL_RUN(m, c->inputs, c->desc->num_inputs, c->outputs, c->desc->num_outputs);
  if (st != PICORT_OK) fprintf(stderr, "error: %s_run: status %d: %s\n", MODEL_NAME, (int)st,
                               picort_last_error());
  return st == PICORT_OK ? 0 : -1;
}

int main(int argc, char **argv) {
  const char *case_dir = NULL;
  long iters = 0; /* 0: enough for about 0.5 s */
  int usage_error = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--iters") == 0 && i + 1 < argc) iters = strtol(argv[++i], NULL, 10);
    else if (case_dir == NULL && argv[i][0] != '-') case_dir = argv[i];
    else usage_error = 1;
  }
  if (usage_error || case_dir == NULL || iters < 0) {
    fprintf(stderr, "usage: %s <case dir> [--iters N]\n", argv[0]);
    return 2;
  }

  harness_case c;
  if (harness_load(&MODEL_DESC.entries[0], case_dir, &c) != 0) return 1;
  picort_model *m = NULL;
  int32_t st = MODEL_CREATE(NULL, &m);
  if (st != PICORT_OK) {
    fprintf(stderr, "error: %s_create: status %d: %s\n", MODEL_NAME, (int)st, picort_last_error());
    harness_free(&c);
    return 1;
  }

  printf("model %s: %d input(s), %d output(s), case %s\n", MODEL_NAME,
         (int)MODEL_DESC.entries[0].num_inputs, (int)MODEL_DESC.entries[0].num_outputs, case_dir);
  int failures = 0;
  harness_poison_outputs(&c);
  if (run_once(m, &c) != 0) goto done;
  failures += harness_check(&c, "", 1);
  harness_poison_outputs(&c);
  if (run_once(m, &c) != 0) goto done;
  if (failures == 0) failures += harness_check(&c, "second run: ", 0);

  /* Timing: 3 warm-ups, of which the fastest sizes the default number of runs. */
  double fastest = 1e30;
  for (int w = 0; w < 3; w++) {
    double t0 = harness_now();
    if (run_once(m, &c) != 0) goto done;
    double t = harness_now() - t0;
    if (t < fastest) fastest = t;
  }
  if (iters == 0) {
    iters = (long)(0.5 / (fastest > 1e-7 ? fastest : 1e-7));
    if (iters < 5) iters = 5;
    if (iters > 100000) iters = 100000;
  }
  double *times = malloc((size_t)iters * sizeof *times);
  if (times == NULL) goto done;
  for (long i = 0; i < iters; i++) {
    double t0 = harness_now();
    if (run_once(m, &c) != 0) {
      free(times);
      goto done;
    }
    times[i] = harness_now() - t0;
  }
  qsort(times, (size_t)iters, sizeof *times, cmp_double);
  double median = iters % 2 ? times[iters / 2] : 0.5 * (times[iters / 2 - 1] + times[iters / 2]);
  /* Three significant digits, without an exponent: 12.345 ms, 0.123 ms, 0.00123 ms. */
  double ms = median * 1e3;
  int decimals = ms >= 1 ? 3 : ms > 0 ? 2 - (int)floor(log10(ms)) : 3;
  printf("time per run: %.*f ms (median of %ld)\n", decimals > 9 ? 9 : decimals, ms, iters);
  free(times);
  if (failures == 0) failures += harness_check(&c, "after the timed runs: ", 0);
  MODEL_DESTROY(m);
  harness_free(&c);
  return failures ? 1 : 0;

done:
  MODEL_DESTROY(m);
  harness_free(&c);
  return 1;
}
