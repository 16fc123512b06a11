#!/usr/bin/env python3
"""Step-by-step training parity goldens: Hugging Face's Trainer on a tiny BERT (run by hand).

    <python with torch + transformers> tools/make_training_parity.py

Writes tests/data/parity/:
  model/      a tiny BertForSequenceClassification (the 2-layer, 32-wide encoder of
              tests/data/models/bert/base, a 2-label head initialised as HF does: normal(0,
              initializer_range), bias 0), every dropout 0, with vocab.txt: the initial weights of
              both sides, head included
  train.csv   196 labelled texts (25 batches of 8 per epoch, the last one short)
  validation.csv 20 more (Hone carves validation from train.csv unless it has one)
  goldens.json per case (optimizer x schedule): the settings, the batches of each epoch (row
              indices into train.csv) and the Trainer's training loss at each of 50 steps

Batch order: the Trainer is given Hone's documented shuffle (splitmix64 Fisher-Yates with the
per-epoch stream mixSeed(seed, epoch), ported from core/data/seededrandom.h) as its sampler, so
both sides see the same batches; every batch the Trainer trains on is checked against it.
AdamW is the Trainer's own (optim="adamw_torch", its no-decay grouping); the other optimizers
are torch.optim objects built with the Trainer's decay grouping and handed to it, and every
schedule is the Trainer's (transformers.get_scheduler). Seeded: a rerun writes the same files.
"""
import json
import pathlib
import random
import tempfile

import torch
import transformers as T
from safetensors.torch import load_file

from make_sampler_golden import SeededRandom, mix_seed  # Hone's PRNG, ported once

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "parity"
BASE = ROOT / "tests" / "data" / "models" / "bert" / "base"
SEED = 11
BATCH = 8
ROWS = 196
STEPS = 50
MAX_LENGTH = 32
LABELS = ["neg", "pos"]


def epoch_order(n, seed, epoch):
    order = list(range(n))
    SeededRandom(mix_seed(seed, epoch)).shuffle(order)
    return order


class HoneOrderSampler(torch.utils.data.Sampler):
    """Hone's BatchSampler::shuffled order, epoch after epoch."""

    def __init__(self, n, seed):
        self.n, self.seed, self.epoch = n, seed, 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __len__(self):
        return self.n

    def __iter__(self):
        order = epoch_order(self.n, self.seed, self.epoch)
        self.epoch += 1
        return iter(order)


WORDS = ["good", "great", "fine", "love", "happy", "nice", "bad", "awful", "poor", "hate", "sad", "ugly",
         "the", "movie", "film", "was", "is", "a", "very", "really"]


def write_model():
    model_dir = OUT / "model"
    model_dir.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ","] + WORDS
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    # No token twice ("a" is a word already): for a duplicate, HF's vocab keeps the last id, Hone's the first.
    vocab += [l for l in letters if l not in vocab] + ["##" + l for l in letters]
    vocab += [str(d) for d in range(10)][: 100 - len(vocab)]
    vocab += ["[unused%d]" % i for i in range(len(vocab), 100)]
    (model_dir / "vocab.txt").write_text("\n".join(vocab) + "\n")
    (model_dir / "tokenizer_config.json").write_text(json.dumps(
        {"do_lower_case": True, "model_max_length": 40, "tokenizer_class": "BertTokenizer"}))
    base = json.loads((BASE / "config.json").read_text())
    config = T.BertConfig(**{k: v for k, v in base.items() if k not in ("architectures", "transformers_version", "dtype")})
    config.hidden_dropout_prob = 0.0
    config.attention_probs_dropout_prob = 0.0
    config.classifier_dropout = 0.0
    config.num_labels = 2
    config.id2label = {i: l for i, l in enumerate(LABELS)}
    config.label2id = {l: i for i, l in enumerate(LABELS)}
    torch.manual_seed(SEED)
    model = T.BertForSequenceClassification(config)
    missing, unexpected = model.bert.load_state_dict(load_file(str(BASE / "model.safetensors")), strict=False)
    assert not unexpected and all(k.startswith("pooler.") for k in missing), (missing, unexpected)
    with torch.no_grad():  # HF's _init_weights for a new Linear head
        model.classifier.weight.normal_(0.0, config.initializer_range)
        model.classifier.bias.zero_()
    model.save_pretrained(str(model_dir), safe_serialization=True)
    return model_dir


