//===- LowerConvs.cpp - picoc-graph-lower-convs ---------------------------------------===//
//
// Rewrites: every picoc.conv into one of two forms the kernel schedules run fast.
//   matmul (im2col): when the columns buffer is small or the direct form would vectorize
//       poorly (an output row shorter than kMinDirectRow, or a stride along it):
//         cols = transpose(window(pad(x)))     [N, C, K..., O...], its own kernel, reading
//                                              pad(x) from a kernel of its own; its rows
//                                              padded to whole vectors
//         y    = matmul(W as [G, M/G, C/G*K], cols as [N, G, C/G*K, O])  -> [N, M, O...]
//       so the convolution runs on the matmul schedule (vectors along the output positions,
//       a register tile over the output channels); a 1x1 convolution without stride or pad
//       reads x as its columns directly.
//   direct: otherwise the conv stays, but a padded input becomes its own kernel (a pad
//       marked picoc.materialize) and the conv's pads 0: no bounds guard in the hot loop
//       (measured: a 320-channel 3x3 conv on 64x64, 56 -> 32 ms on 2 cores).
// Why:      the direct loop nest vectorizes along the output row; a short or strided row
//           leaves it gathering, and a guard on every load halves its speed.
// Needs:    picoc-graph-decompose (convs are primitives). Ensures: no picoc.conv with pads;
//           values are unchanged (summation order aside).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/Builders.h"

#include <limits>

using namespace mlir;

namespace picoc {
#define GEN_PASS_DEF_LOWERCONVS
#include "picoc/Passes/Passes.h.inc"

namespace {

// The columns buffer of an im2col is at most this many elements (64 MiB of f32); above it
// the conv runs directly.
constexpr int64_t kMaxColumns = int64_t(1) << 24;
// An output row at least this long, with stride 1, vectorizes well in the direct form.
constexpr int64_t kMinDirectRow = 32;
// The columns' rows are padded to a multiple of this many elements: a whole number of vectors
// on every x86 target (8 lanes of AVX2, 16 of AVX-512).
constexpr int64_t kVectorMultiple = 16;

// Saturates at INT64_MAX: a product that large only ever fails a size limit here.
int64_t product(ArrayRef<int64_t> v) {
  int64_t p = 1;
  for (int64_t d : v)
    if (__builtin_mul_overflow(p, d, &p))
      return std::numeric_limits<int64_t>::max();
  return p;
}

RankedTensorType withShape(Value v, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, cast<RankedTensorType>(v.getType()).getElementType());
}

struct LowerConvsPass : impl::LowerConvsBase<LowerConvsPass> {
  void runOnOperation() override {
    SmallVector<ConvOp> convs;
    getOperation().walk([&](ConvOp conv) { convs.push_back(conv); });
    for (ConvOp conv : convs)
      lower(conv);
  }

  static bool hasPads(ConvOp conv) {
    return llvm::any_of(conv.getPads(), [](int64_t p) { return p != 0; });
  }

  // x padded by the conv's pads (a view; materialized when `materialize`, then also without
  // pads: a copy that keeps x's producers from being fused into, and recomputed by, every
  // reader of the copy).
  static Value padInput(OpBuilder &b, ConvOp conv, bool materialize) {
    Value x = conv.getInput();
    if (!hasPads(conv) && (!materialize || !x.getDefiningOp() ||
                           isa<WeightOp, ConstantOp>(x.getDefiningOp())))
      return x;
    ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
    int64_t spatial = shape.size() - 2;
    SmallVector<int64_t> pads(2 * shape.size(), 0), padded(shape);
    for (int64_t i = 0; i < spatial; ++i) {
      pads[2 + i] = conv.getPads()[i];
      pads[shape.size() + 2 + i] = conv.getPads()[spatial + i];
      padded[2 + i] += conv.getPads()[i] + conv.getPads()[spatial + i];
    }
    auto pad = b.create<PadOp>(conv.getLoc(), withShape(x, padded), x,
                               b.getDenseI64ArrayAttr(pads), b.getF64FloatAttr(0.0));
    if (materialize)
      pad->setAttr(kMaterializeAttr, b.getUnitAttr());
    return pad;
  }

