#!/usr/bin/env python3
"""Tokenizer throughput: Hone (`hone-cli tokenize`) against Hugging Face's fast tokenizer.

    python3 bench/tokenizer_bench.py [--hone-cli build/release/bin/hone-cli] [--repeat 4]

Texts: the `text` column of ../shared/data/emotion/train.csv beside the repository (repeated --repeat times).
Hone's time is the whole `hone-cli tokenize` process (start-up, loading, JSON output included);
HF's is tokenization alone, once batched (Rust threads) and once per text on one thread.
Also checks that every id Hone prints equals HF's.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "emotion" / "train.csv"
DEFAULT_MODEL = Path.home() / ".local" / "share" / "hone" / "models" / "all-MiniLM-L6-v2"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hone-cli", default=str(ROOT / "build" / "release" / "bin" / "hone-cli"))
    ap.add_argument("--repeat", type=int, default=4)
    ap.add_argument("--models", nargs="*", default=[str(DEFAULT_MODEL)] + [
        str(ROOT / "tests" / "data" / "tokenizers" / n)
        for n in ("bpe-roberta", "albert-unigram", "xlmr-bpe")])
    args = ap.parse_args()

    with open(DATA, newline="", encoding="utf-8") as f:
        texts = [row["text"].replace("\n", " ").replace("\r", " ") for row in csv.DictReader(f)] * args.repeat
    tmp = Path(tempfile.mkdtemp())
    input_file = tmp / "texts.txt"
    input_file.write_text("\n".join(texts) + "\n", encoding="utf-8")

    from transformers import AutoTokenizer

    print(f"{len(texts)} texts, {input_file.stat().st_size / 1e6:.1f} MB, {os.cpu_count()} cores")
    print(f"{'model':<22} {'HF batch tok/s':>15} {'HF 1-thread tok/s':>18} {'Hone tok/s':>12} {'Hone/HF batch':>14} {'Hone/HF 1-thr':>14}  ids")
    for model in args.models:
        tok = AutoTokenizer.from_pretrained(model)
        start = time.perf_counter()
        batch = tok(texts)["input_ids"]
        hf_batch = time.perf_counter() - start
        os.environ["TOKENIZERS_PARALLELISM"] = "false"
        backend = tok.backend_tokenizer
        start = time.perf_counter()
        for t in texts:
            backend.encode(t)
        hf_single = time.perf_counter() - start
        tokens = sum(len(ids) for ids in batch)

        start = time.perf_counter()
        out = subprocess.run([args.hone_cli, "tokenize", "--model", model, "--input", str(input_file)],
                             check=True, capture_output=True, text=True).stdout
        hone = time.perf_counter() - start
        lines = out.splitlines()
        same = len(lines) == len(batch) and all(l == "[" + ",".join(map(str, ids)) + "]" for l, ids in zip(lines, batch))
        print(f"{Path(model).name:<22} {tokens / hf_batch:>15,.0f} {tokens / hf_single:>18,.0f} {tokens / hone:>12,.0f}"
              f" {hf_batch / hone:>14.2f} {hf_single / hone:>14.2f}  {'identical' if same else 'DIFFER'}")
        if not same:
            for i, (l, ids) in enumerate(zip(lines, batch)):
                if l != "[" + ",".join(map(str, ids)) + "]":
                    print(f"  first difference at line {i + 1}: {texts[i]!r}\n  hone {l}\n  hf   {ids}", file=sys.stderr)
                    break


if __name__ == "__main__":
    main()
