//===- Schedule.cpp - applyOpt and the JSON form of a schedule ------------------------===//
//
// applyOpt checks an opt against the kernel (axis and amount in range, at most one of each
// kind where only one makes sense, a reduction for group_reduce) and against the target (the
// kinds it renders); see Schedule.h for what each kind means.
//
//===------------------------------------------------------------------------------===//
#include "picoc/Kernel/Schedule.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace picoc::kir {

namespace {

bool isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

const Opt *findOpt(const Kernel &k, OptKind kind, int axis = -1) {
  for (const Opt &o : k.opts)
    if (o.kind == kind && (axis < 0 || o.axis == axis))
      return &o;
  return nullptr;
}

// True if the kernel reads its own output buffer (then partial sums cannot live there).
bool readsOwnOutput(const Kernel &k) {
  for (size_t i = 0; i < k.graph.size(); ++i) {
    const Node &n = k.graph.node(static_cast<ExprId>(i));
    if (n.op == Op::Load && n.arg == k.output)
      return true;
  }
  return false;
}

int64_t extentOf(const Kernel &k, int axis) {
  return axis < k.rank() ? k.shape[axis] : k.reduceShape[axis - k.rank()];
}

// The target-independent checks; `why` says what does not fit.
bool fitsKernel(const Kernel &k, const Opt &o, std::string &why) {
  std::string name = optKindName(o.kind);
  if (o.kind == OptKind::Global) {
    if (findOpt(k, OptKind::Global)) {
      why = "the launch is already set";
      return false;
    }
    if (o.axis != 0 || o.amount < 0 || o.amount > k.rank()) {
      why = "global takes 0..rank (" + std::to_string(k.rank()) + ") leading dims";
      return false;
    }
    return true;
  }
  if (o.kind == OptKind::Local || o.kind == OptKind::GroupReduce) {
    if (findOpt(k, o.kind)) {
      why = name + " is already set";
      return false;
    }
    if (o.axis < 0 || o.axis > (o.kind == OptKind::GroupReduce ? 1 : 0) || o.amount < 1) {
      why = name + (o.kind == OptKind::GroupReduce ? " takes axis 0 (consecutive lanes) or 1 "
                                                     "(strided lanes)"
                                                   : " takes axis 0") +
            " and an amount >= 1";
      return false;
    }
    if (o.kind == OptKind::GroupReduce && (findReduce(k) == kNoExpr || !isPowerOfTwo(o.amount))) {
      why = "group_reduce needs a reduction and a power of two";
      return false;
    }
    return true;
  }
  if (o.axis < 0 || o.axis >= k.numVars()) {
    why = name + " axis " + std::to_string(o.axis) + " is outside the kernel's " +
          std::to_string(k.numVars()) + " axes";
    return false;
  }
  bool reduction = o.axis >= k.rank();
  // A tile of 1 on an output axis does change the nest: the axis's loop moves out to the
  // block loops, around the other output axes (a matmul over B in panels: each panel meets
  // every row group of a tile before the next panel).
  if (o.amount < (o.kind == OptKind::Tile && !reduction ? 1 : 2)) {
    why = name + " by " + std::to_string(o.amount) + " changes nothing";
    return false;
  }
  switch (o.kind) {
  case OptKind::Upcast:
    if (findOpt(k, OptKind::Upcast)) {
      why = "the kernel is already vectorized";
      return false;
    }
    if (reduction && (o.axis != k.numVars() - 1 || (k.rank() > 0 && k.shape.back() != 1))) {
      why = "only the innermost reduction axis of a kernel with one output per row is "
            "vectorized";
      return false;
    }
    return true;
  case OptKind::Unroll:
    if (findOpt(k, OptKind::Unroll, o.axis) ||
        (!reduction && std::any_of(k.opts.begin(), k.opts.end(), [&](const Opt &p) {
           return p.kind == OptKind::Unroll && p.axis < k.rank();
         }))) {
      why = "the register tile is already set";
      return false;
    }
    return true;
  case OptKind::Tile:
    if (findOpt(k, OptKind::Tile, o.axis)) {
      why = "axis " + std::to_string(o.axis) + " is already tiled";
      return false;
    }
    // (an output axis may be one block: its launch chunk is then the whole axis)
    if (o.amount > extentOf(k, o.axis) || (reduction && o.amount == extentOf(k, o.axis))) {
      why = "a tile of " + std::to_string(o.amount) + " covers the whole axis (" +
            std::to_string(extentOf(k, o.axis)) + ")";
      return false;
    }
    if (reduction) {
      ExprId reduce = findReduce(k);
      if (reduce == kNoExpr || k.graph.node(k.value).dtype != k.graph.node(reduce).dtype ||
          readsOwnOutput(k)) {
        why = "a tiled reduction keeps partial results in the output buffer, which needs the "
              "accumulator's dtype there and no reads of it";
        return false;
      }
    }
    return true;
  default: break;
  }
  why = "unknown opt kind";
  return false;
}

// A GPU row kernel's upcast: its threads hold the whole row in registers, `amount` elements
// each, through every pass (the reductions run over the row itself).
bool fitsRegisterRow(const Kernel &k, const Opt &o, std::string &why) {
  std::vector<int64_t> along(k.shape.begin() + k.rowDims(), k.shape.end());
  int64_t threads = gpuLaunchOf(k).groupSize;
  if (o.axis != k.rank() - 1 || along != k.reduceShape || o.amount > kMaxRowRegisters ||
      threads * o.amount < k.rowLength()) {
    why = "a row kernel's upcast holds its whole row in registers: the reduction runs over the "
          "row's dims, axis rank - 1, at most " + std::to_string(kMaxRowRegisters) +
          " elements per thread, and group_reduce (set first) x amount >= the row's " +
          std::to_string(k.rowLength()) + " elements";
    return false;
  }
  return true;
}

// The checks of what the target renders.
bool fitsTarget(const Kernel &k, const Opt &o, const ScheduleTarget &t, std::string &why) {
  std::string name = optKindName(o.kind);
  if (!t.gpu) {
    if (o.kind == OptKind::Local || o.kind == OptKind::GroupReduce) {
      why = name + " is a GPU opt: a CPU has no thread blocks";
      return false;
    }
    if (k.isRowKernel() &&
        (o.kind == OptKind::Unroll || o.kind == OptKind::Tile ||
         (o.kind == OptKind::Upcast && o.axis != k.rank() - 1) ||
         (o.kind == OptKind::Global && o.amount > k.rowDims()))) {
      why = "a row kernel on a CPU takes an upcast of its last dim and a launch over the rows' "
            "dims (global(0, n <= " + std::to_string(k.rowDims()) + ")) only";
      return false;
    }
    return true;
  }
  switch (o.kind) {
  case OptKind::Global:
    if (o.amount != k.rank()) {
      why = "the CUDA target launches over every output dim (global(0, " +
            std::to_string(k.rank()) + "))";
      return false;
    }
    return true;
  case OptKind::Local:
  case OptKind::GroupReduce: {
    if (o.kind == OptKind::GroupReduce && o.axis == 1 && k.isRowKernel()) {
      why = "a row kernel's threads are consecutive lanes (group_reduce axis 0)";
      return false;
    }
    // Whole warps are checked once both are known (applySchedule, and the renderer).
    GpuLaunch l = gpuLaunchOf(k);
    int64_t threads = (o.kind == OptKind::Local ? o.amount : l.elementsPerBlock) *
                      (o.kind == OptKind::GroupReduce ? o.amount : l.groupSize);
    if (threads > t.maxBlockThreads) {
      why = "a block of " + std::to_string(threads) + " threads (local x group_reduce) exceeds " +
            std::to_string(t.maxBlockThreads);
      return false;
    }
    return true;
  }
  case OptKind::Upcast:
    if (k.isRowKernel())
      return fitsRegisterRow(k, o, why);
    if (findReduce(k) != kNoExpr || o.axis != k.rank() - 1 || gpuLaunchOf(k).transposed()) {
      why = "the CUDA target upcasts only kernels without a reduction or transpose tile, along "
            "the last output dim (elements per thread), and row kernels";
      return false;
    }
    return true;
  default:
    why = "the CUDA target does not render " + name + " yet";
    return false;
  }
}

} // namespace