  void lower(ConvOp conv) {
    auto xType = cast<RankedTensorType>(conv.getInput().getType());
    auto wType = cast<RankedTensorType>(conv.getFilter().getType());
    auto yType = cast<RankedTensorType>(conv.getResult().getType());
    ArrayRef<int64_t> xs = xType.getShape(), ws = wType.getShape(), ys = yType.getShape();
    int64_t spatial = xs.size() - 2, group = conv.getGroup();
    ArrayRef<int64_t> kernel = ws.drop_front(2), out = ys.drop_front(2);
    int64_t n = xs[0], channels = xs[1], outChannels = ws[0];
    int64_t reduction = product({ws[1], product(kernel)}), positions = product(out);
    bool pointwise = product(kernel) == 1 && !hasPads(conv) &&
                     llvm::all_of(conv.getStrides(), [](int64_t s) { return s == 1; });
    bool shortRow = out.back() < kMinDirectRow || conv.getStrides().back() != 1;
    bool smallColumns = product({n, channels, product(kernel), positions}) <= kMaxColumns;
    OpBuilder b(conv);
    Location loc = conv.getLoc();
    if (!pointwise && !(smallColumns && shortRow)) {
      if (!hasPads(conv))
        return; // the conv reads x directly
      Value padded = padInput(b, conv, /*materialize=*/true);
      conv.getInputMutable().assign(padded);
      conv.setPadsAttr(b.getDenseI64ArrayAttr(SmallVector<int64_t>(2 * spatial, 0)));
      return;
    }

    // The columns [N, G, C/G * K, O] (row-major in (c, k...) and in o...), each row padded
    // to `columns` elements.
    Value cols;
    int64_t columns = positions;
    SmallVector<int64_t> colShape = {n, group, reduction, positions};
    if (pointwise) {
      cols = b.create<ReshapeOp>(loc, withShape(conv.getInput(), colShape), conv.getInput());
    } else {
      // The padded input is computed once (its producers fuse there), then copied into the
      // columns, each element K times, by a kernel that only moves data.
      Value padded = padInput(b, conv, /*materialize=*/true);
      SmallVector<int64_t> windowShape(xs.take_front(2)), perm = {0, 1}, arranged(xs.take_front(2));
      llvm::append_range(windowShape, out);
      llvm::append_range(windowShape, kernel);
      for (int64_t i = 0; i < spatial; ++i)
        perm.push_back(2 + spatial + i);
      for (int64_t i = 0; i < spatial; ++i)
        perm.push_back(2 + i);
      llvm::append_range(arranged, kernel);
      llvm::append_range(arranged, out);
      auto window = b.create<WindowOp>(loc, withShape(padded, windowShape), padded,
                                       kernel, conv.getStrides(), conv.getDilations());
      auto transpose = b.create<TransposeOp>(loc, withShape(padded, arranged), window,
                                             b.getDenseI64ArrayAttr(perm));
      cols = b.create<ReshapeOp>(loc, withShape(padded, colShape), transpose);
      // The columns' rows are padded with zeros to whole vectors, so the matmul's vector
      // loop has no scalar remainder (the extra outputs are sliced off).
      // A row stride of a multiple of 1 KiB would alias in L1 (picoc-graph-pad-operands would
      // pad with a second copy): one more vector of padding avoids it here.
      int64_t rowPad = (kVectorMultiple - positions % kVectorMultiple) % kVectorMultiple;
      int64_t elementBytes = cast<RankedTensorType>(padded.getType()).getElementTypeBitWidth() / 8;
      if ((positions + rowPad) * elementBytes % 1024 == 0)
        rowPad += kVectorMultiple;
      if (rowPad == 0) {
        transpose->setAttr(kMaterializeAttr, b.getUnitAttr());
      } else {
        SmallVector<int64_t> pads(8, 0), paddedShape(colShape);
        pads[7] = rowPad;
        paddedShape[3] += rowPad;
        auto pad = b.create<PadOp>(loc, withShape(padded, paddedShape), cols,
                                   b.getDenseI64ArrayAttr(pads), b.getF64FloatAttr(0.0));
        pad->setAttr(kMaterializeAttr, b.getUnitAttr());
        cols = pad;
        columns += rowPad;
      }
    }
    SmallVector<int64_t> filterShape = {group, outChannels / group, reduction};
    Value filter = b.create<ReshapeOp>(loc, withShape(conv.getFilter(), filterShape),
                                       conv.getFilter());
    SmallVector<int64_t> productShape = {n, group, outChannels / group, columns};
    Value y = b.create<MatMulOp>(loc, withShape(conv.getResult(), productShape), filter, cols);
    if (columns != positions) {
      SmallVector<int64_t> starts(4, 0), steps(4, 1), kept(productShape);
      kept.back() = positions;
      y = b.create<SliceOp>(loc, withShape(y, kept), y, b.getDenseI64ArrayAttr(starts),
                            b.getDenseI64ArrayAttr(steps));
    }
    Value result = b.create<ReshapeOp>(loc, yType, y);
    conv.getResult().replaceAllUsesWith(result);
    conv.erase();
  }
};

} // namespace
} // namespace picoc
