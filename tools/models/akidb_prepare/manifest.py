"""Manifests (models/<id>.json), installation into $AKIDB_HOME/models/<id>/, and the install stamp."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .common import MANIFESTS_DIR, STAMP_NAME, fail, log, sha256_file, write_bytes_atomic

# (file name in the install dir, role, where it comes from: "onnx" or a file of the ST directory)
INSTALLED_FILES = (
    ("model.onnx", "model"),
    ("tokenizer.json", "tokenizer"),
    ("tokenizer_config.json", "tokenizer-config"),
    ("config.json", "config"),
    ("special_tokens_map.json", "special-tokens"),
)

LINE_WIDTH = 110


def format_json(value, indent: int = 0) -> str:
    """JSON in the layout biome's formatter produces for these files: objects expanded, arrays on one line
    when they fit in the line width, otherwise one element per line."""
    pad = " " * indent
    inner = " " * (indent + 2)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {format_json(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(not isinstance(v, (dict, list)) for v in value):
            flat = "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
            if indent + len(flat) + 40 <= LINE_WIDTH:
                return flat
        items = [f"{inner}{format_json(v, indent + 2)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def file_entries(stage: Path) -> list[dict]:
    entries = []
    for name, role in INSTALLED_FILES:
        path = stage / name
        entries.append({"path": name, "role": role, "size": path.stat().st_size, "sha256": sha256_file(path)})
    return entries


def build_manifest(model: dict, sources: dict, info: dict, files: list[dict]) -> dict:
    base = sources["bases"][model["base"]]
    primary = base["candidates"][0]["wheels"][0]
    package, version = primary.split("==")
    return {
        "id": model["id"],
        "aliases": model["aliases"],
        "family": model["family"],
        "description": model["description"],
        "parameters": info["parameters"],
        "dimension": info["dimension"],
        "maxTokens": info["maxTokens"],
        "pooling": info["pooling"],
        "normalize": info["normalize"],
        "paddingSide": "right",
        "prompts": {},
        "defaultPrompt": None,
        "languages": ["en"],
        "license": "apache-2.0",
        "quantization": model["quantization"],
        "matryoshkaDimensions": None,
        "memoryMB": info["memoryMB"],
        "source": {"type": "pypi", "package": package, "version": version},
        "files": files,
        "unavailable": None,
    }


def manifest_path(model_id: str) -> Path:
    return MANIFESTS_DIR / f"{model_id}.json"


def write_manifest(manifest: dict) -> Path:
    path = manifest_path(manifest["id"])
    write_bytes_atomic(path, (format_json(manifest) + "\n").encode("utf-8"))
    return path


def load_committed(model_id: str) -> tuple[dict, bytes]:
    path = manifest_path(model_id)
    if not path.is_file():
        raise fail(f"{path} does not exist: generate it with `node tools/models/prepare.mjs --write-manifests`")
    raw = path.read_bytes()
    return json.loads(raw), raw


def compare_files(model_id: str, expected: list[dict], actual: list[dict]) -> list[str]:
    problems = []
    by_path = {f["path"]: f for f in actual}
    for want in expected:
        got = by_path.get(want["path"])
        if got is None:
            problems.append(f"{want['path']}: not produced")
        elif got["size"] != want["size"] or got["sha256"] != want["sha256"]:
            problems.append(
                f"{want['path']}: produced {got['size']} bytes sha256 {got['sha256'][:16]}…, "
                f"manifest says {want['size']} bytes sha256 {want['sha256'][:16]}…"
            )
    return problems


def write_stamp(model_dir: Path, files: list[dict]) -> None:
    """Record size, mtime and sha256 of each installed file so that prepare.mjs need not re-hash them."""
    stamp = {"files": {}}
    for entry in files:
        st = (model_dir / entry["path"]).stat()
        stamp["files"][entry["path"]] = {
            "size": st.st_size,
            "mtimeNs": str(st.st_mtime_ns),
            "sha256": entry["sha256"],
        }
    write_bytes_atomic(model_dir / STAMP_NAME, (json.dumps(stamp, indent=2) + "\n").encode())


def install(home: Path, model_id: str, stage: Path, manifest_bytes: bytes, files: list[dict]) -> Path:
    """Move a complete staged directory into $AKIDB_HOME/models/<id>/ with one rename."""
    models = home / "models"
    models.mkdir(parents=True, exist_ok=True)
    (stage / "manifest.json").write_bytes(manifest_bytes)
    write_stamp(stage, files)
    target = models / model_id
    old = models / f".{model_id}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(stage, target)
    if old.exists():
        shutil.rmtree(old)
    return target


MEMORY_PROBE = r"""
import json, sys
import numpy as np, onnxruntime as ort
def rss_mb(key='VmRSS:'):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
path, max_tokens = sys.argv[1], int(sys.argv[2])
base = rss_mb()
opts = ort.SessionOptions(); opts.intra_op_num_threads = 2; opts.inter_op_num_threads = 1
session = ort.InferenceSession(path, opts, providers=['CPUExecutionProvider'])
names = [i.name for i in session.get_inputs()]
loaded = rss_mb()
peak = loaded
for batch, seq in ((1, 16), (8, max_tokens)):
    ids = np.full((batch, seq), 1000, dtype=np.int64)
    feeds = {n: (ids if n == 'input_ids' else np.ones_like(ids) if n == 'attention_mask' else np.zeros_like(ids)) for n in names}
    session.run(None, feeds)
peak = max(peak, rss_mb('VmHWM:'))
print(json.dumps({'loaded': loaded - base, 'peak': peak - base}))
"""


def measure_memory_mb(onnx_path: Path, max_tokens: int) -> tuple[int, dict]:
    """Resident memory an onnxruntime session adds: loaded model + a batch of 8 at max length, rounded up."""
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(onnx_path), str(max_tokens)],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return int(-(-result["peak"] // 10) * 10), result


def announce(model_id: str, files: list[dict]) -> None:
    total = sum(f["size"] for f in files)
    log(f"{model_id}: {len(files)} files, {total / 1e6:.1f} MB")
