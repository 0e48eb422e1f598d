//===- ChooseOpts.cpp - picoc-kernel-choose-opts -------------------------------------===//
//
// Gives each kernel a schedule by heuristics (search can later replace it with measured opts),
// every opt through kir::applyOpt: an opt it refuses (a tile covering its axis, a reduction
// tile the kernel cannot split) is left out, never emitted. On a CPU:
//  - contraction (a Reduce of a product, i.e. matmul/conv): the last output dim is vectorized
//    by two vectors' worth of lanes; the innermost output dim that the vector-loaded operand
//    does not depend on (matmul: M; conv: the output channels) is unrolled into a register
//    tile of U = (registers - 4) / 2 rows, so U x 2 vector accumulators stay in registers and
//    each loaded vector serves U rows; a long reduction is tiled by 256 so the B panel stays
//    in L2; a matmul over B in panels with A's rows outside them (picoc-graph-pack-weights)
//    takes no K block but a tile of rows whose A fits L2, and the launch runs through the
//    panels, each chunk one panel (tile(panel, 1) puts its loop around the rows'); a matmul
//    whose rows give fewer than 4 chunks (GEMV-shaped: a decode step's one
//    row, statically or as a run-time extent) has its columns cut into ~16 tiles, which the
//    launch runs through; one with no rows to unroll over B in panels takes a whole panel row
//    as its vector group;
//  - other reductions whose output's last dim is 1 (softmax/norm statistics): the innermost
//    reduction axis is vectorized, partial sums are combined at the end;
//  - elementwise: the last output dim is vectorized.
//  The shortest prefix of the output dims (before the vectorized one) with at least 256
//  chunks forms the parallel launch extent; the other dims are loops inside a chunk.
// On a GPU: every output dim is launched (global); a reduction gets a group of g threads per
// output element (a power of two: enough threads in all to fill the GPU twice over, at least 4
// terms per thread, at most 1024); blocks hold 256 threads (or one group, when larger); a large
// elementwise kernel computes 4 elements per thread (upcast). Where the biggest
// operand is contiguous along the output rather than the reduction (W[k, n] of a GEMV), an
// element's threads are strided (group_reduce(1, g)): 32 consecutive elements per block, g <= 32.
// Needs: kernels from picoc-kernel-lower-to-kernels. Ensures: every opt fits its kernel and
// its target (applyOpt).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Passes/Passes.h"

#include <algorithm>

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
// Launch chunks a matmul over B in panels keeps at least (twice the cores of an 8-core part),
// cutting its rows into more tiles where the panels are fewer.
constexpr int64_t kMinPanelChunks = 16;

// A GEMV-shaped matmul (its rows give the launch fewer than kGemvRowChunks chunks) has its
// columns cut into about kGemvColumnChunks launch chunks.
constexpr int64_t kGemvRowChunks = 4, kGemvColumnChunks = 16;
// Registers a GEMV's accumulators leave free (the broadcast A element, B vectors in flight).
constexpr int kGemvSpareRegisters = 8;

// Whether a matmul's rows (axis `rowAxis`, unrolled by `unroll`, with the dims before it)
// are GEMV-shaped: fewer than kGemvRowChunks chunks, statically or because their count is a
// run-time extent that may be that small (a decode step's one row).
bool fewRowChunks(const Kernel &k, int rowAxis, int64_t unroll) {
  int64_t chunks = 1;
  for (int d = 0; d <= rowAxis; ++d) {
    if (!k.runExtent(d).isConstant())
      return true;
    chunks *= d == rowAxis ? (k.shape[d] + unroll - 1) / unroll : k.shape[d];
  }
  return chunks < kGemvRowChunks;
}

