#!/usr/bin/env python3
"""Byte-level BPE fixtures of the decoder families and their Hugging Face parity goldens.

Run by hand with the reference venv:  $PY tools/make_decoder_tokenizer_goldens.py [--smollm2 FILE.gguf]
Writes  tests/data/tokenizers/<fixture>/          small tokenizers trained with `tokenizers`, each
                                                  with its family's real pre-tokenizer/normalizer/
                                                  post-processor and special tokens (committed)
          smollm-bpe-json   Digits(individual) + ByteLevel           (SmolLM2, StarCoder)
          qwen2-bpe-json    NFC + Split(Qwen2 regex) + ByteLevel     (Qwen2 / Qwen2.5)
          llama3-bpe-json   Split(Llama 3 regex) + ByteLevel, <|begin_of_text|> prepended
        tests/goldens/tokenizers/<fixture>.jsonl  (same format as tools/make_tokenizer_goldens.py)
With --smollm2: tests/goldens/tokenizers/smollm2-gguf.jsonl, ids of the real SmolLM2 vocabulary
(from the GGUF that scripts/setup.sh installs) by transformers' GGUF tokenizer, after checking that
a tokenizer rebuilt with SmolLM2's own tokenizer.json settings gives the same ids.
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_tokenizer_goldens as base  # noqa: E402  (shared corpus, test strings, golden format)

LLAMA3 = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
QWEN2 = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""


def decoder_texts():
    """Strings that matter for chat models on top of the shared ones."""
    chat = [
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi there!<|im_end|>\n<|im_start|>assistant\n",
        "<|im_start|>user\n用中文回答：北京是中国的首都吗？<|im_end|>\n<|im_start|>assistant\n是的，北京是中国的首都。<|im_end|>\n",
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n4<|eot_id|>",
        "<|endoftext|>after end",
        "<|im_start|><|im_end|><|im_start|>",
        "text<|im_end|>text",
        "Hello world",
        "Hello world!\n\n\nThree newlines, then    four spaces\tand a tab.\n",
        "def f(x):\n    return x**2  # square\n\n\nprint(f(12345))",
        "if (a == b) {\r\n\treturn 0;\r\n}",
        "Numbers: 1 12 123 1234 12345 123456 and 3.14159 and 2024-12-03",
        "DON'T WON'T I'M YOU'LL SHE'D THEY'VE WE'RE",
        "emoji in chat 😀👍🏽 — and 🇨🇳 中文 mixed 表情😂！",
        "  \n  \n",
        "\n",
        "\n\n",
        " \n",
        "a\n\nb",
        "???!!!\n\n",
        "    indented code",
        "full-width：逗号，句号。问号？",
        "1st 2nd 3rd 100th",
        "x" * 30 + "123" * 10,
    ]
    rows = []
    for name in ("alpaca_en_demo.json", "alpaca_zh_demo.json"):
        with open(base.DATA / "sft" / name, encoding="utf-8") as f:
            data = json.load(f)
        for r in data[:25]:
            rows.append(r["instruction"] + ("\n" + r["input"] if r["input"] else ""))
            rows.append(r["output"][:600])
    return chat + rows


def train(corpus, pre_tokenizer, normalizer, post_processor, specials, vocab_size=2500):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    if normalizer is not None:
        tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(corpus, trainer)
    tok.post_processor = post_processor(tok)
    return tok


def save(tok, out, config, model_type):
    out.mkdir(parents=True)
    tok.save(str(out / "tokenizer.json"))
    base.write_json(out / "tokenizer_config.json", {"tokenizer_class": "PreTrainedTokenizerFast", **config})
    base.write_json(out / "config.json", {"model_type": model_type, "vocab_size": tok.get_vocab_size()})


def make_fixtures(corpus):
    from tokenizers import Regex, normalizers, pre_tokenizers, processors

    corpus = corpus + decoder_texts()
    made = {}
    im = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    smollm = train(corpus, pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                                    pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)]),
                   None, lambda t: processors.ByteLevel(trim_offsets=False), im)
    made["smollm-bpe-json"] = (smollm, {"bos_token": "<|im_start|>", "eos_token": "<|im_end|>", "pad_token": "<|im_end|>",
                                        "unk_token": "<|endoftext|>", "model_max_length": 8192}, "llama")
    qwen = train(corpus, pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(QWEN2), behavior="isolated", invert=False),
                                                  pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)]),
                 normalizers.NFC(), lambda t: processors.ByteLevel(trim_offsets=False), im)
    made["qwen2-bpe-json"] = (qwen, {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>", "bos_token": None,
                                     "model_max_length": 32768}, "qwen2")
    l3specials = ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]

    def llama3_post(t):
        bos = t.token_to_id("<|begin_of_text|>")
        return processors.Sequence([
            processors.ByteLevel(trim_offsets=False),
            processors.TemplateProcessing(single="<|begin_of_text|> $A", pair="<|begin_of_text|> $A <|begin_of_text|>:1 $B:1",
                                          special_tokens=[("<|begin_of_text|>", bos)])])
    llama3 = train(corpus, pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(LLAMA3), behavior="isolated", invert=False),
                                                    pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)]),
                   None, llama3_post, l3specials)
    made["llama3-bpe-json"] = (llama3, {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>",
                                        "pad_token": "<|end_of_text|>", "model_max_length": 131072}, "llama")
    fixtures = {}
    for name, (tok, config, model_type) in made.items():
        out = base.FIXTURES / name
        if out.exists():
            shutil.rmtree(out)
        save(tok, out, config, model_type)
        size = sum(p.stat().st_size for p in out.iterdir())
        if size > 200_000:
            sys.exit(f"{name}: fixture is {size} bytes, over the 200 KB budget")
        fixtures[name] = out
    return fixtures


def write_goldens(name, tok, singles, pair_list):
    import transformers

    lines = base.golden_lines(tok, singles, pair_list)
    with open(base.GOLDENS / f"{name}.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"fixture": name, "tokenizer": type(tok).__name__,
                            "transformers": transformers.__version__}, ensure_ascii=False) + "\n")
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{name}: {type(tok).__name__}, {len(lines)} cases, vocab {len(tok)}")


def smollm2_goldens(path, singles):
    """Ids of the real SmolLM2 vocabulary: transformers' GGUF tokenizer, cross-checked."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import AutoTokenizer
    import gguf

    hf = AutoTokenizer.from_pretrained(str(Path(path).parent), gguf_file=Path(path).name)
    r = gguf.GGUFReader(path)
    tokens = [r.fields["tokenizer.ggml.tokens"].contents(i) for i in range(len(r.fields["tokenizer.ggml.tokens"].data))]
    merges = [tuple(m.split(" ", 1)) for m in (r.fields["tokenizer.ggml.merges"].contents(i)
                                               for i in range(len(r.fields["tokenizer.ggml.merges"].data)))]
    # SmolLM2's own tokenizer.json: Digits(individual) then ByteLevel, 17 special tokens.
    own = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(tokens)}, merges=merges))
    own.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                                 pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    own.decoder = decoders.ByteLevel()
    own.post_processor = processors.ByteLevel(trim_offsets=False)
    from tokenizers import AddedToken
    own.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in tokens[:17]])
    disagree = 0
    for s in singles:
        a = hf(s, add_special_tokens=False)["input_ids"]
        b = own.encode(s, add_special_tokens=False).ids
        if a != b:
            disagree += 1
            print(f"transformers' GGUF tokenizer and SmolLM2's settings disagree on {s[:40]!r}", file=sys.stderr)
    assert hf("Hello world", add_special_tokens=False)["input_ids"] == [19556, 905]
    import transformers
    with open(base.GOLDENS / "smollm2-gguf.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"fixture": "smollm2-gguf", "tokenizer": type(hf).__name__, "transformers": transformers.__version__,
                            "disagreements_with_own_settings": disagree}) + "\n")
        for s in singles:
            enc = own.encode(s, add_special_tokens=False)
            f.write(json.dumps({"text": s, "plain": enc.ids, "decoded": own.decode(enc.ids, skip_special_tokens=True)},
                               ensure_ascii=False) + "\n")
    print(f"smollm2-gguf: {len(singles)} cases, {disagree} disagreements between the two references")


def main():
    from transformers import AutoTokenizer

    ap = argparse.ArgumentParser()
    ap.add_argument("--smollm2", help="SmolLM2-135M-Instruct.Q4_1.gguf")
    args = ap.parse_args()
    singles = base.handcrafted() + decoder_texts() + base.dataset_samples()
    pair_list = base.pairs(singles)
    base.GOLDENS.mkdir(parents=True, exist_ok=True)
    for name, path in make_fixtures(base.training_corpus()).items():
        write_goldens(name, AutoTokenizer.from_pretrained(str(path)), singles, pair_list)
    if args.smollm2:
        smollm2_goldens(args.smollm2, singles)


if __name__ == "__main__":
    main()
