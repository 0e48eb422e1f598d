#!/usr/bin/env python3
"""Generate picoc's Hugging Face test models (small configs of the real classes).

Builds seven models from small configurations of the real transformers /
diffusers classes, with seeded random weights (nothing is downloaded),
exports each to ONNX (opset 17, TorchScript exporter, constant folding on,
weights embedded) with NAMED dynamic dims, and writes them in the ONNX
backend-test layout:

    test/models/<name>/model.onnx
    test/models/<name>/test_data_set_0/input_<i>.pb    (onnx.TensorProto)
    test/models/<name>/test_data_set_0/output_<i>.pb   (onnx.TensorProto)
    test/models/<name>/dims     one line: NAME=VALUE for every named dim

Models: llama_prefill, llama_decode (LlamaForCausalLM with KV cache),
whisper_encoder, whisper_decoder (WhisperForConditionalGeneration),
clip_text (CLIPTextModel), unet (UNet2DConditionModel, one step),
vae_decoder (AutoencoderKL.decode).

Weights are re-initialized so activations are O(1) (fan-in scaled normal for
Linear/Conv, N(0,1) embeddings) and every norm gets a random scale and shift.
Reference outputs are computed by onnxruntime (CPUExecutionProvider, one
thread) on the exported model and cross-checked against PyTorch.

Usage:  python3 models/make_hf_models.py [--only NAME ...]
The output is deterministic: re-running it rewrites the same bytes.
"""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # construct from configs only, never download
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")

import argparse
import collections
import io
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_test_models import (  # noqa: E402  (shared helpers of the small test models)
    OPSET,
    REL_TOL,
    TEST_MODELS,
    graph_inputs,
    run_ort,
    shape_of,
    write_test_case,
)

import diffusers  # noqa: E402
import transformers  # noqa: E402
from diffusers import AutoencoderKL, UNet2DConditionModel  # noqa: E402
from transformers import (  # noqa: E402
    CLIPTextConfig,
    CLIPTextModel,
    LlamaConfig,
    LlamaForCausalLM,
    WhisperConfig,
    WhisperForConditionalGeneration,
)
from transformers.cache_utils import DynamicCache, EncoderDecoderCache  # noqa: E402
from transformers.modeling_outputs import BaseModelOutput  # noqa: E402

# Each model.onnx must stay small (weights embedded).
MAX_MODEL_BYTES = 4 << 20


# --------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------

def is_norm(m):
    return isinstance(m, (nn.LayerNorm, nn.GroupNorm)) or type(m).__name__.endswith("RMSNorm")


@torch.no_grad()
def reinit(model, seed):
    """Seeded re-initialization so activations are O(1) and no term is trivial.

    Linear/Conv weights ~ N(0, 1/fan_in), biases ~ N(0, 0.1^2); embeddings
    ~ N(0, 1); every norm's weight ~ 1 + N(0, 0.2^2) and bias ~ N(0, 0.2^2).
    Buffers (rotary inv_freq, CLIP position ids, ...) are left alone.
    """
    torch.manual_seed(seed)
    for _, m in sorted(model.named_modules(), key=lambda nm: nm[0]):
        if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d)):
            fan_in = m.weight[0].numel()
            m.weight.normal_(0.0, 1.0 / math.sqrt(fan_in))
            if m.bias is not None:
                m.bias.normal_(0.0, 0.1)
        elif isinstance(m, nn.Embedding):
            m.weight.normal_(0.0, 1.0)
        elif is_norm(m):
            if getattr(m, "weight", None) is not None:
                m.weight.copy_(1.0 + 0.2 * torch.randn_like(m.weight))
            if getattr(m, "bias", None) is not None:
                m.bias.copy_(0.2 * torch.randn_like(m.bias))
    return model.eval()


def hf_model(cls, config, seed):
    torch.manual_seed(seed)
    model = cls(config)
    return reinit(model, seed)


