#!/usr/bin/env python3
"""Trains Hone's small tokenizer fixtures and writes Hugging Face parity goldens.

Run by hand with the reference venv:  python3 tools/make_tokenizer_goldens.py
Writes   tests/data/tokenizers/<fixture>/        (small trained tokenizers; committed)
         tests/goldens/tokenizers/<fixture>.jsonl (ids from transformers' AutoTokenizer; committed)
The default model (all-MiniLM-L6-v2) is read from ~/.local/share/hone/models and never copied.

Each golden line is one case:
  {"text": s, ["text_pair": t,] "ids": [...], "type_ids": [...], "plain": [...] (no specials),
   "offsets": [[b, e], ...] (byte offsets of "plain"), "trunc16": [...], "trunc16_type_ids": [...],
   "pad24": [...], "pad24_mask": [...], "decoded": "..." (decode(ids, skip_special_tokens=True))}
"""
import csv
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FIXTURES = ROOT / "tests" / "data" / "tokenizers"
GOLDENS = ROOT / "tests" / "goldens" / "tokenizers"
DEFAULT_MODEL = Path.home() / ".local" / "share" / "hone" / "models" / "all-MiniLM-L6-v2"


def read_texts(path, column="text", limit=None):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r[column] for r in csv.DictReader(f)]
    return rows[:limit] if limit else rows


def training_corpus():
    zh = read_texts(DATA / "chnsenticorp_htl" / "chnsenticorp_htl.csv")
    en = read_texts(DATA / "trec" / "train.csv")
    emo = read_texts(DATA / "emotion" / "train.csv", limit=3000)
    rng = random.Random(7)
    texts = zh[:2500] + en + emo
    rng.shuffle(texts)
    return texts


# ---------------------------------------------------------------- test strings
def handcrafted():
    return [
        "",
        " ",
        "   \t\n  ",
        "Hello, world!",
        "hello world",
        "HELLO WORLD",
        "The quick brown fox jumps over the lazy dog.",
        "Don't stop believin' -- it's 5 o'clock somewhere.",
        "I can't believe it's not butter!!!",
        "Café déjà vu, naïve façade, Ångström, Øre, résumé.",
        "Crème brûlée and jalapeño piñata",
        "Ärger über Öl und Übermut; straße",
        "İstanbul ıi Iİ ß ẞ ǅ ǆ",
        "Ελληνικά κείμενα και ΤΕΛΟΣ",
        "Русский текст: привет, мир!",
        "مرحبا بالعالم",
        "שלום עולם",
        "नमस्ते दुनिया",
        "สวัสดีชาวโลก",
        "こんにちは世界、カタカナとひらがな。",
        "한국어 텍스트입니다",
        "我爱自然语言处理。",
        "这家酒店的服务非常好，房间也很干净！",
        "房间很大，床有2M宽，整体感觉经济实惠不错!",
        "混合English和中文mixed text 123",
        "Beijing北京Shanghai上海",
        "繁體中文與简体中文",
        "𠀀𠀁 CJK extension B 𪚥",
        "emoji 😀😃😄 and 👍🏽 and 👨‍👩‍👧‍👦 family",
        "flags 🇨🇳🇺🇸 hearts ❤️💔",
        "https://www.example.com/path/to/page?query=1&lang=en#frag",
        "mail me at someone.name+tag@example.co.uk",
        "C:\\Users\\hone\\Documents\\file.txt",
        "3.14159 1,000,000 -42 +7 1e-10 0x1F 50% $19.99 €5,00",
        "1,2,3,4 and 12,345,678 and 9,99",
        "Call 555-0199 or (020) 7946 0958 before 2024-05-01T12:30:00Z",
        "supercalifragilisticexpialidocious",
        "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
        "a" * 99,
        "b" * 100,
        "c" * 101,
        "x" * 250 + " tail",
        "word " * 60,
        "tab\tseparated\tvalues",
        "line one\nline two\r\nline three",
        "non\u00a0breaking\u00a0space",
        "zero\u200bwidth\u200cjoiner\u200dtest\ufeffbom",
        "ideographic\u3000space and en\u2002space em\u2003space",
        "thin\u2009space narrow\u202fnbsp",
        "control\x00chars\x01here\x07bell\x1bescape\x7fdel",
        "soft\u00adhyphen and\u2028line sep\u2029para",
        "combining e\u0301 a\u0300 n\u0303 o\u0308 A\u030a",
        "ﬁ ﬂ ligatures ＦＵＬＬ ｗｉｄｔｈ １２３ ！？",
        "①②③ ⅰⅱⅲ ㎏ ㎞ ™ ℃ ½ ¼ x² H₂O",
        "``quoted'' and \"double\" and 'single' and «guillemets» and „low“",
        "punctuation!!! ??? ... ;;; ::: --- ___ ((())) [[[]]] {{{}}}",
        "math: a+b=c, x<y>z, 2*3/4^5 ~ 6 | 7 & 8 # 9 @ 10",
        "<s>special</s> [CLS] [SEP] [MASK] <mask> <pad> [UNK]",
        "hello [MASK] world",
        "The capital of France is <mask>.",
        "  leading and trailing spaces  ",
        "multiple     internal      spaces",
        "UPPER lower MiXeD CaSe",
        "snake_case camelCase kebab-case PascalCase",
        "#hashtag @mention $TICKER",
        "ellipsis… em—dash en–dash",
        "naïve coöperate",
        "ǰ ΐ ΰ",
        "\u00c5 vs A\u030a",
        "tabs\t\t\tand\u000bvertical\u000cfeed",
        "\u0085next line char",
        "lone surrogate-free but private use \ue000\uf8ff",
        "unicode replacement \ufffd char",
        "½ cup of ☕ at 7am",
        "RT @user: this is sooo goooood!!! #blessed",
        "i didnt feel humiliated",
        "What is the population of Tokyo ?",
        "10,000 people; 3,5 apples; 1,",
        "9,",
        ",9",
        "a,b",
        "▁already▁has▁meta",
        "Ġalready Ġbyte Ċlevel",
        "##suffix ##",
        "'s 't 're 've 'm 'll 'd 'S 'T",
        "it's we're they've I'm you'll he'd",
        "   ",
        ".",
        "?",
        "中",
        "😀",
    ]


