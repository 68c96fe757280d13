#!/usr/bin/env bash
# Runs every test layer of Skillgap, installing what is missing first:
#   1. native domain tests (unit, property, import/export, purity)      cargo test
#   2. the release build of the app                                    trunk build --release
#   3. wasm tests: components and charts in headless Chromium, simulation    wasm-bindgen-test
#      determinism against the native hashes, xlsx export in Node
#   4. the fuzz suite, bounded (every importer and decoder)             cargo run --profile fuzz --bin fuzz
#   5. end-to-end tests of the built page in Chromium (+ axe-core)      node --test tests/e2e
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$here/tests/e2e/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never

step() { printf '\n==== %s\n' "$*"; }
t0=$SECONDS

step "1/5 native domain tests"
cargo test --locked

step "2/5 release build (trunk)"
trunk build --release
for wasm in dist/*.wasm; do
  printf 'wasm size of %s: %s bytes raw, %s bytes gzipped\n' "$(basename "$wasm")" "$(stat -c%s "$wasm")" "$(gzip -9c "$wasm" | wc -c)"
done

step "3/5 wasm tests: components and charts in headless Chromium; simulation determinism; the xlsx export never reads the clock (Node)"
cargo test --locked --target wasm32-unknown-unknown --test web_components --test web_charts --test domain_xlsx --test web_sim --test web_lms --test web_share --test web_learner

step "4/5 fuzz suite: structured mutation of every importer and decoder, ${SKILLGAP_FUZZ_SECONDS:=120} s"
f0=$SECONDS
SKILLGAP_FUZZ_SECONDS="$SKILLGAP_FUZZ_SECONDS" cargo run --locked --profile fuzz --features fuzz --bin fuzz
printf 'fuzz step: %d s including its build\n' "$((SECONDS - f0))"

step "5/5 end-to-end tests in Chromium"
# The crash test needs a debug build (its deliberate panic is compiled only with debug assertions).
trunk build --release false --dist target/dist-debug
(cd tests/e2e && node --test --test-concurrency=1 ./)

printf '\nAll test layers passed in %d s.\n' "$((SECONDS - t0))"
