#!/usr/bin/env python3
"""Writes test/rundims/: models compiled once with run-time dims (a `run_dims` file,
NAME=MIN..MAX a line) and run at several sizes, one data set per size, with onnxruntime's
outputs as the reference. A last data set whose size is outside the bounds carries the
error the run must fail with (expected_error.txt).

    test/rundims/<case>/model.onnx
    test/rundims/<case>/run_dims
    test/rundims/<case>/test_data_set_<k>/input_<i>.pb, output_<i>.pb

Usage: python3 models/make_run_dim_tests.py [OUT_DIR]   (default: test/rundims)
"""
import pathlib
import shutil
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array), name=name)


def model(nodes, inputs, outputs, inits):
    graph = helper.make_graph(nodes, "g", inputs, outputs, inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    m.ir_version = 8
    onnx.checker.check_model(m, full_check=True)
    return m


def f32(name, dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)


def mlp_rows(rng):
    """Rows of a run-time length through a matmul, a bias and an activation."""
    w = rng.standard_normal((32, 48)).astype(np.float32) * 0.2
    b = rng.standard_normal(48).astype(np.float32)
    nodes = [helper.make_node("MatMul", ["x", "w"], ["h"]),
             helper.make_node("Add", ["h", "b"], ["hb"]),
             helper.make_node("Tanh", ["hb"], ["y"])]
    m = model(nodes, [f32("x", [1, "seq", 32])], [f32("y", [1, "seq", 48])],
              [tensor("w", w), tensor("b", b)])
    sizes = [{"seq": s} for s in (1, 7, 64)]
    feeds = lambda d: {"x": rng.standard_normal((1, d["seq"], 32)).astype(np.float32)}
    return m, {"seq": (1, 64)}, sizes, feeds, {"seq": 65}


def attention_block(rng):
    """A transformer block over seq tokens: an embedding gather, a layer norm, self-attention
    (heads split by Reshape with -1, scores over seq x seq, a softmax over seq, a product that
    sums over seq), an output projection and a residual; then a sum over the tokens and the
    block's input and output concatenated along seq."""
    d, heads, vocab = 64, 4, 50
    hd = d // heads
    init = {
        "emb": rng.standard_normal((vocab, d)).astype(np.float32) * 0.5,
        "gamma": (1 + 0.1 * rng.standard_normal(d)).astype(np.float32),
        "beta": (0.1 * rng.standard_normal(d)).astype(np.float32),
        "scale": np.array(1 / np.sqrt(hd), dtype=np.float32),
        "split": np.array([1, -1, heads, hd], dtype=np.int64),
        "merge": np.array([1, -1, d], dtype=np.int64),
    }
    for w in ("wq", "wk", "wv", "wo"):
        init[w] = (rng.standard_normal((d, d)) / np.sqrt(d)).astype(np.float32)
    n = helper.make_node
    nodes = [
        n("Gather", ["emb", "ids"], ["e"]),
        n("Add", ["x", "e"], ["h"]),
        n("LayerNormalization", ["h", "gamma", "beta"], ["hn"], axis=-1, epsilon=1e-5),
    ]
    for p in ("q", "k", "v"):
        nodes += [n("MatMul", ["hn", "w" + p], [p + "2"]),
                  n("Reshape", [p + "2", "split"], [p + "4"]),
                  n("Transpose", [p + "4"], [p + "h"], perm=[0, 2, 1, 3])]
    nodes += [
        n("Transpose", ["kh"], ["kt"], perm=[0, 1, 3, 2]),
        n("MatMul", ["qh", "kt"], ["s"]),
        n("Mul", ["s", "scale"], ["ss"]),
        n("Softmax", ["ss"], ["p"], axis=-1),
        n("MatMul", ["p", "vh"], ["oh"]),
        n("Transpose", ["oh"], ["o4"], perm=[0, 2, 1, 3]),
        n("Reshape", ["o4", "merge"], ["o"]),
        n("MatMul", ["o", "wo"], ["proj"]),
        n("Add", ["proj", "h"], ["y"]),
        n("ReduceSum", ["y", "axes"], ["pooled"], keepdims=1),
        n("Concat", ["h", "y"], ["both"], axis=1),
    ]
    init["axes"] = np.array([1], dtype=np.int64)
    inputs = [f32("x", [1, "seq", d]),
              helper.make_tensor_value_info("ids", TensorProto.INT64, [1, "seq"])]
    outputs = [f32("y", [1, "seq", d]), f32("pooled", [1, 1, d]),
               f32("both", [1, "2*seq", d])]
    m = model(nodes, inputs, outputs, [tensor(k, v) for k, v in init.items()])
    sizes = [{"seq": s} for s in (1, 5, 16, 40)]
    feeds = lambda dims: {
        "x": rng.standard_normal((1, dims["seq"], d)).astype(np.float32),
        "ids": rng.integers(0, vocab, (1, dims["seq"])).astype(np.int64)}
    return m, {"seq": (1, 40)}, sizes, feeds, {"seq": 41}


def past_concat(rng):
    """Two run-time dims: a past of `past` rows (0 included: an empty tensor) and `seq` new
    rows, concatenated (the second input at a run-time offset), scaled, and their maximum."""
    d = 16
    n = helper.make_node
    nodes = [n("Concat", ["past", "x"], ["all"], axis=1),
             n("Mul", ["all", "two"], ["y"]),
             n("ReduceMax", ["all"], ["top"], axes=[1], keepdims=1)]
    m = model(nodes, [f32("past", [1, "past", d]), f32("x", [1, "seq", d])],
              [f32("y", [1, "past + seq", d]), f32("top", [1, 1, d])],
              [tensor("two", np.array(2, dtype=np.float32))])
    sizes = [{"past": 0, "seq": 3}, {"past": 5, "seq": 1}, {"past": 8, "seq": 8},
             {"past": 2, "seq": 6}]
    feeds = lambda dims: {
        "past": rng.standard_normal((1, dims["past"], d)).astype(np.float32),
        "x": rng.standard_normal((1, dims["seq"], d)).astype(np.float32)}
    return m, {"past": (0, 8), "seq": (1, 8)}, sizes, feeds, {"past": 9, "seq": 1}


CASES = [mlp_rows, attention_block, past_concat]



def main():
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "test/rundims")
    for make in CASES:
        rng = np.random.default_rng(7)
        m, bounds, sizes, feeds, bad = make(rng)
        case = out / make.__name__
        if case.exists():
            shutil.rmtree(case)
        case.mkdir(parents=True)
        data = m.SerializeToString()
        (case / "model.onnx").write_bytes(data)
        (case / "run_dims").write_text(
            "".join("%s=%d..%d\n" % (k, lo, hi) for k, (lo, hi) in sorted(bounds.items())))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        session = ort.InferenceSession(data, opts, providers=["CPUExecutionProvider"])
        in_names = [i.name for i in session.get_inputs()]
        out_names = [o.name for o in session.get_outputs()]
        for k, dims in enumerate(sizes + [bad]):
            ds = case / ("test_data_set_%d" % k)
            ds.mkdir()
            feed = feeds(dims)
            for i, name in enumerate(in_names):
                (ds / ("input_%d.pb" % i)).write_bytes(
                    numpy_helper.from_array(feed[name], name=name).SerializeToString())
            if dims is bad:
                (ds / "expected_error.txt").write_text("outside the bounds\n")
                continue
            for i, (name, ref) in enumerate(zip(out_names, session.run(None, feed))):
                (ds / ("output_%d.pb" % i)).write_bytes(
                    numpy_helper.from_array(np.ascontiguousarray(ref), name=name)
                    .SerializeToString())
        print("== %s: %s, sizes %s" % (make.__name__, bounds, sizes))


if __name__ == "__main__":
    main()
