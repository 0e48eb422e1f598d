//===- Passes.h - picoc's graph passes (MLIR) and kernel passes (kernel IR) ---------===//
#ifndef PICOC_PASSES_PASSES_H
#define PICOC_PASSES_PASSES_H

#include "picoc/Kernel/KernelIR.h"
#include "picoc/Kernel/Schedule.h"
#include "picoc/Support/WeightBlob.h"
#include "picoc/Support/WeightStore.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>
#include <string>

namespace picoc {

#define GEN_PASS_DECL
#include "picoc/Passes/Passes.h.inc"

// picoc-graph-fold-weight-views, with the store that holds the weights' bytes (null: rewrite
// the IR only, for textual IR without data).
std::unique_ptr<mlir::Pass> createFoldWeightViewsPass(WeightStore *store = nullptr);

// picoc-graph-lower-convs, with the store that holds the weights (null: no conv takes the rows
// form, whose filters are computed from the weights' bytes, and a channels-last filter is
// named, not written). `rows`: convs may take the rows form (a CPU's; a GPU's implicit GEMM
// keeps the direct form).
std::unique_ptr<mlir::Pass> createLowerConvsPass(WeightStore *store = nullptr, bool rows = true,
                                                 const LowerConvsOptions &options = {});

// picoc-graph-pad-operands, with the store for padding weights at compile time (null: weights
// are padded by a copy kernel like activations).
std::unique_ptr<mlir::Pass> createPadOperandsPass(WeightStore *store = nullptr);

// picoc-graph-pack-weights, with the store that holds the weights (null: nothing is packed)
// and the panel width of a matmul with many rows (the CPU's register tile: two vectors).
std::unique_ptr<mlir::Pass> createPackWeightsPass(WeightStore *store = nullptr,
                                                  int64_t rowPanel = 16);

#define GEN_PASS_REGISTRATION
#include "picoc/Passes/Passes.h.inc"

// ---- Kernel passes: graph IR -> kir::Program -> scheduled program. ----

// picoc-kernel-lower-to-kernels: every picoc.kernel of @main becomes a kir::Kernel; func
// arguments, weights, constants and kernel results become buffers. Fails (with a diagnostic at
// the op) on anything that is not fused into a kernel. With `makeState` (picoc --state),
// each graph input that is concatenated with new rows along a run-time dim into a graph output
// (the exporters' past/present KV cache) becomes one State buffer the entry appends to in
// place (kir::StateUse); it fails when there is none, unless `stateMayBeElsewhere` (one of
// several entry points: its outputs may write another's state, picoc-kernel-link-entries).
mlir::FailureOr<kir::Program> lowerToKernels(mlir::ModuleOp module, WeightStore &store,
                                             const std::string &name, bool makeState = false,
                                             bool stateMayBeElsewhere = false);

// picoc-kernel-order-reductions (GPU targets): a contraction over several reduction
// variables takes them in decreasing stride in its factors, where both factors agree (a
// convolution's input channels outermost, its filter's taps innermost), so that its tiles'
// terms are adjacent in memory.
void orderReductions(kir::Program &program);

// picoc-kernel-split-k: on a GPU with warpgroup MMA, a contraction whose tensor-core output
// tiles would leave the multiprocessors' last wave mostly idle (kir::ScheduleTarget::
// multiprocessors) becomes two kernels: its partial sums over 2 to 4 equal parts of its
// reduction (a batch dim of one contraction, into a Temp buffer), then their sum in order and
// the epilogue. Entries' kernel ranges follow.
void splitReductions(kir::Program &program, const kir::ScheduleTarget &target);

// picoc-kernel-choose-opts: gives each kernel a schedule by heuristics for the target (a CPU's
// lanes, registers and cores; a GPU's blocks), every opt applied through kir::applyOpt.
void chooseOpts(kir::Program &program, const kir::ScheduleTarget &target);
// The same heuristics for one kernel.
void chooseKernelOpts(kir::Kernel &kernel, const kir::ScheduleTarget &target);
// The time contraction `c` takes as wgmma tiles of 128 by `n` rows of factor `nSide` (0: A,
// 1: B) in waves over `multiprocessors` (a block each), in units of a 128 x 1 tile's time:
// picoc-kernel-choose-opts picks the least.
double wgmmaTileCost(const kir::Contraction &c, int nSide, int64_t n, int multiprocessors);
// Whether a GPU contraction of m x n outputs (per batch index) over k terms is tiled through
// shared memory (on tensor cores where the precision allows): enough 64 x 64 output tiles.
bool gpuTiledContraction(int64_t m, int64_t n, int64_t k, int64_t batch);
// The wgmma widths (N) worth costing for `rows` rows of the N factor: 64, 128 and 256, and the
// multiples of 32 that cut the rows into equal tiles (320 rows: 160, not 256 and a tile of
// 64 that computes 192 rows of nothing).
std::vector<int64_t> wgmmaWidths(int64_t rows);

// picoc-kernel-plan-memory: gives every Temp buffer an offset in one arena so that buffers whose
// lifetimes (first write .. last read, in kernel order) overlap never share bytes; sets
// program.arenaBytes to the peak. Offsets are 64-byte aligned.
void planMemory(kir::Program &program);

// picoc-kernel-layout-weights: assigns every Weight buffer a 64-byte aligned offset in the
// weights blob and returns the blob, whose segments point into `store` (kept alive by it).
WeightBlob layoutWeights(kir::Program &program, std::shared_ptr<const WeightStore> store);

// picoc-kernel-link-entries: joins compiled programs, each planned and laid out with one entry
// point, into the program of one object with an entry point per part (named `entry`). Buffers
// and kernels are concatenated (a kernel's name gains its entry's as a prefix when there are
// several); the entry points share the arena (its size is the largest part's: they never run at
// once) and one weights blob in which equal weights are stored once (matched by content, across
// and within parts: a tied embedding, prefill's and decode's copies of one matrix). States
// (BufferKind::State) go after the temporaries, one place per state name: entry points that
// name the same state (prefill's and decode's `present.0.key`) share it. An entry whose output
// has the name of another entry's state writes that state instead (StateUse::reads false): a
// kernel scheduled for `target` copies the present into the state's first rows and the output
// leaves the signature. Returns the program; `blob` receives the joined weights; fails
// (`error`) on states of one name whose types differ, or a present that cannot be written so.
struct LinkPart {
  std::string entry;
  kir::Program program;
  WeightBlob blob;
};
mlir::FailureOr<kir::Program> linkEntries(std::vector<LinkPart> parts, const std::string &name,
                                          const kir::ScheduleTarget &target, WeightBlob &blob,
                                          std::string &error);

} // namespace picoc

#endif // PICOC_PASSES_PASSES_H
