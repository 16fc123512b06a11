#!/usr/bin/env python3
"""Greedy generation: Hone (`hone-cli generate`) against transformers' model.generate, alternating.

Both load the same SmolLM2-135M-Instruct GGUF (transformers with gguf_file=, dequantized to fp32),
continue the same raw-text prompt greedily for the same max_new_tokens with a KV cache, each in a
process of its own (peak RSS from wait4). The driver needs only the Python standard library; the
transformers side runs under --python (an interpreter with torch, transformers and gguf, e.g. one
made from bench/requirements.txt).

  python3 bench/generate_vs_hf.py --python $HONE_PYTHON --hone build/ci/bin/hone-cli \\
      [--model PATH.gguf] [--max-new-tokens 128] [--repetitions 3]

Tokens/s on both sides = new tokens / (prompt forward + generation) seconds, model loading
excluded (Hone's figure from --stats, transformers' timed around model.generate). The order
flips every repetition (ABBA). Prints a table with the per-repetition ratio and the median, peak
RSS of both processes, and the cores other processes kept busy (above 0.2: "under load").
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vs_trainer import LOADED, run_measured  # noqa: E402  (one wait4 runner for the benches)

ROOT = Path(__file__).resolve().parent.parent
XDG_DATA = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
DEFAULT_MODEL = XDG_DATA / "hone" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
PROMPT = "Once upon a time, in a small village by the sea, there lived an old fisherman who"


def hf_child(model, prompt, max_new_tokens, result):
    """Loads the GGUF in transformers, times one greedy model.generate; writes JSON to result."""
    import time
    import torch
    import transformers as T
    path = Path(model)
    tok = T.AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    lm = T.AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=torch.float32).eval()
    ids = torch.tensor([tok(prompt, add_special_tokens=False)["input_ids"]])
    with torch.no_grad():
        start = time.perf_counter()
        out = lm.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=max_new_tokens, do_sample=False,
                          use_cache=True)
        seconds = time.perf_counter() - start
    Path(result).write_text(json.dumps({"prompt_tokens": ids.shape[1], "tokens": out.shape[1] - ids.shape[1],
                                        "seconds": seconds, "threads": torch.get_num_threads(),
                                        "versions": {"torch": torch.__version__, "transformers": T.__version__}}))


STATS = re.compile(r"prompt (\d+) tokens, generated (\d+) tokens \((\w+)\) in ([0-9.]+) s")


def run_hone(a, work, rep):
    log = work / f"hone-{rep}.log"
    cmd = [a.hone, "generate", "--model", a.model, "--max-new-tokens", str(a.max_new_tokens), "--stats", PROMPT]
    code, wall, rss, other = run_measured(cmd, log)
    text = log.read_text()
    m = STATS.search(text)
    if code != 0 or not m:
        sys.exit(f"hone-cli generate failed ({code}); see {log}")
    return {"prompt_tokens": int(m[1]), "tokens": int(m[2]), "seconds": float(m[4]), "wall": wall, "rss": rss,
            "load": other}


def run_hf(a, work, rep):
    result = work / f"hf-{rep}.json"
    cmd = [a.python, __file__, "--child", str(result), "--model", a.model, "--max-new-tokens", str(a.max_new_tokens)]
    code, wall, rss, other = run_measured(cmd, work / f"hf-{rep}.log")
    if code != 0:
        sys.exit(f"transformers side failed ({code}); see {work / f'hf-{rep}.log'}")
    r = json.loads(result.read_text())
    r.update(wall=wall, rss=rss, load=other)
    return r


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--python", default=os.environ.get("HONE_PYTHON", sys.executable),
                   help="interpreter with torch, transformers and gguf (default: $HONE_PYTHON or this one)")
    p.add_argument("--hone", default=os.environ.get("HONE_CLI", str(ROOT / "build" / "release" / "bin" / "hone-cli")))
    p.add_argument("--model", default=os.environ.get("HONE_SMOLLM2_GGUF", str(DEFAULT_MODEL)))
    p.add_argument("--max-new-tokens", type=int, default=128)
    p.add_argument("--repetitions", type=int, default=3)
    p.add_argument("--child", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        hf_child(a.model, PROMPT, a.max_new_tokens, a.child)
        return
    if a.repetitions < 3:
        sys.exit("--repetitions must be at least 3")
    with tempfile.TemporaryDirectory(prefix="hone-generate-bench-") as tmp:
        work = Path(tmp)
        rows = []
        for rep in range(a.repetitions):
            order = [run_hone, run_hf] if rep % 2 == 0 else [run_hf, run_hone]
            got = {f.__name__: f(a, work, rep) for f in order}
            rows.append((got["run_hone"], got["run_hf"]))
    rate = lambda r: r["tokens"] / r["seconds"]  # noqa: E731
    load = max(max(h["load"], t["load"]) for h, t in rows)
    print(f"model {a.model}; prompt {rows[0][0]['prompt_tokens']} tokens; greedy, max_new_tokens {a.max_new_tokens}, "
          f"KV cache; transformers {rows[0][1]['versions']['transformers']}, torch {rows[0][1]['versions']['torch']} "
          f"({rows[0][1]['threads']} threads)")
    print("| rep | Hone tokens | Hone tok/s | HF tokens | HF tok/s | Hone / HF | Hone peak RSS | HF peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    ratios = []
    for i, (h, t) in enumerate(rows):
        ratios.append(rate(h) / rate(t))
        print(f"| {i + 1} | {h['tokens']} | {rate(h):.1f} | {t['tokens']} | {rate(t):.1f} | {ratios[-1]:.2f}x | "
              f"{h['rss'] / 2**20:.0f} MiB | {t['rss'] / 2**20:.0f} MiB |")
    print(f"median ratio {statistics.median(ratios):.2f}x (Hone {statistics.median(rate(h) for h, _ in rows):.1f} tok/s, "
          f"transformers {statistics.median(rate(t) for _, t in rows):.1f} tok/s); peak RSS Hone "
          f"{max(h['rss'] for h, _ in rows) / 2**20:.0f} MiB, transformers {max(t['rss'] for _, t in rows) / 2**20:.0f} MiB; "
          f"other processes kept up to {load:.2f} cores busy" + (" (under load: figures unreliable)" if load > LOADED else ""))
    if any(h["tokens"] != t["tokens"] for h, t in rows):
        print("note: the two sides generated different numbers of tokens (an EOS on one side)")


if __name__ == "__main__":
    main()
