#!/usr/bin/env python3
"""Greedy generation: Hone (`hone-cli generate`) against transformers' model.generate, alternating.

Both load the same SmolLM2-135M-Instruct GGUF (transformers with gguf_file=, dequantized to fp32),
continue the same raw-text prompt greedily for the same max_new_tokens with a KV cache, each in a
process of its own (peak RSS from wait4). The driver needs only the Python standard library; the
transformers side runs under --python (an interpreter with torch, transformers and gguf, e.g. one
made from bench/requirements.txt).

  python3 bench/generate_vs_hf.py --python $HONE_PYTHON --hone build/ci/bin/hone-cli \\
      [--model PATH.gguf] [--max-new-tokens 128] [--repetitions 3] [--weights f32,bf16,q8_0]

Hone runs once per --weights format (`hone-cli generate --weights`: f32 exact, bf16 / q8_0 packed
copies read by the decoding steps); transformers always runs in fp32.

Tokens/s on both sides = new tokens / (prompt forward + generation) seconds, model loading
excluded (Hone's figure from --stats, transformers' timed around model.generate). The order
rotates every repetition. Prints a table with each run's tokens/s, ratio to transformers and peak
RSS, the medians, whether each packed format's text equals Hone f32's, and the cores other
processes kept busy (above 0.2: "under load").
"""
import argparse
import json
import os
import re
import statistics
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


def run_hone(a, work, rep, weights):
    log = work / f"hone-{weights}-{rep}.log"
    cmd = [a.hone, "generate", "--model", a.model, "--max-new-tokens", str(a.max_new_tokens), "--weights", weights,
           "--stats", PROMPT]
    code, wall, rss, other = run_measured(cmd, log)
    text = log.read_text()
    m = STATS.search(text)
    if code != 0 or not m:
        sys.exit(f"hone-cli generate failed ({code}); see {log}")
    return {"prompt_tokens": int(m[1]), "tokens": int(m[2]), "seconds": float(m[4]), "wall": wall, "rss": rss,
            "load": other, "text": text[:m.start()]}


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
    p.add_argument("--weights", default="f32,bf16,q8_0", help="Hone's formats, comma-separated (f32 first: the reference)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        hf_child(a.model, PROMPT, a.max_new_tokens, a.child)
        return
    if a.repetitions < 3:
        sys.exit("--repetitions must be at least 3")
    formats = a.weights.split(",")
    sides = [f"hone {w}" for w in formats] + ["transformers"]
    with tempfile.TemporaryDirectory(prefix="hone-generate-bench-") as tmp:
        work = Path(tmp)
        rows = []
        for rep in range(a.repetitions):
            got = {}
            for k in range(len(sides)):  # each repetition starts one side later
                side = sides[(rep + k) % len(sides)]
                got[side] = run_hf(a, work, rep) if side == "transformers" else run_hone(a, work, rep, side.split()[1])
            rows.append(got)
    rate = lambda r: r["tokens"] / r["seconds"]  # noqa: E731
    mib = lambda r: f"{r['rss'] / 2**20:.0f} MiB"  # noqa: E731
    hf = [r["transformers"] for r in rows]
    load = max(r["load"] for got in rows for r in got.values())
    print(f"model {a.model}; prompt {rows[0][sides[0]]['prompt_tokens']} tokens; greedy, max_new_tokens "
          f"{a.max_new_tokens}, KV cache; transformers {hf[0]['versions']['transformers']}, torch "
          f"{hf[0]['versions']['torch']} ({hf[0]['threads']} threads), fp32")
    print("| rep | " + " | ".join(f"Hone {w} tok/s | / HF | RSS" for w in formats) + " | HF tok/s | HF RSS |")
    print("|---|" + "---|---|---|" * len(formats) + "---|---|")
    for i, got in enumerate(rows):
        cells = [f"{rate(got[f'hone {w}']):.1f} | {rate(got[f'hone {w}']) / rate(got['transformers']):.2f}x | "
                 f"{mib(got[f'hone {w}'])}" for w in formats]
        print(f"| {i + 1} | " + " | ".join(cells) + f" | {rate(got['transformers']):.1f} | {mib(got['transformers'])} |")
    for w in formats:
        mine = [got[f"hone {w}"] for got in rows]
        ratios = [rate(got[f"hone {w}"]) / rate(got["transformers"]) for got in rows]
        same = all(got[f"hone {w}"]["text"] == got[f"hone {formats[0]}"]["text"] for got in rows)
        print(f"Hone {w}: median {statistics.median(rate(r) for r in mine):.1f} tok/s, median ratio "
              f"{statistics.median(ratios):.2f}x, peak RSS {max(r['rss'] for r in mine) / 2**20:.0f} MiB"
              + ("" if w == formats[0] else f", text {'equal to' if same else 'differs from'} Hone {formats[0]}'s"))
    print(f"transformers: median {statistics.median(rate(r) for r in hf):.1f} tok/s, peak RSS "
          f"{max(r['rss'] for r in hf) / 2**20:.0f} MiB; other processes kept up to {load:.2f} cores busy"
          + (" (under load: figures unreliable)" if load > LOADED else ""))
    if any(got[s]["tokens"] != got["transformers"]["tokens"] for got in rows for s in sides):
        print("note: the sides generated different numbers of tokens (an EOS on one side)")


if __name__ == "__main__":
    main()
