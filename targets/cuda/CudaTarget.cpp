//===- CudaTarget.cpp - the CUDA code generator (sm_80 and newer) ---------------------===//

#include "CudaTarget.h"

#include "CudaRenderer.h"
#include "Nvrtc.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>

namespace picoc {

namespace {

constexpr int kMinSm = 80; // Ampere, the oldest GPU generation picoc targets

class CudaTarget final : public Target {
public:
  explicit CudaTarget(std::string arch) : arch_(std::move(arch)) {}

  std::string name() const override { return arch_; }
  // Kernels are scalar per thread; the CPU opt heuristics' vector model does not apply.
  int vectorLanes() const override { return 1; }
  int vectorRegisters() const override { return 0; }

  bool supportsKernel(const kir::Kernel &kernel, std::string &why) const override {
    return cuda::canRenderKernel(kernel, why);
  }

  bool emitObject(const kir::Program &, const std::vector<char> &, llvm::raw_pwrite_stream &,
                  std::string &error) override {
    error = "the CUDA object path (cubin + plan) is not implemented yet; use --emit=cuda";
    return false;
  }

  bool emitText(const kir::Program &program, llvm::raw_ostream &out,
                std::string &error) override {
    std::string text = "// Target " + arch_ + ": compile with NVRTC --gpu-architecture=compute_" +
                       arch_.substr(3) + " --std=c++17.\n";
    if (!cuda::renderProgram(program, text, error))
      return false;
    out << text;
    return true;
  }

private:
  std::string arch_;
};

} // namespace

std::unique_ptr<Target> createCudaTarget(const TargetOptions &options, std::string &error) {
  const std::string &arch = options.target;
  // sm_<digits>, optionally with the architecture-specific suffix 'a' (sm_90a).
  size_t end = arch.size() - (arch.size() > 3 && arch.back() == 'a' ? 1 : 0);
  bool wellFormed = arch.rfind("sm_", 0) == 0 && end > 3 && end - 3 <= 4 &&
                    std::all_of(arch.begin() + 3, arch.begin() + end,
                                [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!wellFormed) {
    error = "unknown CUDA target '" + arch + "' (expected sm_XY, e.g. sm_80 or sm_90)";
    return nullptr;
  }
  int sm = std::stoi(arch.substr(3, end - 3));
  if (sm < kMinSm) {
    error = "CUDA target '" + arch + "' is too old: picoc supports sm_80 and newer";
    return nullptr;
  }
  std::vector<int> supported = cuda::nvrtcSupportedArchs();
  if (std::find(supported.begin(), supported.end(), sm) == supported.end()) {
    error = "NVRTC cannot compile for '" + arch + "'; it supports:";
    for (int s : supported)
      error += " sm_" + std::to_string(s);
    return nullptr;
  }
  return std::make_unique<CudaTarget>(arch);
}

} // namespace picoc
