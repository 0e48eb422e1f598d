//===- PackWeights.cpp - picoc-graph-pack-weights --------------------------------------===//
//
// Rewrites: a matmul `A [..., M, K] x W [K, N]` whose B is a large weight into a matmul over
//           W packed in column panels, P [N / C, K, C] with P[p, k, c] = W[k, p C + c], in
//           one of two forms by A's rows:
//           - few (M <= 64, or a run-time dim: GEMV and skinny GEMM shapes), C = 32: the
//             panels outermost, `A [..., 1, M, K] x P` -> [..., N / C, M, C], transposed to
//             [..., M, N / C, C] and reshaped to [..., M, N];
//           - many, C = the register tile's width (two vectors: 16 on AVX2, 32 on AVX-512):
//             A's rows outside the panels, `A [..., M, 1, 1, K] x P` -> [..., M, N / C, 1, C],
//             which lies as [..., M, N] does: one reshape, which fusion lets the matmul's
//             epilogue follow (picoc-graph-fuse). A B that is no weight (a product of two
//             inputs) is packed the same way by a copy kernel (a materialized transpose).
// Why:      a CPU kernel streams B row by row for each block of columns. Rows of W [K, N] are
//           N * 4 bytes apart, so a block of C columns reads C * 4 bytes of a new page at
//           every step: the prefetchers and the TLB lose the stream. A decode step's GEMV is
//           all B: on a 2-core AMD EPYC, [1, 2048] x [2048, 22528] ran at 18 GB/s that way,
//           36 GB/s over panels of 32 columns (onnxruntime 47). A panel is K * C * 4 bytes in
//           one piece, and a GEMM's register tile (two vectors of columns) reads it in order;
//           with many rows each panel meets a tile of A's rows held in L2 (the schedule,
//           picoc-kernel-choose-opts). On this VM's AMD EPYC (znver3, 2 threads, 2026-12-02),
//           the 135M llama's 128-token prefill went from 491 to 321 ms, its lm_head alone
//           ([128, 576] x [576, 49152]) from 185 to 64 ms, a 1024^3 matmul of two inputs
//           (B copied into panels rather than into padded rows) from 28.3 to 18.2 ms.
// How:      the panels are a derived weight in the WeightStore, written at compile time.
// Needs:    weights folded (picoc-graph-fold-weight-views). CPU only: a GPU tiles a
//           contraction by its output dims, which panels would cut up.
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
constexpr int64_t kPanel = 32;            // columns per panel (C) of the few-rows form
constexpr int64_t kMinElements = 1 << 16; // smaller weights stay in cache either way
constexpr int64_t kMaxRows = 64;          // A's rows up to which the panels pay (fewRows)

struct PackWeightsPass : impl::PackWeightsBase<PackWeightsPass> {
  PackWeightsPass(WeightStore *store, int64_t rowPanel) : store_(store), rowPanel_(rowPanel) {}

  void runOnOperation() override {
    if (!store_)
      return; // textual IR without data: nothing to pack
    getOperation().walk([&](MatMulOp mm) {
      auto w = mm.getRhs().getDefiningOp<WeightOp>();
      auto lhsType = cast<RankedTensorType>(mm.getLhs().getType());
      auto wType = cast<RankedTensorType>(mm.getRhs().getType());
      const Weight *src = w ? store_->find(w.getName().str()) : nullptr;
      if (wType.getRank() != 2 || lhsType.getRank() < 2 || !wType.hasStaticShape() ||
          hasRunDims(wType) || wType.getNumElements() < kMinElements)
        return;
      const int64_t k = wType.getShape()[0], n = wType.getShape()[1];
      OpBuilder b(mm);
      if (fewRows(lhsType)) {
        if (src && n % kPanel == 0 && n != kPanel)
          packPanelsOuter(b, mm, panelsOf(b, mm, *src, k, n, kPanel));
      } else if (n % rowPanel_ == 0 && n >= 2 * rowPanel_) {
        packPanelsInner(b, mm, src ? panelsOf(b, mm, *src, k, n, rowPanel_)
                                   : packedCopy(b, mm.getRhs(), k, n, rowPanel_));
      }
    });
  }

  // An activation's panels, made by a copy kernel: B [K, N] -> [K, N / C, C] -> [N / C, K, C],
  // materialized (a matmul of two inputs; it replaces the padded copy picoc-graph-pad-operands
  // would make).
  static Value packedCopy(OpBuilder &b, Value rhs, int64_t k, int64_t n, int64_t width) {
    auto type = cast<RankedTensorType>(rhs.getType());
    Location loc = rhs.getLoc();
    auto split = RankedTensorType::get({k, n / width, width}, type.getElementType());
    Value rows = b.create<ReshapeOp>(loc, split, rhs);
    auto panels = RankedTensorType::get({n / width, k, width}, type.getElementType());
    auto copy = b.create<TransposeOp>(loc, panels, rows,
                                      b.getDenseI64ArrayAttr(ArrayRef<int64_t>{1, 0, 2}));
    copy->setAttr(kMaterializeAttr, b.getUnitAttr());
    return copy;
  }

