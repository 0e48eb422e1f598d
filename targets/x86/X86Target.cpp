//===- X86Target.cpp - the x86-64 code generator --------------------------------------===//
//
// One LLVM module per program: the kernels (KernelEmitter), the plan and entry points
// (PlanEmitter), then the O3 pipeline and the object file through an llvm::TargetMachine
// (PIC, CodeGenOptLevel::Aggressive) for the target's CPU and features.
//
//===------------------------------------------------------------------------------===//
#include "x86/X86Target.h"

#include "x86/KernelEmitter.h"
#include "x86/OpEmitter.h"
#include "x86/LoopPlan.h"
#include "x86/PlanEmitter.h"
#include "x86/SymbolPrefix.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <picort.h>

#include <algorithm>
#include <thread>
#include <unordered_map>
#include <unistd.h>

extern "C" {
void LLVMInitializeX86TargetInfo();
void LLVMInitializeX86Target();
void LLVMInitializeX86TargetMC();
void LLVMInitializeX86AsmPrinter();
}

namespace picoc {

namespace {

struct CpuInfo {
  std::string name; // as reported by name()
  std::string cpu;
  std::string features;
  int lanes;
  int registers;
  bool host = false; // compiled for this machine: its cache sizes are the target's
};

bool lookupCpu(const std::string &target, CpuInfo &info) {
  if (target == "x86-64" || target == "x86-64-v2") {
    info = {target, target, "", 4, 16};
  } else if (target == "x86-64-v3") {
    info = {target, target, "", 8, 16};
  } else if (target == "x86-64-v4" || target == "znver4") {
    info = {target, target, "", 16, 32};
  } else if (target == "host") {
    std::string cpu = llvm::sys::getHostCPUName().str();
    std::string features;
    llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
    for (const auto &f : host)
      features +=
          (features.empty() ? "" : ",") + std::string(f.second ? "+" : "-") + f.first().str();
    bool avx512 = host.lookup("avx512f"), avx = host.lookup("avx2") || host.lookup("avx");
    info = {cpu, cpu, features, avx512 ? 16 : avx ? 8 : 4, avx512 ? 32 : 16, true};
  } else {
    return false;
  }
  return true;
}

class X86Target final : public Target {
public:
  X86Target(TargetOptions options, CpuInfo cpu, std::unique_ptr<llvm::TargetMachine> tm)
      : options_(std::move(options)), cpu_(std::move(cpu)), tm_(std::move(tm)) {}

  std::string name() const override { return cpu_.name; }
  kir::ScheduleTarget scheduleTarget() const override {
    kir::ScheduleTarget t;
    t.lanes = cpu_.lanes;
    t.registers = cpu_.registers;
    t.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (long l2 = cpu_.host ? sysconf(_SC_LEVEL2_CACHE_SIZE) : 0; l2 > 0)
      t.l2Bytes = l2;
    // Every attention whose heads are 8 or wider is the kernel, whatever its scores: blocked
    // over query rows and keys (KernelEmitter.cpp, emitAttentionRows), its scores vectors
    // along the keys, it ran faster than two GEMMs and a row softmax or even on each mid model
    // of bench/ (AMD EPYC znver3, AVX2, 2 threads, 2026-12-02, fused / unfused, ms: unet_mid,
    // heads of 8, 132-136 / 173-174; whisper_mid_encoder 150-162 / 165-169; vae_mid 60-61 /
    // 61-62; llama_mid_prefill64 23-24 / 23-28; llama135m_prefill128 426-444 / 423-445). Its
    // per-row form before it lost to them (session 28: whisper_mid_encoder 206-214 / 158-171).
    // Heads of 8 and more are the kernel: AVX-512 takes a head of 8 (or the 8 past 32 of a
    // head of 40) in half vectors (Xeon, 2 threads, 2026-12-02: unet_mid, heads of 8, 65-66
    // ms fused against 93-94 unfused and onnxruntime's 61-70; fused in full vectors only,
    // its columns one at a time, it took 108-109). Narrower heads keep the primitives.
    t.minAttentionHeadDim = 8;
    t.minAttentionScoreBytes = 0;
    return t;
  }
  bool supportsKernel(const kir::Kernel &kernel, std::string &why) const override {
    return x86::checkKernel(kernel, why);
  }
  bool emitObject(const kir::Program &program, const std::vector<char> &weightsBlob,
                  llvm::raw_pwrite_stream &out, std::string &error) override;
  bool emitText(const kir::Program &program, TextForm form, llvm::raw_ostream &out,
                std::string &error) override;

private:
  std::unique_ptr<llvm::Module> buildModule(llvm::LLVMContext &ctx, const kir::Program &program,
                                            const std::vector<char> *weightsBlob,
                                            std::string &error);

