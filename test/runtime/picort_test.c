/* picort_test.c - tests of libpicort through a hand-written model descriptor: two kernels
 * (arena = x * w; y = arena + 1), embedded and side-file weights, the input/output checks,
 * thread counts, repeated create/run/destroy, and a counting model that checks the chunking.
 * Prints one line per check, then "N passed, M failed"; exits 1 on any failure. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "picort.h"

#define N 1000
#define ARENA_OFFSET 64  /* the kernels' scratch lives at this arena offset */
#define WEIGHT_OFFSET 128 /* the weights blob starts with padding */

static int passed, failed;

static void check(int ok, const char *what) {
  printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
  if (ok) passed++;
  else failed++;
}

/* Checks a failing call's status and that its message contains `needle`. */
static void check_error(picort_status got, picort_status want, const char *needle,
                        const char *what) {
  int ok = got == want && strstr(picort_last_error(), needle) != NULL;
  printf("%s: %s (status %d, \"%s\")\n", ok ? "PASS" : "FAIL", what, (int)got,
         picort_last_error());
  if (ok) passed++;
  else failed++;
}

/* ---- the model ---- */

static void kernel_mul(void *const *args, int64_t begin, int64_t end) {
  float *scratch = args[0];
  const float *x = args[1], *w = args[2];
  for (int64_t i = begin; i < end; i++) scratch[i] = x[i] * w[i];
}

static void kernel_add1(void *const *args, int64_t begin, int64_t end) {
  float *y = args[0];
  const float *scratch = args[1];
  for (int64_t i = begin; i < end; i++) y[i] = scratch[i] + 1.0f;
}

static const int64_t shape_x[] = {4, 250};
static const int64_t shape_y[] = {N};
static const picort_tensor_desc inputs_desc[] = {{"x_in", PICORT_DTYPE_FLOAT32, 2, shape_x}};
static const picort_tensor_desc outputs_desc[] = {{"y_out", PICORT_DTYPE_FLOAT32, 1, shape_y}};
static const picort_arg args_mul[] = {
    {PICORT_ARG_ARENA, ARENA_OFFSET}, {PICORT_ARG_INPUT, 0}, {PICORT_ARG_WEIGHT, WEIGHT_OFFSET}};
static const picort_arg args_add1[] = {{PICORT_ARG_OUTPUT, 0}, {PICORT_ARG_ARENA, ARENA_OFFSET}};
static const picort_launch launches[] = {
    {"mul", kernel_mul, N, 16, 3, args_mul, {0, 0, 0}, {0, 0, 0}, 0},
    {"add1", kernel_add1, N, 16, 2, args_add1, {0, 0, 0}, {0, 0, 0}, 0},
};

static unsigned char weights_blob[WEIGHT_OFFSET + N * sizeof(float)];
static float x[N], y[N], expected[N];

static const picort_entry_desc entry_run = {
    .name = "run",
    .num_inputs = 1,
    .inputs = inputs_desc,
    .num_outputs = 1,
    .outputs = outputs_desc,
    .num_launches = 2,
    .launches = launches,
};

static picort_model_desc make_desc(void) {
  picort_model_desc d = {
      .abi_version = PICORT_ABI_VERSION,
      .name = "tiny",
      .num_entries = 1,
      .entries = &entry_run,
      .arena_bytes = ARENA_OFFSET + N * sizeof(float),
      .weights = weights_blob,
      .weights_bytes = sizeof weights_blob,
      .weights_file = NULL,
  };
  return d;
}

static void fill_data(void) {
  float w[N];
  for (int i = 0; i < N; i++) {
    x[i] = (float)(i % 17) - 8.0f;
    w[i] = 0.25f * (float)(i % 5) + 0.5f;
    expected[i] = x[i] * w[i] + 1.0f;
  }
  memset(weights_blob, 0xAB, WEIGHT_OFFSET);
  memcpy(weights_blob + WEIGHT_OFFSET, w, sizeof w);
}

/* Creates, runs once and destroys; returns 1 if y matches the expected values. */
static int run_model(const picort_model_desc *d, const picort_options *opt) {
  picort_model *m = NULL;
  if (picort_model_create(d, opt, &m) != PICORT_OK) {
    printf("  create failed: %s\n", picort_last_error());
    return 0;
  }
  picort_tensor in = {x, PICORT_DTYPE_FLOAT32, 2, shape_x, PICORT_MEMORY_HOST};
  picort_tensor out = {y, PICORT_DTYPE_FLOAT32, 1, shape_y, PICORT_MEMORY_HOST};
  memset(y, 0, sizeof y);
  picort_status st = picort_model_run(m, &in, 1, &out, 1);
  picort_model_destroy(m);
  if (st != PICORT_OK) printf("  run failed: %s\n", picort_last_error());
  return st == PICORT_OK && memcmp(y, expected, sizeof y) == 0;
}

