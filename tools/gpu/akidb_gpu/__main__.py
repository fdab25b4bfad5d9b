"""Command line: `python3 -m akidb_gpu build|anchor ...` (run from tools/gpu, or with it on PYTHONPATH)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="akidb_gpu")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="random-weight MiniLM, ONNX variants, reference embeddings")
    build.add_argument("--tokenizer", type=Path, required=True, help="folder with all-MiniLM-L6-v2's tokenizer.json")
    build.add_argument("--work", type=Path, required=True)
    build.add_argument("--texts", type=Path, required=True)
    build.add_argument("--count", type=int, default=2048)
    build.add_argument("--device", default="cuda")
    build.add_argument("--variants", default="", help="comma-separated; default all")
    anchor = sub.add_parser("anchor", help="sentence-transformers and torch timings on the same weights")
    anchor.add_argument("--work", type=Path, required=True)
    anchor.add_argument("--texts", type=Path, required=True)
    anchor.add_argument("--count", type=int, default=2048)
    anchor.add_argument("--device", default="cuda")
    anchor.add_argument("--batches", type=_ints, default=[1, 8, 32, 128, 256])
    anchor.add_argument("--rows", type=_ints, default=[1, 8, 32, 128, 256])
    anchor.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)

    if args.command == "build":
        from .build import DEFAULT_VARIANTS, run_build

        variants = [v for v in args.variants.split(",") if v] or DEFAULT_VARIANTS
        summary = run_build(args.tokenizer, args.work, args.texts, args.count, args.device, variants)
        print(json.dumps({"cpuParityMinCosine": summary["cpuParityMinCosine"], "seconds": summary["seconds"]}))
    else:
        from .anchor import run_anchor

        result = run_anchor(args.work, args.texts, args.count, args.batches, args.rows, args.reps, args.device)
        print(json.dumps({"textsPerSecond": result["textsPerSecond"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
