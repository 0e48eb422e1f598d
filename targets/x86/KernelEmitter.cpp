//===- KernelEmitter.cpp - a kir::Kernel as an x86 LLVM function ----------------------===//
//
// Builds the loop nest LoopPlan.h describes, outermost first:
//
//   for idx in [begin, end) by runs        launch index -> chunks of the parallel dims
//     for each tiled axis: for blk by T    output tiles, then reduction (K) blocks
//       for each output axis d in order    main loop by step(d), then remainder loops (an
//                                          unrolled axis's in power-of-two row tiles)
//         [init accumulators: identity, or the partial sum in the output (K block > 0)]
//         for each reduction axis          innermost; a vector axis by W lanes + remainder
//           acc[u] (+)= value(u)           U copies x W lanes, kept in registers
//         epilogue(acc[u]) -> output       or the partial sum, before the last K block
//
// Accumulators live in entry-block allocas that SROA turns into registers; the O3 pipeline
// (run by the target) then cleans up, hoists invariants and strength-reduces the indices.
//
//===------------------------------------------------------------------------------===//
#include "x86/KernelEmitter.h"

#include "x86/Accumulator.h"
#include "x86/ExprEmitter.h"
#include "x86/LoopPlan.h"
#include "x86/MathApprox.h"
#include "x86/OpEmitter.h"

#include "llvm/ADT/bit.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <map>
#include <memory>
#include <set>

namespace picoc::x86 {

using namespace llvm;
using kir::DType;
using kir::ExprId;
using kir::kNoExpr;

void setCodegenAttrs(Function &fn, const CodegenAttrs &attrs) {
  fn.addFnAttr(Attribute::NoUnwind);
  if (!attrs.cpu.empty())
    fn.addFnAttr("target-cpu", attrs.cpu);
  if (!attrs.features.empty())
    fn.addFnAttr("target-features", attrs.features);
}

namespace {

constexpr int64_t kKeyBlock = 16; // an attention row's keys per block (one vector of scores)
constexpr int64_t kRowBlock = 6;  // query rows that share each K and V load (emitAttentionRows)
// Independent FMA chains that keep two FMA units busy at 4 cycles' latency (emitAttentionRows'
// weighted V rows take a second set of sums below it).
constexpr int64_t kFmaChains = 8;
// A matmul over weight panels prefetches the next panel only with at most this many register
// tiles of rows (streamedPanelVar).
constexpr int64_t kPrefetchRowGroups = 4;
constexpr int64_t kTileFloats = 16384;  // a K^T tile: 64 KiB at most
constexpr int64_t kGroupFloats = 32768; // a row group's sums: 128 KiB at most

struct Range {
  Value *lo, *hi;
};

// The state of the loop nest at one point: every variable's range, the expression context,
// and (K-blocking) whether this is the first / last reduction block.
struct Nest {
  std::vector<Range> range;
  LoopContext ctx;
  Value *first = nullptr, *last = nullptr;
  bool rowReduced = false; // a row kernel's reductions of this row are done
};

// One step of an axis loop: `step` values per iteration, with `copies` unrolled copies and
// `lanes` vector lanes (-1: as the enclosing loops set them).
struct Tier {
  int64_t step;
  int copies;
  int64_t lanes;
};

struct Accumulators {
  std::vector<Accumulator> main;  // per copy: scalar, or W lanes of W outputs
  std::vector<Accumulator> lanes; // per copy: W partials of a vector reduction axis
};

// True if two buffers' memory can overlap during a run.
bool mayOverlap(const kir::Buffer &a, const kir::Buffer &b) {
  if (a.kind != b.kind)
    return false;
  if (a.kind == kir::BufferKind::Input || a.kind == kir::BufferKind::Output)
    return a.position == b.position;
  return a.offset < b.offset + b.bytes() && b.offset < a.offset + a.bytes();
}

} // namespace

std::string emittedKernelKey(const kir::Program &program, const kir::Kernel &kernel) {
  std::string key = kir::structuralKey(kernel, program.buffers);
  const kir::Buffer &out = program.buffers[kernel.output];
  for (int in : kernel.inputs)
    key += in == kernel.output || mayOverlap(program.buffers[in], out) ? '1' : '0';
  return key;
}

namespace {

class KernelBuilder {
public:
  KernelBuilder(Module &m, const kir::Program &p, const kir::Kernel &k, const LoopPlan &plan,
                const CodegenAttrs &attrs)
      : m_(m), p_(p), k_(k), plan_(plan), attrs_(attrs), c_(m.getContext()), b_(c_),
        graph_(k.graph) {}

  Function *build(const std::string &symbol);

private:
  Function *createBody(const std::string &name, std::map<int64_t, Value *> &buffers);
  Function *createWrapper(const std::string &symbol, Function *body);
  Value *emitLoop(Value *start, const std::function<Value *(Value *)> &cond,
                  const std::function<Value *(Value *)> &body, int64_t unrollHint = 0);
  void emitIf(Value *cond, const std::function<void()> &then,
              const std::function<void()> &otherwise);
  Value *emitTiers(Range r, const std::vector<Tier> &tiers, int64_t unrollHint,
                   const std::function<void(Value *, const Tier &)> &body);
  std::vector<Tier> tiersFor(int var) const;
  Value *smin(Value *a, Value *c) { return b_.CreateBinaryIntrinsic(Intrinsic::smin, a, c); }
  Value *i64(int64_t v) { return b_.getInt64(v); }

  void emitRun(Value *begin, Value *end);
  void emitBlocks(const Nest &s, size_t i);
  void emitAxes(const Nest &s, int d);
  void emitPoint(const Nest &s);
  void emitReduceLoops(const Nest &s, int r, const Accumulators &acc);
  void emitRowReductions(const Nest &s);
  void planRowCache();
  // Attention kernels (kir::Attention): one query row at a time, see emitAttentionRow.
  struct AttentionRow {
    Accumulator m, l; // the running max and sum of weights
    Value *acc;       // V's columns' weighted sums (a stack array)
    Range columns;    // V's columns: [0, D)
  };
  void emitAttentionRow(const Nest &s);
  // Attention of a range of query rows, blocked (emitAttentionRows): the dot product's
  // factors (the query's, of the row; the key's, of the key) and the head dims.
  struct BlockedAttention {
    ExprId query = kNoExpr, key = kNoExpr;
    int64_t terms = 0, columns = 0; // E (q and k) and D (v)
    int64_t keyTile = 0;            // keys a K^T tile holds
    // floats between two rows of the K^T tile: keyTile and a block more, so that the rows
    // (1 KiB apart at 256 keys) do not all fall into the same few L1 sets
    int64_t ktStride = 0;
    int64_t rowGroup = 0;           // query rows whose sums a group keeps
  };
  std::optional<BlockedAttention> planBlockedAttention();
  void emitAttentionRows(const Nest &s);
  struct RowGroup;
  void emitAttentionBlock(const Nest &s, const RowGroup &g, Value *r0, int rows);
  Value *lanesMax(Value *v);
  void addValueRow(const Nest &at, const AttentionRow &row, Value *w);
  Value *emitAttentionDot(const Nest &s);
  void attentionColumns(const Nest &at, Range columns,
                        const std::function<void(const LoopContext &, Type *)> &body,
                        int64_t vectors = 1);
  Value *attentionAcc(const AttentionRow &row, const LoopContext &ctx);
  int64_t valueVectors() const;
  Value *splatTo(Type *ty, Value *scalar);
  static LoopContext scalarContext(LoopContext ctx);
  void emitRowReduceLoops(const Nest &s, int r, ExprId reduce, const Accumulator &scalar,
                          const Accumulator *lanes, DType accType);
  void accumulate(const LoopContext &ctx, const Accumulators &acc);
  int streamedPanelVar() const;
  void emitEpilogue(const LoopContext &ctx, const std::vector<Value *> &results);

  Value *outputIndex(const LoopContext &ctx, int copy);
  bool vectorOutput(const LoopContext &ctx) const {
    return ctx.lanes > 1 && ctx.vectorVar >= 0 && ctx.vectorVar < plan_.rank;
  }
  void storeOutput(const LoopContext &ctx, int copy, Value *v, DType t);
  Value *loadOutput(const LoopContext &ctx, int copy, Type *accTy);