static int write_file(const char *path, const void *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return 0;
  int ok = fwrite(data, 1, size, f) == size;
  return fclose(f) == 0 && ok;
}

/* ---- the checks ---- */

static void test_basics(void) {
  picort_model_desc d = make_desc();
  picort_options one = {1, NULL, 0}, four = {4, NULL, 0};
  check(run_model(&d, NULL), "embedded weights, default options");
  check(run_model(&d, &one), "embedded weights, 1 thread");
  check(run_model(&d, &four), "embedded weights, 4 threads");
  check(picort_dtype_size(PICORT_DTYPE_FLOAT32) == 4 && picort_dtype_size(PICORT_DTYPE_BOOL) == 1 &&
            picort_dtype_size(PICORT_DTYPE_BFLOAT16) == 2 && picort_dtype_size(99) == 0,
        "picort_dtype_size");
  check(picort_dtype_size(PICORT_DTYPE_INT4) == 0 && picort_dtype_bits(PICORT_DTYPE_INT4) == 4 &&
            picort_dtype_size(PICORT_DTYPE_FLOAT8E5M2) == 1 &&
            picort_tensor_bytes(PICORT_DTYPE_INT4, 35) == 18 &&
            picort_tensor_bytes(PICORT_DTYPE_UINT2, 15) == 4 &&
            picort_tensor_bytes(PICORT_DTYPE_FLOAT32, 3) == 12 && picort_tensor_bytes(99, 3) == 0,
        "picort_dtype_bits and picort_tensor_bytes (packed types round up)");
  check(strcmp(picort_dtype_name(PICORT_DTYPE_INT64), "int64") == 0 &&
            strcmp(picort_dtype_name(99), "unknown") == 0,
        "picort_dtype_name");

  picort_model *m = NULL;
  check(picort_model_create(&d, NULL, &m) == PICORT_OK && picort_model_get_desc(m) == &d,
        "picort_model_get_desc");
  picort_model_destroy(m);
  picort_model_destroy(NULL);
  check(1, "picort_model_destroy(NULL)");
}

static void test_side_file(void) {
  char dir[] = "/tmp/picort_test_XXXXXX", good[64], shrt[64], missing[64];
  if (mkdtemp(dir) == NULL) {
    check(0, "mkdtemp");
    return;
  }
  snprintf(good, sizeof good, "%s/weights.bin", dir);
  snprintf(shrt, sizeof shrt, "%s/short.bin", dir);
  snprintf(missing, sizeof missing, "%s/missing.bin", dir);
  check(write_file(good, weights_blob, sizeof weights_blob) &&
            write_file(shrt, weights_blob, sizeof weights_blob / 2),
        "write the side files");

  picort_model_desc d = make_desc();
  d.weights = NULL;
  picort_options opt = {2, good, 0};
  check(run_model(&d, &opt), "side file from options->weights_path");
  d.weights_file = good;
  check(run_model(&d, NULL), "side file from desc->weights_file");

  picort_model *m = (picort_model *)&d; /* must be reset to NULL on failure */
  opt.weights_path = missing;
  picort_status st = picort_model_create(&d, &opt, &m);
  check_error(st, PICORT_ERROR_IO, "missing.bin", "missing side file");
  check(m == NULL, "missing side file: *out is NULL");
  m = (picort_model *)&d;
  opt.weights_path = shrt;
  st = picort_model_create(&d, &opt, &m);
  check_error(st, PICORT_ERROR_IO, "short.bin", "too-short side file");
  check(m == NULL, "too-short side file: *out is NULL");
  /* A FIFO is refused at once, not waited on (nothing ever writes to it). */
  char fifo[64];
  snprintf(fifo, sizeof fifo, "%s/fifo.bin", dir);
  check(mkfifo(fifo, 0600) == 0, "mkfifo");
  m = (picort_model *)&d;
  opt.weights_path = fifo;
  st = picort_model_create(&d, &opt, &m);
  check_error(st, PICORT_ERROR_IO, "not a regular file", "a FIFO as the side file");
  check(m == NULL, "a FIFO as the side file: *out is NULL");

  unlink(fifo);
  unlink(good);
  unlink(shrt);
  rmdir(dir);
}

