#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks (as root, or with sudo), then configures and builds.
# Usage: scripts/setup.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shift || true

packages=(build-essential cmake ninja-build pkg-config git ca-certificates
  libcli11-dev libcurl4-openssl-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev doctest-dev
  libutf8proc-dev libtomlplusplus-dev libcpp-httplib-dev sqlite3 util-linux jq time chromium clang-14 libclang-rt-14-dev groff-base man-db
  zsh fish bash-completion clang-format-14
  systemd dpkg-dev fakeroot file libsodium-dev minisign libzip-dev libexpat1-dev
  libpq-dev postgresql lld)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
. "$here/scripts/timed.sh"
install_missing() {
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
if ((${#missing[@]})); then
  timed setup-packages install_missing
fi

# ccache when the machine has it (a developer's, not CI's clean machine, which does not install it).
launcher=()
if command -v ccache >/dev/null && [[ " $* " != *CMAKE_CXX_COMPILER_LAUNCHER* ]]; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
timed "configure:$(basename "$build")" cmake -S "$here" -B "$build" -G Ninja "${launcher[@]}" "$@" >/dev/null
timed "build:$(basename "$build")" cmake --build "$build" -j "$(nproc)"
