//===- CudaTarget.cpp - the CUDA code generator (sm_80 and newer) ---------------------===//
//
// A program becomes one CUDA C translation unit (CudaRenderer), compiled by NVRTC to PTX for
// every listed architecture and assembled by nvJitLink into a cubin per architecture (sm_90's
// as sm_90a's: Arch::cubinName), plus the PTX of the newest one (without an `a` suffix, so
// that later GPUs can JIT it). The object is a
// host (x86-64) object written by the shared plan emitter: the images, the launches (grid,
// block, arguments), the weights and the entry points. No GPU or driver is needed to compile.
//
//===---------------------------------------------------------------------------------===//

#include "CudaTarget.h"

#include "CudaRenderer.h"
#include "Nvrtc.h"
#include "x86/PlanEmitter.h"
#include "x86/SymbolPrefix.h"
#include "x86/X86Target.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <picort.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace picoc {

namespace {

constexpr int kMinSm = 80; // Ampere, the oldest GPU generation picoc targets

// One architecture of the target list: "sm_90a" is {90, true}.
struct Arch {
  int sm = 0;
  bool specific = false; // the `a` suffix: features of exactly this chip (wgmma, TMA)
  std::string name() const { return "sm_" + std::to_string(sm) + (specific ? "a" : ""); }
  // The architecture its cubin is compiled for. A cubin runs only on GPUs of its own major
  // version, and every compute capability 9.0 GPU (H100, H200, GH200) has sm_90a's features:
  // an sm_90 cubin is compiled as sm_90a's, so that --target=sm_90 gets warpgroup MMA. (The
  // PTX for newer GPUs stays plain: ptxArch.)
  std::string cubinName() const { return sm == 90 ? "sm_90a" : name(); }
};

// The kernel whose rendered text holds line `line` of the translation unit, from the
// "// ---- kernel NAME ----" banners the renderer writes.
std::string kernelAtLine(const std::string &source, int line) {
  std::istringstream in(source);
  std::string text, kernel;
  for (int n = 1; std::getline(in, text) && n <= line; ++n)
    if (text.rfind("// ---- kernel ", 0) == 0)
      kernel = text.substr(15, text.find(" ----", 15) - 15);
  return kernel;
}

// NVRTC's log with "(in kernel NAME)" after each "picoc.cu(LINE): ..." message.
std::string annotateLog(const std::string &source, const std::string &log) {
  std::istringstream in(log);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    out += line;
    size_t open = line.find("picoc.cu(");
    if (open != std::string::npos) {
      std::string kernel = kernelAtLine(source, std::atoi(line.c_str() + open + 9));
      if (!kernel.empty())
        out += " (in kernel " + kernel + ")";
    }
    out += "\n";
  }
  return out;
}

class CudaTarget final : public Target {
public:
  CudaTarget(TargetOptions options, std::vector<Arch> archs)
      : options_(std::move(options)), archs_(std::move(archs)) {}

  std::string name() const override { return options_.target; }
  kir::ScheduleTarget scheduleTarget() const override {
    kir::ScheduleTarget t;
    t.gpu = true;
    t.lanes = 1;
    t.registers = 0;
    t.precision = options_.precision;
    t.maxAttentionHeadDim = cuda::kMaxAttentionHeadDim;
    // Warpgroup MMA where every cubin is sm_90a's (Arch::cubinName; the PTX for newer GPUs
    // renders the kernels' mma.sync form instead: CudaRenderer.h).
    t.wgmma = std::all_of(archs_.begin(), archs_.end(),
                          [](const Arch &a) { return a.cubinName() == "sm_90a"; });
    // The oldest architecture's largest part: A100 (108 SMs), H100 SXM and H200 (132).
    const Arch &oldest = *std::min_element(archs_.begin(), archs_.end(),
                                           [](const Arch &a, const Arch &b) { return a.sm < b.sm; });
    t.multiprocessors = oldest.sm < 90 ? 108 : 132;
    return t;
  }

  bool supportsKernel(const kir::Kernel &kernel, std::string &why) const override {
    return cuda::canRenderKernel(kernel, why);
  }

  bool emitObject(const kir::Program &program, const std::vector<char> &weightsBlob,
                  llvm::raw_pwrite_stream &out, std::string &error) override;
  bool emitText(const kir::Program &program, TextForm form, llvm::raw_ostream &out,
                std::string &error) override;

private:
  // The architecture whose PTX the object carries: the newest, without its `a` suffix.
  Arch ptxArch() const {
    Arch newest = *std::max_element(archs_.begin(), archs_.end(),
                                    [](const Arch &a, const Arch &b) { return a.sm < b.sm; });
    newest.specific = false;
    return newest;
  }
  // NVRTC's PTX of the kernels for architecture `arch` (an sm_XY[a] name).
  bool compile(const std::string &source, const std::string &arch, std::string &ptx,
               std::string &error) const {
    std::string log;
    if (cuda::compileWithNvrtc(source, arch, ptx, log))
      return true;
    error = "NVRTC cannot compile the kernels for " + arch + ":\n" + annotateLog(source, log);
    return false;
  }

  TargetOptions options_;
  std::vector<Arch> archs_;
};

