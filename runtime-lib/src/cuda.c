/* cuda.c - the GPU side of libpicort, on the CUDA driver API alone.
 *
 * The driver is loaded with dlopen on the first GPU create (once per process). A GPU model owns:
 * the device's primary context (retained), the module loaded from the image that fits the
 * device best, its weights in device memory (uploaded once), one device arena (the planned
 * temporaries, then a staging slot per input and output of an entry point; entry points share
 * both, as they never run at once), a stream of its own, and, per entry point after its first
 * run, a CUDA graph of all its launches in plan order (an entry with loops of the plan launches
 * its kernels one by one instead, reading each loop's trip count and condition back). A
 * kernel argument is an address in the weights or the arena, or an input's or output's: the
 * caller's device memory when the tensor is there (no copy), else its staging slot (host
 * tensors are copied in and out around the replay). When a run's device addresses differ from those the graph holds, the kernel
 * nodes that take them get their parameters updated in the instantiated graph; nothing is
 * captured again. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dlopen flags, RTLD_* */
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_driver.h"
#include "internal.h"

#define PICORT_GPU_ALIGN 256 /* slot alignment in the device arena: every access is aligned */

static picort_cuda_driver cu;
static picort_status driver_status = PICORT_OK;
static char driver_message[384];
static pthread_once_t driver_once = PTHREAD_ONCE_INIT;

/* ---- the driver ---- */

static void driver_load(void) {
  void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    driver_status = PICORT_ERROR_DEVICE;
    snprintf(driver_message, sizeof driver_message,
             "cannot load the CUDA driver: %s; is an NVIDIA driver installed?", dlerror());
    return;
  }
#define PICORT_CUDA_LOOKUP(name, symbol, params)                                                  \
  *(void **)&cu.name = dlsym(lib, symbol);                                                         \
  if (cu.name == NULL) {                                                                           \
    driver_status = PICORT_ERROR_DEVICE;                                                           \
    snprintf(driver_message, sizeof driver_message,                                                \
             "the CUDA driver lacks %s: it is too old for picoc (CUDA 12 or newer is needed)",     \
             symbol);                                                                              \
    return;                                                                                        \
  }
  PICORT_CUDA_ENTRY_POINTS(PICORT_CUDA_LOOKUP)
#undef PICORT_CUDA_LOOKUP
  CUresult r = cu.cuInit(0);
  if (r != CUDA_SUCCESS) {
    const char *s = NULL;
    cu.cuGetErrorString(r, &s);
    driver_status = PICORT_ERROR_DEVICE;
    snprintf(driver_message, sizeof driver_message, "cuInit failed: %s (%d)%s",
             s != NULL ? s : "unknown error", r,
             r == CUDA_ERROR_NO_DEVICE ? ": no CUDA device is visible" : "");
  }
  /* The library stays loaded: the driver is shared by every GPU model of the process. */
}

/* Sets the error for a failed driver call and returns PICORT_ERROR_DEVICE (or OUT_OF_MEMORY). */
static picort_status cu_fail(const char *model, const char *what, CUresult r) {
  const char *name = NULL, *text = NULL;
  cu.cuGetErrorName(r, &name);
  cu.cuGetErrorString(r, &text);
  return picort_error_set(r == CUDA_ERROR_OUT_OF_MEMORY ? PICORT_ERROR_OUT_OF_MEMORY
                                                        : PICORT_ERROR_DEVICE,
                          "model '%s': %s failed: %s (%s)", model, what,
                          text != NULL ? text : "unknown error", name != NULL ? name : "?");
}

#define CU_CHECK(call, what)                                                                       \
  do {                                                                                             \
    CUresult r_ = (call);                                                                          \
    if (r_ != CUDA_SUCCESS) return cu_fail(name, what, r_);                                        \
  } while (0)

/* ---- the model's GPU state ---- */

/* One entry point's launches, staging slots and graph. */
typedef struct gpu_entry {
  CUdeviceptr *input_slots, *output_slots; /* in the arena */
  CUdeviceptr *input_bound, *output_bound; /* the addresses the graph's kernels take now */
  CUfunction *functions;                   /* per launch */
  CUdeviceptr *params;                     /* per launch, max_args argument values */
  void **param_ptrs;                       /* per launch, max_args pointers into params */
  CUDA_KERNEL_NODE_PARAMS *node_params;    /* per launch */
  CUgraphNode *nodes;                      /* per launch */
  unsigned char *dirty;                    /* per launch: parameters changed since the graph's */
  CUgraph graph;
  CUgraphExec exec; /* NULL until the entry's first run */
  unsigned char *faults; /* per check of the entry: its byte, copied back after a run */
} gpu_entry;

