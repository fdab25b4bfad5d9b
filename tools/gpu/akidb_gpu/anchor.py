"""`python3 -m akidb_gpu anchor`: sentence-transformers and bare torch on the same weights, as the yardstick.

- texts/s end to end: `SentenceTransformer.encode(texts, batch_size=B)` (tokenise, sort by length, run,
  pool, normalise, copy to the host), best of `reps` passes after one warm-up pass;
- batch 1 latency: p50 of single-text `encode` calls;
- tokens/s at 128-token rows: the bare `BertModel` on `[B, 128]` random ids, fp32 and (on CUDA) fp16.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from .build import read_texts
from .random_model import load_st


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()


def texts_per_second(st, texts: list[str], batches: list[int], reps: int, device: str) -> list[dict]:
    rows = []
    for batch in batches:
        st.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True)
        best = float("inf")
        for _ in range(reps):
            _sync(device)
            started = time.perf_counter()
            st.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True)
            _sync(device)
            best = min(best, time.perf_counter() - started)
        row = {"batch": batch, "textsPerSecond": len(texts) / best, "seconds": best}
        if batch == 1:
            latencies = []
            for text in texts[: min(len(texts), 200)]:
                started = time.perf_counter()
                st.encode([text], batch_size=1, normalize_embeddings=True, convert_to_numpy=True)
                latencies.append((time.perf_counter() - started) * 1000)
            row["p50Ms"] = statistics.median(latencies)
        rows.append(row)
    return rows


def tokens_per_second(hf_dir: Path, rows: list[int], seq: int, reps: int, device: str) -> list[dict]:
    import torch
    from transformers import AutoModel

    out = []
    dtypes = [("fp32", torch.float32)] + ([("fp16", torch.float16)] if device.startswith("cuda") else [])
    for label, dtype in dtypes:
        model = AutoModel.from_pretrained(str(hf_dir), local_files_only=True, dtype=dtype).to(device).eval()
        for batch in rows:
            ids = torch.randint(1000, 30000, (batch, seq), device=device)
            mask = torch.ones_like(ids)
            with torch.inference_mode():
                for _ in range(2):
                    model(input_ids=ids, attention_mask=mask)
                _sync(device)
                started = time.perf_counter()
                for _ in range(reps):
                    model(input_ids=ids, attention_mask=mask)
                _sync(device)
            seconds = (time.perf_counter() - started) / reps
            out.append({"precision": label, "batch": batch, "seq": seq, "tokensPerSecond": batch * seq / seconds})
        del model
    return out


def run_anchor(
    work: Path, texts_path: Path, count: int, batches: list[int], rows: list[int], reps: int, device: str
) -> dict:
    import torch

    texts = read_texts(texts_path, count)
    st = load_st(work / "model", device)
    result = {
        "device": device,
        "gpu": torch.cuda.get_device_name(0) if device.startswith("cuda") else None,
        "torch": torch.__version__,
        "texts": len(texts),
        "textsPerSecond": texts_per_second(st, texts, batches, reps, device),
        "tokensPerSecond": tokens_per_second(work / "model" / "hf", rows, 128, max(3, reps * 3), device),
    }
    (work / "anchor.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result