def dataset_samples():
    rng = random.Random(11)
    picks = []
    for path, n in [
        (DATA / "trec" / "test.csv", 40),
        (DATA / "emotion" / "validation.csv", 40),
        (DATA / "chnsenticorp_htl" / "chnsenticorp_htl.csv", 60),
        (DATA / "sms_spam" / "sms_spam.csv", 50),
    ]:
        texts = read_texts(path)
        picks += rng.sample(texts, n)
    return picks


def pairs(singles):
    rng = random.Random(13)
    base = [
        ("How old are you?", "I am six."),
        ("这家酒店怎么样？", "很好，房间很干净。"),
        ("", "second only"),
        ("first only", ""),
        ("A long first sentence with many many many words in it to force truncation of the first part.", "short"),
        ("short", "A long second sentence with many many many words in it to force truncation of the second part."),
        ("Both of these sentences are fairly long and will need truncation.", "Indeed, the second one is also rather long and will be cut."),
        ("Café déjà vu", "naïve façade"),
        ("emoji 😀", "👍🏽 family"),
    ]
    pool = [s for s in singles if s.strip()]
    for _ in range(40):
        base.append((rng.choice(pool), rng.choice(pool)))
    return base


# ---------------------------------------------------------------- fixtures
def write_json(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def make_wordpiece_cased(corpus, out):
    from tokenizers import BertWordPieceTokenizer

    tok = BertWordPieceTokenizer(lowercase=False, strip_accents=False, handle_chinese_chars=True, clean_text=True)
    tok.train_from_iterator(corpus, vocab_size=3000, min_frequency=2, limit_alphabet=1500,
                            special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    tok.save_model(str(out))
    vocab_size = tok.get_vocab_size()
    write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "BertTokenizer", "do_lower_case": False, "tokenize_chinese_chars": True,
        "strip_accents": None, "model_max_length": 128, "unk_token": "[UNK]", "sep_token": "[SEP]",
        "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"})
    write_json(out / "config.json", {"model_type": "bert", "vocab_size": vocab_size})


