#!/usr/bin/env python3
"""Goldens for Hone's metrics of generated answers (core/eval/textmetrics.cpp), run by hand;
output committed.

Usage: python3 tools/make_textmetrics_goldens.py [--python PY]
       (PY, or $HONE_PYTHON, is a Python with sacrebleu and rouge-score; the script re-runs itself
       with it when the running Python lacks them)

References:
  exact match, F1   SQuAD v1.1's official evaluation functions (what `evaluate`'s "squad" runs),
                    written out below; 0-100, best over the references.
  ROUGE-1/2/L       rouge_score.rouge_scorer.RougeScorer(use_stemmer=False).score_multi (what
                    `evaluate`'s "rouge" runs), with the default tokenizer and with a CJK tokenizer
                    (rouge-score's [a-z0-9]+ tokens plus every CJK ideograph of BERT's ranges).
                    Corpus figure: the mean F-measure.
  BLEU              sacrebleu.BLEU() (13a, exp smoothing, 4-grams) and BLEU(tokenize="zh"),
                    corpus_score with the references as streams (None where an answer has fewer).
Writes tests/goldens/metrics/textmetrics.json."""
import json
import os
import re
import string
import sys
from collections import Counter


def ensure_packages():
    try:
        import rouge_score  # noqa: F401
        import sacrebleu  # noqa: F401
        return
    except ImportError:
        pass
    python = os.environ.get("HONE_PYTHON")
    if "--python" in sys.argv:
        python = sys.argv[sys.argv.index("--python") + 1]
    if not python or os.environ.get("HONE_GOLDENS_REEXEC"):
        sys.exit("needs sacrebleu and rouge-score: pass --python PY or set HONE_PYTHON")
    os.environ["HONE_GOLDENS_REEXEC"] = "1"  # a python without them must not loop
    args = [a for i, a in enumerate(sys.argv[1:]) if a != "--python" and sys.argv[i] != "--python"]
    os.execv(python, [python, os.path.abspath(__file__)] + args)


ensure_packages()
import rouge_score  # noqa: E402
import sacrebleu  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "tests", "goldens", "metrics", "textmetrics.json")


# SQuAD v1.1 evaluation (evaluate-v1.1.py).
def normalize_answer(s):
    def remove_articles(text):
        return re.sub(r"\b(a|an|the)\b", " ", text)

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_articles(remove_punc(s.lower())))


def f1_score(prediction, ground_truth):
    prediction_tokens = normalize_answer(prediction).split()
    ground_truth_tokens = normalize_answer(ground_truth).split()
    common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(prediction_tokens)
    recall = 1.0 * num_same / len(ground_truth_tokens)
    return (2 * precision * recall) / (precision + recall)


def exact_match_score(prediction, ground_truth):
    return normalize_answer(prediction) == normalize_answer(ground_truth)


def metric_max_over_ground_truths(metric_fn, prediction, ground_truths):
    return max(metric_fn(prediction, gt) for gt in ground_truths)


# BERT's CJK ideograph ranges (transformers' BasicTokenizer._is_chinese_char).
CJK = ("\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002a6df\U0002a700-\U0002b73f\U0002b740-\U0002b81f"
       "\U0002b820-\U0002ceaf\uf900-\ufaff\U0002f800-\U0002fa1f")


class CjkTokenizer:
    """rouge-score's default tokens ([a-z0-9]+ after lower()) plus one token per CJK ideograph."""
    pattern = re.compile("[a-z0-9]+|[" + CJK + "]")

    def tokenize(self, text):
        return self.pattern.findall(text.lower())


LONG_EN = ("The committee met on Tuesday, 4 March 2025, to review the budget of $1,250.50 for the "
           "new library; members argued that the east wing (built in 1890) needed repairs first. "
           "After a long debate - some 3-4 hours - they voted 7-2 to fund the repairs, and the "
           "chair said: \"We will revisit the rest next year.\" ") * 6
LONG_EN_PRED = LONG_EN.replace("Tuesday", "Wednesday").replace("repairs first", "new shelves").replace("7-2", "6-3")
LONG_ZH = ("\u4eca\u5929\u5929\u6c14\u5f88\u597d\uff0c\u6211\u4eec\u53bb\u516c\u56ed\u6563\u6b65\u3002"
           "\u516c\u56ed\u91cc\u6709\u5f88\u591a\u4eba\u5728\u8df3\u821e\uff0c\u8fd8\u6709\u5b69\u5b50\u5728\u653e\u98ce\u7b5d\u3002") * 8