static void test_bad_create(void) {
  picort_model_desc d = make_desc();
  picort_model *m = (picort_model *)&d;
  d.abi_version = PICORT_ABI_VERSION + 1;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_ABI, "ABI version",
              "wrong abi_version");
  check(m == NULL, "wrong abi_version: *out is NULL");
  m = (picort_model *)&d;
  check_error(picort_model_create(NULL, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT, "desc",
              "NULL desc");
  check(m == NULL, "NULL desc: *out is NULL");
}

static void test_bad_run(void) {
  picort_model_desc d = make_desc();
  picort_model *m = NULL;
  if (picort_model_create(&d, NULL, &m) != PICORT_OK) {
    check(0, "create for the run checks");
    return;
  }
  const int64_t rank3[] = {4, 250, 1}, short_dim[] = {4, 249};
  picort_tensor in = {x, PICORT_DTYPE_FLOAT32, 2, shape_x, PICORT_MEMORY_HOST};
  picort_tensor out = {y, PICORT_DTYPE_FLOAT32, 1, shape_y, PICORT_MEMORY_HOST};
  picort_tensor bad;
  check(picort_model_run(m, &in, 1, &out, 1) == PICORT_OK, "valid run");

  check_error(picort_model_run(NULL, &in, 1, &out, 1), PICORT_ERROR_INVALID_ARGUMENT, "model",
              "NULL model");
  check_error(picort_model_run(m, NULL, 1, &out, 1), PICORT_ERROR_INVALID_ARGUMENT, "x_in",
              "NULL inputs pointer");
  check_error(picort_model_run(m, &in, 1, NULL, 1), PICORT_ERROR_INVALID_ARGUMENT, "y_out",
              "NULL outputs pointer");
  check_error(picort_model_run(m, &in, 2, &out, 1), PICORT_ERROR_INVALID_ARGUMENT, "x_in",
              "wrong input count");
  check_error(picort_model_run(m, &in, 1, &out, 0), PICORT_ERROR_INVALID_ARGUMENT, "y_out",
              "wrong output count");
  bad = in;
  bad.data = NULL;
  check_error(picort_model_run(m, &bad, 1, &out, 1), PICORT_ERROR_INVALID_ARGUMENT,
              "input 0 'x_in'", "NULL input data");
  bad = out;
  bad.data = NULL;
  check_error(picort_model_run(m, &in, 1, &bad, 1), PICORT_ERROR_INVALID_ARGUMENT,
              "output 0 'y_out'", "NULL output data");
  bad = in;
  bad.dtype = PICORT_DTYPE_INT32;
  check_error(picort_model_run(m, &bad, 1, &out, 1), PICORT_ERROR_DTYPE,
              "input 0 'x_in': expected dtype float32, got int32", "wrong input dtype");
  bad = out;
  bad.dtype = PICORT_DTYPE_FLOAT64;
  check_error(picort_model_run(m, &in, 1, &bad, 1), PICORT_ERROR_DTYPE, "y_out",
              "wrong output dtype");
  bad = in;
  bad.rank = 3;
  bad.shape = rank3;
  check_error(picort_model_run(m, &bad, 1, &out, 1), PICORT_ERROR_SHAPE, "x_in", "wrong rank");
  bad = in;
  bad.shape = NULL;
  check_error(picort_model_run(m, &bad, 1, &out, 1), PICORT_ERROR_INVALID_ARGUMENT, "x_in",
              "NULL shape");
  bad = in;
  bad.shape = short_dim;
  check_error(picort_model_run(m, &bad, 1, &out, 1), PICORT_ERROR_SHAPE,
              "input 0 'x_in': expected shape [4, 250], got [4, 249]", "wrong dim");
  picort_model_destroy(m);
}

static void test_threads_and_loop(void) {
  picort_model_desc d = make_desc();
  float y1[N];
  picort_options one = {1, NULL, 0}, four = {4, NULL, 0};
  int ok = run_model(&d, &one);
  memcpy(y1, y, sizeof y);
  ok = ok && run_model(&d, &four) && memcmp(y1, y, sizeof y) == 0;
  check(ok, "1 and 4 threads give identical results");

  ok = 1;
  for (int i = 0; i < 50 && ok; i++) ok = run_model(&d, i % 2 ? &four : &one);
  check(ok, "create/run/destroy x50");

  picort_model *m = NULL;
  ok = picort_model_create(&d, &four, &m) == PICORT_OK;
  picort_tensor in = {x, PICORT_DTYPE_FLOAT32, 2, shape_x, PICORT_MEMORY_HOST};
  picort_tensor out = {y, PICORT_DTYPE_FLOAT32, 1, shape_y, PICORT_MEMORY_HOST};
  for (int i = 0; i < 200 && ok; i++) {
    memset(y, 0, sizeof y);
    ok = picort_model_run(m, &in, 1, &out, 1) == PICORT_OK && memcmp(y, expected, sizeof y) == 0;
  }
  picort_model_destroy(m);
  check(ok, "one model, 4 threads, run x200");
}

