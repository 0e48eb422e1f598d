"""The weights and constants of the llama-style test model (make_run_dim_tests.py's
llama_state_model), drawn from `rng` in a fixed order: numpy only, so that a peer (PyTorch
on the GPU machine, bench/kv_decode.py) rebuilds the same model from the same seed."""
import numpy as np


def llama_state_weights(rng, d, heads, kv_heads, hd, ffn, vocab, layers):
    rep = heads // kv_heads
    w = lambda *shape: (rng.standard_normal(shape) / np.sqrt(shape[0])).astype(np.float32)
    init = {"emb": rng.standard_normal((vocab, d)).astype(np.float32) * 0.5,
            "lm": w(d, vocab), "eps": np.array(1e-5, np.float32),
            "inv_freq": (1.0 / 10000 ** (np.arange(0, hd, 2) / hd)).astype(np.float32),
            "ax_last": np.array([-1], np.int64), "ax2": np.array([2], np.int64),
            "q_split": np.array([0, 0, kv_heads, rep, hd], np.int64),
            "kv_split": np.array([0, 0, kv_heads, hd], np.int64),
            "merge": np.array([0, 0, -1], np.int64),
            "heads_merge": np.array([1, heads, -1, hd], np.int64),
            "scale": np.array(1 / np.sqrt(hd), np.float32), "zero_i": np.array(0, np.int64),
            "one_i": np.array(1, np.int64), "two_i": np.array(2, np.int64),
            "zero_f": np.array(0, np.float32), "neg": np.array(-1e30, np.float32),
            "h0": np.array([0], np.int64), "h1": np.array([hd // 2], np.int64),
            "h2": np.array([hd], np.int64), "minus": np.array(-1, np.float32)}
    for l in range(layers):
        p = "l%d." % l
        for name in ("g1", "g2"):
            init[p + name] = (1 + 0.1 * rng.standard_normal((d,))).astype(np.float32)
        init[p + "wq"], init[p + "wk"], init[p + "wv"] = \
            w(d, heads * hd), w(d, kv_heads * hd), w(d, kv_heads * hd)
        init[p + "wo"], init[p + "wg"], init[p + "wu"], init[p + "wd"] = \
            w(heads * hd, d), w(d, ffn), w(d, ffn), w(ffn, d)
    init["gf"] = (1 + 0.1 * rng.standard_normal(d)).astype(np.float32)
    return init
