#!/usr/bin/env python3
"""Instruction tuning with LoRA: Hone (`hone-cli train --task sft --lora`) against Hugging Face's Trainer
with peft, alternating, paired by seed. The SFT side of bench/vs_trainer.py: its runner, reference
environment and load rule.

The quiet run (nothing else running; about 12 minutes on 2 cores, estimated from a smoke test under
load: per seed roughly 1 minute of Hone and 3 of the Trainer, most of it 6 training steps of 4
conversations of up to 256 tokens, the Trainer's steps 2-4x slower than Hone's in that test):

  python3 bench/sft_vs_peft.py --venv ~/hone-bench-venv --hone build/release/bin/hone-cli --seeds 42,43,44

Defaults: SmolLM2-135M-Instruct.Q4_1.gguf (Hone's default chat model; transformers loads the same file
with gguf_file=, dequantized to fp32), 24 training and 12 validation records of
../shared/data/sft/alpaca_en_demo.json, 6 steps (one epoch) of batch 4, max length 256, lr 2e-4, LoRA
r 8, alpha 16, dropout 0 on q/k/v/o/gate/up/down_proj (the projections Hone adapts in a Llama model
when lora.target_modules is empty, as here), loss on the assistant's tokens only, fp32 (--precision
bf16: CPU autocast on both sides), AdamW, linear schedule without warm-up, no weight decay, gradient
norm clipped at 1.

Both tools read the same split files (written once into the work folder: records deduplicated,
shuffled with a fixed seed). Same work on both sides: the conversation rendered with the model's own
chat template, tokenized as the model's tokenizer does (the driver warns when the tools' token
counts differ), the trained mask by Hone's rule (what rendering up to an assistant turn adds to
rendering the turns before it with the generation prompt; tools/make_sft_parity.py's encode), cut at
max length, samples with no trained token left out; batches in Hone's shuffled order (the Trainer
gets a sampler with Hone's permutation, so both train on the same batches), right padding to the
longest row of each batch, labels -100 outside trained tokens; the validation loss evaluated once
after the last step.
Per run: training tokens/s (the real tokens of the batches, padding not counted) and samples/s over
the time spent in training steps (loading, tokenizing and evaluation excluded, the same rule on both
sides), whole-process wall time and peak RSS (wait4; each tool also saves its result: Hone a
checkpoint and the merged model folder, the Trainer the adapter), the last step's training loss, the
mean training loss over the steps, and the validation loss (token-weighted mean cross-entropy over
the split: Hone's own evaluation, and the same sum over counted tokens on the Trainer's side, with
the same eval batch size); the cores other processes kept busy meanwhile.
Writes bench/results/sft_vs_peft.md (median of paired ratios; marked "under load" when other
processes kept more than 0.2 cores busy) and appends every run to bench/results/sft_vs_peft.jsonl.
"""
import argparse
import json
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vs_trainer import (DEFAULT_DATA, ROOT, add_tool_arguments, cost_model_rows, dry_run, load_note, publish, run_measured,  # noqa: E402
                        run_reference, spread, start_driver, step_timer)

LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


# ---------------------------------------------------------------- the Trainer + peft (child process)

def restore_digit_split(tok, path):
    """transformers' tokenizer from a GGUF ignores llama.cpp's pre-tokenizer type (tokenizer.ggml.pre): for
    the types that split numbers into single digits (SmolLM2's "smollm"), as llama.cpp, Hone and the
    model's own tokenizer.json do, that step is put back, so both tools train on the same token ids
    (without it "follows: \n1." is 'Ġ', 'Ċ', '1' instead of 'ĠĊ', '1', and the loss differs)."""
    import gguf
    import tokenizers
    field = gguf.GGUFReader(str(path)).fields.get("tokenizer.ggml.pre")
    kind = bytes(field.parts[field.data[0]]).decode() if field else ""
    if kind in ("smollm", "starcoder", "refact"):
        backend = tok.backend_tokenizer
        backend.pre_tokenizer = tokenizers.pre_tokenizers.Sequence(
            [tokenizers.pre_tokenizers.Digits(individual_digits=True), backend.pre_tokenizer])


