#!/usr/bin/env python3
"""Cases too large to keep in the repository, written where they are needed (scripts/test-gpu.sh
prepares them for the GPU suite): kernels whose size picks schedules that the small test cases
never reach.

  elementwise_upcast_tail   Not over [2^21 + 100] bools: big enough that the GPU computes 4
                            elements per thread (upcast), with a partial last tile
  elementwise_upcast_bcast  Xor of [2049, 1030] and [1030] (broadcast along the rows) bools

Each case in the ONNX backend-test layout with onnxruntime's outputs as references.

Usage: make_large_cases.py OUT_DIR
"""

import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper


def write_case(out, name, nodes, inputs, output_name, output_type, output_shape):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(a.dtype), list(a.shape))
         for n, a in inputs],
        [helper.make_tensor_value_info(output_name, output_type, output_shape)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (y,) = sess.run(None, dict(inputs))
    d = out / name / "test_data_set_0"
    d.mkdir(parents=True, exist_ok=True)
    (out / name / "model.onnx").write_bytes(model.SerializeToString())
    for i, (n, a) in enumerate(inputs):
        (d / f"input_{i}.pb").write_bytes(numpy_helper.from_array(a, n).SerializeToString())
    (d / "output_0.pb").write_bytes(numpy_helper.from_array(y, output_name).SerializeToString())
    print(f"wrote {out / name}")


def main():
    out = Path(sys.argv[1])
    rng = np.random.default_rng(7)
    # bool elements: random, and a bit each once packed, so the prepared suite stays small.
    x = rng.random([(1 << 21) + 100]) < 0.5
    write_case(out, "elementwise_upcast_tail", [helper.make_node("Not", ["x"], ["y"])],
               [("x", x)], "y", TensorProto.BOOL, list(x.shape))
    x, w = rng.random([2049, 1030]) < 0.5, rng.random([1030]) < 0.5
    write_case(out, "elementwise_upcast_bcast", [helper.make_node("Xor", ["x", "w"], ["y"])],
               [("x", x), ("w", w)], "y", TensorProto.BOOL, list(x.shape))


if __name__ == "__main__":
    main()
