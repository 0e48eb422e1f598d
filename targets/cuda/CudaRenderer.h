//===- CudaRenderer.h - kir::Program kernels as CUDA C --------------------------------===//
//
// Renders each kernel of a kir::Program as one `extern "C" __global__` CUDA C function that
// NVRTC compiles. Its parameters are the buffers as pointers: the output first
// (`T *__restrict__ out`), then kernel.inputs in order (`const T *__restrict__ in0`, ...).
//
// Mapping (a kernel computes one value per element of its output iteration space), exactly as
// its schedule says (kir::GpuLaunch, Schedule.h); a schedule it cannot render is an error:
// - global(0, rank): the flattened output space, grid-stride over the blocks;
// - local(0, t): t output elements per block and iteration;
// - upcast(rank - 1, u), kernels without a reduction: each thread computes u elements per
//   iteration, t apart (coalesced loads; a whole tile has no bounds check between them, so all
//   u loads are in flight before the first store);
// - group_reduce(0, g): g consecutive threads per output element (a power of two) split the
//   flattened reduction space (a strided loop), combine their partials with warp shuffles and,
//   past 32 threads, shared memory; then the group's first thread computes the epilogue (the
//   part of the expression above the Reduce node) and stores. Without it, one thread per
//   element. group_reduce(1, g): the same with an element's threads t elements apart, so that
//   a warp's lanes hold consecutive elements; their partials meet in shared memory.
// - row kernels (kir::Kernel::isRowKernel): the group and local opts count rows instead of
//   elements. A row's g threads fold each Reduce in turn (each thread gets the result), then
//   compute the row's elements g apart. With upcast(rank - 1, u) each thread holds u elements
//   of the row in registers: a load that several passes read (the same element, the row's
//   dims standing for the reduction variables) is made by the first pass into a register
//   array, `cacheN[s]`, and read from it by the others; without, each pass reads the row again.
// - a contraction (kir::contractionOf) with tile(0, BM), tile(1, BN), tile(2, BK) and
//   unroll(0, TM), unroll(1, TN): each block computes BM x BN outputs (A-side by B-side
//   elements, for each batch index), staging BK reduction terms of each factor per step in
//   dynamic shared memory, three slots deep (LaunchConfig::sharedBytes): a factor that is one
//   f32 load with an affine index (and a guard of variables only, if any) is copied
//   asynchronously (cp.async, zero past the edges and where the guard fails), any other is evaluated there by the threads. Each thread keeps TM x TN
//   accumulators, its rows and columns interleaved across the block's threads (conflict-free
//   shared reads, coalesced stores), or with mma(0, p) a warp keeps TM x TN tensor-core tiles;
//   then the epilogue per output.
// Expressions are in SSA form, one `const T tN = ...;` per DAG node (tN is node %N of
// kernel.str()), each in the outermost place that has its operands: before the reduction loop,
// inside it (nodes that use reduction variables), or in the epilogue (nodes that use the Reduce).
// Every node is evaluated eagerly (both sides of a Select too); a Load reads memory only where
// its guard holds. F16 and BF16 are stored as their bits and computed in f32 registers, each
// result rounded to its type (PTX conversions; no NVRTC half headers needed).
//
//===---------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_CUDA_CUDARENDERER_H
#define PICOC_TARGETS_CUDA_CUDARENDERER_H

#include "CudaExpr.h"
#include "picoc/Kernel/KernelIR.h"

#include <cstdint>
#include <string>

namespace picoc::cuda {

// The largest q/k and v head dims of an attention kernel the target renders (its tiles in
// shared memory; kir::ScheduleTarget::maxAttentionHeadDim).
constexpr int64_t kMaxAttentionHeadDim = 256;

// How to launch a rendered kernel, from its schedule: 1-D grid and block, and the dynamic
// shared memory of a tiled contraction. The rendered code has blockX and groupSize built in
// (as __launch_bounds__ and constants); its loops stride over whatever the grid does not
// cover, so any gridX >= 1 is correct.
struct LaunchConfig {
  int64_t gridX = 1;
  int blockX = 256;
  int groupSize = 1; // threads per output element or row (1 for elementwise kernels)
  bool strided = false; // an element's threads are blockX / groupSize lanes apart
  int perThread = 1;    // upcast: elements per thread and iteration, blockX apart
  bool tiled = false;   // a contraction tiled through shared memory (kir::GpuLaunch::tile)
  int transposeAxis = -1; // a transpose through shared memory (kir::GpuLaunch::transposeAxis)
  int64_t sharedBytes = 0; // dynamic shared memory (a tiled contraction's stages)
  int minBlocks = 1;       // blocks per SM the registers must allow (__launch_bounds__)
};

// The launch configuration the renderer builds `kernel` for (its schedule's).
LaunchConfig launchConfig(const kir::Kernel &kernel);

// True if renderKernel can render `kernel`: well-formed (reduction variables only below a
// Reduce, loads from kernel.inputs), every op defined for its dtype, and a schedule of global,
// local and group_reduce that forms a GPU launch; else `why`.
bool canRenderKernel(const kir::Kernel &kernel, std::string &why);

// Appends the CUDA C function for `kernel` (which belongs to `program`) to `out`. It relies on
// the helpers of cudaPrelude(). Returns false with `error` set if the kernel cannot be rendered.
bool renderKernel(const kir::Program &program, const kir::Kernel &kernel, std::string &out,
                  std::string &error);

// Helpers every rendered kernel uses (NaN-propagating max/min, floor modulo, infinities).
const char *cudaPrelude();

// A whole compilation unit: a banner, the prelude, then every kernel in execution order,
// each structure once (kir::structuralKey: a layer's kernels, once per layer). `functions`,
// when given, receives per kernel the name of the __global__ function that runs it.
bool renderProgram(const kir::Program &program, std::string &out, std::string &error,
                   std::vector<std::string> *functions = nullptr);

} // namespace picoc::cuda

#endif // PICOC_TARGETS_CUDA_CUDARENDERER_H
