#!/usr/bin/env python3
"""Prediction and evaluation: Hone (`hone-cli predict`, `hone-cli eval`) against transformers, alternating.

One fine-tuned classifier on both sides: all-MiniLM-L6-v2 trained once with `hone-cli train` on
--train-rows (800) emotion rows for 1 epoch at lr 2e-4 (or the run folder given by --run), exported with
`hone-cli export --format hf`; Hone and transformers (AutoModelForSequenceClassification, fp32)
load that same folder. Each side runs in a process of its own (peak RSS from wait4); the driver
needs only the Python standard library, transformers runs under --python (or --venv).

  python3 bench/predict_vs_hf.py --python VENV/bin/python --hone build/ci/bin/hone-cli \\
      [--texts 2000] [--repetitions 3] [--batch-size 64] [--max-length 128] [--threads 0] [--run RUN]

The same test texts (emotion test rows, as bench/vs_trainer.py splits them), batch size and max
length on both sides. Passes compared:
  predict, each tool's default   hone-cli predict (batches sorted by length, each padded to its longest,
                                 padding skipped by the encoder) vs transformers' text-classification
                                 pipeline (file order, each batch padded to its longest)
  predict, plain loop            the same hone-cli predict run vs a plain transformers loop: file-order
                                 batches, tokenize + forward under torch.inference_mode + softmax
  eval on a labelled file        hone-cli eval (predict's batches, then metrics) vs Trainer.predict
                                 (transformers' evaluation loop, DataCollatorWithPadding), tokenization
                                 included.
Throughput = texts / seconds spent predicting (tokenization, forward, softmax; model loading and file
writing excluded on both sides: Hone's figure from the line predict/eval print, transformers' timed
in the child). Whole-process wall time and peak RSS are reported too, with label agreement and the
largest probability difference against Hone's predictions. The order flips every repetition.
Threads: Hone at --threads (0: its default, core/system/computethreads.h: 1 LibTorch thread, GEMMs in
OpenBLAS's pool over every CPU); transformers gets torch.set_num_threads(the cores Hone's GEMMs use).
Writes bench/results/predict_vs_hf.md (median of paired ratios) and .jsonl (every repetition).
"""
import argparse
import csv
import json
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vs_trainer import (DEFAULT_DATA, add_tool_arguments, load_note, make_split, publish, run_reference, start_driver,  # noqa: E402
                        read_rows, run_measured)

# ---------------------------------------------------------------- transformers (child process)


def hf_child(spec_path):
    """Loads the exported folder, predicts the texts the way spec["way"] says; writes JSON to spec["result"]."""
    import torch
    import transformers as T

    spec = json.loads(Path(spec_path).read_text())
    torch.set_num_threads(spec["threads"])
    rows = read_rows(spec["texts"])
    texts = [t for t, _ in rows]
    bs, length = spec["batch_size"], spec["max_length"]
    start = time.perf_counter()
    tok = T.AutoTokenizer.from_pretrained(spec["model"])
    model = T.AutoModelForSequenceClassification.from_pretrained(spec["model"], dtype=torch.float32).eval()
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    if spec["way"] == "pipeline":
        pipe = T.pipeline("text-classification", model=model, tokenizer=tok, device="cpu", top_k=None)
    elif spec["way"] == "trainer":
        args = T.TrainingArguments(output_dir=spec["out"], per_device_eval_batch_size=bs, use_cpu=True, report_to=[],
                                   disable_tqdm=True, dataloader_num_workers=0)
        trainer = T.Trainer(model=model, args=args, data_collator=T.DataCollatorWithPadding(tok))
    load = time.perf_counter() - start

    start = time.perf_counter()
    if spec["way"] == "pipeline":
        with torch.inference_mode():
            out = pipe(texts, batch_size=bs, truncation=True, max_length=length)
        probs = [[{d["label"]: d["score"] for d in o}[l] for l in labels] for o in out]
    elif spec["way"] == "plain":
        probs = []
        with torch.inference_mode():
            for b in range(0, len(texts), bs):
                enc = tok(texts[b:b + bs], padding=True, truncation=True, max_length=length, return_tensors="pt")
                probs += torch.softmax(model(**enc).logits, dim=-1).tolist()
    else:
        enc = tok(texts, truncation=True, max_length=length)
        dataset = [{**{k: enc[k][i] for k in enc}, "labels": labels.index(l)} for i, (_, l) in enumerate(rows)]
        probs = torch.softmax(torch.from_numpy(trainer.predict(dataset).predictions), dim=-1).tolist()
    seconds = time.perf_counter() - start
    Path(spec["result"]).write_text(json.dumps({
        "labels": labels, "probabilities": probs, "seconds": seconds, "load_seconds": load,
        "threads": torch.get_num_threads(), "versions": {"torch": torch.__version__, "transformers": T.__version__}}))


