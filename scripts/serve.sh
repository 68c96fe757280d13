#!/usr/bin/env bash
# Installs what is missing, then serves the release build on http://127.0.0.1:8080 (Ctrl+C stops).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
export PATH="$HOME/.cargo/bin:$here/tests/e2e/node_modules/.bin:$PATH"
cd "$here"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
