"""`python3 -m akidb_gpu build`: the random-weight model, its ONNX variants, and the reference embeddings."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import time
from pathlib import Path

import numpy as np

from .random_model import MAX_TOKENS, TOKENIZER_FILES, build_random_minilm, load_st
from .variants import POOLED_NAME, VARIANTS, build_variants, cpu_parity

REPO_ROOT = Path(__file__).resolve().parents[3]
BASE_MANIFEST = REPO_ROOT / "models" / "all-minilm-l6-v2.json"


def read_texts(path: Path, count: int) -> list[str]:
    """The first `count` non-empty lines of `path`, repeated in order when the file is shorter."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [lines[i % len(lines)] for i in range(count)]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_model_dir(variant_dir: Path, tokenizer_dir: Path, variant: str) -> None:
    """Makes `variant_dir` a model directory our runtime loads: tokenizer files and a manifest."""
    for name in TOKENIZER_FILES:
        if (tokenizer_dir / name).exists():
            shutil.copyfile(tokenizer_dir / name, variant_dir / name)
    manifest = json.loads(BASE_MANIFEST.read_text(encoding="utf-8"))
    manifest["id"] = f"gpu-bench-{variant}"
    manifest["aliases"] = []
    manifest["description"] = f"random weights in the all-MiniLM-L6-v2 shape, GPU bench variant {variant}"
    manifest["quantization"] = "fp16" if "fp16" in variant else "fp32"
    files = []
    for entry in manifest["files"]:
        path = variant_dir / entry["path"]
        if path.exists():
            files.append({**entry, "size": path.stat().st_size, "sha256": _sha256(path)})
    manifest["files"] = files
    (variant_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def run_build(tokenizer_dir: Path, work: Path, texts_path: Path, count: int, device: str, variants: list[str]) -> dict:
    started = time.monotonic()
    hf_dir = build_random_minilm(tokenizer_dir, work / "model")
    built = build_variants(hf_dir, work / "variants", tuple(variants))
    for name in built:
        write_model_dir(work / "variants" / name, tokenizer_dir, name)

    texts = read_texts(texts_path, count)
    st = load_st(work / "model", device)
    reference = st.encode(texts, batch_size=32, convert_to_numpy=True, normalize_embeddings=True)
    reference = np.asarray(reference, dtype=np.float32)
    (work / "reference.json").write_text(
        json.dumps(
            {
                "texts": texts,
                "dimension": int(reference.shape[1]),
                "device": device,
                "embeddings_f32_base64": base64.b64encode(reference.tobytes()).decode("ascii"),
            }
        ),
        encoding="utf-8",
    )
    features = st.preprocess(texts[: min(64, len(texts))])
    feeds = {k: v.cpu().numpy().astype(np.int64) for k, v in features.items() if hasattr(v, "numpy")}
    parity = {}
    for name in built:
        model = work / "variants" / name / "model.onnx"
        parity[name] = cpu_parity(model, reference[: len(feeds["input_ids"])], feeds, name.endswith("pooled"))
    import onnx
    import onnxruntime
    import sentence_transformers
    import torch
    import transformers

    summary = {
        "variants": built,
        "cpuParityMinCosine": parity,
        "pooledOutput": POOLED_NAME,
        "maxTokens": MAX_TOKENS,
        "texts": len(texts),
        "referenceDevice": device,
        "versions": {
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "sentence_transformers": sentence_transformers.__version__,
            "onnx": onnx.__version__,
            "onnxruntime": onnxruntime.__version__,
        },
        "seconds": round(time.monotonic() - started, 1),
    }
    (work / "build.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


DEFAULT_VARIANTS = list(VARIANTS)