struct picort_gpu_model {
  CUdevice device;
  CUcontext ctx; /* the device's primary context, retained */
  CUmodule module;
  CUstream stream; /* picort_model_run's */
  CUdeviceptr weights, arena;
  CUdeviceptr dims; /* in the arena: the run-time dims of the current call (int64_t each) */
  int32_t max_args;
  gpu_entry *entries; /* per entry point of the desc */
};

static uint64_t align_up(uint64_t v) {
  return (v + PICORT_GPU_ALIGN - 1) & ~(uint64_t)(PICORT_GPU_ALIGN - 1);
}

/* The image to load on a device of SM version `sm`: a cubin of that version, else the newest
 * cubin of the same major version below it, else the newest PTX at or below it. NULL if none.
 * With PICORT_GPU_IMAGE=ptx in the environment, the PTX only: the code a newer GPU would
 * compile, run on this one (for testing). */
static const picort_gpu_image *pick_image(const picort_model_desc *d, int sm) {
  const picort_gpu_image *best = NULL;
  const char *only = getenv("PICORT_GPU_IMAGE");
  for (int32_t i = 0; i < d->num_images && !(only != NULL && strcmp(only, "ptx") == 0); i++) {
    const picort_gpu_image *im = &d->images[i];
    if (im->kind == PICORT_IMAGE_CUBIN && im->sm / 10 == sm / 10 && im->sm <= sm &&
        (best == NULL || best->kind != PICORT_IMAGE_CUBIN || im->sm > best->sm))
      best = im;
  }
  if (best != NULL) return best;
  for (int32_t i = 0; i < d->num_images; i++) {
    const picort_gpu_image *im = &d->images[i];
    if (im->kind == PICORT_IMAGE_PTX && im->sm <= sm && (best == NULL || im->sm > best->sm))
      best = im;
  }
  return best;
}

/* "sm_80 cubin, sm_90 PTX" into buf. */
static const char *describe_images(const picort_model_desc *d, char *buf, size_t size) {
  size_t n = 0;
  buf[0] = '\0';
  for (int32_t i = 0; i < d->num_images && n < size; i++)
    n += (size_t)snprintf(buf + n, size - n, "%ssm_%d %s", i ? ", " : "", (int)d->images[i].sm,
                          d->images[i].kind == PICORT_IMAGE_PTX ? "PTX" : "cubin");
  return buf;
}

static picort_status load_module(picort_model *m, const char *name) {
  picort_gpu_model *g = m->gpu;
  const picort_model_desc *d = m->desc;
  int major = 0, minor = 0;
  CU_CHECK(cu.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                                   g->device), "cuDeviceGetAttribute");
  CU_CHECK(cu.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                                   g->device), "cuDeviceGetAttribute");
  int sm = major * 10 + minor;
  char images[256];
  const picort_gpu_image *im = pick_image(d, sm);
  if (im == NULL)
    return picort_error_set(PICORT_ERROR_DEVICE,
                            "model '%s' has no code for this GPU (sm_%d); it holds: %s", name, sm,
                            describe_images(d, images, sizeof images));
  CUresult r = cu.cuModuleLoadData(&g->module, im->data);
  if (r != CUDA_SUCCESS) {
    int version = 0;
    cu.cuDriverGetVersion(&version);
    if (im->kind == PICORT_IMAGE_PTX &&
        (r == CUDA_ERROR_UNSUPPORTED_PTX_VERSION || r == CUDA_ERROR_INVALID_PTX))
      return picort_error_set(PICORT_ERROR_DEVICE,
                              "model '%s': the CUDA driver (version %d.%d) cannot compile the "
                              "model's sm_%d PTX for this sm_%d GPU: the driver is older than "
                              "the CUDA toolkit picoc compiled with; update the driver",
                              name, version / 1000, version % 1000 / 10, (int)im->sm, sm);
    g->module = NULL;
    return cu_fail(name, "loading the GPU code (cuModuleLoadData)", r);
  }
  for (int32_t e = 0; e < d->num_entries; e++) {
    const picort_entry_desc *en = &d->entries[e];
    for (int32_t l = 0; l < en->num_launches; l++) {
      const picort_launch *la = &en->launches[l];
      r = cu.cuModuleGetFunction(&g->entries[e].functions[l], g->module, la->name);
      if (r != CUDA_SUCCESS)
        return picort_error_set(PICORT_ERROR_DEVICE,
                                "model '%s': kernel '%s' is not in its GPU code", name, la->name);
      if (la->shared_bytes > 48 * 1024)
        CU_CHECK(cu.cuFuncSetAttribute(g->entries[e].functions[l],
                                       CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                       (int)la->shared_bytes),
                 "cuFuncSetAttribute");
    }
  }
  return PICORT_OK;
}

