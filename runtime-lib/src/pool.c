/* pool.c - a persistent pthread thread pool. Workers wait for the next job by spinning for a
 * while, then sleep on a condition variable; parallel_for splits [0, extent) into chunks, deals
 * each thread (the workers and the calling thread) a contiguous range of them, which it runs
 * front to back before taking chunks from the backs of the others' ranges, and returns once
 * every worker is done. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* How long a waiting thread polls before it sleeps on a condition. Waking a sleeping thread
 * costs tens of microseconds (more in a VM), and the worker that wakes late leaves its share
 * of the job to the others: a model's kernels follow each other closely, with single-threaded
 * kernels and the caller's work between runs in the gaps, so the workers poll through gaps of
 * up to this long (at the cost of that much CPU time after the last job). 0.1 ms was not
 * enough on a 2-core VM (bench/RESULTS.md, session 34). A spin ends early when any other pool
 * of the process posts a job: the threads of one model would otherwise take cores from the
 * next (a pipeline that runs a text encoder, then a UNet, each instance with its pool).
 *
 * Spinning only pays while each thread has a core. Where the cores are shared with other busy
 * threads, a spinning thread that was preempted waits for its next time slice when the job
 * comes (milliseconds), while a sleeping one is woken and scheduled at once. So a spinner that
 * finds a gap of more than PICORT_POOL_PREEMPTED_NS between two reads of the clock (it lost
 * its core) makes the pool's waits sleep at once for the next PICORT_POOL_BLOCKING_NS (seen:
 * a 6 us model timed beside another 2-thread process on 2 cores took 2 ms a run). The polls
 * have no `pause`: in a VM, a pause loop is what makes the host take the virtual CPU away. */
#define PICORT_POOL_SPIN_NS 1000000
#define PICORT_POOL_POLLS_PER_CLOCK 64 /* polls between two reads of the clock */
#define PICORT_POOL_PREEMPTED_NS 100000
#define PICORT_POOL_BLOCKING_NS 50000000
#define PICORT_POOL_MAX_THREADS 1024 /* a sanity cap on the requested thread count */
/* Chunks per thread. Each thread's chunks are one contiguous range: it walks through
 * consecutive launch indices (a matmul's weight panels in order, so that its prefetch of the
 * next panel serves itself), and its part of a kernel's data stays in its core's caches. A
 * thread that finishes early takes chunks from the backs of the others' ranges, one at a time.
 * Dealt from one shared counter instead, two threads' chunks interleaved; on a 2-core Xeon VM
 * (2026-12-02, alternating runs, ms, counter -> ranges): the 135M llama's 16-token prompt
 * 31.4-32.6 -> 29.4-30.9, the mid UNet 44.8-45.0 -> 42.6-43.0, the mid Whisper encoder
 * 49.0-50.7 -> 47.9-48.9, matmul_1024 5.33-5.40 -> 5.45-5.58; decode steps, the mid VAE and the
 * 128-token prompt within noise. (One chunk per thread, no taking: the prompt 29.3-30.3, the
 * UNet 41.0-41.4, but no thread can help one that was preempted.) */
#define PICORT_POOL_CHUNKS_PER_THREAD 4

struct picort_pool {
  int32_t num_threads; /* threads that run chunks, the caller included */
  int32_t num_workers; /* worker threads started */
  pthread_t *threads;
  pthread_mutex_t mutex;
  pthread_cond_t wake; /* a new job (or shutdown) was posted */
  pthread_cond_t done; /* the last worker finished the job */
  atomic_uint_fast64_t generation; /* bumped, under mutex, once per job */
  atomic_int_fast64_t spin_from;   /* waits spin again from this time on (now_ns) */
  atomic_int pending;              /* workers not yet done with the current job */
  atomic_int shutdown;
  /* The current job: written by the caller before generation is bumped. */
  picort_kernel_fn fn;
  void *const *args;
  int64_t extent;
  int64_t chunk;
  int64_t num_chunks;
  atomic_int next_home; /* the next thread to join the job takes this range */
  /* Per thread, the chunks [front, back) of its range not yet taken: front in the low 32
   * bits, back in the high 32 (a job has at most num_threads * CHUNKS_PER_THREAD chunks). */
  atomic_uint_fast64_t *ranges;
};

/* Takes a chunk of `range`: its first (its owner does) or its last (another thread). Returns
 * the chunk, or -1 when the range is empty. */
static int64_t take_chunk(atomic_uint_fast64_t *range, int from_front) {
  uint_fast64_t old = atomic_load_explicit(range, memory_order_relaxed);
  for (;;) {
    uint32_t front = (uint32_t)old, back = (uint32_t)(old >> 32);
    if (front >= back) return -1;
    uint_fast64_t taken = from_front ? ((uint_fast64_t)back << 32) | (front + 1)
                                     : ((uint_fast64_t)(back - 1) << 32) | front;
    if (atomic_compare_exchange_weak_explicit(range, &old, taken, memory_order_relaxed,
                                              memory_order_relaxed))
      return from_front ? front : back - 1;
  }
}

