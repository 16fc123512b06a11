#!/usr/bin/env python3
"""Q8_0 golden for GGUF export: gguf-py's quantize (bit-exact with ggml's quantize_row_q8_0_ref)
of float32 blocks chosen to catch rounding differences: normal values at scales from 1e-6 to 1e6,
exact halves (round half away from zero), all-zero blocks, one large value among small ones,
negative maxima, and fp16 scales that round to even.

Writes tests/goldens/gguf/q8_0-input.f32 (raw little-endian float32, a multiple of 32 values) and
tests/goldens/gguf/q8_0-gguf-py.bin (the Q8_0 blocks: fp16 scale + 32 int8 each), read by
tests/core/tst_llmexport.cpp.
Usage: $PYTHON tools/make_q8_0_golden.py   ($PYTHON: any Python with numpy and gguf)
"""
import os

import numpy as np
import gguf

rng = np.random.default_rng(20261203)
blocks = []
for scale in (1e-6, 1e-3, 0.02, 1.0, 37.0, 1e3, 1e6):
    for _ in range(4):
        blocks.append(rng.standard_normal(32) * scale)
# amax 127 makes the inverse scale 1: these land exactly on halves.
halves = np.array([127.0, -0.5, 0.5, 1.5, -1.5, 2.5, -2.5, 126.5, -126.5] + [k + 0.5 for k in range(-11, 12)], dtype=np.float64)
blocks.append(halves[:32])
blocks.append(np.zeros(32))
spike = rng.standard_normal(32) * 1e-3
spike[7] = 50.0
blocks.append(spike)
neg = rng.uniform(-1, 1, 32)
neg[3] = -4.0
blocks.append(neg)
for _ in range(8):  # scales whose fp16 rounding is a tie or near one
    b = rng.uniform(-1, 1, 32)
    b[0] = 127.0 * (1 + 2.0 ** -11 * rng.integers(1, 4))
    blocks.append(b)
values = np.concatenate(blocks).astype(np.float32)
quantized = gguf.quants.quantize(values.reshape(-1, 32), gguf.GGMLQuantizationType.Q8_0)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "goldens", "gguf")
values.astype("<f4").tofile(os.path.join(out, "q8_0-input.f32"))
np.asarray(quantized).tofile(os.path.join(out, "q8_0-gguf-py.bin"))
print(f"{values.size // 32} blocks -> {np.asarray(quantized).nbytes} bytes")