def vocab_id(model_dir, token):
    return (model_dir / "vocab.txt").read_text().splitlines().index(token)


def write_data():
    rng = random.Random(SEED)
    rows, seen = [], set()
    while len(rows) < ROWS + 20:
        positive = rng.random() < 0.5
        key = rng.choice(WORDS[0:6] if positive else WORDS[6:12])
        other = rng.choice(WORDS[0:12])  # a distractor from either class, so the task is not trivial
        filler = [rng.choice(WORDS[12:]) for _ in range(rng.randint(1, 6))]
        words = filler + [key, other] if rng.random() < 0.5 else [key] + filler + [other]
        text = " ".join(words) + (" " + str(rng.randint(0, 99)) if rng.random() < 0.3 else "")
        if text in seen:
            continue
        seen.add(text)
        rows.append((text, LABELS[1] if positive else LABELS[0]))
    for name, part in (("train.csv", rows[:ROWS]), ("validation.csv", rows[ROWS:])):
        with open(OUT / name, "w", newline="\n") as f:
            f.write("text,label\n")
            for text, label in part:
                f.write('"%s",%s\n' % (text, label))
    return rows[:ROWS]


CASES = [
    # name, optimizer, schedule, learning rate, weight decay, extra
    ("adamw-linear", "adamw", "linear", 1e-3, 0.01, {}),
    ("adamw-cosine", "adamw", "cosine", 1e-3, 0.01, {}),
    ("adamw-constant", "adamw", "constant", 1e-3, 0.01, {}),
    ("adam-linear", "adam", "linear", 1e-3, 0.01, {}),
    ("sgd-linear", "sgd", "linear", 0.05, 0.01, {"momentum": 0.9}),
    ("sgd-nesterov-cosine", "sgd", "cosine", 0.05, 0.0, {"momentum": 0.9, "nesterov": True}),
    ("adagrad-linear", "adagrad", "linear", 0.01, 0.01, {}),
    ("adadelta-linear", "adadelta", "linear", 1.0, 0.01, {}),
    ("rmsprop-linear", "rmsprop", "linear", 1e-4, 0.01, {"momentum": 0.9}),
]
WARMUP = 5
HF_SCHEDULER = {"linear": "linear", "cosine": "cosine", "constant": "constant_with_warmup"}


def torch_optimizer(name, groups, lr, extra):
    if name == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    if name == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=extra["momentum"], nesterov=extra.get("nesterov", False))
    if name == "adagrad":
        return torch.optim.Adagrad(groups, lr=lr)
    if name == "adadelta":
        return torch.optim.Adadelta(groups, lr=lr, rho=0.9, eps=1e-6)
    if name == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=0.99, eps=1e-8, momentum=extra["momentum"])
    raise ValueError(name)


class RecordingTrainer(T.Trainer):
    """The Trainer, recording each training step's loss and checking each batch against the expected one."""

    def __init__(self, *args, expected_batches, hone_sampler, **kwargs):
        super().__init__(*args, **kwargs)
        self.losses, self.expected, self.hone_sampler = [], expected_batches, hone_sampler

    def _get_train_sampler(self, *args, **kwargs):
        return self.hone_sampler

    def compute_loss(self, model, inputs, return_outputs=False, **kwargs):
        if model.training:
            want = self.expected[len(self.losses)]
            got = inputs["input_ids"]
            assert got.shape == want.shape and torch.equal(got, want), "batch %d differs" % len(self.losses)
        out = super().compute_loss(model, inputs, return_outputs=return_outputs, **kwargs)
        if model.training:
            self.losses.append(float((out[0] if return_outputs else out).detach()))
        return out


