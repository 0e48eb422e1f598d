//===- CudaRenderer.cpp - kir::Program kernels as CUDA C ------------------------------===//
//
// Renders kernels as CUDA C (the mapping is described in CudaRenderer.h). A kernel is first
// planned: its live nodes are checked and sorted into the three places SSA values live in
// (before the reduction loop, inside it, in the epilogue); then the function is written out
// around them. Node ids are topological (a node is interned after its operands), so emitting
// each place's nodes in id order respects every use.
//
//===---------------------------------------------------------------------------------===//

#include "CudaRenderer.h"

#include "CudaAttention.h"
#include "CudaExpr.h"

#include "picoc/Kernel/Schedule.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <sstream>
#include <unordered_map>

namespace picoc::cuda {

using namespace kir;

namespace {

constexpr int64_t kMaxBlocks = int64_t(1) << 16; // the loops stride over the rest
constexpr const char *kFullMask = "0xffffffffu";

int64_t product(const std::vector<int64_t> &dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Operands an op requires (a Load's guard, src[1], is optional).
int arity(Op op) {
  switch (op) {
  case Op::Var:
  case Op::Dim:
  case Op::Const: return 0;
  case Op::Select: return 3;
  case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Pow: case Op::Max:
  case Op::Min: case Op::Mod: case Op::FMod: case Op::CmpEq: case Op::CmpLt: case Op::CmpLe:
  case Op::CmpGt: case Op::CmpGe: case Op::And: case Op::Or: case Op::Xor: case Op::Shl:
  case Op::Shr: return 2;
  default: return 1;
  }
}

// Nodes referred to inline rather than computed (ref): variables, run-time dims, constants.
bool isInline(Op op) { return op == Op::Var || op == Op::Dim || op == Op::Const; }

// Where each live node of a kernel is computed.
struct KernelPlan {
  ExprId reduce = kNoExpr;
  std::vector<ExprId> pre;      // per output element, before the reduction (all, if none)
  std::vector<ExprId> inner;    // per reduction step: nodes that use reduction variables
  std::vector<ExprId> epilogue; // after the reduction: nodes that use the Reduce
  std::vector<bool> usedVars;   // Var numbers read somewhere
  ParamMap params;
  // Row kernels (Kernel::isRowKernel): per row, the nodes of `perRow` in order (a Reduce there
  // is its reduction loop over `loopBody[reduce]`), then a loop along the row over `alongRow`.
  bool rows = false;
  int rowDims = 0;
  std::vector<ExprId> perRow;
  std::map<ExprId, std::vector<ExprId>> loopBody;
  std::vector<ExprId> alongRow;
  // Row kernels whose reduction space is the row (softmax, norms): loads of the same element in
  // several passes, each with its register array (`cacheN[s]`) filled by the first pass (the
  // load in `fillsCache`) and read by the others. Used when the schedule holds the row in
  // registers (upcast).
  std::map<ExprId, int> cacheOf;
  std::set<std::pair<size_t, ExprId>> fillsCache; // (pass, load): pass 0 is the first Reduce's
  std::vector<DType> cacheTypes;
};

// A tiled contraction's stages (CudaRenderer.h): slots of shared memory, each holding BK
// reduction terms of both factors' tiles, filled ahead of the slot being computed. Three; four
// with wgmma, whose products on one slot are still in flight while the next slot's are
// issued (so a slot is refilled two steps after its products, not one).
int tileStages(const GpuLaunch &l) { return l.wgmmaShared >= 0 ? 4 : 3; }

// How one factor's BK x B{M,N} tiles lie in shared memory. Stored [row][k] when the factor's
// biggest load is contiguous along the innermost reduction variable and not along its rows
// (each thread's global reads and shared writes then run along k), else [k][row]. Rows are
// padded by a multiple of 4 elements (16-byte copies stay aligned) so that a warp's reads hit
// distinct banks: tensor-core fragments (CudaRenderer's mmaStage) read 8 rows by 4 pairs of
// terms of [row][k] (pitch = 8 mod 16) and 4 pairs of terms by 8 rows, or by 8 runs of kTN
// columns, of [k][row] (pitch = 4 mod 32); the SIMT loop reads 4 adjacent rows of [k][row]
// and 4 terms of [row][k] a read (the pitch BK + 4 puts 8 rows' reads in distinct banks for BK
// a multiple of 8). With wgmma, a factor read by descriptor is [row][32] with the
// 128-byte swizzle (picoc_wgmma_desc), whatever its layout in memory, each slot 1024-byte
// aligned; the other factor, where its fragments go through registers (wgmmaRegisters), reads
// 4 terms by 8 rows of [k][row] (pitch = 4 mod 32).
struct TileLayout {
  bool kMajor = false;
  bool readAlongK = false;   // the factor is stored along k in memory (its copies run along k)
  bool swizzled = false;     // [row][32] with the 128-byte swizzle (a wgmma descriptor's)
  int64_t rows = 0;          // BM or BN
  int64_t pitch = 0;         // elements from one stored row ([row][k]) or k step to the next
  int64_t stageElements = 0; // one slot's elements, rounded up to 16 bytes (1024 with wgmma)
  int64_t elementBytes = 4;
};

// With wgmma, whether factor `side` (0: A, 1: B) goes through registers: the one that is not
// the wgmma's N where it is a load along its rows (kir::loadAlongRows; 4-byte transposing
// copies into a descriptor's tile measured 138 TFLOP/s against 193 through registers, H200,
// 2026-12-01, a 4096^3 GEMM at tf32). A factor the threads compute is stored along k.
bool wgmmaRegisters(const Kernel &k, const GpuLaunch &l, ExprId factor,
                    const std::vector<int> &dims, int side) {
  return l.wgmmaShared >= 0 && side != l.wgmmaShared && loadAlongRows(k, factor, dims.back());
}

// Factor `side` (0: A, 1: B) of a tiled contraction.
TileLayout tileLayout(const Kernel &k, const GpuLaunch &l, ExprId factor,
                      const std::vector<int> &dims, int64_t rows, int side) {
  const bool mma = l.mmaProducts > 0, wgmma = l.wgmmaShared >= 0;
  const int64_t bk = l.tile[2];
  TileLayout t;
  t.kMajor = t.readAlongK = contiguousAlongReduction(k, factor, dims.back());
  t.swizzled = wgmma && !wgmmaRegisters(k, l, factor, dims, side);
  t.rows = rows;
  if (t.swizzled) {
    t.kMajor = true;
    t.pitch = bk;
  } else {
    t.pitch = t.kMajor ? bk + (mma ? 8 : 4) : rows + 4;
  }
  t.elementBytes = std::max<int64_t>(1, dtypeSize(k.graph.node(factor).dtype));
  const int64_t perVector = std::max<int64_t>(1, (wgmma ? 1024 : 16) / t.elementBytes);
  t.stageElements = ceilDiv((t.kMajor ? rows : bk) * t.pitch, perVector) * perVector;
  return t;
}

// The most terms whose offsets a tiled contraction reads from a table (TileFactor::termTable):
// 64 KB of ints.
constexpr int64_t kMaxTermTable = 16384;

// Shared memory a wgmma kernel adds to align its slots to 1024 bytes at run time.
constexpr int64_t kWgmmaAlignSlack = 1024;

// Dynamic shared memory of a tiled contraction: every stage of both factors.
int64_t tiledSharedBytes(const Kernel &k, const GpuLaunch &l) {
  const Contraction c = *contractionOf(k);
  int64_t bytes = l.wgmmaShared >= 0 ? kWgmmaAlignSlack : 0;
  for (auto [factor, dims, rows, side] : {std::tuple{c.lhs, c.aDims, l.tile[0], 0},
                                          std::tuple{c.rhs, c.bDims, l.tile[1], 1}}) {
    TileLayout t = tileLayout(k, l, factor, dims, rows, side);
    bytes += tileStages(l) * t.stageElements * t.elementBytes;
  }
  return bytes;
}

// The register arrays of a row kernel (KernelPlan::cacheOf). A load of a reduction's body and
// one along the row read the same element when the first's index and guard, with each
// reduction variable replaced by the row's dim in the same place, are the second's.
void planRowCaches(const Kernel &k, KernelPlan &plan) {
  std::vector<int64_t> along(k.shape.begin() + plan.rowDims, k.shape.end());
  if (along != k.reduceShape)
    return;
  ExprGraph g = k.graph; // substitution adds nodes
  auto rowForm = [&](ExprId e) {
    for (size_t i = 0; e != kNoExpr && i < k.reduceShape.size(); ++i)
      e = g.substitute(e, k.rank() + static_cast<int64_t>(i),
                       g.var(plan.rowDims + static_cast<int64_t>(i)));
    return e;
  };
  // The passes in order: each Reduce's loop, then the row.
  std::vector<const std::vector<ExprId> *> passes;
  for (ExprId id : plan.perRow)
    if (k.graph.node(id).op == Op::Reduce)
      passes.push_back(&plan.loopBody.at(id));
  passes.push_back(&plan.alongRow);
  std::map<std::tuple<int64_t, ExprId, ExprId>, std::vector<std::pair<size_t, ExprId>>> uses;
  for (size_t p = 0; p < passes.size(); ++p)
    for (ExprId id : *passes[p]) {
      const Node &n = k.graph.node(id);
      if (n.op == Op::Load)
        uses[{n.arg, rowForm(n.src[0]), rowForm(n.src[1])}].push_back({p, id});
    }
  for (const auto &[key, loads] : uses) {
    if (loads.front().first == loads.back().first)
      continue; // read by one pass only
    int cache = static_cast<int>(plan.cacheTypes.size());
    plan.cacheTypes.push_back(k.graph.node(loads.front().second).dtype);
    for (const auto &[pass, id] : loads) {
      plan.cacheOf[id] = cache;
      if (pass == loads.front().first)
        plan.fillsCache.insert({pass, id});
    }
  }
}

// The row-kernel places of a plan whose other fields planKernel has set.
bool planRows(const Kernel &k, const std::vector<bool> &live, const std::vector<bool> &usesRVar,
              KernelPlan &plan, std::string &why) {
  const ExprGraph &g = k.graph;
  plan.rows = true;
  plan.rowDims = k.rowDims();
  std::vector<bool> alongRow(g.size(), false), inALoop(g.size(), false);
  for (ExprId id = 0; id <= k.value; ++id) {
    if (!live[id])
      continue;
    const Node &n = g.node(id);
    alongRow[id] = n.op == Op::Var && n.arg >= plan.rowDims && n.arg < k.rank();
    for (ExprId s : n.src)
      if (s != kNoExpr && alongRow[s])
        alongRow[id] = true;
  }
  for (ExprId reduce : k.reduces()) {
    // The reduce's loop body: the nodes below it that use reduction variables (a Reduce below
    // it is a value computed earlier in the row).
    std::vector<bool> below(g.size(), false);
    below[g.node(reduce).src[0]] = true;
    for (ExprId id = reduce - 1; id >= 0; --id)
      if (below[id] && g.node(id).op != Op::Reduce)
        for (ExprId s : g.node(id).src)
          if (s != kNoExpr)
            below[s] = true;
    std::vector<ExprId> &body = plan.loopBody[reduce];
    for (ExprId id = 0; id < reduce; ++id)
      if (below[id] && usesRVar[id] && !isInline(g.node(id).op)) {
        body.push_back(id);
        inALoop[id] = true;
      }
  }
  for (ExprId id = 0; id <= k.value; ++id) {
    Op op = g.node(id).op;
    if (!live[id] || isInline(op))
      continue;
    if (usesRVar[id] && !inALoop[id]) {
      why = "node %" + std::to_string(id) + " uses a reduction variable outside a Reduce";
      return false;
    }
    if (alongRow[id])
      plan.alongRow.push_back(id);
    else if (!usesRVar[id])
      plan.perRow.push_back(id);
  }
  planRowCaches(k, plan);
  return true;
}

bool planKernel(const Kernel &k, KernelPlan &plan, std::string &why) {
  const ExprGraph &g = k.graph;
  const auto size = static_cast<ExprId>(g.size());
  if (k.value < 0 || k.value >= size) {
    why = "the kernel has no value";
    return false;
  }
  for (size_t i = 0; i < k.inputs.size(); ++i)
    plan.params.emplace(k.inputs[i], "in" + std::to_string(i));

  // Live nodes: those the value reaches (operands precede their users, see the file comment).
  std::vector<bool> live(size, false);
  live[k.value] = true;
  for (ExprId id = k.value; id >= 0; --id)
    if (live[id])
      for (ExprId s : g.node(id).src) {
        if (s != kNoExpr && (s < 0 || s >= id)) {
          why = "node %" + std::to_string(id) + " has an operand that does not precede it";
          return false;
        }
        if (s != kNoExpr)
          live[s] = true;
      }

  // Which nodes depend on reduction variables (those below the Reduce do).
  std::vector<bool> usesRVar(size, false);
  plan.usedVars.assign(k.numVars(), false);
  for (ExprId id = 0; id <= k.value; ++id) {
    if (!live[id])
      continue;
    const Node &n = g.node(id);
    for (ExprId s : n.src)
      if (s != kNoExpr && usesRVar[s])
        usesRVar[id] = true;
    if (std::any_of(n.src.begin(), n.src.begin() + arity(n.op),
                    [](ExprId s) { return s == kNoExpr; })) {
      why = "node %" + std::to_string(id) + " lacks an operand";
      return false;
    }
    if (n.op == Op::Var) {
      if (n.arg < 0 || n.arg >= k.numVars()) {
        why = "variable v" + std::to_string(n.arg) + " is outside the iteration space";
        return false;
      }
      plan.usedVars[n.arg] = true;
      usesRVar[id] = n.arg >= k.rank();
    } else if (n.op == Op::Reduce) {
      if (plan.reduce == kNoExpr)
        plan.reduce = id;
      usesRVar[id] = false;
      if (n.arg < 0 || n.arg > static_cast<int64_t>(ReduceFn::Prod) || !cType(n.dtype) ||
          !reduceIdentity(static_cast<ReduceFn>(n.arg), n.dtype)) {
        why = "no CUDA rendering of a Reduce on " + std::string(dtypeName(n.dtype));
        return false;
      }
    } else if (n.op == Op::Load && !plan.params.count(n.arg)) {
      why = "a load from buffer b" + std::to_string(n.arg) + ", which is not a kernel input";
      return false;
    } else if (!isInline(n.op) && !nodeExpr(g, id, plan.params)) {
      why = "no CUDA rendering of " + std::string(opName(n.op)) + " on " +
            dtypeName(n.dtype);
      return false;
    } else if (!cType(n.dtype)) {
      why = std::string("no CUDA rendering of ") + dtypeName(n.dtype) + " values";
      return false;
    }
  }
  if (usesRVar[k.value]) {
    why = "a reduction variable is used outside the Reduce node";
    return false;
  }
  if (!k.reduceShape.empty() && plan.reduce == kNoExpr) {
    why = "reduction axes without a Reduce node";
    return false;
  }
  if (k.isRowKernel())
    return planRows(k, live, usesRVar, plan, why);

  // Nodes below the Reduce go before or inside the loop; the others into the epilogue.
  std::vector<bool> inLoop(size, false);
  if (plan.reduce != kNoExpr) {
    inLoop[g.node(plan.reduce).src[0]] = true;
    for (ExprId id = plan.reduce; id >= 0; --id)
      if (inLoop[id])
        for (ExprId s : g.node(id).src)
          if (s != kNoExpr)
            inLoop[s] = true;
  }
  for (ExprId id = 0; id <= k.value; ++id) {
    Op op = g.node(id).op;
    if (!live[id] || isInline(op) || op == Op::Reduce)
      continue;
    if (plan.reduce == kNoExpr || (inLoop[id] && !usesRVar[id]))
      plan.pre.push_back(id);
    else if (inLoop[id])
      plan.inner.push_back(id);
    else
      plan.epilogue.push_back(id);
  }
  return true;
}

bool isIdentifier(const std::string &s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Writes the body of one kernel function.
class KernelWriter : SourceWriter {
public:
  // `outShape`: the output buffer's shape (the iteration space's, unless the kernel writes
  // part of it: Kernel::outputStart).
  // `globals` receives what the kernel needs at file scope (a tiled contraction's tables of
  // term offsets), written before its function.
  KernelWriter(const Kernel &k, const KernelPlan &plan, const LaunchConfig &launch,
               int numDims, const std::vector<int64_t> &outShape, std::ostringstream &os,
               std::string &globals)
      : SourceWriter(os), k_(k), g_(k.graph), plan_(plan), launch_(launch), numDims_(numDims),
        outShape_(outShape), globals_(globals) {}

  void write() {
    if (k_.readsRunDims())
      declareRunDims();
    if (!k_.outputStart.empty()) // stores from the start on (a state's append)
      line("out += " + dimValue(k_.outputOffset(outShape_)) + ";");
    if (plan_.rows) {
      writeRows();
      return;
    }
    if (launch_.tiled) {
      writeTiledContraction();
      return;
    }
    if (launch_.transposeAxis >= 0) {
      writeTiledTranspose();
      return;
    }
    line("const long long n = " + count(0, k_.rank()) + "; // output elements");
    if (plan_.reduce == kNoExpr || launch_.groupSize == 1)
      writeThreadPerElement();
    else if (launch_.strided)
      writeStridedGroups();
    else
      writeGroupPerElement();
  }

private:

  // Run-time dims (the kernel's last parameter, `dims`): d<i> per dim, and e<v> for each
  // variable whose extent reads them. The launch covers the bounds; the loops below count
  // the call's elements and split their indices at the call's sizes, while loads and stores
  // address the buffers at their bounds.
  void declareRunDims() {
    for (int i = 0; i < numDims_; ++i)
      line("const long long d" + std::to_string(i) + " = dims[" + std::to_string(i) + "];");
    for (int v = 0; v < static_cast<int>(k_.runExtents.size()); ++v)
      if (!k_.runExtents[v].isConstant())
        line("const long long e" + std::to_string(v) + " = " + dimValue(k_.runExtents[v]) + ";");
  }
  bool run() const { return k_.hasRunExtents(); }
  // Variable v's extent in this call: a literal, or its e<v>.
  std::string ext(int v) const {
    DimExpr e = k_.runExtent(v);
    return e.isConstant() ? intLiteral(e.constant, DType::I64) : "e" + std::to_string(v);
  }
  // The product of the extents of variables [first, first + num).
  std::string count(int first, int num) const {
    if (!run()) {
      int64_t p = 1;
      for (int v = first; v < first + num; ++v)
        p *= v < k_.rank() ? k_.shape[v] : k_.reduceShape[v - k_.rank()];
      return intLiteral(p, DType::I64);
    }
    std::string s;
    for (int v = first; v < first + num; ++v)
      s += (s.empty() ? "" : " * ") + ext(v);
    return s.empty() ? intLiteral(1, DType::I64) : "(" + s + ")";
  }
  // Over run-time extents every output variable is known where the element is stored.
  std::vector<bool> withOutputVars(std::vector<bool> used) const {
    for (int d = 0; run() && d < k_.rank(); ++d)
      used[d] = true;
    return used;
  }

  // v<first+i> from the row-major linear index `linear` over `dims`, for the variables used;
  // `linear` lies in [0, product(dims)) (or just past it, at a tile's edge), so in 32-bit
  // arithmetic where that product fits (a 64-bit division by a constant is a long emulated
  // sequence: a [320, 320, 3, 3] filter's channels-last copy took 9 us for 3.7 MB).
  void decompose(const std::vector<int64_t> &dims, int first, const std::string &linear) {
    decompose(dims, first, linear, plan_.usedVars);
  }
  void decompose(const std::vector<int64_t> &dims, int first, const std::string &linear,
                 const std::vector<bool> &used) {
    if (run()) { // at the call's sizes
      std::string stride;
      std::vector<std::string> lines;
      for (int i = static_cast<int>(dims.size()) - 1; i >= 0; --i) {
        if (used[first + i]) {
          std::string e = stride.empty() ? linear : "(" + linear + " / (" + stride + "))";
          if (i != 0)
            e += " % " + ext(first + i);
          lines.push_back("const long long v" + std::to_string(first + i) + " = " + e + ";");
        }
        stride = stride.empty() ? ext(first + i) : stride + " * " + ext(first + i);
      }
      for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        line(*it);
      return;
    }
    const bool narrow = product(dims) < (int64_t(1) << 31);
    int64_t stride = 1;
    std::vector<std::string> lines;
    for (int i = static_cast<int>(dims.size()) - 1; i >= 0; --i) {
      if (used[first + i]) {
        std::string e = linear;
        if (narrow) {
          e = narrowDigit(linear, stride, dims[i], i == 0);
        } else {
          if (stride != 1)
            e = i == 0 ? e + " / " + intLiteral(stride, DType::I64)
                       : "(" + e + " / " + intLiteral(stride, DType::I64) + ")";
          if (i != 0)
            e += " % " + intLiteral(dims[i], DType::I64);
        }
        lines.push_back("const long long v" + std::to_string(first + i) + " = " + e + ";");
      }
      stride *= dims[i];
    }
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
      line(*it);
  }

  // `const T tN = ...;` per node; in a row held in registers, the element's register array
  // stands for a load that an earlier pass made.
  void nodes(const std::vector<ExprId> &ids) {
    for (ExprId id : ids) {
      std::string def = "const " + std::string(cType(g_.node(id).dtype)) + " t" +
                        std::to_string(id) + " = ";
      auto cache = plan_.cacheOf.find(id);
      if (!registerRow() || cache == plan_.cacheOf.end()) {
        line(def + *nodeExpr(g_, id, plan_.params) + ";");
        continue;
      }
      std::string slot = "cache" + std::to_string(cache->second) + "[s]";
      if (!plan_.fillsCache.count({pass_, id})) {
        line(def + slot + ";");
        continue;
      }
      line(def + *nodeExpr(g_, id, plan_.params) + ";");
      line(slot + " = t" + std::to_string(id) + ";");
    }
  }

  // The nodes of a pass (`ids`, in id order) that `root` needs: a load read from its register
  // array needs no index.
  std::vector<ExprId> needed(const std::vector<ExprId> &ids, ExprId root) const {
    if (!registerRow())
      return ids;
    std::set<ExprId> inPass(ids.begin(), ids.end()), want = {root};
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      bool cachedRead = plan_.cacheOf.count(*it) && !plan_.fillsCache.count({pass_, *it});
      if (want.count(*it) && !cachedRead)
        for (ExprId s : g_.node(*it).src)
          if (s != kNoExpr && inPass.count(s))
            want.insert(s);
    }
    std::vector<ExprId> out;
    for (ExprId id : ids)
      if (want.count(id))
        out.push_back(id);
    return out;
  }

  // The variables that `ids` (and `root`) read.
  std::vector<bool> varsOf(const std::vector<ExprId> &ids, ExprId root) const {
    std::vector<bool> used(k_.numVars(), false);
    auto mark = [&](ExprId e) {
      if (e != kNoExpr && g_.node(e).op == Op::Var)
        used[g_.node(e).arg] = true;
    };
    mark(root);
    for (ExprId id : ids)
      for (ExprId s : g_.node(id).src)
        mark(s);
    return used;
  }

  // A row kernel's upcast: each thread holds its kPer elements of the row in registers.
  bool registerRow() const { return plan_.rows && launch_.perThread > 1; }
  // The group's registers hold exactly one row: no element needs a bounds check (then every
  // load of a pass can be in flight at once).
  bool exactRow() const {
    return registerRow() && k_.rowLength() == int64_t(launch_.groupSize) * launch_.perThread;
  }

  std::string storeLine() const {
    return "out[" + outIndex() + "] = " + storeExpr(g_.node(k_.value).dtype, ref(g_, k_.value)) +
           ";";
  }
  // The stored element: `o`, or over run-time extents its place in the bounds' layout.
  std::string outIndex() const {
    if (!run())
      return "o";
    std::string s;
    int64_t stride = 1;
    for (int d = k_.rank() - 1; d >= 0; --d) {
      if (k_.shape[d] > 1)
        s = "v" + std::to_string(d) + (stride == 1 ? "" : " * " + intLiteral(stride, DType::I64)) +
            (s.empty() ? "" : " + " + s);
      stride *= outShape_[d];
    }
    return s.empty() ? "0" : s;
  }
  void store() { line(storeLine()); }

  // The Reduce being rendered: the kernel's only one, or (row kernels) each in turn.
  const Node &reduceNode() const { return g_.node(reduce_); }
  ReduceFn reduceFn() const { return static_cast<ReduceFn>(reduceNode().arg); }
  std::string acc() const { return "t" + std::to_string(reduce_); }
  std::string accType() const { return cType(reduceNode().dtype); }
  std::string identity() const { return *reduceIdentity(reduceFn(), reduceNode().dtype); }

  // The reduction loop over this thread's share of the flattened reduction space.
  void reductionLoop(const std::string &first, const std::string &step,
                     const std::vector<ExprId> &body) {
    line(accType() + " " + acc() + " = " + identity() + ";");
    ExprId operandId = reduceNode().src[0];
    std::vector<ExprId> work = needed(body, operandId);
    std::vector<bool> used = varsOf(work, operandId);
    // A sum of products steps by an FMA (NVRTC runs with --fmad=false: nothing else fuses);
    // the product is then not a value of its own (unless another node reads it).
    const kir::Node term = g_.node(operandId);
    DType t = reduceNode().dtype;
    bool fma = reduceFn() == ReduceFn::Sum && term.op == Op::Mul && term.dtype == t &&
               (t == DType::F32 || t == DType::F64);
    if (fma && std::none_of(work.begin(), work.end(), [&](ExprId id) {
          const auto &src = g_.node(id).src;
          return std::find(src.begin(), src.end(), operandId) != src.end();
        }))
      work.erase(std::remove(work.begin(), work.end(), operandId), work.end());
    if (registerRow()) {
      line("#pragma unroll");
      open("for (int s = 0; s < kPer; ++s)");
      bool anyVar = std::any_of(used.begin() + k_.rank(), used.end(), [](bool u) { return u; });
      if (anyVar || !exactRow())
        line("const long long r = " + first + " + (long long)s * " + step + ";");
      if (!exactRow()) {
        line("if (r >= rn)");
        line("  break;");
      }
    } else {
      // Several loads in flight per thread; strided groups have fewer threads per element, so
      // each keeps more of them.
      line(std::string("#pragma unroll ") + (launch_.strided ? "8" : "4"));
      open("for (long long r = " + first + "; r < rn; r += " + step + ")");
    }
    decompose(k_.reduceShape, k_.rank(), "r", used);
    nodes(work);
    if (fma)
      line(acc() + " = " + (t == DType::F32 ? "fmaf(" : "fma(") + operand(g_, term.src[0], t) +
           ", " + operand(g_, term.src[1], t) + ", " + acc() + ");");
    else
      line(acc() + " = " + reduceCombine(reduceFn(), acc(), operand(g_, operandId, t)) + ";");
    close();
  }
  void reductionLoop(const std::string &first, const std::string &step) {
    reductionLoop(first, step, plan_.inner);
  }

  // A row kernel: kGroup threads per row fold each of its reductions in turn (every thread of
  // the group gets each result), then write the row, kGroup elements apart.
  void writeRows() {
    std::vector<int64_t> lead(k_.shape.begin(), k_.shape.begin() + plan_.rowDims);
    std::vector<int64_t> along(k_.shape.begin() + plan_.rowDims, k_.shape.end());
    const int group = launch_.groupSize;
    line("const long long rows = " + count(0, plan_.rowDims) + ";");
    if (!exactRow()) {
      line("const long long rowLen = " + count(plan_.rowDims, k_.rank() - plan_.rowDims) +
           "; // output elements per row");
      rnDecl();
    }
    groupDecls("row", "rows");
    if (registerRow()) {
      line("constexpr int kPer = " + std::to_string(launch_.perThread) +
           "; // elements of the row per thread, held in registers across the passes");
      for (size_t c = 0; c < plan_.cacheTypes.size(); ++c)
        line(std::string(cType(plan_.cacheTypes[c])) + " cache" + std::to_string(c) + "[kPer];");
    }
    for (ExprId r : k_.reduces()) {
      reduce_ = r;
      if (group > 32)
        line("__shared__ " + accType() + " partial" + std::to_string(r) + "[" +
             std::to_string(launch_.blockX / 32) + "]; // one per warp");
    }
    open("for (long long base = (long long)blockIdx.x * kGroups; base < rows; "
         "base += (long long)gridDim.x * kGroups)");
    line("// Every thread runs every iteration (the shuffles and barriers need whole warps and");
    line("// blocks); a group past the last row redoes it, but does not store.");
    line("const bool active = base + group < rows;");
    line("const long long row = active ? base + group : rows - 1;");
    decompose(lead, 0, "row", withOutputVars(plan_.usedVars));
    for (ExprId id : plan_.perRow) {
      if (g_.node(id).op != Op::Reduce) {
        nodes({id});
        continue;
      }
      reduce_ = id;
      reductionLoop("lane", "kGroup", plan_.loopBody.at(id));
      groupAllReduce();
      ++pass_;
    }
    if (registerRow()) {
      line("#pragma unroll");
      open("for (int s = 0; s < kPer; ++s)");
      line("const long long e = lane + (long long)s * kGroup;");
      if (!exactRow()) {
        line("if (e >= rowLen)");
        line("  break;");
      }
    } else {
      line("#pragma unroll 4");
      open("for (long long e = lane; e < rowLen; e += kGroup)");
    }
    std::vector<ExprId> work = needed(plan_.alongRow, k_.value);
    decompose(along, plan_.rowDims, "e", withOutputVars(varsOf(work, k_.value)));
    nodes(work);
    if (!run())
      line("const long long o = row * " + intLiteral(product(along), DType::I64) + " + e;");
    line("if (active)");
    line("  " + storeLine());
    close();
    close();
  }

  // Every thread of the group gets the group's combined accumulator: lanes within a warp by
  // a butterfly of shuffles, warps through shared memory (each thread folds the group's warp
  // partials in the same order, so all hold the same value).
  void groupAllReduce() {
    const int group = launch_.groupSize;
    if (group == 1)
      return;
    shuffleTree(std::to_string(std::min(group, 32) / 2));
    if (group <= 32)
      return;
    std::string partial = "partial" + std::to_string(reduce_);
    line("if (threadIdx.x % 32 == 0)");
    line("  " + partial + "[threadIdx.x / 32] = " + acc() + ";");
    line("__syncthreads();");
    line(acc() + " = " + partial + "[group * (kGroup / 32)];");
    line("for (int w = 1; w < kGroup / 32; ++w)");
    line("  " + acc() + " = " +
         reduceCombine(reduceFn(), acc(), partial + "[group * (kGroup / 32) + w]") + ";");
    line("__syncthreads(); // " + partial + "[] is rewritten by the next row");
  }

  void rnDecl() {
    line("const long long rn = " + count(k_.rank(), static_cast<int>(k_.reduceShape.size())) +
         "; // reduction terms per output element");
  }

  // One thread per output element (elementwise kernels, and reductions too short to split).
  // With an upcast of u, each thread computes u elements per iteration, blockX apart: every
  // load stays coalesced across the warp and u of them are in flight per thread.
  void writeThreadPerElement() {
    if (plan_.reduce != kNoExpr)
      rnDecl();
    const int u = launch_.perThread;
    std::string step = std::to_string(int64_t(launch_.blockX) * u);
    if (u == 1) {
      open("for (long long o = (long long)blockIdx.x * " + step +
           " + threadIdx.x; o < n; o += (long long)gridDim.x * " + step + ")");
      elementBody();
      close();
      return;
    }
    // The whole tiles of blockX x u elements first: no bounds check between a tile's
    // elements, so all u loads can be in flight before the first store (a check would keep
    // each load behind the previous store), and no branch in the loop (a tail branch inside
    // it cost GELU over 2^28 floats 90% -> 97% of the copy bandwidth, H200 2026-11-30). Then
    // the last partial tile, one element per thread.
    const int64_t tile = int64_t(launch_.blockX) * u;
    const int64_t whole = product(k_.shape) / tile * tile;
    const std::string blockX = std::to_string(launch_.blockX), count = std::to_string(u);
    if (whole > 0) {
      std::string end = whole == product(k_.shape) ? "n" : intLiteral(whole, DType::I64);
      open("for (long long first = (long long)blockIdx.x * " + step + " + threadIdx.x; first < " +
           end + "; first += (long long)gridDim.x * " + step + ")");
      line("#pragma unroll");
      open("for (int u = 0; u < " + count + "; ++u)");
      line("const long long o = first + (long long)u * " + blockX + ";");
      elementBody();
      close();
      close();
    }
    if (whole < product(k_.shape)) {
      open("for (long long o = " + intLiteral(whole, DType::I64) + " + (long long)blockIdx.x * " +
           blockX + " + threadIdx.x; o < n; o += (long long)gridDim.x * " + blockX + ")");
      elementBody();
      close();
    }
  }

  // The live nodes `root` needs, in id order, not looking below a Reduce (a value here).
  std::vector<ExprId> cone(ExprId root) const {
    std::set<ExprId> want = {root};
    std::vector<ExprId> out;
    for (ExprId id = root; id >= 0; --id) {
      if (!want.count(id))
        continue;
      const Node &n = g_.node(id);
      if (n.op == Op::Reduce && id != root)
        continue;
      if (!isInline(n.op) && n.op != Op::Reduce)
        out.push_back(id);
      if (n.op != Op::Reduce)
        for (ExprId s : n.src)
          if (s != kNoExpr)
            want.insert(s);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  // The vars `dims` (output dims) from the row-major linear index `linear` over their extents,
  // where `used`.
  // A digit of a row-major linear index below 2^32, (linear / stride) % extent (the leading
  // digit needs no %), in 32-bit unsigned arithmetic: a constant divisor is a multiply-high
  // there, where a 64-bit division is a long emulated sequence.
  static std::string narrowDigit(const std::string &linear, int64_t stride, int64_t extent,
                                 bool leading) {
    std::string e = "(unsigned)(" + linear + ")";
    if (stride != 1)
      e += " / " + std::to_string(stride) + "u";
    if (!leading)
      e += " % " + std::to_string(extent) + "u";
    return "(long long)(" + e + ")";
  }

  void decomposeDims(const std::vector<int> &dims, const std::string &linear,
                     const std::vector<bool> &used, bool narrow = false) {
    int64_t stride = 1;
    std::vector<std::string> lines;
    for (int i = static_cast<int>(dims.size()) - 1; i >= 0; --i) {
      int d = dims[i];
      if (used[d]) {
        std::string e = linear;
        if (narrow) {
          e = narrowDigit(linear, stride, k_.shape[d], i == 0);
        } else {
          if (stride != 1)
            e = "(" + e + " / " + intLiteral(stride, DType::I64) + ")";
          if (i != 0)
            e += " % " + intLiteral(k_.shape[d], DType::I64);
        }
        lines.push_back("const long long v" + std::to_string(d) + " = " + e + ";");
      }
      stride *= k_.shape[d];
    }
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
      line(*it);
  }

  // One factor of a tiled contraction: its tiles' layout and how they are filled.
  struct TileFactor {
    ExprId factor = kNoExpr;
    std::vector<int> dims;           // the output dims its rows run over
    std::string tile, extent, first; // the slots' pointer ("As"), kM or kN, m0 or n0
    int64_t extentSize = 0, terms = 0, allTerms = 0; // the value of `extent`; BK; K
    TileLayout layout;
    // Filled by asynchronous copies when the factor is one f32 load whose index is affine
    // (its guard, if any, of variables only: `guard`): element (row `at`, term `r`) at pointer[base + at * rowStride + r * kStride],
    // base = offset + the batch dims' terms. Else (pointer empty) the threads compute it.
    std::string pointer;
    int64_t rowStride = 0, kStride = 0, offset = 0;
    std::vector<std::pair<int, int64_t>> batchStrides;
    // 16-byte copies (4 elements along the contiguous axis, all inside or all outside the
    // tensor) where every index term is a multiple of 4 and the pointer is 16-byte aligned at
    // run time; else 4-byte copies. With digits (below), the innermost digit of the
    // contiguous side has stride 1 and an extent that 4 divides: a copy's 4 elements share
    // every other digit (an implicit GEMM over a channels-last input: 4 channels of a tap).
    bool vectors = false;
    // Copies too where the rows run over several dims or the terms over several reduction
    // dims (an implicit GEMM's pixels and taps, read from a padded input): the index is then
    // base + the sum of each dim's digit times its stride (`rowStrides` per dim of `dims`,
    // `termStrides` per reduction dim), the digits decomposed from the row and the term.
    std::vector<int64_t> rowStrides, termStrides;
    bool digits() const { return rowStrides.size() > 1 || termStrides.size() > 1; }
    // With several term digits, each term's offset from a table (`termTable`, a file-scope
    // array of kK ints) instead of its digits: a warp's copies share their term, so the
    // read is one cached load. With several row digits where a thread copies the same row in
    // every stage, its row's offset is computed once per tile (`<tile>Row`).
    std::string termTable;
    bool rowHoisted = false;
    // The load's guard where it has one (a padded view's bounds, an expression of the row's
    // and term's digits only): computed per copy, which zero-fills where it is false.
    ExprId guard = kNoExpr;
  };

  // Whether `e` is computed from variables and constants only (no load, no reduction).
  bool ofVariables(ExprId e) const {
    for (ExprId id : cone(e))
      if (g_.node(id).op == Op::Load || g_.node(id).op == Op::Reduce)
        return false;
    return true;
  }

  TileFactor tileFactor(ExprId factor, const std::vector<int> &dims, const Contraction &c,
                        const GpuLaunch &l, const char *tile, const char *extent,
                        int64_t extentSize, const char *first, int64_t rows, int side) const {
    TileFactor f;
    f.factor = factor;
    f.dims = dims;
    f.tile = tile;
    f.extent = extent;
    f.first = first;
    f.extentSize = extentSize;
    f.terms = l.tile[2];
    f.allTerms = c.k;
    f.layout = tileLayout(k_, l, factor, dims, rows, side);
    const Node &load = g_.node(factor);
    auto param = plan_.params.find(load.arg);
    const bool severalDims = dims.size() != 1 || k_.reduceShape.size() != 1;
    if (load.op != Op::Load || load.dtype != DType::F32 || dims.empty() ||
        (severalDims && run()) || param == plan_.params.end() ||
        (load.src[1] != kNoExpr && !ofVariables(load.src[1])))
      return f;
    ExprGraph g = g_; // substitution adds nodes
    ExprId origin = load.src[0];
    for (int v = 0; v < k_.numVars(); ++v)
      origin = g.substitute(origin, v, g.constInt(0));
    std::optional<int64_t> offset = g.constValue(origin);
    if (!offset)
      return f;
    for (int d : dims) {
      std::optional<int64_t> stride = indexStride(k_, load.src[0], d);
      if (!stride)
        return f;
      f.rowStrides.push_back(*stride);
    }
    for (int v = k_.rank(); v < k_.numVars(); ++v) {
      std::optional<int64_t> stride = indexStride(k_, load.src[0], v);
      if (!stride)
        return f;
      f.termStrides.push_back(*stride);
    }
    // Dims whose strides nest (each the next one's times its extent) are one affine run.
    auto merge = [](std::vector<int64_t> &strides, const std::vector<int64_t> &extents) {
      for (size_t i = 0; i + 1 < strides.size(); ++i)
        if (strides[i] != strides[i + 1] * extents[i + 1])
          return;
      strides = {strides.back()};
    };
    std::vector<int64_t> rowExtents;
    for (int d : dims)
      rowExtents.push_back(k_.shape[d]);
    merge(f.rowStrides, rowExtents);
    merge(f.termStrides, k_.reduceShape);
    std::optional<int64_t> row = f.rowStrides[0], term = f.termStrides[0];
    for (int d : c.batchDims) {
      std::optional<int64_t> stride = indexStride(k_, load.src[0], d);
      if (!stride)
        return f;
      if (*stride != 0)
        f.batchStrides.push_back({d, *stride});
    }
    f.pointer = param->second;
    f.guard = load.src[1];
    f.offset = *offset;
    f.rowStride = *row;
    f.kStride = *term;
    bool fours = f.offset % 4 == 0 && f.layout.pitch % 4 == 0 && f.layout.rows % 4 == 0 &&
                 l.tile[2] % 4 == 0;
    for (auto [d, stride] : f.batchStrides)
      fours = fours && stride % 4 == 0;
    // Runs of 4 along strides `along` (innermost last, its digit's extent `inner`), every
    // stride `across` a multiple of 4.
    auto quads = [](const std::vector<int64_t> &along, int64_t inner,
                    const std::vector<int64_t> &across) {
      bool ok = along.back() == 1 && inner % 4 == 0;
      for (size_t i = 0; i + 1 < along.size(); ++i)
        ok = ok && along[i] % 4 == 0;
      for (int64_t stride : across)
        ok = ok && stride % 4 == 0;
      return ok;
    };
    const int64_t innerTerms = f.termStrides.size() > 1 ? k_.reduceShape.back() : c.k;
    const int64_t innerRows = f.rowStrides.size() > 1 ? k_.shape[dims.back()] : f.extentSize;
    // (4 elements adjacent in memory are adjacent in the tile: not so where a swizzled tile
    // takes a factor stored along its rows.)
    f.vectors = fours && f.layout.readAlongK == f.layout.kMajor &&
                (f.layout.kMajor ? quads(f.termStrides, innerTerms, f.rowStrides)
                                 : quads(f.rowStrides, innerRows, f.termStrides));
    // A guard must hold for all 4 elements or none: it may not read the variables a run of 4
    // steps (the contiguous side's innermost one, or all of them where they merged).
    if (f.guard != kNoExpr) {
      const std::vector<bool> guardVars = varsOf(cone(f.guard), f.guard);
      std::vector<int> run;
      if (f.layout.kMajor)
        for (int v = f.termStrides.size() > 1 ? k_.numVars() - 1 : k_.rank(); v < k_.numVars();
             ++v)
          run.push_back(v);
      else
        run = f.rowStrides.size() > 1 ? std::vector<int>{dims.back()} : dims;
      for (int v : run)
        f.vectors = f.vectors && !guardVars[v];
    }
    if (f.termStrides.size() > 1 && c.k <= kMaxTermTable) {
      int64_t largest = 0;
      for (size_t i = 0; i < f.termStrides.size(); ++i)
        largest += std::abs(f.termStrides[i]) * (k_.reduceShape[i] - 1);
      if (largest < (int64_t(1) << 31))
        f.termTable = "picoc_terms_" + k_.name + "_" + tile;
    }
    const int64_t pieces = f.layout.rows; // copies of one element along the rows
    // (Not with 16-byte copies, which take 4 rows a piece: the hoisted row is a thread's one
    // row of 4-byte copies.)
    f.rowHoisted = f.rowStrides.size() > 1 && !f.layout.readAlongK && f.guard == kNoExpr &&
                   !f.vectors &&
                   launch_.blockX % pieces == 0 && f.terms * pieces % launch_.blockX == 0;
    return f;
  }

  // The table of a factor's term offsets (TileFactor::termTable), at file scope.
  void writeTermTable(const TileFactor &f) {
    std::string table = "__device__ const int " + f.termTable + "[" +
                        std::to_string(f.allTerms) + "] = {";
    for (int64_t r = 0; r < f.allTerms; ++r) {
      int64_t offset = 0, rest = r;
      for (int i = static_cast<int>(k_.reduceShape.size()) - 1; i >= 0; --i) {
        offset += rest % k_.reduceShape[i] * f.termStrides[i];
        rest /= k_.reduceShape[i];
      }
      table += (r % 16 == 0 ? "\n  " : " ") + std::to_string(offset) + ",";
    }
    globals_ += table + "\n};\n";
  }

  // The shared-memory element of factor `f` at reduction term `kk` and row `row` of slot
  // `slot` (expressions).
  static std::string tileAt(const TileFactor &f, const std::string &slot, const std::string &kk,
                            const std::string &row) {
    const std::string pitch = std::to_string(f.layout.pitch);
    std::string at;
    if (f.layout.swizzled) // 4-element chunk c of a row at c ^ (row % 8)
      at = "(" + row + ") * " + pitch + " + ((((" + kk + ") >> 2) ^ ((" + row +
           ") & 7)) << 2) + ((" + kk + ") & 3)";
    else if (f.layout.kMajor)
      at = "(" + row + ") * " + pitch + " + " + kk;
    else
      at = "(" + kk + ") * " + pitch + " + " + row;
    return f.tile + "[" + slot + " * " + std::to_string(f.layout.stageElements) + " + " + at +
           "]";
  }

  // One factor's BK x B{M,N} tile for the terms from `k0` on into slot `slot`, zero past the
  // edges: consecutive threads take consecutive elements of its main operand in memory.
  void stageFactor(const TileFactor &f) {
    if (f.pointer.empty()) {
      stageValues(f);
      return;
    }
    if (f.vectors) { // 4 elements a copy; else (a pointer not 16-byte aligned) as below
      open("if (" + f.tile + "Aligned)");
      stageCopies(f, 4);
      indent_ -= 2;
      line("} else {");
      indent_ += 2;
    }
    stageCopies(f, 1);
    if (f.vectors)
      close();
  }

  // The asynchronous copies of a stage of `f`, `width` elements each. A tile line (a row of
  // [row][k], a term of [k][row]) is `pieces` copies; where the block's threads divide the
  // tile evenly, each thread copies the same piece of every `step`-th line (its offsets are
  // fixed, the loop unrolled), else the copies are dealt out in a loop.
  void stageCopies(const TileFactor &f, int64_t width) {
    const int64_t threads = launch_.blockX;
    const bool alongK = f.layout.readAlongK; // consecutive threads, consecutive addresses
    const int64_t pieces = (alongK ? f.terms : f.layout.rows) / width;
    const int64_t lines = alongK ? f.layout.rows : f.terms;
    std::string piece, tileLine;
    if (threads % pieces == 0 && lines * pieces % threads == 0) {
      line("#pragma unroll");
      open("for (int j = 0; j < " + std::to_string(lines * pieces / threads) + "; ++j)");
      piece = "(int)(threadIdx.x % " + std::to_string(pieces) + "u)";
      tileLine = "(int)(threadIdx.x / " + std::to_string(pieces) + "u) + j * " +
                 std::to_string(threads / pieces);
    } else {
      open("for (int i = threadIdx.x; i < " + std::to_string(lines * pieces) + "; i += " +
           std::to_string(threads) + ")");
      piece = "i % " + std::to_string(pieces);
      tileLine = "i / " + std::to_string(pieces);
    }
    if (width > 1)
      piece = piece + " * " + std::to_string(width);
    line(alongK ? "const int kk = " + piece + ", row = " + tileLine + ";"
                : "const int kk = " + tileLine + ", row = " + piece + ";");
    line("const long long at = " + f.first + " + row, r = k0 + kk;");
    // Bounds only where the tile can pass the tensor's edge.
    std::vector<std::string> bounds;
    if (f.extentSize % f.layout.rows != 0)
      bounds.push_back("at < " + f.extent);
    if (f.allTerms % f.terms != 0)
      bounds.push_back("r < kK");
    std::string address = f.tile + "Base + at * " + intLiteral(f.rowStride, DType::I64) +
                          " + r * " + intLiteral(f.kStride, DType::I64);
    // The row's and term's digits that the address (by digits) and the guard read.
    const bool rowDigits = f.digits() && !f.rowHoisted,
               termDigits = f.digits() && f.termTable.empty();
    std::vector<bool> used(k_.numVars(), false);
    std::vector<ExprId> guard;
    if (f.guard != kNoExpr) {
      guard = cone(f.guard);
      used = varsOf(guard, f.guard);
    }
    if (rowDigits)
      markDigits(f, true, used);
    if (termDigits)
      markDigits(f, false, used);
    declareDigits(f, used);
    if (f.digits()) {
      std::string rowOffset = f.rowHoisted ? f.tile + "Row" : digitSum(f, true);
      std::string termOffset = !f.termTable.empty() ? f.termTable + "[r]" : digitSum(f, false);
      address = f.tile + "Base + " + rowOffset + " + " + termOffset;
    }
    if (f.guard != kNoExpr) {
      nodes(guard);
      bounds.push_back(ref(g_, f.guard));
    }
    std::string inside = "true";
    if (!bounds.empty()) {
      std::string all = bounds[0];
      for (size_t i = 1; i < bounds.size(); ++i)
        all += " && " + bounds[i];
      line("const bool inside = " + all + ";");
      // The offset masked, not selected: a select let NVRTC compute it (and load the term
      // table) on a branch per copy (the 320-channel conv's implicit GEMM: 76 us, masked 72).
      // Outside, the copy reads nothing (src-size 0) at the tensor's first element.
      address = "((" + address + ") & -(long long)inside)";
      inside = "inside";
    }
    line("picoc_cp_async" + std::to_string(4 * width) + "(&" +
         tileAt(f, "slot", "kk", "row") + ", " + f.pointer + " + " + address + ", " + inside +
         ");");
    close();
  }

  // Marks in `used` the digits with a nonzero stride of a factor copied by digits
  // (TileFactor::digits): its row's (`rows`) or its term's.
  void markDigits(const TileFactor &f, bool rows, std::vector<bool> &used) const {
    const std::vector<int64_t> &strides = rows ? f.rowStrides : f.termStrides;
    if (strides.size() == 1) // one run (digitSum)
      return;
    for (size_t i = 0; i < strides.size(); ++i)
      if (strides[i] != 0)
        used[rows ? f.dims[i] : k_.rank() + static_cast<int>(i)] = true;
  }

  // Declares the digits (v<d>) that `used` marks of row `at` and term `r` of factor `f`, in
  // 32 bits where they fit.
  void declareDigits(const TileFactor &f, const std::vector<bool> &used) {
    const int64_t limit = int64_t(1) << 32;
    decomposeDims(f.dims, "at", used, f.extentSize < limit);
    decompose(k_.reduceShape, k_.rank(), "r", used);
  }

  // The offset of a factor's row (`rows`) or term copied by digits: each digit (declared by
  // declareDigits) times its stride; where that side's dims nest into one run (its strides
  // merged into one), the row `at` or term `r` times it.
  std::string digitSum(const TileFactor &f, bool rows) const {
    std::string sum = "0LL";
    const std::vector<int64_t> &strides = rows ? f.rowStrides : f.termStrides;
    if (strides.size() == 1)
      return std::string(rows ? "at" : "r") + " * " + intLiteral(strides[0], DType::I64);
    for (size_t i = 0; i < strides.size(); ++i)
      if (strides[i] != 0)
        sum += " + v" + std::to_string(rows ? f.dims[i] : k_.rank() + static_cast<int>(i)) +
               " * " + intLiteral(strides[i], DType::I64);
    return "(" + sum + ")";
  }

  // A stage of a factor the threads compute: each element's expression, stored in the slot.
  void stageValues(const TileFactor &f) {
    const std::string rows = std::to_string(f.layout.rows);
    open("for (int i = threadIdx.x; i < " + rows + " * kBK; i += " +
         std::to_string(launch_.blockX) + ")");
    if (f.layout.readAlongK)
      line("const int kk = i % kBK, row = i / kBK;");
    else
      line("const int kk = i / " + rows + ", row = i % " + rows + ";");
    line("const long long at = " + f.first + " + row, r = k0 + kk;");
    std::vector<ExprId> work = cone(f.factor);
    std::vector<bool> used = varsOf(work, f.factor);
    line(std::string(cType(g_.node(f.factor).dtype)) + " value = 0;");
    open("if (at < " + f.extent + " && r < kK)");
    // The rows' and terms' digits in 32 bits where they fit (an implicit GEMM's pixels and
    // taps: 64-bit divisions by constants dominated its staging).
    const int64_t limit = int64_t(1) << 32;
    decomposeDims(f.dims, "at", used, f.extentSize < limit);
    decompose(k_.reduceShape, k_.rank(), "r", used);
    nodes(work);
    line("value = " + ref(g_, f.factor) + ";");
    close();
    // A wgmma tile is read as tf32 by the tensor cores, which drop the low bits: rounded here
    // to nearest instead (copied tiles are read as they are).
    line(tileAt(f, "slot", "kk", "row") + " = " +
         (f.layout.swizzled && g_.node(f.factor).dtype == DType::F32
              ? "__uint_as_float(picoc_tf32(value))"
              : "value") +
         ";");
    close();
  }

  // Slot `s`'s products on tensor cores (mma.sync m16n8k8 tf32): per k8 step, each warp loads
  // its fragments of both tiles (rounded to tf32; with three products, also the residuals)
  // and updates its kTM x kTN tiles. A thread's two reduction terms of a k8 step (the mma's q
  // and q + 4) are the slot's adjacent terms 2q and 2q + 1: any order of the eight terms gives
  // the same sum as long as both factors take the same one, and a [row][k] slot then gives
  // both in one 8-byte read. A [k][row] slot of B is read with its warp's columns permuted:
  // mma tile j's column g is the slot's column g * kTN + j (epilogueOutputs stores by the same
  // map), so that one read gives a thread its kTN columns of a term.
  void mmaStage(int products, const TileFactor &a, const TileFactor &b) {
    const bool split = products == 3;
    auto convert = [&](const char *to, const char *rest, const std::string &count) {
      line("#pragma unroll");
      line("for (int e = 0; e < " + count + "; ++e)");
      line(split ? std::string("  ") + to + "[e] = picoc_tf32(f[e]), " + rest +
                       "[e] = picoc_tf32_rest(f[e], " + to + "[e]);"
                 : std::string("  ") + to + "[e] = picoc_tf32(f[e]);");
    };
    line("#pragma unroll");
    open("for (int kk = 0; kk < kBK; kk += 8)");
    line(std::string("unsigned a[kTM][4], b[kTN][2]") + (split ? ", ar[kTM][4], br[kTN][2]" : "") +
         ";");
    line("#pragma unroll");
    open("for (int i = 0; i < kTM; ++i)");
    line("const int r = wm + i * 16 + g;");
    if (a.layout.kMajor) {
      line("const float2 lo = *reinterpret_cast<const float2 *>(&" +
           tileAt(a, "s", "kk + 2 * q", "r") + ");");
      line("const float2 hi = *reinterpret_cast<const float2 *>(&" +
           tileAt(a, "s", "kk + 2 * q", "r + 8") + ");");
      line("const float f[4] = {lo.x, hi.x, lo.y, hi.y};");
    } else {
      line("const float f[4] = {" + tileAt(a, "s", "kk + 2 * q", "r") + ", " +
           tileAt(a, "s", "kk + 2 * q", "r + 8") + ", " + tileAt(a, "s", "kk + 2 * q + 1", "r") +
           ", " + tileAt(a, "s", "kk + 2 * q + 1", "r + 8") + "};");
    }
    convert("a[i]", "ar[i]", "4");
    close();
    if (b.layout.kMajor) {
      line("#pragma unroll");
      open("for (int j = 0; j < kTN; ++j)");
      line("const float2 v = *reinterpret_cast<const float2 *>(&" +
           tileAt(b, "s", "kk + 2 * q", "wn + j * 8 + g") + ");");
      line("const float f[2] = {v.x, v.y};");
      convert("b[j]", "br[j]", "2");
      close();
    } else {
      const int64_t tn = gpuLaunchOf(k_).threadTile[1];
      const std::string vec = tn >= 4 ? "float4" : tn == 2 ? "float2" : "float";
      const std::string width = std::to_string(std::min<int64_t>(tn, 4));
      line("alignas(16) float even[kTN], odd[kTN]; // terms 2q and 2q + 1");
      line("#pragma unroll");
      open("for (int j = 0; j < kTN; j += " + width + ")");
      line("*reinterpret_cast<" + vec + " *>(&even[j]) = *reinterpret_cast<const " + vec +
           " *>(&" + tileAt(b, "s", "kk + 2 * q", "wn + g * kTN + j") + ");");
      line("*reinterpret_cast<" + vec + " *>(&odd[j]) = *reinterpret_cast<const " + vec +
           " *>(&" + tileAt(b, "s", "kk + 2 * q + 1", "wn + g * kTN + j") + ");");
      close();
      line("#pragma unroll");
      open("for (int j = 0; j < kTN; ++j)");
      line("const float f[2] = {even[j], odd[j]};");
      convert("b[j]", "br[j]", "2");
      close();
    }
    line("#pragma unroll");
    open("for (int i = 0; i < kTM; ++i)");
    line("#pragma unroll");
    open("for (int j = 0; j < kTN; ++j)");
    if (split) { // the small products first
      line("picoc_mma_tf32(acc[i][j], ar[i], b[j]);");
      line("picoc_mma_tf32(acc[i][j], a[i], br[j]);");
    }
    line("picoc_mma_tf32(acc[i][j], a[i], b[j]);");
    close();
    close();
    close();
  }

  // How the SIMT loop reads a thread's values of factor `f` from a slot: 16 bytes a read where
  // the slot allows it. From [row][k], 4 terms of one row (the loop then steps 4 terms at a
  // time); from [k][row], 4 adjacent rows of one term (the thread's rows then come in runs of
  // 4, simtRow); else one element a read. With one element a read, an 8 x 8 thread tile
  // takes a shared-memory access per 4 FMAs; an SM serves one access (a warp's wavefront) a
  // clock and issues four warps' FMAs, so the reads took as many clocks as the products.
  enum class FragmentRead { Scalar, AlongK, AlongRows };
  static FragmentRead fragmentRead(const TileFactor &f, const char *type, int64_t perThread) {
    const TileLayout &t = f.layout;
    if (std::string(type) != "float" || t.swizzled || t.pitch % 4 != 0 ||
        t.stageElements % 4 != 0)
      return FragmentRead::Scalar;
    if (t.kMajor)
      return f.terms % 4 == 0 ? FragmentRead::AlongK : FragmentRead::Scalar;
    return perThread % 4 == 0 ? FragmentRead::AlongRows : FragmentRead::Scalar;
  }

  // The tile row of a thread's output `i` along one side (thread `t` of `threads` on it):
  // interleaved across the threads (a warp reads consecutive rows), or in runs of 4 where the
  // factor is read 4 rows at a time.
  static std::string simtRow(FragmentRead read, const std::string &t, const std::string &threads,
                             const std::string &i) {
    if (read == FragmentRead::AlongRows)
      return "(" + i + ") / 4 * (" + threads + " * 4) + " + t + " * 4 + (" + i + ") % 4";
    return t + " + (" + i + ") * " + threads;
  }

  // Reads a thread's values of factor `f` for the `steps` terms from kk on into
  // `name`[step][x] (x < `count`, its outputs along the factor's side).
  void simtFragment(const TileFactor &f, FragmentRead read, const std::string &name,
                    const std::string &count, const std::string &t, const std::string &threads,
                    int steps) {
    auto float4At = [&](const std::string &kk, const std::string &row) {
      return "*reinterpret_cast<const float4 *>(&" + tileAt(f, "s", kk, row) + ")";
    };
    line("#pragma unroll");
    switch (read) {
    case FragmentRead::AlongK: // kk is a multiple of 4 (steps = 4)
      open("for (int x = 0; x < " + count + "; ++x)");
      line("const float4 v = " + float4At("kk", simtRow(read, t, threads, "x")) + ";");
      line(name + "[0][x] = v.x; " + name + "[1][x] = v.y; " + name + "[2][x] = v.z; " + name +
           "[3][x] = v.w;");
      close();
      return;
    case FragmentRead::AlongRows:
      open("for (int u = 0; u < " + std::to_string(steps) + "; ++u)");
      line("#pragma unroll");
      open("for (int x = 0; x < " + count + "; x += 4)");
      line("const float4 v = " + float4At("kk + u", simtRow(read, t, threads, "x")) + ";");
      line(name + "[u][x] = v.x; " + name + "[u][x + 1] = v.y; " + name + "[u][x + 2] = v.z; " +
           name + "[u][x + 3] = v.w;");
      close();
      close();
      return;
    case FragmentRead::Scalar:
      open("for (int u = 0; u < " + std::to_string(steps) + "; ++u)");
      line("#pragma unroll");
      line("for (int x = 0; x < " + count + "; ++x)");
      line("  " + name + "[u][x] = " + tileAt(f, "s", "kk + u", simtRow(read, t, threads, "x")) +
           ";");
      close();
      return;
    }
  }

  // Slot `s`'s products on the FMA units: each thread's kTM x kTN outputs (simtRow), its
  // values of both factors read for 4 terms at a time where one is read along k, else for one.
  void simtStage(const TileFactor &a, const TileFactor &b, const char *at, const char *bt,
                 const std::string &ct, FragmentRead aRead, FragmentRead bRead) {
    const int steps =
        aRead == FragmentRead::AlongK || bRead == FragmentRead::AlongK ? 4 : 1;
    const std::string stepsText = std::to_string(steps);
    line("#pragma unroll");
    open("for (int kk = 0; kk < kBK; kk += " + stepsText + ")");
    line(std::string(at) + " a[" + stepsText + "][kTM];");
    line(std::string(bt) + " w[" + stepsText + "][kTN];");
    simtFragment(a, aRead, "a", "kTM", "tm", "kThreadsM", steps);
    simtFragment(b, bRead, "w", "kTN", "tn", "kThreadsN", steps);
    line("#pragma unroll");
    line("for (int u = 0; u < " + stepsText + "; ++u)");
    line("  #pragma unroll");
    line("  for (int i = 0; i < kTM; ++i)");
    line("    #pragma unroll");
    line("    for (int j = 0; j < kTN; ++j)");
    // NVRTC runs with --fmad=false (see Nvrtc.cpp): the contraction's FMA is explicit.
    if (ct == "float" || ct == "double")
      line("      acc[i][j] = " + std::string(ct == "float" ? "fmaf" : "fma") +
           "(a[u][i], w[u][j], acc[i][j]);");
    else
      line("      acc[i][j] += a[u][i] * w[u][j];");
    close();
  }

  // The epilogue of a tensor-core tile: each thread's 4 values per mma tile, at the rows and
  // columns of the m16n8k8 accumulator layout (picoc_mma_tf32). Closes the tile loop.
  void epilogueOutputs(const Contraction &c, const std::vector<ExprId> &epilogue,
                       std::vector<bool> used, const std::string &acc, const char *ct,
                       bool columnsPermuted) {
    for (int d = 0; d < k_.rank(); ++d)
      used[d] = used[d] || k_.shape[d] > 1; // the store's index
    line("#pragma unroll");
    open("for (int i = 0; i < kTM; ++i)");
    line("#pragma unroll");
    open("for (int j = 0; j < kTN; ++j)");
    line("#pragma unroll");
    open("for (int e = 0; e < 4; ++e)");
    line("const long long m = m0 + wm + i * 16 + g + (e >= 2 ? 8 : 0), n = n0 + wn + " +
         std::string(columnsPermuted ? "(2 * q + (e & 1)) * kTN + j;" : "j * 8 + 2 * q + (e & 1);"));
    storeTileOutput(c, epilogue, used, acc, ct, "acc[i][j][e]");
    close();
    close();
    close();
    close(); // the tile loop
  }

  // One output of a tiled contraction at `m`, `n` (declared by the caller, inside the loops
  // over a thread's outputs): skipped past the edges, else its dims, the epilogue's nodes on
  // the accumulator `value`, the store.
  void storeTileOutput(const Contraction &c, const std::vector<ExprId> &epilogue,
                       const std::vector<bool> &used, const std::string &acc, const char *ct,
                       const std::string &value) {
    line("if (m >= kM || n >= kN)");
    line("  continue;");
    decomposeDims(c.aDims, "m", used);
    decomposeDims(c.bDims, "n", used);
    line("const " + std::string(ct) + " " + acc + " = " + value + ";");
    nodes(epilogue);
    line("const long long o = " + outputIndex() + ";");
    store();
  }

  // The row-major index of the output element at v0, v1, ... (dims of extent 1 left out).
  std::string outputIndex() const {
    std::string o = "0LL";
    int64_t stride = 1;
    for (int d = k_.rank() - 1; d >= 0; --d) {
      if (k_.shape[d] > 1)
        o += " + v" + std::to_string(d) + " * " + intLiteral(stride, DType::I64);
      stride *= outShape_[d];
    }
    return o;
  }

  // How a tiled contraction's products are computed.
  enum class Products { Simt, Mma, Wgmma };

  // A contraction tiled through shared memory (CudaRenderer.h), tileStages() slots deep: while
  // a block computes on one slot, the copies into the next ones are in flight. A wgmma
  // schedule renders its warpgroup form for sm_90a and its mma.sync form for the others.
  void writeTiledContraction() {
    const Contraction c = *contractionOf(k_);
    const GpuLaunch l = gpuLaunchOf(k_);
    line("constexpr long long kM = " + intLiteral(c.m, DType::I64) + ", kN = " +
         intLiteral(c.n, DType::I64) + ", kK = " + intLiteral(c.k, DType::I64) +
         "; // A-side, B-side outputs and reduction terms per batch index");
    line("constexpr int kBM = " + std::to_string(l.tile[0]) + ", kBN = " +
         std::to_string(l.tile[1]) + ", kBK = " + std::to_string(l.tile[2]) +
         "; // a block's tile, terms per stage");
    line("constexpr int kStages = " + std::to_string(tileStages(l)) +
         "; // slots of shared memory, filled ahead");
    line("constexpr long long kTilesM = (kM + kBM - 1) / kBM, kTilesN = (kN + kBN - 1) / kBN;");
    line("constexpr int kTilesK = (kK + kBK - 1) / kBK;");
    line("extern __shared__ __align__(16) unsigned char picoc_shared[];");
    if (l.wgmmaShared >= 0) {
      line("#if defined(__CUDA_ARCH_FEAT_SM90_ALL)");
      tiledContraction(c, l, Products::Wgmma);
      line("#else");
      tiledContraction(c, l, Products::Mma);
      line("#endif");
      return;
    }
    tiledContraction(c, l, l.mmaProducts > 0 ? Products::Mma : Products::Simt);
  }

  // The body of writeTiledContraction with products `p`.
  void tiledContraction(const Contraction &c, const GpuLaunch &l, Products p) {
    const std::string acc = "t" + std::to_string(c.reduce);
    const char *at = cType(g_.node(c.lhs).dtype), *bt = cType(g_.node(c.rhs).dtype);
    const char *ct = cType(g_.node(c.reduce).dtype);
    const TileFactor a = tileFactor(c.lhs, c.aDims, c, l, "As", "kM", c.m, "m0", l.tile[0], 0);
    const TileFactor b = tileFactor(c.rhs, c.bDims, c, l, "Bs", "kN", c.n, "n0", l.tile[1], 1);
    const FragmentRead aRead = fragmentRead(a, at, l.threadTile[0]),
                       bRead = fragmentRead(b, bt, l.threadTile[1]);
    if (p == Products::Wgmma) {
      line("constexpr int kWgN = " + std::to_string(l.tile[l.wgmmaShared]) + "; // wgmma N: " +
           (l.wgmmaShared == 0 ? "A" : "B") + "'s rows; " + (l.wgmmaShared == 0 ? "B" : "A") +
           "'s are 64 per warpgroup");
    } else if (p == Products::Mma) {
      line("constexpr int kTM = " + std::to_string(l.threadTile[0]) + ", kTN = " +
           std::to_string(l.threadTile[1]) + "; // a warp's 16 x 8 mma tiles");
      line("constexpr int kWM = 16 * kTM, kWN = 8 * kTN, kWarpsN = kBN / kWN; // a warp's "
           "outputs");
    } else {
      line("constexpr int kTM = " + std::to_string(l.threadTile[0]) + ", kTN = " +
           std::to_string(l.threadTile[1]) + "; // a thread's outputs");
      line("constexpr int kThreadsN = kBN / kTN, kThreadsM = kBM / kTM;");
    }
    // The slots, A's then B's, in dynamic shared memory (LaunchConfig::sharedBytes); with
    // wgmma from the first 1024-byte boundary.
    std::string base = "picoc_shared";
    if (l.wgmmaShared >= 0) {
      line("unsigned char *const picoc_slots = picoc_shared + ((" +
           std::to_string(kWgmmaAlignSlack) + " - __cvta_generic_to_shared(picoc_shared) % " +
           std::to_string(kWgmmaAlignSlack) + ") % " + std::to_string(kWgmmaAlignSlack) +
           ");");
      base = "picoc_slots";
    }
    auto describe = [](const TileFactor &f, const std::string &rows) {
      if (f.layout.swizzled)
        return "[kStages][" + rows + "][32], 128-byte swizzle";
      return (f.layout.kMajor ? "[kStages][" + rows + "][" : std::string("[kStages][kBK][")) +
             std::to_string(f.layout.pitch) + "]";
    };
    line(std::string(at) + " *const As = reinterpret_cast<" + at + " *>(" + base + "); // " +
         describe(a, "kBM"));
    line(std::string(bt) + " *const Bs = reinterpret_cast<" + bt + " *>(" + base + " + " +
         std::to_string(tileStages(l) * a.layout.stageElements * a.layout.elementBytes) + "); // " +
         describe(b, "kBN"));
    for (const TileFactor *f : {&a, &b})
      if (f->vectors)
        line("const bool " + f->tile + "Aligned = reinterpret_cast<unsigned long long>(" +
             f->pointer + ") % 16 == 0; // 16-byte copies");
    if (p == Products::Wgmma) {
      line("const int lane = threadIdx.x % 32, g = lane / 4, q = lane % 4;");
      line("const int wr0 = threadIdx.x / 128 * 64, wr = wr0 + threadIdx.x / 32 % 4 * 16; // "
           "the warpgroup's and the warp's first rows");
    } else if (p == Products::Mma) {
      line("const int lane = threadIdx.x % 32, g = lane / 4, q = lane % 4;");
      line("const int wm = threadIdx.x / 32 / kWarpsN * kWM, wn = threadIdx.x / 32 % kWarpsN * "
           "kWN;");
    } else {
      line("const int tm = threadIdx.x / kThreadsN, tn = threadIdx.x % kThreadsN;");
    }
    open("for (long long tile = blockIdx.x; tile < kTilesM * kTilesN * " +
         intLiteral(c.batch, DType::I64) + "; tile += gridDim.x)");
    if (!c.batchDims.empty())
      line("const long long b = tile / (kTilesM * kTilesN);");
    line("const long long m0 = (tile / kTilesN) % kTilesM * kBM, n0 = tile % kTilesN * kBN;");
    // Batch dims: every one the store's index reads (extent > 1), and any other one read.
    std::vector<ExprId> epilogue = cone(k_.value);
    epilogue.erase(std::remove(epilogue.begin(), epilogue.end(), c.reduce), epilogue.end());
    std::vector<bool> used = varsOf(epilogue, k_.value);
    std::vector<bool> batchUsed = varsOf(cone(c.lhs), c.lhs), rhsUsed = varsOf(cone(c.rhs), c.rhs);
    for (int d : c.batchDims)
      batchUsed[d] = batchUsed[d] || rhsUsed[d] || used[d] || k_.shape[d] > 1;
    decomposeDims(c.batchDims, "b", batchUsed);
    for (const TileFactor *f : {&a, &b}) {
      if (f->pointer.empty())
        continue;
      std::string base = intLiteral(f->offset, DType::I64);
      for (auto [d, stride] : f->batchStrides)
        base += " + v" + std::to_string(d) + " * " + intLiteral(stride, DType::I64);
      line("const long long " + f->tile + "Base = " + base + ";");
      if (!f->termTable.empty() && !wroteTables_.count(f->termTable)) {
        writeTermTable(*f);
        wroteTables_.insert(f->termTable);
      }
      if (f->rowHoisted) { // its row: threadIdx.x % the tile's rows (stageCopies)
        open("const long long " + f->tile + "Row = [&]");
        line("const long long at = " + f->first + " + (int)(threadIdx.x % " +
             std::to_string(f->layout.rows) + "u);");
        std::vector<bool> used(k_.numVars(), false);
        markDigits(*f, true, used);
        declareDigits(*f, used);
        line("return " + digitSum(*f, true) + ";");
        indent_ -= 2;
        line("}();");
      }
    }
    if (p == Products::Wgmma) {
      line(std::string(ct) + " acc[kWgN / 2] = {}; // the warp's 16 x kWgN outputs");
    } else if (p == Products::Mma) {
      line(std::string(ct) + " acc[kTM][kTN][4] = {};");
    } else {
      line(std::string(ct) + " acc[kTM][kTN];");
      line("#pragma unroll");
      line("for (int i = 0; i < kTM; ++i)");
      line("  #pragma unroll");
      line("  for (int j = 0; j < kTN; ++j)");
      line("    acc[i][j] = 0;");
    }
    // Stage `t` (terms t * kBK on) into its slot: copies in flight (one group per stage,
    // empty past the last), or values stored by the threads.
    open("auto stage = [&](int t)");
    open("if (t < kTilesK)");
    line("const int slot = t % kStages;");
    line("const long long k0 = (long long)t * kBK;");
    stageFactor(a);
    stageFactor(b);
    close();
    line("picoc_cp_async_commit();");
    indent_ -= 2;
    line("};");
    if (p == Products::Wgmma) {
      wgmmaLoop(l, a, b);
    } else {
      line("for (int t = 0; t < kStages - 1; ++t)");
      line("  stage(t);");
      open("for (int kt = 0; kt < kTilesK; ++kt)");
      line("picoc_cp_async_wait<kStages - 2>(); // stage kt's copies have landed");
      line("__syncthreads(); // for every thread; and the slot refilled next is free");
      line("stage(kt + kStages - 1);");
      line("const int s = kt % kStages;");
      if (p == Products::Mma)
        mmaStage(l.mmaProducts, a, b);
      else
        simtStage(a, b, at, bt, ct, aRead, bRead);
      close();
    }
    line("picoc_cp_async_wait<0>();");
    line("__syncthreads(); // the next tile's first stages rewrite the slots");
    if (p == Products::Wgmma) {
      wgmmaOutputs(c, epilogue, used, acc, ct, l.wgmmaShared);
      return;
    }
    if (p == Products::Mma) {
      epilogueOutputs(c, epilogue, used, acc, ct, !b.layout.kMajor);
      return;
    }
    // The epilogue, per output: the A-side dims from m, the B-side dims from n.
    for (int d = 0; d < k_.rank(); ++d)
      used[d] = used[d] || k_.shape[d] > 1; // the store's index
    line("#pragma unroll");
    open("for (int i = 0; i < kTM; ++i)");
    line("#pragma unroll");
    open("for (int j = 0; j < kTN; ++j)");
    line("const long long m = m0 + " + simtRow(aRead, "tm", "kThreadsM", "i") + ", n = n0 + " +
         simtRow(bRead, "tn", "kThreadsN", "j") + ";");
    storeTileOutput(c, epilogue, used, acc, ct, "acc[i][j]");
    close();
    close();
    close();
  }

  // The stages' loop of a wgmma tile: stages are filled kStages - 2 ahead, and each step's
  // wgmmas (picoc_wgmma_tf32_nN) stay in flight while the next step's are issued. A step: its
  // slot has landed (every thread's copies, after the barrier), which also means every
  // warpgroup's products of two steps back are done, so that slot is refilled; then each
  // warpgroup issues one wgmma per k8 step, its 64 rows of one factor by the other's kWgN,
  // and waits for the previous step's. Where the 64 rows go through registers, each warp first
  // loads its fragments of them (rounded to tf32) into one of two arrays, in turn (the loop is
  // unrolled by two): the previous step's wgmmas still read the other.
  void wgmmaLoop(const GpuLaunch &l, const TileFactor &a, const TileFactor &b) {
    const TileFactor &nSide = l.wgmmaShared == 0 ? a : b, &mSide = l.wgmmaShared == 0 ? b : a;
    const bool registers = !mSide.layout.swizzled;
    line("for (int t = 0; t < kStages - 2; ++t)");
    line("  stage(t);");
    if (registers) {
      line("unsigned fragEven[kBK / 8][4], fragOdd[kBK / 8][4]; // the 64 rows' fragments");
      open("auto step = [&](int kt, unsigned (&frag)[kBK / 8][4])");
    } else {
      open("for (int kt = 0; kt < kTilesK; ++kt)");
    }
    line("picoc_cp_async_wait<kStages - 3>(); // stage kt's copies have landed");
    line("picoc_fence_proxy_async(); // for the tensor cores' reads");
    line("__syncthreads(); // for every thread; and step kt - 2's products are done");
    line("stage(kt + kStages - 2);");
    line("const int s = kt % kStages;");
    std::string rows = "frag[kk / 8]";
    if (registers) {
      line("#pragma unroll");
      open("for (int kk = 0; kk < kBK; kk += 8)");
      line("frag[kk / 8][0] = picoc_tf32(" + tileAt(mSide, "s", "kk + q", "wr + g") + ");");
      line("frag[kk / 8][1] = picoc_tf32(" + tileAt(mSide, "s", "kk + q", "wr + g + 8") + ");");
      line("frag[kk / 8][2] = picoc_tf32(" + tileAt(mSide, "s", "kk + q + 4", "wr + g") + ");");
      line("frag[kk / 8][3] = picoc_tf32(" + tileAt(mSide, "s", "kk + q + 4", "wr + g + 8") +
           ");");
      close();
    } else {
      line("const unsigned long long rows = picoc_wgmma_desc(&" +
           tileAt(mSide, "s", "0", "wr0") + ");");
      rows = "rows + kk / 8 * 2";
    }
    line("const unsigned long long columns = picoc_wgmma_desc(&" + tileAt(nSide, "s", "0", "0") +
         ");");
    line("picoc_wgmma_fence();");
    line("#pragma unroll");
    line("for (int kk = 0; kk < kBK; kk += 8) // 32 bytes further along the swizzled rows");
    line("  picoc_wgmma_tf32_n" + std::to_string(nSide.layout.rows) + "(acc, " + rows +
         ", columns + kk / 8 * 2);");
    line("picoc_wgmma_commit();");
    line("picoc_wgmma_wait<1>(); // step kt - 1's products");
    if (registers) {
      indent_ -= 2;
      line("};");
      open("for (int kt = 0; kt < kTilesK; kt += 2)");
      line("step(kt, fragEven);");
      line("if (kt + 1 < kTilesK)");
      line("  step(kt + 1, fragOdd);");
    }
    close();
    line("picoc_wgmma_wait<0>();");
  }

  // The epilogue of a wgmma tile: accumulator 4j + e of a thread is row wr + g (+ 8 for
  // e >= 2) of its warpgroup's factor and row 8j + 2q + (e & 1) of the wgmma's N factor.
  // Closes the tile loop.
  void wgmmaOutputs(const Contraction &c, const std::vector<ExprId> &epilogue,
                    std::vector<bool> used, const std::string &acc, const char *ct, int shared) {
    for (int d = 0; d < k_.rank(); ++d)
      used[d] = used[d] || k_.shape[d] > 1; // the store's index
    line("#pragma unroll");
    open("for (int j = 0; j < kWgN / 8; ++j)");
    line("#pragma unroll");
    open("for (int e = 0; e < 4; ++e)");
    line("const long long r = wr + g + (e >= 2 ? 8 : 0), d = j * 8 + 2 * q + (e & 1);");
    line(shared == 1 ? "const long long m = m0 + r, n = n0 + d;"
                     : "const long long m = m0 + d, n = n0 + r;");
    storeTileOutput(c, epilogue, used, acc, ct, "acc[j * 4 + e]");
    close();
    close();
    close(); // the tile loop
  }

  // A transpose through shared memory (Schedule.h, tile on a kernel without a reduction):
  // per 32 x 32 tile of output dims a and last, the block computes the values with its lanes
  // along a (reads of an operand contiguous along a coalesce), stores them in shared memory,
  // then writes them out with its lanes along the last dim (writes coalesce).
  void writeTiledTranspose() {
    const int a = launch_.transposeAxis, last = k_.rank() - 1;
    const int64_t extentA = k_.shape[a], extentL = k_.shape[last];
    const int64_t tilesA = ceilDiv(extentA, kGpuTransposeTile);
    const int64_t tilesL = ceilDiv(extentL, kGpuTransposeTile);
    std::vector<int> others;
    int64_t outer = 1;
    for (int d = 0; d < last; ++d)
      if (d != a)
        others.push_back(d), outer *= k_.shape[d];
    std::vector<bool> used = plan_.usedVars;
    for (int d : others)
      used[d] = used[d] || k_.shape[d] > 1; // the store's index
    const std::string va = "v" + std::to_string(a), vl = "v" + std::to_string(last);
    const std::string inTile = va + " < " + intLiteral(extentA, DType::I64) + " && " + vl +
                               " < " + intLiteral(extentL, DType::I64);
    line("constexpr int kT = " + std::to_string(kGpuTransposeTile) + "; // tile side");
    line("constexpr int kRows = " + std::to_string(launch_.blockX / kGpuTransposeTile) +
         "; // tile rows per pass");
    line("__shared__ " + std::string(cType(g_.node(k_.value).dtype)) +
         " tile[kT][kT + 1]; // [last][a], padded against bank conflicts");
    line("const int lane = threadIdx.x % kT, row0 = threadIdx.x / kT;");
    open("for (long long t = blockIdx.x; t < " + intLiteral(outer * tilesA * tilesL, DType::I64) +
         "; t += gridDim.x)");
    line("const long long outer = t / " + intLiteral(tilesA * tilesL, DType::I64) + ";");
    line("const long long a0 = (t / " + intLiteral(tilesL, DType::I64) + ") % " +
         intLiteral(tilesA, DType::I64) + " * kT, l0 = t % " + intLiteral(tilesL, DType::I64) +
         " * kT;");
    decomposeDims(others, "outer", used);
    // Unrolled (a fixed trip count, not row0's): each thread's loads of a tile are in flight
    // together, not one DRAM latency after another (H200, a [8192, 4096] transpose: 68% ->
    // 88% of the copy bandwidth).
    auto rows = [&] {
      line("#pragma unroll");
      open("for (int j = 0; j < kT / kRows; ++j)");
      line("const int i = row0 + j * kRows;");
    };
    rows();
    line("const long long " + va + " = a0 + lane, " + vl + " = l0 + i;");
    open("if (" + inTile + ")");
    nodes(plan_.pre);
    line("tile[i][lane] = " + ref(g_, k_.value) + ";");
    close();
    close();
    line("__syncthreads();");
    rows();
    line("const long long " + va + " = a0 + i, " + vl + " = l0 + lane;");
    open("if (" + inTile + ")");
    line("out[" + outputIndex() + "] = " + storeExpr(g_.node(k_.value).dtype, "tile[lane][i]") +
         ";");
    close();
    close();
    line("__syncthreads(); // the tile is rewritten by the next iteration");
    close();
  }

  // One output element `o` of a thread-per-element kernel.
  void elementBody() {
    decompose(k_.shape, 0, "o", withOutputVars(plan_.usedVars));
    nodes(plan_.pre);
    if (plan_.reduce != kNoExpr) {
      reductionLoop("0", "1");
      nodes(plan_.epilogue);
    }
    store();
  }

  // `acc` combined with the values of the lanes `s` apart, for s = first, first/2, ..., 1.
  void shuffleTree(const std::string &first) {
    open("for (int s = " + first + "; s > 0; s /= 2)");
    line("const " + accType() + " other = __shfl_xor_sync(" + kFullMask + ", " + acc() + ", s);");
    line(acc() + " = " + reduceCombine(reduceFn(), acc(), "other") + ";");
    close();
  }

  // kGroup consecutive threads per `unit`, kGroups of them per block: each thread's lane in
  // its group and its group in the block.
  void groupDecls(const std::string &unit, const std::string &units) {
    line("constexpr int kGroup = " + std::to_string(launch_.groupSize) + "; // threads per " +
         unit);
    line("constexpr int kGroups = " + std::to_string(launch_.blockX / launch_.groupSize) +
         "; // " + units + " per block and iteration");
    line("const int lane = threadIdx.x % kGroup;");
    line("const int group = threadIdx.x / kGroup;");
  }

  // A group of kGroup threads per output element, kGroups groups per block.
  void writeGroupPerElement() {
    const int group = launch_.groupSize;
    rnDecl();
    groupDecls("output element", "output elements");
    if (group > 32)
      line("__shared__ " + accType() + " partial[" + std::to_string(launch_.blockX / 32) +
           "]; // one per warp");
    open("for (long long base = (long long)blockIdx.x * kGroups; base < n; "
         "base += (long long)gridDim.x * kGroups)");
    line("// Every thread runs every iteration: the shuffles and barriers below need whole");
    line("// warps and blocks. A group past the end redoes the last element, but does not store.");
    line("const bool active = base + group < n;");
    line("const long long o = active ? base + group : n - 1;");
    decompose(k_.shape, 0, "o", withOutputVars(plan_.usedVars));
    nodes(plan_.pre);
    reductionLoop("lane", "kGroup");
    if (group <= 32) {
      shuffleTree("kGroup / 2");
    } else {
      shuffleTree("16");
      line("if (threadIdx.x % 32 == 0)");
      line("  partial[threadIdx.x / 32] = " + acc() + ";");
      line("__syncthreads();");
      open("if (lane < 32)");
      line(acc() + " = lane < kGroup / 32 ? partial[group * (kGroup / 32) + lane] : " +
           identity() + ";");
      shuffleTree("kGroup / 64");
      close();
      line("__syncthreads(); // partial[] is rewritten by the next iteration");
    }
    open("if (active && lane == 0)");
    nodes(plan_.epilogue);
    store();
    close();
    close();
  }

  // kGroup threads per output element, kGroups elements per block, an element's threads
  // kGroups lanes apart: consecutive lanes work on consecutive elements (coalesced where the
  // operands are contiguous along the output). Partials meet in shared memory.
  void writeStridedGroups() {
    rnDecl();
    line("constexpr int kGroup = " + std::to_string(launch_.groupSize) +
         "; // threads per output element");
    line("constexpr int kGroups = " + std::to_string(launch_.blockX / launch_.groupSize) +
         "; // output elements per block and iteration");
    line("const int lane = threadIdx.x / kGroups;");
    line("const int group = threadIdx.x % kGroups;");
    line("__shared__ " + accType() + " partial[kGroup * kGroups];");
    open("for (long long base = (long long)blockIdx.x * kGroups; base < n; "
         "base += (long long)gridDim.x * kGroups)");
    line("const bool active = base + group < n;");
    line("const long long o = active ? base + group : n - 1;");
    decompose(k_.shape, 0, "o", withOutputVars(plan_.usedVars));
    nodes(plan_.pre);
    reductionLoop("lane", "kGroup");
    line("partial[threadIdx.x] = " + acc() + ";");
    line("__syncthreads();");
    open("if (lane == 0)");
    line("for (int s = 1; s < kGroup; ++s)");
    line("  " + acc() + " = " + reduceCombine(reduceFn(), acc(), "partial[s * kGroups + group]") +
         ";");
    open("if (active)");
    nodes(plan_.epilogue);
    store();
    close();
    close();
    line("__syncthreads(); // partial[] is rewritten by the next iteration");
    close();
  }

  const Kernel &k_;
  const ExprGraph &g_;
  const KernelPlan &plan_;
  const LaunchConfig &launch_;
  int numDims_;
  const std::vector<int64_t> &outShape_;
  std::string &globals_;
  std::set<std::string> wroteTables_; // (a kernel with wgmma renders its tiles twice)
  ExprId reduce_ = plan_.reduce;
  size_t pass_ = 0; // row kernels: the pass being written (KernelPlan::fillsCache)
};

// `text` as `//` comment lines (backslashes replaced: one at a line's end would continue it).
void comment(std::ostringstream &os, const std::string &text) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    std::replace(l.begin(), l.end(), '\\', '/');
    l.erase(std::remove(l.begin(), l.end(), '\r'), l.end());
    os << "//" << (l.empty() ? "" : " ") << l << "\n";
  }
}

} // namespace

LaunchConfig launchConfig(const Kernel &kernel) {
  if (kernel.attention)
    return attentionLaunch(kernel);
  LaunchConfig c;
  GpuLaunch l = gpuLaunchOf(kernel);
  c.groupSize = l.groupSize;
  c.strided = l.strided;
  c.perThread = static_cast<int>(l.perThread);
  c.tiled = l.tiled();
  c.blockX = l.blockThreads();
  if (c.tiled) {
    Contraction t = *contractionOf(kernel);
    int64_t tiles = ceilDiv(t.m, l.tile[0]) * ceilDiv(t.n, l.tile[1]) * t.batch;
    c.gridX = std::clamp<int64_t>(tiles, 1, kMaxBlocks);
    c.sharedBytes = tiledSharedBytes(kernel, l);
    // Tensor-core tiles: two blocks per SM (their registers capped at 128 a thread) hide more
    // latency than one (H200, 2026-12-01, a 4096^3 GEMM at tf32: 90 -> 99 TFLOP/s, 224
    // registers without the cap; a few spilled with it).
    if (l.mmaProducts > 0 && l.wgmmaShared < 0)
      c.minBlocks = 2;
    return c;
  }
  if (l.transposed()) {
    c.transposeAxis = l.transposeAxis;
    const int last = kernel.rank() - 1;
    int64_t tiles = 1;
    for (int d = 0; d <= last; ++d)
      tiles *= d == l.transposeAxis || d == last ? ceilDiv(kernel.shape[d], kGpuTransposeTile)
                                                 : kernel.shape[d];
    c.gridX = std::clamp<int64_t>(tiles, 1, kMaxBlocks);
    return c;
  }
  // A row kernel's groups take rows; the others' take output elements.
  int64_t units = product(kernel.shape);
  if (kernel.isRowKernel())
    units /= kernel.rowLength();
  int64_t perBlock = l.elementsPerBlock * (kernel.isRowKernel() ? 1 : l.perThread);
  c.gridX = std::clamp<int64_t>(ceilDiv(units, perBlock), 1, kMaxBlocks);
  return c;
}

// Dynamic shared memory a block may have on every target (sm_80: 163 KiB; sm_90: 227 KiB),
// and on sm_90 (a wgmma kernel's cubins; its PTX runs on GPUs that have as much: sm_100).
constexpr int64_t kMaxSharedBytes = 160 * 1024, kMaxSharedBytesSm90 = 227 * 1024;

// A tiled contraction's opts fit together: every tile and thread tile set, the threads cover
// the block's tile, each factor's tile loads evenly, the stages fit in kMaxSharedBytes.
bool checkTiling(const Kernel &k, const GpuLaunch &l, std::string &why) {
  const int64_t threads = l.blockThreads();
  int64_t bytes = contractionOf(k) ? tiledSharedBytes(k, l) : 0;
  if (l.wgmmaShared >= 0) { // warpgroups of 64 rows of one factor, the other's a wgmma's N
    const int64_t n = l.tile[l.wgmmaShared], rows = l.tile[1 - l.wgmmaShared];
    if (threads % 128 != 0 || rows != threads / 128 * 64 || l.tile[2] != 32 ||
        n < 64 || n > 256 || n % 32 != 0 || bytes > kMaxSharedBytesSm90) {
      why = "the warpgroup tiling " + scheduleToJson(k.opts) + " does not fit together (64 "
            "rows of one factor per 128 threads, the other's a multiple of 32 from 64 to 256, "
            "BK = 32, the stages within 227 KiB)";
      return false;
    }
    bytes = 0; // checked; the mma.sync form below shares it
  }
  if (l.mmaProducts > 0) { // warps of 16 TM x 8 TN outputs, k8 steps
    const int64_t wm = 16 * l.threadTile[0], wn = 8 * l.threadTile[1];
    if (!contractionOf(k) || l.groupSize != 1 || l.perThread != 1 || l.tile[0] % wm != 0 ||
        l.tile[1] % wn != 0 || l.tile[2] % 8 != 0 ||
        (l.tile[0] / wm) * (l.tile[1] / wn) * 32 != threads || bytes > kMaxSharedBytes) {
      why = "the tensor-core tiling " + scheduleToJson(k.opts) + " does not fit together "
            "(warps of 16 TM x 8 TN outputs cover the BM x BN tile, BK a multiple of 8, "
            "the stages' (BM + BN) x BK within 160 KiB)";
      return false;
    }
    return true;
  }
  if (!contractionOf(k) || l.groupSize != 1 || l.perThread != 1 || l.tile[0] == 0 ||
      l.tile[1] == 0 || l.tile[0] % l.threadTile[0] != 0 || l.tile[1] % l.threadTile[1] != 0 ||
      (l.tile[0] / l.threadTile[0]) * (l.tile[1] / l.threadTile[1]) != threads ||
      bytes > kMaxSharedBytes) {
    why = "the tiling " + scheduleToJson(k.opts) + " does not fit together (tile(0..2) all set, "
          "(BM/TM) x (BN/TN) = local, no group_reduce or upcast, the stages' (BM + BN) x BK "
          "within 160 KiB)";
    return false;
  }
  return true;
}

// The schedule as the renderer needs it: opts that kir::applyOpt accepts for a GPU, every output
// dim launched, whole warps per block, a group only where there is a reduction.
bool checkSchedule(const Kernel &k, bool hasReduce, std::string &why) {
  bool global = false;
  GpuLaunch l = gpuLaunchOf(k);
  if (l.tiled() && !checkTiling(k, l, why))
    return false;
  const int64_t threads = l.blockThreads();
  if (l.transposed() &&
      (hasReduce || l.perThread != 1 || l.transposeAxis >= k.rank() - 1 ||
       threads % kGpuTransposeTile != 0 || kGpuTransposeTile % (threads / kGpuTransposeTile))) {
    why = "the transpose " + scheduleToJson(k.opts) + " does not fit together (no reduction or "
          "upcast, a tile of dim a < rank - 1, local a multiple of 32 that divides 32 x 32)";
    return false;
  }
  for (const Opt &o : k.opts) {
    if (o.kind == OptKind::Global && o.amount == k.rank())
      global = true;
    else if ((l.tiled() && (o.kind == OptKind::Tile || o.kind == OptKind::Unroll ||
                             o.kind == OptKind::Mma || o.kind == OptKind::Wgmma)) ||
             (l.transposed() && o.kind == OptKind::Tile))
      continue;
    else if (o.kind != OptKind::Local && o.kind != OptKind::GroupReduce &&
             !(o.kind == OptKind::Upcast && (!hasReduce || k.isRowKernel()))) {
      why = "the CUDA target does not render " + std::string(optKindName(o.kind)) + "(" +
            std::to_string(o.axis) + ", " + std::to_string(o.amount) + ")";
      return false;
    }
  }
  if (!global || threads % 32 != 0 || threads > 1024 || (l.groupSize & (l.groupSize - 1)) ||
      (l.groupSize > 1 && !hasReduce) || (l.strided && k.isRowKernel())) {
    why = "the schedule " + scheduleToJson(k.opts) + " is not a GPU launch (global over every "
          "output dim, blocks of whole warps, group_reduce only on a reduction, consecutive "
          "lanes for a row kernel)";
    return false;
  }
  return true;
}

bool canRenderKernel(const Kernel &kernel, std::string &why) {
  if (kernel.attention)
    return checkAttention(kernel, why);
  KernelPlan plan;
  return planKernel(kernel, plan, why) && checkSchedule(kernel, plan.reduce != kNoExpr, why);
}

bool renderKernel(const Program &program, const Kernel &k, std::string &out,
                  std::string &error) {
  auto fail = [&](const std::string &why) {
    error = "kernel '" + k.name + "' (" + k.location + "): " + why;
    return false;
  };
  KernelPlan plan;
  std::string why;
  if (k.attention ? !checkAttention(k, why)
                  : !planKernel(k, plan, why) || !checkSchedule(k, plan.reduce != kNoExpr, why))
    return fail(why);
  if (!isIdentifier(k.name))
    return fail("the name is not a C identifier");
  const auto numBuffers = static_cast<int>(program.buffers.size());
  if (k.output < 0 || k.output >= numBuffers)
    return fail("no output buffer");
  if (!outputFits(k, program.buffers[k.output], program.dims, why))
    return fail(why);
  const std::vector<int64_t> &outShape =
      k.outputStart.empty() ? k.shape : program.buffers[k.output].shape;
  // Reading the output buffer too (in place) rules out __restrict__.
  bool aliased = std::count(k.inputs.begin(), k.inputs.end(), k.output) > 0;
  std::string restrict = aliased ? " *" : " *__restrict__ ";
  std::string params;
  for (int i = -1; i < static_cast<int>(k.inputs.size()); ++i) {
    int id = i < 0 ? k.output : k.inputs[i];
    if (id < 0 || id >= numBuffers)
      return fail("buffer b" + std::to_string(id) + " does not exist");
    const char *ct = storageType(program.buffers[id].dtype);
    if (!ct)
      return fail("no CUDA rendering of " + std::string(dtypeName(program.buffers[id].dtype)) +
                  " buffers");
    params += i < 0 ? std::string(ct) + restrict + "out"
                    : ", const " + std::string(ct) + restrict + "in" + std::to_string(i);
  }

  if (k.readsRunDims())
    params += ", const long long *__restrict__ dims";
  LaunchConfig launch = launchConfig(k);
  if (k.hasRunExtents() && (launch.tiled || launch.transposeAxis >= 0 || launch.perThread > 1))
    return fail("a tiled, transposed or upcast schedule over run-time extents");
  std::ostringstream body;
  std::string globals;
  if (k.attention) {
    ParamMap params;
    for (size_t i = 0; i < k.inputs.size(); ++i)
      params.emplace(k.inputs[i], "in" + std::to_string(i));
    body << renderAttentionBody(k, params,
                                k.readsRunDims() ? static_cast<int>(program.dims.size()) : 0);
  } else {
    KernelWriter(k, plan, launch, static_cast<int>(program.dims.size()), outShape, body, globals)
        .write();
  }
  std::ostringstream os;
  os << "\n// ---- kernel " << k.name << " ----\n";
  if (!k.location.empty())
    comment(os, "location: " + k.location);
  comment(os, k.str());
  os << globals;
  os << "// launch (from the schedule): grid " << launch.gridX << ", block " << launch.blockX;
  if (k.attention)
    os << ", 16 x rt query rows per block";
  else if (plan.rows)
    os << ", " << launch.groupSize << " thread(s) per row";
  else if (plan.reduce != kNoExpr)
    os << ", " << launch.groupSize << " thread(s) per output element";
  os << "\nextern \"C\" __global__ void __launch_bounds__(" << launch.blockX;
  if (launch.minBlocks > 1)
    os << ", " << launch.minBlocks;
  os << ") " << k.name
     << "(" << params << ") {\n" << body.str() << "}\n";
  out += os.str();
  return true;
}

bool renderProgram(const Program &program, std::string &out, std::string &error,
                   std::vector<std::string> *functions) {
  out += "// CUDA C for the picoc program '" + program.name + "': " +
         std::to_string(program.kernels.size()) + " kernel(s), in execution order, each\n"
         "// structure once (a kernel equal to an earlier one but for its buffers runs its\n"
         "// function). Each takes its output buffer first, then its inputs (see its comment).\n\n";
  out += cudaPrelude();
  std::unordered_map<std::string, std::string> rendered; // structural key -> function
  for (const Kernel &k : program.kernels) {
    auto [it, fresh] = rendered.try_emplace(structuralKey(k, program.buffers), k.name);
    if (fresh && !renderKernel(program, k, out, error))
      return false;
    if (functions)
      functions->push_back(it->second);
  }
  return true;
}

} // namespace picoc::cuda
