#!/usr/bin/env bash
# Prints benchmark figures natively and in headless Chromium (wasm), for the same kernel (src/bench.rs),
# side by side with their ratio. Both sides are built with the `worker` profile (release with opt-level 3):
# the profile the simulation web worker ships with, so the simulation figures are the worker's. The page
# itself ships size-first (release, opt-level "z"); the browser UI figures further down are of that build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/setup.sh --browser >/dev/null
export PATH="$HOME/.cargo/bin:$here/tests/e2e/node_modules/.bin:$PATH"
# The in-browser kernel takes several seconds (1,000 simulation runs three times); allow for a slow machine.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"
native=$(cargo run --quiet --profile worker --bin bench)
browser=$(cargo test --profile worker --target wasm32-unknown-unknown --test web_bench -- --nocapture 2>&1 \
  | sed -n '/BENCH-BEGIN/,/BENCH-END/p' | sed '1d;$d')
echo "Kernel benchmarks, --profile worker (median ms; ratio = wasm / native):"
# Figures are matched by name; a figure missing on one side shows as "-".
awk -v browser="$browser" '
  function parse(line, out,   name, ms) {
    if (!match(line, /[0-9.]+ ms/)) return 0
    ms = substr(line, RSTART, RLENGTH - 3)
    name = substr(line, 1, RSTART - 1); sub(/ +$/, "", name)
    out["name"] = name; out["ms"] = ms + 0
    return 1
  }
  BEGIN {
    n = split(browser, lines, "\n")
    for (i = 1; i <= n; i++) if (parse(lines[i], f)) wasm[f["name"]] = f["ms"]
    printf "%-98s %12s %14s %12s\n", "benchmark", "native", "Chromium wasm", "wasm/native"
  }
  parse($0, f) {
    name = f["name"]; nv = f["ms"]
    if (name in wasm) {
      ratio = nv > 0 ? sprintf("%.2f", wasm[name] / nv) : "-"
      printf "%-98s %12.3f %14.3f %12s\n", name, nv, wasm[name], ratio
    } else {
      printf "%-98s %12.3f %14s %12s\n", name, nv, "-", "-"
    }
  }' <<<"$native"

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
cargo run --quiet --profile worker --bin bench -- --emit-json "$work/workspace.json" \
  --emit-json-empty "$work/no-people.json" --emit-csv "$work/ratings.csv" --emit-sim-json "$work/sim.json" \
  --emit-framework-csv "$work/framework.csv" --emit-framework-json "$work/framework.json"
echo
node tests/e2e/bench-ui.mjs "$work"
# The simulation as a trainer runs it (tests/e2e/bench-sim.mjs): the reference workload in the page's web
# workers, with the wall time, the time the app reports and the main thread's long tasks during the run.
echo
node tests/e2e/bench-sim.mjs "$work/sim.json"
# Importing a 10,000-item framework as a trainer does (tests/e2e/bench-frameworks.mjs): a Moodle CSV and a
# CASE package chosen on the Data page (read and planned in the framework worker), then imported; wall times
# and the main thread's long tasks.
echo
node tests/e2e/bench-frameworks.mjs "$work"
