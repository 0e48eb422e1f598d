//===- PicocRunCases.cpp - picoc-run-cases: run the cases that picoc-run prepared ----===//
//
//   picoc-run-cases DIR [--list FILE] [--jobs N] [--timeout S] [--filter REGEX]
//
// DIR was written by `picoc-run --prepare=DIR` (PreparedCases.h), on this machine or another:
// every case's model linked as model.so, its data sets as raw files. Each case runs in a forked
// child that dlopens its model.so, runs it on every data set and compares the outputs with the
// references (ModelRunner.h); the lines printed and the exit status are picoc-run's (Summary.h).
// The tolerances come from DIR/options.txt, the timeout too unless --timeout gives one.
//
// This executable links no compiler, LLVM, MLIR or protobuf, and carries its C++ runtime
// (-static-libstdc++ -static-libgcc): it needs only libc, libm, libdl and libpthread, so it runs
// on a machine with a GPU but no toolchain.
//
//===------------------------------------------------------------------------------===//
#include "PreparedCases.h"

#include <CLI/CLI.hpp>

using namespace picoc::run;

int main(int argc, char **argv) {
  CLI::App app{"picoc-run-cases: runs the cases that picoc-run --prepare=DIR compiled and "
               "compares their outputs with the references"};
  RunPreparedOptions options;
  app.add_option("dir", options.dir, "a directory written by picoc-run --prepare")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--list", options.listFile,
                 "expected passes: only a listed case that fails fails the run")
      ->check(CLI::ExistingFile);
  app.add_option("--jobs,-j", options.jobs, "cases run in parallel (each in its own process)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--timeout", options.timeoutSeconds,
                 "seconds a case may take (default: the one recorded by --prepare)")
      ->check(CLI::PositiveNumber);
  app.add_option("--filter", options.filter, "run only the cases whose name matches REGEX");
  CLI11_PARSE(app, argc, argv);
  return runPreparedCases(options, "picoc-run-cases");
}
