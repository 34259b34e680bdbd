#!/usr/bin/env bash
#! Installs everything a bare Debian 12 machine lacks to build, run and test Archboard.
# Idempotent: every step checks first and skips what is already present, so `make run` and
# `make test` can call it every time. Only package registries are used (Debian, crates.io, npm).
set -euo pipefail

root_dir="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root_dir"

log() {
  if [ -t 2 ]; then printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*" >&2; else printf '[bootstrap] %s\n' "$*" >&2; fi
}

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

# --- Debian packages -------------------------------------------------------------------------
apt_packages=(
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev libayatana-appindicator3-dev build-essential pkg-config libssl-dev
  xvfb xauth webkit2gtk-driver chromium chromium-driver imagemagick xdotool
  fonts-dejavu-core file curl python3 python3-venv openssl poppler-utils
  prometheus postgresql
)
# Node.js and npm fetch build-time tools (wasm-opt) from the npm registry; many images have them.
if ! command -v npm >/dev/null 2>&1; then apt_packages+=(nodejs npm); fi
missing=()
for pkg in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Rust targets and tools ------------------------------------------------------------------
export PATH="$HOME/.cargo/bin:$PATH"
# Tools are installed without LTO and with many codegen units: trunk's own fat-LTO release
# profile alone took 16 minutes on a 2-core machine; these build in a fraction of that and the
# tools run just as well for a project this size. (Config overrides a manifest's profile.)
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
bindgen_version="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)"
if [ -z "$bindgen_version" ]; then
  echo "bootstrap: could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen_version\$"; then
  log "installing wasm-bindgen-cli $bindgen_version"
  # Not --locked: one of its locked dependencies is not offered by the registry mirror here.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if ! trunk --version 2>/dev/null | grep -q ' 0\.21\.'; then
  log "installing trunk 0.21.14 (0.22 needs a newer rustc than 1.95)"
  cargo install trunk --version 0.21.14 --locked --force
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  log "installing tauri-driver"
  cargo install tauri-driver --locked
fi

# Build-time packages from npm, pinned in package.json and package-lock.json: wasm-opt 132
# (binaryen) and mermaid, whose browser bundle the UI ships to draw pattern diagrams (never a CDN).
if ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version 132' \
  || [ ! -f node_modules/mermaid/dist/mermaid.min.js ]; then
  log "installing npm build tools (binaryen 132, mermaid)"
  npm ci --no-audit --no-fund --silent
fi

# The benchmark tests' KServe v2 server: MLServer and onnxruntime from PyPI, in a virtual
# environment outside the clone (reused by later runs; rebuilt when the lock file changes).
bench_venv="${ARCHBOARD_BENCH_VENV:-$HOME/.cache/archboard/bench-venv}"
bench_lock="tests/fixtures/bench/requirements.lock"
lock_hash="$(sha256sum "$bench_lock" | cut -d' ' -f1)"
if [ "$(cat "$bench_venv/.archboard-lock" 2>/dev/null)" != "$lock_hash" ]; then
  log "installing MLServer and onnxruntime into $bench_venv"
  rm -rf "$bench_venv"
  python3 -m venv "$bench_venv"
  "$bench_venv/bin/pip" install --quiet --disable-pip-version-check -r "$bench_lock"
  echo "$lock_hash" > "$bench_venv/.archboard-lock"
fi

log "all tools present"
