#!/usr/bin/env python3
"""Generate small single-op ONNX test cases with reference outputs.

The ONNX backend test data shipped by Debian (ONNX 1.12) has only a handful of
cases for some ops.  This script builds more of them with onnx.helper, for
Einsum, ConvTranspose, MaxPool, AveragePool, ScatterElements, ScatterND,
GatherND, TopK, ArgMax/ArgMin, Pad, Resize and a legacy-opset Add, and writes
each one in the ONNX backend-test layout:

    test/ops/<case>/model.onnx
    test/ops/<case>/test_data_set_0/input_<i>.pb    (onnx.TensorProto, graph-input order)
    test/ops/<case>/test_data_set_0/output_<i>.pb   (onnx.TensorProto)
    test/ops/<case>/test_data_set_1/                 (cases with run-time indices out of
                                                     range: inputs and expected_error.txt,
                                                     the error the run must return)

Models: opset 17 unless a case needs another, ir_version 8, static shapes.
Attribute-like inputs (ConvTranspose weights, Pad pads, Resize roi/scales/
sizes, TopK's K) are initializers; data and index tensors are graph inputs.
Inputs are seeded: floats standard normal, integers random non-zero (index
tensors random in range, negative ones where the op allows them).

Reference outputs are computed by onnxruntime (CPUExecutionProvider, one
thread).  Each case is cross-checked against an independent float64 numpy
implementation written here (integers: exactly; floats: within a quarter of
picoc-run's default tolerance, |ort - np| <= 0.25 * (1e-7 + 1e-3 |np|), which
also rejects data whose float32 rounding alone would eat the tolerance; such a
seed is replaced by the next one) and, informatively, against
onnx.reference.ReferenceEvaluator.  Where onnxruntime refuses a model, the
numpy reference is written instead (printed as "ref numpy").

Usage:  python3 models/make_op_tests.py [--only REGEX] [--out DIR]
The output is deterministic: re-running it rewrites the same bytes.
"""

import argparse
import itertools
import math
import re
import shutil
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import ml_dtypes
import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper
from onnx.reference import ReferenceEvaluator

REPO = Path(__file__).resolve().parent.parent
TEST_OPS = REPO / "test" / "ops"
IR_VERSION = 8
DEFAULT_OPSET = 17
MAX_MODEL_BYTES = 50 * 1024
# picoc-run's default tolerance; the references must sit well inside it.
RTOL, ATOL = 1e-3, 1e-7
MARGIN = 0.25
SEED_ATTEMPTS = 8

F32 = np.float32
F64 = np.float64


# --------------------------------------------------------------------------
# Case description
# --------------------------------------------------------------------------

@dataclass
class OpCase:
    nodes: list                      # onnx NodeProtos
    inputs: list                     # [(name, array)] graph inputs, in order
    outputs: list                    # [(name, numpy dtype)]
    ref: object                      # fn(dict name->array) -> [arrays] (float64 for floats)
    inits: list = field(default_factory=list)   # [(name, array)] initializers
    note: str = ""
    # onnx's shape inference rejects a few valid models (Einsum ellipses of
    # different ranks); those get the structural check only.
    shape_inference: bool = True
    # A second data set that the compiled model must refuse at run time (and onnxruntime
    # refuses too): [(name, array)] inputs, and the error picoc-run expects.
    bad_inputs: list = None
    bad_error: str = ""
    # onnxruntime's graph optimizations may change the arithmetic (an int4 DequantizeLinear
    # feeding a MatMul becomes MatMulNBits, whose products are off by 1e-3): off when False.
    ort_optimize: bool = True


CASES = {}  # name -> (fn(rng) -> OpCase, opset)


def case(name, opset=DEFAULT_OPSET):
    def register(fn):
        assert name not in CASES, name
        CASES[name] = (fn, opset)
        return fn
    return register


def normal(rng, shape):
    x = rng.standard_normal(shape).astype(F32)
    x[x == 0] = 0.5
    return x


def nonzero_ints(rng, shape, lo, hi, dtype):
    """Uniform integers in [lo, hi) without 0."""
    x = rng.integers(lo, hi, size=shape)
    while (x == 0).any():
        x[x == 0] = rng.integers(lo, hi, size=int((x == 0).sum()))
    return x.astype(dtype)


def f64(a):
    return a.astype(F64) if np.issubdtype(a.dtype, np.floating) else a


def node(op, ins, outs, **attrs):
    return helper.make_node(op, ins, outs, **attrs)


def i64(values):
    return np.asarray(values, dtype=np.int64)


# --------------------------------------------------------------------------
# numpy reference implementations (float64)
# --------------------------------------------------------------------------

def np_conv_transpose(x, w, b=None, strides=None, pads=None, dilations=None, group=1,
                      output_padding=None, output_shape=None, auto_pad="NOTSET"):
    x, w = f64(x), f64(w)
    n, cin = x.shape[:2]
    sp_in = x.shape[2:]
    nsp = len(sp_in)
    k = w.shape[2:]
    cout_g = w.shape[1]
    cin_g = cin // group
    strides = strides or [1] * nsp
    dilations = dilations or [1] * nsp
    output_padding = output_padding or [0] * nsp
    pads = list(pads or [0] * (2 * nsp))
    eff = [(k[i] - 1) * dilations[i] + 1 for i in range(nsp)]
    full = [strides[i] * (sp_in[i] - 1) + output_padding[i] + eff[i] for i in range(nsp)]
    if output_shape is not None or auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        target = output_shape or [sp_in[i] * strides[i] for i in range(nsp)]
        for i in range(nsp):
            total = full[i] - target[i]
            if auto_pad == "SAME_UPPER":   # extra padding at the end
                pads[i], pads[nsp + i] = total // 2, total - total // 2
            else:                          # SAME_LOWER, or NOTSET with output_shape
                pads[i], pads[nsp + i] = total - total // 2, total // 2
    y = np.zeros([n, cout_g * group] + full)
    for g in range(group):
        xg = x[:, g * cin_g:(g + 1) * cin_g]
        wg = w[g * cin_g:(g + 1) * cin_g]
        for kk in itertools.product(*[range(v) for v in k]):
            contrib = np.einsum("nc...,co->no...", xg, wg[(slice(None), slice(None)) + kk])
            sl = tuple(slice(kk[i] * dilations[i], kk[i] * dilations[i] + strides[i] * (sp_in[i] - 1) + 1,
                             strides[i]) for i in range(nsp))
            y[(slice(None), slice(g * cout_g, (g + 1) * cout_g)) + sl] += contrib
    if b is not None:
        y += f64(b).reshape([1, -1] + [1] * nsp)
    crop = tuple(slice(pads[i], full[i] - pads[nsp + i]) for i in range(nsp))
    return y[(slice(None), slice(None)) + crop]