# --------------------------------------------------------------------------
# Models: small configs, wrapped with flat tensor inputs and outputs
# --------------------------------------------------------------------------

LLAMA_LAYERS = 2
WHISPER_LAYERS = 2

# Attention: every model uses its library's default SDPA path (transformers
# attn_implementation="sdpa", pinned here so the export does not depend on what else is
# installed; diffusers AttnProcessor2_0).  The TorchScript exporter decomposes
# F.scaled_dot_product_attention into MatMul/Softmax, so no "eager" fallback was needed.


def llama(seed=11):
    config = LlamaConfig(
        vocab_size=256, hidden_size=64, intermediate_size=128,
        num_hidden_layers=LLAMA_LAYERS, num_attention_heads=4, num_key_value_heads=2,
        max_position_embeddings=128, rope_theta=10000.0, rms_norm_eps=1e-5,
        tie_word_embeddings=False, pad_token_id=0, bos_token_id=1, eos_token_id=2,
        attn_implementation="sdpa")
    return hf_model(LlamaForCausalLM, config, seed)


class LlamaPrefill(nn.Module):
    """input_ids, attention_mask, position_ids -> logits, present.<i>.key/value."""

    def __init__(self):
        super().__init__()
        self.model = llama()

    def forward(self, input_ids, attention_mask, position_ids):
        out = self.model(input_ids=input_ids, attention_mask=attention_mask,
                         position_ids=position_ids, cache=DynamicCache(config=self.model.config),
                         use_cache=True, return_dict=True)
        flat = [out.logits]
        for layer in out.cache.layers:
            flat += [layer.keys, layer.values]
        return tuple(flat)


