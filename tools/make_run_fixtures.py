#!/usr/bin/env python3
"""Writes the small run folders under tests/data/runs/ that the dashboard and compare tests read.

They have the layout and keys Hone's trainer writes (config.json, state.json, metrics.jsonl with
"step"/"eval"/"test" records, summary.json, predictions/<split>.jsonl), with made-up but
self-consistent numbers: each confusion matrix is computed from the prediction rows.
Run by hand: python3 tools/make_run_fixtures.py
"""
import json
import math
import os
import random
import shutil

ROOT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "runs")

TEXTS = {
    "ham": ["Ok lar, see you at the station", "I'll call you later tonight", "Are you coming for dinner?",
            "Sorry, I'm in a meeting now", "Happy birthday! Have a great day", "Did you finish the report?",
            "我们明天早上九点见", "Can you pick up some milk?"],
    "spam": ["WINNER! You have won a £1000 prize, call now", "Free entry in a weekly competition, text WIN",
             "URGENT: your account has been selected for a reward", "Claim your free ringtone, reply YES",
             "恭喜您获得免费大奖，请回复领取"],
    "question": ["What is the capital of France?", "Who wrote Hamlet?", "How many legs does a spider have?"],
    "statement": ["The train leaves at six.", "Water boils at 100 degrees.", "She moved to Berlin last year."],
    "command": ["Close the door.", "Send me the file.", "Turn left at the bridge."],
}


def metrics(labels, truth, predicted):
    n = len(labels)
    confusion = [[0] * n for _ in range(n)]
    for t, p in zip(truth, predicted):
        confusion[t][p] += 1
    per_class = []
    total = len(truth)
    for c in range(n):
        tp = confusion[c][c]
        fp = sum(confusion[r][c] for r in range(n)) - tp
        fn = sum(confusion[c]) - tp
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class.append({"label": labels[c], "precision": precision, "recall": recall, "f1": f1,
                          "support": sum(confusion[c])})
    accuracy = sum(confusion[c][c] for c in range(n)) / total
    macro = lambda k: sum(pc[k] for pc in per_class) / n
    weighted = lambda k: sum(pc[k] * pc["support"] for pc in per_class) / total
    return {"total": total, "accuracy": accuracy,
            "macro_precision": macro("precision"), "macro_recall": macro("recall"), "macro_f1": macro("f1"),
            "micro_precision": accuracy, "micro_recall": accuracy, "micro_f1": accuracy,
            "weighted_precision": weighted("precision"), "weighted_recall": weighted("recall"),
            "weighted_f1": weighted("f1"), "per_class": per_class, "confusion_matrix": confusion}


def predictions(rng, labels, truth, skill):
    rows, predicted = [], []
    n = len(labels)
    for i, t in enumerate(truth):
        correct = rng.random() < skill
        p = t if correct else rng.choice([c for c in range(n) if c != t])
        conf = rng.uniform(0.55, 0.99)
        probs = [(1 - conf) / (n - 1)] * n
        probs[p] = conf
        text = rng.choice(TEXTS[labels[t]]) + f" (#{i})"
        rows.append({"row": i, "text": text, "truth": t, "predicted": p, "probabilities": [round(x, 6) for x in probs]})
        predicted.append(p)
    return rows, predicted


def config(name, labels, lr, batch, epochs, seed):
    return {"name": name, "model": "all-MiniLM-L6-v2",
            "data": {"file": "/data/sms_spam.csv" if len(labels) == 2 else "/data/intent.csv", "train": "",
                     "validation": "", "test": "", "text_column": "text", "text_pair_column": "",
                     "label_column": "label", "encoding": "auto", "split": [0.8, 0.1, 0.1], "stratify": True},
            "max_length": 128, "num_train_epochs": epochs, "max_steps": -1, "learning_rate": lr,
            "per_device_train_batch_size": batch, "per_device_eval_batch_size": 64, "weight_decay": 0.01,
            "optim": "adamw", "lr_scheduler_type": "linear", "warmup_ratio": 0.1, "logging_steps": 10,
            "eval_strategy": "epoch", "metric_for_best_model": "accuracy", "seed": seed}