// A GEMV-shaped product (a decode step's projections: one row, or a run-time number of rows
// that may be one): its rows alone give the launch too few chunks to keep the cores busy, so
// its columns (axis `vectorAxis`, in vectors of `width`) are cut too, each chunk streaming
// its slice of B. Returns whether they were (the launch then runs through that axis).
//
// When a chunk's columns fit the registers, they are all one vector group: each step along K
// reads a chunk's whole slice of a B row, contiguous, instead of one group's few vectors of
// every row in turn (rows of B a page or more apart: no prefetcher follows that).
bool splitColumns(Kernel &k, int vectorAxis, int64_t width, const ScheduleTarget &info) {
  int64_t n = k.shape[vectorAxis];
  int64_t columns = (n / kGemvColumnChunks + width - 1) / width * width;
  columns = std::clamp<int64_t>(columns, 2 * width, kColumnTile);
  std::string why;
  if (n < 2 * columns || !applyOpt(k, {OptKind::Tile, vectorAxis, columns}, info, why))
    return false;
  // Only a single row (no register tile of rows: a run-time row count keeps its own).
  bool rowTile = std::any_of(k.opts.begin(), k.opts.end(), [&](const Opt &o) {
    return o.kind == OptKind::Unroll && o.axis < k.rank();
  });
  int lanes = std::max(1, info.lanes);
  for (Opt &o : k.opts)
    if (!rowTile && o.kind == OptKind::Upcast && o.axis == vectorAxis && columns % lanes == 0 &&
        columns / lanes <= info.registers - kGemvSpareRegisters)
      o.amount = columns;
  return true;
}

// A matmul with no rows to unroll (a GEMV over B in panels, [N / C, 1, C]: a decode
// step's projections) whose output rows (the vector axis) are short enough for the registers
// computes a whole row in one vector group: each step of the reduction reads one contiguous
// panel row (C elements), instead of C / width passes over the panel each reading part of
// every row (on AVX2 a panel of 32 was two passes of 16: the GEMVs read their weights at
// ~60% of the bandwidth a one-pass loop gets).
void upcastWholeRow(Kernel &k, int vectorAxis, int lanes, const ScheduleTarget &info) {
  const int64_t n = k.shape[vectorAxis];
  if (n % lanes != 0 || n / lanes > info.registers - kGemvSpareRegisters)
    return;
  for (Opt &o : k.opts)
    if (o.kind == OptKind::Upcast && o.axis == vectorAxis && o.amount < n)
      o.amount = n;
}

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

// A matmul over B in column panels with A's rows outside them (picoc-graph-pack-weights,
// many rows: [..., M, N / C, 1, C] reduce [K]): the output axis between the row axis and the
// vector axis along which the vector operand steps a whole panel (K x C elements), or -1.
int panelAxisFor(const Kernel &k, int unrollAxis, int vectorAxis) {
  const Node *product = contractionProduct(k);
  if (!product || k.reduceShape.size() != 1)
    return -1;
  const int64_t panel = k.reduceShape[0] * k.shape[vectorAxis];
  for (ExprId operand : {product->src[0], product->src[1]}) {
    if (!k.graph.dependsOn(operand, vectorAxis))
      continue;
    ExprId index = k.graph.node(operand).src[0];
    for (int axis = vectorAxis - 1; axis > unrollAxis; --axis)
      if (k.shape[axis] >= 2 && indexStride(k, index, axis) == panel)
        return axis;
  }
  return -1;
}

// Applies `opt` when it fits; a heuristic that proposes what applyOpt refuses goes without.
void tryOpt(Kernel &k, const Opt &opt, const ScheduleTarget &target) {
  std::string why;
  applyOpt(k, opt, target, why);
}

// A matmul over B in panels with A's rows outside them: a chunk of the launch (which runs
// through the panel axis) is a tile of A's rows, up to half the L2 so that it stays there
// beside the panel, and one panel, which each register tile of `rows` reads in order;
// tile(panel, 1) puts the panel's loop around the rows'. Where A fits, its rows are one tile,
// and the launch runs through the panels alone: each panel is read from memory once, by one
// core (a prompt of 128 rows against a 135M llama's 113 MB lm_head in two row tiles: each
// core streamed all of B, 33 ms against 29 in one; Xeon, 2 MiB L2, 2026-12-02). No
// K-blocking: a panel is one piece, and K blocks would only send partial sums through the
// output. Where the panels are fewer than kMinPanelChunks, the rows are cut into more tiles
// so that the launch still has that many chunks.
void tilePanels(Kernel &k, int rowAxis, int panelAxis, int64_t rows, int64_t reduceSize,
                const ScheduleTarget &info) {
  const int64_t m = k.shape[rowAxis], panels = k.shape[panelAxis];
  const int64_t maxTile = std::max<int64_t>(rows, info.l2Bytes / 2 / (reduceSize * 4));
  const int64_t tiles = std::min((m + rows - 1) / rows,
                                 std::max((m + maxTile - 1) / maxTile,
                                          (kMinPanelChunks + panels - 1) / panels));
  const int64_t rowTile = ((m + tiles - 1) / tiles + rows - 1) / rows * rows;
  tryOpt(k, {OptKind::Tile, rowAxis, std::min(rowTile, m)}, info);
  tryOpt(k, {OptKind::Tile, panelAxis, 1}, info);
}

