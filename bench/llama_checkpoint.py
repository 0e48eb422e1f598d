#!/usr/bin/env python3
"""A TinyLlama-1.1B-shaped checkpoint through picoc: compile time and peak memory, and decode
time per token beside PyTorch (and onnxruntime on the CPU).

The checkpoint has TinyLlama-1.1B's config (hidden 2048, 22 layers, 32 query heads over 4
key/value heads, MLP 5632, vocab 32000) and bf16 weights drawn from a pattern of 4096 values
that repeats (each tensor from its own start in it, scaled by its fan-in), so that it and
picoc's weights file compress to a few MiB and travel to the GPU machine; what is timed does
not depend on the values.

    python3 bench/llama_checkpoint.py make CKPT          # writes the checkpoint folder
    python3 bench/llama_checkpoint.py compile CKPT       # picoc for host and sm_90: s, peak RSS
    python3 bench/llama_checkpoint.py cpu CKPT [--past 16 128 511]
        picoc's decode step on this CPU beside PyTorch eager (transformers, fp32).
    python3 bench/llama_checkpoint.py prepare CKPT DIR   # sm_90: DIR/model.so + model.weights
    python3 bench/llama_checkpoint.py gpu CKPT DIR [--past ...]
        on the GPU machine: picoc beside transformers' LlamaForCausalLM in fp32 (tf32 off),
        eager and torch.compile (a static cache, mode reduce-overhead: CUDA graphs).

Each decode step is timed after a prompt of `past` tokens (picoc's state rolled back to past
rows before each call, picort_model_set_position, O(1)); logits are checked against
transformers' after the same prompt (max |got - ref| / max |ref|). Medians after a warm-up.
"""

import argparse
import ctypes
import json
import resource
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kv_decode import median_ms, rel_err  # noqa: E402  (one timing rule for the benches)

REPO = Path(__file__).resolve().parent.parent
PICOC = REPO / "build" / "bin" / "picoc"
RUNTIME = REPO / "build" / "lib" / "libpicort.a"
CONFIG = dict(architectures=["LlamaForCausalLM"], model_type="llama", hidden_size=2048,
              intermediate_size=5632, num_hidden_layers=22, num_attention_heads=32,
              num_key_value_heads=4, vocab_size=32000, max_position_embeddings=2048,
              rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
              hidden_act="silu", torch_dtype="bfloat16")
PERIOD = 4096


def bf16_bits(x):
    bits = x.astype(np.float32).view(np.uint32)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)


def make(args):
    c = CONFIG
    out = Path(args.ckpt)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(c, indent=2))
    h, f, kv = c["hidden_size"], c["intermediate_size"], c["num_key_value_heads"] * 64
    shapes = {"model.embed_tokens.weight": (c["vocab_size"], h), "model.norm.weight": (h,),
              "lm_head.weight": (c["vocab_size"], h)}
    for l in range(c["num_hidden_layers"]):
        p = "model.layers.%d." % l
        shapes.update({p + "input_layernorm.weight": (h,),
                       p + "post_attention_layernorm.weight": (h,),
                       p + "self_attn.q_proj.weight": (h, h), p + "self_attn.k_proj.weight": (kv, h),
                       p + "self_attn.v_proj.weight": (kv, h), p + "self_attn.o_proj.weight": (h, h),
                       p + "mlp.gate_proj.weight": (f, h), p + "mlp.up_proj.weight": (f, h),
                       p + "mlp.down_proj.weight": (h, f)})
    pattern = np.random.default_rng(0).standard_normal(PERIOD).astype(np.float32)
    header, offset = {}, 0
    for name, shape in shapes.items():
        n = int(np.prod(shape))
        header[name] = dict(dtype="BF16", shape=list(shape), data_offsets=[offset, offset + 2 * n])
        offset += 2 * n
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(out / "model.safetensors", "wb") as fh:
        fh.write(struct.pack("<Q", len(text)) + text)
        for k, (name, shape) in enumerate(shapes.items()):
            n = int(np.prod(shape))
            # Each tensor starts elsewhere in the pattern: no two are equal (picoc would
            # store equal ones once).
            own = np.resize(np.roll(pattern, 97 * k + 1), n)
            if len(shape) == 1:  # norms near 1
                values = 1 + 0.1 * own
            else:  # fan-in scaled (the embedding: unit scale)
                scale = 1.0 if "embed" in name else 1 / np.sqrt(shape[1])
                values = own * scale
            fh.write(bf16_bits(values).tobytes())
    print("wrote %s (%.2f GB)" % (out, (offset + len(text) + 8) / 1e9))


def compile_model(ckpt, obj, target, past):
    """Compiles; returns (seconds, peak RSS of the compiler in MiB)."""
    start = time.perf_counter()
    subprocess.run([str(PICOC), str(ckpt), "-o", str(obj), "--name", "model", "--target", target,
                    "--quiet", "--dim", "past=0..%d" % past, "--dim", "seq=1..512"], check=True)
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def link(obj, lib):
    subprocess.run(["cc", "-shared", "-o", str(lib), str(obj), str(RUNTIME), "-lpthread", "-lm",
                    "-ldl"], check=True)


class Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)), ("memory", ctypes.c_int32)]


