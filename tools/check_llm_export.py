#!/usr/bin/env python3
"""Checks Hone's causal-LM exports with the reference packages, against the run model's logits.

The logits come from `hone-cli export ... --logits-out logits.safetensors` (ids.<k> int64 [T],
logits.<k> float32 [T, vocab], the prompt texts in the metadata). Each export given is loaded and
run on the same ids; the largest |logit difference| is printed and compared with a tolerance:
  --hf DIR            transformers AutoModelForCausalLM + AutoTokenizer (ids equal to the dump's,
                      chat template present)                                       tolerance 1e-4
  --peft DIR --base B peft.PeftModel.from_pretrained(base, DIR); B is an HF folder or a .gguf file
                      (loaded with transformers' gguf_file=)                       tolerance 1e-4
  --gguf FILE         the gguf package (metadata: tokenizer.ggml.*, tokenizer.chat_template, tensor
                      types) and transformers' gguf_file= loader (weights, tokenizer) tolerances:
                      --gguf-tolerance (default 0.05; rounding to F16/BF16/Q8_0 moves the logits)
Usage: $PYTHON tools/check_llm_export.py --logits L.safetensors [--hf DIR] [--peft DIR --base B] [--gguf FILE]
$PYTHON is any Python with torch, transformers, peft, gguf and safetensors (e.g. a venv's python).
Exit status 1 on any mismatch.
"""
import argparse
import os
import sys

import numpy as np
import torch
from safetensors import safe_open

problems = []


def read_dump(path):
    with safe_open(path, "pt") as f:
        meta = f.metadata() or {}
        keys = sorted({k.split(".")[1] for k in f.keys()}, key=int)
        return [(f.get_tensor(f"ids.{k}"), f.get_tensor(f"logits.{k}"), meta.get(f"prompt.{k}", "")) for k in keys]


def load_causal_lm(path):
    from transformers import AutoModelForCausalLM
    if path.endswith(".gguf"):
        return AutoModelForCausalLM.from_pretrained(os.path.dirname(os.path.abspath(path)), gguf_file=os.path.basename(path),
                                                    dtype=torch.float32)
    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)


def load_tokenizer(path):
    from transformers import AutoTokenizer
    if path.endswith(".gguf"):
        return AutoTokenizer.from_pretrained(os.path.dirname(os.path.abspath(path)), gguf_file=os.path.basename(path))
    return AutoTokenizer.from_pretrained(path)


def max_diff(model, dump):
    model.eval()
    worst = 0.0
    with torch.no_grad():
        for ids, logits, _ in dump:
            out = model(input_ids=ids.unsqueeze(0)).logits[0].float()
            worst = max(worst, float((out - logits).abs().max()))
    return worst


def check_tokenizer(name, tokenizer, dump):
    for ids, _, text in dump:
        if not text:
            continue
        got = tokenizer(text, add_special_tokens=False)["input_ids"][: len(ids)]
        if got != ids.tolist():
            problems.append(f"{name}: tokenizer ids differ on {text!r}: {got[:12]} vs {ids.tolist()[:12]}")
            return
    if not getattr(tokenizer, "chat_template", None):
        problems.append(f"{name}: the tokenizer has no chat template")


def report(name, diff, tolerance):
    ok = diff <= tolerance
    print(f"{name}: max |logit difference| {diff:.3g} (tolerance {tolerance:g}) {'OK' if ok else 'MISMATCH'}")
    if not ok:
        problems.append(f"{name}: logits differ by {diff:.3g}")


def check_gguf_metadata(path):
    import gguf
    r = gguf.GGUFReader(path)

    def field(key):
        f = r.fields.get(key)
        if f is None:
            return None
        if f.types[0] == gguf.GGUFValueType.ARRAY:
            return [f.contents(i) for i in range(len(f.data))]
        return f.contents()

    arch = field("general.architecture")
    tokens = field("tokenizer.ggml.tokens") or []
    for key in ("tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.token_type", "tokenizer.ggml.merges",
                "tokenizer.ggml.eos_token_id", "tokenizer.chat_template", f"{arch}.block_count", f"{arch}.context_length"):
        if field(key) is None:
            problems.append(f"{path}: metadata lacks {key}")
    if field("tokenizer.ggml.model") != "gpt2":
        problems.append(f"{path}: tokenizer.ggml.model is {field('tokenizer.ggml.model')!r}, expected 'gpt2'")
    if len(field("tokenizer.ggml.token_type") or []) != len(tokens):
        problems.append(f"{path}: token_type and tokens differ in length")
    types = sorted({t.tensor_type.name for t in r.tensors})
    print(f"{path}: {arch}, {len(r.tensors)} tensors ({', '.join(types)}), {len(tokens)} tokens, "
          f"pre {field('tokenizer.ggml.pre')!r}, chat template {len(field('tokenizer.chat_template') or '')} chars")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--logits", required=True)
    ap.add_argument("--hf")
    ap.add_argument("--peft")
    ap.add_argument("--base")
    ap.add_argument("--gguf", action="append", default=[])
    ap.add_argument("--gguf-tolerance", type=float, default=0.05)
    a = ap.parse_args()
    dump = read_dump(a.logits)
    print(f"{a.logits}: {len(dump)} prompts, vocabulary {dump[0][1].shape[-1]}")
    if a.hf:
        report(f"hf {a.hf}", max_diff(load_causal_lm(a.hf), dump), 1e-4)
        check_tokenizer(f"hf {a.hf}", load_tokenizer(a.hf), dump)
    if a.peft:
        if not a.base:
            sys.exit("--peft needs --base (the run's base model: an HF folder or a .gguf file)")
        from peft import PeftModel
        model = PeftModel.from_pretrained(load_causal_lm(a.base), a.peft)
        names = [n for n, _ in model.named_parameters() if "lora_" in n]
        if not names:
            problems.append(f"peft {a.peft}: no LoRA parameters loaded")
        report(f"peft {a.peft} on {a.base} ({len(names)} LoRA tensors)", max_diff(model, dump), 1e-4)
    for path in a.gguf:
        check_gguf_metadata(path)
        report(f"gguf {path} (transformers gguf_file=)", max_diff(load_causal_lm(path), dump), a.gguf_tolerance)
        check_tokenizer(f"gguf {path}", load_tokenizer(path), dump)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    np.set_printoptions(precision=4)
    main()
