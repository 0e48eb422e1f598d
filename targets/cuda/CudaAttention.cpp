//===- CudaAttention.cpp - attention kernels as CUDA C ---------------------------------===//
//
// See CudaAttention.h for the rule. The expressions (q, k, v loads with their views, the
// score's scale and mask) are rendered node by node as everywhere else (CudaExpr.h), each in
// the scope where its variables are set.
//
//===---------------------------------------------------------------------------------===//
#include "CudaAttention.h"

#include "CudaExpr.h"
#include "picoc/Kernel/Schedule.h"

#include <algorithm>
#include <functional>
#include <sstream>

namespace picoc::cuda {

using namespace kir;

namespace {

constexpr int kThreads = 256;
constexpr int kRowThreads = 16;      // threads per row group (a half-warp): 16 row groups
constexpr int64_t kMaxShared = 160 * 1024;
constexpr int64_t kMaxAccumulators = 64; // a thread's rows x V columns, in registers

// The parts of the kernel the renderer reads, and its tiling.
struct Parts {
  int rank = 0, iVar = 0, dVar = 0, jVar = 0, eVar = 0;
  int sVar = -1;                   // a split attention's split dim (kir::Attention::splits)
  ExprId q = kNoExpr, k = kNoExpr; // the dot's factors
  int64_t e = 0, d = 0;            // head dims (static)
  int64_t rt = 8;                  // query rows per thread (4 or 8): a block's rows are 16 rt
  int64_t bn = 64;                 // keys per tile
  int64_t vPitch = 0;              // V's columns, padded to whole half-warps
  int products = 0;                // on tensor cores (mma): tf32 products per product, else 0
  int64_t rows() const { return kRowThreads * rt; }
  int64_t kc() const { return bn / kRowThreads; }     // keys per thread: tx + 16 c
  int64_t dc() const { return vPitch / kRowThreads; } // V columns per thread: dc tx + c
  // Q is stored [e][row] and P [key][row] (a thread's rows in 16-byte reads), K [e][position]
  // with key tx + 16 c at position kc tx + c (a thread's keys in one read, a half-warp's in
  // consecutive banks, while P's stores of key tx + 16 c stay apart), V [key][d] (a thread's
  // columns dc tx + c in one read where dc allows).
  int64_t qPitch() const { return rows() + 4; }
  int64_t kPitch() const { return bn + 4; }
  int64_t pPitch() const { return rows() + 4; }
  // Each region starts 16 bytes aligned (its float4 reads and writes): K's odd pitch times an
  // odd head dim would leave V and P misaligned.
  static int64_t aligned(int64_t floats) { return (floats + 3) / 4 * 4; }
  int64_t qFloats() const { return aligned(e * qPitch()); }
  int64_t kFloats() const { return aligned(e * kPitch()); }
  int64_t vFloats() const { return aligned(bn * vPitch); }
  int64_t sharedBytes() const {
    if (products > 0)
      return (kMmaRows * mmaPitch(e, 32) + kMmaKeys * (mmaPitch(e, 32) + mmaPitch(d, 16))) * 4;
    return (qFloats() + kFloats() + vFloats() + bn * pPitch()) * 4;
  }

