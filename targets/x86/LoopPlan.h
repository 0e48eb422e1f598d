//===- LoopPlan.h - a kernel's Opts read into the x86 loop nest -----------------------===//
//
// The x86 emitter builds one loop nest per kernel. This header turns the kernel's Opts (plain
// data, see KernelIR.h) into the facts that nest needs, checked once:
//
//   run loop     the flattened index [begin, end) over the first `parallelDims` output dims, each
//                counted in chunks (a tile, or the axis step below);
//   block loops  one per tiled axis: output axes first, then reduction axes (K-blocking);
//   axis loops   the output axes in order; the unrolled axis steps by `unroll`, the vector axis
//                by `lanes` (both: by unroll * lanes), each with remainder loops (the emitter
//                takes an unrolled axis's remainder in power-of-two tiles of rows);
//   reduce loops the reduction axes in order, innermost; a vector reduction axis steps by lanes.
//
// Both the kernel emitter and the plan emitter (launch extent, grain) read it, so the launch's
// extent always matches what the kernel function iterates over.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_LOOPPLAN_H
#define PICOC_TARGETS_X86_LOOPPLAN_H

#include "picoc/Kernel/KernelIR.h"
#include "picoc/Kernel/Schedule.h"

#include <string>
#include <vector>

namespace picoc::x86 {

struct LoopPlan {
  int rank = 0;                 // output vars are 0..rank-1
  int numVars = 0;              // reduction vars are rank..numVars-1
  std::vector<int64_t> extents; // per var
  int parallelDims = 0;         // output dims [0, parallelDims) form the launch index
  int unrollAxis = -1;          // output axis computed `unroll` values at a time, or -1
  int64_t unroll = 1;
  int vectorAxis = -1; // var vectorized into `lanes` lanes (output or reduction), or -1
  int64_t lanes = 1;
  std::vector<int64_t> tile;       // per var: block size, 0 when the axis is not tiled
  std::vector<int64_t> unrollHint; // per var: Unroll on a reduction axis, as a loop-unroll hint
  // A reduction axis is tiled: partial results go through the output buffer between blocks.
  bool splitReduction = false;

  bool isReduction(int var) const { return var >= rank; }
  // Values of output axis d that one innermost iteration of its axis loop covers.
  int64_t step(int d) const;
  // Values of parallel dim d that one launch index covers (its tile, or its step).
  int64_t chunk(int d) const;
  // Launch indices along parallel dim d.
  int64_t chunks(int d) const;
  // Product of chunks(d) over the parallel dims: the launch's extent (1 without Parallel).
  int64_t launchExtent() const;
};

// Reads the kernel's opts (applied by kir::applyOpt); returns false with `why` set when they
// do not form a loop nest. Every opt is rendered; none is dropped.
bool buildLoopPlan(const kir::Kernel &kernel, LoopPlan &plan, std::string &why);

// The element operations a chunk of launch indices must hold to be worth a thread (a few
// microseconds: libpicort's workers spin for 1 ms after a job, so between a model's kernels
// they are awake, and a launch costs the final barrier). 4x less than when the workers slept
// between jobs: a decode step's small GEMVs ([1, 576] x [576, 192]) and a VAE's
// normalize-and-pad kernels then ran on one core (Xeon, 2 threads, 2026-12-02, ms, 262144 ->
// 65536: llama135m_decode128 26-27 -> 20.5-21.6, llama_mid_decode100 1.70-1.99 -> 1.37-1.39,
// vae_mid 23.3-24.5 -> 21.4-21.7; 16384 made some decode runs 2x slower).
constexpr int64_t kChunkWork = 65536;
// The smallest chunk of launch indices worth a thread: kChunkWork element ops.
int64_t launchGrain(const kir::Kernel &kernel, const LoopPlan &plan);
// The factors whose product counts a kernel's element ops in a call: its variables' extents
// (an attention kernel: its rows, its keys, and its head dims summed: each key's dot product
// and V row). The runtime divides kChunkWork by their product per launch index.
std::vector<kir::DimExpr> workTerms(const kir::Kernel &kernel);
std::vector<int64_t> attentionWorkTerms(const kir::Kernel &kernel,
                                        const std::vector<int64_t> &extents);

} // namespace picoc::x86

#endif // PICOC_TARGETS_X86_LOOPPLAN_H