def run_case(case, model_dir, dataset, collator, batches_per_epoch):
    name, optim, schedule, lr, wd, extra = case
    torch.manual_seed(SEED)
    model = T.BertForSequenceClassification.from_pretrained(str(model_dir), attn_implementation="eager")
    epochs = (STEPS + batches_per_epoch - 1) // batches_per_epoch
    expected = []
    for epoch in range(epochs):
        order = epoch_order(len(dataset), SEED, epoch)
        for start in range(0, len(order), BATCH):
            expected.append(collator([dataset[i] for i in order[start:start + BATCH]])["input_ids"])
    with tempfile.TemporaryDirectory() as tmp:
        args = T.TrainingArguments(
            output_dir=tmp, max_steps=STEPS, per_device_train_batch_size=BATCH, learning_rate=lr,
            weight_decay=wd, lr_scheduler_type=HF_SCHEDULER[schedule], warmup_steps=WARMUP, max_grad_norm=1.0,
            optim="adamw_torch", adam_beta1=0.9, adam_beta2=0.999, adam_epsilon=1e-8, seed=SEED,
            eval_strategy="no", save_strategy="no", logging_steps=10, report_to=[], disable_tqdm=True,
            use_cpu=True, dataloader_num_workers=0)
        optimizers = (None, None)
        if optim != "adamw":
            probe = T.Trainer(model=model, args=args)
            decay = set(probe.get_decay_parameter_names(model))
            groups = [
                {"params": [p for n, p in model.named_parameters() if n in decay], "weight_decay": wd},
                {"params": [p for n, p in model.named_parameters() if n not in decay], "weight_decay": 0.0},
            ]
            optimizers = (torch_optimizer(optim, groups, lr, extra), None)
        trainer = RecordingTrainer(model=model, args=args, train_dataset=dataset, data_collator=collator,
                                   optimizers=optimizers, expected_batches=expected,
                                   hone_sampler=HoneOrderSampler(len(dataset), SEED))
        trainer.train()
    assert len(trainer.losses) == STEPS, len(trainer.losses)
    batches = [epoch_order(len(dataset), SEED, e) for e in range(epochs)]
    settings = {"optim": optim, "lr_scheduler_type": schedule, "learning_rate": lr, "weight_decay": wd,
                "warmup_steps": WARMUP, "max_grad_norm": 1.0, **extra}
    return {"name": name, "settings": settings, "epoch_orders": batches, "losses": trainer.losses}


def main():
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    model_dir = write_model()
    rows = write_data()
    tokenizer = T.AutoTokenizer.from_pretrained(str(model_dir))
    assert tokenizer("good film")["input_ids"][1:3] == [vocab_id(model_dir, "good"), vocab_id(model_dir, "film")]
    dataset = []
    for text, label in rows:
        enc = tokenizer(text, truncation=True, max_length=MAX_LENGTH)
        dataset.append({**enc, "labels": LABELS.index(label)})
    collator = T.DataCollatorWithPadding(tokenizer)
    batches_per_epoch = (len(dataset) + BATCH - 1) // BATCH
    cases = [run_case(c, model_dir, dataset, collator, batches_per_epoch) for c in CASES]
    golden = {"generator": "tools/make_training_parity.py", "torch": torch.__version__,
              "transformers": T.__version__, "seed": SEED, "batch_size": BATCH, "max_length": MAX_LENGTH,
              "steps": STEPS, "labels": LABELS, "cases": cases}
    (OUT / "goldens.json").write_text(json.dumps(golden, indent=1) + "\n")
    for c in cases:
        print("%-22s first %.6f last %.6f" % (c["name"], c["losses"][0], c["losses"][-1]))


if __name__ == "__main__":
    main()