  // On tensor cores: Q [row][e], K [key][e] and V [key][d], each row padded to 4 mod 32 words
  // (Q's and K's fragments read 8 rows by 4 terms) or 4 mod 16 (V's read 2 x 4 keys by 8
  // columns), so that a warp's 32 reads hit 32 banks.
  static constexpr int64_t kMmaRows = 128, kMmaKeys = 64; // a block's query rows, a key tile
  static int64_t mmaPitch(int64_t width, int64_t modulo) {
    return width + ((4 - width) % modulo + modulo) % modulo;
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

bool checkOps(const Kernel &k, const Parts &p, std::string &why);

bool partsOf(const Kernel &k, Parts &p, std::string &why) {
  const Attention &a = *k.attention;
  const ExprGraph &g = k.graph;
  p.rank = k.rank();
  if (p.rank < 2 || k.reduceShape.size() != 2) {
    why = "an attention kernel of rank < 2 or without its two reduction variables";
    return false;
  }
  p.iVar = a.rowDims(p.rank) - 1;
  p.dVar = p.rank - 1;
  if (a.splits > 0)
    p.sVar = p.rank - 2;
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
  p.d = k.shape[p.dVar] - (a.splits > 0 ? 2 : 0);
  if (!k.runExtent(p.eVar).isConstant()) {
    why = "an attention kernel with a run-time head dim";
    return false;
  }
  if (p.e > kMaxAttentionHeadDim || p.d > kMaxAttentionHeadDim) {
    why = "head dims above " + std::to_string(kMaxAttentionHeadDim);
    return false;
  }
  p.vPitch = (p.d + kRowThreads - 1) / kRowThreads * kRowThreads;
  for (const Opt &o : k.opts)
    if (o.kind == OptKind::Mma)
      p.products = static_cast<int>(o.amount);
  if (p.products > 0) // applyOpt checked the head dims (kMaxMmaAttentionHeadDim)
    return checkOps(k, p, why);
  // The largest tiling that fits: 8 rows a thread where there are 128 query rows and the
  // accumulators stay in registers, else 4; 64 keys a tile, else 32.
  bool fits = false;
  for (int64_t rt : {int64_t(8), int64_t(4)}) {
    if (rt == 8 && (k.shape[p.iVar] < 128 || rt * p.dc() > kMaxAccumulators))
      continue;
    for (int64_t bn : {int64_t(64), int64_t(32)}) {
      p.rt = rt;
      p.bn = bn;
      if ((fits = p.sharedBytes() <= kMaxShared))
        break;
    }
    if (fits)
      break;
  }
  if (!fits) {
    why = "the attention's tiles do not fit in shared memory";
    return false;
  }
  return checkOps(k, p, why);
}

// Every op of q, k, v and the score has a CUDA rendering.
bool checkOps(const Kernel &k, const Parts &p, std::string &why) {
  const Attention &a = *k.attention;
  const ExprGraph &g = k.graph;
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
// An int literal: shared-memory offsets and the loops inside a tile stay in 32-bit arithmetic
// (a long long constant there makes every address a 64-bit multiply).
std::string ilit(int64_t v) { return std::to_string(v); }

class Writer : SourceWriter {
public:
  Writer(const Kernel &k, const Parts &p, const ParamMap &params, int numDims)
      : SourceWriter(text_), k_(k), g_(k.graph), p_(p), params_(params), numDims_(numDims) {
    scopeNodes();
  }

  std::string write() {
    if (p_.products > 0)
      return writeMma();
    const Attention &a = *k_.attention;
    const std::string rt = ilit(p_.rt), kc = ilit(p_.kc()), dc = ilit(p_.dc());
    line("extern __shared__ float smem[];");
    line("float *sQ = smem, *sK = sQ + " + ilit(p_.qFloats()) + ", *sV = sK + " +
         ilit(p_.kFloats()) + ", *sP = sV + " + ilit(p_.vFloats()) + ";");
    line("const int tid = threadIdx.x, ty = tid >> 4, tx = tid & 15;");
    openTiles(p_.rows());
    stage("sQ", p_.qPitch(), p_.rows(), p_.e, p_.iVar, "i0", "M", p_.eVar, p_.q, Layout::ColMajorByRow);
    line("float m[" + rt + "], l[" + rt + "], acc[" + rt + "][" + dc + "];");
    open("for (int r = 0; r < " + rt + "; ++r)");
    line("m[r] = -__int_as_float(0x7f800000);");
    line("l[r] = 0.0f;");
    line("for (int c = 0; c < " + dc + "; ++c) acc[r][c] = 0.0f;");
    close();
    open(std::string("for (long long j0 = ") + (a.splits > 0 ? "s_ * chunk" : "0") +
         "; j0 < N; j0 += " + lit(p_.bn) + ")");
    if (a.bias != kNoExpr)
      skipMasked(a);
    else
      line("__syncthreads(); // the last key tile's readers are done");
    // V's tile copied asynchronously where it is one contiguous load: in flight while K is
    // staged and the scores and weights are computed.
    const bool asyncV = p_.vPitch == p_.d && contiguousLoad(a.value, p_.dVar);
    if (asyncV)
      copyAsync("sV", p_.vPitch, p_.bn, p_.d, p_.jVar, "j0", "N", p_.dVar, a.value);
    stage("sK", p_.kPitch(), p_.bn, p_.e, p_.jVar, "j0", "N", p_.eVar, p_.k, Layout::KeyColumns);
    if (!asyncV)
      stage("sV", p_.vPitch, p_.bn, p_.vPitch, p_.jVar, "j0", "N", p_.dVar, a.value,
            Layout::RowMajor, p_.d);
    line("__syncthreads();");
    // A warp whose scores are all masked adds nothing to its rows (each weight exp(-inf) is
    // 0): it skips its products and softmax (the diagonal tiles of a causal mask).
    const bool skips = a.bias != kNoExpr;
    if (skips)
      open("if (warpLive)");
    scores();
    softmax(a);
    if (skips)
      close();
    if (asyncV) {
      line("picoc_cp_async_wait<0>(); // this thread's copies of V's tile have landed");
      line("__syncthreads(); // and every thread's (P's rows are written by now too)");
    } else {
      line("__syncwarp(); // a row group's rows of P are written and read by its own half-warp");
    }
    if (skips)
      open("if (warpLive)");
    line("#pragma unroll 4");
    open("for (int j = 0; j < " + ilit(p_.bn) + "; ++j)");
    rowsOf("pr", "sP + j * " + ilit(p_.pPitch()));
    readRun("vj", p_.dc(), "sV + j * " + ilit(p_.vPitch) + " + " + dc + " * tx");
    line("for (int c = 0; c < " + dc + "; ++c) for (int r = 0; r < " + rt +
         "; ++r) acc[r][c] = fmaf(pr[r], vj[c], acc[r][c]);");
    close();
    if (skips)
      close();
    close(); // key tiles
    store(a);
    close(); // tiles
    return text_.str();
  }

  // On tensor cores (mma.sync m16n8k8 tf32, Parts::products per product): 8 warps of 16
  // query rows each; Q's rows staged [row][e] once per tile, each warp's fragments then kept
  // in registers; per key tile of 64, S = Q K^T in the m16n8 accumulator layout (a thread's
  // rows g and g + 8 of its warp's 16, keys 8j + 2q and + 1), the score expression and the
  // online softmax per row across the row's 4 threads (a quad), and O += P V straight from S's
  // registers: mma's terms q and q + 4 taken as keys 2q and 2q + 1 of each 8 (any order of
  // the 8 terms gives the same sum as long as V's fragment takes the same one).
  std::string writeMma() {
    const Attention &a = *k_.attention;
    const int64_t qp = Parts::mmaPitch(p_.e, 32), vp = Parts::mmaPitch(p_.d, 16);
    const std::string et = ilit(p_.e / 8), kt = ilit(Parts::kMmaKeys / 8), dt = ilit(p_.d / 8);
    const bool three = p_.products == 3;
    const std::string negInf = "-__int_as_float(0x7f800000)";
    line("extern __shared__ float smem[];");
    line("float *sQ = smem, *sK = sQ + " + ilit(Parts::kMmaRows * qp) + ", *sV = sK + " +
         ilit(Parts::kMmaKeys * qp) + "; // [row][e], [key][e], [key][d]");
    line("const int tid = threadIdx.x, lane = tid & 31, g = lane >> 2, q = lane & 3;");
    line("const int w0 = (tid >> 5) * 16; // the warp's first query row");
    openTiles(Parts::kMmaRows);
    stage("sQ", qp, Parts::kMmaRows, p_.e, p_.iVar, "i0", "M", p_.eVar, p_.q, Layout::RowMajor);
    line("float m[2] = {" + negInf + ", " + negInf + "}, l[2] = {0.0f, 0.0f}; // rows g, g + 8");
    line("float o[" + dt + "][4] = {};");
    open(std::string("for (long long j0 = ") + (a.splits > 0 ? "s_ * chunk" : "0") +
         "; j0 < N; j0 += " + lit(Parts::kMmaKeys) + ")");
    if (a.bias != kNoExpr) {
      line("int live = 0;");
      forEachScore(kt, a.bias, [&] {
        open("if (v" + std::to_string(p_.jVar) + " < N && v" + std::to_string(p_.iVar) +
             " < M)");
        scoreNodes(a.bias);
        line("live |= " + ref(g_, a.bias) + " != " + negInf + ";");
        close();
      });
      line("if (!__syncthreads_or(live)) continue; // (and the last key tile's readers are done)");
    } else {
      line("__syncthreads(); // the last key tile's readers are done");
    }
    const bool asyncV = contiguousLoad(a.value, p_.dVar);
    if (asyncV)
      copyAsync("sV", vp, Parts::kMmaKeys, p_.d, p_.jVar, "j0", "N", p_.dVar, a.value);
    stage("sK", qp, Parts::kMmaKeys, p_.e, p_.jVar, "j0", "N", p_.eVar, p_.k, Layout::RowMajor);
    if (!asyncV)
      stage("sV", vp, Parts::kMmaKeys, p_.d, p_.jVar, "j0", "N", p_.dVar, a.value,
            Layout::RowMajor);
    line("__syncthreads();");
    line("float s[" + kt + "][4] = {}; // S = Q K^T: keys 8j + 2q (+ 1) of rows g (e < 2), g + 8");
    line("#pragma unroll");
    open("for (int t = 0; t < " + et + "; ++t)");
    line("// Q's fragment (read again each tile: kept in registers, they cost a second block an SM)");
    line("const float *r0 = sQ + (w0 + g) * " + ilit(qp) + " + 8 * t + q, *r1 = r0 + " +
         ilit(8 * qp) + ";");
    line("const float fq[4] = {r0[0], r1[0], r0[4], r1[4]};");
    line(std::string("unsigned qa[4]") + (three ? ", qr[4]" : "") + ";");
    roundFragment("qa", "qr", "4", three, "fq");
    line("#pragma unroll");
    open("for (int j = 0; j < " + kt + "; ++j)");
    line("const float *k0 = sK + (8 * j + g) * " + ilit(qp) + " + 8 * t + q;");
    line("const float f[2] = {k0[0], k0[4]};");
    line(std::string("unsigned kb[2]") + (three ? ", kr[2]" : "") + ";");
    roundFragment("kb", "kr", "2", three);
    mma("s[j]", "qa", "qr", "kb", "kr", three);
    close();
    close();
    // The score expression, then the online softmax of each of the thread's two rows.
    forEachScore(kt, a.score, [&] {
      line("float x_ = " + negInf + ";");
      open("if (v" + std::to_string(p_.jVar) + " < N && v" + std::to_string(p_.iVar) + " < M)");
      line("const float t" + std::to_string(a.dot) + " = s[j][2 * h + c];");
      scoreNodes(a.score);
      line("x_ = " + ref(g_, a.score) + ";");
      close();
      line("s[j][2 * h + c] = x_;");
    });
    line("#pragma unroll");
    open("for (int h = 0; h < 2; ++h)");
    line("float mt = " + negInf + ";");
    line("#pragma unroll");
    line("for (int j = 0; j < " + kt + "; ++j) mt = fmaxf(mt, fmaxf(s[j][2 * h], s[j][2 * h + 1]));");
    line("mt = fmaxf(mt, __shfl_xor_sync(0xffffffffu, mt, 1));");
    line("mt = fmaxf(mt, __shfl_xor_sync(0xffffffffu, mt, 2)); // the row's quad");
    line("const float mn = fmaxf(m[h], mt);");
    line("// exp(old max - new max); 1 while every score so far is -inf (-inf - -inf is NaN)");
    line("const float corr = mn == " + negInf + " ? 1.0f : exp2f((m[h] - mn) * 1.44269504f);");
    line("m[h] = mn;");
    line("l[h] *= corr;");
    line("#pragma unroll");
    line("for (int t = 0; t < " + dt + "; ++t) o[t][2 * h] *= corr, o[t][2 * h + 1] *= corr;");
    line("#pragma unroll");
    open("for (int j = 0; j < " + kt + "; ++j)");
    line("#pragma unroll");
    open("for (int c = 0; c < 2; ++c)");
    line("float &x = s[j][2 * h + c];");
    line("x = x == " + negInf + " ? 0.0f : exp2f((x - mn) * 1.44269504f);");
    line("l[h] += x;");
    close();
    close();
    close();
    if (asyncV) {
      line("picoc_cp_async_wait<0>(); // this thread's copies of V's tile have landed");
      line("__syncthreads(); // and every thread's");
    }
    line("// O += P V: S's accumulators are P's fragments (terms q, q + 4 = keys 2q, 2q + 1)");
    line("#pragma unroll");
    open("for (int j = 0; j < " + kt + "; ++j)");
    line("const float f[4] = {s[j][0], s[j][2], s[j][1], s[j][3]};");
    line(std::string("unsigned pa[4]") + (three ? ", pr[4]" : "") + ";");
    roundFragment("pa", "pr", "4", three);
    line("#pragma unroll");
    open("for (int t = 0; t < " + dt + "; ++t)");
    line("const float *v0 = sV + (8 * j + 2 * q) * " + ilit(vp) + " + 8 * t + g;");
    line("const float f[2] = {v0[0], v0[" + ilit(vp) + "]};");
    line(std::string("unsigned vb[2]") + (three ? ", vr[2]" : "") + ";");
    roundFragment("vb", "vr", "2", three);
    mma("o[t]", "pa", "pr", "vb", "vr", three);
    close();
    close();
    close(); // key tiles
    // O / l per row (a split stores acc, m and l).
    line("#pragma unroll");
    open("for (int h = 0; h < 2; ++h)");
    line("float sum = l[h];");
    line("sum += __shfl_xor_sync(0xffffffffu, sum, 1);");
    line("sum += __shfl_xor_sync(0xffffffffu, sum, 2);");
    line("const long long v" + std::to_string(p_.iVar) + " = i0 + w0 + g + 8 * h;");
    line("if (v" + std::to_string(p_.iVar) + " >= M) continue;");
    line("const long long o_ = (" + outputRow(a) + ") * " + lit(k_.shape[p_.dVar]) + ";");
    line("#pragma unroll");
    open("for (int t = 0; t < " + dt + "; ++t)");
    line("#pragma unroll");
    open("for (int c = 0; c < 2; ++c)");
    line("const float x = o[t][2 * h + c];");
    if (a.splits > 0)
      line("out[o_ + 8 * t + 2 * q + c] = x;");
    else
      line(std::string("out[o_ + 8 * t + 2 * q + c] = ") +
           (a.zeroEmptyRows ? "sum == 0.0f ? 0.0f : x / sum;" : "x / sum;"));
    close();
    close();
    if (a.splits > 0) {
      open("if (q == 0)");
      line("out[o_ + " + lit(p_.d) + "] = m[h];");
      line("out[o_ + " + lit(p_.d + 1) + "] = sum;");
      close();
    }
    close();
    close(); // tiles
    return text_.str();
  }

private:
  // Loops over a thread's scores in the mma layout, `body` in the innermost: rows v_i = i0 +
  // w0 + g + 8h and keys v_j = j0 + 8j + 2q + c, for h, c in {0, 1} and j below `keyBlocks`;
  // the nodes of `root` that depend on the row alone computed once a row (rowNodes).
  void forEachScore(const std::string &keyBlocks, ExprId root, const std::function<void()> &body) {
    line("#pragma unroll");
    open("for (int h = 0; h < 2; ++h)");
    line("const long long v" + std::to_string(p_.iVar) + " = i0 + w0 + g + 8 * h;");
    rowNodes(root);
    line("#pragma unroll");
    open("for (int j = 0; j < " + keyBlocks + "; ++j)");
    line("#pragma unroll");
    open("for (int c = 0; c < 2; ++c)");
    line("const long long v" + std::to_string(p_.jVar) + " = j0 + 8 * j + 2 * q + c;");
    body();
    close();
    close();
    close();
  }

  // `big`[i] = tf32 of `from`[i] for i below `count`; with three products also `rest`[i],
  // the tf32 of what rounding left.
  void roundFragment(const std::string &big, const std::string &rest, const std::string &count,
                     bool three, const std::string &from = "f") {
    const std::string x = from + "[i]";
    line("#pragma unroll");
    line("for (int i = 0; i < " + count + "; ++i)");
    line(three ? "  " + big + "[i] = picoc_tf32(" + x + "), " + rest + "[i] = picoc_tf32_rest(" +
                     x + ", " + big + "[i]);"
               : "  " + big + "[i] = picoc_tf32(" + x + ");");
  }

  // d += a b on tensor cores; with three products a_rest b + a b_rest first (the small ones).
  void mma(const std::string &d, const std::string &a, const std::string &aRest,
           const std::string &b, const std::string &bRest, bool three) {
    if (three) {
      line("picoc_mma_tf32(" + d + ", " + aRest + ", " + b + ");");
      line("picoc_mma_tf32(" + d + ", " + a + ", " + bRest + ");");
    }
    line("picoc_mma_tf32(" + d + ", " + a + ", " + b + ");");
  }

  // The output row's index at the buffer's (bounds) layout: the batch variables and the query
  // row, then a split's index.
  std::string outputRow(const Attention &a) const {
    std::string row = "0LL";
    for (int v = 0; v <= p_.iVar; ++v)
      row = "(" + row + ") * " + lit(k_.shape[v]) + " + v" + std::to_string(v);
    if (a.splits > 0)
      row = "(" + row + ") * " + lit(a.splits) + " + s_";
    return row;
  }

  // The run-time dims, then the loop over the block's tiles of `rows` query rows (one batch
  // index, and split, each), opened: M and N (this split's keys), i0 (the tile's first row),
  // the batch variables; after the barrier that frees shared memory.
  void openTiles(int64_t rows) {
    const Attention &a = *k_.attention;
    for (int i = 0; i < numDims_; ++i)
      line("const long long d" + std::to_string(i) + " = dims[" + std::to_string(i) + "];");
    line("const long long M = " + extent(p_.iVar) + ";");
    line((a.splits > 0 ? "const long long N0 = " : "const long long N = ") + extent(p_.jVar) +
         ";");
    int64_t batch = std::max<int64_t>(a.splits, 1);
    for (int v = 0; v < p_.iVar; ++v)
      batch *= k_.shape[v];
    line("const long long mTiles = (M + " + lit(rows - 1) + ") / " + lit(rows) +
         ", tiles = mTiles * " + lit(batch) + ";");
    // Tiles in order of decreasing last query row across every batch index (and split): under
    // a causal mask the last rows see the most keys, so the first wave takes the longest
    // tiles of every head and the short ones fill in behind them (each head's tiles in that
    // order alone left a tail of long tiles that started late).
    open("for (long long tile = blockIdx.x; tile < tiles; tile += gridDim.x)");
    line("long long b = tile % " + lit(batch) + ";");
    if (a.splits > 0) { // this block's split: keys [s c, min(N0, (s + 1) c)), c = ceil(N0 / S)
      line("const long long s_ = b % " + lit(a.splits) + ", chunk = (N0 + " +
           lit(a.splits - 1) + ") / " + lit(a.splits) + ";");
      line("b /= " + lit(a.splits) + ";");
      line("const long long N = min(N0, (s_ + 1) * chunk);");
    }
    line("const long long i0 = (mTiles - 1 - tile / " + lit(batch) + ") * " + lit(rows) + ";");
    for (int v = p_.iVar - 1; v >= 0; --v) {
      line("const long long v" + std::to_string(v) + " = b % " + lit(k_.shape[v]) + ";");
      line("b /= " + lit(k_.shape[v]) + ";");
    }
    line("__syncthreads(); // the last tile's readers are done with shared memory");
  }

  enum class Layout {
    RowMajor,      // dst[r * pitch + c], consecutive threads along c
    ColMajorByRow, // dst[c * pitch + r], consecutive threads along r
    KeyColumns,    // dst[c * pitch + kc (r % 16) + r / 16] (K's key positions), along r
  };

  // The position of row `r` in dst's columns (Layout).
  std::string rowPosition(Layout layout) const {
    return layout == Layout::KeyColumns ? "(r % 16 * " + ilit(p_.kc()) + " + r / 16)" : "r";
  }

  // float name[count] = count consecutive floats at `at`, in 16- or 8-byte reads where count
  // allows (`at` is then aligned: a multiple of count floats from a 16-byte boundary).
  void readRun(const std::string &name, int64_t count, const std::string &at) {
    const int64_t w = count % 4 == 0 ? 4 : count % 2 == 0 ? 2 : 1;
    line("float " + name + "[" + ilit(count) + "];");
    if (w == 1) {
      line("for (int c = 0; c < " + ilit(count) + "; ++c) " + name + "[c] = (" + at + ")[c];");
      return;
    }
    const std::string vec = w == 4 ? "float4" : "float2";
    open("for (int c = 0; c < " + ilit(count) + "; c += " + ilit(w) + ")");
    line("const " + vec + " x_ = *reinterpret_cast<const " + vec + " *>(" + at + " + c);");
    line(name + "[c] = x_.x; " + name + "[c + 1] = x_.y;" +
         (w == 4 ? " " + name + "[c + 2] = x_.z; " + name + "[c + 3] = x_.w;" : ""));
    close();
  }

  std::string extent(int v) const { return dimValue(k_.runExtent(v)); }

  void nodes(ExprId root) {
    for (ExprId id : nodesOf(g_, root, k_.attention->dot))
      node(id);
  }
  void node(ExprId id) {
    line("const " + std::string(cType(g_.node(id).dtype)) + " t" + std::to_string(id) + " = " +
         *nodeExpr(g_, id, params_) + ";");
  }

  // Where the score's and the bias's nodes are computed: once a tile (nodes that read neither
  // the query row, the key nor the dot: the batch's offsets), once a query row (a causal
  // mask's row position), once a key (a key's position, a padding mask), or at every score.
  // Each score then costs only what depends on both. Operands come before their users.
  enum class Scope { Tile, Row, Key, Score };

  void scopeNodes() {
    const uint64_t rowBit = uint64_t(1) << p_.iVar, keyBit = uint64_t(1) << p_.jVar;
    const uint64_t dotBit = uint64_t(1) << 63; // reads the dot (kernels have fewer variables)
    std::vector<uint64_t> reads(g_.size(), 0);
    scope_.assign(g_.size(), Scope::Score);
    for (ExprId id = 0; id < static_cast<ExprId>(g_.size()); ++id) {
      const Node &n = g_.node(id);
      reads[id] = id == k_.attention->dot ? dotBit : n.op == Op::Var ? uint64_t(1) << n.arg : 0;
      for (ExprId s : n.src)
        if (s != kNoExpr)
          reads[id] |= reads[s];
      const uint64_t r = reads[id];
      if (!(r & dotBit))
        scope_[id] = !(r & (rowBit | keyBit)) ? Scope::Tile
                     : !(r & keyBit)          ? Scope::Row
                     : !(r & rowBit)          ? Scope::Key
                                              : Scope::Score;
    }
  }

  // The tile- and row-scope nodes of `root` where v_i is set: computed where the row is in
  // range.
  void rowNodes(ExprId root) {
    std::vector<ExprId> ids;
    for (ExprId id : nodesOf(g_, root, k_.attention->dot))
      if (scope_[id] == Scope::Tile || scope_[id] == Scope::Row)
        ids.push_back(id);
    if (ids.empty())
      return;
    for (ExprId id : ids)
      line(std::string(cType(g_.node(id).dtype)) + " t" + std::to_string(id) + "{};");
    open("if (v" + std::to_string(p_.iVar) + " < M)");
    for (ExprId id : ids)
      line("t" + std::to_string(id) + " = " + *nodeExpr(g_, id, params_) + ";");
    close();
  }

  // The key-scope nodes of `root` that a score-scope node (or `root` itself) reads, for each
  // of the thread's keys v_j = j0 + tx + 16 c of the scalar kernel: k<id>[c], computed where
  // the key is in range. scoreNodes(root, "c") reads them back.
  void keyNodes(ExprId root) {
    keyed_.clear();
    const std::vector<ExprId> ids = nodesOf(g_, root, k_.attention->dot);
    for (ExprId id : ids)
      if (scope_[id] == Scope::Score)
        for (ExprId s : g_.node(id).src)
          if (s != kNoExpr && scope_[s] == Scope::Key && g_.node(s).op != Op::Var)
            keyed_.push_back(s);
    if (scope_[root] == Scope::Key && g_.node(root).op != Op::Var)
      keyed_.push_back(root);
    std::sort(keyed_.begin(), keyed_.end());
    keyed_.erase(std::unique(keyed_.begin(), keyed_.end()), keyed_.end());
    if (keyed_.empty())
      return;
    const std::string kc = ilit(p_.kc());
    for (ExprId id : keyed_)
      line(std::string(cType(g_.node(id).dtype)) + " k" + std::to_string(id) + "[" + kc +
           "] = {};");
    line("#pragma unroll");
    open("for (int c = 0; c < " + kc + "; ++c)");
    line("const long long v" + std::to_string(p_.jVar) + " = j0 + tx + 16 * c;");
    open("if (v" + std::to_string(p_.jVar) + " < N)");
    for (ExprId id : ids)
      if ((scope_[id] == Scope::Tile || scope_[id] == Scope::Key) && id <= keyed_.back())
        node(id);
    for (ExprId id : keyed_)
      line("k" + std::to_string(id) + "[c] = t" + std::to_string(id) + ";");
    close();
    close();
  }

  // The nodes of `root` at the score (v_i, v_j and the dot set; row-scope nodes in scope): with
  // `key` the index of keyNodes' arrays, the key-scope nodes read from them, else computed.
  void scoreNodes(ExprId root, const std::string &key = "") {
    for (ExprId id : nodesOf(g_, root, k_.attention->dot)) {
      if (scope_[id] == Scope::Tile || scope_[id] == Scope::Row)
        continue;
      if (scope_[id] == Scope::Key && !key.empty()) {
        if (std::binary_search(keyed_.begin(), keyed_.end(), id))
          line("const " + std::string(cType(g_.node(id).dtype)) + " t" + std::to_string(id) +
               " = k" + std::to_string(id) + "[" + key + "];");
        continue;
      }
      node(id);
    }
  }
  // float name[rt] = a thread's rows (ty * rt ...) of the row-major line at `at`, 16 bytes a read.
  void rowsOf(const std::string &name, const std::string &at) {
    line("float " + name + "[" + ilit(p_.rt) + "];");
    open("for (int r = 0; r < " + ilit(p_.rt) + "; r += 4)");
    line("const float4 x4 = *reinterpret_cast<const float4 *>(" + at + " + ty * " + ilit(p_.rt) +
         " + r);");
    line(name + "[r] = x4.x; " + name + "[r + 1] = x4.y; " + name + "[r + 2] = x4.z; " + name +
         "[r + 3] = x4.w;");
    close();
  }

  // Evaluates `root` into rows x cols of `dst`: row r is variable `rowVar` = `base` + r (zero
  // past `limit`), column c variable `colVar` (zero past `cols`, which may be below the padded
  // width `width`), stored as `layout` says.
  void stage(const std::string &dst, int64_t pitch, int64_t rows, int64_t width, int rowVar,
             const std::string &base, const std::string &limit, int colVar, ExprId root,
             Layout layout, int64_t cols = -1) {
    if (cols < 0)
      cols = width;
    if (layout != Layout::ColMajorByRow && cols == width && width % 4 == 0 &&
        contiguousLoad(root, colVar))
      return stageBy4(dst, pitch, rows, width, rowVar, base, limit, colVar, root, layout);
    open("for (int x = tid; x < " + ilit(rows * width) + "; x += " + ilit(kThreads) + ")");
    if (layout != Layout::RowMajor)
      line("const int r = x % " + ilit(rows) + ", c = x / " + ilit(rows) + ";");
    else
      line("const int r = x / " + ilit(width) + ", c = x % " + ilit(width) + ";");
    line("const long long v" + std::to_string(rowVar) + " = " + base + " + r;");
    line("const long long v" + std::to_string(colVar) + " = c;");
    line("float x_ = 0.0f;");
    std::string cond = "v" + std::to_string(rowVar) + " < " + limit;
    if (cols < width)
      cond += " && c < " + ilit(cols);
    open("if (" + cond + ")");
    nodes(root);
    line("x_ = " + ref(g_, root) + ";");
    close();
    line(dst + (layout == Layout::RowMajor
                    ? "[r * " + ilit(pitch) + " + c] = x_;"
                    : "[c * " + ilit(pitch) + " + " + rowPosition(layout) + "] = x_;"));
    close();
  }

  // True if `root` is one unguarded f32 load whose index steps by 1 along variable `v`.
  bool contiguousLoad(ExprId root, int v) const {
    const Node &n = g_.node(root);
    return n.op == Op::Load && n.dtype == DType::F32 && n.src[1] == kNoExpr &&
           params_.count(n.arg) && indexStride(k_, n.src[0], v) == std::optional<int64_t>(1);
  }

  // stage() for a contiguous load (contiguousLoad): each thread takes 4 consecutive columns,
  // one 16-byte load where the address is aligned (else four), its index computed once.
  void stageBy4(const std::string &dst, int64_t pitch, int64_t rows, int64_t width, int rowVar,
                const std::string &base, const std::string &limit, int colVar, ExprId root,
                Layout layout) {
    const Node &load = g_.node(root);
    open("for (int x = tid; x < " + ilit(rows * width / 4) + "; x += " + ilit(kThreads) + ")");
    if (layout == Layout::RowMajor) // consecutive threads along the row: coalesced
      line("const int r = x / " + ilit(width / 4) + ", c = x % " + ilit(width / 4) + " * 4;");
    else // along the rows: their stores down dst's columns hit consecutive banks
      line("const int r = x % " + ilit(rows) + ", c = x / " + ilit(rows) + " * 4;");
    line("const long long v" + std::to_string(rowVar) + " = " + base + " + r;");
    line("const long long v" + std::to_string(colVar) + " = c;");
    line("float4 x4 = make_float4(0.0f, 0.0f, 0.0f, 0.0f);");
    open("if (v" + std::to_string(rowVar) + " < " + limit + ")");
    nodes(load.src[0]);
    line("const float *p = " + params_.at(load.arg) + " + " + ref(g_, load.src[0]) + ";");
    line("if ((reinterpret_cast<unsigned long long>(p) & 15) == 0) x4 = *reinterpret_cast<const float4 *>(p);");
    line("else x4 = make_float4(p[0], p[1], p[2], p[3]);");
    close();
    if (layout == Layout::RowMajor) {
      line("*reinterpret_cast<float4 *>(" + dst + " + r * " + ilit(pitch) + " + c) = x4;");
    } else {
      line("const int at = " + rowPosition(layout) + ";");
      line(dst + "[c * " + ilit(pitch) + " + at] = x4.x; " + dst + "[(c + 1) * " + ilit(pitch) +
           " + at] = x4.y;");
      line(dst + "[(c + 2) * " + ilit(pitch) + " + at] = x4.z; " + dst + "[(c + 3) * " +
           ilit(pitch) + " + at] = x4.w;");
    }
    close();
  }

  // Copies rows x width of the contiguous load `root` (contiguousLoad) into dst[r * pitch + c]
  // with cp.async, 16 bytes a copy where the source is aligned (else four of 4), rows past
  // `limit` zero-filled (nothing read), then commits them as one group.
  void copyAsync(const std::string &dst, int64_t pitch, int64_t rows, int64_t width, int rowVar,
                 const std::string &base, const std::string &limit, int colVar, ExprId root) {
    const Node &load = g_.node(root);
    const std::string param = params_.at(load.arg);
    open("for (int x = tid; x < " + ilit(rows * width / 4) + "; x += " + ilit(kThreads) + ")");
    line("const int r = x / " + ilit(width / 4) + ", c = x % " + ilit(width / 4) + " * 4;");
    line("const long long v" + std::to_string(rowVar) + " = " + base + " + r;");
    line("const long long v" + std::to_string(colVar) + " = c;");
    line("const bool in = v" + std::to_string(rowVar) + " < " + limit + ";");
    line("const float *p = " + param + "; // read nothing where the row is out of range");
    open("if (in)");
    nodes(load.src[0]);
    line("p = " + param + " + " + ref(g_, load.src[0]) + ";");
    close();
    line("float *d_ = " + dst + " + r * " + ilit(pitch) + " + c;");
    line("if ((reinterpret_cast<unsigned long long>(p) & 15) == 0) picoc_cp_async16(d_, p, in);");
    line("else for (int i = 0; i < 4; ++i) picoc_cp_async4(d_ + i, p + (in ? i : 0), in);");
    close();
    line("picoc_cp_async_commit();");
  }

  // A key tile whose bias is -inf for every query row of the block has no weight (a causal
  // mask's future keys): the block skips it. The vote is the barrier before the tile's staging.
  // warpLive: some score of the warp's rows is not masked (write() skips the warp's work else).
  void skipMasked(const Attention &a) {
    line("int live = 0;");
    openBlock(); // keyNodes' arrays, the softmax's own later
    keyNodes(a.bias);
    line("#pragma unroll");
    open("for (int r = 0; r < " + ilit(p_.rt) + "; ++r)");
    line("const long long v" + std::to_string(p_.iVar) + " = i0 + ty * " + ilit(p_.rt) + " + r;");
    rowNodes(a.bias);
    line("#pragma unroll");
    open("for (int c = 0; c < " + ilit(p_.kc()) + "; ++c)");
    line("const long long v" + std::to_string(p_.jVar) + " = j0 + tx + 16 * c;");
    open("if (v" + std::to_string(p_.jVar) + " < N && v" + std::to_string(p_.iVar) + " < M)");
    scoreNodes(a.bias, "c");
    line("live |= " + ref(g_, a.bias) + " != -__int_as_float(0x7f800000);");
    close();
    close();
    close();
    close(); // the scope
    line("const bool warpLive = __any_sync(0xffffffffu, live);");
    line("if (!__syncthreads_or(live)) continue; // (and the last key tile's readers are done)");
  }

  // S = Q K^T for the thread's rows and keys.
  void scores() {
    const std::string rt = ilit(p_.rt), kc = ilit(p_.kc());
    line("float s[" + rt + "][" + kc + "];");
    line("for (int r = 0; r < " + rt + "; ++r) for (int c = 0; c < " + kc + "; ++c) s[r][c] = 0.0f;");
    line("#pragma unroll 4");
    open("for (int e = 0; e < " + ilit(p_.e) + "; ++e)");
    rowsOf("qr", "sQ + e * " + ilit(p_.qPitch()));
    readRun("kj", p_.kc(), "sK + e * " + ilit(p_.kPitch()) + " + " + kc + " * tx");
    line("for (int r = 0; r < " + rt + "; ++r) for (int c = 0; c < " + kc +
         "; ++c) s[r][c] = fmaf(qr[r], kj[c], s[r][c]);");
    close();
  }

  // Per row: the score expression, the new max agreed by the row's half-warp, the sums and
  // accumulators rescaled, P = exp(s - max) to shared memory.
  void softmax(const Attention &a) {
    const std::string negInf = "-__int_as_float(0x7f800000)", kc = ilit(p_.kc());
    keyNodes(a.score);
    line("#pragma unroll");
    open("for (int r = 0; r < " + ilit(p_.rt) + "; ++r)");
    line("const long long v" + std::to_string(p_.iVar) + " = i0 + ty * " + ilit(p_.rt) + " + r;");
    rowNodes(a.score);
    line("float mt = " + negInf + ";");
    line("#pragma unroll");
    open("for (int c = 0; c < " + kc + "; ++c)");
    line("const long long v" + std::to_string(p_.jVar) + " = j0 + tx + 16 * c;");
    line("float x_ = " + negInf + ";");
    open("if (v" + std::to_string(p_.jVar) + " < N && v" + std::to_string(p_.iVar) + " < M)");
    line("const float t" + std::to_string(a.dot) + " = s[r][c];");
    scoreNodes(a.score, "c");
    line("x_ = " + ref(g_, a.score) + ";");
    close();
    line("s[r][c] = x_;");
    line("mt = fmaxf(mt, x_);");
    close();
    line("for (int o = 8; o > 0; o >>= 1) mt = fmaxf(mt, __shfl_xor_sync(0xffffffffu, mt, o));");
    line("const float mn = fmaxf(m[r], mt);");
    line("// exp(old max - new max); 1 while every score so far is -inf (-inf - -inf is NaN)");
    line("const float corr = mn == " + negInf + " ? 1.0f : exp2f((m[r] - mn) * 1.44269504f);");
    line("m[r] = mn;");
    line("l[r] *= corr;");
    line("for (int c = 0; c < " + ilit(p_.dc()) + "; ++c) acc[r][c] *= corr;");
    open("for (int c = 0; c < " + kc + "; ++c)");
    line("s[r][c] = s[r][c] == " + negInf + " ? 0.0f : exp2f((s[r][c] - mn) * 1.44269504f);");
    line("l[r] += s[r][c];");
    close();
    close();
    line("// P [key][row]: four of a thread's rows of a key in one 16-byte store");
    open("for (int c = 0; c < " + kc + "; ++c)");
    open("for (int r = 0; r < " + ilit(p_.rt) + "; r += 4)");
    line("*reinterpret_cast<float4 *>(sP + (tx + 16 * c) * " + ilit(p_.pPitch()) + " + ty * " +
         ilit(p_.rt) + " + r) = make_float4(s[r][c], s[r + 1][c], s[r + 2][c], s[r + 3][c]);");
    close();
    close();
  }

  // O / l per row; a split attention stores its partial results instead: acc, m, l.
  void store(const Attention &a) {
    open("for (int r = 0; r < " + ilit(p_.rt) + "; ++r)");
    line("float sum = l[r];");
    line("for (int o = 8; o > 0; o >>= 1) sum += __shfl_xor_sync(0xffffffffu, sum, o);");
    line("const long long v" + std::to_string(p_.iVar) + " = i0 + ty * " + ilit(p_.rt) + " + r;");
    line("if (v" + std::to_string(p_.iVar) + " >= M) continue;");
    line("const long long o = (" + outputRow(a) + ") * " + lit(k_.shape[p_.dVar]) + ";");
    open("for (int c = 0; c < " + ilit(p_.dc()) + "; ++c)");
    line("const int dd = " + ilit(p_.dc()) + " * tx + c;");
    line("if (dd >= " + ilit(p_.d) + ") break;");
    if (a.splits > 0)
      line("out[o + dd] = acc[r][c];");
    else
      line(std::string("out[o + dd] = ") +
           (a.zeroEmptyRows ? "sum == 0.0f ? 0.0f : acc[r][c] / sum;" : "acc[r][c] / sum;"));
    close();
    if (a.splits > 0) {
      open("if (tx == 0)");
      line("out[o + " + lit(p_.d) + "] = m[r];");
      line("out[o + " + lit(p_.d + 1) + "] = sum;");
      close();
    }
    close();
  }

  const Kernel &k_;
  const ExprGraph &g_;
  const Parts &p_;
  const ParamMap &params_;
  int numDims_;
  std::vector<Scope> scope_; // each node's (scopeNodes)
  std::vector<ExprId> keyed_; // the key-scope nodes keyNodes stored, sorted
  std::ostringstream text_;
};

} // namespace

bool checkAttention(const Kernel &k, std::string &why) {
  Parts p;
  if (!partsOf(k, p, why))
    return false;
  const bool launch = !k.opts.empty() && k.opts[0].kind == OptKind::Global &&
                      k.opts[0].amount == k.rank() - 1;
  if (!launch || k.opts.size() > 2 || (k.opts.size() == 2 && k.opts[1].kind != OptKind::Mma)) {
    why = "an attention kernel's schedule on the GPU is global(0, rank - 1), then mma(0, p) "
          "or nothing";
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
  const int64_t rows = p.products > 0 ? Parts::kMmaRows : p.rows();
  int64_t tiles = (k.shape[p.iVar] + rows - 1) / rows * std::max<int64_t>(k.attention->splits, 1);
  for (int v = 0; v < p.iVar; ++v)
    tiles *= k.shape[v];
  c.gridX = std::clamp<int64_t>(tiles, 1, int64_t(1) << 16); // the loop strides over the rest
  c.blockX = kThreads;
  c.sharedBytes = p.sharedBytes();
  // Two blocks an SM (registers capped at 128 a thread): one block of 8 warps leaves the
  // schedulers idle half the time (H200, 2026-12-01, the causal 32 x 2048^2 x 64 prefill:
  // 156 registers, 2 warps a scheduler, 37% issue slots busy). On tensor cores the same
  // where the head dims are at most 64 and one product (S's 32 accumulators, O's and Q's
  // fragments d / 2 and e / 2 registers: about 100), else one.
  c.minBlocks = 2;
  return c;
}

std::string renderAttentionBody(const Kernel &k, const ParamMap &params, int numDims) {
  Parts p;
  std::string why;
  partsOf(k, p, why);
  return Writer(k, p, params, numDims).write();
}

} // namespace picoc::cuda
