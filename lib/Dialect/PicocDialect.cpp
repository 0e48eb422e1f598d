//===- PicocDialect.cpp - dialect registration and shared helpers ------------------===//

#include "picoc/Dialect/PicocDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

#include "picoc/Dialect/PicocDialect.cpp.inc"
#include "picoc/Dialect/PicocEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "picoc/Dialect/PicocAttrs.cpp.inc"
#define GET_TYPEDEF_CLASSES
#include "picoc/Dialect/PicocTypes.cpp.inc"

namespace picoc {

void PicocDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "picoc/Dialect/PicocAttrs.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "picoc/Dialect/PicocTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "picoc/Dialect/PicocOps.cpp.inc"
      >();
}

Operation *PicocDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}

FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (x != y && x != 1 && y != 1)
      return failure();
    out[i] = x == 1 ? y : x;
  }
  return out;
}

std::optional<kir::DType> dtypeOf(Type t) {
  using kir::DType;
  if (t.isF32()) return DType::F32;
  if (t.isF64()) return DType::F64;
  if (t.isF16()) return DType::F16;
  if (t.isBF16()) return DType::BF16;
  if (t.isFloat8E4M3FN()) return DType::F8E4M3FN;
  if (t.isFloat8E4M3FNUZ()) return DType::F8E4M3FNUZ;
  if (t.isFloat8E5M2()) return DType::F8E5M2;
  if (t.isFloat8E5M2FNUZ()) return DType::F8E5M2FNUZ;
  if (isa<Float4E2M1FNType>(t)) return DType::F4E2M1;
  auto i = dyn_cast<IntegerType>(t);
  if (!i)
    return std::nullopt;
  bool u = i.isUnsigned();
  switch (i.getWidth()) {
  case 1: return DType::Bool;
  case 2: return u ? DType::U2 : DType::I2;
  case 4: return u ? DType::U4 : DType::I4;
  case 8: return u ? DType::U8 : DType::I8;
  case 16: return u ? DType::U16 : DType::I16;
  case 32: return u ? DType::U32 : DType::I32;
  case 64: return u ? DType::U64 : DType::I64;
  }
  return std::nullopt;
}

bool isPredicate(BinaryFn fn) {
  switch (fn) {
  case BinaryFn::eq:
  case BinaryFn::lt:
  case BinaryFn::le:
  case BinaryFn::gt:
  case BinaryFn::ge:
  case BinaryFn::logical_and:
  case BinaryFn::logical_or:
  case BinaryFn::logical_xor:
    return true;
  default:
    return false;
  }
}

} // namespace picoc
