"""A sentence-transformers model in the exact all-MiniLM-L6-v2 shape, with seeded random weights.

The GPU machine reaches no hub, so the bench builds its model there with the machine's own torch and
transformers. Random weights give the same arithmetic (and so the same speed) as the real ones, and the
anchor (sentence-transformers) runs on the very same weights, so parity is still meaningful.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

# all-MiniLM-L6-v2's config.json, minus the fields that name the original checkpoint.
MINILM_CONFIG = {
    "architectures": ["BertModel"],
    "attention_probs_dropout_prob": 0.1,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "hidden_size": 384,
    "initializer_range": 0.02,
    "intermediate_size": 1536,
    "layer_norm_eps": 1e-12,
    "max_position_embeddings": 512,
    "model_type": "bert",
    "num_attention_heads": 12,
    "num_hidden_layers": 6,
    "pad_token_id": 0,
    "position_embedding_type": "absolute",
    "type_vocab_size": 2,
    "vocab_size": 30522,
}
MAX_TOKENS = 256
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


def build_random_minilm(tokenizer_dir: Path, out_dir: Path, seed: int = 0) -> Path:
    """Writes a sentence-transformers folder (Transformer -> mean Pooling -> Normalize) to `out_dir`.

    `tokenizer_dir` holds all-MiniLM-L6-v2's tokenizer files (tokenizer.json is enough for the fast
    tokenizer). Returns the folder of the plain Hugging Face model (`out_dir / "hf"`), which the ONNX
    exports read.
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Normalize, Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    hf_dir = out_dir / "hf"
    hf_dir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    config = BertConfig(**MINILM_CONFIG)
    model = BertModel(config, add_pooling_layer=False).eval()
    # BERT's default init leaves LayerNorm at (1, 0) and biases at 0; give them values too, so every
    # parameter takes part in the parity check.
    with torch.no_grad():
        for name, param in model.named_parameters():
            if name.endswith("bias"):
                param.normal_(0.0, 0.02)
            elif "LayerNorm.weight" in name:
                param.normal_(1.0, 0.05)
    model.save_pretrained(str(hf_dir))
    tokenizer = BertTokenizerFast(tokenizer_file=str(tokenizer_dir / "tokenizer.json"), do_lower_case=True)
    tokenizer.model_max_length = MAX_TOKENS
    tokenizer.save_pretrained(str(hf_dir))
    # Our runtime reads the original tokenizer files; the exported ONNX folders get these copies.
    for name in TOKENIZER_FILES:
        if (tokenizer_dir / name).exists():
            shutil.copyfile(tokenizer_dir / name, out_dir / name)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        word = Transformer(str(hf_dir), max_seq_length=MAX_TOKENS)
        pooling = Pooling(word.get_word_embedding_dimension(), pooling_mode="mean")
        st = SentenceTransformer(modules=[word, pooling, Normalize()], device="cpu")
        st.save(str(out_dir / "st"))
    return hf_dir


def load_st(out_dir: Path, device: str):
    from sentence_transformers import SentenceTransformer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SentenceTransformer(str(out_dir / "st"), device=device, local_files_only=True)
