/* picort.h - the picoc runtime (libpicort): the C ABI between a compiled model object and the
 * program that links it.
 *
 * A model object produced by `picoc` holds its kernels, its weights (or the name of a side file),
 * and a picort_model_desc: the execution plan as plain data. The object's entry points
 * (<name>_create / <name>_run / <name>_destroy, declared in the generated <name>.h) forward to the
 * functions below with that descriptor. The runtime never aborts and never calls exit(): every
 * function that can fail returns a picort_status and leaves a message for picort_last_error().
 */
#ifndef PICORT_H
#define PICORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PICORT_ABI_VERSION 1

typedef enum picort_status {
  PICORT_OK = 0,
  PICORT_ERROR_INVALID_ARGUMENT = 1, /* a null pointer, a wrong count */
  PICORT_ERROR_SHAPE = 2,            /* a tensor's rank or dims differ from the model's */
  PICORT_ERROR_DTYPE = 3,            /* a tensor's element type differs from the model's */
  PICORT_ERROR_IO = 4,               /* the weights side file is missing, short or unreadable */
  PICORT_ERROR_OUT_OF_MEMORY = 5,
  PICORT_ERROR_ABI = 6,              /* the object was built for another runtime ABI version */
  PICORT_ERROR_INTERNAL = 7,
} picort_status;

/* Element types; the values are ONNX's TensorProto.DataType codes. */
typedef enum picort_dtype {
  PICORT_DTYPE_FLOAT32 = 1,
  PICORT_DTYPE_UINT8 = 2,
  PICORT_DTYPE_INT8 = 3,
  PICORT_DTYPE_UINT16 = 4,
  PICORT_DTYPE_INT16 = 5,
  PICORT_DTYPE_INT32 = 6,
  PICORT_DTYPE_INT64 = 7,
  PICORT_DTYPE_BOOL = 9,
  PICORT_DTYPE_FLOAT16 = 10,
  PICORT_DTYPE_FLOAT64 = 11,
  PICORT_DTYPE_UINT32 = 12,
  PICORT_DTYPE_UINT64 = 13,
  PICORT_DTYPE_BFLOAT16 = 16,
} picort_dtype;

/* Size in bytes of one element of `dtype`, 0 for an unknown code. */
size_t picort_dtype_size(int32_t dtype);
/* A short name ("float32", "int64", ...), "unknown" for an unknown code. */
const char *picort_dtype_name(int32_t dtype);

/* The message of the last failed call on this thread ("" if none). */
const char *picort_last_error(void);

/* A tensor handed to or returned from a model: dense, row-major, caller-owned memory. */
typedef struct picort_tensor {
  void *data;
  int32_t dtype; /* picort_dtype */
  int32_t rank;
  const int64_t *shape;
} picort_tensor;

/* ---- What a model object contains (written by picoc; users need not read below). ---- */

/* An input or output as the model declares it. */
typedef struct picort_tensor_desc {
  const char *name;
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
} picort_tensor_desc;

/* Where a kernel argument lives. */
typedef enum picort_arg_kind {
  PICORT_ARG_ARENA = 0,  /* offset bytes into the model's scratch arena */
  PICORT_ARG_WEIGHT = 1, /* offset bytes into the weights blob */
  PICORT_ARG_INPUT = 2,  /* input number `index` */
  PICORT_ARG_OUTPUT = 3, /* output number `index` */
} picort_arg_kind;

typedef struct picort_arg {
  int32_t kind;  /* picort_arg_kind */
  int64_t index; /* byte offset for ARENA and WEIGHT, position for INPUT and OUTPUT */
} picort_arg;

/* A kernel computes the iterations [begin, end) of its outermost parallel loop; `args` holds one
 * pointer per picort_arg of its launch, in order. Distinct calls write disjoint memory. */
typedef void (*picort_kernel_fn)(void *const *args, int64_t begin, int64_t end);

/* One kernel call of the plan: the runtime splits [0, extent) into chunks across its threads;
 * `grain` is the smallest chunk worth a thread (>= 1). */
typedef struct picort_launch {
  const char *name;
  picort_kernel_fn fn;
  int64_t extent;
  int64_t grain;
  int32_t num_args;
  const picort_arg *args;
} picort_launch;

/* The whole model: its interface, its memory and its plan, run in order. */
typedef struct picort_model_desc {
  uint32_t abi_version; /* PICORT_ABI_VERSION */
  const char *name;
  int32_t num_inputs;
  const picort_tensor_desc *inputs;
  int32_t num_outputs;
  const picort_tensor_desc *outputs;
  uint64_t arena_bytes;         /* scratch memory, 64-byte aligned offsets */
  const void *weights;          /* the embedded weights blob, or NULL if they live in a file */
  uint64_t weights_bytes;       /* size of the blob, embedded or in the file */
  const char *weights_file;     /* default side-file name when not embedded, else NULL */
  int32_t num_launches;
  const picort_launch *launches;
} picort_model_desc;

/* A created model: its arena, its weights mapping and its thread pool. */
typedef struct picort_model picort_model;

typedef struct picort_options {
  int32_t num_threads; /* 0: one per online CPU */
  const char *weights_path; /* side file to map; NULL: the desc's weights_file (relative to cwd) */
} picort_options;

/* Creates a model from its descriptor. On failure *out is NULL and nothing is leaked.
 * `options` may be NULL (all defaults). */
picort_status picort_model_create(const picort_model_desc *desc, const picort_options *options,
                                  picort_model **out);

/* Runs the model once. Inputs and outputs are checked (count, null data, dtype, rank, dims)
 * against the descriptor before anything runs. Not thread-safe per model. */
picort_status picort_model_run(picort_model *model, const picort_tensor *inputs, int32_t num_inputs,
                               const picort_tensor *outputs, int32_t num_outputs);

/* Frees everything create allocated; NULL is a no-op. */
void picort_model_destroy(picort_model *model);

/* The descriptor a model was created from. */
const picort_model_desc *picort_model_get_desc(const picort_model *model);

#ifdef __cplusplus
}
#endif

#endif /* PICORT_H */
