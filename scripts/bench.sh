#!/usr/bin/env bash
# Prints benchmark figures natively and in headless Chromium (wasm), for the same kernel (src/bench.rs),
# both built with the release profile.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/setup.sh --browser >/dev/null
export PATH="$HOME/.cargo/bin:$here/tests/e2e/node_modules/.bin:$PATH"
native=$(cargo run --quiet --release --bin bench)
browser=$(cargo test --release --target wasm32-unknown-unknown --test web_bench -- --nocapture 2>&1 \
  | sed -n '/BENCH-BEGIN/,/BENCH-END/p' | sed '1d;$d')
printf '%-78s %14s %14s\n' "benchmark (median)" "native" "Chromium wasm"
paste -d'\t' <(echo "$native") <(echo "$browser") | awk -F'\t' '{
  n = $1; b = $2;
  name = n; sub(/ +[0-9.]+ ms.*$/, "", name);
  match(n, /[0-9.]+ ms/); nv = substr(n, RSTART, RLENGTH);
  match(b, /[0-9.]+ ms/); bv = substr(b, RSTART, RLENGTH);
  printf "%-78s %14s %14s\n", name, nv, bv }'