LONG_ZH_PRED = LONG_ZH.replace("\u6563\u6b65", "\u8dd1\u6b65").replace("\u8df3\u821e", "\u5531\u6b4c")


def cases():
    """(name, predictions, references per prediction)."""
    yield "english-qa", ["Paris", "the Eiffel Tower", "in 1889", "Denver Broncos", "two"], \
        [["Paris"], ["Eiffel Tower", "The Eiffel tower"], ["1889"], ["Denver Broncos", "The Broncos"], ["2", "two"]]
    yield "english-summaries", [
        "The cat sat on the mat.",
        "police killed the gunman",
        "A quick brown fox jumps over the lazy dog near the river bank.",
        "It's a 3.5% rise, the bank said on Monday.",
    ], [
        ["The cat was sitting on the mat."],
        ["police kill the gunman", "the gunman was shot down by police"],
        ["The quick brown fox jumped over the lazy dog by the bank of the river."],
        ["The bank said on Monday it was a 3.5% rise."],
    ]
    yield "translation-en", [
        "The weather is nice today, so we go to the park.",
        "He said: \"I don't know.\"",
        "Prices rose by 1,000.5 dollars in 2020-2021.",
    ], [
        ["Today the weather is good, so we are going to the park.", "The weather is fine today; we go to the park."],
        ["He said, \"I do not know.\""],
        ["Prices went up 1,000.5 dollars in 2020-2021."],
    ]
    yield "chinese", [
        "\u4eca\u5929\u5929\u6c14\u5f88\u597d\uff0c\u6211\u4eec\u53bb\u516c\u56ed\u3002",
        "\u5317\u4eac\u662f\u4e2d\u56fd\u7684\u9996\u90fd",
        "\u4ed6\u8bf4\uff1a\u201c\u6211\u4e0d\u77e5\u9053\u3002\u201d",
        "\u6211\u559c\u6b22\u5403\u82f9\u679c\u548c\u9999\u8549",
    ], [
        ["\u4eca\u5929\u5929\u6c14\u4e0d\u9519\uff0c\u6211\u4eec\u53bb\u516c\u56ed\u6563\u6b65\u3002"],
        ["\u4e2d\u56fd\u7684\u9996\u90fd\u662f\u5317\u4eac", "\u5317\u4eac"],
        ["\u4ed6\u8bf4\uff1a\u201c\u6211\u4e0d\u6e05\u695a\u3002\u201d"],
        ["\u6211\u559c\u6b22\u5403\u9999\u8549"],
    ]
    yield "mixed-chinese-english", [
        "GPT-4\u6a21\u578b\u57282023\u5e74\u53d1\u5e03",
        "\u4f7f\u7528 PyTorch \u8bad\u7ec3 BERT \u6a21\u578b",
        "iPhone 15 Pro \u552e\u4ef7 7999 \u5143",
    ], [
        ["GPT-4\u6a21\u578b\u4e8e2023\u5e74\u53d1\u5e03"],
        ["\u7528 PyTorch \u8bad\u7ec3 BERT"],
        ["iPhone 15 Pro \u7684\u4ef7\u683c\u662f 7999 \u5143"],
    ]
    yield "emoji", [
        "I love it \U0001F600\U0001F600",
        "\U0001F44D great job \U0001F389",
        "\u2764\ufe0f",
        "\U0001F468\u200d\U0001F469\u200d\U0001F467 family time",
    ], [
        ["I love it \U0001F600"],
        ["great job \U0001F389\U0001F389"],
        ["\u2764\ufe0f"],
        ["family time \U0001F468\u200d\U0001F469\u200d\U0001F467"],
    ]
    yield "empty-prediction", ["", "an answer", ""], [["something"], ["an answer"], [""]]
    yield "empty-reference", ["something", "", "the"], [[""], [""], ["a"]]
    yield "all-empty", ["", ""], [[""], ["", ""]]
    yield "multiple-references", [
        "the big red ball",
        "she went home early",
        "42",
    ], [
        ["a large red ball", "the big red ball", "a red ball"],
        ["she left early", "she went home", "early, she went home", "she went home early today"],
        ["forty-two", "42.", "the answer is 42"],
    ]
    yield "punctuation-only", ["...", "!?!", "\u3002\uff0c\uff01", "- -"], [["..."], ["?"], ["\u3002"], ["--"]]
    yield "long-texts", [LONG_EN_PRED, LONG_ZH_PRED], [[LONG_EN], [LONG_ZH]]
    yield "unicode-edge", [
        "\u0130stanbul \u039f\u0394\u039f\u03a3 \u212a",
        "Caf\u00e9 na\u00efve r\u00e9sum\u00e9",
        "the\u0301 cat a\u00a0dog\u3000an_owl",
        "\u00bd price\u2014now \u201cfree\u201d",
        "tab\there\u2003em\u2028line\x1cfs",
        "\U00020000\U0002a6d6\u2000\u2001\u2a6d \u2f81\u2fa1\u2fa2",
    ], [
        ["istanbul \u03bf\u03b4\u03bf\u03c2 k"],
        ["cafe naive resume", "Caf\u00e9 na\u00efve"],
        ["cat dog an_owl"],
        ["\u00bd price now free"],
        ["tab here em line fs"],
        ["\U00020000 \u2001 \u2f81"],
    ]
    yield "sacrebleu-13a-edge", [
        "a.b,c 1.5 1,000 x. y, 3-4 a-b <skipped> &amp;quot; &lt;tag&gt; A&B",
        "end with period .",
        "line-\nbreak\nhere  ",
        "  leading and trailing spaces   ",
        "[brackets] {braces} ~tilde^ `back` _under_ |pipe| @at #hash $dollar %pct 'quote' \"dq\"",
    ], [
        ["a.b, c 1.5 1,000 x. y, 3 - 4 a-b &quot; <tag> A&B"],
        ["end with period."],
        ["linebreak here"],
        ["leading and trailing spaces"],
        ["[brackets] {braces} ~tilde^ `back` _under_ |pipe| @at #hash $dollar %pct 'quote' \"dq\""],
    ]
    yield "no-bigram-match", ["alpha beta", "gamma"], [["beta alpha"], ["delta gamma"]]


