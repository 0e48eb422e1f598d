//===- CudaTarget.h - the CUDA code generator (sm_80 and newer) -----------------------===//
//
// Renders a kir::Program as CUDA C (CudaRenderer.h) for --emit=cuda. The object path (cubins
// per SM version plus the execution plan for the runtime) is not implemented yet.
//
//===---------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_CUDA_CUDATARGET_H
#define PICOC_TARGETS_CUDA_CUDATARGET_H

#include "picoc/Target/Target.h"

#include <memory>
#include <string>

namespace picoc {

// For options.target "sm_XY" (XY >= 80, and one this NVRTC supports; an architecture-specific
// suffix as in sm_90a is kept). Returns null with `error` set for any other name.
std::unique_ptr<Target> createCudaTarget(const TargetOptions &options, std::string &error);

} // namespace picoc

#endif // PICOC_TARGETS_CUDA_CUDATARGET_H
