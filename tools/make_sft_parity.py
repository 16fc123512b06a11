#!/usr/bin/env python3
"""Step-by-step parity goldens for instruction tuning (causal-LM SFT), run by hand:

    $HONE_PYTHON tools/make_sft_parity.py        ($HONE_PYTHON: a Python with torch, transformers, peft)

Writes tests/data/sft/:
  model/          a tiny random LlamaForCausalLM (2 layers, 32 wide, grouped-query attention, tied
                  embeddings: SmolLM2's layout) with the 2,500-token SmolLM-style byte-level BPE
                  fixture tokenizer (tests/data/tokenizers/smollm-bpe-json) and SmolLM2's chat template
  train.json      24 Alpaca records (system, instruction, optional input and history, output)
  validation.json 4 more
  goldens.json    per case (full fine-tuning / LoRA, optimizer): the settings, the token ids and
                  trained mask of every training sample, each epoch's order and the loss of each of
                  20 steps; for LoRA, lora_init.safetensors holds the adapters' initial A matrices
                  (B starts at 0) under Hone's module names

The reference is a plain PyTorch loop over transformers' model (its own shifted causal-LM loss,
labels -100 outside the assistant's tokens) and peft's LoRA, with dropout off, batches in Hone's
documented shuffle (ported in make_sampler_golden.py), right padding, gradient clipping at 1.0,
torch.optim AdamW/SGD and transformers' linear schedule with warmup. The trained mask follows
LLaMA-Factory's rule: an assistant turn's tokens are what rendering up to it adds to rendering the
conversation before it with the generation prompt (its content and the end-of-turn text).
Seeded: a rerun writes the same files.
"""
import json
import pathlib
import random
import shutil

import torch
import transformers as T
from safetensors.torch import save_file

from make_sampler_golden import SeededRandom, mix_seed  # Hone's PRNG, ported once

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "sft"
TOKENIZER = ROOT / "tests" / "data" / "tokenizers" / "smollm-bpe-json"
TEMPLATE = ROOT / "tests" / "data" / "chat_templates" / "smollm2.jinja"
SEED = 7
BATCH = 4
STEPS = 20
MAX_LENGTH = 128
WARMUP = 2
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

CASES = [
    # name, lora, optimizer, learning rate, weight decay
    ("full-adamw", False, "adamw", 3e-3, 0.01),
    ("full-sgd", False, "sgd", 0.5, 0.0),
    ("lora-adamw", True, "adamw", 3e-2, 0.01),
]
LORA = {"r": 4, "alpha": 8.0}

COUNTRIES = [("France", "Paris"), ("Italy", "Rome"), ("Spain", "Madrid"), ("Japan", "Tokyo"), ("Egypt", "Cairo"),
             ("Peru", "Lima"), ("Kenya", "Nairobi"), ("Chile", "Santiago"), ("Norway", "Oslo"), ("Greece", "Athens"),
             ("Cuba", "Havana"), ("Iran", "Tehran"), ("India", "New Delhi"), ("China", "Beijing"),
             ("Canada", "Ottawa"), ("Brazil", "Brasilia"), ("Mexico", "Mexico City"), ("Poland", "Warsaw")]
WORDS = [("cat", "chat"), ("dog", "chien"), ("house", "maison"), ("water", "eau"), ("bread", "pain"),
         ("book", "livre"), ("tree", "arbre"), ("sun", "soleil"), ("moon", "lune"), ("car", "voiture")]


def write_model():
    model_dir = OUT / "model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    model_dir.mkdir(parents=True)
    config = T.LlamaConfig(vocab_size=2500, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                           num_key_value_heads=2, intermediate_size=64, max_position_embeddings=256,
                           bos_token_id=1, eos_token_id=2, tie_word_embeddings=True, rope_theta=10000.0,
                           rms_norm_eps=1e-5, attention_dropout=0.0)
    torch.manual_seed(SEED)
    model = T.LlamaForCausalLM(config)
    model.save_pretrained(str(model_dir), safe_serialization=True)
    shutil.copy(TOKENIZER / "tokenizer.json", model_dir / "tokenizer.json")
    tokenizer_config = json.loads((TOKENIZER / "tokenizer_config.json").read_text())
    tokenizer_config["chat_template"] = TEMPLATE.read_text()
    (model_dir / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=1) + "\n")
    return model_dir


def write_data():
    rng = random.Random(SEED)
    records = []
    for country, city in COUNTRIES:
        records.append({"system": "Answer briefly.", "instruction": "What is the capital of %s?" % country,
                        "input": "", "output": "The capital of %s is %s." % (country, city)})
    for english, french in WORDS:
        records.append({"system": "Answer briefly.", "instruction": "Translate to French.", "input": english,
                        "output": french})
    rng.shuffle(records)
    # Multi-turn: one record carries history, so two assistant turns are learnt.
    records[3]["history"] = [["Say hi.", "Hi!"]]
    (OUT / "train.json").write_text(json.dumps(records[:24], indent=1) + "\n")
    (OUT / "validation.json").write_text(json.dumps(records[24:], indent=1) + "\n")
    return records[:24]


def conversation(record):
    """Hone's Alpaca mapping (core/data/instructiondata.cpp): system, history pairs, instruction + input, output."""
    messages = []
    if record.get("system"):
        messages.append({"role": "system", "content": record["system"]})
    for question, answer in record.get("history", []):
        messages += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    text = "\n".join(part for part in (record["instruction"], record.get("input", "")) if part)
    messages += [{"role": "user", "content": text}, {"role": "assistant", "content": record["output"]}]
    return messages