  TargetOptions options_;
  CpuInfo cpu_;
  std::unique_ptr<llvm::TargetMachine> tm_;
};

std::unique_ptr<llvm::Module> X86Target::buildModule(llvm::LLVMContext &ctx,
                                                     const kir::Program &program,
                                                     const std::vector<char> *weightsBlob,
                                                     std::string &error) {
  std::string prefix = modelSymbolPrefix(options_.name);
  auto module = std::make_unique<llvm::Module>(prefix, ctx);
  module->setTargetTriple(tm_->getTargetTriple().str());
  module->setDataLayout(tm_->createDataLayout());
  x86::CodegenAttrs attrs{cpu_.cpu, cpu_.features, cpu_.lanes, cpu_.registers};
  x86::PlanContents plan;
  plan.device = PICORT_DEVICE_CPU;
  // Kernels that differ only in their buffers (a layer's kernels, once per layer) compile once;
  // each launch passes its own buffers.
  std::unordered_map<std::string, llvm::Function *> compiled;
  for (const kir::Kernel &k : program.kernels) {
    llvm::Function *&fn = compiled[x86::emittedKernelKey(program, k)];
    if (!fn)
      fn = x86::emitKernel(*module, program, k, prefix + "_" + k.name, attrs, error);
    if (!fn)
      return nullptr;
    x86::LoopPlan loops;
    std::string why;
    x86::buildLoopPlan(k, loops, why); // checked by emitKernel
    x86::LaunchRecord &launch = plan.launches.emplace_back();
    launch.fn = fn;
    launch.extent = loops.launchExtent();
    launch.grain = x86::launchGrain(k, loops);
    if (k.hasRunExtents()) {
      for (int d = 0; d < loops.parallelDims; ++d)
        launch.runExtents.push_back({k.runExtent(d), loops.chunk(d)});
      launch.workTerms = x86::workTerms(k);
      launch.grainWork = x86::kChunkWork;
    }
  }
  if (!x86::emitPlan(*module, program, options_, weightsBlob, plan, attrs, error))
    return nullptr;
  x86::defineBFloatConversion(*module);
  std::string broken;
  llvm::raw_string_ostream os(broken);
  if (llvm::verifyModule(*module, &os)) {
    error = "internal error: invalid LLVM IR: " + broken;
    return nullptr;
  }
  x86::optimize(*tm_, *module);
  return module;
}

bool X86Target::emitObject(const kir::Program &program, const std::vector<char> &weightsBlob,
                           llvm::raw_pwrite_stream &out, std::string &error) {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> module = buildModule(ctx, program, &weightsBlob, error);
  return module && x86::writeObject(*tm_, *module, out, error);
}

bool X86Target::emitText(const kir::Program &program, TextForm form, llvm::raw_ostream &out,
                         std::string &error) {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> module = buildModule(ctx, program, nullptr, error);
  if (!module)
    return false;
  if (form == TextForm::Source) {
    module->print(out, nullptr);
    return true;
  }
  llvm::SmallString<0> text;
  llvm::raw_svector_ostream os(text);
  llvm::legacy::PassManager pm;
  if (tm_->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::AssemblyFile)) {
    error = "LLVM cannot emit assembly for " + cpu_.name;
    return false;
  }
  pm.run(*module);
  out << text;
  return true;
}

} // namespace

bool isX86TargetName(const std::string &name) {
  CpuInfo info;
  return name == "host" || lookupCpu(name, info);
}

namespace x86 {

std::unique_ptr<llvm::TargetMachine> createMachine(const std::string &cpu,
                                                   const std::string &features,
                                                   std::string &error) {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  if (triple.getArch() != llvm::Triple::x86_64)
    triple = llvm::Triple("x86_64-pc-linux-gnu");
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple.str(), error);
  if (!target)
    return nullptr;
  llvm::TargetOptions to;
  std::unique_ptr<llvm::TargetMachine> tm(
      target->createTargetMachine(triple.str(), cpu, features, to, llvm::Reloc::PIC_,
                                  std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!tm)
    error = "LLVM cannot create a target machine for " + cpu;
  return tm;
}

void optimize(llvm::TargetMachine &tm, llvm::Module &module) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(module, mam);
}

bool writeObject(llvm::TargetMachine &tm, llvm::Module &module, llvm::raw_pwrite_stream &out,
                 std::string &error) {
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, out, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "LLVM cannot emit an object file for " + tm.getTargetCPU().str();
    return false;
  }
  pm.run(module);
  return true;
}

} // namespace x86

std::unique_ptr<Target> createX86Target(const TargetOptions &options, std::string &error) {
  CpuInfo cpu;
  if (!lookupCpu(options.target, cpu)) {
    error = "unknown x86 target '" + options.target + "'";
    return nullptr;
  }
  std::unique_ptr<llvm::TargetMachine> tm = x86::createMachine(cpu.cpu, cpu.features, error);
  if (!tm)
    return nullptr;
  return std::make_unique<X86Target>(options, std::move(cpu), std::move(tm));
}

} // namespace picoc
