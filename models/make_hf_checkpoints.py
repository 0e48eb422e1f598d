#!/usr/bin/env python3
"""Write picoc's Hugging Face checkpoint cases: small configurations of the real transformers
classes with seeded random weights (nothing is downloaded), saved with save_pretrained as the
hub stores them, and the outputs transformers computes from the saved checkpoint.

    test/hf/<case>/checkpoint/             config.json, *.safetensors (+ index when sharded)
    test/hf/<case>/test_data_set_<k>/      entry.txt (prefill | decode), input_0.pb
                                           (input_ids), output_0.pb (logits)
    test/hf/<case>/tolerance               why and how far the case may differ, when it may

A case is one sequence of calls on one model instance (picoc-run's `state` semantics, which a
checkpoint implies): a prompt through prefill, then greedy decode steps, each step's token the
argmax of transformers' last logits; then a second prompt (the cache starts over) and more
steps. The reference is LlamaForCausalLM loaded back from the saved checkpoint in fp32 (fp16
and bf16 weights widened exactly), eager attention, with its own KV cache.

Also test/examples/llama_generate: a checkpoint with a trained byte-level BPE tokenizer and
transformers' greedy continuation of a prompt, for examples/llama-generate; and
test/examples/whisper_transcribe: a Whisper checkpoint, a WAV and transformers' greedy
transcript of it, for examples/whisper-transcribe.

Usage:  python3 models/make_hf_checkpoints.py [--only NAME ...]
The output is deterministic: re-running it rewrites the same bytes.
"""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")

import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import torch
import transformers
from onnx import numpy_helper

ROOT = Path(__file__).resolve().parent.parent / "test" / "hf"


def llama_cases():
    """(name, config kwargs, save dtype, shard size, [(prompt length, decode steps)], doc)."""
    base = dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                num_attention_heads=4, num_key_value_heads=2, vocab_size=256,
                max_position_embeddings=128)
    return [
        ("llama_gqa_fp32", base, torch.float32, None, [(7, 16), (3, 4)],
         "GQA 4/2, default RoPE, fp32, one file"),
        ("llama_tied_bias_bf16",
         dict(base, tie_word_embeddings=True, attention_bias=True, mlp_bias=True, head_dim=24,
              rope_parameters=dict(rope_type="llama3", rope_theta=500000.0, factor=8.0,
                                   low_freq_factor=1.0, high_freq_factor=4.0,
                                   original_max_position_embeddings=32)),
         torch.bfloat16, None, [(5, 16), (9, 3)],
         "tied embeddings, attention and MLP biases, head_dim 24 (not hidden/heads), llama3 "
         "RoPE, bf16 weights"),
        ("llama_mqa_linear_fp16_sharded",
         dict(base, num_key_value_heads=1, num_hidden_layers=3,
              rope_parameters=dict(rope_type="linear", rope_theta=10000.0, factor=4.0)),
         torch.float16, "100KB", [(12, 16)],
         "one key/value head (MQA), linear RoPE scaling, fp16 weights in several shards"),
        ("llama_bf16_wide_rows",
         dict(base, hidden_size=256, intermediate_size=512, num_hidden_layers=1,
              num_attention_heads=4, num_key_value_heads=2),
         torch.bfloat16, None, [(6, 8)],
         "bf16 weights whose rows are 1 KiB: on the CPU each is widened, transposed and "
         "padded (three derived weights in a chain) as it is written"),
        ("mistral_sliding_window", dict(base, _family="mistral", sliding_window=8),
         torch.float32, None, [(12, 16)],
         "MistralForCausalLM with a sliding window of 8 keys: the prompt and the steps pass it"),
        ("qwen2_qkv_bias", dict(base, _family="qwen2", tie_word_embeddings=True,
                                rope_parameters=dict(rope_type="default", rope_theta=1000000.0)),
         torch.bfloat16, None, [(5, 16)],
         "Qwen2ForCausalLM: q/k/v biases (none on o_proj), tied embeddings, bf16"),
        ("llama_dynamic_rope",
         dict(base, num_attention_heads=2, num_key_value_heads=2, tie_word_embeddings=True,
              rope_parameters=dict(rope_type="dynamic", rope_theta=10000.0, factor=2.0)),
         torch.float32, None, [(1, 16)],
         "dynamic NTK RoPE (equal to default within max_position_embeddings), MHA, tied, a "
         "one-token prompt"),
        ("qwen2_sliding_layers", dict(base, _family="qwen2", num_hidden_layers=3,
                                      use_sliding_window=True, sliding_window=6,
                                      max_window_layers=1),
         torch.float32, None, [(10, 16)],
         "Qwen2ForCausalLM with use_sliding_window: layer 0 attends over every key, layers 1 "
         "and 2 over the last 6 (max_window_layers 1); the prompt and the steps pass it"),
    ]


