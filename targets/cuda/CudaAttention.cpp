//===- CudaAttention.cpp - attention kernels as CUDA C ---------------------------------===//
//
// See CudaAttention.h for the rule. The expressions (q, k, v loads with their views, the
// score's scale and mask) are rendered node by node as everywhere else (CudaExpr.h), each in
// the scope where its variables are set.
//
//===---------------------------------------------------------------------------------===//
#include "CudaAttention.h"

#include "CudaExpr.h"

#include <algorithm>
#include <functional>
#include <sstream>

namespace picoc::cuda {

using namespace kir;

namespace {

constexpr int kThreads = 256;
constexpr int64_t kRows = 64;        // query rows per block: 16 groups of 4
constexpr int kRowThreads = 16;      // threads per row group (a half-warp)
constexpr int64_t kMaxShared = 160 * 1024;

// The parts of the kernel the renderer reads.
struct Parts {
  int rank = 0, iVar = 0, dVar = 0, jVar = 0, eVar = 0;
  ExprId q = kNoExpr, k = kNoExpr; // the dot's factors
  int64_t e = 0, d = 0;            // head dims (static)
  int64_t bn = 64;                 // keys per tile
  int64_t qPitch = 0, vPitch = 0, pPitch = 0;
  int64_t sharedBytes() const {
    return (kRows * qPitch + bn * qPitch + bn * vPitch + kRows * pPitch) * 4;
  }
};

// The variables `root` reads, not looking below `stop` (the dot, a value of its own).
uint64_t varsOf(const ExprGraph &g, ExprId root, ExprId stop) {
  std::vector<uint64_t> memo(g.size(), ~uint64_t(0));
  std::function<uint64_t(ExprId)> walk = [&](ExprId id) -> uint64_t {
    if (id == kNoExpr || id == stop)
      return 0;
    if (memo[id] != ~uint64_t(0))
      return memo[id];
    const Node &n = g.node(id);
    uint64_t m = n.op == Op::Var ? uint64_t(1) << n.arg : 0;
    for (ExprId s : n.src)
      m |= walk(s);
    return memo[id] = m;
  };
  return walk(root);
}

// The nodes `root` needs that are rendered as SSA values (not variables, dims, constants or
// `stop`), in id order: operands first.
std::vector<ExprId> nodesOf(const ExprGraph &g, ExprId root, ExprId stop) {
  std::vector<bool> need(g.size(), false);
  need[root] = root != stop;
  for (ExprId id = root; id >= 0; --id)
    if (need[id])
      for (ExprId s : g.node(id).src)
        if (s != kNoExpr && s != stop)
          need[s] = true;
  std::vector<ExprId> out;
  for (ExprId id = 0; id <= root; ++id) {
    Op op = g.node(id).op;
    if (need[id] && op != Op::Var && op != Op::Const && op != Op::Dim)
      out.push_back(id);
  }
  return out;
}

bool partsOf(const Kernel &k, Parts &p, std::string &why) {
  const Attention &a = *k.attention;
  const ExprGraph &g = k.graph;
  p.rank = k.rank();
  if (p.rank < 2 || k.reduceShape.size() != 2) {
    why = "an attention kernel of rank < 2 or without its two reduction variables";
    return false;
  }
  p.iVar = p.rank - 2;
  p.dVar = p.rank - 1;
  p.jVar = a.keyVar(p.rank);
  p.eVar = a.termVar(p.rank);
  const Node &dot = g.node(a.dot);
  const Node &product = g.node(dot.src[0]);
  if (dot.op != Op::Reduce || product.op != Op::Mul || product.dtype != DType::F32 ||
      g.node(a.score).dtype != DType::F32 || g.node(a.value).dtype != DType::F32) {
    why = "an attention kernel whose dot is not an f32 sum of products";
    return false;
  }
  p.q = product.src[0];
  p.k = product.src[1];
  auto bit = [](int v) { return uint64_t(1) << v; };
  if (varsOf(g, p.q, kNoExpr) & bit(p.jVar))
    std::swap(p.q, p.k);
  const uint64_t qv = varsOf(g, p.q, kNoExpr), kv = varsOf(g, p.k, kNoExpr),
                 vv = varsOf(g, a.value, kNoExpr), sv = varsOf(g, a.score, a.dot);
  if ((qv & (bit(p.jVar) | bit(p.dVar))) || (kv & (bit(p.iVar) | bit(p.dVar))) ||
      (vv & (bit(p.iVar) | bit(p.eVar))) || (sv & (bit(p.eVar) | bit(p.dVar)))) {
    why = "an attention kernel whose q, k, v or score reads a variable it should not";
    return false;
  }
  for (int v = 0; v < p.rank; ++v)
    if (v != p.iVar && !k.runExtent(v).isConstant()) {
      why = "an attention kernel with run-time batch or head dims";
      return false;
    }
  p.e = k.reduceShape[1];
  p.d = k.shape[p.dVar];
  if (!k.runExtent(p.eVar).isConstant()) {
    why = "an attention kernel with a run-time head dim";
    return false;
  }
  if (p.e > kMaxAttentionHeadDim || p.d > kMaxAttentionHeadDim) {
    why = "head dims above " + std::to_string(kMaxAttentionHeadDim);
    return false;
  }
  p.qPitch = p.e + 1;                                  // rows of Q and K: conflict-free columns
  p.vPitch = (p.d + kRowThreads - 1) / kRowThreads * kRowThreads; // zero-padded columns
  for (p.bn = 64; p.bn >= 32; p.bn /= 2) {
    p.pPitch = p.bn + 1;
    if (p.sharedBytes() <= kMaxShared)
      break;
  }
  if (p.sharedBytes() > kMaxShared) {
    why = "the attention's tiles do not fit in shared memory";
    return false;
  }
  for (ExprId root : {p.q, p.k, a.value, a.score})
    for (ExprId id : nodesOf(g, root, a.dot)) {
      const Node &n = g.node(id);
      if (n.op == Op::Reduce || !cType(n.dtype) || !nodeExpr(g, id, ParamMap())) {
        // loads are checked with their parameters when rendering; here only the ops
        if (n.op == Op::Load)
          continue;
        why = "no CUDA rendering of " + std::string(opName(n.op)) + " on " +
              dtypeName(n.dtype) + " in an attention kernel";
        return false;
      }
    }
  return true;
}

std::string lit(int64_t v) { return intLiteral(v, DType::I64); }

class Writer {
public:
  Writer(const Kernel &k, const Parts &p, const ParamMap &params, int numDims)
      : k_(k), g_(k.graph), p_(p), params_(params), numDims_(numDims) {}

