#!/usr/bin/env python3
"""GGUF goldens for tests/core/tst_gguf.cpp, made with the `gguf` package (and numpy).

  quant-<TYPE>.gguf        tensor "q" stored as TYPE, tensor "ref" = gguf.quants.dequantize(q) as F32.
                           Types with a quantizer in the package quantize seeded Gaussian data;
                           K-quants (no quantizer there) hold seeded random blocks with sane scales.
  smollm2-reference.json   (with --smollm2 FILE, needs transformers) shapes, first values and sums
                           of a few tensors as transformers loads them from the SmolLM2 GGUF
                           (dequantized, Q/K rows back in HF order).

Usage: PY=/path/to/venv/bin/python; $PY tools/make_gguf_goldens.py [--smollm2 path/to.gguf]
"""
import argparse
import json
import os

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "goldens", "gguf")

TYPES = ["F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"]


def random_kquant_blocks(qtype, rows, rng):
    """Random bytes for every field, then the fp16 scales overwritten with sane values."""
    block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
    n_blocks = rows * 2  # two blocks (512 elements) per row
    raw = rng.integers(0, 256, size=(n_blocks, type_size), dtype=np.uint8)
    def f16(values):
        return np.asarray(values, dtype=np.float16).view(np.uint8).reshape(n_blocks, 2)
    if qtype in (T.Q4_K, T.Q5_K):  # d, dmin at the start
        raw[:, 0:2] = f16(rng.uniform(0.001, 0.05, n_blocks))
        raw[:, 2:4] = f16(rng.uniform(0.0, 0.05, n_blocks))
    elif qtype == T.Q6_K:  # d at the end
        raw[:, type_size - 2:type_size] = f16(rng.uniform(-0.01, 0.01, n_blocks))
    return raw.reshape(rows, 2 * type_size)


def write_quant(name):
    qtype = T[name]
    rng = np.random.default_rng(1234 + int(qtype))
    rows = 4
    if name in ("Q4_K", "Q5_K", "Q6_K"):
        q = random_kquant_blocks(qtype, rows, rng)
    else:
        cols = 64
        data = (rng.standard_normal((rows, cols)) * 2.0).astype(np.float32)
        data[0, :8] = [0.0, -0.0, 1.0, -1.0, 1e-8, 65504.0, -3.25, 7.5]  # edge values
        if name in ("F32", "F16"):
            q = data.astype(np.float32 if name == "F32" else np.float16)
        else:
            q = gguf.quants.quantize(data, qtype)
    ref = gguf.quants.dequantize(q, qtype).astype(np.float32)
    w = gguf.GGUFWriter(os.path.join(OUT, f"quant-{name}.gguf"), "test")
    w.add_string("test.type", name)
    if name in ("F32", "F16"):
        w.add_tensor("q", q)
    else:
        w.add_tensor("q", q, raw_dtype=qtype)
    w.add_tensor("ref", ref)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def smollm2_reference(path):
    from transformers import AutoModelForCausalLM
    model = AutoModelForCausalLM.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
    state = model.state_dict()
    names = ["model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight",
             "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.v_proj.weight",
             "model.layers.29.mlp.down_proj.weight", "model.layers.7.input_layernorm.weight",
             "model.norm.weight"]
    out = {"parameters": int(sum(p.numel() for n, p in model.named_parameters())), "tensors": {}}
    for n in names:
        t = state[n].float()
        out["tensors"][n] = {"shape": list(t.shape), "head": [float(x) for x in t.flatten()[:16]],
                             "sum": float(t.double().sum())}
    with open(os.path.join(OUT, "smollm2-reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smollm2", help="SmolLM2-135M-Instruct.Q4_1.gguf (optional)")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    for name in TYPES:
        write_quant(name)
    if args.smollm2:
        smollm2_reference(args.smollm2)


if __name__ == "__main__":
    main()
