"""fp16 variants: fp16 weights and arithmetic inside, fp32 inputs and outputs."""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

from .common import log


def convert_fp16(fp32_path: Path, out_path: Path, keep_fp32: tuple[str, ...] = (), external: bool = False) -> int:
    """Convert every float tensor of `fp32_path` to fp16, keeping the graph's inputs and outputs fp32
    (`keep_io_types`) so callers feed and read the same tensors as with the fp32 model. Nodes whose names
    fully match a `keep_fp32` pattern stay fp32 (Cast nodes are inserted around them). Returns how many
    nodes were kept.

    Uses onnxruntime's copy of onnxconverter-common's converter. It needs every tensor's type to place the
    Casts around kept nodes, so shape inference runs first, on the file (`infer_shapes_path` works for
    models over 2 GB, which in-memory inference cannot load).
    """
    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16
    from onnxruntime.transformers.onnx_model import OnnxModel

    from .export import save_onnx, strip_doc_strings

    inferred = out_path.parent / f".{out_path.name}.inferred.onnx"
    try:
        onnx.shape_inference.infer_shapes_path(str(fp32_path), str(inferred))
        proto = onnx.load(str(inferred), load_external_data=False)
        onnx.external_data_helper.load_external_data_for_model(proto, str(fp32_path.parent))
    finally:
        inferred.unlink(missing_ok=True)
    patterns = [re.compile(p) for p in keep_fp32]
    kept = [n.name for n in proto.graph.node if any(p.fullmatch(n.name) for p in patterns)]
    logging.getLogger().setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        converted = convert_float_to_float16(
            proto, keep_io_types=True, node_block_list=kept, disable_shape_infer=True
        )
    _drop_duplicate_casts(converted)
    # The Cast nodes around kept nodes are appended at the end of the node list; restore the order.
    OnnxModel(converted).topological_sort()
    strip_doc_strings(converted)
    save_onnx(converted, out_path, external)
    if kept:
        log(f"fp16: kept {len(kept)} nodes in fp32")
    return len(kept)


def _drop_duplicate_casts(proto) -> None:
    """The converter inserts one Cast per (tensor, kept consumer); a tensor feeding two kept nodes gets two
    identical Casts writing the same output, which breaks single assignment. Keep the first of each."""
    written: dict[str, bytes] = {}
    keep = []
    for node in proto.graph.node:
        if node.op_type == "Cast" and len(node.output) == 1 and node.output[0] in written:
            same = node.SerializeToString(deterministic=True)
            if written[node.output[0]] != same:
                raise RuntimeError(f"fp16: two different nodes write {node.output[0]}")
            continue
        for name in node.output:
            written[name] = node.SerializeToString(deterministic=True)
        keep.append(node)
    del proto.graph.node[:]
    proto.graph.node.extend(keep)
