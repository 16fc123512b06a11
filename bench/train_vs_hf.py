#!/usr/bin/env python3
"""Fine-tuning: Hone (hone-cli train) against the Hugging Face Trainer, same machine, same run.

Both train the same model on the same rows (Hone's split.json is replayed for the Trainer) with
the same hyperparameters and seed; the table reports test accuracy / macro-F1, training
samples/s and peak memory of each, and the ratios. Python is used here only as the reference.

  /work/venv/py/bin/python bench/train_vs_hf.py --dataset sms_spam --epochs 1
  /work/venv/py/bin/python bench/train_vs_hf.py --dataset trec --epochs 2 --max-length 64

Results are appended to bench/results/train_vs_hf.md (and .jsonl).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
DATASETS = {
    "sms_spam": {"data": SHARED / "sms_spam" / "sms_spam.csv"},
    "chnsenticorp_htl": {"data": SHARED / "chnsenticorp_htl" / "chnsenticorp_htl.csv"},
    "trec": {"train": SHARED / "trec" / "train.csv", "test": SHARED / "trec" / "test.csv"},
    "emotion": {"train": SHARED / "emotion" / "train.csv", "validation": SHARED / "emotion" / "validation.csv",
                "test": SHARED / "emotion" / "test.csv"},
}


def run_measured(cmd, env=None):
    """Runs cmd, returns (returncode, seconds, peak RSS bytes)."""
    start = time.time()
    proc = subprocess.Popen(cmd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), time.time() - start, usage.ru_maxrss * 1024


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f)]


def hf_child(spec_path):
    """Runs the Trainer on the split written by the parent; prints a JSON result line."""
    import numpy as np
    import torch
    from datasets import Dataset
    from sklearn.metrics import accuracy_score, f1_score
    from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                              TrainingArguments, set_seed)
    spec = json.loads(Path(spec_path).read_text())
    if spec["threads"] > 0:
        torch.set_num_threads(spec["threads"])
    set_seed(spec["seed"])
    labels = spec["labels"]
    tok = AutoTokenizer.from_pretrained(spec["model"])
    model = AutoModelForSequenceClassification.from_pretrained(
        spec["model"], num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={l: i for i, l in enumerate(labels)})

    def make(split):
        ds = Dataset.from_dict({"text": [t for t, _ in spec[split]], "label": [l for _, l in spec[split]]})
        return ds.map(lambda b: tok(b["text"], truncation=True, max_length=spec["max_length"]), batched=True,
                      remove_columns=["text"])

    train, test = make("train"), make("test")
    args = TrainingArguments(
        output_dir=spec["out"], num_train_epochs=spec["epochs"], learning_rate=spec["lr"],
        per_device_train_batch_size=spec["batch_size"], per_device_eval_batch_size=64,
        weight_decay=spec["weight_decay"], warmup_steps=spec["warmup_ratio"], lr_scheduler_type="linear",
        max_grad_norm=1.0, seed=spec["seed"], eval_strategy="no", save_strategy="no", logging_steps=50,
        report_to=[], use_cpu=True, dataloader_num_workers=0, disable_tqdm=True,
        # transformers 5: a float warmup_steps is a ratio; group_by_length became a sampling strategy
        train_sampling_strategy="group_by_length" if spec["group_by_length"] else "random",
        optim="adamw_torch")
    trainer = Trainer(model=model, args=args, train_dataset=train, data_collator=DataCollatorWithPadding(tok))
    result = trainer.train()
    pred = trainer.predict(test)
    y = np.argmax(pred.predictions, axis=1)
    print("HF_RESULT " + json.dumps({
        "accuracy": float(accuracy_score(pred.label_ids, y)),
        "macro_f1": float(f1_score(pred.label_ids, y, average="macro")),
        "samples_per_second": result.metrics["train_samples_per_second"],
        "train_seconds": result.metrics["train_runtime"]}), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", choices=DATASETS, default="sms_spam")
    ap.add_argument("--hone", default=str(ROOT / "build" / "release" / "bin" / "hone-cli"))
    ap.add_argument("--model", default=str(Path.home() / ".local/share/hone/models/all-MiniLM-L6-v2"))
    ap.add_argument("--epochs", type=float, default=1)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup-ratio", type=float, default=0.06)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=0,
                    help="compute threads for both (default: each library's own choice; Hone's is 1 intra-op "
                         "thread plus OpenBLAS on every core, see core/system/computethreads.h)")
    ap.add_argument("--group-by-length", action="store_true", help="both trainers group batches by length")
    ap.add_argument("--hone-run", help="reuse this finished Hone run (same settings) instead of training again")
    ap.add_argument("--hf-child")
    a = ap.parse_args()
    if a.hf_child:
        return hf_child(a.hf_child)

    work = Path(tempfile.mkdtemp(prefix="hone-bench-"))
    files = DATASETS[a.dataset]
    run_dir = Path(a.hone_run) if a.hone_run else work / "hone-run"
    cmd = [a.hone, "train", "--model", a.model, "--out", str(run_dir), "--epochs", str(a.epochs), "--lr", str(a.lr),
           "--batch-size", str(a.batch_size), "--max-length", str(a.max_length), "--weight-decay", str(a.weight_decay),
           "--warmup-ratio", str(a.warmup_ratio), "--seed", str(a.seed), "--threads", str(a.threads),
           "--eval-strategy", "epoch", "--quiet"]
    cmd += ["--data", str(files["data"])] if "data" in files else ["--train", str(files["train"])]
    for role in ("validation", "test"):
        if role in files:
            cmd += ["--" + role, str(files[role])]
    if not a.group_by_length:
        cmd.append("--no-group-by-length")
    if not a.hone_run:
        code, _, _ = run_measured(cmd)
        if code != 0:
            sys.exit(f"hone-cli train failed ({code})")
    summary = json.loads((run_dir / "summary.json").read_text())
    hone_rss = summary["train"]["peak_rss_bytes"]
    manifest = json.loads((run_dir / "split.json").read_text())

    # Replay Hone's split for the Trainer: manifest indices over the rows of the sources in order.
    rows = []
    for source in manifest["sources"]:
        rows += read_rows(source["path"])
    if len(rows) != manifest["rows"]:
        sys.exit(f"row count differs from Hone's manifest ({len(rows)} vs {manifest['rows']}); dropped rows?")
    labels = manifest["labels"]
    index = {l: i for i, l in enumerate(labels)}
    splits = manifest["splits"]
    spec = {"model": a.model, "labels": labels, "max_length": a.max_length, "epochs": a.epochs, "lr": a.lr,
            "batch_size": a.batch_size, "weight_decay": a.weight_decay, "warmup_ratio": a.warmup_ratio,
            "seed": a.seed, "threads": a.threads, "out": str(work / "hf-out"), "group_by_length": a.group_by_length,
            "train": [(rows[i][0], index[rows[i][1]]) for i in splits["train"]],
            "test": [(rows[i][0], index[rows[i][1]]) for i in splits["test"]]}
    (work / "spec.json").write_text(json.dumps(spec))
    out = work / "hf.txt"
    with open(out, "w") as f:
        start = time.time()
        proc = subprocess.Popen([sys.executable, __file__, "--hf-child", str(work / "spec.json")], stdout=f)
        _, status, usage = os.wait4(proc.pid, 0)
        hf_wall, hf_rss = time.time() - start, usage.ru_maxrss * 1024
    hf = json.loads([l for l in out.read_text().splitlines() if l.startswith("HF_RESULT ")][-1][10:])

    hone = {"accuracy": summary["test"]["accuracy"], "macro_f1": summary["test"]["macro_f1"],
            "samples_per_second": summary["train"]["samples_per_second"], "train_seconds": summary["train"]["wall_seconds"]}
    row = {"dataset": a.dataset, "train_rows": len(spec["train"]), "test_rows": len(spec["test"]), "epochs": a.epochs,
           "max_length": a.max_length, "batch_size": a.batch_size, "lr": a.lr, "seed": a.seed, "threads": a.threads,
           "group_by_length": a.group_by_length, "hone": hone, "hf": hf, "hone_peak_rss": hone_rss, "hf_peak_rss": hf_rss,
           "speed_ratio": hone["samples_per_second"] / hf["samples_per_second"],
           "date": time.strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()[0]}
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / "train_vs_hf.jsonl", "a") as f:
        f.write(json.dumps(row) + "\n")
    md = results / "train_vs_hf.md"
    if not md.exists():
        md.write_text("# Fine-tuning: Hone vs Hugging Face Trainer (same machine, same split, same settings)\n\n"
                      "Command: `/work/venv/py/bin/python bench/train_vs_hf.py --dataset D --epochs E ...`\n\n"
                      "| date | dataset | train/test rows | epochs | max_len | batch | grouped | Hone acc | HF acc | Hone macro-F1 | HF macro-F1 | Hone samples/s | HF samples/s | speed ratio | Hone peak MiB | HF peak MiB | load |\n"
                      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
    with open(md, "a") as f:
        f.write(f"| {row['date']} | {a.dataset} | {row['train_rows']}/{row['test_rows']} | {a.epochs} | {a.max_length} | "
                f"{a.batch_size} | {'yes' if a.group_by_length else 'no'} | {hone['accuracy']:.4f} | {hf['accuracy']:.4f} | "
                f"{hone['macro_f1']:.4f} | {hf['macro_f1']:.4f} | {hone['samples_per_second']:.1f} | "
                f"{hf['samples_per_second']:.1f} | {row['speed_ratio']:.2f} | {hone_rss / 2**20:.0f} | {hf_rss / 2**20:.0f} | "
                f"{row['load']:.1f} |\n")
    print(json.dumps(row, indent=1))


if __name__ == "__main__":
    main()
