#!/usr/bin/env python3
"""Decode time per token against past length: one picoc object compiled with run-time dims
(--dim past=0..MAX --dim total=past+1), the same with its KV caches as state (--state), a
picoc object compiled for each length alone (static dims) and onnxruntime (CPU, all cores), on
the same decode-step model.

Each call is one decode step: one token, a KV cache of `past` positions in, past + 1 out (with
--state the cache stays in the model instance: the call passes the token, mask and position
only, and appends one row in place). The outputs of every engine are compared with
onnxruntime's before anything is timed (max |got - ref| / max |ref| per output; the state
object after `past` steps from an empty cache, against onnxruntime fed its own presents). Times
are medians over repeated runs after a warm-up; a timed state call first rolls the state back
to `past` rows (picort_model_set_position, O(1)).

    python3 bench/rundims_decode.py [--model test/models/llama_decode/model.onnx]
        [--max-past 511] [--past 1 16 64 256 511] [--min-time 0.5]

Needs build/bin/picoc and build/lib/libpicort.a (the build), cc, numpy and onnxruntime.
Prints one JSON line per (past, engine) and a table.
"""

import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort

REPO = Path(__file__).resolve().parent.parent
PICOC = REPO / "build" / "bin" / "picoc"
RUNTIME = REPO / "build" / "lib" / "libpicort.a"

DTYPES = {np.dtype(np.float32): 1, np.dtype(np.int64): 7}


class Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)), ("memory", ctypes.c_int32)]


class PicocModel:
    """A compiled object linked with libpicort into a shared library, loaded with ctypes."""

    def __init__(self, model, dims, work, name, flags=()):
        obj = Path(work) / (name + ".o")
        lib = Path(work) / (name + ".so")
        args = [str(PICOC), str(model), "-o", str(obj), "--name", "model"] + list(flags)
        for d in dims:
            args += ["--dim", d]
        subprocess.run(args, check=True)
        subprocess.run(["cc", "-shared", "-o", str(lib), str(obj), str(RUNTIME), "-lpthread",
                        "-lm", "-ldl"], check=True)
        self.lib = ctypes.CDLL(str(lib))
        self.model = ctypes.c_void_p()
        if self.lib.model_create(None, ctypes.byref(self.model)) != 0:
            raise RuntimeError("model_create failed")
        self.lib.model_run.argtypes = [ctypes.c_void_p, ctypes.POINTER(Tensor), ctypes.c_int32,
                                       ctypes.POINTER(Tensor), ctypes.c_int32]

    @staticmethod
    def bind(arrays, keep):
        """picort_tensors over numpy arrays (`keep` holds what they point into)."""
        tensors = (Tensor * len(arrays))()
        for t, a in zip(tensors, arrays):
            shape = (ctypes.c_int64 * max(a.ndim, 1))(*a.shape)
            keep += [a, shape]
            t.data = a.ctypes.data if a.size else None
            t.dtype = DTYPES[a.dtype]
            t.rank = a.ndim
            t.shape = shape
            t.memory = 0
        return tensors

    def prepare(self, inputs, outputs):
        self.keep = []
        self.ins = self.bind(inputs, self.keep)
        self.outs = self.bind(outputs, self.keep)

    def run(self):
        status = self.lib.model_run(self.model, self.ins, len(self.ins), self.outs, len(self.outs))
        if status != 0:
            raise RuntimeError("model_run failed with status %d" % status)


def run_state(engine, session, past, rng):
    """Resets the --state object and runs decode steps 0..past on it, beside onnxruntime fed
    its own presents; returns the last step's max |got - ref| / max |ref|."""
    engine.lib.model_reset(engine.model)
    names = [i.name for i in session.get_inputs() if not i.name.startswith("past")]
    outs = [o.name for o in session.get_outputs()]
    cache = {i.name: np.zeros((2, i.shape[1], 0, i.shape[3]), np.float32)
             for i in session.get_inputs() if i.name.startswith("past")}
    for step in range(past + 1):
        feed = feeds(session, step, rng)
        for k in cache:
            feed[k] = cache[k]
        ref = dict(zip(outs, session.run(None, feed)))
        inputs = [np.ascontiguousarray(feed[n]) for n in names]
        outputs = [np.empty_like(ref["logits"])]
        engine.prepare(inputs, outputs)
        engine.run()
        for k in cache:  # past_key_values.L.key -> present.L.key
            cache[k] = ref[k.replace("past_key_values", "present")]
    return float(np.abs(outputs[0] - ref["logits"]).max() / np.abs(ref["logits"]).max())