/* Runs chunks of the current job until none are left: the calling thread's own range from its
 * front, then the others' from their backs. */
static void pool_run_chunks(picort_pool *pool) {
  int32_t n = pool->num_threads;
  int32_t home = atomic_fetch_add_explicit(&pool->next_home, 1, memory_order_relaxed) % n;
  for (int32_t i = 0; i < n; i++) {
    atomic_uint_fast64_t *range = &pool->ranges[(home + i) % n];
    for (int64_t c; (c = take_chunk(range, i == 0)) >= 0;) {
      int64_t begin = c * pool->chunk;
      int64_t end = pool->extent - begin < pool->chunk ? pool->extent : begin + pool->chunk;
      pool->fn(pool->args, begin, end);
    }
  }
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Jobs posted by every pool of the process. */
static atomic_uint_fast64_t posted_jobs;

/* A bounded spin of a wait in `pool`:
 *   for (spinner s = spin_start(pool);;) { poll(); if (!spin_on(&s)) break; }
 * polls for up to PICORT_POOL_SPIN_NS, until a pool posts a job after spin_start, or until the
 * thread finds it was preempted; not at all while the pool's waits sleep at once. */
typedef struct {
  picort_pool *pool;
  int spinning;
  int polls;
  int64_t deadline, last_clock; /* 0 until the clock is first read */
  uint64_t posted;              /* posted_jobs at the start */
} spinner;

static spinner spin_start(picort_pool *pool) {
  spinner s = {pool, 1, 0, 0, 0, atomic_load(&posted_jobs)};
  s.spinning = now_ns() >= atomic_load(&pool->spin_from);
  return s;
}

static int spin_on(spinner *s) {
  if (!s->spinning || atomic_load_explicit(&posted_jobs, memory_order_relaxed) != s->posted)
    return 0;
  if (++s->polls % PICORT_POOL_POLLS_PER_CLOCK != 0) return 1;
  int64_t t = now_ns();
  if (s->deadline == 0) {
    s->deadline = t + PICORT_POOL_SPIN_NS;
  } else if (t - s->last_clock > PICORT_POOL_PREEMPTED_NS) {
    atomic_store(&s->pool->spin_from, t + PICORT_POOL_BLOCKING_NS);
    return 0;
  }
  s->last_clock = t;
  return t < s->deadline;
}

/* Waits until the generation differs from `seen` and returns it. */
static uint64_t pool_wait_job(picort_pool *pool, uint64_t seen) {
  uint64_t gen;
  for (spinner s = spin_start(pool);;) {
    if ((gen = atomic_load(&pool->generation)) != seen) return gen;
    if (!spin_on(&s)) break; /* this pool's own post bumps the generation first */
  }
  pthread_mutex_lock(&pool->mutex);
  while ((gen = atomic_load(&pool->generation)) == seen)
    pthread_cond_wait(&pool->wake, &pool->mutex);
  pthread_mutex_unlock(&pool->mutex);
  return gen;
}

static void *pool_worker_main(void *arg) {
  picort_pool *pool = arg;
  uint64_t seen = 0;
  for (;;) {
    /* The caller waits for every worker before posting again, so no generation is skipped. */
    seen = pool_wait_job(pool, seen);
    if (atomic_load(&pool->shutdown)) return NULL;
    pool_run_chunks(pool);
    if (atomic_fetch_sub(&pool->pending, 1) == 1) {
      pthread_mutex_lock(&pool->mutex);
      pthread_cond_signal(&pool->done);
      pthread_mutex_unlock(&pool->mutex);
    }
  }
}

/* Posts a job (or the shutdown) to the workers. */
static void pool_post(picort_pool *pool) {
  pthread_mutex_lock(&pool->mutex);
  atomic_fetch_add(&pool->generation, 1);
  atomic_fetch_add(&posted_jobs, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mutex);
}

/* Stops and joins the started workers, then frees the pool. */
static void pool_free(picort_pool *pool, int sync_ready) {
  if (pool->num_workers > 0) {
    atomic_store(&pool->shutdown, 1);
    pool_post(pool);
    for (int32_t i = 0; i < pool->num_workers; i++) pthread_join(pool->threads[i], NULL);
  }
  if (sync_ready) {
    pthread_cond_destroy(&pool->done);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->mutex);
  }
  free(pool->threads);
  free(pool->ranges);
  free(pool);
}

