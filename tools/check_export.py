#!/usr/bin/env python3
"""Checks a Hone export with the reference: loads it with AutoModelForSequenceClassification and
compares its probabilities with `hone-cli predict` on the same texts (max abs difference <= 1e-4).

  python3 tools/check_export.py EXPORT_DIR TEXTS.txt [--hone build/release/bin/hone-cli]
Exit status 0 when every probability agrees within the tolerance. Dev-only (needs transformers).
"""
import argparse
import csv
import io
import subprocess
import sys
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("texts", help="one text per line")
    ap.add_argument("--hone", default=str(Path(__file__).resolve().parent.parent / "build/release/bin/hone-cli"))
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a = ap.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    texts = [l.rstrip("\n") for l in open(a.texts, encoding="utf-8") if l.strip()]
    model = AutoModelForSequenceClassification.from_pretrained(a.export).eval()
    tok = AutoTokenizer.from_pretrained(a.export)
    with torch.no_grad():
        enc = tok(texts, truncation=True, max_length=a.max_length, padding=True, return_tensors="pt")
        reference = torch.softmax(model(**enc).logits, dim=-1).numpy()

    out = subprocess.run([a.hone, "predict", "--model", a.export, "--input", a.texts, "--max-length", str(a.max_length)],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    worst = 0.0
    for i, row in enumerate(rows):
        for j, label in enumerate(labels):
            worst = max(worst, abs(float(row["p_" + label]) - float(reference[i][j])))
        if row["label"] != labels[int(reference[i].argmax())]:
            print(f"label differs on line {i + 1}: hone {row['label']}, transformers {labels[int(reference[i].argmax())]}")
    print(f"{len(rows)} texts, {len(labels)} labels: max |p_hone - p_transformers| = {worst:.2e}")
    sys.exit(0 if worst <= a.tolerance and len(rows) == len(texts) else 1)


if __name__ == "__main__":
    main()