namespace {
// Visits each node reachable from `root` once, depth first; `visit` returns false to not look
// below a node.
template <typename Visit> void walk(const ExprGraph &g, ExprId root, Visit visit) {
  std::vector<ExprId> stack = {root};
  std::vector<char> seen(g.size(), 0);
  while (!stack.empty()) {
    ExprId e = stack.back();
    stack.pop_back();
    if (e < 0 || e >= static_cast<ExprId>(g.size()) || seen[e])
      continue;
    seen[e] = 1;
    if (!visit(e, g.node(e)))
      continue;
    for (ExprId s : g.node(e).src)
      if (s != kNoExpr)
        stack.push_back(s);
  }
}
} // namespace

ExprId findReduce(const Kernel &kernel) {
  ExprId found = kNoExpr;
  walk(kernel.graph, kernel.value, [&](ExprId e, const Node &n) {
    if (n.op == Op::Reduce && found == kNoExpr)
      found = e;
    return found == kNoExpr;
  });
  return found;
}

ExprId biggestLoad(const Kernel &kernel, ExprId root) {
  double biggest = 0;
  ExprId best = kNoExpr;
  walk(kernel.graph, root, [&](ExprId e, const Node &n) {
    if (n.op == Op::Reduce && e != root)
      return false;
    if (n.op != Op::Load)
      return true;
    double footprint = 1;
    for (int v = 0; v < kernel.numVars(); ++v)
      if (kernel.graph.dependsOn(n.src[0], v))
        footprint *= static_cast<double>(extentOf(kernel, v));
    if (footprint > biggest) {
      biggest = footprint;
      best = e;
    }
    return true;
  });
  return best;
}

