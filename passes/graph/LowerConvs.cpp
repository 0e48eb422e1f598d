//===- LowerConvs.cpp - picoc-graph-lower-convs ---------------------------------------===//
//
// Rewrites: every picoc.conv into one of three forms the kernel schedules run fast.
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
//   channels-last (GPU at tf32 or tf32x3, direct, a contraction big enough to be tiled on
//       tensor cores, over a multiple of 4 channels): the input is copied channels-last,
//       [N, H, W, C], by a kernel of its own, and the filter is [M, KH, KW, C] (a derived
//       weight; a copy kernel where it is computed), each read back through a transpose
//       view, the input padded by a view (the implicit GEMM's copies zero-fill outside it).
//       Then picoc-kernel-order-reductions runs the implicit GEMM's terms over (kh, kw, c),
//       the channel innermost and contiguous in both factors: its tiles are copied 16 bytes
//       at a time and both read by wgmma descriptors. In NCHW the input's terms were taps of
//       a pixel row, 4-byte copies at odd offsets through a table (the implicit GEMM took
//       0.090 ms where cuDNN took 0.086, bench/RESULTS.md, session 36). The copy is not
//       padded: its tiles of 32 pixels then cover whole rows (a padded row of 66 took 3).
//   rows (CPU: given the weights' store and `rows`): a 3x3 conv that would run directly,
//       unstrided, ungrouped, over a weight, with at least kMinWinogradChannels channels in
//       and out, runs Winograd's minimal filtering F(m, 3) along its output rows. Each tile of m
//       output rows y_0..y_{m-1} reads the m + 2 padded input rows d_0..d_{m+1} of its
//       window; with the filter's rows g_0..g_2 (each a [K, C, 1, 3] filter of one row),
//         V_a = sum_i BT[a][i] d_i,  U_a = sum_j G[a][j] g_j,  M_a = conv1x3(V_a, U_a),
//         y_r = sum_a AT[r][a] M_a                           (a < m + 2, r < m)
//       so the m + 2 products take (m + 2) * 3 filter taps per tile of m rows where the direct
//       form takes 9 * m: F(4, 3) half the multiply-adds, F(2, 3) 2/3 (rowTransformFor picks
//       the one with fewer products over whole tiles). V_a is a kernel of adds over the
//       padded input (its rows at stride m), M_a a direct conv of a [K, C, 1, 3] filter
//       computed when the weights are written, y the kernel of adds that also computes the
//       conv's epilogue (its output rows interleave the tiles' r). The tiles follow the
//       output rows, not the vectorized row: every kernel's loads stay contiguous. A GPU
//       keeps the direct form: its m + 2 small contractions fill the machine worse than the
//       one conv (bench/RESULTS.md, session 33: 1.04 ms against 0.55 on an H200).
// Why:      the direct loop nest vectorizes along the output row; a short or strided row
//           leaves it gathering, and a guard on every load halves its speed. The direct form
//           runs near the FMA units' peak (a 128-channel 3x3 conv at 32 x 32 on this 2-core
//           AMD EPYC: 165 GFLOP/s, onnxruntime 180): fewer multiply-adds is what is left.
// Needs:    picoc-graph-decompose (convs are primitives). Ensures: no picoc.conv with pads;
//           values are unchanged (summation order aside; the rows form rounds differently:
//           its transforms add and scale rows before the products).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Dialect/RunShape.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/Builders.h"

#include <array>
#include <cmath>
#include <cstring>
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
// A conv with fewer input or output channels keeps the direct form: the rows form's
// transforms cost per element of the input and output, its savings per channel pair.
constexpr int64_t kMinWinogradChannels = 16;

// Winograd's minimal filtering F(m, 3) (Lavin and Gray, "Fast Algorithms for Convolutional
// Neural Networks", 2015): m outputs of a 3-tap correlation from m + 2 products,
// y = AT [(G g) * (BT d)]. Entries past a transform's m + 2 taps (and m rows) are unused.
struct RowTransform {
  int rows;            // m: output rows per tile
  double bt[6][6];     // V_a = sum_i bt[a][i] d_i
  double g[6][3];      // U_a = sum_j g[a][j] w_j
  double at[4][6];     // y_r = sum_a at[r][a] M_a
  int taps() const { return rows + 2; } // input rows per tile, and products
};
// F(2, 3): points 0, 1, -1, infinity.
constexpr RowTransform kF23 = {
    2,
    {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}},
    {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}},
    {{1, 1, 1, 0}, {0, 1, -1, -1}}};