class LlamaDecode(nn.Module):
    """input_ids [b,1], attention_mask [b,past+1], position_ids [b,1], past k/v -> logits, present."""

    def __init__(self):
        super().__init__()
        self.model = llama()

    def forward(self, input_ids, attention_mask, position_ids, *past):
        cache = DynamicCache([(past[2 * i], past[2 * i + 1]) for i in range(len(past) // 2)],
                             config=self.model.config)
        out = self.model(input_ids=input_ids, attention_mask=attention_mask,
                         position_ids=position_ids, cache=cache, use_cache=True, return_dict=True)
        flat = [out.logits]
        for layer in out.cache.layers:
            flat += [layer.keys, layer.values]
        return tuple(flat)


def whisper(seed=13):
    config = WhisperConfig(
        vocab_size=256, num_mel_bins=80, d_model=64,
        encoder_layers=WHISPER_LAYERS, encoder_attention_heads=4, encoder_ffn_dim=128,
        decoder_layers=WHISPER_LAYERS, decoder_attention_heads=4, decoder_ffn_dim=128,
        max_source_positions=50, max_target_positions=64,
        pad_token_id=0, bos_token_id=1, eos_token_id=2, decoder_start_token_id=3,
        suppress_tokens=None, begin_suppress_tokens=None,
        attn_implementation="sdpa")
    return hf_model(WhisperForConditionalGeneration, config, seed)


class WhisperEncoder(nn.Module):
    """input_features [b, 80, 2*max_source_positions] -> last_hidden_state."""

    def __init__(self):
        super().__init__()
        self.model = whisper()

    def forward(self, input_features):
        return self.model.model.encoder(input_features, return_dict=True).last_hidden_state


class WhisperDecoderStep(nn.Module):
    """One decoder step: input_ids [b,1], encoder_hidden_states, self-attention past k/v
    -> logits, present (self-attention) k/v.  The cross-attention k/v are computed from
    encoder_hidden_states inside the graph (empty cross-attention cache)."""

    def __init__(self):
        super().__init__()
        self.model = whisper()

    def forward(self, input_ids, encoder_hidden_states, *past):
        self_cache = DynamicCache([(past[2 * i], past[2 * i + 1]) for i in range(len(past) // 2)])
        cache = EncoderDecoderCache(self_cache, DynamicCache())
        out = self.model(decoder_input_ids=input_ids,
                         encoder_outputs=BaseModelOutput(last_hidden_state=encoder_hidden_states),
                         cache=cache, use_cache=True, return_dict=True)
        flat = [out.logits]
        for layer in out.cache.self_attention_cache.layers:
            flat += [layer.keys, layer.values]
        return tuple(flat)


class ClipText(nn.Module):
    """input_ids [b, seq] -> last_hidden_state, pooler_output."""

    def __init__(self, seed=17):
        super().__init__()
        config = CLIPTextConfig(
            vocab_size=1000, hidden_size=64, intermediate_size=128, projection_dim=64,
            num_hidden_layers=2, num_attention_heads=4, max_position_embeddings=77,
            hidden_act="quick_gelu",
            # eos_token_id 2: the pooler takes the hidden state at argmax(input_ids), as the
            # original CLIP (and Stable Diffusion's text encoder config) does.
            pad_token_id=1, bos_token_id=0, eos_token_id=2,
            attn_implementation="sdpa")
        self.model = hf_model(CLIPTextModel, config, seed)

    def forward(self, input_ids):
        out = self.model(input_ids=input_ids, return_dict=True)
        return out.last_hidden_state, out.pooler_output


class UNet(nn.Module):
    """sample [b,4,H,W], timestep [b] float, encoder_hidden_states [b,seq,64] -> out_sample."""

    def __init__(self, seed=19):
        super().__init__()
        torch.manual_seed(seed)
        unet = UNet2DConditionModel(
            sample_size=16, in_channels=4, out_channels=4,
            down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
            up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
            block_out_channels=(32, 64), layers_per_block=1,
            cross_attention_dim=64, attention_head_dim=8, norm_num_groups=16)
        self.unet = reinit(unet, seed)

    def forward(self, sample, timestep, encoder_hidden_states):
        return self.unet(sample, timestep, encoder_hidden_states, return_dict=False)[0]


class VaeDecoder(nn.Module):
    """latent [b,4,h,w] -> image [b,3,2h,2w] (post_quant_conv + decoder, as vae.decode)."""

    def __init__(self, seed=23):
        super().__init__()
        torch.manual_seed(seed)
        vae = AutoencoderKL(
            in_channels=3, out_channels=3,
            down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
            up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
            block_out_channels=(32, 64), layers_per_block=1,
            latent_channels=4, norm_num_groups=16, sample_size=32)
        self.vae = reinit(vae, seed)

    def forward(self, latent):
        return self.vae.decode(latent, return_dict=True).sample


# --------------------------------------------------------------------------
# Specs: input names/arrays, output names, dynamic axes, dim values
# --------------------------------------------------------------------------

def kv_names(prefix, n_layers):
    return [f"{prefix}.{i}.{kv}" for i in range(n_layers) for kv in ("key", "value")]


def ids(rng, shape, vocab):
    return rng.integers(0, vocab, size=shape, dtype=np.int64)


def normal(rng, shape):
    return rng.standard_normal(shape).astype(np.float32)


def clip_ids(rng, b, s, vocab):
    """Token ids with a unique maximum per row: the pooler picks argmax(input_ids)."""
    while True:
        x = ids(rng, (b, s), vocab)
        if all((row == row.max()).sum() == 1 for row in x):
            return x


def llama_prefill_spec(b=2, s=7):
    present = kv_names("present", LLAMA_LAYERS)
    rng = np.random.default_rng(11)
    pos = np.broadcast_to(np.arange(s, dtype=np.int64), (b, s)).copy()
    return dict(
        model_fn=LlamaPrefill,
        inputs=[ids(rng, (b, s), 256), np.ones((b, s), np.int64), pos],
        input_names=["input_ids", "attention_mask", "position_ids"],
        output_names=["logits"] + present,
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                      "attention_mask": {0: "batch", 1: "seq"},
                      "position_ids": {0: "batch", 1: "seq"},
                      "logits": {0: "batch", 1: "seq"},
                      **{n: {0: "batch", 2: "seq"} for n in present}},
        dims=dict(batch=b, seq=s))


def llama_decode_spec(b=2, past=5):
    kvh, hd = 2, 16
    pkv = kv_names("past_key_values", LLAMA_LAYERS)
    present = kv_names("present", LLAMA_LAYERS)
    rng = np.random.default_rng(12)
    return dict(
        model_fn=LlamaDecode,
        inputs=[ids(rng, (b, 1), 256), np.ones((b, past + 1), np.int64),
                np.full((b, 1), past, np.int64)]
        + [normal(rng, (b, kvh, past, hd)) for _ in pkv],
        input_names=["input_ids", "attention_mask", "position_ids"] + pkv,
        output_names=["logits"] + present,
        dynamic_axes={"input_ids": {0: "batch"},
                      "attention_mask": {0: "batch", 1: "total"},
                      "position_ids": {0: "batch"},
                      "logits": {0: "batch"},
                      **{n: {0: "batch", 2: "past"} for n in pkv},
                      **{n: {0: "batch", 2: "total"} for n in present}},
        dims=dict(batch=b, past=past, total=past + 1))


def whisper_encoder_spec(b=1):
    rng = np.random.default_rng(13)
    return dict(
        model_fn=WhisperEncoder,
        # The frame count is static: WhisperEncoder requires exactly
        # 2 * max_source_positions (= 100) frames and adds the whole positional table.
        inputs=[normal(rng, (b, 80, 100))],
        input_names=["input_features"],
        output_names=["last_hidden_state"],
        dynamic_axes={"input_features": {0: "batch"}, "last_hidden_state": {0: "batch"}},
        dims=dict(batch=b))


def whisper_decoder_spec(b=2, past=5, enc=50):
    heads, hd = 4, 16
    pkv = kv_names("past_key_values", WHISPER_LAYERS)
    present = kv_names("present", WHISPER_LAYERS)
    rng = np.random.default_rng(14)
    return dict(
        model_fn=WhisperDecoderStep,
        inputs=[ids(rng, (b, 1), 256), normal(rng, (b, enc, 64))]
        + [normal(rng, (b, heads, past, hd)) for _ in pkv],
        input_names=["input_ids", "encoder_hidden_states"] + pkv,
        output_names=["logits"] + present,
        dynamic_axes={"input_ids": {0: "batch"},
                      "encoder_hidden_states": {0: "batch", 1: "enc_seq"},
                      "logits": {0: "batch"},
                      **{n: {0: "batch", 2: "past"} for n in pkv},
                      **{n: {0: "batch", 2: "total"} for n in present}},
        dims=dict(batch=b, enc_seq=enc, past=past, total=past + 1))


def clip_text_spec(b=2, s=7):
    rng = np.random.default_rng(17)
    return dict(
        model_fn=ClipText,
        inputs=[clip_ids(rng, b, s, 1000)],
        input_names=["input_ids"],
        output_names=["last_hidden_state", "pooler_output"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                      "last_hidden_state": {0: "batch", 1: "seq"},
                      "pooler_output": {0: "batch"}},
        dims=dict(batch=b, seq=s))


def unet_spec(b=2, h=12, w=10, s=7):
    rng = np.random.default_rng(19)
    return dict(
        model_fn=UNet,
        inputs=[normal(rng, (b, 4, h, w)), np.array([500.0, 250.0, 750.0], np.float32)[:b],
                normal(rng, (b, s, 64))],
        input_names=["sample", "timestep", "encoder_hidden_states"],
        output_names=["out_sample"],
        dynamic_axes={"sample": {0: "batch", 2: "height", 3: "width"},
                      "timestep": {0: "batch"},
                      "encoder_hidden_states": {0: "batch", 1: "seq"},
                      "out_sample": {0: "batch", 2: "height", 3: "width"}},
        dims=dict(batch=b, height=h, width=w, seq=s))


def vae_decoder_spec(b=1, h=6, w=5):
    rng = np.random.default_rng(23)
    return dict(
        model_fn=VaeDecoder,
        inputs=[normal(rng, (b, 4, h, w))],
        input_names=["latent"],
        output_names=["sample"],
        dynamic_axes={"latent": {0: "batch", 2: "height", 3: "width"},
                      "sample": {0: "batch", 2: "image_height", 3: "image_width"}},
        dims=dict(batch=b, height=h, width=w, image_height=2 * h, image_width=2 * w))


# name -> (spec function, other dim values the exported graph is also checked at (not written)).
MODELS = {
    "llama_prefill": (llama_prefill_spec, dict(b=1, s=12)),
    "llama_decode": (llama_decode_spec, dict(b=1, past=9)),
    "whisper_encoder": (whisper_encoder_spec, dict(b=2)),
    "whisper_decoder": (whisper_decoder_spec, dict(b=1, past=3, enc=20)),
    "clip_text": (clip_text_spec, dict(b=1, s=13)),
    "unet": (unet_spec, dict(b=1, h=6, w=14, s=5)),
    "vae_decoder": (vae_decoder_spec, dict(b=2, h=3, w=7)),
}


# --------------------------------------------------------------------------
# Export, reference, layout
# --------------------------------------------------------------------------

def export_onnx(model, args, input_names, output_names, dynamic_axes):
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # legacy-exporter deprecation and tracer warnings
        torch.onnx.export(model, tuple(args), buf, opset_version=OPSET, dynamo=False,
                          do_constant_folding=True, external_data=False,
                          input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes)
    return buf.getvalue()


def fix_output_shapes(model, expected, dynamic_axes):
    """Give the graph outputs their declared shapes.

    The exporter names an output dim it could not infer statically after the node that
    makes it (e.g. 'Concatpresent.0.key_dim_3' for a head_dim); such a dim is set to its
    static size, and a dynamic axis to its dim_param.  Returns True if anything changed.
    """
    changed = False
    for vi, arr in zip(model.graph.output, expected):
        axes = dynamic_axes.get(vi.name, {})
        dims = vi.type.tensor_type.shape.dim
        assert len(dims) == arr.ndim, f"{vi.name}: rank {len(dims)} vs {arr.shape}"
        for k, d in enumerate(dims):
            if k in axes:
                if d.dim_param != axes[k]:
                    d.dim_param = axes[k]
                    changed = True
            elif not d.HasField("dim_value") or d.dim_value != arr.shape[k]:
                d.dim_value = arr.shape[k]
                changed = True
    return changed


def describe(name, model, model_bytes, errs, stds, dims):
    ops = collections.Counter(n.op_type for n in model.graph.node)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'}:{o.version}" for o in model.opset_import)
    n_params = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
    print(f"== {name}  ({len(model_bytes)} bytes, {n_params} params, opset {opsets}, "
          f"ir_version {model.ir_version})")
    print(f"   dims: {dims}")
    for vi in graph_inputs(model):
        print(f"   input  {vi.name}: {shape_of(vi)}")
    for vi, err, std in zip(model.graph.output, errs, stds):
        print(f"   output {vi.name}: {shape_of(vi)}  std {std:.3g}  ort vs torch rel err {err:.3e}")
    print(f"   {len(model.graph.node)} nodes: "
          + ", ".join(f"{op} x{c}" for op, c in sorted(ops.items())))


def torch_outputs(model, inputs):
    with torch.no_grad():
        out = model(*[torch.from_numpy(a) for a in inputs])
    out = [out] if isinstance(out, torch.Tensor) else list(out)
    return [o.detach().numpy().copy() for o in out]


def compare(name, model_bytes, onnx_model, spec, expected, check_std=True):
    """Run onnxruntime on spec's inputs; check shapes against the declared (named) dims,
    finiteness, spread, and the normwise error against PyTorch.  Returns (outputs, errs, stds)."""
    inputs, dims = spec["inputs"], spec["dims"]
    names = [vi.name for vi in graph_inputs(onnx_model)]
    outputs = run_ort(model_bytes, dict(zip(names, inputs)))
    for vi, arr in list(zip(graph_inputs(onnx_model), inputs)) + list(
            zip(onnx_model.graph.output, outputs)):
        shape = shape_of(vi)
        want = [dims[d] if isinstance(d, str) else d for d in shape]
        assert list(arr.shape) == want, f"{name}: {vi.name} {arr.shape} vs {shape} {dims}"
    errs, stds = [], []
    for vi, got, exp in zip(onnx_model.graph.output, outputs, expected):
        what = f"{name}/{vi.name} at {dims}"
        assert got.shape == exp.shape, f"{what}: {got.shape} vs {exp.shape}"
        if not np.all(np.isfinite(got)):
            raise SystemExit(f"{what}: non-finite output")
        std = float(np.std(exp))
        if check_std and not 1e-2 < std < 1e3:
            raise SystemExit(f"{what}: degenerate output (std {std:.3g})")
        err = float(np.max(np.abs(got - exp)) / (np.max(np.abs(exp)) + 1e-30))
        if not err < REL_TOL:
            raise SystemExit(f"{what}: onnxruntime and PyTorch disagree (rel err {err:.3e})")
        errs.append(err)
        stds.append(std)
    return outputs, errs, stds


def build(name, spec_fn, alt_dims):
    spec = spec_fn()
    model = spec["model_fn"]()
    inputs = spec["inputs"]
    expected = torch_outputs(model, inputs)
    assert len(expected) == len(spec["output_names"]), f"{name}: {len(expected)} outputs"

    model_bytes = export_onnx(model, [torch.from_numpy(a) for a in inputs], spec["input_names"],
                              spec["output_names"], spec["dynamic_axes"])
    onnx_model = onnx.load_from_string(model_bytes)
    if fix_output_shapes(onnx_model, expected, spec["dynamic_axes"]):
        model_bytes = onnx_model.SerializeToString()
    onnx.checker.check_model(onnx_model, full_check=True)
    assert len(model_bytes) < MAX_MODEL_BYTES, f"{name}: model is {len(model_bytes)} bytes"
    assert not any(t.data_location == onnx.TensorProto.EXTERNAL
                   for t in onnx_model.graph.initializer), f"{name}: external data"
    names = [vi.name for vi in graph_inputs(onnx_model)]
    assert names == spec["input_names"], f"{name}: graph inputs {names}"
    out_names = [vi.name for vi in onnx_model.graph.output]
    assert out_names == spec["output_names"], f"{name}: graph outputs {out_names}"

    outputs, errs, stds = compare(name, model_bytes, onnx_model, spec, expected)

    # The named dims really are dynamic: the same graph at other dim values (not written).
    alt = spec_fn(**alt_dims)
    alt_outputs, alt_errs, _ = compare(name, model_bytes, onnx_model, alt,
                                       torch_outputs(model, alt["inputs"]))

    out_dir = TEST_MODELS / name
    write_test_case(out_dir, model_bytes, onnx_model, inputs, outputs)
    (out_dir / "dims").write_text(" ".join(f"{k}={v}" for k, v in spec["dims"].items()) + "\n")
    describe(name, onnx_model, model_bytes, errs, stds, spec["dims"])
    print(f"   also at {alt['dims']}: max rel err {max(alt_errs):.3e}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(MODELS), default=None,
                        help="build only these models")
    args = parser.parse_args()

    torch.set_num_threads(1)
    transformers.logging.set_verbosity_error()
    diffusers.logging.set_verbosity_error()
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, "
          f"diffusers {diffusers.__version__}, onnx {onnx.__version__}, "
          f"onnxruntime {ort.__version__}, numpy {np.__version__}")
    for name in args.only or MODELS:
        build(name, *MODELS[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