  // Few rows: the panels are the product's outermost batch dim, each a chunk of the launch
  // that streams its panel once for all the rows.
  //   A [..., M, K] -> [..., 1, M, K];  x P -> [..., N / C, M, C]
  //   -> transposed to [..., M, N / C, C] -> reshaped to [..., M, N]
  static void packPanelsOuter(OpBuilder &b, MatMulOp mm, Value packed) {
    auto outType = cast<RankedTensorType>(mm.getType());
    Location loc = mm.getLoc();
    // The panels broadcast over A's batch dims.
    Value lhs = withUnitDims(b, loc, mm.getLhs(), 2, 1);
    Value product = b.create<MatMulOp>(loc, lhs, packed); // [..., N / C, M, C]
    const int64_t rank = outType.getRank();
    SmallVector<int64_t> perm; // -> [..., M, N / C, C]
    for (int64_t d = 0; d <= rank; ++d)
      perm.push_back(d);
    std::swap(perm[rank - 2], perm[rank - 1]);
    Value rows = b.create<TransposeOp>(loc, product, b.getDenseI64ArrayAttr(perm));
    replace(mm, b.create<ReshapeOp>(loc, outType, rows));
  }

  // Many rows: A's rows are batch dims outside the panels, so the product lies as the
  // result does (the schedule then gives each panel a tile of A's rows held in cache,
  // picoc-kernel-choose-opts).
  //   A [..., M, K] -> [..., M, 1, 1, K];  x P -> [..., M, N / C, 1, C] -> reshaped [..., M, N]
  static void packPanelsInner(OpBuilder &b, MatMulOp mm, Value packed) {
    auto outType = cast<RankedTensorType>(mm.getType());
    Value lhs = withUnitDims(b, mm.getLoc(), mm.getLhs(), 1, 2);
    Value product = b.create<MatMulOp>(mm.getLoc(), lhs, packed); // [..., M, N / C, 1, C]
    replace(mm, b.create<ReshapeOp>(mm.getLoc(), outType, product));
  }

  // `value` reshaped with `count` dims of 1 inserted before its last `fromEnd` dims. Its dims
  // may be run-time dims (a prompt's tokens): the types carry them (RunShape.h).
  static Value withUnitDims(OpBuilder &b, Location loc, Value value, int fromEnd, int count) {
    auto type = cast<RankedTensorType>(value.getType());
    RunShape shape = runShape(type);
    shape.insert(shape.end() - fromEnd, count, staticDim(b.getContext(), 1));
    return b.create<ReshapeOp>(loc, runTensorType(shape, type.getElementType()), value);
  }

  Value panelsOf(OpBuilder &b, MatMulOp mm, const Weight &src, int64_t k, int64_t n,
                 int64_t width) {
    auto wType = cast<RankedTensorType>(mm.getRhs().getType());
    auto type = RankedTensorType::get({n / width, k, width}, wType.getElementType());
    return b.create<WeightOp>(mm.getRhs().getLoc(), type,
                              b.getStringAttr(packedWeight(src, k, n, width)->name));
  }

  static void replace(MatMulOp mm, Value result) {
    mm.getResult().replaceAllUsesWith(result);
    mm.erase();
  }

  // Whether A's rows are few enough that streaming B is the matmul's cost: at most
  // kMaxRows, or a run-time count (a prompt: the decode step's GEMV shares its weights, so
  // both read the panels). With many rows the panels outermost were slower than B's rows
  // (2-core AMD EPYC, 2026-12-01: a static 1024^3 matmul 187 -> 170 GFLOP/s; 2026-12-02: the
  // 135M llama's 128-token prefill 537 -> 550 ms): each panel streams all of A. Those take
  // the rows-outside form, and 16 rows kept this one (its prefill 92 ms, 98 the other way).
  static bool fewRows(RankedTensorType lhs) {
    const ShapeDim rows = runShape(lhs)[lhs.getRank() - 2];
    return !rows.isStatic() || rows.bound <= kMaxRows;
  }

  // W's panels, computed when written. Where W is a transposed copy of a weight [N, K] (an
  // nn.Linear's, folded by picoc-graph-fold-weight-views), from that weight's rows: the
  // transposed copy is then never computed.
  const Weight *packedWeight(const Weight &w, int64_t k, int64_t n, int64_t width) {
    const auto *origin = store_->derivation(w.name);
    const bool fromRows = origin && origin->second == "T10";
    const std::string source = fromRows ? origin->first : w.name;
    const std::string panels = width == kPanel ? "panels" : "panels" + std::to_string(width);
    const std::string transform = fromRows ? "T10." + panels : panels;
    if (const Weight *packed = store_->findDerived(source, transform))
      return packed;
    const int64_t elem = kir::dtypeSize(w.dtype), count = n / width;
    auto fill = [k, n, elem, count, width, fromRows](char *out, const char *from) {
      for (int64_t p = 0; p < count; ++p) {
        char *panel = out + p * k * width * elem;
        if (!fromRows) { // from W [K, N]: a run of `width` elements of each row
          for (int64_t r = 0; r < k; ++r)
            std::memcpy(panel + r * width * elem, from + (r * n + p * width) * elem,
                        static_cast<size_t>(width * elem));
          continue;
        }
        for (int64_t c = 0; c < width; ++c) { // from W^T [N, K]: row p C + c is column c
          const char *row = from + (p * width + c) * k * elem;
          if (elem == 4) // (a copy of a constant size is a move, not a call)
            for (int64_t r = 0; r < k; ++r)
              std::memcpy(panel + (r * width + c) * 4, row + r * 4, 4);
          else
            for (int64_t r = 0; r < k; ++r)
              std::memcpy(panel + (r * width + c) * elem, row + r * elem,
                          static_cast<size_t>(elem));
        }
      }
    };
    return &store_->addDerivedLazy(source, transform, w.dtype, {count, k, width},
                                   k * n * elem, fill);
  }

  WeightStore *store_;
  int64_t rowPanel_;
};
} // namespace

std::unique_ptr<Pass> createPackWeightsPass(WeightStore *store, int64_t rowPanel) {
  return std::make_unique<PackWeightsPass>(store, rowPanel);
}

} // namespace picoc
