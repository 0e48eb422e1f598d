#!/usr/bin/env python3
"""picoc against PyTorch on one GPU, side by side in one process (run on the GPU machine).

bench/gpu/prepare.sh compiles the models here (no GPU needed) into DIR/<case>/model.so; this
script, on the GPU machine, loads each with ctypes, feeds it PyTorch's device tensors (picoc
runs in place on them through model_run_async on PyTorch's stream) and times both with CUDA
events: the median of many runs, each on the next of several input copies (rotated so that the
60 MB L2 never holds a run's inputs). It first measures the copy bandwidth (a 1 GiB device to
device copy, bytes read + written) and reports each kernel's bandwidth as a share of it, on the
fewest bytes the kernel must move (each input read once, each output written once), and as a
share of a copy of those same bytes timed the same way (what a kernel that small can reach).

  kernels  gelu over 2^28 floats, softmax and RMSNorm over [8192, 4096], GEMV 1x4096x4096 and
           1x8192x8192, a [8192, 4096] transpose, against torch's own ops (F.gelu, softmax,
           F.rms_norm, x @ w, x.t().contiguous());
  compute  GEMMs (4096^3, 512x2048x5632, 512x5632x2048) against torch.matmul, causal attention
           prefill (1 x 32 heads x 2048 tokens x 64) against F.scaled_dot_product_attention, a
           3x3 convolution 320 -> 320 at 64x64 (batch 2) against F.conv2d (conv3x3_320_weights:
           the filter and bias held by the model, parameters.py's): fp32 (TF32 off),
           and picoc at --precision=tf32 and tf32x3 against torch with TF32 allowed, in
           TFLOP/s (rel err against fp32);
  models   the test models (test/models) against the same PyTorch modules in eager mode, on
           device tensors (models/make_test_models.py and make_hf_models.py build them).

Usage: bench.py DIR [--only NAME ...] [--reps N]
"""

import argparse
import ctypes
import re
import statistics
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from parameters import conv3x3_320_parameters  # (bench/gpu, this script's folder)

REPO = Path(__file__).resolve().parents[2]
L2_BYTES = 60 << 20
DTYPES = {1: torch.float32, 7: torch.int64, 6: torch.int32, 9: torch.bool}


class TensorDesc(ctypes.Structure):  # picort_tensor_desc: its size sets the array's stride
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int32), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)), ("dims", ctypes.c_void_p),
                ("staged", ctypes.c_int32), ("staging_offset", ctypes.c_uint64)]


class Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)), ("memory", ctypes.c_int32)]


class EntryDesc(ctypes.Structure):  # the leading fields of picort_entry_desc
    _fields_ = [("name", ctypes.c_char_p),
                ("num_inputs", ctypes.c_int32), ("inputs", ctypes.POINTER(TensorDesc)),
                ("num_outputs", ctypes.c_int32), ("outputs", ctypes.POINTER(TensorDesc))]


class Desc(ctypes.Structure):  # the leading fields of picort_model_desc
    _fields_ = [("abi_version", ctypes.c_uint32), ("name", ctypes.c_char_p),
                ("num_entries", ctypes.c_int32), ("entries", ctypes.POINTER(EntryDesc))]


class Model:
    """A picoc model.so (symbols model_*), run on torch device tensors."""

    def __init__(self, path):
        self.lib = ctypes.CDLL(str(path))
        self.desc = Desc.in_dll(self.lib, "model_desc").entries[0]  # the one entry, "run"
        self.lib.picort_last_error.restype = ctypes.c_char_p
        self.handle = ctypes.c_void_p()
        self.check(self.lib.model_create(None, ctypes.byref(self.handle)), "create")

    def check(self, status, what):
        if status != 0:
            raise RuntimeError(f"{what}: status {status}: {self.lib.picort_last_error().decode()}")

    def specs(self, descs, n):
        return [(descs[i].name.decode(), DTYPES[descs[i].dtype],
                 tuple(descs[i].shape[k] for k in range(descs[i].rank))) for i in range(n)]

    def inputs(self):
        return self.specs(self.desc.inputs, self.desc.num_inputs)

    def outputs(self):
        return self.specs(self.desc.outputs, self.desc.num_outputs)

    def bind(self, tensors):
        arr = (Tensor * len(tensors))()
        self.keep = []
        for i, t in enumerate(tensors):
            shape = (ctypes.c_int64 * max(t.dim(), 1))(*t.shape)
            self.keep.append(shape)
            code = {v: k for k, v in DTYPES.items()}[t.dtype]
            arr[i] = Tensor(t.data_ptr(), code, t.dim(), shape, 1)
        return arr

    def runner(self, ins, outs):
        """A function that queues one run on torch's current stream."""
        i, o = self.bind(ins), self.bind(outs)
        keep = self.keep + [i, o]
        stream = ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)
        handle, fn = self.handle, self.lib.model_run_async

        def run():
            keep  # the ctypes arrays live as long as the runner
            self.check(fn(handle, i, len(ins), o, len(outs), stream), "run")
        return run


