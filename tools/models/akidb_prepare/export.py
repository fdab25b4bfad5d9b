"""ONNX export of the transformer (token embeddings) and its parity check against PyTorch."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import numpy as np

from .common import fail, log

OPSET = 17
OUTPUT_NAME = "last_hidden_state"


def _load_transformer(st_dir: Path, attn: str | None = None):
    from transformers import AutoModel

    kwargs = {"local_files_only": True}
    if attn:
        kwargs["attn_implementation"] = attn
    return AutoModel.from_pretrained(str(st_dir), **kwargs).eval()


def input_names_for(model) -> list[str]:
    """`input_ids`, `attention_mask`, and `token_type_ids` only when the model takes them."""
    params = inspect.signature(model.forward).parameters
    names = ["input_ids", "attention_mask"]
    if "token_type_ids" in params:
        names.append("token_type_ids")
    return names


def count_parameters(st_dir: Path) -> int:
    model = _load_transformer(st_dir)
    return int(sum(p.numel() for p in model.parameters()))


def strip_doc_strings(model_proto) -> None:
    """Remove doc strings: they can carry source paths and would make the file depend on the machine."""
    model_proto.doc_string = ""
    model_proto.graph.doc_string = ""
    for node in model_proto.graph.node:
        node.doc_string = ""
    for value in list(model_proto.graph.input) + list(model_proto.graph.output) + list(model_proto.graph.value_info):
        value.doc_string = ""
    for init in model_proto.graph.initializer:
        init.doc_string = ""


# ONNX files hold at most 2 GiB in one protobuf; bigger models keep their weights in `<name>_data`.
EXTERNAL_DATA_BYTES = 1_800_000_000


def external_data_name(onnx_path: Path) -> str:
    return f"{onnx_path.name}_data"


def export_onnx(st_dir: Path, out_path: Path, family=None, external: str = "auto") -> list[str]:
    """Export `last_hidden_state` with dynamic batch and sequence axes (TorchScript exporter, opset 17).

    `family` (families.Family) adds what a decoder needs: position ids computed from the attention mask.
    `external`: "auto" writes the weights to `<name>_data` when they exceed ~1.8 GB (the protobuf limit is
    2 GiB), "always" / "never" force it. Returns the input names.
    """
    import shutil

    import onnx
    import torch

    model = _load_transformer(st_dir, attn="eager")
    names = input_names_for(model)
    positions = bool(family is not None and family.positions_from_mask)
    if positions:
        names = ["input_ids", "attention_mask"]

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.model = inner

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            kwargs = {"input_ids": input_ids, "attention_mask": attention_mask}
            if token_type_ids is not None:
                kwargs["token_type_ids"] = token_type_ids
            if positions:
                kwargs["position_ids"] = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)
                kwargs["use_cache"] = False
            return self.model(**kwargs).last_hidden_state

    wrapper = TokenEmbeddings(model).eval()
    # Two rows, one padded, so the trace never specialises on a mask of ones or a batch of one.
    input_ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102, 0, 0], [101, 2178, 6251, 2007, 2062, 19204, 2015, 102]])
    attention_mask = (input_ids != 0).long()
    if positions and family.padding_side == "left":
        input_ids = torch.tensor([[0, 0, 101, 2023, 2003, 1037, 3231, 102], input_ids[1].tolist()])
        attention_mask = torch.tensor([[0, 0, 1, 1, 1, 1, 1, 1], [1] * 8])
    example = [input_ids, attention_mask] + ([torch.zeros_like(input_ids)] if "token_type_ids" in names else [])
    axes = {0: "batch", 1: "sequence"}
    dynamic_axes = {name: axes for name in names}
    dynamic_axes[OUTPUT_NAME] = axes
    weight_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    big = external == "always" or (external == "auto" and weight_bytes > EXTERNAL_DATA_BYTES)
    # Export into an empty directory: a large export writes one file per weight beside the graph.
    scratch = out_path.parent / f".{out_path.name}.export"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                wrapper,
                tuple(example),
                str(scratch / "model.onnx"),
                dynamo=False,
                input_names=names,
                output_names=[OUTPUT_NAME],
                dynamic_axes=dynamic_axes,
                opset_version=OPSET,
                do_constant_folding=True,
            )
        del wrapper, model
        proto = onnx.load(str(scratch / "model.onnx"))
        strip_doc_strings(proto)
        save_onnx(proto, out_path, big)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return names


def save_onnx(proto, out_path: Path, external: bool) -> None:
    """Save a model and check it; with `external`, every weight goes to one `<name>_data` file."""
    import onnx

    data = out_path.parent / external_data_name(out_path)
    data.unlink(missing_ok=True)
    if external:
        onnx.save(
            proto,
            str(out_path),
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location=data.name,
            size_threshold=1024,
        )
        onnx.checker.check_model(str(out_path))
    else:
        onnx.checker.check_model(proto)
        onnx.save(proto, str(out_path))


def _random_batches(names: list[str], vocab: int, max_tokens: int, seed: int = 7, padding_side: str = "right"):
    """Random token batches of several shapes, with padding on all rows but the first."""
    rng = np.random.default_rng(seed)
    for batch, seq in ((1, 1), (1, 9), (3, 40), (2, min(max_tokens, LONG_CHECK_TOKENS))):
        ids = rng.integers(1000, vocab - 10, size=(batch, seq))
        mask = np.ones((batch, seq), dtype=np.int64)
        for row in range(1, batch):
            pads = (seq * row) // (batch + 1)
            if padding_side == "left":
                mask[row, :pads] = 0
            else:
                mask[row, seq - pads :] = 0
        ids = np.where(mask == 1, ids, 0).astype(np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        yield feeds


# Longest random batch in the token-level check (a 2 x 8192 batch of a 0.6B decoder needs tens of GB).
LONG_CHECK_TOKENS = 512


def check_token_parity(st_dir: Path, onnx_path: Path, max_tokens: int, family=None) -> float:
    """Max abs difference of last_hidden_state (non-padding positions) between ONNX Runtime and PyTorch."""
    import onnxruntime as ort
    import torch

    model = _load_transformer(st_dir)
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    positions = bool(family is not None and family.positions_from_mask)
    side = family.padding_side if family is not None else "right"
    worst = 0.0
    for feeds in _random_batches(names, model.config.vocab_size, max_tokens, padding_side=side):
        (got,) = session.run([OUTPUT_NAME], feeds)
        kwargs = {k: torch.from_numpy(v) for k, v in feeds.items()}
        if positions:
            kwargs["position_ids"] = (kwargs["attention_mask"].cumsum(-1) - 1).clamp(min=0)
        with torch.no_grad():
            ref = model(**kwargs).last_hidden_state.numpy()
        if got.shape != ref.shape:
            raise fail(f"{onnx_path}: output shape {got.shape} != PyTorch {ref.shape}")
        keep = feeds["attention_mask"].astype(bool)
        worst = max(worst, float(np.abs(got - ref)[keep].max()))
    del session, model
    return worst


def onnx_sentence_embeddings(
    onnx_path: Path, st_model, sentences: list[str], pipeline: dict, batching: str = "in-order-8"
) -> np.ndarray:
    """Tokenise like sentence-transformers, run the ONNX model, pool (and normalise) like the pipeline.

    `batching`: "in-order-8" (batches of 8 in order, like sentence-transformers), "single" (one sentence per
    run) or "longest-first-32" (the TypeScript runtime's plan: sorted by token count, longest first, batches
    of 32). fp32 results do not depend on it; int8 results do, because dynamic quantization takes one
    activation range over the whole batch tensor (padding included).
    """
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    order = list(range(len(sentences)))
    size = 8
    if batching == "single":
        size = 1
    elif batching == "longest-first-32":
        lengths = st_features(st_model, sentences)["attention_mask"].sum(dim=1).tolist()
        order.sort(key=lambda i: (-lengths[i], i))
        size = 32
    elif batching != "in-order-8":
        raise fail(f"unknown batching {batching}")
    out = np.zeros((len(sentences), pipeline["dimension"]), dtype=np.float32)
    for start in range(0, len(order), size):
        rows = order[start : start + size]
        features = st_features(st_model, [sentences[i] for i in rows])
        feeds = {name: features[name].numpy().astype(np.int64) for name in names}
        (hidden,) = session.run([OUTPUT_NAME], feeds)
        out[rows] = pool(hidden, feeds["attention_mask"], pipeline)
    return out


def st_features(st_model, texts: list[str]) -> dict:
    """Tokenise exactly like SentenceTransformer.encode (`preprocess` in v6, `tokenize` before)."""
    preprocess = getattr(st_model, "preprocess", None)
    return preprocess(texts) if preprocess is not None else st_model.tokenize(texts)


def pool(hidden: np.ndarray, mask: np.ndarray, pipeline: dict) -> np.ndarray:
    mask_f = mask.astype(np.float32)[..., None]
    mode = pipeline["pooling"]
    if mode == "mean":
        emb = (hidden * mask_f).sum(axis=1) / np.clip(mask_f.sum(axis=1), 1e-9, None)
    elif mode == "cls":
        emb = hidden[:, 0]
    elif mode == "max":
        emb = np.where(mask_f > 0, hidden, -1e9).max(axis=1)
    elif mode == "last":
        # The last real token: position length - 1 under right padding, seq - 1 under left padding.
        last = mask.shape[1] - 1 - np.argmax(mask[:, ::-1] != 0, axis=1)
        emb = hidden[np.arange(hidden.shape[0]), last]
    else:
        raise fail(f"unsupported pooling {mode}")
    if pipeline["normalize"]:
        emb = emb / np.clip(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12, None)
    return emb


def cosine_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def load_st(st_dir: Path):
    from sentence_transformers import SentenceTransformer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SentenceTransformer(str(st_dir), device="cpu", local_files_only=True)


def reference_embeddings(st_model, sentences: list[str], pipeline: dict) -> np.ndarray:
    return st_model.encode(
        sentences,
        batch_size=8,
        normalize_embeddings=pipeline["normalize"],
        convert_to_numpy=True,
        show_progress_bar=False,
    )


def describe(name: str, cos: np.ndarray, extra: str = "") -> str:
    text = f"{name}: cosine vs sentence-transformers min {cos.min():.6f} mean {cos.mean():.6f}"
    return f"{text}{extra}"


def log_parity(model_id: str, cos: np.ndarray, max_abs: float | None, emb_diff: float) -> None:
    extra = f", max |Δ| pooled {emb_diff:.2e}"
    if max_abs is not None:
        extra += f", max |Δ| last_hidden_state {max_abs:.2e}"
    log(describe(model_id, cos, extra))
