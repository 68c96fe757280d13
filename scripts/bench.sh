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

# Browser UI at scale (tests/e2e/bench-ui.mjs): the release app in headless Chromium, importing a
# 2,000 people × 40 skills × 3 sources workspace, opening the grid and the gap views, one keyboard rating,
# and importing a CSV of about 100,000 rating rows. Rebuilds dist/ when it is missing or older than the sources.
stale=$(find src assets index.html Cargo.toml Cargo.lock Trunk.toml -newer dist/index.html -print -quit 2>/dev/null || true)
if [ ! -f dist/index.html ] || [ -n "$stale" ]; then
  echo "Building the release app (dist/ is missing or older than the sources)…" >&2
  log=$(mktemp)
  if ! trunk build --release >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --release --bin bench -- --emit-json "$work/workspace.json" \
  --emit-json-empty "$work/no-people.json" --emit-csv "$work/ratings.csv"
echo
node tests/e2e/bench-ui.mjs "$work"
