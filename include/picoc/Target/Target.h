//===- Target.h - the interface every code generator implements ---------------------===//
//
// A target turns a scheduled kir::Program into an object file holding the kernels, the
// execution plan (a picort_model_desc, see runtime-lib/include/picort.h), the weights and the
// exported entry points <name>_create / <name>_run / <name>_destroy. Targets know nothing
// about ONNX or MLIR; vendor code lives in targets/x86/ and targets/cuda/ only.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGET_TARGET_H
#define PICOC_TARGET_TARGET_H

#include "picoc/Kernel/KernelIR.h"
#include "picoc/Kernel/Schedule.h"
#include "picoc/Support/WeightStore.h"

#include <memory>
#include <string>

namespace llvm {
class raw_pwrite_stream;
class raw_ostream;
} // namespace llvm

namespace picoc {

// Auto: embedded up to 2 GiB, else External (the driver resolves it before a target sees it).
enum class WeightsMode { Embed, External, Auto };

struct TargetOptions {
  std::string target = "host"; // x86-64, x86-64-v3, x86-64-v4, znver4, host; sm_80,sm_90, ...
  std::string name = "model";  // prefix of every exported symbol
  WeightsMode weights = WeightsMode::Embed;
  std::string weightsFile;     // External: the side file's name, recorded in the object
  kir::Precision precision = kir::Precision::FP32; // contractions (the CPU computes fp32)
};

class Target {
public:
  virtual ~Target() = default;
  // The target's name as given on the command line (after resolving "host").
  virtual std::string name() const = 0;
  // What the target renders (opt kinds, vector lanes and registers, block size), for applyOpt
  // and the schedule heuristics.
  virtual kir::ScheduleTarget scheduleTarget() const = 0;
  // True if the target can compile this kernel and its schedule; otherwise `why` says what
  // it lacks.
  virtual bool supportsKernel(const kir::Kernel &kernel, std::string &why) const = 0;
  // The weights blob's bytes in the layout the Program's Weight buffer offsets describe.
  // Writes the object; returns false with `error` set on failure.
  virtual bool emitObject(const kir::Program &program, const std::vector<char> &weightsBlob,
                          llvm::raw_pwrite_stream &out, std::string &error) = 0;
  // Textual renderings for --emit / --dump-dir. Source: LLVM IR (x86), CUDA C (cuda);
  // Assembly: x86-64 assembly, PTX (of every listed GPU architecture, newest last).
  enum class TextForm { Source, Assembly };
  virtual bool emitText(const kir::Program &program, TextForm form, llvm::raw_ostream &out,
                        std::string &error) = 0;
};

// Returns null with `error` set for an unknown target name.
std::unique_ptr<Target> createTarget(const TargetOptions &options, std::string &error);

// Writes the C header that declares the model's entry points and describes its tensors.
void writeModelHeader(const kir::Program &program, const TargetOptions &options,
                      llvm::raw_ostream &out);

} // namespace picoc

#endif // PICOC_TARGET_TARGET_H
