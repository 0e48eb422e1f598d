#!/usr/bin/env python3
"""The CPU benchmark's larger models: exports of the real Hugging Face / diffusers classes with
random weights, each a test case under bench/models/<case>/ (model.onnx, test_data_set_0/ with
the inputs and torch's outputs) for bench/compare.py --big.

  llama_mid_prefill64    LlamaForCausalLM, hidden 512, 4 layers, 8 heads (4 kv), vocab 8000:
                         a prompt of 64 tokens
  llama_mid_decode100    the same model, one decode step after 100 cached tokens
  llama135m_prefill16    the 135M-parameter shape (SmolLM-135M: hidden 576, 30 layers, 9 heads
  llama135m_prefill128   over 3 kv heads of 64, MLP 1536, vocab 49152, tied embeddings):
  llama135m_decode128    prompts of 16 and 128 tokens, one decode step after 128
  unet_mid               UNet2DConditionModel, channels (64, 128), a 32x32 latent, batch 2
                         (classifier-free guidance), 77 tokens of text states
  vae_mid                AutoencoderKL's decoder, channels (64, 128), a 32x32 latent
  whisper_mid_encoder    WhisperForConditionalGeneration's encoder, whisper-tiny's widths
                         (d_model 384, 4 layers, 6 heads, MLP 1536, 80 mels) over 15 s of
                         audio (1500 frames, 750 positions)

Weights as the test models' (make_hf_models.reinit: activations of order 1). Static shapes
(no dynamic axes). The outputs are torch's, checked against onnxruntime's on
the exported graph (the script stops if they differ by more than 1e-4 of the largest).

Usage: python3 bench/make_big_models.py [--only CASE ...]     (needs torch, transformers,
diffusers, onnx and onnxruntime from PyPI; the 135M cases write 540 MB each)
"""

import argparse
import sys
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "models"))

import make_hf_models as hm  # noqa: E402  (its export, reinit and test-case writers)
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
import torch  # noqa: E402
from diffusers import AutoencoderKL, UNet2DConditionModel  # noqa: E402
from make_test_models import write_test_case  # noqa: E402
from transformers import (DynamicCache, LlamaConfig, LlamaForCausalLM,  # noqa: E402
                          WhisperConfig, WhisperForConditionalGeneration)

OUT = BENCH / "models"

LLAMAS = {
    "mid": dict(vocab_size=8000, hidden_size=512, intermediate_size=1376, num_hidden_layers=4,
                num_attention_heads=8, num_key_value_heads=4, tie_word_embeddings=False),
    "135m": dict(vocab_size=49152, hidden_size=576, intermediate_size=1536,
                 num_hidden_layers=30, num_attention_heads=9, num_key_value_heads=3,
                 tie_word_embeddings=True),
}


def llama(size):
    config = LlamaConfig(max_position_embeddings=2048, rope_theta=10000.0, rms_norm_eps=1e-5,
                         pad_token_id=0, bos_token_id=1, eos_token_id=2,
                         attn_implementation="sdpa", **LLAMAS[size])
    torch.manual_seed(31)
    # Activations of order 1 (make_hf_models.reinit: weights N(0, 1/fan_in)); with the library's
    # default init (std 0.02) 30 layers shrink the logits to 1e-4, where float32 summation
    # order alone fails an elementwise check.
    return hm.reinit(LlamaForCausalLM(config), 31)


class Prefill(torch.nn.Module):
    def __init__(self, size):
        super().__init__()
        self.model = llama(size)

    def forward(self, input_ids, attention_mask, position_ids):
        out = self.model(input_ids=input_ids, attention_mask=attention_mask,
                         position_ids=position_ids, cache=DynamicCache(config=self.model.config),
                         use_cache=True, return_dict=True)
        return out.logits


class Decode(hm.LlamaDecode):
    """The test models' decode step (its forward: logits, then present.<i>.key/value) on a
    model of `size`."""

    def __init__(self, size):
        torch.nn.Module.__init__(self)
        self.model = llama(size)


def prefill_case(size, seq):
    rng = np.random.default_rng(seq)
    vocab = LLAMAS[size]["vocab_size"]
    inputs = [rng.integers(0, vocab, (1, seq), dtype=np.int64), np.ones((1, seq), np.int64),
              np.arange(seq, dtype=np.int64)[None, :]]
    return Prefill(size), inputs, ["input_ids", "attention_mask", "position_ids"], ["logits"]


def decode_case(size, past):
    c = LLAMAS[size]
    rng = np.random.default_rng(past)
    layers, kvh = c["num_hidden_layers"], c["num_key_value_heads"]
    hd = c["hidden_size"] // c["num_attention_heads"]
    pkv = hm.kv_names("past_key_values", layers)
    inputs = [rng.integers(0, c["vocab_size"], (1, 1), dtype=np.int64),
              np.ones((1, past + 1), np.int64), np.full((1, 1), past, np.int64)]
    inputs += [rng.standard_normal((1, kvh, past, hd)).astype(np.float32) for _ in pkv]
    return (Decode(size), inputs, ["input_ids", "attention_mask", "position_ids"] + pkv,
            ["logits"] + hm.kv_names("present", layers))


