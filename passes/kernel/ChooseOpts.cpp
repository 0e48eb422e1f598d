//===- ChooseOpts.cpp - picoc-kernel-choose-opts -------------------------------------===//
//
// Picks each kernel's opts by heuristics (search can later replace this with measured opts):
//  - contraction (a Reduce of a product, i.e. matmul/conv): the last output dim is vectorized
//    by two vectors' worth of lanes; the innermost output dim that the vector-loaded operand
//    does not depend on (matmul: M; conv: the output channels) is unrolled into a register
//    tile of U = (registers - 4) / 2 rows, so U x 2 vector accumulators stay in registers and
//    each loaded vector serves U rows; a long reduction is tiled by 256 so the B panel stays
//    in L2;
//  - other reductions whose output's last dim is 1 (softmax/norm statistics): the innermost
//    reduction axis is vectorized, partial sums are combined at the end;
//  - elementwise: the last output dim is vectorized.
//  The shortest prefix of the output dims (before the vectorized one) with at least 256
//  chunks forms the parallel launch extent; the other dims are loops inside a chunk.
// Needs: kernels from picoc-kernel-lower-to-kernels. Ensures: every opt fits its kernel.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Passes/Passes.h"

namespace picoc {
using namespace kir;

namespace {

// A launch of at least this many chunks balances over the cores of any machine we target.
constexpr int64_t kMinLaunchChunks = 256;
// Matmul tiling for large B operands: a K block of every column beyond this many bytes does
// not stay in L2; then rows and columns are tiled by these amounts (a B tile of 256 x 512 f32
// is 512 KiB).
constexpr int64_t kMaxPanelBytes = int64_t(2) << 20;
constexpr int64_t kRowTile = 96, kColumnTile = 512;

// The product of two loads that a contraction (matmul, conv) sums, or nullptr.
const Node *contractionProduct(const Kernel &k) {
  for (size_t i = 0; i < k.graph.size(); ++i) {
    const Node &n = k.graph.node(static_cast<ExprId>(i));
    if (n.op != Op::Reduce)
      continue;
    const Node &body = k.graph.node(n.src[0]);
    const Node &product = body.op == Op::Select ? k.graph.node(body.src[1]) : body;
    bool loads = product.op == Op::Mul && k.graph.node(product.src[0]).op == Op::Load &&
                 k.graph.node(product.src[1]).op == Op::Load;
    return loads ? &product : nullptr;
  }
  return nullptr;
}

bool isContraction(const Kernel &k) { return contractionProduct(k) != nullptr; }

// The register tile's second axis: the innermost output axis (not the vector axis) that the
// operand read as vectors does not depend on, so each vector it loads serves every unrolled
// row (matmul: the rows M of A; convolution: the output channels). -1 when there is none.
int unrollAxisFor(const Kernel &k, int vectorAxis) {
  const Node *product = contractionProduct(k);
  if (!product)
    return -1;
  ExprId vectorOperand = kNoExpr;
  for (ExprId operand : {product->src[0], product->src[1]})
    if (k.graph.dependsOn(operand, vectorAxis))
      vectorOperand = operand;
  if (vectorOperand == kNoExpr)
    return -1;
  for (int axis = vectorAxis - 1; axis >= 0; --axis)
    if (k.shape[axis] >= 2 && !k.graph.dependsOn(vectorOperand, axis))
      return axis;
  return -1;
}

void choose(Kernel &k, const OptTargetInfo &info) {
  k.opts.clear();
  int rank = k.rank();
  int64_t reduceSize = 1;
  for (int64_t d : k.reduceShape)
    reduceSize *= d;
  int lanes = std::max(1, info.lanes);
  int vectorAxis = -1;
  bool parallelThroughVector = false; // the vector axis is tiled and part of the launch
  // A last dim shorter than a vector but a multiple of a narrower one (an attention head of
  // 8 on 16-lane AVX-512) is vectorized with the narrower vectors: no scalar remainder, and
  // its operands stay contiguous loads.
  if (rank > 0 && k.shape[rank - 1] < lanes)
    for (int narrower = lanes / 2; narrower >= 4; narrower /= 2)
      if (k.shape[rank - 1] % narrower == 0) {
        lanes = narrower;
        break;
      }

  if (rank > 0 && k.shape[rank - 1] >= lanes) {
    vectorAxis = rank - 1;
    bool contraction = isContraction(k) && reduceSize >= 8;
    int64_t width = contraction && k.shape[rank - 1] >= 2 * lanes ? 2 * lanes : lanes;
    k.opts.push_back({OptKind::Upcast, vectorAxis, width});
    int unrollAxis = contraction ? unrollAxisFor(k, vectorAxis) : -1;
    if (unrollAxis >= 0) {
      int64_t vectorsPerRow = width / lanes;
      int64_t rows = std::max<int64_t>(1, (info.registers - 4) / vectorsPerRow);
      rows = std::min<int64_t>({rows, 6, k.shape[unrollAxis]});
      if (rows > 1)
        k.opts.push_back({OptKind::Unroll, unrollAxis, rows});
      // K-blocking: the innermost reduction axis is cut so that one block of the reduction
      // (its other axes whole, e.g. a conv's window) is about 256 steps: the vector operand's
      // panel for a block then stays in L1 while the register tiles sweep the output rows.
      int innermost = k.numVars() - 1;
      int64_t outer = reduceSize / k.reduceShape.back();
      int64_t block = k.reduceShape.back();
      if (reduceSize > 512 && outer <= 64) {
        block = std::min(block, std::max<int64_t>(8, 256 / outer));
        if (block < k.reduceShape.back())
          k.opts.push_back({OptKind::Tile, innermost, block});
      }
      // A matmul whose B panel (one K block of every column) outgrows L2 is cut into column
      // tiles, and the launch runs over (row tile, column tile) pairs: each chunk streams its
      // B tile once and reuses it for all its rows, instead of every group of U rows
      // re-reading all of B (an lm_head of 8000 columns: 16 MB per row group).
      int64_t n = k.shape[vectorAxis], m = k.shape[unrollAxis];
      bool matmul = unrollAxis == rank - 2 && k.reduceShape.size() == 1;
      if (matmul && n * outer * block * 4 > kMaxPanelBytes && n >= 2 * kColumnTile) {
        k.opts.push_back({OptKind::Tile, unrollAxis, std::min<int64_t>(m, kRowTile)});
        k.opts.push_back({OptKind::Tile, vectorAxis, kColumnTile});
        parallelThroughVector = true;
      }
    }
  } else if (!k.reduceShape.empty() && k.reduceShape.back() >= lanes) {
    k.opts.push_back({OptKind::Upcast, k.numVars() - 1, lanes});
  }

  // The launch: the shortest prefix of the dims before the vector axis with enough chunks to
  // keep every core busy; the dims after it stay plain loops inside each chunk, where they
  // need no division to recover their index. A tiled matmul launches every (row, column)
  // tile pair. A dim's chunk is its tile, else its unrolled group (as LoopPlan counts them).
  auto chunkOf = [&](int d) {
    int64_t tile = 0, unroll = 1;
    for (const Opt &o : k.opts) {
      if (o.axis == d && o.kind == OptKind::Tile)
        tile = o.amount;
      if (o.axis == d && o.kind == OptKind::Unroll)
        unroll = o.amount;
    }
    return tile > 0 ? tile : unroll;
  };
  int maxParallel = vectorAxis >= 0 && !parallelThroughVector ? vectorAxis : rank;
  int64_t chunks = 1;
  int parallel = 0;
  while (parallel < maxParallel && (chunks < kMinLaunchChunks || parallelThroughVector)) {
    chunks *= (k.shape[parallel] + chunkOf(parallel) - 1) / chunkOf(parallel);
    ++parallel;
  }
  if (parallel > 0)
    k.opts.push_back({OptKind::Parallel, 0, parallel});
}

} // namespace

void chooseOpts(Program &program, const OptTargetInfo &info) {
  for (Kernel &k : program.kernels)
    choose(k, info);
}

} // namespace picoc