/* The bytes of an entry's staging slots: one per input and output, each aligned. */
static uint64_t slot_bytes(const picort_entry_desc *en) {
  uint64_t size = 0;
  for (int32_t i = 0; i < en->num_inputs; i++)
    size += align_up(picort_desc_bytes(&en->inputs[i]));
  for (int32_t i = 0; i < en->num_outputs; i++)
    size += align_up(picort_desc_bytes(&en->outputs[i]));
  return size;
}

/* Places an entry's staging slots at `base` and fixes every launch's argument values. */
static void plan_entry(picort_model *m, int32_t e, CUdeviceptr base) {
  picort_gpu_model *g = m->gpu;
  const picort_entry_desc *en = &m->desc->entries[e];
  gpu_entry *ge = &g->entries[e];
  for (int32_t i = 0; i < en->num_inputs; i++) {
    ge->input_bound[i] = ge->input_slots[i] = base;
    base += align_up(picort_desc_bytes(&en->inputs[i]));
  }
  for (int32_t i = 0; i < en->num_outputs; i++) {
    ge->output_bound[i] = ge->output_slots[i] = base;
    base += align_up(picort_desc_bytes(&en->outputs[i]));
  }
  for (int32_t l = 0; l < en->num_launches; l++) {
    const picort_launch *la = &en->launches[l];
    CUdeviceptr *values = &ge->params[(size_t)l * (size_t)g->max_args];
    void **ptrs = &ge->param_ptrs[(size_t)l * (size_t)g->max_args];
    for (int32_t a = 0; a < la->num_args; a++) {
      int64_t ix = la->args[a].index;
      switch (la->args[a].kind) {
      case PICORT_ARG_ARENA: values[a] = g->arena + (uint64_t)ix; break;
      case PICORT_ARG_WEIGHT: values[a] = g->weights + (uint64_t)ix; break;
      case PICORT_ARG_INPUT: values[a] = ge->input_slots[ix]; break;
      case PICORT_ARG_DIMS: values[a] = g->dims; break;
      default: values[a] = ge->output_slots[ix]; break; /* PICORT_ARG_OUTPUT, checked at create */
      }
      ptrs[a] = &values[a];
    }
    CUDA_KERNEL_NODE_PARAMS *p = &ge->node_params[l];
    p->func = ge->functions[l];
    p->gridDimX = la->grid[0];
    p->gridDimY = la->grid[1];
    p->gridDimZ = la->grid[2];
    p->blockDimX = la->block[0];
    p->blockDimY = la->block[1];
    p->blockDimZ = la->block[2];
    p->sharedMemBytes = la->shared_bytes;
    p->kernelParams = ptrs;
  }
}

/* Allocates the arena (temporaries, then the staging slots, which the entry points share, then
 * the run-time dims of a call) and fixes every launch's argument values. */
static picort_status plan_memory(picort_model *m, const char *name) {
  picort_gpu_model *g = m->gpu;
  const picort_model_desc *d = m->desc;
  uint64_t temps = align_up(d->arena_bytes), slots = 0;
  for (int32_t e = 0; e < d->num_entries; e++) {
    uint64_t bytes = slot_bytes(&d->entries[e]);
    if (bytes > slots) slots = bytes;
  }
  uint64_t dims = align_up(sizeof(int64_t) * (uint64_t)(d->num_dims > 0 ? d->num_dims : 1));
  uint64_t size = temps + slots + dims;
  CUresult r = cu.cuMemAlloc(&g->arena, size);
  if (r != CUDA_SUCCESS) {
    g->arena = 0;
    return picort_error_set(r == CUDA_ERROR_OUT_OF_MEMORY ? PICORT_ERROR_OUT_OF_MEMORY
                                                          : PICORT_ERROR_DEVICE,
                            "model '%s': cannot allocate a device arena of %llu bytes (CUDA error "
                            "%d)", name, (unsigned long long)size, r);
  }
  g->dims = g->arena + temps + slots;
  for (int32_t e = 0; e < d->num_entries; e++) plan_entry(m, e, g->arena + temps);
  return PICORT_OK;
}

