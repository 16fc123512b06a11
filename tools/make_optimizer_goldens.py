#!/usr/bin/env python3
"""Goldens for Hone's optimizers and learning-rate schedules (run by hand; output committed).

Usage: python tools/make_optimizer_goldens.py   (the python that has torch and transformers)

Optimizers: torch.optim (single-tensor code path, foreach=False) runs 20 steps on a small
parameter set (a 4x3 weight with weight decay; a bias and a norm vector without, as Hone's
parameter groups) with deterministic gradients that span four decades (so ε matters) and a
learning rate that changes every step. The parameters after every step are stored, in float64
and in float32. Schedules: transformers' get_{linear,cosine,constant}_schedule(_with_warmup)
through a real LambdaLR, the multiplier at every optimizer step.
Writes tests/goldens/optimizers/optimizers.json and schedules.json."""
import json
import os

import numpy as np
import torch
import transformers

STEPS = 20

# name, torch class, torch kwargs, Hone TrainingConfig fields, base lr, weight decay of the first group
CASES = [
    ("adamw", "adamw", dict(betas=(0.9, 0.999), eps=1e-8), dict(adam_beta1=0.9, adam_beta2=0.999, adam_epsilon=1e-8), 0.01, 0.1),
    ("adamw-eps", "adamw", dict(betas=(0.8, 0.99), eps=1e-3), dict(adam_beta1=0.8, adam_beta2=0.99, adam_epsilon=1e-3), 0.01, 0.05),
    ("adam", "adam", dict(betas=(0.9, 0.999), eps=1e-6), dict(adam_beta1=0.9, adam_beta2=0.999, adam_epsilon=1e-6), 0.01, 0.1),
    ("sgd", "sgd", dict(momentum=0.0), dict(momentum=0.0, nesterov=False), 0.1, 0.0),
    ("sgd-momentum", "sgd", dict(momentum=0.9), dict(momentum=0.9, nesterov=False), 0.1, 0.01),
    ("sgd-nesterov", "sgd", dict(momentum=0.8, nesterov=True), dict(momentum=0.8, nesterov=True), 0.1, 0.01),
    ("adagrad", "adagrad", dict(eps=1e-10), dict(adam_epsilon=1e-10), 0.1, 0.0),
    ("adagrad-eps", "adagrad", dict(eps=1e-3), dict(adam_epsilon=1e-3), 0.1, 0.01),
    ("adadelta", "adadelta", dict(rho=0.9, eps=1e-6), dict(adam_epsilon=1e-6), 1.0, 0.0),
    ("adadelta-eps", "adadelta", dict(rho=0.9, eps=1e-3), dict(adam_epsilon=1e-3), 1.0, 0.01),
    ("rmsprop", "rmsprop", dict(alpha=0.99, eps=1e-8, momentum=0.0), dict(adam_epsilon=1e-8, momentum=0.0), 0.01, 0.0),
    ("rmsprop-momentum", "rmsprop", dict(alpha=0.99, eps=1e-4, momentum=0.9), dict(adam_epsilon=1e-4, momentum=0.9), 0.01, 0.01),
]

CLASSES = {"adamw": torch.optim.AdamW, "adam": torch.optim.Adam, "sgd": torch.optim.SGD,
           "adagrad": torch.optim.Adagrad, "adadelta": torch.optim.Adadelta, "rmsprop": torch.optim.RMSprop}

SHAPES = [("weight", [4, 3], True), ("bias", [3], False), ("norm", [5], False)]


def step_lr(base, step):
    """The learning rate of 0-based step `step`: it changes every step, as under a schedule."""
    return base * (1.0 - 0.03 * step)


def optimizer_goldens():
    rng = np.random.RandomState(8)
    init = [rng.randn(*shape) for _, shape, _ in SHAPES]
    # Magnitudes from 1e-4 to 1, so that ε and the second moments both shape the update.
    grads = [[rng.randn(*shape) * 10.0 ** rng.uniform(-4, 0, size=shape) for _, shape, _ in SHAPES]
             for _ in range(STEPS)]
    cases = []
    for dtype_name, dtype in (("float64", torch.float64), ("float32", torch.float32)):
        for name, optim, kwargs, config, lr, wd in CASES:
            params = [torch.tensor(v, dtype=dtype, requires_grad=True) for v in init]
            decayed = [p for p, (_, _, d) in zip(params, SHAPES) if d]
            plain = [p for p, (_, _, d) in zip(params, SHAPES) if not d]
            opt = CLASSES[optim]([{"params": decayed, "weight_decay": wd}, {"params": plain, "weight_decay": 0.0}],
                                 lr=lr, foreach=False, **kwargs)
            trajectory = []
            for step in range(STEPS):
                for p, g in zip(params, grads[step]):
                    p.grad = torch.tensor(g, dtype=dtype)
                for group in opt.param_groups:
                    group["lr"] = step_lr(lr, step)
                opt.step()
                opt.zero_grad(set_to_none=True)
                trajectory.append([p.detach().to(torch.float64).flatten().tolist() for p in params])
            cases.append({"name": name, "dtype": dtype_name, "optim": optim, "config": config, "lr": lr,
                          "weight_decay": wd, "params_after_step": trajectory})
    return {
        "generator": "tools/make_optimizer_goldens.py",
        "torch": torch.__version__,
        "steps": STEPS,
        "lr_rule": "lr * (1 - 0.03 * step), step 0-based",
        "parameters": [{"name": n, "shape": s, "weight_decay": d, "init": v.flatten().tolist()}
                       for (n, s, d), v in zip(SHAPES, init)],
        "grads": [[g.flatten().tolist() for g in step] for step in grads],
        "cases": cases,
    }


def schedule_goldens():
    out = []
    for kind, warmup, total in [("linear", 0, 20), ("linear", 5, 20), ("linear", 3, 3), ("cosine", 0, 20),
                                ("cosine", 6, 25), ("cosine", 1, 2), ("constant", 0, 10), ("constant", 4, 10)]:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        if kind == "linear":
            sched = transformers.get_linear_schedule_with_warmup(opt, warmup, total)
        elif kind == "cosine":
            sched = transformers.get_cosine_schedule_with_warmup(opt, warmup, total)
        elif warmup > 0:
            sched = transformers.get_constant_schedule_with_warmup(opt, warmup)
        else:
            sched = transformers.get_constant_schedule(opt)
        factors = []
        for _ in range(total + 3):  # a few steps past the end: the rate must stay at its floor
            factors.append(sched.get_last_lr()[0])
            opt.step()
            sched.step()
        out.append({"type": kind, "warmup_steps": warmup, "total_steps": total, "factors": factors})
    return {"generator": "tools/make_optimizer_goldens.py", "transformers": transformers.__version__,
            "schedules": out}


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "goldens", "optimizers")
    os.makedirs(root, exist_ok=True)
    for name, data in (("optimizers.json", optimizer_goldens()), ("schedules.json", schedule_goldens())):
        path = os.path.join(root, name)
        with open(path + ".tmp", "w") as f:
            json.dump(data, f)
            f.write("\n")
        os.replace(path + ".tmp", path)
        print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
