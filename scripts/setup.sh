#!/usr/bin/env bash
# Installs what building, running and testing Backbone needs, skipping what is there:
# Debian packages (WebKitGTK, Xvfb, WebKitWebDriver, poppler-utils for the report tests, Xorg's dummy driver, xrandr and xdotool for the two-monitor and export tests), the UI's npm packages, and
# tauri-driver. Safe to run again. Usage: scripts/setup.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need_pkgs=()
want=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev curl file xvfb xauth)
# xrandr and Xorg with the dummy driver: the meeting-mode test's two monitors (Xvfb has one
# output); xdotool answers the native save dialog in the report export test.
[ "$mode" = test ] && want+=(webkit2gtk-driver poppler-utils x11-xserver-utils xserver-xorg-core xserver-xorg-video-dummy xdotool)
command -v node >/dev/null 2>&1 || want+=(nodejs npm)
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "setup: installing ${need_pkgs[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"
fi

command -v cargo >/dev/null 2>&1 || { echo "setup: Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: installing the UI's npm packages"
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi

if [ "$mode" = test ]; then
  cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$cargo_bin/tauri-driver" ]; then
    echo "setup: installing tauri-driver 2"
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
fi
