#!/usr/bin/env python3
"""Seed corpora for the libFuzzer targets in tests/fuzz (run by hand; output committed).

Usage: python3 tools/make_fuzz_seeds.py     (standard library only)

Every seed is cut from a tests/data fixture, a tests/goldens file or ../shared/data/sft (beside the
repository), or written here (tiny GGUF files, instruction records), and kept small (a few KB) so that the fuzzers start
from valid files of every kind without spending their time parsing large ones. Inputs that hold
several files separate them with a line "=====" (tests/fuzz/fuzzsupport.h).
Writes tests/fuzz/corpus/<target>/ (other files there, such as regression inputs, are kept)."""
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


def cut_bpe_json(folder, keep=300):
    """A byte-level BPE tokenizer.json cut to its first `keep` ids and the merges among them."""
    with open(os.path.join(DATA, "tokenizers", folder, "tokenizer.json"), encoding="utf-8") as f:
        tj = json.load(f)
    vocab = {t: i for t, i in tj["model"]["vocab"].items() if i < keep}
    merges = [m for m in tj["model"]["merges"]
              if all(x in vocab for x in (m if isinstance(m, list) else m.split(" ")))
              and "".join(m if isinstance(m, list) else m.split(" ")) in vocab]
    tj["model"]["vocab"], tj["model"]["merges"] = vocab, merges
    return tj


def tokenizer_seeds():
    # Byte-level BPE tokenizer.json, cut to the first 300 ids and the merges among them.
    write("tokenizerjson", "bpe-roberta.json", json.dumps(cut_bpe_json("bpe-roberta-json"), ensure_ascii=False))
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


def decoder_tokenizer_seeds():
    # The decoders' pre-tokenizers (SmolLM2 digits + GPT-2, Llama 3 and Qwen2 regex splits).
    for folder in ("smollm-bpe-json", "llama3-bpe-json", "qwen2-bpe-json"):
        tj = cut_bpe_json(folder)
        tj["added_tokens"] = [t for t in tj.get("added_tokens", []) if t["id"] < 300]
        write("tokenizerjson", folder.replace("-json", "") + ".json", json.dumps(tj, ensure_ascii=False))


def gguf_value(kind, value):
    """(type id, bytes) of a GGUF metadata value; kind is one of u32 i32 f32 bool str or [kind]."""
    ids = {"u8": 0, "i8": 1, "u16": 2, "i16": 3, "u32": 4, "i32": 5, "f32": 6, "bool": 7, "str": 8, "u64": 10, "i64": 11, "f64": 12}
    fmt = {"u8": "<B", "i8": "<b", "u16": "<H", "i16": "<h", "u32": "<I", "i32": "<i", "f32": "<f", "bool": "<?", "u64": "<Q",
           "i64": "<q", "f64": "<d"}
    if isinstance(kind, list):
        body = b"".join(gguf_value(kind[0], v)[1] for v in value)
        return 9, struct.pack("<IQ", 9 if isinstance(kind[0], list) else ids[kind[0]], len(value)) + body
    if kind == "str":
        b = value.encode("utf-8")
        return 8, struct.pack("<Q", len(b)) + b
    return ids[kind], struct.pack(fmt[kind], value)


def gguf(metadata, tensors, version=3, alignment=32):
    """metadata: [(key, kind, value)]; tensors: [(name, ggml type id, dims (ggml order), data bytes)]."""
    out = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(metadata))
    for key, kind, value in metadata:
        t, b = gguf_value(kind, value)
        out += gguf_value("str", key)[1] + struct.pack("<I", t) + b
    offset, blobs = 0, b""
    for name, type_id, dims, data in tensors:
        out += gguf_value("str", name)[1] + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", type_id, offset)
        pad = -len(data) % alignment
        blobs += data + bytes(pad)
        offset += len(data) + pad
    out += bytes(-len(out) % alignment)
    return out + blobs


def gguf_seeds():
    # The quantisation goldens (gguf package) and the file our writer makes, as they are.
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "goldens", "gguf", "*.gguf"))):
        shutil.copy(path, os.path.join(OUT, "gguf", os.path.basename(path)))
    # A tiny Llama with a byte-level BPE tokenizer and a chat template in its metadata.
    tj = cut_bpe_json("smollm-bpe-json", 64)
    tokens = [t for t, _ in sorted(tj["model"]["vocab"].items(), key=lambda kv: kv[1])]
    merges = [" ".join(m) if isinstance(m, list) else m for m in tj["model"]["merges"]]
    with open(os.path.join(DATA, "chat_templates", "smollm2.jinja"), encoding="utf-8") as f:
        template = f.read()
    hidden, vocab = 8, len(tokens)
    q8 = (struct.pack("<e", 0.5) + bytes(range(32))) * 2
    metadata = [("general.architecture", "str", "llama"), ("general.alignment", "u32", 32),
                ("llama.embedding_length", "u32", hidden), ("llama.block_count", "u32", 1),
                ("llama.feed_forward_length", "u32", 16), ("llama.attention.head_count", "u32", 2),
                ("llama.attention.head_count_kv", "u32", 1), ("llama.context_length", "u64", 64),
                ("llama.rope.freq_base", "f32", 10000.0), ("llama.attention.layer_norm_rms_epsilon", "f64", 1e-5),
                ("tokenizer.ggml.model", "str", "gpt2"), ("tokenizer.ggml.pre", "str", "smollm"),
                ("tokenizer.ggml.tokens", ["str"], tokens), ("tokenizer.ggml.token_type", ["i32"], [1] * vocab),
                ("tokenizer.ggml.merges", ["str"], merges), ("tokenizer.ggml.bos_token_id", "u32", 1),
                ("tokenizer.ggml.eos_token_id", "u32", 2), ("tokenizer.ggml.add_bos_token", "bool", False),
                ("tokenizer.chat_template", "str", template),
                ("seed.nested", [["i16"]], [[1, -2], [3]]), ("seed.small", ["u8"], [1, 2, 3]), ("seed.i64", "i64", -7)]
    tensors = [("token_embd.weight", 0, [hidden, vocab], struct.pack("<%df" % (hidden * vocab), *([0.25] * (hidden * vocab)))),
               ("blk.0.attn_q.weight", 1, [hidden, hidden], struct.pack("<%de" % (hidden * hidden), *([1.5] * (hidden * hidden)))),
               ("blk.0.ffn_down.weight", 8, [32, 2], q8),
               ("output_norm.weight", 0, [hidden], struct.pack("<%df" % hidden, *([1.0] * hidden)))]
    write("gguf", "tiny-llama-tokenizer.gguf", gguf(metadata, tensors))
    write("gguf", "v2-metadata-only.gguf", gguf(metadata[:10], [], version=2))


