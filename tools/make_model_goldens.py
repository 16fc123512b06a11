#!/usr/bin/env python3
"""Generates the model fixtures and parity goldens Hone's model tests compare against.

Run by hand with the reference venv (never at Hone's run time):

    python3 tools/make_model_goldens.py [--skip-default-model]

Writes
  tests/data/models/<arch>/base/        tiny random-weight base model (AutoModel), HF folder
  tests/data/models/<arch>/classifier/  the same encoder + a 3-label ForSequenceClassification head
  tests/goldens/models/<arch>.json      inputs (with padding and a sentence pair), transformers'
                                        last hidden state and logits (fp32, eval), parameter counts
  tests/goldens/models/all-MiniLM-L6-v2.safetensors
                                        input ids, attention mask, last hidden state (real tokens
                                        only, packed row after row) and the
                                        mean-pooled embedding of the default model for 8 sentences
                                        (read from ~/.local/share/hone/models; weights are not copied)
Everything is seeded, so a rerun reproduces the files.
"""
import argparse
import json
import os
import pathlib

import torch
import transformers as T
from safetensors.torch import save_file

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "models"
GOLDENS = ROOT / "tests" / "goldens" / "models"
LABELS = ["negative", "neutral", "positive"]

COMMON = dict(vocab_size=100, max_position_embeddings=40, num_labels=3,
              id2label={i: l for i, l in enumerate(LABELS)}, label2id={l: i for i, l in enumerate(LABELS)})
BERT_LIKE = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48)

# name -> (config class, base class, classifier class, config kwargs)
ARCHS = {
    "bert": (T.BertConfig, T.BertModel, T.BertForSequenceClassification,
             dict(**BERT_LIKE, type_vocab_size=2, hidden_act="gelu", pad_token_id=0)),
    "roberta": (T.RobertaConfig, T.RobertaModel, T.RobertaForSequenceClassification,
                dict(**BERT_LIKE, type_vocab_size=1, hidden_act="gelu", pad_token_id=1, bos_token_id=0,
                     eos_token_id=2)),
    "xlm-roberta": (T.XLMRobertaConfig, T.XLMRobertaModel, T.XLMRobertaForSequenceClassification,
                    dict(**BERT_LIKE, type_vocab_size=1, hidden_act="relu", pad_token_id=1, bos_token_id=0,
                         eos_token_id=2, classifier_dropout=0.2)),
    "distilbert": (T.DistilBertConfig, T.DistilBertModel, T.DistilBertForSequenceClassification,
                   dict(dim=32, n_layers=2, n_heads=4, hidden_dim=48, activation="gelu", pad_token_id=0)),
    # 3 applications of 1 shared group would hide a wrong group index: 2 groups over 4 layers does not.
    "albert": (T.AlbertConfig, T.AlbertModel, T.AlbertForSequenceClassification,
               dict(hidden_size=32, num_hidden_layers=4, num_hidden_groups=2, inner_group_num=1,
                    num_attention_heads=4, intermediate_size=48, embedding_size=16, hidden_act="gelu_new",
                    type_vocab_size=2, pad_token_id=0)),
}

# Batch of 3, length 9: a full row, a padded row, and a sentence pair (padded, second segment type 1).
def make_inputs(arch, config):
    pad = config.pad_token_id
    cls, sep = (0, 2) if arch in ("roberta", "xlm-roberta") else (5, 6)
    g = torch.Generator().manual_seed(7)
    body = torch.randint(10, 100, (3, 9), generator=g)
    ids = body.clone()
    mask = torch.ones_like(ids)
    types = torch.zeros_like(ids)
    ids[:, 0] = cls
    ids[0, 8] = sep
    ids[1, 5] = sep
    ids[1, 6:] = pad
    mask[1, 6:] = 0
    # [CLS] a a a [SEP] b b [SEP] [PAD]  (RoBERTa: <s> a a a </s></s> b </s> <pad>)
    ids[2, 4] = sep
    if arch in ("roberta", "xlm-roberta"):
        ids[2, 5] = sep
    ids[2, 7] = sep
    ids[2, 8] = pad
    mask[2, 8] = 0
    if getattr(config, "type_vocab_size", 0) > 1:
        types[2, 5:8] = 1
    return ids, mask, types


