#!/usr/bin/env python3
"""Fine-tuning: Hone (`hone-cli train`) against Hugging Face's Trainer, alternating, paired by seed.

The driver needs only the Python standard library. The Trainer runs in a reference virtual
environment made from bench/requirements.txt wherever --venv points (created on first use), or
under an existing interpreter given with --python.

  python3 bench/vs_trainer.py --venv ~/hone-bench-venv --hone build/release/bin/hone-cli \\
      --dataset emotion --seeds 42,43,44 --mode both

Both tools read the same split files (written once into the work folder from the dataset,
deduplicated, sampled with a fixed seed: SST-2-like sizes by default, 1,800 / 200 / 872 rows).
For each seed the two tools run one after the other, the order flipping every seed (ABBA), so
slow drift of the machine's load falls on both. Modes:
  same      every default aligned: plain shuffled batches, fp32, AdamW, linear schedule, no warm-up,
            no weight decay, grad norm 1, evaluation + checkpoint each epoch, best model (accuracy)
            loaded at the end, eval batch 64
  defaults  each tool at its own defaults; only model, data, epochs, batch size, learning rate,
            max length and seed are given (Hone trains in bf16 autocast by default where the CPU
            has native bf16, the Trainer in float32)
Per run: training samples/s (time spent in training steps, evaluation excluded, the same rule on
both sides), whole-process wall time and peak RSS (wait4), test accuracy and macro-F1 (computed
here, by one function, from each tool's predictions), the cores other processes kept busy meanwhile.
Writes bench/results/vs_trainer-<dataset>-<mode>.md (table: median of paired ratios, accuracy
mean and spread; marked "under load" when other processes kept more than 0.2 cores busy) and .jsonl (every run).
Instruction tuning of a chat model with LoRA against the Trainer + peft: bench/sft_vs_peft.py, on
this harness.
"""
import argparse
import csv
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
XDG_DATA = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))


# ---------------------------------------------------------------- the Trainer (child process)

def hf_child(spec_path):
    """Trains with the Trainer as the spec says; writes result JSON to spec["result"]."""
    import numpy as np
    import torch
    import transformers as T

    spec = json.loads(Path(spec_path).read_text())
    T.set_seed(spec["seed"])
    labels = spec["labels"]
    tok = T.AutoTokenizer.from_pretrained(spec["model"])
    model = T.AutoModelForSequenceClassification.from_pretrained(
        spec["model"], num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={l: i for i, l in enumerate(labels)})

    def load(split):
        rows = read_rows(spec["files"][split])
        enc = tok([t for t, _ in rows], truncation=True, max_length=spec["max_length"])
        return [{"input_ids": enc["input_ids"][i], "attention_mask": enc["attention_mask"][i],
                 **({"token_type_ids": enc["token_type_ids"][i]} if "token_type_ids" in enc else {}),
                 "labels": labels.index(l)} for i, (_, l) in enumerate(rows)]

    train, validation, test = load("train"), load("validation"), load("test")
    steps = {"seconds": 0.0, "start": None}

    def accuracy(p):
        return {"accuracy": float((np.argmax(p.predictions, axis=1) == p.label_ids).mean())}

    common = dict(output_dir=spec["out"], num_train_epochs=spec["epochs"], learning_rate=spec["lr"],
                  per_device_train_batch_size=spec["batch_size"], seed=spec["seed"], use_cpu=True,
                  report_to=[], disable_tqdm=True)
    if spec["mode"] == "same":
        args = T.TrainingArguments(
            **common, per_device_eval_batch_size=64, weight_decay=0.0, warmup_steps=0, lr_scheduler_type="linear",
            max_grad_norm=1.0, optim="adamw_torch", eval_strategy="epoch", save_strategy="epoch",
            load_best_model_at_end=True, metric_for_best_model="accuracy", greater_is_better=True,
            save_total_limit=2, logging_steps=10, dataloader_num_workers=0, train_sampling_strategy="random")
    else:
        args = T.TrainingArguments(**common)
    trainer = T.Trainer(model=model, args=args, train_dataset=train,
                        eval_dataset=validation if spec["mode"] == "same" else None,
                        data_collator=T.DataCollatorWithPadding(tok), callbacks=[step_timer(T, steps)],
                        compute_metrics=accuracy if spec["mode"] == "same" else None)
    result = trainer.train()
    pred = trainer.predict(test)
    samples = len(train) * spec["epochs"]
    Path(spec["result"]).write_text(json.dumps({
        "predicted": [int(x) for x in np.argmax(pred.predictions, axis=1)],
        "samples_per_second": samples / steps["seconds"],
        "own_samples_per_second": result.metrics["train_samples_per_second"],
        "threads": torch.get_num_threads(),
        "versions": {"torch": torch.__version__, "transformers": T.__version__}}))