bool CudaTarget::emitObject(const kir::Program &program, const std::vector<char> &weightsBlob,
                            llvm::raw_pwrite_stream &out, std::string &error) {
  std::string source;
  std::vector<std::string> functions;
  if (!cuda::renderProgram(program, source, error, &functions))
    return false;

  // 1. The images: a cubin per architecture, then the PTX for newer GPUs.
  x86::PlanContents plan;
  plan.device = PICORT_DEVICE_CUDA;
  for (const Arch &arch : archs_) {
    std::string ptx, cubin, log;
    if (!compile(source, arch.cubinName(), ptx, error))
      return false;
    if (!cuda::linkCubin(ptx, arch.cubinName(), cubin, log)) {
      error = "nvJitLink cannot assemble the kernels for " + arch.cubinName() + ":\n" + log;
      return false;
    }
    plan.images.push_back({false, arch.sm, std::move(cubin)});
  }
  Arch forPtx = ptxArch();
  x86::GpuImage &ptx = plan.images.emplace_back();
  ptx.ptx = true;
  ptx.sm = forPtx.sm;
  if (!compile(source, forPtx.name(), ptx.bytes, error))
    return false;

  // 2. The launches, as the renderer built each kernel.
  for (size_t i = 0; i < program.kernels.size(); ++i) {
    cuda::LaunchConfig c = cuda::launchConfig(program.kernels[i]);
    x86::LaunchRecord &launch = plan.launches.emplace_back();
    launch.function = functions[i];
    launch.grid = {static_cast<uint32_t>(c.gridX), 1, 1};
    launch.block = {static_cast<uint32_t>(c.blockX), 1, 1};
    launch.sharedBytes = static_cast<uint32_t>(c.sharedBytes);
  }

  // 3. The host object: plan, images, weights and entry points, for any x86-64 CPU.
  std::unique_ptr<llvm::TargetMachine> tm = x86::createMachine("x86-64", "", error);
  if (!tm)
    return false;
  llvm::LLVMContext ctx;
  llvm::Module module(modelSymbolPrefix(options_.name), ctx);
  module.setTargetTriple(tm->getTargetTriple().str());
  module.setDataLayout(tm->createDataLayout());
  if (!x86::emitPlan(module, program, options_, &weightsBlob, plan, {"x86-64", ""}, error))
    return false;
  std::string broken;
  llvm::raw_string_ostream os(broken);
  if (llvm::verifyModule(module, &os)) {
    error = "internal error: invalid LLVM IR: " + broken;
    return false;
  }
  return x86::writeObject(*tm, module, out, error);
}

bool CudaTarget::emitText(const kir::Program &program, TextForm form, llvm::raw_ostream &out,
                          std::string &error) {
  std::string source;
  if (!cuda::renderProgram(program, source, error))
    return false;
  if (form == TextForm::Source) {
    out << "// Target " << options_.target << ": NVRTC compiles this for compute_XY --std=c++17.\n"
        << source;
    return true;
  }
  std::vector<Arch> archs = archs_;
  std::sort(archs.begin(), archs.end(), [](const Arch &a, const Arch &b) { return a.sm < b.sm; });
  for (const Arch &arch : archs) {
    std::string ptx;
    if (!compile(source, arch.name(), ptx, error))
      return false;
    out << "// ---- PTX for " << arch.name() << " ----\n" << ptx << "\n";
  }
  return true;
}

// Parses one architecture ("sm_80", "sm_90a"); false with `error` set if it is malformed,
// too old or unknown to this NVRTC.
bool parseArch(const std::string &arch, Arch &out, std::string &error) {
  size_t end = arch.size() - (arch.size() > 3 && arch.back() == 'a' ? 1 : 0);
  bool wellFormed = arch.rfind("sm_", 0) == 0 && end > 3 && end - 3 <= 4 &&
                    std::all_of(arch.begin() + 3, arch.begin() + end,
                                [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!wellFormed) {
    error = "unknown CUDA target '" + arch + "' (expected sm_XY, e.g. sm_80 or sm_90, or a "
            "comma-separated list of them)";
    return false;
  }
  out.sm = std::stoi(arch.substr(3, end - 3));
  out.specific = end != arch.size();
  if (out.sm < kMinSm) {
    error = "CUDA target '" + arch + "' is too old: picoc supports sm_80 and newer";
    return false;
  }
  std::vector<int> supported = cuda::nvrtcSupportedArchs();
  if (std::find(supported.begin(), supported.end(), out.sm) == supported.end()) {
    error = "NVRTC cannot compile for '" + arch + "'; it supports:";
    for (int s : supported)
      error += " sm_" + std::to_string(s);
    return false;
  }
  return true;
}

} // namespace

std::unique_ptr<Target> createCudaTarget(const TargetOptions &options, std::string &error) {
  std::vector<Arch> archs;
  std::string list = options.target;
  for (size_t start = 0; start <= list.size();) {
    size_t comma = std::min(list.find(',', start), list.size());
    Arch arch;
    if (!parseArch(list.substr(start, comma - start), arch, error))
      return nullptr;
    for (const Arch &seen : archs)
      if (seen.sm == arch.sm && seen.specific == arch.specific) {
        error = "CUDA target '" + arch.name() + "' is listed twice in '" + list + "'";
        return nullptr;
      }
    archs.push_back(arch);
    start = comma + 1;
  }
  return std::make_unique<CudaTarget>(options, std::move(archs));
}

} // namespace picoc
