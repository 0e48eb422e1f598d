//===- PadOperands.cpp - picoc-graph-pad-operands ------------------------------------===//
//
// Rewrites: the B operand [..., K, N] of a large matmul whose row stride is a multiple of
//           1 KiB into a slice of a copy with rows padded by kPad elements.
// Why:      the matmul kernel walks B down its rows (one row per reduction step). With a
//           stride of 4 KiB every row falls into the same L1 sets and evicts the panel the
//           register tile is reusing; a padded stride spreads them (measured on a 1024^3
//           matmul: 44 -> 59 GFLOP/s on one core).
// How:      a weight gets a padded copy in the WeightStore at compile time; an activation
//           gets a picoc.pad marked picoc.materialize, which fusion keeps as its own kernel.
// Needs:    nothing. Ensures: the matmul's value is unchanged (the slice drops the padding).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/Builders.h"

#include <cstring>

using namespace mlir;

namespace picoc {
#define GEN_PASS_DEF_PADOPERANDS
#include "picoc/Passes/Passes.h.inc"

namespace {
constexpr int64_t kPad = 16;
constexpr int64_t kMinElements = 1 << 16;

struct PadOperandsPass : impl::PadOperandsBase<PadOperandsPass> {
  explicit PadOperandsPass(WeightStore *store) : store_(store) {}

  void runOnOperation() override {
    getOperation().walk([&](MatMulOp mm) {
      auto type = cast<RankedTensorType>(mm.getRhs().getType());
      ArrayRef<int64_t> shape = type.getShape();
      int64_t n = shape.back();
      int64_t rowBytes = n * type.getElementTypeBitWidth() / 8;
      if (rowBytes % 1024 != 0 || type.getNumElements() < kMinElements)
        return;
      SmallVector<int64_t> padded(shape);
      padded.back() += kPad;
      auto paddedType = RankedTensorType::get(padded, type.getElementType());
      OpBuilder b(mm);
      Location loc = mm.getLoc();
      Value source = paddedWeight(b, mm.getRhs(), paddedType);
      if (!source) {
        SmallVector<int64_t> pads(2 * shape.size(), 0);
        pads.back() = kPad;
        auto pad = b.create<PadOp>(loc, mm.getRhs(), b.getDenseI64ArrayAttr(pads),
                                   b.getF64FloatAttr(0.0));
        pad->setAttr(kMaterializeAttr, b.getUnitAttr());
        source = pad;
      }
      SmallVector<int64_t> zeros(shape.size(), 0), ones(shape.size(), 1);
      auto slice = b.create<SliceOp>(loc, type, source, b.getDenseI64ArrayAttr(zeros),
                                     b.getDenseI64ArrayAttr(ones));
      mm.getRhsMutable().assign(slice);
    });
  }

  // A padded copy of a weight operand, made now; null if the operand is not a weight.
  Value paddedWeight(OpBuilder &b, Value operand, RankedTensorType paddedType) {
    auto w = operand.getDefiningOp<WeightOp>();
    const Weight *src = w && store_ ? store_->find(w.getName().str()) : nullptr;
    if (!src)
      return nullptr;
    const Weight *padded = store_->findDerived(src->name, "padded");
    if (!padded) { // computed when written
      int64_t n = src->shape.back(), elem = kir::dtypeSize(src->dtype);
      int64_t rows = src->bytes / (n * elem);
      padded = &store_->addDerivedLazy(
          src->name, "padded", src->dtype, std::vector<int64_t>(paddedType.getShape()),
          rows * (n + kPad) * elem, [rows, n, elem](char *out, const char *source) {
            for (int64_t r = 0; r < rows; ++r) {
              std::memcpy(out + r * (n + kPad) * elem, source + r * n * elem,
                          static_cast<size_t>(n * elem));
              std::memset(out + (r * (n + kPad) + n) * elem, 0, static_cast<size_t>(kPad * elem));
            }
          });
    }
    return b.create<WeightOp>(w.getLoc(), paddedType, b.getStringAttr(padded->name));
  }

  WeightStore *store_;
};
} // namespace

std::unique_ptr<Pass> createPadOperandsPass(WeightStore *store) {
  return std::make_unique<PadOperandsPass>(store);
}

} // namespace picoc
