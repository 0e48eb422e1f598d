/* picort.h - the picoc runtime (libpicort): the C ABI between a compiled model object and the
 * program that links it.
 *
 * A model runs on the CPU (its kernels are functions in the object) or on an NVIDIA GPU (its
 * kernels are cubins and PTX in the object). A GPU model loads the driver, libcuda, with dlopen
 * the first time one is created: a program that only runs CPU models never needs it, and no
 * program links against any CUDA library.
 *
 * A model object produced by `picoc` holds its kernels, its weights (or the name of a side file),
 * and a picort_model_desc: the execution plan as plain data, one plan per entry point (a model
 * compiled from one file has one, "run"; `picoc prefill.onnx decode.onnx` gives two sharing one
 * instance). The object's functions (<name>_create, <name>_run or <name>_<entry> per entry
 * point, <name>_destroy, declared in the generated <name>.h) forward to the functions below with
 * that descriptor. The runtime never aborts and never calls exit(): every
 * function that can fail returns a picort_status and leaves a message for picort_last_error().
 */
#ifndef PICORT_H
#define PICORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PICORT_ABI_VERSION 7

typedef enum picort_status {
  PICORT_OK = 0,
  PICORT_ERROR_INVALID_ARGUMENT = 1, /* a null pointer, a wrong count */
  PICORT_ERROR_SHAPE = 2,            /* a tensor's rank or dims differ from the model's */
  PICORT_ERROR_DTYPE = 3,            /* a tensor's element type differs from the model's */
  PICORT_ERROR_IO = 4,               /* the weights side file is missing, short or unreadable */
  PICORT_ERROR_OUT_OF_MEMORY = 5,
  PICORT_ERROR_ABI = 6,              /* the object was built for another runtime ABI version */
  PICORT_ERROR_INTERNAL = 7,
  PICORT_ERROR_DEVICE = 8,           /* no GPU or driver, a driver too old for the model's code,
                                        or a driver call that failed (the message names it) */
  PICORT_ERROR_INDEX = 9,            /* a run-time index out of range (Gather, GatherND,
                                        GatherElements, Scatter*): the message names the node;
                                        the outputs are not valid */
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
  /* Narrow formats (ONNX's codes). The float8 types take a byte per element; float4 and the
   * 4- and 2-bit integers are packed, two or four to a byte, the first element in the low
   * bits. */
  PICORT_DTYPE_FLOAT8E4M3FN = 17,
  PICORT_DTYPE_FLOAT8E4M3FNUZ = 18,
  PICORT_DTYPE_FLOAT8E5M2 = 19,
  PICORT_DTYPE_FLOAT8E5M2FNUZ = 20,
  PICORT_DTYPE_UINT4 = 21,
  PICORT_DTYPE_INT4 = 22,
  PICORT_DTYPE_FLOAT4E2M1 = 23,
  PICORT_DTYPE_UINT2 = 25,
  PICORT_DTYPE_INT2 = 26,
} picort_dtype;

/* Size in bytes of one element of `dtype`; 0 for an unknown code and for the packed types of
 * fewer than 8 bits (see picort_dtype_bits and picort_tensor_bytes). */
size_t picort_dtype_size(int32_t dtype);
/* Size in bits of one element of `dtype`, 0 for an unknown code. */
size_t picort_dtype_bits(int32_t dtype);
/* Bytes that `count` elements of `dtype` take (the packed types round up to whole bytes). */
uint64_t picort_tensor_bytes(int32_t dtype, uint64_t count);
/* A short name ("float32", "int64", ...), "unknown" for an unknown code. */
const char *picort_dtype_name(int32_t dtype);

/* The message of the last failed call on this thread ("" if none). */
const char *picort_last_error(void);

/* Where a tensor's data lives. */
typedef enum picort_memory {
  PICORT_MEMORY_HOST = 0,   /* ordinary host memory (any model) */
  PICORT_MEMORY_DEVICE = 1, /* device memory of the GPU the model runs on (a CUdeviceptr) */
} picort_memory;

/* A tensor handed to or returned from a model: dense, row-major, caller-owned memory. An
 * initializer that leaves `memory` out means host memory. */
typedef struct picort_tensor {
  void *data;
  int32_t dtype; /* picort_dtype */
  int32_t rank;
  const int64_t *shape;
  int32_t memory; /* picort_memory */
} picort_tensor;

/* ---- What a model object contains (written by picoc; users need not read below). ---- */

/* A run-time dim (`picoc --dim seq=1..512`): a dim whose value each call takes from the shapes
 * of its inputs, within [min, max]. Buffers are planned for `max`. */