def step_timer(T, steps):
    """A Trainer callback adding the time inside training steps only (forward, backward, optimizer),
    as Hone counts it, to steps["seconds"]."""

    class StepTimer(T.TrainerCallback):
        def on_step_begin(self, args, state, control, **kw):
            steps["start"] = time.perf_counter()

        def on_step_end(self, args, state, control, **kw):
            steps["seconds"] += time.perf_counter() - steps["start"]

    return StepTimer()


# ---------------------------------------------------------------- data

def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f)]


def write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["text", "label"])
        w.writerows(rows)


def make_split(data_dir, dataset, sizes, out):
    """Deterministic split files: the dataset's own splits where it has them, else cut from one file.
    Empty and duplicate texts are dropped first (a tool that drops them itself would see other rows)."""
    folder = Path(data_dir) / dataset
    if not folder.is_dir():
        sys.exit(f"{folder}: no such dataset folder (see --data-dir)")
    csvs = {p.stem: p for p in folder.glob("*.csv")}
    rng = random.Random(0)
    seen = set()

    def clean(rows):
        kept = []
        for text, label in rows:
            if text.strip() and text not in seen:
                seen.add(text)
                kept.append((text, label))
        return kept

    parts = {}
    if "train" in csvs:
        pools = {"train": clean(read_rows(csvs["train"]))}
        for role in ("test", "validation"):
            if role in csvs:
                pools[role] = clean(read_rows(csvs[role]))
        rng.shuffle(pools["train"])
        for role in ("test", "validation"):  # missing splits are cut from the training pool
            if role not in pools:
                pools[role] = pools["train"][:sizes[role]]
                pools["train"] = pools["train"][sizes[role]:]
            else:
                rng.shuffle(pools[role])
        for role in ("train", "validation", "test"):
            parts[role] = pools[role][:sizes[role]]
    else:
        if len(csvs) != 1:
            sys.exit(f"{folder}: expected train.csv or a single CSV, found {sorted(csvs)}")
        rows = clean(read_rows(next(iter(csvs.values()))))
        rng.shuffle(rows)
        start = 0
        for role in ("train", "validation", "test"):
            parts[role] = rows[start:start + sizes[role]]
            start += sizes[role]
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for role, rows in parts.items():
        if len(rows) < sizes[role]:
            print(f"note: {dataset} {role}: {len(rows)} rows (asked for {sizes[role]})", file=sys.stderr)
        files[role] = str(out / f"{role}.csv")
        write_rows(files[role], rows)
    labels = sorted({l for rows in parts.values() for _, l in rows},
                    key=lambda l: (0, int(l), "") if l.lstrip("-").isdigit() else (1, 0, l))
    return files, labels


def metrics(truth, predicted, labels):
    """Accuracy and macro-F1 over every label (one rule for both tools)."""
    n = len(truth)
    acc = sum(t == p for t, p in zip(truth, predicted)) / n
    f1s = []
    for c in range(len(labels)):
        tp = sum(t == c and p == c for t, p in zip(truth, predicted))
        fp = sum(t != c and p == c for t, p in zip(truth, predicted))
        fn = sum(t == c and p != c for t, p in zip(truth, predicted))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return acc, sum(f1s) / len(f1s)


