#!/usr/bin/env python3
"""Writes the `light` reference models of the installed onnx wheel (AlexNet, ResNet50, VGG19,
DenseNet121, Inception v1/v2, ShuffleNet, SqueezeNet, ZFNet) in the backend-test layout, for
picoc-run:

    OUT/test_<model>/model.onnx, OUT/test_<model>/test_data_set_0/input_0.pb, output_0.pb

Their weights are ConstantOfShape fills (the file holds no weight data). The input is what
onnx's backend runner feeds them (generate_dummy_data with random=False: arange(n) / n in
the input's shape, a dim without a value taken as 1); the output is the one the wheel ships
(light_<model>_output_0.pb).

Usage: make_onnx_light_suite.py OUT
"""

import os
import shutil
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main():
    out = sys.argv[1]
    src = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "light")
    if os.path.exists(out):
        shutil.rmtree(out)
    names = sorted(f[len("light_"):-len(".onnx")] for f in os.listdir(src) if f.endswith(".onnx"))
    for name in names:
        model_path = os.path.join(src, f"light_{name}.onnx")
        d = os.path.join(out, f"test_{name}")
        s = os.path.join(d, "test_data_set_0")
        os.makedirs(s)
        shutil.copy(model_path, os.path.join(d, "model.onnx"))
        model = onnx.load(model_path)
        weights = {t.name for t in model.graph.initializer}
        inputs = [x for x in model.graph.input if x.name not in weights]
        for i, x in enumerate(inputs):
            shape = tuple(dim.dim_value if dim.HasField("dim_value") else 1
                          for dim in x.type.tensor_type.shape.dim)
            n = int(np.prod(shape))
            value = (np.arange(n).reshape(shape) / n).astype(np.float32)
            with open(os.path.join(s, f"input_{i}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(value, x.name).SerializeToString())
        shutil.copy(os.path.join(src, f"light_{name}_output_0.pb"),
                    os.path.join(s, "output_0.pb"))
    print(f"wrote {len(names)} light models of onnx {onnx.__version__} to {out}")


if __name__ == "__main__":
    main()
