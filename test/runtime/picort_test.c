/* picort_test.c - tests of libpicort through a hand-written model descriptor: two kernels
 * (arena = x * w; y = arena + 1), embedded and side-file weights, the input/output checks,
 * thread counts, repeated create/run/destroy, a counting model that checks the chunking, and a
 * model of one run-time dim (runs at several values, its bounds, output shapes, desc checks), a
 * loop of the plan.
 * Prints one line per check, then "N passed, M failed"; exits 1 on any failure. */
#define _POSIX_C_SOURCE 200809L

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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
static const picort_tensor_desc inputs_desc[] = {{"x_in", PICORT_DTYPE_FLOAT32, 2, shape_x, NULL, 0, 0}};
static const picort_tensor_desc outputs_desc[] = {
    {"y_out", PICORT_DTYPE_FLOAT32, 1, shape_y, NULL, 0, 0}};
static const picort_arg args_mul[] = {
    {PICORT_ARG_ARENA, ARENA_OFFSET}, {PICORT_ARG_INPUT, 0}, {PICORT_ARG_WEIGHT, WEIGHT_OFFSET}};
static const picort_arg args_add1[] = {{PICORT_ARG_OUTPUT, 0}, {PICORT_ARG_ARENA, ARENA_OFFSET}};
static const picort_launch launches[] = {
    {"mul", kernel_mul, N, 16, 3, args_mul, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0},
    {"add1", kernel_add1, N, 16, 2, args_add1, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0},
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

/* Counts like kernel_count and records which thread ran each index; the chunk at 0 first
 * sleeps 50 ms, so the other threads finish their ranges and take the rest of the first one. */
static atomic_int next_thread_id;
static int32_t ran_by[COUNT_N];

static void kernel_slow_start(void *const *args, int64_t begin, int64_t end) {
  static _Thread_local int id = -1;
  if (id < 0) id = atomic_fetch_add(&next_thread_id, 1);
  if (begin == 0) {
    struct timespec nap = {0, 50 * 1000 * 1000};
    nanosleep(&nap, NULL);
  }
  int32_t *counts = args[0];
  for (int64_t i = begin; i < end; i++) {
    counts[i]++;
    ran_by[i] = id;
  }
}

static const int64_t count_shape[] = {COUNT_N};
static const picort_tensor_desc count_desc[] = {
    {"counts", PICORT_DTYPE_INT32, 1, count_shape, NULL, 0, 0}};
static const picort_arg count_args[] = {{PICORT_ARG_OUTPUT, 0}};
static int32_t counts[COUNT_N];

/* Runs one launch of `fn` over [0, COUNT_N) in a model of `threads` threads, counts zeroed
 * first; returns whether every index ran exactly once. */
static int count_once(picort_kernel_fn fn, int64_t grain, int32_t threads) {
  picort_launch launch = {"count", fn, COUNT_N, grain, 1,
                          count_args, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0};
  picort_entry_desc e = {"run", 0, NULL, 1, count_desc, 1, &launch, 0, NULL, 0, NULL, 0, NULL};
  picort_model_desc d = {PICORT_ABI_VERSION, "counter", 1, &e, 0, NULL, 0, NULL,
                         PICORT_DEVICE_CPU, 0, NULL, 0, NULL, 0, NULL};
  picort_options opt = {threads, NULL, 0};
  picort_model *m = NULL;
  picort_tensor out = {counts, PICORT_DTYPE_INT32, 1, count_shape, PICORT_MEMORY_HOST};
  memset(counts, 0, sizeof counts);
  int ok = picort_model_create(&d, &opt, &m) == PICORT_OK &&
           picort_model_run(m, NULL, 0, &out, 1) == PICORT_OK;
  for (int i = 0; i < COUNT_N && ok; i++) ok = counts[i] == 1;
  picort_model_destroy(m);
  return ok;
}

static void test_coverage(void) {
  const int64_t grains[] = {1, 7, 1000, COUNT_N - 1, COUNT_N, 1 << 30};
  const int32_t threads[] = {1, 2, 3, 4, 8};
  int ok = 1;
  for (size_t g = 0; g < sizeof grains / sizeof grains[0]; g++)
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++)
      ok = ok && count_once(kernel_count, grains[g], threads[t]);
  check(ok, "chunks cover the extent exactly once (grains x thread counts, no arena/weights)");

  /* A thread held up in its first chunk: the others take its range's remaining chunks (the
   * first thread's range is the first 1/threads of the indices). */
  int taken = 1;
  ok = 1;
  for (int32_t threads_n = 2; threads_n <= 4; threads_n += 2) {
    ok = ok && count_once(kernel_slow_start, 1, threads_n);
    int other = 0;
    for (int i = 1; i < COUNT_N / threads_n; i++) other |= ran_by[i] != ran_by[0];
    taken = taken && other;
  }
  check(ok, "a thread held up: the chunks still cover the extent exactly once");
  check(taken, "a thread held up: the others take chunks of its range");

  picort_arg bad_args[] = {{PICORT_ARG_OUTPUT, 1}};
  picort_launch bad = {"count", kernel_count, COUNT_N, 1, 1, bad_args, {0, 0, 0}, {0, 0, 0}, 0,
                       0, NULL, 0, NULL, 0};
  picort_entry_desc e = {"run", 0, NULL, 1, count_desc, 1, &bad, 0, NULL, 0, NULL, 0, NULL};
  picort_model_desc d = {PICORT_ABI_VERSION, "counter", 1, &e, 0, NULL, 0, NULL,
                         PICORT_DEVICE_CPU, 0, NULL, 0, NULL, 0, NULL};
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
  static const picort_tensor_desc in_desc[] = {{"x", PICORT_DTYPE_INT32, 1, shape_x, NULL, 0, 0}};
  static const picort_arg args[] = {{PICORT_ARG_ARENA, 0}, {PICORT_ARG_INPUT, 0}};
  picort_launch launch = {"fault", kernel_fault, 1, 1, 2, args, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0};
  picort_check checks[] = {{0, "Gather node 'emb': an index is out of range"}};
  picort_entry_desc e = {"run", 1, in_desc, 0, NULL, 1, &launch, 1, checks, 0, NULL, 0, NULL};
  picort_model_desc d = {PICORT_ABI_VERSION, "checked", 1, &e, 64, NULL, 0, NULL,
                         PICORT_DEVICE_CPU, 0, NULL, 0, NULL, 0, NULL};
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
      {"mul", kernel_mul, N, 16, 3, args_mul, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0}};
  static const picort_launch shift[] = {
      {"add1", kernel_add1, N, 16, 2, args_add1, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0}};
  static const picort_entry_desc entries[] = {
      {"scale", 1, inputs_desc, 0, NULL, 1, scale, 0, NULL, 0, NULL},
      {"shift", 0, NULL, 1, outputs_desc, 1, shift, 0, NULL, 0, NULL},
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

/* ---- run-time dims ---- */

/* A model of one run-time dim, seq in 1..8. Entry "double": inputs x [seq, 4] and mask [seq],
 * output y [seq, 4] = 2 * x, one launch whose extent is seq (one index per row). Entry "wide":
 * input x, output z [2 * seq + 1, 4], no launches (only its interface is checked). */
#define SEQ_MAX 8
#define SEQ_COLS 4
#define SENTINEL -99.0f

static _Atomic int64_t seq_seen; /* what the kernel's dims argument said in the last run */

static void kernel_double_rows(void *const *args, int64_t begin, int64_t end) {
  float *y = args[0];
  const float *x = args[1];
  const int64_t *dims = args[2];
  atomic_store(&seq_seen, dims[0]);
  for (int64_t i = begin * SEQ_COLS; i < end * SEQ_COLS; i++) y[i] = 2.0f * x[i];
}

static const picort_dim_desc seq_dims[] = {{"seq", 1, SEQ_MAX}};
static const int64_t one_seq[] = {1}, two_seq[] = {2};
static const picort_dim_expr dims_rows[] = {{0, one_seq}, {SEQ_COLS, NULL}}; /* [seq, 4] */
static const picort_dim_expr dims_mask[] = {{0, one_seq}};                   /* [seq] */
static const picort_dim_expr dims_wide[] = {{1, two_seq}, {SEQ_COLS, NULL}}; /* [2 seq + 1, 4] */
static const int64_t shape_rows[] = {SEQ_MAX, SEQ_COLS}, shape_mask[] = {SEQ_MAX};
static const int64_t shape_wide[] = {2 * SEQ_MAX + 1, SEQ_COLS};
static const picort_tensor_desc seq_inputs[] = {
    {"x", PICORT_DTYPE_FLOAT32, 2, shape_rows, dims_rows, 0, 0},
    {"mask", PICORT_DTYPE_FLOAT32, 1, shape_mask, dims_mask, 0, 0}};
static const picort_tensor_desc seq_outputs[] = {
    {"y", PICORT_DTYPE_FLOAT32, 2, shape_rows, dims_rows, 0, 0},
    {"z", PICORT_DTYPE_FLOAT32, 2, shape_wide, dims_wide, 0, 0}};
static const picort_arg args_double[] = {
    {PICORT_ARG_OUTPUT, 0}, {PICORT_ARG_INPUT, 0}, {PICORT_ARG_DIMS, 0}};
static const picort_run_extent rows_of_seq[] = {{{0, one_seq}, 1}};
static const picort_launch launch_double = {
    "double_rows", kernel_double_rows, SEQ_MAX, 1, 3, args_double, {0, 0, 0}, {0, 0, 0}, 0,
    1, rows_of_seq, 0, NULL, 0};
static const picort_entry_desc seq_entries[] = {
    {"double", 2, seq_inputs, 1, seq_outputs, 1, &launch_double, 0, NULL, 0, NULL},
    {"wide", 1, seq_inputs, 1, seq_outputs + 1, 0, NULL, 0, NULL, 0, NULL}};

static float seq_x[SEQ_MAX * SEQ_COLS], seq_y[SEQ_MAX * SEQ_COLS], seq_mask[SEQ_MAX];
static float seq_z[(2 * SEQ_MAX + 1) * SEQ_COLS];

static picort_model_desc make_seq_desc(void) {
  picort_model_desc d = {
      .abi_version = PICORT_ABI_VERSION,
      .name = "seq_model",
      .num_entries = 2,
      .entries = seq_entries,
      .device = PICORT_DEVICE_CPU,
      .num_dims = 1,
      .dims = seq_dims,
  };
  return d;
}

/* The tensors of one call of "double": x [seq, 4] and mask [mask_len] in, y [y_len, 4] out. */
typedef struct seq_call {
  int64_t x_shape[2], mask_shape[1], y_shape[2];
  picort_tensor in[2], out[1];
} seq_call;

static void seq_call_init(seq_call *c, int64_t seq, int64_t mask_len, int64_t y_len) {
  c->x_shape[0] = seq;
  c->mask_shape[0] = mask_len;
  c->y_shape[0] = y_len;
  c->x_shape[1] = c->y_shape[1] = SEQ_COLS;
  c->in[0] = (picort_tensor){seq_x, PICORT_DTYPE_FLOAT32, 2, c->x_shape, PICORT_MEMORY_HOST};
  c->in[1] = (picort_tensor){seq_mask, PICORT_DTYPE_FLOAT32, 1, c->mask_shape, PICORT_MEMORY_HOST};
  c->out[0] = (picort_tensor){seq_y, PICORT_DTYPE_FLOAT32, 2, c->y_shape, PICORT_MEMORY_HOST};
}

/* 1 if y holds 2 * x on its first `seq` rows and the sentinel on the rest. */
static int seq_y_is(int64_t seq) {
  for (int64_t i = 0; i < SEQ_MAX * SEQ_COLS; i++)
    if (seq_y[i] != (i < seq * SEQ_COLS ? 2.0f * seq_x[i] : SENTINEL)) return 0;
  return 1;
}

static void seq_y_fill(void) {
  for (int i = 0; i < SEQ_MAX * SEQ_COLS; i++) seq_y[i] = SENTINEL;
}

/* Runs of one model at several values of seq: the launch covers seq rows, the kernel's dims
 * argument is seq, the rows past seq keep the sentinel; a refused call writes nothing. */
static void test_dims_run(void) {
  picort_model_desc d = make_seq_desc();
  picort_options four = {4, NULL, 0};
  picort_model *m = NULL;
  if (picort_model_create(&d, &four, &m) != PICORT_OK) {
    check_error(PICORT_ERROR_INTERNAL, PICORT_OK, "", "create the model of run-time dim seq");
    return;
  }
  for (int i = 0; i < SEQ_MAX * SEQ_COLS; i++) seq_x[i] = (float)(i % 7) - 3.5f;
  const int64_t seqs[] = {1, 5, 8, 2}; /* the last after a larger one */
  for (size_t s = 0; s < sizeof seqs / sizeof seqs[0]; s++) {
    seq_call c;
    seq_call_init(&c, seqs[s], seqs[s], seqs[s]);
    seq_y_fill();
    atomic_store(&seq_seen, 0);
    char what[128];
    snprintf(what, sizeof what, "seq = %lld: y = 2 * x on seq rows, dims argument seq, the rest "
             "untouched", (long long)seqs[s]);
    check(picort_model_run_entry(m, 0, c.in, 2, c.out, 1) == PICORT_OK &&
              atomic_load(&seq_seen) == seqs[s] && seq_y_is(seqs[s]),
          what);
  }

  seq_call c;
  seq_y_fill();
  seq_call_init(&c, 5, 4, 5);
  check_error(picort_model_run_entry(m, 0, c.in, 2, c.out, 1), PICORT_ERROR_SHAPE,
              "input 1 'mask': expected shape [5 (seq)], got [4]",
              "an input whose seq differs from the one bound");
  seq_call_init(&c, 0, 0, 0);
  check_error(picort_model_run_entry(m, 0, c.in, 2, c.out, 1), PICORT_ERROR_SHAPE,
              "outside the bounds 1..8 of run-time dim 'seq'", "seq = 0 is below the bounds");
  seq_call_init(&c, SEQ_MAX + 1, SEQ_MAX + 1, SEQ_MAX + 1);
  check_error(picort_model_run_entry(m, 0, c.in, 2, c.out, 1), PICORT_ERROR_SHAPE,
              "outside the bounds 1..8 of run-time dim 'seq'", "seq = 9 is above the bounds");
  seq_call_init(&c, 5, 5, SEQ_MAX);
  check_error(picort_model_run_entry(m, 0, c.in, 2, c.out, 1), PICORT_ERROR_SHAPE,
              "output 0 'y': expected shape [5 (seq), 4], got [8, 4]",
              "an output of the planned length, not this call's");
  check(seq_y_is(0), "the refused runs wrote nothing");

  int64_t z_shape[] = {11, SEQ_COLS};
  picort_tensor z = {seq_z, PICORT_DTYPE_FLOAT32, 2, z_shape, PICORT_MEMORY_HOST};
  seq_call_init(&c, 5, 5, 5);
  check(picort_model_run_entry(m, 1, c.in, 1, &z, 1) == PICORT_OK,
        "an output of 2 * seq + 1 rows takes [11, 4] at seq = 5");
  z_shape[0] = 10;
  check_error(picort_model_run_entry(m, 1, c.in, 1, &z, 1), PICORT_ERROR_SHAPE,
              "output 0 'z': expected shape [11, 4], got [10, 4]",
              "an output of 2 * seq + 1 rows refuses [10, 4] at seq = 5");
  picort_model_destroy(m);
}

static void test_dims_output_shape(void) {
  picort_model_desc d = make_seq_desc();
  seq_call c;
  int64_t shape[2] = {-1, -1};
  seq_call_init(&c, 5, 5, 5);
  check(picort_model_output_shape(&d, 0, c.in, 2, 0, shape) == PICORT_OK && shape[0] == 5 &&
            shape[1] == SEQ_COLS,
        "output_shape: y is [5, 4] for a seq-5 input");
  int ok = 1;
  for (int64_t seq = 1; seq <= SEQ_MAX && ok; seq++) {
    seq_call_init(&c, seq, seq, seq);
    ok = picort_model_output_shape(&d, 1, c.in, 1, 0, shape) == PICORT_OK &&
         shape[0] == 2 * seq + 1 && shape[1] == SEQ_COLS;
  }
  check(ok, "output_shape: z is [2 * seq + 1, 4] for seq = 1..8");

  seq_call_init(&c, SEQ_MAX + 1, SEQ_MAX + 1, SEQ_MAX + 1);
  check_error(picort_model_output_shape(&d, 0, c.in, 2, 0, shape), PICORT_ERROR_SHAPE,
              "bounds 1..8 of run-time dim 'seq'", "output_shape: seq = 9 is refused");
  seq_call_init(&c, 5, 5, 5);
  check_error(picort_model_output_shape(&d, 0, c.in, 2, 1, shape), PICORT_ERROR_INVALID_ARGUMENT,
              "no output 1", "output_shape: an output index past the entry's outputs");
  check_error(picort_model_output_shape(&d, 0, c.in, 2, -1, shape), PICORT_ERROR_INVALID_ARGUMENT,
              "no output -1", "output_shape: a negative output index");
  check_error(picort_model_output_shape(NULL, 0, c.in, 2, 0, shape),
              PICORT_ERROR_INVALID_ARGUMENT, "desc is NULL", "output_shape: NULL desc");
  check_error(picort_model_output_shape(&d, 0, c.in, 2, 0, NULL), PICORT_ERROR_INVALID_ARGUMENT,
              "shape is NULL", "output_shape: NULL shape");

  picort_model_desc fixed = make_desc();
  picort_tensor in = {x, PICORT_DTYPE_FLOAT32, 2, shape_x, PICORT_MEMORY_HOST};
  check(picort_model_output_shape(&fixed, 0, &in, 1, 0, shape) == PICORT_OK && shape[0] == N,
        "output_shape: a model without run-time dims answers its declared shape");
}

/* Descriptors that create refuses: bounds min > max, a run extent of chunk 0, a
 * PICORT_ARG_DIMS argument where the model has no run-time dims. */
static void test_dims_bad_desc(void) {
  picort_model_desc d = make_seq_desc();
  picort_model *m = (picort_model *)&d;
  const picort_dim_desc inverted[] = {{"seq", 9, 1}};
  d.dims = inverted;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT,
              "run-time dim 0 'seq' has bounds 9..1", "a run-time dim with min > max");
  check(m == NULL, "a run-time dim with min > max: *out is NULL");

  d = make_seq_desc();
  const picort_run_extent chunk0[] = {{{0, one_seq}, 0}};
  picort_launch launch = launch_double;
  launch.run_extents = chunk0;
  picort_entry_desc e = seq_entries[0];
  e.launches = &launch;
  d.num_entries = 1;
  d.entries = &e;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT,
              "launch 0 'double_rows' is malformed", "a run extent of chunk 0");

  d = make_seq_desc();
  d.num_dims = 0;
  d.dims = NULL;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT,
              "argument 2 (kind 4, index 0) is out of range",
              "a PICORT_ARG_DIMS argument in a model without run-time dims");
}