# Each logit is a chain of fp32 sums (the hidden size, the keys, the MLP's width) that picoc
# and PyTorch add in different orders: they differ by a few ulp of the largest terms, ~1e-6
# of max |logit|, which is above atol 1e-6 + rtol |x| where a logit is near zero (seen: 2.8e-6
# on a logit of 8e-4 whose row's largest was ~4). Compared normwise instead.
TOLERANCE = """# Logits are chains of fp32 sums that picoc and PyTorch add in different orders: they
# differ by a few ulp of the largest terms, ~1e-6 of max |logit|, above atol 1e-6 where a
# logit is near zero (seen: 2.8e-6 off a logit of 8e-4). Compared normwise instead,
# |got - ref| <= 2e-6 * max |ref|.
normwise 2e-6
"""


def init_weights(model, seed):
    """Fan-in scaled normal matrices and embeddings of unit scale, norms near 1, biases small:
    activations of order 1 through every layer, so that errors are relative to real values."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("embed_tokens.weight"):
                p.copy_(torch.randn(p.shape, generator=g))
            elif p.dim() >= 2:  # a matrix, or a convolution's [out, in, kernel]
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=g) / fan_in ** 0.5)
            elif name.endswith("norm.weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))


def write_tensor(path, array, name):
    path.write_bytes(numpy_helper.from_array(np.ascontiguousarray(array), name=name)
                     .SerializeToString())


def write_greedy_calls(ref, ids, steps, case, k):
    """A prompt through the prefill entry, then `steps` greedy decode steps over one cache, as
    data sets test_data_set_k, k + 1, ... of `case`, transformers' logits the reference.
    Returns the next data set's number and the tokens the steps picked."""
    cache = transformers.DynamicCache(config=ref.config)
    picked = []
    for step in range(steps + 1):
        with torch.no_grad():
            out = ref(input_ids=torch.from_numpy(ids), past_key_values=cache, use_cache=True)
        logits = out.logits.numpy()
        ds = case / ("test_data_set_%d" % k)
        ds.mkdir(parents=True, exist_ok=True)
        (ds / "entry.txt").write_text("prefill\n" if step == 0 else "decode\n")
        write_tensor(ds / "input_0.pb", ids, "input_ids")
        write_tensor(ds / "output_0.pb", logits, "logits")
        ids = np.array([[int(logits[0, -1].argmax())]], np.int64)
        picked.append(int(ids[0, 0]))
        k += 1
    return k, picked


def write_llama_case(name, kwargs, dtype, shard, calls, doc, seed):
    case = ROOT / name
    if case.exists():
        shutil.rmtree(case)
    kwargs = dict(kwargs)
    family = kwargs.pop("_family", "llama")
    Config, Model = {"llama": (transformers.LlamaConfig, transformers.LlamaForCausalLM),
                     "mistral": (transformers.MistralConfig, transformers.MistralForCausalLM),
                     "qwen2": (transformers.Qwen2Config, transformers.Qwen2ForCausalLM)}[family]
    config = Config(**kwargs)
    torch.manual_seed(seed)
    model = Model(config).eval()
    init_weights(model, seed)
    model = model.to(dtype)
    save = dict(safe_serialization=True)
    if shard:
        save["max_shard_size"] = shard
    model.save_pretrained(case / "checkpoint", **save)
    (case / "checkpoint" / "generation_config.json").unlink(missing_ok=True)
    ref = Model.from_pretrained(
        case / "checkpoint", dtype=torch.float32, attn_implementation="eager").eval()
    rng = np.random.default_rng(seed)
    k = 0
    for prompt, steps in calls:
        ids = rng.integers(0, config.vocab_size, (1, prompt)).astype(np.int64)
        k, _ = write_greedy_calls(ref, ids, steps, case, k)
    (case / "tolerance").write_text(TOLERANCE)
    files = sorted(p.name for p in (case / "checkpoint").iterdir())
    print("== %s: %s; %d calls; %s" % (name, doc, k, ", ".join(files)))