/* Allocates an entry's host-side tables. */
static int entry_alloc(gpu_entry *ge, const picort_entry_desc *en, int32_t max_args) {
  size_t launches = en->num_launches > 0 ? (size_t)en->num_launches : 1;
  size_t slots = launches * (size_t)(max_args > 0 ? max_args : 1);
  ge->functions = calloc(launches, sizeof *ge->functions);
  ge->params = calloc(slots, sizeof *ge->params);
  ge->param_ptrs = calloc(slots, sizeof *ge->param_ptrs);
  ge->node_params = calloc(launches, sizeof *ge->node_params);
  ge->nodes = calloc(launches, sizeof *ge->nodes);
  ge->dirty = calloc(launches, 1);
  ge->input_slots = calloc((size_t)en->num_inputs + 1, sizeof *ge->input_slots);
  ge->output_slots = calloc((size_t)en->num_outputs + 1, sizeof *ge->output_slots);
  ge->input_bound = calloc((size_t)en->num_inputs + 1, sizeof *ge->input_bound);
  ge->output_bound = calloc((size_t)en->num_outputs + 1, sizeof *ge->output_bound);
  ge->faults = calloc((size_t)en->num_checks + 1, 1);
  return ge->functions && ge->params && ge->param_ptrs && ge->node_params && ge->nodes &&
         ge->dirty && ge->input_slots && ge->output_slots && ge->input_bound &&
         ge->output_bound && ge->faults;
}

static void entry_free(gpu_entry *ge) {
  free(ge->functions);
  free(ge->params);
  free(ge->param_ptrs);
  free(ge->node_params);
  free(ge->nodes);
  free(ge->dirty);
  free(ge->input_slots);
  free(ge->output_slots);
  free(ge->input_bound);
  free(ge->output_bound);
  free(ge->faults);
}

/* Everything after the context is current. */
static picort_status gpu_setup(picort_model *m, const char *name) {
  picort_gpu_model *g = m->gpu;
  const picort_model_desc *d = m->desc;
  g->entries = calloc((size_t)d->num_entries, sizeof *g->entries);
  if (g->entries == NULL)
    return picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "model '%s': out of host memory", name);
  for (int32_t e = 0; e < d->num_entries; e++)
    if (!entry_alloc(&g->entries[e], &d->entries[e], g->max_args))
      return picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "model '%s': out of host memory", name);
  picort_status st = load_module(m, name);
  if (st != PICORT_OK) return st;
  CU_CHECK(cu.cuStreamCreate(&g->stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  if (d->weights_bytes > 0) {
    CUresult r = cu.cuMemAlloc(&g->weights, d->weights_bytes);
    if (r != CUDA_SUCCESS) {
      g->weights = 0;
      return picort_error_set(r == CUDA_ERROR_OUT_OF_MEMORY ? PICORT_ERROR_OUT_OF_MEMORY
                                                            : PICORT_ERROR_DEVICE,
                              "model '%s': cannot allocate %llu bytes of device memory for the "
                              "weights (CUDA error %d)", name,
                              (unsigned long long)d->weights_bytes, r);
    }
    // On the model's stream, waited for here: a copy from pageable memory may return before
    // its DMA is done (the driver stages it), and a copy on the legacy default stream would
    // not be ordered before the model's non-blocking streams either. Create returns with the
    // weights on the device.
    CU_CHECK(cu.cuMemcpyHtoDAsync(g->weights, m->weights, d->weights_bytes, g->stream),
             "uploading the weights");
    CU_CHECK(cu.cuStreamSynchronize(g->stream), "uploading the weights");
  }
  return plan_memory(m, name);
}

picort_status picort_gpu_create(picort_model *m, const picort_options *options) {
  const char *name = picort_name_or(m->desc->name, "?");
  pthread_once(&driver_once, driver_load);
  if (driver_status != PICORT_OK)
    return picort_error_set(driver_status, "model '%s': %s", name, driver_message);
  picort_gpu_model *g = calloc(1, sizeof *g);
  if (g == NULL)
    return picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "model '%s': out of host memory", name);
  m->gpu = g;
  for (int32_t e = 0; e < m->desc->num_entries; e++)
    for (int32_t l = 0; l < m->desc->entries[e].num_launches; l++)
      if (m->desc->entries[e].launches[l].num_args > g->max_args)
        g->max_args = m->desc->entries[e].launches[l].num_args;

  int ordinal = options != NULL ? options->device_ordinal : 0, count = 0;
  CU_CHECK(cu.cuDeviceGetCount(&count), "cuDeviceGetCount");
  if (ordinal < 0 || ordinal >= count)
    return picort_error_set(PICORT_ERROR_DEVICE,
                            "model '%s': CUDA device %d does not exist (%d visible)", name, ordinal,
                            count);
  CU_CHECK(cu.cuDeviceGet(&g->device, ordinal), "cuDeviceGet");
  CUresult r = cu.cuDevicePrimaryCtxRetain(&g->ctx, g->device);
  if (r != CUDA_SUCCESS) {
    g->ctx = NULL;
    return cu_fail(name, "cuDevicePrimaryCtxRetain", r);
  }
  CU_CHECK(cu.cuCtxPushCurrent(g->ctx), "cuCtxPushCurrent");
  picort_status st = gpu_setup(m, name);
  CUcontext popped;
  cu.cuCtxPopCurrent(&popped);
  return st;
}

