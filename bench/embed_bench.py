#!/usr/bin/env python3
"""Embedding throughput and model loading: `hone-cli embed` against Hugging Face transformers.

Same machine, same run, same texts, same batch size, same thread count, same pooling (mean over
real tokens) and the same length-sorted batching on both sides. Prints both figures and the ratio,
and checks the two sets of vectors agree.

    python3 bench/embed_bench.py   # a Python with transformers and torch (bench/requirements.txt) [--hone build/release/bin/hone-cli]
        [--model ~/.local/share/hone/models/all-MiniLM-L6-v2] [--texts N] [--batch-size 32]
        [--threads 2] [--repeat 3]

Texts: the first N rows of ../shared/data/emotion/test.csv beside the repository (read in place, not copied).
"""
import argparse
import csv
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def read_texts(path, n):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r["text"].replace("\n", " ") for r in csv.DictReader(f)]
    return rows[:n]


def run_hone(hone, model, texts_file, out_file, batch_size, threads):
    cmd = [hone, "embed", "--model", model, "--input", texts_file, "--output", out_file, "--batch-size", str(batch_size)]
    if threads > 0:
        cmd += ["--threads", str(threads)]
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"hone-cli embed failed: {p.stderr}")
    m = re.search(r"in ([0-9.]+) s .*model loaded in ([0-9.]+) s; ([0-9]+) threads", p.stderr)
    return wall, float(m.group(1)), float(m.group(2)), int(m.group(3))


def run_transformers(model_dir, texts, batch_size, max_length):
    import torch
    import transformers as T
    start = time.perf_counter()
    tok = T.AutoTokenizer.from_pretrained(model_dir)
    model = T.AutoModel.from_pretrained(model_dir).eval()
    load = time.perf_counter() - start
    start = time.perf_counter()
    order = sorted(range(len(texts)), key=lambda i: -len(tok(texts[i], truncation=True, max_length=max_length)["input_ids"]))
    out = [None] * len(texts)
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            enc = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=max_length,
                      return_tensors="pt")
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            for k, i in enumerate(idx):
                out[i] = pooled[k]
    return time.perf_counter() - start, load, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hone", default=str(ROOT / "build" / "release" / "bin" / "hone-cli"))
    ap.add_argument("--model", default=os.path.expanduser("~/.local/share/hone/models/all-MiniLM-L6-v2"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "emotion" / "test.csv"))
    ap.add_argument("--texts", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="transformers' torch threads")
    ap.add_argument("--hone-threads", type=int, default=0,
                    help="hone-cli --threads (0: its default, see core/system/computethreads.h)")
    ap.add_argument("--max-length", type=int, default=256)  # all-MiniLM-L6-v2's max_seq_length
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import torch
    torch.set_num_threads(args.threads)
    texts = read_texts(args.data, args.texts)
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = os.path.join(tmp, "texts.txt")
        out_file = os.path.join(tmp, "out.jsonl")
        with open(texts_file, "w", encoding="utf-8") as f:
            f.write("\n".join(texts) + "\n")
        hone_runs, hf_runs = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine state
            hone_runs.append(run_hone(args.hone, args.model, texts_file, out_file, args.batch_size, args.hone_threads))
            hf_runs.append(run_transformers(args.model, texts, args.batch_size, args.max_length))
        with open(out_file) as f:
            hone_vectors = [json.loads(line) for line in f]

    hone_embed = min(r[1] for r in hone_runs)
    hone_load = min(r[2] for r in hone_runs)
    hone_wall = min(r[0] for r in hone_runs)
    hf_embed = min(r[0] for r in hf_runs)
    hf_load = min(r[1] for r in hf_runs)
    diff = max(float((torch.tensor(h) - p).abs().max()) for h, p in zip(hone_vectors, hf_runs[-1][2]))

    n = len(texts)
    print(f"texts: {n} from {args.data}, batch size {args.batch_size}, transformers threads {args.threads}, "
          f"hone intra-op threads {hone_runs[0][3]} (+ OpenBLAS's own pool), best of {args.repeat}")
    print(f"model load:   hone {hone_load * 1000:7.1f} ms   transformers {hf_load * 1000:7.1f} ms   "
          f"(ratio {hf_load / hone_load:.1f}x)")
    print(f"embed:        hone {n / hone_embed:7.1f} texts/s   transformers {n / hf_embed:7.1f} texts/s   "
          f"ratio hone/transformers = {hf_embed / hone_embed:.2f}")
    print(f"hone-cli wall (process start to exit): {hone_wall:.2f} s")
    print(f"max abs difference of the vectors: {diff:.2e}")


if __name__ == "__main__":
    main()