def make_bpe(corpus, out, with_json):
    from tokenizers import ByteLevelBPETokenizer

    tok = ByteLevelBPETokenizer(add_prefix_space=False)
    tok.train_from_iterator(corpus, vocab_size=3000, min_frequency=2,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    tmp = Path(tempfile.mkdtemp())
    tok.save_model(str(tmp))
    vocab_size = tok.get_vocab_size()
    config = {"tokenizer_class": "RobertaTokenizer", "add_prefix_space": with_json, "model_max_length": 512,
              "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
              "unk_token": "<unk>", "pad_token": "<pad>",
              "mask_token": "<mask>"}
    if not with_json:
        shutil.copy(tmp / "vocab.json", out / "vocab.json")
        shutil.copy(tmp / "merges.txt", out / "merges.txt")
        write_json(out / "tokenizer_config.json", config)
    else:
        from transformers import AutoTokenizer

        write_json(tmp / "tokenizer_config.json", config)
        write_json(tmp / "config.json", {"model_type": "roberta", "vocab_size": vocab_size})
        hf = AutoTokenizer.from_pretrained(str(tmp))
        hf.save_pretrained(str(out))
        for extra in ("vocab.json", "merges.txt", "special_tokens_map.json", "chat_template.jinja"):
            if (out / extra).exists():
                (out / extra).unlink()
    write_json(out / "config.json", {"model_type": "roberta", "vocab_size": vocab_size})
    shutil.rmtree(tmp)


NORMALIZATION_RULES = (
    # A small user-defined rule set (nmt_nfkc's table alone is ~240 KB): full-width ASCII,
    # odd spaces, ligatures, circled digits and one composed sequence, enough to exercise the
    # precompiled charsmap (a Darts trie plus replacement strings) that SentencePiece embeds.
    [(f"{c:X}", f"{c - 0xFEE0:X}") for c in range(0xFF01, 0xFF5F)]
    + [("A0", "20"), ("3000", "20"), ("2002", "20"), ("2003", "20"), ("2009", "20"), ("202F", "20"),
       ("9", "20"), ("A", "20"), ("D", "20"), ("FB01", "66 69"), ("FB02", "66 6C"), ("2026", "2E 2E 2E"),
       ("2460", "31"), ("2461", "32"), ("2462", "33"), ("2122", "54 4D"), ("41 30A", "C5"),
       ("65 301", "E9"), ("201C", "22"), ("201D", "22"), ("2019", "27")]
)


def spm_train(corpus, prefix, **kwargs):
    import sentencepiece as spm

    text = Path(tempfile.mkdtemp()) / "corpus.txt"
    text.write_text("\n".join(t.replace("\n", " ") for t in corpus), encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(text), model_prefix=str(prefix), minloglevel=2,
                                   character_coverage=0.9995, num_threads=1, **kwargs)
    shutil.rmtree(text.parent)


def make_albert(corpus, out):
    rules = Path(tempfile.mkdtemp()) / "rules.tsv"
    rules.write_text("".join(f"{a}\t{b}\n" for a, b in NORMALIZATION_RULES), encoding="utf-8")
    tmp = Path(tempfile.mkdtemp())
    spm_train(corpus, tmp / "spiece", vocab_size=3000, model_type="unigram", pad_id=0, unk_id=1, bos_id=-1,
              eos_id=-1, control_symbols=["[CLS]", "[SEP]", "[MASK]"], normalization_rule_tsv=str(rules))
    shutil.copy(tmp / "spiece.model", out / "spiece.model")
    shutil.rmtree(tmp)
    shutil.rmtree(rules.parent)
    write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "AlbertTokenizer", "do_lower_case": True, "keep_accents": False,
        "remove_space": True, "model_max_length": 512, "bos_token": "[CLS]", "eos_token": "[SEP]",
        "unk_token": "<unk>", "sep_token": "[SEP]", "pad_token": "<pad>", "cls_token": "[CLS]",
        "mask_token": "[MASK]"})
    write_json(out / "config.json", {"model_type": "albert", "vocab_size": 3000})


