"""Time sentence-transformers on torch CPU, for apps/bench's `bench:qwen` (the same texts and threads).

    $AKIDB_HOME/venv/bin/python tools/models/bench_sentence_transformers.py MODEL_DIR TEXTS_JSON \\
        --threads 2 --batch-sizes 1,8,32 --seconds 20 --min-calls 5

Prints one JSON object: cold load time, RSS, and per batch size the p50/p95 latency of
`SentenceTransformer.encode(batch, batch_size=len(batch), normalize_embeddings=True)` and texts/s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def rss_mb(key: str = "VmRSS:") -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir")
    parser.add_argument("texts_json", help="a JSON list of strings")
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--batch-sizes", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--min-calls", type=int, default=5)
    args = parser.parse_args(argv)

    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    import sentence_transformers
    import transformers
    from sentence_transformers import SentenceTransformer

    with open(args.texts_json, encoding="utf-8") as handle:
        texts = json.load(handle)
    started = time.perf_counter()
    model = SentenceTransformer(args.model_dir, device="cpu", local_files_only=True)
    cold_load_ms = (time.perf_counter() - started) * 1000
    loaded_rss = rss_mb()
    cells = []
    with torch.inference_mode():
        for batch_size in [int(b) for b in args.batch_sizes.split(",")]:
            batches = [[texts[(k * batch_size + i) % len(texts)] for i in range(batch_size)] for k in range(8)]
            encode = lambda batch: model.encode(  # noqa: E731
                batch, batch_size=len(batch), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
            encode(batches[0])
            times = []
            deadline = time.perf_counter() + args.seconds
            k = 0
            while len(times) < args.min_calls or time.perf_counter() < deadline:
                t0 = time.perf_counter()
                encode(batches[k % len(batches)])
                times.append((time.perf_counter() - t0) * 1000)
                k += 1
            p50 = float(np.percentile(times, 50))
            cells.append(
                {
                    "batchSize": batch_size,
                    "calls": len(times),
                    "p50Ms": p50,
                    "p95Ms": float(np.percentile(times, 95)),
                    "textsPerSecond": batch_size * 1000 / p50,
                }
            )
    print(
        json.dumps(
            {
                "threads": args.threads,
                "coldLoadMs": cold_load_ms,
                "loadedRssMB": loaded_rss,
                "peakRssMB": rss_mb("VmHWM:"),
                "cells": cells,
                "versions": {
                    "torch": torch.__version__,
                    "transformers": transformers.__version__,
                    "sentence-transformers": sentence_transformers.__version__,
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
