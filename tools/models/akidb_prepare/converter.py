"""Convert a Hugging Face-layout folder (safetensors + config + tokenizer, optionally sentence-transformers
files) to ONNX variants, each verified against sentence-transformers on the same weights.

One fp32 export per folder; fp16 and int8 variants are derived from it. Each variant lands in its own
directory with model.onnx (+ model.onnx_data when external), the tokenizer files, config.json and a
complete manifest.json (sizes and sha256 of what was written).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .common import FIXTURES_DIR, fail, load_json, log, sha256_file
from .families import Family, family_for
from .parity import BARS, variant_parity

# fp32: a text's vector must not depend on what it is batched with (left padding included).
FP32_BATCH_MAX_DIFF = 1e-5
FP32_MAX_TOKEN_DIFF = 1e-3
ROLE_FILES = {
    "tokenizer": "tokenizer.json",
    "tokenizer-config": "tokenizer_config.json",
    "config": "config.json",
    "special-tokens": "special_tokens_map.json",
}
SENTENCE_SETS = {"qwen3": "multilingual-sentences.json"}


@dataclass
class VariantJob:
    """One variant to write: `quantization` (fp32 | fp16 | int8), its manifest template and output dir."""

    quantization: str
    out_dir: Path
    template: dict


def _st_file(src: Path, name: str):
    path = src / name
    return load_json(path) if path.is_file() else None


def read_pipeline(src: Path, family: Family, template: dict) -> dict:
    """How the model embeds: from the folder's sentence-transformers files where present, checked against
    (or filled from) the manifest template. The template's maxTokens is the runtime's cap and wins."""
    config = load_json(src / "config.json")
    hidden = int(config["hidden_size"])
    pooling_cfg = _st_file(src, "1_Pooling/config.json")
    modules = _st_file(src, "modules.json")
    st_config = _st_file(src, "config_sentence_transformers.json") or {}
    tok_config = _st_file(src, "tokenizer_config.json") or {}
    pooling = template.get("pooling")
    if pooling_cfg is not None:
        modes = [
            name
            for key, name in (
                ("pooling_mode_mean_tokens", "mean"),
                ("pooling_mode_cls_token", "cls"),
                ("pooling_mode_max_tokens", "max"),
                ("pooling_mode_lasttoken", "last"),
            )
            if pooling_cfg.get(key)
        ]
        if len(modes) != 1:
            raise fail(f"{src}/1_Pooling/config.json: unsupported pooling {modes}")
        if pooling is not None and pooling != modes[0]:
            raise fail(f"the folder pools {modes[0]!r} but the manifest says {pooling!r}")
        pooling = modes[0]
    normalize = template.get("normalize")
    if modules is not None:
        found = any(m["type"].endswith("Normalize") for m in modules)
        if normalize is not None and normalize != found:
            log(f"note: the folder {'does' if found else 'does not'} normalise; the manifest (normalize: "
                f"{str(normalize).lower()}) decides")
        else:
            normalize = found
    if pooling is None or normalize is None:
        raise fail(f"{src} has no sentence-transformers files: give a manifest with pooling and normalize")
    dimension = template.get("dimension", hidden)
    if dimension != hidden:
        raise fail(f"the weights have hidden size {hidden} but the manifest says dimension {dimension}")
    max_tokens = template.get("maxTokens")
    if max_tokens is None:
        sbert = _st_file(src, "sentence_bert_config.json") or {}
        max_tokens = int(sbert.get("max_seq_length") or tok_config.get("model_max_length") or 512)
    prompts = template.get("prompts")
    if prompts is None:
        prompts = dict(st_config.get("prompts") or {})
    padding = template.get("paddingSide") or tok_config.get("padding_side") or family.padding_side
    return {
        "maxTokens": int(max_tokens),
        "pooling": pooling,
        "normalize": bool(normalize),
        "dimension": hidden,
        "paddingSide": padding,
        "prompts": prompts,
        "appendToken": template.get("appendToken"),
    }


def _tokenizer_appends(tokenizer_json: dict, token: str) -> bool:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(json.dumps(tokenizer_json))
    ids = tokenizer.encode("hello world").ids
    return bool(ids) and ids[-1] == tokenizer.token_to_id(token)


def reference_dir(src: Path, work: Path, pipeline: dict) -> Path:
    """A sentence-transformers directory over the folder's files (links, no copies) that runs the model
    exactly as the runtime will: the manifest's pooling, normalisation, max length, padding side, and the
    appended token when the tokenizer does not add it itself."""
    from .random_models import eos_post_processor

    ref = work / "reference"
    shutil.rmtree(ref, ignore_errors=True)
    ref.mkdir(parents=True)
    for entry in src.iterdir():
        if entry.name in ("modules.json", "sentence_bert_config.json", "1_Pooling", "2_Normalize"):
            continue
        if entry.name in ("tokenizer.json", "tokenizer_config.json"):
            continue
        os.symlink(entry.resolve(), ref / entry.name)
    tokenizer = load_json(src / "tokenizer.json")
    token = pipeline["appendToken"]
    if token and not _tokenizer_appends(tokenizer, token):
        ids = [t["id"] for t in tokenizer.get("added_tokens", []) if t["content"] == token]
        if not ids:
            raise fail(f"appendToken {token!r} is not a token of tokenizer.json")
        tokenizer["post_processor"] = eos_post_processor(token, ids[0])
        log(f"reference: the tokenizer does not append {token}; the reference appends it like the runtime")
    (ref / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False), encoding="utf-8")
    tok_config = _st_file(src, "tokenizer_config.json") or {}
    tok_config["padding_side"] = pipeline["paddingSide"]
    (ref / "tokenizer_config.json").write_text(json.dumps(tok_config, ensure_ascii=False), encoding="utf-8")
    hidden = pipeline["dimension"]
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]
    if pipeline["normalize"]:
        modules.append({"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"})
    (ref / "modules.json").write_text(json.dumps(modules))
    (ref / "1_Pooling").mkdir()
    mode = {"mean": "mean_tokens", "cls": "cls_token", "max": "max_tokens", "last": "lasttoken"}[pipeline["pooling"]]
    (ref / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": hidden, f"pooling_mode_{mode}": True, "include_prompt": True})
    )
    (ref / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": pipeline["maxTokens"], "do_lower_case": False})
    )
    return ref


def load_sentence_set(family: Family, path: Path | None) -> tuple[list[str], Path]:
    path = path or FIXTURES_DIR / SENTENCE_SETS.get(family.name, "sentences.json")
    return list(load_json(path)["sentences"]), path


def count_parameters(src: Path) -> int:
    from safetensors import safe_open

    total = 0
    for shard in sorted(src.glob("*.safetensors")):
        with safe_open(str(shard), "np") as handle:
            for key in handle.keys():
                if key.endswith("position_ids"):
                    continue
                total += int(np.prod(handle.get_slice(key).get_shape()))
    return total


def file_entries(out_dir: Path, paths: list[tuple[str, str]]) -> list[dict]:
    entries = []
    for path, role in paths:
        full = out_dir / path
        entries.append({"path": path, "role": role, "size": full.stat().st_size, "sha256": sha256_file(full)})
    return entries


def _output_files(template: dict, src: Path, external: bool) -> list[tuple[str, str]]:
    """(path, role) of every file a variant directory holds, in the template's order when it lists them."""
    listed = [(f["path"], f["role"]) for f in template.get("files", [])]
    if not listed:
        listed = [("model.onnx", "model")]
        if external:
            listed.append(("model.onnx_data", "model-data"))
        listed += [(name, role) for role, name in ROLE_FILES.items() if (src / name).is_file()]
    return listed