# ---------------------------------------------------------------- runs

SPEED = re.compile(r"predicted (\d+) texts in ([0-9.]+) s .*model loaded in ([0-9.]+) s; (\d+) threads")
EVAL = re.compile(r"rows (\d+)\s+accuracy ([0-9.]+)")


def hone_cores(a):
    """The cores Hone computes on: --threads, else OpenBLAS's pool (its GEMMs), which spans every CPU this
    process may use unless OPENBLAS_NUM_THREADS narrows it."""
    if a.threads > 0:
        return a.threads
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "")
    return int(blas) if blas.isdigit() and int(blas) > 0 else len(os.sched_getaffinity(0))


def run_hone(a, way, export, texts, work, rep):
    name = f"hone-{way}-{rep}"
    log = work / f"{name}.log"
    cmd = [a.hone, way, "--batch-size", str(a.batch_size), "--max-length", str(a.max_length), "--threads", str(a.threads)]
    cmd += (["--model", str(export), "--input", texts, "--output", str(work / f"{name}.csv")] if way == "predict"
            else ["--run", str(export), "--data", texts])
    code, wall, rss, other = run_measured(cmd, log)
    m = SPEED.search(log.read_text())
    if code != 0 or not m:
        sys.exit(f"hone-cli {way} failed ({code}); see {log}")
    r = {"texts": int(m[1]), "seconds": float(m[2]), "load_seconds": float(m[3]), "threads": int(m[4]),
         "wall_seconds": wall, "peak_rss": rss, "load": other}
    if way == "eval":
        r["accuracy"] = float(EVAL.search(log.read_text())[2])
        return r
    with open(work / f"{name}.csv", newline="", encoding="utf-8") as f:
        out = list(csv.DictReader(f))
    if [row["text"] for row in out] != [t for t, _ in read_rows(texts)]:
        sys.exit(f"hone-cli predict's rows differ from {texts}'s (dropped or changed texts)")
    r["labels"] = [k[2:] for k in out[0] if k.startswith("p_")]
    r["probabilities"] = [[float(row["p_" + l]) for l in r["labels"]] for row in out]
    return r


def run_hf(a, way, export, texts, work, rep):
    name = f"hf-{way}-{rep}"
    spec = {"model": str(export), "texts": texts, "way": way, "batch_size": a.batch_size, "max_length": a.max_length,
            "threads": hone_cores(a), "out": str(work / name)}
    r, wall, rss, other = run_reference(a, __file__, spec, name, work, f"transformers ({way})")
    shutil.rmtree(work / name, ignore_errors=True)
    r.update(texts=len(r["probabilities"]), wall_seconds=wall, peak_rss=rss, load=other)
    return r