  std::string write() {
    const Attention &a = *k_.attention;
    for (int i = 0; i < numDims_; ++i)
      line("const long long d" + std::to_string(i) + " = dims[" + std::to_string(i) + "];");
    line("extern __shared__ float smem[];");
    line("float *sQ = smem, *sK = sQ + " + lit(kRows * p_.qPitch) + ", *sV = sK + " +
         lit(p_.bn * p_.qPitch) + ", *sP = sV + " + lit(p_.bn * p_.vPitch) + ";");
    line("const int tid = threadIdx.x, ty = tid >> 4, tx = tid & 15;");
    line("const long long M = " + extent(p_.iVar) + ", N = " + extent(p_.jVar) + ";");
    int64_t batch = 1;
    for (int v = 0; v < p_.iVar; ++v)
      batch *= k_.shape[v];
    line("const long long mTiles = (M + " + lit(kRows - 1) + ") / " + lit(kRows) +
         ", tiles = mTiles * " + lit(batch) + ";");
    open("for (long long tile = blockIdx.x; tile < tiles; tile += gridDim.x)");
    line("long long b = tile / mTiles;");
    line("const long long i0 = (tile % mTiles) * " + lit(kRows) + ";");
    for (int v = p_.iVar - 1; v >= 0; --v) {
      line("const long long v" + std::to_string(v) + " = b % " + lit(k_.shape[v]) + ";");
      line("b /= " + lit(k_.shape[v]) + ";");
    }
    line("__syncthreads(); // the last tile's readers are done with shared memory");
    stage("sQ", p_.qPitch, kRows, p_.e, p_.iVar, "i0", "M", p_.eVar, p_.q);
    line("float m[4], l[4], acc[4][" + lit(dc()) + "];");
    open("for (int r = 0; r < 4; ++r)");
    line("m[r] = -__int_as_float(0x7f800000);");
    line("l[r] = 0.0f;");
    line("for (int c = 0; c < " + lit(dc()) + "; ++c) acc[r][c] = 0.0f;");
    close();
    open("for (long long j0 = 0; j0 < N; j0 += " + lit(p_.bn) + ")");
    if (a.bias != kNoExpr) {
      skipMasked(a);
    } else {
      line("__syncthreads(); // the last key tile's readers are done");
    }
    stage("sK", p_.qPitch, p_.bn, p_.e, p_.jVar, "j0", "N", p_.eVar, p_.k);
    stage("sV", p_.vPitch, p_.bn, p_.vPitch, p_.jVar, "j0", "N", p_.dVar, a.value, p_.d);
    line("__syncthreads();");
    scores();
    softmax(a);
    line("__syncwarp(); // a row group's P row is written and read by its own half-warp");
    line("#pragma unroll 4");
    open("for (int j = 0; j < " + lit(p_.bn) + "; ++j)");
    line("float pr[4];");
    line("for (int r = 0; r < 4; ++r) pr[r] = sP[(ty * 4 + r) * " + lit(p_.pPitch) + " + j];");
    open("for (int c = 0; c < " + lit(dc()) + "; ++c)");
    line("const float vj = sV[j * " + lit(p_.vPitch) + " + tx + 16 * c];");
    line("for (int r = 0; r < 4; ++r) acc[r][c] = fmaf(pr[r], vj, acc[r][c]);");
    close();
    close();
    close(); // key tiles
    store(a);
    close(); // tiles
    return os_.str();
  }

private:
  int64_t dc() const { return p_.vPitch / kRowThreads; }
  int64_t kc() const { return p_.bn / kRowThreads; }