def wants_external(template: dict) -> str:
    files = template.get("files")
    if not files:
        return "auto"
    return "always" if any(f["role"] == "model-data" for f in files) else "never"


class Conversion:
    """The work shared by every variant of one folder: the reference model, its embeddings, the fp32 export."""

    def __init__(self, src: Path, work: Path, template: dict, sentences_path: Path | None = None):
        from .export import load_st, reference_embeddings

        self.src = src
        self.work = work
        config = load_json(src / "config.json")
        self.family = family_for(config.get("model_type", ""))
        self.pipeline = read_pipeline(src, self.family, template)
        self.ref_dir = reference_dir(src, work, self.pipeline)
        self.sentences, self.sentences_path = load_sentence_set(self.family, sentences_path)
        started = time.monotonic()
        self.st_model = load_st(self.ref_dir)
        self.reference = reference_embeddings(self.st_model, self.sentences, self.pipeline)
        self.query_prompt = self.pipeline["prompts"].get("query") or None
        self.query_reference = None
        if self.query_prompt:
            self.query_reference = self.st_model.encode(
                self.sentences[:8], prompt=self.query_prompt, batch_size=8,
                normalize_embeddings=self.pipeline["normalize"], convert_to_numpy=True, show_progress_bar=False,
            )
        log(
            f"reference: sentence-transformers {self.family.name}, pooling {self.pipeline['pooling']}, "
            f"padding {self.pipeline['paddingSide']}, {len(self.sentences)} sentences in "
            f"{time.monotonic() - started:.1f}s"
        )
        self.fp32_path: Path | None = None
        self.report: dict = {"family": self.family.name, "pipeline": self.pipeline, "variants": {}}

    def export_fp32(self, external: str) -> Path:
        from .export import check_token_parity, export_onnx, external_data_name

        out = self.work / "fp32" / "model.onnx"
        out.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        names = export_onnx(self.src, out, self.family, external)
        has_data = (out.parent / external_data_name(out)).is_file()
        log(
            f"exported ONNX fp32 ({', '.join(names)}{', external data' if has_data else ''}) in "
            f"{time.monotonic() - started:.1f}s"
        )
        max_abs = check_token_parity(self.src, out, self.pipeline["maxTokens"], self.family)
        log(f"fp32 ONNX vs PyTorch: last_hidden_state max |Δ| {max_abs:.2e}")
        if max_abs > FP32_MAX_TOKEN_DIFF:
            raise fail(f"fp32 ONNX does not match PyTorch: last_hidden_state max |Δ| {max_abs:.2e}")
        self.report["lastHiddenStateMaxAbsDiff"] = max_abs
        self.fp32_path = out
        return out

    def make_variant(self, quantization: str, dest: Path, template: dict, external: bool) -> None:
        from .fp16 import convert_fp16

        assert self.fp32_path is not None
        started = time.monotonic()
        if quantization == "fp32":
            shutil.copyfile(self.fp32_path, dest)
            data = self.fp32_path.parent / f"{self.fp32_path.name}_data"
            if data.is_file():
                shutil.copyfile(data, dest.parent / f"{dest.name}_data")
        elif quantization == "fp16":
            convert_fp16(self.fp32_path, dest, self.family.fp16_keep_fp32, external)
        elif quantization == "int8":
            settings = dict(template.get("quantize") or {})
            settings.setdefault("excludeNodes", list(self.family.int8_exclude))
            quantize_int8_to(self.fp32_path, dest, settings, external)
        else:
            raise fail(f"unsupported variant {quantization!r} (fp32, fp16, int8)")
        if quantization != "fp32":
            log(f"{quantization}: written in {time.monotonic() - started:.1f}s")

    def verify_variant(self, label: str, quantization: str, path: Path) -> dict:
        from .export import cosine_rows, onnx_sentence_embeddings

        result = variant_parity(
            label, path, self.st_model, self.sentences, self.pipeline, self.reference, BARS[quantization]
        )
        if quantization == "fp32" and result["batchVsSingleMaxAbsDiff"] > FP32_BATCH_MAX_DIFF:
            raise fail(
                f"{label}: a text's vector changes with its batch (max |Δ| {result['batchVsSingleMaxAbsDiff']:.2e} "
                f"> {FP32_BATCH_MAX_DIFF})"
            )
        if self.query_reference is not None:
            prompted = [self.query_prompt + s for s in self.sentences[:8]]
            emb = onnx_sentence_embeddings(path, self.st_model, prompted, self.pipeline, "in-order-8")
            cos = cosine_rows(emb, self.query_reference)
            log(f"{label}: with the query prompt: cosine min {cos.min():.6f}")
            if cos.min() < BARS[quantization][0]:
                raise fail(f"{label}: prompted queries drift from the reference (cosine {cos.min():.6f})")
            result["queryMinCosine"] = float(cos.min())
        spread = self.reference @ self.reference.T
        result["referenceMeanPairwiseCosine"] = float(
            (spread.sum() - np.trace(spread)) / (len(self.sentences) * (len(self.sentences) - 1))
        )
        self.report["variants"][label] = result
        return result