typedef struct picort_dim_desc {
  const char *name;
  int64_t min;
  int64_t max;
} picort_dim_desc;

/* An affine expression over the model's run-time dims: constant + sum of coeffs[i] * dim i, for
 * i < desc->num_dims (coeffs NULL: the constant alone). */
typedef struct picort_dim_expr {
  int64_t constant;
  const int64_t *coeffs;
} picort_dim_expr;

/* An input or output as the model declares it. */
typedef struct picort_tensor_desc {
  const char *name;
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;        /* the dims; a run-time dim's upper bound */
  const picort_dim_expr *dims; /* NULL when every dim is static; else one per dim */
  /* Nonzero when the model's buffer for this tensor is in the arena at staging_offset, laid
   * out at `shape` (the bounds), and the call's tensor (dense at its own dims) is copied into
   * it before the run (an input) or out of it after the run (an output). */
  int32_t staged;
  uint64_t staging_offset;
} picort_tensor_desc;

/* Where a kernel argument lives. */
typedef enum picort_arg_kind {
  PICORT_ARG_ARENA = 0,  /* offset bytes into the model's scratch arena */
  PICORT_ARG_WEIGHT = 1, /* offset bytes into the weights blob */
  PICORT_ARG_INPUT = 2,  /* input number `index` */
  PICORT_ARG_OUTPUT = 3, /* output number `index` */
  PICORT_ARG_DIMS = 4,   /* the values of the run-time dims of this call (int64_t each) */
  PICORT_ARG_NONE = -1,  /* no value: a loop without a trip count or a condition */
} picort_arg_kind;

typedef struct picort_arg {
  int32_t kind;  /* picort_arg_kind */
  int64_t index; /* byte offset for ARENA and WEIGHT, position for INPUT and OUTPUT */
} picort_arg;

/* A CPU kernel computes the iterations [begin, end) of its outermost parallel loop; `args` holds
 * one pointer per picort_arg of its launch, in order. Distinct calls write disjoint memory. */
typedef void (*picort_kernel_fn)(void *const *args, int64_t begin, int64_t end);

/* One factor of a launch's run-time extent: ceil(value / chunk) launch indices. */
typedef struct picort_run_extent {
  picort_dim_expr value;
  int64_t chunk; /* >= 1 */
} picort_run_extent;

/* One kernel call of the plan.
 * CPU: `fn` is called over chunks of [0, extent) across the runtime's threads; `grain` is the
 *      smallest chunk worth a thread (>= 1); grid, block and shared_bytes are 0. A kernel over
 *      run-time dims has num_run_extents factors: its extent is their product for this call's
 *      dims (`extent` is the product at their upper bounds).
 * GPU: `name` is the kernel's function in the model's GPU image, launched with `grid` blocks
 *      of `block` threads and `shared_bytes` of dynamic shared memory; its parameters are one
 *      device pointer per picort_arg, in order. `fn` is NULL, extent and grain are 0. */
typedef struct picort_launch {
  const char *name;
  picort_kernel_fn fn;
  int64_t extent;
  int64_t grain;
  int32_t num_args;
  const picort_arg *args;
  uint32_t grid[3];
  uint32_t block[3];
  uint32_t shared_bytes;
  int32_t num_run_extents;
  const picort_run_extent *run_extents;
  /* CPU, with run extents: the launch's work (element operations) in a call is the product of
   * these (each counted at least 1), and its grain is chosen per call, grain_work operations
   * a chunk (a short call stays on the calling thread). None: `grain` as it is. */
  int32_t num_work_terms;
  const picort_dim_expr *work_terms;
  int64_t grain_work;
} picort_launch;

/* Where a model's kernels run. */
typedef enum picort_device {
  PICORT_DEVICE_CPU = 0,
  PICORT_DEVICE_CUDA = 1,
} picort_device;

typedef enum picort_image_kind {
  PICORT_IMAGE_CUBIN = 0, /* machine code for one SM version (and its minor successors) */
  PICORT_IMAGE_PTX = 1,   /* PTX the driver compiles for any SM at or above `sm` */
} picort_image_kind;

/* One compiled form of a GPU model's kernels; the runtime picks the best for the device. */
typedef struct picort_gpu_image {
  int32_t kind; /* picort_image_kind */
  int32_t sm;   /* 90 for sm_90 */
  uint64_t size;
  const void *data;
} picort_gpu_image;

/* A run-time check: the run fails with PICORT_ERROR_INDEX and `message` when the byte at
 * `arena_offset` is nonzero after the last launch. */
typedef struct picort_check {
  uint64_t arena_offset;
  const char *message;
} picort_check;

