//===- Schedule.h - a kernel's opts, checked against the kernel and the target -----------===//
//
// A schedule is the ordered list of Opts on a kernel (KernelIR.h). Heuristics (picoc-kernel-
// choose-opts), search and a tuning database all produce it through one checked function,
// applyOpt, and the targets render exactly what it holds: an opt that does not fit the kernel,
// or that the target cannot render, is refused here with a reason, never dropped later.
//
// What each kind means, per target:
//   global(0, n)        the first n output dims form the launch. CPU: chunks of them run on
//                       the cores (a tiled dim counts its tiles, the unrolled dim its groups).
//                       GPU: their flattened indices spread over blocks and threads (the grid
//                       strides over what it does not cover); the GPU launches every dim.
//   local(0, t)         GPU: t output elements per thread block.
//   group_reduce(a, g)  GPU: g threads (a power of two, <= 1024) fold each output element's
//                       reduction together. a = 0: they are consecutive lanes (for operands
//                       contiguous along the reduction: rows of a softmax, W[n, k] of a GEMV),
//                       combined with warp shuffles; a = 1: they are `local` lanes apart, so
//                       consecutive lanes hold consecutive output elements (for operands
//                       contiguous along the output: W[k, n] of a GEMV, column sums), combined
//                       through shared memory. A row kernel (Kernel::isRowKernel): g
//                       consecutive threads per row fold each of its reductions, then write
//                       the row; `local` counts rows.
//   upcast(a, w)        CPU: axis a in vectors of w lanes (an output axis, or the innermost
//                       reduction axis of a kernel with one output per row); a row kernel's
//                       upcast of its last dim also vectorizes its reductions' innermost axis. GPU, a kernel
//                       without a reduction, a = rank - 1: each thread computes w elements per
//                       iteration, `local` apart in the flattened launch (each load coalesced,
//                       w of them in flight per thread). GPU row kernel whose reductions
//                       run over the row's dims (softmax, norms): each of the row's g threads
//                       holds w elements of it in registers (g * w >= the row, w <=
//                       kMaxRowRegisters), so each pass after the first reads registers.
//   unroll(a, u)        CPU: a register tile of u values of output axis a (on a reduction
//                       axis: an unroll hint for its loop).
//   tile(a, b)          CPU: axis a in blocks of b (cache blocking; on a reduction axis the
//                       partial results go through the output buffer between blocks). The
//                       block loops run outside every axis loop, so tile(a, 1) on an output
//                       axis moves a's loop out around the other output axes. An output
//                       axis's tile may be the whole axis: one block, whose launch chunk is
//                       then the axis (a matmul's rows, launched through B's panels alone).
//                       GPU, a contraction (contractionOf): a shared-memory tiling, its axes
//                       in the contraction's frame: tile(0, BM) and tile(1, BN) a block's
//                       BM x BN outputs (A-side by B-side elements), tile(2, BK) the reduction
//                       terms staged per step; with unroll(0, TM) and unroll(1, TN), each
//                       thread's TM x TN outputs in registers ((BM/TM) x (BN/TN) = local).
//                       GPU, a kernel without a reduction: tile(a, 32), a < rank - 1, is a
//                       transpose through shared memory: a block computes 32 x 32 outputs
//                       of dims a and rank - 1 with its lanes along dim a (coalesced reads of
//                       an operand contiguous along a), then writes them with its lanes along
//                       the last dim; local(0, t) threads, t / 32 rows of the tile per pass.
//   mma(0, p)           GPU, a tiled contraction of f32 factors: its products on tensor cores
//                       (mma.sync m16n8k8 tf32, f32 accumulation); p = 1: each factor rounded
//                       to tf32 (--precision=tf32), p = 3: each split into a tf32 part and a
//                       tf32 residual, big*big + big*small + small*big (--precision=tf32x3,
//                       near fp32). unroll(0, TM) and unroll(1, TN) then count a warp's
//                       16 x 8 mma tiles: a warp computes 16 TM x 8 TN outputs. Only where the
//                       target's precision allows it.
//   wgmma(f, 1)         GPU with warpgroup MMA (sm_90a), after mma(0, 1): the products as
//                       wgmma m64nNk8 tf32 by each warpgroup (4 warps, 128 threads) of the
//                       block, both factors' tiles read from shared memory by descriptor,
//                       stored [row][32 terms] with the 128-byte swizzle. Factor f (0: A,
//                       1: B) is the wgmma's N: its BM or BN rows (64, 128 or 256); the other
//                       factor's are 64 per warpgroup. tile(2, 32). Images for other
//                       architectures run mma(0, 1)'s warps over the same tiles.
// An attention kernel (Kernel::attention) takes global(0, rank - 1), its query rows launched
// (CPU: chunks of rows across the cores; GPU: blocks of query rows), and on a CPU
// upcast(rank - 1, W): V's columns and the dot products' head-dim terms in vectors of W lanes;
// on a GPU mma(0, p): its two products (Q K^T and P V) on tensor cores, as for a contraction,
// where its head dims are multiples of 8 up to kMaxMmaAttentionHeadDim.
// How a row's keys are walked is the target's attention rule.
// Schedules print and parse as JSON: [{"kind":"upcast","axis":1,"amount":16}, ...].
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_KERNEL_SCHEDULE_H
#define PICOC_KERNEL_SCHEDULE_H

#include "picoc/Kernel/KernelIR.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace picoc::kir {

// A GPU row kernel's upcast: the most row elements a thread holds in registers per load that
// several passes read.
constexpr int64_t kMaxRowRegisters = 32;

// The largest head dims of an attention kernel on tensor cores (mma): its accumulators and Q's
// fragments stay in registers.
constexpr int64_t kMaxMmaAttentionHeadDim = 128;