def quantize_int8_to(fp32_path: Path, dest: Path, settings: dict, external: bool) -> None:
    """`quantize.quantize_int8`, or for models over 2 GB the same quantization with external data (written
    next to a scratch copy by quantize_dynamic, then re-saved as `<name>_data`)."""
    from .quantize import quantize_int8

    if not external:
        quantize_int8(fp32_path, dest, settings)
        return
    import re

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from .export import save_onnx, strip_doc_strings

    patterns = [re.compile(p) for p in settings.get("excludeNodes", [])]
    proto = onnx.load(str(fp32_path), load_external_data=False)
    excluded = [n.name for n in proto.graph.node if any(p.fullmatch(n.name) for p in patterns)]
    del proto
    scratch = dest.parent / f".{dest.name}.quantize"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        quantize_dynamic(
            str(fp32_path),
            str(scratch / "model.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=bool(settings.get("perChannel", True)),
            reduce_range=bool(settings.get("reduceRange", False)),
            nodes_to_exclude=excluded,
            use_external_data_format=True,
            extra_options={"MatMulConstBOnly": True},
        )
        quantized = onnx.load(str(scratch / "model.onnx"))
        strip_doc_strings(quantized)
        save_onnx(quantized, dest, True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log(f"int8: kept {len(excluded)} nodes in fp32 (external data)")


def write_variant(conv: Conversion, job: VariantJob, parameters: int) -> dict:
    """Write one variant directory and return its manifest (also written as manifest.json)."""
    from .export import external_data_name

    template = job.template
    external_mode = wants_external(template)
    out = job.out_dir
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    model_path = out / "model.onnx"
    fp32_has_data = conv.fp32_path is not None and (conv.fp32_path.parent / "model.onnx_data").is_file()
    external = external_mode == "always" or (
        external_mode == "auto" and job.quantization == "fp32" and fp32_has_data
    )
    conv.make_variant(job.quantization, model_path, template, external)
    has_data = (out / external_data_name(model_path)).is_file()
    if external_mode == "never" and has_data:
        raise fail(f"{template.get('id')}: the model needs external data but the manifest lists no model-data file")
    label = template.get("id") or job.quantization
    conv.verify_variant(label, job.quantization, model_path)
    files = _output_files(template, conv.src, has_data)
    for path, role in files:
        if role in ("model", "model-data"):
            continue
        source = conv.src / path
        if not source.is_file():
            raise fail(f"{conv.src} has no {path}, which the manifest lists")
        shutil.copyfile(source, out / path)
    entries = file_entries(out, files)
    manifest = build_manifest(conv, job, parameters, entries)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    size = sum(e["size"] for e in entries)
    log(f"{label}: {len(entries)} files, {size / 1e6:.1f} MB in {out}")
    return manifest


def build_manifest(conv: Conversion, job: VariantJob, parameters: int, files: list[dict]) -> dict:
    template = dict(job.template)
    pipeline = conv.pipeline
    model_bytes = sum(f["size"] for f in files if f["role"] in ("model", "model-data"))
    estimate = int(-(-(model_bytes / 2**20 * 1.2 + 100) // 10) * 10)
    manifest = {
        "id": template.get("id"),
        "aliases": template.get("aliases", []),
        "family": conv.family.name,
        "description": template.get("description") or f"converted by tools/models/convert.py ({job.quantization})",
        "parameters": parameters,
        "dimension": pipeline["dimension"],
        "maxTokens": pipeline["maxTokens"],
        "pooling": pipeline["pooling"],
        "normalize": pipeline["normalize"],
        "paddingSide": pipeline["paddingSide"],
        **({"appendToken": pipeline["appendToken"]} if pipeline["appendToken"] else {}),
        "prompts": pipeline["prompts"],
        "defaultPrompt": template.get("defaultPrompt"),
        "languages": template.get("languages") or ["unknown"],
        "license": template.get("license") or "unknown",
        "quantization": job.quantization,
        "matryoshkaDimensions": template.get("matryoshkaDimensions"),
        "memoryMB": template.get("memoryMB") or estimate,
        "source": template.get("source") or {"type": "hub-convert", "repo": f"local/{conv.src.name}", "revision": "main"},
        "files": files,
        "unavailable": None,
    }
    for key in ("default", "quantize"):
        if key in template:
            manifest[key] = template[key]
    return manifest


def convert_folder(src: Path, jobs: list[VariantJob], work: Path, sentences: Path | None = None) -> tuple[list[dict], dict]:
    """Export once, write every variant, verify each. Returns the manifests and a parity report."""
    if not jobs:
        raise fail("nothing to convert: no variants requested")
    for required in ("config.json", "tokenizer.json"):
        if not (src / required).is_file():
            raise fail(f"{src} has no {required}: expected a Hugging Face model folder")
    if not any(src.glob("*.safetensors")):
        raise fail(f"{src} has no *.safetensors weights")
    conv = Conversion(src, work, jobs[0].template, sentences)
    parameters = count_parameters(src)
    conv.export_fp32(wants_external(next((j.template for j in jobs if j.quantization == "fp32"), {})))
    manifests = [write_variant(conv, job, parameters) for job in jobs]
    conv.report["parameters"] = parameters
    # For callers that write fixtures (prepare.py); removed before the report is serialised.
    conv.report["conversion"] = conv
    return manifests, conv.report
