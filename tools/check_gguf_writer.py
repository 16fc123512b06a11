#!/usr/bin/env python3
"""Checks a GGUF written by Hone's writer with the `gguf` package (the reference reader).

Reads tests/goldens/gguf/writer-sample.gguf (written by tst_gguf's writeWriterSample; regenerate
with HONE_UPDATE_GOLDENS=1) and checks metadata and tensors: F32 exact, F16 equal to numpy's
float16, BF16 and Q8_0 bytes equal to gguf.quants.quantize of the same values.
Usage: $PY tools/check_gguf_writer.py [file.gguf]   (exit 1 on any mismatch)
"""
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "tests", "goldens", "gguf", "writer-sample.gguf")
r = gguf.GGUFReader(path)
problems = []


def field(name):
    f = r.fields[name]
    if f.types[0] == gguf.GGUFValueType.ARRAY:
        return [f.contents(i) for i in range(len(f.data))]
    return f.contents()


expect_meta = {
    "general.architecture": "llama", "general.name": "writer sample", "llama.block_count": 1,
    "llama.rope.freq_base": 10000.0, "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.pre": "smollm",
    "tokenizer.ggml.tokens": ["<|im_start|>", "a", "b", "ab", "\u00c4\u0142"],
    "tokenizer.ggml.token_type": [3, 1, 1, 1, 1], "tokenizer.ggml.merges": ["a b"],
    "tokenizer.ggml.bos_token_id": 0, "tokenizer.ggml.add_bos_token": False,
    "tokenizer.chat_template": "{% for m in messages %}<|im_start|>{{ m['content'] }}\n{% endfor %}",
}
for k, v in expect_meta.items():
    got = field(k)
    if got != v:
        problems.append(f"metadata {k}: {got!r}, expected {v!r}")

w = ((((np.arange(128) * 37) % 101) - 50) / 8.0).astype(np.float32).reshape(2, 64)
tensors = {t.name: t for t in r.tensors}
want = {
    "f32": (T.F32, w.tobytes()),
    "f16": (T.F16, w.astype(np.float16).tobytes()),
    "bf16": (T.BF16, gguf.quants.quantize(w, T.BF16).tobytes()),
    "q8_0": (T.Q8_0, gguf.quants.quantize(w, T.Q8_0).tobytes()),
}
for name, (qtype, data) in want.items():
    t = tensors.get(name)
    if t is None:
        problems.append(f"tensor {name} missing")
        continue
    if t.tensor_type != qtype:
        problems.append(f"tensor {name}: type {t.tensor_type.name}, expected {qtype.name}")
    if list(t.shape) != [64, 2]:
        problems.append(f"tensor {name}: ggml shape {list(t.shape)}, expected [64, 2]")
    raw = np.asarray(t.data).tobytes()
    if raw != data:
        diff = sum(a != b for a, b in zip(raw, data))
        problems.append(f"tensor {name}: {diff} of {len(data)} bytes differ from the reference")
    deq = gguf.quants.dequantize(np.asarray(t.data), qtype).reshape(2, 64)
    err = float(np.max(np.abs(deq - w)))
    print(f"{name:5s} {qtype.name:5s} max |dequantized - written| = {err:.3g}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{path}: OK ({len(r.fields)} metadata fields, {len(r.tensors)} tensors)")