def rouge_dict(score):
    return {"precision": score.precision, "recall": score.recall, "fmeasure": score.fmeasure}


def main():
    scorers = {"default": rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False),
               "cjk": rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=CjkTokenizer())}
    out_cases = []
    for name, predictions, references in cases():
        assert len(predictions) == len(references)
        answers = []
        for p, refs in zip(predictions, references):
            answer = {"normalized": normalize_answer(p),
                      "exact_match": bool(metric_max_over_ground_truths(exact_match_score, p, refs)),
                      "f1": float(metric_max_over_ground_truths(f1_score, p, refs)),
                      "bleu_tokens": {"13a": sacrebleu.BLEU(tokenize="13a")._preprocess_segment(p),
                                      "zh": sacrebleu.BLEU(tokenize="zh")._preprocess_segment(p)}}
            for tok, scorer in scorers.items():
                answer["rouge_tokens_" + tok] = scorer._tokenizer.tokenize(p)
                best = scorer.score_multi(refs, p)
                answer["rouge_" + tok] = {k: rouge_dict(v) for k, v in best.items()}
            answers.append(answer)
        n = len(predictions)
        corpus = {"exact_match": 100.0 * sum(a["exact_match"] for a in answers) / n,
                  "f1": 100.0 * sum(a["f1"] for a in answers) / n}
        for tok in scorers:
            for kind in ("rouge1", "rouge2", "rougeL"):
                corpus["%s_%s" % (kind, tok)] = sum(a["rouge_" + tok][kind]["fmeasure"] for a in answers) / n
        streams = [[refs[k] if k < len(refs) else None for refs in references]
                   for k in range(max(len(r) for r in references))]
        for tok in ("13a", "zh"):
            b = sacrebleu.BLEU(tokenize=tok).corpus_score(predictions, streams)
            corpus["bleu_" + tok] = {"score": b.score, "precisions": list(b.precisions), "bp": b.bp,
                                     "sys_len": b.sys_len, "ref_len": b.ref_len, "counts": list(b.counts),
                                     "totals": list(b.totals)}
        out_cases.append({"name": name, "predictions": predictions, "references": references,
                          "answers": answers, "corpus": corpus})
    doc = {"generator": "tools/make_textmetrics_goldens.py",
           "versions": {"sacrebleu": sacrebleu.__version__,
                        "rouge_score": getattr(rouge_score, "__version__", "0.1.2"),
                        "python": sys.version.split()[0]},
           "cases": out_cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote %d cases, %d answers, to %s" % (len(out_cases), sum(len(c["answers"]) for c in out_cases), OUT))


if __name__ == "__main__":
    main()
