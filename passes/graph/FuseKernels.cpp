//===- FuseKernels.cpp - picoc-graph-fuse -------------------------------------------===//
//
// Rewrites: the ops of @main into picoc.kernel regions, one region per future kernel.
// How:      ops are visited from the last to the first; an op joins the kernel of its users
//           when all of them are in one kernel and
//             - it is a view or elementwise op, and, if it feeds that kernel's matmul/conv,
//               it is an affine view (an elementwise producer would be recomputed per output,
//               a gather would load its index in the innermost loop);
//             - or it feeds only the bias of the kernel's attention (a mask's views and
//               arithmetic: computed once per score);
//             - or it is a reduction (reduce, matmul, conv), the kernel has none yet, and every
//               op downstream of it in the kernel is elementwise at its result's shape (the
//               epilogue: bias, activation, residual).
//             - or (row-reductions) it is a reduce over the trailing dims of its input, as
//               many elements as the kernel's result, the kernel holds no matmul/conv and its
//               other reductions are the same, and every op downstream of it is elementwise or
//               a broadcast at its result's shape or the kernel's size, or a reshape: a row
//               kernel (softmax, LayerNorm, RMSNorm, GroupNorm: the row is read for its
//               statistics, then again for the output, in one kernel; lowering iterates over
//               the rows' shape where the result is a reshape of it).
//           An attention (picoc.attention) is a kernel's anchor and root: nothing after it
//           joins its kernel. Otherwise (and always for ops marked picoc.materialize, or when the kernel holds
//           kMaxKernelOps ops already: the depth of a kernel's expression bounds the recursion
//           of everything after, whatever chain the model holds) it starts a kernel of its own. Constants are cloned into each kernel
//           that uses them. Before grouping, an elementwise op read by several elementwise
//           ops or reductions (not matmul/conv) is cloned per user (unless it is marked
//           picoc.materialize), so that it is recomputed in each consumer's kernel instead
//           of written to memory and read back (softmax: exp(x - max) is computed by the sum
//           kernel and again by the division kernel).
//           A picoc.loop is a boundary: nothing joins a kernel across it (its operands, and
//           the outer values its body reads, are computed outside it by kernels of their
//           own); its body's ops are grouped the same way, into kernels inside the body.
// Needs:    composites decomposed (picoc-graph-decompose).
// Ensures:  every op other than weights, constants, loops and terminators is inside a
//           picoc.kernel; every returned value is the result of a distinct kernel (copies
//           are added for returned arguments, weights, constants and repeated values).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Dialect/RunShape.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace picoc {
#define GEN_PASS_DEF_FUSEKERNELS
#include "picoc/Passes/Passes.h.inc"

namespace {

bool isReduction(Operation *op) { return isa<ReduceOp, MatMulOp, ConvOp, AttentionOp>(op); }
bool isElementwise(Operation *op) {
  return isa<UnaryOp, BinaryOp, SelectOp, CastOp, BitcastOp>(op);
}
bool isView(Operation *op) {
  return isa<ReshapeOp, TransposeOp, BroadcastOp, SliceOp, ConcatOp, PadOp, GatherOp,
             GatherElementsOp, WindowOp>(op);
}
bool isLeaf(Operation *op) { return isa<WeightOp, ConstantOp, DimOp>(op); }
// Leaves that every kernel reading them holds a copy of: small constants, run-time dims.
bool isClonedLeaf(Operation *op) { return isa<ConstantOp, DimOp>(op); }

// Far more ops than any kernel of a real model fuses (tens), few enough that the recursive
// walks over a kernel's expression stay shallow.
constexpr size_t kMaxKernelOps = 256;

struct Group {
  Operation *root = nullptr;
  Operation *anchor = nullptr;          // the reduction, if any
  llvm::DenseSet<Operation *> feedsAnchor; // members upstream of the anchor
  llvm::DenseSet<Operation *> feedsBias;   // of those, the ones only an attention's bias reads
  llvm::SetVector<Operation *> members;
};

std::string kernelName(Operation *root, int index) {
  std::string hint;
  if (auto name = dyn_cast<NameLoc>(root->getLoc()))
    hint = name.getName().str();
  std::string clean;
  for (char c : hint)
    clean += (isalnum(static_cast<unsigned char>(c)) ? c : '_');
  if (clean.size() > 40)
    clean = clean.substr(clean.size() - 40);
  return "k" + std::to_string(index) + (clean.empty() ? "" : "_" + clean);
}

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

SmallVector<int64_t> sortedAxes(ReduceOp op) {
  SmallVector<int64_t> axes(op.getAxes());
  llvm::sort(axes);
  return axes;
}

// Groups the ops of one block: @main's, or a picoc.loop's body (whose kernels the plan runs
// once per iteration). A loop is a boundary: its operands and the outer values its body reads
// are computed by kernels of their own, outside it.
class Fuser {
public:
  Fuser(Block &block, bool rowReductions) : block_(block), rowReductions_(rowReductions) {}