/* ---- states ---- */

/* A model with a state (picoc --state): dims past (0..6, the state's length) and seq (1..4);
 * a cache of 10 rows of 2 floats in the arena, growing along dim 0. Entry "append": inputs x
 * [seq, 2] and mask [past + seq], output total [1]: x's rows go into the cache after its past
 * rows (launch 1, in place), then total = the sum of the cache's past + seq rows (launch 2). */
#define CACHE_ROWS 10
static void kernel_append(void *const *args, int64_t begin, int64_t end) {
  float *cache = args[0];
  const float *x = args[1];
  const int64_t *dims = args[2]; /* past, seq */
  (void)begin, (void)end;
  for (int64_t i = 0; i < dims[1] * 2; i++) cache[dims[0] * 2 + i] = x[i];
}
static void kernel_sum_cache(void *const *args, int64_t begin, int64_t end) {
  float *total = args[0];
  const float *cache = args[1];
  const int64_t *dims = args[2];
  (void)begin, (void)end;
  total[0] = 0;
  for (int64_t i = 0; i < (dims[0] + dims[1]) * 2; i++) total[0] += cache[i];
}
static const picort_dim_desc state_dims[] = {{"past", 0, 6}, {"seq", 1, 4}};
static const int64_t c_past[] = {1, 0}, c_seq[] = {0, 1}, c_total[] = {1, 1};
static const picort_dim_expr st_dims_x[] = {{0, c_seq}, {2, NULL}};
static const picort_dim_expr st_dims_mask[] = {{0, c_total}};
static const int64_t st_shape_x[] = {4, 2}, st_shape_mask[] = {10}, st_shape_total[] = {1};
static const int64_t st_shape_cache[] = {CACHE_ROWS, 2};
static const picort_tensor_desc st_inputs[] = {
    {"x", PICORT_DTYPE_FLOAT32, 2, st_shape_x, st_dims_x, 0, 0},
    {"mask", PICORT_DTYPE_FLOAT32, 1, st_shape_mask, st_dims_mask, 0, 0}};
