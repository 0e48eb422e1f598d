/* internal.h - declarations shared by the libpicort sources: error setting, the thread pool,
 * the weights mapping and the model object. Not installed, not part of the ABI. */
#ifndef PICORT_INTERNAL_H
#define PICORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "picort.h"

#if defined(__GNUC__)
#define PICORT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#pragma GCC visibility push(hidden) /* keep the helpers below out of libpicort.so's exports */
#else
#define PICORT_PRINTF(f, a)
#endif

/* Stores a printf-style message for picort_last_error() on this thread and returns `status`. */
picort_status picort_error_set(picort_status status, const char *fmt, ...) PICORT_PRINTF(2, 3);

/* A name to print for a possibly NULL string. */
const char *picort_name_or(const char *name, const char *fallback);

/* ---- pool.c ---- */

typedef struct picort_pool picort_pool;

/* Starts num_threads - 1 workers (the caller is the last thread); 0 means one per online CPU. */
picort_status picort_pool_create(int32_t num_threads, picort_pool **out);
/* Stops and joins the workers; NULL is a no-op. */
void picort_pool_destroy(picort_pool *pool);
/* Calls fn(args, begin, end) over chunks covering [0, extent) on all threads, caller included,
 * and returns when every chunk is done. Not reentrant: one job at a time per pool. */
void picort_pool_parallel_for(picort_pool *pool, picort_kernel_fn fn, void *const *args,
                              int64_t extent, int64_t grain);
/* Number of threads that run chunks, the caller included. */
int32_t picort_pool_num_threads(const picort_pool *pool);

/* ---- weights.c ---- */

typedef struct picort_mapping {
  void *base;   /* NULL when nothing is mapped */
  size_t bytes; /* length of the mapping */
} picort_mapping;

/* Maps the first `bytes` bytes of the file at `path` read-only (PICORT_ERROR_IO if the file is
 * missing, unreadable or shorter). */
picort_status picort_weights_map(const char *path, uint64_t bytes, picort_mapping *out);
/* Unmaps; a zeroed mapping is a no-op. */
void picort_weights_unmap(picort_mapping *mapping);

/* ---- cuda.c ---- */

typedef struct picort_gpu_model picort_gpu_model;

/* Sets up a GPU model whose host weights (m->weights) are in place: loads the driver, takes the
 * device, loads the code, uploads the weights, allocates the arena. On failure the partial
 * state stays in m->gpu for picort_gpu_destroy. */
picort_status picort_gpu_create(picort_model *m, const picort_options *options);
/* Runs a checked call of entry point `entry`: on the model's own stream, waiting for it
 * (`wait`), or on `stream`. */
picort_status picort_gpu_run(picort_model *m, int32_t entry, const picort_tensor *inputs,
                             const picort_tensor *outputs, void *stream, int wait);
/* Frees the GPU state; no-op when m->gpu is NULL. */
void picort_gpu_destroy(picort_model *m);

/* ---- model.c ---- */

/* The bytes of a tensor as its desc lays it out (a run-time dim at its bound). */
uint64_t picort_desc_bytes(const picort_tensor_desc *desc);

/* The contiguous runs of a staged tensor (picort_tensor_desc.staged) whose call dims are `dims`:
 * calls copy(ctx, offset in the dense tensor, offset in the bounds-laid buffer, bytes) once
 * per run (rows along the last dim whose size differs from its bound, with the dims after). */
void picort_stage_rows(const picort_tensor_desc *desc, const int64_t *dims,
                       void (*copy)(void *ctx, uint64_t tensor, uint64_t buffer, uint64_t bytes),
                       void *ctx);

/* Sets and returns the PICORT_ERROR_INDEX of check `c` of entry point `entry` (its byte was
 * nonzero). */
picort_status picort_check_failed(const picort_model_desc *d, int32_t entry, int32_t c);

struct picort_model {
  const picort_model_desc *desc;
  unsigned char *arena;         /* CPU: 64-byte aligned, at least 64 bytes */
  const unsigned char *weights; /* host weights: embedded blob or mapping base; NULL if none */
  picort_mapping mapping;       /* the side-file mapping, if any (a GPU model's until create) */
  picort_pool *pool;            /* CPU */
  void **args; /* CPU: room for the biggest launch's arguments, reused by every run */
  int64_t *dims; /* the run-time dims' values in the current call (at least one slot) */
  int64_t *state_lengths; /* per state, the rows it holds along its axis (at least one slot) */
  picort_gpu_model *gpu; /* GPU: NULL for a CPU model */
};

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif /* PICORT_INTERNAL_H */
