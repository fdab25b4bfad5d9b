"""int8 dynamic quantization (onnxruntime.quantization.quantize_dynamic, QInt8 weights)."""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

from .common import log


def quantize_int8(fp32_path: Path, out_path: Path, settings: dict) -> None:
    """Quantize MatMul weights and Gather tables to int8 per channel; activations are quantized at run time.

    `settings.excludeNodes` lists regular expressions of MatMul node names kept in fp32 (their inputs have
    outliers that per-tensor uint8 activation quantization cannot represent); for both int8 models that is
    the whole feed-forward block of every layer (`layer.N/(intermediate|output)/dense`), see README "int8
    choices".
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from .export import strip_doc_strings

    patterns = [re.compile(p) for p in settings.get("excludeNodes", [])]
    proto = onnx.load(str(fp32_path), load_external_data=False)
    excluded = [n.name for n in proto.graph.node if any(p.fullmatch(n.name) for p in patterns)]
    if patterns and not excluded:
        log(f"warning: no node matched the exclusions {settings['excludeNodes']}")
    logging.getLogger().setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantize_dynamic(
            str(fp32_path),
            str(out_path),
            weight_type=QuantType.QInt8,
            per_channel=bool(settings.get("perChannel", True)),
            reduce_range=bool(settings.get("reduceRange", False)),
            nodes_to_exclude=excluded,
            extra_options={"MatMulConstBOnly": True},
        )
    quantized = onnx.load(str(out_path))
    strip_doc_strings(quantized)
    onnx.save(quantized, str(out_path))
    if excluded:
        log(f"int8: kept {len(excluded)} MatMul nodes in fp32")
