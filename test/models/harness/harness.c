/* harness.c - loading, running and checking a test case for a compiled model (harness.h). */
#define _POSIX_C_SOURCE 200809L

#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double harness_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Reads <dir>/<prefix>K.pb for K = 0, 1, ... until one is missing. Returns the count, or -1. */
static int load_files(const char *dir, const char *prefix, tensor_pb **out) {
  int n = 0;
  *out = NULL;
  for (;;) {
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/test_data_set_0/%s%d.pb", dir, prefix, n);
    FILE *probe = fopen(path, "rb");
    if (probe == NULL) return n;
    fclose(probe);
    tensor_pb *grown = realloc(*out, (size_t)(n + 1) * sizeof **out);
    if (grown == NULL) return -1;
    *out = grown;
    if (tensor_pb_read(path, &grown[n], err, sizeof err) != 0) {
      fprintf(stderr, "error: %s\n", err);
      for (int i = 0; i < n; i++) tensor_pb_free(&grown[i]);
      return -1;
    }
    n++;
  }
}

/* For each of the desc's `n` tensors, the index of its file in `files` (-1: none), into
 * `out`: by name when every file has a name and every name the desc lists is among them;
 * else by position when the counts agree; else by name as far as it goes. */
static void match_files(const tensor_pb *files, int num, const picort_tensor_desc *descs,
                        int32_t n, int *out) {
  int all_named = 1, all_found;
  for (int f = 0; f < num; f++)
    if (files[f].name[0] == '\0') all_named = 0;
  all_found = all_named;
  for (int32_t i = 0; i < n; i++) {
    out[i] = -1;
    for (int f = 0; f < num && all_named; f++)
      if (descs[i].name != NULL && strcmp(files[f].name, descs[i].name) == 0) out[i] = f;
    if (out[i] < 0) all_found = 0;
  }
  if (!all_found && num == n)
    for (int32_t i = 0; i < n; i++) out[i] = i;
}

static const char *name_or(const char *name) { return name != NULL ? name : "?"; }

/* The `normwise X` line of <case_dir>/tolerance (comments after '#'), or 0. */
static double read_normwise(const char *case_dir) {
  char path[4096], line[256];
  snprintf(path, sizeof path, "%s/tolerance", case_dir);
  FILE *f = fopen(path, "r");
  double x = 0;
  while (f != NULL && fgets(line, sizeof line, f) != NULL) {
    char *hash = strchr(line, '#');
    if (hash != NULL) *hash = '\0';
    if (sscanf(line, " normwise %lf", &x) == 1) break;
    x = 0;
  }
  if (f != NULL) fclose(f);
  return x > 0 ? x : 0;
}

int harness_load(const picort_entry_desc *desc, const char *case_dir, harness_case *c) {
  memset(c, 0, sizeof *c);
  c->desc = desc;
  c->normwise = read_normwise(case_dir);
  c->num_files_in = load_files(case_dir, "input_", &c->files_in);
  c->num_files_out = c->num_files_in < 0 ? -1 : load_files(case_dir, "output_", &c->files_out);
  if (c->num_files_in < 0 || c->num_files_out < 0) goto fail;
  if (c->num_files_out == 0) {
    fprintf(stderr, "error: no %s/test_data_set_0/output_0.pb\n", case_dir);
    goto fail;
  }
  c->inputs = calloc((size_t)desc->num_inputs + 1, sizeof *c->inputs);
  c->outputs = calloc((size_t)desc->num_outputs + 1, sizeof *c->outputs);
  c->ref_of_output = calloc((size_t)desc->num_outputs + 1, sizeof *c->ref_of_output);
  int *file_of_input = calloc((size_t)desc->num_inputs + 1, sizeof *file_of_input);
  if (!c->inputs || !c->outputs || !c->ref_of_output || !file_of_input) {
    free(file_of_input);
    goto oom;
  }
  match_files(c->files_in, c->num_files_in, desc->inputs, desc->num_inputs, file_of_input);
  match_files(c->files_out, c->num_files_out, desc->outputs, desc->num_outputs, c->ref_of_output);
  for (int32_t i = 0; i < desc->num_inputs; i++) {
    int f = file_of_input[i];
    if (f < 0) {
      free(file_of_input);
      fprintf(stderr, "error: model input %d '%s' has no input_K.pb in %s/test_data_set_0\n",
              (int)i, name_or(desc->inputs[i].name), case_dir);
      goto fail;
    }
    tensor_pb *t = &c->files_in[f];
    c->inputs[i] = (picort_tensor){t->data, t->dtype, t->rank, t->shape};
  }
  free(file_of_input);
  for (int32_t o = 0; o < desc->num_outputs; o++) {
    const picort_tensor_desc *d = &desc->outputs[o];
    size_t bytes = picort_dtype_size(d->dtype);
    for (int32_t k = 0; k < d->rank; k++) bytes *= (size_t)d->shape[k];
    void *data = malloc(bytes > 0 ? bytes : 1);
    if (data == NULL) goto oom;
    c->outputs[o] = (picort_tensor){data, d->dtype, d->rank, d->shape};
  }
  for (int k = 0; k < c->num_files_out; k++) {
    int used = 0;
    for (int32_t o = 0; o < desc->num_outputs; o++) used |= c->ref_of_output[o] == k;
    if (!used) {
      fprintf(stderr, "error: reference output_%d.pb '%s' matches no output of the model\n", k,
              c->files_out[k].name);
      goto fail;
    }
  }
  return 0;
oom:
  fprintf(stderr, "error: out of memory\n");
fail:
  harness_free(c);
  return -1;
}

