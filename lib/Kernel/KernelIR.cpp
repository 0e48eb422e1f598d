//===- KernelIR.cpp - dtype and op tables, and text renderings of kernels ----------===//

#include "picoc/Kernel/KernelIR.h"
#include "picoc/Kernel/Schedule.h"

#include <algorithm>
#include <sstream>

namespace picoc::kir {

int64_t dtypeSize(DType t) {
  switch (t) {
#define X(name, code, size, str)                                                               \
  case DType::name:                                                                            \
    return size;
    PICOC_DTYPES(X)
#undef X
  }
  return 0;
}

const char *dtypeName(DType t) {
  switch (t) {
#define X(name, code, size, str)                                                               \
  case DType::name:                                                                            \
    return str;
    PICOC_DTYPES(X)
#undef X
  }
  return "?";
}

bool isFloat(DType t) {
  return t == DType::F32 || t == DType::F64 || t == DType::F16 || t == DType::BF16;
}

bool isSigned(DType t) {
  return t == DType::I8 || t == DType::I16 || t == DType::I32 || t == DType::I64;
}

std::optional<DType> dtypeFromOnnx(int32_t onnxCode) {
  switch (onnxCode) {
#define X(name, code, size, str)                                                               \
  case code:                                                                                   \
    return DType::name;
    PICOC_DTYPES(X)
#undef X
  }
  return std::nullopt;
}

const char *opName(Op op) {
  static const char *const names[] = {
#define X(name) #name,
      PICOC_KIR_OPS(X)
#undef X
  };
  return names[static_cast<int>(op)];
}

const char *reduceFnName(ReduceFn fn) {
  switch (fn) {
  case ReduceFn::Sum:
    return "sum";
  case ReduceFn::Max:
    return "max";
  case ReduceFn::Min:
    return "min";
  case ReduceFn::Prod:
    return "prod";
  }
  return "?";
}

const char *optKindName(OptKind k) {
  switch (k) {
#define X(name, str)                                                                            \
  case OptKind::name:                                                                           \
    return str;
    PICOC_OPT_KINDS(X)
#undef X
  }
  return "?";
}

std::optional<OptKind> optKindFromName(const std::string &name) {
#define X(kind, str)                                                                            \
  if (name == str)                                                                              \
    return OptKind::kind;
  PICOC_OPT_KINDS(X)
#undef X
  return std::nullopt;
}

int64_t Buffer::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::optional<ReduceFn> Kernel::reduceFn() const {
  for (size_t i = 0; i < graph.size(); ++i)
    if (graph.node(static_cast<ExprId>(i)).op == Op::Reduce)
      return static_cast<ReduceFn>(graph.node(static_cast<ExprId>(i)).arg);
  return std::nullopt;
}

std::vector<ExprId> Kernel::reduces() const {
  std::vector<ExprId> out;
  if (value == kNoExpr || value >= static_cast<ExprId>(graph.size()))
    return out;
  std::vector<char> live(graph.size(), 0);
  live[value] = 1;
  for (ExprId i = value; i >= 0; --i) {
    if (!live[i])
      continue;
    for (ExprId s : graph.node(i).src)
      if (s != kNoExpr && s < i)
        live[s] = 1;
  }
  for (ExprId i = 0; i <= value; ++i)
    if (live[i] && graph.node(i).op == Op::Reduce)
      out.push_back(i);
  return out;
}

int Kernel::rowDims() const {
  std::vector<ExprId> rs = reduces();
  if (rs.empty())
    return rank();
  // The output variables below any Reduce (operands precede their users).
  std::vector<char> below(graph.size(), 0);
  for (ExprId r : rs)
    below[r] = 1;
  int dims = 0;
  for (auto i = static_cast<ExprId>(graph.size()) - 1; i >= 0; --i) {
    if (!below[i])
      continue;
    const Node &n = graph.node(i);
    if (n.op == Op::Var && n.arg < rank())
      dims = std::max(dims, static_cast<int>(n.arg) + 1);
    for (ExprId s : n.src)
      if (s != kNoExpr && s < i)
        below[s] = 1;
  }
  return dims;
}

int64_t Kernel::rowLength() const {
  int64_t n = 1;
  for (size_t d = static_cast<size_t>(rowDims()); d < shape.size(); ++d)
    n *= shape[d];
  return n;
}

bool Kernel::isRowKernel() const {
  std::vector<ExprId> rs = reduces();
  return rs.size() > 1 || (rs.size() == 1 && rowLength() > 1);
}

static std::string shapeStr(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// SSA rendering of the nodes reachable from `value`, in id order (ids are topological).
std::string Kernel::str() const {
  std::ostringstream os;
  os << "kernel " << name << " shape " << shapeStr(shape);
  if (!reduceShape.empty())
    os << " reduce " << shapeStr(reduceShape);
  if (isRowKernel())
    os << " row_dims " << rowDims();
  os << " -> b" << output;
  if (!location.empty())
    os << "  // " << location;
  os << "\n";
  if (!opts.empty())
    os << "  schedule " << scheduleToJson(opts) << "\n";
  std::vector<bool> live(graph.size(), false);
  if (value != kNoExpr)
    live[value] = true;
  for (ExprId i = static_cast<ExprId>(graph.size()) - 1; i >= 0; --i)
    if (live[i])
      for (ExprId s : graph.node(i).src)
        if (s != kNoExpr)
          live[s] = true;
  for (ExprId i = 0; i < static_cast<ExprId>(graph.size()); ++i) {
    if (!live[i])
      continue;
    const Node &n = graph.node(i);
    os << "  %" << i << " = " << opName(n.op) << "." << dtypeName(n.dtype);
    switch (n.op) {
    case Op::Var:
      os << " v" << n.arg;
      break;
    case Op::Const:
      if (isFloat(n.dtype))
        os << " " << n.fval;
      else
        os << " " << n.ival;
      break;
    case Op::Load:
      os << " b" << n.arg;
      break;
    case Op::Reduce:
      os << " " << reduceFnName(static_cast<ReduceFn>(n.arg));
      break;
    default:
      break;
    }
    for (ExprId s : n.src)
      if (s != kNoExpr)
        os << " %" << s;
    if (n.op == Op::Load) // the index map, readable: b1[(v0*64 + v1)]
      os << "  ; " << graph.str(i);
    os << "\n";
  }
  os << "  store b" << output << " %" << value << "\n";
  return os.str();
}

std::string Program::str() const {
  std::ostringstream os;
  os << "program " << name << " arena " << arenaBytes << " bytes, weights " << weightBytes
     << " bytes\n";
  static const char *const kinds[] = {"input", "output", "weight", "temp"};
  for (size_t i = 0; i < buffers.size(); ++i) {
    const Buffer &b = buffers[i];
    os << "  b" << i << " " << kinds[static_cast<int>(b.kind)] << " " << dtypeName(b.dtype)
       << shapeStr(b.shape) << " '" << b.name << "'";
    if (b.kind == BufferKind::Weight || b.kind == BufferKind::Temp)
      os << " @" << b.offset;
    else
      os << " #" << b.position;
    os << "\n";
  }
  for (const Entry &e : entries) {
    if (entries.size() > 1)
      os << " entry " << e.name << ": kernels [" << e.firstKernel << ", "
         << e.firstKernel + e.numKernels << ")\n";
    for (const Check &c : e.checks)
      os << "  check b" << c.buffer << ": " << c.message << "\n";
  }
  for (const Kernel &k : kernels)
    os << k.str();
  return os.str();
}

} // namespace picoc::kir