def median_ms(fn, min_time):
    fn()
    times, start = [], time.perf_counter()
    while time.perf_counter() - start < min_time or len(times) < 5:
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def feeds(session, past, rng):
    feed = {}
    for i in session.get_inputs():
        if i.name == "input_ids":
            feed[i.name] = rng.integers(0, 200, (2, 1)).astype(np.int64)
        elif i.name == "attention_mask":
            feed[i.name] = np.ones((2, past + 1), np.int64)
        elif i.name == "position_ids":
            feed[i.name] = np.full((2, 1), past, np.int64)
        else:  # a past key or value [batch, heads, past, head_dim]
            shape = [2, i.shape[1], past, i.shape[3]]
            feed[i.name] = rng.standard_normal(shape).astype(np.float32)
    return feed


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default=str(REPO / "test/models/llama_decode/model.onnx"))
    p.add_argument("--max-past", type=int, default=511)
    p.add_argument("--past", type=int, nargs="+", default=[1, 16, 64, 256, 511])
    p.add_argument("--min-time", type=float, default=0.5)
    args = p.parse_args()

    opts = ort.SessionOptions()
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(args.model, opts, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(3)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        dynamic = PicocModel(args.model, ["batch=2", "past=0..%d" % args.max_past,
                                          "total=past+1"], work, "dynamic")
        state = PicocModel(args.model, ["batch=2", "past=0..%d" % args.max_past, "total=past+1"],
                           work, "state", ["--state"])
        state.lib.picort_model_set_position.argtypes = [ctypes.c_void_p, ctypes.c_int64]
        for past in args.past:
            feed = feeds(session, past, rng)
            ref = session.run(None, feed)
            inputs = [np.ascontiguousarray(feed[i.name]) for i in session.get_inputs()]
            static = PicocModel(args.model, ["batch=2", "past=%d" % past,
                                             "total=%d" % (past + 1)], work, "static%d" % past)
            engines = {"picoc (run-time dims)": dynamic, "picoc (static)": static}
            for name, engine in engines.items():
                outputs = [np.empty_like(r) for r in ref]
                engine.prepare(inputs, outputs)
                engine.run()
                err = max(float(np.abs(o - r).max() / max(np.abs(r).max(), 1e-30))
                          for o, r in zip(outputs, ref))
                ms = median_ms(engine.run, args.min_time)
                rows.append({"past": past, "engine": name, "ms": ms, "rel_err": err})
                print(json.dumps(rows[-1]))
            err = run_state(state, session, past, rng)

            def state_step():
                state.lib.picort_model_set_position(state.model, past)
                state.run()
            ms = median_ms(state_step, args.min_time)
            rows.append({"past": past, "engine": "picoc (state)", "ms": ms, "rel_err": err})
            print(json.dumps(rows[-1]))
            ms = median_ms(lambda: session.run(None, feed), args.min_time)
            rows.append({"past": past, "engine": "onnxruntime", "ms": ms, "rel_err": 0.0})
            print(json.dumps(rows[-1]))
    print("\n| past | picoc state (ms) | picoc run-time dims (ms) | picoc static (ms) | "
          "onnxruntime (ms) |")
    print("|---:|---:|---:|---:|---:|")
    for past in args.past:
        cell = {r["engine"]: r["ms"] for r in rows if r["past"] == past}
        print("| %d | %.4f | %.4f | %.4f | %.4f |" % (
            past, cell["picoc (state)"], cell["picoc (run-time dims)"], cell["picoc (static)"],
            cell["onnxruntime"]))


if __name__ == "__main__":
    sys.exit(main())
