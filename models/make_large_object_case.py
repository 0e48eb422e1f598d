#!/usr/bin/env python3
"""Write a checkpoint case whose weights make an object of over 4 GiB with --weights embed
(scripts/check-large-object.sh): a one-layer LlamaForCausalLM with a 600,000-token vocabulary
(hidden 1024, tied embeddings, bf16 on disk: 1.2 GB), whose fp32 embedding (2.5 GB) and its
transposed copy for the logits (2.5 GB) make a 4.9 GB blob. The case is as test/hf's: a
prompt of 4 tokens through prefill, then 2 greedy decode steps, transformers' logits as the
reference; next_tokens.txt holds the 3 tokens greedy decoding picks.

Usage:  python3 models/make_large_object_case.py OUT_DIR
"""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import sys
from pathlib import Path

import numpy as np
import torch
import transformers

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_hf_checkpoints import TOLERANCE, write_greedy_calls  # noqa: E402


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    config = transformers.LlamaConfig(
        hidden_size=1024, intermediate_size=1024, num_hidden_layers=1, num_attention_heads=8,
        num_key_value_heads=8, vocab_size=600000, max_position_embeddings=64,
        tie_word_embeddings=True)
    model = transformers.LlamaForCausalLM(config).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.randn(p.shape) * (1.0 if "embed" in name else p.shape[-1] ** -0.5)
                    if p.dim() == 2 else 1 + 0.1 * torch.randn(p.shape))
    model.to(torch.bfloat16).save_pretrained(out / "checkpoint", safe_serialization=True)
    (out / "checkpoint" / "generation_config.json").unlink(missing_ok=True)
    # The reference loads the checkpoint: a model converted to bf16 and back would have its
    # RoPE inverse frequencies (a buffer) rounded to bf16 too, 4e-5 off in its logits.
    del model
    model = transformers.LlamaForCausalLM.from_pretrained(
        out / "checkpoint", dtype=torch.float32, attn_implementation="eager").eval()
    ids = np.array([[11, 599999, 123456, 42]], np.int64)
    _, picked = write_greedy_calls(model, ids, 2, out, 0)
    (out / "tolerance").write_text(TOLERANCE)
    (out / "next_tokens.txt").write_text(" ".join(map(str, picked)) + "\n")
    print("next tokens:", picked)


if __name__ == "__main__":
    main()