std::optional<int64_t> indexStride(const Kernel &kernel, ExprId index, int v) {
  ExprGraph g = kernel.graph; // substitution adds nodes
  if (!g.dependsOn(index, v))
    return 0;
  ExprId next = g.substitute(index, v, g.addConst(g.var(v), 1));
  return g.constValue(g.binary(Op::Sub, next, index));
}

bool contiguousAlongReduction(const Kernel &kernel, ExprId factor, int dim) {
  ExprId load = biggestLoad(kernel, factor);
  if (load == kNoExpr)
    return false;
  ExprId index = kernel.graph.node(load).src[0];
  return indexStride(kernel, index, kernel.numVars() - 1) == 1 &&
         indexStride(kernel, index, dim) != 1;
}

bool loadAlongRows(const Kernel &kernel, ExprId factor, int dim) {
  const Node &n = kernel.graph.node(factor);
  return n.op == Op::Load && n.src[1] == kNoExpr && !contiguousAlongReduction(kernel, factor, dim);
}

std::optional<Contraction> contractionOf(const Kernel &kernel) {
  if (kernel.isRowKernel())
    return std::nullopt;
  std::vector<ExprId> reduces = kernel.reduces();
  if (reduces.size() != 1)
    return std::nullopt;
  const ExprGraph &g = kernel.graph;
  const Node &r = g.node(reduces[0]);
  if (static_cast<ReduceFn>(r.arg) != ReduceFn::Sum || g.node(r.src[0]).op != Op::Mul)
    return std::nullopt;
  Contraction c;
  c.reduce = reduces[0];
  c.lhs = g.node(r.src[0]).src[0];
  c.rhs = g.node(r.src[0]).src[1];
  for (int d = 0; d < kernel.rank(); ++d) {
    bool a = kernel.shape[d] > 1 && g.dependsOn(c.lhs, d);
    bool b = kernel.shape[d] > 1 && g.dependsOn(c.rhs, d);
    (a && !b ? c.aDims : b && !a ? c.bDims : c.batchDims).push_back(d);
    (a && !b ? c.m : b && !a ? c.n : c.batch) *= kernel.shape[d];
  }
  for (int64_t e : kernel.reduceShape)
    c.k *= e;
  if (c.aDims.empty() || c.bDims.empty())
    return std::nullopt;
  return c;
}

