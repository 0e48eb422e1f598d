//===- Attention.cpp - ONNX Attention (opset 23 and later) ----------------------------===//
//
// Attention is built from picoc's primitives, in the order of the spec's function body and of
// onnx's reference, so that the results agree to rounding:
//
//   Q, K, V:  3-D [B, S, H*D] inputs are split into heads ([B, H, S, D]); past_key/past_value
//             are concatenated in front of K and V (present_key/present_value);
//   heads:    K and V heads repeated for grouped-query attention (kv head h serves q heads
//             h*r .. h*r + r - 1);
//   scores:   (Q * sqrt(scale)) @ (K * sqrt(scale))^T, scale 1/sqrt(D) by default; softcap
//             c * tanh(x / c);
//   bias:     attn_mask (bool: 0 or -inf; float: added; a short last dim padded with -inf),
//             is_causal (bottom-right: query i sees key j <= i + past length, or + nonpad
//             length - S per batch), the sliding window (opset 25), nonpad_kv_seqlen's padding;
//   softmax:  over the keys; a row whose bias is all -inf has no key and gives 0, not NaN;
//   Y:        probs @ V, back to [B, S, H*Dv] for 3-D inputs.
// qk_matmul_output is the scores (mode 0), after softcap (1), with the bias (2), or the
// probabilities (3). Graph fusion turns the softmax into one row kernel; the score matrix is
// still materialized (a fused attention kernel is issue 10's).
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace picoc::onnximport {

namespace {

// [B, S, H*D] -> [B, H, S, D].
Value splitHeads(NodeImporter &n, Value x, int64_t heads) {
  ArrayRef<int64_t> s = shapeOf(x);
  return n.transpose(n.reshape(x, {s[0], s[1], heads, s[2] / heads}), {0, 2, 1, 3});
}

// [B, Hkv, T, D] -> [B, Hkv * r, T, D], each head repeated r times in place.
Value repeatHeads(NodeImporter &n, Value x, int64_t r) {
  if (r == 1)
    return x;
  ArrayRef<int64_t> s = shapeOf(x);
  SmallVector<int64_t> wide = {s[0], s[1], r, s[2], s[3]};
  return n.reshape(n.broadcastTo(n.reshape(x, {s[0], s[1], 1, s[2], s[3]}), wide),
                   {s[0], s[1] * r, s[2], s[3]});
}

// The additive bias of `allowed` (i1): 0 where true, -inf where false.
Value biasOf(NodeImporter &n, Value allowed, Type type) {
  double inf = std::numeric_limits<double>::infinity();
  return n.select(allowed, n.scalar(0.0, type), n.scalar(-inf, type));
}

} // namespace

LogicalResult importAttention(NodeImporter &n) {
  Value q = n.requiredInput(0), k = n.requiredInput(1), v = n.requiredInput(2);
  if (!q || !k || !v)
    return failure();
  int64_t rank = rankOf(q);
  if ((rank != 3 && rank != 4) || rankOf(k) != rank || rankOf(v) != rank)
    return n.fail("Q, K and V must all be 3-D or all 4-D");
  Type type = elementTypeOf(q);
  if (!isa<FloatType>(type) || elementTypeOf(k) != type || elementTypeOf(v) != type)
    return n.fail("Q, K and V must have one float type");
  int64_t qHeads = n.attrInt("q_num_heads", 0), kvHeads = n.attrInt("kv_num_heads", 0);
  if (rank == 3) {
    if (qHeads < 1 || kvHeads < 1 || shapeOf(q)[2] % qHeads || shapeOf(k)[2] % kvHeads ||
        shapeOf(v)[2] % kvHeads)
      return n.fail("3-D Q, K, V need q_num_heads and kv_num_heads that divide their hidden "
                    "sizes");
    q = splitHeads(n, q, qHeads);
    k = splitHeads(n, k, kvHeads);
    v = splitHeads(n, v, kvHeads);
  } else if (n.hasAttr("q_num_heads") || n.hasAttr("kv_num_heads")) {
    return n.fail("q_num_heads and kv_num_heads are for 3-D inputs only");
  }
  if (!q || !k || !v)
    return failure();
  ArrayRef<int64_t> qs = shapeOf(q), ks = shapeOf(k), vs = shapeOf(v);
  int64_t batch = qs[0], heads = qs[1], seq = qs[2], headSize = qs[3];
  if (ks[0] != batch || vs[0] != batch || ks[1] != vs[1] || ks[2] != vs[2] ||
      ks[3] != headSize || heads % ks[1] != 0)
    return n.fail("Q " + shapeString(qs) + ", K " + shapeString(ks) + " and V " +
                  shapeString(vs) + " do not fit (batch, heads dividing Q's, lengths, head size)");

  // The cache: past in front of the new keys and values.
  Value pastK = n.input(4), pastV = n.input(5), nonpad = n.input(6);
  if (bool(pastK) != bool(pastV))
    return n.fail("past_key and past_value go together");
  if (pastK && nonpad)
    return n.fail("nonpad_kv_seqlen cannot be combined with past_key and past_value");
  int64_t pastLength = 0;
  if (pastK) {
    pastLength = shapeOf(pastK)[2];
    k = n.create<ConcatOp>(ValueRange{pastK, k}, uint64_t(2));
    v = n.create<ConcatOp>(ValueRange{pastV, v}, uint64_t(2));
    if (!k || !v)
      return failure();
  }
  n.setOutput(1, k);
  n.setOutput(2, v);
  const int64_t total = shapeOf(k)[2];
  k = repeatHeads(n, k, heads / shapeOf(k)[1]);
  v = repeatHeads(n, v, heads / shapeOf(v)[1]);

  // Scores, scaled on both factors (the spec's guard against overflow), then softcapped.
  double scale = n.hasAttr("scale") ? n.attrFloat("scale", 1.0)
                                    : 1.0 / std::sqrt(static_cast<double>(headSize));
  double root = std::sqrt(scale);
  Value scores = n.create<MatMulOp>(n.binary(BinaryFn::mul, q, root),
                                    n.transpose(n.binary(BinaryFn::mul, k, root), {0, 1, 3, 2}));
  if (!scores)
    return failure();
  Value raw = scores;
  double softcap = n.attrFloat("softcap", 0.0);
  if (softcap > 0)
    scores = n.binary(BinaryFn::mul,
                      n.unary(UnaryFn::tanh, n.binary(BinaryFn::mul, scores, 1.0 / softcap)),
                      softcap);
  Value capped = scores;

  // The bias, [.., S, T] broadcast against the scores.
  Value bias;
  if (Value mask = n.input(3)) {
    int64_t pad = total - shapeOf(mask).back();
    if (pad < 0)
      return n.fail("attn_mask's last dim " + Twine(shapeOf(mask).back()) +
                    " is longer than the keys (" + Twine(total) + ")");
    if (elementTypeOf(mask).isInteger(1))
      mask = biasOf(n, mask, type);
    else if (elementTypeOf(mask) != type)
      return n.fail("attn_mask must be bool or Q's type");
    if (pad > 0) {
      SmallVector<int64_t> pads(2 * rankOf(mask), 0);
      pads.back() = pad;
      mask = n.create<PadOp>(mask, ArrayRef<int64_t>(pads),
                             APFloat(-std::numeric_limits<double>::infinity()));
    }
    bias = mask;
  }
  // Positions: query i (in the block), key j; offset = keys before the block.
  Value i = n.iota(seq, 0, 2), j = n.iota(total, 1, 2); // [S, 1], [1, T]
  Value offset = n.i64Constant({pastLength}, {});
  if (nonpad) { // per batch: [B, 1, 1, 1]
    nonpad = n.reshape(n.cast(nonpad, IntegerType::get(n.context(), 64)), {batch, 1, 1, 1});
    offset = n.binary(BinaryFn::sub, nonpad, static_cast<double>(seq));
  }
  Value position = n.binary(BinaryFn::add, i, offset); // the query's absolute position
  auto addBias = [&](Value allowed) {
    Value b = biasOf(n, allowed, type);
    bias = bias ? n.binary(BinaryFn::add, bias, b) : b;
  };
  if (n.attrInt("is_causal", 0))
    addBias(n.binary(BinaryFn::le, j, position));
  int64_t left = n.attrInt("left_window_size", -1), right = n.attrInt("right_window_size", -1);
  if (left >= 0) // j >= position - left
    addBias(n.binary(BinaryFn::ge, n.binary(BinaryFn::add, j, static_cast<double>(left)),
                     position));
  if (right >= 0) // j <= position + right
    addBias(n.binary(BinaryFn::le, j, n.binary(BinaryFn::add, position,
                                              static_cast<double>(right))));
  if (nonpad)
    addBias(n.binary(BinaryFn::lt, j, nonpad));
  Value biased = bias ? n.binary(BinaryFn::add, scores, bias) : scores;

  // Softmax over the keys; rows with no attendable key give 0.
  Value probs = n.create<SoftmaxOp>(biased, uint64_t(3), /*log=*/false);
  if (bias) {
    double inf = std::numeric_limits<double>::infinity();
    SmallVector<int64_t> last = {rankOf(bias) - 1};
    Value none = n.binary(BinaryFn::eq, n.reduce(ReduceFn::max, bias, last), -inf);
    probs = n.select(none, n.scalar(0.0, type), probs);
  }
  Value y = n.create<MatMulOp>(probs, v);
  if (y && rank == 3) {
    ArrayRef<int64_t> s = shapeOf(y);
    y = n.reshape(n.transpose(y, {0, 2, 1, 3}), {s[0], s[2], s[1] * s[3]});
  }
  switch (n.attrInt("qk_matmul_output_mode", 0)) {
  case 0: n.setOutput(3, raw); break;
  case 1: n.setOutput(3, capped); break;
  case 2: n.setOutput(3, bias ? n.broadcastTo(biased, shapeOf(raw)) : capped); break;
  case 3: n.setOutput(3, probs); break;
  default: return n.fail("qk_matmul_output_mode must be 0..3");
  }
  return n.setResult(y);
}

// RotaryEmbedding (opset 23): the first rotary_embedding_dim (default: all) of each head's
// dims rotated pairwise by the angles whose cosines and sines the caches hold (rows picked by
// position_ids when given), pairs as halves or interleaved; the rest passed through.
LogicalResult importRotaryEmbedding(NodeImporter &n) {
  Value x = n.requiredInput(0), cosCache = n.requiredInput(1), sinCache = n.requiredInput(2);
  if (!x || !cosCache || !sinCache)
    return failure();
  int64_t rank = rankOf(x), heads = n.attrInt("num_heads", 0);
  if (rank != 3 && rank != 4)
    return n.fail("the input must be 3-D [B, S, H*D] or 4-D [B, H, S, D]");
  ArrayRef<int64_t> in = shapeOf(x);
  Value t; // [B, S, H, D]
  if (rank == 4) {
    t = n.transpose(x, {0, 2, 1, 3});
  } else {
    if (heads < 1 || in[2] % heads)
      return n.fail("a 3-D input needs num_heads dividing its hidden size " + Twine(in[2]));
    t = n.reshape(x, {in[0], in[1], heads, in[2] / heads});
  }
  if (!t)
    return failure();
  SmallVector<int64_t> s(shapeOf(t));
  int64_t d = s[3], r = n.attrInt("rotary_embedding_dim", 0);
  r = r == 0 ? d : r;
  if (r < 2 || r > d || r % 2)
    return n.fail("rotary_embedding_dim " + Twine(r) + " must be even and at most the head "
                  "size " + Twine(d));
  int64_t half = r / 2;
  if (Value positions = n.input(3)) {
    cosCache = n.create<GatherOp>(cosCache, positions, uint64_t(0));
    sinCache = n.create<GatherOp>(sinCache, positions, uint64_t(0));
  }
  if (!cosCache || !sinCache)
    return failure();
  SmallVector<int64_t> cacheShape = {s[0], s[1], 1, half};
  if (shapeOf(cosCache) != ArrayRef<int64_t>({s[0], s[1], half}) ||
      shapeOf(sinCache) != shapeOf(cosCache))
    return n.fail("the caches (after position_ids) are " + shapeString(shapeOf(cosCache)) +
                  " and " + shapeString(shapeOf(sinCache)) + ", not " +
                  shapeString({s[0], s[1], half}));
  Value cos = n.reshape(cosCache, cacheShape), sin = n.reshape(sinCache, cacheShape);
  SmallVector<int64_t> halfShape = {s[0], s[1], s[2], half};
  bool interleaved = n.attrInt("interleaved", 0) != 0;
  Value x1 = interleaved ? n.slice(t, {0, 0, 0, 0}, {1, 1, 1, 2}, halfShape)
                         : n.sliceAxis(t, 3, 0, half);
  Value x2 = interleaved ? n.slice(t, {0, 0, 0, 1}, {1, 1, 1, 2}, halfShape)
                         : n.sliceAxis(t, 3, half, half);
  Value real = n.binary(BinaryFn::sub, n.binary(BinaryFn::mul, cos, x1),
                        n.binary(BinaryFn::mul, sin, x2));
  Value imag = n.binary(BinaryFn::add, n.binary(BinaryFn::mul, sin, x1),
                        n.binary(BinaryFn::mul, cos, x2));
  if (!real || !imag)
    return failure();
  Value rotated;
  if (interleaved) { // [.., half, 2] -> [.., r]: real and imaginary parts alternate
    SmallVector<int64_t> pair = {s[0], s[1], s[2], half, 1};
    rotated = n.reshape(n.create<ConcatOp>(ValueRange{n.reshape(real, pair), n.reshape(imag, pair)},
                                           uint64_t(4)),
                        {s[0], s[1], s[2], r});
  } else {
    rotated = n.create<ConcatOp>(ValueRange{real, imag}, uint64_t(3));
  }
  if (rotated && r < d)
    rotated = n.create<ConcatOp>(ValueRange{rotated, n.sliceAxis(t, 3, r, d - r)}, uint64_t(3));
  if (!rotated)
    return failure();
  return n.setResult(rank == 4 ? n.transpose(rotated, {0, 2, 1, 3}) : n.reshape(rotated, in));
}

void checkLinearAttention(const OnnxNode &n) {
  std::string rule = n.attrString("update_rule", "gated_delta");
  if (rule != "linear" && rule != "gated" && rule != "delta" && rule != "gated_delta")
    n.problem("update_rule must be linear, gated, delta or gated_delta, not '" + rule + "'");
  if (n.attrInt("q_num_heads", 0) < 1 || n.attrInt("kv_num_heads", 0) < 1 ||
      n.attrInt("q_num_heads", 0) % n.attrInt("kv_num_heads", 1) != 0)
    n.problem("q_num_heads and kv_num_heads are required, q_num_heads a multiple of kv_num_heads");
}

// LinearAttention (27): the recurrence run token by token, unrolled over T. Per token, with
// k, v of the kv heads and S [B, Hkv, dk, dv]:
//   linear: S += k v^T;  gated: S = exp(g) S + k v^T;  delta: S += beta k (v - S^T k)^T;
//   gated_delta: S' = exp(g) S, S = S' + beta k (v - S'^T k)^T;
// then o = scale * q^T S per query head (S shared by the Hq / Hkv heads of its group).
// f16 and bf16 are computed in f32 (as onnx's reference does), the results rounded back.
LogicalResult importLinearAttention(NodeImporter &n) {
  Value query = n.requiredInput(0), key = n.requiredInput(1), value = n.requiredInput(2);
  if (!query || !key || !value)
    return failure();
  Type io = elementTypeOf(query), f32 = Float32Type::get(n.context());
  bool half = io.isF16() || io.isBF16();
  auto wide = [&](Value v) { return half && v ? n.cast(v, f32) : v; };
  query = wide(query), key = wide(key), value = wide(value);
  std::string rule = n.attrString("update_rule", "gated_delta");
  bool gated = rule == "gated" || rule == "gated_delta";
  bool delta = rule == "delta" || rule == "gated_delta";
  int64_t hq = n.attrInt("q_num_heads", 0), hkv = n.attrInt("kv_num_heads", 0);
  if (rankOf(query) != 3 || rankOf(key) != 3 || rankOf(value) != 3)
    return n.fail("query, key and value must be 3-D [B, T, heads * dim]");
  int64_t b = shapeOf(query)[0], t = shapeOf(query)[1];
  if (shapeOf(query)[2] % hq || shapeOf(key)[2] % hkv || shapeOf(value)[2] % hkv)
    return n.fail("the packed dims are not multiples of the head counts");
  int64_t dk = shapeOf(query)[2] / hq, dv = shapeOf(value)[2] / hkv, group = hq / hkv;
  constexpr int64_t kMaxTokens = 4096; // the recurrence is unrolled, token by token
  if (t > kMaxTokens)
    return n.fail("a sequence of " + Twine(t) + " tokens, more than the " + Twine(kMaxTokens) +
                  " picoc unrolls");
  if (shapeOf(key)[2] / hkv != dk || shapeOf(key)[0] != b || shapeOf(value)[0] != b ||
      shapeOf(key)[1] != t || shapeOf(value)[1] != t)
    return n.fail("query, key and value disagree in batch, length or key dim");
  Type et = elementTypeOf(query);
  double scale = n.attrFloat("scale", 0.0);
  if (elementTypeOf(key) != et || elementTypeOf(value) != et)
    return n.fail("query, key and value must have one type");
  if (scale == 0.0)
    scale = 1.0 / std::sqrt(static_cast<double>(dk));

  Value state = wide(n.input(3));
  SmallVector<int64_t> stateShape = {b, hkv, dk, dv};
  if (state && shapeOf(state) != ArrayRef<int64_t>(stateShape))
    return n.fail("past_state must be " + shapeString(stateShape));
  if (!state)
    state = n.broadcastTo(n.scalar(0.0, et), stateShape);
  // decay: per key dim [B, T, Hkv * dk] or per head [B, T, Hkv]; beta: [B, T, Hkv] or [B, T, 1].
  Value decay = wide(n.input(4)), beta = wide(n.input(5));
  if (gated && !decay)
    return n.fail("update_rule '" + rule + "' needs the decay input");
  if (delta && !beta)
    return n.fail("update_rule '" + rule + "' needs the beta input");
  int64_t decayPer = 0, betaHeads = 0;
  if (gated) {
    decayPer = rankOf(decay) == 3 ? shapeOf(decay)[2] / hkv : 0;
    if (rankOf(decay) != 3 || (shapeOf(decay)[2] != hkv && shapeOf(decay)[2] != hkv * dk))
      return n.fail("decay must be [B, T, kv_num_heads] or [B, T, kv_num_heads * d_k]");
  }
  if (delta) {
    betaHeads = rankOf(beta) == 3 ? shapeOf(beta)[2] : 0;
    if (betaHeads != hkv && betaHeads != 1)
      return n.fail("beta must be [B, T, kv_num_heads] or [B, T, 1]");
  }
  // Token i of a packed [B, T, H * D] input as [B, H, D].
  auto token = [&](Value x, int64_t i, int64_t heads) {
    int64_t d = shapeOf(x)[2] / heads;
    return n.reshape(n.sliceAxis(x, 1, i, 1), {b, heads, d});
  };
  SmallVector<Value> outputs;
  for (int64_t i = 0; i < t; ++i) {
    Value k = n.reshape(token(key, i, hkv), {b, hkv, dk, 1});
    Value v = n.reshape(token(value, i, hkv), {b, hkv, 1, dv});
    if (gated) { // exp(g) per key row, or per head
      Value g = token(decay, i, hkv);
      g = n.reshape(g, {b, hkv, decayPer, 1});
      state = n.binary(BinaryFn::mul, state, n.unary(UnaryFn::exp, g));
    }
    Value update = v;
    if (delta) { // beta (v - S^T k): S^T k sums S's rows weighted by k
      Value recalled = n.reduce(ReduceFn::sum, n.binary(BinaryFn::mul, state, k), {2});
      Value rate = n.reshape(token(beta, i, betaHeads), {b, betaHeads, 1, 1});
      update = n.binary(BinaryFn::mul, rate, n.binary(BinaryFn::sub, v, recalled));
    }
    state = n.binary(BinaryFn::add, state, n.binary(BinaryFn::mul, k, update));
    // o = scale * q^T S, each kv head's state read by its group of query heads.
    Value shared = n.reshape(n.broadcastTo(n.reshape(state, {b, hkv, 1, dk, dv}),
                                           {b, hkv, group, dk, dv}),
                             {b, hq, dk, dv});
    Value q = n.reshape(token(query, i, hq), {b, hq, 1, dk});
    Value o = n.create<MatMulOp>(n.binary(BinaryFn::mul, q, scale), shared);
    outputs.push_back(n.reshape(o, {b, 1, hq * dv}));
    if (!state || !o)
      return failure();
  }
  Value y = outputs.size() == 1 ? outputs[0]
                                : n.create<ConcatOp>(ValueRange(outputs), uint64_t(1));
  auto narrow = [&](Value v) { return half ? n.cast(v, io) : v; };
  n.setOutput(1, narrow(state));
  return n.setResult(narrow(y));
}

} // namespace picoc::onnximport