def compare(hone, hf, truth):
    """Label agreement and the largest probability difference (in Hone's label order), and both sides' accuracy;
    transformers' probabilities leave the record (one line per repetition)."""
    order = [hf["labels"].index(l) for l in hone["labels"]]
    agree, diff, right, hone_right = 0, 0.0, 0, 0
    for h, t, y in zip(hone["probabilities"], hf.pop("probabilities"), truth):
        t = [t[i] for i in order]
        agree += max(range(len(h)), key=h.__getitem__) == max(range(len(t)), key=t.__getitem__)
        right += hone["labels"][max(range(len(t)), key=t.__getitem__)] == y
        hone_right += hone["labels"][max(range(len(h)), key=h.__getitem__)] == y
        diff = max(diff, max(abs(x - z) for x, z in zip(h, t)))
    hf.update(agreement=agree / len(truth), max_prob_diff=diff, accuracy=right / len(truth))
    hone["accuracy"] = hone_right / len(truth)


def export_model(a, files, work):
    """The run to export: --run, else one trained here (1 epoch on the split's training rows)."""
    run = Path(a.run) if a.run else work / "run"
    if not a.run:
        # 50 steps at a high rate: a model answering more than one class, so label agreement means something.
        cmd = [a.hone, "train", "--model", a.model, "--train", files["train"], "--validation", files["validation"],
               "--out", str(run), "--epochs", "1", "--batch-size", "16", "--lr", "2e-4",
               "--max-length", str(a.max_length), "--seed", "42", "--quiet"]
        if run_measured(cmd, work / "train.log")[0] != 0:
            sys.exit(f"hone-cli train failed; see {work / 'train.log'}")
    export = work / "export"
    shutil.rmtree(export, ignore_errors=True)
    if run_measured([a.hone, "export", "--run", str(run), "--format", "hf", "--out", str(export)],
                    work / "export.log")[0] != 0:
        sys.exit(f"hone-cli export failed; see {work / 'export.log'}")
    return export


# ---------------------------------------------------------------- table

PASSES = [  # (row, Hone's way, transformers' way)
    ("predict, each tool's default (hone-cli predict / pipeline)", "predict", "pipeline"),
    ("predict, plain loop (hone-cli predict / transformers loop)", "predict", "plain"),
    ("eval on a labelled file (hone-cli eval / Trainer.predict)", "eval", "trainer"),
]


