//===- Target.cpp - target lookup by name ---------------------------------------------===//
//
// createTarget dispatches on the target name: host, x86-64*, znver4 -> the x86 generator;
// sm_* -> the CUDA generator when targets/cuda/ is built (it defines PICOC_HAVE_CUDA_TARGET).
//
//===------------------------------------------------------------------------------===//
#include "picoc/Target/Target.h"

#include "x86/X86Target.h"

#ifdef PICOC_HAVE_CUDA_TARGET
#include "cuda/CudaTarget.h"
#endif

namespace picoc {

std::unique_ptr<Target> createTarget(const TargetOptions &options, std::string &error) {
  const std::string &name = options.target;
  if (name == "host" || name == "znver4" || name.rfind("x86-64", 0) == 0)
    return createX86Target(options, error);
  if (name.rfind("sm_", 0) == 0) {
#ifdef PICOC_HAVE_CUDA_TARGET
    return createCudaTarget(options, error);
#else
    error = "target '" + name + "' needs the CUDA generator, which this picoc was built without";
    return nullptr;
#endif
  }
  error = "unknown target '" + name +
          "' (expected host, x86-64, x86-64-v2, x86-64-v3, x86-64-v4, znver4 or sm_XY)";
  return nullptr;
}

} // namespace picoc
