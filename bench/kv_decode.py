#!/usr/bin/env python3
"""Decode time per token against past length, with the KV cache in the model instance
(picoc --state), for a mid-size llama-style model (models/make_run_dim_tests.py's
llama_state_model: RoPE, grouped-query attention, SwiGLU; sizes below), compiled once with
--dim seq=1..512 --dim past=0..511: a prompt fills the cache, then each timed call is one
decode step at `past` (the state rolled back to `past` rows first, picort_model_set_position,
O(1)).

    python3 bench/kv_decode.py cpu [--past 1 16 64 256 511]
        picoc --state beside picoc with the cache going in and out of each call (run-time
        dims, no --state) and onnxruntime (past in, present out), on this CPU.
    python3 bench/kv_decode.py prepare DIR
        compiles the --state object for sm_90 into DIR/model.so (run it on the GPU machine).
    python3 bench/kv_decode.py gpu DIR [--past ...]
        on the GPU machine: DIR/model.so beside PyTorch eager (the cache sliced to past + 1
        rows) and torch.compile (a static cache of 512 rows, masked; mode reduce-overhead:
        CUDA graphs), same weights (regenerated from the same seed).

Every engine's logits are checked first: picoc's against onnxruntime's (CPU) or PyTorch's at
fp32 with tf32 off (GPU), after the same prompt, by max |got - ref| / max |ref|. Times are
medians after a warm-up. Needs build/bin/picoc and build/lib/libpicort.a (cpu, prepare), cc,
numpy, onnx and onnxruntime (cpu, prepare) or torch (gpu).
"""

import argparse
import ctypes
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy only checks; keep its threads idle
import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PICOC = REPO / "build" / "bin" / "picoc"
RUNTIME = REPO / "build" / "lib" / "libpicort.a"
# The mid-size model: 8 query heads over 4 key/value heads of 64, hidden 512, 3 layers
# (7.9M parameters: the object with its weights travels to the GPU machine whole).
SIZES = dict(d=512, heads=8, kv_heads=4, hd=64, ffn=1024, vocab=1024, layers=3)
SEED = 5
MAX_PAST, MAX_SEQ = 511, 512
DIMS = ["seq=1..%d" % MAX_SEQ, "past=0..%d" % MAX_PAST]


class Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)), ("memory", ctypes.c_int32)]


DTYPES = {np.dtype(np.float32): 1, np.dtype(np.int64): 7}


class Picoc:
    """A linked model (shared library) driven through ctypes."""

    def __init__(self, lib):
        self.lib = ctypes.CDLL(str(lib))
        self.model = ctypes.c_void_p()
        if self.lib.model_create(None, ctypes.byref(self.model)) != 0:
            raise RuntimeError("model_create failed: %s" % self.error())
        self.lib.picort_model_set_position.argtypes = [ctypes.c_void_p, ctypes.c_int64]

    def destroy(self):
        self.lib.model_destroy(self.model)

    def error(self):
        self.lib.picort_last_error.restype = ctypes.c_char_p
        return self.lib.picort_last_error().decode()

    def call(self, inputs, outputs):
        keep = []

        def bind(arrays):
            ts = (Tensor * len(arrays))()
            for t, a in zip(ts, arrays):
                shape = (ctypes.c_int64 * max(a.ndim, 1))(*a.shape)
                keep.append(shape)
                t.data, t.dtype, t.rank, t.shape, t.memory = (
                    a.ctypes.data if a.size else None, DTYPES[a.dtype], a.ndim, shape, 0)
            return ts
        ins, outs = bind(inputs), bind(outputs)
        return lambda: self.lib.model_run(self.model, ins, len(inputs), outs, len(outputs))

    def run(self, inputs, outputs):
        if self.call(inputs, outputs)() != 0:
            raise RuntimeError("model_run failed: %s" % self.error())


def compile_model(onnx_path, out, flags, target="host"):
    obj = out.with_suffix(".o")
    subprocess.run([str(PICOC), str(onnx_path), "-o", str(obj), "--name", "model",
                    "--target", target] + flags + sum((["--dim", d] for d in DIMS), []),
                   check=True)
    subprocess.run(["cc", "-shared", "-o", str(out), str(obj), str(RUNTIME), "-lpthread", "-lm",
                    "-ldl"], check=True)


def write_model(path):
    sys.path.insert(0, str(REPO / "models"))
    import onnx
    from make_run_dim_tests import llama_state_model
    onnx.save(llama_state_model(np.random.default_rng(SEED), **SIZES), str(path))


def tokens(rng, past, seq):
    return (rng.integers(0, SIZES["vocab"], (1, seq)).astype(np.int64),
            (past + np.arange(seq, dtype=np.int64))[None, :])


def median_ms(fn, min_time=0.3, sync=lambda: None):
    fn()
    sync()
    times, start = [], time.perf_counter()
    while time.perf_counter() - start < min_time or len(times) < 10:
        t = time.perf_counter()
        fn()
        sync()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def rel_err(got, ref):
    return float(np.abs(got - ref).max() / np.abs(ref).max())


