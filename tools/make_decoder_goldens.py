#!/usr/bin/env python3
"""Generates the decoder (causal LM) fixtures and parity goldens Hone's decoder tests compare against.

Run by hand with the reference venv (never at Hone's run time), e.g.

    $HONE_PYTHON tools/make_decoder_goldens.py [--skip-tiny] [--smollm2 PATH/SmolLM2-135M-Instruct.Q4_1.gguf [--save-hf DIR]]

where $HONE_PYTHON is a Python with torch, transformers, safetensors and gguf.

Writes, for each fixture below,
  tests/data/models/<name>/causal/   tiny random-weight *ForCausalLM, Hugging Face folder (safetensors)
  tests/goldens/models/<name>.json   inputs (a full row and a right-padded row), transformers' logits
                                     (fp32, eval), the greedy continuation model.generate gives with
                                     its KV cache, parameter count
With --smollm2, also
  tests/goldens/models/smollm2-gguf.json   for a few prompts (chat prompts under the model's template
                                           and plain-text ones, English and Chinese): the token ids
                                           transformers' GGUF tokenizer (and chat template) give, the
                                           last position's logits of transformers loading the same GGUF
                                           (dequantized to fp32) - the top 32, the slice of ids 0-63 and
                                           64 seeded-random vocabulary entries (the whole row would be
                                           49,152 floats) - and the greedy continuation of 16 tokens
                                           (model.generate, KV cache) with its decoded text
  --save-hf DIR writes the dequantized model as a Hugging Face folder (a local reference; never commit it)
Everything is seeded, so a rerun reproduces the files.
"""
import argparse
import json
import os
import pathlib

import torch
import transformers as T

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "models"
GOLDENS = ROOT / "tests" / "goldens" / "models"

TINY = dict(vocab_size=128, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48,
            max_position_embeddings=64, bos_token_id=1, eos_token_id=2)

# name -> (config class, model class, config kwargs). Each covers a different combination:
# llama: grouped-query attention, untied head, Llama 3 rope_scaling (the tiny original context makes
#        every branch of the scaling rule apply to some frequency);
# llama-tied: multi-head attention, tied embeddings (SmolLM2's layout), linear rope scaling;
# qwen2: q/k/v biases, grouped-query attention, tied embeddings; gpt2: learned positions, Conv1D.
FIXTURES = {
    "llama": (T.LlamaConfig, T.LlamaForCausalLM,
              dict(**TINY, num_key_value_heads=2, tie_word_embeddings=False, rope_theta=10000.0,
                   rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                     original_max_position_embeddings=16), rms_norm_eps=1e-5)),
    "llama-tied": (T.LlamaConfig, T.LlamaForCausalLM,
                   dict(**TINY, num_key_value_heads=4, tie_word_embeddings=True, rope_theta=100000.0,
                        rope_scaling=dict(rope_type="linear", factor=2.0), rms_norm_eps=1e-5)),
    "qwen2": (T.Qwen2Config, T.Qwen2ForCausalLM,
              dict(**TINY, num_key_value_heads=2, tie_word_embeddings=True, rope_theta=1000000.0,
                   rms_norm_eps=1e-6, use_sliding_window=False)),
    "gpt2": (T.GPT2Config, T.GPT2LMHeadModel,
             dict(vocab_size=128, n_embd=32, n_layer=2, n_head=4, n_inner=48, n_positions=64,
                  activation_function="gelu_new", bos_token_id=1, eos_token_id=2)),
}


