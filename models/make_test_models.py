#!/usr/bin/env python3
"""Generate picoc's small ONNX test models and their reference outputs.

Builds nine small PyTorch models with seeded random weights, exports each to
ONNX (opset 17, TorchScript exporter, constant folding on, static shapes,
weights embedded) and writes them in the ONNX backend-test layout:

    test/models/<name>/model.onnx
    test/models/<name>/test_data_set_0/input_<i>.pb    (onnx.TensorProto)
    test/models/<name>/test_data_set_0/output_<i>.pb   (onnx.TensorProto)

Reference outputs are computed by onnxruntime (CPUExecutionProvider, one
thread) on the exported model and cross-checked against PyTorch.  The README
demo model is a byte-identical copy of mlp_gelu, written to
models/bundled/mlp.onnx and models/bundled/mlp/test_data_set_0/.

Usage:  python3 models/make_test_models.py [--only NAME ...]
The output is deterministic: re-running it rewrites the same bytes.
"""

import argparse
import collections
import inspect
import io
import math
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

REPO = Path(__file__).resolve().parent.parent
TEST_MODELS = REPO / "test" / "models"
BUNDLED = REPO / "models" / "bundled"
OPSET = 17
# Normwise tolerance for ONNX Runtime vs PyTorch: max|ort - torch| / max|torch|.
REL_TOL = 1e-4


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

class MlpGelu(nn.Module):
    """LayerNorm -> Linear -> GELU(erf) -> Linear, residual add, final LayerNorm."""

    def __init__(self, d=64, hidden=256):
        super().__init__()
        self.ln = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, hidden)
        self.act = nn.GELU(approximate="none")
        self.fc2 = nn.Linear(hidden, d)
        self.ln_out = nn.LayerNorm(d)

    def forward(self, x):
        x = x + self.fc2(self.act(self.fc1(self.ln(x))))
        return self.ln_out(x)


class MlpDeep(nn.Module):
    """Input projection, a stack of pre-LN residual MLP blocks with tanh-GELU, head."""

    def __init__(self, d_in=96, d=128, hidden=160, n_blocks=3, d_out=32):
        super().__init__()
        self.proj = nn.Linear(d_in, d)
        self.blocks = nn.ModuleList(
            nn.Sequential(
                nn.LayerNorm(d),
                nn.Linear(d, hidden),
                nn.GELU(approximate="tanh"),
                nn.Linear(hidden, d),
            )
            for _ in range(n_blocks)
        )
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, d_out)

    def forward(self, x):
        x = self.proj(x)
        for block in self.blocks:
            x = x + block(x)
        return self.head(self.ln_f(x))


class GptBlock(nn.Module):
    """GPT-2 style pre-LN transformer block with hand-written causal attention.

    With use_sdpa=True the attention core is F.scaled_dot_product_attention
    (is_causal=True) instead of explicit matmuls, mask and softmax.
    """

    def __init__(self, seq, d_model, n_heads, mlp_ratio=4, use_sdpa=False):
        super().__init__()
        assert d_model % n_heads == 0
        self.n_heads = n_heads
        self.use_sdpa = use_sdpa
        self.ln_1 = nn.LayerNorm(d_model)
        self.c_attn = nn.Linear(d_model, 3 * d_model)
        self.c_proj = nn.Linear(d_model, d_model)
        self.ln_2 = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(
            nn.Linear(d_model, mlp_ratio * d_model),
            nn.GELU(approximate="tanh"),
            nn.Linear(mlp_ratio * d_model, d_model),
        )
        mask = torch.tril(torch.ones(seq, seq, dtype=torch.bool))
        self.register_buffer("causal_mask", mask.view(1, 1, seq, seq), persistent=False)

    def attn(self, x):
        B, T, C = x.size()
        hd = C // self.n_heads
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, self.n_heads, hd).transpose(1, 2)  # [B, H, T, hd]
        k = k.view(B, T, self.n_heads, hd).transpose(1, 2)
        v = v.view(B, T, self.n_heads, hd).transpose(1, 2)
        if self.use_sdpa:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
            att = att.masked_fill(~self.causal_mask[:, :, :T, :T], float("-inf"))
            att = F.softmax(att, dim=-1)
            y = att @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # merge heads
        return self.c_proj(y)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        x = x + self.mlp(self.ln_2(x))
        return x