def chattemplate_seeds():
    for path in sorted(glob.glob(os.path.join(DATA, "chat_templates", "*.jinja"))):
        shutil.copy(path, os.path.join(OUT, "chattemplate", os.path.basename(path)))
    # Arithmetic, ranges, slices and filters on numbers, for the fuzzer to push towards the limits.
    write("chattemplate", "arithmetic.jinja",
          "{% set n = messages|length %}{{ 7 * n + 3 - 2 // 1 % 5 ** 2 }} {{ -n }} {{ 2.5 * n / 4 }} "
          "{% for i in range(1, n * 2, 1) %}{{ i }}{% if loop.index0 % 2 %},{% endif %}{% endfor %} "
          "{{ messages[-1:][0]['role'] }} {{ (n * 1000)|string|length }} {{ 'ab' * n }} {{ [1, 2, 3][n % 3] }}")


def instructiondata_seeds():
    # First byte: format (0 auto, 1 alpaca, 2 sharegpt, 3 openai, 4 text) + 8 for a .txt file.
    for lang in ("en", "zh"):
        with open(os.path.join(ROOT, "..", "shared", "data", "sft", "alpaca_%s_demo.json" % lang), encoding="utf-8") as f:
            records = json.load(f)[:3]
        write("instructiondata", "alpaca-%s.json" % lang, bytes([1]) + json.dumps(records, ensure_ascii=False, indent=1).encode())
    alpaca = {"instruction": "Translate", "input": "你好", "output": "Hello", "system": "Be brief.",
              "history": [["Hi", "Hello! 😀"]]}
    sharegpt = {"conversations": [{"from": "system", "value": "Be brief."}, {"from": "human", "value": "2+2?"},
                                  {"from": "gpt", "value": "4"}]}
    openai = {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
                           {"role": "assistant", "content": "Hello"}]}
    write("instructiondata", "alpaca.jsonl", bytes([0]) + (json.dumps(alpaca, ensure_ascii=False) + "\n").encode() * 2)
    write("instructiondata", "sharegpt.jsonl", bytes([2]) + (json.dumps(sharegpt) + "\n" + json.dumps(sharegpt) + "\n").encode())
    write("instructiondata", "openai.json", bytes([3]) + json.dumps([openai, openai], indent=1).encode())
    write("instructiondata", "text.jsonl", bytes([4]) + b'{"text": "Plain text for pre-training."}\n{"text": ""}\n')
    write("instructiondata", "text.txt", bytes([12]) + "One line.\n\u7b2c\u4e8c\u884c\n\n".encode())


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
        # annotations.json and predictions/validation.jsonl empty; a checkpoint's trainer_state.json.
        state = {"step": 30, "epoch": 0.5, "sampler_epoch": 0, "sampler_batch": 30, "best_step": 20,
                 "best_metric": 0.91, "evals_without_improvement": 1, "elapsed_seconds": 12.5, "samples_seen": 480,
                 "tokens_seen": 30000, "optimizer_steps": 30, "pending_evaluation": False, "world_size": 1}
        parts += [b"", b"", json.dumps(state, indent=2).encode()]
        write("runfolder", os.path.basename(run) + ".txt", SEP.join(parts))


def main():
    for target in ("safetensors", "modelconfig", "tokenizerjson", "vocabtxt", "bpefiles", "sentencepiece", "dataset", "runfolder",
                   "gguf", "chattemplate", "instructiondata"):
        os.makedirs(os.path.join(OUT, target), exist_ok=True)
    safetensors_seeds()
    modelconfig_seeds()
    tokenizer_seeds()
    decoder_tokenizer_seeds()
    gguf_seeds()
    chattemplate_seeds()
    instructiondata_seeds()
    dataset_seeds()
    runfolder_seeds()
    total = sum(os.path.getsize(p) for p in glob.glob(os.path.join(OUT, "*", "*")))
    print("wrote %d seeds, %d bytes, under %s" % (len(glob.glob(os.path.join(OUT, "*", "*"))), total, OUT))


if __name__ == "__main__":
    main()