def cpu(args):
    import onnxruntime as ort
    rows = []
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        write_model(work / "model.onnx")
        compile_model(work / "model.onnx", work / "state.so", ["--state"])
        compile_model(work / "model.onnx", work / "plain.so", [])
        # 1. The references, from a session whose threads do not spin after a run (spinning
        # threads would take the cores from the timed runs below).
        opts = ort.SessionOptions()
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(work / "model.onnx"), opts,
                                       providers=["CPUExecutionProvider"])
        pasts = [i.name for i in session.get_inputs() if i.name.startswith("past")]
        presents = [o.name for o in session.get_outputs() if o.name.startswith("present")]
        kv = SIZES["kv_heads"], SIZES["hd"]
        rng = np.random.default_rng(1)
        cases = {}  # past -> (prompt ids and positions, the decode step's feed, its logits)
        for past in args.past:
            prompt = tokens(rng, 0, past)
            empty = {p: np.zeros((1, kv[0], 0, kv[1]), np.float32) for p in pasts}
            res = dict(zip([o.name for o in session.get_outputs()],
                           session.run(None, dict(ids=prompt[0], pos=prompt[1], **empty))))
            ids, pos = tokens(rng, past, 1)
            feed = dict(ids=ids, pos=pos, **{p: res[q] for p, q in zip(pasts, presents)})
            cases[past] = prompt, feed, session.run(["logits"], feed)[0]
        del session

        # 2. picoc --state: the prompt fills the cache, then the decode step, timed after a
        # roll back to `past` rows each time. One picoc model loaded at a time (each has its
        # own thread pool).
        state = Picoc(work / "state.so")
        for past, (prompt, feed, ref) in cases.items():
            state.lib.model_reset(state.model)
            state.run(list(prompt), [np.empty((1, past, SIZES["vocab"]), np.float32)])
            logits = np.empty_like(ref)
            step = state.call([feed["ids"], feed["pos"]], [logits])

            def state_step():
                state.lib.picort_model_set_position(state.model, past)
                return step()
            state_step()
            rows.append(dict(past=past, engine="picoc --state", ms=median_ms(state_step),
                             rel_err=rel_err(logits, ref)))
            print(json.dumps(rows[-1]), flush=True)
        state.destroy()

        # 3. picoc with the cache going in and out of each call.
        plain = Picoc(work / "plain.so")
        for past, (prompt, feed, ref) in cases.items():
            ins = [np.ascontiguousarray(feed[n]) for n in ["ids", "pos"] + pasts]
            outs = [np.empty_like(ref)] + [np.empty((1, kv[0], past + 1, kv[1]), np.float32)
                                           for _ in presents]
            step = plain.call(ins, outs)
            step()
            rows.append(dict(past=past, engine="picoc, cache in and out", ms=median_ms(step),
                             rel_err=rel_err(outs[0], ref)))
            print(json.dumps(rows[-1]), flush=True)
        plain.destroy()

        # 4. onnxruntime, default options (all cores, spinning).
        timed = ort.InferenceSession(str(work / "model.onnx"), ort.SessionOptions(),
                                     providers=["CPUExecutionProvider"])
        for past, (prompt, feed, ref) in cases.items():
            ms = median_ms(lambda: timed.run(None, feed))
            rows.append(dict(past=past, engine="onnxruntime", ms=ms, rel_err=0.0))
            print(json.dumps(rows[-1]), flush=True)
    table(rows, args.past)


def table(rows, pasts):
    engines = list(dict.fromkeys(r["engine"] for r in rows))
    print("\n| past | " + " | ".join(e + " (ms)" for e in engines) + " |")
    print("|---:|" + "---:|" * len(engines))
    for past in pasts:
        cell = {r["engine"]: "%.4f" % r["ms"] for r in rows if r["past"] == past}
        print("| %d | " % past + " | ".join(cell.get(e, "-") for e in engines) + " |")


def prepare(args):
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    write_model(out / "model.onnx")
    compile_model(out / "model.onnx", out / "model.so", ["--state"], target="sm_90")
    (out / "model.onnx").unlink()  # the GPU side regenerates the weights from the seed


def llama_weights():
    """The model's weights, as llama_state_model draws them from the seed (numpy only)."""
    sys.path.insert(0, str(REPO / "models"))
    from llama_state_weights import llama_state_weights
    return llama_state_weights(np.random.default_rng(SEED), **SIZES)