  // Kernels are named k<index>_...; `index` continues over the blocks of a function.
  void run(int &index) {
    duplicateCheapProducers(block_);
    for (auto loop : block_.getOps<LoopOp>())
      copyLeaves(loop, index);
    Operation *ret = block_.getTerminator();
    SmallVector<Operation *> ops;
    for (Operation &op : block_.without_terminator())
      if (!isLeaf(&op) && !isa<LoopOp, KernelOp>(op)) // (copyLeaves' kernels are made)
        ops.push_back(&op);
    for (Operation *op : llvm::reverse(ops))
      assign(op, ret);
    // Build regions in program order of their roots.
    for (Operation *op : ops)
      if (groupOf_.count(op) && groups_[groupOf_[op]].root == op)
        outline(groups_[groupOf_[op]], index++);
    if (auto yield = dyn_cast<LoopYieldOp>(ret))
      copyCarriedArguments(yield, index);
    else
      addCopies(ret, index);
  }

private:
  void duplicateCheapProducers(Block &body) {
    SmallVector<Operation *> ops;
    for (Operation &op : body.without_terminator())
      ops.push_back(&op);
    for (Operation *op : llvm::reverse(ops)) {
      if (!isElementwise(op) || op->hasOneUse() || op->use_empty() ||
          op->hasAttr(kMaterializeAttr)) // computed once, by a kernel of its own
        continue;
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : op->getUses())
        uses.push_back(&use);
      bool cheapUsers = uses.size() <= 8 && llvm::all_of(uses, [&](OpOperand *u) {
        return (isElementwise(u->getOwner()) || isa<ReduceOp>(u->getOwner())) &&
               u->getOwner()->getBlock() == &body;
      });
      if (!cheapUsers)
        continue;
      for (OpOperand *use : llvm::drop_begin(uses)) {
        OpBuilder b(op);
        use->set(b.clone(*op)->getResult(0));
      }
    }
  }

  void assign(Operation *op, Operation *ret) {
    std::optional<int> target;
    bool ok = !op->getUsers().empty() && !op->hasAttr(kMaterializeAttr);
    for (Operation *user : op->getUsers()) {
      auto it = groupOf_.find(user);
      if (user == ret || it == groupOf_.end() || (target && *target != it->second)) {
        ok = false;
        break;
      }
      target = it->second;
    }
    if (ok && canJoin(op, groups_[*target])) {
      join(op, *target);
      return;
    }
    groups_.push_back(Group{op, isReduction(op) ? op : nullptr, {}, {}});
    groups_.back().members.insert(op);
    groupOf_[op] = static_cast<int>(groups_.size()) - 1;
  }

  bool feedsAnchor(Operation *op, const Group &g) {
    for (Operation *user : op->getUsers())
      if (user == g.anchor || g.feedsAnchor.count(user))
        return true;
    return false;
  }

