"""Starts Infinity (infinity-emb) with a fixed number of CPU threads for torch and ONNX Runtime.

    python infinity_serve.py --threads N -- <infinity_emb CLI arguments>

Infinity has no thread flag. This launcher sets torch's intra-op threads (and OMP/MKL, before torch
is imported) and gives every ONNX Runtime session it opens `intra_op_num_threads = N` unless the
caller set one. It prints what was applied to stderr as `akidb-peer: {...}` JSON lines, which the
bench records. Used by apps/bench (server peers); prepared by tools/peers/prepare.mjs.
"""

import json
import os
import sys


def report(**fields):
    sys.stderr.write("akidb-peer: " + json.dumps(fields) + "\n")
    sys.stderr.flush()


def main(argv):
    if len(argv) < 3 or argv[0] != "--threads" or "--" not in argv:
        sys.stderr.write("usage: infinity_serve.py --threads N -- <infinity_emb arguments>\n")
        return 2
    threads = int(argv[1])
    if threads < 1:
        sys.stderr.write("--threads must be >= 1\n")
        return 2
    rest = argv[argv.index("--") + 1 :]
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)

    import torch

    torch.set_num_threads(threads)
    report(torch_intra_op_threads=torch.get_num_threads(), torch=torch.__version__)

    import onnxruntime as ort

    base = ort.InferenceSession

    class ThreadedSession(base):
        def __init__(self, path_or_bytes, sess_options=None, providers=None, provider_options=None, **kwargs):
            options = sess_options if sess_options is not None else ort.SessionOptions()
            if options.intra_op_num_threads == 0:
                options.intra_op_num_threads = threads
            if options.inter_op_num_threads == 0:
                options.inter_op_num_threads = 1
            super().__init__(path_or_bytes, options, providers, provider_options, **kwargs)
            applied = self.get_session_options()
            report(
                onnxruntime_session=os.path.basename(str(path_or_bytes)),
                intra_op_threads=applied.intra_op_num_threads,
                inter_op_threads=applied.inter_op_num_threads,
                onnxruntime=ort.__version__,
            )

    ort.InferenceSession = ThreadedSession

    import infinity_emb
    from infinity_emb.cli import cli

    report(infinity_emb=infinity_emb.__version__, args=rest)
    sys.argv = ["infinity_emb", *rest]
    cli()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