class ConvNet(nn.Module):
    """Conv/GroupNorm/SiLU encoder, stride-2 downsample, nn.Upsample back, residual."""

    def __init__(self, c_in=4, c=16, groups=4):
        super().__init__()
        self.conv_in = nn.Conv2d(c_in, c, 3, padding=1)
        self.norm1 = nn.GroupNorm(groups, c)
        self.down = nn.Conv2d(c, 2 * c, 3, stride=2, padding=1)
        self.norm2 = nn.GroupNorm(groups, 2 * c)
        self.mid = nn.Conv2d(2 * c, c, 3, padding=1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.norm3 = nn.GroupNorm(groups, c)
        self.conv_out = nn.Conv2d(c, c_in, 3, padding=1)
        self.act = nn.SiLU()

    def forward(self, x):
        h = self.act(self.norm1(self.conv_in(x)))
        d = self.act(self.norm2(self.down(h)))
        u = self.up(self.mid(d))
        h = self.act(self.norm3(h + u))
        return x + self.conv_out(h)


class ConvUpsample(nn.Module):
    """Decoder stage: ResNet block, F.interpolate x2 (nearest), conv, 1x1 skip."""

    def __init__(self, c_in=8, c=32, c_out=16, groups=8):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, c_in)
        self.conv1 = nn.Conv2d(c_in, c, 3, padding=1)
        self.norm2 = nn.GroupNorm(groups, c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)
        self.skip = nn.Conv2d(c_in, c, 1)
        self.conv_up = nn.Conv2d(c, c_out, 3, padding=1)

    def forward(self, x):
        h = self.conv1(F.silu(self.norm1(x)))
        h = self.conv2(F.silu(self.norm2(h)))
        h = h + self.skip(x)
        h = F.interpolate(h, scale_factor=2.0, mode="nearest")
        return self.conv_up(h)


class Attention(nn.Module):
    """softmax(q @ k^T / sqrt(D)) @ v on [B, H, S, D] inputs."""

    def forward(self, q, k, v):
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
        return F.softmax(scores, dim=-1) @ v


class AttentionMasked(nn.Module):
    """softmax(q @ k^T / sqrt(D) + mask) @ v with a broadcast additive mask input."""

    def forward(self, q, k, v, mask):
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]) + mask
        return F.softmax(scores, dim=-1) @ v


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

def normal(rng, shape):
    return rng.standard_normal(shape).astype(np.float32)


def additive_mask(rng, b, s):
    """[b, 1, s, s] mask: small random bias, ~25% of keys masked with -1e4.

    The diagonal is never masked, so no softmax row is fully masked.
    """
    bias = 0.5 * rng.standard_normal((b, 1, s, s))
    masked = rng.random((b, 1, s, s)) < 0.25
    masked &= ~np.eye(s, dtype=bool)
    return np.where(masked, -1e4, bias).astype(np.float32)


def randomize_norm_affine(model):
    """Give LayerNorm/GroupNorm non-trivial scale and shift (default is 1 and 0)."""
    for m in model.modules():
        if isinstance(m, (nn.LayerNorm, nn.GroupNorm)) and m.weight is not None:
            with torch.no_grad():
                m.weight.copy_(1.0 + 0.2 * torch.randn_like(m.weight))
                m.bias.copy_(0.2 * torch.randn_like(m.bias))
    return model


def spec(seed, model_fn, inputs_fn, input_names, output_names=("y",)):
    return dict(seed=seed, model_fn=model_fn, inputs_fn=inputs_fn,
                input_names=list(input_names), output_names=list(output_names))


MODELS = {
    "mlp_gelu": spec(
        1, lambda: MlpGelu(d=64, hidden=256),
        lambda r: [normal(r, (4, 64))], ["x"]),
    "mlp_deep": spec(
        2, lambda: MlpDeep(d_in=96, d=128, hidden=160, n_blocks=3, d_out=32),
        lambda r: [normal(r, (8, 96))], ["x"]),
    "gpt_block": spec(
        3, lambda: GptBlock(seq=16, d_model=64, n_heads=2, mlp_ratio=4),
        lambda r: [normal(r, (1, 16, 64))], ["x"]),
    "gpt_block2": spec(
        4, lambda: GptBlock(seq=32, d_model=128, n_heads=4, mlp_ratio=2, use_sdpa=True),
        lambda r: [normal(r, (2, 32, 128))], ["x"]),
    "convnet": spec(
        5, lambda: ConvNet(c_in=4, c=16, groups=4),
        lambda r: [normal(r, (1, 4, 32, 32))], ["x"]),
    "conv_upsample": spec(
        6, lambda: ConvUpsample(c_in=8, c=32, c_out=16, groups=8),
        lambda r: [normal(r, (1, 8, 16, 16))], ["x"]),
    "attention": spec(
        7, Attention,
        lambda r: [normal(r, (2, 4, 16, 32)) for _ in range(3)], ["q", "k", "v"]),
    "attention_mh": spec(
        8, AttentionMasked,
        lambda r: [normal(r, (2, 8, 32, 16)) for _ in range(3)] + [additive_mask(r, 2, 32)],
        ["q", "k", "v", "mask"]),
    # Weights large enough (>= 64K elements) and rows many enough (> 64) for the CPU's matmul
    # over weights in panels with the rows outside them (picoc-graph-pack-weights); 200 rows
    # make two row tiles of fc2 (K = 384) and leave a remainder of the 6-row register tile.
    "mlp_panels": spec(
        9, lambda: MlpGelu(d=256, hidden=384),
        lambda r: [normal(r, (200, 256))], ["x"]),
}


# --------------------------------------------------------------------------
# Export, reference, layout
# --------------------------------------------------------------------------

