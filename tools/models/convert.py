"""Convert a Hugging Face-layout model folder to verified ONNX variants with manifests.

    $AKIDB_HOME/venv/bin/python tools/models/convert.py SRC OUT [--manifest models/<id>.json]
        [--id ID] [--variants fp32,fp16,int8] [--sentences FILE] [--report FILE]

SRC holds config.json, *.safetensors and tokenizer.json (plus, usually, tokenizer_config.json and the
sentence-transformers files modules.json, 1_Pooling/config.json, sentence_bert_config.json,
config_sentence_transformers.json). Supported families: BERT-like encoders (bert, mpnet) and Qwen3.

With --manifest (a models/<id>.json template), one variant is written to OUT/<id>/: the template's
quantization, file list (model.onnx_data listed = external data) and metadata; its sizes and sha256 are
filled in. Without it, OUT/<id>/, OUT/<id>-fp16/, OUT/<id>-int8/ are written for --variants, with manifests
derived from the folder. Every variant is checked against sentence-transformers on the same weights (cosine
per sentence: fp32 >= 0.9999, fp16 >= 0.999, int8 >= 0.99, in three batchings); a failure writes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from akidb_prepare.common import LOG_PREFIX, log, run_cli, set_threads  # noqa: E402

LOG_PREFIX["name"] = "models:convert"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path, help="Hugging Face-layout model folder")
    parser.add_argument("out", type=Path, help="output root; each variant goes to OUT/<variant id>/")
    parser.add_argument("--manifest", type=Path, help="manifest template (models/<id>.json): one variant")
    parser.add_argument("--id", help="model id without --manifest (default: the folder name, lowercased)")
    parser.add_argument("--variants", default="fp32,fp16,int8", help="without --manifest (default fp32,fp16,int8)")
    parser.add_argument("--sentences", type=Path, help="JSON file with a `sentences` list for the parity check")
    parser.add_argument("--report", type=Path, help="write the parity report (JSON) here")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temp dir beside OUT)")
    return parser.parse_args(argv)


def jobs_for(args: argparse.Namespace):
    from akidb_prepare.converter import VariantJob

    if args.manifest:
        template = json.loads(args.manifest.read_text(encoding="utf-8"))
        return [VariantJob(template["quantization"], args.out / template["id"], template)]
    base = args.id or args.src.resolve().name.lower()
    jobs = []
    for variant in [v.strip() for v in args.variants.split(",") if v.strip()]:
        model_id = base if variant == "fp32" else f"{base}-{variant}"
        jobs.append(VariantJob(variant, args.out / model_id, {"id": model_id}))
    return jobs


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    set_threads()
    from akidb_prepare.converter import convert_folder

    args.out.mkdir(parents=True, exist_ok=True)
    work = args.work or Path(tempfile.mkdtemp(prefix=".convert-work-", dir=args.out))
    try:
        manifests, report = convert_folder(args.src.resolve(), jobs_for(args), work, args.sentences)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    report.pop("conversion", None)
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n")
    for manifest in manifests:
        log(f"done: {manifest['id']} ({manifest['quantization']}, {manifest['dimension']} dims)")
    return 0


if __name__ == "__main__":
    run_cli(main)