def randomise(model, seed):
    """HF's init gives near-identity layers (std 0.02, LayerNorm 1/0); larger seeded weights make
    the parity check sensitive to every op."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" in name or "layer_norm" in name:
                base = 1.0 if name.endswith("weight") else 0.0
                p.copy_(base + 0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.15 * torch.randn(p.shape, generator=g))


def forward_kwargs(arch, ids, mask, types):
    kw = dict(input_ids=ids, attention_mask=mask)
    if arch != "distilbert":
        kw["token_type_ids"] = types
    return kw


def make_tiny(arch):
    config_cls, base_cls, clf_cls, kwargs = ARCHS[arch]
    config = config_cls(**COMMON, **kwargs)
    torch.manual_seed(1000 + sorted(ARCHS).index(arch))
    clf = clf_cls(config).eval()
    randomise(clf, 2000 + sorted(ARCHS).index(arch))
    base = base_cls(config).eval()
    prefix = clf.base_model_prefix
    missing, unexpected = base.load_state_dict(
        {k[len(prefix) + 1:]: v for k, v in clf.state_dict().items() if k.startswith(prefix + ".")}, strict=False)
    # The base model may own a pooler the classifier lacks (RoBERTa): seeded random, like the rest.
    g = torch.Generator().manual_seed(3000)
    with torch.no_grad():
        for name in missing:
            t = base.get_parameter(name) if name in dict(base.named_parameters()) else None
            if t is not None:
                t.copy_(0.15 * torch.randn(t.shape, generator=g))
    assert not unexpected, unexpected

    base_dir = DATA / arch / "base"
    clf_dir = DATA / arch / "classifier"
    base.save_pretrained(base_dir)
    clf.save_pretrained(clf_dir)

    ids, mask, types = make_inputs(arch, config)
    with torch.no_grad():
        hidden = base(**forward_kwargs(arch, ids, mask, types)).last_hidden_state
        hidden_clf = getattr(clf, prefix)(**forward_kwargs(arch, ids, mask, types)).last_hidden_state
        logits = clf(**forward_kwargs(arch, ids, mask, types)).logits
    assert torch.allclose(hidden, hidden_clf)

    golden = {
        "model_type": config.model_type,
        "transformers_version": T.__version__,
        "input_ids": ids.tolist(),
        "attention_mask": mask.tolist(),
        "token_type_ids": types.tolist(),
        "uses_token_type_ids": arch != "distilbert",
        "last_hidden_state": [[[round(v, 7) for v in tok] for tok in row] for row in hidden.tolist()],
        "logits": [[round(v, 7) for v in row] for row in logits.tolist()],
        "base_parameters": sum(p.numel() for p in base.parameters()),
        "classifier_parameters": sum(p.numel() for p in clf.parameters()),
        "num_hidden_layers": config.num_hidden_layers if arch != "distilbert" else config.n_layers,
    }
    GOLDENS.mkdir(parents=True, exist_ok=True)
    (GOLDENS / f"{arch}.json").write_text(json.dumps(golden, indent=1) + "\n")
    sizes = [(d / "model.safetensors").stat().st_size for d in (base_dir, clf_dir)]
    print(f"{arch}: base {golden['base_parameters']} params, classifier {golden['classifier_parameters']}, "
          f"files {sizes} bytes")


SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "Hone fine-tunes pretrained language models without Python.",
    "I absolutely loved this movie!",
    "This is terrible; I want my money back.",
    "Tokenization of unusual words: antidisestablishmentarianism, naïve café, 東京.",
    "Short.",
    "Numbers like 3.14159 and 2026-07-01 appear in text, as do e-mail@example.com addresses.",
    "A longer sentence about batches, padding and attention masks, so shorter rows get padded.",
]


def make_default_model_golden():
    model_dir = pathlib.Path(os.path.expanduser("~/.local/share/hone/models/all-MiniLM-L6-v2"))
    if not (model_dir / "config.json").exists():
        raise SystemExit(f"{model_dir}: missing; run scripts/setup.sh first")
    tok = T.AutoTokenizer.from_pretrained(model_dir)
    model = T.AutoModel.from_pretrained(model_dir).eval()
    enc = tok(SENTENCES, padding=True, truncation=True, max_length=128, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state
    m = enc["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
    out = GOLDENS / "all-MiniLM-L6-v2.safetensors"
    save_file({
        "input_ids": enc["input_ids"].contiguous(),
        "attention_mask": enc["attention_mask"].contiguous(),
        "token_type_ids": enc["token_type_ids"].contiguous(),
        # only the real tokens, row after row (padded positions would double the file for nothing)
        "last_hidden_state_packed": hidden[enc["attention_mask"].bool()].contiguous(),
        "mean_pooled": pooled.contiguous(),
    }, str(out), metadata={"sentences": json.dumps(SENTENCES, ensure_ascii=False),
                           "transformers_version": T.__version__,
                           "parameters": str(sum(p.numel() for p in model.parameters()))})
    (GOLDENS / "all-MiniLM-L6-v2.sentences.txt").write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    print(f"all-MiniLM-L6-v2: hidden {tuple(hidden.shape)}, {int(enc['attention_mask'].sum())} tokens, "
          f"{out.stat().st_size} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-default-model", action="store_true")
    args = parser.parse_args()
    torch.set_grad_enabled(False)
    for arch in ARCHS:
        make_tiny(arch)
    if not args.skip_default_model:
        make_default_model_golden()


if __name__ == "__main__":
    main()