def write_run(name, labels, total_steps, steps_per_epoch, lr, batch, seed, skill_end, state, stop_at=None,
              rows=48, test=True):
    rng = random.Random(seed)
    d = os.path.join(ROOT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "predictions"))
    epochs = total_steps / steps_per_epoch
    cfg = config(name, labels, lr, batch, epochs, seed)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, ensure_ascii=False)
    last = stop_at or total_steps
    records = []
    truth = [i % len(labels) if i % 3 else 0 for i in range(rows)]  # imbalanced toward label 0
    best = None
    latest_rows = None
    warmup = int(0.1 * total_steps)
    for step in range(10, last + 1, 10):
        progress = step / total_steps
        lr_now = lr * step / warmup if step < warmup else lr * (total_steps - step) / (total_steps - warmup)
        loss = 0.69 * math.exp(-3 * progress) + 0.05 + rng.uniform(-0.04, 0.04)
        records.append({"kind": "step", "step": step, "total_steps": total_steps, "epoch": round(step / steps_per_epoch, 4),
                        "loss": round(loss, 5), "accuracy": round(min(1.0, 0.5 + 0.45 * progress + rng.uniform(-0.05, 0.05)), 4),
                        "learning_rate": lr_now, "grad_norm": round(rng.uniform(0.5, 3), 3),
                        "samples_per_second": round(40 + rng.uniform(-3, 3), 2), "tokens_per_second": round(2100 + rng.uniform(-100, 100), 1),
                        "elapsed_seconds": round(step * 0.4, 2), "eta_seconds": round((total_steps - step) * 0.4, 2)})
        if step % steps_per_epoch == 0:
            skill = 0.6 + (skill_end - 0.6) * progress
            pred_rows, predicted = predictions(rng, labels, truth, skill)
            m = metrics(labels, truth, predicted)
            is_best = best is None or m["accuracy"] > best[0]
            if is_best:
                best = (m["accuracy"], step, m)
            rec = {"kind": "eval", "split": "validation", "step": step, "epoch": step / steps_per_epoch,
                   "loss": round(0.6 * math.exp(-2 * progress) + 0.1, 5)}
            rec.update(m)
            rec["is_best"] = is_best
            records.append(rec)
            latest_rows = pred_rows
    if latest_rows:
        with open(os.path.join(d, "predictions", "validation.jsonl"), "w") as f:
            for r in latest_rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    summary = None
    if state == "finished":
        test_truth = [i % len(labels) for i in range(rows // 2)]
        test_rows, test_pred = predictions(rng, labels, test_truth, skill_end - 0.03)
        tm = metrics(labels, test_truth, test_pred)
        rec = {"kind": "test", "split": "test", "step": last, "epoch": last / steps_per_epoch, "loss": 0.2}
        rec.update(tm)
        records.append(rec)
        with open(os.path.join(d, "predictions", "test.jsonl"), "w") as f:
            for r in test_rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        val = dict(best[2])
        val["loss"] = 0.18
        tst = dict(tm)
        tst["loss"] = 0.2
        summary = {"labels": labels, "validation": val, "test": tst,
                   "train": {"samples_per_second": 40.2, "tokens_per_second": 2101.5, "wall_seconds": last * 0.4,
                             "steps": last, "epochs": epochs},
                   "best": {"metric": "accuracy", "value": best[0], "step": best[1]}}
        with open(os.path.join(d, "summary.json"), "w") as f:
            json.dump(summary, f, indent=2, ensure_ascii=False)
    else:
        os.makedirs(os.path.join(d, "checkpoints", f"step-{(last // steps_per_epoch) * steps_per_epoch}"))
        with open(os.path.join(d, "checkpoints", f"step-{(last // steps_per_epoch) * steps_per_epoch}", "trainer_state.json"), "w") as f:
            json.dump({"step": (last // steps_per_epoch) * steps_per_epoch}, f)
    with open(os.path.join(d, "metrics.jsonl"), "w") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(d, "state.json"), "w") as f:
        json.dump({"state": state, "created": "2025-01-01T10:00:00", "updated": "2025-01-01T10:05:00", "pid": 0}, f, indent=2)


if __name__ == "__main__":
    # 300 steps, logging every 10 (30 step records), evaluation every 100 (3), one test record.
    write_run("sms-lr5e-5", ["ham", "spam"], 300, 100, 5e-5, 16, 1, 0.95, "finished")
    # Same data, a higher learning rate and another seed: what compare shows against the first.
    write_run("sms-lr1e-4", ["ham", "spam"], 300, 100, 1e-4, 16, 2, 0.9, "finished")
    # Three classes, stopped by the user at step 130 after evaluations at 50 and 100.
    write_run("intent-canceled", ["question", "statement", "command"], 250, 50, 3e-5, 32, 3, 0.9, "canceled", stop_at=130)
