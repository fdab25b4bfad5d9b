"""Parity of an ONNX variant against the sentence-transformers reference, under several batchings."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .common import fail, log

# Minimum cosine (per sentence) and mean cosine against the fp32 sentence-transformers reference.
BARS = {
    "fp32": (0.9999, 0.9999),
    "fp16": (0.999, 0.999),
    "int8": (0.99, 0.995),
}
# Quantized results depend on the batch a sentence runs in (dynamic activation ranges, padding included),
# so every variant is measured in order by 8 (as sentence-transformers batches), one sentence per run, and
# in the runtime's plan (longest first, batches of 32). The minimum over the three is what counts.
BATCHINGS = ("in-order-8", "single", "longest-first-32")


def variant_parity(
    label: str,
    onnx_path: Path,
    st_model,
    sentences: list[str],
    pipeline: dict,
    reference: np.ndarray,
    bar: tuple[float, float],
) -> dict:
    """Cosine per sentence in every batching; raises unless min >= bar[0] and mean >= bar[1] in all."""
    from .export import cosine_rows, onnx_sentence_embeddings

    parity = {}
    by_batching = {}
    for batching in BATCHINGS:
        emb = onnx_sentence_embeddings(onnx_path, st_model, sentences, pipeline, batching)
        by_batching[batching] = emb
        cos = cosine_rows(emb, reference)
        worst = int(cos.argmin())
        log(
            f"{label} vs sentence-transformers fp32 ({batching}): cosine min {cos.min():.6f} (sentence #{worst}) "
            f"mean {cos.mean():.6f} max |Δ| {float(np.abs(emb - reference).max()):.2e}"
        )
        parity[batching] = {"minCosine": float(cos.min()), "meanCosine": float(cos.mean()), "worstSentence": worst}
        if cos.min() < bar[0] or cos.mean() < bar[1]:
            raise fail(
                f"{label} drifts too far from the reference ({batching}: cosine min {cos.min():.6f} on sentence "
                f"#{worst}, mean {cos.mean():.6f}; need min >= {bar[0]}, mean >= {bar[1]})"
            )
    single = by_batching["single"]
    batched = by_batching["longest-first-32"]
    batch_delta = float(np.abs(single - batched).max())
    log(f"{label}: one-by-one vs longest-first batches of 32: max |Δ| {batch_delta:.2e}")
    return {
        "minCosine": min(p["minCosine"] for p in parity.values()),
        "meanCosine": min(p["meanCosine"] for p in parity.values()),
        "batchVsSingleMaxAbsDiff": batch_delta,
        "batchings": parity,
    }
