"""ONNX variants of one BERT encoder, for the GPU bench.

| variant             | what                                                                                   |
| ------------------- | -------------------------------------------------------------------------------------- |
| `hf-fp32`           | tools/models' export as shipped today (TorchScript, opset 17, transformers' own mask)  |
| `simple-fp32`       | same weights, the attention mask built as `(1 - mask) * -10000` (classic BERT)         |
| `fused-fp32`        | `simple-fp32` through ORT's offline BERT fusions (Attention, SkipLayerNormalization,   |
|                     | BiasGelu), EmbedLayerNormalization left out: the WebGPU EP has no kernel for it        |
| `fused-fp16`        | `fused-fp32` in float16, inputs and outputs kept int64 / float32                       |
| `fused-fp16-pooled` | `fused-fp16` plus mean pooling in the graph: `sentence_embedding [batch, hidden]` only |

transformers 5's mask helpers export as Range/GreaterOrEqual/Where on `[batch, 1, seq, seq]`, which ORT
places on the CPU (int64 and bool ops) and copies to the GPU on every run; ORT's attention fusion does not
match that pattern either. The classic mask keeps the graph in the shape ORT's BERT fusions were written for.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

OPSET = 17
OUTPUT_NAME = "last_hidden_state"
POOLED_NAME = "sentence_embedding"
VARIANTS = ("hf-fp32", "simple-fp32", "fused-fp32", "fused-fp16", "fused-fp16-pooled")
_TOOLS_MODELS = Path(__file__).resolve().parents[2] / "models"


def _strip_doc_strings(proto) -> None:
    sys.path.insert(0, str(_TOOLS_MODELS))
    from akidb_prepare.export import strip_doc_strings

    strip_doc_strings(proto)


def export_hf(hf_dir: Path, out_path: Path) -> None:
    """tools/models' own exporter, unchanged, so `hf-fp32` is exactly what users get today."""
    sys.path.insert(0, str(_TOOLS_MODELS))
    from akidb_prepare.export import export_onnx

    export_onnx(hf_dir, out_path)


def classic_attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
    """Eager attention as BERT exports used to trace it: `QK^T / sqrt(d)`, a Div, then `+ mask`.

    transformers 5 scales with a Mul, which leaves two Mul parents on the mask Add and defeats ORT's
    attention fusion; a Div by the constant `sqrt(head_size)` is the pattern it matches.
    """
    import torch

    scores = torch.matmul(query, key.transpose(2, 3)) / float(module.attention_head_size) ** 0.5
    if attention_mask is not None:
        scores = scores + attention_mask
    probs = torch.nn.functional.softmax(scores, dim=-1)
    return torch.matmul(probs, value).transpose(1, 2).contiguous(), probs


