"""Writes packages/pooling/src/fixtures/quantize-st.json: sentence-transformers' quantize_embeddings on
seeded random vectors, the reference that quantizeEmbeddings.test.ts compares against.

    ~/.cache/akidb/venv/bin/python tools/data/make_quantize_fixture.py
"""

import json
import pathlib

import numpy as np
import sentence_transformers
from sentence_transformers.util.quantization import quantize_embeddings

rng = np.random.default_rng(20261201)
DIM = 21  # not a multiple of 8: packbits pads the last byte
calibration = rng.normal(0, 0.2, size=(64, DIM)).astype(np.float32)
# Queries inside the calibration range (numpy's cast wraps values outside it; ours saturates).
lo, hi = calibration.min(axis=0), calibration.max(axis=0)
queries = (lo + rng.random(size=(6, DIM)) * (hi - lo)).astype(np.float32)
queries[0, :4] = [0.0, -0.0, 1e-9, -1e-9]  # sign edge cases for binary

out = {
    "generator": f"sentence-transformers {sentence_transformers.__version__}, numpy {np.__version__}",
    "calibration": calibration.tolist(),
    "queries": queries.tolist(),
}
for precision in ["int8", "uint8", "binary", "ubinary"]:
    out[precision] = quantize_embeddings(
        queries, precision=precision, calibration_embeddings=calibration
    ).tolist()

path = pathlib.Path(__file__).resolve().parents[2] / "packages/pooling/src/fixtures/quantize-st.json"
path.write_text(json.dumps(out) + "\n")
print(f"wrote {path}")