// A row kernel on a CPU: the row's last dim (and with it the reductions' innermost axis) in
// vectors, the launch over the shortest prefix of the rows' dims with enough chunks.
void chooseCpuRows(Kernel &k, const ScheduleTarget &info) {
  const int rows = k.rowDims();
  if (rows < k.rank() && k.shape.back() >= info.lanes)
    tryOpt(k, {OptKind::Upcast, k.rank() - 1, info.lanes}, info);
  int64_t chunks = 1;
  int parallel = 0;
  while (parallel < rows && chunks < kMinLaunchChunks)
    chunks *= k.shape[parallel++];
  if (parallel > 0)
    tryOpt(k, {OptKind::Global, 0, parallel}, info);
}

// A matmul of at most this many rows is "skinny" (a short prompt, a decode step's batch).
constexpr int64_t kSkinnyRows = 64;

// Reduction steps per iteration of a register tile's innermost loop (an unroll hint to LLVM).
// One step is a few loads and 12-16 FMAs; unrolled by 4, the loop's counter and branch are
// paid once per 4 (Xeon, AVX-512, 2 threads, 2026-12-02, alternating runs, ms: matmul_1024
// 6.46-6.79 -> 5.91-6.24, by 2 6.25-6.52, by 8 6.00-6.19; llama135m_prefill128 139.6-144.7 ->
// 131.0-136.7; llama_mid_prefill64 8.26-9.07 -> 7.43-8.35; whisper_mid_encoder 58.2-62.8 ->
// 54.3-58.8; vae_mid 18.9-19.7 -> 18.3-18.7; unet_mid 51.9-54.3 -> 50.6-53.0).
constexpr int64_t kReduceUnroll = 4;

void chooseCpu(Kernel &k, const ScheduleTarget &info) {
  k.opts.clear();
  if (k.isRowKernel())
    return chooseCpuRows(k, info);
  int rank = k.rank();
  int64_t reduceSize = 1;
  for (int64_t d : k.reduceShape)
    reduceSize *= d;
  int lanes = std::max(1, info.lanes);
  int vectorAxis = -1;
  bool parallelThroughVector = false; // the vector axis is tiled and part of the launch
  int launchThrough = 0;              // the launch takes at least this many dims
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
    tryOpt(k, {OptKind::Upcast, vectorAxis, width}, info);
    int unrollAxis = contraction ? unrollAxisFor(k, vectorAxis) : -1;
    if (unrollAxis >= 0) {
      int64_t vectorsPerRow = width / lanes;
      int64_t rows = std::max<int64_t>(1, (info.registers - 4) / vectorsPerRow);
      const int64_t m = k.shape[unrollAxis];
      if (m <= kSkinnyRows && rows >= 8) {
        // Few rows (a short prompt's matmuls): groups of up to 8, as even as the rows allow
        // (16 rows: 2 x 8 rather than 6 + 6 + 4, each group streaming the B panel once).
        int64_t groups = (m + 7) / 8;
        rows = (m + groups - 1) / groups;
      } else {
        rows = std::min<int64_t>({rows, 6, m});
      }
      tryOpt(k, {OptKind::Unroll, unrollAxis, rows}, info);
      if (k.reduceShape.back() >= 2 * kReduceUnroll)
        tryOpt(k, {OptKind::Unroll, k.numVars() - 1, kReduceUnroll}, info);
      if (int panelAxis = panelAxisFor(k, unrollAxis, vectorAxis); panelAxis >= 0) {
        tilePanels(k, unrollAxis, panelAxis, rows, reduceSize, info);
        launchThrough = panelAxis + 1;
      } else {
        // K-blocking: the innermost reduction axis is cut so that one block of the reduction
        // (its other axes whole, e.g. a conv's window) is about 256 steps: the vector operand's
        // panel for a block then stays in L1 while the register tiles sweep the output rows.
        int innermost = k.numVars() - 1;
        int64_t outer = reduceSize / k.reduceShape.back();
        int64_t block = k.reduceShape.back();
        if (reduceSize > 512 && outer <= 64) {
          block = std::min(block, std::max<int64_t>(8, 256 / outer));
          tryOpt(k, {OptKind::Tile, innermost, block}, info);
        }
        // A matmul whose B panel (one K block of every column) outgrows L2 is cut into column
        // tiles, and the launch runs over (row tile, column tile) pairs: each chunk streams its
        // B tile once and reuses it for all its rows, instead of every group of U rows
        // re-reading all of B (an lm_head of 8000 columns: 16 MB per row group).
        int64_t n = k.shape[vectorAxis];
        bool matmul = unrollAxis == rank - 2 && k.reduceShape.size() == 1;
        if (matmul && n * outer * block * 4 > kMaxPanelBytes && n >= 2 * kColumnTile) {
          if (m > kRowTile) // (else the launch runs over the row groups and column tiles)
            tryOpt(k, {OptKind::Tile, unrollAxis, kRowTile}, info);
          tryOpt(k, {OptKind::Tile, vectorAxis, kColumnTile}, info);
          parallelThroughVector = true;
        } else if (matmul && fewRowChunks(k, unrollAxis, rows)) {
          parallelThroughVector = splitColumns(k, vectorAxis, width, info);
        }
      }
    } else if (contraction && k.reduceShape.size() == 1 && fewRowChunks(k, vectorAxis - 1, 1)) {
      parallelThroughVector = splitColumns(k, vectorAxis, width, info); // a row of one
    }
    if (contraction && unrollAxis < 0 && k.reduceShape.size() == 1 && !parallelThroughVector)
      upcastWholeRow(k, vectorAxis, lanes, info);
  } else if (!k.reduceShape.empty() && k.reduceShape.back() >= lanes) {
    tryOpt(k, {OptKind::Upcast, k.numVars() - 1, lanes}, info);
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
  while (parallel < maxParallel &&
         (chunks < kMinLaunchChunks || parallelThroughVector || parallel < launchThrough)) {
    chunks *= (k.shape[parallel] + chunkOf(parallel) - 1) / chunkOf(parallel);
    ++parallel;
  }
  if (parallel > 0)
    tryOpt(k, {OptKind::Global, 0, parallel}, info);
}