  bool canJoin(Operation *op, const Group &g) {
    if (g.members.size() >= kMaxKernelOps)
      return false;
    if (isa<AttentionOp>(op))
      return false; // its kernel computes the attention and nothing after it
    if (isView(op) || isElementwise(op)) {
      if (!g.anchor || !feedsAnchor(op, g) || feedsOnlyBias(op, g))
        return true;
      // Into a matmul/conv operand only affine views: a gather or concat would put an index
      // load or a select into the innermost loop of every output element.
      return isa<ReduceOp>(g.anchor) || isa<ReshapeOp, TransposeOp, BroadcastOp, SliceOp, PadOp>(op);
    }
    if (!isReduction(op))
      return false;
    if (!g.anchor && isEpilogue(op, g))
      return true;
    return rowReductions_ && isRowReduction(op, g);
  }

  // True if only an attention anchor's bias reads `op` (through members that only it reads):
  // the kernel computes the bias once per score, as an epilogue computes once per output.
  bool feedsOnlyBias(Operation *op, const Group &g) {
    auto attention = dyn_cast<AttentionOp>(g.anchor);
    if (!attention)
      return false;
    for (OpOperand &use : op->getUses()) {
      Operation *user = use.getOwner();
      bool bias = user == g.anchor ? attention.getBias() == use.get() &&
                                         use.getOperandNumber() == 3
                                   : g.feedsBias.count(user) > 0;
      if (!bias)
        return false;
    }
    return true;
  }

  // True if every op downstream of `op` in g is accepted by `fits`.
  template <typename Fits>
  bool downstreamFits(Operation *op, const Group &g, Fits fits) {
    llvm::DenseSet<Operation *> downstream;
    SmallVector<Operation *> work(op->getUsers().begin(), op->getUsers().end());
    while (!work.empty()) {
      Operation *u = work.pop_back_val();
      if (!downstream.insert(u).second)
        continue;
      if (!fits(u))
        return false;
      for (Operation *uu : u->getUsers())
        if (g.members.count(uu))
          work.push_back(uu);
    }
    return true;
  }

  // True if each dim of `to` is the product of a run of consecutive dims of `from` (a reshape
  // that only merges dims: its result's index is affine in its input's, no division).
  static bool mergesDims(ArrayRef<int64_t> from, ArrayRef<int64_t> to) {
    size_t i = 0;
    for (int64_t d : to) {
      int64_t run = 1;
      while (i < from.size() && (run < d || from[i] == 1))
        run *= from[i++];
      if (run != d)
        return false;
    }
    return i == from.size();
  }

  // Every member downstream of the reduction is elementwise at its shape (bias, activation,
  // residual); the other members are side inputs. A matmul's result may be reshaped first
  // (over B in panels, picoc-graph-pack-weights: [..., M, N / C, 1, C] -> [..., M, N]), once,
  // statically, merging dims only: the kernel then iterates over the matmul's shape
  // (lowering), and the ops after the reshape are elementwise at its shape.
  bool isEpilogue(Operation *op, const Group &g) {
    ArrayRef<int64_t> shape = shapeOf(op->getResult(0));
    std::optional<SmallVector<int64_t>> reshaped;
    return downstreamFits(op, g, [&](Operation *u) {
      ArrayRef<int64_t> at = shapeOf(u->getResult(0));
      if (auto r = dyn_cast<ReshapeOp>(u)) {
        if (!isa<MatMulOp>(op) || reshaped || r.getInput() != op->getResult(0) ||
            hasRunDims(op->getResult(0).getType()) || hasRunDims(r.getType()) ||
            !mergesDims(shape, at))
          return false;
        reshaped.emplace(at.begin(), at.end());
        return true;
      }
      return isElementwise(u) && (at == shape || (reshaped && at == ArrayRef(*reshaped)));
    });
  }