void harness_poison_outputs(const harness_case *c) {
  for (int32_t o = 0; o < c->desc->num_outputs; o++) {
    const picort_tensor *t = &c->outputs[o];
    size_t bytes = picort_dtype_size(t->dtype);
    for (int32_t k = 0; k < t->rank; k++) bytes *= (size_t)t->shape[k];
    memset(t->data, 0xFF, bytes);
  }
}

/* Element i as a double; *exact_bits gets its raw bits for exact integer comparison. */
static double element(const void *data, int32_t dtype, int64_t i, uint64_t *exact_bits) {
  const unsigned char *p = data;
  size_t size = picort_dtype_size(dtype);
  uint64_t bits = 0;
  for (size_t b = 0; b < size; b++) bits |= (uint64_t)p[(size_t)i * size + b] << (8 * b);
  *exact_bits = bits;
  switch (dtype) {
  case PICORT_DTYPE_FLOAT32: { float f; uint32_t u = (uint32_t)bits; memcpy(&f, &u, 4); return f; }
  case PICORT_DTYPE_FLOAT64: { double d; memcpy(&d, &bits, 8); return d; }
  case PICORT_DTYPE_BFLOAT16: {
    float f;
    uint32_t u = (uint32_t)bits << 16;
    memcpy(&f, &u, 4);
    return f;
  }
  case PICORT_DTYPE_FLOAT16: {
    int e = (int)(bits >> 10) & 0x1f, m = (int)(bits & 0x3ff);
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(m | 0x400, e - 25);
    return (bits >> 15) ? -v : v;
  }
  case PICORT_DTYPE_INT8: return (int8_t)bits;
  case PICORT_DTYPE_INT16: return (int16_t)bits;
  case PICORT_DTYPE_INT32: return (int32_t)bits;
  case PICORT_DTYPE_INT64: return (double)(int64_t)bits;
  default: return (double)bits;
  }
}

static int is_float(int32_t dtype) {
  return dtype == PICORT_DTYPE_FLOAT32 || dtype == PICORT_DTYPE_FLOAT64 ||
         dtype == PICORT_DTYPE_FLOAT16 || dtype == PICORT_DTYPE_BFLOAT16;
}

/* Prints flat index i of `shape` as "[a, b, c]". */
static void print_index(const int64_t *shape, int32_t rank, int64_t i) {
  int64_t ix[TENSOR_PB_MAX_RANK];
  for (int32_t k = rank - 1; k >= 0; k--) {
    int64_t d = shape[k] > 0 ? shape[k] : 1;
    ix[k] = i % d;
    i /= d;
  }
  printf("[");
  for (int32_t k = 0; k < rank; k++) printf("%s%lld", k ? ", " : "", (long long)ix[k]);
  printf("]");
}