static const picort_tensor_desc st_outputs[] = {
    {"total", PICORT_DTYPE_FLOAT32, 1, st_shape_total, NULL, 0, 0}};
static const picort_arg st_args_append[] = {
    {PICORT_ARG_ARENA, 0}, {PICORT_ARG_INPUT, 0}, {PICORT_ARG_DIMS, 0}};
static const picort_arg st_args_sum[] = {
    {PICORT_ARG_OUTPUT, 0}, {PICORT_ARG_ARENA, 0}, {PICORT_ARG_DIMS, 0}};
static const picort_launch st_launches[] = {
    {"append", kernel_append, 1, 1, 3, st_args_append, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL,
     0},
    {"sum", kernel_sum_cache, 1, 1, 3, st_args_sum, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0}};
static const picort_state_desc st_states[] = {
    {"present", PICORT_DTYPE_FLOAT32, 2, st_shape_cache, 0, 0}};
static const picort_state_use st_uses[] = {{0, 1, {0, c_past}, {0, c_total}}};
static const picort_entry_desc st_entries[] = {
    {"append", 2, st_inputs, 1, st_outputs, 2, st_launches, 0, NULL, 1, st_uses}};

/* A model with two states and two entries, as Whisper's: "encode" writes state "cross"
 * (3 rows of 2 floats, a static length) whole from its input; "decode" reads it whole and
 * appends its input's row to "self" (a cache along dim 0, past 0..3), and outputs the sum of
 * both. */
