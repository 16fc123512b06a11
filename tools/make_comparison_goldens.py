#!/usr/bin/env python3
"""Goldens for the run comparison statistics in core/eval/comparison.cpp (run by hand; output
committed).

Usage: python tools/make_comparison_goldens.py   (the python that has scipy and scikit-learn)

- McNemar's exact test: scipy.stats.binomtest(min(b, c), b + c, 0.5), two-sided.
- Bootstrap 95% intervals of B - A in accuracy and macro-F1: the same resamples as Hone (its
  splitmix64 stream, ported in make_sampler_golden.py), each scored by scikit-learn, with
  numpy.percentile's default interpolation.
- Expected calibration error, 10 equal-width bins on the top probability, written out in numpy.
Writes tests/goldens/metrics/comparison.json."""
import json
import os

import numpy as np
import scipy
from scipy.stats import binomtest
from sklearn.metrics import accuracy_score, f1_score

from make_sampler_golden import SeededRandom

SAMPLES = 500


def bootstrap(truth, a, b, labels, seed):
    rng = SeededRandom(seed)
    n = len(truth)
    acc, f1 = [], []
    ids = list(range(labels))
    for _ in range(SAMPLES):
        idx = [rng.below(n) for _ in range(n)]
        t, pa, pb = truth[idx], a[idx], b[idx]
        acc.append(accuracy_score(t, pb) - accuracy_score(t, pa))
        f1.append(f1_score(t, pb, labels=ids, average="macro", zero_division=0)
                  - f1_score(t, pa, labels=ids, average="macro", zero_division=0))
    return [float(np.percentile(acc, 2.5)), float(np.percentile(acc, 97.5))], \
           [float(np.percentile(f1, 2.5)), float(np.percentile(f1, 97.5))]


def ece(truth, pred, probs, bins=10):
    top = probs.max(axis=1)
    which = np.clip(np.ceil(top * bins).astype(int) - 1, 0, bins - 1)
    total = 0.0
    for i in range(bins):
        m = which == i
        if m.any():
            total += abs((truth[m] == pred[m]).sum() - top[m].sum()) / len(truth)
    return float(total)


def main():
    mcnemar = [{"b": b, "c": c, "p": float(binomtest(min(b, c), b + c, 0.5).pvalue) if b + c else 1.0}
               for b, c in [(0, 0), (1, 0), (5, 5), (3, 12), (0, 9), (40, 60), (200, 260), (1000, 1100)]]
    rng = np.random.RandomState(5)
    cases = []
    for name, n, labels, acc_a, acc_b in [("binary-close", 120, 2, 0.85, 0.87), ("three-apart", 200, 3, 0.6, 0.8),
                                          ("six-classes", 300, 6, 0.7, 0.7)]:
        truth = rng.randint(0, labels, size=n)
        a = np.where(rng.rand(n) < acc_a, truth, rng.randint(0, labels, size=n))
        b = np.where(rng.rand(n) < acc_b, truth, rng.randint(0, labels, size=n))
        logits = rng.randn(n, labels) + 2.5 * np.eye(labels)[a]
        probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        pa = probs.argmax(axis=1)  # the predictions that go with the probabilities
        rows = rng.permutation(n * 3)[:n]  # dataset row numbers, not 0..n-1
        seed = 42 + len(cases)
        order = np.argsort(rows)  # Hone resamples the rows ordered by their row number
        acc_ci, f1_ci = bootstrap(truth[order], pa[order], b[order], labels, seed)
        only_a = int(((pa == truth) & (b != truth)).sum())
        only_b = int(((b == truth) & (pa != truth)).sum())
        cases.append({"name": name, "labels": labels, "seed": seed, "samples": SAMPLES, "rows": rows.tolist(),
                      "truth": truth.tolist(), "a": pa.tolist(), "b": b.tolist(), "probabilities_a": probs.round(6).tolist(),
                      "expected": {"only_a_right": only_a, "only_b_right": only_b,
                                   "mcnemar_p": float(binomtest(min(only_a, only_b), only_a + only_b, 0.5).pvalue),
                                   "accuracy_a": float(accuracy_score(truth, pa)), "accuracy_b": float(accuracy_score(truth, b)),
                                   "accuracy_diff_ci": acc_ci, "macro_f1_diff_ci": f1_ci,
                                   "ece_a": ece(truth, pa, probs.round(6))}})
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "goldens", "metrics")
    os.makedirs(root, exist_ok=True)
    path = os.path.join(root, "comparison.json")
    with open(path + ".tmp", "w") as f:
        json.dump({"generator": "tools/make_comparison_goldens.py", "scipy": scipy.__version__, "mcnemar": mcnemar,
                   "cases": cases}, f)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