def time_ms(fns, reps, warmup=5):
    """Median of `reps` timed calls, cycling through `fns` (one per input copy)."""
    for k in range(warmup):
        fns[k % len(fns)]()
    starts = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    ends = [torch.cuda.Event(enable_timing=True) for _ in range(reps)]
    for k in range(reps):
        starts[k].record()
        fns[k % len(fns)]()
        ends[k].record()
    torch.cuda.synchronize()
    return statistics.median(s.elapsed_time(e) for s, e in zip(starts, ends))


def copy_bandwidth(reps):
    n = 1 << 28
    src = [torch.randn(n, device="cuda") for _ in range(2)]
    dst = [torch.empty(n, device="cuda") for _ in range(2)]
    ms = time_ms([lambda i=i: dst[i].copy_(src[i]) for i in range(2)], reps)
    return 2 * 4 * n / ms / 1e6  # GB/s


def rel_err(got, ref):
    return ((got.double() - ref.double()).abs().max() / ref.double().abs().max()).item()


KERNELS = {  # name: (torch function, fewest bytes moved: inputs read once, outputs written once)
    "gelu": (lambda x: F.gelu(x), lambda shapes: 2 * 4 * shapes[0][0]),
    "softmax": (lambda x: torch.softmax(x, -1), lambda s: 2 * 4 * s[0][0] * s[0][1]),
    "rmsnorm": (lambda x, w: F.rms_norm(x, (x.shape[-1],), w, 1e-6),
                lambda s: 2 * 4 * s[0][0] * s[0][1] + 4 * s[1][0]),
    "gemv_4096": (lambda x, w: x @ w, lambda s: 4 * (s[0][1] + s[1][0] * s[1][1] + s[1][1])),
    "gemv_8192": (lambda x, w: x @ w, lambda s: 4 * (s[0][1] + s[1][0] * s[1][1] + s[1][1])),
    "transpose": (lambda x: x.t().contiguous(), lambda s: 2 * 4 * s[0][0] * s[0][1]),
}


