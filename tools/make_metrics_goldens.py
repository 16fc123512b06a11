#!/usr/bin/env python3
"""Goldens for Hone's classification metrics (core/eval/metrics.cpp) from scikit-learn (run by
hand; output committed).

Usage: python tools/make_metrics_goldens.py   (the python that has scikit-learn)

Every case passes labels=range(n) explicitly, as Hone always knows its label set: a label absent
from both truth and predictions still counts in the macro averages. zero_division is left at
sklearn's default ("warn"), which scores an undefined precision, recall or F1 as 0.
Writes tests/goldens/metrics/metrics.json."""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support


def cases():
    rng = np.random.RandomState(11)
    truth = rng.randint(0, 3, size=60)
    noisy = np.where(rng.rand(60) < 0.7, truth, rng.randint(0, 3, size=60))
    yield "three-classes", ["a", "b", "c"], truth, noisy
    # Class "c" is never predicted (precision 0/0).
    t = np.array([0, 0, 1, 1, 2, 2, 2, 0, 1, 2])
    p = np.array([0, 1, 1, 1, 0, 1, 1, 0, 0, 0])
    yield "absent-from-predictions", ["a", "b", "c"], t, p
    # Class "d" is predicted but never true (recall 0/0).
    t = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    p = np.array([0, 1, 3, 3, 1, 2, 0, 3])
    yield "absent-from-truth", ["a", "b", "c", "d"], t, p
    # Class "e" appears nowhere (precision, recall and F1 all 0/0).
    t = np.array([0, 1, 2, 3, 0, 1, 2, 3, 3])
    p = np.array([0, 1, 2, 2, 1, 1, 3, 3, 0])
    yield "absent-from-both", ["a", "b", "c", "d", "e"], t, p
    yield "all-correct", ["neg", "pos"], np.array([0, 1, 1, 0, 1]), np.array([0, 1, 1, 0, 1])
    yield "all-wrong", ["neg", "pos"], np.array([0, 1, 1, 0]), np.array([1, 0, 0, 1])
    yield "one-class-only", ["neg", "pos"], np.array([1, 1, 1]), np.array([1, 0, 1])
    # Skewed, six classes, one of them rare.
    weights = np.array([0.4, 0.25, 0.15, 0.1, 0.08, 0.02])
    truth = rng.choice(6, size=500, p=weights)
    noisy = np.where(rng.rand(500) < 0.6, truth, rng.choice(6, size=500, p=weights[::-1]))
    yield "six-skewed", ["c%d" % i for i in range(6)], truth, noisy


def expected(labels, t, p):
    ids = list(range(len(labels)))
    out = {"accuracy": accuracy_score(t, p)}
    for avg in ("macro", "micro", "weighted"):
        pr, rc, f1, _ = precision_recall_fscore_support(t, p, labels=ids, average=avg)
        out[avg + "_precision"], out[avg + "_recall"], out[avg + "_f1"] = float(pr), float(rc), float(f1)
    pr, rc, f1, support = precision_recall_fscore_support(t, p, labels=ids, average=None)
    out["per_class"] = [{"label": labels[i], "precision": float(pr[i]), "recall": float(rc[i]), "f1": float(f1[i]),
                         "support": int(support[i])} for i in ids]
    out["confusion_matrix"] = confusion_matrix(t, p, labels=ids).tolist()
    return out


def main():
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)  # the 0/0 cases are the point
        for name, labels, t, p in cases():
            out.append({"name": name, "labels": labels, "truth": [int(x) for x in t], "predicted": [int(x) for x in p],
                        "expected": expected(labels, t, p)})
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "goldens", "metrics")
    os.makedirs(root, exist_ok=True)
    path = os.path.join(root, "metrics.json")
    with open(path + ".tmp", "w") as f:
        json.dump({"generator": "tools/make_metrics_goldens.py", "sklearn": sklearn.__version__,
                   "zero_division": "sklearn default ('warn': an undefined ratio scores 0)", "cases": out}, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