static void kernel_write_cross(void *const *args, int64_t begin, int64_t end) {
  float *cross = args[0];
  const float *x = args[1];
  (void)begin, (void)end;
  for (int i = 0; i < 6; i++) cross[i] = x[i];
}
static void kernel_read_both(void *const *args, int64_t begin, int64_t end) {
  float *total = args[0];
  const float *cross = args[1];
  float *self = args[2];
  const float *x = args[3];
  const int64_t *dims = args[4]; /* past */
  (void)begin, (void)end;
  self[dims[0] * 2] = x[0], self[dims[0] * 2 + 1] = x[1];
  total[0] = 0;
  for (int i = 0; i < 6; i++) total[0] += cross[i];
  for (int64_t i = 0; i < (dims[0] + 1) * 2; i++) total[0] += self[i];
}
static const picort_dim_desc two_dims[] = {{"past", 0, 3}};
static const int64_t c_one_past[] = {1};
static const int64_t two_shape_cross[] = {3, 2}, two_shape_self[] = {4, 2}, two_shape_row[] = {1, 2};
static const picort_tensor_desc two_enc_inputs[] = {
    {"features", PICORT_DTYPE_FLOAT32, 2, two_shape_cross, NULL, 0, 0}};
static const picort_tensor_desc two_dec_inputs[] = {
    {"token", PICORT_DTYPE_FLOAT32, 2, two_shape_row, NULL, 0, 0}};