def hf_child(spec_path):
    """Trains with the Trainer and peft as the spec says; writes result JSON to spec["result"]."""
    import peft
    import torch
    import transformers as T
    sys.path.insert(0, str(ROOT / "tools"))
    from make_training_parity import HoneOrderSampler  # Hone's shuffled batch order, epoch after epoch
    from make_sft_parity import conversation, encode, make_batch

    spec = json.loads(Path(spec_path).read_text())
    T.set_seed(spec["seed"])
    path = Path(spec["model"])
    tok = T.AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    restore_digit_split(tok, path)
    # Dequantized explicitly: a plain fp32 model, which the Trainer trains (packed GGUF weights it refuses).
    model = T.AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=torch.float32,
                                                   quantization_config=T.GgufConfig(dequantize=True))
    model = peft.get_peft_model(model, peft.LoraConfig(
        r=spec["lora_r"], lora_alpha=spec["lora_alpha"], lora_dropout=spec["lora_dropout"],
        target_modules=LORA_TARGETS, bias="none", task_type="CAUSAL_LM"))
    # Hone's padding token: the tokenizer's own, else end of sequence (masked out either way).
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id

    def load(split):
        samples = []
        for record in json.loads(Path(spec["files"][split]).read_text()):
            ids, trained = encode(tok, conversation(record))
            ids, trained = ids[:spec["max_length"]], trained[:spec["max_length"]]
            if any(trained[1:]):  # Hone leaves out samples whose answer lies past max_length
                samples.append((ids, trained))
        return samples

    train, validation = load("train"), load("validation")
    seen = {"samples": 0, "tokens": 0}

    def collate(rows):
        seen["samples"] += len(rows)
        seen["tokens"] += sum(len(ids) for ids, _ in rows)
        return dict(zip(("input_ids", "attention_mask", "labels"), make_batch(rows, pad_id)))

    losses = []

    class SftTrainer(T.Trainer):
        def _get_train_sampler(self, train_dataset=None):
            return HoneOrderSampler(len(train), spec["seed"])

        def training_step(self, *args, **kwargs):
            loss = super().training_step(*args, **kwargs)
            losses.append(float(loss))
            return loss

    steps = {"seconds": 0.0, "start": None}
    args = T.TrainingArguments(
        output_dir=spec["out"], max_steps=spec["max_steps"], num_train_epochs=spec["epochs"],
        learning_rate=spec["lr"], per_device_train_batch_size=spec["batch_size"], seed=spec["seed"], use_cpu=True,
        report_to=[], disable_tqdm=True, weight_decay=0.0, warmup_steps=0, lr_scheduler_type="linear",
        max_grad_norm=1.0, optim="adamw_torch", eval_strategy="no", save_strategy="no", logging_steps=1,
        dataloader_num_workers=0, remove_unused_columns=False, bf16=spec["bf16"])
    trainer = SftTrainer(model=model, args=args, train_dataset=train, data_collator=collate,
                         callbacks=[step_timer(T, steps)])
    trainer.train()
    trained = dict(seen)
    trainer.save_model(spec["out"])

    # Hone's validation loss: summed cross-entropy of the counted tokens over their number.
    model.eval()
    loss_sum, counted = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(validation), spec["eval_batch_size"]):
            ids, mask, labels = make_batch(validation[start:start + spec["eval_batch_size"]], pad_id)
            logits = model(input_ids=ids, attention_mask=mask).logits
            target = labels[:, 1:].reshape(-1)
            loss_sum += float(torch.nn.functional.cross_entropy(
                logits[:, :-1].reshape(-1, logits.shape[-1]).float(), target, ignore_index=-100, reduction="sum"))
            counted += int((target != -100).sum())
    Path(spec["result"]).write_text(json.dumps({
        "steps": len(losses), "samples": trained["samples"], "tokens": trained["tokens"],
        "train_seconds": steps["seconds"], "last_loss": losses[-1], "mean_loss": statistics.mean(losses),
        "validation_loss": loss_sum / counted, "train_samples": len(train), "validation_samples": len(validation),
        "threads": torch.get_num_threads(),
        "versions": {"torch": torch.__version__, "transformers": T.__version__, "peft": peft.__version__}}))


