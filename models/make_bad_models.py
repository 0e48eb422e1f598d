#!/usr/bin/env python3
"""Writes the small malformed or unsupported ONNX models that test/lit/bad-input.test feeds to picoc.

Each model is a few hundred bytes, built with onnx.helper (no checker: some are invalid on purpose):
  unsupported_ops.onnx  two ops picoc does not support (TfIdfVectorizer, a custom-domain op) among good ones
  bad_shapes.onnx       MatMul of [2, 3] by [4, 5]
  cycle.onnx            two nodes that consume each other's outputs
  dangling.onnx         a node reading a value that nothing produces
  bad_dim.onnx          an input with a negative dim
  empty_input.onnx      an input with a zero dim (valid: an empty tensor)
  grid_sample_empty.onnx  GridSample of an image with an empty spatial dim
  dft_last_axis.onnx    DFT along the last dim (the real and imaginary parts)
  lstm_no_steps.onnx    LSTM over a sequence of 0 steps (valid: Y empty, Y_h the initial state)
  loop_carried_shape.onnx  a Loop whose body computes its condition from the data (a loop of the
                        plan) and changes a carried value's shape
  if_branch_shapes.onnx an If on a graph input whose branches give different shapes
  body_unsupported.onnx an If whose branch holds an op picoc does not have (--check finds it)
  run_derived_only.onnx an input [1, 2*seq] with no input dim that is seq alone (run-time seq)
  run_huge_coeff.onnx   an input dim '4611686018427387904*seq' (run-time seq)
  run_ambiguous_view.onnx  opset-11 Softmax(axis 0) of [4, s]: flattened to [1, 4*s] and back,
                        a view whose run-time dim could be either (run-time s <= 4)
  state_batch.onnx      a KV cache [batch, past, 4] concatenated with [batch, 1, 4] along past,
                        for --state with a run-time batch too (a state keeps one layout)
  row_cache.onnx        (valid) Softmax and LayerNormalization of one [4, 64] input, for
                        test/lit/row-cache.test
  padded_scale.onnx     (valid) x [2, 4, 8, 8] times a per-channel s [4, 1, 1], padded by one on H
                        and W, for test/lit/guarded-loads.test

Usage: python3 models/make_bad_models.py  (writes into test/lit/Inputs/)
"""

from pathlib import Path

import onnx
from onnx import TensorProto, helper

OUT = Path(__file__).resolve().parent.parent / "test" / "lit" / "Inputs"