static const picort_arg two_args_write[] = {{PICORT_ARG_ARENA, 0}, {PICORT_ARG_INPUT, 0}};
static const picort_arg two_args_read[] = {{PICORT_ARG_OUTPUT, 0}, {PICORT_ARG_ARENA, 0},
                                           {PICORT_ARG_ARENA, 64}, {PICORT_ARG_INPUT, 0},
                                           {PICORT_ARG_DIMS, 0}};
static const picort_launch two_enc_launches[] = {
    {"write", kernel_write_cross, 1, 1, 2, two_args_write, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0,
     NULL, 0}};
static const picort_launch two_dec_launches[] = {
    {"read", kernel_read_both, 1, 1, 5, two_args_read, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL,
     0}};
static const picort_state_desc two_states[] = {
    {"cross", PICORT_DTYPE_FLOAT32, 2, two_shape_cross, 0, 0},
    {"self", PICORT_DTYPE_FLOAT32, 2, two_shape_self, 0, 64}};
static const picort_state_use two_enc_uses[] = {{0, 0, {3, NULL}, {3, NULL}}};
static const picort_state_use two_dec_uses[] = {{1, 1, {0, c_one_past}, {1, c_one_past}},
                                                {0, 1, {3, NULL}, {3, NULL}}};
static const picort_entry_desc two_entries[] = {
    {"encode", 1, two_enc_inputs, 0, NULL, 1, two_enc_launches, 0, NULL, 1, two_enc_uses},
    {"decode", 1, two_dec_inputs, 1, st_outputs, 1, two_dec_launches, 0, NULL, 2, two_dec_uses}};