  std::string extent(int v) const {
    DimExpr e = k_.runExtent(v);
    std::string s = lit(e.constant);
    for (size_t i = 0; i < e.coeffs.size(); ++i)
      if (e.coeffs[i] != 0)
        s += " + " + lit(e.coeffs[i]) + " * d" + std::to_string(i);
    return s;
  }

  void line(const std::string &s) { os_ << std::string(indent_, ' ') << s << "\n"; }
  void open(const std::string &s) {
    line(s + " {");
    indent_ += 2;
  }
  void close() {
    indent_ -= 2;
    line("}");
  }
  void nodes(ExprId root) {
    for (ExprId id : nodesOf(g_, root, k_.attention->dot))
      line("const " + std::string(cType(g_.node(id).dtype)) + " t" + std::to_string(id) + " = " +
           *nodeExpr(g_, id, params_) + ";");
  }

  // Evaluates `root` into rows x cols of `dst` (pitch `pitch`): row r is variable `rowVar` =
  // `base` + r (zero past `limit`), column c variable `colVar` (zero past `cols`, which may
  // be below the padded width `width`).
  void stage(const std::string &dst, int64_t pitch, int64_t rows, int64_t width, int rowVar,
             const std::string &base, const std::string &limit, int colVar, ExprId root,
             int64_t cols = -1) {
    if (cols < 0)
      cols = width;
    open("for (int x = tid; x < " + lit(rows * width) + "; x += " + lit(kThreads) + ")");
    line("const int r = x / " + lit(width) + ", c = x % " + lit(width) + ";");
    line("const long long v" + std::to_string(rowVar) + " = " + base + " + r;");
    line("const long long v" + std::to_string(colVar) + " = c;");
    line("float x_ = 0.0f;");
    std::string cond = "v" + std::to_string(rowVar) + " < " + limit;
    if (cols < width)
      cond += " && c < " + lit(cols);
    open("if (" + cond + ")");
    nodes(root);
    line("x_ = " + ref(g_, root) + ";");
    close();
    line(dst + "[r * " + lit(pitch) + " + c] = x_;");
    close();
  }

  // A key tile whose bias is -inf for every query row of the block has no weight (a causal
  // mask's future keys): the block skips it. The vote is the barrier before the tile's staging.
  void skipMasked(const Attention &a) {
    line("int live = 0;");
    open("for (int r = 0; r < 4; ++r)");
    line("const long long v" + std::to_string(p_.iVar) + " = i0 + ty * 4 + r;");
    open("for (int c = 0; c < " + lit(kc()) + "; ++c)");
    line("const long long v" + std::to_string(p_.jVar) + " = j0 + tx + 16 * c;");
    open("if (v" + std::to_string(p_.jVar) + " < N && v" + std::to_string(p_.iVar) + " < M)");
    nodes(a.bias);
    line("live |= " + ref(g_, a.bias) + " != -__int_as_float(0x7f800000);");
    close();
    close();
    close();
    line("if (!__syncthreads_or(live)) continue; // (and the last key tile's readers are done)");
  }

  void scores() {
    line("float s[4][" + lit(kc()) + "];");
    line("for (int r = 0; r < 4; ++r) for (int c = 0; c < " + lit(kc()) + "; ++c) s[r][c] = 0.0f;");
    line("#pragma unroll 4");
    open("for (int e = 0; e < " + lit(p_.e) + "; ++e)");
    line("float qr[4], kc[" + lit(kc()) + "];");
    line("for (int r = 0; r < 4; ++r) qr[r] = sQ[(ty * 4 + r) * " + lit(p_.qPitch) + " + e];");
    line("for (int c = 0; c < " + lit(kc()) + "; ++c) kc[c] = sK[(tx + 16 * c) * " +
         lit(p_.qPitch) + " + e];");
    line("for (int r = 0; r < 4; ++r) for (int c = 0; c < " + lit(kc()) +
         "; ++c) s[r][c] = fmaf(qr[r], kc[c], s[r][c]);");
    close();
  }