// F(4, 3): points 0, 1, -1, 2, -2, infinity. Its larger coefficients round more: on random
// data (128 channels) a normwise error of 7e-7 against 2.8e-7 for F(2, 3), 2.1e-7 direct.
constexpr RowTransform kF43 = {
    4,
    {{4, 0, -5, 0, 1, 0},
     {0, -4, -4, 1, 1, 0},
     {0, 4, -4, -1, 1, 0},
     {0, -2, -1, 2, 1, 0},
     {0, 2, -1, -2, 1, 0},
     {0, 4, 0, -5, 0, 1}},
    {{1.0 / 4, 0, 0},
     {-1.0 / 6, -1.0 / 6, -1.0 / 6},
     {-1.0 / 6, 1.0 / 6, -1.0 / 6},
     {1.0 / 24, 1.0 / 12, 1.0 / 6},
     {1.0 / 24, -1.0 / 12, 1.0 / 6},
     {0, 0, 1}},
    {{1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0}, {0, 1, -1, 8, -8, 1}}};

// The transform for `rows` output rows: the one with fewer products over whole tiles, F(2, 3)
// on a tie (it rounds less).
const RowTransform &rowTransformFor(int64_t rows) {
  auto products = [rows](const RowTransform &t) {
    return (rows + t.rows - 1) / t.rows * t.taps();
  };
  return products(kF43) < products(kF23) ? kF43 : kF23;
}

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
  LowerConvsPass(WeightStore *store, bool rows, const LowerConvsOptions &options)
      : LowerConvsBase(options), store_(store), rows_(rows) {}

  void runOnOperation() override {
    SmallVector<ConvOp> convs;
    getOperation().walk([&](ConvOp conv) { convs.push_back(conv); });
    for (ConvOp conv : convs)
      lower(conv);
  }

  static bool hasPads(ConvOp conv) {
    return llvm::any_of(conv.getPads(), [](int64_t p) { return p != 0; });
  }

  // x padded by the conv's pads and `extraRows` more trailing rows of its first spatial dim
  // (a view; materialized when `materialize`, then also without pads: a copy that keeps x's
  // producers from being fused into, and recomputed by, every reader of the copy).
  static Value padInput(OpBuilder &b, ConvOp conv, bool materialize, int64_t extraRows = 0) {
    Value x = conv.getInput();
    if (!hasPads(conv) && extraRows == 0 &&
        (!materialize || !x.getDefiningOp() || isa<WeightOp, ConstantOp>(x.getDefiningOp())))
      return x;
    ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
    int64_t spatial = shape.size() - 2;
    SmallVector<int64_t> pads(2 * shape.size(), 0), padded(shape);
    for (int64_t i = 0; i < spatial; ++i) {
      pads[2 + i] = conv.getPads()[i];
      pads[shape.size() + 2 + i] = conv.getPads()[spatial + i];
      padded[2 + i] += conv.getPads()[i] + conv.getPads()[spatial + i];
    }
    pads[shape.size() + 2] += extraRows;
    padded[2] += extraRows;
    auto pad = b.create<PadOp>(conv.getLoc(), withShape(x, padded), x,
                               b.getDenseI64ArrayAttr(pads), b.getF64FloatAttr(0.0));
    if (materialize)
      pad->setAttr(kMaterializeAttr, b.getUnitAttr());
    return pad;
  }

  // The rows form (file comment), where the conv takes it; false leaves the conv unchanged.
  bool lowerRows(ConvOp conv) {
    auto xType = cast<RankedTensorType>(conv.getInput().getType());
    auto wType = cast<RankedTensorType>(conv.getFilter().getType());
    auto yType = cast<RankedTensorType>(conv.getResult().getType());
    auto filterOp = conv.getFilter().getDefiningOp<WeightOp>();
    const Weight *filter = store_ && filterOp ? store_->find(filterOp.getName().str()) : nullptr;
    auto ones = [](ArrayRef<int64_t> v) {
      return llvm::all_of(v, [](int64_t x) { return x == 1; });
    };
    if (!rows_ || !filter || filter->dtype != kir::DType::F32 || !xType.getElementType().isF32() ||
        xType.getRank() != 4 || !xType.hasStaticShape() || !yType.hasStaticShape() ||
        hasRunDims(xType) || wType.getShape().drop_front(2) != ArrayRef<int64_t>{3, 3} ||
        conv.getGroup() != 1 || !ones(conv.getStrides()) || !ones(conv.getDilations()) ||
        wType.getShape()[0] < kMinWinogradChannels || wType.getShape()[1] < kMinWinogradChannels ||
        yType.getShape()[2] < kF23.rows)
      return false;
    ArrayRef<int64_t> ys = yType.getShape();
    const int64_t n = ys[0], outChannels = ys[1], rows = ys[2], width = ys[3];
    const RowTransform &t = rowTransformFor(rows);
    const int64_t channels = xType.getShape()[1], tiles = (rows + t.rows - 1) / t.rows;
    OpBuilder b(conv);
    Location loc = conv.getLoc();
    // [N, C, tiles * m + 2, width + 2]: whole tiles, the last one's extra rows zeros.
    Value padded = padInput(b, conv, /*materialize=*/true, tiles * t.rows - rows);
    const SmallVector<int64_t> tileRows = {n, channels, tiles, width + 2};
    // d_i of every tile (rows i, i + m, ...), a view of its own for each sum that reads it:
    // a view read by several kernels would become a copy kernel (picoc-graph-fuse).
    auto inputRow = [&](int64_t i) -> Value {
      return b.create<SliceOp>(loc, withShape(padded, tileRows), padded,
                               b.getDenseI64ArrayAttr({0, 0, i, 0}),
                               b.getDenseI64ArrayAttr({1, 1, t.rows, 1}));
    };
    SmallVector<Value> products; // M_a [N, K, tiles, width]
    const SmallVector<int64_t> productShape = {n, outChannels, tiles, width};
    for (int a = 0; a < t.taps(); ++a) {
      Value v = combination(b, loc, ArrayRef(t.bt[a], t.taps()), inputRow);
      Value u = b.create<WeightOp>(
          loc, RankedTensorType::get({outChannels, channels, 1, 3}, b.getF32Type()),
          b.getStringAttr(rowFilter(*filter, t, outChannels, channels, a).name));
      products.push_back(b.create<ConvOp>(
          loc, withShape(padded, productShape), v, u, b.getDenseI64ArrayAttr({1, 1}),
          b.getDenseI64ArrayAttr({0, 0, 0, 0}), b.getDenseI64ArrayAttr({1, 1}),
          b.getI64IntegerAttr(1)));
    }
    // y_r for every tile, as [N, K, tiles, 1, width], interleaved into [N, K, tiles * m, width].
    SmallVector<Value> outputRows;
    auto product = [&](int64_t a) { return products[a]; };
    for (int r = 0; r < t.rows; ++r)
      outputRows.push_back(
          b.create<ReshapeOp>(loc, withShape(padded, {n, outChannels, tiles, 1, width}),
                              combination(b, loc, ArrayRef(t.at[r], t.taps()), product)));
    Value y = b.create<ConcatOp>(loc, outputRows, b.getI64IntegerAttr(3));
    y = b.create<ReshapeOp>(loc, withShape(padded, {n, outChannels, tiles * t.rows, width}), y);
    if (tiles * t.rows != rows)
      y = b.create<SliceOp>(loc, yType, y, b.getDenseI64ArrayAttr({0, 0, 0, 0}),
                            b.getDenseI64ArrayAttr({1, 1, 1, 1}));
    conv.getResult().replaceAllUsesWith(y);
    conv.erase();
    // The kernel of y's adds ends where the conv's epilogue does (elementwise ops at its
    // shape: bias, activation, residual), as the direct form's kernel does. Without the mark
    // a view after it (a resize's gather) would take the adds in, computing them again for
    // every element it reads: an upsampling's padded copy 0.4 -> 1.8 ms (vae_mid).
    Operation *end = y.getDefiningOp();
    while (end->hasOneUse()) {
      Operation *user = *end->user_begin();
      if (!isa<UnaryOp, BinaryOp, SelectOp, CastOp>(user) ||
          user->getResult(0).getType() != yType)
        break;
      end = user;
    }
    end->setAttr(kMaterializeAttr, b.getUnitAttr());
    return true;
  }

  // sum_i coefficients[i] * term(i) over the nonzero coefficients, a positive one first (each
  // transform's row has one), +-1 as adds and subtractions.
  template <typename Term>
  static Value combination(OpBuilder &b, Location loc, ArrayRef<double> coefficients,
                           Term term) {
    const size_t N = coefficients.size();
    auto scaled = [&](size_t i, double c) -> Value {
      Value x = term(static_cast<int64_t>(i));
      if (c == 1)
        return x;
      auto type = RankedTensorType::get({}, b.getF32Type());
      Value k = b.create<ConstantOp>(loc, DenseElementsAttr::get(type, b.getF32FloatAttr(c)));
      return b.create<BinaryOp>(loc, BinaryFn::mul, x, k);
    };
    size_t first = 0;
    while (coefficients[first] <= 0)
      ++first;
    Value sum = scaled(first, coefficients[first]);
    for (size_t i = 0; i < N; ++i) {
      double c = coefficients[i];
      if (i != first && c != 0)
        sum = b.create<BinaryOp>(loc, c > 0 ? BinaryFn::add : BinaryFn::sub, sum,
                                 scaled(i, std::abs(c)));
    }
    return sum;
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
      if (!shortRow && lowerRows(conv))
        return;
      if (!hasPads(conv))
        return; // the conv reads x directly
      if (lowerChannelsLast(b, conv))
        return;
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

  // The channels-last form (file comment), where the conv takes it; false leaves it unchanged.
  bool lowerChannelsLast(OpBuilder &b, ConvOp conv) {
    auto xType = cast<RankedTensorType>(conv.getInput().getType());
    const int64_t rank = xType.getRank(), channels = xType.getShape()[1];
    auto yType = cast<RankedTensorType>(conv.getResult().getType());
    auto wType = cast<RankedTensorType>(conv.getFilter().getType());
    if (!channelsLast || conv.getGroup() != 1 || ShapedType::isDynamic(channels) ||
        channels % 4 != 0 || !yType.hasStaticShape() ||
        !gpuTiledContraction(product(yType.getShape().drop_front(2)), yType.getShape()[1],
                             product(wType.getShape().drop_front(1)), yType.getShape()[0]))
      return false;
    // x's dims in the order [N, spatial..., C], and back.
    SmallVector<int64_t> toLast = {0}, fromLast = {0, rank - 1};
    for (int64_t d = 2; d < rank; ++d) {
      toLast.push_back(d);
      fromLast.push_back(d - 1);
    }
    toLast.push_back(1);
    auto permutedType = [&](Value v) {
      ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
      SmallVector<int64_t> permuted;
      for (int64_t d : toLast)
        permuted.push_back(shape[d]);
      return withShape(v, permuted);
    };
    auto readBack = [&](Value last, Type type) -> Value {
      return b.create<TransposeOp>(conv.getLoc(), type, last, b.getDenseI64ArrayAttr(fromLast));
    };
    Location loc = conv.getLoc();
    Value filter = conv.getFilter(), filterLast;
    if (auto w = filter.getDefiningOp<WeightOp>()) {
      std::string name = w.getName().str() + ".T"; // without a store (picoc-opt)
      for (int64_t d : toLast)
        name += std::to_string(d);
      if (store_) {
        const Weight *src = store_->find(w.getName().str());
        if (!src)
          return false;
        name = store_->permuted(*src, std::vector<int64_t>(toLast.begin(), toLast.end())).name;
      }
      filterLast = b.create<WeightOp>(loc, permutedType(filter), b.getStringAttr(name));
    } else {
      filterLast = b.create<TransposeOp>(loc, permutedType(filter), filter,
                                         b.getDenseI64ArrayAttr(toLast));
      filterLast.getDefiningOp()->setAttr(kMaterializeAttr, b.getUnitAttr());
    }
    Value x = conv.getInput();
    auto copy = b.create<TransposeOp>(loc, permutedType(x), x, b.getDenseI64ArrayAttr(toLast));
    copy->setAttr(kMaterializeAttr, b.getUnitAttr());
    conv.getInputMutable().assign(readBack(copy, x.getType()));
    conv.getInputMutable().assign(padInput(b, conv, /*materialize=*/false));
    conv.getFilterMutable().assign(readBack(filterLast, filter.getType()));
    conv.setPadsAttr(b.getDenseI64ArrayAttr(SmallVector<int64_t>(2 * (rank - 2), 0)));
    if (auto w = filter.getDefiningOp<WeightOp>(); w && w.use_empty())
      w.erase();
    return true;
  }

  // U_a [K, C, 1, 3] of the rows form: the filter's rows [K, C, 3, 3] combined by G's row a,
  // computed when the weights are written.
  const Weight &rowFilter(const Weight &filter, const RowTransform &t, int64_t outChannels,
                          int64_t channels, int a) {
    const std::string transform =
        "winograd_rows" + std::to_string(t.rows) + "." + std::to_string(a);
    if (const Weight *u = store_->findDerived(filter.name, transform))
      return *u;
    const int64_t filters = outChannels * channels;
    const std::array<double, 3> g = {t.g[a][0], t.g[a][1], t.g[a][2]};
    auto fill = [filters, g](char *out, const char *from) {
      for (int64_t f = 0; f < filters; ++f)
        for (int64_t kw = 0; kw < 3; ++kw) {
          float w[3];
          for (int64_t kh = 0; kh < 3; ++kh)
            std::memcpy(&w[kh], from + ((f * 3 + kh) * 3 + kw) * 4, 4);
          const float u = static_cast<float>(g[0] * w[0] + g[1] * w[1] + g[2] * w[2]);
          std::memcpy(out + (f * 3 + kw) * 4, &u, 4);
        }
    };
    return store_->addDerivedLazy(filter.name, transform, kir::DType::F32,
                                  {outChannels, channels, 1, 3}, filters * 3 * 4, fill);
  }

  WeightStore *store_;
  bool rows_;
};

} // namespace

std::unique_ptr<Pass> createLowerConvsPass(WeightStore *store, bool rows,
                                           const LowerConvsOptions &options) {
  return std::make_unique<LowerConvsPass>(store, rows, options);
}

} // namespace picoc
