//===- FoldWeightViews.cpp - picoc-graph-fold-weight-views ---------------------------===//
//
// Rewrites: picoc.transpose(picoc.weight "w") into picoc.weight "w.T<perm>", whose bytes are
//           the permuted weight; picoc.cast of a half or bfloat16 weight to f32 into the f32
//           weight "w.f32"; both computed when the weights are written, not held in memory
//           (WeightStore::addDerivedLazy); and a weight of one (non-bool) element into a
//           picoc.constant of its value.
// Why:      exporters keep nn.Linear's weight as [out, in] and transpose it in the graph
//           (Gemm transB, MatMul of a transposed initializer); read through the transpose, the
//           matmul's B operand is strided along the vectorized dim. Permuting the bytes once
//           makes it contiguous. Scalars (GELU's sqrt(2), a norm's epsilon) kept as weights
//           are a load per element in every kernel that reads them; as constants they fold
//           into the kernel's code. A checkpoint's fp16/bf16 weights are converted once, as
//           they are written, not by a kernel on every call.
// Needs:    nothing. Ensures: no transpose has a weight as its input, nor a cast from half
//           or bfloat16 to f32; no weight has one element unless it is a bool.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Builders.h"

#include <cstring>

using namespace mlir;

namespace picoc {
#define GEN_PASS_DEF_FOLDWEIGHTVIEWS
#include "picoc/Passes/Passes.h.inc"

namespace {

// IEEE half and bfloat16 bits to float, exactly.
float halfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000 | man << 13; // inf, NaN (payload kept)
  } else if (exp != 0) {
    bits = sign | (exp + 112) << 23 | man << 13;
  } else if (man == 0) {
    bits = sign;
  } else { // subnormal: normalize
    int shift = 0;
    while (!(man & 0x400)) {
      man <<= 1;
      ++shift;
    }
    bits = sign | static_cast<uint32_t>(113 - shift) << 23 | (man & 0x3ff) << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

float bfloat16ToFloat(uint16_t h) {
  uint32_t bits = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

struct FoldWeightViewsPass : impl::FoldWeightViewsBase<FoldWeightViewsPass> {
  explicit FoldWeightViewsPass(WeightStore *store) : store_(store) {}

  void runOnOperation() override {
    if (store_) {
      getOperation().walk([&](WeightOp w) { scalarToConstant(w); });
      getOperation().walk([&](CastOp c) { widenWeight(c); });
    }
    getOperation().walk([&](TransposeOp t) {
      auto w = t.getInput().getDefiningOp<WeightOp>();
      if (!w)
        return;
      std::string transform = "T";
      for (int64_t p : t.getPerm())
        transform += std::to_string(p);
      std::string name = w.getName().str() + "." + transform; // without a store (picoc-opt)
      if (store_) {
        const Weight *src = store_->find(w.getName().str());
        if (!src)
          return;
        name = store_->permuted(*src, std::vector<int64_t>(t.getPerm().begin(), t.getPerm().end()))
                   .name;
      }
      replaceWith(t, w, name);
    });
  }

  // Replaces `op` (a view or cast of weight `w`) with the weight `name`.
  void replaceWith(Operation *op, WeightOp w, const std::string &name) {
    OpBuilder b(op);
    auto folded = b.create<WeightOp>(w.getLoc(), op->getResult(0).getType(),
                                      b.getStringAttr(name));
    op->getResult(0).replaceAllUsesWith(folded.getResult());
    op->erase();
    if (w.use_empty())
      w.erase();
  }

  // A half or bfloat16 weight cast to f32 (a checkpoint's weights) becomes an f32 weight,
  // converted when it is written.
  void widenWeight(CastOp c) {
    auto w = c.getInput().getDefiningOp<WeightOp>();
    auto type = dyn_cast<RankedTensorType>(c.getType());
    const Weight *src = w ? store_->find(w.getName().str()) : nullptr;
    if (!src || !type || !type.getElementType().isF32() ||
        (src->dtype != kir::DType::F16 && src->dtype != kir::DType::BF16))
      return;
    const Weight *wide = store_->findDerived(src->name, "f32");
    if (!wide) {
      bool half = src->dtype == kir::DType::F16;
      int64_t count = src->bytes / 2;
      wide = &store_->addDerivedLazy(src->name, "f32", kir::DType::F32, src->shape, count * 4,
                                     [half, count](char *out, const char *source) {
                                       for (int64_t i = 0; i < count; ++i) {
                                         uint16_t h;
                                         std::memcpy(&h, source + 2 * i, 2);
                                         float f = half ? halfToFloat(h) : bfloat16ToFloat(h);
                                         std::memcpy(out + 4 * i, &f, 4);
                                       }
                                     });
    }
    replaceWith(c, w, wide->name);
  }

  // A weight of one element, not a bool (bools are bit-packed in attributes), as a constant.
  void scalarToConstant(WeightOp w) {
    auto type = dyn_cast<RankedTensorType>(w.getType());
    const Weight *src = store_->find(w.getName().str());
    if (!type || !src || type.getNumElements() != 1 || type.getElementType().isInteger(1) ||
        src->bytes != kir::dtypeSize(src->dtype))
      return;
    std::vector<char> scratch;
    auto value = DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(WeightStore::bytesOf(*src, scratch), static_cast<size_t>(src->bytes)));
    OpBuilder b(w);
    auto c = b.create<ConstantOp>(w.getLoc(), type, value);
    w.replaceAllUsesWith(c.getResult());
    w.erase();
  }

  WeightStore *store_;
};
} // namespace

std::unique_ptr<Pass> createFoldWeightViewsPass(WeightStore *store) {
  return std::make_unique<FoldWeightViewsPass>(store);
}

} // namespace picoc