/* A second model: no inputs, no arena, no weights; one launch counts its iterations, so each
 * element of the output must be 1 if the chunks cover [0, extent) exactly once. */
#define COUNT_N 100003

static void kernel_count(void *const *args, int64_t begin, int64_t end) {
  int32_t *counts = args[0];
  for (int64_t i = begin; i < end; i++) counts[i]++;
}

static void test_coverage(void) {
  static const int64_t shape_c[] = {COUNT_N};
  static const picort_tensor_desc out_desc[] = {{"counts", PICORT_DTYPE_INT32, 1, shape_c}};
  static const picort_arg args[] = {{PICORT_ARG_OUTPUT, 0}};
  static int32_t counts[COUNT_N];
  const int64_t grains[] = {1, 7, 1000, COUNT_N - 1, COUNT_N, 1 << 30};
  const int32_t threads[] = {1, 2, 3, 4, 8};
  int ok = 1;
  for (size_t g = 0; g < sizeof grains / sizeof grains[0]; g++) {
    picort_launch launch = {"count", kernel_count, COUNT_N, grains[g], 1,
                            args, {0, 0, 0}, {0, 0, 0}, 0};
    picort_entry_desc e = {"run", 0, NULL, 1, out_desc, 1, &launch, 0, NULL};
    picort_model_desc d = {PICORT_ABI_VERSION, "counter", 1, &e, 0, NULL, 0, NULL,
                           PICORT_DEVICE_CPU, 0, NULL};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
      picort_options opt = {threads[t], NULL, 0};
      picort_model *m = NULL;
      picort_tensor out = {counts, PICORT_DTYPE_INT32, 1, shape_c, PICORT_MEMORY_HOST};
      memset(counts, 0, sizeof counts);
      ok = ok && picort_model_create(&d, &opt, &m) == PICORT_OK &&
           picort_model_run(m, NULL, 0, &out, 1) == PICORT_OK;
      for (int i = 0; i < COUNT_N && ok; i++) ok = counts[i] == 1;
      picort_model_destroy(m);
    }
  }
  check(ok, "chunks cover the extent exactly once (grains x thread counts, no arena/weights)");

  picort_arg bad_args[] = {{PICORT_ARG_OUTPUT, 1}};
  picort_launch bad = {"count", kernel_count, COUNT_N, 1, 1, bad_args, {0, 0, 0}, {0, 0, 0}, 0};
  picort_entry_desc e = {"run", 0, NULL, 1, out_desc, 1, &bad, 0, NULL};
  picort_model_desc d = {PICORT_ABI_VERSION, "counter", 1, &e, 0, NULL, 0, NULL,
                         PICORT_DEVICE_CPU, 0, NULL};
  picort_model *m = (picort_model *)&d;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT, "'count'",
              "launch argument out of range");
  check(m == NULL, "launch argument out of range: *out is NULL");
  picort_options neg = {-1, NULL, 0};
  bad_args[0].index = 0;
  check_error(picort_model_create(&d, &neg, &m), PICORT_ERROR_INVALID_ARGUMENT, "num_threads",
              "negative num_threads");
  check(m == NULL, "negative num_threads: *out is NULL");
}

/* Writes its input's first element, as a byte, into the arena (a run-time check's fault). */
static void kernel_fault(void *const *args, int64_t begin, int64_t end) {
  unsigned char *fault = args[0];
  const int32_t *x = args[1];
  for (int64_t i = begin; i < end; i++) fault[i] = (unsigned char)x[0];
}

/* A check whose byte is nonzero after the run fails it with PICORT_ERROR_INDEX and its
 * message; a zero byte passes; a check outside the arena is refused at create. */
