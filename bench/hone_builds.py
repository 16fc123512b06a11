#!/usr/bin/env python3
"""Two builds of hone-cli on the same training, alternating: the verdict on a build option as a
whole (e.g. Debian's LibTorch 1.13 against PyPI's torch wheel, cmake -DHONE_LIBTORCH=<its folder>).
The training is vs_trainer.py's (same split files, same settings; --mode same or defaults), one run
of each build per seed, the order flipping every seed.

  python3 bench/hone_builds.py --a build/release/bin/hone-cli --b build/wheel/bin/hone-cli \\
      --a-name "Debian LibTorch 1.13" --b-name "LibTorch 2.x wheel" --mode same --name libtorch_builds

Writes bench/results/<name>.md (median of the paired ratios b / a of training samples/s, test
accuracy and macro-F1 of each, peak RSS, the cores other processes kept busy) and .jsonl.
"""
import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from vs_trainer import (ROOT, XDG_DATA, add_training_arguments, dry_run, hone_command, load_note, make_split, publish,
                        read_rows, run_hone, spread)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="the first hone-cli (the baseline)")
    ap.add_argument("--b", required=True, help="the second hone-cli")
    ap.add_argument("--a-name", default="a")
    ap.add_argument("--b-name", default="b")
    ap.add_argument("--name", default="hone_builds", help="results file stem under --results")
    ap.add_argument("--results", default=str(ROOT / "bench" / "results"))
    ap.add_argument("--model", default=str(XDG_DATA / "hone" / "models" / "all-MiniLM-L6-v2"))
    add_training_arguments(ap)
    ap.add_argument("--mode", choices=["same", "defaults"], default="same")
    a = ap.parse_args()
    builds = {"a": a.a, "b": a.b}
    for side, path in builds.items():
        if not Path(path).exists():
            sys.exit(f"{path}: no hone-cli there (see --{side})")
    work = Path(tempfile.mkdtemp(prefix="hone-builds-"))
    sizes = {"train": a.train_rows, "validation": a.validation_rows, "test": a.test_rows}
    files, labels = make_split(a.data_dir, a.dataset, sizes, work / "split")
    rows = "/".join(str(len(read_rows(files[r]))) for r in ("train", "validation", "test"))
    estimates = {}
    for side, path in builds.items():
        a.hone = path
        estimates[side] = dry_run(hone_command(a, a.mode, 0, files, work / f"dry-run-{side}"))
    runs = []
    for i, seed in enumerate(int(s) for s in a.seeds.split(",")):
        out = {}
        for side in (["a", "b"] if i % 2 == 0 else ["b", "a"]):
            print(f"[seed {seed}] {side} ...", file=sys.stderr, flush=True)
            a.hone = builds[side]
            out[side] = run_hone(a, a.mode, seed, files, labels, work, estimates[side])
        runs.append({"seed": seed, "first": "a" if i % 2 == 0 else "b", "mode": a.mode, "dataset": a.dataset, "rows": rows,
                     "a_name": a.a_name, "b_name": a.b_name, **out})
    shutil.rmtree(work, ignore_errors=True)

    ratios = [r["b"]["samples_per_second"] / r["a"]["samples_per_second"] for r in runs]
    median = lambda side, key: statistics.median(r[side][key] for r in runs)  # noqa: E731
    loads = [r[side]["load"] for r in runs for side in ("a", "b")]
    command = (f"python3 bench/hone_builds.py --a HONE_CLI_A --b HONE_CLI_B --a-name \"{a.a_name}\" --b-name \"{a.b_name}\" "
               f"--name {a.name} --mode {a.mode} --dataset {a.dataset} --seeds {a.seeds} --epochs {a.epochs} "
               f"--batch-size {a.batch_size} --lr {a.lr} --max-length {a.max_length}")
    text = [f"# {a.b_name} against {a.a_name}: the same training, alternating", "",
            f"{a.dataset} ({rows} train/validation/test rows), {a.mode} mode of bench/vs_trainer.py, {a.epochs} epochs, "
            f"batch {a.batch_size}, lr {a.lr}, max length {a.max_length}, seeds {a.seeds}; precision: "
            f"{runs[0]['a']['precision']} / {runs[0]['b']['precision']}; other processes kept "
            f"{min(loads):.2f}–{max(loads):.2f} cores busy during the runs.", "",
            *([load_note(loads), ""] if load_note(loads) else []),
            f"Command: `{command}`", "",
            f"| | {a.a_name} | {a.b_name} |", "|---|---|---|",
            f"| training samples/s, median of paired ratios | 1 | **{statistics.median(ratios):.2f}x** |",
            f"| training samples/s (median) | {median('a', 'samples_per_second'):.1f} | {median('b', 'samples_per_second'):.1f} |",
            f"| whole-process wall s (median) | {median('a', 'wall_seconds'):.0f} | {median('b', 'wall_seconds'):.0f} |"]
    for key, what in (("accuracy", "test accuracy"), ("macro_f1", "test macro-F1")):
        text.append(f"| {what}, mean (min–max) | {spread([r['a'][key] for r in runs])} | {spread([r['b'][key] for r in runs])} |")
    text += [f"| peak RSS MiB (median) | {median('a', 'peak_rss') / 2 ** 20:.0f} | {median('b', 'peak_rss') / 2 ** 20:.0f} |", "",
             "| seed | first | a samples/s | b samples/s | b / a | a accuracy | b accuracy | load |", "|---|---|---|---|---|---|---|---|"]
    for r, ratio in zip(runs, ratios):
        text.append(f"| {r['seed']} | {r['first']} | {r['a']['samples_per_second']:.1f} | {r['b']['samples_per_second']:.1f} | "
                    f"{ratio:.2f} | {r['a']['accuracy']:.4f} | {r['b']['accuracy']:.4f} | {max(r['a']['load'], r['b']['load']):.2f} |")
    publish(a, a.name, runs, text)


if __name__ == "__main__":
    main()