# ---------------------------------------------------------------- runs

def busy_cpu_seconds():
    """CPU seconds the whole machine has spent busy since boot (/proc/stat: all but idle and iowait)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def run_measured(cmd, log, env=None):
    """Runs cmd; returns (exit code, wall seconds, peak RSS bytes, other load). Other load is the
    cores other processes kept busy meanwhile: the machine's busy CPU time minus the run's own, per
    second. (The load average would count the measured run's own threads.)"""
    busy_before = busy_cpu_seconds()
    start = time.perf_counter()
    with open(log, "w") as f:
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    own = usage.ru_utime + usage.ru_stime
    other = max(0.0, busy_cpu_seconds() - busy_before - own) / wall
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss * 1024, other


def run_reference(a, script, spec, name, work, what):
    """Runs script's --hf-child on spec (its "result" key names the JSON the child writes) in the
    reference interpreter; returns (result, wall seconds, peak RSS bytes, other load)."""
    spec = {**spec, "result": str(work / f"{name}.json")}
    spec_path = work / f"{name}.spec.json"
    spec_path.write_text(json.dumps(spec))
    log = work / f"{name}.log"
    code, wall, rss, other = run_measured([a.python, str(Path(script).resolve()), "--hf-child", str(spec_path)], log)
    if code != 0:
        sys.exit(f"{what} failed ({code}); see {log}")
    return json.loads(Path(spec["result"]).read_text()), wall, rss, other


def publish(a, name, records, text):
    """Appends every record to bench/results/<name>.jsonl (or under --results), writes the table's
    lines to <name>.md and prints them."""
    results = Path(a.results)
    results.mkdir(parents=True, exist_ok=True)
    stem = results / name
    with open(stem.with_suffix(".jsonl"), "a") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    stem.with_suffix(".md").write_text("\n".join(text) + "\n")
    print("\n".join(text))


def hone_command(a, mode, seed, files, run_dir):
    cmd = [a.hone, "train", "--model", a.model, "--train", files["train"], "--validation", files["validation"],
           "--test", files["test"], "--out", str(run_dir), "--epochs", str(a.epochs), "--lr", str(a.lr),
           "--batch-size", str(a.batch_size), "--max-length", str(a.max_length), "--seed", str(seed), "--quiet"]
    if mode == "same":
        cmd += ["--no-group-by-length", "--no-bf16", "--weight-decay", "0", "--warmup-steps", "0", "--scheduler", "linear",
                "--optim", "adamw", "--max-grad-norm", "1", "--eval-strategy", "epoch", "--metric", "accuracy",
                "--eval-batch-size", "64", "--logging-steps", "10", "--save-total-limit", "2"]
    return cmd


def seconds_of(duration):
    """hone-cli's durations ("27s", "3m 05s", "1h 02m") in seconds."""
    units = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([hms])", duration))


def dry_run(cmd):
    """Hone's cost model for a training command (--dry-run): GFLOP per training sample, the matrix
    rate it measured on this machine, and what it estimates (samples/s, seconds per epoch, peak bytes)."""
    out = subprocess.run(cmd + ["--dry-run"], capture_output=True, text=True, check=True).stdout
    field = lambda pattern: re.search(pattern, out).group(1)  # noqa: E731
    return {"gflop_per_sample": float(field(r"work:\s+([0-9.]+) GFLOP")),
            "gemm_gflops": float(field(r"from a ([0-9.]+) GFLOP/s (?:bf16 |float32 )?matrix rate")),
            "samples_per_second": float(field(r"speed:\s+about ([0-9.eE+-]+) training samples/s")),
            "seconds_per_epoch": seconds_of(field(r"time per epoch:\s+(.+)")),
            "peak_bytes": float(field(r"peak memory:\s+([0-9.]+) GiB")) * 2 ** 30}


def cost_model_rows(runs, estimate):
    """Table rows: the cost model's estimate before the runs against the runs' medians."""
    measured = {key: statistics.median(r["hone"][key] for r in runs) for key in ("samples_per_second", "seconds_per_epoch", "peak_rss")}
    row = lambda what, est, got, fmt: f"| cost model (`--dry-run`): {what}, estimated / measured median | {fmt(est)} / {fmt(got)} ({est / got:.2f}x) | |"  # noqa: E731
    return [row("training samples/s", estimate["samples_per_second"], measured["samples_per_second"], lambda v: f"{v:.1f}"),
            row("time per epoch", estimate["seconds_per_epoch"], measured["seconds_per_epoch"], lambda v: f"{v:.0f} s"),
            row("peak memory", estimate["peak_bytes"], measured["peak_rss"], lambda v: f"{v / 2 ** 30:.2f} GiB")]


def run_hone(a, mode, seed, files, labels, work, estimate):
    run_dir = work / f"hone-{mode}-{seed}"
    shutil.rmtree(run_dir, ignore_errors=True)
    code, wall, rss, other = run_measured(hone_command(a, mode, seed, files, run_dir), work / f"hone-{mode}-{seed}.log")
    if code != 0:
        sys.exit(f"hone-cli train failed ({code}); see {work / f'hone-{mode}-{seed}.log'}")
    summary = json.loads((run_dir / "summary.json").read_text())
    bf16 = json.loads((run_dir / "config.json").read_text()).get("bf16", False)
    manifest = json.loads((run_dir / "split.json").read_text())
    if manifest["labels"] != labels:
        sys.exit(f"Hone's labels {manifest['labels']} differ from the driver's {labels}")
    preds = [json.loads(l) for l in (run_dir / "predictions" / "test.jsonl").read_text().splitlines() if l]
    acc, f1 = metrics([p["truth"] for p in preds], [p["predicted"] for p in preds], labels)
    shutil.rmtree(run_dir / "checkpoints", ignore_errors=True)  # the bench keeps no weights around
    shutil.rmtree(run_dir / "model", ignore_errors=True)
    rate = summary["train"]["samples_per_second"]
    return {"samples_per_second": rate, "mfu": estimate["gflop_per_sample"] * rate / estimate["gemm_gflops"],
            "seconds_per_epoch": (summary["train"]["wall_seconds"] + summary["train"].get("evaluation_seconds", 0)) / summary["train"]["epochs"],
            "wall_seconds": wall, "peak_rss": rss,
            "accuracy": acc, "macro_f1": f1, "load": other, "test_rows": len(preds),
            "precision": "bf16 autocast" if bf16 else "float32"}


def run_hf(a, mode, seed, files, labels, work):
    out = work / f"hf-{mode}-{seed}"
    shutil.rmtree(out, ignore_errors=True)
    spec = {"model": a.model, "labels": labels, "files": files, "mode": mode, "seed": seed, "epochs": a.epochs,
            "lr": a.lr, "batch_size": a.batch_size, "max_length": a.max_length, "out": str(out)}
    r, wall, rss, other = run_reference(a, __file__, spec, f"hf-{mode}-{seed}", work, "the Trainer")
    truth = [labels.index(l) for _, l in read_rows(files["test"])]
    acc, f1 = metrics(truth, r["predicted"], labels)
    shutil.rmtree(out, ignore_errors=True)
    return {"samples_per_second": r["samples_per_second"], "own_samples_per_second": r["own_samples_per_second"],
            "wall_seconds": wall, "peak_rss": rss, "accuracy": acc, "macro_f1": f1, "load": other,
            "threads": r["threads"], "versions": r["versions"]}


def reference_python(a):
    """The interpreter that runs the Trainer: --python, or --venv (created from requirements.txt if needed)."""
    if a.python:
        return a.python
    if not a.venv:
        sys.exit("give --venv DIR (created from bench/requirements.txt if missing) or --python PATH")
    venv = Path(a.venv).expanduser().resolve()
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating the reference environment in {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(ROOT / "bench" / "requirements.txt")],
                       check=True)
    return str(python)