  void softmax(const Attention &a) {
    const std::string negInf = "-__int_as_float(0x7f800000)";
    open("for (int r = 0; r < 4; ++r)");
    line("const long long v" + std::to_string(p_.iVar) + " = i0 + ty * 4 + r;");
    line("float mt = " + negInf + ";");
    open("for (int c = 0; c < " + lit(kc()) + "; ++c)");
    line("const long long v" + std::to_string(p_.jVar) + " = j0 + tx + 16 * c;");
    line("float x_ = " + negInf + ";");
    open("if (v" + std::to_string(p_.jVar) + " < N && v" + std::to_string(p_.iVar) + " < M)");
    line("const float t" + std::to_string(a.dot) + " = s[r][c];");
    nodes(a.score);
    line("x_ = " + ref(g_, a.score) + ";");
    close();
    line("s[r][c] = x_;");
    line("mt = fmaxf(mt, x_);");
    close();
    line("for (int o = 8; o > 0; o >>= 1) mt = fmaxf(mt, __shfl_xor_sync(0xffffffffu, mt, o));");
    line("const float mn = fmaxf(m[r], mt);");
    line("// exp(old max - new max); 1 while every score so far is -inf (-inf - -inf is NaN)");
    line("const float corr = mn == " + negInf + " ? 1.0f : expf(m[r] - mn);");
    line("m[r] = mn;");
    line("l[r] *= corr;");
    line("for (int c = 0; c < " + lit(dc()) + "; ++c) acc[r][c] *= corr;");
    open("for (int c = 0; c < " + lit(kc()) + "; ++c)");
    line("const float pr = s[r][c] == " + negInf + " ? 0.0f : expf(s[r][c] - mn);");
    line("l[r] += pr;");
    line("sP[(ty * 4 + r) * " + lit(p_.pPitch) + " + tx + 16 * c] = pr;");
    close();
    close();
  }

  void store(const Attention &a) {
    open("for (int r = 0; r < 4; ++r)");
    line("float sum = l[r];");
    line("for (int o = 8; o > 0; o >>= 1) sum += __shfl_xor_sync(0xffffffffu, sum, o);");
    line("const long long v" + std::to_string(p_.iVar) + " = i0 + ty * 4 + r;");
    line("if (v" + std::to_string(p_.iVar) + " >= M) continue;");
    // The output row's offset at the buffer's (bounds) layout.
    std::string row = "0LL";
    for (int v = 0; v <= p_.iVar; ++v)
      row = "(" + row + ") * " + lit(k_.shape[v]) + " + v" + std::to_string(v);
    line("const long long o = (" + row + ") * " + lit(p_.d) + ";");
    open("for (int c = 0; c < " + lit(dc()) + "; ++c)");
    line("const int dd = tx + 16 * c;");
    line("if (dd >= " + lit(p_.d) + ") break;");
    line(std::string("out[o + dd] = ") +
         (a.zeroEmptyRows ? "sum == 0.0f ? 0.0f : acc[r][c] / sum;" : "acc[r][c] / sum;"));
    close();
    close();
  }

  const Kernel &k_;
  const ExprGraph &g_;
  const Parts &p_;
  const ParamMap &params_;
  int numDims_;
  std::ostringstream os_;
  int indent_ = 2;
};

} // namespace

bool checkAttention(const Kernel &k, std::string &why) {
  Parts p;
  if (!partsOf(k, p, why))
    return false;
  if (k.opts.size() != 1 || k.opts[0].kind != OptKind::Global || k.opts[0].amount != k.rank() - 1) {
    why = "an attention kernel's schedule is global(0, rank - 1) alone on the GPU";
    return false;
  }
  if (!k.outputStart.empty()) {
    why = "an attention kernel writing part of its output";
    return false;
  }
  return true;
}

LaunchConfig attentionLaunch(const Kernel &k) {
  LaunchConfig c;
  Parts p;
  std::string why;
  if (!partsOf(k, p, why))
    return c;
  int64_t tiles = (k.shape[p.iVar] + kRows - 1) / kRows;
  for (int v = 0; v < p.iVar; ++v)
    tiles *= k.shape[v];
  c.gridX = std::clamp<int64_t>(tiles, 1, int64_t(1) << 16); // the loop strides over the rest
  c.blockX = kThreads;
  c.sharedBytes = p.sharedBytes();
  return c;
}

std::string renderAttentionBody(const Kernel &k, const ParamMap &params, int numDims) {
  Parts p;
  std::string why;
  partsOf(k, p, why);
  return Writer(k, p, params, numDims).write();
}

} // namespace picoc::cuda