namespace {
// A GPU contraction's tiling (Schedule.h, tile and unroll): amounts are powers of two, a tile
// at most 256, a thread's share at most 8 and within its tile.
bool fitsGpuTiling(const Kernel &k, const Opt &o, std::string &why) {
  if (findReduce(k) == kNoExpr) { // a transpose through shared memory
    if (o.kind != OptKind::Tile || o.axis < 0 || o.axis >= k.rank() - 1 ||
        o.amount != kGpuTransposeTile || findOpt(k, OptKind::Tile) || findOpt(k, OptKind::Upcast)) {
      why = "a GPU kernel without a reduction takes one tile(a, " +
            std::to_string(kGpuTransposeTile) + "), a < rank - 1 (a transpose through shared "
            "memory), before any upcast";
      return false;
    }
    return true;
  }
  if (!contractionOf(k)) {
    why = "the GPU tiles contractions only (a Reduce sum of a product whose factors read "
          "different output dims)";
    return false;
  }
  bool tile = o.kind == OptKind::Tile;
  // The wgmma's N side may be any multiple of 32 (its warps' mma.sync form: 8 TN wide each):
  // 320 rows are two tiles of 160.
  const Opt *wgmma = findOpt(k, OptKind::Wgmma);
  const bool wgmmaN = wgmma && o.axis == wgmma->axis;
  const bool size = wgmmaN ? (tile ? o.amount % 32 == 0 : o.amount >= 1) : isPowerOfTwo(o.amount);
  if (o.axis < 0 || o.axis > (tile ? 2 : 1) || !size || o.amount > (tile ? 256 : 8) ||
      (tile && o.amount < 2) ||
      findOpt(k, o.kind, o.axis)) {
    why = tile ? "GPU tiles are tile(0, BM), tile(1, BN), tile(2, BK), once each, powers of two "
                 "up to 256 (the wgmma's N side: multiples of 32)"
               : "a GPU thread's tile is unroll(0, TM), unroll(1, TN), once each, powers of two "
                 "up to 8 (the wgmma's N side: up to 8)";
    return false;
  }
  return true;
}
} // namespace

const char *precisionName(Precision p) {
  switch (p) {
  case Precision::FP32: return "fp32";
  case Precision::TF32: return "tf32";
  case Precision::TF32x3: return "tf32x3";
  }
  return "?";
}

std::optional<Precision> precisionFromName(const std::string &name) {
  for (Precision p : {Precision::FP32, Precision::TF32, Precision::TF32x3})
    if (name == precisionName(p))
      return p;
  return std::nullopt;
}