  // A reduce over the trailing dims of the kernel's shape whose result is read back along the
  // rows (see the file comment); the kernel's other reductions are reduces of the same kind.
  bool isRowReduction(Operation *op, const Group &g) {
    auto red = dyn_cast<ReduceOp>(op);
    if (!red)
      return false;
    ArrayRef<int64_t> row = shapeOf(red.getInput()), stats = shapeOf(red.getResult());
    SmallVector<int64_t> axes = sortedAxes(red);
    for (size_t i = 0; i < axes.size(); ++i)
      if (axes[i] != static_cast<int64_t>(row.size() - axes.size() + i))
        return false;
    // The kernel's result: the rows, or a reshape of them (GroupNorm's rows [N, G, C/G, H, W]
    // become [N, C, H, W] for the affine and the activation after it).
    auto elements = [](ArrayRef<int64_t> shape) {
      int64_t n = 1;
      for (int64_t d : shape)
        n *= d;
      return n;
    };
    const int64_t size = elements(row);
    if (elements(shapeOf(g.root->getResult(0))) != size)
      return false;
    for (Operation *m : g.members) {
      auto other = dyn_cast<ReduceOp>(m);
      if (isReduction(m) &&
          (!other || shapeOf(other.getInput()) != row || other.getAxes() != red.getAxes()))
        return false;
    }
    return downstreamFits(op, g, [&](Operation *u) {
      ArrayRef<int64_t> shape = shapeOf(u->getResult(0));
      if (isa<ReshapeOp>(u))
        return elements(shape) == size;
      return (isElementwise(u) || isa<BroadcastOp, ReduceOp>(u)) &&
             (shape == stats || elements(shape) == size);
    });
  }

  void join(Operation *op, int target) {
    Group &g = groups_[target];
    if (isReduction(op))
      g.anchor = op;
    else if (g.anchor && feedsAnchor(op, g)) {
      if (feedsOnlyBias(op, g))
        g.feedsBias.insert(op);
      g.feedsAnchor.insert(op);
    }
    g.members.insert(op);
    groupOf_[op] = target;
  }