picort_status picort_pool_create(int32_t num_threads, picort_pool **out) {
  *out = NULL;
  if (num_threads < 0)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "num_threads is %d, must be >= 0",
                            (int)num_threads);
  if (num_threads == 0) {
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    num_threads = online < 1 ? 1 : online > PICORT_POOL_MAX_THREADS ? PICORT_POOL_MAX_THREADS
                                                                       : (int32_t)online;
  }
  if (num_threads > PICORT_POOL_MAX_THREADS) num_threads = PICORT_POOL_MAX_THREADS;

  picort_pool *pool = calloc(1, sizeof *pool);
  if (pool == NULL) return picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "cannot allocate the pool");
  pool->num_threads = num_threads;
  atomic_init(&pool->generation, 0);
  atomic_init(&pool->spin_from, 0);
  atomic_init(&pool->pending, 0);
  atomic_init(&pool->shutdown, 0);
  atomic_init(&pool->next_home, 0);
  pool->ranges = calloc((size_t)num_threads, sizeof *pool->ranges);
  if (pool->ranges == NULL) {
    free(pool);
    return picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "cannot allocate the pool's ranges");
  }
  if (pthread_mutex_init(&pool->mutex, NULL) != 0) {
    free(pool->ranges);
    free(pool);
    return picort_error_set(PICORT_ERROR_INTERNAL, "cannot initialize the pool's mutex");
  }
  if (pthread_cond_init(&pool->wake, NULL) != 0) {
    pthread_mutex_destroy(&pool->mutex);
    free(pool->ranges);
    free(pool);
    return picort_error_set(PICORT_ERROR_INTERNAL, "cannot initialize the pool's condition");
  }
  if (pthread_cond_init(&pool->done, NULL) != 0) {
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->mutex);
    free(pool->ranges);
    free(pool);
    return picort_error_set(PICORT_ERROR_INTERNAL, "cannot initialize the pool's condition");
  }
  if (num_threads > 1) {
    pool->threads = calloc((size_t)num_threads - 1, sizeof *pool->threads);
    if (pool->threads == NULL) {
      pool_free(pool, 1);
      return picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "cannot allocate %d thread handles",
                              (int)num_threads - 1);
    }
    for (int32_t i = 0; i < num_threads - 1; i++) {
      int err = pthread_create(&pool->threads[i], NULL, pool_worker_main, pool);
      if (err != 0) {
        pool_free(pool, 1); /* joins the i workers already started */
        return picort_error_set(PICORT_ERROR_INTERNAL,
                                "cannot start worker thread %d of %d (pthread_create: %d)",
                                (int)i + 1, (int)num_threads - 1, err);
      }
      pool->num_workers = i + 1;
    }
  }
  *out = pool;
  return PICORT_OK;
}

void picort_pool_destroy(picort_pool *pool) {
  if (pool != NULL) pool_free(pool, 1);
}

int32_t picort_pool_num_threads(const picort_pool *pool) { return pool->num_threads; }

void picort_pool_parallel_for(picort_pool *pool, picort_kernel_fn fn, void *const *args,
                              int64_t extent, int64_t grain) {
  if (extent <= 0) return;
  if (grain < 1) grain = 1;
  if (pool->num_workers == 0 || extent <= grain) {
    fn(args, 0, extent);
    return;
  }
  int64_t target = (int64_t)pool->num_threads * PICORT_POOL_CHUNKS_PER_THREAD;
  int64_t chunk = extent / target + (extent % target != 0);
  if (chunk < grain) chunk = grain;
  int64_t num_chunks = extent / chunk + (extent % chunk != 0);
  if (num_chunks == 1) {
    fn(args, 0, extent);
    return;
  }

  pool->fn = fn;
  pool->args = args;
  pool->extent = extent;
  pool->chunk = chunk;
  pool->num_chunks = num_chunks;
  for (int32_t t = 0; t < pool->num_threads; t++) {
    uint_fast64_t front = (uint_fast64_t)(num_chunks * t / pool->num_threads);
    uint_fast64_t back = (uint_fast64_t)(num_chunks * (t + 1) / pool->num_threads);
    atomic_store_explicit(&pool->ranges[t], (back << 32) | front, memory_order_relaxed);
  }
  atomic_store(&pool->next_home, 0);
  atomic_store(&pool->pending, pool->num_workers);
  pool_post(pool);

  pool_run_chunks(pool);

  /* Barrier: a worker decrements pending only once it has finished all the chunks it claimed. */
  for (spinner s = spin_start(pool);;) {
    if (atomic_load(&pool->pending) == 0) return;
    if (!spin_on(&s)) break;
  }
  pthread_mutex_lock(&pool->mutex);
  while (atomic_load(&pool->pending) != 0) pthread_cond_wait(&pool->done, &pool->mutex);
  pthread_mutex_unlock(&pool->mutex);
}
