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


def write_fixture(
    model_id: str,
    st_model,
    sentences: list[str],
    pipeline: dict,
    embeddings: np.ndarray,
    sentences_path: Path = SENTENCES_PATH,
    query: tuple[str | None, np.ndarray | None] = (None, None),
) -> Path:
    """`query`: a prompt and the embeddings of the first sentences with it (models with a query prompt)."""
    features = st_features(st_model, sentences)
    token_counts = [int(n) for n in features["attention_mask"].sum(dim=1).tolist()]
    fixture = {
        "model": model_id,
        "generator": "tools/models/prepare.py --write-fixtures: SentenceTransformer(dir, device='cpu').encode("
        "sentences, normalize_embeddings=<normalize>)",
        "versions": versions(),
        "sentencesSha256": hashlib.sha256(sentences_path.read_bytes()).hexdigest(),
        "dimension": int(embeddings.shape[1]),
        "maxTokens": pipeline["maxTokens"],
        "pooling": pipeline["pooling"],
        "normalize": pipeline["normalize"],
        "precision": "7 significant digits",
        "tokenCounts": token_counts,
        "embeddings": [[_round7(v) for v in row] for row in embeddings.astype(np.float64).tolist()],
    }
    if sentences_path != SENTENCES_PATH:
        fixture["sentencesFile"] = sentences_path.name
    prompt, prompted = query
    if prompt is not None and prompted is not None:
        fixture["queryPrompt"] = prompt
        fixture["queryEmbeddings"] = [[_round7(v) for v in row] for row in prompted.astype(np.float64).tolist()]
    matrices = [k for k in ("embeddings", "queryEmbeddings") if k in fixture]
    head = {k: v for k, v in fixture.items() if k not in matrices}
    text = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    for key in matrices:
        rows = ",\n".join("    " + json.dumps(row, separators=(",", ":")) for row in fixture[key])
        text += f',\n  "{key}": [\n{rows}\n  ]'
    text += "\n}\n"
    json.loads(text)
    data = text.encode("utf-8")
    if len(data) >= MAX_FIXTURE_BYTES:
        raise fail(f"fixture for {model_id} is {len(data)} bytes, over the {MAX_FIXTURE_BYTES} byte budget")
    path = FIXTURES_DIR / f"{model_id}.json"
    write_bytes_atomic(path, data)
    log(f"{model_id}: wrote {path.relative_to(FIXTURES_DIR.parent.parent.parent)} ({len(data) / 1024:.0f} KB)")
    return path