constexpr int kGpuBlock = 256;                         // threads per block, at least
constexpr int kGpuMaxGroup = 1024;                     // threads per output element, at most
constexpr int kGpuMinTermsPerThread = 4;               // reduction terms a thread folds
constexpr int64_t kGpuTargetThreads = int64_t(1) << 19; // 2x what an H100/H200 holds at once
constexpr int64_t kGpuUpcast = 4; // elements per thread of a large elementwise kernel

int64_t product(const std::vector<int64_t> &dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

// True when the reduction's biggest operand (the load touching the most elements) is
// contiguous along the innermost output dim but not along the innermost reduction axis (W[k, n]
// of x @ W, a column sum): then a warp's lanes should run along the output elements.
bool contiguousAlongOutput(const Kernel &k, ExprId reduce) {
  int outVar = k.rank() - 1;
  while (outVar >= 0 && k.shape[outVar] == 1)
    --outVar;
  int reduceVar = k.numVars() - 1;
  ExprId load = biggestLoad(k, k.graph.node(reduce).src[0]);
  if (outVar < 0 || reduceVar < k.rank() || load == kNoExpr)
    return false;
  ExprId index = k.graph.node(load).src[0];
  return indexStride(k, index, outVar) == 1 && indexStride(k, index, reduceVar) != 1;
}

// A row kernel's elements per thread. Softmax and RMSNorm over [8192, 4096] on an H200
// (bench/gpu, 2026-11-30): 4 -> 43% / 41% of the copy bandwidth, 8 -> 77% / 72%,
// 16 -> 90% / 91%, 32 -> 75% / 82%.
constexpr int64_t kGpuRowElementsPerThread = 16;

// A contraction with enough 64 x 64 output tiles to fill the GPU is tiled through shared
// memory (chooseGpuTiling: a tile per block, in stages of terms). With fewer
// tiles the blocks leave SMs idle, and splitting each output's reduction across a group of
// threads is faster (H200, 2026-11-30: tiling every contraction of 64 x 64 outputs or more
// made the UNet test model 0.55 -> 1.10 ms and gpt_block2 0.038 -> 0.084 ms).
constexpr int64_t kGpuTile = 64, kGpuMinTiles = 128, kGpuMmaTile = 128;
constexpr int64_t kGpuMmaTermsPerStage = 32;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

} // namespace

