"""Offline model preparation for AkiDB: PyPI wheels -> sentence-transformers dir -> ONNX (fp32, int8)."""
