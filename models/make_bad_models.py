#!/usr/bin/env python3
"""Writes the small malformed or unsupported ONNX models that test/lit/bad-input.test feeds to picoc.

Each model is a few hundred bytes, built with onnx.helper (no checker: some are invalid on purpose):
  unsupported_ops.onnx  two ops picoc does not support (TfIdfVectorizer, a custom-domain op) among good ones
  bad_shapes.onnx       MatMul of [2, 3] by [4, 5]
  cycle.onnx            two nodes that consume each other's outputs
  dangling.onnx         a node reading a value that nothing produces
  bad_dim.onnx          an input with a negative dim
  empty_input.onnx      an input with a zero dim (valid: an empty tensor)

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


if __name__ == "__main__":
    main()