namespace {
// Tensor cores (Schedule.h, mma): a GPU contraction of f32 factors into an f32 sum, or an
// attention kernel with head dims that are multiples of 8 up to kMaxMmaAttentionHeadDim;
// products the compile's precision allows (tf32: 1 or 3, tf32x3: 3), once.
bool fitsMma(const Kernel &k, const Opt &o, const ScheduleTarget &t, std::string &why) {
  std::optional<Contraction> c = contractionOf(k);
  if (!t.gpu || (!c && !k.attention)) {
    why = "tensor cores take a GPU contraction or attention";
    return false;
  }
  const ExprGraph &g = k.graph;
  if (c && (g.node(c->lhs).dtype != DType::F32 || g.node(c->rhs).dtype != DType::F32 ||
            g.node(c->reduce).dtype != DType::F32)) {
    why = "tensor cores take f32 factors and an f32 sum here";
    return false;
  }
  if (k.attention) {
    const int64_t e = k.reduceShape.back(),
                  d = k.shape.back() - (k.attention->splits > 0 ? 2 : 0);
    if (e % 8 != 0 || d % 8 != 0 || e > kMaxMmaAttentionHeadDim ||
        d > kMaxMmaAttentionHeadDim) {
      why = "an attention on tensor cores takes head dims that are multiples of 8, at most " +
            std::to_string(kMaxMmaAttentionHeadDim);
      return false;
    }
  }
  bool allowed = (t.precision == Precision::TF32 && (o.amount == 1 || o.amount == 3)) ||
                 (t.precision == Precision::TF32x3 && o.amount == 3);
  if (o.axis != 0 || !allowed || findOpt(k, OptKind::Mma)) {
    why = std::string("the compile's precision is ") + precisionName(t.precision) +
          ": mma(0, 1) needs --precision=tf32, mma(0, 3) tf32 or tf32x3, once";
    return false;
  }
  return true;
}

// Warpgroup MMA (Schedule.h, wgmma): on a target that has it, after mma(0, 1), once.
bool fitsWgmma(const Kernel &k, const Opt &o, const ScheduleTarget &t, std::string &why) {
  const Opt *mma = findOpt(k, OptKind::Mma);
  if (!t.gpu || !t.wgmma) {
    why = "warpgroup MMA needs a GPU target of sm_90 or sm_90a images only (Hopper)";
    return false;
  }
  if (!mma || mma->amount != 1 || (o.axis != 0 && o.axis != 1) || o.amount != 1 ||
      findOpt(k, OptKind::Wgmma)) {
    why = "wgmma(f, 1) takes factor f = 0 or 1, once, after mma(0, 1)";
    return false;
  }
  return true;
}
} // namespace

bool applyOpt(Kernel &kernel, const Opt &opt, const ScheduleTarget &target, std::string &why) {
  if (kernel.attention) {
    const bool launch = opt.kind == OptKind::Global && opt.axis == 0 &&
                        opt.amount == kernel.rank() - 1 && !findOpt(kernel, OptKind::Global);
    const bool vectors = !target.gpu && opt.kind == OptKind::Upcast &&
                         opt.axis == kernel.rank() - 1 && opt.amount > 1 &&
                         isPowerOfTwo(opt.amount) && !findOpt(kernel, OptKind::Upcast);
    if (opt.kind == OptKind::Mma) {
      if (!fitsMma(kernel, opt, target, why)) {
        why = "mma(" + std::to_string(opt.axis) + ", " + std::to_string(opt.amount) + "): " + why;
        return false;
      }
    } else if (!launch && !vectors) {
      why = std::string(optKindName(opt.kind)) + "(" + std::to_string(opt.axis) + ", " +
            std::to_string(opt.amount) + "): an attention kernel takes global(0, " +
            std::to_string(kernel.rank() - 1) + ") (its query rows launched), on a CPU " +
            "upcast(" + std::to_string(kernel.rank() - 1) + ", lanes), on a GPU mma(0, p)";
      return false;
    }
    kernel.opts.push_back(opt);
    return true;
  }
  if (opt.kind == OptKind::Mma) {
    if (!fitsMma(kernel, opt, target, why)) {
      why = "mma(" + std::to_string(opt.axis) + ", " + std::to_string(opt.amount) + "): " + why;
      return false;
    }
    kernel.opts.push_back(opt);
    return true;
  }
  if (opt.kind == OptKind::Wgmma) {
    if (!fitsWgmma(kernel, opt, target, why)) {
      why = "wgmma(" + std::to_string(opt.axis) + ", " + std::to_string(opt.amount) + "): " + why;
      return false;
    }
    kernel.opts.push_back(opt);
    return true;
  }
  if (target.gpu && (opt.kind == OptKind::Tile || opt.kind == OptKind::Unroll)) {
    if (!fitsGpuTiling(kernel, opt, why)) {
      why = std::string(optKindName(opt.kind)) + "(" + std::to_string(opt.axis) + ", " +
            std::to_string(opt.amount) + "): " + why;
      return false;
    }
    kernel.opts.push_back(opt);
    return true;
  }
  if (!fitsKernel(kernel, opt, why) || !fitsTarget(kernel, opt, target, why)) {
    why = std::string(optKindName(opt.kind)) + "(" + std::to_string(opt.axis) + ", " +
          std::to_string(opt.amount) + "): " + why;
    return false;
  }
  kernel.opts.push_back(opt);
  return true;
}