/* A state (`picoc --state`): a tensor that lives in the model instance between calls, the KV
 * cache an exporter writes as a `past` input concatenated into a `present` output. It is laid
 * out at `shape` (the present's bounds) at `arena_offset`, and holds a length along `axis`:
 * 0 after create and reset, then each call that uses it appends its new rows in place. */
typedef struct picort_state_desc {
  const char *name; /* the present output's name */
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
  int32_t axis;
  uint64_t arena_offset;
} picort_state_desc;

/* An entry point's use of a state: the past's length at the start of a call (a run-time dim
 * that the call takes from the state's length, or an expression of dims that it checks
 * against it) and the state's length after the call. An entry that writes the state without
 * reading it (`reads` 0: a prefill that starts a sequence) ignores length_in. */
typedef struct picort_state_use {
  int32_t state; /* index into picort_model_desc.states */
  int32_t reads;
  picort_dim_expr length_in;
  picort_dim_expr length_out;
} picort_state_use;

/* A copy made by the runtime around a loop's launches: from the arena, the weights, or an
 * input or output of static dims, into the arena. */
typedef struct picort_copy {
  picort_arg from;
  picort_arg to;
  uint64_t bytes;
} picort_copy;

/* A loop of the plan (an ONNX Loop whose iterations are known only at run time): the launches
 * [first_launch, first_launch + num_launches) run once per iteration.
 *   the `init` copies (initial values into the carried buffers), then, for i = 0, 1, ... while
 *   i < the trip count (the int64 at `trip_count`; NONE: no bound; at most max_iterations when
 *   that is >= 0) and the condition holds (the byte at `cond`, nonzero; NONE: true):
 *     store i at `iteration` (an int64 in the arena); run the launches;
 *     the condition becomes the byte at `cond_out` (NONE: stays true);
 *     the `carry` copies (the body's outputs into the carried buffers), then the `scans`
 *     copies, each to its destination plus i * bytes (the rows of a stacked output).
 * Loops of an entry are in launch order and disjoint; a loop has a trip count or a
 * condition output (else it would never end). */
typedef struct picort_loop {
  int32_t first_launch;
  int32_t num_launches;
  picort_arg trip_count, cond, cond_out, iteration;
  int32_t num_init;
  const picort_copy *init;
  int32_t num_carry;
  const picort_copy *carry;
  int32_t num_scans;
  const picort_copy *scans;
  int64_t max_iterations; /* the scans' rows; -1 when there are none */
} picort_loop;

/* One entry point of a model: its interface and its plan, run in order. A model object holds
 * one or several (an LLM's prefill and decode); they share the model's weights and arena and
 * never run at the same time on one model. */
typedef struct picort_entry_desc {
  const char *name; /* "run" for a model of one entry point */
  int32_t num_inputs;
  const picort_tensor_desc *inputs;
  int32_t num_outputs;
  const picort_tensor_desc *outputs;
  int32_t num_launches;
  const picort_launch *launches;
  int32_t num_checks;
  const picort_check *checks;
  int32_t num_states; /* the states it reads and appends to */
  const picort_state_use *states;
  int32_t num_loops; /* loops of the plan over ranges of its launches */
  const picort_loop *loops;
} picort_entry_desc;

/* The whole model: its entry points, its memory, its weights and its code. */
typedef struct picort_model_desc {
  uint32_t abi_version; /* PICORT_ABI_VERSION */
  const char *name;
  int32_t num_entries;           /* at least 1 */
  const picort_entry_desc *entries;
  uint64_t arena_bytes;         /* scratch memory, 64-byte aligned offsets (the largest entry's) */
  const void *weights;          /* the embedded weights blob, or NULL if they live in a file */
  uint64_t weights_bytes;       /* size of the blob, embedded or in the file */
  const char *weights_file;     /* default side-file name when not embedded, else NULL */
  int32_t device;                  /* picort_device */
  int32_t num_images;              /* GPU: cubins and PTX of the kernels; CPU: 0 */
  const picort_gpu_image *images;
  int32_t num_dims;                /* run-time dims, shared by every entry point */
  const picort_dim_desc *dims;
  int32_t num_states;              /* states, shared by every entry point */
  const picort_state_desc *states;
} picort_model_desc;

/* A created model: its arena, its weights (host or device) and its thread pool or GPU state. */
typedef struct picort_model picort_model;

typedef struct picort_options {
  int32_t num_threads; /* CPU: 0: one per online CPU */
  const char *weights_path; /* side file to map; NULL: the desc's weights_file (relative to cwd) */
  int32_t device_ordinal;   /* GPU: which device (0: the first CUDA device) */
} picort_options;

