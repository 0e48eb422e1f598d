//===- Pipeline.h - the compiler as a library call ------------------------------------===//
//
// compileModel runs the whole pipeline (written out once, as numbered steps, in
// lib/Pipeline/Pipeline.cpp): import, graph passes, lowering to kernels, kernel passes (per
// model), linking the models' programs into one, code generation, object and header. The picoc and picoc-run tools are thin wrappers.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_PIPELINE_PIPELINE_H
#define PICOC_PIPELINE_PIPELINE_H

#include "picoc/Target/Target.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace picoc {

// What compileModel writes: the object (and header), the graph IR, the kernel IR, the target's
// source (LLVM IR for a CPU, CUDA C for a GPU) or its assembly (x86-64 assembly, PTX).
enum class EmitKind { Obj, Mlir, Kernels, Source, Assembly };

struct CompileOptions {
  // model.onnx; several models make one object with an entry point per model, named by the
  // file's stem (prefill.onnx, decode.onnx -> <name>_prefill, <name>_decode), sharing weights.
  std::vector<std::string> inputPaths;
  // Several models: the entry points' names (a model given as NAME=PATH on the command line);
  // an empty name takes the file's stem.
  std::vector<std::string> entryNames;
  std::string outputPath;         // model.o (the header goes next to it as model.h)
  TargetOptions target;
  EmitKind emit = EmitKind::Obj;
  bool checkOnly = false;         // --check: report unsupported ops and stop
  bool printIrAfterAll = false;   // to stderr
  std::string printIrAfter;       // a pass's flag name, e.g. picoc-graph-fuse
  std::string dumpDir;            // one numbered file per step
  bool stats = false;             // kernel count, arena peak, weights size, to stderr
  bool quiet = false;             // no progress line on a terminal
  std::map<std::string, int64_t> dims; // --dim name=value for the model's named dims
  // --dim name=min..max: run-time dims, each call's value within the bounds (symbol order:
  // by name).
  std::map<std::string, std::pair<int64_t, int64_t>> runDims;
  std::map<std::string, std::string> dimExprs; // --dim total=past+1
  std::map<std::string, std::string> bindInputs; // --bind input=value.pb: inputs fixed now
  // --state: past/present pairs (a graph input concatenated with new values into a graph
  // output along a run-time dim: a KV cache) become state kept in the model instance.
  bool state = false;
  // --attention: where picoc-graph-form-attention makes attention one online-softmax kernel.
  // Auto: by the target's limits (ScheduleTarget's attention fields; no target keeps attention
  // unfused by its scores today); Fused: wherever the kernel takes its head dims; Primitives:
  // nowhere.
  enum class Attention { Auto, Fused, Primitives } attention = Attention::Auto;
  // --tuning-db: recorded schedules (kir::TuningDb) replace the heuristics' where they hold
  // the kernel; "" for none.
  std::string tuningDb;
  // Set: compileModel stops after linking the models' programs (step 14) and moves the program
  // here instead of generating code (picoc-tune measures its kernels).
  kir::Program *programOut = nullptr;
  // With programOut: the weights blob its Weight buffers' offsets point into (Target::emitObject).
  std::vector<char> *weightsOut = nullptr;
};

// --attention's names: auto, fused, primitives.
std::optional<CompileOptions::Attention> attentionFromName(const std::string &name);

// Returns 0 on success, 1 on a user error (reported on `errs`, no output file left behind).
int compileModel(const CompileOptions &options, llvm::raw_ostream &errs);

} // namespace picoc

#endif // PICOC_PIPELINE_PIPELINE_H
