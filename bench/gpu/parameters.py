"""Seeded initializers of the GPU benchmark's models (numpy only: bench.py on the GPU machine
makes the same arrays for PyTorch's side as make_models.py writes into the ONNX model)."""

import numpy as np


def conv3x3_320_parameters():
    """conv3x3_320_weights' filter (entries of variance 1 / fan-in: outputs of order 1) and
    bias (N(0, 1))."""
    rng = np.random.default_rng(320)
    w = (rng.standard_normal((320, 320, 3, 3)) / np.sqrt(320 * 9)).astype(np.float32)
    return w, rng.standard_normal(320).astype(np.float32)
