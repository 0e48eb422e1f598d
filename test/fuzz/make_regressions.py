#!/usr/bin/env python3
"""Writes test/fuzz/regressions/: small, readable reproducers of what the importer fuzzer found.

Each model below reduces one fuzzer crasher to the node that triggered it; its comment names the
bug and where it was fixed. fuzz.regressions (run_regressions.sh) runs every file through picoc;
a name ending in .valid.onnx must compile, every other must fail with a message. Models are built
with onnx.helper and not checked (most are invalid on purpose).

An input whose bug is not fixed yet goes to test/fuzz/open/ instead (`where=OPEN`, its comment
saying "Open:"), which no test runs: some take all memory. Once the bug is fixed, its model
moves to regressions/ so that the test keeps it fixed. None is open now.

Usage: python3 test/fuzz/make_regressions.py  (writes into test/fuzz/regressions/ and open/)
"""

from pathlib import Path

import onnx
from onnx import TensorProto, helper

OUT = Path(__file__).resolve().parent / "regressions"
OPEN = Path(__file__).resolve().parent / "open"


def save(name, nodes, inputs, outputs, initializers=(), opset=17, where=OUT):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="picoc-fuzz", ir_version=8)
    onnx.save(m, where / f"{name}.onnx")


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def i64(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.INT64, shape)