static void test_checks(void) {
  static const int64_t shape_x[] = {1};
  static const picort_tensor_desc in_desc[] = {{"x", PICORT_DTYPE_INT32, 1, shape_x}};
  static const picort_arg args[] = {{PICORT_ARG_ARENA, 0}, {PICORT_ARG_INPUT, 0}};
  picort_launch launch = {"fault", kernel_fault, 1, 1, 2, args, {0, 0, 0}, {0, 0, 0}, 0};
  picort_check checks[] = {{0, "Gather node 'emb': an index is out of range"}};
  picort_entry_desc e = {"run", 1, in_desc, 0, NULL, 1, &launch, 1, checks};
  picort_model_desc d = {PICORT_ABI_VERSION, "checked", 1, &e, 64, NULL, 0, NULL,
                         PICORT_DEVICE_CPU, 0, NULL};
  picort_model *m = NULL;
  check(picort_model_create(&d, NULL, &m) == PICORT_OK, "create a model with a check");
  int32_t x = 0;
  picort_tensor in = {&x, PICORT_DTYPE_INT32, 1, shape_x, PICORT_MEMORY_HOST};
  check(picort_model_run(m, &in, 1, NULL, 0) == PICORT_OK, "a run whose check byte is 0 passes");
  x = 1;
  check_error(picort_model_run(m, &in, 1, NULL, 0), PICORT_ERROR_INDEX, "node 'emb'",
              "a run whose check byte is set fails with the check's message");
  x = 0;
  check(picort_model_run(m, &in, 1, NULL, 0) == PICORT_OK, "the next good run passes again");
  picort_model_destroy(m);

  checks[0].arena_offset = 64;
  m = (picort_model *)&d;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT, "check 0",
              "a check past the arena is refused at create");
  check(m == NULL, "a refused create leaves *out NULL");
}

/* Two entry points over one arena and one weights blob: "scale" (y = x * w, through the
 * arena) and "shift" (y = arena + 1, reading what the last run of "scale" left there). Each
 * runs its own launches and checks its own interface; run_entry refuses an index that names
 * no entry, and find_entry finds them by name. */
static void test_entries(void) {
  static const picort_launch scale[] = {
      {"mul", kernel_mul, N, 16, 3, args_mul, {0, 0, 0}, {0, 0, 0}, 0}};
  static const picort_launch shift[] = {
      {"add1", kernel_add1, N, 16, 2, args_add1, {0, 0, 0}, {0, 0, 0}, 0}};
  static const picort_entry_desc entries[] = {
      {"scale", 1, inputs_desc, 0, NULL, 1, scale, 0, NULL},
      {"shift", 0, NULL, 1, outputs_desc, 1, shift, 0, NULL},
  };
  picort_model_desc d = make_desc();
  d.num_entries = 2;
  d.entries = entries;
  picort_model *m = NULL;
  check(picort_model_create(&d, NULL, &m) == PICORT_OK, "create a model of two entry points");
  check(picort_model_find_entry(&d, "shift") == 1 && picort_model_find_entry(&d, "scale") == 0,
        "find_entry finds each entry point by name");
  check(picort_model_find_entry(&d, "run") == -1 && strstr(picort_last_error(), "'shift'"),
        "find_entry of a missing name is -1 and lists the names");
  picort_tensor in = {x, PICORT_DTYPE_FLOAT32, 2, shape_x, PICORT_MEMORY_HOST};
  picort_tensor out = {y, PICORT_DTYPE_FLOAT32, 1, shape_y, PICORT_MEMORY_HOST};
  memset(y, 0, sizeof y);
  check(picort_model_run_entry(m, 0, &in, 1, NULL, 0) == PICORT_OK &&
            picort_model_run_entry(m, 1, NULL, 0, &out, 1) == PICORT_OK &&
            memcmp(y, expected, sizeof y) == 0,
        "scale then shift computes x * w + 1 through the shared arena");
  check_error(picort_model_run_entry(m, 1, &in, 1, &out, 1), PICORT_ERROR_INVALID_ARGUMENT,
              "expected 0 input", "an entry checks its own inputs");
  check_error(picort_model_run_entry(m, 2, NULL, 0, &out, 1), PICORT_ERROR_INVALID_ARGUMENT,
              "no entry 2", "an entry index out of range is refused");
  check_error(picort_model_run(m, NULL, 0, &out, 1), PICORT_ERROR_INVALID_ARGUMENT,
              "expected 1 input", "picort_model_run runs entry 0");
  picort_model_destroy(m);
  d.num_entries = 0;
  m = (picort_model *)&d;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT, "entry point",
              "a model without entry points is refused at create");
  check(m == NULL, "a refused create leaves *out NULL");
}

int main(void) {
  fill_data();
  test_entries();
  test_basics();
  test_side_file();
  test_bad_create();
  test_bad_run();
  test_threads_and_loop();
  test_coverage();
  test_checks();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
