#!/usr/bin/env python3
"""The GPU benchmark's models, as ONNX files: memory-bound kernels of the shapes LLMs and
diffusion models have. Every tensor is a graph input, so that bench.py can rotate several copies
of each through device memory (the 60 MB L2 must not hold them between runs).

  gelu          y = 0.5 x (1 + erf(x / sqrt 2)) over 2^28 floats (1 GiB in, 1 GiB out)
  softmax       softmax over the rows of [8192, 4096]
  rmsnorm       x / sqrt(mean(x^2) + 1e-6) * w over the rows of [8192, 4096]
  gemv_4096     [1, 4096] x [4096, 4096]   (decode-shaped MatMul; the weight is 64 MiB)
  gemv_8192     [1, 8192] x [8192, 8192]   (256 MiB)
  gemm_4096     [4096, 4096] x [4096, 4096] fp32 (compute-bound: 137 GFLOP)
  gemm_512x2048x5632, gemm_512x5632x2048
                [M, K] x [K, N]: a 512-token prompt through a 1.1B llama's MLP (up, down)
  transpose     [8192, 4096] -> [4096, 8192] (an activation transpose, 128 MiB each way)
  attention_prefill
                softmax(q k^T / 8 + causal mask) v, batch 1, 32 heads, 2048 tokens, head dim 64
                (the mask computed in the graph from two Ranges, as exporters' Trilu/Where do)
  conv3x3_320   a 3x3 convolution, 320 -> 320 channels at 64x64, batch 2, pad 1, with bias
  conv3x3_320_weights  the same with its filter and bias as initializers (as a model holds
                them; a CPU and an fp32 GPU build then take Winograd's rows form), seeded
                (parameters.py, which bench.py calls for PyTorch's side)

Usage: make_models.py OUT_DIR
"""

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from parameters import conv3x3_320_parameters

F = TensorProto.FLOAT


def model(name, nodes, inputs, outputs, inits=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(m)
    return m


def value(name, shape):
    return helper.make_tensor_value_info(name, F, shape)


def const(name, v):
    return helper.make_tensor(name, F, [], [v])


def gelu():
    n = 1 << 28
    nodes = [
        helper.make_node("Div", ["x", "sqrt2"], ["a"]),
        helper.make_node("Erf", ["a"], ["b"]),
        helper.make_node("Add", ["b", "one"], ["c"]),
        helper.make_node("Mul", ["x", "c"], ["d"]),
        helper.make_node("Mul", ["d", "half"], ["y"]),
    ]
    inits = [const("sqrt2", float(np.sqrt(2.0))), const("one", 1.0), const("half", 0.5)]
    return model("gelu", nodes, [value("x", [n])], [value("y", [n])], inits)


def softmax():
    nodes = [helper.make_node("Softmax", ["x"], ["y"], axis=-1)]
    return model("softmax", nodes, [value("x", [8192, 4096])], [value("y", [8192, 4096])])


def rmsnorm():
    nodes = [
        helper.make_node("Mul", ["x", "x"], ["sq"]),
        helper.make_node("ReduceMean", ["sq"], ["ms"], axes=[-1], keepdims=1),
        helper.make_node("Add", ["ms", "eps"], ["mse"]),
        helper.make_node("Sqrt", ["mse"], ["rms"]),
        helper.make_node("Div", ["x", "rms"], ["xn"]),
        helper.make_node("Mul", ["xn", "w"], ["y"]),
    ]
    return model("rmsnorm", nodes, [value("x", [8192, 4096]), value("w", [4096])],
                 [value("y", [8192, 4096])], [const("eps", 1e-6)])


def gemv(k):
    nodes = [helper.make_node("MatMul", ["x", "w"], ["y"])]
    return model(f"gemv_{k}", nodes, [value("x", [1, k]), value("w", [k, k])],
                 [value("y", [1, k])])


def gemm(name, m, k, n):
    nodes = [helper.make_node("MatMul", ["a", "b"], ["y"])]
    return model(name, nodes, [value("a", [m, k]), value("b", [k, n])], [value("y", [m, n])])


def transpose():
    nodes = [helper.make_node("Transpose", ["x"], ["y"], perm=[1, 0])]
    return model("transpose", nodes, [value("x", [8192, 4096])], [value("y", [4096, 8192])])


def attention_prefill():
    b, h, n, d = 1, 32, 2048, 64
    nodes = [
        helper.make_node("Range", ["zero", "len", "one"], ["pos"]),
        helper.make_node("Unsqueeze", ["pos", "ax1"], ["rows"]),
        helper.make_node("Greater", ["pos", "rows"], ["future"]),
        helper.make_node("Where", ["future", "ninf", "fzero"], ["mask"]),
        helper.make_node("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]),
        helper.make_node("MatMul", ["q", "kt"], ["s"]),
        helper.make_node("Mul", ["s", "scale"], ["ss"]),
        helper.make_node("Add", ["ss", "mask"], ["sm"]),
        helper.make_node("Softmax", ["sm"], ["p"], axis=-1),
        helper.make_node("MatMul", ["p", "v"], ["y"]),
    ]
    i64 = lambda name, v: helper.make_tensor(name, TensorProto.INT64, [], [v])
    inits = [i64("zero", 0), i64("len", n), i64("one", 1),
             helper.make_tensor("ax1", TensorProto.INT64, [1], [1]),
             const("ninf", float("-inf")), const("fzero", 0.0), const("scale", 1 / np.sqrt(d))]
    shape = [b, h, n, d]
    return model("attention_prefill", nodes, [value("q", shape), value("k", shape),
                                              value("v", shape)], [value("y", shape)], inits)


def conv3x3_320():
    nodes = [helper.make_node("Conv", ["x", "w", "bias"], ["y"], pads=[1, 1, 1, 1])]
    return model("conv3x3_320", nodes, [value("x", [2, 320, 64, 64]), value("w", [320, 320, 3, 3]),
                                        value("bias", [320])], [value("y", [2, 320, 64, 64])])


def conv3x3_320_weights():
    w, bias = conv3x3_320_parameters()
    nodes = [helper.make_node("Conv", ["x", "w", "bias"], ["y"], pads=[1, 1, 1, 1])]
    inits = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(bias, "bias")]
    return model("conv3x3_320_weights", nodes, [value("x", [2, 320, 64, 64])],
                 [value("y", [2, 320, 64, 64])], inits)


MODELS = {"gelu": gelu, "softmax": softmax, "rmsnorm": rmsnorm,
          "gemv_4096": lambda: gemv(4096), "gemv_8192": lambda: gemv(8192),
          "gemm_4096": lambda: gemm("gemm_4096", 4096, 4096, 4096),
          "gemm_512x2048x5632": lambda: gemm("gemm_512x2048x5632", 512, 2048, 5632),
          "gemm_512x5632x2048": lambda: gemm("gemm_512x5632x2048", 512, 5632, 2048),
          "transpose": transpose, "attention_prefill": attention_prefill,
          "conv3x3_320": conv3x3_320, "conv3x3_320_weights": conv3x3_320_weights}


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, make in MODELS.items():
        onnx.save(make(), str(out / f"{name}.onnx"))
        print(f"wrote {out / name}.onnx")


if __name__ == "__main__":
    main()