# ---------------------------------------------------------------- data

def make_split(data, sizes, out):
    """Deterministic split files (Alpaca JSON) from one instruction file; repeated records dropped first."""
    records = json.loads(Path(data).read_text(encoding="utf-8"))
    seen, kept = set(), []
    for r in records:
        key = json.dumps(r, sort_keys=True, ensure_ascii=False)
        if key not in seen:
            seen.add(key)
            kept.append(r)
    random.Random(0).shuffle(kept)
    out.mkdir(parents=True, exist_ok=True)
    files, start = {}, 0
    for role in ("train", "validation"):
        part = kept[start:start + sizes[role]]
        start += sizes[role]
        if len(part) < sizes[role]:
            print(f"note: {role}: {len(part)} records (asked for {sizes[role]})", file=sys.stderr)
        files[role] = str(out / f"{role}.json")
        Path(files[role]).write_text(json.dumps(part, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return files


# ---------------------------------------------------------------- runs

def hone_command(a, seed, files, run_dir):
    # Evaluation only after the last step (finish() always validates the final state), as the Trainer side.
    return [a.hone, "train", "--task", "sft", "--model", a.model, "--train", files["train"],
           "--validation", files["validation"], "--out", str(run_dir), "--seed", str(seed), "--quiet",
           "--lora", "--lora-r", str(a.lora_r), "--lora-alpha", str(a.lora_alpha), "--lora-dropout", str(a.lora_dropout),
           "--train-on", "assistant", "--no-packing", "--max-length", str(a.max_length),
           "--batch-size", str(a.batch_size), "--eval-batch-size", str(a.batch_size), "--lr", str(a.lr),
           "--epochs", str(a.epochs), "--max-steps", str(a.max_steps), "--no-group-by-length",
           "--bf16" if a.precision == "bf16" else "--no-bf16",
           "--optim", "adamw", "--weight-decay", "0", "--warmup-steps", "0", "--scheduler", "linear",
           "--max-grad-norm", "1", "--grad-accum", "1", "--logging-steps", "1", "--eval-strategy", "steps",
           "--eval-steps", "1000000000", "--no-load-best-model-at-end", "--save-total-limit", "1",
           "--sample-prompts", "0"]


def run_hone(a, seed, files, work):
    run_dir = work / f"hone-{seed}"
    shutil.rmtree(run_dir, ignore_errors=True)
    log = work / f"hone-{seed}.log"
    code, wall, rss, other = run_measured(hone_command(a, seed, files, run_dir), log)
    if code != 0:
        sys.exit(f"hone-cli train failed ({code}); see {log}")
    summary = json.loads((run_dir / "summary.json").read_text())
    records = [json.loads(l) for l in (run_dir / "metrics.jsonl").read_text().splitlines() if l]
    losses = [r["loss"] for r in records if r["kind"] == "step"]
    validation = [r for r in records if r["kind"] == "eval" and r.get("split") == "validation"]
    train = summary["train"]
    shutil.rmtree(run_dir / "checkpoints", ignore_errors=True)  # the bench keeps no weights around
    shutil.rmtree(run_dir / "model", ignore_errors=True)
    return {"tokens_per_second": train["tokens_per_second"], "samples_per_second": train["samples_per_second"],
            "tokens": round(train["tokens_per_second"] * train["wall_seconds"]), "steps": train["steps"],
            "train_seconds": train["wall_seconds"], "seconds_per_epoch": (train["wall_seconds"] + train.get("evaluation_seconds", 0)) / train["epochs"],
            "wall_seconds": wall, "peak_rss": rss,
            "last_loss": losses[-1], "mean_loss": statistics.mean(losses), "validation_loss": validation[-1]["loss"],
            "load": other}


def run_hf(a, seed, files, work):
    out = work / f"hf-{seed}"
    shutil.rmtree(out, ignore_errors=True)
    spec = {"model": a.model, "files": files, "seed": seed, "epochs": a.epochs, "max_steps": a.max_steps,
            "lr": a.lr, "batch_size": a.batch_size, "eval_batch_size": a.batch_size, "max_length": a.max_length,
            "lora_r": a.lora_r, "lora_alpha": a.lora_alpha, "lora_dropout": a.lora_dropout, "out": str(out),
            "bf16": a.precision == "bf16"}
    r, wall, rss, other = run_reference(a, __file__, spec, f"hf-{seed}", work, "the Trainer")
    shutil.rmtree(out, ignore_errors=True)
    return {"tokens_per_second": r["tokens"] / r["train_seconds"], "samples_per_second": r["samples"] / r["train_seconds"],
            "tokens": r["tokens"], "steps": r["steps"], "train_seconds": r["train_seconds"], "wall_seconds": wall,
            "peak_rss": rss, "last_loss": r["last_loss"], "mean_loss": r["mean_loss"],
            "validation_loss": r["validation_loss"], "load": other, "threads": r["threads"],
            "versions": r["versions"], "samples": [r["train_samples"], r["validation_samples"]]}


def write_table(a, runs, command, estimate):
    ratio = lambda key: statistics.median(r["hone"][key] / r["hf"][key] for r in runs)
    median = lambda side, key: statistics.median(r[side][key] for r in runs)
    loads = [r[side]["load"] for r in runs for side in ("hone", "hf")]
    hf = runs[0]["hf"]
    steps = f"{a.max_steps} steps" if a.max_steps > 0 else f"{a.epochs} epochs"
    text = [
        "# Instruction tuning with LoRA: Hone vs Hugging Face Trainer + peft",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}; seeds {', '.join(str(r['seed']) for r in runs)}; model "
        f"{Path(a.model).name}; {Path(a.data).name}: {runs[0]['rows']} train/validation records "
        f"({hf['samples'][0]}/{hf['samples'][1]} with a trained token within max length); {steps}, batch "
        f"{a.batch_size}, lr {a.lr}, max length {a.max_length}, LoRA r {a.lora_r} alpha {a.lora_alpha} dropout "
        f"{a.lora_dropout} on {'/'.join(LORA_TARGETS)}, loss on assistant tokens, "
        f"{'bf16 autocast (float32 weights) on both sides' if a.precision == 'bf16' else 'fp32'}; Trainer: torch "
        f"{hf['versions']['torch']}, transformers {hf['versions']['transformers']}, peft {hf['versions']['peft']}, "
        f"{hf['threads']} threads; other processes kept {min(loads):.2f}–{max(loads):.2f} cores busy during the runs.",
        "",
        *([load_note(loads), ""] if load_note(loads) else []),
        f"Command: `{command}`",
        "",
        "| | Hone | Trainer + peft |",
        "|---|---|---|",
        f"| training tokens/s, median of paired ratios | **{ratio('tokens_per_second'):.2f}x** | 1 |",
        f"| training tokens/s (median) | {median('hone', 'tokens_per_second'):.1f} | {median('hf', 'tokens_per_second'):.1f} |",
        f"| training samples/s (median) | {median('hone', 'samples_per_second'):.2f} | "
        f"{median('hf', 'samples_per_second'):.2f} |",
        f"| whole-process wall time, median of paired ratios | {ratio('wall_seconds'):.2f}x | 1 |",
        f"| last step's training loss, mean (min–max) | {spread([r['hone']['last_loss'] for r in runs])} | "
        f"{spread([r['hf']['last_loss'] for r in runs])} |",
        f"| mean training loss, mean (min–max) | {spread([r['hone']['mean_loss'] for r in runs])} | "
        f"{spread([r['hf']['mean_loss'] for r in runs])} |",
        f"| validation loss, mean (min–max) | {spread([r['hone']['validation_loss'] for r in runs])} | "
        f"{spread([r['hf']['validation_loss'] for r in runs])} |",
        f"| peak RSS (median) | {median('hone', 'peak_rss') / 2 ** 20:.0f} MiB ({ratio('peak_rss'):.2f}x) | "
        f"{median('hf', 'peak_rss') / 2 ** 20:.0f} MiB |",
        *cost_model_rows(runs, estimate),
        "",
        "| seed | first | Hone tokens/s | Trainer tokens/s | ratio | tokens trained (Hone / Trainer) | Hone wall s | "
        "Trainer wall s | Hone val loss | Trainer val loss | Hone RSS MiB | Trainer RSS MiB | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        h, t = r["hone"], r["hf"]
        text.append(f"| {r['seed']} | {r['first']} | {h['tokens_per_second']:.1f} | {t['tokens_per_second']:.1f} | "
                    f"{h['tokens_per_second'] / t['tokens_per_second']:.2f} | {h['tokens']} / {t['tokens']} | "
                    f"{h['wall_seconds']:.0f} | {t['wall_seconds']:.0f} | {h['validation_loss']:.4f} | "
                    f"{t['validation_loss']:.4f} | {h['peak_rss'] / 2 ** 20:.0f} | {t['peak_rss'] / 2 ** 20:.0f} | "
                    f"{max(h['load'], t['load']):.2f} |")
    publish(a, "sft_vs_peft" + ("-bf16" if a.precision == "bf16" else ""), runs, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_tool_arguments(ap, "SmolLM2-135M-Instruct.Q4_1.gguf")
    ap.add_argument("--data", default=str(DEFAULT_DATA / "sft" / "alpaca_en_demo.json"),
                    help="Alpaca JSON instruction data the split files are cut from")
    ap.add_argument("--train-rows", type=int, default=24)
    ap.add_argument("--validation-rows", type=int, default=12)
    ap.add_argument("--seeds", default="42,43,44")
    ap.add_argument("--max-steps", type=int, default=6, help="optimizer steps; -1 trains --epochs epochs")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--lora-r", type=int, default=8)
    ap.add_argument("--lora-alpha", type=float, default=16.0)
    ap.add_argument("--lora-dropout", type=float, default=0.0)
    ap.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                    help="bf16: CPU autocast on both sides (Hone --bf16, the Trainer bf16=True); results in sft_vs_peft-bf16.md")
    a, work = start_driver(ap, hf_child, "hone-sft-vs-peft-")
    if not Path(a.model).exists():
        sys.exit(f"{a.model}: no such model file (see --model)")
    files = make_split(a.data, {"train": a.train_rows, "validation": a.validation_rows}, work / "split")
    rows = "/".join(str(len(json.loads(Path(files[r]).read_text()))) for r in ("train", "validation"))
    # The settings that shape the result; this machine's paths stay out of the record.
    command = (f"python3 bench/sft_vs_peft.py --venv VENV --hone HONE_CLI --data {Path(a.data).name} --seeds {a.seeds} "
               f"--train-rows {a.train_rows} --validation-rows {a.validation_rows} --max-steps {a.max_steps} "
               f"--epochs {a.epochs} --batch-size {a.batch_size} --lr {a.lr} --max-length {a.max_length} "
               f"--lora-r {a.lora_r} --lora-alpha {a.lora_alpha} --lora-dropout {a.lora_dropout} --precision {a.precision}")
    estimate = dry_run(hone_command(a, 0, files, work / "dry-run"))
    runs = []
    for i, seed in enumerate(int(s) for s in a.seeds.split(",")):
        order = ["hone", "hf"] if i % 2 == 0 else ["hf", "hone"]
        out = {}
        for side in order:
            print(f"[seed {seed}] {side} ...", file=sys.stderr, flush=True)
            out[side] = (run_hone if side == "hone" else run_hf)(a, seed, files, work)
        if out["hone"]["tokens"] != out["hf"]["tokens"] or out["hone"]["steps"] != out["hf"]["steps"]:
            print(f"warning: seed {seed}: the tools trained on different work (Hone {out['hone']['steps']} steps, "
                  f"{out['hone']['tokens']} tokens; Trainer {out['hf']['steps']} steps, {out['hf']['tokens']} tokens)",
                  file=sys.stderr)
        runs.append({"seed": seed, "first": order[0], "rows": rows, "precision": a.precision, "data": Path(a.data).name,
                     "max_steps": a.max_steps, "epochs": a.epochs, "batch_size": a.batch_size, "lr": a.lr,
                     "max_length": a.max_length, "lora": {"r": a.lora_r, "alpha": a.lora_alpha,
                                                          "dropout": a.lora_dropout, "targets": LORA_TARGETS},
                     **out})
    write_table(a, runs, command, estimate)
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