  void outline(Group &g, int index) {
    // Members in program order; values from outside become kernel inputs.
    SmallVector<Operation *> members(g.members.begin(), g.members.end());
    llvm::sort(members, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
    llvm::SetVector<Value> inputs;
    llvm::SetVector<Operation *> constants;
    for (Operation *op : members)
      for (Value v : op->getOperands()) {
        Operation *def = v.getDefiningOp();
        if (def && g.members.count(def))
          continue;
        if (def && isClonedLeaf(def))
          constants.insert(def);
        else
          inputs.insert(v);
      }
    OpBuilder b(g.root);
    Value result = g.root->getResult(0);
    auto kernel = b.create<KernelOp>(g.root->getLoc(), result.getType(),
                                     b.getStringAttr(kernelName(g.root, index)),
                                     inputs.getArrayRef());
    Block *block = b.createBlock(&kernel.getBody());
    IRMapping map;
    for (Value v : inputs)
      map.map(v, block->addArgument(v.getType(), v.getLoc()));
    b.setInsertionPointToStart(block);
    for (Operation *c : constants)
      map.map(c->getResult(0), b.clone(*c)->getResult(0));
    for (Operation *op : members)
      b.clone(*op, map);
    b.create<YieldOp>(g.root->getLoc(), map.lookup(result));
    result.replaceAllUsesWith(kernel.getResult());
    for (Operation *op : llvm::reverse(members))
      op->erase();
  }

  // A loop's body yields the buffers the plan copies from after each iteration, into the
  // carried buffers then the stacked ones: any value will do, except a carried value yielded
  // where another is carried, or as a scan value (a swap, a = b, b = a: the copies would read
  // a buffer another copy already wrote). Those get a copy kernel; a value carried unchanged
  // (yielded in its own place) needs no copy at all.
  void copyCarriedArguments(LoopYieldOp yield, int &index) {
    copyLeaves(yield, index);
    for (OpOperand &operand : yield->getOpOperands()) {
      auto arg = dyn_cast<BlockArgument>(operand.get());
      if (arg && arg.getOwner() == yield->getBlock() && arg.getArgNumber() != 0 &&
          arg.getArgNumber() != operand.getOperandNumber())
        operand.set(copyKernel(yield, arg, index));
    }
  }

  // A kernel of its own that copies `v` (before `at`): a cloned leaf (a constant, a run-time
  // dim) is cloned into it, as into any kernel that reads one.
  static Value copyKernel(Operation *at, Value v, int &index) {
    OpBuilder b(at);
    Location loc = v.getDefiningOp() ? v.getDefiningOp()->getLoc() : at->getLoc();
    Operation *leaf = v.getDefiningOp() && isClonedLeaf(v.getDefiningOp()) ? v.getDefiningOp()
                                                                           : nullptr;
    auto kernel = b.create<KernelOp>(loc, v.getType(),
                                     b.getStringAttr("k" + std::to_string(index++) + "_copy"),
                                     leaf ? ValueRange{} : ValueRange{v});
    Block *block = b.createBlock(&kernel.getBody());
    b.setInsertionPointToStart(block);
    Value copied =
        leaf ? b.clone(*leaf)->getResult(0) : Value(block->addArgument(v.getType(), loc));
    b.create<YieldOp>(loc, copied);
    return kernel.getResult();
  }

  // Returned values that are not a kernel's own result get a copy kernel. A returned constant
  // is cloned into its kernel: a splat (ConstantOfShape) then fills the output instead of
  // becoming a weight of the output's size.
  void addCopies(Operation *ret, int &index) {
    llvm::DenseSet<Value> seen;
    for (OpOperand &operand : ret->getOpOperands()) {
      Value v = operand.get();
      bool ownKernel = v.getDefiningOp<KernelOp>() && seen.insert(v).second;
      if (ownKernel)
        continue;
      operand.set(copyKernel(ret, v, index));
      seen.insert(operand.get());
    }
  }

  // A loop reads its operands, and its body's yielded values, from buffers: a run-time dim
  // (a value only kernels compute) gets a kernel of its own, and so does a splat constant of
  // several elements (ConstantOfShape's zeros: filled by a kernel, not stored as a weight).
  void copyLeaves(Operation *op, int &index) {
    for (OpOperand &operand : op->getOpOperands()) {
      Value v = operand.get();
      auto constant = v.getDefiningOp<ConstantOp>();
      auto dense = constant ? dyn_cast<DenseElementsAttr>(constant.getValue()) : nullptr;
      if (v.getDefiningOp<DimOp>() || (dense && dense.isSplat() && dense.getNumElements() > 1))
        operand.set(copyKernel(op, v, index));
    }
  }

  Block &block_;
  bool rowReductions_;
  std::vector<Group> groups_;
  llvm::DenseMap<Operation *, int> groupOf_;
};

struct FuseKernelsPass : impl::FuseKernelsBase<FuseKernelsPass> {
  using FuseKernelsBase::FuseKernelsBase;
  void runOnOperation() override {
    if (getOperation().getBody().empty())
      return;
    Block &body = getOperation().getBody().front();
    int index = 0;
    Fuser(body, rowReductions).run(index);
    SmallVector<Block *> blocks = {&body};
    for (auto loop : body.getOps<LoopOp>()) {
      Fuser(loop.getBody().front(), rowReductions).run(index);
      blocks.push_back(&loop.getBody().front());
    }
    // Constants and weights used only inside kernels are dead outside now.
    SmallVector<Operation *> dead;
    for (Block *block : blocks)
      for (Operation &op : *block)
        if (isLeaf(&op) && op.use_empty())
          dead.push_back(&op);
    for (Operation *op : dead)
      op->erase();
  }
};
} // namespace
} // namespace picoc