int harness_check(const harness_case *c, const char *label, int print) {
  int failures = 0;
  for (int32_t o = 0; o < c->desc->num_outputs; o++) {
    int r = c->ref_of_output[o];
    if (r < 0) continue;
    const picort_tensor *got = &c->outputs[o];
    const tensor_pb *ref = &c->files_out[r];
    const char *name = name_or(c->desc->outputs[o].name);
    int same_shape = got->rank == ref->rank && got->dtype == ref->dtype;
    for (int32_t k = 0; same_shape && k < got->rank; k++)
      same_shape = got->shape[k] == ref->shape[k];
    if (!same_shape) {
      printf("%soutput %d '%s': the model produces %s of rank %d, the reference is %s of rank %d "
             "(FAIL)\n", label, (int)o, name, picort_dtype_name(got->dtype), (int)got->rank,
             picort_dtype_name(ref->dtype), (int)ref->rank);
      failures++;
      continue;
    }
    if (c->normwise > 0 && is_float(ref->dtype)) {
      double max_err = 0, max_ref = 0;
      for (int64_t i = 0; i < ref->count; i++) {
        uint64_t gb, eb;
        double g = element(got->data, got->dtype, i, &gb), e = element(ref->data, ref->dtype, i, &eb);
        double err = fabs(g - e);
        if (!(err <= max_err)) max_err = err; /* NaN sticks: it fails the check below */
        if (fabs(e) > max_ref) max_ref = fabs(e);
      }
      int ok = max_err <= c->normwise * max_ref;
      if (print || !ok)
        printf("%soutput %d '%s': normwise err %.1e (%s, tolerance %.0e)\n", label, (int)o, name,
               max_ref > 0 ? max_err / max_ref : max_err, ok ? "PASS" : "FAIL", c->normwise);
      failures += !ok;
      continue;
    }
    double max_rel = 0, worst_badness = 0;
    int64_t bad = 0, worst = -1;
    for (int64_t i = 0; i < ref->count; i++) {
      uint64_t gb, eb;
      double g = element(got->data, got->dtype, i, &gb), e = element(ref->data, ref->dtype, i, &eb);
      double badness = 0;
      if (!is_float(ref->dtype)) {
        badness = gb == eb ? 0 : INFINITY;
      } else if (isnan(e) || isnan(g) || isinf(e) || isinf(g)) {
        badness = (isnan(e) && isnan(g)) || g == e ? 0 : INFINITY;
      } else {
        double err = fabs(g - e), allowed = HARNESS_ATOL + HARNESS_RTOL * fabs(e);
        if (e != 0 && err / fabs(e) > max_rel) max_rel = err / fabs(e);
        badness = err > allowed ? err / allowed : 0;
      }
      if (badness > 0) {
        if (bad == 0 || badness > worst_badness) worst = i, worst_badness = badness;
        bad++;
      }
    }
    if (bad == 0) {
      if (print)
        printf("%soutput %d '%s': max rel err %.1e (PASS)\n", label, (int)o, name, max_rel);
      continue;
    }
    uint64_t gb, eb;
    printf("%soutput %d '%s': max rel err %.1e, %lld of %lld elements differ, worst at ", label,
           (int)o, name, max_rel, (long long)bad, (long long)ref->count);
    print_index(ref->shape, ref->rank, worst);
    printf(": got %.9g expected %.9g (FAIL)\n", element(got->data, got->dtype, worst, &gb),
           element(ref->data, ref->dtype, worst, &eb));
    failures++;
  }
  return failures;
}

void harness_free(harness_case *c) {
  for (int i = 0; i < c->num_files_in; i++) tensor_pb_free(&c->files_in[i]);
  for (int i = 0; i < c->num_files_out; i++) tensor_pb_free(&c->files_out[i]);
  if (c->outputs != NULL)
    for (int32_t o = 0; o < c->desc->num_outputs; o++) free(c->outputs[o].data);
  free(c->files_in);
  free(c->files_out);
  free(c->inputs);
  free(c->outputs);
  free(c->ref_of_output);
  memset(c, 0, sizeof *c);
}