def whisper_cases():
    """(name, config kwargs, save dtype, [(prompt length, decode steps)], doc)."""
    base = dict(d_model=64, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
                decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128,
                vocab_size=300, num_mel_bins=80, max_source_positions=32,
                max_target_positions=48, pad_token_id=299, bos_token_id=297, eos_token_id=297,
                decoder_start_token_id=298, suppress_tokens=[], begin_suppress_tokens=[297])
    return [
        ("whisper_fp32", base, torch.float32, [(4, 12), (3, 4)],
         "2+2 layers, 4 heads, 80 mel bins, tied proj_out, fp32; a second audio starts over"),
        ("whisper_untied_bf16",
         dict(base, d_model=96, encoder_layers=1, decoder_layers=3, encoder_attention_heads=6,
              decoder_attention_heads=3, num_mel_bins=128, max_source_positions=16,
              tie_word_embeddings=False),
         torch.bfloat16, [(1, 16)], "128 mel bins (large-v3's), 6 encoder and 3 decoder heads, "
         "proj_out of its own, bf16 weights, a one-token start"),
    ]


def write_whisper_case(name, kwargs, dtype, calls, doc, seed):
    """A Whisper case: a decode call refused before any encode; then per audio, encode (random
    log-mel features -> encoder states), a decode call over a start sequence of tokens and
    greedy steps, each step's token the argmax of transformers' last logits. An encode call
    starts the decoder's cache over."""
    case = ROOT / name
    if case.exists():
        shutil.rmtree(case)
    config = transformers.WhisperConfig(**kwargs)
    torch.manual_seed(seed)
    model = transformers.WhisperForConditionalGeneration(config).eval()
    init_weights(model, seed)
    model = model.to(dtype)
    model.save_pretrained(case / "checkpoint", safe_serialization=True)
    (case / "checkpoint" / "generation_config.json").unlink(missing_ok=True)
    ref = transformers.WhisperForConditionalGeneration.from_pretrained(
        case / "checkpoint", dtype=torch.float32, attn_implementation="eager").eval()
    rng = np.random.default_rng(seed)
    frames = 2 * config.max_source_positions
    k = 0

    def data_set(entry, inputs, output):
        nonlocal k
        ds = case / ("test_data_set_%d" % k)
        ds.mkdir(parents=True)
        (ds / "entry.txt").write_text(entry + "\n")
        write_tensor(ds / "input_0.pb", *inputs)
        write_tensor(ds / "output_0.pb", *output)
        k += 1

    # A decode call before any encode is refused: the cross-attention keys are not written.
    ds = case / "test_data_set_0"
    ds.mkdir(parents=True)
    (ds / "entry.txt").write_text("decode\n")
    write_tensor(ds / "input_0.pb", np.zeros((1, 1), np.int64), "input_ids")
    (ds / "expected_error.txt").write_text(
        "reads state 'present.0.encoder.key' whole (%d rows), but it holds 0\n"
        % config.max_source_positions)
    k = 1
    for prompt, steps in calls:
        features = (0.5 * rng.standard_normal((1, config.num_mel_bins, frames))).astype(np.float32)
        with torch.no_grad():
            states = ref.model.encoder(torch.from_numpy(features)).last_hidden_state
        data_set("encode", (features, "input_features"),
                 (states.numpy(), "encoder_hidden_states"))
        ids = rng.integers(0, config.vocab_size, (1, prompt)).astype(np.int64)
        cache = transformers.EncoderDecoderCache(transformers.DynamicCache(config=ref.config),
                                                 transformers.DynamicCache(config=ref.config))
        for step in range(steps + 1):
            with torch.no_grad():
                out = ref(encoder_outputs=(states,), decoder_input_ids=torch.from_numpy(ids),
                          past_key_values=cache, use_cache=True)
            logits = out.logits.numpy()
            data_set("decode", (ids, "input_ids"), (logits, "logits"))
            ids = np.array([[int(logits[0, -1].argmax())]], np.int64)
    (case / "tolerance").write_text(TOLERANCE)
    files = sorted(p.name for p in (case / "checkpoint").iterdir())
    print("== %s: %s; %d calls; %s" % (name, doc, k, ", ".join(files)))


GENERATE_TEXT = ("The quick brown fox jumps over the lazy dog. A compiler turns models into code; "
                 "the code runs on CPUs and GPUs. Tokens become ids, ids become logits, and "
                 "logits become the next token. ") * 4
GENERATE_PROMPT = "The compiler turns the quick models into code"