def encode(tokenizer, messages):
    """Token ids of the rendered conversation and Hone's trained mask (core/data/instructiondata.cpp),
    untruncated; bench/sft_vs_peft.py encodes its reference side with this too."""
    render = lambda m, gen: tokenizer.apply_chat_template(m, tokenize=False, add_generation_prompt=gen)
    full = render(messages, False)
    spans = []
    for k, m in enumerate(messages):
        if m["role"] != "assistant":
            continue
        before = render(messages[:k], True) if k else ""
        upto = render(messages[:k + 1], False)
        assert upto.startswith(before) and full.startswith(upto)
        spans.append((len(before), len(upto)))
    enc = tokenizer(full, add_special_tokens=False, return_offsets_mapping=True)
    ids = enc["input_ids"]
    trained = [1 if any(a <= begin < b for a, b in spans) else 0 for begin, _ in enc["offset_mapping"]]
    return ids, trained


def epoch_order(n, epoch):
    order = list(range(n))
    SeededRandom(mix_seed(SEED, epoch)).shuffle(order)
    return order


def make_batch(samples, pad_id):
    width = max(len(ids) for ids, _ in samples)
    ids = torch.full((len(samples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(samples), width), dtype=torch.long)
    labels = torch.full((len(samples), width), -100, dtype=torch.long)
    for r, (row, trained) in enumerate(samples):
        ids[r, :len(row)] = torch.tensor(row)
        mask[r, :len(row)] = 1
        labels[r, :len(row)] = torch.tensor([t if m else -100 for t, m in zip(row, trained)])
    return ids, mask, labels


def lora_init(model):
    """Seeded initial A matrices (PEFT's kaiming-uniform range), saved under Hone's module names."""
    import peft
    gen = torch.Generator().manual_seed(SEED)
    init = {}
    for name, module in model.named_modules():
        if isinstance(module, peft.tuners.lora.LoraLayer) and "default" in module.lora_A:
            a = module.lora_A["default"].weight
            bound = 1.0 / a.shape[1] ** 0.5
            with torch.no_grad():
                a.copy_(torch.empty(a.shape).uniform_(-bound, bound, generator=gen))
            init[name.replace("base_model.model.", "", 1) + ".lora_A.weight"] = a.detach().clone().contiguous()
    return init


def run_case(case, model_dir, samples, pad_id):
    name, use_lora, optim, lr, wd = case
    torch.manual_seed(SEED)
    model = T.LlamaForCausalLM.from_pretrained(str(model_dir), attn_implementation="eager")
    init = None
    if use_lora:
        import peft
        model = peft.get_peft_model(model, peft.LoraConfig(r=LORA["r"], lora_alpha=LORA["alpha"], lora_dropout=0.0,
                                                           target_modules=LORA_TARGETS, bias="none"))
        init = lora_init(model)
        save_file(init, str(OUT / "lora_init.safetensors"))
    model.train()
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    # Hugging Face's grouping: no weight decay on biases and norm weights.
    no_decay = lambda n: n.endswith("bias") or "norm" in n
    groups = [{"params": [p for n, p in named if not no_decay(n)], "weight_decay": wd},
              {"params": [p for n, p in named if no_decay(n)], "weight_decay": 0.0}]
    if optim == "adamw":
        opt = torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    else:
        opt = torch.optim.SGD(groups, lr=lr, momentum=0.9)
    sched = T.get_scheduler("linear", opt, num_warmup_steps=WARMUP, num_training_steps=STEPS)
    params = [p for _, p in named]
    losses, orders, epoch = [], [], 0
    while len(losses) < STEPS:
        order = epoch_order(len(samples), epoch)
        orders.append(order)
        for start in range(0, len(order), BATCH):
            if len(losses) == STEPS:
                break
            ids, mask, labels = make_batch([samples[i] for i in order[start:start + BATCH]], pad_id)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            losses.append(float(loss.detach()))
        epoch += 1
    settings = {"optim": optim, "learning_rate": lr, "weight_decay": wd, "warmup_steps": WARMUP, "max_grad_norm": 1.0,
                "lr_scheduler_type": "linear", "lora": use_lora}
    if optim == "sgd":
        settings["momentum"] = 0.9
    if use_lora:
        settings.update({"lora_r": LORA["r"], "lora_alpha": LORA["alpha"], "lora_targets": LORA_TARGETS})
    return {"name": name, "settings": settings, "epoch_orders": orders, "losses": losses}


def main():
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    model_dir = write_model()
    records = write_data()
    tokenizer = T.AutoTokenizer.from_pretrained(str(model_dir))
    samples = [encode(tokenizer, conversation(r)) for r in records]
    # The goldens hold whole samples, and byte offsets (Hone) equal character offsets (Python) in ASCII.
    assert all(len(ids) <= MAX_LENGTH for ids, _ in samples)
    assert all(m["content"].isascii() for r in records for m in conversation(r))
    pad_id = tokenizer.pad_token_id
    cases = [run_case(c, model_dir, samples, pad_id) for c in CASES]
    golden = {"generator": "tools/make_sft_parity.py", "torch": torch.__version__, "transformers": T.__version__,
              "seed": SEED, "batch_size": BATCH, "max_length": MAX_LENGTH, "steps": STEPS,
              "samples": [{"ids": ids, "trained": trained} for ids, trained in samples], "cases": cases}
    (OUT / "goldens.json").write_text(json.dumps(golden, indent=1) + "\n")
    for c in cases:
        print("%-12s first %.6f last %.6f" % (c["name"], c["losses"][0], c["losses"][-1]))


if __name__ == "__main__":
    main()
