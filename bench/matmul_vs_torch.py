#!/usr/bin/env python3
"""Matrix products: the LibTorch Hone is built with (Debian's 1.13, OpenBLAS) against PyTorch 2.x
(PyPI's wheel: MKL), alternating, on the shapes of the steps Hone trains. The evidence behind the
verdict on LibTorch 2.x as a build option, and behind the speed the Trainer has at the same settings.

  python3 bench/matmul_vs_torch.py --venv ~/hone-bench-venv --binary build/release/bin/matmul_rate

Each round runs bench/matmul_rate.cpp (threads as hone-cli's training has them) and the same products
in PyTorch (its default threads), the order flipping every round; in each, every product is the
median of --repetitions. Products per shape MxKxN: a linear layer's forward (x W^T + b) and the input
and weight gradients of its backward pass. Writes bench/results/matmul_vs_torch.md (median over rounds
of the per-round ratios, marked "under load" when other processes kept more than 0.2 cores busy)
and .jsonl.
"""
import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from vs_trainer import ROOT, add_reference_arguments, load_note, reference_python, publish, run_measured

# Tokens per step x in x out. MiniLM (all-MiniLM-L6-v2) at batch 32 of ~25 real tokens: attention
# projections, MLP up and down. SmolLM2-135M at batch 4 of ~180 tokens: q/o, k/v (3 of 9 heads), MLP
# up and down, the tied LM head. The shape hone-cli doctor measures.
SHAPES = {
    "MiniLM attention projection": "800x384x384",
    "MiniLM MLP up": "800x384x1536",
    "MiniLM MLP down": "800x1536x384",
    "SmolLM2 q/o projection": "720x576x576",
    "SmolLM2 k/v projection": "720x576x192",
    "SmolLM2 MLP gate/up": "720x576x1536",
    "SmolLM2 MLP down": "720x1536x576",
    "SmolLM2 LM head": "720x576x49152",
    "hone-cli doctor": "2048x384x1536",
}


def torch_child(spec_path):
    """The same products in PyTorch: one JSON line per shape and product, as matmul_rate prints."""
    import time

    import torch

    spec = json.loads(Path(spec_path).read_text())
    lines = []
    with torch.no_grad():
        for shape in spec["shapes"]:
            m, k, n = (int(d) for d in shape.split("x"))
            x, w, b, gy = torch.randn(m, k), torch.randn(n, k), torch.randn(n), torch.randn(m, n)
            for name, product in (("forward", lambda: torch.nn.functional.linear(x, w, b)),
                                  ("input_gradient", lambda: gy @ w),
                                  ("weight_gradient", lambda: gy.t() @ x)):
                product()
                seconds = []
                for _ in range(spec["repetitions"]):
                    start = time.perf_counter()
                    product()
                    seconds.append(time.perf_counter() - start)
                s = statistics.median(seconds)
                lines.append({"shape": shape, "product": name, "seconds": s, "gflops": 2 * m * k * n / s / 1e9,
                              "threads": torch.get_num_threads()})
    versions = {"torch": torch.__version__, "blas": "MKL" if torch.backends.mkl.is_available() else "other"}
    Path(spec["result"]).write_text(json.dumps({"lines": lines, "versions": versions}))


def run_hone(a, work, rnd):
    log = work / f"hone-{rnd}.log"
    code, wall, rss, other = run_measured([a.binary, str(a.repetitions), *SHAPES.values()], log)
    if code != 0:
        sys.exit(f"matmul_rate failed ({code}); see {log}")
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")], other


def run_torch(a, work, rnd):
    spec = work / f"torch-{rnd}.spec.json"
    result = work / f"torch-{rnd}.json"
    spec.write_text(json.dumps({"shapes": list(SHAPES.values()), "repetitions": a.repetitions, "result": str(result)}))
    log = work / f"torch-{rnd}.log"
    code, wall, rss, other = run_measured([a.python, str(Path(__file__).resolve()), "--torch-child", str(spec)], log)
    if code != 0:
        sys.exit(f"the PyTorch side failed ({code}); see {log}")
    out = json.loads(result.read_text())
    return out["lines"], out["versions"], other


def write_table(a, rounds, versions, command):
    def key(line):
        return line["shape"], line["product"]

    ratios, rates = {}, {}
    for r in rounds:
        torch_rates = {key(t): t["gflops"] for t in r["torch"]}
        for h in r["hone"]:
            ratios.setdefault(key(h), []).append(h["gflops"] / torch_rates[key(h)])
            rates.setdefault(key(h), ([], []))[0].append(h["gflops"])
            rates[key(h)][1].append(torch_rates[key(h)])
    loads = [r["load_hone"] for r in rounds] + [r["load_torch"] for r in rounds]
    threads = (rounds[0]["hone"][0]["threads"], rounds[0]["torch"][0]["threads"])
    text = ["# Matrix products: Hone's LibTorch against PyTorch 2.x", "",
            f"{len(rounds)} rounds, each product the median of {a.repetitions} repetitions; Hone: LibTorch as built "
            f"here ({threads[0]} intra-op threads, BLAS threads of its own), PyTorch {versions['torch']} "
            f"({versions['blas']}, {threads[1]} threads); other processes kept {min(loads):.2f}–{max(loads):.2f} "
            "cores busy during the runs.", ""]
    if note := load_note(loads):
        text += [note, ""]
    text += [f"Command: `{command}`", "",
             "| shape (tokens x in x out) | product | Hone GFLOP/s (median) | PyTorch GFLOP/s (median) | Hone / PyTorch, median of rounds |",
             "|---|---|---|---|---|"]
    names = {v: k for k, v in SHAPES.items()}
    all_ratios = []
    for (shape, product), values in ratios.items():
        all_ratios += values
        hone_rates, torch_rates = rates[(shape, product)]
        text.append(f"| {names[shape]} ({shape}) | {product.replace('_', ' ')} | {statistics.median(hone_rates):.1f} | "
                    f"{statistics.median(torch_rates):.1f} | {statistics.median(values):.2f}x |")
    text += ["", f"Median over every shape, product and round: **{statistics.median(all_ratios):.2f}x**."]
    publish(a, "matmul_vs_torch", rounds, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_reference_arguments(ap)
    ap.add_argument("--binary", default=str(ROOT / "build" / "release" / "bin" / "matmul_rate"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repetitions", type=int, default=15)
    ap.add_argument("--torch-child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.torch_child:
        sys.exit(torch_child(a.torch_child))
    if not Path(a.binary).exists():
        sys.exit(f"{a.binary}: no matmul_rate there (see --binary)")
    a.python = reference_python(a)
    work = Path(tempfile.mkdtemp(prefix="hone-matmul-"))
    rounds, versions = [], {}
    for rnd in range(a.rounds):
        order = ["hone", "torch"] if rnd % 2 == 0 else ["torch", "hone"]
        record = {"round": rnd, "first": order[0]}
        for side in order:
            print(f"[round {rnd}] {side} ...", file=sys.stderr, flush=True)
            if side == "hone":
                record["hone"], record["load_hone"] = run_hone(a, work, rnd)
            else:
                record["torch"], versions, record["load_torch"] = run_torch(a, work, rnd)
        rounds.append(record)
    write_table(a, rounds, versions,
                f"python3 bench/matmul_vs_torch.py --venv VENV --binary MATMUL_RATE --rounds {a.rounds} "
                f"--repetitions {a.repetitions}")


if __name__ == "__main__":
    main()