def pool_geometry(sp_in, kernel, strides, pads, dilations, ceil_mode, auto_pad):
    nsp = len(sp_in)
    strides = strides or [1] * nsp
    dilations = dilations or [1] * nsp
    pads = list(pads or [0] * (2 * nsp))
    eff = [(kernel[i] - 1) * dilations[i] + 1 for i in range(nsp)]
    out = []
    for i in range(nsp):
        if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            o = -(-sp_in[i] // strides[i])
            total = max(0, (o - 1) * strides[i] + eff[i] - sp_in[i])
            if auto_pad == "SAME_UPPER":
                pads[i], pads[nsp + i] = total // 2, total - total // 2
            else:
                pads[i], pads[nsp + i] = total - total // 2, total // 2
        elif auto_pad == "VALID":
            o = -(-(sp_in[i] - eff[i] + 1) // strides[i])
            pads[i] = pads[nsp + i] = 0
        else:
            span = sp_in[i] + pads[i] + pads[nsp + i] - eff[i]
            o = (-(-span // strides[i]) if ceil_mode else span // strides[i]) + 1
            # a window may not start in the end padding (ONNX opset 19 text, PyTorch)
            if ceil_mode and (o - 1) * strides[i] >= sp_in[i] + pads[i]:
                o -= 1
        out.append(o)
    return out, strides, pads, dilations


def np_pool(x, mode, kernel, strides=None, pads=None, dilations=None, ceil_mode=0,
            count_include_pad=0, auto_pad="NOTSET", storage_order=0):
    """MaxPool (values, ORT-style flat indices) or AveragePool, naive."""
    n, c = x.shape[:2]
    sp_in = list(x.shape[2:])
    nsp = len(sp_in)
    out, strides, pads, dilations = pool_geometry(sp_in, kernel, strides, pads, dilations,
                                                  ceil_mode, auto_pad)
    xv = f64(x).reshape(n * c, -1)
    plane = int(np.prod(sp_in))
    y = np.zeros((n * c,) + tuple(out))
    idx = np.zeros((n * c,) + tuple(out), dtype=np.int64)
    for o in itertools.product(*[range(v) for v in out]):
        best = np.full(n * c, -np.inf)
        best_i = np.full(n * c, -1, dtype=np.int64)
        total = np.zeros(n * c)
        count = 0
        count_padded = 0
        for kk in itertools.product(*[range(v) for v in kernel]):
            pos = [o[i] * strides[i] - pads[i] + kk[i] * dilations[i] for i in range(nsp)]
            if all(-pads[i] <= pos[i] < sp_in[i] + pads[nsp + i] for i in range(nsp)):
                count_padded += 1
            if not all(0 <= pos[i] < sp_in[i] for i in range(nsp)):
                continue
            count += 1
            flat = int(np.ravel_multi_index(pos, sp_in))
            v = xv[:, flat]
            total += v
            better = v > best   # first maximum in row-major window order wins
            best = np.where(better, v, best)
            if storage_order == 0:
                sidx = flat
            else:  # column-major within the plane
                sidx = int(np.ravel_multi_index(pos, sp_in, order="F"))
            best_i = np.where(better, sidx, best_i)
        if mode == "max":
            y[(slice(None),) + o] = best
            idx[(slice(None),) + o] = best_i + np.arange(n * c) * plane
        else:
            y[(slice(None),) + o] = total / (count_padded if count_include_pad else count)
    y = y.reshape([n, c] + out)
    if mode == "max":
        if np.issubdtype(x.dtype, np.integer):
            y = y.astype(x.dtype)
        return [y, idx.reshape([n, c] + out)]
    return [y]


def np_scatter_elements(data, indices, updates, axis=0, reduction="none"):
    out = f64(data).copy()
    updates = f64(updates)
    axis %= data.ndim
    for ix in np.ndindex(*indices.shape):
        t = list(ix)
        t[axis] = int(indices[ix]) % data.shape[axis]
        t = tuple(t)
        out[t] = reduce_one(out[t], updates[ix], reduction)
    return out


def reduce_one(old, new, reduction):
    return {"none": lambda: new, "add": lambda: old + new, "mul": lambda: old * new,
            "max": lambda: np.maximum(old, new), "min": lambda: np.minimum(old, new)}[reduction]()


def np_scatter_nd(data, indices, updates, reduction="none"):
    out = f64(data).copy()
    updates = f64(updates)
    for ix in np.ndindex(*indices.shape[:-1]):
        t = tuple(int(v) for v in indices[ix])
        out[t] = reduce_one(out[t], updates[ix], reduction)
    return out


def np_gather_nd(data, indices, batch_dims=0):
    b = batch_dims
    kdim = indices.shape[-1]
    res = []
    for bi in np.ndindex(*indices.shape[:b]):
        d, ind = data[bi], indices[bi]
        for j in np.ndindex(*ind.shape[:-1]):
            res.append(d[tuple(int(v) for v in ind[j])])
    return np.array(res).reshape(indices.shape[:-1] + data.shape[b + kdim:])


def np_topk(x, k, axis, largest):
    xm = np.moveaxis(f64(x) if x.dtype.kind == "f" else x.astype(np.int64), axis, -1)
    order = np.argsort(-xm if largest else xm, axis=-1, kind="stable")[..., :k]
    vals = np.take_along_axis(xm, order, axis=-1)
    vals = np.moveaxis(vals, -1, axis)
    if x.dtype.kind != "f":
        vals = vals.astype(x.dtype)
    return [vals, np.moveaxis(order, -1, axis).astype(np.int64)]


def np_arg(x, op, axis, keepdims, select_last_index):
    f = np.argmax if op == "max" else np.argmin
    if select_last_index:
        r = x.shape[axis] - 1 - f(np.flip(x, axis), axis=axis)
    else:
        r = f(x, axis=axis)
    r = r.astype(np.int64)
    return np.expand_dims(r, axis) if keepdims else r


def np_pad(x, pads, mode, value=0.0):
    """Negative pads crop first (unambiguous for the reflect/edge/constant cases here)."""
    r = x.ndim
    begin, end = pads[:r], pads[r:]
    x = f64(x)[tuple(slice(max(0, -begin[i]), x.shape[i] - max(0, -end[i])) for i in range(r))]
    width = [(max(0, begin[i]), max(0, end[i])) for i in range(r)]
    if mode == "constant":
        return np.pad(x, width, mode="constant", constant_values=float(value))
    return np.pad(x, width, mode={"reflect": "reflect", "edge": "edge", "wrap": "wrap"}[mode])


def cubic_weight(d, a):
    d = abs(d)
    if d <= 1:
        return (a + 2) * d ** 3 - (a + 3) * d ** 2 + 1
    if d < 2:
        return a * d ** 3 - 5 * a * d ** 2 + 8 * a * d - 4 * a
    return 0.0


def resize_matrix(n_in, n_out, scale, mode, ctm, a=-0.75, exclude_outside=0,
                  nearest_mode="round_prefer_floor", roi=(0.0, 1.0)):
    """(n_out, n_in) interpolation matrix for one axis and the mask of
    extrapolated outputs (tf_crop_and_resize)."""
    m = np.zeros((n_out, n_in))
    outside = np.zeros(n_out, dtype=bool)
    for xo in range(n_out):
        if ctm == "half_pixel":
            x = (xo + 0.5) / scale - 0.5
        elif ctm == "align_corners":
            x = 0.0 if n_out == 1 else xo * (n_in - 1) / (n_out - 1)
        elif ctm == "asymmetric":
            x = xo / scale
        elif ctm == "tf_crop_and_resize":
            s, e = roi
            x = (s * (n_in - 1) + xo * (e - s) * (n_in - 1) / (n_out - 1) if n_out > 1
                 else 0.5 * (s + e) * (n_in - 1))
            if x < 0 or x > n_in - 1:
                outside[xo] = True
                continue
        else:
            raise ValueError(ctm)
        if mode == "nearest":
            assert nearest_mode == "round_prefer_ceil"
            fl = math.floor(x)
            i = fl + 1 if x - fl >= 0.5 else fl
            m[xo, min(max(i, 0), n_in - 1)] = 1
        elif mode == "linear":
            x0 = math.floor(x)
            t = x - x0
            m[xo, min(max(x0, 0), n_in - 1)] += 1 - t
            m[xo, min(max(x0 + 1, 0), n_in - 1)] += t
        elif mode == "cubic":
            x0 = math.floor(x)
            t = x - x0
            taps = [(x0 - 1, cubic_weight(t + 1, a)), (x0, cubic_weight(t, a)),
                    (x0 + 1, cubic_weight(1 - t, a)), (x0 + 2, cubic_weight(2 - t, a))]
            if exclude_outside:
                taps = [(i, w) for i, w in taps if 0 <= i < n_in]
                s = sum(w for _, w in taps)
                taps = [(i, w / s) for i, w in taps]
            for i, w in taps:
                m[xo, min(max(i, 0), n_in - 1)] += w
    return m, outside


def np_resize(x, out_shape, scales, **kw):
    """Separable resize; scales None -> out/in.  kw: mode, ctm, a, exclude_outside,
    nearest_mode, roi (flat, starts then ends), extrapolation_value."""
    roi = kw.pop("roi", None)
    extrap = kw.pop("extrapolation_value", 0.0)
    y = f64(x)
    mask = np.zeros(out_shape, dtype=bool)
    r = x.ndim
    for ax in range(r):
        n_in, n_out = x.shape[ax], out_shape[ax]
        sc = scales[ax] if scales is not None else n_out / n_in
        if n_in == n_out and sc == 1 and kw["ctm"] != "tf_crop_and_resize":
            continue
        axroi = (roi[ax], roi[r + ax]) if roi is not None else (0.0, 1.0)
        m, outside = resize_matrix(n_in, n_out, sc, roi=axroi, **kw)
        y = np.moveaxis(np.tensordot(m, np.moveaxis(y, ax, 0), axes=1), 0, ax)
        shape = [1] * r
        shape[ax] = n_out
        mask |= outside.reshape(shape)
    y[mask] = extrap
    return y


# --------------------------------------------------------------------------
# Einsum
# --------------------------------------------------------------------------

def einsum_case(eq, shapes, shape_inference=True):
    def fn(rng):
        names = [f"x{i}" for i in range(len(shapes))]
        ins = [(nm, normal(rng, s)) for nm, s in zip(names, shapes)]
        return OpCase([node("Einsum", names, ["y"], equation=eq)], ins, [("y", F32)],
                      lambda f: [np.einsum(eq, *[f64(f[nm]) for nm in names])],
                      note=f'equation "{eq}"', shape_inference=shape_inference)
    return fn


for _name, _eq, _shapes, *_rest in [
    ("einsum_batch_matmul", "bij,bjk->bik", [[3, 5, 7], [3, 7, 6]]),
    ("einsum_attention_scores", "bhqd,bhkd->bhqk", [[2, 3, 5, 6], [2, 3, 7, 6]]),
    ("einsum_implicit_matmul", "ij,jk", [[5, 7], [7, 3]]),
    ("einsum_ellipsis_broadcast", "...ij,...jk->...ik", [[2, 1, 3, 4], [3, 4, 5]], False),
    ("einsum_diagonal", "ii->i", [[5, 5]]),
    ("einsum_trace_implicit", "ii", [[6, 6]]),
    ("einsum_sum_all", "ij->", [[3, 7]]),
    ("einsum_outer", "i,j->ij", [[5], [7]]),
    ("einsum_three_operands", "ij,jk,kl->il", [[3, 4], [4, 5], [5, 6]]),
    ("einsum_batch_transpose", "bij->bji", [[2, 3, 5]]),
    ("einsum_repeated_label", "iij,jk->ik", [[3, 3, 4], [4, 5]]),
]:
    case(_name)(einsum_case(_eq, _shapes, *_rest))


# --------------------------------------------------------------------------
# ConvTranspose (weights and bias are initializers)
# --------------------------------------------------------------------------

def conv_transpose_case(x_shape, w_shape, bias, **attrs):
    def fn(rng):
        x = normal(rng, x_shape)
        w = normal(rng, w_shape)
        b = normal(rng, [w_shape[1] * attrs.get("group", 1)]) if bias else None
        ins = ["x", "w"] + (["b"] if bias else [])
        inits = [("w", w)] + ([("b", b)] if bias else [])
        kw = dict(attrs)
        kw.pop("kernel_shape", None)
        return OpCase([node("ConvTranspose", ins, ["y"], **attrs)], [("x", x)], [("y", F32)],
                      lambda f: [np_conv_transpose(f["x"], w, b, **kw)], inits=inits)
    return fn


case("convtranspose_2d_group_dilation_stride_pads_outpad_bias")(conv_transpose_case(
    [2, 4, 5, 6], [4, 3, 3, 2], True, group=2, dilations=[2, 1], strides=[2, 3],
    pads=[1, 0, 2, 1], output_padding=[1, 0]))
case("convtranspose_1d_same_lower_stride2")(conv_transpose_case(
    [1, 3, 7], [3, 2, 5], False, auto_pad="SAME_LOWER", strides=[2]))
case("convtranspose_2d_output_shape")(conv_transpose_case(
    [1, 2, 4, 5], [2, 3, 3, 3], False, strides=[2, 2], output_shape=[9, 10]))
case("convtranspose_3d_bias")(conv_transpose_case(
    [1, 2, 3, 4, 5], [2, 3, 2, 3, 2], True, strides=[1, 2, 1], pads=[0, 1, 0, 0, 0, 1]))
case("convtranspose_2d_plain_nobias")(conv_transpose_case(
    [2, 3, 5, 7], [3, 5, 3, 2], False, kernel_shape=[3, 2]))


# --------------------------------------------------------------------------
# Contractions big enough for the GPU's shared-memory tiling (64 x 64 outputs per block, 16
# terms per stage): M, N and K off the tile sizes, A-side and B-side batch dims, a padded conv
# --------------------------------------------------------------------------

def np_conv2d(x, w, pads):
    n, c, h, wd = x.shape
    co, _, kh, kw = w.shape
    xp = np.pad(x, [(0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])])
    oh, ow = xp.shape[2] - kh + 1, xp.shape[3] - kw + 1
    y = np.zeros((n, co, oh, ow))
    for i in range(kh):
        for j in range(kw):
            y += np.einsum("nchw,oc->nohw", xp[:, :, i:i + oh, j:j + ow], w[:, :, i, j])
    return y


def positive(rng, shape):
    # Sums of K signed terms land near zero, where float32 rounding alone exceeds picoc-run's
    # atol (the seeds are rejected as ill-conditioned); positive terms keep every output away
    # from zero, so the relative tolerance checks each one.
    return rng.uniform(0.25, 1.0, size=shape).astype(F32)


def matmul_case(a_shape, b_shape, bias):
    def fn(rng):
        ins = [("a", positive(rng, a_shape)), ("b", positive(rng, b_shape))]
        nodes = [node("MatMul", ["a", "b"], ["y" if not bias else "p"])]
        if bias:
            ins.append(("c", normal(rng, [b_shape[-1]])))
            nodes.append(node("Add", ["p", "c"], ["y"]))
        return OpCase(nodes, ins, [("y", F32)],
                      lambda f: [np.matmul(f64(f["a"]), f64(f["b"]))
                                 + (f64(f["c"]) if bias else 0)])
    return fn


# Small ones (a few 64 x 64 tiles: the GPU splits each output's reduction instead) and big
# ones (over 128 tiles: the GPU tiles them).
case("matmul_tiled_edges_bias")(matmul_case([2, 100, 72], [72, 96], True))
case("matmul_tiled_broadcast_batches")(matmul_case([3, 1, 130, 24], [2, 24, 640], False))
# An odd K: no 16-byte copies, and the last stage runs past the reduction's end.
case("matmul_tiled_odd_k")(matmul_case([520, 37], [37, 1030], False))
# The CPU packs an activation B of many rows' matmul into column panels by a copy kernel
# (picoc-graph-pack-weights): 100 rows (a remainder of the 6-row register tile),
# B of 256 x 320 (64K elements or more), with a bias through the result's reshape.
case("matmul_activation_panels")(matmul_case([100, 256], [256, 320], True))


def gemm_trans_case(m, k, n):
    """Gemm with transA and transB: A is read along its rows' dim (the GPU's [k][row] slots)
    and B along the reduction ([row][k] slots), the other way round from a MatMul."""
    def fn(rng):
        ins = [("a", positive(rng, [k, m])), ("b", positive(rng, [n, k])),
               ("c", normal(rng, [n]))]
        return OpCase([node("Gemm", ["a", "b", "c"], ["y"], transA=1, transB=1)], ins,
                      [("y", F32)],
                      lambda f: [f64(f["a"]).T @ f64(f["b"]).T + f64(f["c"])])
    return fn


case("gemm_tiled_trans")(gemm_trans_case(520, 36, 1030))


def conv_case(x_shape, w_shape, pads):
    def fn(rng):
        ins = [("x", positive(rng, x_shape)), ("w", positive(rng, w_shape))]
        return OpCase([node("Conv", ["x", "w"], ["y"], pads=pads)], ins, [("y", F32)],
                      lambda f: [np_conv2d(f64(f["x"]), f64(f["w"]), pads)])
    return fn


case("conv_3x3_pad_tiled")(conv_case([1, 3, 44, 66], [130, 3, 3, 3], [1, 1, 1, 1]))
case("conv_3x3_wide_rows_tiled")(conv_case([1, 6, 8, 40], [66, 6, 3, 3], [1, 0, 1, 2]))


def conv_rows_case(x_shape, w_shape, pads, upsample=False):
    """A 3x3 conv over a weight, with a bias, that the CPU runs in Winograd's rows form
    (picoc-graph-lower-convs: 16 channels or more in and out, rows of 32 or more; F(4, 3) or
    F(2, 3) by the output's rows, whole tiles past its last row). With `upsample`, a Relu
    and a nearest 2x Resize follow: the rows form's adds stay in the conv's kernel, not in
    the resize's gather."""
    def fn(rng):
        w, bias = positive(rng, w_shape), positive(rng, [w_shape[0]])
        nodes = [node("Conv", ["x", "w", "b"], ["c" if upsample else "y"], pads=pads)]
        inits = [("w", w), ("b", bias)]
        if upsample:
            inits.append(("scales", np.asarray([1, 1, 2, 2], dtype=F32)))
            nodes += [node("Relu", ["c"], ["r"]),
                      node("Resize", ["r", "", "scales"], ["y"], mode="nearest")]

        def ref(f):
            y = np_conv2d(f64(f["x"]), f64(w), pads) + f64(bias)[None, :, None, None]
            if upsample:
                y = np.maximum(y, 0).repeat(2, axis=2).repeat(2, axis=3)
            return [y]
        return OpCase(nodes, [("x", positive(rng, x_shape))], [("y", F32)], ref, inits=inits)
    return fn


# 9 rows: F(4, 3), three rows of its last tile past the output; batch 2.
case("conv_rows_f43_partial_tile")(conv_rows_case([2, 16, 9, 33], [20, 16, 3, 3], [1, 1, 1, 1]))
# 5 rows (asymmetric pads): F(2, 3), one row of its last tile past the output.
case("conv_rows_f23_pads")(conv_rows_case([1, 24, 5, 40], [16, 24, 3, 3], [0, 1, 2, 1]))
case("conv_rows_upsample")(conv_rows_case([1, 16, 8, 32], [16, 16, 3, 3], [1, 1, 1, 1],
                                          upsample=True))


# An initializer named like picoc's transposed copy of another (issue 7, item 1): W.T10 must
# stay the model's, and Transpose(W) must read W.
@case("weight_named_like_transposed_copy")
def _(rng):
    w, wt = normal(rng, [6, 8]), normal(rng, [8, 6])
    nodes = [node("Transpose", ["W"], ["t"], perm=[1, 0]),
             node("MatMul", ["x", "t"], ["y1"]),
             node("MatMul", ["x", "W.T10"], ["y2"])]
    return OpCase(nodes, [("x", normal(rng, [4, 8]))], [("y1", F32), ("y2", F32)],
                  lambda f: [f64(f["x"]) @ f64(w).T, f64(f["x"]) @ f64(wt)],
                  inits=[("W", w), ("W.T10", wt)])


# Activation transposes, which the GPU stages through shared memory in 32 x 32 tiles: dims
# that leave partial tiles, an NCHW -> NHWC layout change, and int64 elements.
def transpose_case(shape, perm, dtype=F32):
    def fn(rng):
        x = normal(rng, shape) if dtype == F32 else nonzero_ints(rng, shape, -99, 99, dtype)
        nodes = [node("Transpose", ["x"], ["t"], perm=perm), node("Add", ["t", "t"], ["y"])]
        return OpCase(nodes, [("x", x)], [("y", dtype)],
                      lambda f: [2 * (f64(f["x"]) if dtype == F32 else f["x"]).transpose(perm)])
    return fn


case("transpose_tiled_edges")(transpose_case([3, 70, 45], [0, 2, 1]))
case("transpose_nchw_to_nhwc_int64")(transpose_case([2, 40, 5, 36], [0, 2, 3, 1], np.int64))


# --------------------------------------------------------------------------
# MaxPool / AveragePool
# --------------------------------------------------------------------------

def pool_case(op, x_shape, with_indices=False, dtype=F32, **attrs):
    mode = "max" if op == "MaxPool" else "avg"

    def fn(rng):
        if dtype == np.int8:
            x = nonzero_ints(rng, x_shape, -128, 128, np.int8)
        else:
            x = normal(rng, x_shape)
        outs = [("y", dtype)] + ([("indices", np.int64)] if with_indices else [])
        kw = dict(attrs)
        kw["kernel"] = kw.pop("kernel_shape")

        def ref(f):
            r = np_pool(f["x"], mode, **kw)
            return r[:len(outs)]
        return OpCase([node(op, ["x"], [o for o, _ in outs], **attrs)], [("x", x)], outs, ref)
    return fn


case("maxpool_2d_ceil_pads_dilations")(pool_case(
    "MaxPool", [1, 3, 9, 10], kernel_shape=[3, 2], strides=[2, 3], pads=[1, 0, 0, 1],
    dilations=[2, 2], ceil_mode=1))
case("maxpool_1d_stride2")(pool_case("MaxPool", [2, 3, 11], kernel_shape=[3], strides=[2]))
case("maxpool_2d_indices_row_major")(pool_case(
    "MaxPool", [2, 3, 6, 7], True, kernel_shape=[3, 2], strides=[2, 2], pads=[1, 0, 1, 1]))
case("maxpool_2d_indices_col_major")(pool_case(
    "MaxPool", [2, 2, 5, 7], True, kernel_shape=[2, 3], strides=[1, 2], storage_order=1))
case("maxpool_2d_int8")(pool_case(
    "MaxPool", [1, 3, 7, 8], dtype=np.int8, kernel_shape=[3, 3], strides=[2, 2],
    pads=[1, 1, 1, 1]))
case("maxpool_2d_same_upper")(pool_case(
    "MaxPool", [1, 2, 7, 9], kernel_shape=[3, 4], strides=[2, 2], auto_pad="SAME_UPPER"))

case("averagepool_2d_ceil_pads_count_include_pad")(pool_case(
    "AveragePool", [1, 3, 8, 9], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 0],
    ceil_mode=1, count_include_pad=1))
case("averagepool_2d_pads_exclude_pad")(pool_case(
    "AveragePool", [2, 3, 7, 6], kernel_shape=[3, 2], strides=[1, 2], pads=[1, 1, 2, 0],
    count_include_pad=0))
case("averagepool_3d")(pool_case(
    "AveragePool", [1, 2, 5, 6, 7], kernel_shape=[2, 3, 3], strides=[1, 2, 2],
    pads=[0, 1, 1, 1, 1, 0]))
case("averagepool_2d_same_lower")(pool_case(
    "AveragePool", [1, 3, 7, 10], kernel_shape=[3, 4], strides=[2, 3], auto_pad="SAME_LOWER"))


# --------------------------------------------------------------------------
# ScatterElements / ScatterND / GatherND (index tensors are graph inputs)
# --------------------------------------------------------------------------

def unique_along(rng, n_axis, idx_shape, axis):
    """Indices in [0, n_axis) whose values along `axis` are distinct for every
    position of the other axes."""
    moved = list(idx_shape)
    k = moved.pop(axis)
    rows = [rng.permutation(n_axis)[:k] for _ in range(int(np.prod(moved)))]
    return np.moveaxis(np.array(rows).reshape(moved + [k]), -1, axis)


def scatter_elements_case(data_shape, idx_shape, axis, reduction="none", unique=True,
                          negative=False, dtype=F32):
    def fn(rng):
        ax = axis % len(data_shape)
        n = data_shape[ax]
        if unique:
            ind = unique_along(rng, n, idx_shape, ax)
        else:   # anywhere in range, and about half of the second entries along
            ind = rng.integers(0, n, size=idx_shape)    # the axis repeat the first
            along = np.moveaxis(ind, ax, 0)             # (a view)
            along[1] = np.where(rng.random(along.shape[1:]) < 0.5, along[0], along[1])
        if negative:   # about half of them as the equivalent negative index
            ind = np.where(rng.random(idx_shape) < 0.5, ind - n, ind)
        ind = ind.astype(np.int64)
        if dtype == F32:
            data, upd = normal(rng, data_shape), normal(rng, idx_shape)
        else:
            data = nonzero_ints(rng, data_shape, -50, 50, dtype)
            upd = nonzero_ints(rng, idx_shape, -50, 50, dtype)
        attrs = {"axis": axis}
        if reduction != "none":
            attrs["reduction"] = reduction

        def ref(f):
            r = np_scatter_elements(f["data"], f["indices"], f["updates"], axis, reduction)
            return [r if dtype == F32 else r.astype(dtype)]
        return OpCase([node("ScatterElements", ["data", "indices", "updates"], ["y"], **attrs)],
                      [("data", data), ("indices", ind), ("updates", upd)], [("y", dtype)], ref)
    return fn


case("scatterelements_axis1")(scatter_elements_case([4, 6], [4, 3], 1))
case("scatterelements_axis0_negative_indices")(scatter_elements_case(
    [5, 3, 4], [2, 3, 4], 0, negative=True))
case("scatterelements_add_duplicates")(scatter_elements_case(
    [6, 5], [4, 5], 0, "add", unique=False))
case("scatterelements_mul_duplicates")(scatter_elements_case(
    [3, 7], [3, 5], 1, "mul", unique=False))
case("scatterelements_max_negative_axis", opset=18)(scatter_elements_case(
    [4, 5, 3], [4, 5, 6], -1, "max", unique=False, negative=True))
case("scatterelements_min", opset=18)(scatter_elements_case(
    [5, 4, 3], [3, 4, 3], 0, "min", unique=False))
case("scatterelements_int64_add")(scatter_elements_case(
    [5, 4], [5, 6], 1, "add", unique=False, dtype=np.int64))


def scatter_nd_case(data_shape, idx_shape, reduction="none"):
    def fn(rng):
        k = idx_shape[-1]
        m = int(np.prod(idx_shape[:-1]))
        space = data_shape[:k]
        if reduction == "none":
            flat = rng.permutation(int(np.prod(space)))[:m]
        else:   # anywhere in range; a third of the entries repeat others
            flat = rng.integers(0, int(np.prod(space)), size=m)
            r = max(1, m // 3)
            flat[m - r:] = flat[:r]
            flat = rng.permutation(flat)
        ind = np.stack(np.unravel_index(flat, space), axis=-1).reshape(idx_shape).astype(np.int64)
        data = normal(rng, data_shape)
        upd = normal(rng, idx_shape[:-1] + data_shape[k:])
        attrs = {} if reduction == "none" else {"reduction": reduction}
        return OpCase([node("ScatterND", ["data", "indices", "updates"], ["y"], **attrs)],
                      [("data", data), ("indices", ind), ("updates", upd)], [("y", F32)],
                      lambda f: [np_scatter_nd(f["data"], f["indices"], f["updates"], reduction)])
    return fn


case("scatternd_k1_slices")(scatter_nd_case([6, 4, 3], [3, 1]))
case("scatternd_k2_slices")(scatter_nd_case([5, 6, 4], [2, 3, 2]))
case("scatternd_k_rank_scalars")(scatter_nd_case([4, 5, 3], [7, 3]))
case("scatternd_add_duplicates")(scatter_nd_case([5, 4], [6, 1], "add"))
case("scatternd_mul_duplicates", opset=16)(scatter_nd_case([4, 3, 2], [5, 2], "mul"))
case("scatternd_max_duplicates", opset=18)(scatter_nd_case([5, 7], [4, 3, 2], "max"))
case("scatternd_min_duplicates", opset=18)(scatter_nd_case([3, 4, 5], [2, 3, 1], "min"))


def with_bad_index(fn, name, position, value):
    """The case of `fn` plus a data set whose input `name` holds `value` at flat `position`:
    an index out of range, which the run must refuse (PICORT_ERROR_INDEX)."""
    def bad(rng):
        c = fn(rng)
        c.bad_inputs = [(n, a.copy()) for n, a in c.inputs]
        dict(c.bad_inputs)[name].reshape(-1)[position] = value
        c.bad_error = "PICORT_ERROR_INDEX"
        return c
    return bad


def gather_case(data_shape, idx_shape, axis, op="Gather"):
    def fn(rng):
        n = data_shape[axis]
        ind = rng.integers(-n, n, size=idx_shape).astype(np.int64)  # negatives too
        data = normal(rng, data_shape)

        def ref(f):
            i = np.where(f["indices"] < 0, f["indices"] + n, f["indices"])
            if op == "Gather":
                return [np.take(f64(f["data"]), i, axis=axis)]
            return [np.take_along_axis(f64(f["data"]), i, axis=axis)]
        return OpCase([node(op, ["data", "indices"], ["y"], axis=axis)],
                      [("data", data), ("indices", ind)], [("y", F32)], ref)
    return fn


def gather_nd_case(data_shape, idx_shape, batch_dims=0):
    def fn(rng):
        k = idx_shape[-1]
        space = data_shape[batch_dims:batch_dims + k]
        cols = [rng.integers(-s, s, size=idx_shape[:-1]) for s in space]  # negatives too
        ind = np.stack(cols, axis=-1).astype(np.int64)
        data = normal(rng, data_shape)
        return OpCase([node("GatherND", ["data", "indices"], ["y"], batch_dims=batch_dims)],
                      [("data", data), ("indices", ind)], [("y", F32)],
                      lambda f: [np_gather_nd(f64(f["data"]), f["indices"], batch_dims)])
    return fn


case("gathernd_b0_k1")(gather_nd_case([5, 4, 3], [2, 3, 1]))
case("gathernd_b0_k2")(gather_nd_case([5, 6, 3], [4, 2]))
case("gathernd_b0_k_rank")(gather_nd_case([4, 5], [6, 2]))
case("gathernd_b1_k1")(gather_nd_case([3, 5, 4], [3, 2, 1], batch_dims=1))
case("gathernd_b1_k2")(gather_nd_case([2, 4, 5, 3], [2, 3, 2], batch_dims=1))

# Run-time indices out of range: a second data set that the run must refuse.
case("gather_index_out_of_range")(with_bad_index(
    gather_case([4, 6], [2, 3], 1), "indices", 4, 6))
case("gatherelements_index_out_of_range")(with_bad_index(
    gather_case([3, 5], [4, 5], 0, op="GatherElements"), "indices", 7, -4))
case("gathernd_index_out_of_range")(with_bad_index(
    gather_nd_case([5, 6, 3], [4, 2]), "indices", 5, 6))
case("scatterelements_index_out_of_range")(with_bad_index(
    scatter_elements_case([4, 6], [4, 3], 1), "indices", 2, -7))
case("scatternd_index_out_of_range")(with_bad_index(
    scatter_nd_case([6, 4, 3], [3, 1]), "indices", 1, 6))


# --------------------------------------------------------------------------
# TopK / ArgMax / ArgMin
# --------------------------------------------------------------------------

def topk_case(shape, k, axis, largest, dtype=F32):
    def fn(rng):
        if dtype == F32:
            x = normal(rng, shape)
        else:   # few distinct values: many ties
            x = nonzero_ints(rng, shape, -3, 4, dtype)
        return OpCase([node("TopK", ["x", "k"], ["values", "indices"], axis=axis,
                            largest=int(largest))],
                      [("x", x)], [("values", dtype), ("indices", np.int64)],
                      lambda f: np_topk(f["x"], k, axis, largest), inits=[("k", i64([k]))])
    return fn


TOPK_SHAPE = [4, 5, 6]
case("topk_largest_axis0_k1")(topk_case(TOPK_SHAPE, 1, 0, True))
case("topk_smallest_axis0_kfull")(topk_case(TOPK_SHAPE, 4, 0, False))
case("topk_largest_axis1_kfull")(topk_case(TOPK_SHAPE, 5, 1, True))
case("topk_smallest_axis1_k1")(topk_case(TOPK_SHAPE, 1, 1, False))
case("topk_largest_axisneg1_kfull")(topk_case(TOPK_SHAPE, 6, -1, True))
case("topk_smallest_axisneg1_k1")(topk_case(TOPK_SHAPE, 1, -1, False))
case("topk_int64_ties_largest")(topk_case([3, 9], 5, -1, True, dtype=np.int64))
case("topk_int32_ties_smallest")(topk_case([4, 7, 3], 4, 1, False, dtype=np.int32))


def arg_case(op, shape, axis, keepdims, select_last_index, ties):
    def fn(rng):
        if ties:   # values from {-1.5, -0.5, 0.5, 1.5}: many ties
            x = (rng.integers(0, 4, size=shape) - 1.5).astype(F32)
        else:
            x = normal(rng, shape)
        which = "max" if op == "ArgMax" else "min"
        return OpCase([node(op, ["x"], ["y"], axis=axis, keepdims=keepdims,
                            select_last_index=select_last_index)],
                      [("x", x)], [("y", np.int64)],
                      lambda f: [np_arg(f["x"], which, axis, keepdims, select_last_index)])
    return fn


case("argmax_axis1_keepdims0")(arg_case("ArgMax", [3, 5, 4], 1, 0, 0, False))
case("argmin_axisneg1_keepdims1")(arg_case("ArgMin", [3, 5, 7], -1, 1, 0, False))
case("argmax_select_last_ties_axisneg2")(arg_case("ArgMax", [4, 6, 5], -2, 1, 1, True))
case("argmin_select_last_ties_keepdims0")(arg_case("ArgMin", [5, 7], 0, 0, 1, True))
case("argmax_first_index_ties")(arg_case("ArgMax", [3, 7, 5], -1, 0, 0, True))


# --------------------------------------------------------------------------
# Pad (pads are an initializer; constant_value a graph input where given)
# --------------------------------------------------------------------------

def pad_case(shape, pads, mode, value_input=False):
    def fn(rng):
        x = normal(rng, shape)
        ins = [("x", x)]
        node_ins = ["x", "pads"]
        if value_input:
            ins.append(("value", np.array(rng.standard_normal(), dtype=F32)))
            node_ins.append("value")
        return OpCase([node("Pad", node_ins, ["y"], mode=mode)], ins, [("y", F32)],
                      lambda f: [np_pad(f["x"], pads, mode, f.get("value", 0.0))],
                      inits=[("pads", i64(pads))])
    return fn


case("pad_reflect_3d")(pad_case([3, 5, 6], [1, 2, 0, 0, 3, 2], "reflect"))
case("pad_edge_3d")(pad_case([4, 3, 5], [2, 0, 1, 1, 2, 3], "edge"))
case("pad_wrap_3d", opset=19)(pad_case([3, 4, 5], [1, 2, 0, 2, 1, 3], "wrap"))
case("pad_reflect_negative")(pad_case([4, 6, 5], [-1, 2, 0, 1, -2, 2], "reflect"))
case("pad_edge_negative")(pad_case([3, 5, 7], [0, -1, 2, 2, 1, -3], "edge"))
case("pad_constant_value_input")(pad_case([2, 5, 6], [1, 0, 2, 0, 3, 1], "constant", True))


# --------------------------------------------------------------------------
# Resize (opset 13 form: X, roi, scales, sizes; roi/scales/sizes initializers)
# --------------------------------------------------------------------------

def resize_case(x_shape, scales=None, sizes=None, roi=None, **attrs):
    def fn(rng):
        x = normal(rng, x_shape)
        inits = []
        names = ["x", "", "", ""]
        if roi is not None:
            inits.append(("roi", np.asarray(roi, dtype=F32)))
            names[1] = "roi"
        if scales is not None:
            inits.append(("scales", np.asarray(scales, dtype=F32)))
            names[2] = "scales"
        else:
            inits.append(("sizes", i64(sizes)))
            names[3] = "sizes"
        while names[-1] == "":
            names.pop()
        if scales is not None:
            out_shape = [int(math.floor(d * np.float32(s))) for d, s in zip(x_shape, scales)]
        else:
            out_shape = list(sizes)
        kw = dict(mode=attrs.get("mode", "nearest"),
                  ctm=attrs.get("coordinate_transformation_mode", "half_pixel"),
                  a=attrs.get("cubic_coeff_a", -0.75),
                  exclude_outside=attrs.get("exclude_outside", 0),
                  nearest_mode=attrs.get("nearest_mode", "round_prefer_floor"),
                  extrapolation_value=attrs.get("extrapolation_value", 0.0))
        if roi is not None:
            kw["roi"] = [float(np.float32(v)) for v in roi]
        sc = None if scales is None else [float(np.float32(s)) for s in scales]
        return OpCase([node("Resize", names, ["y"], **attrs)], [("x", x)], [("y", F32)],
                      lambda f: [np_resize(f["x"], out_shape, sc, **dict(kw))], inits=inits)
    return fn


case("resize_cubic_upsample_scales")(resize_case(
    [1, 2, 7, 9], scales=[1, 1, 1.5, 2.0], mode="cubic", cubic_coeff_a=-0.5, exclude_outside=1,
    coordinate_transformation_mode="half_pixel"))
case("resize_cubic_downsample_scales")(resize_case(
    [2, 3, 7, 9], scales=[1, 1, 0.6, 0.7], mode="cubic", cubic_coeff_a=-0.5, exclude_outside=1,
    coordinate_transformation_mode="half_pixel"))
case("resize_linear_align_corners_sizes")(resize_case(
    [1, 2, 5, 7], sizes=[1, 2, 9, 4], mode="linear",
    coordinate_transformation_mode="align_corners"))
case("resize_nearest_round_prefer_ceil_asymmetric")(resize_case(
    [2, 3, 4, 5], scales=[1, 1, 2.0, 1.25], mode="nearest", nearest_mode="round_prefer_ceil",
    coordinate_transformation_mode="asymmetric"))
case("resize_tf_crop_and_resize_linear")(resize_case(
    [1, 3, 6, 7], sizes=[1, 3, 5, 8], roi=[0, 0, -0.1, 0.2, 1, 1, 0.8, 1.15], mode="linear",
    coordinate_transformation_mode="tf_crop_and_resize", extrapolation_value=-1.5))


# --------------------------------------------------------------------------
# Legacy opset: Add with broadcast/axis attributes (opset 6)
# --------------------------------------------------------------------------

@case("add_legacy_broadcast_axis1", opset=6)
def _add_legacy(rng):
    a, b = normal(rng, [2, 3, 4, 5]), normal(rng, [3, 4])
    return OpCase([node("Add", ["a", "b"], ["y"], broadcast=1, axis=1)],
                  [("a", a), ("b", b)], [("y", F32)],
                  lambda f: [f64(f["a"]) + f64(f["b"]).reshape(1, 3, 4, 1)],
                  note="B [3,4] aligned with A's axes 1,2")


# The newest opsets (picoc's op table reaches onnx 1.23's opset 28 where an op's semantics did
# not change): a small block of ops that gained versions at 22 to 24 (Conv, TopK) or none.
def np_erf(x):
    return np.vectorize(math.erf)(x)


def newest_opset_case(rng):
    x = normal(rng, [2, 3, 6, 6])
    w = normal(rng, [4, 3, 3, 3]) * 0.3
    nodes = [node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
             node("Gelu", ["c"], ["g"]),
             node("Reshape", ["g", "shape"], ["r"]),
             node("Softmax", ["r"], ["y"], axis=-1),
             node("TopK", ["y", "k"], ["v", "i"], axis=-1)]

    def ref(f):
        c = np_conv2d(f64(f["x"]), f64(w), [1, 1, 1, 1])
        g = 0.5 * c * (1 + np_erf(c / math.sqrt(2)))
        r = g.reshape(2, 4, 36)
        e = np.exp(r - r.max(-1, keepdims=True))
        y = e / e.sum(-1, keepdims=True)
        i = np.argsort(-y, axis=-1, kind="stable")[..., :5]
        return [y, np.take_along_axis(y, i, -1), i]
    return OpCase(nodes, [("x", x)], [("y", F32), ("v", F32), ("i", np.int64)], ref,
                  inits=[("w", w), ("shape", i64([2, 4, 36])), ("k", i64([5]))])


# RMSNormalization and Attention (opset 23): llama-shaped. Attention: 3-D inputs, grouped
# query heads (4 q, 2 kv), a past cache, causal (bottom-right) with a boolean padding mask,
# softcap, and the probabilities as qk_matmul_output (mode 3). onnxruntime 1.32 refuses this
# model, and onnx 1.23.2's reference differs: with a mask whose query dim is 1 it takes the
# causal frontier's query count from the mask (every query row then sees keys 0..past), so the
# reference here is the spec's, in numpy.
@case("rms_normalization_23", opset=23)
def _rms(rng):
    x, scale = normal(rng, [2, 5, 16]), normal(rng, [16])

    def ref(f):
        x64 = f64(f["x"])
        return [x64 / np.sqrt((x64 * x64).mean(-1, keepdims=True) + 1e-6) * f64(scale)]
    return OpCase([node("RMSNormalization", ["x", "scale"], ["y"], epsilon=1e-6)],
                  [("x", x)], [("y", F32)], ref, inits=[("scale", scale)])


@case("attention_gqa_causal_past_23", opset=23)
def _attention(rng):
    b, s, past, hq, hkv, d = 2, 3, 4, 4, 2, 8
    q, k, v = normal(rng, [b, s, hq * d]), normal(rng, [b, s, hkv * d]), normal(rng, [b, s, hkv * d])
    pk, pv = normal(rng, [b, hkv, past, d]), normal(rng, [b, hkv, past, d])
    mask = np.ones([b, 1, 1, past + s], dtype=bool)
    mask[1, ..., :2] = False  # batch 1: its first two cached keys are padding

    def ref(f):
        def heads(x, h):
            return f64(x).reshape(b, s, h, -1).transpose(0, 2, 1, 3)
        kk = np.concatenate([f64(f["past_key"]), heads(f["k"], hkv)], 2)
        vv = np.concatenate([f64(f["past_value"]), heads(f["v"], hkv)], 2)
        kr, vr = np.repeat(kk, hq // hkv, 1), np.repeat(vv, hq // hkv, 1)
        scores = heads(f["q"], hq) @ kr.transpose(0, 1, 3, 2) / np.sqrt(d)
        scores = 3.0 * np.tanh(scores / 3.0)
        allowed = f["mask"] & (np.arange(past + s)[None, :] <= np.arange(s)[:, None] + past)
        scores = np.where(allowed, scores, -np.inf)
        e = np.exp(scores - scores.max(-1, keepdims=True))
        p = e / e.sum(-1, keepdims=True)
        y = (p @ vr).transpose(0, 2, 1, 3).reshape(b, s, hq * d)
        return [y, kk, vv, p]
    nodes = [node("Attention", ["q", "k", "v", "mask", "past_key", "past_value"],
                  ["y", "present_key", "present_value", "probs"], is_causal=1, q_num_heads=hq,
                  kv_num_heads=hkv, softcap=3.0, qk_matmul_output_mode=3)]
    return OpCase(nodes, [("q", q), ("k", k), ("v", v), ("mask", mask), ("past_key", pk),
                          ("past_value", pv)],
                  [("y", F32), ("present_key", F32), ("present_value", F32), ("probs", F32)], ref)


# Attention as the exporters write it (picoc-graph-form-attention makes one kernel of it):
# numpy references of softmax(q k^T * scale + mask) v in float64.
def np_attention(q, k, v, scores_fn, nan_to_zero=False):
    s = scores_fn(f64(q) @ np.swapaxes(f64(k), -1, -2))
    m = s.max(-1, keepdims=True)
    with np.errstate(invalid="ignore"):
        e = np.exp(s - m)
        p = e / e.sum(-1, keepdims=True)
    if nan_to_zero:
        p = np.where(np.isnan(p), 0.0, p)
    return p @ f64(v)


def causal_mask(m, n, past=0):
    allowed = np.arange(n)[None, :] <= np.arange(m)[:, None] + past
    return np.where(allowed, 0.0, -np.inf).astype(F32)


# transformers' eager attention: scores * scale + an additive mask (causal: past n - m keys
# before the m query rows, the mask a graph input), softmax, @ V.
def eager_attention_case(rng, b, h, m, n, e, d, causal):
    # V positive: a row's output, a mean of many rows of V, stays away from zero, where the
    # float32 rounding of a long sum alone would exceed the relative tolerance.
    q, k, v = normal(rng, [b, h, m, e]), normal(rng, [b, h, n, e]), positive(rng, [b, h, n, d])
    mask = causal_mask(m, n, n - m)[None, None] if causal else np.zeros([1, 1, m, n], F32)
    scale = np.float32(1 / np.sqrt(e))

    def ref(f):
        return [np_attention(f["q"], f["k"], f["v"], lambda s: s * f64(scale) + f64(mask))]
    nodes = [node("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]),
             node("MatMul", ["q", "kt"], ["s"]), node("Mul", ["s", "scale"], ["ss"]),
             node("Add", ["ss", "mask"], ["sm"]), node("Softmax", ["sm"], ["p"], axis=-1),
             node("MatMul", ["p", "v"], ["y"])]
    return OpCase(nodes, [("q", q), ("k", k), ("v", v), ("mask", mask)], [("y", F32)], ref,
                  inits=[("scale", np.array(scale, dtype=F32))])


# 70 query rows and 100 keys (past 30) cross a 64-row tile; head dims 24 and 20 are off
# every vector width.
@case("attention_eager_causal_mask")
def _attention_eager(rng):
    return eager_attention_case(rng, 1, 3, 70, 100, 24, 20, causal=True)


# The GPU's tilings: 150 causal rows of head dim 64 take 8 rows a thread (128 a block, the
# last block partly past the rows); head dims of 256 take 4 rows a thread and key tiles of 32.
@case("attention_causal_150_rows")
def _attention_150(rng):
    return eager_attention_case(rng, 1, 2, 150, 150, 64, 64, causal=True)


@case("attention_head_dim_256")
def _attention_256(rng):
    return eager_attention_case(rng, 1, 2, 130, 70, 256, 256, causal=False)


# Odd head dims (21 and 19): the GPU's shared-memory regions after K's odd pitch stay 16-byte
# aligned; the CPU's vectors leave a remainder on both.
@case("attention_odd_head_dims")
def _attention_odd(rng):
    return eager_attention_case(rng, 2, 3, 9, 13, 21, 19, causal=True)


# A decode step against 700 cached keys: split into chunks of keys (2 of 350) and merged; the
# padding mask hides batch 1's first 400 keys, so that batch's first chunk has no weight.
@case("attention_decode_split_keys")
def _attention_decode_split(rng):
    b, h, n, e = 2, 4, 700, 64
    c = eager_attention_case(rng, b, h, 1, n, e, e, causal=False)
    mask = np.zeros([b, 1, 1, n], F32)
    mask[1, ..., :400] = -np.inf
    c.inputs[3] = ("mask", mask)
    scale = 1 / np.sqrt(e)
    c.ref = lambda f: [np_attention(f["q"], f["k"], f["v"],
                                    lambda s: s * f64(np.float32(scale)) + f64(f["mask"]))]
    return c


# Older exporters: scores / sqrt(d), then Where(mask, scores, finfo.min); a fully masked row
# (row 2 of batch 1) averages every value, as the reference's softmax of equal scores does.
@case("attention_where_finfo_min")
def _attention_where(rng):
    b, h, m, n, e = 2, 2, 5, 9, 16
    q, k, v = normal(rng, [b, h, m, e]), normal(rng, [b, h, n, e]), normal(rng, [b, h, n, e])
    keep = rng.random([b, 1, m, n]) < 0.7
    keep[1, :, 2, :] = False
    fill = np.float32(np.finfo(np.float32).min)

    def ref(f):
        return [np_attention(f["q"], f["k"], f["v"],
                             lambda s: np.where(f["keep"], s / np.sqrt(e), f64(fill)))]
    nodes = [node("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]),
             node("MatMul", ["q", "kt"], ["s"]), node("Div", ["s", "root"], ["sd"]),
             node("Where", ["keep", "sd", "fill"], ["sw"]), node("Softmax", ["sw"], ["p"], axis=3),
             node("MatMul", ["p", "v"], ["y"])]
    return OpCase(nodes, [("q", q), ("k", k), ("v", v), ("keep", keep)], [("y", F32)], ref,
                  inits=[("root", np.array(np.sqrt(e), dtype=F32)),
                         ("fill", np.array(fill, dtype=F32))])


# torch's scaled_dot_product_attention export: q and k each scaled by sqrt(scale), a boolean
# mask as Where(mask, 0, -inf) added, and Where(IsNaN(p), 0, p) after the softmax: the fully
# masked row (row 0 of head 1) gives 0.
@case("attention_sdpa_isnan_guard")
def _attention_sdpa(rng):
    b, h, m, n, e = 1, 2, 6, 11, 16
    q, k, v = normal(rng, [b, h, m, e]), normal(rng, [b, h, n, e]), normal(rng, [b, h, n, e])
    allow = rng.random([b, h, m, n]) < 0.6
    allow[0, 1, 0, :] = False
    root = np.float32(np.sqrt(1 / np.sqrt(e)))

    def ref(f):
        bias = np.where(f["allow"], 0.0, -np.inf)
        qs, ks = f64(f["q"]) * f64(root), f64(f["k"]) * f64(root)
        return [np_attention(qs, ks, f["v"], lambda s: s + bias, nan_to_zero=True)]
    nodes = [node("Mul", ["q", "root"], ["qs"]), node("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]),
             node("Mul", ["kt", "root"], ["kts"]), node("MatMul", ["qs", "kts"], ["s"]),
             node("Where", ["allow", "zero", "ninf"], ["bias"]), node("Add", ["s", "bias"], ["sb"]),
             node("Softmax", ["sb"], ["p"], axis=-1), node("IsNaN", ["p"], ["nan"]),
             node("Where", ["nan", "zero", "p"], ["pz"]), node("MatMul", ["pz", "v"], ["y"])]
    return OpCase(nodes, [("q", q), ("k", k), ("v", v), ("allow", allow)], [("y", F32)], ref,
                  inits=[("root", np.array(root, dtype=F32)), ("zero", np.array(0, dtype=F32)),
                         ("ninf", np.array(-np.inf, dtype=F32))])


# Grouped-query attention as transformers' repeat_kv exports it (Unsqueeze, Expand, Reshape
# of 2 kv heads to 6 query heads), one query row against 37 keys (a decode step).
@case("attention_gqa_repeat_kv_decode")
def _attention_gqa(rng):
    b, hq, hkv, m, n, e = 2, 6, 2, 1, 37, 32
    q = normal(rng, [b, hq, m, e])
    k, v = normal(rng, [b, hkv, n, e]), normal(rng, [b, hkv, n, e])

    def ref(f):
        kr, vr = np.repeat(f64(f["k"]), hq // hkv, 1), np.repeat(f64(f["v"]), hq // hkv, 1)
        return [np_attention(f["q"], kr, vr, lambda s: s * (1 / np.sqrt(e)))]
    rep = [b, hkv, hq // hkv, n, e]
    nodes = [node("Unsqueeze", ["k", "ax2"], ["k5"]), node("Expand", ["k5", "rep"], ["ke"]),
             node("Reshape", ["ke", "heads"], ["kr"]),
             node("Unsqueeze", ["v", "ax2"], ["v5"]), node("Expand", ["v5", "rep"], ["ve"]),
             node("Reshape", ["ve", "heads"], ["vr"]),
             node("Transpose", ["kr"], ["kt"], perm=[0, 1, 3, 2]),
             node("MatMul", ["q", "kt"], ["s"]), node("Mul", ["s", "scale"], ["ss"]),
             node("Softmax", ["ss"], ["p"], axis=-1), node("MatMul", ["p", "vr"], ["y"])]
    return OpCase(nodes, [("q", q), ("k", k), ("v", v)], [("y", F32)], ref,
                  inits=[("ax2", i64([2])), ("rep", i64(rep)), ("heads", i64([b, hq, n, e])),
                         ("scale", np.array(1 / np.sqrt(e), dtype=F32))])


# RotaryEmbedding (opset 23): 3-D input with 2 heads of 8, the first 6 dims rotated as
# interleaved pairs, rows of the caches picked by position_ids.
@case("rotary_embedding_23", opset=23)
def _rotary(rng):
    b, s, h, d, r, maxpos = 2, 3, 2, 8, 6, 10
    x = normal(rng, [b, s, h * d])
    angles = rng.uniform(0, 3, size=[maxpos, r // 2])
    cos, sin = np.cos(angles).astype(F32), np.sin(angles).astype(F32)
    pos = rng.integers(0, maxpos, size=[b, s]).astype(np.int64)

    def ref(f):
        t = f64(f["x"]).reshape(b, s, h, d)
        c, sn = f64(cos)[f["pos"]][:, :, None, :], f64(sin)[f["pos"]][:, :, None, :]
        x1, x2 = t[..., 0:r:2], t[..., 1:r:2]
        out = t.copy()
        out[..., 0:r:2], out[..., 1:r:2] = c * x1 - sn * x2, sn * x1 + c * x2
        return [out.reshape(b, s, h * d)]
    return OpCase([node("RotaryEmbedding", ["x", "cos", "sin", "pos"], ["y"], interleaved=1,
                        num_heads=h, rotary_embedding_dim=r)],
                  [("x", x), ("pos", pos)], [("y", F32)], ref,
                  inits=[("cos", cos), ("sin", sin)])


# CenterCropPad (opset 18): one axis cropped (odd difference), one padded (odd), given in
# reverse order.
@case("center_crop_pad_18", opset=18)
def _center_crop_pad(rng):
    x = normal(rng, [2, 7, 4])

    def ref(f):
        y = np.zeros([2, 4, 7])
        y[:, :, 1:5] = f64(f["x"])[:, 1:5, :]
        return [y]
    return OpCase([node("CenterCropPad", ["x", "shape"], ["y"], axes=[2, 1])],
                  [("x", x)], [("y", F32)], ref, inits=[("shape", i64([7, 4]))])


case("newest_opset_23", opset=23)(newest_opset_case)
case("newest_opset_28", opset=28)(newest_opset_case)


# --------------------------------------------------------------------------
# GroupNormalization: scale/bias per group (opset 18) or per channel (opset 21)
# --------------------------------------------------------------------------

def np_group_norm(x, scale, bias, groups, eps, per_channel):
    n, c = x.shape[:2]
    g = f64(x).reshape(n, groups, -1)
    mean = g.mean(axis=2, keepdims=True)
    var = ((g - mean) ** 2).mean(axis=2, keepdims=True)
    y = ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)
    param = (lambda v: f64(v)) if per_channel else (lambda v: np.repeat(f64(v), c // groups))
    shape = (1, c) + (1,) * (x.ndim - 2)
    return y * param(scale).reshape(shape) + param(bias).reshape(shape)


def group_norm_case(shape, groups, per_channel):
    def fn(rng):
        x = normal(rng, shape)
        size = shape[1] if per_channel else groups
        scale, bias = normal(rng, [size]), normal(rng, [size])
        return OpCase([node("GroupNormalization", ["x", "scale", "bias"], ["y"],
                            num_groups=groups, epsilon=1e-5)],
                      [("x", x)], [("y", F32)],
                      lambda f: [np_group_norm(f["x"], scale, bias, groups, 1e-5, per_channel)],
                      inits=[("scale", scale), ("bias", bias)])
    return fn


# (GroupNormalization-18, scale and bias per group, is deprecated: onnx's checker refuses it.)
case("groupnorm_per_channel", opset=21)(group_norm_case([2, 8, 3, 4, 5], 4, True))


# --------------------------------------------------------------------------
# Building, checking and writing
# --------------------------------------------------------------------------

def make_model(name, c, opset, out_shapes=None):
    vi = helper.make_tensor_value_info
    np2onnx = helper.np_dtype_to_tensor_dtype
    inputs = [vi(n, np2onnx(a.dtype), list(a.shape)) for n, a in c.inputs]
    outputs = [vi(n, np2onnx(np.dtype(dt)), None if out_shapes is None else list(out_shapes[i]))
               for i, (n, dt) in enumerate(c.outputs)]
    inits = [numpy_helper.from_array(a, name=n) for n, a in c.inits]
    graph = helper.make_graph(c.nodes, name, inputs, outputs, initializer=inits)
    model = helper.make_model(graph, producer_name="picoc make_op_tests",
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = IR_VERSION
    return model


def run_ort(model_bytes, feeds, optimize=True):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    if not optimize:
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    sess = ort.InferenceSession(model_bytes, opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


FLOAT8 = {ml_dtypes.float8_e4m3fn, ml_dtypes.float8_e4m3fnuz, ml_dtypes.float8_e5m2,
          ml_dtypes.float8_e5m2fnuz}


def badness(got, ref):
    """max |got - ref| / (atol + rtol |ref|) (floats), or mismatch count (ints and float8,
    which must agree exactly: NaN with NaN)."""
    if got.shape != ref.shape:
        return math.inf
    if got.dtype.type in FLOAT8:
        g, r = got.astype(F64), ref.astype(F64)
        return float(np.count_nonzero(~((g == r) | (np.isnan(g) & np.isnan(r)))))
    if got.dtype.kind == "f":
        return float(np.max(np.abs(got.astype(F64) - ref) / (ATOL + RTOL * np.abs(ref)),
                            initial=0.0))
    return float(np.count_nonzero(got.astype(np.int64) != ref.astype(np.int64)))


def first_line(e):
    return str(e).strip().splitlines()[0][:200]


def build(name, fn, opset, out_dir):
    seed = zlib.crc32(name.encode())
    for attempt in range(SEED_ATTEMPTS):
        rng = np.random.default_rng(seed + attempt)
        c = fn(rng)
        feeds = dict(c.inputs)
        model = make_model(name, c, opset)
        expect = c.ref(feeds)
        expect = [np.asarray(e) for e in expect]
        try:
            got = run_ort(model.SerializeToString(), feeds, c.ort_optimize)
            # onnxruntime returns a float8 tensor as its bits
            got = [g.view(dt) if np.dtype(dt).type in FLOAT8 and g.dtype == np.uint8 else g
                   for g, (_, dt) in zip(got, c.outputs)]
            ort_err = None
        except Exception as e:   # onnxruntime refuses the model
            got, ort_err = None, first_line(e)
        if got is None:
            source = "numpy"
            ref = [e.astype(dt) for e, (_, dt) in zip(expect, c.outputs)]
            bad = [0.0 for _ in ref]
        else:
            source = "ort"
            ref = got
            bad = [badness(g, e) for g, e in zip(got, expect)]
            if any(g.dtype.kind != "f" and b > 0 for g, b in zip(got, bad)) or \
                    any(b > 10 for b in bad):
                raise SystemExit(f"{name}: onnxruntime and numpy disagree (badness {bad}); "
                                 f"shapes ort {[g.shape for g in got]} numpy "
                                 f"{[e.shape for e in expect]}")
            if any(b > MARGIN for b in bad):
                print(f"   {name}: seed {seed + attempt} ill-conditioned "
                      f"(badness {max(bad):.3f}), next seed")
                continue
        break
    else:
        raise SystemExit(f"{name}: no well-conditioned seed in {SEED_ATTEMPTS} attempts")

    # informative: onnx.reference with float64 inputs
    try:
        ev = ReferenceEvaluator(model).run(None, {k: f64(v) for k, v in feeds.items()})
        evb = max(badness(np.asarray(g).astype(r.dtype) if r.dtype.kind != "f" else
                          np.asarray(g).astype(F64), e.astype(F64) if e.dtype.kind == "f" else e)
                  for g, r, e in zip(ev, ref, expect))
        ev_note = "agrees" if evb <= MARGIN else f"DIFFERS (badness {evb:.3g})"
    except Exception as e:
        ev_note = f"n/a ({first_line(e)[:80]})"

    final = make_model(name, c, opset, [r.shape for r in ref])
    onnx.checker.check_model(final, full_check=c.shape_inference)
    data = final.SerializeToString()
    assert len(data) < MAX_MODEL_BYTES, f"{name}: model is {len(data)} bytes"
    if source == "ort":   # the written model gives the same result
        again = run_ort(data, feeds, c.ort_optimize)
        assert all(np.array_equal(a, b.view(np.uint8) if b.dtype.type in FLOAT8 else b,
                                  equal_nan=a.dtype.kind == "f")
                   for a, b in zip(again, ref)), name

    # Same layout and TensorProto convention as make_test_models.write_test_case;
    # not imported from there because that module imports torch at load time.
    d = out_dir / name
    d.mkdir(parents=True, exist_ok=True)
    (d / "model.onnx").write_bytes(data)
    ds = d / "test_data_set_0"
    if ds.exists():
        shutil.rmtree(ds)
    ds.mkdir()
    for i, (n, a) in enumerate(c.inputs):
        (ds / f"input_{i}.pb").write_bytes(numpy_helper.from_array(a, name=n).SerializeToString())
    for i, ((n, _), a) in enumerate(zip(c.outputs, ref)):
        (ds / f"output_{i}.pb").write_bytes(
            numpy_helper.from_array(np.array(a, order="C"), name=n).SerializeToString())

    bad_set = d / "test_data_set_1"
    if bad_set.exists():
        shutil.rmtree(bad_set)
    if c.bad_inputs:
        try:
            run_ort(data, dict(c.bad_inputs))
            raise SystemExit(f"{name}: onnxruntime accepts the data set meant to fail")
        except Exception as e:
            if isinstance(e, SystemExit):
                raise
            print(f"   bad data set: onnxruntime refuses it ({first_line(e)[:100]})")
        bad_set.mkdir()
        for i, (n, a) in enumerate(c.bad_inputs):
            (bad_set / f"input_{i}.pb").write_bytes(
                numpy_helper.from_array(a, name=n).SerializeToString())
        (bad_set / "expected_error.txt").write_text(c.bad_error + "\n")
    ins = ", ".join(f"{n} {list(a.shape)} {a.dtype}" for n, a in c.inputs)
    inits = ", ".join(f"{n} {list(a.shape)}" for n, a in c.inits)
    outs = ", ".join(f"{n} {list(a.shape)} {a.dtype}" for (n, _), a in zip(c.outputs, ref))
    print(f"== {name}: {c.nodes[0].op_type} opset {opset}, {len(data)} bytes, ref {source}"
          + (f" ({c.note})" if c.note else ""))
    print(f"   in: {ins}" + (f"; init: {inits}" if inits else ""))
    print(f"   out: {outs}")
    if not c.shape_inference:
        print("   onnx shape inference rejects this model: structural check only")
    if ort_err:
        print(f"   onnxruntime refused: {ort_err}")
    else:
        print(f"   ort vs numpy float64: badness {max(bad):.3g} (of tolerance)")
    print(f"   onnx.reference: {ev_note}")
    return source


# --------------------------------------------------------------------------
# NaN in ArgMax/ArgMin and TopK, as onnxruntime treats it: ArgMax/ArgMin scan keeping the
# running extreme (a NaN never replaces it; one in the first position is never replaced);
# TopK orders NaN above every number, equal NaNs by index.
# --------------------------------------------------------------------------

def with_nans(rng, shape):
    x = normal(rng, shape)
    x[rng.random(shape) < 0.25] = np.nan
    x[0, 0] = np.nan   # a row that starts with NaN
    x[1, :] = np.nan   # an all-NaN row
    return x


def np_arg_scan(x, which, axis, keepdims, last):
    xm = np.moveaxis(x, axis, -1)
    out = np.zeros(xm.shape[:-1], np.int64)
    for idx in np.ndindex(*xm.shape[:-1]):
        row, best = xm[idx], 0
        for i in range(1, row.shape[0]):
            better = row[i] > row[best] if which == "max" else row[i] < row[best]
            if better or (last and row[i] == row[best]):
                best = i
        out[idx] = best
    return np.expand_dims(out, axis) if keepdims else out


def nan_arg_case(op, last):
    def fn(rng):
        x = with_nans(rng, [5, 7])
        which = "max" if op == "ArgMax" else "min"
        return OpCase([node(op, ["x"], ["y"], axis=1, keepdims=0, select_last_index=last)],
                      [("x", x)], [("y", np.int64)],
                      lambda f: [np_arg_scan(f["x"], which, 1, 0, last)])
    return fn


def np_topk_nan(x, k, axis, largest):
    xm = np.moveaxis(x, axis, -1)
    vals = np.zeros(xm.shape[:-1] + (k,), F64)
    inds = np.zeros(xm.shape[:-1] + (k,), np.int64)
    for idx in np.ndindex(*xm.shape[:-1]):
        row = xm[idx]
        key = (lambda i: (0 if np.isnan(row[i]) else 1, -row[i], i)) if largest else \
              (lambda i: (1 if np.isnan(row[i]) else 0, row[i], i))
        order = sorted(range(row.shape[0]), key=key)[:k]
        vals[idx], inds[idx] = row[order], order
    return [np.moveaxis(vals, -1, axis), np.moveaxis(inds, -1, axis)]


def nan_topk_case(k, largest):
    def fn(rng):
        x = with_nans(rng, [5, 7])
        return OpCase([node("TopK", ["x", "k"], ["values", "indices"], axis=1,
                            largest=int(largest))],
                      [("x", x)], [("values", F32), ("indices", np.int64)],
                      lambda f: np_topk_nan(f["x"], k, 1, largest), inits=[("k", i64([k]))])
    return fn


case("argmax_nan")(nan_arg_case("ArgMax", 0))
case("argmin_nan_select_last")(nan_arg_case("ArgMin", 1))
case("topk_nan_largest")(nan_topk_case(4, True))
case("topk_nan_smallest")(nan_topk_case(4, False))


# --------------------------------------------------------------------------
# Softplus at large |x|: log(exp(x) + 1) is x where exp(x) overflows f32 (x > 88.7)
# --------------------------------------------------------------------------

@case("softplus_large_magnitudes")
def softplus_case(rng):
    x = np.concatenate([normal(rng, [30]) * 40,
                        np.array([-200, -100, -90, -20, 20, 88, 89, 90, 100, 1e4], F32)])
    return OpCase([node("Softplus", ["x"], ["y"])], [("x", x.astype(F32))], [("y", F32)],
                  lambda f: [np.logaddexp(0.0, f64(f["x"]))])


# --------------------------------------------------------------------------
# Bitwise ops and shifts on integers (BitShift: onnxruntime takes unsigned types, amounts
# below the width; onnx's node suite covers the rest)
# --------------------------------------------------------------------------

def bitwise_case(dtype, lo, hi):
    def fn(rng):
        a = nonzero_ints(rng, [4, 6], lo, hi, dtype)
        b = nonzero_ints(rng, [4, 6], lo, hi, dtype)
        c = nonzero_ints(rng, [6], lo, hi, dtype)
        nodes = [node("BitwiseAnd", ["a", "b"], ["and"]), node("BitwiseOr", ["a", "c"], ["or"]),
                 node("BitwiseXor", ["c", "b"], ["xor"]), node("BitwiseNot", ["a"], ["not"])]
        return OpCase(nodes, [("a", a), ("b", b), ("c", c)],
                      [("and", dtype), ("or", dtype), ("xor", dtype), ("not", dtype)],
                      lambda f: [f["a"] & f["b"], f["a"] | f["c"], f["c"] ^ f["b"], ~f["a"]])
    return fn


def bitshift_case(dtype):
    def fn(rng):
        width = np.dtype(dtype).itemsize * 8
        x = nonzero_ints(rng, [5, 7], 1, min(2 ** width, 2 ** 62), dtype)
        amount = rng.integers(0, width, size=[5, 7]).astype(dtype)
        row = rng.integers(0, width, size=[7]).astype(dtype)
        nodes = [node("BitShift", ["x", "amount"], ["left"], direction="LEFT"),
                 node("BitShift", ["x", "row"], ["right"], direction="RIGHT")]
        return OpCase(nodes, [("x", x), ("amount", amount), ("row", row)],
                      [("left", dtype), ("right", dtype)],
                      lambda f: [np.left_shift(f["x"], f["amount"]),
                                 np.right_shift(f["x"], f["row"])])
    return fn


case("bitwise_int32", opset=18)(bitwise_case(np.int32, -2 ** 31, 2 ** 31))
case("bitwise_uint8", opset=18)(bitwise_case(np.uint8, 0, 256))
case("bitwise_int64", opset=18)(bitwise_case(np.int64, -2 ** 62, 2 ** 62))
case("bitshift_uint8")(bitshift_case(np.uint8))
case("bitshift_uint32")(bitshift_case(np.uint32))
case("bitshift_uint64")(bitshift_case(np.uint64))


# --------------------------------------------------------------------------
# LRN (an even size: one more channel after than before; onnxruntime takes odd sizes only, and
# onnx's reference loops over the batch instead of the channels), LpPool and GlobalLpPool
# --------------------------------------------------------------------------

def np_lrn(x, size, alpha, beta, bias):
    c = x.shape[1]
    sq = np.zeros_like(x)
    for ch in range(c):
        lo, hi = max(0, ch - (size - 1) // 2), min(c - 1, ch + size - 1 - (size - 1) // 2)
        sq[:, ch] = (x[:, lo:hi + 1] ** 2).sum(axis=1)
    return x / (bias + alpha / size * sq) ** beta


@case("lrn_even_size")
def lrn_case(rng):
    x = normal(rng, [2, 7, 4, 5])
    return OpCase([node("LRN", ["x"], ["y"], size=4, alpha=0.5, beta=0.75, bias=1.5)],
                  [("x", x)], [("y", F32)], lambda f: [np_lrn(f64(f["x"]), 4, 0.5, 0.75, 1.5)])


@case("lrn_odd_size")
def lrn_odd_case(rng):
    x = normal(rng, [2, 9, 3, 4])
    return OpCase([node("LRN", ["x"], ["y"], size=5, alpha=0.3, beta=0.6, bias=1.2)],
                  [("x", x)], [("y", F32)], lambda f: [np_lrn(f64(f["x"]), 5, 0.3, 0.6, 1.2)])


@case("lrn_size_beyond_channels")
def lrn_wide_case(rng):
    x = normal(rng, [1, 3, 4, 4])
    return OpCase([node("LRN", ["x"], ["y"], size=9, alpha=0.9, beta=0.7, bias=1.0)],
                  [("x", x)], [("y", F32)], lambda f: [np_lrn(f64(f["x"]), 9, 0.9, 0.7, 1.0)])


@case("lp_pool_p3_pads")
def lp_pool_case(rng):
    x = normal(rng, [1, 3, 7, 6])
    a = np.abs(f64(x)) ** 3
    pooled = np_pool(a, "avg", [3, 2], strides=[2, 1], pads=[1, 0, 1, 1],
                     count_include_pad=1)[0] * 6
    return OpCase([node("LpPool", ["x"], ["y"], kernel_shape=[3, 2], strides=[2, 1],
                        pads=[1, 0, 1, 1], p=3),
                   node("GlobalLpPool", ["x"], ["g"], p=1)],
                  [("x", x)], [("y", F32), ("g", F32)],
                  lambda f: [pooled ** (1 / 3),
                             np.abs(f64(f["x"])).sum(axis=(2, 3), keepdims=True)])


# --------------------------------------------------------------------------
# RNN, GRU and LSTM: unrolled recurrences (numpy references step by step, float64)
# --------------------------------------------------------------------------

def np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def np_recurrent(cell, x, w, r, b, h0, c0=None, p=None, direction="forward", layout=0,
                 linear_before_reset=0, acts=None, clip=None):
    """Y, Y_h (, Y_c) of ONNX's RNN/GRU/LSTM, float64."""
    if layout:
        x = x.transpose(1, 0, 2)
        h0 = None if h0 is None else h0.transpose(1, 0, 2)
        c0 = None if c0 is None else c0.transpose(1, 0, 2)
    steps, batch = x.shape[:2]
    dirs, hidden = r.shape[0], r.shape[2]
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    per = {"rnn": 1, "gru": 2, "lstm": 3}[cell]
    acts = acts or ({"rnn": [np.tanh], "gru": [np_sigmoid, np.tanh],
                     "lstm": [np_sigmoid, np.tanh, np.tanh]}[cell] * dirs)
    cl = (lambda v: np.clip(v, -clip, clip)) if clip is not None else (lambda v: v)
    y = np.zeros([steps, dirs, batch, hidden])
    yh = np.zeros([dirs, batch, hidden])
    yc = np.zeros([dirs, batch, hidden])
    for d in range(dirs):
        f, g, hh = (acts[d * per:(d + 1) * per] + [None, None])[:3]
        wb, rb = (b[d][:gates * hidden], b[d][gates * hidden:]) if b is not None else (0, 0)
        h = h0[d] if h0 is not None else np.zeros([batch, hidden])
        c = c0[d] if c0 is not None else np.zeros([batch, hidden])
        order = range(steps) if (direction == "forward" or (direction == "bidirectional" and d == 0)) \
            else range(steps - 1, -1, -1)
        for t in order:
            xw = x[t] @ w[d].T + wb
            if cell == "rnn":
                h = f(cl(xw + h @ r[d].T + rb))
            elif cell == "gru":
                hr = h @ r[d].T + rb
                H = hidden
                z = f(cl(xw[:, :H] + hr[:, :H]))
                rg = f(cl(xw[:, H:2 * H] + hr[:, H:2 * H]))
                if linear_before_reset:
                    n_ = g(cl(xw[:, 2 * H:] + rg * hr[:, 2 * H:]))
                else:
                    rbh = rb[2 * H:] if b is not None else 0
                    n_ = g(cl(xw[:, 2 * H:] + (rg * h) @ r[d][2 * H:].T + rbh))
                h = (1 - z) * n_ + z * h
            else:
                H = hidden
                gt = xw + h @ r[d].T + rb
                pi, po, pf = (p[d][:H], p[d][H:2 * H], p[d][2 * H:]) if p is not None else (0, 0, 0)
                i = f(cl(gt[:, :H] + pi * c))
                fg = f(cl(gt[:, 2 * H:3 * H] + pf * c))
                c = fg * c + i * g(cl(gt[:, 3 * H:]))
                o = f(cl(gt[:, H:2 * H] + po * c))
                h = o * hh(c)
            y[t, d] = h
        yh[d], yc[d] = h, c
    if layout:
        y, yh, yc = y.transpose(2, 0, 1, 3), yh.transpose(1, 0, 2), yc.transpose(1, 0, 2)
    return [y, yh, yc] if cell == "lstm" else [y, yh]


def recurrent_case(cell, op, direction, layout=0, peephole=False, **extra):
    def fn(rng):
        steps, batch, inputs, hidden = 5, 2, 3, 4
        dirs = 2 if direction == "bidirectional" else 1
        gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
        x = normal(rng, [batch, steps, inputs] if layout else [steps, batch, inputs])
        w = (normal(rng, [dirs, gates * hidden, inputs]) * 0.5).astype(F32)
        r = (normal(rng, [dirs, gates * hidden, hidden]) * 0.5).astype(F32)
        b = (normal(rng, [dirs, 2 * gates * hidden]) * 0.5).astype(F32)
        state = [batch, dirs, hidden] if layout else [dirs, batch, hidden]
        h0 = normal(rng, state)
        ins = [("x", x), ("w", w), ("r", r), ("b", b), ("h0", h0)]
        names = ["x", "w", "r", "b", "", "h0"]
        if cell == "lstm":
            ins.append(("c0", normal(rng, state)))
            names.append("c0")
            if peephole:
                ins.append(("p", (normal(rng, [dirs, 3 * hidden]) * 0.5).astype(F32)))
                names.append("p")
        outs = ["y", "y_h", "y_c"] if cell == "lstm" else ["y", "y_h"]
        attrs = dict(hidden_size=hidden, direction=direction, **extra)
        if layout:
            attrs["layout"] = 1
        ref_kw = {k: v for k, v in extra.items() if k in ("linear_before_reset", "clip")}
        return OpCase([node(op, names, outs, **attrs)], ins, [(o, F32) for o in outs],
                      lambda f: np_recurrent(cell, f64(f["x"]), f64(f["w"]), f64(f["r"]),
                                             f64(f["b"]), f64(f["h0"]),
                                             f64(f["c0"]) if "c0" in f else None,
                                             f64(f["p"]) if "p" in f else None,
                                             direction=direction, layout=layout, **ref_kw))
    return fn


case("rnn_tanh_clip", opset=14)(recurrent_case("rnn", "RNN", "forward", clip=1.5))
case("gru_reverse", opset=14)(recurrent_case("gru", "GRU", "reverse"))
case("gru_linear_before_reset_layout1", opset=14)(
    recurrent_case("gru", "GRU", "bidirectional", layout=1, linear_before_reset=1))
case("lstm_bidirectional_peephole", opset=14)(
    recurrent_case("lstm", "LSTM", "bidirectional", peephole=True))
case("lstm_layout1", opset=14)(recurrent_case("lstm", "LSTM", "forward", layout=1))


# --------------------------------------------------------------------------
# Window functions (opset 17): constants of a size known at compile time
# --------------------------------------------------------------------------

@case("window_functions", opset=17)
def window_functions_case(rng):
    x = normal(rng, [10])
    def win(a0, a1, a2, size, periodic):
        k = np.arange(size)
        n_ = size if periodic else size - 1
        return a0 - a1 * np.cos(2 * np.pi * k / n_) + a2 * np.cos(4 * np.pi * k / n_)
    nodes = [node("HannWindow", ["ten"], ["hann"]),
             node("Mul", ["x", "hann"], ["windowed"]),
             node("HammingWindow", ["seven"], ["hamming"], periodic=0),
             node("BlackmanWindow", ["five"], ["blackman"], output_datatype=11)]
    return OpCase(nodes, [("x", x)],
                  [("windowed", F32), ("hamming", F32), ("blackman", F64)],
                  lambda f: [f64(f["x"]) * win(0.5, 0.5, 0, 10, True),
                             win(25 / 46, 21 / 46, 0, 7, False), win(0.42, 0.5, 0.08, 5, True)],
                  inits=[("ten", np.array(10, np.int64)), ("seven", np.array(7, np.int64)),
                         ("five", np.array(5, np.int64))])


# --------------------------------------------------------------------------
# GridSample (2-D): every mode and padding, points beyond the edges
# --------------------------------------------------------------------------

def np_grid_sample(x, grid, mode, padding, align):
    n_, c_, h, w = x.shape
    oh, ow = grid.shape[1:3]
    y = np.zeros([n_, c_, oh, ow])

    def reflect(v, lo, hi):
        span = hi - lo
        if v < lo:
            k, r = divmod(lo - v, span)
            return lo + r if k % 2 == 0 else hi - r
        if v > hi:
            k, r = divmod(v - hi, span)
            return hi - r if k % 2 == 0 else lo + r
        return v

    def coord(g, d):
        v = (g + 1) / 2 * (d - 1) if align else ((g + 1) * d - 1) / 2
        if mode == "nearest":
            v = np.rint(v)
        lo, hi = (0, d - 1) if align else (-0.5, d - 0.5)
        if padding == "border" and (v < lo or v > hi):
            v = min(max(v, 0), d - 1)
        if padding == "reflection":
            v = reflect(v, lo, hi)
        return v, lo, hi

    def tap(img, i, j, bounds):
        (lo_i, hi_i), (lo_j, hi_j) = bounds
        if padding == "zeros":
            return img[i, j] if 0 <= i < h and 0 <= j < w else 0.0
        if padding == "border":
            return img[min(max(i, 0), h - 1), min(max(j, 0), w - 1)]
        return img[int(reflect(i, lo_i, hi_i)), int(reflect(j, lo_j, hi_j))]

    def cubic(t):
        a = -0.75
        return [((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
                ((a + 2) * t - (a + 3)) * t * t + 1,
                ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1,
                ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a]

    for b in range(n_):
        for p in range(oh):
            for q in range(ow):
                yv, lo_y, hi_y = coord(grid[b, p, q, 1], h)
                xv, lo_x, hi_x = coord(grid[b, p, q, 0], w)
                bounds = ((lo_y, hi_y), (lo_x, hi_x))
                y0, x0 = int(np.floor(yv)), int(np.floor(xv))
                if mode == "nearest":
                    taps = [(int(yv), int(xv), 1.0)]
                elif mode == "linear":
                    ty, tx = yv - y0, xv - x0
                    taps = [(y0 + a, x0 + b2, (ty if a else 1 - ty) * (tx if b2 else 1 - tx))
                            for a in (0, 1) for b2 in (0, 1)]
                else:
                    cy, cx = cubic(yv - y0), cubic(xv - x0)
                    taps = [(y0 - 1 + a, x0 - 1 + b2, cy[a] * cx[b2])
                            for a in range(4) for b2 in range(4)]
                for c in range(c_):
                    y[b, c, p, q] = sum(wt * tap(x[b, c], i, j, bounds) for i, j, wt in taps)
    return y


def grid_sample_case(mode, padding, align):
    def fn(rng):
        x = normal(rng, [2, 3, 5, 6])
        grid = (rng.uniform(-1.3, 1.3, size=[2, 4, 7, 2])).astype(F32)
        onnx_mode = {"linear": "bilinear", "cubic": "bicubic"}.get(mode, mode)
        return OpCase([node("GridSample", ["x", "grid"], ["y"], mode=onnx_mode,
                            padding_mode=padding, align_corners=align)],
                      [("x", x), ("grid", grid)], [("y", F32)],
                      lambda f: [np_grid_sample(f64(f["x"]), f64(f["grid"]), mode, padding,
                                                align)])
    return fn


case("grid_sample_bilinear_zeros", opset=16)(grid_sample_case("linear", "zeros", 0))
case("grid_sample_bicubic_reflection_aligned", opset=16)(
    grid_sample_case("cubic", "reflection", 1))
case("grid_sample_nearest_border", opset=16)(grid_sample_case("nearest", "border", 0))


# --------------------------------------------------------------------------
# AffineGrid (opset 20) feeding GridSample, and SwiGLU (opset 28)
# --------------------------------------------------------------------------

def np_affine_grid(theta, size, align):
    n_, dims = size[0], size[2:]
    axes = [np.linspace(-1, 1, d) if align else (2 * np.arange(d) + 1) / d - 1 for d in dims]
    mesh = np.meshgrid(*axes, indexing="ij")                # per dim, [dims...]
    coords = [m.reshape(-1) for m in mesh][::-1]            # x (last dim) first
    base = np.stack(coords + [np.ones_like(coords[0])], axis=1)  # [P, D + 1]
    grid = np.einsum("pk,ndk->npd", base, theta)
    return grid.reshape([n_] + list(dims) + [len(dims)])


@case("affine_grid_sample", opset=20)
def affine_grid_case(rng):
    theta = (normal(rng, [2, 2, 3]) * 0.6).astype(F32)
    x = normal(rng, [2, 3, 5, 4])
    size = np.array([2, 3, 6, 7], np.int64)
    return OpCase([node("AffineGrid", ["theta", "size"], ["grid"], align_corners=1),
                   node("GridSample", ["x", "grid"], ["y"], mode="linear",
                        padding_mode="border")],
                  [("theta", theta), ("x", x)], [("grid", F32), ("y", F32)],
                  lambda f: [np_affine_grid(f64(f["theta"]), size, True),
                             np_grid_sample(f64(f["x"]), np_affine_grid(f64(f["theta"]), size,
                                                                        True),
                                            "linear", "border", 0)],
                  inits=[("size", size)])


@case("swiglu_28", opset=28)
def swiglu_case(rng):
    a, b = normal(rng, [3, 8]), normal(rng, [3, 8])
    return OpCase([node("SwiGLU", ["a", "b"], ["y"], alpha=1.702)],
                  [("a", a), ("b", b)], [("y", F32)],
                  lambda f: [f64(f["a"]) / (1 + np.exp(-1.702 * f64(f["a"]))) * f64(f["b"])])


# --------------------------------------------------------------------------
# TensorScatter (opset 24): a KV cache written at each batch entry's position
# --------------------------------------------------------------------------

def np_tensor_scatter(past, update, w, axis, circular):
    out = past.copy()
    length, steps = past.shape[axis], update.shape[axis]
    for b in range(past.shape[0]):
        for s_ in range(steps):
            t = w[b] + s_
            if circular:
                t %= length
            if t < length:
                dst = [b] + [slice(None)] * (past.ndim - 1)
                src = [b] + [slice(None)] * (past.ndim - 1)
                dst[axis], src[axis] = t, s_
                out[tuple(dst)] = update[tuple(src)]
    return out


@case("tensor_scatter_kv_cache", opset=24)
def tensor_scatter_case(rng):
    past, update = normal(rng, [2, 3, 8, 4]), normal(rng, [2, 3, 2, 4])
    w = np.array([0, 6], np.int64)  # the second entry's linear write ends at the last position
    circ = np.array([7, 3], np.int64)  # the first wraps around
    return OpCase([node("TensorScatter", ["past", "update", "circ"], ["circular"],
                        mode="circular"),
                   node("TensorScatter", ["past", "update", "w"], ["linear"])],
                  [("past", past), ("update", update), ("w", w), ("circ", circ)],
                  [("circular", F32), ("linear", F32)],
                  lambda f: [np_tensor_scatter(f64(f["past"]), f64(f["update"]), f["circ"], 2,
                                               True),
                             np_tensor_scatter(f64(f["past"]), f64(f["update"]), f["w"], 2,
                                               False)],
                  bad_inputs=[("past", past), ("update", update),
                              ("w", np.array([0, 7], np.int64)), ("circ", circ)],
                  bad_error="write index is out of range")


# --------------------------------------------------------------------------
# Narrow formats: float8 and int4 through QuantizeLinear, DequantizeLinear and Cast
# --------------------------------------------------------------------------

@case("narrow_float8_int4", opset=21)
def narrow_case(rng):
    # x / 0.5 reaches past float8e4m3fn's 448 (saturates) and float8e5m2's range is left by
    # the large entries (Cast without saturation: inf).
    x = normal(rng, [3, 5]) * 200
    x[0, :3] = [7e4, -9e4, 1e-6]
    a = positive(rng, [3, 7])
    wz = np.array([1, -2, 0, 3, -8])
    # 35 int4 values (the packed bytes end in half a byte), at or above their column's zero
    # point: positive products (see `positive`)
    w = rng.integers(wz, 8, [7, 5])
    ws = positive(rng, [5]) / 4
    s = np.array(0.5, F32)
    inits = [("s", s), ("z", np.array(0, ml_dtypes.float8_e4m3fn)),
             ("w", w.astype(ml_dtypes.int4)), ("ws", ws), ("wz", wz.astype(ml_dtypes.int4))]

    def ref(f):
        q = onnx.numpy_helper.saturate_cast(f["x"] / s, ml_dtypes.float8_e4m3fn)
        wd = (w - wz).astype(F64) * ws.astype(F64)
        return [q, q.astype(F64) * F64(s), f64(f["a"]) @ wd]
    return OpCase([node("QuantizeLinear", ["x", "s", "z"], ["q"]),
                   node("DequantizeLinear", ["q", "s", "z"], ["d"]),
                   node("DequantizeLinear", ["w", "ws", "wz"], ["wd"], axis=1),
                   node("MatMul", ["a", "wd"], ["y"])],
                  [("x", x), ("a", a)],
                  [("q", ml_dtypes.float8_e4m3fn), ("d", F32), ("y", F32)],
                  ref, inits=inits, ort_optimize=False)


# onnxruntime's Python API returns neither float8e5m2 nor int4 tensors: numpy (ml_dtypes, as
# onnx's reference converts) is the reference. 15 elements: the packed outputs end mid-byte.
@case("narrow_cast_outputs", opset=25)
def narrow_cast_case(rng):
    x = normal(rng, [3, 5]) * 8
    x[0, :3] = [7e4, -9e4, np.nan]
    return OpCase([node("Cast", ["x"], ["c"], to=onnx.TensorProto.FLOAT8E5M2, saturate=0),
                   node("Cast", ["x"], ["i4"], to=onnx.TensorProto.INT4),
                   node("Cast", ["x"], ["u2"], to=onnx.TensorProto.UINT2),
                   node("Cast", ["x"], ["fnuz"], to=onnx.TensorProto.FLOAT8E4M3FNUZ)],
                  [("x", x)],
                  [("c", ml_dtypes.float8_e5m2), ("i4", ml_dtypes.int4), ("u2", ml_dtypes.uint2),
                   ("fnuz", ml_dtypes.float8_e4m3fnuz)],
                  lambda f: [f["x"].astype(ml_dtypes.float8_e5m2), f["x"].astype(ml_dtypes.int4),
                             f["x"].astype(ml_dtypes.uint2),
                             onnx.numpy_helper.saturate_cast(f["x"], ml_dtypes.float8_e4m3fnuz)])


@case("narrow_float4", opset=23)
def narrow_float4_case(rng):
    x = normal(rng, [3, 5]) * 3  # 15 values: the packed output ends mid-byte
    x[0, :4] = [np.nan, 1e9, -0.25, 0.75]  # NaN -> 0, saturation, ties to even
    w = np.array([0.5, -1.5, 6, -4, 3, 0, 1], ml_dtypes.float4_e2m1fn)
    return OpCase([node("Cast", ["x"], ["f4"], to=onnx.TensorProto.FLOAT4E2M1),
                   node("DequantizeLinear", ["w", "s"], ["d"])],
                  [("x", x)], [("f4", ml_dtypes.float4_e2m1fn), ("d", F32)],
                  lambda f: [np.nan_to_num(f["x"], nan=0.0).astype(ml_dtypes.float4_e2m1fn),
                             w.astype(F64) * 0.25],
                  inits=[("w", w), ("s", np.array(0.25, F32))])


# --------------------------------------------------------------------------
# Control flow: If (run-time condition: both branches and a select), Loop and Scan unrolled
# --------------------------------------------------------------------------

def graph(nodes, name, inputs, outputs, inits=()):
    vi = helper.make_tensor_value_info
    return helper.make_graph(nodes, name, [vi(n, t, sh) for n, t, sh in inputs],
                             [vi(n, t, sh) for n, t, sh in outputs],
                             initializer=[numpy_helper.from_array(a, name=n) for n, a in inits])


@case("if_runtime_condition", opset=16)
def if_case(rng):
    x = normal(rng, [2, 3])
    f = onnx.TensorProto.FLOAT
    then = graph([node("Add", ["x", "b"], ["t"])], "then", [], [("t", f, [2, 3])],
                 inits=[("b", normal(rng, [3]))])
    other = graph([node("Mul", ["x", "x"], ["e"])], "else", [], [("e", f, [2, 3])])
    b = then.initializer[0]
    return OpCase([node("If", ["cond"], ["y"], then_branch=then, else_branch=other)],
                  [("cond", np.array(True)), ("x", x)], [("y", F32)],
                  lambda f: [f64(f["x"]) + f64(numpy_helper.to_array(b))
                             if f["cond"] else f64(f["x"]) ** 2])


@case("if_untaken_branch_index", opset=16)
def if_untaken_case(rng):
    # The then-branch gathers at a run-time index that is out of range; the condition is false,
    # so that branch is not taken and its index check must not fail the run.
    x = normal(rng, [4, 3])
    f = onnx.TensorProto.FLOAT
    then = graph([node("Gather", ["x", "i"], ["t"], axis=0)], "then", [], [("t", f, [3])])
    other = graph([node("ReduceMax", ["x"], ["e"], axes=[0], keepdims=0)], "else", [],
                  [("e", f, [3])])
    return OpCase([node("If", ["cond"], ["y"], then_branch=then, else_branch=other)],
                  [("cond", np.array(False)), ("x", x), ("i", np.array(7, np.int64))],
                  [("y", F32)],
                  lambda f: [f64(f["x"])[f["i"]] if f["cond"] else f64(f["x"]).max(axis=0)])


@case("loop_unrolled", opset=16)
def loop_case(rng):
    x = normal(rng, [3])
    f, i64t = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64
    body = graph([node("Identity", ["c"], ["c_out"]),
                  node("Mul", ["y", "half"], ["h"]),
                  node("Add", ["h", "x"], ["y_out"]),  # x: read from the outer graph
                  node("Cast", ["i"], ["fi"], to=f),
                  node("Add", ["y_out", "fi"], ["s"])],
                 "body", [("i", i64t, []), ("c", onnx.TensorProto.BOOL, []), ("y", f, [3])],
                 [("c_out", onnx.TensorProto.BOOL, []), ("y_out", f, [3]), ("s", f, [3])],
                 inits=[("half", np.array(0.5, F32))])

    def ref(feeds):
        y, scans = f64(feeds["y0"]), []
        for i in range(4):
            y = y * 0.5 + f64(feeds["x"])
            scans.append(y + i)
        return [y, np.stack(scans)]
    return OpCase([node("Loop", ["m", "c0", "y0"], ["y", "scan"], body=body)],
                  [("x", x), ("y0", normal(rng, [3]))], [("y", F32), ("scan", F32)], ref,
                  inits=[("m", np.array(4, np.int64)), ("c0", np.array(True))])


# Loops the plan runs: their iterations are known only at run time.
@case("loop_runtime_while", opset=16)
def loop_while_case(rng):
    # M and cond are graph inputs and the body computes its condition from the data: the loop
    # stops when sum(|y|) reaches the limit (6 iterations for this data, well inside M = 50;
    # the sum crosses the limit 40 at 40.67, far above rounding). The body reads an outer
    # weight W and input x, and the iteration number.
    f, b, i64t = onnx.TensorProto.FLOAT, onnx.TensorProto.BOOL, onnx.TensorProto.INT64
    w = normal(rng, [4, 4]) * np.float32(0.5)
    body = graph([node("MatMul", ["y", "W"], ["yw"]),
                  node("Add", ["yw", "x"], ["a"]),
                  node("Tanh", ["a"], ["t"]),
                  node("Cast", ["i"], ["fi"], to=f),
                  node("Mul", ["fi", "tenth"], ["di"]),
                  node("Add", ["t", "di"], ["td"]),
                  node("Add", ["y", "td"], ["y_out"]),
                  node("Abs", ["y_out"], ["ab"]),
                  node("ReduceSum", ["ab"], ["total"], keepdims=0),
                  node("Less", ["total", "limit"], ["c_out"]),
                  node("Add", ["k", "one"], ["k_out"])],
                 "body", [("i", i64t, []), ("c", b, []), ("y", f, [2, 4]), ("k", i64t, [])],
                 [("c_out", b, []), ("y_out", f, [2, 4]), ("k_out", i64t, [])],
                 inits=[("tenth", np.array(0.1, F32)), ("one", np.array(1, np.int64))])

    def ref(feeds):
        y, k, i = f64(feeds["y0"]), 0, 0
        x, wt = f64(feeds["x"]), f64(w)
        cond = bool(feeds["c0"])
        while i < int(feeds["m"]) and cond:
            y = y + np.tanh(y @ wt + x) + 0.1 * i
            cond = np.abs(y).sum() < float(feeds["limit"])
            k, i = k + 1, i + 1
        return [y, np.array(k, np.int64)]
    return OpCase([node("Loop", ["m", "c0", "y0", "k0"], ["y", "k"], body=body)],
                  [("m", np.array(50, np.int64)), ("c0", np.array(True)),
                   ("y0", normal(rng, [2, 4])), ("x", normal(rng, [4])),
                   ("limit", np.array(40.0, F32))],
                  [("y", F32), ("k", np.int64)], ref,
                  inits=[("W", w), ("k0", np.array(0, np.int64))])


@case("loop_runtime_trip_count", opset=16)
def loop_trip_case(rng):
    # M is a graph input and there is no condition. The body gathers row i of X (a run-time
    # index, checked): the second data set's M runs past X's rows and must fail the run.
    f, i64t = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64
    body = graph([node("Gather", ["X", "i"], ["row"], axis=0),
                  node("Mul", ["y", "decay"], ["yd"]),
                  node("Add", ["yd", "row"], ["y_out"]),
                  node("Identity", ["c"], ["c_out"])],
                 "body", [("i", i64t, []), ("c", onnx.TensorProto.BOOL, []), ("y", f, [3])],
                 [("c_out", onnx.TensorProto.BOOL, []), ("y_out", f, [3])],
                 inits=[("decay", np.array(0.75, F32))])
    x = normal(rng, [6, 3])

    def ref(feeds):
        y = f64(feeds["y0"])
        for i in range(int(feeds["m"])):
            y = y * 0.75 + f64(feeds["X"])[i]
        return [y]
    return OpCase([node("Loop", ["m", "", "y0"], ["y"], body=body)],
                  [("m", np.array(5, np.int64)), ("y0", normal(rng, [3])), ("X", x)],
                  [("y", F32)], ref,
                  bad_inputs=[("m", np.array(7, np.int64)), ("y0", normal(rng, [3])), ("X", x)],
                  bad_error="an index is out of range")


@case("loop_runtime_slice_window", opset=16)
def loop_window_case(rng):
    # The body slices X[i : i + 2] at the iteration number (Slice's starts and ends known only
    # at run time, ends = starts + 2): a window of static size, gathered at run time.
    f, i64t = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64
    body = graph([node("Add", ["i", "two"], ["end"]),
                  node("Unsqueeze", ["i", "zero"], ["s"]),
                  node("Unsqueeze", ["end", "zero"], ["e"]),
                  node("Slice", ["X", "s", "e", "zero"], ["rows"]),
                  node("Mul", ["y", "rows"], ["p"]),
                  node("Add", ["y", "p"], ["y_out"]),
                  node("Identity", ["c"], ["c_out"])],
                 "body", [("i", i64t, []), ("c", onnx.TensorProto.BOOL, []), ("y", f, [2, 3])],
                 [("c_out", onnx.TensorProto.BOOL, []), ("y_out", f, [2, 3])],
                 inits=[("two", np.array(2, np.int64)), ("zero", np.array([0], np.int64))])
    x = normal(rng, [7, 3]) * np.float32(0.5)

    def ref(feeds):
        y = f64(feeds["y0"])
        for i in range(int(feeds["m"])):
            y = y + y * f64(feeds["X"])[i:i + 2]
        return [y]
    return OpCase([node("Loop", ["m", "", "y0"], ["y"], body=body)],
                  [("m", np.array(6, np.int64)), ("y0", normal(rng, [2, 3])), ("X", x)],
                  [("y", F32)], ref)


@case("loop_runtime_no_trip_count", opset=16)
def loop_cond_case(rng):
    # No trip count: the body's condition (i + 1 < n, n a graph input) ends the loop. Two
    # carried values trade places each iteration (a = b, b = a: yielded as they came in), a
    # third accumulates.
    f, b, i64t = onnx.TensorProto.FLOAT, onnx.TensorProto.BOOL, onnx.TensorProto.INT64
    body = graph([node("Add", ["i", "one"], ["i1"]),
                  node("Less", ["i1", "n"], ["c_out"]),
                  node("Mul", ["a", "two"], ["a2"]),
                  node("Add", ["s", "a2"], ["s_out"])],
                 "body", [("i", i64t, []), ("c", b, []), ("a", f, [2, 2]), ("b", f, [2, 2]),
                          ("s", f, [2, 2])],
                 [("c_out", b, []), ("b", f, [2, 2]), ("a", f, [2, 2]), ("s_out", f, [2, 2])],
                 inits=[("one", np.array(1, np.int64)), ("two", np.array(2.0, F32))])

    def ref(feeds):
        a, bb, s, i = f64(feeds["a0"]), f64(feeds["b0"]), f64(feeds["s0"]), 0
        while True:
            a, bb, s = bb, a, s + 2 * a
            i += 1
            if not i < int(feeds["n"]):
                break
        return [a, bb, s]
    return OpCase([node("Loop", ["", "c0", "a0", "b0", "s0"], ["a", "b", "s"], body=body)],
                  [("c0", np.array(True)), ("n", np.array(5, np.int64)),
                   ("a0", normal(rng, [2, 2])), ("b0", normal(rng, [2, 2])),
                   ("s0", normal(rng, [2, 2]))],
                  [("a", F32), ("b", F32), ("s", F32)], ref)


@case("loop_runtime_long_scan", opset=16)
def loop_long_case(rng):
    # A trip count known at compile time but past what picoc unrolls (4096): the plan runs
    # it, and stacks its scan output (5000 rows).
    f = onnx.TensorProto.FLOAT
    body = graph([node("Mul", ["y", "decay"], ["yd"]),
                  node("Add", ["yd", "x"], ["y_out"]),
                  node("Cast", ["i"], ["fi"], to=f),
                  node("Mul", ["y_out", "fi"], ["s"]),
                  node("Identity", ["c"], ["c_out"])],
                 "body", [("i", onnx.TensorProto.INT64, []), ("c", onnx.TensorProto.BOOL, []),
                          ("y", f, [2])],
                 [("c_out", onnx.TensorProto.BOOL, []), ("y_out", f, [2]), ("s", f, [2])],
                 inits=[("decay", np.array(0.5, F32))])

    def ref(feeds):
        y, scans = f64(feeds["y0"]), []
        for i in range(5000):
            y = y * 0.5 + f64(feeds["x"])
            scans.append(y * i)
        return [y, np.stack(scans)]
    return OpCase([node("Loop", ["m", "", "y0"], ["y", "scan"], body=body)],
                  [("x", normal(rng, [2])), ("y0", normal(rng, [2]))],
                  [("y", F32), ("scan", F32)], ref,
                  inits=[("m", np.array(5000, np.int64))])


@case("scan_runtime_long", opset=16)
def scan_long_case(rng):
    # 5000 positions, past what picoc unrolls (4096): a loop of the plan. a is scanned along
    # axis 1, b backwards along axis 0; o is stacked along axis 1 in reverse, p along axis 0.
    f = onnx.TensorProto.FLOAT
    body = graph([node("Mul", ["at", "bt"], ["m"]),
                  node("Mul", ["s", "decay"], ["sd"]),
                  node("Add", ["sd", "m"], ["s_out"]),
                  node("Identity", ["s_out"], ["o"]),
                  node("ReduceSum", ["m"], ["p"], keepdims=1)],
                 "body", [("s", f, [2]), ("at", f, [2]), ("bt", f, [2])],
                 [("s_out", f, [2]), ("o", f, [2]), ("p", f, [1])],
                 inits=[("decay", np.array(0.5, F32))])
    n = 5000

    def ref(feeds):
        s, a, b, outs, ps = f64(feeds["s0"]), f64(feeds["a"]), f64(feeds["b"]), [], []
        for t in range(n):
            m = a[:, t] * b[n - 1 - t]
            s = s * 0.5 + m
            outs.append(s)
            ps.append(m.sum(keepdims=True))
        return [s, np.stack(outs[::-1], axis=1), np.stack(ps)]
    return OpCase([node("Scan", ["s0", "a", "b"], ["s", "o", "p"], body=body, num_scan_inputs=2,
                        scan_input_axes=[1, 0], scan_input_directions=[0, 1],
                        scan_output_axes=[1, 0], scan_output_directions=[1, 0])],
                  [("s0", normal(rng, [2])), ("a", normal(rng, [2, n])), ("b", normal(rng, [n, 2]))],
                  [("s", F32), ("o", F32), ("p", F32)], ref)


@case("scan8_batch_directions", opset=8)
def scan8_case(rng):
    # Scan-8: a batch axis 0 on every input (2 entries scanned on their own), the sequence
    # along axis 1; b scanned backwards; sequence_lens given, the full length.
    f = onnx.TensorProto.FLOAT
    body = graph([node("Mul", ["at", "bt"], ["p"]), node("Add", ["s", "p"], ["s_out"]),
                  node("Identity", ["s_out"], ["o"])],
                 "body", [("s", f, [3]), ("at", f, [3]), ("bt", f, [3])],
                 [("s_out", f, [3]), ("o", f, [3])])

    def ref(feeds):
        finals, outs = [], []
        for b in range(2):
            s, a, bb, o = f64(feeds["s0"])[b], f64(feeds["a"])[b], f64(feeds["b"])[b], []
            for t in range(4):
                s = s + a[t] * bb[3 - t]
                o.append(s)
            finals.append(s)
            outs.append(np.stack(o))
        return [np.stack(finals), np.stack(outs)]
    return OpCase([node("Scan", ["lens", "s0", "a", "b"], ["s", "o"], body=body,
                        num_scan_inputs=2, directions=[0, 1])],
                  [("s0", normal(rng, [2, 3])), ("a", normal(rng, [2, 4, 3])),
                   ("b", normal(rng, [2, 4, 3]))],
                  [("s", F32), ("o", F32)], ref, inits=[("lens", np.array([4, 4], np.int64))])


@case("if_branch_runtime_loop", opset=16)
def if_loop_case(rng):
    # A run-time If whose then-branch holds a while-loop (no trip count: doubles x while
    # sum(x) < 100). picoc computes both branches; the loop must not run where its branch is
    # not taken: here x is negative and the condition false, so run, it would never end.
    f, b, i64t = onnx.TensorProto.FLOAT, onnx.TensorProto.BOOL, onnx.TensorProto.INT64
    body = graph([node("Mul", ["v", "two"], ["v_out"]),
                  node("ReduceSum", ["v_out"], ["s"], keepdims=0),
                  node("Less", ["s", "limit"], ["c_out"])],
                 "body", [("i", i64t, []), ("c", b, []), ("v", f, [3])],
                 [("c_out", b, []), ("v_out", f, [3])],
                 inits=[("two", np.array(2.0, F32)), ("limit", np.array(100.0, F32))])
    then = graph([node("Loop", ["", "go", "x"], ["t"], body=body)], "then", [],
                 [("t", f, [3])], inits=[("go", np.array(True))])
    other = graph([node("Neg", ["x"], ["e"])], "else", [], [("e", f, [3])])

    def ref(feeds):
        x = f64(feeds["x"])
        if not feeds["cond"]:
            return [-x]
        while True:
            x = x * 2
            if not x.sum() < 100:
                return [x]
    x = -np.abs(normal(rng, [3])) - np.float32(0.5)
    return OpCase([node("If", ["cond"], ["y"], then_branch=then, else_branch=other)],
                  [("cond", np.array(False)), ("x", x)], [("y", F32)], ref)


@case("scan_axes_directions", opset=16)
def scan_case(rng):
    f = onnx.TensorProto.FLOAT
    body = graph([node("Mul", ["at", "bt"], ["p"]), node("Add", ["s", "p"], ["s_out"]),
                  node("Identity", ["s_out"], ["o"])],
                 "body", [("s", f, [2]), ("at", f, [2]), ("bt", f, [2])],
                 [("s_out", f, [2]), ("o", f, [2])])

    def ref(feeds):
        s, a, b, outs = f64(feeds["s0"]), f64(feeds["a"]), f64(feeds["b"]), []
        for t in range(5):
            s = s + a[:, t] * b[4 - t]  # a scanned along axis 1, b backwards along axis 0
            outs.append(s)
        return [s, np.stack(outs[::-1], axis=1)]  # stacked along axis 1, in reverse
    return OpCase([node("Scan", ["s0", "a", "b"], ["s", "o"], body=body, num_scan_inputs=2,
                        scan_input_axes=[1, 0], scan_input_directions=[0, 1],
                        scan_output_axes=[1], scan_output_directions=[1])],
                  [("s0", normal(rng, [2])), ("a", normal(rng, [2, 5])),
                   ("b", normal(rng, [5, 2]))],
                  [("s", F32), ("o", F32)], ref)


# --------------------------------------------------------------------------
# Linear attention and the causal convolution of gated DeltaNet / Mamba (opset 27); numpy
# computes the recurrence as the op's definition states it, a check of onnxruntime's result
# --------------------------------------------------------------------------

@case("linear_attention_gated_delta_gqa", opset=27)
def linear_attention_case(rng):
    b, t, hq, hkv, dk, dv = 2, 3, 4, 2, 4, 3
    q, k = normal(rng, [b, t, hq * dk]), normal(rng, [b, t, hkv * dk])
    k = (k.reshape(b, t, hkv, dk) / np.linalg.norm(k.reshape(b, t, hkv, dk), axis=-1,
                                                    keepdims=True)).reshape(b, t, -1).astype(F32)
    v, past = normal(rng, [b, t, hkv * dv]), normal(rng, [b, hkv, dk, dv])
    decay = -positive(rng, [b, t, hkv])  # log-space, per head
    beta = positive(rng, [b, t, hkv])

    def ref(f):
        s, outs = f64(f["past"]), []
        for i in range(t):
            kt = f64(f["k"][:, i].reshape(b, hkv, dk, 1))
            vt = f64(f["v"][:, i].reshape(b, hkv, 1, dv))
            s = s * np.exp(f64(f["decay"][:, i]).reshape(b, hkv, 1, 1))
            recalled = (s * kt).sum(axis=2, keepdims=True)
            s = s + kt * (f64(f["beta"][:, i]).reshape(b, hkv, 1, 1) * (vt - recalled))
            shared = np.repeat(s, hq // hkv, axis=1)
            qt = f64(f["q"][:, i].reshape(b, hq, 1, dk)) / np.sqrt(dk)
            outs.append((qt @ shared).reshape(b, 1, hq * dv))
        return [np.concatenate(outs, axis=1), s]
    return OpCase([node("LinearAttention", ["q", "k", "v", "past", "decay", "beta"], ["y", "s"],
                        q_num_heads=hq, kv_num_heads=hkv, update_rule="gated_delta")],
                  [("q", q), ("k", k), ("v", v), ("past", past), ("decay", decay),
                   ("beta", beta)], [("y", F32), ("s", F32)], ref)


@case("causal_conv_with_state_silu", opset=27)
def causal_conv_case(rng):
    x, w, bias, past = (normal(rng, [2, 3, 5]), normal(rng, [3, 1, 4]), normal(rng, [3]),
                        normal(rng, [2, 3, 3]))

    def ref(f):
        full = np.concatenate([f64(f["past"]), f64(f["x"])], axis=2)
        y = np.stack([sum(full[:, :, j + i] * f64(f["w"])[:, 0, i] for i in range(4))
                      for j in range(5)], axis=2) + f64(f["bias"])[:, None]
        return [y / (1 + np.exp(-y)), full[:, :, -3:]]
    return OpCase([node("CausalConvWithState", ["x", "w", "bias", "past"], ["y", "state"],
                        activation="silu")],
                  [("x", x), ("w", w), ("bias", bias), ("past", past)],
                  [("y", F32), ("state", F32)], ref)


# --------------------------------------------------------------------------
# Integer and requantized contractions
# --------------------------------------------------------------------------

@case("qlinearmatmul_per_column", opset=21)
def qlinearmatmul_case(rng):
    a = rng.integers(0, 256, [3, 4, 5]).astype(np.uint8)
    b = rng.integers(0, 256, [5, 6]).astype(np.uint8)
    a_s, b_s, y_s = np.array(0.05, F32), (positive(rng, [6]) / 20).astype(F32), np.array(0.5, F32)
    a_z, b_z = np.array(120, np.uint8), rng.integers(100, 140, [6]).astype(np.uint8)
    y_z = np.array(128, np.uint8)

    def ref(f):
        acc = (f["a"].astype(np.int64) - 120) @ (f["b"].astype(np.int64) - b_z.astype(np.int64))
        y = np.rint(acc * (a_s * b_s / y_s).astype(F64) + 128)
        return [np.clip(y, 0, 255).astype(np.uint8)]
    return OpCase([node("QLinearMatMul", ["a", "as", "az", "b", "bs", "bz", "ys", "yz"], ["y"])],
                  [("a", a), ("b", b)], [("y", np.uint8)], ref,
                  inits=[("as", a_s), ("az", a_z), ("bs", b_s), ("bz", b_z), ("ys", y_s),
                         ("yz", y_z)])


# --------------------------------------------------------------------------
# Col2Im (strided, dilated, padded) and ReverseSequence (lengths at run time)
# --------------------------------------------------------------------------

def np_col2im(cols, image, block, strides, dilations, pads):
    n, ck, _ = cols.shape
    c = ck // int(np.prod(block))
    padded = [image[i] + pads[i] + pads[2 + i] for i in range(2)]
    lengths = [(padded[i] - dilations[i] * (block[i] - 1) - 1) // strides[i] + 1 for i in range(2)]
    out = np.zeros([n, c] + padded)
    cols = cols.reshape(n, c, block[0], block[1], lengths[0], lengths[1])
    for a in range(block[0]):
        for b in range(block[1]):
            for i in range(lengths[0]):
                for j in range(lengths[1]):
                    out[:, :, a * dilations[0] + i * strides[0],
                        b * dilations[1] + j * strides[1]] += cols[:, :, a, b, i, j]
    return out[:, :, pads[0]:pads[0] + image[0], pads[1]:pads[1] + image[1]]


@case("col2im_strided_dilated_padded", opset=18)
def col2im_case(rng):
    image, block, strides, dilations, pads = [7, 6], [2, 3], [2, 1], [1, 2], [1, 0, 2, 1]
    lengths = [(image[i] + pads[i] + pads[2 + i] - dilations[i] * (block[i] - 1) - 1)
               // strides[i] + 1 for i in range(2)]
    x = normal(rng, [2, 3 * 6, lengths[0] * lengths[1]])
    return OpCase([node("Col2Im", ["x", "image", "block"], ["y"], strides=strides,
                        dilations=dilations, pads=pads)],
                  [("x", x)], [("y", F32)],
                  lambda f: [np_col2im(f64(f["x"]), image, block, strides, dilations, pads)],
                  inits=[("image", i64(image)), ("block", i64(block))])


@case("reverse_sequence_runtime_lengths", opset=10)
def reverse_sequence_case(rng):
    x = normal(rng, [3, 4, 2])  # batch_axis 1, time_axis 0
    lens = np.array([3, 1, 0, 2], np.int64)

    def ref(f):
        y = f64(f["x"]).copy()
        for b, n_ in enumerate(f["lens"]):
            y[:n_, b] = y[:n_, b][::-1]
        return [y]
    return OpCase([node("ReverseSequence", ["x", "lens"], ["y"], batch_axis=1, time_axis=0)],
                  [("x", x), ("lens", lens)], [("y", F32)], ref)


# --------------------------------------------------------------------------
# DFT: real and complex signals, cut or zero-padded, onesided, inverse (numpy's fft)
# --------------------------------------------------------------------------

def np_dft(x, n_, axis, inverse, onesided):
    axis %= x.ndim  # an axis of x; the signal below drops x's last dim
    sig = x[..., 0] + (1j * x[..., 1] if x.shape[-1] == 2 else 0)
    if inverse and onesided:
        return np.fft.irfft(sig, n=n_, axis=axis)[..., np.newaxis]
    y = np.fft.ifft(sig, n=n_, axis=axis) if inverse else np.fft.fft(sig, n=n_, axis=axis)
    if onesided:
        y = np.take(y, np.arange(n_ // 2 + 1), axis=axis)
    return np.stack([y.real, y.imag], axis=-1)


def dft_case(shape, n_, axis, inverse, onesided, opset):
    def fn(rng):
        x = normal(rng, shape)
        attrs = dict(inverse=int(inverse), onesided=int(onesided))
        ins, inits = ["x", "n"], [("n", np.array(n_, np.int64))]
        if opset >= 20:
            ins.append("axis")
            inits.append(("axis", np.array(axis, np.int64)))
        else:
            attrs["axis"] = axis
        return OpCase([node("DFT", ins, ["y"], **attrs)], [("x", x)], [("y", F32)],
                      lambda f: [np_dft(f64(f["x"]), n_, axis, inverse, onesided)], inits=inits)
    return fn


case("dft_complex_padded_17", opset=17)(dft_case([3, 7, 2], 8, 1, False, False, 17))
case("dft_complex_inverse_padded_20", opset=20)(dft_case([2, 8, 3, 2], 10, 1, True, False, 20))
case("dft_irfft_20", opset=20)(dft_case([2, 5, 2], 8, -2, True, True, 20))


# --------------------------------------------------------------------------
# Empty tensors: a dim of 0. Values of no elements fold away; what reads them and still has
# elements is a reduction's identity, a product's zeros, a concatenation without them.
# --------------------------------------------------------------------------

@case("empty_tensors", opset=18)
def empty_tensors_case(rng):
    x = np.zeros([2, 0, 3], F32)
    a = np.zeros([2, 0], F32)
    y = normal(rng, [2, 1, 3])
    b = np.zeros([0, 4], F32)
    nodes = [node("Relu", ["x"], ["empty"]),
             node("ReduceSum", ["x", "axes"], ["zeros"], keepdims=1),
             node("ReduceMax", ["x", "axes"], ["lowest"], keepdims=0),
             node("Concat", ["x", "y", "x"], ["joined"], axis=1),
             node("Add", ["zeros", "joined"], ["sum"]),
             node("MatMul", ["a", "b"], ["product"])]
    return OpCase(nodes, [("x", x), ("y", y), ("a", a)],
                  [("empty", F32), ("sum", F32), ("lowest", F32), ("product", F32)],
                  lambda f: [np.maximum(f64(f["x"]), 0), f64(f["y"]),
                             np.full([2, 3], -np.inf), np.zeros([2, 4])],
                  inits=[("axes", i64([1])), ("b", b)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="regex: build only the matching cases")
    ap.add_argument("--out", type=Path, default=TEST_OPS)
    args = ap.parse_args()
    names = [n for n in CASES if not args.only or re.search(args.only, n)]
    if not names:
        raise SystemExit("no case matches")
    sources = {}
    for n in names:
        fn, opset = CASES[n]
        sources[n] = build(n, fn, opset, args.out)
    numpy_refs = [n for n, s in sources.items() if s == "numpy"]
    print(f"{len(names)} cases written to {args.out}"
          + (f"; numpy references: {', '.join(numpy_refs)}" if numpy_refs else ""))


if __name__ == "__main__":
    sys.exit(main())
