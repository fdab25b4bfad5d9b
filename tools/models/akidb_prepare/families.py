"""What differs between the model families the converter supports: BERT-like encoders and Qwen3."""

from __future__ import annotations

from dataclasses import dataclass

from .common import fail


@dataclass(frozen=True)
class Family:
    name: str
    # Qwen3 gets its position ids from the attention mask inside the graph (cumsum - 1), so a left-padded
    # row computes exactly what the same text computes alone; transformers' default (arange) is only equal
    # up to rounding, because RoPE depends on relative positions alone in exact arithmetic.
    positions_from_mask: bool = False
    padding_side: str = "right"
    # Regular expressions of node names kept in fp32 in the fp16 variant (see fp16.py).
    fp16_keep_fp32: tuple[str, ...] = ()
    # Default regular expressions of MatMul node names kept in fp32 in the int8 variant (see quantize.py).
    int8_exclude: tuple[str, ...] = ()


BERT_FFN = "/model/encoder/layer\\.[0-9]+/(intermediate|output)/dense/MatMul"

FAMILIES = {
    "bert": Family("bert", int8_exclude=(BERT_FFN,)),
    "mpnet": Family("mpnet", int8_exclude=(BERT_FFN,)),
    "qwen3": Family(
        "qwen3",
        positions_from_mask=True,
        padding_side="left",
        # RMSNorm squares the residual stream: trained LLMs carry activations in the thousands, whose
        # squares overflow fp16 (max 65504), so every norm is computed in fp32.
        fp16_keep_fp32=(".*norm/.*",),
        # Measured on random Qwen3 weights: quantizing the attention projections (q/k/v/o) costs the most
        # (per-sentence cosine 0.977 with everything int8, 0.9994 with these in fp32); the MLP and the
        # embedding table quantize well. Trained weights are checked again at conversion time.
        int8_exclude=("/model/layers\\.[0-9]+/self_attn/[qkvo]_proj/MatMul",),
    ),
}

MODEL_TYPES = {"bert": "bert", "mpnet": "mpnet", "qwen3": "qwen3"}


def family_for(model_type: str) -> Family:
    """The family of a transformers `model_type` (config.json)."""
    name = MODEL_TYPES.get(model_type)
    if name is None:
        raise fail(
            f"model_type {model_type!r} is not supported by the converter; supported: {', '.join(sorted(MODEL_TYPES))}"
        )
    return FAMILIES[name]
