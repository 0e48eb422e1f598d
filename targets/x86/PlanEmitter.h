//===- PlanEmitter.h - the picort_model_desc and entry points of a model --------------===//
//
// The object writer of both targets: adds to a module (that already holds the CPU kernel
// functions, if any) everything else the object exports, with layouts matching
// runtime-lib/include/picort.h exactly:
//
//   <prefix>_desc      picort_model_desc (external): its entry points (picort_entry_desc: tensor
//                      descs, launches and args, checks)
//   <prefix>_weights   the embedded blob: 64-byte aligned, in .lrodata.picoc_weights (large)
//   <prefix>.image.N   GPU models: the cubins and PTX, 256-byte aligned
//   <prefix>_create    (weights_path, out) -> picort_model_create(&desc, {0, weights_path, 0}, out)
//   <prefix>_<entry>   -> picort_model_run_entry(model, e, ...), per entry point
//   <prefix>_<entry>_async -> picort_model_run_entry_async (a model of one entry point: the
//                      entry is "run": <prefix>_run, <prefix>_run_async)
//   <prefix>_destroy   -> picort_model_destroy
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_PLANEMITTER_H
#define PICOC_TARGETS_X86_PLANEMITTER_H

#include "picoc/Target/Target.h"

#include "x86/KernelEmitter.h"

#include <string>
#include <vector>

#include <array>
#include <cstdint>

namespace picoc::x86 {

// One kernel call of the plan, as the target launches it (picort_launch).
struct LaunchRecord {
  llvm::Function *fn = nullptr;  // CPU: the kernel function; GPU: null (found by `function`)
  std::string function;          // GPU: the __global__ function's name (empty: the kernel's)
  int64_t extent = 0, grain = 0; // CPU: the parallel extent and the smallest chunk
  // CPU, a kernel over run-time dims: the extent in a call is the product of
  // ceil(value / chunk) over these (one per parallel dim).
  std::vector<std::pair<kir::DimExpr, int64_t>> runExtents;
  // And its work in a call: the product of these (every variable's extent), for a grain per
  // call of grainWork element operations a chunk.
  std::vector<kir::DimExpr> workTerms;
  int64_t grainWork = 0;
  std::array<uint32_t, 3> grid = {0, 0, 0}, block = {0, 0, 0}; // GPU
  uint32_t sharedBytes = 0;                                    // GPU: dynamic shared memory
};

// A compiled form of a GPU model's kernels (picort_gpu_image).
struct GpuImage {
  bool ptx = false; // PTX, else a cubin
  int sm = 0;       // 90 for sm_90
  std::string bytes;
};

// What the plan holds besides the program's tensors and weights. `launches[i]` runs
// program.kernels[i]; `device` is a picort_device.
struct PlanContents {
  int device = 0;
  std::vector<LaunchRecord> launches;
  std::vector<GpuImage> images;
};

// `weightsBlob` is embedded when options.weights is Embed and the blob is not null; with a
// null blob (textual dumps) the desc records no weights pointer.
bool emitPlan(llvm::Module &module, const kir::Program &program, const TargetOptions &options,
              const std::vector<char> *weightsBlob, const PlanContents &plan,
              const CodegenAttrs &attrs, std::string &error);

} // namespace picoc::x86

#endif // PICOC_TARGETS_X86_PLANEMITTER_H
