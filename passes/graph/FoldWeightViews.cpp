//===- FoldWeightViews.cpp - picoc-graph-fold-weight-views ---------------------------===//
//
// Rewrites: picoc.transpose(picoc.weight "w") into picoc.weight "w.T<perm>", whose bytes are
//           the permuted weight, computed once at compile time into the WeightStore; and a
//           weight of one (non-bool) element into a picoc.constant of its value.
// Why:      exporters keep nn.Linear's weight as [out, in] and transpose it in the graph
//           (Gemm transB, MatMul of a transposed initializer); read through the transpose, the
//           matmul's B operand is strided along the vectorized dim. Permuting the bytes once
//           makes it contiguous. Scalars (GELU's sqrt(2), a norm's epsilon) kept as weights
//           are a load per element in every kernel that reads them; as constants they fold
//           into the kernel's code.
// Needs:    nothing. Ensures: no transpose has a weight as its input; no weight has one
//           element unless it is a bool.
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

// The bytes of `w` permuted by `perm` (result dim i is input dim perm[i]).
std::vector<char> permute(const Weight &w, ArrayRef<int64_t> perm) {
  size_t rank = w.shape.size();
  int64_t elem = kir::dtypeSize(w.dtype), count = w.bytes / std::max<int64_t>(elem, 1);
  std::vector<int64_t> inStrides(rank, 1), outShape(rank);
  for (int64_t d = static_cast<int64_t>(rank) - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * w.shape[d + 1];
  for (size_t i = 0; i < rank; ++i)
    outShape[i] = w.shape[perm[i]];
  std::vector<char> out(static_cast<size_t>(w.bytes));
  std::vector<int64_t> idx(rank, 0); // output index, row-major
  for (int64_t k = 0; k < count; ++k) {
    int64_t src = 0;
    for (size_t i = 0; i < rank; ++i)
      src += idx[i] * inStrides[perm[i]];
    std::memcpy(out.data() + k * elem, w.data + src * elem, static_cast<size_t>(elem));
    for (int64_t d = static_cast<int64_t>(rank) - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

struct FoldWeightViewsPass : impl::FoldWeightViewsBase<FoldWeightViewsPass> {
  explicit FoldWeightViewsPass(WeightStore *store) : store_(store) {}

  void runOnOperation() override {
    if (store_)
      getOperation().walk([&](WeightOp w) { scalarToConstant(w); });
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
        const Weight *copy = store_->findDerived(src->name, transform);
        if (!copy) {
          std::vector<char> bytes = permute(*src, t.getPerm());
          copy = &store_->addDerived(src->name, transform, src->dtype,
                                     std::vector<int64_t>(t.getType().getShape()), bytes.data(),
                                     static_cast<int64_t>(bytes.size()));
        }
        name = copy->name;
      }
      OpBuilder b(t);
      auto folded = b.create<WeightOp>(w.getLoc(), t.getType(), b.getStringAttr(name));
      t.replaceAllUsesWith(folded.getResult());
      t.erase();
      if (w.use_empty())
        w.erase();
    });
  }

  // A weight of one element, not a bool (bools are bit-packed in attributes), as a constant.
  void scalarToConstant(WeightOp w) {
    auto type = dyn_cast<RankedTensorType>(w.getType());
    const Weight *src = store_->find(w.getName().str());
    if (!type || !src || type.getNumElements() != 1 || type.getElementType().isInteger(1) ||
        src->bytes != kir::dtypeSize(src->dtype))
      return;
    auto value = DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(src->data, static_cast<size_t>(src->bytes)));
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