def write_generate_case():
    """test/examples/llama_generate: a llama checkpoint with a byte-level BPE tokenizer.json
    (trained here on a fixed text: 256 bytes and 64 merges) for examples/llama-generate, and
    what transformers' greedy generate makes of GENERATE_PROMPT: prompt_ids.txt and
    expected_ids.txt (16 new tokens)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    case = ROOT.parent / "examples" / "llama_generate"
    if case.exists():
        shutil.rmtree(case)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=320, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator([GENERATE_TEXT], trainer)
    vocab = tok.get_vocab_size()
    config = transformers.LlamaConfig(hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2,
                                      vocab_size=vocab, max_position_embeddings=128,
                                      bos_token_id=None, eos_token_id=None)
    torch.manual_seed(11)
    model = transformers.LlamaForCausalLM(config).eval()
    init_weights(model, 11)
    model.save_pretrained(case / "checkpoint", safe_serialization=True)
    (case / "checkpoint" / "generation_config.json").unlink(missing_ok=True)
    tok.save(str(case / "checkpoint" / "tokenizer.json"))
    ids = tok.encode(GENERATE_PROMPT).ids
    ref = transformers.LlamaForCausalLM.from_pretrained(
        case / "checkpoint", dtype=torch.float32, attn_implementation="eager").eval()
    with torch.no_grad():
        out = ref.generate(torch.tensor([ids]), max_new_tokens=16, do_sample=False,
                           pad_token_id=0)
    new = out[0, len(ids):].tolist()
    (case / "prompt.txt").write_text(GENERATE_PROMPT + "\n")
    (case / "prompt_ids.txt").write_text(" ".join(map(str, ids)) + "\n")
    (case / "expected_ids.txt").write_text(" ".join(map(str, new)) + "\n")
    print("== llama_generate: vocab %d, prompt %d tokens, expected %s" % (vocab, len(ids), new))


def write_diffusers_case():
    """test/hf/sd_pipeline: a Stable Diffusion pipeline folder as diffusers saves one
    (model_index.json; text_encoder/, unet/, vae/ each saved by save_pretrained) with small
    random components of SD 1.x's shapes in miniature: a 2-layer CLIPTextModel (quick_gelu,
    77 positions), a UNet2DConditionModel of two blocks (cross-attention down, plain down;
    plain up, cross-attention up; two attention heads, a conv proj_in) and an AutoencoderKL
    of two blocks; and a second pipeline, sd2_linear_bf16, with SD 2.x's linear projections,
    per-block head counts, gelu in CLIP and bf16 weights. Calls: text_encode on random ids,
    unet at two timesteps (batch 2, the text states of two prompts), vae_decode on random
    latents, each checked against transformers and diffusers."""
    import diffusers
    for name, sd2, dtype, seed in (("sd_pipeline", False, torch.float32, 200),
                                   ("sd2_linear_bf16", True, torch.bfloat16, 201)):
        case = ROOT / name
        if case.exists():
            shutil.rmtree(case)
        torch.manual_seed(seed)
        text_config = transformers.CLIPTextConfig(
            hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            vocab_size=1000, max_position_embeddings=77, projection_dim=32,
            hidden_act="gelu" if sd2 else "quick_gelu", bos_token_id=998, eos_token_id=999,
            pad_token_id=999)
        text = transformers.CLIPTextModel(text_config).eval()
        unet = diffusers.UNet2DConditionModel(
            sample_size=8, in_channels=4, out_channels=4, block_out_channels=(16, 32),
            layers_per_block=1, down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
            up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"), cross_attention_dim=32,
            attention_head_dim=(2, 4) if sd2 else 2, norm_num_groups=4,
            use_linear_projection=sd2).eval()
        vae = diffusers.AutoencoderKL(
            in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(16, 32),
            down_block_types=("DownEncoderBlock2D",) * 2, up_block_types=("UpDecoderBlock2D",) * 2,
            layers_per_block=1, norm_num_groups=4, sample_size=16).eval()
        for m in (text, unet, vae):
            init_weights(m, seed)
        for sub, m in (("text_encoder", text), ("unet", unet), ("vae", vae)):
            m.to(dtype).save_pretrained(case / "checkpoint" / sub, safe_serialization=True)
        (case / "checkpoint" / "model_index.json").write_text(json.dumps({
            "_class_name": "StableDiffusionPipeline", "_diffusers_version": diffusers.__version__,
            "feature_extractor": [None, None], "requires_safety_checker": False,
            "safety_checker": [None, None], "scheduler": ["diffusers", "DDIMScheduler"],
            "text_encoder": ["transformers", "CLIPTextModel"],
            "tokenizer": ["transformers", "CLIPTokenizer"],
            "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]},
            indent=2) + "\n")
        root = case / "checkpoint"
        text = transformers.CLIPTextModel.from_pretrained(root / "text_encoder",
                                                          dtype=torch.float32).eval()
        unet = diffusers.UNet2DConditionModel.from_pretrained(root / "unet",
                                                              torch_dtype=torch.float32).eval()
        vae = diffusers.AutoencoderKL.from_pretrained(root / "vae", torch_dtype=torch.float32).eval()
        rng = np.random.default_rng(seed)
        k = 0

        def data_set(entry, inputs, output):
            nonlocal k
            ds = case / ("test_data_set_%d" % k)
            ds.mkdir(parents=True)
            (ds / "entry.txt").write_text(entry + "\n")
            for i, (array, input_name) in enumerate(inputs):
                write_tensor(ds / ("input_%d.pb" % i), array, input_name)
            write_tensor(ds / "output_0.pb", *output)
            k += 1

        states = []
        for _ in range(2):
            ids = rng.integers(0, 1000, (1, 77)).astype(np.int64)
            with torch.no_grad():
                state = text(input_ids=torch.from_numpy(ids)).last_hidden_state.numpy()
            data_set("text_encode", [(ids, "input_ids")], (state, "last_hidden_state"))
            states.append(state)
        context = np.concatenate(states)
        for t in (981.0, 1.0):
            sample = rng.standard_normal((2, 4, 8, 8)).astype(np.float32)
            timestep = np.array([t], np.float32)
            with torch.no_grad():
                out = unet(torch.from_numpy(sample), torch.from_numpy(timestep),
                           encoder_hidden_states=torch.from_numpy(context)).sample.numpy()
            data_set("unet", [(sample, "sample"), (timestep, "timestep"),
                              (context, "encoder_hidden_states")], (out, "out_sample"))
        latents = rng.standard_normal((1, 4, 8, 8)).astype(np.float32)
        with torch.no_grad():
            image = vae.decode(torch.from_numpy(latents)).sample.numpy()
        data_set("vae_decode", [(latents, "latent_sample")], (image, "sample"))
        (case / "tolerance").write_text(DIFFUSERS_TOLERANCE)
        print("== %s: %d calls" % (name, k))


SD_PROMPT = "A watercolor painting of a compiler, 2 foxes and 10 GPUs; it's late!"
SD_TEXT = ("a photo of a cat. a painting of a dog. an astronaut riding a horse on the moon. "
           "a watercolor of mountains at sunset, highly detailed, 4k. ") * 8


def clip_bpe_files(directory, merges_wanted=120):
    """A CLIP-style BPE vocabulary learned here from SD_TEXT (greedy pair merges over words
    split as CLIPTokenizer splits them, each word's last symbol ending in </w>): vocab.json
    (256 byte symbols, the same with </w>, the merges, <|startoftext|> and <|endoftext|>) and
    merges.txt, the files CLIPTokenizer reads."""
    import collections
    import re
    from transformers.convert_slow_tokenizer import bytes_to_unicode
    byte = bytes_to_unicode()
    words = collections.Counter(re.findall(r"'s|'t|'re|'ve|'m|'ll|'d|[a-z]+|[0-9]|[^\sa-z0-9]+",
                                           SD_TEXT.lower()))
    split = {w: [byte[b] for b in w.encode()][:-1] + [byte[w.encode()[-1]] + "</w>"]
             for w in words}
    merges = []
    for _ in range(merges_wanted):
        pairs = collections.Counter()
        for w, n in words.items():
            for a, b in zip(split[w], split[w][1:]):
                pairs[a, b] += n
        if not pairs:
            break
        (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        merges.append((a, b))
        for w in words:
            parts, out, i = split[w], [], 0
            while i < len(parts):
                if i + 1 < len(parts) and parts[i] == a and parts[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(parts[i])
                    i += 1
            split[w] = out
    symbols = list(byte.values())
    tokens = symbols + [c + "</w>" for c in symbols] + [a + b for a, b in merges]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    vocab = {t: i for i, t in enumerate(dict.fromkeys(tokens))}
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    (directory / "merges.txt").write_text(
        "#version: 0.2\n" + "".join("%s %s\n" % m for m in merges), encoding="utf-8")
    return len(vocab)


def write_txt2img_case():
    """test/examples/sd_txt2img: a Stable Diffusion pipeline saved by StableDiffusionPipeline's
    own save_pretrained (small random UNet, VAE and CLIP text encoder as in sd_pipeline, a
    CLIP BPE tokenizer learned here, a DDIM scheduler of SD 1.x's betas), initial latents
    (latents.f32, raw little-endian fp32 [1, 4, 8, 8]) and what the pipeline makes of
    SD_PROMPT in 4 steps at guidance 7.5 from them: prompt_ids.txt (the tokenizer's 77 ids)
    and expected_latents.f32 (the latents before the VAE)."""
    import diffusers
    case = ROOT.parent / "examples" / "sd_txt2img"
    if case.exists():
        shutil.rmtree(case)
    seed = 300
    torch.manual_seed(seed)
    vocab = clip_bpe_files(case / "tokens")
    tokenizer = transformers.CLIPTokenizer(vocab=str(case / "tokens" / "vocab.json"),
                                           merges=str(case / "tokens" / "merges.txt"),
                                           model_max_length=77)
    shutil.rmtree(case / "tokens")
    text = transformers.CLIPTextModel(transformers.CLIPTextConfig(
        hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
        vocab_size=vocab, max_position_embeddings=77, projection_dim=32,
        bos_token_id=vocab - 2, eos_token_id=vocab - 1, pad_token_id=vocab - 1)).eval()
    unet = diffusers.UNet2DConditionModel(
        sample_size=8, in_channels=4, out_channels=4, block_out_channels=(16, 32),
        layers_per_block=1, down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"), cross_attention_dim=32,
        attention_head_dim=2, norm_num_groups=4).eval()
    vae = diffusers.AutoencoderKL(
        in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(16, 32),
        down_block_types=("DownEncoderBlock2D",) * 2, up_block_types=("UpDecoderBlock2D",) * 2,
        layers_per_block=1, norm_num_groups=4, sample_size=16).eval()
    for m in (text, unet, vae):
        init_weights(m, seed)
    scheduler = diffusers.DDIMScheduler(beta_start=0.00085, beta_end=0.012,
                                        beta_schedule="scaled_linear", clip_sample=False,
                                        set_alpha_to_one=False, steps_offset=1)
    pipe = diffusers.StableDiffusionPipeline(vae=vae, text_encoder=text, tokenizer=tokenizer,
                                             unet=unet, scheduler=scheduler, safety_checker=None,
                                             feature_extractor=None, requires_safety_checker=False)
    pipe.save_pretrained(case / "checkpoint", safe_serialization=True)
    pipe = diffusers.StableDiffusionPipeline.from_pretrained(case / "checkpoint",
                                                             torch_dtype=torch.float32)
    ids = pipe.tokenizer(SD_PROMPT, padding="max_length", max_length=77,
                         truncation=True).input_ids
    latents = torch.from_numpy(np.random.default_rng(seed).standard_normal((1, 4, 8, 8))
                               .astype(np.float32))
    with torch.no_grad():
        out = pipe(SD_PROMPT, num_inference_steps=4, guidance_scale=7.5, latents=latents.clone(),
                   output_type="latent").images
    latents.numpy().tofile(case / "latents.f32")
    out.numpy().astype("<f4").tofile(case / "expected_latents.f32")
    (case / "prompt.txt").write_text(SD_PROMPT + "\n")
    (case / "prompt_ids.txt").write_text(" ".join(map(str, ids)) + "\n")
    print("== sd_txt2img: vocab %d, prompt ids %s..., latents max %.3f"
          % (vocab, ids[:12], float(out.abs().max())))


DIFFUSERS_TOLERANCE = """# Convolutions, GroupNorms and attention sum hundreds of fp32 terms in orders that differ
# between picoc and PyTorch (its CPU convolutions and scaled_dot_product_attention): a few ulp
# of the largest terms, ~1e-6 of max |output|, above atol 1e-6 where an output is near zero.
# Compared normwise instead, |got - ref| <= 2e-6 * max |ref|.
normwise 2e-6
"""


WHISPER_SPECIALS = ["<|endoftext|>", "<|startoftranscript|>", "<|en|>", "<|de|>", "<|translate|>",
                    "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>",
                    "<|notimestamps|>"]


SP_PROMPT = "The naïve compiler turns models into code ☕ 42"


def write_generate_sp_case():
    """test/examples/llama_generate_sp: a SentencePiece-style BPE tokenizer.json as Llama 2 and
    TinyLlama ship it (the text with "▁" for spaces and one prepended, no pre-tokenizer,
    byte fallback to <0xNN> tokens, <s> added by the post-processor; trained here on
    GENERATE_TEXT, at most 320 tokens) beside llama_generate's config.json, for the
    llama-generate binary built on llama_generate's weights: prompt_ids.txt (SP_PROMPT, whose
    ï and the cup fall back to bytes) and transformers' greedy continuation, expected_ids.txt."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from tokenizers import trainers
    source = ROOT.parent / "examples" / "llama_generate" / "checkpoint"
    case = ROOT.parent / "examples" / "llama_generate_sp"
    if case.exists():
        shutil.rmtree(case)
    (case / "checkpoint").mkdir(parents=True)
    specials = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)]
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first")
    trainer = trainers.BpeTrainer(vocab_size=320, special_tokens=specials, show_progress=False)
    tok.train_from_iterator([GENERATE_TEXT], trainer)
    # As Llama 2's tokenizer.json has it: the spaces made "▁" by the normalizer, no
    # pre-tokenizer.
    tok.pre_tokenizer = None
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"),
                                           normalizers.Replace(" ", "▁")])
    tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(),
                                     decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A", special_tokens=[("<s>", tok.token_to_id("<s>"))])
    # Llama 2's <0xNN> tokens are plain vocabulary, not added special tokens (which decoding
    # would drop): only <unk>, <s> and </s> stay added.
    saved = json.loads(tok.to_str())
    saved["added_tokens"] = [t for t in saved["added_tokens"] if not t["content"].startswith("<0x")]
    tok = Tokenizer.from_str(json.dumps(saved))
    tok.save(str(case / "checkpoint" / "tokenizer.json"))
    shutil.copy(source / "config.json", case / "checkpoint" / "config.json")
    ids = tok.encode(SP_PROMPT).ids
    assert any(tok.id_to_token(i).startswith("<0x") for i in ids), "no byte fallback exercised"
    ref = transformers.LlamaForCausalLM.from_pretrained(
        source, dtype=torch.float32, attn_implementation="eager").eval()
    with torch.no_grad():
        out = ref.generate(torch.tensor([ids]), max_new_tokens=16, do_sample=False,
                           pad_token_id=0)
    new = out[0, len(ids):].tolist()
    (case / "prompt.txt").write_text(SP_PROMPT + "\n")
    (case / "prompt_ids.txt").write_text(" ".join(map(str, ids)) + "\n")
    (case / "expected_ids.txt").write_text(" ".join(map(str, new)) + "\n")
    assert tok.decode(ids) == SP_PROMPT, tok.decode(ids)
    print("== llama_generate_sp: vocab %d, prompt %s, expected %s"
          % (tok.get_vocab_size(), ids, new))


