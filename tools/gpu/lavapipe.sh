#!/usr/bin/env bash
# Mesa's lavapipe (Vulkan on the CPU) in a private folder, so that onnxruntime-node's WebGPU provider
# finds an adapter on a machine without a GPU: `tools/gpu/run.sh --dry-run --lavapipe` then runs the
# real WebGPU code path (node placement, parity, fp16) on the CPU. Its timings mean nothing.
#
# Debian bookworm's mesa 22.3 lacks a feature Dawn requires (shaderUniform*ArrayDynamicIndexing);
# bookworm-backports' mesa 25 works. Nothing is installed system-wide: the packages are unpacked into
# $AKIDB_GPU_CACHE/lavapipe (default ~/.cache/akidb/gpu-runtime/lavapipe), with an ICD file pointing there.
set -euo pipefail

CACHE="${AKIDB_GPU_CACHE:-$HOME/.cache/akidb/gpu-runtime}"
DIR="$CACHE/lavapipe"
[ -f "$DIR/lvp_icd.json" ] && { echo "$DIR"; exit 0; }

state="$(mktemp -d)"
mkdir -p "$state/lists/partial" "$DIR/debs" "$DIR/root"
cat >"$state/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-backports main
EOF
o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::Etc::SourceList=$state/sources.list"
  -oDir::Etc::SourceParts=/dev/null "-oDir::State::Lists=$state/lists")
apt-get "${o[@]}" update -qq >/dev/null
# mesa-vulkan-drivers and the libraries it links that a bare Debian image lacks.
packages=(mesa-vulkan-drivers/bookworm-backports libdrm2/bookworm-backports libdrm-amdgpu1/bookworm-backports
  libvulkan1 libllvm15 libelf1 libwayland-client0 libx11-xcb1 libx11-6 libxcb1 libxcb-dri3-0 libxcb-present0
  libxcb-randr0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxshmfence1 libxau6 libxdmcp6 libbsd0 libmd0
  libz3-4 libedit2 libffi8 libtinfo6)
(cd "$DIR/debs" && apt-get "${o[@]}" download "${packages[@]}" 2>&1 | grep -v '^W:' >&2 || true)
for f in "$DIR"/debs/*.deb; do dpkg -x "$f" "$DIR/root"; done
rm -rf "$state"
lib="$DIR/root/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so"
[ -f "$lib" ] || { echo "lavapipe: $lib missing after unpacking" >&2; exit 1; }
missing="$(LD_LIBRARY_PATH="$DIR/root/usr/lib/x86_64-linux-gnu" ldd "$lib" | grep 'not found' || true)"
[ -z "$missing" ] || { echo "lavapipe: unresolved libraries: $missing" >&2; exit 1; }
printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.4.305"}}\n' "$lib" >"$DIR/lvp_icd.json"
echo "$DIR"
