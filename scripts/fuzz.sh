#!/usr/bin/env bash
# The fuzz soak, outside CI: the same suite as scripts/test.sh's fuzz step (tests/fuzz.rs), for longer and
# with a new seed each run (printed, so a failure is reproduced with SKILLGAP_FUZZ_SEED=<seed>).
#   bash scripts/fuzz.sh [seconds] [surface]     default 1800 s over every surface
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${1:-1800}"
export SKILLGAP_FUZZ_SECONDS="$seconds"
export SKILLGAP_FUZZ_SEED="${SKILLGAP_FUZZ_SEED:-$(date +%s)}"
if [ -n "${2:-}" ]; then export SKILLGAP_FUZZ_ONLY="$2"; fi
exec cargo run --locked --profile fuzz --features fuzz --bin fuzz