  Module &m_;
  const kir::Program &p_;
  const kir::Kernel &k_;
  const LoopPlan &plan_;
  const CodegenAttrs &attrs_;
  LLVMContext &c_;
  IRBuilder<> b_;
  kir::ExprGraph graph_; // a copy: load analysis adds nodes
  std::unique_ptr<ExprEmitter> expr_;
  std::optional<BlockedAttention> blocked_;
  Function *fn_ = nullptr;
  BasicBlock *entry_ = nullptr;
  Value *out_ = nullptr;
  DType outType_ = DType::F32;
  std::vector<int64_t> outStrides_;
  std::vector<Value *> extents_; // per var: its extent in this call (a constant when static)
  Value *dims_ = nullptr;        // the run-time dims (int64_t each), when the kernel reads them
  std::vector<int> tiledAxes_;
  ExprId reduce_ = kNoExpr;
  bool rows_ = false; // a row kernel: rowDims_ dims of rows, each reduced, then its elements
  int rowDims_ = 0;
  int panelVar_ = -1; // streamedPanelVar(): the sum's loads prefetch along it
  kir::ReduceFn reduceFn_ = kir::ReduceFn::Sum;
  DType reduceType_ = DType::F32, accType_ = DType::F32;
  // A row kernel's row cache (planRowCache): one value along the row, computed in a
  // reduction's loop, kept in a stack row and read back by the row's elements.
  struct RowCache {
    ExprId reduce = kNoExpr; // the Reduce whose loop stores the row
    ExprId stored = kNoExpr; // the value there, of the reduction variable
    ExprId loaded = kNoExpr; // the same value of the row's last dim, in the elements
    Value *row = nullptr;    // the stack row (entry block)
  } rowCache_;
};

Value *KernelBuilder::emitLoop(Value *start, const std::function<Value *(Value *)> &cond,
                               const std::function<Value *(Value *)> &body, int64_t unrollHint) {
  BasicBlock *pre = b_.GetInsertBlock();
  BasicBlock *header = BasicBlock::Create(c_, "loop", fn_);
  BasicBlock *inner = BasicBlock::Create(c_, "body", fn_);
  BasicBlock *exit = BasicBlock::Create(c_, "exit", fn_);
  b_.CreateBr(header);
  b_.SetInsertPoint(header);
  PHINode *iv = b_.CreatePHI(b_.getInt64Ty(), 2, "iv");
  iv->addIncoming(start, pre);
  b_.CreateCondBr(cond(iv), inner, exit);
  b_.SetInsertPoint(inner);
  Value *next = body(iv);
  BranchInst *latch = b_.CreateBr(header);
  iv->addIncoming(next, b_.GetInsertBlock());
  if (unrollHint > 1) {
    Metadata *count[] = {MDString::get(c_, "llvm.loop.unroll.count"),
                         ConstantAsMetadata::get(b_.getInt32(static_cast<uint32_t>(unrollHint)))};
    auto self = MDNode::getTemporary(c_, {});
    MDNode *loop = MDNode::getDistinct(c_, {self.get(), MDNode::get(c_, count)});
    loop->replaceOperandWith(0, loop);
    latch->setMetadata(LLVMContext::MD_loop, loop);
  }
  b_.SetInsertPoint(exit);
  return iv;
}

void KernelBuilder::emitIf(Value *cond, const std::function<void()> &then,
                           const std::function<void()> &otherwise) {
  BasicBlock *thenBB = BasicBlock::Create(c_, "then", fn_);
  BasicBlock *elseBB = otherwise ? BasicBlock::Create(c_, "else", fn_) : nullptr;
  BasicBlock *join = BasicBlock::Create(c_, "join", fn_);
  b_.CreateCondBr(cond, thenBB, elseBB ? elseBB : join);
  b_.SetInsertPoint(thenBB);
  then();
  b_.CreateBr(join);
  if (elseBB) {
    b_.SetInsertPoint(elseBB);
    otherwise();
    b_.CreateBr(join);
  }
  b_.SetInsertPoint(join);
}

// Runs `body` over [r.lo, r.hi) with each tier in turn: a tier's loop runs while a whole step
// fits, the next one picks up where it stopped; the last tier has step 1.
Value *KernelBuilder::emitTiers(Range r, const std::vector<Tier> &tiers, int64_t unrollHint,
                                const std::function<void(Value *, const Tier &)> &body) {
  Value *iv = r.lo;
  for (const Tier &t : tiers) {
    auto cond = [&](Value *i) {
      return t.step == 1 ? b_.CreateICmpSLT(i, r.hi)
                         : b_.CreateICmpSLE(b_.CreateAdd(i, i64(t.step)), r.hi);
    };
    iv = emitLoop(
        iv, cond,
        [&](Value *i) {
          body(i, t);
          return b_.CreateAdd(i, i64(t.step));
        },
        t.step == 1 ? unrollHint : 0);
  }
  return iv;
}

std::vector<Tier> KernelBuilder::tiersFor(int var) const {
  // A row kernel's upcast vectorizes its row and its reductions' innermost axis.
  bool rowReduction = rows_ && plan_.vectorAxis >= 0 && var == plan_.numVars - 1 &&
                      var >= plan_.rank;
  bool un = var == plan_.unrollAxis, ve = var == plan_.vectorAxis || rowReduction;
  int64_t u = plan_.unroll, w = plan_.lanes;
  if (un && ve)
    return {{u * w, static_cast<int>(u), w}, {w, 1, w}, {1, 1, 1}};
  if (un) {
    // The rows left over from the register tile go in the largest power-of-two tiles that
    // fit, not one at a time: a 64-row matmul's last 4 of 6 rows took 4 passes over B, each
    // FMA pair with its own B loads (the 16-row prompt's 6 + 6 + 4 likewise).
    std::vector<Tier> tiers = {{u, static_cast<int>(u), -1}};
    for (int64_t p = static_cast<int64_t>(llvm::bit_floor(static_cast<uint64_t>(u - 1))); p >= 1;
         p /= 2)
      tiers.push_back({p, static_cast<int>(p), -1});
    return tiers;
  }
  if (ve)
    return {{w, -1, w}, {1, -1, 1}};
  return {{1, -1, -1}};
}

void KernelBuilder::emitRun(Value *begin, Value *end) {
  Nest s;
  for (int v = 0; v < plan_.numVars; ++v)
    s.range.push_back({i64(0), extents_[v]});
  s.ctx.base.assign(plan_.numVars, nullptr);
  s.ctx.unrollVar = plan_.unrollAxis;
  s.ctx.vectorVar = plan_.vectorAxis;
  int p = plan_.parallelDims;
  if (p == 0) {
    emitIf(
        b_.CreateICmpSLT(begin, end), [&] { emitBlocks(s, 0); }, nullptr);
    return;
  }
  // Each iteration takes a run of launch indices along the last parallel dim.
  emitLoop(
      begin, [&](Value *idx) { return b_.CreateICmpSLT(idx, end); },
      [&](Value *idx) {
        Nest t = s;
        Value *q = idx, *next = nullptr;
        for (int d = p - 1; d >= 0; --d) {
          // The launch indices along dim d: as the runtime counts them (picort_run_extent).
          int64_t chunk = plan_.chunk(d);
          Value *n = k_.hasRunExtents()
                         ? b_.CreateUDiv(b_.CreateAdd(extents_[d], i64(chunk - 1)), i64(chunk))
                         : i64(plan_.chunks(d));
          Value *sd = d == 0 ? q : b_.CreateURem(q, n);
          if (d > 0)
            q = b_.CreateUDiv(q, n);
          Value *lo = b_.CreateMul(sd, i64(chunk));
          Value *hiChunk = b_.CreateAdd(sd, i64(1));
          if (d == p - 1) {
            Value *run = smin(b_.CreateSub(n, sd), b_.CreateSub(end, idx));
            next = b_.CreateAdd(idx, run);
            hiChunk = b_.CreateAdd(sd, run);
          }
          t.range[d] = {lo, smin(b_.CreateMul(hiChunk, i64(chunk)), extents_[d])};
        }
        emitBlocks(t, 0);
        return next;
      });
}

void KernelBuilder::emitBlocks(const Nest &s, size_t i) {
  if (i == tiledAxes_.size())
    return emitAxes(s, 0);
  int x = tiledAxes_[i];
  int64_t tile = plan_.tile[x];
  Range r = s.range[x];
  // A reduction's blocks run at least once: over a run-time extent of 0 the one empty block
  // still stores the identity (the partial sums live in the output).
  bool once = plan_.isReduction(x) && k_.hasRunExtents();
  emitLoop(
      r.lo,
      [&](Value *blk) {
        Value *more = b_.CreateICmpSLT(blk, r.hi);
        return once ? b_.CreateOr(more, b_.CreateICmpEQ(blk, r.lo)) : more;
      },
      [&](Value *blk) {
        Nest t = s;
        Value *blkEnd = b_.CreateAdd(blk, i64(tile));
        t.range[x] = {blk, smin(blkEnd, r.hi)};
        if (plan_.isReduction(x)) {
          Value *first = b_.CreateICmpEQ(blk, r.lo), *last = b_.CreateICmpSGE(blkEnd, r.hi);
          t.first = t.first ? b_.CreateAnd(t.first, first) : first;
          t.last = t.last ? b_.CreateAnd(t.last, last) : last;
        }
        emitBlocks(t, i + 1);
        return blkEnd;
      });
}

void KernelBuilder::emitAxes(const Nest &s, int d) {
  if (blocked_ && d == plan_.rank - 2)
    return emitAttentionRows(s);
  if (k_.attention && d == plan_.rank - 1)
    return emitAttentionRow(s);
  if (rows_ && d == rowDims_ && !s.rowReduced)
    return emitRowReductions(s);
  if (d == plan_.rank)
    return emitPoint(s);
  // A parallel dim whose launch index covers exactly one value needs no loop.
  if (d < plan_.parallelDims - 1 && plan_.chunk(d) == 1) {
    Nest t = s;
    t.ctx.base[d] = s.range[d].lo;
    return emitAxes(t, d + 1);
  }
  emitTiers(s.range[d], tiersFor(d), 0, [&](Value *i, const Tier &tier) {
    Nest t = s;
    t.ctx.base[d] = i;
    if (tier.copies >= 0)
      t.ctx.copies = tier.copies;
    if (tier.lanes >= 0)
      t.ctx.lanes = tier.lanes;
    emitAxes(t, d + 1);
  });
}

// A row kernel at one row: each Reduce in turn folds the row (vectorized along the innermost
// reduction axis where the row is), its value bound for the later ones and the row's elements.
void KernelBuilder::emitRowReductions(const Nest &s) {
  bool vec = plan_.vectorAxis >= 0;
  for (ExprId reduce : k_.reduces()) {
    const kir::Node n = graph_.node(reduce); // by value: emitting grows the graph
    DType accType = n.dtype == DType::F16 || n.dtype == DType::BF16 ? DType::F32 : n.dtype;
    auto fn = static_cast<kir::ReduceFn>(n.arg);
    Type *scalarTy = registerType(c_, accType);
    Accumulator scalar(entry_, scalarTy);
    std::unique_ptr<Accumulator> lanes;
    scalar.store(b_, reduceIdentity(scalarTy, fn, accType));
    if (vec) {
      lanes = std::make_unique<Accumulator>(entry_, withLanes(scalarTy, plan_.lanes));
      lanes->store(b_, reduceIdentity(lanes->type(), fn, accType));
    }
    Nest t = s;
    t.ctx.vectorVar = vec ? plan_.numVars - 1 : -1;
    t.ctx.lanes = 1;
    // The first pass over a row reads it from memory: it prefetches the next row meanwhile.
    if (reduce == k_.reduces().front())
      expr_->setPrefetchAlong(rowDims_ - 1);
    emitRowReduceLoops(t, plan_.rank, reduce, scalar, lanes.get(), accType);
    expr_->setPrefetchAlong(-1);
    Value *r = scalar.load(b_);
    if (lanes)
      r = emitReduceLanes(b_, fn, accType, r, lanes->load(b_));
    expr_->setReduceValue(reduce, emitCast(b_, r, accType, n.dtype));
  }
  Nest t = s;
  t.rowReduced = true;
  expr_->setRowCache(rowCache_.loaded, rowCache_.row, plan_.rank - 1);
  emitAxes(t, rowDims_);
  expr_->setRowCache(kNoExpr, nullptr, -1);
}

// Whether `a`, an expression of the row's last dim `rowVar`, is `b`, of the reduction variable
// `reduceVar`, with one variable for the other (nodes that depend on neither are shared).
static bool sameAlongRow(const kir::ExprGraph &g, ExprId a, ExprId b, int rowVar,
                         int reduceVar, std::map<std::pair<ExprId, ExprId>, bool> &memo) {
  if (a == b || a == kNoExpr || b == kNoExpr)
    return a == b;
  auto [it, fresh] = memo.try_emplace({a, b}, false);
  if (!fresh)
    return it->second;
  const kir::Node &x = g.node(a), &y = g.node(b);
  bool same = x.op == y.op && x.dtype == y.dtype && x.ival == y.ival &&
              (x.fval == y.fval || (x.fval != x.fval && y.fval != y.fval));
  if (same && x.op == kir::Op::Var)
    same = x.arg == rowVar ? y.arg == reduceVar : x.arg == y.arg && y.arg != reduceVar;
  else if (same)
    same = x.op != kir::Op::Reduce && x.arg == y.arg;
  for (size_t i = 0; same && i < x.src.size(); ++i)
    same = sameAlongRow(g, x.src[i], y.src[i], rowVar, reduceVar, memo);
  return memo[{a, b}] = same;
}

// Whether computing `e` costs more than a store and a load: a transcendental op or a
// division in it (a row value, a Reduce, is computed once and does not count).
static bool costlyAlongRow(const kir::ExprGraph &g, ExprId e) {
  std::vector<ExprId> stack{e};
  std::set<ExprId> seen;
  while (!stack.empty()) {
    ExprId n = stack.back();
    stack.pop_back();
    if (n == kNoExpr || !seen.insert(n).second)
      continue;
    switch (g.node(n).op) {
    case kir::Op::Exp: case kir::Op::Log: case kir::Op::Tanh: case kir::Op::Erf:
    case kir::Op::Sigmoid: case kir::Op::Pow: case kir::Op::Sin: case kir::Op::Cos:
    case kir::Op::Div: case kir::Op::Sqrt: case kir::Op::Rsqrt: case kir::Op::Recip:
      return true;
    case kir::Op::Reduce: continue;
    default: break;
    }
    for (ExprId src : g.node(n).src)
      stack.push_back(src);
  }
  return false;
}

// A row kernel whose elements compute again what a reduction computed along the row (a
// softmax: sum(exp(x[j] - max)), then exp(x[i] - max) / sum) keeps that value in a stack row
// in the reduction's loop and loads it in the elements. Taken for one reduction variable
// running along the row's last dim, an f32 value that costlyAlongRow, the largest such value
// first, rows of at most kMaxRow floats (64 KiB of stack).
void KernelBuilder::planRowCache() {
  constexpr int64_t kMaxRow = 16384;
  const int rowVar = plan_.rank - 1, reduceVar = plan_.rank;
  if (!rows_ || k_.attention || plan_.numVars != plan_.rank + 1 || rowDims_ != rowVar ||
      k_.shape[rowVar] != k_.reduceShape[0] || k_.shape[rowVar] > kMaxRow ||
      !(k_.runExtent(rowVar) == k_.runExtent(reduceVar)) ||
      (plan_.vectorAxis >= 0 && plan_.vectorAxis != rowVar))
    return;
  // Visits the nodes under `root` that depend on variable `var`, each once, a node before its
  // operands, not below a Reduce (a row value); stops where `visit` returns false.
  auto walkAlong = [&](ExprId root, int var, const std::function<bool(ExprId)> &visit) {
    std::vector<ExprId> stack{root};
    std::set<ExprId> seen;
    while (!stack.empty()) {
      ExprId n = stack.back();
      stack.pop_back();
      if (n == kNoExpr || !seen.insert(n).second || graph_.node(n).op == kir::Op::Reduce ||
          !expr_->dependsOn(n, var))
        continue;
      if (!visit(n))
        return;
      for (ExprId src : graph_.node(n).src)
        stack.push_back(src);
    }
  };
  std::vector<std::pair<ExprId, ExprId>> candidates; // (reduce, a node of its operand)
  for (ExprId reduce : k_.reduces())
    walkAlong(graph_.node(reduce).src[0], reduceVar, [&](ExprId n) {
      candidates.push_back({reduce, n});
      return true;
    });
  std::map<std::pair<ExprId, ExprId>, bool> memo;
  walkAlong(k_.value, rowVar, [&](ExprId n) {
    if (graph_.node(n).dtype != DType::F32 || !costlyAlongRow(graph_, n))
      return true;
    for (auto [reduce, m] : candidates)
      if (sameAlongRow(graph_, n, m, rowVar, reduceVar, memo)) {
        IRBuilder<> eb(entry_, entry_->begin());
        auto *row = eb.CreateAlloca(b_.getFloatTy(), i64(k_.shape[rowVar]), "row.cache");
        row->setAlignment(Align(64));
        rowCache_ = {reduce, m, n, row};
        return false;
      }
    return true;
  });
}

// An attention kernel at one query row (its vars set in s.ctx): the keys in blocks of
// kKeyBlock, the softmax online. The row keeps the running max m of its scores, the sum l of
// exp(score - m) and acc[d], the sums of exp(score - m) * V[j, d] (a stack array of V's
// columns). Per block: its scores (dot products in vectors along the head dim), their max,
// and where it is above m, l and acc rescaled by exp(m - max) first; then the block's weights
// in one vector exp, and the V rows of the keys whose weight is not 0. Then out[row, d] =
// acc[d] / l. A score of -inf (masked) adds nothing, and a key whose bias is -inf is not
// computed at all (a causal mask's future keys); a row of them all has l = 0 (NaN, or 0 with
// zeroEmptyRows). A split
// attention (kir::Attention::splits) walks its split's keys and stores acc, m and l.
void KernelBuilder::emitAttentionRow(const Nest &s) {
  const kir::Attention &a = *k_.attention;
  const int dVar = plan_.rank - 1, jVar = a.keyVar(plan_.rank);
  const int64_t columns = k_.shape[dVar] - (a.splits > 0 ? 2 : 0);
  Type *f32 = b_.getFloatTy();
  Value *zero = ConstantFP::get(f32, 0.0), *negInf = ConstantFP::getInfinity(f32, true);
  AttentionRow row{Accumulator(entry_, f32), Accumulator(entry_, f32), nullptr,
                   Range{i64(0), i64(columns)}};
  {
    IRBuilder<> eb(entry_, entry_->begin());
    auto *acc = eb.CreateAlloca(f32, i64(std::max<int64_t>(columns, 1)), "attn.acc");
    acc->setAlignment(Align(64));
    row.acc = acc;
  }
  row.m.store(b_, negInf);
  row.l.store(b_, zero);
  attentionColumns(s, row.columns, [&](const LoopContext &ctx, Type *ty) {
    b_.CreateAlignedStore(Constant::getNullValue(ty), attentionAcc(row, ctx), Align(4));
  });
  // The keys: all, or the split's chunk of ceil(N / S).
  Value *first = i64(0), *end = extents_[jVar];
  if (a.splits > 0) {
    Value *chunk = b_.CreateUDiv(b_.CreateAdd(end, i64(a.splits - 1)), i64(a.splits));
    first = b_.CreateMul(s.ctx.base[plan_.rank - 2], chunk);
    end = smin(end, b_.CreateAdd(first, chunk));
  }
  // Blocks of kKeyBlock keys: their scores into a stack array, then one max, one rescale
  // and one vector exp for the block, then the V rows of the keys with a weight.
  Type *blockTy = withLanes(f32, kKeyBlock);
  AllocaInst *scores, *weights;
  {
    IRBuilder<> eb(entry_, entry_->begin());
    scores = eb.CreateAlloca(blockTy, nullptr, "attn.scores");
    weights = eb.CreateAlloca(blockTy, nullptr, "attn.weights");
    scores->setAlignment(Align(64));
    weights->setAlignment(Align(64));
  }
  emitLoop(
      first, [&](Value *j0) { return b_.CreateICmpSLT(j0, end); },
      [&](Value *j0) {
        Value *n = smin(i64(kKeyBlock), b_.CreateSub(end, j0));
        b_.CreateAlignedStore(ConstantFP::getInfinity(blockTy, true), scores, Align(64));
        emitLoop(
            i64(0), [&](Value *t) { return b_.CreateICmpSLT(t, n); },
            [&](Value *t) {
              Nest at = s;
              at.ctx.base[jVar] = b_.CreateAdd(j0, t);
              auto score = [&] {
                expr_->setReduceValue(a.dot, emitAttentionDot(at));
                expr_->beginScope(scalarContext(at.ctx));
                b_.CreateAlignedStore(expr_->emit(a.score, 0), b_.CreateGEP(f32, scores, t),
                                      Align(4));
              };
              if (a.bias == kNoExpr) {
                score();
              } else { // a key masked by a bias of -inf has no weight: its score stays -inf
                expr_->beginScope(scalarContext(at.ctx));
                emitIf(b_.CreateFCmpONE(expr_->emit(a.bias, 0), negInf), score, nullptr);
              }
              return b_.CreateAdd(t, i64(1));
            });
        Value *block = b_.CreateAlignedLoad(blockTy, scores, Align(64));
        Value *max = emitReduceLanes(b_, kir::ReduceFn::Max, DType::F32, negInf, block);
        emitIf(
            b_.CreateFCmpOGT(max, row.m.load(b_)),
            [&] { // the new max: what was summed so far rescaled by exp(old - new)
              Value *c = emitUnaryOp(b_, kir::Op::Exp, DType::F32,
                                     b_.CreateFSub(row.m.load(b_), max));
              row.l.store(b_, b_.CreateFMul(row.l.load(b_), c));
              attentionColumns(s, row.columns, [&](const LoopContext &ctx, Type *ty) {
                Value *ptr = attentionAcc(row, ctx);
                b_.CreateAlignedStore(
                    b_.CreateFMul(b_.CreateAlignedLoad(ty, ptr, Align(4)), splatTo(ty, c)), ptr,
                    Align(4));
              });
              row.m.store(b_, max);
            },
            nullptr);
        // exp(score - m), 0 for a masked score (-inf - -inf would be NaN)
        Value *m = splatTo(blockTy, row.m.load(b_));
        Value *p = b_.CreateSelect(
            b_.CreateFCmpOEQ(block, ConstantFP::getInfinity(blockTy, true)),
            Constant::getNullValue(blockTy),
            emitUnaryOp(b_, kir::Op::Exp, DType::F32, b_.CreateFSub(block, m)));
        row.l.store(b_, emitReduceLanes(b_, kir::ReduceFn::Sum, DType::F32, row.l.load(b_), p));
        b_.CreateAlignedStore(p, weights, Align(64));
        emitLoop(
            i64(0), [&](Value *t) { return b_.CreateICmpSLT(t, n); },
            [&](Value *t) {
              Value *w = b_.CreateAlignedLoad(f32, b_.CreateGEP(f32, weights, t), Align(4));
              Nest at = s;
              at.ctx.base[jVar] = b_.CreateAdd(j0, t);
              emitIf(b_.CreateFCmpONE(w, zero), [&] { addValueRow(at, row, w); }, nullptr);
              return b_.CreateAdd(t, i64(1));
            });
        return b_.CreateAdd(j0, i64(kKeyBlock));
      });
  Value *sum = row.l.load(b_);
  if (a.splits > 0) { // the partial results: acc as it is, then m and l
    attentionColumns(s, row.columns, [&](const LoopContext &ctx, Type *ty) {
      storeOutput(ctx, 0, b_.CreateAlignedLoad(ty, attentionAcc(row, ctx), Align(4)), DType::F32);
    });
    LoopContext ctx = scalarContext(s.ctx);
    ctx.base[dVar] = i64(columns);
    storeOutput(ctx, 0, row.m.load(b_), DType::F32);
    ctx.base[dVar] = i64(columns + 1);
    storeOutput(ctx, 0, sum, DType::F32);
    return;
  }
  Value *empty = b_.CreateFCmpOEQ(sum, zero);
  attentionColumns(s, row.columns, [&](const LoopContext &ctx, Type *ty) {
    Value *x = b_.CreateAlignedLoad(ty, attentionAcc(row, ctx), Align(4));
    Value *r = b_.CreateFDiv(x, splatTo(ty, sum));
    if (a.zeroEmptyRows)
      r = b_.CreateSelect(empty, Constant::getNullValue(ty), r);
    storeOutput(ctx, 0, r, DType::F32);
  });
}

// Whether the attention kernel takes the blocked form (emitAttentionRows): not split, its head
// dims static, its dot product q * k with q free of the key and k of the query row, V free of
// the query row, and no unrolled axis.
std::optional<KernelBuilder::BlockedAttention> KernelBuilder::planBlockedAttention() {
  const kir::Attention &a = *k_.attention;
  const int rank = plan_.rank, rowVar = rank - 2, jVar = a.keyVar(rank), eVar = a.termVar(rank);
  if (a.splits > 0 || rank < 2 || plan_.unrollAxis >= 0)
    return std::nullopt;
  auto *terms = dyn_cast<ConstantInt>(extents_[eVar]);
  auto *columns = dyn_cast<ConstantInt>(extents_[rank - 1]);
  const kir::Node &product = graph_.node(graph_.node(a.dot).src[0]);
  if (!terms || !columns || terms->isZero() || product.op != kir::Op::Mul)
    return std::nullopt;
  ExprId x = product.src[0], y = product.src[1];
  bool xKey = graph_.dependsOn(x, jVar), yKey = graph_.dependsOn(y, jVar);
  if (xKey == yKey)
    return std::nullopt;
  BlockedAttention b;
  b.query = xKey ? y : x;
  b.key = xKey ? x : y;
  if (graph_.dependsOn(b.key, rowVar) || graph_.dependsOn(a.value, rowVar))
    return std::nullopt;
  b.terms = terms->getSExtValue();
  b.columns = columns->getSExtValue();
  b.keyTile = std::clamp<int64_t>(kTileFloats / b.terms / kKeyBlock * kKeyBlock, kKeyBlock, 512);
  b.ktStride = b.keyTile + kKeyBlock;
  b.rowGroup = std::clamp<int64_t>(kGroupFloats / std::max<int64_t>(b.columns, 1) /
                                       kRowBlock * kRowBlock,
                                   kRowBlock, 256);
  return b;
}

// A row group's state in stack arrays: per row its running max m and sum of weights l, and
// its weighted sums of V rows acc[D]; the K^T tile, a row block's query rows and weights.
struct KernelBuilder::RowGroup {
  Value *g0, *m, *l, *acc; // the group's first row; per row: m, l[kKeyBlock] (the sum of
                           // weights by lane), acc[D]
  Value *kt, *q, *w;       // kt[E][ktStride]; q[block row][E]; w[block row][kKeyBlock]
  Value *scores;           // the block's scores, [block row][kKeyBlock]
  Value *j0 = nullptr, *keys = nullptr; // the tile's first key and its key count
};

// Attention over a range of query rows (its other output dims set in s.ctx), blocked as a
// GEMM is: the rows in groups; per group, the keys in tiles whose K^T (kt[e][key]) is copied
// once and shared by every row of the group; in a tile, rows in blocks of kRowBlock and keys
// in blocks of kKeyBlock, so that one vector load of K^T (16 keys) and of a V row serves
// every row of the block. The softmax is online per row, as in emitAttentionRow; a block of
// keys whose bias is -inf for every row of the block is skipped (a causal mask's future).
// Scores are vectors along the keys: narrow heads (8) cost no horizontal sums, and the
// score matrix is never written.
void KernelBuilder::emitAttentionRows(const Nest &s) {
  const kir::Attention &a = *k_.attention;
  const BlockedAttention &bl = *blocked_;
  const int rank = plan_.rank, rowVar = rank - 2, jVar = a.keyVar(rank), eVar = a.termVar(rank);
  const int64_t groupRows = bl.rowGroup, tileKeys = bl.keyTile, E = bl.terms, D = bl.columns;
  Type *f32 = b_.getFloatTy();
  RowGroup g{};
  {
    IRBuilder<> eb(entry_, entry_->begin());
    auto array = [&](int64_t n, const char *name) {
      auto *x = eb.CreateAlloca(f32, i64(std::max<int64_t>(n, 1)), name);
      x->setAlignment(Align(64));
      return x;
    };
    g.m = array(groupRows, "attn.m");
    g.l = array(groupRows, "attn.l");
    g.acc = array(groupRows * D, "attn.acc");
    g.kt = array(E * bl.ktStride, "attn.kt");
    g.q = array(kRowBlock * E, "attn.q");
    g.w = array(kRowBlock * kKeyBlock, "attn.w");
    g.scores = array(kRowBlock * kKeyBlock, "attn.scores");
  }
  Range rows = s.range[rowVar];
  Value *keys = extents_[jVar];
  emitLoop(
      rows.lo, [&](Value *g0) { return b_.CreateICmpSLT(g0, rows.hi); },
      [&](Value *g0) {
        g.g0 = g0;
        Value *gEnd = smin(b_.CreateAdd(g0, i64(groupRows)), rows.hi);
        Value *count = b_.CreateSub(gEnd, g0);
        emitLoop(
            i64(0), [&](Value *i) { return b_.CreateICmpSLT(i, count); },
            [&](Value *i) {
              b_.CreateAlignedStore(ConstantFP::getInfinity(f32, true),
                                    b_.CreateGEP(f32, g.m, i), Align(4));
              b_.CreateAlignedStore(ConstantFP::get(f32, 0.0), b_.CreateGEP(f32, g.l, i),
                                    Align(4));
              return b_.CreateAdd(i, i64(1));
            });
        b_.CreateMemSet(g.acc, b_.getInt8(0), i64(groupRows * D * 4), Align(64));
        emitLoop(
            i64(0), [&](Value *j0) { return b_.CreateICmpSLT(j0, keys); },
            [&](Value *j0) {
              g.j0 = j0;
              g.keys = smin(i64(tileKeys), b_.CreateSub(keys, j0));
              // kt[e][t] = k(j0 + t, e): the tile's keys transposed, one load each
              emitLoop(
                  i64(0), [&](Value *t) { return b_.CreateICmpSLT(t, g.keys); },
                  [&](Value *t) {
                    emitLoop(
                        i64(0), [&](Value *e) { return b_.CreateICmpSLT(e, i64(E)); },
                        [&](Value *e) {
                          LoopContext ctx = scalarContext(s.ctx);
                          ctx.unrollVar = -1;
                          ctx.base[rowVar] = g0;
                          ctx.base[jVar] = b_.CreateAdd(j0, t);
                          ctx.base[eVar] = e;
                          expr_->beginScope(ctx);
                          Value *at = b_.CreateAdd(b_.CreateMul(e, i64(bl.ktStride)), t);
                          b_.CreateAlignedStore(expr_->emit(bl.key, 0),
                                                b_.CreateGEP(f32, g.kt, at), Align(4));
                          return b_.CreateAdd(e, i64(1));
                        });
                    return b_.CreateAdd(t, i64(1));
                  });
              std::vector<Tier> tiers = {{kRowBlock, 1, -1}, {1, 1, -1}};
              emitTiers({g0, gEnd}, tiers, 0, [&](Value *r0, const Tier &tier) {
                emitAttentionBlock(s, g, r0, static_cast<int>(tier.step));
              });
              return b_.CreateAdd(j0, i64(tileKeys));
            });
        // The group's rows: out[row, d] = acc[row][d] / l[row]
        emitLoop(
            i64(0), [&](Value *i) { return b_.CreateICmpSLT(i, count); },
            [&](Value *i) {
              Nest at = s;
              at.ctx.base[rowVar] = b_.CreateAdd(g0, i);
              Value *sum = b_.CreateAlignedLoad(f32, b_.CreateGEP(f32, g.l, i), Align(4));
              Value *empty = b_.CreateFCmpOEQ(sum, ConstantFP::get(f32, 0.0));
              Value *row = b_.CreateGEP(f32, g.acc, b_.CreateMul(i, i64(D)));
              attentionColumns(at, {i64(0), i64(D)}, [&](const LoopContext &ctx, Type *ty) {
                Value *x = b_.CreateAlignedLoad(ty, b_.CreateGEP(f32, row, ctx.base[rank - 1]),
                                                Align(4));
                Value *r = b_.CreateFDiv(x, splatTo(ty, sum));
                if (a.zeroEmptyRows)
                  r = b_.CreateSelect(empty, Constant::getNullValue(ty), r);
                storeOutput(ctx, 0, r, DType::F32);
              });
              return b_.CreateAdd(i, i64(1));
            });
        return b_.CreateAdd(g0, i64(groupRows));
      });
}

// `rows` query rows from r0 against the keys of g's tile, in blocks of kKeyBlock keys: per
// block each row's dot products as one vector (from kt and the rows' q), then, a machine
// register of keys at a time (AVX2: 8, as compares and selects of wider vectors cost
// shuffles; AVX-512: 16, the exp in half the instructions), the score expression along the
// keys, their max, the rescale where it grew and the weights' exp; then acc[row] +=
// w[row][t] * V[t] with each V row loaded once for the block's rows.
void KernelBuilder::emitAttentionBlock(const Nest &s, const RowGroup &g, Value *r0, int rows) {
  const kir::Attention &a = *k_.attention;
  const BlockedAttention &bl = *blocked_;
  const int rank = plan_.rank, rowVar = rank - 2, dVar = rank - 1, jVar = a.keyVar(rank),
            eVar = a.termVar(rank);
  const int64_t E = bl.terms, D = bl.columns;
  const int64_t scoreLanes = std::min<int64_t>(kKeyBlock, attrs_.lanes); // keys a score vector
  const int scoreParts = static_cast<int>(kKeyBlock / scoreLanes);
  Type *f32 = b_.getFloatTy(), *blockTy = withLanes(f32, kKeyBlock),
       *scoreTy = withLanes(f32, scoreLanes);
  Constant *negInf = ConstantFP::getInfinity(scoreTy, true);
  Value *first = b_.CreateSub(r0, g.g0); // the block's first row in the group's arrays
  auto rowAt = [&](Value *array, int r, int64_t stride) {
    return b_.CreateGEP(f32, array, b_.CreateMul(b_.CreateAdd(first, i64(r)), i64(stride)));
  };
  auto context = [&](int r, Value *j, int64_t lanes) {
    LoopContext ctx = scalarContext(s.ctx);
    ctx.unrollVar = -1;
    ctx.base[rowVar] = b_.CreateAdd(r0, i64(r));
    ctx.base[jVar] = j;
    ctx.lanes = lanes;
    ctx.vectorVar = lanes > 1 ? jVar : -1;
    return ctx;
  };
  auto part = [&](Value *v, int h) { // the block's h-th score vector
    if (scoreParts == 1)
      return v;
    SmallVector<int, 16> lanes;
    for (int i = 0; i < scoreLanes; ++i)
      lanes.push_back(h * static_cast<int>(scoreLanes) + i);
    return b_.CreateShuffleVector(v, lanes);
  };
  // m[r]: the row's running max; l[r]: its running sum, as scoreLanes partial sums (lane 0 the
  // sum so far from the group's arrays), summed across the lanes once, at the end.
  std::vector<Accumulator> m, l;
  for (int r = 0; r < rows; ++r) {
    m.emplace_back(entry_, f32);
    l.emplace_back(entry_, scoreTy);
    m[r].store(b_, b_.CreateAlignedLoad(f32, rowAt(g.m, r, 1), Align(4)));
    l[r].store(b_, b_.CreateInsertElement(Constant::getNullValue(scoreTy),
                                          b_.CreateAlignedLoad(f32, rowAt(g.l, r, 1), Align(4)),
                                          uint64_t(0)));
  }
  // q[r][e]: the rows' query factors
  emitLoop(
      i64(0), [&](Value *e) { return b_.CreateICmpSLT(e, i64(E)); },
      [&](Value *e) {
        for (int r = 0; r < rows; ++r) {
          LoopContext ctx = context(r, g.j0, 1);
          ctx.base[eVar] = e;
          expr_->beginScope(ctx);
          b_.CreateAlignedStore(expr_->emit(bl.query, 0),
                                b_.CreateGEP(f32, g.q, b_.CreateAdd(e, i64(r * E))), Align(4));
        }
        return b_.CreateAdd(e, i64(1));
      });
  Accumulator live(entry_, b_.getInt1Ty());
  emitLoop(
      i64(0), [&](Value *t0) { return b_.CreateICmpSLT(t0, g.keys); },
      [&](Value *t0) {
        Value *j0 = b_.CreateAdd(g.j0, t0);
        Value *n = smin(i64(kKeyBlock), b_.CreateSub(g.keys, t0));
        Value *full = b_.CreateICmpEQ(n, i64(kKeyBlock));
        live.store(b_, b_.getTrue());
        if (a.bias != kNoExpr) // a full block masked for every row: nothing to add
          emitIf(
              full,
              [&] {
                Value *any = b_.getFalse();
                for (int r = 0; r < rows; ++r)
                  for (int h = 0; h < scoreParts; ++h) {
                    expr_->beginScope(
                        context(r, b_.CreateAdd(j0, i64(h * scoreLanes)), scoreLanes));
                    Value *bias = expr_->widen(expr_->emit(a.bias, 0));
                    any = b_.CreateOr(any, b_.CreateOrReduce(b_.CreateFCmpONE(bias, negInf)));
                  }
                live.store(b_, any);
              },
              nullptr);
        emitIf(
            live.load(b_),
            [&] {
              // the dot products: dot[r] = sum_e q[r][e] * kt[e][t0 .. t0 + kKeyBlock]
              std::vector<Accumulator> dot;
              for (int r = 0; r < rows; ++r) {
                dot.emplace_back(entry_, blockTy);
                dot[r].store(b_, Constant::getNullValue(blockTy));
              }
              emitLoop(
                  i64(0), [&](Value *e) { return b_.CreateICmpSLT(e, i64(E)); },
                  [&](Value *e) {
                    Value *at = b_.CreateAdd(b_.CreateMul(e, i64(bl.ktStride)), t0);
                    Value *k = b_.CreateAlignedLoad(blockTy, b_.CreateGEP(f32, g.kt, at),
                                                    Align(4));
                    for (int r = 0; r < rows; ++r) {
                      Value *q = b_.CreateAlignedLoad(
                          f32, b_.CreateGEP(f32, g.q, b_.CreateAdd(e, i64(r * E))), Align(4));
                      dot[r].update(b_, k, [&](Value *acc, Value *x) {
                        return b_.CreateIntrinsic(Intrinsic::fmuladd, {blockTy},
                                                  {splatTo(blockTy, q), x, acc});
                      });
                    }
                    return b_.CreateAdd(e, i64(1));
                  });
              // the scores, into scores[r]: along the keys, or key by key in a partial block
              // (whose vector would read past the keys); -inf beyond the keys
              for (int r = 0; r < rows; ++r) {
                Value *row = b_.CreateGEP(f32, g.scores, i64(r * kKeyBlock));
                Value *d = dot[r].load(b_);
                emitIf(
                    full,
                    [&] {
                      for (int h = 0; h < scoreParts; ++h) {
                        expr_->setReduceValue(a.dot, part(d, h));
                        expr_->beginScope(
                            context(r, b_.CreateAdd(j0, i64(h * scoreLanes)), scoreLanes));
                        b_.CreateAlignedStore(expr_->widen(expr_->emit(a.score, 0)),
                                              b_.CreateGEP(f32, row, i64(h * scoreLanes)),
                                              Align(4));
                      }
                    },
                    [&] {
                      b_.CreateAlignedStore(ConstantFP::getInfinity(blockTy, true), row,
                                            Align(4));
                      emitLoop(
                          i64(0), [&](Value *t) { return b_.CreateICmpSLT(t, n); },
                          [&](Value *t) {
                            expr_->setReduceValue(a.dot, b_.CreateExtractElement(d, t));
                            expr_->beginScope(context(r, b_.CreateAdd(j0, t), 1));
                            b_.CreateAlignedStore(expr_->emit(a.score, 0),
                                                  b_.CreateGEP(f32, row, t), Align(4));
                            return b_.CreateAdd(t, i64(1));
                          });
                    });
              }
              // the online softmax, row by row: w[r] = exp(score - m), 0 where masked
              for (int r = 0; r < rows; ++r) {
                Value *row = b_.CreateGEP(f32, g.scores, i64(r * kKeyBlock));
                std::vector<Value *> score;
                Value *top = nullptr;
                for (int h = 0; h < scoreParts; ++h) {
                  score.push_back(b_.CreateAlignedLoad(
                      scoreTy, b_.CreateGEP(f32, row, i64(h * scoreLanes)), Align(4)));
                  top = top ? b_.CreateSelect(b_.CreateFCmpOGT(top, score[h]), top, score[h])
                            : score[h];
                }
                // Once a row's max has settled a block seldom raises it: a vector compare
                // tests that, and the horizontal max is taken only where a lane grew.
                emitIf(
                    b_.CreateOrReduce(
                        b_.CreateFCmpOGT(top, splatTo(scoreTy, m[r].load(b_)))),
                    [&] {
                      Value *max = lanesMax(top);
                      Value *c = emitExpF32(b_, b_.CreateFSub(m[r].load(b_), max), true);
                      l[r].store(b_, b_.CreateFMul(l[r].load(b_), splatTo(scoreTy, c)));
                      Value *acc = rowAt(g.acc, r, D);
                      attentionColumns(s, {i64(0), i64(D)}, [&](const LoopContext &ctx, Type *ty) {
                        Value *p = b_.CreateGEP(f32, acc, ctx.base[dVar]);
                        b_.CreateAlignedStore(
                            b_.CreateFMul(b_.CreateAlignedLoad(ty, p, Align(4)), splatTo(ty, c)),
                            p, Align(4));
                      });
                      m[r].store(b_, max);
                    },
                    nullptr);
                Value *mr = splatTo(scoreTy, m[r].load(b_)), *sum = l[r].load(b_);
                for (int h = 0; h < scoreParts; ++h) {
                  // Without a bias the only -inf scores are a partial block's padding, and
                  // m is finite: exp(-inf - m) is 0 already. A bias can leave m -inf (a row
                  // masked so far), where -inf - m would be NaN.
                  Value *w = emitExpF32(b_, b_.CreateFSub(score[h], mr), true);
                  if (a.bias != kNoExpr)
                    w = b_.CreateSelect(b_.CreateFCmpOEQ(score[h], negInf),
                                        Constant::getNullValue(scoreTy), w);
                  b_.CreateAlignedStore(
                      w, b_.CreateGEP(f32, g.w, i64(r * kKeyBlock + h * scoreLanes)), Align(4));
                  sum = b_.CreateFAdd(sum, w);
                }
                l[r].store(b_, sum);
              }
              // acc[r][d] += w[r][t] * V[j0 + t, d], a vector of d at a time
              Nest at = s;
              at.ctx.base[rowVar] = r0;
              attentionColumns(at, {i64(0), i64(D)}, [&](const LoopContext &cols, Type *ty) {
                std::vector<Accumulator> acc, odd;
                for (int r = 0; r < rows; ++r) {
                  acc.emplace_back(entry_, ty);
                  acc[r].store(b_, b_.CreateAlignedLoad(
                                       ty, b_.CreateGEP(f32, rowAt(g.acc, r, D), cols.base[dVar]),
                                       Align(4)));
                }
                // Key t's weighted V row into `sums`, each row's sum one chain of FMAs.
                auto key = [&](Value *t, std::vector<Accumulator> &sums) {
                  LoopContext ctx = cols;
                  ctx.unrollVar = -1;
                  ctx.base[jVar] = b_.CreateAdd(j0, t);
                  expr_->beginScope(ctx);
                  Value *v = expr_->widen(expr_->emit(a.value, 0));
                  for (int r = 0; r < rows; ++r) {
                    Value *w = b_.CreateAlignedLoad(
                        f32, b_.CreateGEP(f32, g.w, b_.CreateAdd(t, i64(r * kKeyBlock))),
                        Align(4));
                    sums[r].update(b_, v, [&](Value *sum, Value *x) {
                      return b_.CreateIntrinsic(Intrinsic::fmuladd, {ty}, {splatTo(ty, w), x, sum});
                    });
                  }
                };
                // Fewer chains than the FMA units keep in flight (a head of 8: one register a
                // row, 6 chains, each FMA waiting on the last) take the odd keys into a second
                // set of sums, added at the end.
                auto *vt = dyn_cast<FixedVectorType>(ty);
                const int64_t registers =
                    std::max<int64_t>(1, (vt ? vt->getNumElements() : 1) / attrs_.lanes);
                if (rows * registers >= kFmaChains) {
                  emitLoop(
                      i64(0), [&](Value *t) { return b_.CreateICmpSLT(t, n); },
                      [&](Value *t) {
                        key(t, acc);
                        return b_.CreateAdd(t, i64(1));
                      });
                } else {
                  for (int r = 0; r < rows; ++r) {
                    odd.emplace_back(entry_, ty);
                    odd[r].store(b_, Constant::getNullValue(ty));
                  }
                  Value *pairs = b_.CreateAnd(n, i64(-2));
                  emitLoop(
                      i64(0), [&](Value *t) { return b_.CreateICmpSLT(t, pairs); },
                      [&](Value *t) {
                        key(t, acc);
                        key(b_.CreateAdd(t, i64(1)), odd);
                        return b_.CreateAdd(t, i64(2));
                      });
                  emitIf(b_.CreateICmpSLT(pairs, n), [&] { key(pairs, acc); }, nullptr);
                  for (int r = 0; r < rows; ++r)
                    acc[r].store(b_, b_.CreateFAdd(acc[r].load(b_), odd[r].load(b_)));
                }
                for (int r = 0; r < rows; ++r)
                  b_.CreateAlignedStore(
                      acc[r].load(b_), b_.CreateGEP(f32, rowAt(g.acc, r, D), cols.base[dVar]),
                      Align(4));
              }, valueVectors());
            },
            nullptr);
        return b_.CreateAdd(t0, i64(kKeyBlock));
      });
  for (int r = 0; r < rows; ++r) {
    b_.CreateAlignedStore(m[r].load(b_), rowAt(g.m, r, 1), Align(4));
    b_.CreateAlignedStore(b_.CreateFAddReduce(ConstantFP::get(f32, 0.0), l[r].load(b_)),
                          rowAt(g.l, r, 1), Align(4));
  }
}

// The largest lane of a float vector (a power of two lanes) as x86's max takes it, halves
// compared and selected: a NaN lane may be passed over, where a NaN score still makes its
// weight, the sum and the row NaN.
Value *KernelBuilder::lanesMax(Value *v) {
  for (unsigned n = cast<FixedVectorType>(v->getType())->getNumElements(); n > 1; n /= 2) {
    SmallVector<int, 16> lo, hi;
    for (unsigned i = 0; i < n / 2; ++i) {
      lo.push_back(static_cast<int>(i));
      hi.push_back(static_cast<int>(i + n / 2));
    }
    Value *a = b_.CreateShuffleVector(v, lo), *c = b_.CreateShuffleVector(v, hi);
    v = b_.CreateSelect(b_.CreateFCmpOGT(a, c), a, c);
  }
  return b_.CreateExtractElement(v, uint64_t(0));
}

// acc[d] += w * V[j, d] for key j (its var set in at.ctx), in vectors along d.
void KernelBuilder::addValueRow(const Nest &at, const AttentionRow &row, Value *w) {
  const kir::Attention &a = *k_.attention;
  attentionColumns(at, row.columns, [&](const LoopContext &ctx, Type *ty) {
    expr_->beginScope(ctx);
    Value *v = expr_->widen(expr_->emit(a.value, 0));
    Value *ptr = attentionAcc(row, ctx);
    Value *sum = b_.CreateIntrinsic(Intrinsic::fmuladd, {ty},
                                    {splatTo(ty, w), v, b_.CreateAlignedLoad(ty, ptr, Align(4))});
    b_.CreateAlignedStore(sum, ptr, Align(4));
  });
}

// Runs body(ctx, type) over V's columns d, `vectors` x W at a time (W: the upcast's lanes),
// then W, then halves of W down to 4 lanes (AVX-512's heads of 8, or the 8 past 32 of a head
// of 40, take half vectors rather than scalars), then one at a time: ctx is at.ctx at d,
// vectorized along d; type is the lanes' f32 type.
void KernelBuilder::attentionColumns(
    const Nest &at, Range columns,
    const std::function<void(const LoopContext &, Type *)> &body, int64_t vectors) {
  const int dVar = plan_.rank - 1;
  const int64_t w = plan_.vectorAxis == dVar ? plan_.lanes : 1;
  std::vector<Tier> tiers;
  if (w > 1 && vectors > 1)
    tiers.push_back({w * vectors, 1, w * vectors});
  for (int64_t lanes = w; lanes >= 4; lanes /= 2)
    tiers.push_back({lanes, 1, lanes});
  tiers.push_back({1, 1, 1});
  emitTiers(columns, tiers, 0, [&](Value *d, const Tier &tier) {
    LoopContext ctx = at.ctx;
    ctx.base[dVar] = d;
    ctx.vectorVar = dVar;
    ctx.lanes = tier.lanes;
    ctx.copies = 1;
    body(ctx, withLanes(b_.getFloatTy(), tier.lanes));
  });
}

// V's columns per pass over a block's keys, in the kernel's vectors (plan_.lanes floats: two
// machine registers on AVX2): as many as keep the block's sums in registers, kRowBlock of them
// per machine register of columns, with that many V registers and a weight broadcast beside
// them, each V load and broadcast serving several sums (AVX2: 2 registers, 16 columns;
// AVX-512: 4, 64). More spills the sums to the stack on every key (the VAE's heads of 128
// columns on AVX2: 4 registers, 24 sums).
int64_t KernelBuilder::valueVectors() const {
  const int64_t registers = std::max<int64_t>(1, (attrs_.registers - 1) / (kRowBlock + 1));
  return std::max<int64_t>(1, registers * attrs_.lanes / std::max<int64_t>(1, plan_.lanes));
}

Value *KernelBuilder::attentionAcc(const AttentionRow &row, const LoopContext &ctx) {
  return b_.CreateGEP(b_.getFloatTy(), row.acc, ctx.base[plan_.rank - 1]);
}

Value *KernelBuilder::splatTo(Type *ty, Value *scalar) {
  auto *vt = dyn_cast<FixedVectorType>(ty);
  return vt ? b_.CreateVectorSplat(vt->getNumElements(), scalar) : scalar;
}

LoopContext KernelBuilder::scalarContext(LoopContext ctx) {
  ctx.vectorVar = -1;
  ctx.lanes = 1;
  ctx.copies = 1;
  return ctx;
}

// The dot product of the query row with key j (its var set in s.ctx): its head-dim terms in
// vectors (FMAs into one vector of partial sums), the rest one at a time, then the lanes summed.
Value *KernelBuilder::emitAttentionDot(const Nest &s) {
  const kir::Attention &a = *k_.attention;
  const int rank = plan_.rank, eVar = a.termVar(rank);
  const int64_t w = plan_.vectorAxis == rank - 1 ? plan_.lanes : 1;
  const ExprId product = graph_.node(a.dot).src[0];
  Type *f32 = b_.getFloatTy();
  Accumulator scalar(entry_, f32);
  scalar.store(b_, ConstantFP::get(f32, 0.0));
  std::unique_ptr<Accumulator> lanes;
  std::vector<Tier> tiers = {{1, 1, 1}};
  if (w > 1) {
    lanes = std::make_unique<Accumulator>(entry_, withLanes(f32, w));
    lanes->store(b_, Constant::getNullValue(lanes->type()));
    tiers.insert(tiers.begin(), Tier{w, 1, w});
  }
  emitTiers({i64(0), extents_[eVar]}, tiers, 0, [&](Value *e, const Tier &tier) {
    LoopContext ctx = s.ctx;
    ctx.base[eVar] = e;
    ctx.vectorVar = eVar;
    ctx.lanes = tier.lanes;
    ctx.copies = 1;
    expr_->beginScope(ctx);
    expr_->setContracted(product);
    Value *x = expr_->widen(expr_->emit(product, 0));
    const Accumulator &slot = tier.lanes > 1 ? *lanes : scalar;
    slot.update(b_, x, [&](Value *acc, Value *y) {
      return emitReduceStep(b_, kir::ReduceFn::Sum, DType::F32, acc, y);
    });
  });
  expr_->setContracted(kNoExpr);
  Value *r = scalar.load(b_);
  if (lanes)
    r = emitReduceLanes(b_, kir::ReduceFn::Sum, DType::F32, r, lanes->load(b_));
  return r;
}

void KernelBuilder::emitRowReduceLoops(const Nest &s, int r, ExprId reduce,
                                       const Accumulator &scalar, const Accumulator *lanes,
                                       DType accType) {
  if (r == plan_.numVars) {
    expr_->beginScope(s.ctx);
    const kir::Node n = graph_.node(reduce); // by value: emitting grows the graph
    expr_->setContracted(static_cast<kir::ReduceFn>(n.arg) == kir::ReduceFn::Sum ? n.src[0]
                                                                                  : kir::kNoExpr);
    Value *x = emitCast(b_, expr_->emit(n.src[0], 0), n.dtype, accType);
    if (reduce == rowCache_.reduce) {
      Value *at = b_.CreateGEP(b_.getFloatTy(), rowCache_.row, s.ctx.base[plan_.numVars - 1]);
      b_.CreateAlignedStore(expr_->emit(rowCache_.stored, 0), at, Align(4));
    }
    const Accumulator &slot = s.ctx.lanes > 1 ? *lanes : scalar;
    if (auto *vt = dyn_cast<FixedVectorType>(slot.type()); vt && !x->getType()->isVectorTy())
      x = b_.CreateVectorSplat(vt->getNumElements(), x);
    auto fn = static_cast<kir::ReduceFn>(n.arg);
    slot.update(b_, x, [&](Value *a, Value *y) { return emitReduceStep(b_, fn, accType, a, y); });
    return;
  }
  emitTiers(s.range[r], tiersFor(r), plan_.unrollHint[r], [&](Value *i, const Tier &tier) {
    Nest t = s;
    t.ctx.base[r] = i;
    if (tier.lanes >= 0)
      t.ctx.lanes = tier.lanes;
    emitRowReduceLoops(t, r + 1, reduce, scalar, lanes, accType);
  });
}

void KernelBuilder::emitPoint(const Nest &s) {
  const LoopContext &ctx = s.ctx;
  if (reduce_ == kNoExpr || rows_) {
    expr_->beginScope(ctx);
    for (int u = 0; u < ctx.copies; ++u)
      storeOutput(ctx, u, expr_->emit(k_.value, u), graph_.node(k_.value).dtype);
    return;
  }
  // Accumulator types: W outputs when the vector axis is an output axis the reduced value
  // depends on; W partials (plus a scalar) when it is a reduction axis.
  ExprId src = graph_.node(reduce_).src[0];
  Type *accScalar = registerType(c_, accType_);
  bool vecReduce = plan_.vectorAxis >= plan_.rank;
  expr_->beginScope(ctx);
  Type *mainTy = withLanes(accScalar, vectorOutput(ctx) && expr_->isVector(src) ? ctx.lanes : 1);
  Type *laneTy = withLanes(accScalar, plan_.lanes);
  Accumulators acc;
  for (int u = 0; u < ctx.copies; ++u) {
    acc.main.emplace_back(entry_, mainTy);
    if (vecReduce)
      acc.lanes.emplace_back(entry_, laneTy);
  }
  auto init = [&](bool partial) {
    for (int u = 0; u < ctx.copies; ++u) {
      acc.main[u].store(b_, partial ? loadOutput(ctx, u, mainTy)
                                    : reduceIdentity(mainTy, reduceFn_, accType_));
      if (vecReduce)
        acc.lanes[u].store(b_, reduceIdentity(laneTy, reduceFn_, accType_));
    }
  };
  if (s.first)
    emitIf(
        s.first, [&] { init(false); }, [&] { init(true); });
  else
    init(false);

  emitReduceLoops(s, plan_.rank, acc);

  std::vector<Value *> results;
  for (int u = 0; u < ctx.copies; ++u) {
    Value *r = acc.main[u].load(b_);
    if (vecReduce)
      r = emitReduceLanes(b_, reduceFn_, accType_, r, acc.lanes[u].load(b_));
    results.push_back(emitCast(b_, r, accType_, reduceType_));
  }
  if (!s.last)
    return emitEpilogue(ctx, results);
  emitIf(
      s.last, [&] { emitEpilogue(ctx, results); },
      [&] {
        for (int u = 0; u < ctx.copies; ++u)
          storeOutput(ctx, u, results[u], reduceType_);
      });
}

void KernelBuilder::emitReduceLoops(const Nest &s, int r, const Accumulators &acc) {
  if (r == plan_.numVars)
    return accumulate(s.ctx, acc);
  emitTiers(s.range[r], tiersFor(r), plan_.unrollHint[r], [&](Value *i, const Tier &tier) {
    Nest t = s;
    t.ctx.base[r] = i;
    if (tier.lanes >= 0)
      t.ctx.lanes = tier.lanes;
    emitReduceLoops(t, r + 1, acc);
  });
}

void KernelBuilder::accumulate(const LoopContext &ctx, const Accumulators &acc) {
  expr_->beginScope(ctx);
  ExprId src = graph_.node(reduce_).src[0];
  expr_->setContracted(reduceFn_ == kir::ReduceFn::Sum ? src : kir::kNoExpr);
  // The sum's loads only, not the epilogue's; into L2: the next panel is read after this one,
  // which outgrows L1 (a 16-token prompt's panels of 576 x 32: 72 KiB).
  expr_->setPrefetchAlong(panelVar_, /*toL1=*/false);
  bool laneMode = plan_.vectorAxis >= plan_.rank && ctx.lanes > 1;
  for (int u = 0; u < ctx.copies; ++u) {
    Value *x = emitCast(b_, expr_->emit(src, u), reduceType_, accType_);
    const Accumulator &slot = laneMode ? acc.lanes[u] : acc.main[u];
    if (auto *vt = dyn_cast<FixedVectorType>(slot.type()); vt && !x->getType()->isVectorTy())
      x = b_.CreateVectorSplat(vt->getNumElements(), x);
    slot.update(b_, x,
                [&](Value *a, Value *y) { return emitReduceStep(b_, reduceFn_, accType_, a, y); });
  }
  expr_->setPrefetchAlong(-1);
}

// A contraction over a weight in column panels (picoc-graph-pack-weights: P [N / C, K, C])
// whose launch runs through the panels streams each panel from memory once, in order; with a
// register tile of several rows it computes on the panel for a while (a short prompt: every
// row group, both halves of a panel row), and then its panel loads prefetch the same row of
// the next panel into L2, so that memory fetches the next panel meanwhile (135M llama,
// 16-token prompt: 62.0 -> 58.6 ms on AMD EPYC znver3, prefetching into L1; on a Xeon with
// AVX-512, 42.0-43.4 ms into L1, 38.6-39.6 into L2, 40.4-40.9 two panels ahead). Not where it
// only streams (a GEMV: the decode step 29.8 -> 31.4 ms with the prefetches), nor where more
// than kPrefetchRowGroups register tiles of rows pass over each panel: the hardware's
// prefetcher keeps up there, and every pass's prefetches only take load slots (a 64-row
// prompt's matmul alone, weights in cache: 0.61-0.75 ms without, 0.68-0.97 with). The launch
// variable along which the vector-loaded operand steps by a whole panel (the reduction's
// extent times the vector axis's), or -1.
int KernelBuilder::streamedPanelVar() const {
  if (reduceFn_ != kir::ReduceFn::Sum || plan_.vectorAxis < 0 || plan_.vectorAxis >= plan_.rank ||
      plan_.unrollAxis < 0 || plan_.unrollAxis == plan_.vectorAxis ||
      plan_.extents[plan_.unrollAxis] > kPrefetchRowGroups * plan_.unroll)
    return -1;
  const kir::Node &product = graph_.node(graph_.node(reduce_).src[0]);
  if (product.op != kir::Op::Mul)
    return -1;
  int64_t panel = plan_.extents[plan_.vectorAxis];
  for (int var = plan_.rank; var < plan_.numVars; ++var)
    panel *= plan_.extents[var];
  for (ExprId operand : product.src) {
    const kir::Node &load = graph_.node(operand);
    if (load.op != kir::Op::Load || !graph_.dependsOn(operand, plan_.vectorAxis) ||
        p_.buffers[load.arg].kind != kir::BufferKind::Weight)
      continue;
    for (int d = plan_.parallelDims - 1; d >= 0; --d)
      if (d != plan_.unrollAxis && plan_.extents[d] >= 2 &&
          kir::indexStride(k_, load.src[0], d) == panel)
        return d;
  }
  return -1;
}

void KernelBuilder::emitEpilogue(const LoopContext &ctx, const std::vector<Value *> &results) {
  expr_->beginScope(ctx);
  expr_->setReduceValues(results);
  for (int u = 0; u < ctx.copies; ++u)
    storeOutput(ctx, u, expr_->emit(k_.value, u), graph_.node(k_.value).dtype);
}

Value *KernelBuilder::outputIndex(const LoopContext &ctx, int copy) {
  Value *index = i64(0);
  for (int d = 0; d < plan_.rank; ++d) {
    Value *v = ctx.base[d];
    if (d == ctx.unrollVar && copy > 0)
      v = b_.CreateAdd(v, i64(copy * ctx.copyStride()));
    index = b_.CreateAdd(index, b_.CreateMul(v, i64(outStrides_[d])));
  }
  return index;
}

void KernelBuilder::storeOutput(const LoopContext &ctx, int copy, Value *v, DType t) {
  Type *mt = memoryType(c_, outType_);
  Align align(kir::dtypeSize(outType_));
  Value *index = outputIndex(ctx, copy);
  v = toMemory(b_, emitCast(b_, v, t, outType_), outType_);
  if (!vectorOutput(ctx)) {
    b_.CreateAlignedStore(v, b_.CreateGEP(mt, out_, index), align);
    return;
  }
  unsigned lanes = static_cast<unsigned>(ctx.lanes);
  if (!v->getType()->isVectorTy())
    v = b_.CreateVectorSplat(lanes, v);
  int64_t stride = outStrides_[ctx.vectorVar];
  if (stride == 1) {
    b_.CreateAlignedStore(v, b_.CreateGEP(mt, out_, index), align);
    return;
  }
  for (unsigned l = 0; l < lanes; ++l)
    b_.CreateAlignedStore(b_.CreateExtractElement(v, l),
                          b_.CreateGEP(mt, out_, b_.CreateAdd(index, i64(l * stride))), align);
}

Value *KernelBuilder::loadOutput(const LoopContext &ctx, int copy, Type *accTy) {
  Type *mt = memoryType(c_, outType_);
  Align align(kir::dtypeSize(outType_));
  Value *index = outputIndex(ctx, copy);
  Value *v;
  auto *vt = dyn_cast<FixedVectorType>(accTy);
  if (!vt) {
    v = b_.CreateAlignedLoad(mt, b_.CreateGEP(mt, out_, index), align);
  } else if (outStrides_[ctx.vectorVar] == 1) {
    v = b_.CreateAlignedLoad(FixedVectorType::get(mt, vt->getNumElements()),
                             b_.CreateGEP(mt, out_, index), align);
  } else {
    int64_t stride = outStrides_[ctx.vectorVar];
    v = PoisonValue::get(FixedVectorType::get(mt, vt->getNumElements()));
    for (unsigned l = 0; l < vt->getNumElements(); ++l) {
      Value *ptr = b_.CreateGEP(mt, out_, b_.CreateAdd(index, i64(l * stride)));
      v = b_.CreateInsertElement(v, b_.CreateAlignedLoad(mt, ptr, align), l);
    }
  }
  return emitCast(b_, fromMemory(b_, v, outType_), outType_, accType_);
}

Function *KernelBuilder::createBody(const std::string &name, std::map<int64_t, Value *> &buffers) {
  std::vector<int> slots = {k_.output};
  slots.insert(slots.end(), k_.inputs.begin(), k_.inputs.end());
  std::vector<Type *> params(slots.size(), PointerType::getUnqual(c_));
  if (k_.readsRunDims()) // the last pointer: the run-time dims, as the plan passes them
    params.push_back(PointerType::getUnqual(c_));
  params.push_back(b_.getInt64Ty());
  params.push_back(b_.getInt64Ty());
  auto *fty = FunctionType::get(b_.getVoidTy(), params, false);
  Function *fn = Function::Create(fty, GlobalValue::InternalLinkage, name, m_);
  setCodegenAttrs(*fn, attrs_);
  fn->addFnAttr("min-legal-vector-width", std::to_string(plan_.lanes * 64));
  // noalias where no other slot's memory can overlap a slot that is written (the output).
  const kir::Buffer &out = p_.buffers[k_.output];
  bool outputAlone = true;
  for (size_t i = 1; i < slots.size(); ++i) {
    bool overlaps = slots[i] == k_.output || mayOverlap(p_.buffers[slots[i]], out);
    outputAlone &= !overlaps;
    fn->addParamAttr(i, Attribute::ReadOnly);
    if (!overlaps)
      fn->addParamAttr(i, Attribute::NoAlias);
  }
  if (outputAlone)
    fn->addParamAttr(0, Attribute::NoAlias);
  for (size_t i = 0; i < slots.size(); ++i) {
    fn->addParamAttr(i, Attribute::NoCapture);
    buffers.emplace(slots[i], fn->getArg(i)); // the first slot of a buffer wins
  }
  if (k_.readsRunDims()) {
    size_t d = slots.size();
    fn->addParamAttr(d, Attribute::NoCapture);
    fn->addParamAttr(d, Attribute::ReadOnly);
    fn->addParamAttr(d, Attribute::NoAlias);
    dims_ = fn->getArg(d);
  }
  return fn;
}

Function *KernelBuilder::createWrapper(const std::string &symbol, Function *body) {
  Type *ptr = PointerType::getUnqual(c_);
  auto *fty = FunctionType::get(b_.getVoidTy(), {ptr, b_.getInt64Ty(), b_.getInt64Ty()}, false);
  Function *fn = Function::Create(fty, GlobalValue::InternalLinkage, symbol, m_);
  setCodegenAttrs(*fn, attrs_);
  fn->addParamAttr(0, Attribute::ReadOnly);
  fn->addParamAttr(0, Attribute::NoCapture);
  b_.SetInsertPoint(BasicBlock::Create(c_, "entry", fn));
  std::vector<Value *> args;
  size_t numSlots = body->arg_size() - 2;
  for (size_t i = 0; i < numSlots; ++i)
    args.push_back(
        b_.CreateAlignedLoad(ptr, b_.CreateConstGEP1_64(ptr, fn->getArg(0), i), Align(8)));
  args.push_back(fn->getArg(1));
  args.push_back(fn->getArg(2));
  b_.CreateCall(body, args);
  b_.CreateRetVoid();
  return fn;
}

Function *KernelBuilder::build(const std::string &symbol) {
  std::map<int64_t, Value *> buffers;
  fn_ = createBody(symbol + ".body", buffers);
  out_ = fn_->getArg(0);
  // A narrow output holds bits: the kernel's value is already Encoded (a U8).
  outType_ = kir::isNarrow(p_.buffers[k_.output].dtype) ? DType::U8 : p_.buffers[k_.output].dtype;
  // The output's strides: the iteration space's, or where the kernel writes part of its
  // output (Kernel::outputStart), the buffer's.
  const std::vector<int64_t> &outShape =
      k_.outputStart.empty() ? plan_.extents : p_.buffers[k_.output].shape;
  outStrides_.assign(plan_.rank, 1);
  for (int d = plan_.rank - 2; d >= 0; --d)
    outStrides_[d] = outStrides_[d + 1] * outShape[d + 1];
  for (int v = 0; v < plan_.numVars; ++v)
    if (plan_.tile[v] > 0)
      tiledAxes_.push_back(v);
  reduce_ = findReduce(k_);
  rows_ = k_.isRowKernel();
  rowDims_ = k_.rowDims();
  if (reduce_ != kNoExpr) {
    const kir::Node &n = graph_.node(reduce_);
    reduceFn_ = static_cast<kir::ReduceFn>(n.arg);
    reduceType_ = n.dtype;
    accType_ = n.dtype == DType::F16 || n.dtype == DType::BF16 ? DType::F32 : n.dtype;
    panelVar_ = streamedPanelVar();
  }
  for (int v = 0; v < plan_.numVars; ++v)
    graph_.setVarRange(v, plan_.extents[v]);

  entry_ = BasicBlock::Create(c_, "entry", fn_);
  b_.SetInsertPoint(entry_);
  // Float ops may be contracted (a * b + c as an FMA), except in a row kernel: there a value
  // is computed once per pass (a softmax row's x in its max pass and again in its exp pass)
  // and must round the same each time, or exp(x - max) sees the rounding of x * c as a
  // difference (with |x * c| = 1e10, hundreds: exp overflows, the row is NaN). Its sums of
  // products still step by FMAs (setContracted).
  b_.clearFastMathFlags();
  if (!k_.isRowKernel()) {
    FastMathFlags fmf;
    fmf.setAllowContract();
    b_.setFastMathFlags(fmf);
  }
  expr_ = std::make_unique<ExprEmitter>(b_, graph_, plan_.rank, std::move(buffers));
  // The run-time dims are read once; each extent is an affine expression of them.
  std::vector<Value *> dims;
  for (size_t i = 0; dims_ && i < p_.dims.size(); ++i)
    dims.push_back(b_.CreateAlignedLoad(b_.getInt64Ty(), b_.CreateConstGEP1_64(b_.getInt64Ty(), dims_, i),
                                        Align(8), "dim." + p_.dims[i].name));
  auto value = [&](const kir::DimExpr &e) {
    Value *x = i64(e.constant);
    for (size_t i = 0; i < e.coeffs.size(); ++i)
      if (e.coeffs[i] != 0)
        x = b_.CreateAdd(x, b_.CreateMul(dims.at(i), i64(e.coeffs[i])));
    return x;
  };
  for (int v = 0; v < plan_.numVars; ++v)
    extents_.push_back(value(k_.runExtent(v)));
  // A kernel writing part of its output (a state's append) stores from its start on.
  if (!k_.outputStart.empty())
    out_ = b_.CreateGEP(memoryType(c_, outType_), out_,
                        value(k_.outputOffset(p_.buffers[k_.output].shape)), "out.start");
  expr_->setDims(std::move(dims));
  if (k_.attention) {
    expr_->setFoldVar(k_.attention->dot, k_.attention->termVar(plan_.rank));
    blocked_ = planBlockedAttention();
  }
  planRowCache();
  bool empty = false; // a static empty output: no loop at all
  for (int d = 0; d < plan_.rank; ++d)
    empty |= plan_.extents[d] == 0;
  if (!empty)
    emitRun(fn_->getArg(fn_->arg_size() - 2), fn_->getArg(fn_->arg_size() - 1));
  b_.CreateRetVoid();
  b_.clearFastMathFlags();
  return createWrapper(symbol, fn_);
}

} // namespace

Function *emitKernel(Module &module, const kir::Program &program, const kir::Kernel &kernel,
                     const std::string &symbol, const CodegenAttrs &attrs, std::string &error) {
  auto fail = [&](const std::string &why) {
    error = "kernel '" + kernel.name + "': " + why;
    return nullptr;
  };
  std::string why;
  if (!checkKernel(kernel, why))
    return fail(why);
  auto valid = [&](int id) { return id >= 0 && id < static_cast<int>(program.buffers.size()); };
  if (!valid(kernel.output))
    return fail("output buffer " + std::to_string(kernel.output) + " does not exist");
  for (int id : kernel.inputs)
    if (!valid(id))
      return fail("input buffer " + std::to_string(id) + " does not exist");
  if (!kir::outputFits(kernel, program.buffers[kernel.output], program.dims, why))
    return fail(why);
  LoopPlan plan;
  buildLoopPlan(kernel, plan, error);
  KernelBuilder builder(module, program, kernel, plan, attrs);
  return builder.build(symbol);
}

} // namespace picoc::x86
