#!/usr/bin/env python3
"""Time the peer (onnxruntime, CPU) on the cases picoc is benchmarked on.

Cases:
  matmul_1024  C = A @ B, fp32, 1024x1024x1024 (two graph inputs A and B)
  mlp_deep ... test/models/<name> for the names in MODEL_CASES

onnxruntime runs on CPUExecutionProvider with intra-op threads = all cores and
sequential execution.  Each case is warmed up, then run repeatedly; the median
wall time is reported.  Per case one JSON line is printed, e.g.
  {"case": "matmul_1024", "peer": "onnxruntime", "ms": 25.1, "gflops": 85.6, ...}

The matmul model is written to bench/matmul_1024.onnx with its data in
bench/matmul_1024/test_data_set_0/{input_0,input_1,output_0}.pb (backend-test
layout; the reference is numpy float64 A @ B cast to float32), so the compiler
can be timed on the same model.  The data (8 MB) is git-ignored and recreated
here whenever any of those files is missing.

Usage:  python3 bench/peers.py [--case NAME ...] [--min-time SECONDS]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# The test models timed besides the matmul: the MLP and attention block, then the small
# configurations of the real Hugging Face architectures (test/models/<name>/).
MODEL_CASES = ["mlp_deep", "gpt_block", "llama_prefill", "llama_decode", "whisper_encoder",
               "whisper_decoder", "clip_text", "unet", "vae_decoder"]
BIG_MODELS = BENCH / "models"  # bench/make_big_models.py's cases (compare.py --big)
MATMUL_N = 1024
MATMUL_MODEL = BENCH / "matmul_1024.onnx"
MATMUL_DATA = BENCH / "matmul_1024" / "test_data_set_0"


# --------------------------------------------------------------------------
# The matmul case
# --------------------------------------------------------------------------

def build_matmul_model(n):
    a = helper.make_tensor_value_info("A", TensorProto.FLOAT, [n, n])
    b = helper.make_tensor_value_info("B", TensorProto.FLOAT, [n, n])
    c = helper.make_tensor_value_info("C", TensorProto.FLOAT, [n, n])
    graph = helper.make_graph([helper.make_node("MatMul", ["A", "B"], ["C"])],
                              f"matmul_{n}", [a, b], [c])
    model = helper.make_model(graph, producer_name="picoc-bench",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model


def ensure_matmul_case():
    """Write bench/matmul_1024.onnx and its test data if any file is missing."""
    files = [MATMUL_MODEL] + [MATMUL_DATA / f for f in
                              ("input_0.pb", "input_1.pb", "output_0.pb")]
    if all(f.exists() for f in files):
        return
    n = MATMUL_N
    onnx.save(build_matmul_model(n), MATMUL_MODEL)
    rng = np.random.default_rng(1024)
    # Positive inputs: with zero-mean data some of the 2^20 dot products cancel to ~1e-4,
    # where any fp32 summation order (onnxruntime's too) misses the float64 reference by
    # more than ONNX's atol of 1e-7. Positive terms keep every output well conditioned.
    a = rng.uniform(0.5, 1.5, (n, n)).astype(np.float32)
    b = rng.uniform(0.5, 1.5, (n, n)).astype(np.float32)
    c = (a.astype(np.float64) @ b.astype(np.float64)).astype(np.float32)
    MATMUL_DATA.mkdir(parents=True, exist_ok=True)
    for fname, arr, name in (("input_0.pb", a, "A"), ("input_1.pb", b, "B"),
                             ("output_0.pb", c, "C")):
        tensor = numpy_helper.from_array(arr, name=name)
        (MATMUL_DATA / fname).write_bytes(tensor.SerializeToString())
    print(f"# wrote {MATMUL_MODEL.relative_to(REPO)} and "
          f"{MATMUL_DATA.relative_to(REPO)}/", file=sys.stderr)


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

def load_tensors(data_dir, prefix):
    """Read <prefix>_0.pb, <prefix>_1.pb, ... as {tensor name: array}."""
    out = {}
    i = 0
    while (path := data_dir / f"{prefix}_{i}.pb").exists():
        tensor = TensorProto()
        tensor.ParseFromString(path.read_bytes())
        out[tensor.name] = numpy_helper.to_array(tensor)
        i += 1
    return out


def make_session(model_path, threads):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(model_path), opts,
                                providers=["CPUExecutionProvider"])


def check_outputs(sess, feeds, expected, case):
    """Sanity check: onnxruntime reproduces the stored reference outputs."""
    got = sess.run(list(expected), feeds)
    for (name, ref), out in zip(expected.items(), got):
        err = np.max(np.abs(out - ref)) / (np.max(np.abs(ref)) + 1e-30)
        if not err < 1e-4:
            raise SystemExit(f"{case}: output {name} differs from reference "
                             f"(rel err {err:.3e})")


def time_session(sess, feeds, warmup, min_time, min_runs):
    """Warm up, then run until both min_time seconds and min_runs runs have
    passed; returns the per-run wall times in milliseconds."""
    for _ in range(warmup):
        sess.run(None, feeds)
    times = []
    start = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < min_time:
        t0 = time.perf_counter()
        sess.run(None, feeds)
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def bench_case(case, model_path, data_dir, threads, args, flops=None):
    sess = make_session(model_path, threads)
    feeds = load_tensors(data_dir, "input")
    check_outputs(sess, feeds, load_tensors(data_dir, "output"), case)
    times = time_session(sess, feeds, args.warmup, args.min_time, args.min_runs)
    ms = statistics.median(times)
    result = {"case": case, "peer": "onnxruntime", "ms": round(ms, 4),
              "min_ms": round(min(times), 4), "runs": len(times),
              "threads": threads, "version": ort.__version__}
    if flops is not None:
        result["gflops"] = round(flops / (ms * 1e-3) / 1e9, 2)
    print(json.dumps(result), flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cases = ["matmul_1024"] + MODEL_CASES
    big = sorted(p.parent.name for p in BIG_MODELS.glob("*/model.onnx"))
    parser.add_argument("--case", nargs="*", choices=cases + big, default=cases)
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="intra-op threads (default: all cores)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=1.0,
                        help="seconds of timed runs per case (default 1.0)")
    parser.add_argument("--min-runs", type=int, default=20)
    args = parser.parse_args()

    for case in args.case:
        if case == "matmul_1024":
            ensure_matmul_case()
            bench_case(case, MATMUL_MODEL, MATMUL_DATA, args.threads, args,
                       flops=2.0 * MATMUL_N ** 3)
        else:
            model_dir = BIG_MODELS / case if case in big else REPO / "test" / "models" / case
            if not (model_dir / "model.onnx").exists():
                raise SystemExit(f"{model_dir} missing: run "
                                 "python3 models/make_test_models.py first")
            bench_case(case, model_dir / "model.onnx",
                       model_dir / "test_data_set_0", args.threads, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