def export_simple_mask(hf_dir: Path, out_path: Path) -> None:
    """TorchScript export of embeddings + encoder with the classic additive mask `(1 - mask) * -10000`."""
    import onnx
    import torch
    from transformers import AutoModel

    from transformers import AttentionInterface

    AttentionInterface.register("akidb_classic", classic_attention)
    model = AutoModel.from_pretrained(str(hf_dir), attn_implementation="akidb_classic", local_files_only=True).eval()

    class ClassicMaskEncoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.inner.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
            extended = attention_mask.unsqueeze(1).unsqueeze(2).to(hidden.dtype)
            extended = (1.0 - extended) * -10000.0
            return self.inner.encoder(hidden, attention_mask=extended).last_hidden_state

    wrapper = ClassicMaskEncoder(model).eval()
    input_ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102, 0, 0], [101, 2178, 6251, 2007, 2062, 19204, 2015, 102]])
    attention_mask = (input_ids != 0).long()
    token_type_ids = torch.zeros_like(input_ids)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {0: "batch", 1: "sequence"}
    dynamic_axes = {name: axes for name in [*names, OUTPUT_NAME]}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapper,
            (input_ids, attention_mask, token_type_ids),
            str(out_path),
            dynamo=False,
            input_names=names,
            output_names=[OUTPUT_NAME],
            dynamic_axes=dynamic_axes,
            opset_version=OPSET,
            do_constant_folding=True,
        )
    proto = onnx.load(str(out_path))
    pin_head_count(proto, model.config.num_attention_heads, model.config.hidden_size // model.config.num_attention_heads)
    _strip_doc_strings(proto)
    onnx.checker.check_model(proto)
    onnx.save(proto, str(out_path))


def pin_head_count(proto, num_heads: int, head_size: int) -> int:
    """Writes `num_heads` where the head reshapes say `-1`: `Concat(batch, seq, -1, head_size)`.

    transformers 5 reshapes Q, K and V to `(*input_shape, -1, head_size)`; ORT's attention fusion reads
    the head count from that shape and gives up on `-1`. Returns the number of Concat inputs rewritten.
    """
    from onnx import numpy_helper

    constants = {}
    for node in proto.graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            constants[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    for init in proto.graph.initializer:
        constants[init.name] = numpy_helper.to_array(init)
    heads_name = "akidb_num_heads"
    rewritten = 0
    for node in proto.graph.node:
        if node.op_type != "Concat" or len(node.input) != 4:
            continue
        third, fourth = constants.get(node.input[2]), constants.get(node.input[3])
        if third is None or fourth is None or third.size != 1 or fourth.size != 1:
            continue
        if int(third.reshape(-1)[0]) == -1 and int(fourth.reshape(-1)[0]) == head_size:
            node.input[2] = heads_name
            rewritten += 1
    if rewritten:
        proto.graph.initializer.append(numpy_helper.from_array(np.array([num_heads], dtype=np.int64), heads_name))
    return rewritten


def fuse(
    in_path: Path, out_path: Path, num_heads: int, hidden_size: int, fp16: bool, attention: bool = False
) -> dict[str, int]:
    """ORT's offline BERT fusions (no EmbedLayerNormalization); optionally float16 with fp32 I/O.

    Returns the op counts of the result.
    """
    from onnxruntime.transformers import optimizer
    from onnxruntime.transformers.fusion_options import FusionOptions

    options = FusionOptions("bert")
    # No WebGPU kernel: EmbedLayerNormalization. Attention exists but refuses a mask (ORT 1.30:
    # "mask_index tensor not implemented for webgpu Attention"), so the fused node lands on the CPU.
    options.enable_embed_layer_norm = False
    options.enable_attention = attention
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = optimizer.optimize_model(
            str(in_path),
            model_type="bert",
            num_heads=num_heads,
            hidden_size=hidden_size,
            optimization_options=options,
            opt_level=0,
            use_gpu=True,
        )
        if fp16:
            model.convert_float_to_float16(keep_io_types=True)
    _strip_doc_strings(model.model)
    model.save_model_to_file(str(out_path))
    return op_counts(out_path)


def add_mean_pooling(in_path: Path, out_path: Path) -> None:
    """Appends masked mean pooling in float32 and keeps only `sentence_embedding [batch, hidden]`.

    The `[batch, seq, hidden]` tensor then never leaves the device: only `[batch, hidden]` is read back.
    Normalisation stays in the runtime, as for every other model.
    """
    import onnx
    from onnx import TensorProto, helper

    proto = onnx.load(str(in_path))
    graph = proto.graph
    hidden = OUTPUT_NAME
    eps = helper.make_tensor("pool_eps", TensorProto.FLOAT, [], [1e-9])
    axis1 = helper.make_tensor("pool_axis1", TensorProto.INT64, [1], [1])
    axis2 = helper.make_tensor("pool_axis2", TensorProto.INT64, [1], [2])
    graph.initializer.extend([eps, axis1, axis2])
    graph.node.extend(
        [
            helper.make_node("Cast", ["attention_mask"], ["pool_mask"], name="pool/Cast", to=TensorProto.FLOAT),
            helper.make_node("Unsqueeze", ["pool_mask", "pool_axis2"], ["pool_mask3"], name="pool/Unsqueeze"),
            helper.make_node("Mul", [hidden, "pool_mask3"], ["pool_masked"], name="pool/Mul"),
            helper.make_node("ReduceSum", ["pool_masked", "pool_axis1"], ["pool_sum"], name="pool/Sum", keepdims=0),
            helper.make_node("ReduceSum", ["pool_mask", "pool_axis1"], ["pool_count"], name="pool/Count", keepdims=1),
            helper.make_node("Max", ["pool_count", "pool_eps"], ["pool_count_safe"], name="pool/Max"),
            helper.make_node("Div", ["pool_sum", "pool_count_safe"], [POOLED_NAME], name="pool/Div"),
        ]
    )
    out_type = helper.make_tensor_type_proto(TensorProto.FLOAT, ["batch", graph.output[0].type.tensor_type.shape.dim[2].dim_value or "hidden"])
    del graph.output[:]
    graph.output.append(helper.make_value_info(POOLED_NAME, out_type))
    onnx.checker.check_model(proto)
    onnx.save(proto, str(out_path))


def op_counts(path: Path) -> dict[str, int]:
    import onnx

    counts: dict[str, int] = {}
    for node in onnx.load(str(path), load_external_data=False).graph.node:
        key = node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}.{node.op_type}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def build_variants(hf_dir: Path, out_dir: Path, names: tuple[str, ...] = VARIANTS) -> dict[str, dict]:
    """Writes `<out_dir>/<variant>/model.onnx` for each variant; returns their op counts and sizes."""
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(str(hf_dir), local_files_only=True)
    heads, hidden = config.num_attention_heads, config.hidden_size
    paths = {name: out_dir / name / "model.onnx" for name in VARIANTS}
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    wanted = set(names)
    # Later variants are made from earlier ones.
    if wanted & {"simple-fp32", "fused-fp32", "fused-fp16", "fused-fp16-pooled"}:
        export_simple_mask(hf_dir, paths["simple-fp32"])
    if "hf-fp32" in wanted:
        export_hf(hf_dir, paths["hf-fp32"])
    if "fused-fp32" in wanted:
        fuse(paths["simple-fp32"], paths["fused-fp32"], heads, hidden, fp16=False)
    if wanted & {"fused-fp16", "fused-fp16-pooled"}:
        fuse(paths["simple-fp32"], paths["fused-fp16"], heads, hidden, fp16=True)
    if "fused-fp16-pooled" in wanted:
        add_mean_pooling(paths["fused-fp16"], paths["fused-fp16-pooled"])
    info: dict[str, dict] = {}
    for name in VARIANTS:
        if name in wanted:
            info[name] = {"bytes": paths[name].stat().st_size, "ops": op_counts(paths[name])}
    return info


def cpu_parity(onnx_path: Path, reference, features: dict, pooled: bool) -> float:
    """Least cosine between ORT-CPU sentence embeddings of `onnx_path` and `reference` rows."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    feeds = {name: features[name] for name in names}
    (out,) = session.run(None, feeds)
    if not pooled:
        mask = features["attention_mask"].astype(np.float32)[..., None]
        out = (out * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
    out = out / np.linalg.norm(out, axis=1, keepdims=True)
    ref = reference / np.linalg.norm(reference, axis=1, keepdims=True)
    return float((out * ref).sum(axis=1).min())