def randomise(model, seed):
    """HF's init gives near-identity layers (std 0.02, norms 1/0); larger seeded weights make the
    parity check sensitive to every op."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name or ".ln_" in name:
                base = 1.0 if name.endswith("weight") else 0.0
                p.copy_(base + 0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.15 * torch.randn(p.shape, generator=g))


def make_fixture(name, index):
    config_cls, model_cls, kwargs = FIXTURES[name]
    config = config_cls(**kwargs)
    torch.manual_seed(4000 + index)
    model = model_cls(config).eval()
    randomise(model, 5000 + index)
    out_dir = DATA / name / "causal"
    model.save_pretrained(out_dir)

    g = torch.Generator().manual_seed(17 + index)
    ids = torch.randint(3, 128, (2, 10), generator=g)
    mask = torch.ones_like(ids)
    ids[1, 7:] = 0
    mask[1, 7:] = 0
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=mask).logits
        prompt = ids[:1, :6]
        generated = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=8,
                                   do_sample=False, use_cache=True, eos_token_id=None, pad_token_id=0)
    golden = {
        "model_type": config.model_type,
        "transformers_version": T.__version__,
        "input_ids": ids.tolist(),
        "attention_mask": mask.tolist(),
        "logits": [[[round(v, 6) for v in tok] for tok in row] for row in logits.tolist()],
        "prompt": prompt[0].tolist(),
        "greedy": generated[0, prompt.shape[1]:].tolist(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "num_hidden_layers": config.num_hidden_layers,
        "tied": bool(getattr(config, "tie_word_embeddings", True)),
    }
    GOLDENS.mkdir(parents=True, exist_ok=True)
    (GOLDENS / f"{name}.json").write_text(json.dumps(golden) + "\n")
    size = (out_dir / "model.safetensors").stat().st_size
    print(f"{name}: {golden['parameters']} params, {size} bytes, greedy {golden['greedy']}")


# (mode, prompt): "chat" renders a user turn with the model's template, "text" continues raw text.
SMOLLM2_PROMPTS = [
    ("chat", "What is the capital of France?"),
    ("chat", "Write a haiku about autumn leaves."),
    ("chat", "用一句话介绍一下长城。"),
    ("text", "The three primary colors are"),
    ("text", "中国的首都是"),
]
SMOLLM2_NEW_TOKENS = 16


def make_smollm2_golden(gguf_path, save_hf):
    gguf_path = pathlib.Path(gguf_path)
    tok = T.AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
    model = T.AutoModelForCausalLM.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name,
                                                   dtype=torch.float32).eval()
    if save_hf:
        model.save_pretrained(save_hf)
        tok.save_pretrained(save_hf)
    g = torch.Generator().manual_seed(99)
    vocab = model.config.vocab_size
    cases = []
    for mode, prompt in SMOLLM2_PROMPTS:
        if mode == "chat":
            ids = tok.apply_chat_template([{"role": "user", "content": prompt}], add_generation_prompt=True,
                                          tokenize=True, return_dict=False)
        else:
            ids = tok(prompt, add_special_tokens=False)["input_ids"]
        ids = torch.tensor([list(ids)])
        logits = model(input_ids=ids).logits[0, -1]
        top = torch.topk(logits, 32).indices
        extra = torch.randperm(vocab, generator=g)[:64]
        index = torch.cat([top, torch.arange(64), extra])
        greedy = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=SMOLLM2_NEW_TOKENS,
                                do_sample=False, use_cache=True)[0, ids.shape[1]:]
        cases.append({
            "mode": mode,
            "prompt": prompt,
            "input_ids": ids[0].tolist(),
            "index": index.tolist(),
            "logits": [round(v, 5) for v in logits[index].tolist()],
            "greedy": greedy.tolist(),
            "greedy_text": tok.decode(greedy, skip_special_tokens=True),
        })
        print(f"smollm2: {prompt!r} -> {cases[-1]['greedy_text']!r}")
    golden = {"file": gguf_path.name, "transformers_version": T.__version__, "vocab_size": vocab,
              "max_new_tokens": SMOLLM2_NEW_TOKENS, "eos_token_id": model.generation_config.eos_token_id,
              "cases": cases}
    (GOLDENS / "smollm2-gguf.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smollm2", default=os.environ.get("HONE_SMOLLM2_GGUF"),
                        help="SmolLM2-135M-Instruct GGUF file (default: $HONE_SMOLLM2_GGUF)")
    parser.add_argument("--save-hf", help="with --smollm2: write the dequantized model here as a HF folder")
    parser.add_argument("--skip-tiny", action="store_true", help="leave the tiny fixtures as they are")
    args = parser.parse_args()
    torch.set_grad_enabled(False)
    if not args.skip_tiny:
        for index, name in enumerate(FIXTURES):
            make_fixture(name, index)
    if args.smollm2:
        make_smollm2_golden(args.smollm2, args.save_hf)


if __name__ == "__main__":
    main()