void picort_gpu_destroy(picort_model *m) {
  picort_gpu_model *g = m->gpu;
  if (g == NULL) return;
  if (g->ctx != NULL && cu.cuCtxPushCurrent(g->ctx) == CUDA_SUCCESS) {
    if (g->stream != NULL) cu.cuStreamSynchronize(g->stream);
    for (int32_t e = 0; g->entries != NULL && e < m->desc->num_entries; e++) {
      if (g->entries[e].exec != NULL) cu.cuGraphExecDestroy(g->entries[e].exec);
      if (g->entries[e].graph != NULL) cu.cuGraphDestroy(g->entries[e].graph);
    }
    if (g->stream != NULL) cu.cuStreamDestroy(g->stream);
    if (g->arena != 0) cu.cuMemFree(g->arena);
    if (g->weights != 0) cu.cuMemFree(g->weights);
    if (g->module != NULL) cu.cuModuleUnload(g->module);
    CUcontext popped;
    cu.cuCtxPopCurrent(&popped);
    cu.cuDevicePrimaryCtxRelease(g->device);
  }
  for (int32_t e = 0; g->entries != NULL && e < m->desc->num_entries; e++)
    entry_free(&g->entries[e]);
  free(g->entries);
  free(g);
  m->gpu = NULL;
}

/* ---- run ---- */

/* Builds the graph of every launch of an entry, each after the one before, and instantiates it. */
static picort_status build_graph(picort_model *m, int32_t e, const char *name) {
  gpu_entry *ge = &m->gpu->entries[e];
  const picort_entry_desc *en = &m->desc->entries[e];
  CU_CHECK(cu.cuGraphCreate(&ge->graph, 0), "cuGraphCreate");
  for (int32_t l = 0; l < en->num_launches; l++) {
    CUresult r = cu.cuGraphAddKernelNode(&ge->nodes[l], ge->graph,
                                         l > 0 ? &ge->nodes[l - 1] : NULL, l > 0 ? 1 : 0,
                                         &ge->node_params[l]);
    if (r != CUDA_SUCCESS) {
      char what[160];
      snprintf(what, sizeof what, "adding kernel '%s' to the graph",
               picort_name_or(en->launches[l].name, "?"));
      return cu_fail(name, what, r);
    }
  }
  CU_CHECK(cu.cuGraphInstantiateWithFlags(&ge->exec, ge->graph, 0), "cuGraphInstantiate");
  return PICORT_OK;
}

/* Points every argument of entry `e` that is input or output `index` (`kind`) at `addr`. */
static void rebind(picort_model *m, int32_t e, int32_t kind, int64_t index, CUdeviceptr addr) {
  picort_gpu_model *g = m->gpu;
  gpu_entry *ge = &g->entries[e];
  const picort_entry_desc *en = &m->desc->entries[e];
  for (int32_t l = 0; l < en->num_launches; l++) {
    const picort_launch *la = &en->launches[l];
    for (int32_t a = 0; a < la->num_args; a++)
      if (la->args[a].kind == kind && la->args[a].index == index) {
        ge->params[(size_t)l * (size_t)g->max_args + (size_t)a] = addr;
        ge->dirty[l] = 1;
      }
  }
}

