//===- ExprEmitter.cpp - one kernel's expression DAG as LLVM IR at a loop point -------===//
//
// See ExprEmitter.h. Op semantics live in OpEmitter; this file decides, per node, scalar or
// vector, which copy, and how a load reaches memory.
//
//===------------------------------------------------------------------------------===//
#include "x86/ExprEmitter.h"

#include "x86/OpEmitter.h"

namespace picoc::x86 {

using namespace llvm;
using kir::DType;
using kir::ExprId;
using kir::kNoExpr;
using kir::Node;
using kir::Op;

ExprEmitter::ExprEmitter(IRBuilderBase &b, kir::ExprGraph &graph, int rank,
                         std::map<int64_t, Value *> buffers)
    : b_(b), graph_(graph), rank_(rank), buffers_(std::move(buffers)) {}

void ExprEmitter::beginScope(const LoopContext &ctx) {
  ctx_ = ctx;
  memo_.clear();
}

uint64_t ExprEmitter::varMask(ExprId e) {
  if (e == kNoExpr)
    return 0;
  // Sources are built before their users, so one forward pass covers new nodes.
  for (size_t i = masks_.size(); i < graph_.size(); ++i) {
    const Node &n = graph_.node(static_cast<ExprId>(i));
    uint64_t m = 0;
    if (n.op == Op::Var)
      m = uint64_t(1) << n.arg;
    for (ExprId s : n.src)
      if (s != kNoExpr)
        m |= masks_[s];
    if (auto fold = foldVars_.find(static_cast<ExprId>(i)); fold != foldVars_.end())
      m &= ~(uint64_t(1) << fold->second);
    else if (n.op == Op::Reduce) // the fold binds the reduction variables
      m &= rank_ >= 64 ? ~uint64_t(0) : (uint64_t(1) << rank_) - 1;
    masks_.push_back(m);
    bool reads = n.op == Op::Load;
    for (ExprId s : n.src)
      reads = reads || (s != kNoExpr && loads_[s]);
    loads_.push_back(reads);
  }
  return masks_[e];
}

bool ExprEmitter::dependsOn(ExprId e, int var) { return var >= 0 && (varMask(e) >> var & 1); }

bool ExprEmitter::isVector(ExprId e) { return ctx_.lanes > 1 && dependsOn(e, ctx_.vectorVar); }

Value *ExprEmitter::widen(Value *v) {
  if (ctx_.lanes <= 1 || v->getType()->isVectorTy())
    return v;
  return b_.CreateVectorSplat(static_cast<unsigned>(ctx_.lanes), v);
}

Value *ExprEmitter::emit(ExprId e, int copy) { return get(e, copy, false); }

Value *ExprEmitter::get(ExprId e, int copy, bool lane0) {
  if (!dependsOn(e, ctx_.unrollVar))
    copy = 0;
  bool vec = !lane0 && isVector(e);
  auto key = std::make_tuple(e, copy, vec);
  auto it = memo_.find(key);
  if (it != memo_.end())
    return it->second;
  Value *v = compute(e, copy, vec);
  memo_[key] = v;
  return v;
}

bool ExprEmitter::readsMemory(ExprId e) {
  varMask(e); // fills loads_ up to e
  return loads_[e];
}

// A vector select on a condition that is the same for every lane (a concat along a dim that
// is not the vector's: a KV cache's past rows or its new one) evaluates only the side it
// takes: a branch, each side in its own block. Values computed on a side do not dominate the
// join, so the memo forgets them there.
Value *ExprEmitter::branchSelect(const Node &n, int copy) {
  Value *cond = get(n.src[0], copy, true);
  Function *f = b_.GetInsertBlock()->getParent();
  LLVMContext &c = b_.getContext();
  BasicBlock *sides[2] = {BasicBlock::Create(c, "select.true", f),
                          BasicBlock::Create(c, "select.false", f)};
  BasicBlock *join = BasicBlock::Create(c, "select.join", f);
  b_.CreateCondBr(cond, sides[0], sides[1]);
  auto memo = memo_;
  Value *values[2];
  BasicBlock *ends[2];
  for (int side = 0; side < 2; ++side) {
    b_.SetInsertPoint(sides[side]);
    values[side] = widen(get(n.src[1 + side], copy, false));
    ends[side] = b_.GetInsertBlock();
    b_.CreateBr(join);
    memo_ = memo;
  }
  b_.SetInsertPoint(join);
  PHINode *phi = b_.CreatePHI(values[0]->getType(), 2);
  phi->addIncoming(values[0], ends[0]);
  phi->addIncoming(values[1], ends[1]);
  return phi;
}

Value *ExprEmitter::emitVar(int64_t var, int copy, bool vec) {
  Value *v = ctx_.base[var];
  if (var == ctx_.unrollVar && copy > 0)
    v = b_.CreateAdd(v, b_.getInt64(copy * ctx_.copyStride()));
  if (!vec)
    return v;
  Type *vt = FixedVectorType::get(b_.getInt64Ty(), static_cast<unsigned>(ctx_.lanes));
  return b_.CreateAdd(widen(v), b_.CreateStepVector(vt));
}

Value *ExprEmitter::compute(ExprId e, int copy, bool vec) {
  const Node n = graph_.node(e); // by value: load analysis may grow the graph
  LLVMContext &c = b_.getContext();
  // Operands: vectors where this node is one (scalars are splatted to match).
  auto operand = [&](int i) {
    Value *v = get(n.src[i], copy, !vec);
    return vec ? widen(v) : v;
  };
  auto dtypeOf = [&](int i) { return graph_.node(n.src[i]).dtype; };
  if (e == cached_) {
    Type *ty = vec ? FixedVectorType::get(b_.getFloatTy(), static_cast<unsigned>(ctx_.lanes))
                   : b_.getFloatTy();
    Value *at = b_.CreateGEP(b_.getFloatTy(), cacheRow_, emitVar(cacheVar_, copy, false));
    return b_.CreateAlignedLoad(ty, at, Align(4));
  }
  // x / r with r a row kernel's reduced value: x * (1 / r), one division a row (as a
  // softmax's or a norm's division is usually written; two roundings, within 2 ulps).
  if (n.op == Op::Div && n.dtype == DType::F32 && dtypeOf(0) == DType::F32 &&
      dtypeOf(1) == DType::F32 && graph_.node(n.src[1]).op == Op::Reduce &&
      rowValues_.count(n.src[1])) {
    Value *r = get(n.src[1], copy, true);
    Value *inverse = b_.CreateFDiv(ConstantFP::get(r->getType(), 1.0), r);
    return b_.CreateFMul(operand(0), vec ? widen(inverse) : inverse);
  }
  switch (n.op) {
  case Op::Var: return emitVar(n.arg, copy, vec);
  case Op::Dim: return dims_.at(static_cast<size_t>(n.arg)); // a scalar: no variable in it
  case Op::Const: {
    Type *t = registerType(c, n.dtype);
    if (kir::isFloat(n.dtype))
      return ConstantFP::get(t, n.fval);
    return ConstantInt::get(t, static_cast<uint64_t>(n.ival), kir::isSigned(n.dtype));
  }
  case Op::Load: return emitLoad(n, copy, vec);
  case Op::Reduce: {
    auto row = rowValues_.find(e);
    Value *r = row != rowValues_.end() ? row->second : reduceValues_.at(copy);
    if (!vec && r->getType()->isVectorTy())
      return b_.CreateExtractElement(r, uint64_t(0));
    return vec ? widen(r) : r;
  }
  case Op::Select:
    if (vec && !isVector(n.src[0]) && (readsMemory(n.src[1]) || readsMemory(n.src[2])))
      return branchSelect(n, copy);
    return b_.CreateSelect(operand(0), operand(1), operand(2));
  case Op::Cast: return emitCast(b_, operand(0), dtypeOf(0), n.dtype);
  case Op::Bitcast: return emitBitcast(b_, operand(0), dtypeOf(0), n.dtype);
  case Op::Encode:
    return emitEncode(b_, operand(0), dtypeOf(0), static_cast<DType>(n.arg), n.ival != 0);
  case Op::Decode: return emitDecode(b_, operand(0), static_cast<DType>(n.arg));
  default: break;
  }
  if (n.src[1] == kNoExpr)
    return emitUnaryOp(b_, n.op, dtypeOf(0), operand(0));
  Value *y = operand(1);
  if (dtypeOf(1) != dtypeOf(0))
    y = emitCast(b_, y, dtypeOf(1), dtypeOf(0));
  Value *x = operand(0);
  IRBuilderBase::FastMathFlagGuard guard(b_);
  if (e == contracted_ && n.op == Op::Mul) {
    FastMathFlags fmf = b_.getFastMathFlags();
    fmf.setAllowContract();
    b_.setFastMathFlags(fmf);
  }
  return emitBinaryOp(b_, n.op, dtypeOf(0), x, y);
}

// An index of any integer dtype as i64 lanes.
static Value *toIndex(IRBuilderBase &b, Value *v, DType t) {
  Type *ty = b.getInt64Ty();
  if (auto *vt = dyn_cast<VectorType>(v->getType()))
    ty = VectorType::get(ty, vt->getElementCount());
  return kir::isSigned(t) ? b.CreateSExtOrTrunc(v, ty) : b.CreateZExtOrTrunc(v, ty);
}

Value *ExprEmitter::scalarLoad(const Node &n, Value *index, Value *guard) {
  Type *mt = memoryType(b_.getContext(), n.dtype);
  Align align(kir::dtypeSize(n.dtype));
  Value *base = buffers_.at(n.arg);
  if (guard)
    index = b_.CreateSelect(guard, index, b_.getInt64(0));
  Value *v =
      fromMemory(b_, b_.CreateAlignedLoad(mt, b_.CreateGEP(mt, base, index), align), n.dtype);
  if (guard)
    v = b_.CreateSelect(guard, v, Constant::getNullValue(v->getType()));
  return v;
}

Value *ExprEmitter::emitLoad(const Node &n, int copy, bool vec) {
  ExprId index = n.src[0], guardId = n.src[1];
  DType indexType = graph_.node(index).dtype;
  auto asIndex = [&](Value *v) { return toIndex(b_, v, indexType); };
  if (!vec) {
    Value *guard = guardId == kNoExpr ? nullptr : get(guardId, copy, true);
    return scalarLoad(n, asIndex(get(index, copy, true)), guard);
  }
  LLVMContext &c = b_.getContext();
  unsigned lanes = static_cast<unsigned>(ctx_.lanes);
  Type *mt = memoryType(c, n.dtype);
  Type *vt = FixedVectorType::get(mt, lanes);
  Align align(kir::dtypeSize(n.dtype));
  Value *base = buffers_.at(n.arg);
  bool vectorGuard = guardId != kNoExpr && isVector(guardId);
  std::optional<int64_t> stride = laneStride(index);
  Value *index0 = asIndex(get(index, copy, true));

  if (stride && *stride == 0 && !vectorGuard) { // the same element for every lane
    Value *guard = guardId == kNoExpr ? nullptr : get(guardId, copy, true);
    return widen(scalarLoad(n, index0, guard));
  }
  Value *mask = guardId == kNoExpr ? nullptr : widen(get(guardId, copy, false));
  if (stride && *stride == 0) {
    // One element for every lane, wanted by some (a padded tensor's per-channel scale): a
    // lane whose guard is on says the index is in range, so read it once where any lane is
    // on (a gather of one address is one load a lane on x86) and zero the lanes that are off.
    Value *one = widen(scalarLoad(n, index0, b_.CreateOrReduce(mask)));
    return b_.CreateSelect(mask, one, Constant::getNullValue(one->getType()));
  }
  Value *v;
  if (stride && *stride == 1) {
    // A vector whose guard is off in every lane (a concat's row of the other operand) may
    // have its index far outside the buffer, where a masked load costs a microcode assist
    // per vector when the pages there are not mapped (seen: a concat 8x slower, depending on
    // where the buffers happened to lie). Such a vector reads from the buffer's start.
    if (mask) {
      Value *any = vectorGuard ? b_.CreateOrReduce(mask) : get(guardId, copy, true);
      index0 = b_.CreateSelect(any, index0, b_.getInt64(0));
    }
    Value *ptr = b_.CreateGEP(mt, base, index0);
    if (prefetchVar_ >= 0 && !mask) {
      std::optional<int64_t> step = affineCoefficient(index, prefetchVar_);
      if (step && *step != 0) // read; locality 3: prefetcht0 (L1), 2: prefetcht1 (L2); data
        b_.CreateIntrinsic(Intrinsic::prefetch, {b_.getPtrTy()},
                           {b_.CreateGEP(mt, ptr, b_.getInt64(*step)), b_.getInt32(0),
                            b_.getInt32(prefetchToL1_ ? 3 : 2), b_.getInt32(1)});
    }
    if (mask)
      v = b_.CreateMaskedLoad(vt, ptr, align, mask, Constant::getNullValue(vt));
    else
      v = b_.CreateAlignedLoad(vt, ptr, align);
  } else {
    Value *indices;
    Type *it = FixedVectorType::get(b_.getInt64Ty(), lanes);
    if (stride)
      indices = b_.CreateAdd(b_.CreateVectorSplat(lanes, index0),
                             b_.CreateMul(b_.CreateStepVector(it), ConstantInt::get(it, *stride)));
    else
      indices = widen(asIndex(get(index, copy, false)));
    Value *ptrs = b_.CreateGEP(mt, base, indices);
    v = b_.CreateMaskedGather(vt, ptrs, align, mask, Constant::getNullValue(vt));
  }
  return fromMemory(b_, v, n.dtype);
}

std::optional<int64_t> ExprEmitter::laneStride(ExprId index) {
  auto it = strides_.find(index);
  if (it != strides_.end())
    return it->second;
  int v = ctx_.vectorVar;
  std::optional<int64_t> stride;
  if (!dependsOn(index, v)) {
    stride = 0;
  } else if (graph_.node(index).dtype == DType::I64) {
    ExprId next = graph_.substitute(index, v, graph_.addConst(graph_.var(v), 1));
    stride = graph_.constValue(graph_.binary(Op::Sub, next, index));
    if (!stride)
      stride = affineCoefficient(index, v);
  }
  strides_[index] = stride;
  return stride;
}

std::optional<int64_t> ExprEmitter::affineCoefficient(ExprId e, int var) {
  if (!dependsOn(e, var))
    return 0;
  const Node n = graph_.node(e);
  if (n.op == Op::Var)
    return 1;
  if (n.dtype != DType::I64 || (n.op != Op::Add && n.op != Op::Sub && n.op != Op::Mul))
    return std::nullopt;
  std::optional<int64_t> a = affineCoefficient(n.src[0], var);
  std::optional<int64_t> b = affineCoefficient(n.src[1], var);
  if (!a || !b)
    return std::nullopt;
  if (n.op == Op::Add)
    return *a + *b;
  if (n.op == Op::Sub)
    return *a - *b;
  // Mul: affine only when the other side is a constant.
  std::optional<int64_t> ca = graph_.constValue(n.src[0]), cb = graph_.constValue(n.src[1]);
  if (*a == 0 && ca)
    return *ca * *b;
  if (*b == 0 && cb)
    return *a * *cb;
  return std::nullopt;
}

} // namespace picoc::x86
