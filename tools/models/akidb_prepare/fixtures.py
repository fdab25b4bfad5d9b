"""Reference embeddings from sentence-transformers, committed as tools/models/fixtures/<id>.json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from .export import st_features
from .common import FIXTURES_DIR, SENTENCES_PATH, fail, log, versions, write_bytes_atomic

MAX_FIXTURE_BYTES = 600 * 1024


def _round7(x: float) -> float:
    return float(f"{x:.7g}")


def write_fixture(model_id: str, st_model, sentences: list[str], pipeline: dict, embeddings: np.ndarray) -> Path:
    features = st_features(st_model, sentences)
    token_counts = [int(n) for n in features["attention_mask"].sum(dim=1).tolist()]
    fixture = {
        "model": model_id,
        "generator": "tools/models/prepare.py --write-fixtures: SentenceTransformer(dir, device='cpu').encode("
        "sentences, normalize_embeddings=<normalize>)",
        "versions": versions(),
        "sentencesSha256": hashlib.sha256(SENTENCES_PATH.read_bytes()).hexdigest(),
        "dimension": int(embeddings.shape[1]),
        "maxTokens": pipeline["maxTokens"],
        "pooling": pipeline["pooling"],
        "normalize": pipeline["normalize"],
        "precision": "7 significant digits",
        "tokenCounts": token_counts,
        "embeddings": [[_round7(v) for v in row] for row in embeddings.astype(np.float64).tolist()],
    }
    head = {k: v for k, v in fixture.items() if k != "embeddings"}
    lines = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    rows = ",\n".join("    " + json.dumps(row, separators=(",", ":")) for row in fixture["embeddings"])
    text = f'{lines},\n  "embeddings": [\n{rows}\n  ]\n}}\n'
    json.loads(text)
    data = text.encode("utf-8")
    if len(data) >= MAX_FIXTURE_BYTES:
        raise fail(f"fixture for {model_id} is {len(data)} bytes, over the {MAX_FIXTURE_BYTES} byte budget")
    path = FIXTURES_DIR / f"{model_id}.json"
    write_bytes_atomic(path, data)
    log(f"{model_id}: wrote {path.relative_to(FIXTURES_DIR.parent.parent.parent)} ({len(data) / 1024:.0f} KB)")
    return path