/* Creates a model from its descriptor. On failure *out is NULL and nothing is leaked.
 * `options` may be NULL (all defaults). A GPU model loads the driver (once per process),
 * retains the device's primary context, loads the image that fits the device, uploads the
 * weights and allocates one device arena; a side file of weights is unmapped once uploaded. */
picort_status picort_model_create(const picort_model_desc *desc, const picort_options *options,
                                  picort_model **out);

/* Runs entry point `entry` (an index into desc->entries) once and returns when its outputs are
 * written. Inputs and outputs are checked (count, null data, dtype, rank, dims, memory) against
 * the entry's descriptor before anything runs. One model may not be run from two threads at
 * once; distinct models may. A CPU model takes host tensors only; a GPU model takes host or
 * device tensors. Indices that the model reads at run time (Gather, GatherND, GatherElements,
 * ScatterElements, ScatterND) must lie in [-dim, dim): when one does not, the kernels read it
 * clamped into range (no access leaves a buffer) and the run returns PICORT_ERROR_INDEX naming
 * the node (the outputs are not valid). */
picort_status picort_model_run_entry(picort_model *model, int32_t entry,
                                     const picort_tensor *inputs, int32_t num_inputs,
                                     const picort_tensor *outputs, int32_t num_outputs);

/* GPU models: runs entry point `entry` on the caller's CUDA stream (a CUstream; NULL is the
 * default stream). Each entry's first run captures its launches as a CUDA graph, later runs
 * replay it. When all tensors are in device memory the call returns once the work is queued;
 * with any host tensor it waits for the stream before it returns (host outputs are then
 * written). Only a call that waits checks run-time indices (PICORT_ERROR_INDEX, as
 * picort_model_run_entry); one that returns once queued does not. CPU models ignore `stream`
 * and run as picort_model_run_entry. */
picort_status picort_model_run_entry_async(picort_model *model, int32_t entry,
                                           const picort_tensor *inputs, int32_t num_inputs,
                                           const picort_tensor *outputs, int32_t num_outputs,
                                           void *stream);

/* picort_model_run_entry and _async of entry 0, the only one of a model compiled from one
 * file. */
picort_status picort_model_run(picort_model *model, const picort_tensor *inputs, int32_t num_inputs,
                               const picort_tensor *outputs, int32_t num_outputs);
picort_status picort_model_run_async(picort_model *model, const picort_tensor *inputs,
                                     int32_t num_inputs, const picort_tensor *outputs,
                                     int32_t num_outputs, void *stream);

/* The shape of output `output` of entry point `entry` in a call with `inputs`: its run-time
 * dims take their values from the inputs' shapes (writes the output's rank of dims to `shape`).
 * PICORT_ERROR_SHAPE when the inputs' dims disagree with each other or lie outside their
 * bounds, as a run would refuse them. A model without run-time dims answers its declared
 * shape. A dim that only a state gives (a past length) is not known from the descriptor: it is
 * taken at its minimum here (outputs that depend on it need picort_model_state_length). */
picort_status picort_model_output_shape(const picort_model_desc *desc, int32_t entry,
                                        const picort_tensor *inputs, int32_t num_inputs,
                                        int32_t output, int64_t *shape);

/* States (a model compiled with `picoc --state`). A call binds each state's past length from
 * the state (PICORT_ERROR_SHAPE when the state is full: its length is past the bound of the
 * past's dim, or when the call's other tensors disagree with it) and appends to it in place;
 * a failed call leaves the states as they were, unless its kernels ran (PICORT_ERROR_INDEX).
 * A call of an entry that writes a state from its first row (`reads` 0: a prefill, Whisper's
 * encode) starts a new sequence: the states it does not use are emptied. Reset empties every
 * state (the next call starts a new sequence). */
picort_status picort_model_reset(picort_model *model);
/* Sets the length of every state that grows (one that an entry reads and appends to: a KV
 * cache) to `position`, at most its current length (a caller rolling a sequence back to an
 * earlier position keeps the rows before it). States that entries only read (Whisper's
 * cross-attention keys and values) keep their rows. */
picort_status picort_model_set_position(picort_model *model, int64_t position);
/* State `state`'s length, or -1 (with a message) when the model has no such state. */
int64_t picort_model_state_length(const picort_model *model, int32_t state);

/* The index of the entry point named `name`, or -1 (with a message) when the model has none. */
int32_t picort_model_find_entry(const picort_model_desc *desc, const char *name);

/* Frees everything create allocated; NULL is a no-op. */
void picort_model_destroy(picort_model *model);

/* The descriptor a model was created from. */
const picort_model_desc *picort_model_get_desc(const picort_model *model);

#ifdef __cplusplus
}
#endif

#endif /* PICORT_H */
