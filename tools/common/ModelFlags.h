//===- ModelFlags.h - the command-line flags that say what model to compile -----------===//
//
// picoc and picoc-tune take a model the same way: the model paths (NAME=PATH naming an entry
// point), --target, --precision, --attention, --dim, --bind, --state and --tuning-db. addModelFlags declares
// them on a CLI11 app; finishModelFlags moves what was parsed into CompileOptions, or prints
// what is wrong (on llvm::errs) and returns false.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_COMMON_MODELFLAGS_H
#define PICOC_TOOLS_COMMON_MODELFLAGS_H

#include "picoc/Pipeline/Pipeline.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace picoc::tools {

struct ModelFlags {
  std::string precision = "fp32";
  std::vector<std::string> dims, binds;
  std::string tuningDb; // "" before parsing: the default database where there is one
  std::string attention = "auto";
};

void addModelFlags(CLI::App &app, CompileOptions &options, ModelFlags &flags);
bool finishModelFlags(CompileOptions &options, const ModelFlags &flags);

// True for a C identifier (letters, digits and '_', not starting with a digit).
bool isIdentifier(const std::string &s);

} // namespace picoc::tools

#endif // PICOC_TOOLS_COMMON_MODELFLAGS_H
