#!/usr/bin/env python3
"""LibTorch 2.x as a build option: one training step (bench/train_step.cpp, MiniLM-shaped) built
against Debian's LibTorch 1.13 (OpenBLAS, the CMake target `train_step`) and against the LibTorch
inside PyPI's `torch` wheel (MKL, oneDNN 3), alternating, in float32 and under bf16 autocast.

  python3 bench/libtorch_vs_debian.py --venv ~/hone-bench-venv --binary build/release/bin/train_step

The wheel's build is compiled here from the same source with the wheel's headers and libraries
(linked to libtorch_cpu and libc10 only; the table lists what they load in turn: PyPI's wheel is
the CUDA build), C++20 and the wheel's C++ ABI. Both run
as hone-cli trains (OMP_WAIT_POLICY=passive, --threads intra-op threads), the order flipping every
round. Writes bench/results/libtorch_vs_debian.md (per precision: the median of the per-round
ratios wheel / Debian, samples/s of each; marked "under load" when other processes kept more than
0.2 cores busy) and .jsonl.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from vs_trainer import ROOT, add_reference_arguments, load_note, reference_python, publish, run_measured

PRECISIONS = ("fp32", "bf16")


def build_against_wheel(python, work):
    """Compiles train_step.cpp against the reference environment's torch wheel; returns (binary, version)."""
    probe = "import os, torch; print(os.path.dirname(torch.__file__)); print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(torch.__version__)"
    torch_dir, abi, version = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    binary = work / "train_step_wheel"
    lib = Path(torch_dir) / "lib"
    cmd = [os.environ.get("CXX", "c++"), "-O3", "-std=c++20", f"-D_GLIBCXX_USE_CXX11_ABI={abi}",
           "-isystem", f"{torch_dir}/include", "-isystem", f"{torch_dir}/include/torch/csrc/api/include",
           str(ROOT / "bench" / "train_step.cpp"), "-o", str(binary),
           f"-L{lib}", "-Wl,--no-as-needed", "-ltorch_cpu", "-lc10", f"-Wl,-rpath,{lib}"]
    print("compiling train_step against the wheel ...", file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True)
    # The libraries the build loads beyond Debian's: what shipping a LibTorch 2.x Hone would mean.
    ldd = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout
    loaded = sorted({line.split()[0] for line in ldd.splitlines() if "=>" in line and str(Path(torch_dir).parent) in line})
    return binary, version, loaded


def run_step(binary, a, precision, work, name):
    log = work / f"{name}.log"
    cmd = [str(binary), str(a.steps), str(a.batch_size), str(a.max_length), precision, str(a.threads)]
    code, wall, rss, other = run_measured(cmd, log, {**os.environ, "OMP_WAIT_POLICY": "passive"})
    if code != 0:
        sys.exit(f"{binary} failed ({code}); see {log}")
    line = next(l for l in log.read_text().splitlines() if l.startswith("{"))
    return {**json.loads(line), "peak_rss": rss, "load": other}


def write_table(a, rounds, version, loaded, command):
    loads = [r[side]["load"] for r in rounds for side in ("debian", "wheel")]
    text = ["# LibTorch 2.x (PyPI wheel) against Debian's LibTorch 1.13: one training step", "",
            f"{len(rounds) // len(PRECISIONS)} rounds per precision, each the median step of {a.steps} (after 2 warm-up "
            f"steps); MiniLM-shaped classifier (6 layers, width 384, 12 heads, MLP 1536), batch {a.batch_size}, rows of "
            f"{a.max_length // 4}-{a.max_length} tokens, AdamW; {a.threads} intra-op threads, OMP_WAIT_POLICY=passive; "
            f"Debian: LibTorch {rounds[0]['debian']['torch']} + OpenBLAS; wheel: LibTorch {version} (MKL, oneDNN); other "
            f"processes kept {min(loads):.2f}–{max(loads):.2f} cores busy during the runs.", ""]
    if note := load_note(loads):
        text += [note, ""]
    text += [f"Libraries the wheel's build loads from the wheel and its dependencies: {', '.join(loaded)}.", ""]
    text += [f"Command: `{command}`", "",
             "| precision | Debian 1.13 samples/s (median) | wheel samples/s (median) | **wheel / Debian**, median of rounds | peak RSS MiB Debian / wheel |",
             "|---|---|---|---|---|"]
    for precision in PRECISIONS:
        rs = [r for r in rounds if r["precision"] == precision]
        med = lambda side, key: statistics.median(r[side][key] for r in rs)  # noqa: E731
        ratio = statistics.median(r["wheel"]["samples_per_second"] / r["debian"]["samples_per_second"] for r in rs)
        text.append(f"| {precision} | {med('debian', 'samples_per_second'):.1f} | {med('wheel', 'samples_per_second'):.1f} | "
                    f"**{ratio:.2f}x** | {med('debian', 'peak_rss') / 2 ** 20:.0f} / {med('wheel', 'peak_rss') / 2 ** 20:.0f} |")
    publish(a, "libtorch_vs_debian", rounds, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_reference_arguments(ap)
    ap.add_argument("--binary", default=str(ROOT / "build" / "release" / "bin" / "train_step"),
                    help="train_step built with Hone (Debian's LibTorch)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    if not Path(a.binary).exists():
        sys.exit(f"{a.binary}: no train_step there (see --binary)")
    a.python = reference_python(a)
    work = Path(tempfile.mkdtemp(prefix="hone-libtorch-"))
    wheel, version, loaded = build_against_wheel(a.python, work)
    command = (f"python3 bench/libtorch_vs_debian.py --venv VENV --binary TRAIN_STEP --rounds {a.rounds} --steps {a.steps} "
               f"--batch-size {a.batch_size} --max-length {a.max_length} --threads {a.threads}")
    rounds = []
    for rnd in range(a.rounds):
        for precision in PRECISIONS:
            order = ["debian", "wheel"] if rnd % 2 == 0 else ["wheel", "debian"]
            out = {}
            for side in order:
                print(f"[round {rnd + 1}, {precision}] {side} ...", file=sys.stderr, flush=True)
                out[side] = run_step(Path(a.binary) if side == "debian" else wheel, a, precision, work, f"{side}-{precision}-{rnd}")
            rounds.append({"round": rnd + 1, "precision": precision, "first": order[0], **out})
    write_table(a, rounds, version, loaded, command)


if __name__ == "__main__":
    main()