bool applySchedule(Kernel &kernel, const std::vector<Opt> &opts, const ScheduleTarget &target,
                   std::string &why) {
  std::vector<Opt> old = std::move(kernel.opts);
  kernel.opts.clear();
  for (const Opt &o : opts)
    if (!applyOpt(kernel, o, target, why)) {
      kernel.opts = std::move(old);
      return false;
    }
  if (target.gpu && !opts.empty() && !kernel.attention) { // attention: launched by its rows
    // The GPU launch needs the whole launch, and whole warps once the group is known.
    GpuLaunch l = gpuLaunchOf(kernel);
    if (!std::any_of(opts.begin(), opts.end(),
                     [](const Opt &o) { return o.kind == OptKind::Global; }) ||
        l.blockThreads() % 32 != 0) {
      why = "a GPU schedule needs global(0, rank) and blocks of whole warps";
      kernel.opts = std::move(old);
      return false;
    }
  }
  return true;
}

GpuLaunch gpuLaunchOf(const Kernel &kernel) {
  GpuLaunch l;
  for (const Opt &o : kernel.opts) {
    if (o.kind == OptKind::Local)
      l.elementsPerBlock = o.amount;
    if (o.kind == OptKind::GroupReduce) {
      l.groupSize = static_cast<int>(o.amount);
      l.strided = o.axis == 1;
    }
    if (o.kind == OptKind::Upcast)
      l.perThread = o.amount;
    if (o.kind == OptKind::Tile && o.axis >= 0 && o.axis < 3)
      l.tile[o.axis] = o.amount;
    if (o.kind == OptKind::Tile && o.axis >= 0)
      l.transposeAxis = o.axis; // undone below for a contraction
    if (o.kind == OptKind::Mma)
      l.mmaProducts = static_cast<int>(o.amount);
    if (o.kind == OptKind::Wgmma)
      l.wgmmaShared = o.axis;
    if (o.kind == OptKind::Unroll && o.axis >= 0 && o.axis < 2)
      l.threadTile[o.axis] = o.amount;
  }
  // A tile is a contraction's (its frame's axes) where there is a reduction, else a transpose.
  if (l.transposeAxis >= 0) {
    if (findReduce(kernel) != kNoExpr)
      l.transposeAxis = -1;
    else
      l.tile = {0, 0, 0};
  }
  return l;
}

std::string scheduleToJson(const std::vector<Opt> &opts) {
  std::string s = "[";
  for (size_t i = 0; i < opts.size(); ++i)
    s += std::string(i ? ", " : "") + "{\"kind\": \"" + optKindName(opts[i].kind) +
         "\", \"axis\": " + std::to_string(opts[i].axis) +
         ", \"amount\": " + std::to_string(opts[i].amount) + "}";
  return s + "]";
}

bool scheduleFromJson(const std::string &text, std::vector<Opt> &opts, std::string &error) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array()) {
    error = "a schedule is a JSON array of {\"kind\", \"axis\", \"amount\"} objects";
    return false;
  }
  std::vector<Opt> parsed;
  for (const nlohmann::json &o : j) {
    if (!o.is_object() || !o.contains("kind") || !o["kind"].is_string() ||
        !o.contains("axis") || !o["axis"].is_number_integer() || !o.contains("amount") ||
        !o["amount"].is_number_integer() || o.size() != 3) {
      error = "bad opt " + o.dump() + ": expected {\"kind\": NAME, \"axis\": INT, \"amount\": INT}";
      return false;
    }
    std::optional<OptKind> kind = optKindFromName(o["kind"].get<std::string>());
    int64_t axis = o["axis"].get<int64_t>();
    if (!kind || axis < INT32_MIN || axis > INT32_MAX) {
      error = "bad opt " + o.dump() + ": unknown kind or axis out of range";
      return false;
    }
    parsed.push_back({*kind, static_cast<int>(axis), o["amount"].get<int64_t>()});
  }
  opts = std::move(parsed);
  return true;
}

} // namespace picoc::kir