/* Binds one input or output to the caller's device memory, or to its staging slot; rebinds the
 * graph's kernels when the address changed. */
static void bind(picort_model *m, int32_t e, int32_t kind, int64_t index, const picort_tensor *t,
                 CUdeviceptr slot, CUdeviceptr *bound) {
  CUdeviceptr addr = t->memory == PICORT_MEMORY_DEVICE ? (CUdeviceptr)(uintptr_t)t->data : slot;
  if (addr != *bound) {
    rebind(m, e, kind, index, addr);
    *bound = addr;
  }
}

/* A device staging copy (picort_stage_rows): between a caller's tensor, host or device, and
 * its buffer in the arena; the first failure is kept. */
typedef struct gpu_stage {
  const picort_tensor *tensor;
  CUdeviceptr buffer;
  CUstream stream;
  int in;
  CUresult status;
} gpu_stage;

static void gpu_stage_copy(void *ctx, uint64_t tensor, uint64_t buffer, uint64_t bytes) {
  gpu_stage *s = ctx;
  if (s->status != CUDA_SUCCESS) return;
  CUdeviceptr b = s->buffer + buffer;
  if (s->tensor->memory == PICORT_MEMORY_DEVICE) {
    CUdeviceptr t = (CUdeviceptr)(uintptr_t)s->tensor->data + tensor;
    s->status = s->in ? cu.cuMemcpyDtoDAsync(b, t, bytes, s->stream)
                      : cu.cuMemcpyDtoDAsync(t, b, bytes, s->stream);
  } else {
    unsigned char *t = (unsigned char *)s->tensor->data + tensor;
    s->status = s->in ? cu.cuMemcpyHtoDAsync(b, t, bytes, s->stream)
                      : cu.cuMemcpyDtoHAsync(t, b, bytes, s->stream);
  }
}

/* Copies a staged tensor into its arena buffer (`in`) or out of it, on `stream`. */
static CUresult gpu_stage_tensor(picort_model *m, const picort_tensor_desc *desc,
                                 const picort_tensor *t, CUstream stream, int in) {
  gpu_stage s = {t, m->gpu->arena + desc->staging_offset, stream, in, CUDA_SUCCESS};
  picort_stage_rows(desc, t->shape, gpu_stage_copy, &s);
  return s.status;
}

/* The bytes of a caller's tensor at its own dims (a run-time dim's below its bound). */
static uint64_t call_bytes(const picort_tensor_desc *d, const picort_tensor *t) {
  uint64_t n = 1;
  for (int32_t k = 0; k < d->rank; k++) n *= (uint64_t)t->shape[k];
  return picort_tensor_bytes(d->dtype, n);
}

/* ---- an entry with loops: launched one by one, its loops controlled from the host ---- */

/* Where a loop's value or copy end lives on the device in this call. */
static CUdeviceptr gpu_arg(picort_model *m, int32_t e, const picort_arg *a) {
  picort_gpu_model *g = m->gpu;
  switch (a->kind) {
  case PICORT_ARG_ARENA: return g->arena + (uint64_t)a->index;
  case PICORT_ARG_WEIGHT: return g->weights + (uint64_t)a->index;
  case PICORT_ARG_INPUT: return g->entries[e].input_bound[a->index];
  default: return g->entries[e].output_bound[a->index]; /* PICORT_ARG_OUTPUT, checked at create */
  }
}

static picort_status gpu_launch(picort_model *m, int32_t e, int32_t l, CUstream stream,
                                const char *name) {
  const CUDA_KERNEL_NODE_PARAMS *p = &m->gpu->entries[e].node_params[l];
  CUresult r = cu.cuLaunchKernel(p->func, p->gridDimX, p->gridDimY, p->gridDimZ, p->blockDimX,
                                 p->blockDimY, p->blockDimZ, p->sharedMemBytes, stream,
                                 p->kernelParams, NULL);
  if (r != CUDA_SUCCESS) {
    char what[160];
    snprintf(what, sizeof what, "launching kernel '%s'",
             picort_name_or(m->desc->entries[e].launches[l].name, "?"));
    return cu_fail(name, what, r);
  }
  return PICORT_OK;
}