double wgmmaTileCost(const Contraction &c, int nSide, int64_t n, int multiprocessors) {
  // Each width's rate relative to 256's (H200, 2026-12-01, tf32 GEMMs whose tiles fill whole
  // waves: 4096^3 at 256 wide 266 TFLOP/s, at 128 193; 512 x 5632 x 2048 at 64 wide 103),
  // linear between those widths (a wgmma's 64 rows are read once for all its N).
  const double rate = n >= 256   ? 1.0
                      : n >= 128 ? 0.73 + 0.27 * static_cast<double>(n - 128) / 128.0
                                 : 0.39 + 0.34 * static_cast<double>(n - 64) / 64.0;
  const int64_t rows = nSide == 0 ? c.m : c.n, others = nSide == 0 ? c.n : c.m;
  const int64_t tiles = ceilDiv(rows, n) * ceilDiv(others, kGpuMmaTile) * c.batch;
  return static_cast<double>(ceilDiv(tiles, multiprocessors)) * static_cast<double>(n) / rate;
}

bool gpuTiledContraction(int64_t m, int64_t n, int64_t k, int64_t batch) {
  return k >= 16 && ceilDiv(m, kGpuTile) * ceilDiv(n, kGpuTile) * batch >= kGpuMinTiles;
}

std::vector<int64_t> wgmmaWidths(int64_t rows) {
  std::vector<int64_t> widths = {256, 128, 64};
  for (int64_t tiles = 1; tiles <= 8; ++tiles) {
    const int64_t n = ceilDiv(ceilDiv(rows, tiles), 32) * 32;
    if (n > 64 && n < 256 && std::find(widths.begin(), widths.end(), n) == widths.end())
      widths.push_back(n);
  }
  return widths;
}