def write_transcribe_case():
    """test/examples/whisper_transcribe: a Whisper checkpoint of the real audio geometry (80
    mel bins, 1500 encoder positions: 30 s of log-mel, 448 decoder positions) with small
    layers and random weights, a byte-level BPE tokenizer.json with Whisper's special tokens,
    a generation_config.json as the hub's have (start, language and task tokens, suppressed
    tokens), a 16 kHz WAV of 3 s (tones and noise), and what transformers makes of it:
    WhisperFeatureExtractor's log-mel, then WhisperForConditionalGeneration.generate (greedy,
    English, transcribe, no timestamps): expected_ids.txt, the new tokens without the start
    sequence. A second WAV of other tones must give other tokens, or the check would not see
    the audio."""
    import wave
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers
    case = ROOT.parent / "examples" / "whisper_transcribe"
    if case.exists():
        shutil.rmtree(case)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=320, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator([GENERATE_TEXT], trainer)
    tok.add_special_tokens([AddedToken(t, special=True) for t in WHISPER_SPECIALS])
    ids = {t: tok.token_to_id(t) for t in WHISPER_SPECIALS}
    vocab = tok.get_vocab_size()
    eot = ids["<|endoftext|>"]
    config = transformers.WhisperConfig(
        d_model=64, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128, vocab_size=vocab,
        num_mel_bins=80, max_source_positions=1500, max_target_positions=448, pad_token_id=eot,
        bos_token_id=eot, eos_token_id=eot, decoder_start_token_id=ids["<|startoftranscript|>"],
        suppress_tokens=[], begin_suppress_tokens=[])
    torch.manual_seed(12)
    model = transformers.WhisperForConditionalGeneration(config).eval()
    init_weights(model, 12)
    with torch.no_grad():
        # Random weights give a transcript that barely depends on the audio and repeats one
        # token: here position embeddings of unit scale (steps differ), smaller token
        # embeddings (a step does not echo its token) and sharper cross-attention (the
        # decoder reads some frames, not their mean) make it follow the audio.
        decoder = model.model.decoder
        decoder.embed_positions.weight.mul_(8.0)
        decoder.embed_tokens.weight.mul_(0.3)
        for layer in decoder.layers:
            layer.encoder_attn.q_proj.weight.mul_(3.0)
            layer.encoder_attn.k_proj.weight.mul_(3.0)
    model.save_pretrained(case / "checkpoint", safe_serialization=True)
    tok.save(str(case / "checkpoint" / "tokenizer.json"))
    space = tok.token_to_id("Ġ")  # the byte-level space
    generation = transformers.GenerationConfig(
        decoder_start_token_id=ids["<|startoftranscript|>"], eos_token_id=eot, pad_token_id=eot,
        bos_token_id=eot, max_length=448, is_multilingual=True,
        lang_to_id={"<|en|>": ids["<|en|>"], "<|de|>": ids["<|de|>"]},
        task_to_id={"transcribe": ids["<|transcribe|>"], "translate": ids["<|translate|>"]},
        no_timestamps_token_id=ids["<|notimestamps|>"],
        suppress_tokens=[ids["<|startoflm|>"], ids["<|startofprev|>"], ids["<|nospeech|>"], 7, 11],
        begin_suppress_tokens=[space, eot])
    generation.save_pretrained(case / "checkpoint")
    transformers.WhisperFeatureExtractor(feature_size=80).save_pretrained(case / "checkpoint")

    def write_wav(path, freqs, seed):
        t = np.arange(3 * 16000) / 16000.0
        noise = np.random.default_rng(seed).standard_normal(t.size)
        signal = sum(np.sin(2 * np.pi * f * t * (1 + 0.1 * t)) for f in freqs) / len(freqs)
        samples = np.clip(0.5 * signal + 0.05 * noise, -1, 1)
        pcm = (samples * 32767).astype("<i2")
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes(pcm.tobytes())
        return pcm.astype(np.float32) / 32768.0

    ref = transformers.WhisperForConditionalGeneration.from_pretrained(
        case / "checkpoint", dtype=torch.float32, attn_implementation="eager").eval()
    extractor = transformers.WhisperFeatureExtractor.from_pretrained(case / "checkpoint")
    results = []
    for name, freqs, seed in (("audio.wav", (220, 880, 2500), 1), ("other.wav", (400, 5000), 2)):
        audio = write_wav(case / name, freqs, seed)
        features = extractor(audio, sampling_rate=16000, return_tensors="pt").input_features
        with torch.no_grad():
            out = ref.generate(features, language="en", task="transcribe", return_timestamps=False,
                               do_sample=False, max_new_tokens=24)
        new = out[0].tolist()  # the new tokens (transformers 5 leaves out the start sequence)
        start = [ids["<|startoftranscript|>"], ids["<|en|>"], ids["<|transcribe|>"],
                 ids["<|notimestamps|>"]]
        if new[:4] == start:
            new = new[4:]
        results.append(new[:20])
    (case / "other.wav").unlink()
    assert results[0] != results[1], "the transcript does not depend on the audio"
    (case / "expected_ids.txt").write_text(" ".join(map(str, results[0])) + "\n")
    print("== whisper_transcribe: vocab %d, expected %s (other audio: %s)"
          % (vocab, results[0], results[1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="case names to write (default: all)")
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    for seed, (name, kwargs, dtype, shard, calls, doc) in enumerate(llama_cases()):
        if args.only and name not in args.only:
            continue
        write_llama_case(name, kwargs, dtype, shard, calls, doc, seed)
    for seed, (name, kwargs, dtype, calls, doc) in enumerate(whisper_cases(), start=100):
        if args.only and name not in args.only:
            continue
        write_whisper_case(name, kwargs, dtype, calls, doc, seed)
    if not args.only or "sd_pipeline" in args.only:
        write_diffusers_case()
    if not args.only or "llama_generate" in args.only:
        write_generate_case()
    if not args.only or "sd_txt2img" in args.only:
        write_txt2img_case()
    if not args.only or "llama_generate_sp" in args.only:
        write_generate_sp_case()
    if not args.only or "whisper_transcribe" in args.only:
        write_transcribe_case()


if __name__ == "__main__":
    main()
