#!/usr/bin/env python3
"""Runs a Hone ONNX export (hone-cli export --format onnx) in onnxruntime and compares its softmax
probabilities with `hone-cli predict` on the same run: max abs difference <= 1e-4.

  $PYTHON tools/check_onnx_export.py --run RUN_DIR --export EXPORT_DIR [--hone path/to/hone-cli]
      [--texts TEXTS.txt] [--rows 64] [--python PYTHON]

Texts: TEXTS.txt (one per line), else the run's validation rows (predictions/validation.jsonl).
Single texts are tokenized by `hone-cli tokenize` (the ids Hone itself uses, truncated to the run's
max_length); sentence pairs by transformers' AutoTokenizer from the export folder. Rows are padded
per batch, so the attention mask and RoBERTa's padding-aware positions are exercised.
The interpreter needs onnxruntime and numpy; without them it re-runs itself under --python or
$HONE_PYTHON. Exit status 0 when every probability agrees within the tolerance. Dev-only.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def reexec_with(python):
    if python and os.path.realpath(python) != os.path.realpath(sys.executable):
        os.execv(python, [python] + sys.argv)


def read_texts(a, run):
    if a.texts:
        return [(l.rstrip("\r\n"), "") for l in open(a.texts, encoding="utf-8") if l.strip()][: a.rows]
    rows = []
    with open(run / "predictions" / "validation.jsonl", encoding="utf-8") as f:
        for line in f:
            j = json.loads(line)
            # One line per text for hone-cli: a line break inside a text becomes a space.
            text = " ".join(j.get("text", "").splitlines())
            if text.strip():
                rows.append((text, " ".join((j.get("text_pair") or "").splitlines())))
            if len(rows) >= a.rows:
                break
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True, help="the run folder that was exported")
    ap.add_argument("--export", required=True, help="the folder hone-cli export --format onnx wrote")
    ap.add_argument("--hone", default=str(Path(__file__).resolve().parent.parent / "build/release/bin/hone-cli"))
    ap.add_argument("--texts", help="one text per line (default: the run's validation rows)")
    ap.add_argument("--rows", type=int, default=64)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--python", help="interpreter with onnxruntime (default: $HONE_PYTHON)")
    a = ap.parse_args()
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError:
        reexec_with(a.python or os.environ.get("HONE_PYTHON"))
        sys.exit("onnxruntime and numpy are needed: pip install onnxruntime, or pass --python / set HONE_PYTHON")

    run, export = Path(a.run), Path(a.export)
    config = json.load(open(export / "config.json", encoding="utf-8"))
    labels = [config["id2label"][str(i)] for i in range(len(config["id2label"]))]
    max_length = json.load(open(run / "config.json", encoding="utf-8")).get("max_length", 128)
    pad = int(config.get("pad_token_id") or 0)
    rows = read_texts(a, run)
    texts = [t for t, _ in rows]
    pairs = any(p for _, p in rows)

    with tempfile.TemporaryDirectory() as tmp:
        if pairs:
            data = Path(tmp) / "texts.csv"
            with open(data, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["text", "text_pair"])
                w.writerows(rows)
            columns = ["--text-column", "text", "--text-pair-column", "text_pair"]
        else:
            data = Path(tmp) / "texts.txt"
            data.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
            columns = []
        out = subprocess.run([a.hone, "predict", "--model", str(run), "--input", str(data)] + columns,
                             check=True, capture_output=True, text=True).stdout
        predicted = list(csv.DictReader(io.StringIO(out)))
        if pairs:
            from transformers import AutoTokenizer
            tok = AutoTokenizer.from_pretrained(str(export))
            enc = tok([t for t, _ in rows], [p for _, p in rows], truncation=True, max_length=max_length)
            ids, types = enc["input_ids"], enc.get("token_type_ids")
        else:
            lines = subprocess.run([a.hone, "tokenize", "--model", str(export), "--input", str(data),
                                    "--max-length", str(max_length)], check=True, capture_output=True,
                                   text=True).stdout.splitlines()
            ids, types = [json.loads(l) for l in lines], None
    if len(predicted) != len(texts) or len(ids) != len(texts):
        sys.exit(f"row counts differ: {len(texts)} texts, {len(predicted)} predictions, {len(ids)} tokenized")

    session = ort.InferenceSession(str(export / "model.onnx"), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    probabilities = []
    for start in range(0, len(ids), a.batch_size):
        batch = ids[start:start + a.batch_size]
        width = max(len(x) for x in batch)
        feed = {"input_ids": np.full((len(batch), width), pad, dtype=np.int64),
                "attention_mask": np.zeros((len(batch), width), dtype=np.int64)}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros((len(batch), width), dtype=np.int64)
        for r, x in enumerate(batch):
            feed["input_ids"][r, :len(x)] = x
            feed["attention_mask"][r, :len(x)] = 1
            if types is not None and "token_type_ids" in names:
                feed["token_type_ids"][r, :len(x)] = types[start + r]
        (logits,) = session.run(["logits"], {n: feed[n] for n in names})
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities.extend(e / e.sum(axis=1, keepdims=True))

    worst, disagreements = 0.0, 0
    for i, row in enumerate(predicted):
        for j, label in enumerate(labels):
            worst = max(worst, abs(float(row["p_" + label]) - float(probabilities[i][j])))
        if row["label"] != labels[int(np.argmax(probabilities[i]))]:
            disagreements += 1
    print(f"{len(texts)} texts ({'pairs, transformers tokenizer' if pairs else 'hone-cli tokenize'}), "
          f"{len(labels)} labels, inputs {names}, onnxruntime {ort.__version__}: "
          f"max |p_onnx - p_hone| = {worst:.2e}, {disagreements} label disagreements")
    sys.exit(0 if worst <= a.tolerance and disagreements == 0 else 1)


if __name__ == "__main__":
    main()
