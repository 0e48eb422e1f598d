#!/usr/bin/env python3
"""Contractions big enough for the GPU's 128 x 128 tensor-core tiles (at least 128 of them):
the schedules the small test cases never reach, in each operand layout and with edges.
scripts/test-gpu.sh compiles each at several targets and precisions; check_contractions.py runs
them on the GPU against PyTorch in float64. Their data is drawn there (a few of these outputs
are 8 MB: too big to carry as test data).

  gemm_nn        MatMul [2048, 512] x [512, 1024]: A along the reduction, B along its columns
  gemm_nt_bias   Gemm [2048, 512] x [1024, 512]^T + bias[1024]: both along the reduction
  gemm_tn        MatMul(Transpose([512, 2048]), [512, 1024]): neither along the reduction
  gemm_edges     MatMul [2000, 300] x [300, 1100]: partial tiles on every side
  gemm_odd_k     MatMul [2048, 301] x [301, 1024]: rows not 16-byte aligned
  bmm            MatMul [8, 512, 64] x [8, 64, 512]: a batch dim
  conv3x3        Conv [4, 64, 64, 64] * [128, 64, 3, 3] + bias, pads 1: an implicit GEMM
  gemm_split     Relu(Gemm [512, 2048] x [1024, 2048]^T + bias): few tiles, a long reduction
                 (picoc-kernel-split-k: partial sums, then their sum and the epilogue)
  gemm_wide      MatMul [2100, 300] x [300, 2100]: enough tiles for fp32's 128 x 128 ones,
                 partial on both sides
  conv3x3_320    Conv [2, 320, 64, 64] * [320, 320, 3, 3] + bias, pads 1: a wgmma 160 wide
                 (two tiles of 320 channels, not 256 and 64)
  gemm_n300      Gemm [256, 8192]^T x [300, 256]^T: A along its rows, B's 300 rows a wgmma
                 width of 160 whose second tile is partial

Usage: make_contractions.py OUT_DIR    (writes OUT_DIR/NAME.onnx)
"""

import sys
from pathlib import Path

import onnx
from onnx import TensorProto, helper


def value(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def model(nodes, inputs, output):
    graph = helper.make_graph(nodes, "contraction", [value(n, s) for n, s in inputs],
                              [value(*output)])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def matmul(m, k, n):
    return model([helper.make_node("MatMul", ["a", "b"], ["y"])],
                 [("a", [m, k]), ("b", [k, n])], ("y", [m, n]))


CASES = {
    "gemm_nn": lambda: matmul(2048, 512, 1024),
    "gemm_nt_bias": lambda: model(
        [helper.make_node("Gemm", ["a", "b", "c"], ["y"], transB=1)],
        [("a", [2048, 512]), ("b", [1024, 512]), ("c", [1024])], ("y", [2048, 1024])),
    "gemm_tn": lambda: model(
        [helper.make_node("Transpose", ["a"], ["at"], perm=[1, 0]),
         helper.make_node("MatMul", ["at", "b"], ["y"])],
        [("a", [512, 2048]), ("b", [512, 1024])], ("y", [2048, 1024])),
    "gemm_edges": lambda: matmul(2000, 300, 1100),
    "gemm_odd_k": lambda: matmul(2048, 301, 1024),
    "bmm": lambda: model([helper.make_node("MatMul", ["a", "b"], ["y"])],
                         [("a", [8, 512, 64]), ("b", [8, 64, 512])], ("y", [8, 512, 512])),
    "conv3x3": lambda: model(
        [helper.make_node("Conv", ["x", "w", "c"], ["y"], pads=[1, 1, 1, 1])],
        [("x", [4, 64, 64, 64]), ("w", [128, 64, 3, 3]), ("c", [128])], ("y", [4, 128, 64, 64])),
    "gemm_split": lambda: model(
        [helper.make_node("Gemm", ["a", "b", "c"], ["g"], transB=1),
         helper.make_node("Relu", ["g"], ["y"])],
        [("a", [512, 2048]), ("b", [1024, 2048]), ("c", [1024])], ("y", [512, 1024])),
    "gemm_wide": lambda: matmul(2100, 300, 2100),
    "conv3x3_320": lambda: model(
        [helper.make_node("Conv", ["x", "w", "c"], ["y"], pads=[1, 1, 1, 1])],
        [("x", [2, 320, 64, 64]), ("w", [320, 320, 3, 3]), ("c", [320])], ("y", [2, 320, 64, 64])),
    "gemm_n300": lambda: model(
        [helper.make_node("Gemm", ["a", "b"], ["y"], transA=1, transB=1)],
        [("a", [256, 8192]), ("b", [300, 256])], ("y", [8192, 300])),
}


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        onnx.save(make(), out / f"{name}.onnx")


if __name__ == "__main__":
    main()
