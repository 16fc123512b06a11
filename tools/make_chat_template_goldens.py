#!/usr/bin/env python3
"""Chat template goldens: what transformers' apply_chat_template renders (its render_jinja_template:
jinja2 sandbox, trim_blocks, lstrip_blocks, loopcontrols, its tojson) for each template in
tests/data/chat_templates/ and each conversation below, with and without add_generation_prompt.

Usage: $PY tools/make_chat_template_goldens.py [--smollm2 FILE.gguf]
  --smollm2  (re)writes tests/data/chat_templates/smollm2.jinja from the GGUF's tokenizer.chat_template
Writes tests/goldens/chat_templates/<template>.jsonl: a header line {"bos_token", "eos_token"}, then per
case {"messages", "add_generation_prompt", "extra", "rendered"} or {"...", "error": jinja2's message}.
"""
import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "tests" / "data" / "chat_templates"
GOLDENS = ROOT / "tests" / "goldens" / "chat_templates"

SPECIALS = {
    "smollm2": ("<|im_start|>", "<|im_end|>"),
    "qwen2.5": ("", "<|im_end|>"),
    "llama3": ("<|begin_of_text|>", "<|eot_id|>"),
    "gemma": ("<bos>", "<eos>"),
    "chatml": ("<s>", "</s>"),
    "features": ("<BOS>", "<EOS>"),
}

SYSTEM = {"role": "system", "content": "You are a concise assistant. 回答要简洁。"}
CONVERSATIONS = [
    [{"role": "user", "content": "Hello world"}],
    [{"role": "user", "content": "What is the capital of France?"}, {"role": "assistant", "content": "The capital of France is Paris."}],
    [SYSTEM, {"role": "user", "content": "Say hi"}, {"role": "assistant", "content": "Hi!"}],
    [{"role": "user", "content": "  padded question with trailing newline\n"}, {"role": "assistant", "content": "\n padded answer  "}],
    [{"role": "user", "content": "请用中文解释什么是机器学习。"},
     {"role": "assistant", "content": "机器学习是人工智能的一个分支，让计算机从数据中学习规律。"},
     {"role": "user", "content": "举一个例子 😀"},
     {"role": "assistant", "content": "例如：垃圾邮件过滤器 📧 会从标注过的邮件中学习。"}],
    [SYSTEM, {"role": "user", "content": "one"}, {"role": "assistant", "content": "two"},
     {"role": "user", "content": "three four five"}, {"role": "assistant", "content": "six"},
     {"role": "user", "content": "emoji 👍🏽🇨🇳 and \"quotes\" and 'apostrophes' and \\backslash"}],
    [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}],
    [{"role": "user", "content": "Line one\nLine two\n\n    indented\ttab"}],
    [{"role": "assistant", "content": "I start the conversation."}],
    [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}],
    [SYSTEM, {"role": "tool", "content": "odd role"}],
]
QWEN_TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "天气 lookup",
                                                 "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                                                                "required": ["city"]}}}]
QWEN_TOOL_CHAT = [
    {"role": "user", "content": "Weather in 北京?"},
    {"role": "assistant", "content": "", "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "北京"}}}]},
    {"role": "tool", "content": "{\"temp\": 21.5}"},
    {"role": "tool", "content": "sunny"},
    {"role": "assistant", "content": "It is 21.5 °C and sunny."},
]


def main():
    from transformers.utils.chat_template_utils import render_jinja_template

    ap = argparse.ArgumentParser()
    ap.add_argument("--smollm2")
    args = ap.parse_args()
    if args.smollm2:
        import gguf
        r = gguf.GGUFReader(args.smollm2)
        (TEMPLATES / "smollm2.jinja").write_text(r.fields["tokenizer.chat_template"].contents(), encoding="utf-8")
    GOLDENS.mkdir(parents=True, exist_ok=True)
    for path in sorted(TEMPLATES.glob("*.jinja")):
        name = path.stem
        template = path.read_text(encoding="utf-8")
        bos, eos = SPECIALS[name]
        cases = [(c, {}) for c in CONVERSATIONS]
        if name == "qwen2.5":
            cases += [(QWEN_TOOL_CHAT, {"tools": QWEN_TOOLS}), (QWEN_TOOL_CHAT[:1], {"tools": QWEN_TOOLS})]
        lines = [{"template": name, "bos_token": bos, "eos_token": eos}]
        for messages, extra in cases:
            for gen in (False, True):
                case = {"messages": messages, "add_generation_prompt": gen, "extra": extra}
                kwargs = {"bos_token": bos, "eos_token": eos} if bos else {"eos_token": eos}
                try:
                    rendered, _ = render_jinja_template(conversations=[messages], chat_template=template,
                                                        add_generation_prompt=gen, tools=extra.get("tools"), **kwargs)
                    case["rendered"] = rendered[0]
                except Exception as e:  # the template's raise_exception or a jinja2 error: the message is the golden
                    case["error"] = str(e)
                lines.append(case)
        with open(GOLDENS / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"{name}: {len(lines) - 1} cases, {sum('error' in l for l in lines[1:])} errors")


if __name__ == "__main__":
    main()