class Unet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(37)
        self.unet = UNet2DConditionModel(
            sample_size=32, in_channels=4, out_channels=4,
            down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
            up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
            block_out_channels=(64, 128), layers_per_block=1, cross_attention_dim=128,
            attention_head_dim=8, norm_num_groups=32)
        self.unet = hm.reinit(self.unet, 37)

    def forward(self, sample, timestep, encoder_hidden_states):
        return self.unet(sample, timestep, encoder_hidden_states, return_dict=False)[0]


class Vae(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(41)
        self.vae = AutoencoderKL(
            in_channels=3, out_channels=3,
            down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
            up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
            block_out_channels=(64, 128), layers_per_block=1, latent_channels=4,
            norm_num_groups=32, sample_size=64)
        self.vae = hm.reinit(self.vae, 41)

    def forward(self, latent):
        return self.vae.decode(latent, return_dict=True).sample


def unet_case():
    rng = np.random.default_rng(5)
    inputs = [rng.standard_normal((2, 4, 32, 32)).astype(np.float32),
              np.array([500.0, 500.0], np.float32),
              rng.standard_normal((2, 77, 128)).astype(np.float32)]
    return Unet(), inputs, ["sample", "timestep", "encoder_hidden_states"], ["out_sample"]


def vae_case():
    rng = np.random.default_rng(6)
    return Vae(), [rng.standard_normal((1, 4, 32, 32)).astype(np.float32)], ["latent"], ["image"]


class WhisperEncoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        config = WhisperConfig(
            vocab_size=256, num_mel_bins=80, d_model=384, encoder_layers=4,
            encoder_attention_heads=6, encoder_ffn_dim=1536, decoder_layers=1,
            decoder_attention_heads=6, decoder_ffn_dim=1536, max_source_positions=750,
            max_target_positions=64, pad_token_id=0, bos_token_id=1, eos_token_id=2,
            decoder_start_token_id=3, suppress_tokens=None, begin_suppress_tokens=None,
            attn_implementation="sdpa")
        self.whisper = hm.hf_model(WhisperForConditionalGeneration, config, 17)

    def forward(self, input_features):
        return self.whisper.model.encoder(input_features, return_dict=True).last_hidden_state


def whisper_encoder_case():
    rng = np.random.default_rng(7)
    return (WhisperEncoder(), [rng.standard_normal((1, 80, 1500)).astype(np.float32)],
            ["input_features"], ["last_hidden_state"])


CASES = {
    "llama_mid_prefill64": lambda: prefill_case("mid", 64),
    "llama_mid_decode100": lambda: decode_case("mid", 100),
    "llama135m_prefill16": lambda: prefill_case("135m", 16),
    "llama135m_prefill128": lambda: prefill_case("135m", 128),
    "llama135m_decode128": lambda: decode_case("135m", 128),
    "unet_mid": unet_case,
    "vae_mid": vae_case,
    "whisper_mid_encoder": whisper_encoder_case,
}


def build(name):
    module, inputs, in_names, out_names = CASES[name]()
    with torch.no_grad():
        expected = module(*[torch.from_numpy(a) for a in inputs])
    expected = [t.numpy() for t in (expected if isinstance(expected, tuple) else (expected,))]
    model_bytes = hm.export_onnx(module, [torch.from_numpy(a) for a in inputs], in_names,
                                 out_names, {})
    model = onnx.load_from_string(model_bytes)
    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    got = session.run(out_names, dict(zip(in_names, inputs)))
    err = max(float(np.max(np.abs(g - e)) / (np.max(np.abs(e)) + 1e-30))
              for g, e in zip(got, expected))
    if not err < 1e-4:
        raise SystemExit(f"{name}: onnxruntime differs from torch by {err:.3e}")
    write_test_case(OUT / name, model_bytes, model, inputs, expected)
    # Tens of layers: a logit near zero carries the rounding of the large ones (two fp32
    # summation orders differ by ~1e-6 of the outputs' scale, more after 30 layers), so the
    # outputs are compared normwise (the C harness and picoc-run read this file).
    (OUT / name / "tolerance").write_text(
        "# deep models: |got - ref| <= 1e-5 * max |ref| (onnxruntime vs torch: about 2e-6)\n"
        "normwise 1e-5\n")
    params = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
    print(f"{name}: {len(model_bytes) / 1e6:.0f} MB, {params / 1e6:.1f}M parameters, "
          f"onnxruntime vs torch {err:.1e}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES))
    args = parser.parse_args()
    torch.set_num_threads(2)
    for name in args.only or CASES:
        build(name)


if __name__ == "__main__":
    main()