def write_table(a, reps, command):
    rate = lambda r: r["texts"] / r["seconds"]  # noqa: E731
    med = lambda values: statistics.median(list(values))  # noqa: E731
    loads = [side["load"] for r in reps for side in r["runs"].values()]
    hf = reps[0]["runs"]["hf-plain"]
    hone = reps[0]["runs"]["hone-predict"]
    text = [
        "# Prediction and evaluation: Hone vs transformers",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}; {reps[0]['texts']} emotion test texts, batch {a.batch_size}, max length "
        f"{a.max_length}; model: {reps[0]['model']}, exported with hone-cli export --format hf, loaded by both "
        f"sides (fp32); {len(reps)} repetition{'s' if len(reps) != 1 else ''}, order flipped each; threads: Hone "
        f"{hone['threads']} LibTorch thread{'s' if hone['threads'] != 1 else ''} (GEMMs in OpenBLAS's pool), "
        f"transformers torch.set_num_threads({hf['threads']}); torch {hf['versions']['torch']}, transformers "
        f"{hf['versions']['transformers']}; other processes kept {min(loads):.2f}–{max(loads):.2f} cores busy.",
        "",
        *([load_note(loads), ""] if load_note(loads) else []),
        f"Command: `{command}`",
        "",
        "Texts/s = texts / seconds predicting (tokenization, forward, softmax; model loading excluded). "
        "Ratios are Hone / transformers, median of the paired ratios; agreement and |Δp| against Hone's "
        "predictions of the same repetition.",
        "",
        "| pass | Hone texts/s | transformers texts/s | **texts/s ratio** | wall s Hone / transformers | "
        "peak RSS MiB Hone / transformers | model loading s Hone / transformers | labels agree | max abs Δp | "
        "accuracy Hone / transformers |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row, hone_way, hf_way in PASSES:
        pairs = [(r["runs"][f"hone-{hone_way}"], r["runs"][f"hf-{hf_way}"]) for r in reps]
        text.append(
            f"| {row} | {med(rate(h) for h, _ in pairs):.1f} | {med(rate(t) for _, t in pairs):.1f} | "
            f"**{med(rate(h) / rate(t) for h, t in pairs):.2f}x** | "
            f"{med(h['wall_seconds'] for h, _ in pairs):.1f} / {med(t['wall_seconds'] for _, t in pairs):.1f} | "
            f"{med(h['peak_rss'] for h, _ in pairs) / 2**20:.0f} / {med(t['peak_rss'] for _, t in pairs) / 2**20:.0f} | "
            f"{med(h['load_seconds'] for h, _ in pairs):.2f} / {med(t['load_seconds'] for _, t in pairs):.2f} | "
            f"{min(t['agreement'] for _, t in pairs):.2%} | {max(t['max_prob_diff'] for _, t in pairs):.1e} | "
            f"{med(h['accuracy'] for h, _ in pairs):.4f} / {med(t['accuracy'] for _, t in pairs):.4f} |")
    text += ["", "| rep | first | " + " | ".join(f"{h} / {t} texts/s" for _, h, t in PASSES) + " | other load |",
             "|---|---|" + "---|" * len(PASSES) + "---|"]
    for i, r in enumerate(reps):
        cells = [f"{rate(r['runs'][f'hone-{h}']):.1f} / {rate(r['runs'][f'hf-{t}']):.1f}" for _, h, t in PASSES]
        text.append(f"| {i + 1} | {r['first']} | " + " | ".join(cells) + f" | {max(s['load'] for s in r['runs'].values()):.2f} |")
    publish(a, "predict_vs_hf", reps, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_tool_arguments(ap, "all-MiniLM-L6-v2")
    ap.add_argument("--data-dir", default=str(DEFAULT_DATA), help="folder of datasets (<name>/*.csv, text,label)")
    ap.add_argument("--dataset", default="emotion")
    ap.add_argument("--run", help="a Hone run folder to export and predict with, instead of training one")
    ap.add_argument("--train-rows", type=int, default=800)
    ap.add_argument("--texts", type=int, default=2000, help="test rows predicted")
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--threads", type=int, default=0, help="hone-cli --threads (0: Hone's default)")
    a, work = start_driver(ap, hf_child, "hone-predict-bench-")
    files, _ = make_split(a.data_dir, a.dataset, {"train": a.train_rows, "validation": 200, "test": a.texts},
                          work / "split")
    print("training and exporting ...", file=sys.stderr, flush=True)
    export = export_model(a, files, work)
    truth = [l for _, l in read_rows(files["test"])]
    # The settings that shape the result; this machine's paths stay out of the record.
    command = (f"python3 bench/predict_vs_hf.py --python PYTHON --hone HONE_CLI --dataset {a.dataset} "
               f"--texts {a.texts} --repetitions {a.repetitions} --batch-size {a.batch_size} "
               f"--max-length {a.max_length} --threads {a.threads} "
               + ("--run RUN" if a.run else f"--train-rows {a.train_rows}"))
    jobs = [("hone", "predict"), ("hf", "pipeline"), ("hf", "plain"), ("hone", "eval"), ("hf", "trainer")]
    reps = []
    for rep in range(a.repetitions):
        runs = {}
        for side, way in (jobs if rep % 2 == 0 else jobs[::-1]):
            print(f"[rep {rep + 1}] {side} {way} ...", file=sys.stderr, flush=True)
            runs[f"{side}-{way}"] = (run_hone if side == "hone" else run_hf)(a, way, export, files["test"], work, rep)
        for way in ("pipeline", "plain", "trainer"):
            compare(runs["hone-predict"], runs[f"hf-{way}"], truth)
        runs["hone-predict"].pop("probabilities")
        runs["hone-predict"].pop("labels")
        reps.append({"rep": rep + 1, "first": "Hone" if rep % 2 == 0 else "transformers", "texts": len(truth),
                     "model": f"{Path(a.model).name} fine-tuned by hone-cli train ({a.train_rows} rows, 1 epoch)" if not a.run else "the given run",
                     "runs": runs})
    write_table(a, reps, command)
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
