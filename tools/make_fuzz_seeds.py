#!/usr/bin/env python3
"""Seed corpora for the libFuzzer targets in tests/fuzz (run by hand; output committed).

Usage: python3 tools/make_fuzz_seeds.py     (standard library only)

Every seed is cut from a tests/data fixture and kept small (a few KB) so that the fuzzers start
from valid files of every kind without spending their time parsing large ones. Inputs that hold
several files separate them with a line "=====" (tests/fuzz/fuzzsupport.h).
Writes tests/fuzz/corpus/<target>/."""
import glob
import json
import os
import shutil
import struct

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DATA = os.path.join(ROOT, "tests", "data")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
SEP = b"\n=====\n"
DTYPE_SIZE = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def write(target, name, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def safetensors(tensors, metadata=None):
    """tensors: [(name, dtype, shape)]; zero data, offsets in order."""
    header, offset = {}, 0
    for name, dtype, shape in tensors:
        size = DTYPE_SIZE[dtype]
        for d in shape:
            size *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + bytes(offset)


def safetensors_seeds():
    for path in sorted(glob.glob(os.path.join(DATA, "models", "*", "*", "model.safetensors"))):
        with open(path, "rb") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            header = json.loads(f.read(n))
        names = [k for k in header if k != "__metadata__"][:4]
        small = [(k, header[k]["dtype"], [2] * len(header[k]["shape"])) for k in names]
        arch, kind = path.split(os.sep)[-3:-1]
        write("safetensors", "%s-%s.safetensors" % (arch, kind), safetensors(small, {"format": "pt"}))
    write("safetensors", "dtypes.safetensors",
          safetensors([("a", "F16", [3]), ("b", "BF16", [1, 2]), ("c", "I64", [2]), ("d", "BOOL", [4]), ("e", "F64", [])]))
    write("safetensors", "empty.safetensors", safetensors([]))


def modelconfig_seeds():
    for path in sorted(glob.glob(os.path.join(DATA, "models", "*", "*", "config.json"))):
        arch, kind = path.split(os.sep)[-3:-1]
        shutil.copy(path, os.path.join(OUT, "modelconfig", "%s-%s.json" % (arch, kind)))


def tokenizer_seeds():
    # Byte-level BPE tokenizer.json, cut to the first 300 ids and the merges among them.
    with open(os.path.join(DATA, "tokenizers", "bpe-roberta-json", "tokenizer.json"), encoding="utf-8") as f:
        tj = json.load(f)
    vocab = {t: i for t, i in tj["model"]["vocab"].items() if i < 300}
    merges = [m for m in tj["model"]["merges"]
              if all(x in vocab for x in (m if isinstance(m, list) else m.split(" ")))
              and "".join(m if isinstance(m, list) else m.split(" ")) in vocab]
    tj["model"]["vocab"], tj["model"]["merges"] = vocab, merges
    write("tokenizerjson", "bpe-roberta.json", json.dumps(tj, ensure_ascii=False))
    # WordPiece (BERT) tokenizer.json over the first 200 tokens of the Chinese-cased vocab.
    with open(os.path.join(DATA, "tokenizers", "wordpiece-cased-zh", "vocab.txt"), encoding="utf-8") as f:
        words = [w.rstrip("\n") for w in f][:200]
    wp = {t: i for i, t in enumerate(words)}
    specials = [t for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]") if t in wp]
    write("tokenizerjson", "wordpiece.json", json.dumps({
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": wp[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t in specials],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": False},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                      {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                           "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                    {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                                    {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
                           "special_tokens": {t: {"id": t, "ids": [wp[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]") if t in wp}},
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": wp}}, ensure_ascii=False))
    # Unigram with a Metaspace pre-tokenizer (the shape of converted SentencePiece models).
    pieces = [["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0], ["\u2581", -2.0], ["\u2581the", -3.0], ["\u2581a", -3.5],
              ["t", -4.0], ["h", -4.1], ["e", -4.2], ["a", -4.3], ["s", -4.4], ["\u2581s", -5.0], ["ing", -5.5]]
    write("tokenizerjson", "unigram.json", json.dumps({
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": 0, "content": "<pad>", "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True}],
        "normalizer": {"type": "Sequence", "normalizers": [{"type": "Replace", "pattern": {"String": "``"}, "content": "\""},
                                                            {"type": "NFKD"}, {"type": "Lowercase"}]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": None,
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": 2, "vocab": pieces, "byte_fallback": False}}, ensure_ascii=False))
    write("vocabtxt", "wordpiece-cased-zh.txt", "\n".join(words) + "\n")
    write("vocabtxt", "tiny.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n##s\nworld\n,\n!\n")
    # vocab.json + merges.txt, cut the same way.
    with open(os.path.join(DATA, "tokenizers", "bpe-roberta", "vocab.json"), encoding="utf-8") as f:
        bv = {t: i for t, i in json.load(f).items() if i < 300}
    with open(os.path.join(DATA, "tokenizers", "bpe-roberta", "merges.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    kept = [lines[0]] + [l for l in lines[1:] if l and len(l.split(" ")) == 2 and all(x in bv for x in l.split(" "))
                         and "".join(l.split(" ")) in bv]
    write("bpefiles", "bpe-roberta.txt", json.dumps(bv, ensure_ascii=False).encode() + SEP + "\n".join(kept).encode() + b"\n")
    for name in ("albert-unigram/spiece.model", "xlmr-bpe/sentencepiece.bpe.model"):
        shutil.copy(os.path.join(DATA, "tokenizers", name), os.path.join(OUT, "sentencepiece", name.split("/")[0] + ".model"))


def dataset_seeds():
    mode = {".csv": 0, ".tsv": 1, ".jsonl": 2}
    for path in sorted(glob.glob(os.path.join(DATA, "datasets", "*"))):
        ext = os.path.splitext(path)[1]
        if ext not in mode:
            continue
        with open(path, "rb") as f:
            body = f.read()[:4096]
        write("dataset", os.path.basename(path), bytes([mode[ext]]) + body)


def runfolder_seeds():
    split = {"version": 1, "method": "ratios", "ratios": [0.8, 0.1, 0.1], "validation_fraction": 0.1, "seed": 42,
             "stratified": True, "sources": [{"path": "data.csv", "role": "data", "rows": 10, "dropped": 1}],
             "labels": ["neg", "pos"], "rows": 10, "content_hash": "0123456789abcdef",
             "splits": {"train": [0, 2, 3, 5, 6, 7, 8, 9], "validation": [1], "test": [4]}}
    for run in sorted(glob.glob(os.path.join(DATA, "runs", "*"))):
        parts = []
        for name in ("metrics.jsonl", "summary.json", "state.json", "split.json", "config.json"):
            path = os.path.join(run, name)
            if name == "split.json":
                parts.append(json.dumps(split, indent=1).encode())
            elif os.path.exists(path):
                with open(path, "rb") as f:
                    data = f.read()
                if name == "metrics.jsonl":
                    data = b"\n".join(data.split(b"\n")[:6] + [l for l in data.split(b"\n") if b'"eval"' in l][:2]) + b"\n"
                parts.append(data)
            else:
                parts.append(b"")
        write("runfolder", os.path.basename(run) + ".txt", SEP.join(parts))


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    for target in ("safetensors", "modelconfig", "tokenizerjson", "vocabtxt", "bpefiles", "sentencepiece", "dataset", "runfolder"):
        os.makedirs(os.path.join(OUT, target), exist_ok=True)
    safetensors_seeds()
    modelconfig_seeds()
    tokenizer_seeds()
    dataset_seeds()
    runfolder_seeds()
    total = sum(os.path.getsize(p) for p in glob.glob(os.path.join(OUT, "*", "*")))
    print("wrote %d seeds, %d bytes, under %s" % (len(glob.glob(os.path.join(OUT, "*", "*"))), total, OUT))


if __name__ == "__main__":
    main()
