//===- Recurrent.cpp - RNN, GRU and LSTM ------------------------------------------===//
//
// The recurrences are unrolled over the (static) sequence: per direction, the input
// projection of every step is one matmul, X [S, B, I] x W^T [I, G*H], then each step adds
// its hidden projection H [B, H] x R^T [H, G*H] and applies the cell's gates. Gate order and
// formulas are ONNX's (i, o, f, c for LSTM; z, r, h for GRU); `clip` bounds every gate's
// input; activations are the `activations` list or each op's defaults. The reverse direction
// runs the steps from last to first and writes each output at its own step.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include "onnx/onnx_pb.h"

#include <cmath>

using namespace mlir;

namespace picoc::onnximport {

namespace {

enum class Cell { Rnn, Gru, Lstm };

// One activation function of the `activations` list, with its alpha and beta.
struct Activation {
  std::string name;
  double alpha = 0, beta = 0;
};

// f(x) for the activations ONNX's recurrences name.
Value activate(NodeImporter &n, const Activation &a, Value x) {
  const std::string &f = a.name;
  if (f == "Sigmoid")
    return n.unary(UnaryFn::sigmoid, x);
  if (f == "Tanh")
    return n.unary(UnaryFn::tanh, x);
  if (f == "Relu")
    return n.unary(UnaryFn::relu, x);
  if (f == "Affine") // alpha * x + beta
    return n.binary(BinaryFn::add, n.binary(BinaryFn::mul, x, a.alpha), a.beta);
  if (f == "LeakyRelu")
    return n.select(n.binary(BinaryFn::ge, x, 0.0), x, n.binary(BinaryFn::mul, x, a.alpha));
  if (f == "ThresholdedRelu")
    return n.select(n.binary(BinaryFn::gt, x, a.alpha), x, n.scalar(0.0, elementTypeOf(x)));
  if (f == "ScaledTanh") // alpha * tanh(beta * x)
    return n.binary(BinaryFn::mul, n.unary(UnaryFn::tanh, n.binary(BinaryFn::mul, x, a.beta)),
                    a.alpha);
  if (f == "HardSigmoid") // max(0, min(1, alpha * x + beta))
    return n.clamp(n.binary(BinaryFn::add, n.binary(BinaryFn::mul, x, a.alpha), a.beta), 0.0, 1.0);
  if (f == "Elu") // x if x >= 0, else alpha * (exp(x) - 1)
    return n.select(n.binary(BinaryFn::ge, x, 0.0), x,
                    n.binary(BinaryFn::mul,
                             n.binary(BinaryFn::sub, n.unary(UnaryFn::exp, x), 1.0), a.alpha));
  if (f == "Softsign") // x / (1 + |x|)
    return n.binary(BinaryFn::div, x, n.binary(BinaryFn::add, n.unary(UnaryFn::abs, x), 1.0));
  if (f == "Softplus") // log(1 + exp(x)), as max(x, 0) + log(1 + exp(-|x|))
    return n.binary(BinaryFn::add, n.binary(BinaryFn::max, x, 0.0),
                    n.unary(UnaryFn::log,
                            n.binary(BinaryFn::add,
                                     n.unary(UnaryFn::exp,
                                             n.unary(UnaryFn::neg, n.unary(UnaryFn::abs, x))),
                                     1.0)));
  return {};
}

bool knownActivation(const std::string &f) {
  static const char *const names[] = {"Sigmoid",     "Tanh",       "Relu",    "Affine",
                                      "LeakyRelu",   "ThresholdedRelu", "ScaledTanh",
                                      "HardSigmoid", "Elu",        "Softsign", "Softplus"};
  for (const char *name : names)
    if (f == name)
      return true;
  return false;
}

// The alpha an activation takes when activation_alpha leaves it out (the ONNX op's default).
double defaultAlpha(const std::string &f) {
  if (f == "LeakyRelu")
    return 0.01;
  if (f == "HardSigmoid")
    return 0.2;
  return 1.0;
}
double defaultBeta(const std::string &f) { return f == "HardSigmoid" ? 0.5 : 0.0; }

Cell cellOf(const OnnxNode &n) {
  return n.opType() == "LSTM" ? Cell::Lstm : n.opType() == "GRU" ? Cell::Gru : Cell::Rnn;
}
int gatesOf(Cell c) { return c == Cell::Lstm ? 4 : c == Cell::Gru ? 3 : 1; }
// Activations per direction: f (and g, h).
size_t activationsOf(Cell c) { return c == Cell::Lstm ? 3 : c == Cell::Gru ? 2 : 1; }

// The activations of each direction, from the attributes or the defaults.
std::vector<Activation> readActivations(const OnnxNode &n, int directions) {
  Cell cell = cellOf(n);
  std::vector<std::string> names;
  if (const onnx::AttributeProto *a = n.attr("activations"))
    for (const std::string &s : a->strings())
      names.push_back(s);
  if (names.empty()) {
    static const char *const lstm[] = {"Sigmoid", "Tanh", "Tanh"}, *const gru[] = {"Sigmoid", "Tanh"};
    for (int d = 0; d < directions; ++d)
      for (size_t k = 0; k < activationsOf(cell); ++k)
        names.push_back(cell == Cell::Lstm ? lstm[k] : cell == Cell::Gru ? gru[k] : "Tanh");
  }
  auto alphas = n.attrFloats("activation_alpha"), betas = n.attrFloats("activation_beta");
  std::vector<Activation> out;
  for (size_t k = 0; k < names.size(); ++k)
    out.push_back({names[k], k < alphas.size() ? alphas[k] : defaultAlpha(names[k]),
                   k < betas.size() ? betas[k] : defaultBeta(names[k])});
  return out;
}

} // namespace

void checkRecurrent(const OnnxNode &n) {
  std::string direction = n.attrString("direction", "forward");
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
    n.problem("attribute 'direction' must be forward, reverse or bidirectional, not '" +
              direction + "'");
  int directions = direction == "bidirectional" ? 2 : 1;
  auto activations = readActivations(n, directions);
  if (activations.size() != activationsOf(cellOf(n)) * directions)
    n.problem("attribute 'activations' needs " +
              Twine(activationsOf(cellOf(n)) * directions) + " names (" +
              Twine(activationsOf(cellOf(n))) + " per direction)");
  for (const Activation &a : activations)
    if (!knownActivation(a.name))
      n.problem("activation '" + a.name + "' is not supported");
  if (n.attrInt("hidden_size", 0) < 0)
    n.problem("attribute 'hidden_size' must be positive");
}

LogicalResult importRecurrent(NodeImporter &n) {
  Cell cell = cellOf(n);
  int gates = gatesOf(cell);
  Value x = n.requiredInput(0), w = n.requiredInput(1), r = n.requiredInput(2);
  if (!x || !w || !r)
    return failure();
  if (!isa<FloatType>(elementTypeOf(x)))
    return n.fail("needs floating-point inputs");
  if (rankOf(x) != 3 || rankOf(w) != 3 || rankOf(r) != 3)
    return n.fail("X, W and R must have rank 3");
  bool batchFirst = n.attrInt("layout", 0) != 0;
  if (batchFirst)
    x = n.transpose(x, {1, 0, 2}); // [S, B, I]
  int64_t steps = shapeOf(x)[0], batch = shapeOf(x)[1], inputs = shapeOf(x)[2];
  std::string direction = n.attrString("direction", "forward");
  int64_t directions = direction == "bidirectional" ? 2 : 1;
  int64_t hidden = shapeOf(r)[2];
  if (n.hasAttr("hidden_size") && n.attrInt("hidden_size", 0) != hidden)
    return n.fail("hidden_size " + Twine(n.attrInt("hidden_size", 0)) + " disagrees with R " +
                  shapeString(shapeOf(r)));
  auto expect = [&](Value v, ArrayRef<int64_t> shape, StringRef what) {
    if (v && shapeOf(v) != shape) {
      (void)n.fail(what + " has shape " + shapeString(shapeOf(v)) + ", expected " +
                   shapeString(shape));
      return false;
    }
    return true;
  };
  if (!expect(w, {directions, gates * hidden, inputs}, "W") ||
      !expect(r, {directions, gates * hidden, hidden}, "R"))
    return failure();
  if (failed(n.requireFullSequenceLens(4, steps)))
    return failure();
  Value bias = n.input(3), initialH = n.input(5), initialC = n.input(6), peep = n.input(7);
  if (!expect(bias, {directions, 2 * gates * hidden}, "B"))
    return failure();
  auto stateShape = batchFirst ? SmallVector<int64_t>{batch, directions, hidden}
                               : SmallVector<int64_t>{directions, batch, hidden};
  if (!expect(initialH, stateShape, "initial_h") || !expect(initialC, stateShape, "initial_c") ||
      !expect(peep, {directions, 3 * hidden}, "P"))
    return failure();
  if (batchFirst) {
    if (initialH)
      initialH = n.transpose(initialH, {1, 0, 2});
    if (initialC)
      initialC = n.transpose(initialC, {1, 0, 2});
  }
  std::vector<Activation> acts = readActivations(n, static_cast<int>(directions));
  if (acts.size() != activationsOf(cell) * directions)
    return failure(); // checkRecurrent reported it
  double clip = n.attrFloat("clip", 0);
  bool hasClip = n.hasAttr("clip");
  bool inputForget = n.attrInt("input_forget", 0) != 0;
  bool linearBeforeReset = n.attrInt("linear_before_reset", 0) != 0;
  Type et = elementTypeOf(x);
  Value zeros = n.constant(denseOf(RankedTensorType::get({batch, hidden}, et), {0.0}));

  std::vector<Value> ys(steps * directions), lastH(directions), lastC(directions);
  for (int64_t d = 0; d < directions; ++d) {
    size_t a0 = d * activationsOf(cell);
    auto act = [&](size_t k, Value v) {
      if (hasClip)
        v = n.clamp(v, -clip, clip);
      return activate(n, acts[a0 + k], v);
    };
    auto part = [&](Value v, int64_t axis, int64_t k) { return n.sliceAxis(v, axis, k * hidden, hidden); };
    Value wd = n.reshape(n.sliceAxis(w, 0, d, 1), {gates * hidden, inputs});
    Value rd = n.reshape(n.sliceAxis(r, 0, d, 1), {gates * hidden, hidden});
    // The input projection of every step at once: [S, B, I] x [I, G*H] (+ Wb).
    Value xw = n.create<MatMulOp>(x, n.transpose(wd, {1, 0}));
    Value rb;
    if (bias) {
      Value bd = n.reshape(n.sliceAxis(bias, 0, d, 1), {2 * gates * hidden});
      xw = n.binary(BinaryFn::add, xw, n.sliceAxis(bd, 0, 0, gates * hidden));
      rb = n.sliceAxis(bd, 0, gates * hidden, gates * hidden);
    }
    Value rt = n.transpose(rd, {1, 0}); // [H, G*H]
    Value h = initialH ? n.reshape(n.sliceAxis(initialH, 0, d, 1), {batch, hidden}) : zeros;
    Value c = initialC ? n.reshape(n.sliceAxis(initialC, 0, d, 1), {batch, hidden}) : zeros;
    Value pi, po, pf;
    if (peep) {
      Value pd = n.reshape(n.sliceAxis(peep, 0, d, 1), {3 * hidden});
      pi = part(pd, 0, 0), po = part(pd, 0, 1), pf = part(pd, 0, 2);
    }
    bool reverse = direction == "reverse" || d == 1;
    for (int64_t s = 0; s < steps; ++s) {
      int64_t t = reverse ? steps - 1 - s : s;
      Value xt = n.reshape(n.sliceAxis(xw, 0, t, 1), {batch, gates * hidden});
      if (cell == Cell::Gru) {
        // z and r from the summed projections; h from r and the hidden projection.
        Value hr = n.create<MatMulOp>(h, rt);
        if (rb)
          hr = n.binary(BinaryFn::add, hr, rb);
        Value z = act(0, n.binary(BinaryFn::add, part(xt, 1, 0), part(hr, 1, 0)));
        Value rg = act(0, n.binary(BinaryFn::add, part(xt, 1, 1), part(hr, 1, 1)));
        Value hh;
        if (linearBeforeReset) {
          hh = n.binary(BinaryFn::mul, rg, part(hr, 1, 2));
        } else {
          hh = n.create<MatMulOp>(n.binary(BinaryFn::mul, rg, h), part(rt, 1, 2));
          if (rb)
            hh = n.binary(BinaryFn::add, hh, part(rb, 0, 2));
        }
        Value cand = act(1, n.binary(BinaryFn::add, part(xt, 1, 2), hh));
        // h = (1 - z) * cand + z * h
        h = n.binary(BinaryFn::add, n.binary(BinaryFn::mul, n.subtractFrom(1.0, z), cand),
                     n.binary(BinaryFn::mul, z, h));
      } else {
        Value g = n.binary(BinaryFn::add, xt, n.create<MatMulOp>(h, rt));
        if (rb)
          g = n.binary(BinaryFn::add, g, rb);
        if (cell == Cell::Rnn) {
          h = act(0, g);
        } else {
          Value i = part(g, 1, 0), o = part(g, 1, 1), f = part(g, 1, 2), cc = part(g, 1, 3);
          if (pi) {
            i = n.binary(BinaryFn::add, i, n.binary(BinaryFn::mul, pi, c));
            f = n.binary(BinaryFn::add, f, n.binary(BinaryFn::mul, pf, c));
          }
          i = act(0, i);
          // input_forget couples the gates: f = 1 - i.
          f = inputForget ? n.subtractFrom(1.0, i) : act(0, f);
          c = n.binary(BinaryFn::add, n.binary(BinaryFn::mul, f, c),
                       n.binary(BinaryFn::mul, i, act(1, cc)));
          if (po)
            o = n.binary(BinaryFn::add, o, n.binary(BinaryFn::mul, po, c));
          h = n.binary(BinaryFn::mul, act(0, o), act(2, c));
        }
      }
      if (!h || !c)
        return failure();
      ys[t * directions + d] = n.reshape(h, {1, 1, batch, hidden});
    }
    lastH[d] = n.reshape(h, {1, batch, hidden});
    lastC[d] = n.reshape(c, {1, batch, hidden});
  }
  // Y [S, D, B, H] (layout 1: [B, S, D, H]); Y_h and Y_c [D, B, H] (layout 1: [B, D, H]).
  Value y;
  if (ys.empty()) // no steps: Y is empty, Y_h and Y_c the initial state
    y = n.constant(denseOf(RankedTensorType::get({0, directions, batch, hidden}, et), {}));
  else if (ys.size() == 1)
    y = ys[0];
  else
    y = n.reshape(n.create<ConcatOp>(ValueRange(ys), uint64_t(0)),
                  {steps, directions, batch, hidden});
  Value yh = directions == 1 ? lastH[0] : n.create<ConcatOp>(ValueRange(lastH), uint64_t(0));
  Value yc = directions == 1 ? lastC[0] : n.create<ConcatOp>(ValueRange(lastC), uint64_t(0));
  if (batchFirst) {
    y = n.transpose(y, {2, 0, 1, 3});
    yh = n.transpose(yh, {1, 0, 2});
    yc = n.transpose(yc, {1, 0, 2});
  }
  n.setOutput(1, yh);
  if (cell == Cell::Lstm)
    n.setOutput(2, yc);
  return n.setResult(y);
}

} // namespace picoc::onnximport