static picort_status two_call(picort_model *m, int entry, float v, float *total) {
  float x[6];
  for (int i = 0; i < 6; i++) x[i] = v;
  int64_t total_shape[] = {1};
  picort_tensor in = {x, PICORT_DTYPE_FLOAT32, 2, entry == 0 ? two_shape_cross : two_shape_row,
                      PICORT_MEMORY_HOST};
  picort_tensor out = {total, PICORT_DTYPE_FLOAT32, 1, total_shape, PICORT_MEMORY_HOST};
  return picort_model_run_entry(m, entry, &in, 1, &out, entry == 0 ? 0 : 1);
}

/* A state entries only read (static length) must be written before it is read; an entry that
 * writes a state starts a sequence (the states it does not use empty); set_position rolls
 * back the growing state and leaves the read-only one. */
static void test_read_only_states(void) {
  picort_model_desc d = {.abi_version = PICORT_ABI_VERSION, .name = "two_states",
                         .num_entries = 2, .entries = two_entries, .arena_bytes = 128,
                         .device = PICORT_DEVICE_CPU, .num_dims = 1, .dims = two_dims,
                         .num_states = 2, .states = two_states};
  picort_model *m = NULL;
  if (picort_model_create(&d, NULL, &m) != PICORT_OK) {
    check_error(PICORT_ERROR_INTERNAL, PICORT_OK, "", "create the model with two states");
    return;
  }
  float total = 0;
  check_error(two_call(m, 1, 1.0f, &total), PICORT_ERROR_SHAPE,
              "entry 'decode' reads state 'cross' whole (3 rows), but it holds 0: call the entry "
              "that writes it first",
              "decode before encode");
  check(two_call(m, 0, 1.0f, &total) == PICORT_OK && picort_model_state_length(m, 0) == 3,
        "encode writes the 3 rows of 'cross'");
  check(two_call(m, 1, 2.0f, &total) == PICORT_OK && two_call(m, 1, 3.0f, &total) == PICORT_OK &&
            total == 6.0f + 4.0f + 6.0f && picort_model_state_length(m, 1) == 2,
        "two decode calls: cross 6 + rows of 2s and 3s, 'self' 2 rows long");
  check(picort_model_set_position(m, 1) == PICORT_OK && picort_model_state_length(m, 1) == 1 &&
            picort_model_state_length(m, 0) == 3,
        "set_position(1) rolls 'self' back and leaves 'cross' its 3 rows");
  check(two_call(m, 1, 5.0f, &total) == PICORT_OK && total == 6.0f + 4.0f + 10.0f,
        "a decode after set_position(1) appends after the first row");
  check(two_call(m, 0, 2.0f, &total) == PICORT_OK && picort_model_state_length(m, 1) == 0 &&
            two_call(m, 1, 1.0f, &total) == PICORT_OK && total == 12.0f + 2.0f,
        "encode again starts the sequence over: 'self' empty, the next decode at past 0");
  picort_model_destroy(m);
}