static picort_status gpu_copies(picort_model *m, int32_t e, int32_t num,
                                const picort_copy *copies, uint64_t row, CUstream stream,
                                const char *name) {
  for (int32_t k = 0; k < num; k++)
    CU_CHECK(cu.cuMemcpyDtoDAsync(gpu_arg(m, e, &copies[k].to) + row * copies[k].bytes,
                                  gpu_arg(m, e, &copies[k].from), copies[k].bytes, stream),
             "a loop's copy");
  return PICORT_OK;
}

/* Reads `bytes` (at most 8) of a loop's control value, waiting for the stream. */
static picort_status gpu_read(picort_model *m, int32_t e, const picort_arg *a, void *out,
                              size_t bytes, CUstream stream, const char *name) {
  CU_CHECK(cu.cuMemcpyDtoHAsync(out, gpu_arg(m, e, a), bytes, stream),
           "reading a loop's condition or trip count");
  CU_CHECK(cu.cuStreamSynchronize(stream), "reading a loop's condition or trip count");
  return PICORT_OK;
}

/* Runs a loop of the plan (picort_loop): its trip count and condition are read back to the
 * host (the condition after every iteration, when the body computes it). */
static picort_status gpu_loop(picort_model *m, int32_t e, const picort_loop *lp, CUstream stream,
                              const char *name) {
  picort_status st = gpu_copies(m, e, lp->num_init, lp->init, 0, stream, name);
  int64_t trip = INT64_MAX;
  unsigned char cond = 1;
  if (st == PICORT_OK && lp->trip_count.kind != PICORT_ARG_NONE)
    st = gpu_read(m, e, &lp->trip_count, &trip, sizeof trip, stream, name);
  if (st == PICORT_OK && lp->cond.kind != PICORT_ARG_NONE)
    st = gpu_read(m, e, &lp->cond, &cond, 1, stream, name);
  if (lp->max_iterations >= 0 && trip > lp->max_iterations) trip = lp->max_iterations;
  CUdeviceptr iteration = gpu_arg(m, e, &lp->iteration);
  for (int64_t i = 0; st == PICORT_OK && i < trip && cond; i++) {
    /* The int64 as two words, by value: nothing on the host is read later. */
    uint64_t bits = (uint64_t)i;
    CU_CHECK(cu.cuMemsetD32Async(iteration, (unsigned int)bits, 1, stream), "a loop's iteration");
    CU_CHECK(cu.cuMemsetD32Async(iteration + 4, (unsigned int)(bits >> 32), 1, stream),
             "a loop's iteration");
    for (int32_t l = lp->first_launch; st == PICORT_OK && l < lp->first_launch + lp->num_launches;
         l++)
      st = gpu_launch(m, e, l, stream, name);
    if (st == PICORT_OK && lp->cond_out.kind != PICORT_ARG_NONE)
      st = gpu_read(m, e, &lp->cond_out, &cond, 1, stream, name);
    if (st == PICORT_OK) st = gpu_copies(m, e, lp->num_carry, lp->carry, 0, stream, name);
    if (st == PICORT_OK) st = gpu_copies(m, e, lp->num_scans, lp->scans, (uint64_t)i, stream, name);
  }
  return st;
}

/* The launches of an entry with loops, in plan order, on `stream`. */
static picort_status gpu_launch_plan(picort_model *m, int32_t e, CUstream stream,
                                     const char *name) {
  const picort_entry_desc *en = &m->desc->entries[e];
  picort_status st = PICORT_OK;
  int32_t loop = 0;
  for (int32_t l = 0; st == PICORT_OK;) {
    if (loop < en->num_loops && en->loops[loop].first_launch == l) {
      st = gpu_loop(m, e, &en->loops[loop], stream, name);
      l += en->loops[loop++].num_launches;
      continue;
    }
    if (l == en->num_launches) break;
    st = gpu_launch(m, e, l++, stream, name);
  }
  return st;
}

