#!/usr/bin/env bash
# Installs only what is missing for building (and, with --browser, testing) Skillgap:
# the wasm32 target, Trunk, wasm-bindgen-cli at the Cargo.lock version, npm packages (wasm-opt from npm
# binaryen, Playwright, axe-core) and, with --browser, Debian's Chromium and ChromeDriver and xmllint.
# Source it or run it; it prints what it does and exits non-zero on failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$here/tests/e2e/node_modules/.bin:$PATH"
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

step() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version >/dev/null 2>&1; then
  step "installing Trunk (takes about 8 minutes once)"
  cargo install --locked trunk --ignore-rust-version
fi

wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
  step "installing wasm-bindgen-cli $wbg (the version in Cargo.lock)"
  # Not --locked: that lockfile pins a crate that no longer builds.
  cargo install wasm-bindgen-cli --version "$wbg" --force
fi
if ! grep -q "wasm_bindgen = \"$wbg\"" Trunk.toml; then
  echo "Trunk.toml [tools] wasm_bindgen must be \"$wbg\" to match Cargo.lock" >&2
  exit 1
fi

if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  step "installing npm packages (binaryen's wasm-opt, playwright-core, axe-core)"
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

if [ "$want_browser" = 1 ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }; then
  step "installing Debian's chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The cmi5 course structure test validates cmi5.xml against the specification's schema with xmllint.
if [ "$want_browser" = 1 ] && ! command -v xmllint >/dev/null; then
  step "installing Debian's libxml2-utils (xmllint)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null
fi

# Offline Trunk builds need every crate already downloaded.
cargo fetch --locked >/dev/null 2>&1 || cargo fetch --locked
