#!/usr/bin/env bash
# The GPU bench in one command, for the device tool (after tools/gpu/pack.sh, carry ".gpu"):
#
#   tools/gpu/run.sh                      # on the GPU machine: results in $OUT
#   tools/gpu/run.sh --dry-run            # here, on the CPU: same steps, small counts, CPU provider only
#   tools/gpu/run.sh --dry-run --lavapipe # here, with WebGPU on Mesa's software Vulkan (tools/gpu/lavapipe.sh)
#   tools/gpu/run.sh --cores-only         # only the replicas x threads check on the CPU (no GPU step)
#
# Steps: unpack node and libonnxruntime from .gpu; (GPU machine) install the Vulkan loader; build a
# random-weight model in the all-MiniLM-L6-v2 shape and its ONNX variants with the machine's own torch
# (tools/gpu/akidb_gpu); time sentence-transformers and torch on the same weights; run the bundled bench
# (provider texts/s per batch size on webgpu, cuda if this onnxruntime-node has it, and the CPU; bare ORT
# tokens/s at 128-token rows; parity; node placement; ORT profile) after the replicas x threads check on the
# CPU (the planned layout on 2 and 16 cores, and two forced ones); write gpu-report.{json,md} to $OUT.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PACK="$ROOT/.gpu"
DRY=0
LAVAPIPE=0
CORES_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY=1 ;;
    --lavapipe) LAVAPIPE=1 ;;
    --cores-only) CORES_ONLY=1 ;;
    *) echo "usage: tools/gpu/run.sh [--dry-run [--lavapipe]] [--cores-only]" >&2; exit 2 ;;
  esac
done
[ -d "$PACK/runtime" ] || { echo "no $PACK: run tools/gpu/pack.sh first (and carry .gpu)" >&2; exit 1; }

OUT="${OUT:-/tmp/akidb-gpu-out}"
WORK="${AKIDB_GPU_WORK:-/tmp/akidb-gpu}"
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1
started=$SECONDS
log() { printf '[gpu:run +%ds] %s\n' "$((SECONDS - started))" "$*"; }

if [ "$DRY" = 1 ]; then
  PY="${AKIDB_GPU_PYTHON:-$HOME/.cache/akidb/venv/bin/python}"
  DEVICE=cpu COUNT=${AKIDB_GPU_TEXTS:-24} BATCHES=1,8 ROWS=1,4 REPS=1 THREADS=2 BATCH_ONE=8 EPS=""
  CPU_VARIANTS=hf-fp32,fused-fp32,fused-fp16,fused-fp16-pooled NODE_TIMEOUT=420 PROFILE_ROWS=4
  CORES=${AKIDB_GPU_CORES:-1,2,2:1x2} CORES_SECONDS=3
  if [ "$LAVAPIPE" = 1 ]; then
    LVP="${AKIDB_GPU_CACHE:-$HOME/.cache/akidb/gpu-runtime}/lavapipe"
    [ -f "$LVP/lvp_icd.json" ] || { echo "no $LVP: run tools/gpu/lavapipe.sh first" >&2; exit 1; }
    export LD_LIBRARY_PATH="$LVP/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export VK_ICD_FILENAMES="$LVP/lvp_icd.json"
    # Software Vulkan compiles every shader on the CPU (per new shape): fewer texts and shapes.
    EPS=webgpu COUNT=${AKIDB_GPU_TEXTS:-16} BATCHES=8 ROWS=2 PROFILE_ROWS=2 CPU_VARIANTS=hf-fp32 NODE_TIMEOUT=1200
  fi
else
  PY="${AKIDB_GPU_PYTHON:-python3}"
  DEVICE=cuda COUNT=${AKIDB_GPU_TEXTS:-1024} BATCHES=1,8,32,128,256 ROWS=1,8,32,128,256 REPS=2 THREADS=16
  BATCH_ONE=256 EPS=webgpu,cuda CPU_VARIANTS=hf-fp32 NODE_TIMEOUT=420 PROFILE_ROWS=32
  CORES=${AKIDB_GPU_CORES:-2,16,16:1x16,16:8x2} CORES_SECONDS=8
fi

log "unpacking node and onnxruntime into $WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
unxz_to() { # $1 .xz file, $2 destination: xz if present, else python3's lzma
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else "$PY" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}
unxz_to "$PACK/runtime/node.xz" "$WORK/node"
chmod +x "$WORK/node"
cp -r "$PACK/app" "$WORK/app"
unxz_to "$PACK/runtime/libonnxruntime.so.1.xz" "$WORK/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1"
log "node $("$WORK/node" --version), $(head -2 "$PACK/MANIFEST.txt" | tail -1), bundle: $(sed -n 3p "$PACK/MANIFEST.txt")"

if [ "$DRY" = 0 ]; then
  log "Vulkan loader"
  for f in "$PACK"/gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
  icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; fi
  nvidia-smi -L || true
fi

export PYTHONPATH="$ROOT/tools/gpu${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
TEXTS="$ROOT/apps/bench/fixtures/mixed-corpus.txt"
# transformers' progress bars and its load report about the (unused) pooler of the random model.
NOISE='Writing model shards|Loading weights|LOAD REPORT|MISSING|^Key +\||^-+\+|^Notes:|^$|Removing initializer'


log "building the random-weight model and its ONNX variants ($DEVICE reference)"
timeout 300 "$PY" -m akidb_gpu build --tokenizer "$PACK/tokenizer" --work "$WORK" --texts "$TEXTS" \
  --count "$COUNT" --device "$DEVICE" 2>&1 | grep -v -E "$NOISE" || true
[ -f "$WORK/build.json" ] || { log "build failed"; exit 1; }

if [ "$CORES_ONLY" = 0 ]; then
  log "sentence-transformers and torch on $DEVICE"
  timeout 300 "$PY" -m akidb_gpu anchor --work "$WORK" --texts "$TEXTS" --count "$COUNT" --device "$DEVICE" \
    --batches "$BATCHES" --rows "$ROWS" --reps "$REPS" 2>&1 | grep -v -E "$NOISE" || true
fi

log "the provider and bare onnxruntime-node${EPS:+ on $EPS} and the CPU"
bench_flags=()
[ "$DRY" = 1 ] && bench_flags=(--dry-run)
[ "$CORES_ONLY" = 1 ] && bench_flags+=(--cores-only)
(cd "$WORK/app" && timeout "$NODE_TIMEOUT" "$WORK/node" gpuBench.mjs --work "$WORK" --out "$OUT" --eps "$EPS" \
  --threads "$THREADS" --batches "$BATCHES" --rows "$ROWS" --reps "$REPS" --batch-one-texts "$BATCH_ONE" \
  --cpu-variants "$CPU_VARIANTS" --profile-rows "$PROFILE_ROWS" --cores "$CORES" --cores-seconds "$CORES_SECONDS" \
  "${bench_flags[@]}" >/dev/null) || log "the bench stopped early (exit $?); $OUT holds what it measured"
cp "$WORK/build.json" "$OUT/"
[ -f "$WORK/anchor.json" ] && cp "$WORK/anchor.json" "$OUT/"
log "done: $(cd "$OUT" && ls | tr '\n' ' ')"
