//===- OnnxImporter.h - ONNX ModelProto to the picoc graph dialect ------------------===//
//
// Reads a model through the ONNX protobuf schema, registers its initializers in a WeightStore
// (never copied into the IR) and builds a module with one func.func @main whose arguments are
// the graph inputs and whose results are the graph outputs. Every op carries the ONNX node's
// name (and the file) as its location.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_ONNXIMPORTER_H
#define PICOC_FRONTEND_ONNXIMPORTER_H

#include "picoc/Support/WeightStore.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace picoc {

// A model to import: an ONNX file, or a ModelProto built in memory by another frontend
// (frontend/hf builds a checkpoint's architecture as ONNX graphs whose weights are external
// data in the checkpoint's safetensors files).
struct OnnxSource {
  OnnxSource(std::string path) : path(std::move(path)) {} // NOLINT: a path converts
  OnnxSource(std::string label, std::shared_ptr<const onnx::ModelProto> model, std::string dir)
      : path(std::move(label)), model(std::move(model)), dir(std::move(dir)) {}
  std::string path; // the file; for a built model what messages and locations name
  std::shared_ptr<const onnx::ModelProto> model; // a built model; null: read `path`
  std::string dir;  // a built model's directory, where its external data lies
};

// Files mapped for external data (path -> mapping, size). Shared by the models of one compile,
// a file two models read is mapped once, and their weights from it are found equal by address
// (Weight::identity), never by reading them.
struct MappedFiles {
  std::map<std::string, std::pair<std::shared_ptr<const void>, int64_t>> byPath;
};

struct ImportOptions {
  std::map<std::string, int64_t> dims; // values for the model's named (dim_param) dims
  // Named dims known only at run time, with their bounds (run-time dim i: the i-th by name).
  std::map<std::string, std::pair<int64_t, int64_t>> runDims;
  // Named dims defined as expressions of others (--dim total=past+1): over run-time dims,
  // a dim the call checks rather than takes.
  std::map<std::string, std::string> dimExprs;
  // Graph inputs fixed at compile time: input name -> a TensorProto file with its value. The
  // input becomes an initializer (for shape arguments that picoc, compiling static shapes,
  // must know: a Reshape's shape, a Slice's starts, a CumSum's axis given as inputs).
  std::map<std::string, std::string> bindInputs;
  std::shared_ptr<MappedFiles> mappedFiles; // null: the import maps its own
};

// One problem found in the model, pointing at the node that has it.
struct ImportProblem {
  std::string node;   // ONNX node name (or "graph input 'x'", "initializer 'w'")
  std::string opType; // ONNX op type, empty when not about a node
  std::string message;
  std::string str(const std::string &file) const; // "file: node 'n' (Op): message"
};

// Lists every unsupported op, attribute or dtype in the model, in one pass, without building
// IR. An unreadable file gives one problem.
std::vector<ImportProblem> checkOnnxModel(const OnnxSource &source, const ImportOptions &options);

// The graph inputs (initializers excluded) with the name of each dim: its dim_param, or ""
// where the dim is static or unnamed. Null when the file does not parse as a model.
struct OnnxInputDims {
  std::string input;
  std::vector<std::string> dimNames;
};
std::optional<std::vector<OnnxInputDims>> onnxInputDims(const OnnxSource &source);

// Imports the model; on failure returns null and fills `problems` (never throws, never aborts).
mlir::OwningOpRef<mlir::ModuleOp> importOnnxModel(mlir::MLIRContext &context,
                                                  const OnnxSource &source,
                                                  const ImportOptions &options, WeightStore &store,
                                                  std::vector<ImportProblem> &problems);

} // namespace picoc

#endif // PICOC_FRONTEND_ONNXIMPORTER_H
