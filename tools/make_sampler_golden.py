#!/usr/bin/env python3
"""Golden for Hone's batch samplers (run by hand; output committed).

Runs Hugging Face's own transformers.trainer_pt_utils.get_length_grouped_indices with
torch.randperm replaced by Hone's permutation (splitmix64 + Fisher-Yates, re-implemented here
from the description in core/data/seededrandom.h). The C++ sampler must give the same order:
this checks both the PRNG port and that the grouping semantics are HF's.
Writes tests/data/datasets/sampler_golden.json."""
import json
import os

import torch
import transformers.trainer_pt_utils as tpu

M = (1 << 64) - 1


class SeededRandom:
    def __init__(self, seed):
        self.state = seed & M

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        return z ^ (z >> 31)

    def below(self, bound):
        threshold = ((1 << 64) - bound) % bound
        while True:
            r = self.next()
            if r >= threshold:
                return r % bound

    def shuffle(self, v):
        for i in range(len(v), 1, -1):
            j = self.below(i)
            v[i - 1], v[j] = v[j], v[i - 1]


def mix_seed(seed, stream):
    r = SeededRandom(seed ^ ((stream * 0xD1B54A32D192ED03 + 0x632BE59BD9B4E019) & M))
    r.next()
    return r.next()


def hf_grouped(lengths, batch_size, seed, mega_batch_mult=None):
    perm = list(range(len(lengths)))
    SeededRandom(seed).shuffle(perm)
    original = torch.randperm
    tpu.torch.randperm = lambda n, generator=None: torch.tensor(perm)
    try:
        return [int(i) for i in tpu.get_length_grouped_indices(lengths, batch_size, mega_batch_mult)]
    finally:
        tpu.torch.randperm = original


def main():
    lengths_rng = SeededRandom(7)
    cases = []
    for n, bs, seed, mult in [(103, 4, 42, None), (1000, 8, 1, None), (37, 16, 5, None), (500, 4, 99, 3)]:
        lengths = [3 + lengths_rng.below(60) for _ in range(n)]
        cases.append({"lengths": lengths, "batch_size": bs, "seed": seed, "mega_batch_mult": mult or 0,
                      "order": hf_grouped(lengths, bs, seed, mult)})
    shuffles = []
    for seed, epoch, n in [(42, 0, 10), (42, 1, 10), (123456789, 3, 50)]:
        v = list(range(n))
        SeededRandom(mix_seed(seed, epoch)).shuffle(v)
        shuffles.append({"seed": seed, "epoch": epoch, "n": n, "order": v})
    out = {"length_grouped": cases, "shuffled": shuffles,
           "splitmix": {"seed": 0, "first": [SeededRandom(0).next()]},
           "mix_seed": {"seed": 42, "stream": 3, "value": mix_seed(42, 3)}}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "datasets",
                        "sampler_golden.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