LOADED = 0.2  # cores busy with other work during a run above this: its speed figures are not a quiet-machine result


def load_note(loads):
    """The line a results table carries when other processes kept more than LOADED cores busy during any run, else ''."""
    worst = max(loads)
    return (f"**Under load** (other processes kept up to {worst:.2f} cores busy during a run, above {LOADED}): "
            "the speed figures are not a quiet-machine result." if worst > LOADED else "")


def spread(values):
    return f"{statistics.mean(values):.4f} ({min(values):.4f}–{max(values):.4f})"


def write_table(a, mode, runs, command, estimate):
    ratio = lambda key: statistics.median(r["hone"][key] / r["hf"][key] for r in runs)
    mib = lambda side: statistics.median(r[side]["peak_rss"] for r in runs) / 2 ** 20
    loads = [r[side]["load"] for r in runs for side in ("hone", "hf")]
    hf_versions = runs[0]["hf"]["versions"]
    text = [
        f"# Hone vs Hugging Face Trainer: {a.dataset}, {mode} mode",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}; seeds {', '.join(str(r['seed']) for r in runs)}; "
        f"train/validation/test {runs[0]['rows']}; {a.epochs} epoch{'s' if a.epochs != 1 else ''}, batch {a.batch_size}, lr {a.lr}, "
        f"max length {a.max_length}; model {Path(a.model).name}; Hone: {runs[0]['hone'].get('precision', 'float32')}; "
        f"Trainer: float32, torch {hf_versions['torch']}, "
        f"transformers {hf_versions['transformers']}, {runs[0]['hf']['threads']} threads; "
        f"other processes kept {min(loads):.2f}–{max(loads):.2f} cores busy during the runs.",
        "",
        *([load_note(loads), ""] if load_note(loads) else []),
        f"Command: `{command}`",
        "",
        "| | Hone | Trainer |",
        "|---|---|---|",
        f"| training samples/s, median of paired ratios | **{ratio('samples_per_second'):.2f}x** | 1 |",
        f"| training samples/s (median) | {statistics.median(r['hone']['samples_per_second'] for r in runs):.1f} | "
        f"{statistics.median(r['hf']['samples_per_second'] for r in runs):.1f} |",
        f"| whole-process wall time, median of paired ratios | {ratio('wall_seconds'):.2f}x | 1 |",
        f"| test accuracy, mean (min–max) | {spread([r['hone']['accuracy'] for r in runs])} | "
        f"{spread([r['hf']['accuracy'] for r in runs])} |",
        f"| test macro-F1, mean (min–max) | {spread([r['hone']['macro_f1'] for r in runs])} | "
        f"{spread([r['hf']['macro_f1'] for r in runs])} |",
        f"| peak RSS (median) | {mib('hone'):.0f} MiB ({ratio('peak_rss'):.2f}x) | {mib('hf'):.0f} MiB |",
        *([f"| model FLOP utilisation (median; of the GEMM rate `hone-cli train --dry-run` measured) | "
           f"{statistics.median(r['hone']['mfu'] for r in runs):.0%} | |"] if all('mfu' in r['hone'] for r in runs) else []),
        *cost_model_rows(runs, estimate),
        "",
        "| seed | first | Hone samples/s | Trainer samples/s | ratio | Hone wall s | Trainer wall s | Hone acc | Trainer acc | Hone F1 | Trainer F1 | other load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        h, t = r["hone"], r["hf"]
        text.append(f"| {r['seed']} | {r['first']} | {h['samples_per_second']:.1f} | {t['samples_per_second']:.1f} | "
                    f"{h['samples_per_second'] / t['samples_per_second']:.2f} | {h['wall_seconds']:.0f} | "
                    f"{t['wall_seconds']:.0f} | {h['accuracy']:.4f} | {t['accuracy']:.4f} | {h['macro_f1']:.4f} | "
                    f"{t['macro_f1']:.4f} | {max(h['load'], t['load']):.2f} |")
    publish(a, f"vs_trainer-{a.dataset}-{mode}", runs, text)