def make_xlmr(corpus, out):
    tmp = Path(tempfile.mkdtemp())
    # fairseq's layout inside the .model: <unk>=0 <s>=1 </s>=2; HF shifts by one and adds <pad>, <mask>.
    spm_train(corpus, tmp / "sentencepiece.bpe", vocab_size=3000, model_type="bpe",
              normalization_rule_name="identity")
    shutil.copy(tmp / "sentencepiece.bpe.model", out / "sentencepiece.bpe.model")
    shutil.rmtree(tmp)
    write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512, "bos_token": "<s>", "eos_token": "</s>",
        "sep_token": "</s>", "cls_token": "<s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "mask_token": "<mask>"})
    write_json(out / "config.json", {"model_type": "xlm-roberta", "vocab_size": 3002})


# ---------------------------------------------------------------- goldens
def byte_offsets(text, char_offsets):
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + len(ch.encode("utf-8")))
    return [[prefix[b], prefix[e]] for b, e in char_offsets]


def golden_lines(tok, singles, pair_list):
    lines = []
    for s in singles:
        full = tok(s)
        plain = tok(s, add_special_tokens=False, return_offsets_mapping=True)
        trunc = tok(s, truncation=True, max_length=16)
        pad = tok(s, truncation=True, max_length=24, padding="max_length")
        lines.append({
            "text": s,
            "ids": full["input_ids"],
            "type_ids": full.get("token_type_ids"),
            "plain": plain["input_ids"],
            "offsets": byte_offsets(s, plain["offset_mapping"]),
            "trunc16": trunc["input_ids"],
            "pad24": pad["input_ids"],
            "pad24_mask": pad["attention_mask"],
            "decoded": tok.decode(full["input_ids"], skip_special_tokens=True),
        })
    for a, b in pair_list:
        full = tok(a, b)
        trunc = tok(a, b, truncation="longest_first", max_length=16)
        lines.append({
            "text": a,
            "text_pair": b,
            "ids": full["input_ids"],
            "type_ids": full.get("token_type_ids"),
            "trunc16": trunc["input_ids"],
            "trunc16_type_ids": trunc.get("token_type_ids"),
            "decoded": tok.decode(full["input_ids"], skip_special_tokens=True),
        })
    return lines


def main():
    import transformers
    from transformers import AutoTokenizer

    corpus = training_corpus()
    builders = {
        "wordpiece-cased-zh": make_wordpiece_cased,
        "bpe-roberta": lambda c, o: make_bpe(c, o, with_json=False),
        "bpe-roberta-json": lambda c, o: make_bpe(c, o, with_json=True),
        "albert-unigram": make_albert,
        "xlmr-bpe": make_xlmr,
    }
    fixtures = {}
    for name, build in builders.items():
        out = FIXTURES / name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        build(corpus, out)
        size = sum(p.stat().st_size for p in out.iterdir())
        if size > 200_000:
            sys.exit(f"{name}: fixture is {size} bytes, over the 200 KB budget")
        fixtures[name] = out
    if DEFAULT_MODEL.exists():
        fixtures = {"all-MiniLM-L6-v2": DEFAULT_MODEL, **fixtures}
    else:
        print(f"warning: {DEFAULT_MODEL} absent; its goldens are not regenerated", file=sys.stderr)

    singles = handcrafted() + dataset_samples()
    pair_list = pairs(singles)
    GOLDENS.mkdir(parents=True, exist_ok=True)
    for name, path in fixtures.items():
        tok = AutoTokenizer.from_pretrained(str(path))
        lines = golden_lines(tok, singles, pair_list)
        with open(GOLDENS / f"{name}.jsonl", "w", encoding="utf-8") as f:
            f.write(json.dumps({"fixture": name, "tokenizer": type(tok).__name__,
                                "transformers": transformers.__version__}, ensure_ascii=False) + "\n")
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"{name}: {type(tok).__name__}, {len(lines)} cases, vocab {len(tok)}")


if __name__ == "__main__":
    main()