static picort_status gpu_run(picort_model *m, int32_t e, const picort_tensor *inputs,
                             const picort_tensor *outputs, CUstream stream, int wait) {
  gpu_entry *ge = &m->gpu->entries[e];
  const picort_model_desc *d = m->desc;
  const picort_entry_desc *en = &d->entries[e];
  const char *name = picort_name_or(d->name, "?");
  int graph = en->num_loops == 0; /* a loop's trip count is known only as it runs */
  if (graph && ge->exec == NULL) {
    picort_status st = build_graph(m, e, name);
    if (st != PICORT_OK) return st;
  }
  int any_host = 0;
  if (d->num_dims > 0) /* the call's run-time dims, which the kernels read */
    CU_CHECK(cu.cuMemcpyHtoDAsync(m->gpu->dims, m->dims, sizeof(int64_t) * (size_t)d->num_dims,
                                  stream),
             "copying the run-time dims to the device");
  for (int32_t i = 0; i < en->num_inputs; i++) {
    if (en->inputs[i].staged) { /* into its buffer at the bounds' layout */
      any_host |= inputs[i].memory != PICORT_MEMORY_DEVICE;
      CU_CHECK(gpu_stage_tensor(m, &en->inputs[i], &inputs[i], stream, 1),
               "copying an input into its staging buffer");
      continue;
    }
    bind(m, e, PICORT_ARG_INPUT, i, &inputs[i], ge->input_slots[i], &ge->input_bound[i]);
    uint64_t bytes = call_bytes(&en->inputs[i], &inputs[i]);
    if (inputs[i].memory != PICORT_MEMORY_DEVICE && bytes > 0) {
      any_host = 1;
      CU_CHECK(cu.cuMemcpyHtoDAsync(ge->input_slots[i], inputs[i].data, bytes, stream),
               "copying an input to the device");
    }
  }
  for (int32_t i = 0; i < en->num_outputs; i++)
    if (!en->outputs[i].staged)
      bind(m, e, PICORT_ARG_OUTPUT, i, &outputs[i], ge->output_slots[i], &ge->output_bound[i]);
  if (graph) {
    for (int32_t l = 0; l < en->num_launches; l++)
      if (ge->dirty[l]) {
        CU_CHECK(cu.cuGraphExecKernelNodeSetParams(ge->exec, ge->nodes[l], &ge->node_params[l]),
                 "updating the graph's kernel parameters");
        ge->dirty[l] = 0;
      }
    CU_CHECK(cu.cuGraphLaunch(ge->exec, stream), "cuGraphLaunch");
  } else {
    picort_status st = gpu_launch_plan(m, e, stream, name);
    if (st != PICORT_OK) return st;
  }
  for (int32_t i = 0; i < en->num_outputs; i++) {
    if (en->outputs[i].staged) { /* out of its buffer at the bounds' layout */
      any_host |= outputs[i].memory != PICORT_MEMORY_DEVICE;
      CU_CHECK(gpu_stage_tensor(m, &en->outputs[i], &outputs[i], stream, 0),
               "copying an output out of its staging buffer");
      continue;
    }
    uint64_t bytes = call_bytes(&en->outputs[i], &outputs[i]);
    if (outputs[i].memory != PICORT_MEMORY_DEVICE && bytes > 0) {
      any_host = 1;
      CU_CHECK(cu.cuMemcpyDtoHAsync(outputs[i].data, ge->output_slots[i], bytes, stream),
               "copying an output to the host");
    }
  }
  if (!wait && !any_host) return PICORT_OK; /* queued: the caller syncs; nothing is checked */
  for (int32_t c = 0; c < en->num_checks; c++)
    CU_CHECK(cu.cuMemcpyDtoHAsync(&ge->faults[c], m->gpu->arena + en->checks[c].arena_offset, 1,
                                  stream),
             "copying a run-time check to the host");
  CU_CHECK(cu.cuStreamSynchronize(stream), "running the model");
  for (int32_t c = 0; c < en->num_checks; c++)
    if (ge->faults[c] != 0) return picort_check_failed(d, e, c);
  return PICORT_OK;
}

picort_status picort_gpu_run(picort_model *m, int32_t entry, const picort_tensor *inputs,
                             const picort_tensor *outputs, void *stream, int wait) {
  const char *name = picort_name_or(m->desc->name, "?");
  CU_CHECK(cu.cuCtxPushCurrent(m->gpu->ctx), "cuCtxPushCurrent");
  picort_status st =
      gpu_run(m, entry, inputs, outputs, wait ? m->gpu->stream : (CUstream)stream, wait);
  CUcontext popped;
  cu.cuCtxPopCurrent(&popped);
  return st;
}