/* Appends `seq` rows of value `v` with a mask of `mask_len`; *total gets the sum. */
static picort_status state_call(picort_model *m, int64_t seq, int64_t mask_len, float v,
                                float *total) {
  float x[8], mask[16] = {0};
  for (int i = 0; i < 8; i++) x[i] = v;
  int64_t x_shape[] = {seq, 2}, mask_shape[] = {mask_len}, total_shape[] = {1};
  picort_tensor in[] = {{x, PICORT_DTYPE_FLOAT32, 2, x_shape, PICORT_MEMORY_HOST},
                        {mask, PICORT_DTYPE_FLOAT32, 1, mask_shape, PICORT_MEMORY_HOST}};
  picort_tensor out = {total, PICORT_DTYPE_FLOAT32, 1, total_shape, PICORT_MEMORY_HOST};
  return picort_model_run(m, in, 2, &out, 1);
}

/* The state's length binds past and grows by seq per call; a mask that disagrees with it, a
 * full state and a position past its rows are refused and change nothing; reset and
 * set_position roll it back. */
static void test_states(void) {
  picort_model_desc d = {.abi_version = PICORT_ABI_VERSION, .name = "state_model",
                         .num_entries = 1, .entries = st_entries,
                         .arena_bytes = CACHE_ROWS * 2 * sizeof(float),
                         .device = PICORT_DEVICE_CPU, .num_dims = 2, .dims = state_dims,
                         .num_states = 1, .states = st_states};
  picort_model *m = NULL;
  if (picort_model_create(&d, NULL, &m) != PICORT_OK) {
    check_error(PICORT_ERROR_INTERNAL, PICORT_OK, "", "create the model with a state");
    return;
  }
  float total = 0;
  check(picort_model_state_length(m, 0) == 0, "a new model's state is empty");
  check(state_call(m, 3, 3, 1.0f, &total) == PICORT_OK && total == 6.0f &&
            picort_model_state_length(m, 0) == 3,
        "3 rows of 1 appended to an empty state: sum 6, length 3");
  check(state_call(m, 2, 5, 2.0f, &total) == PICORT_OK && total == 14.0f &&
            picort_model_state_length(m, 0) == 5,
        "2 rows of 2 after them (past 3 from the state): sum 14, length 5");
  check_error(state_call(m, 2, 6, 9.0f, &total), PICORT_ERROR_SHAPE,
              "input 1 'mask': expected shape [7], got [6]",
              "a mask that is not past + seq long (past 5 from the state)");
  check(picort_model_state_length(m, 0) == 5, "the refused call left the state's length");
  check(picort_model_set_position(m, 2) == PICORT_OK && picort_model_state_length(m, 0) == 2,
        "set_position(2) keeps the first 2 rows");
  check(state_call(m, 1, 3, 4.0f, &total) == PICORT_OK && total == 12.0f,
        "a row of 4s after 2 rows of 1s (2 floats a row): sum 12");
  check_error(picort_model_set_position(m, 4), PICORT_ERROR_INVALID_ARGUMENT,
              "state 'present' holds 3 rows; position 4 is not within them",
              "set_position past the state's rows");
  check(picort_model_reset(m) == PICORT_OK && picort_model_state_length(m, 0) == 0,
        "reset empties the state");
  check(state_call(m, 4, 4, 1.0f, &total) == PICORT_OK &&
            state_call(m, 2, 6, 1.0f, &total) == PICORT_OK &&
            state_call(m, 4, 10, 1.0f, &total) == PICORT_OK && total == 20.0f,
        "4 + 2 + 4 rows fill the 10-row state (past 6, its bound, in the last call)");
  check_error(state_call(m, 1, 11, 1.0f, &total), PICORT_ERROR_SHAPE,
              "state 'present' is full: it holds 10 rows and run-time dim 'past' (its past) is "
              "at most 6",
              "a call on a full state");
  check(picort_model_state_length(m, 1) == -1 && picort_model_state_length(NULL, 0) == -1,
        "state_length of no such state is -1");
  picort_model_destroy(m);

  picort_state_use bad_use[] = {{1, 1, {0, c_past}, {0, c_total}}};
  picort_entry_desc bad_entry = st_entries[0];
  bad_entry.states = bad_use;
  d.entries = &bad_entry;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT,
              "state use 0 names state 1 of 1", "a state use naming no state");
  d.entries = st_entries;
  d.arena_bytes = 8;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT,
              "state 0 'present' is malformed or outside the arena", "a state past the arena");
}

/* ---- a loop of the plan ---- */