def add_reference_arguments(ap):
    """Where the reference runs (see reference_python) and where the results go."""
    ap.add_argument("--venv", help="reference virtual environment (created from bench/requirements.txt if missing)")
    ap.add_argument("--python", help="an existing interpreter with the requirements, instead of --venv")
    ap.add_argument("--results", default=str(ROOT / "bench" / "results"))


def add_tool_arguments(ap, model):
    """The arguments every bench of hone-cli against the reference takes: where each side runs, and
    the model (a name under Hone's model folder)."""
    add_reference_arguments(ap)
    ap.add_argument("--hone", default=shutil.which("hone-cli") or str(ROOT / "build" / "release" / "bin" / "hone-cli"))
    ap.add_argument("--model", default=str(XDG_DATA / "hone" / "models" / model))
    ap.add_argument("--work", help="work folder (default: a new temporary folder, removed at the end)")
    ap.add_argument("--hf-child", help=argparse.SUPPRESS)


def add_training_arguments(ap):
    """The classification training a bench runs: the data, its split, the seeds and the settings."""
    ap.add_argument("--data-dir", default=str(DEFAULT_DATA), help="folder of datasets (<name>/*.csv, text,label)")
    ap.add_argument("--dataset", default="emotion")
    ap.add_argument("--train-rows", type=int, default=1800)
    ap.add_argument("--validation-rows", type=int, default=200)
    ap.add_argument("--test-rows", type=int, default=872)
    ap.add_argument("--seeds", default="42,43,44")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-length", type=int, default=64)