def gpu(args):
    import torch
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    w = {k: torch.from_numpy(v).to(dev) for k, v in llama_weights().items()}
    S = SIZES
    rep = S["heads"] // S["kv_heads"]

    def rms(x, g):
        return x / torch.sqrt((x * x).mean(-1, keepdim=True) + w["eps"]) * g

    def rope(x, cos, sin):
        h = S["hd"] // 2
        return x * cos + torch.cat([-x[..., h:], x[..., :h]], -1) * sin

    def forward(ids, pos, ck, cv, past, static):
        """One call: ids, pos [1, s]; caches [layers][1, kv, rows, hd] written at past."""
        s = ids.shape[1]
        x = w["emb"][ids]
        ang = pos.float()[..., None] * w["inv_freq"]
        ang = torch.cat([ang, ang], -1)
        cos, sin = ang.cos()[None], ang.sin()[None]  # [1, 1, s, hd]
        for l in range(S["layers"]):
            p = "l%d." % l
            h = rms(x, w[p + "g1"])
            q = (h @ w[p + "wq"]).view(1, s, S["kv_heads"], rep, S["hd"]).permute(0, 2, 3, 1, 4)
            k = (h @ w[p + "wk"]).view(1, s, S["kv_heads"], S["hd"]).transpose(1, 2)
            v = (h @ w[p + "wv"]).view(1, s, S["kv_heads"], S["hd"]).transpose(1, 2)
            q, k = rope(q, cos, sin), rope(k, cos, sin)
            if static:  # write at past (a tensor), attend over every row, masked
                ck[l].index_copy_(2, past, k)
                cv[l].index_copy_(2, past, v)
                K, V = ck[l], cv[l]
            else:
                ck[l][:, :, past:past + s] = k
                cv[l][:, :, past:past + s] = v
                K, V = ck[l][:, :, :past + s], cv[l][:, :, :past + s]
            sc = (q @ K.unsqueeze(2).transpose(-1, -2)) * w["scale"]
            kpos = torch.arange(K.shape[2], device=dev)
            ok = kpos[None, None, :] <= pos[:, :, None]
            sc = sc + torch.where(ok, w["zero_f"], w["neg"])
            att = torch.softmax(sc, -1) @ V.unsqueeze(2)
            att = att.reshape(1, S["heads"], s, S["hd"]).transpose(1, 2).reshape(1, s, -1)
            x = x + att @ w[p + "wo"]
            h = rms(x, w[p + "g2"])
            g = h @ w[p + "wg"]
            x = x + ((g * torch.sigmoid(g)) * (h @ w[p + "wu"])) @ w[p + "wd"]
        return rms(x, w["gf"]) @ w["lm"]

    rows_max = MAX_PAST + 1
    def caches():
        return ([torch.zeros(1, S["kv_heads"], rows_max, S["hd"], device=dev)
                 for _ in range(S["layers"])] for _ in range(2))

    picoc = Picoc(Path(args.dir) / "model.so")
    compiled = torch.compile(lambda ids, pos, ck, cv, past: forward(ids, pos, ck, cv, past, True),
                             mode="reduce-overhead", fullgraph=True)
    rng = np.random.default_rng(1)
    sync = torch.cuda.synchronize
    ck2, cv2 = caches()
    rows = []
    for past in args.past:
        ids_np, pos_np = tokens(rng, 0, past)
        ck, cv = caches()
        with torch.no_grad():
            forward(torch.from_numpy(ids_np).to(dev), torch.from_numpy(pos_np).to(dev), ck, cv, 0,
                    False)
        picoc.lib.model_reset(picoc.model)
        picoc.run([ids_np, pos_np], [np.empty((1, past, S["vocab"]), np.float32)])
        ids_np, pos_np = tokens(rng, past, 1)
        ids, pos = torch.from_numpy(ids_np).to(dev), torch.from_numpy(pos_np).to(dev)
        with torch.no_grad():
            ref = forward(ids, pos, ck, cv, past, False).cpu().numpy()
        logits = np.empty_like(ref)
        step = picoc.call([ids_np, pos_np], [logits])

        def picoc_step():
            picoc.lib.picort_model_set_position(picoc.model, past)
            return step()
        picoc_step()
        err = rel_err(logits, ref)
        for c, c2 in zip(ck + cv, ck2 + cv2):  # the static caches keep their addresses
            c2.copy_(c)
        past_t = torch.tensor([past], device=dev)
        try:
            with torch.no_grad():
                for _ in range(3):  # compile and record the graphs
                    got = compiled(ids, pos, ck2, cv2, past_t).clone()
            err_compile = rel_err(got.cpu().numpy(), ref)
        except Exception as e:  # report picoc's and eager's numbers all the same
            print("torch.compile failed: %s" % e, flush=True)
            err_compile = None

        def eager():
            with torch.no_grad():
                forward(ids, pos, ck, cv, past, False)

        def comp():
            with torch.no_grad():
                compiled(ids, pos, ck2, cv2, past_t)
        for engine, fn, e in (("picoc --state", picoc_step, err),
                              ("torch eager", eager, 0.0),
                              ("torch.compile", comp, err_compile)):
            if e is None:
                continue
            rows.append(dict(past=past, engine=engine, ms=median_ms(fn, sync=sync), rel_err=e))
            print(json.dumps(rows[-1]), flush=True)
    table(rows, args.past)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    for name in ("cpu", "gpu"):
        s = sub.add_parser(name)
        s.add_argument("--past", type=int, nargs="+", default=[1, 16, 64, 256, 511])
        if name == "gpu":
            s.add_argument("dir")
    sub.add_parser("prepare").add_argument("dir")
    args = p.parse_args()
    {"cpu": cpu, "gpu": gpu, "prepare": prepare}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
