/* cuda_driver.h - the part of the CUDA driver API that libpicort calls, declared here so that
 * libpicort builds without the CUDA toolkit and links no CUDA library: the driver (libcuda.so.1)
 * is loaded with dlopen and these entry points are looked up with dlsym (cuda.c).
 *
 * Types and constants are those of the driver's cuda.h (CUDA 12/13); the entry points are the
 * ABI-stable versioned symbols (the `_v2` names that cuda.h's macros select). */
#ifndef PICORT_CUDA_DRIVER_H
#define PICORT_CUDA_DRIVER_H

#include <stddef.h>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef struct CUgraph_st *CUgraph;
typedef struct CUgraphExec_st *CUgraphExec;
typedef struct CUgraphNode_st *CUgraphNode;
typedef struct CUkern_st *CUkernel;

/* CUDA_KERNEL_NODE_PARAMS (the _v2 layout of CUDA 12 and 13). */
typedef struct CUDA_KERNEL_NODE_PARAMS {
  CUfunction func;
  unsigned int gridDimX, gridDimY, gridDimZ;
  unsigned int blockDimX, blockDimY, blockDimZ;
  unsigned int sharedMemBytes;
  void **kernelParams;
  void **extra;
  CUkernel kern;  /* unused: func is set */
  CUcontext ctx;  /* unused: func is set */
} CUDA_KERNEL_NODE_PARAMS;

enum {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_NO_DEVICE = 100,
  CUDA_ERROR_INVALID_DEVICE = 101,
  CUDA_ERROR_NO_BINARY_FOR_GPU = 209,
  CUDA_ERROR_INVALID_PTX = 218,
  CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222,
};

enum {
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
};
enum { CU_STREAM_NON_BLOCKING = 1 };
enum { CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8 };

/* X(return name, symbol, parameters): every driver entry point libpicort uses. */
#define PICORT_CUDA_ENTRY_POINTS(X)                                                             \
  X(cuInit, "cuInit", (unsigned int flags))                                                     \
  X(cuDriverGetVersion, "cuDriverGetVersion", (int *version))                                   \
  X(cuGetErrorString, "cuGetErrorString", (CUresult error, const char **str))                   \
  X(cuGetErrorName, "cuGetErrorName", (CUresult error, const char **str))                       \
  X(cuDeviceGetCount, "cuDeviceGetCount", (int *count))                                         \
  X(cuDeviceGet, "cuDeviceGet", (CUdevice * device, int ordinal))                               \
  X(cuDeviceGetAttribute, "cuDeviceGetAttribute", (int *value, int attribute, CUdevice device)) \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", (CUcontext * ctx, CUdevice device))   \
  X(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", (CUdevice device))               \
  X(cuCtxPushCurrent, "cuCtxPushCurrent_v2", (CUcontext ctx))                                   \
  X(cuCtxPopCurrent, "cuCtxPopCurrent_v2", (CUcontext * ctx))                                   \
  X(cuModuleLoadData, "cuModuleLoadData", (CUmodule * module, const void *image))               \
  X(cuModuleUnload, "cuModuleUnload", (CUmodule module))                                        \
  X(cuModuleGetFunction, "cuModuleGetFunction",                                                 \
    (CUfunction * fn, CUmodule module, const char *name))                                       \
  X(cuFuncSetAttribute, "cuFuncSetAttribute", (CUfunction fn, int attribute, int value))        \
  X(cuMemAlloc, "cuMemAlloc_v2", (CUdeviceptr * ptr, size_t bytes))                             \
  X(cuMemFree, "cuMemFree_v2", (CUdeviceptr ptr))                                               \
  X(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2",                                                  \
    (CUdeviceptr dst, const void *src, size_t bytes, CUstream stream))                          \
  X(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2",                                                  \
    (void *dst, CUdeviceptr src, size_t bytes, CUstream stream))                                \
  X(cuMemcpyDtoDAsync, "cuMemcpyDtoDAsync_v2",                                                  \
    (CUdeviceptr dst, CUdeviceptr src, size_t bytes, CUstream stream))                          \
  X(cuMemsetD32Async, "cuMemsetD32Async",                                                       \
    (CUdeviceptr dst, unsigned int value, size_t count, CUstream stream))                       \
  X(cuLaunchKernel, "cuLaunchKernel",                                                           \
    (CUfunction fn, unsigned int grid_x, unsigned int grid_y, unsigned int grid_z,               \
     unsigned int block_x, unsigned int block_y, unsigned int block_z, unsigned int shared,     \
     CUstream stream, void **params, void **extra))                                             \
  X(cuStreamCreate, "cuStreamCreate", (CUstream * stream, unsigned int flags))                  \
  X(cuStreamDestroy, "cuStreamDestroy_v2", (CUstream stream))                                   \
  X(cuStreamSynchronize, "cuStreamSynchronize", (CUstream stream))                              \
  X(cuGraphCreate, "cuGraphCreate", (CUgraph * graph, unsigned int flags))                     \
  X(cuGraphAddKernelNode, "cuGraphAddKernelNode_v2",                                            \
    (CUgraphNode * node, CUgraph graph, const CUgraphNode *deps, size_t num_deps,               \
     const CUDA_KERNEL_NODE_PARAMS *params))                                                    \
  X(cuGraphExecKernelNodeSetParams, "cuGraphExecKernelNodeSetParams_v2",                        \
    (CUgraphExec exec, CUgraphNode node, const CUDA_KERNEL_NODE_PARAMS *params))                \
  X(cuGraphInstantiateWithFlags, "cuGraphInstantiateWithFlags",                                 \
    (CUgraphExec * exec, CUgraph graph, unsigned long long flags))                              \
  X(cuGraphLaunch, "cuGraphLaunch", (CUgraphExec exec, CUstream stream))                        \
  X(cuGraphExecDestroy, "cuGraphExecDestroy", (CUgraphExec exec))                               \
  X(cuGraphDestroy, "cuGraphDestroy", (CUgraph graph))

typedef struct picort_cuda_driver {
#define PICORT_CUDA_MEMBER(name, symbol, params) CUresult(*name) params;
  PICORT_CUDA_ENTRY_POINTS(PICORT_CUDA_MEMBER)
#undef PICORT_CUDA_MEMBER
} picort_cuda_driver;

#endif /* PICORT_CUDA_DRIVER_H */
