#!/usr/bin/env bash
# Installs what is missing, builds the release app (trunk build --release) and serves dist/ on
# http://127.0.0.1:8080 (PORT to change it) compressed, as real static hosts do: Brotli or gzip as the
# browser asks (scripts/serve.mjs). Ctrl+C stops. Rebuild after an edit by running it again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
export PATH="$HOME/.cargo/bin:$here/tests/e2e/node_modules/.bin:$PATH"
cd "$here"
trunk build --release
exec node scripts/serve.mjs --dir dist --port "${PORT:-8080}"
