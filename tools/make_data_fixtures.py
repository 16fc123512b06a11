#!/usr/bin/env python3
"""Writes the small dataset fixtures in tests/data/datasets/ (run by hand; outputs are committed).

Encodings are produced with Python's codecs so the C++ decoder is checked against an
independent implementation."""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "datasets")


def write(name, data):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


ZH_ROWS = [("这家酒店很好，服务周到", "正面"), ("房间太小了，而且很吵", "负面"), ("早餐不错，位置方便", "正面"),
           ("再也不来了", "负面")]


def main():
    # RFC 4180: quoted delimiters, doubled quotes, an embedded CRLF and LF, CRLF line ends.
    write("quoted.csv", (
        'text,label\r\n'
        '"Hello, world",greeting\r\n'
        '"She said ""hi"" to me",quote\r\n'
        '"line one\r\nline two",multi\r\n'
        'plain text,greeting\r\n'
        '"third\nline",multi\r\n'
    ).encode())
    write("bom.csv", b"\xef\xbb\xbf" + "text,label\ncafé au lait,drink\nthé vert,drink\npain,food\n".encode())
    write("semicolon.csv", "sentence;sentiment\n\"a; b\";pos\nc, d;neg\ne;pos\n".encode())
    write("pipe.csv", "review|label\ngood, really|1\nbad|0\nfine|1\n".encode())
    write("tabs.tsv", "text\tlabel\nfirst one\ta\n\"quoted\ttab\"\tb\nthird\ta\n".encode())
    zh = "text,label\n" + "".join(f"{t},{l}\n" for t, l in ZH_ROWS)
    write("utf16le.csv", b"\xff\xfe" + zh.encode("utf-16-le"))
    write("utf16be.csv", b"\xfe\xff" + zh.encode("utf-16-be"))
    write("zh_utf8.csv", zh.encode("utf-8"))
    write("gb18030.csv", (zh + "生僻字𠀀测试,正面\n").encode("gb18030"))  # U+20000 needs GB18030's 4-byte form
    write("gbk.csv", zh.encode("gbk"))
    # A UTF-8 file with one row pasted from a GBK source (line 4).
    lines = zh.splitlines(keepends=True)
    write("mixed.csv", b"".join(l.encode("gbk") if i == 3 else l.encode("utf-8") for i, l in enumerate(lines)))
    write("unterminated.csv", 'text,label\nfine,a\n"starts here,b\nmore,a\nand more,b\n'.encode())
    write("pairs.csv", "sentence1,sentence2,label\nA man eats.,Someone eats.,entailment\n"
                       "A dog runs.,A cat sleeps.,contradiction\nIt rains.,The sky is wet.,neutral\n".encode())
    rows = [{"text": "great film", "label": "pos"}, {"text": "awful", "label": "neg"},
            {"text": "", "label": "pos"}, {"text": "no label here", "label": None},
            {"text": "fine", "label": "pos", "extra": 3}]
    write("reviews.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode())
    int_rows = [{"sentence": f"row {i}", "label": i % 3 * 5} for i in range(9)]  # labels 0, 5, 10
    write("intlabels.jsonl", "".join(json.dumps(r) + "\n" for r in int_rows).encode())
    for cls, texts in {"pos": ["I loved it.\n", "Great!\n"], "neg": ["Boring.\n", "Terrible plot.\n", "   \n"]}.items():
        for i, t in enumerate(texts):
            write(f"folder/{cls}/{i:03d}.txt", t.encode())
    write("folder/README.md", b"not a class folder\n")


if __name__ == "__main__":
    main()
