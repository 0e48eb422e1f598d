//===- TensorData.h - ONNX element types and tensor bytes ----------------------------===//
//
// ONNX TensorProto.DataType codes <-> kir::DType <-> MLIR element types, the bytes of a
// TensorProto (raw_data, typed fields or an external data file), and small DenseElementsAttr
// helpers that the op importers use to read and build constants.
//
// Element types: floats map to f16/bf16/f32/f64 and the float8 types, signed integers to
// signless iN (i4, i2 too), unsigned integers to uiN and BOOL to i1 (one byte per element in
// ONNX and in the WeightStore).
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_ONNX_TENSORDATA_H
#define PICOC_FRONTEND_ONNX_TENSORDATA_H

#include "picoc/Frontend/OnnxImporter.h"
#include "picoc/Kernel/KernelIR.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <onnx/onnx_pb.h>

#include "picoc/Dialect/PicocDialect.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace picoc::onnximport {

// The ONNX name of a TensorProto.DataType code ("FLOAT", "STRING", ...), for messages.
std::string onnxTypeName(int32_t code);

// The tensor element type of a kernel dtype (the inverse is picoc::dtypeOf, in the dialect).
mlir::Type elementType(mlir::MLIRContext *context, kir::DType dtype);
using picoc::dtypeOf;

// Product of `dims`, or nullopt when a dim is negative or the count exceeds 2^48 elements.
std::optional<int64_t> elementCount(llvm::ArrayRef<int64_t> dims);

// The bytes of one tensor and what keeps them alive.
struct TensorBytes {
  const char *data = nullptr;
  int64_t size = 0;
  std::shared_ptr<const void> owner;
  bool mapped = false; // in a read-only mapping of a file (external data)
};

// Resolves TensorProto bytes. raw_data points into the parsed model (owned by `model`);
// typed fields are converted into a new buffer; external data is mapped from a file next to
// the model (each file is mapped once).
class TensorLoader {
public:
  TensorLoader(std::shared_ptr<const onnx::ModelProto> model, std::string modelDir,
               std::shared_ptr<MappedFiles> files)
      : model_(std::move(model)), modelDir_(std::move(modelDir)),
        files_(files ? std::move(files) : std::make_shared<MappedFiles>()) {}

  // False with `error` set when the dtype is unsupported or the data is missing, short or
  // does not match the dims.
  bool load(const onnx::TensorProto &tensor, TensorBytes &out, std::string &error);

private:
  bool loadExternal(const onnx::TensorProto &tensor, int64_t expected, TensorBytes &out,
                    std::string &error);

  std::shared_ptr<const onnx::ModelProto> model_;
  std::string modelDir_;
  std::shared_ptr<MappedFiles> files_;
};

// The values of `count` elements of narrow `format` (float8, int4, ...; stored as ONNX does,
// the sub-byte types packed low bits first) in its wide type, kir::wideType(format): f32 for
// the float formats, a byte each for the integers. The graph holds them as a wide constant
// cast to the format, as only kernels compute in the narrow formats.
TensorBytes widenNarrow(kir::DType format, const TensorBytes &bytes, int64_t count);

// A DenseElementsAttr over `bytes` laid out as the WeightStore holds them.
mlir::DenseElementsAttr denseFromBytes(mlir::RankedTensorType type, const char *data,
                                       int64_t size);
// The WeightStore layout of `attr` (i1 as one byte per element).
std::vector<char> bytesOf(mlir::DenseElementsAttr attr);

// Builds a tensor of `type` from values (converted to its element type; integers truncate
// as saturatingInt64 does, then wrap to their width).
mlir::DenseElementsAttr denseOf(mlir::RankedTensorType type, llvm::ArrayRef<double> values);
// A double truncated towards zero, saturated to int64_t's range; NaN gives 0. (A plain cast
// of NaN, an infinity or a value out of range is undefined behaviour.)
int64_t saturatingInt64(double v);
mlir::DenseElementsAttr denseOfInts(mlir::RankedTensorType type, llvm::ArrayRef<int64_t> values);

// The elements as int64 (integer or i1 tensors only) or as doubles (any numeric tensor).
std::optional<llvm::SmallVector<int64_t>> intsOf(mlir::DenseElementsAttr attr);
llvm::SmallVector<double> doublesOf(mlir::DenseElementsAttr attr);

} // namespace picoc::onnximport

#endif // PICOC_FRONTEND_ONNX_TENSORDATA_H