/* The body: next = carried * 2 + i, and the condition i < 2. */
static void kernel_loop_step(void *const *args, int64_t begin, int64_t end) {
  float *next = args[0];
  const float *carried = args[1];
  int64_t i = *(const int64_t *)args[2];
  for (int64_t k = begin; k < end; k++) next[k] = carried[k] * 2 + (float)i;
  if (begin == 0) *(unsigned char *)args[3] = i < 2;
}

static void kernel_loop_out(void *const *args, int64_t begin, int64_t end) {
  float *y = args[0];
  const float *carried = args[1];
  for (int64_t k = begin; k < end; k++) y[k] = carried[k];
}

/* Runs the loop (trip count an input, the body's condition, a carried value of 4 floats) and
 * compares with the same loop in C; a malformed loop is refused at create. */
static void test_plan_loops(void) {
  enum { CARRIED = 0, NEXT = 64, ITER = 128, COND = 192 };
  static const int64_t shape_s[] = {1}, shape_v[] = {4};
  static const picort_tensor_desc in_desc[] = {
      {"m", PICORT_DTYPE_INT64, 1, shape_s, NULL, 0, 0},
      {"x", PICORT_DTYPE_FLOAT32, 1, shape_v, NULL, 0, 0}};
  static const picort_tensor_desc out_desc[] = {{"y", PICORT_DTYPE_FLOAT32, 1, shape_v, NULL, 0, 0}};
  static const picort_arg step_args[] = {{PICORT_ARG_ARENA, NEXT}, {PICORT_ARG_ARENA, CARRIED},
                                         {PICORT_ARG_ARENA, ITER}, {PICORT_ARG_ARENA, COND}};
  static const picort_arg out_args[] = {{PICORT_ARG_OUTPUT, 0}, {PICORT_ARG_ARENA, CARRIED}};
  static const picort_launch launches_l[] = {
      {"step", kernel_loop_step, 4, 4, 4, step_args, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0},
      {"out", kernel_loop_out, 4, 4, 2, out_args, {0, 0, 0}, {0, 0, 0}, 0, 0, NULL, 0, NULL, 0}};
  static const picort_copy init[] = {{{PICORT_ARG_INPUT, 1}, {PICORT_ARG_ARENA, CARRIED}, 16}};
  static const picort_copy carry[] = {{{PICORT_ARG_ARENA, NEXT}, {PICORT_ARG_ARENA, CARRIED}, 16}};
  picort_loop loop = {0, 1, {PICORT_ARG_INPUT, 0}, {PICORT_ARG_NONE, 0}, {PICORT_ARG_ARENA, COND},
                      {PICORT_ARG_ARENA, ITER}, 1, init, 1, carry, 0, NULL, -1};
  picort_entry_desc e = {"run", 2, in_desc, 1, out_desc, 2, launches_l, 0, NULL, 0, NULL,
                         1, &loop};
  picort_model_desc d = {PICORT_ABI_VERSION, "loop", 1, &e, 256, NULL, 0, NULL,
                         PICORT_DEVICE_CPU, 0, NULL, 0, NULL, 0, NULL};
  picort_model *m = NULL;
  int ok = picort_model_create(&d, NULL, &m) == PICORT_OK;
  const int64_t trips[] = {0, 1, 2, 5, 100};
  for (size_t t = 0; ok && t < sizeof trips / sizeof trips[0]; t++) {
    float x[4] = {1.5f, -2, 0.25f, 3}, y[4], want[4];
    memcpy(want, x, sizeof x);
    for (int64_t i = 0, cond = 1; i < trips[t] && cond; i++) {
      for (int k = 0; k < 4; k++) want[k] = want[k] * 2 + (float)i;
      cond = i < 2;
    }
    picort_tensor ins[] = {{(void *)&trips[t], PICORT_DTYPE_INT64, 1, shape_s, PICORT_MEMORY_HOST},
                           {x, PICORT_DTYPE_FLOAT32, 1, shape_v, PICORT_MEMORY_HOST}};
    picort_tensor out = {y, PICORT_DTYPE_FLOAT32, 1, shape_v, PICORT_MEMORY_HOST};
    ok = picort_model_run(m, ins, 2, &out, 1) == PICORT_OK && memcmp(y, want, sizeof y) == 0;
  }
  picort_model_destroy(m);
  check(ok, "a loop of the plan: trip counts 0, 1, 2, 5 and 100, the body's condition ends it");

  loop.num_launches = 3; /* past the entry's launches */
  m = NULL;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT, "loop 0",
              "a loop past the entry's launches is refused");
  loop.num_launches = 1;
  loop.iteration.kind = PICORT_ARG_NONE;
  check_error(picort_model_create(&d, NULL, &m), PICORT_ERROR_INVALID_ARGUMENT, "loop 0",
              "a loop without an iteration slot is refused");
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
  test_dims_run();
  test_dims_output_shape();
  test_dims_bad_desc();
  test_states();
  test_read_only_states();
  test_plan_loops();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