namespace {

bool chooseGpuTiling(Kernel &k, const ScheduleTarget &target) {
  std::optional<Contraction> c = contractionOf(k);
  if (!c || !gpuTiledContraction(c->m, c->n, c->k, c->batch))
    return false;
  std::string why;
  // Tensor cores where the precision allows them: 8 warps per block, 32 terms (four k8 steps)
  // per stage; tiles of 128 x 128 (warps of 64 x 32 outputs, 4 x 4 mma tiles of 16 x 8) where
  // there are enough of them, else 64 x 64 (warps of 32 x 16). H200, 2026-11-30, a 4096^3 GEMM
  // at tf32 with one synchronously staged slot of 16 terms: 22 TFLOP/s with 64 x 64 tiles, 47
  // with 128 x 128 (cuBLAS: 403); at tf32x3 20 with either. Since the stages are copied
  // asynchronously, several deep (CudaRenderer.h), see bench/RESULTS.md.
  const int64_t mmaTile =
      ceilDiv(c->m, kGpuMmaTile) * ceilDiv(c->n, kGpuMmaTile) * c->batch >= kGpuMinTiles
          ? kGpuMmaTile
          : kGpuTile;
  const int64_t warpTiles = mmaTile / 32; // 16 x 8 mma tiles along each side of a warp's tile
  // Warpgroup MMA (sm_90a) at tf32: two warpgroups of 64 rows of one factor each (128 rows)
  // by 256, 128 or 64 rows of the other, the wgmma's N: the width whose waves of tiles over
  // the multiprocessors take least time (wgmmaTileCost). The N factor is read by descriptor,
  // so stored along k in shared memory: a factor stored so in memory or computed by the
  // threads (not a plain load along its rows, which would take a copy per element: the other
  // factor may go through registers instead); of two such, whichever's widths cost least
  // (the one with more rows on a tie: a convolution over a channels-last input, 8192 pixels
  // by 320 channels, takes two tiles of 160 channels, not three of 128 by 256 pixels). The
  // warps' mma.sync tiles stay for the other architectures.
  if (target.wgmma && target.precision == Precision::TF32) {
    const bool a = !loadAlongRows(k, c->lhs, c->aDims.back()),
               b = !loadAlongRows(k, c->rhs, c->bDims.back());
    const int first = a != b ? (a ? 0 : 1) : (c->m > c->n ? 0 : 1);
    int nSide = first;
    int64_t best = 0;
    double bestCost = 0;
    for (int side : {first, 1 - first}) {
      if (side != first && !(a && b))
        continue;
      for (int64_t n : wgmmaWidths(side == 0 ? c->m : c->n)) {
        const double cost = wgmmaTileCost(*c, side, n, target.multiprocessors);
        if (best == 0 || cost < bestCost)
          best = n, bestCost = cost, nSide = side;
      }
    }
    std::array<int64_t, 2> tile = {kGpuMmaTile, kGpuMmaTile};
    tile[nSide] = best;
    if (applySchedule(k,
                      {{OptKind::Mma, 0, 1},
                       {OptKind::Wgmma, nSide, 1},
                       {OptKind::Tile, 0, tile[0]},
                       {OptKind::Tile, 1, tile[1]},
                       {OptKind::Tile, 2, kGpuMmaTermsPerStage},
                       {OptKind::Unroll, 0, tile[0] / 32},
                       {OptKind::Unroll, 1, tile[1] / 32},
                       {OptKind::Local, 0, 256},
                       {OptKind::Global, 0, k.rank()}},
                      target, why))
      return true;
  }
  if (target.precision != Precision::FP32 &&
      applySchedule(k,
                    {{OptKind::Mma, 0, target.precision == Precision::TF32 ? 1 : 3},
                     {OptKind::Tile, 0, mmaTile},
                     {OptKind::Tile, 1, mmaTile},
                     {OptKind::Tile, 2, kGpuMmaTermsPerStage},
                     {OptKind::Unroll, 0, warpTiles},
                     {OptKind::Unroll, 1, warpTiles},
                     {OptKind::Local, 0, 256},
                     {OptKind::Global, 0, k.rank()}},
                    target, why))
    return true;
  // On the CUDA cores: 128 x 128 tiles of 8 x 8 outputs a thread (256 threads), 32 terms a
  // stage, where they fill the multiprocessors at least twice (two blocks an SM), else 64 x 64
  // tiles of 8 x 4 (128 threads), 16 terms. H200, 2026-12-01, a 4096^3 GEMM at fp32: 30.9
  // TFLOP/s with 64 x 64 tiles of 4 x 4, 35.4 with 128 x 128 and 16 terms, 39.5 with 32
  // (cuBLAS 51.4). 2026-12-02, with 16-byte fragment reads, the smaller tiles as 64 x 64 of
  // 4 x 4 (256 threads) -> of 8 x 4, ms: 1024^3 0.071 -> 0.068, 2048 x 768 x 768 0.084 ->
  // 0.069, 2048 x 5760 x 640 0.575 -> 0.480, 32768 x 1152 x 128 0.306 -> 0.294, 512 x 2048 x
  // 5632 0.393 -> 0.351, 512 x 5632 x 2048 0.364 -> 0.355; the 320-channel 3x3 convolution
  // 0.617 -> 0.640 (its best, 32 x 64 tiles, took 0.460 but lost on the GEMMs: 0.100 on 2048 x
  // 768 x 768; bench/RESULTS.md).
  const bool wide =
      ceilDiv(c->m, 2 * kGpuTile) * ceilDiv(c->n, 2 * kGpuTile) * c->batch >=
      2 * target.multiprocessors;
  const int64_t tile = wide ? 2 * kGpuTile : kGpuTile;
  return applySchedule(k,
                       {{OptKind::Tile, 0, tile},
                        {OptKind::Tile, 1, tile},
                        {OptKind::Tile, 2, wide ? 32 : 16},
                        {OptKind::Unroll, 0, 8},
                        {OptKind::Unroll, 1, wide ? 8 : 4},
                        {OptKind::Local, 0, wide ? 256 : 128},
                        {OptKind::Global, 0, k.rank()}},
                       target, why);
}

// A kernel without a reduction whose biggest operand is contiguous along an output dim a but
// not along the last one (the output's) is a transpose: staged through shared memory, both
// its reads and its writes coalesce. H200, 2026-11-30 (a 32 MiB [8192, 4096] transpose): 26%
// of the copy bandwidth one element per thread, 68% through 32 x 32 tiles (88% with each
// thread's loads of a tile unrolled, 2026-12-02). Dims shorter than kGpuMinTransposeDim leave
// most of a tile empty.
constexpr int64_t kGpuMinTransposeDim = 16;

bool chooseGpuTranspose(Kernel &k, const ScheduleTarget &target) {
  const int last = k.rank() - 1;
  if (last < 1 || findReduce(k) != kNoExpr || k.shape[last] < kGpuMinTransposeDim)
    return false;
  ExprId load = biggestLoad(k, k.value);
  if (load == kNoExpr)
    return false;
  ExprId index = k.graph.node(load).src[0];
  std::optional<int64_t> alongLast = indexStride(k, index, last);
  if (alongLast && (*alongLast == 1 || *alongLast == 0))
    return false;
  for (int a = last - 1; a >= 0; --a) {
    if (k.shape[a] < kGpuMinTransposeDim || indexStride(k, index, a) != 1)
      continue;
    std::string why;
    return applySchedule(k,
                         {{OptKind::Tile, a, kGpuTransposeTile},
                          {OptKind::Local, 0, kGpuBlock},
                          {OptKind::Global, 0, k.rank()}},
                         target, why);
  }
  return false;
}

void chooseGpu(Kernel &k, const ScheduleTarget &target) {
  k.opts.clear();
  // Over run-time extents the renderer has the plain forms only (a thread or a group of
  // threads per element or row, one element per thread and iteration): no shared-memory
  // tiles, no rows in registers, no upcast (each assumes its static extents).
  const bool run = k.hasRunExtents();
  if (!run && (chooseGpuTiling(k, target) || chooseGpuTranspose(k, target)))
    return;
  const int64_t n = std::max<int64_t>(product(k.shape), 1);
  int64_t group = 1, local = kGpuBlock;
  ExprId reduce = findReduce(k);
  if (k.isRowKernel()) {
    // A row's threads: enough to keep each one's share at a few elements (their loads are in
    // flight together). Where the reductions run over the row itself, the threads hold it in
    // registers (upcast) when it fits, so the row leaves memory once; else the later passes
    // read it again, mostly from L1.
    const int64_t perRow = std::max(product(k.reduceShape), k.rowLength());
    const int64_t limit = std::min<int64_t>(
        {(perRow + kGpuRowElementsPerThread - 1) / kGpuRowElementsPerThread, kGpuMaxGroup,
         target.maxBlockThreads});
    while (group < limit)
      group *= 2;
    if (group > 1)
      tryOpt(k, {OptKind::GroupReduce, 0, group}, target);
    int64_t perThread = (k.rowLength() + group - 1) / group;
    if (perThread > 1 && !run)
      tryOpt(k, {OptKind::Upcast, k.rank() - 1, perThread}, target); // refused if it does not fit
    local = std::max<int64_t>(kGpuBlock / group, 1);
  } else if (reduce != kNoExpr) {
    // Lanes along the output: a warp of consecutive elements per block, the group across warps.
    bool strided = contiguousAlongOutput(k, reduce);
    const int64_t terms = product(k.reduceShape);
    const int64_t limit = std::min<int64_t>(
        {kGpuTargetThreads / n, (terms + kGpuMinTermsPerThread - 1) / kGpuMinTermsPerThread,
         strided ? target.maxBlockThreads / 32 : kGpuMaxGroup, target.maxBlockThreads});
    while (group * 2 <= limit)
      group *= 2;
    if (group > 1)
      tryOpt(k, {OptKind::GroupReduce, strided ? 1 : 0, group}, target);
    local = strided && group > 1 ? 32 : std::max<int64_t>(kGpuBlock / group, 1);
  }
  tryOpt(k, {OptKind::Local, 0, local}, target);
  // A large elementwise kernel: several elements per thread keep more loads in flight.
  if (reduce == kNoExpr && k.rank() > 0 && n >= kGpuUpcast * kGpuTargetThreads && !run)
    tryOpt(k, {OptKind::Upcast, k.rank() - 1, kGpuUpcast}, target);
  tryOpt(k, {OptKind::Global, 0, k.rank()}, target);
}

} // namespace

void chooseKernelOpts(Kernel &kernel, const ScheduleTarget &target) {
  if (kernel.attention) { // the one schedule an attention kernel has (Schedule.h)
    tryOpt(kernel, {OptKind::Global, 0, kernel.rank() - 1}, target);
    if (target.gpu && target.precision != Precision::FP32)
      tryOpt(kernel, {OptKind::Mma, 0, target.precision == Precision::TF32 ? 1 : 3}, target);
    if (!target.gpu && target.lanes > 1)
      tryOpt(kernel, {OptKind::Upcast, kernel.rank() - 1, target.lanes}, target);
    return;
  }
  target.gpu ? chooseGpu(kernel, target) : chooseCpu(kernel, target);
}

void chooseOpts(Program &program, const ScheduleTarget &target) {
  for (Kernel &k : program.kernels)
    chooseKernelOpts(k, target);
}

} // namespace picoc