def export_onnx(model, args, input_names, output_names):
    """Export with the TorchScript exporter; returns the serialized model bytes."""
    kwargs = dict(opset_version=OPSET, do_constant_folding=True,
                  input_names=input_names, output_names=output_names)
    params = inspect.signature(torch.onnx.export).parameters
    if "dynamo" in params:
        kwargs["dynamo"] = False
    if "external_data" in params:
        kwargs["external_data"] = False
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy-exporter deprecation notice
        torch.onnx.export(model, tuple(args), buf, **kwargs)
    return buf.getvalue()


def run_ort(model_bytes, feeds):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1  # frugal and bit-reproducible
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(model_bytes, opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def graph_inputs(model):
    inits = {t.name for t in model.graph.initializer}
    return [i for i in model.graph.input if i.name not in inits]


def shape_of(value_info):
    dims = value_info.type.tensor_type.shape.dim
    return [d.dim_value if d.HasField("dim_value") else d.dim_param for d in dims]


def write_tensor(path, array, name):
    tensor = numpy_helper.from_array(array, name=name)
    path.write_bytes(tensor.SerializeToString())


def write_test_case(out_dir, model_bytes, model, inputs, outputs):
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "model.onnx").write_bytes(model_bytes)
    data_dir = out_dir / "test_data_set_0"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir()
    for i, (vi, arr) in enumerate(zip(graph_inputs(model), inputs)):
        write_tensor(data_dir / f"input_{i}.pb", arr, vi.name)
    for i, (vi, arr) in enumerate(zip(model.graph.output, outputs)):
        write_tensor(data_dir / f"output_{i}.pb", arr, vi.name)


def describe(name, model, model_bytes, err):
    ops = collections.Counter(n.op_type for n in model.graph.node)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'}:{o.version}" for o in model.opset_import)
    n_params = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
    print(f"== {name}  ({len(model_bytes)} bytes, {n_params} params, opset {opsets})")
    for vi in graph_inputs(model):
        print(f"   input  {vi.name}: {shape_of(vi)}")
    for vi in model.graph.output:
        print(f"   output {vi.name}: {shape_of(vi)}")
    print(f"   {len(model.graph.node)} nodes: "
          + ", ".join(f"{op} x{c}" for op, c in sorted(ops.items())))
    print(f"   ort vs torch: max rel err {err:.3e}")


def build(name, cfg):
    torch.manual_seed(cfg["seed"])
    model = randomize_norm_affine(cfg["model_fn"]()).eval()
    rng = np.random.default_rng(cfg["seed"])
    inputs = cfg["inputs_fn"](rng)

    model_bytes = export_onnx(model, [torch.from_numpy(a) for a in inputs],
                              cfg["input_names"], cfg["output_names"])
    onnx_model = onnx.load_from_string(model_bytes)
    onnx.checker.check_model(onnx_model, full_check=True)
    assert len(model_bytes) < 1 << 20, f"{name}: model is {len(model_bytes)} bytes"
    assert not any(t.data_location == onnx.TensorProto.EXTERNAL
                   for t in onnx_model.graph.initializer), f"{name}: external data"

    names = [vi.name for vi in graph_inputs(onnx_model)]
    assert names == cfg["input_names"], f"{name}: graph inputs {names}"
    outputs = run_ort(model_bytes, dict(zip(names, inputs)))

    with torch.no_grad():
        expected = model(*[torch.from_numpy(a) for a in inputs])
    expected = [expected] if isinstance(expected, torch.Tensor) else list(expected)
    err = 0.0
    for got, exp in zip(outputs, expected):
        exp = exp.numpy()
        assert got.shape == exp.shape, f"{name}: {got.shape} vs {exp.shape}"
        err = max(err, float(np.max(np.abs(got - exp)) / (np.max(np.abs(exp)) + 1e-30)))
    if not err < REL_TOL:
        raise SystemExit(f"{name}: onnxruntime and PyTorch disagree (rel err {err:.3e})")

    write_test_case(TEST_MODELS / name, model_bytes, onnx_model, inputs, outputs)
    describe(name, onnx_model, model_bytes, err)


def write_bundled():
    """models/bundled/mlp.onnx (+ mlp/test_data_set_0) is a copy of mlp_gelu."""
    src = TEST_MODELS / "mlp_gelu"
    BUNDLED.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / "model.onnx", BUNDLED / "mlp.onnx")
    dst = BUNDLED / "mlp" / "test_data_set_0"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src / "test_data_set_0", dst)
    print(f"== bundled: {BUNDLED.relative_to(REPO)}/mlp.onnx = copy of mlp_gelu")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(MODELS), default=None,
                        help="build only these models")
    args = parser.parse_args()

    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, onnx {onnx.__version__}, "
          f"onnxruntime {ort.__version__}, numpy {np.__version__}")
    for name in args.only or MODELS:
        build(name, MODELS[name])
    if args.only is None or "mlp_gelu" in args.only:
        write_bundled()
    return 0


if __name__ == "__main__":
    sys.exit(main())
