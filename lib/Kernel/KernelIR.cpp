//===- KernelIR.cpp - dtype and op tables, and text renderings of kernels ----------===//

#include "picoc/Kernel/KernelIR.h"
#include "picoc/Kernel/Schedule.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

namespace picoc::kir {

int64_t dtypeBits(DType t) {
  switch (t) {
#define X(name, code, bits, str)                                                               \
  case DType::name:                                                                            \
    return bits;
    PICOC_DTYPES(X)
#undef X
  }
  return 0;
}

int64_t dtypeSize(DType t) { return (dtypeBits(t) + 7) / 8; }

bool isNarrow(DType t) { return static_cast<int>(t) >= static_cast<int>(DType::F8E4M3FN); }

DType wideType(DType t) {
  switch (t) {
  case DType::F8E4M3FN:
  case DType::F8E4M3FNUZ:
  case DType::F8E5M2:
  case DType::F8E5M2FNUZ: return DType::F32;
  case DType::F4E2M1: return DType::F32;
  case DType::I4:
  case DType::I2: return DType::I8;
  case DType::U4:
  case DType::U2: return DType::U8;
  default: return t;
  }
}

int64_t elementsPerByte(DType t) { return dtypeBits(t) < 8 ? 8 / dtypeBits(t) : 1; }

std::optional<FloatFormat> floatFormat(DType t) {
  switch (t) {
  case DType::F8E4M3FN: return FloatFormat{4, 3, 7, FloatFormat::Fn};
  case DType::F8E4M3FNUZ: return FloatFormat{4, 3, 8, FloatFormat::Fnuz};
  case DType::F8E5M2: return FloatFormat{5, 2, 15, FloatFormat::Ieee};
  case DType::F8E5M2FNUZ: return FloatFormat{5, 2, 16, FloatFormat::Fnuz};
  case DType::F4E2M1: return FloatFormat{2, 1, 1, FloatFormat::Finite};
  default: return std::nullopt;
  }
}

uint32_t FloatFormat::maxFinite() const {
  uint32_t all = (1u << signShift()) - 1;
  switch (kind) {
  case Ieee: return (((1u << exponentBits) - 1) << mantissaBits) - 1;
  case Fn: return all - 1;
  case Fnuz:
  case Finite: return all;
  }
  return all;
}

uint32_t FloatFormat::nanCode() const {
  if (kind == Finite)
    return 0;
  return kind == Fnuz ? 1u << signShift() : (1u << signShift()) - 1;
}

uint8_t encodeFloat(const FloatFormat &f, float x, bool saturate) {
  uint32_t bits;
  std::memcpy(&bits, &x, 4);
  uint32_t sign = bits >> 31, a = bits & 0x7FFFFFFFu;
  if (a > 0x7F800000u)
    return static_cast<uint8_t>(f.kind == FloatFormat::Fnuz || f.kind == FloatFormat::Finite
                                    ? f.nanCode()
                                    : f.nanCode() | sign << f.signShift());
  uint32_t mag;
  if (a < static_cast<uint32_t>(128 - f.bias) << 23) {
    // Below the smallest normal: a multiple of the subnormal step, rounded to nearest even.
    mag = static_cast<uint32_t>(std::nearbyint(std::fabs(x) * std::ldexp(1.0f, f.bias - 1 + f.mantissaBits)));
  } else {
    // Rounds a's mantissa to the format's (nearest, ties to even; a carry moves into the
    // exponent), then rebiases the exponent.
    int shift = 23 - f.mantissaBits;
    uint32_t r = (a + ((1u << (shift - 1)) - 1) + ((a >> shift) & 1)) >> shift;
    mag = r - (static_cast<uint32_t>(127 - f.bias) << f.mantissaBits);
  }
  if (mag > f.maxFinite()) {
    if (saturate || f.kind == FloatFormat::Finite)
      mag = f.maxFinite();
    else if (f.kind == FloatFormat::Fnuz)
      return static_cast<uint8_t>(f.nanCode());
    else
      mag = f.kind == FloatFormat::Ieee ? f.maxFinite() + 1 : f.nanCode();
  }
  if (f.kind == FloatFormat::Fnuz && mag == 0)
    return 0;
  return static_cast<uint8_t>(mag | sign << f.signShift());
}

float decodeFloat(const FloatFormat &f, uint8_t code) {
  uint32_t sign = (code >> f.signShift()) & 1, mag = code & ((1u << f.signShift()) - 1);
  uint32_t exponent = mag >> f.mantissaBits, mantissa = mag & ((1u << f.mantissaBits) - 1);
  bool nan = f.kind == FloatFormat::Fnuz ? code == f.nanCode()
             : f.kind == FloatFormat::Fn   ? mag == f.nanCode()
             : f.kind == FloatFormat::Ieee ? exponent == (1u << f.exponentBits) - 1 && mantissa
                                           : false;
  if (nan)
    return NAN;
  float v;
  if (f.kind == FloatFormat::Ieee && exponent == (1u << f.exponentBits) - 1) {
    v = INFINITY;
  } else if (exponent == 0) {
    v = static_cast<float>(mantissa) * std::ldexp(1.0f, 1 - f.bias - f.mantissaBits);
  } else {
    uint32_t bits = (exponent + 127 - f.bias) << 23 | mantissa << (23 - f.mantissaBits);
    std::memcpy(&v, &bits, 4);
  }
  return sign ? -v : v;
}

const char *dtypeName(DType t) {
  switch (t) {
#define X(name, code, bits, str)                                                               \
  case DType::name:                                                                            \
    return str;
    PICOC_DTYPES(X)
#undef X
  }
  return "?";
}

bool isFloat(DType t) {
  return t == DType::F32 || t == DType::F64 || t == DType::F16 || t == DType::BF16 ||
         (isNarrow(t) && wideType(t) == DType::F32);
}

bool isSigned(DType t) {
  return t == DType::I8 || t == DType::I16 || t == DType::I32 || t == DType::I64 ||
         t == DType::I4 || t == DType::I2;
}

std::optional<DType> dtypeFromOnnx(int32_t onnxCode) {
  switch (onnxCode) {
#define X(name, code, bits, str)                                                               \
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

DimExpr DimExpr::dim(int i) {
  DimExpr e;
  e.coeffs.assign(i + 1, 0);
  e.coeffs[i] = 1;
  return e;
}

DimExpr DimExpr::plus(const DimExpr &o, int64_t factor) const {
  DimExpr r = *this;
  r.constant += factor * o.constant;
  if (r.coeffs.size() < o.coeffs.size())
    r.coeffs.resize(o.coeffs.size(), 0);
  for (size_t i = 0; i < o.coeffs.size(); ++i)
    r.coeffs[i] += factor * o.coeffs[i];
  while (!r.coeffs.empty() && r.coeffs.back() == 0)
    r.coeffs.pop_back();
  return r;
}

bool DimExpr::isConstant() const {
  return std::all_of(coeffs.begin(), coeffs.end(), [](int64_t c) { return c == 0; });
}

int DimExpr::plainDim() const {
  int found = -1;
  for (int i = 0; i < static_cast<int>(coeffs.size()); ++i) {
    if (coeffs[i] == 0)
      continue;
    if (coeffs[i] != 1 || found >= 0)
      return -1;
    found = i;
  }
  return constant == 0 ? found : -1;
}

// Saturated far from overflow: a bound past int64's range is as refused as one just inside.
static int64_t saturate(__int128 v) {
  constexpr int64_t kLimit = INT64_MAX / 4;
  return static_cast<int64_t>(std::clamp<__int128>(v, -kLimit, kLimit));
}

int64_t DimExpr::max(const std::vector<RunDim> &dims) const {
  __int128 v = constant;
  for (size_t i = 0; i < coeffs.size() && i < dims.size(); ++i)
    v += __int128(coeffs[i]) * (coeffs[i] > 0 ? dims[i].max : dims[i].min);
  return saturate(v);
}

int64_t DimExpr::min(const std::vector<RunDim> &dims) const {
  __int128 v = constant;
  for (size_t i = 0; i < coeffs.size() && i < dims.size(); ++i)
    v += __int128(coeffs[i]) * (coeffs[i] > 0 ? dims[i].min : dims[i].max);
  return saturate(v);
}

std::string DimExpr::str(const std::vector<RunDim> &dims) const {
  std::string s;
  for (size_t i = 0; i < coeffs.size(); ++i) {
    if (coeffs[i] == 0)
      continue;
    std::string name = i < dims.size() ? dims[i].name : "d" + std::to_string(i);
    if (!s.empty())
      s += coeffs[i] < 0 ? " - " : " + ";
    else if (coeffs[i] < 0)
      s += "-";
    int64_t c = coeffs[i] < 0 ? -coeffs[i] : coeffs[i];
    s += (c == 1 ? "" : std::to_string(c) + "*") + name;
  }
  if (s.empty())
    return std::to_string(constant);
  if (constant != 0)
    s += (constant < 0 ? " - " : " + ") + std::to_string(constant < 0 ? -constant : constant);
  return s;
}

bool DimExpr::operator==(const DimExpr &o) const {
  if (constant != o.constant)
    return false;
  for (size_t i = 0; i < std::max(coeffs.size(), o.coeffs.size()); ++i)
    if (coeff(static_cast<int>(i)) != o.coeff(static_cast<int>(i)))
      return false;
  return true;
}

int64_t Buffer::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

DimExpr Kernel::runExtent(int v) const {
  if (v < static_cast<int>(runExtents.size()))
    return runExtents[v];
  return DimExpr::of(v < rank() ? shape[v] : reduceShape[v - rank()]);
}

bool Kernel::readsRunDims() const {
  if (hasRunExtents())
    return true;
  for (const DimExpr &e : outputStart)
    if (!e.isConstant())
      return true;
  for (size_t i = 0; i < graph.size(); ++i)
    if (graph.node(static_cast<ExprId>(i)).op == Op::Dim)
      return true;
  return false;
}

DimExpr Kernel::outputOffset(const std::vector<int64_t> &outShape) const {
  DimExpr offset;
  int64_t stride = 1;
  for (int d = static_cast<int>(outputStart.size()) - 1; d >= 0; --d) {
    offset = offset.plus(outputStart[d], stride);
    stride *= d < static_cast<int>(outShape.size()) ? outShape[d] : 1;
  }
  return offset;
}

bool outputFits(const Kernel &k, const Buffer &out, const std::vector<RunDim> &dims,
                std::string &why) {
  if (k.outputStart.empty()) {
    int64_t numel = 1;
    for (int64_t d : k.shape)
      numel *= d;
    if (out.storedElements() == numel)
      return true;
    why = "the output buffer does not hold the iteration space's " + std::to_string(numel) +
          " elements";
    return false;
  }
  // Its stores address the buffer at the bounds' layout, as run-time extents' do: it has them
  // (constant ones, if need be), so that targets take that path.
  bool fits = out.shape.size() == k.shape.size() && k.outputStart.size() == k.shape.size() &&
              !isNarrow(out.dtype) && k.hasRunExtents();
  for (size_t d = 0; fits && d < k.shape.size(); ++d)
    fits = k.outputStart[d].min(dims) >= 0 &&
           k.outputStart[d].max(dims) + k.shape[d] <= out.shape[d];
  if (!fits)
    why = "the iteration space, from its output start, leaves the output buffer (or the "
          "kernel has no run extents)";
  return fits;
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
std::string structuralKey(const Kernel &k, const std::vector<Buffer> &buffers, bool schedule) {
  std::string key;
  auto put = [&](const auto &v) {
    key.append(reinterpret_cast<const char *>(&v), sizeof v);
  };
  auto putInts = [&](const std::vector<int64_t> &v) {
    put(v.size());
    for (int64_t x : v)
      put(x);
  };
  auto putExprs = [&](const std::vector<DimExpr> &v) {
    put(v.size());
    for (const DimExpr &e : v)
      key += e.str({}) + ";";
  };
  std::vector<int> slots = {k.output};
  slots.insert(slots.end(), k.inputs.begin(), k.inputs.end());
  auto slotOf = [&](int64_t id) -> int64_t {
    return std::find(slots.begin(), slots.end(), id) - slots.begin();
  };
  putInts(k.shape);
  putInts(k.reduceShape);
  putExprs(k.runExtents);
  putExprs(k.outputStart);
  key += (schedule ? scheduleToJson(k.opts) : std::string("[]")) + ";";
  put(k.value);
  if (k.attention) {
    put(k.attention->dot);
    put(k.attention->score);
    put(k.attention->value);
    put(k.attention->bias);
    put(k.attention->zeroEmptyRows);
    put(k.attention->splits);
  }
  put(k.graph.size());
  for (size_t i = 0; i < k.graph.size(); ++i) {
    const Node &n = k.graph.node(static_cast<ExprId>(i));
    put(n.op);
    put(n.dtype);
    put(n.op == Op::Load ? slotOf(n.arg) : n.arg);
    put(n.ival);
    put(n.fval);
    put(n.src);
  }
  for (int v = 0; v < k.numVars(); ++v)
    put(k.graph.varExtent(v));
  for (int id : slots) {
    const Buffer &b = buffers[id];
    put(b.dtype);
    put(b.kind);
    putInts(b.shape);
    putExprs(b.runShape);
  }
  return key;
}

std::string Kernel::str() const {
  std::ostringstream os;
  os << "kernel " << name << " shape " << shapeStr(shape);
  if (!reduceShape.empty())
    os << " reduce " << shapeStr(reduceShape);
  if (attention)
    os << " attention";
  else if (isRowKernel())
    os << " row_dims " << rowDims();
  if (hasRunExtents()) {
    os << " extents [";
    for (size_t v = 0; v < runExtents.size(); ++v)
      os << (v ? ", " : "") << runExtents[v].str({});
    os << "]";
  }
  if (!outputStart.empty()) {
    os << " at [";
    for (size_t d = 0; d < outputStart.size(); ++d)
      os << (d ? ", " : "") << outputStart[d].str({});
    os << "]";
  }
  os << " -> b" << output;
  if (!location.empty())
    os << "  // " << location;
  os << "\n";
  if (!opts.empty())
    os << "  schedule " << scheduleToJson(opts) << "\n";
  if (attention) {
    os << "  dot %" << attention->dot << ", score %" << attention->score << ", value %"
       << attention->value;
    if (attention->bias != kNoExpr)
      os << ", bias %" << attention->bias;
    if (attention->splits > 0)
      os << ", " << attention->splits << " splits";
    os << (attention->zeroEmptyRows ? ", empty rows 0" : "") << "\n";
  }
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
    case Op::Dim:
      os << " d" << n.arg;
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
    case Op::Encode:
    case Op::Decode:
      os << " " << dtypeName(static_cast<DType>(n.arg)) << (n.op == Op::Encode && n.ival ? " sat" : "");
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

std::vector<int> Loop::buffers() const {
  std::vector<int> ids;
  for (int b : {tripCount, cond, condOut, iteration})
    if (b >= 0)
      ids.push_back(b);
  for (const auto *copies : {&init, &carry, &scans})
    for (auto [from, to] : *copies)
      ids.insert(ids.end(), {from, to});
  return ids;
}

std::string Program::str() const {
  std::ostringstream os;
  os << "program " << name << " arena " << arenaBytes << " bytes, weights " << weightBytes
     << " bytes\n";
  static const char *const kinds[] = {"input", "output", "weight", "temp", "state"};
  for (size_t i = 0; i < buffers.size(); ++i) {
    const Buffer &b = buffers[i];
    os << "  b" << i << " " << kinds[static_cast<int>(b.kind)] << " " << dtypeName(b.dtype)
       << shapeStr(b.shape) << " '" << b.name << "'";
    if (b.kind == BufferKind::Weight || b.kind == BufferKind::Temp || b.kind == BufferKind::State)
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
    for (const StateUse &s : e.states)
      os << "  state b" << s.buffer << " axis " << s.axis << ": length "
         << (s.reads ? s.lengthIn.str(dims) : "(written from 0)") << " -> "
         << s.lengthOut.str(dims) << "\n";
    for (const Loop &l : e.loops) {
      auto buffer = [](int b) { return b < 0 ? std::string("-") : "b" + std::to_string(b); };
      auto pairs = [&](const char *what, const std::vector<std::pair<int, int>> &copies) {
        for (auto [from, to] : copies)
          os << " " << what << " " << buffer(from) << "->" << buffer(to);
      };
      os << "  loop kernels [" << l.firstKernel << ", " << l.firstKernel + l.numKernels
         << ") trip " << buffer(l.tripCount) << " cond " << buffer(l.cond) << " cond_out "
         << buffer(l.condOut) << " iteration " << buffer(l.iteration);
      pairs("init", l.init);
      pairs("carry", l.carry);
      pairs("scan", l.scans);
      if (l.maxIterations >= 0)
        os << " max " << l.maxIterations;
      os << "\n";
    }
  }
  for (const Kernel &k : kernels)
    os << k.str();
  return os.str();
}

} // namespace picoc::kir