def compute_spec(name):
    """(torch function, FLOPs, torch's matmuls on tensor cores at tf32) of a compute case:
    gemm_4096 or gemm_MxKxN, attention_prefill (causal: half the products count, as for
    FlashAttention's reported rates), conv3x3_320, and their variants (gemm_4096_tf32,
    ..._tf32x3, other schedules after them)."""
    tf32 = "tf32" in name
    if name.startswith("attention_prefill"):
        sdpa = lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return (sdpa, 4 * 32 * 2048 * 2048 * 64 // 2, tf32)
    if name.startswith("conv3x3_320"):
        conv = lambda x, w, b: F.conv2d(x, w, b, padding=1)
        return (conv, 2 * 2 * 320 * 64 * 64 * 320 * 9, tf32)
    m = re.match(r"gemm_(?:(\d+)x(\d+)x(\d+)|(\d+))(_|$)", name)
    if not m:
        return None
    dims = [int(m.group(4))] * 3 if m.group(4) else [int(m.group(i)) for i in (1, 2, 3)]
    return (lambda a, b: a @ b, 2 * dims[0] * dims[1] * dims[2], "tf32" in name)


def bench_compute(name, model, reps):
    torch_fn, flops, tf32 = compute_spec(name)
    if name.startswith("conv3x3_320_weights"):  # the model holds them; PyTorch takes them
        held = [torch.from_numpy(a).cuda() for a in conv3x3_320_parameters()]
        torch_fn = lambda *ins, f=torch_fn: f(*ins, *held)
    specs = model.inputs()
    ins = [torch.randn(s, device="cuda") for _, _, s in specs]
    outs = [torch.empty(s, device="cuda") for _, _, s in model.outputs()]
    picoc = model.runner(ins, outs)
    picoc()
    torch.cuda.synchronize()
    err = rel_err(outs[0], torch_fn(*ins))  # against torch at fp32 (TF32 off)
    t_picoc = time_ms([picoc], reps)
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    t_torch = time_ms([lambda: torch_fn(*ins)], reps)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    return dict(picoc=t_picoc, torch=t_torch, err=err, tflops=flops / t_picoc / 1e9,
                torch_tflops=flops / t_torch / 1e9)


def bench_kernel(name, model, reps, copy_gbs):
    torch_fn, min_bytes = KERNELS[name]
    specs = model.inputs()
    in_bytes = sum(4 * int(np.prod(s)) for _, _, s in specs)
    copies = max(2, -(-4 * L2_BYTES // in_bytes))
    sets = [[torch.randn(s, device="cuda") for _, _, s in specs] for _ in range(copies)]
    outs = [[torch.empty(s, device="cuda") for _, _, s in model.outputs()] for _ in sets]
    picoc = [model.runner(i, o) for i, o in zip(sets, outs)]
    picoc[0]()
    torch.cuda.synchronize()
    err = rel_err(outs[0][0], torch_fn(*sets[0]))
    t_picoc = time_ms(picoc, reps)
    t_torch = time_ms([lambda i=i: torch_fn(*i) for i in sets], reps)
    moved = min_bytes([s for _, _, s in specs])
    gbs = moved / t_picoc / 1e6
    # A device-to-device copy of the same bytes (half read, half written), timed the same way:
    # what a kernel of this size can reach at best, launch and ramp-up included.
    half = moved // 8
    src = [torch.randn(half, device="cuda") for _ in range(copies)]
    dst = [torch.empty(half, device="cuda") for _ in range(copies)]
    t_copy = time_ms([lambda i=i: dst[i].copy_(src[i]) for i in range(copies)], reps)
    return dict(case=name, picoc=t_picoc, torch=t_torch, gbs=gbs, share=gbs / copy_gbs,
                same=t_copy / t_picoc, err=err)


def torch_model(name):
    """The PyTorch module of a test model and its inputs (as made for the ONNX export)."""
    sys.path.insert(0, str(REPO / "models"))
    import make_test_models as tm
    if name in tm.MODELS:
        cfg = tm.MODELS[name]
        torch.manual_seed(cfg["seed"])
        model = tm.randomize_norm_affine(cfg["model_fn"]()).eval()
        return model, cfg["inputs_fn"](np.random.default_rng(cfg["seed"]))
    import make_hf_models as hm
    spec = hm.MODELS[name][0]()
    return spec["model_fn"]().eval(), spec["inputs"]


def bench_model(name, model, reps):
    module, inputs = torch_model(name)
    module = module.cuda()
    ins = [torch.from_numpy(np.ascontiguousarray(a)).cuda() for a in inputs]
    outs = [torch.empty(s, dtype=t, device="cuda") for _, t, s in model.outputs()]
    picoc = model.runner(ins, outs)
    with torch.no_grad():
        ref = module(*ins)
        ref = ref if isinstance(ref, (tuple, list)) else (ref,)
        picoc()
        torch.cuda.synchronize()
        err = rel_err(outs[0], ref[0].reshape(outs[0].shape))
        t_picoc = time_ms([picoc], reps)
        t_torch = time_ms([lambda: module(*ins)], reps)
    return dict(case=name, picoc=t_picoc, torch=t_torch, err=err)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--reps", type=int, default=100)
    args = parser.parse_args()
    # fp32 against fp32: no TF32 in PyTorch's matmuls and convolutions either.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}")
    copy_gbs = copy_bandwidth(args.reps)
    print(f"copy bandwidth (1 GiB device to device, read + write): {copy_gbs:.0f} GB/s\n")
    print("| kernel | picoc ms | GB/s | share of copy | share of same-size copy | torch ms | "
          "picoc / torch | rel err |")
    print("|---|---|---|---|---|---|---|---|")
    cases = sorted(p.parent.name for p in args.dir.glob("*/model.so"))
    for name in [c for c in cases if c in KERNELS and (not args.only or c in args.only)]:
        r = bench_kernel(name, Model(args.dir / name / "model.so"), args.reps, copy_gbs)
        print(f"| {name} | {r['picoc']:.3f} | {r['gbs']:.0f} | {100 * r['share']:.0f}% | "
              f"{100 * r['same']:.0f}% | {r['torch']:.3f} | {r['picoc'] / r['torch']:.2f} | "
              f"{r['err']:.1e} |", flush=True)
    compute = [c for c in cases if compute_spec(c) and (not args.only or c in args.only)]
    if compute:
        print("\n| kernel | picoc ms | picoc TFLOP/s | torch ms | torch TFLOP/s | picoc / torch "
              "| rel err |")
        print("|---|---|---|---|---|---|---|")
    for name in compute:
        r = bench_compute(name, Model(args.dir / name / "model.so"), args.reps)
        print(f"| {name} | {r['picoc']:.3f} | {r['tflops']:.1f} | {r['torch']:.3f} | "
              f"{r['torch_tflops']:.1f} | {r['picoc'] / r['torch']:.2f} | {r['err']:.1e} |",
              flush=True)
    print("\n| test model | picoc ms | torch eager ms | picoc / torch | rel err |")
    print("|---|---|---|---|---|")
    total = [0.0, 0.0]
    for name in [c for c in cases
                 if c not in KERNELS and not compute_spec(c) and (not args.only or c in args.only)]:
        try:
            r = bench_model(name, Model(args.dir / name / "model.so"), args.reps)
        except Exception as e:  # a model PyTorch cannot build here is reported, not fatal
            print(f"| {name} | - | - | - | {type(e).__name__}: {str(e)[:80]} |", flush=True)
            continue
        total[0] += r["picoc"]
        total[1] += r["torch"]
        print(f"| {name} | {r['picoc']:.3f} | {r['torch']:.3f} | {r['picoc'] / r['torch']:.2f} | "
              f"{r['err']:.1e} |", flush=True)
    if total[1] > 0:
        print(f"| all | {total[0]:.3f} | {total[1]:.3f} | {total[0] / total[1]:.2f} | |")


if __name__ == "__main__":
    main()
