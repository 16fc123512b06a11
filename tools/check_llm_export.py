#!/usr/bin/env python3
"""Checks Hone's causal-LM exports with the reference packages, against the run model's logits.

The logits come from `hone-cli export ... --logits-out logits.safetensors` (ids.<k> int64 [T],
logits.<k> float32 [T, vocab], the prompt texts in the metadata). Each export given is loaded and
run on the same ids; the largest |logit difference| is printed and compared with a tolerance:
  --hf DIR            transformers AutoModelForCausalLM + AutoTokenizer (ids equal to the dump's,
                      chat template present)                           tolerance --tolerance (1e-3)
  --peft DIR --base B peft.PeftModel.from_pretrained(base, DIR); B is an HF folder or a .gguf file
                      (loaded with transformers' gguf_file=)           tolerance --tolerance (1e-3)
  --gguf FILE         the gguf package (metadata: tokenizer.ggml.*, tokenizer.chat_template, tensor
                      types) and transformers' gguf_file= loader (weights, tokenizer); rounding to
                      F16/BF16/Q8_0 moves the logits, so their difference and top-token agreement are
                      reported (failing only above --gguf-tolerance when given). With --hf (a Llama
                      export of the same checkpoint), every GGUF tensor must be byte for byte
                      gguf.quants.quantize of the HF weight under llama.cpp's name, q/k rows permuted
                      by convert_hf_to_gguf.py's formula.
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
    """Largest |logit difference| over every prompt position, and the share of positions whose top token agrees."""
    model.eval()
    worst, same, total = 0.0, 0, 0
    with torch.no_grad():
        for ids, logits, _ in dump:
            out = model(input_ids=ids.unsqueeze(0)).logits[0].float()
            worst = max(worst, float((out - logits).abs().max()))
            same += int((out.argmax(-1) == logits.argmax(-1)).sum())
            total += ids.numel()
    return worst, same / max(total, 1)


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


def report(name, measured, tolerance):
    diff, top1 = measured
    ok = tolerance is None or diff <= tolerance
    limit = "reported only" if tolerance is None else f"tolerance {tolerance:g}"
    print(f"{name}: max |logit difference| {diff:.3g} ({limit}), same top token at {top1:.1%} of positions "
          f"{'OK' if ok else 'MISMATCH'}")
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


LLAMA_NAMES = {"token_embd": "model.embed_tokens", "output_norm": "model.norm", "output": "lm_head",
               "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj",
               "attn_output": "self_attn.o_proj", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
               "ffn_down": "mlp.down_proj", "attn_norm": "input_layernorm", "ffn_norm": "post_attention_layernorm"}


def llama_permute(w, n_head):
    # convert_hf_to_gguf.py's LlamaModel.permute: interleave the two rotary halves of each head's rows.
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def check_gguf_bytes(path, hf_dir):
    import gguf
    from safetensors.numpy import load_file
    r = gguf.GGUFReader(path)
    if r.fields["general.architecture"].contents() != "llama":
        print(f"{path}: byte check is for llama exports; skipped")
        return
    hf = load_file(os.path.join(hf_dir, "model.safetensors"))
    heads = r.fields["llama.attention.head_count"].contents()
    kv_heads = r.fields["llama.attention.head_count_kv"].contents()
    equal = 0
    for t in r.tensors:
        parts = t.name.split(".")
        if parts[0] == "blk":
            hf_name = f"model.layers.{parts[1]}.{LLAMA_NAMES[parts[2]]}.{parts[3]}"
            kind = parts[2]
        else:
            hf_name, kind = f"{LLAMA_NAMES[parts[0]]}.{parts[1]}", parts[0]
        if hf_name not in hf and hf_name == "lm_head.weight":
            hf_name = "model.embed_tokens.weight"
        w = hf[hf_name].astype(np.float32)
        if kind in ("attn_q", "attn_k"):
            w = llama_permute(w, heads if kind == "attn_q" else kv_heads)
        want = gguf.quants.quantize(w, t.tensor_type)
        if np.asarray(t.data).tobytes() == np.asarray(want).tobytes():
            equal += 1
        else:
            problems.append(f"{path}: {t.name} ({t.tensor_type.name}) is not gguf-py's quantize of {hf_name}")
    print(f"{path}: {equal} of {len(r.tensors)} tensors byte-identical to gguf-py's quantize of the HF export's weights")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--logits", required=True)
    ap.add_argument("--hf")
    ap.add_argument("--peft")
    ap.add_argument("--base")
    ap.add_argument("--gguf", action="append", default=[])
    ap.add_argument("--tolerance", type=float, default=1e-3, help="hf and peft (issue 11's target for SmolLM2: 1e-3)")
    ap.add_argument("--gguf-tolerance", type=float, default=None)
    a = ap.parse_args()
    dump = read_dump(a.logits)
    print(f"{a.logits}: {len(dump)} prompts, vocabulary {dump[0][1].shape[-1]}")
    if a.hf:
        report(f"hf {a.hf}", max_diff(load_causal_lm(a.hf), dump), a.tolerance)
        check_tokenizer(f"hf {a.hf}", load_tokenizer(a.hf), dump)
    if a.peft:
        if not a.base:
            sys.exit("--peft needs --base (the run's base model: an HF folder or a .gguf file)")
        from peft import PeftModel
        model = PeftModel.from_pretrained(load_causal_lm(a.base), a.peft)
        names = [n for n, _ in model.named_parameters() if "lora_" in n]
        if not names:
            problems.append(f"peft {a.peft}: no LoRA parameters loaded")
        report(f"peft {a.peft} on {a.base} ({len(names)} LoRA tensors)", max_diff(model, dump), a.tolerance)
    for path in a.gguf:
        check_gguf_metadata(path)
        if a.hf:
            check_gguf_bytes(path, a.hf)
        report(f"gguf {path} (transformers gguf_file=)", max_diff(load_causal_lm(path), dump), a.gguf_tolerance)
        check_tokenizer(f"gguf {path}", load_tokenizer(path), dump)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    np.set_printoptions(precision=4)
    main()