class Picoc:
    """model.so (prefill, decode, reset) and its weights file, through ctypes."""

    def __init__(self, lib, weights):
        self.lib = ctypes.CDLL(str(Path(lib).resolve()))  # a path, not a library name
        self.model = ctypes.c_void_p()
        if self.lib.model_create(str(weights).encode(), ctypes.byref(self.model)) != 0:
            self.lib.picort_last_error.restype = ctypes.c_char_p
            raise RuntimeError(self.lib.picort_last_error().decode())
        self.lib.picort_model_set_position.argtypes = [ctypes.c_void_p, ctypes.c_int64]
        self.keep = []

    def call(self, entry, ids, logits):
        def tensor(a, dtype):
            shape = (ctypes.c_int64 * a.ndim)(*a.shape)
            self.keep += [shape, a]  # alive until the call, even a temporary
            return Tensor(a.ctypes.data, dtype, a.ndim, shape, 0)
        ins, outs = (Tensor * 1)(tensor(ids, 7)), (Tensor * 1)(tensor(logits, 1))
        fn = getattr(self.lib, "model_" + entry)
        return lambda: fn(self.model, ins, 1, outs, 1)


def compile_times(args):
    out = Path("/tmp/picoc-bench-llama")
    out.mkdir(exist_ok=True)
    for target in ("host", "sm_90"):
        s, rss = compile_model(args.ckpt, out / ("model-%s.o" % target), target, 2047)
        print(json.dumps(dict(target=target, seconds=round(s, 2), peak_rss_mib=round(rss))))


def time_engines(args, device, picoc):
    import torch
    import transformers
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device(device)
    model = transformers.LlamaForCausalLM.from_pretrained(
        args.ckpt, dtype=torch.float32, attn_implementation="sdpa").to(dev).eval()
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    rng = np.random.default_rng(1)
    rows = []
    static = compiled = None
    # Untimed: a few steps touch every page of picoc's weights (a 4 GiB mapped file, just
    # written by the compile) first, so that the first `past` timed is not the one paying for
    # them (it ran 40-50 ms a step slower, whichever past came first).
    warm = rng.integers(0, CONFIG["vocab_size"], (1, 4)).astype(np.int64)
    picoc.call("prefill", warm, np.empty((1, 4, CONFIG["vocab_size"]), np.float32))()
    warm_step = picoc.call("decode", warm[:, :1], np.empty((1, 1, CONFIG["vocab_size"]), np.float32))
    for _ in range(5):
        warm_step()
    for past in args.past:
        prompt = rng.integers(0, CONFIG["vocab_size"], (1, past)).astype(np.int64)
        token = rng.integers(0, CONFIG["vocab_size"], (1, 1)).astype(np.int64)
        with torch.no_grad():
            cache = transformers.DynamicCache(config=model.config)
            model(input_ids=torch.from_numpy(prompt).to(dev), past_key_values=cache)
            ref = model(input_ids=torch.from_numpy(token).to(dev),
                        past_key_values=cache).logits.float().cpu().numpy()
        picoc.call("prefill", prompt, np.empty((1, past, CONFIG["vocab_size"]), np.float32))()
        logits = np.empty((1, 1, CONFIG["vocab_size"]), np.float32)
        step = picoc.call("decode", token, logits)

        def picoc_step():
            picoc.lib.picort_model_set_position(picoc.model, past)
            return step()
        assert picoc_step() == 0
        err = rel_err(logits, ref)
        ids = torch.from_numpy(token).to(dev)

        def eager():
            extra = cache.get_seq_length() - past  # the step before this one's row
            if extra > 0:
                cache.crop(-extra)
            with torch.no_grad():
                model(input_ids=ids, past_key_values=cache)
        rows.append(dict(past=past, engine="picoc", ms=median_ms(picoc_step, sync=sync),
                         rel_err=err))
        print(json.dumps(rows[-1]), flush=True)
        rows.append(dict(past=past, engine="torch eager", ms=median_ms(eager, sync=sync)))
        print(json.dumps(rows[-1]), flush=True)
        if device == "cuda":
            if static is None:  # one cache and one compiled model for every past
                static = transformers.StaticCache(config=model.config, max_cache_len=2048)
                compiled = torch.compile(model, mode="reduce-overhead", fullgraph=True)
            static.reset()
            with torch.no_grad():
                model(input_ids=torch.from_numpy(prompt).to(dev), past_key_values=static,
                      cache_position=torch.arange(past, device=dev))
            position = torch.tensor([past], device=dev)

            def comp():
                with torch.no_grad():
                    return compiled(input_ids=ids, past_key_values=static,
                                    cache_position=position).logits
            try:
                for _ in range(3):
                    got = comp()
                row = dict(past=past, engine="torch.compile", ms=median_ms(comp, sync=sync),
                           rel_err=rel_err(got.float().cpu().numpy(), ref))
                rows.append(row)
                print(json.dumps(row), flush=True)
            except Exception as e:  # report the others all the same
                print("torch.compile failed: %s" % e, flush=True)
    return rows


def cpu(args):
    out = Path("/tmp/picoc-bench-llama")
    out.mkdir(exist_ok=True)
    compile_model(args.ckpt, out / "model.o", "host", 2047)
    link(out / "model.o", out / "model.so")
    time_engines(args, "cpu", Picoc(out / "model.so", out / "model.weights"))


def prepare(args):
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    compile_model(args.ckpt, out / "model.o", "sm_90", 2047)
    link(out / "model.o", out / "model.so")


def gpu(args):
    time_engines(args, "cuda", Picoc(Path(args.dir) / "model.so", Path(args.dir) / "model.weights"))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    for name in ("make", "compile", "cpu", "prepare", "gpu"):
        s = sub.add_parser(name)
        s.add_argument("ckpt")
        if name in ("prepare", "gpu"):
            s.add_argument("dir")
        if name in ("cpu", "gpu"):
            s.add_argument("--past", type=int, nargs="+", default=[16, 128, 511])
    args = p.parse_args()
    {"make": make, "compile": compile_times, "cpu": cpu, "prepare": prepare, "gpu": gpu}[
        args.mode](args)


if __name__ == "__main__":
    main()