// A GPU transpose's tile: kGpuTransposeTile x kGpuTransposeTile outputs per block.
constexpr int64_t kGpuTransposeTile = 32;

// The arithmetic a compile allows for contractions (--precision): fp32 everywhere, or tensor
// cores at tf32 (one product of operands rounded to tf32) or tf32x3 (three: near fp32).
enum class Precision { FP32, TF32, TF32x3 };
const char *precisionName(Precision p);
std::optional<Precision> precisionFromName(const std::string &name);

// What the target renders, for applyOpt and the heuristics.
struct ScheduleTarget {
  bool gpu = false;
  Precision precision = Precision::FP32; // GPU: what mma may use
  int lanes = 8;            // CPU: 32-bit vector lanes
  int registers = 16;       // CPU: vector registers
  int threads = 2;          // CPU: cores the launch is spread over
  int64_t l2Bytes = 512 << 10; // CPU: a core's L2 cache (the host's; 512 KiB otherwise)
  int maxBlockThreads = 1024; // GPU: threads per block
  bool wgmma = false;         // GPU: warpgroup MMA (every cubin compiled is sm_90a's)
  int multiprocessors = 132;  // GPU: SMs a grid is sized for (the architecture's largest part)
  int64_t maxAttentionHeadDim = 0; // the largest q/k and v head dims its attention kernel
                                    // takes (0: any; see picoc-graph-form-attention)
  int64_t minAttentionHeadDim = 0; // and the smallest (CPU: 8, V's columns in vectors of
                                   // 4 lanes or more)
  int64_t minAttentionScoreBytes = 0; // attention of several query rows whose scores take
                                      // at most this stays unfused (0: none does)
};

// Appends `opt` to kernel.opts if it fits the kernel (axis, amount, the kinds already there)
// and the target renders it; else returns false with `why` set and leaves the kernel as it was.
bool applyOpt(Kernel &kernel, const Opt &opt, const ScheduleTarget &target, std::string &why);

// Replaces kernel.opts by `opts`, each applied in order; on failure the kernel keeps its old
// schedule and `why` names the opt that did not fit.
bool applySchedule(Kernel &kernel, const std::vector<Opt> &opts, const ScheduleTarget &target,
                   std::string &why);

// The kernel's schedule as the GPU renders it, from its opts.
struct GpuLaunch {
  int64_t elementsPerBlock = 1; // local (a tiled contraction: threads per block)
  int groupSize = 1;            // group_reduce: threads per output element
  bool strided = false;         // group_reduce(1, g): an element's threads are local apart
  int64_t perThread = 1;        // upcast: elements per thread and iteration
  std::array<int64_t, 3> tile = {0, 0, 0}; // a tiled contraction: BM, BN, BK (0: not tiled)
  std::array<int64_t, 2> threadTile = {1, 1}; // and each thread's TM x TN outputs
  int transposeAxis = -1; // a transpose through shared memory: tile(a, kGpuTransposeTile)
  int mmaProducts = 0;    // a tiled contraction on tensor cores: tf32 products (0: none)
  int wgmmaShared = -1;   // and with wgmma: the factor read by descriptor (0: A, 1: B)
  bool tiled() const { return tile[2] > 0; }
  bool transposed() const { return transposeAxis >= 0; }
  int blockThreads() const { return static_cast<int>(elementsPerBlock) * groupSize; }
};
GpuLaunch gpuLaunchOf(const Kernel &kernel);

// A kernel that folds the product of two factors (matmul, convolution as an implicit GEMM):
// value = epilogue(Reduce(Sum, lhs * rhs)). Its output dims split by the factors that read
// them: A-side dims (read by lhs only: a matmul's rows, a convolution's batch and pixels),
// B-side dims (rhs only: the columns, the output channels) and the rest (batch dims, read by
// both or neither). M, N and `batch` count the elements of each; K the reduction's terms.
struct Contraction {
  ExprId reduce = kNoExpr, lhs = kNoExpr, rhs = kNoExpr;
  std::vector<int> aDims, bDims, batchDims;
  int64_t m = 1, n = 1, batch = 1, k = 1;
};
// The kernel as a contraction, if it is one with A-side and B-side dims.
std::optional<Contraction> contractionOf(const Kernel &kernel);

// The Reduce node reachable from the kernel's value, or kNoExpr.
ExprId findReduce(const Kernel &kernel);

// Memory access, for the heuristics and the renderers: the Load below `root` (not looking below
// another Reduce) whose index spans the most elements of the iteration space, or kNoExpr; and
// index(v + 1) - index(v) of an index when that is a constant (0 where it does not read v).
ExprId biggestLoad(const Kernel &kernel, ExprId root);
std::optional<int64_t> indexStride(const Kernel &kernel, ExprId index, int v);
// True if a contraction's factor is stored contiguously along the reduction: its biggest
// load runs along the innermost reduction variable with stride 1, and not along output dim
// `dim` (the factor's innermost row dim): W[n][k], not W[k][n].
bool contiguousAlongReduction(const Kernel &kernel, ExprId factor, int dim);
// True if a contraction's factor is one unguarded load stored along its rows (dim `dim`), not
// along the reduction: W[k][n]. The tensor cores' descriptors read shared memory along k only;
// such a factor would take a copy per element to get there (a computed factor is stored
// however its threads write it).
bool loadAlongRows(const Kernel &kernel, ExprId factor, int dim);

// JSON: [{"kind":"upcast","axis":1,"amount":16}, ...], one line.
std::string scheduleToJson(const std::vector<Opt> &opts);
// Parses what scheduleToJson writes; false with `error` set on anything else.
bool scheduleFromJson(const std::string &text, std::vector<Opt> &opts, std::string &error);

} // namespace picoc::kir

#endif // PICOC_KERNEL_SCHEDULE_H
