"""Small helpers shared by the preparation steps: logging, hashing, paths."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

TOOL_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = TOOL_DIR.parent.parent
SOURCES_PATH = TOOL_DIR / "sources.json"
FIXTURES_DIR = TOOL_DIR / "fixtures"
SENTENCES_PATH = FIXTURES_DIR / "sentences.json"
MANIFESTS_DIR = REPO_ROOT / "models"
STAMP_NAME = ".prepare-stamp.json"

_START = time.monotonic()
# Entry scripts name themselves in log lines (prepare.py, convert.py, make_random_model.py).
LOG_PREFIX = {"name": "models:prepare.py"}


class PrepareError(RuntimeError):
    """A failure with a message meant for the person running the tool."""


def log(message: str) -> None:
    elapsed = time.monotonic() - _START
    print(f"[{LOG_PREFIX['name']} +{elapsed:5.1f}s] {message}", flush=True)


def run_cli(main) -> None:
    """Entry of the scripts in tools/models: exit with `main(sys.argv[1:])`'s code, or log a PrepareError's
    message (no traceback) and exit 1."""
    try:
        sys.exit(main(sys.argv[1:]))
    except PrepareError as error:
        log(f"ERROR: {error}")
        sys.exit(1)


def fail(message: str) -> PrepareError:
    return PrepareError(message)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(8 * 1024 * 1024)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def load_json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def load_sources() -> dict:
    return load_json(SOURCES_PATH)


def load_sentences() -> list[str]:
    return list(load_json(SENTENCES_PATH)["sentences"])


def write_bytes_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def set_threads() -> None:
    """Keep torch and onnxruntime on at most two threads: the machines have two shared cores."""
    import torch

    torch.set_num_threads(min(2, os.cpu_count() or 1))


def versions() -> dict[str, str]:
    import onnx
    import onnxruntime
    import sentence_transformers
    import torch
    import transformers

    return {
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "sentence-transformers": sentence_transformers.__version__,
        "onnx": onnx.__version__,
        "onnxruntime": onnxruntime.__version__,
    }
