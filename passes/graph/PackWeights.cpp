//===- PackWeights.cpp - picoc-graph-pack-weights --------------------------------------===//
//
// Rewrites: a matmul `A [..., M, K] x W [K, N]` whose B is a large weight and whose A has few
//           rows (M <= 64, or a run-time dim: GEMV and skinny GEMM shapes) into a matmul over
//           W packed in column panels, P [N / C, K, C] with P[p, k, c] = W[k, p C + c]:
//           `A [..., 1, M, K] x P` -> [..., N / C, M, C], transposed to [..., M, N / C, C]
//           and reshaped to [..., M, N].
// Why:      a CPU kernel streams B row by row for each block of columns. Rows of W [K, N] are
//           N * 4 bytes apart, so a block of C columns reads C * 4 bytes of a new page at
//           every step: the prefetchers and the TLB lose the stream. A decode step's GEMV is
//           all B: on a 2-core AMD EPYC, [1, 2048] x [2048, 22528] ran at 18 GB/s that way,
//           36 GB/s over panels of 32 columns (onnxruntime 47). A panel is K * C * 4 bytes in
//           one piece, and a GEMM's register tile (two vectors of columns) reads it in order.
// How:      the panels are a derived weight in the WeightStore, written at compile time; the
//           matmul's batch dim is the panel, its output a view away from [..., M, N]. C = 32:
//           two AVX-512 vectors (four AVX2 ones), the width of the CPU's register tile.
// Needs:    weights folded (picoc-graph-fold-weight-views). CPU only: a GPU tiles a
//           contraction by its output dims, which panels of 32 columns would cut up.
// Ensures:  the matmul's value is unchanged (each output is the same sum in the same order).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Dialect/RunShape.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/Builders.h"

#include <cstring>

using namespace mlir;

namespace picoc {
#define GEN_PASS_DEF_PACKWEIGHTS
#include "picoc/Passes/Passes.h.inc"

namespace {
constexpr int64_t kPanel = 32;            // columns per panel (C)
constexpr int64_t kMinElements = 1 << 16; // smaller weights stay in cache either way
constexpr int64_t kMaxRows = 64;          // A's rows up to which the panels pay (fewRows)

struct PackWeightsPass : impl::PackWeightsBase<PackWeightsPass> {
  explicit PackWeightsPass(WeightStore *store) : store_(store) {}

  void runOnOperation() override {
    if (!store_)
      return; // textual IR without data: nothing to pack
    getOperation().walk([&](MatMulOp mm) {
      auto w = mm.getRhs().getDefiningOp<WeightOp>();
      auto lhsType = cast<RankedTensorType>(mm.getLhs().getType());
      auto wType = cast<RankedTensorType>(mm.getRhs().getType());
      auto outType = cast<RankedTensorType>(mm.getType());
      const Weight *src = w ? store_->find(w.getName().str()) : nullptr;
      if (!src || wType.getRank() != 2 || lhsType.getRank() < 2 || !wType.hasStaticShape() ||
          wType.getShape()[1] % kPanel != 0 || wType.getShape()[1] == kPanel ||
          wType.getNumElements() < kMinElements || !fewRows(lhsType))
        return;
      const int64_t k = wType.getShape()[0], n = wType.getShape()[1], panels = n / kPanel;
      OpBuilder b(mm);
      Location loc = mm.getLoc();
      auto packedType = RankedTensorType::get({panels, k, kPanel}, wType.getElementType());
      Value packed = b.create<WeightOp>(w.getLoc(), packedType,
                                        b.getStringAttr(packedWeight(*src, k, n)->name));
      // A [..., M, K] -> [..., 1, M, K]: the panels broadcast over its batch dims. M may be
      // a run-time dim (a prompt's tokens): the types carry it (RunShape.h).
      RunShape lhsShape = runShape(lhsType);
      lhsShape.insert(lhsShape.end() - 2, staticDim(b.getContext(), 1));
      Value lhs = b.create<ReshapeOp>(loc, runTensorType(lhsShape, lhsType.getElementType()),
                                      mm.getLhs());
      Value product = b.create<MatMulOp>(loc, lhs, packed); // [..., N / C, M, C]
      const int64_t rank = outType.getRank();
      SmallVector<int64_t> perm; // -> [..., M, N / C, C]
      for (int64_t d = 0; d <= rank; ++d)
        perm.push_back(d);
      std::swap(perm[rank - 2], perm[rank - 1]);
      Value rows = b.create<TransposeOp>(loc, product, b.getDenseI64ArrayAttr(perm));
      Value result = b.create<ReshapeOp>(loc, outType, rows);
      mm.getResult().replaceAllUsesWith(result);
      mm.erase();
    });
  }

  // Whether A's rows are few enough that streaming B is the matmul's cost: at most
  // kMaxRows, or a run-time count (a prompt: the decode step's GEMV shares its weights, so
  // both read the panels). With many rows each B element serves them all from cache, and the
  // rows-first layout's GEMM was faster (2-core AMD EPYC, 2026-12-01: a static 1024^3 matmul
  // 187 -> 170 GFLOP/s over panels, the UNet and VAE test models' convolutions 5-11% slower).
  static bool fewRows(RankedTensorType lhs) {
    const ShapeDim rows = runShape(lhs)[lhs.getRank() - 2];
    return !rows.isStatic() || rows.bound <= kMaxRows;
  }

  // W's panels, computed when written. Where W is a transposed copy of a weight [N, K] (an
  // nn.Linear's, folded by picoc-graph-fold-weight-views), from that weight's rows: the
  // transposed copy is then never computed.
  const Weight *packedWeight(const Weight &w, int64_t k, int64_t n) {
    const auto *origin = store_->derivation(w.name);
    const bool fromRows = origin && origin->second == "T10";
    const std::string source = fromRows ? origin->first : w.name;
    const std::string transform = fromRows ? "T10.panels" : "panels";
    if (const Weight *packed = store_->findDerived(source, transform))
      return packed;
    const int64_t elem = kir::dtypeSize(w.dtype), panels = n / kPanel;
    auto fill = [k, n, elem, panels, fromRows](char *out, const char *from) {
      for (int64_t p = 0; p < panels; ++p) {
        char *panel = out + p * k * kPanel * elem;
        if (!fromRows) { // from W [K, N]: a run of kPanel elements of each row
          for (int64_t r = 0; r < k; ++r)
            std::memcpy(panel + r * kPanel * elem, from + (r * n + p * kPanel) * elem,
                        static_cast<size_t>(kPanel * elem));
          continue;
        }
        for (int64_t c = 0; c < kPanel; ++c) { // from W^T [N, K]: row p C + c is column c
          const char *row = from + (p * kPanel + c) * k * elem;
          if (elem == 4) // (a copy of a constant size is a move, not a call)
            for (int64_t r = 0; r < k; ++r)
              std::memcpy(panel + (r * kPanel + c) * 4, row + r * 4, 4);
          else
            for (int64_t r = 0; r < k; ++r)
              std::memcpy(panel + (r * kPanel + c) * elem, row + r * elem,
                          static_cast<size_t>(elem));
        }
      }
    };
    return &store_->addDerivedLazy(source, transform, w.dtype, {panels, k, kPanel},
                                   k * n * elem, fill);
  }

  WeightStore *store_;
};
} // namespace

std::unique_ptr<Pass> createPackWeightsPass(WeightStore *store) {
  return std::make_unique<PackWeightsPass>(store);
}

} // namespace picoc
