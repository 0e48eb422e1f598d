#!/usr/bin/env python3
"""Writes the ONNX backend node suite of the installed onnx package (its own generator,
onnx.backend.test.case.node) in the backend-test layout, for picoc-run:

    OUT/<case>/model.onnx, OUT/<case>/test_data_set_N/input_K.pb, output_K.pb

onnx stopped shipping the generated data in its wheel at 1.23; this writes the same cases. The
output is deterministic for one onnx version (the generator seeds its random data). Sequences,
maps and optionals are written with numpy_helper's from_list/from_dict/from_optional, as
onnx's own writer does (picoc-run refuses them as data it cannot read).

Usage: make_onnx_node_suite.py OUT
"""

import os
import shutil
import sys
import warnings

import numpy as np
import onnx
from onnx import numpy_helper
from onnx.backend.test.case import node


def tensor_proto(value, type_proto, name):
    if isinstance(value, onnx.TensorProto):  # float8, int4 and the like come made
        value = onnx.TensorProto.FromString(value.SerializeToString())
        value.name = name
        return value
    if type_proto.HasField("sequence_type"):
        return numpy_helper.from_list(value, name)
    if type_proto.HasField("map_type"):
        return numpy_helper.from_dict(value, name)
    if type_proto.HasField("optional_type"):
        return numpy_helper.from_optional(value, name)
    return numpy_helper.from_array(np.asarray(value), name)


def main():
    out = sys.argv[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases = node.collect_testcases(None)
    if os.path.exists(out):
        shutil.rmtree(out)
    for case in cases:
        d = os.path.join(out, case.name)
        os.makedirs(d)
        with open(os.path.join(d, "model.onnx"), "wb") as f:
            f.write(case.model.SerializeToString())
        for i, (inputs, outputs) in enumerate(case.data_sets):
            s = os.path.join(d, f"test_data_set_{i}")
            os.makedirs(s)
            graph = case.model.graph
            for j, value in enumerate(inputs):
                p = tensor_proto(value, graph.input[j].type, graph.input[j].name)
                with open(os.path.join(s, f"input_{j}.pb"), "wb") as f:
                    f.write(p.SerializeToString())
            for j, value in enumerate(outputs):
                p = tensor_proto(value, graph.output[j].type, graph.output[j].name)
                with open(os.path.join(s, f"output_{j}.pb"), "wb") as f:
                    f.write(p.SerializeToString())
    print(f"wrote {len(cases)} cases of onnx {onnx.__version__} to {out}")


if __name__ == "__main__":
    main()