def main():
    OUT.mkdir(parents=True, exist_ok=True)

    # Fixed: folding Mul of two int64 constants overflows int64_t in PicocFolders.cpp
    # (applyInt): signed overflow is undefined; ONNX integer arithmetic wraps.
    big = helper.make_tensor("big", TensorProto.INT64, [2], [-1152921508901814269, 3])
    save("fold-int64-mul-overflow.valid",
         [helper.make_node("Add", ["big", "big"], ["twice"], name="add"),
          helper.make_node("Mul", ["big", "twice"], ["y"], name="mul_overflows")],
         [], [i64("y", [2])], [big])

    # Fixed: Conv with group = INT64_MAX. ConvOp::inferReturnTypes (PicocOps.cpp) compares the
    # input channels with filter channels * group, which overflows int64_t.
    save("conv-group-overflow",
         [helper.make_node("Conv", ["x", "x"], ["y"], name="conv_huge_group",
                           group=9223372036854775807)],
         [f32("x", [1, 4, 32])], [f32("y", [1, 1, 1])], opset=10)

    # IsInf of an int64 tensor: the importer compared x with a scalar +inf of x's type, and
    # denseOf cast inf to int64_t (undefined). Now IsInf/IsNaN need a float input, and
    # denseOf saturates (TensorData.cpp, saturatingInt64).
    save("isinf-int64-input",
         [helper.make_node("IsInf", ["x"], ["y"], name="isinf_of_ints")],
         [i64("x", [3])], [helper.make_tensor_value_info("y", TensorProto.BOOL, [3])])

    # Add at opset 6 with broadcast=1 and axis = INT64_MAX: axis + rank(B) overflowed
    # (Elementwise.cpp, legacyBroadcast).
    save("legacy-broadcast-axis-overflow",
         [helper.make_node("Add", ["a", "b"], ["y"], name="add_axis_max", broadcast=1,
                           axis=9223372036854775807)],
         [f32("a", [2, 3]), f32("b", [3])], [f32("y", [2, 3])], opset=6)

    # Fixed: folding Cast of the float constant -3.4e38 to int64. CastOp::fold
    # (PicocFolders.cpp) skips NaN and infinities but casts any finite double to int64_t.
    huge = helper.make_tensor("huge", TensorProto.FLOAT, [2], [-3.4e38, 1.5])
    save("fold-cast-float-out-of-range.valid",
         [helper.make_node("Constant", [], ["c"], name="constant", value=huge),
          helper.make_node("Cast", ["c"], ["y"], name="cast_huge", to=TensorProto.INT64)],
         [], [i64("y", [2])])

    # Range over int64 from INT64_MIN to INT64_MAX by 2^50: 16384 values, but i * delta
    # overflowed int64_t for the upper half (Constant.cpp, importRange: now in __int128).
    def scalar(name, value):
        return helper.make_tensor(name, TensorProto.INT64, [], [value])
    save("range-int64-step-overflow.valid",
         [helper.make_node("Range", ["start", "limit", "delta"], ["y"], name="range_wide")],
         [], [i64("y", [16384])],
         [scalar("start", -2**63), scalar("limit", 2**63 - 1), scalar("delta", 2**50)])

    # EyeLike of a [2^31, 1] input: diagonalMask built a row iota of 2^31 int64 on the host
    # (16 GiB, then the attribute). Now rows and cols of a mask are limited to 2^24
    # (NodeImporter.cpp); Trilu shares the mask.
    save("eyelike-huge-rows",
         [helper.make_node("EyeLike", ["x"], ["y"], name="eye_tall")],
         [f32("x", [2147483648, 1])], [f32("y", [2147483648, 1])])
    save("trilu-huge-cols",
         [helper.make_node("Trilu", ["x"], ["y"], name="trilu_wide")],
         [f32("x", [1, 2147483648])], [f32("y", [1, 2147483648])])

    # Fixed: ScatterND with rank-0 indices. importScatterND (Indexing.cpp) takes
    # shapeOf(indices).drop_back() before checking the rank: a pointer before null, then
    # "SmallVector unable to grow" and an abort.
    save("scatternd-scalar-indices",
         [helper.make_node("ScatterND", ["data", "index", "updates"], ["y"],
                           name="scatter_scalar_index")],
         [f32("data", [3, 2]), i64("index", []), f32("updates", [3, 2])], [f32("y", [3, 2])])

    # Fixed: AveragePool over a long axis. importPool (Convolution.cpp) counts the divisor of
    # every output position on the host, per axis and then as their product: 2^31 positions
    # are 16 GiB of doubles, and an out-of-memory kill.
    save("averagepool-host-divisor-oom",
         [helper.make_node("AveragePool", ["x"], ["y"], name="pool_long_axis",
                           kernel_shape=[3])],
         [f32("x", [1, 1, 2147483647])], [f32("y", [1, 1, 2147483645])])

    # Fixed: AveragePool with a 2^31 window (SAME_UPPER pads the input to fit it). The same
    # divisor count looped over every window offset of every output position: 32 * 2^31 steps.
    # Counted in closed form now; the model is valid (each output averages the 32 inputs).
    save("averagepool-huge-kernel.valid",
         [helper.make_node("AveragePool", ["x"], ["y"], name="pool_huge_window",
                           kernel_shape=[2147483648], auto_pad="SAME_UPPER")],
         [f32("x", [1, 3, 32])], [f32("y", [1, 3, 32])], opset=16)

    # Fixed: Pad in reflect (or edge, wrap) mode by 2^31. importPad (Shape.cpp) builds the
    # gather's source index of lo + in + hi elements on the host: 16 GiB. (A dim of 1 is
    # exempt from reflect's pad < dim rule.)
    save("pad-reflect-host-index-oom",
         [helper.make_node("Pad", ["x"], ["y"], name="pad_huge_reflect", mode="reflect",
                           pads=[0, 2147483648, 0, 0])],
         [f32("x", [1, 1])], [f32("y", [1, 2147483649])], opset=6)

    # Fixed: ArgMin over a dim of 2^31. argExtreme (Normalization.cpp) builds the positions'
    # iota on the host: 16 GiB.
    save("argmin-host-iota-oom",
         [helper.make_node("ArgMin", ["x"], ["y"], name="argmin_long_axis")],
         [helper.make_tensor_value_info("x", TensorProto.INT32, [2147483648])],
         [i64("y", [1])], opset=18)

    # Fixed: Pad by INT64_MIN. importPad (Shape.cpp) bounds the pads with std::abs(p), which
    # overflows for INT64_MIN (undefined).
    save("pad-int64-min",
         [helper.make_node("Pad", ["x"], ["y"], name="pad_int64_min",
                           pads=[0, -2**63, 0, 0])],
         [f32("x", [1, 4])], [f32("y", [1, 4])], opset=6)

    # Fixed: Hardmax-8 from axis 1 of [2, 3, 2^31]: the flattened axis has 3 * 2^31 positions and
    # importHardmax (Normalization.cpp) builds their iota on the host: "SmallVector unable to
    # grow", an LLVM fatal error (abort).
    save("hardmax-host-iota-abort",
         [helper.make_node("Hardmax", ["x"], ["y"], name="hardmax_long_rows", axis=1)],
         [f32("x", [2, 3, 2147483648])], [f32("y", [2, 3, 2147483648])], opset=8)

    # Fixed: Einsum "constant" (two repeated labels) over dims whose sizes differ: the first
    # diagonal's reshape fails and takeDiagonals (Linalg.cpp) went on with a null value (UBSan,
    # then a segfault). Now a problem names the two dims.
    save("einsum-diagonal-sizes-differ",
         [helper.make_node("Einsum", ["x"], ["y"], name="einsum_bad_diagonal",
                           equation="constant")],
         [helper.make_tensor_value_info("x", TensorProto.INT64, [2, 4, 2, 2, 5, 5, 1, 3])],
         [i64("y", [1])], opset=12)

    # Fixed: five Hardmax-4 over the 2^24-element rows of [3, 4, 4, 4, 64, 4096]: each built a
    # 128 MiB iota of the row's positions on the host (1.3 GB to compile; out of memory under
    # the fuzzer's ASan). kMaxHostElements (ImportContext.h) is 2^20 now.
    save("hardmax-host-iota-2to24",
         [helper.make_node("Hardmax", ["x"], [f"y{i}"], name=f"hardmax_{i}") for i in range(5)],
         [f32("x", [3, 4, 4, 4, 64, 4096])],
         [f32(f"y{i}", [3, 4, 4, 4, 64, 4096]) for i in range(5)], opset=4)


if __name__ == "__main__":
    main()