def start_driver(ap, hf_child, prefix):
    """Parses the arguments. In the reference's child process (--hf-child) runs hf_child and exits;
    else checks hone-cli, finds the reference interpreter and makes the work folder: (args, work)."""
    a = ap.parse_args()
    if a.hf_child:
        sys.exit(hf_child(a.hf_child))
    if not Path(a.hone).exists():
        sys.exit(f"{a.hone}: no hone-cli there (see --hone)")
    a.python = reference_python(a)
    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    return a, work


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_tool_arguments(ap, "all-MiniLM-L6-v2")
    add_training_arguments(ap)
    ap.add_argument("--mode", choices=["same", "defaults", "both"], default="both")
    a, work = start_driver(ap, hf_child, "hone-vs-trainer-")
    sizes = {"train": a.train_rows, "validation": a.validation_rows, "test": a.test_rows}
    files, labels = make_split(a.data_dir, a.dataset, sizes, work / "split")
    rows = "/".join(str(len(read_rows(files[r]))) for r in ("train", "validation", "test"))
    # The settings that shape the result; this machine's paths stay out of the record.
    command = (f"python3 bench/vs_trainer.py --venv VENV --hone HONE_CLI --dataset {a.dataset} --seeds {a.seeds} "
               f"--mode {{mode}} --epochs {a.epochs} --batch-size {a.batch_size} --lr {a.lr} "
               f"--max-length {a.max_length} --train-rows {a.train_rows} --validation-rows {a.validation_rows} "
               f"--test-rows {a.test_rows}")
    seeds = [int(s) for s in a.seeds.split(",")]
    for mode in (["same", "defaults"] if a.mode == "both" else [a.mode]):
        runs = []
        estimate = dry_run(hone_command(a, mode, 0, files, work / "dry-run"))
        for i, seed in enumerate(seeds):
            order = ["hone", "hf"] if i % 2 == 0 else ["hf", "hone"]
            out = {}
            for side in order:
                print(f"[{mode} seed {seed}] {side} ...", file=sys.stderr, flush=True)
                out[side] = (run_hone(a, mode, seed, files, labels, work, estimate) if side == "hone"
                             else run_hf(a, mode, seed, files, labels, work))
            runs.append({"mode": mode, "seed": seed, "first": order[0], "rows": rows, "dataset": a.dataset,
                         "epochs": a.epochs, "batch_size": a.batch_size, "lr": a.lr, "max_length": a.max_length,
                         **out})
        write_table(a, mode, runs, command.format(mode=mode), estimate)
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