def model(nodes, inputs, outputs, name):
    graph = helper.make_graph(nodes, name, inputs, outputs)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="picoc-tests",
                          ir_version=8)
    onnx.save(m, OUT / f"{name}.onnx")


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    model([helper.make_node("Relu", ["x"], ["a"], name="relu_ok"),
           helper.make_node("TfIdfVectorizer", ["a"], ["b"], name="the_tfidf"),
           helper.make_node("FancyOp", ["b"], ["y"], name="the_custom_op", domain="com.example")],
          [f32("x", [2, 3])], [f32("y", [2, 3])], "unsupported_ops")
    model([helper.make_node("MatMul", ["a", "b"], ["y"], name="bad_matmul")],
          [f32("a", [2, 3]), f32("b", [4, 5])], [f32("y", [2, 5])], "bad_shapes")
    model([helper.make_node("Add", ["x", "q"], ["p"], name="cycle_a"),
           helper.make_node("Relu", ["p"], ["q"], name="cycle_b")],
          [f32("x", [2])], [f32("q", [2])], "cycle")
    model([helper.make_node("Add", ["x", "nowhere"], ["y"], name="reads_nothing")],
          [f32("x", [2])], [f32("y", [2])], "dangling")
    model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
          [f32("x", [-2, 3])], [f32("y", [-2, 3])], "bad_dim")
    model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
          [f32("x", [0, 3])], [f32("y", [0, 3])], "empty_input")
    model([helper.make_node("GridSample", ["x", "grid"], ["y"], name="sampler")],
          [f32("x", [1, 2, 0, 4]), f32("grid", [1, 3, 3, 2])], [f32("y", [1, 2, 3, 3])],
          "grid_sample_empty")
    model([helper.make_node("DFT", ["x"], ["y"], name="dft", axis=2)],
          [f32("x", [2, 8, 2])], [f32("y", [2, 8, 2])], "dft_last_axis")
    model([helper.make_node("LSTM", ["x", "w", "r"], ["y", "y_h"], name="lstm", hidden_size=4)],
          [f32("x", [0, 2, 3]), f32("w", [1, 16, 3]), f32("r", [1, 16, 4])],
          [f32("y", [0, 1, 2, 4]), f32("y_h", [1, 2, 4])], "lstm_no_steps")
    boolean = TensorProto.BOOL
    body = helper.make_graph(
        [helper.make_node("Concat", ["v", "v"], ["v_out"], name="double", axis=0),
         helper.make_node("ReduceSum", ["v_out"], ["total"], name="sum", keepdims=0),
         helper.make_node("Less", ["total", "limit"], ["go_on"], name="compare")],
        "body", [helper.make_tensor_value_info("i", TensorProto.INT64, []),
                 helper.make_tensor_value_info("c", boolean, []), f32("v", [2])],
        [helper.make_tensor_value_info("go_on", boolean, []), f32("v_out", [4])],
        initializer=[helper.make_tensor("limit", TensorProto.FLOAT, [], [100.0])])
    model([helper.make_node("Constant", [], ["c0"], name="start",
                            value=helper.make_tensor("c0", boolean, [], [True])),
           helper.make_node("Loop", ["", "c0", "x"], ["y"], name="grow", body=body)],
          [f32("x", [2])], [f32("y", None)], "loop_carried_shape")
    then = helper.make_graph([helper.make_node("Identity", ["x"], ["t"], name="same")], "then", [],
                             [f32("t", [2, 3])])
    other = helper.make_graph([helper.make_node("ReduceSum", ["x"], ["e"], name="fold")], "else",
                              [], [f32("e", [1, 1])])
    model([helper.make_node("If", ["c"], ["y"], name="choose", then_branch=then,
                            else_branch=other)],
          [helper.make_tensor_value_info("c", boolean, []), f32("x", [2, 3])], [f32("y", None)],
          "if_branch_shapes")
    odd = helper.make_graph([helper.make_node("TfIdfVectorizer", ["x"], ["t"], name="inner")],
                            "then", [], [f32("t", [2, 3])])
    model([helper.make_node("If", ["c"], ["y"], name="outer", then_branch=odd,
                            else_branch=then)],
          [helper.make_tensor_value_info("c", boolean, []), f32("x", [2, 3])], [f32("y", [2, 3])],
          "body_unsupported")
    # Run-time dims (test/lit/run-time-dims.test gives --dim seq=... / s=...).
    model([helper.make_node("Shape", ["x"], ["s"], name="shape"),
           helper.make_node("Cast", ["s"], ["y"], name="cast", to=TensorProto.FLOAT)],
          [f32("x", [1, "2*seq"])], [f32("y", [2])], "run_derived_only")
    model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
          [f32("x", [1, "4611686018427387904*seq"])], [f32("y", None)], "run_huge_coeff")
    legacy = helper.make_model(
        helper.make_graph([helper.make_node("Softmax", ["x"], ["y"], name="softmax", axis=0)],
                          "run_ambiguous_view", [f32("x", [4, "s"])], [f32("y", [4, "s"])]),
        opset_imports=[helper.make_opsetid("", 11)], producer_name="picoc-tests", ir_version=8)
    onnx.save(legacy, OUT / "run_ambiguous_view.onnx")
    ramp = [helper.make_node("Constant", [], [name], name=name,
                             value=helper.make_tensor(name, TensorProto.FLOAT, [64],
                                                      [lo + (hi - lo) * i / 63 for i in range(64)]))
            for name, lo, hi in (("scale", 0.5, 1.5), ("bias", -1.0, 1.0))]
    model(ramp + [helper.make_node("Softmax", ["x"], ["soft"], name="soft", axis=-1),
                  helper.make_node("LayerNormalization", ["x", "scale", "bias"], ["norm"],
                                   name="norm", axis=-1)],
          [f32("x", [4, 64])], [f32("soft", [4, 64]), f32("norm", [4, 64])], "row_cache")
    pads = helper.make_tensor("pads", TensorProto.INT64, [8], [0, 0, 1, 1, 0, 0, 1, 1])
    model([helper.make_node("Mul", ["x", "s"], ["xs"], name="scale"),
           helper.make_node("Constant", [], ["pads"], value=pads),
           helper.make_node("Pad", ["xs", "pads"], ["y"], name="pad")],
          [f32("x", [2, 4, 8, 8]), f32("s", [4, 1, 1])], [f32("y", [2, 4, 10, 10])], "padded_scale")
    model([helper.make_node("Concat", ["past", "x"], ["present"], name="concat", axis=1)],
          [f32("past", ["batch", "past", 4]), f32("x", ["batch", 1, 4])],
          [f32("present", ["batch", "past + 1", 4])], "state_batch")


if __name__ == "__main__":
    main()
