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

#include "CudaExpr.h"

#include "picoc/Kernel/Schedule.h"

#include <algorithm>
#include <cctype>
#include <sstream>

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
  case Op::Const: return 0;
  case Op::Select: return 3;
  case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Pow: case Op::Max:
  case Op::Min: case Op::Mod: case Op::FMod: case Op::CmpEq: case Op::CmpLt: case Op::CmpLe:
  case Op::CmpGt: case Op::CmpGe: case Op::And: case Op::Or: case Op::Xor: return 2;
  default: return 1;
  }
}

// Where each live node of a kernel is computed.
struct KernelPlan {
  ExprId reduce = kNoExpr;
  std::vector<ExprId> pre;      // per output element, before the reduction (all, if none)
  std::vector<ExprId> inner;    // per reduction step: nodes that use reduction variables
  std::vector<ExprId> epilogue; // after the reduction: nodes that use the Reduce
  std::vector<bool> usedVars;   // Var numbers read somewhere
  ParamMap params;
};

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
      if (plan.reduce != kNoExpr) {
        why = "more than one Reduce node";
        return false;
      }
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
    } else if (n.op != Op::Const && !nodeExpr(g, id, plan.params)) {
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
    if (!live[id] || op == Op::Var || op == Op::Const || op == Op::Reduce)
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
class KernelWriter {
public:
  KernelWriter(const Kernel &k, const KernelPlan &plan, const LaunchConfig &launch,
               std::ostringstream &os)
      : k_(k), g_(k.graph), plan_(plan), launch_(launch), os_(os) {}

  void write() {
    const int64_t n = product(k_.shape);
    line("const long long n = " + intLiteral(n, DType::I64) + "; // output elements");
    if (plan_.reduce == kNoExpr || launch_.groupSize == 1)
      writeThreadPerElement();
    else if (launch_.strided)
      writeStridedGroups();
    else
      writeGroupPerElement();
  }

private:
  void line(const std::string &s) { os_ << std::string(indent_, ' ') << s << "\n"; }
  void open(const std::string &s) {
    line(s + " {");
    indent_ += 2;
  }
  void close() {
    indent_ -= 2;
    line("}");
  }

  // v<first+i> from the row-major linear index `linear` over `dims`, for the variables used.
  void decompose(const std::vector<int64_t> &dims, int first, const std::string &linear) {
    int64_t stride = 1;
    std::vector<std::string> lines;
    for (int i = static_cast<int>(dims.size()) - 1; i >= 0; --i) {
      if (plan_.usedVars[first + i]) {
        std::string e = linear;
        if (stride != 1)
          e = i == 0 ? e + " / " + intLiteral(stride, DType::I64)
                     : "(" + e + " / " + intLiteral(stride, DType::I64) + ")";
        if (i != 0)
          e += " % " + intLiteral(dims[i], DType::I64);
        lines.push_back("const long long v" + std::to_string(first + i) + " = " + e + ";");
      }
      stride *= dims[i];
    }
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
      line(*it);
  }

  void nodes(const std::vector<ExprId> &ids) {
    for (ExprId id : ids)
      line("const " + std::string(cType(g_.node(id).dtype)) + " t" + std::to_string(id) +
           " = " + *nodeExpr(g_, id, plan_.params) + ";");
  }

  void store() {
    line("out[o] = " + storeExpr(g_.node(k_.value).dtype, ref(g_, k_.value)) + ";");
  }

  const Node &reduceNode() const { return g_.node(plan_.reduce); }
  ReduceFn reduceFn() const { return static_cast<ReduceFn>(reduceNode().arg); }
  std::string acc() const { return "t" + std::to_string(plan_.reduce); }
  std::string accType() const { return cType(reduceNode().dtype); }
  std::string identity() const { return *reduceIdentity(reduceFn(), reduceNode().dtype); }

  // The reduction loop over this thread's share of the flattened reduction space.
  void reductionLoop(const std::string &first, const std::string &step) {
    line(accType() + " " + acc() + " = " + identity() + ";");
    // Several loads in flight per thread; strided groups have fewer threads per element, so
    // each keeps more of them.
    line(std::string("#pragma unroll ") + (launch_.strided ? "8" : "4"));
    open("for (long long r = " + first + "; r < rn; r += " + step + ")");
    decompose(k_.reduceShape, k_.rank(), "r");
    nodes(plan_.inner);
    ExprId body = reduceNode().src[0];
    line(acc() + " = " + reduceCombine(reduceFn(), acc(), operand(g_, body, reduceNode().dtype)) +
         ";");
    close();
  }

  void rnDecl() {
    line("const long long rn = " + intLiteral(product(k_.reduceShape), DType::I64) +
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
    } else {
      open("for (long long first = (long long)blockIdx.x * " + step +
           " + threadIdx.x; first < n; first += (long long)gridDim.x * " + step + ")");
      line("#pragma unroll");
      open("for (int u = 0; u < " + std::to_string(u) + "; ++u)");
      line("const long long o = first + (long long)u * " + std::to_string(launch_.blockX) + ";");
      line("if (o >= n)");
      line("  break;");
    }
    decompose(k_.shape, 0, "o");
    nodes(plan_.pre);
    if (plan_.reduce != kNoExpr) {
      reductionLoop("0", "1");
      nodes(plan_.epilogue);
    }
    store();
    close();
    if (u > 1)
      close();
  }

  // `acc` combined with the values of the lanes `s` apart, for s = first, first/2, ..., 1.
  void shuffleTree(const std::string &first) {
    open("for (int s = " + first + "; s > 0; s /= 2)");
    line("const " + accType() + " other = __shfl_xor_sync(" + kFullMask + ", " + acc() + ", s);");
    line(acc() + " = " + reduceCombine(reduceFn(), acc(), "other") + ";");
    close();
  }

  // A group of kGroup threads per output element, kGroups groups per block.
  void writeGroupPerElement() {
    const int group = launch_.groupSize;
    rnDecl();
    line("constexpr int kGroup = " + std::to_string(group) + "; // threads per output element");
    line("constexpr int kGroups = " + std::to_string(launch_.blockX / group) +
         "; // output elements per block and iteration");
    line("const int lane = threadIdx.x % kGroup;");
    line("const int group = threadIdx.x / kGroup;");
    if (group > 32)
      line("__shared__ " + accType() + " partial[" + std::to_string(launch_.blockX / 32) +
           "]; // one per warp");
    open("for (long long base = (long long)blockIdx.x * kGroups; base < n; "
         "base += (long long)gridDim.x * kGroups)");
    line("// Every thread runs every iteration: the shuffles and barriers below need whole");
    line("// warps and blocks. A group past the end redoes the last element, but does not store.");
    line("const bool active = base + group < n;");
    line("const long long o = active ? base + group : n - 1;");
    decompose(k_.shape, 0, "o");
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
    decompose(k_.shape, 0, "o");
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
  std::ostringstream &os_;
  int indent_ = 2;
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
  LaunchConfig c;
  GpuLaunch l = gpuLaunchOf(kernel);
  c.groupSize = l.groupSize;
  c.strided = l.strided;
  c.perThread = static_cast<int>(l.perThread);
  c.blockX = l.blockThreads();
  c.gridX = std::clamp<int64_t>(
      ceilDiv(product(kernel.shape), l.elementsPerBlock * l.perThread), 1, kMaxBlocks);
  return c;
}

// The schedule as the renderer needs it: opts that kir::applyOpt accepts for a GPU, every output
// dim launched, whole warps per block, a group only where there is a reduction.
bool checkSchedule(const Kernel &k, bool hasReduce, std::string &why) {
  bool global = false;
  for (const Opt &o : k.opts) {
    if (o.kind == OptKind::Global && o.amount == k.rank())
      global = true;
    else if (o.kind != OptKind::Local && o.kind != OptKind::GroupReduce &&
             !(o.kind == OptKind::Upcast && !hasReduce)) {
      why = "the CUDA target does not render " + std::string(optKindName(o.kind)) + "(" +
            std::to_string(o.axis) + ", " + std::to_string(o.amount) + ")";
      return false;
    }
  }
  GpuLaunch l = gpuLaunchOf(k);
  int64_t threads = l.blockThreads();
  if (!global || threads % 32 != 0 || threads > 1024 || (l.groupSize & (l.groupSize - 1)) ||
      (l.groupSize > 1 && !hasReduce)) {
    why = "the schedule " + scheduleToJson(k.opts) + " is not a GPU launch (global over every "
          "output dim, blocks of whole warps, group_reduce only on a reduction)";
    return false;
  }
  return true;
}

bool canRenderKernel(const Kernel &kernel, std::string &why) {
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
  if (!planKernel(k, plan, why) || !checkSchedule(k, plan.reduce != kNoExpr, why))
    return fail(why);
  if (!isIdentifier(k.name))
    return fail("the name is not a C identifier");
  const auto numBuffers = static_cast<int>(program.buffers.size());
  if (k.output < 0 || k.output >= numBuffers)
    return fail("no output buffer");
  if (program.buffers[k.output].numElements() != product(k.shape))
    return fail("the output buffer's size differs from the iteration space");
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

  LaunchConfig launch = launchConfig(k);
  std::ostringstream os;
  os << "\n// ---- kernel " << k.name << " ----\n";
  if (!k.location.empty())
    comment(os, "location: " + k.location);
  comment(os, k.str());
  os << "// launch (from the schedule): grid " << launch.gridX << ", block " << launch.blockX;
  if (plan.reduce != kNoExpr)
    os << ", " << launch.groupSize << " thread(s) per output element";
  os << "\nextern \"C\" __global__ void __launch_bounds__(" << launch.blockX << ") " << k.name
     << "(" << params << ") {\n";
  KernelWriter(k, plan, launch, os).write();
  os << "}\n";
  out += os.str();
  return true;
}

bool renderProgram(const Program &program, std::string &out, std::string &error) {
  out += "// CUDA C for the picoc program '" + program.name + "': " +
         std::to_string(program.kernels.size()) + " kernel(s), in execution order.\n";
  out += "// Each kernel takes its output buffer first, then its inputs (see its comment).\n\n";
  out += cudaPrelude();
  for (const Kernel &k : program.kernels)
    if (!renderKernel(program, k, out, error))
      return false;
  return true;
}

} // namespace picoc::cuda
